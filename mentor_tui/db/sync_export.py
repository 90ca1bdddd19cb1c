"""Export a vault to its sync file (../shared/design/SYNC.md "Flows", docs/sync-flows.md).

Pull before push: when the target already holds this vault's file, it is merged into the vault
first (a full import: backup, one transaction, count check, audit line ``pull``), so a teacher
who forgot to import loses nothing. Then the whole version set is written: a temp file in the
same folder, fsync, read back and decrypted to check it, the old file kept as ``.prev``,
``os.replace``, fsync of the folder. A pulled stick, a full disk or a lying device leaves the
old file as it was.

What export shares with import has one home each: keys in :mod:`mentor_tui.db.sync_keys`,
reading a file within its cap and the sentence for a file-system failure in
:mod:`mentor_tui.db.sync_files`, fault points in :mod:`mentor_tui.db.fault_points`.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from filelock import FileLock, Timeout

from mentor_tui import __version__
from mentor_tui.core import envelope
from mentor_tui.core.errors import MentorError
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.syncfile_build import build_payload
from mentor_tui.db import migrations
from mentor_tui.db.fault_points import fault_point
from mentor_tui.db.sync_apply import ImportResult, apply_import
from mentor_tui.db.sync_files import (
    SIDE_DIR,
    SUFFIX,
    legacy_name,
    old_side_path,
    os_error,
    peek_file,
    read_capped,
    safe_name,
    side_path,
    target_in,
)
from mentor_tui.db.sync_import import ImportPreview, prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import count, load_erasures, load_versions
from mentor_tui.db.vault import Vault, audit, get_local, set_local
from mentor_tui.drives import hide
from mentor_tui.paths import fsync_dir

WRITE_CHUNK = 1 << 20
LOCK_WAIT = 15.0
BIG = 5000  # versions: above this, progress is worth showing

Progress = Callable[[str, int, int], None]


def is_big(vault: Vault) -> bool:
    """More than :data:`BIG` versions: an export worth a progress bar."""
    with vault.read():
        return count(vault, 'SELECT count(*) FROM "version"') > BIG


# --- export --------------------------------------------------------------------------------
def file_name(vault: Vault) -> str:
    """Her file's name when no other vault's file has it: ``<profile name>.mentorsync``."""
    return f"{safe_name(vault.profile.name)}{SUFFIX}"


class Target(NamedTuple):
    path: Path  # where the export is written
    legacy: Path | None  # her format 1 file (old hex name): pulled, then removed


def resolve_target(vault: Vault, dest: Path | str) -> Target:
    """A folder gets her file (found by the vault id in its header) or ``<profile
    name>.mentorsync`` (db/sync_files.target_in); a format 1 file with her old hex name there
    is pulled and replaced by the readable name. A path ending in ``.mentorsync`` is the file
    itself. Anything else must be an existing folder (an unplugged stick's mount point must
    never become a file)."""
    dest = Path(dest)
    if dest.is_dir():
        path = target_in(dest, vault.vault_id, vault.profile.name)
        legacy = dest / legacy_name(vault.vault_id)
        keep = legacy != path and legacy.is_file() and not os.path.lexists(path)
        found = peek_file(legacy) if keep else None
        if found is not None and found.info is not None and found.info.vault_id != vault.vault_id:
            keep = False  # another vault's file that happens to have her old name
        return Target(path, legacy if keep else None)
    if dest.name.endswith(SUFFIX):
        return Target(dest, None)
    raise MentorError("syncf.folder_missing")


@dataclass
class ExportResult:
    path: Path
    versions: int
    erasures: int
    size: int
    pulled: ImportResult | None  # when the old file brought something
    at: str
    set_aside: Path | None = None  # a damaged file found on the stick, moved here


def _step(progress: Progress | None, stage: str, done: int = 0, total: int = 1) -> None:
    if progress is not None:
        progress(stage, done, total)


def side_folder(path: Path) -> Path:
    """The ``.mentor`` folder beside ``path`` (created, hidden on Windows)."""
    side = path.parent / SIDE_DIR
    try:
        if not side.is_dir():
            side.mkdir()
            hide(side)
    except OSError as err:
        raise os_error(err, "syncf.write_failed") from None
    return side


def export_vault(
    vault: Vault,
    dest: Path | str,
    keys: SyncKeys,
    progress: Progress | None = None,
    *,
    set_aside_unopened: bool = False,
) -> ExportResult:
    """Pull, then write her file to ``dest`` (a folder or a file). A file of hers (its header
    says so) that does not open with her passphrase stops the export with
    ``syncf.passphrase_changed`` — unless ``set_aside_unopened`` (she typed the passphrase she
    knows and it did not open either: damage), when it is set aside like a damaged file."""
    path, legacy = resolve_target(vault, dest)
    if not path.parent.is_dir():
        raise MentorError("syncf.folder_missing")
    side_folder(path)
    lock = FileLock(str(side_path(path, "lock")), timeout=LOCK_WAIT)
    try:
        lock.acquire()
    except Timeout:
        raise MentorError("syncf.busy") from None
    except OSError as err:
        raise os_error(err, "syncf.write_failed") from None
    try:
        _clean_stale_parts(path)
        old: bytes | None = None
        pulled: ImportResult | None = None
        extra: dict[str, object] = {}
        scrub_prev = get_local_value(vault, "sync.erased_since_export") == "1"
        set_aside = None
        source = path if os.path.lexists(path) else legacy
        if source is not None:
            old = read_capped(source)
            if hashlib.sha256(old).hexdigest() != get_local_value(vault, "sync.last_seen_sha"):
                _step(progress, "pull")
                preview, set_aside = _pull_preview(vault, source, old, keys, set_aside_unopened)
                if set_aside is not None:
                    old = None  # the damaged bytes never become .prev (it stays as it was)
                if preview is not None:
                    extra = preview.payload.extra
                    scrub_prev = scrub_prev or bool(
                        preview.plan.erased_skipped or preview.plan.purge_record_ids
                    )
                    if preview.changes_anything:
                        pulled = apply_import(vault, preview, event="pull")
            fault_point("export:after-pull")
        _step(progress, "read")
        with vault.read(), gc_paused():
            versions = load_versions(vault)
            erasures = load_erasures(vault)
            mark = count(vault, 'SELECT coalesce(max(rowid), 0) FROM "version"')
        _step(progress, "encode", 0, len(versions))
        payload = build_payload(
            vault_id=vault.vault_id,
            device_id=vault.device_id,
            versions=versions,
            erasures=erasures,
            app_version=__version__,
            schema_version=migrations.latest(),
            extra=extra,
        )
        _step(progress, "seal")
        at = dt.datetime.now().replace(microsecond=0).isoformat()
        sealed = keys.seal(payload, envelope.header_info(vault.vault_id, vault.profile.name, at))
        digest = hashlib.sha256(payload).digest()

        def verify(back: bytes) -> None:
            if hashlib.sha256(keys.open(back)).digest() != digest:
                raise MentorError("syncf.readback_failed")

        write_verified(path, sealed, old, verify, progress)
        prev = side_path(path, "prev")
        if scrub_prev and (old is not None or prev.exists()):  # no copy of erased records
            _replace_with(prev, sealed)
        _remove_old_layout(path, legacy)
        with vault.write():
            set_local(vault, "sync.last_export_at", at)
            set_local(vault, "sync.last_seen_sha", hashlib.sha256(sealed).hexdigest())
            set_local(vault, "sync.erased_since_export", "0")
            set_local(vault, "sync.export_mark", str(mark))
            audit(
                vault,
                "export",
                versions=len(versions),
                erasures=len(erasures),
                **({"damaged_set_aside": 1} if set_aside else {}),
            )
        _step(progress, "done", 1, 1)
        return ExportResult(
            path=path,
            versions=len(versions),
            erasures=len(erasures),
            size=len(sealed),
            pulled=pulled,
            at=at,
            set_aside=set_aside,
        )
    finally:
        lock.release()


# A file that cannot be this vault's readable sync file, whatever the passphrase: set aside.
DAMAGED_KEYS = frozenset(
    {
        "sync.empty",
        "sync.damaged",
        "sync.not_sync_file",
        "sync.payload_invalid",
        "sync.manifest_mismatch",
        "sync.duplicate_version",
    }
)
# A failed authentication is damage or another passphrase: damage only when .prev opens.
AMBIGUOUS_KEYS = frozenset({"sync.wrong_passphrase"})


def _remove_old_layout(path: Path, legacy: Path | None) -> None:
    """After a verified export: her format 1 file (old hex name) and the ``.prev``/``.lock``
    that format 1 kept beside a file (they now live in ``.mentor/``). Quietly: clutter only."""
    olds = [old_side_path(path, "prev"), old_side_path(path, "lock")]
    if legacy is not None:
        olds += [legacy, old_side_path(legacy, "prev"), old_side_path(legacy, "lock")]
    for old in olds:
        _unlink_quietly(old)


def sealed_by_her(vault: Vault, data: bytes) -> bool:
    """The file's clear header names this vault (format 2): a failed authentication then
    means her passphrase changed on another machine, never damage to set aside."""
    try:
        info = envelope.peek_header(data[: envelope.PEEK_BYTES]).info
    except MentorError:
        return False
    return info is not None and info.vault_id == vault.vault_id


def _pull_preview(
    vault: Vault, path: Path, data: bytes, keys: SyncKeys, unopened_is_damage: bool = False
) -> tuple[ImportPreview | None, Path | None]:
    """(the pull's import preview or None, where a damaged file was moved or None).

    The stick's file is pulled as usual. When it cannot be read, ``.prev`` is pulled instead
    if it is valid, and the damaged file is moved aside as ``<name>.damaged-<timestamp>``
    (never deleted), so one bad file does not block every export. A file that is too new,
    another vault's, or that fails authentication while ``.prev`` does not open either
    (perhaps another passphrase) still stops the export, as before. A file whose format 2
    header names her vault and that fails authentication is never set aside: her passphrase
    may have changed on another machine (``syncf.passphrase_changed``), unless it was sealed
    in this session (our own salt: damage) or ``unopened_is_damage``."""
    try:
        return prepare_import(vault, None, keys, data=data, adopt_empty=False), None
    except MentorError as err:
        if err.key not in DAMAGED_KEYS | AMBIGUOUS_KEYS:
            raise
        if (
            err.key in AMBIGUOUS_KEYS
            and not unopened_is_damage
            and not keys.sealed_by_us(data)  # our own key failing on our own salt: damage
            and sealed_by_her(vault, data)
        ):
            raise MentorError("syncf.passphrase_changed") from None
        first = err
    prev = side_path(path, "prev")
    if not prev.is_file():
        prev = old_side_path(path, "prev")
    preview = None
    if prev.is_file():
        try:
            preview = prepare_import(vault, None, keys, data=read_capped(prev), adopt_empty=False)
        except MentorError:
            preview = None
    if preview is None and first.key in AMBIGUOUS_KEYS:
        raise first
    return preview, set_aside(path)


def set_aside(path: Path) -> Path:
    """Rename ``path`` to ``<name>.damaged-<timestamp>`` in the same folder (never over an
    existing file) and fsync the folder; returns the new path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        dest = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n else ""))
        if not os.path.lexists(dest):
            break
    else:
        raise MentorError("syncf.write_failed", code="EEXIST")
    try:
        os.rename(path, dest)
        fsync_dir(path.parent)
    except OSError as err:
        raise os_error(err, "syncf.write_failed") from None
    return dest


