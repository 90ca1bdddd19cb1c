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

from filelock import FileLock, Timeout

from mentor_tui import __version__
from mentor_tui.core.errors import MentorError
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.syncfile_build import build_payload
from mentor_tui.db import migrations
from mentor_tui.db.fault_points import fault_point
from mentor_tui.db.sync_apply import ImportResult, apply_import
from mentor_tui.db.sync_files import os_error, read_capped
from mentor_tui.db.sync_import import ImportPreview, prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import count, load_erasures, load_versions
from mentor_tui.db.vault import Vault, audit, get_local, set_local
from mentor_tui.paths import fsync_dir

SUFFIX = ".mentorsync"
WRITE_CHUNK = 1 << 20
LOCK_WAIT = 15.0
BIG = 5000  # versions: above this, progress is worth showing

Progress = Callable[[str, int, int], None]


def is_big(vault: Vault) -> bool:
    """More than :data:`BIG` versions: an export worth a progress bar."""
    with vault.read():
        return count(vault, 'SELECT count(*) FROM "version"') > BIG


# --- export --------------------------------------------------------------------------------
def file_name(vault_id: str) -> str:
    return f"{vault_id[:12]}{SUFFIX}"


def resolve_target(vault: Vault, dest: Path | str) -> Path:
    """A folder gets ``<vault id short>.mentorsync``; a path ending in ``.mentorsync`` is the
    file itself. Anything else must be an existing folder (an unplugged stick's mount point
    must never become a file)."""
    dest = Path(dest)
    if dest.is_dir():
        return dest / file_name(vault.vault_id)
    if dest.name.endswith(SUFFIX):
        return dest
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


def export_vault(
    vault: Vault, dest: Path | str, keys: SyncKeys, progress: Progress | None = None
) -> ExportResult:
    path = resolve_target(vault, dest)
    if not path.parent.is_dir():
        raise MentorError("syncf.folder_missing")
    lock = FileLock(str(path) + ".lock", timeout=LOCK_WAIT)
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
        if os.path.lexists(path):
            old = read_capped(path)
            if hashlib.sha256(old).hexdigest() != get_local_value(vault, "sync.last_seen_sha"):
                _step(progress, "pull")
                preview, set_aside = _pull_preview(vault, path, old, keys)
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
        sealed = keys.seal(payload)
        digest = hashlib.sha256(payload).digest()

        def verify(back: bytes) -> None:
            if hashlib.sha256(keys.open(back)).digest() != digest:
                raise MentorError("syncf.readback_failed")

        write_verified(path, sealed, old, verify, progress)
        prev = path.with_name(path.name + ".prev")
        if scrub_prev and (old is not None or prev.exists()):  # no copy of erased records
            _replace_with(prev, sealed)
        at = dt.datetime.now().replace(microsecond=0).isoformat()
        with vault.write():
            set_local(vault, "sync.last_export_at", at)
            set_local(vault, "sync.last_seen_sha", hashlib.sha256(sealed).hexdigest())
            set_local(vault, "sync.erased_since_export", "0")
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


def _pull_preview(
    vault: Vault, path: Path, data: bytes, keys: SyncKeys
) -> tuple[ImportPreview | None, Path | None]:
    """(the pull's import preview or None, where a damaged file was moved or None).

    The stick's file is pulled as usual. When it cannot be read, ``.prev`` is pulled instead
    if it is valid, and the damaged file is moved aside as ``<name>.damaged-<timestamp>``
    (never deleted), so one bad file does not block every export. A file that is too new,
    another vault's, or that fails authentication while ``.prev`` does not open either
    (perhaps another passphrase) still stops the export, as before."""
    try:
        return prepare_import(vault, None, keys, data=data, adopt_empty=False), None
    except MentorError as err:
        if err.key not in DAMAGED_KEYS | AMBIGUOUS_KEYS:
            raise
        first = err
    prev = path.with_name(path.name + ".prev")
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
            _replace_with(path.with_name(path.name + ".prev"), old)
            fault_point("export:after-prev")
        os.replace(tmp, path)
        fault_point("export:after-replace")
        fsync_dir(path.parent)
    except OSError as err:
        raise os_error(err, "syncf.write_failed") from None
    finally:
        _unlink_quietly(tmp)