def get_local_value(vault: Vault, key: str) -> str | None:
    with vault.read():
        return get_local(vault, key)


def _clean_stale_parts(path: Path) -> None:
    """Temp files of an export that was killed (encrypted, but clutter on the stick)."""
    for part in path.parent.glob(f".{path.name}.*.part"):
        try:
            part.unlink()
        except OSError:
            pass


def _write_file(tmp: Path, data: bytes, progress: Progress | None) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        view, done, total = memoryview(data), 0, len(data)
        while done < total:
            n = os.write(fd, view[done : done + WRITE_CHUNK])
            if n <= 0:
                raise OSError(errno.EIO, "short write")
            done += n
            _step(progress, "write", done, total)
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_back(tmp: Path) -> bytes:
    with open(tmp, "rb") as fh:
        return fh.read()


def _replace_with(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` through a checked temp file (used for ``.prev``)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        _write_file(tmp, data, None)
        if _read_back(tmp) != data:
            raise MentorError("syncf.readback_failed")
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as err:
        raise os_error(err, "syncf.write_failed") from None
    finally:
        _unlink_quietly(tmp)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_verified(
    path: Path,
    data: bytes,
    old: bytes | None,
    verify: Callable[[bytes], None],
    progress: Progress | None = None,
) -> None:
    """Temp file in the same folder → fsync → read back, compare and ``verify`` → keep the old
    file as ``.prev`` → ``os.replace`` → fsync the folder. Any failure leaves ``path`` as it
    was and removes the temp file."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        _write_file(tmp, data, progress)
        fault_point("export:after-temp-write")
        _step(progress, "verify")
        back = _read_back(tmp)
        if back != data:
            raise MentorError("syncf.readback_failed")
        verify(back)
        if old is not None:
            _replace_with(side_path(path, "prev"), old)
            fault_point("export:after-prev")
        os.replace(tmp, path)
        fault_point("export:after-replace")
        fsync_dir(path.parent)
    except OSError as err:
        raise os_error(err, "syncf.write_failed") from None
    finally:
        _unlink_quietly(tmp)
