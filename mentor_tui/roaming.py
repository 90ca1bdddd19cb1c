"""USB roaming: her stick, wherever it is (docs/sync-flows.md "Roaming").

Her vault remembers its sync file by vault id, not by path: at unlock, at lock and at quit the
app looks for it (:func:`find_own`) in, in this order, the stick the portable program runs
from (her own stick: first), the pinned folder (``sync_folder`` in config.toml, e.g. a school
share), the removable drives (:mod:`mentor_tui.drives`; ``MENTOR_DRIVES`` replaces the
detection) and the last folders used (``recent_folders``) — E: today, F: tomorrow. Exports go
where her file is; a first export goes to the portable stick, else the pinned folder, else the
first removable drive.

- At unlock, :func:`attach_keys` derives the sync keys from the passphrase (one for our own
  exports, one for the file already on the stick) and keeps them in the vault's declared
  ``sync_keys`` field; the passphrase itself is dropped at once. The app derives them after
  the dashboard shows (:func:`begin_keys` first): :func:`keys_of` waits for them.
  :func:`drop_keys` wipes them (the lock and quit hooks call it).
- The sync stack (export, import, the payload codec) is imported where a file is read or
  written, not with this module: a start without a file on the stick never loads it.
- On start, :func:`check_on_start` says whether the stick holds something this vault lacks
  (an :class:`~mentor_tui.db.sync_import.ImportPreview` to show, or None). An empty vault (a
  wiped machine) is offered the pinned folder's only sync file, adopting its vault id
  (:func:`start_file`); the first screen's restore is the usual way in on a new machine.
- On quit and on lock, :func:`sync_out` exports to the stick when it is present and never
  raises: it returns a sentence saying what happened, when the last export succeeded and, when
  no stick was found, how many changes are only on this machine. On a shared PC (config
  ``shared_pc``), :func:`on_quit` then asks the app to remove the local copy, only after a
  verified export (:func:`clean_up_shared`).
- Her passphrase changed on another machine: the file's header names her vault but it does
  not open; :func:`adopt_passphrase` takes the passphrase she types, opens the file with it and
  rewraps the vault's key to match when the file is newer than the local change.

Nothing here holds children's data. Finding files reads their clear headers only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mentor_tui import drives, portable
from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.db.sync_files import (
    FoundFile,
    own_file,
    read_capped,
    sync_files_in,
    target_in,
)
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import get_local

if TYPE_CHECKING:
    from mentor_tui.db.sync_export import ExportResult, Progress

# How long a flow that needs the sync keys waits for their derivation (keys_of): Argon2id
# takes ~0.2 s here, seconds on an old lab PC; never this long.
KEYS_WAIT_SECONDS = 120.0


def folder(config: Config) -> Path | None:
    """The pinned folder (``sync_folder``), or None."""
    value = (config.sync_folder or "").strip()
    return Path(value).expanduser() if value else None


def _is_dir(p: Path | None) -> bool:
    try:
        return p is not None and p.is_dir()
    except OSError:
        return False


def folder_present(config: Config) -> bool:
    return _is_dir(folder(config))


def portable_stick() -> Path | None:
    """The folder holding the portable program's folder (the stick's root in the documented
    layout ``E:\\mentor\\mentor.exe``), when this is the portable build on a stick."""
    try:
        launch = portable.detect()
    except OSError:
        return None
    return launch.folder.parent if launch.portable else None


def search_folders(config: Config, probe: drives.Probe | None = None) -> list[Path]:
    """Where her file may be, in the order it is looked for (folders that are there only)."""
    candidates: list[Path | None] = [portable_stick(), folder(config)]
    candidates += drives.removable_drives(probe)
    candidates += [Path(f) for f in config.recent_folders]
    out: list[Path] = []
    for c in candidates:
        if c is not None and c not in out and _is_dir(c):
            out.append(c)
    return out


def find_own(vault, config: Config) -> Path | None:
    """Her file (by the vault id in its header, or format 1's hex name) on whichever drive or
    folder carries it; None when none of them does."""
    for f in search_folders(config):
        path = own_file(f, vault.vault_id)
        if path is not None:
            return path
    return None


def export_folder(vault, config: Config) -> Path | None:
    """Where an export goes: the folder of her file; else the portable stick, the pinned
    folder, the first removable drive; None when none is there."""
    her = find_own(vault, config)
    if her is not None:
        return her.parent
    for candidate in (portable_stick(), folder(config)):
        if _is_dir(candidate):
            return candidate
    found = drives.removable_drives()
    return found[0] if found else None


def stick_file(vault, config: Config) -> Path | None:
    """Her file (whether or not it exists yet) where the next export would write it, or None
    when no stick or folder is there."""
    her = find_own(vault, config)
    if her is not None:
        return her
    dest = export_folder(vault, config)
    if dest is None:
        return None
    return target_in(dest, vault.vault_id, vault.profile.name)


def start_file(vault, config: Config) -> Path | None:
    """The file the start-up check looks at: her own file when it is found; for an empty
    vault (a wiped lab machine, a new profile) without one, the only ``.mentorsync`` file in
    the pinned folder — its import adopts that file's vault id (SYNC.md "New machine"). None
    when there is nothing to look at (or several candidates)."""
    from mentor_tui.db.sync_read import is_empty

    her = find_own(vault, config)
    if her is not None:
        return her
    pinned = folder(config)
    if not _is_dir(pinned) or not is_empty(vault):
        return None
    assert pinned is not None
    found = [f.path for f in sync_files_in(pinned)]
    return found[0] if len(found) == 1 else None


def restore_candidates(config: Config) -> list[FoundFile]:
    """Every sync file at the top of the search folders, for the restore list: those whose
    header names a teacher first, newest first (files of one vault in several places are all
    listed)."""
    out: list[FoundFile] = []
    for f in search_folders(config):
        out += sync_files_in(f)
    return sorted(out, key=lambda f: (f.info is None, -f.mtime))


def begin_keys(vault) -> None:
    """Unlocking: the keys will be derived in the background (:func:`attach_keys`, after the
    dashboard shows); until they are, :func:`keys_of` waits."""
    vault.keys_ready.clear()


def attach_keys(vault, passphrase: str, config: Config) -> SyncKeys:
    """At unlock: derive what later exports and imports need, then forget the passphrase."""
    try:
        keys = SyncKeys(passphrase)
        try:
            keys.prepare_seal()
            path = start_file(vault, config)
            if path is not None and path.exists():
                try:
                    keys.learn(read_capped(path))
                except MentorError:
                    pass
        finally:
            keys.forget_passphrase()
        vault.sync_keys = keys
        return keys
    finally:
        vault.keys_ready.set()


def keys_of(vault) -> SyncKeys | None:
    """The vault's sync keys; while they are still being derived (:func:`begin_keys`), waits."""
    vault.keys_ready.wait(KEYS_WAIT_SECONDS)
    return vault.sync_keys


def drop_keys(vault) -> None:
    keys = keys_of(vault)
    if keys is not None:
        keys.clear()
    vault.sync_keys = None


def check_on_start(vault, config: Config, keys: SyncKeys | None = None):
    """An import preview when the stick's file holds something this vault lacks, else None.
    Raises a MentorError when the file is there but cannot be read (damaged, another
    teacher's...), so the teacher is told; ``syncf.passphrase_changed`` when the file is hers
    (its header says so) but sealed with another passphrase (:func:`adopt_passphrase`)."""
    path = start_file(vault, config)
    if path is None:
        return None
    from mentor_tui.db.sync_export import get_local_value, sealed_by_her
    from mentor_tui.db.sync_import import prepare_import

    data = read_capped(path)
    if hashlib.sha256(data).hexdigest() == get_local_value(vault, "sync.last_seen_sha"):
        return None
    own = path == find_own(vault, config)
    try:
        preview = prepare_import(
            vault, None, keys or keys_of(vault) or SyncKeys(), data=data, adopt_empty=not own
        )
    except MentorError as err:
        if err.key == "sync.wrong_passphrase" and sealed_by_her(vault, data):
            raise MentorError("syncf.passphrase_changed") from None
        raise
    return preview if preview.changes_anything else None


def adopt_passphrase(vault, passphrase: str, config: Config, path: Path | None = None) -> SyncKeys:
    """Her passphrase changed on another machine: open her file (``path``, else the one found)
    with ``passphrase``; when the file was written after this vault's last passphrase change,
    rewrap the vault's key to it, so both machines end on the new passphrase. New sync keys
    (sealing with it from now on) replace the old ones. ``sync.wrong_passphrase`` when it does
    not open the file either (nothing changed)."""
    from mentor_tui.core import envelope
    from mentor_tui.db.keyring import changed_at, rewrap
    from mentor_tui.db.vault import KEYRING_NAME

    path = path or find_own(vault, config)
    if path is None:
        raise MentorError("syncf.file_missing")
    data = read_capped(path)
    typed = SyncKeys(passphrase)
    typed.open(data)  # raises sync.wrong_passphrase: nothing changes
    info = envelope.peek_header(data[: envelope.PEEK_BYTES]).info
    ring = vault.dir / KEYRING_NAME
    local_change = changed_at(ring)
    old = keys_of(vault)
    if info is not None and (local_change is None or info.exported_at > local_change):
        rewrap(ring, vault.raw_key, passphrase)  # both machines end on her new passphrase
        typed.prepare_seal()  # and our exports are sealed with it from now on
        typed.forget_passphrase()
        if old is not None:
            old.clear()
        vault.sync_keys = typed
        return typed
    # Her newer passphrase is this machine's: the one she typed only opens the older file.
    keys = old or SyncKeys()
    keys.take_file_key(typed, data)
    typed.clear()
    vault.sync_keys = keys
    return keys


@dataclass
class RoamOutcome:
    status: str  # "exported" | "absent" | "off" | "failed"
    message: str
    result: ExportResult | None = None
    clean_up: bool = False  # a shared PC after a verified export: remove the local copy


def _local(vault, key: str) -> str | None:
    with vault.read():
        return get_local(vault, key)


def last_export(vault) -> str | None:
    return _local(vault, "sync.last_export_at")


def last_import(vault) -> str | None:
    return _local(vault, "sync.last_import_at")


def _unsynced(vault) -> int:
    from mentor_tui.db.sync_read import unsynced_count

    with vault.read():
        return unsynced_count(vault)


def unsynced(vault) -> int:
    """Changes made here since the last successful export (0 when it cannot be told)."""
    try:
        return _unsynced(vault)
    except Exception:  # noqa: BLE001 - a count for a warning line must never stop quitting
        return 0


def sync_out(
    vault, config: Config, keys: SyncKeys | None = None, progress: Progress | None = None
) -> RoamOutcome:
    """Export to the stick when it is present (quit, lock, or on demand). Never raises.
    No stick: ``absent`` when a pinned folder is missing, else ``off``; either way, with
    changes made here since the last export, the sentence counts them."""
    from mentor_tui.db.sync_export import export_vault

    try:
        when = last_export(vault) or t("syncf.status.never")
        dest = export_folder(vault, config)
        if dest is None:
            n = unsynced(vault)
            warning = t("syncf.roam.unsynced", n=n, at=when) if n else ""
            if folder(config) is not None:
                return RoamOutcome(
                    "absent", " ".join(x for x in (t("syncf.roam.absent", at=when), warning) if x)
                )
            return RoamOutcome("off", warning)
        res = export_vault(vault, dest, keys or keys_of(vault) or SyncKeys(), progress=progress)
        config.remember_folder(str(res.path.parent))
        message = t("syncf.roam.exported", at=res.at)
        if res.set_aside is not None:  # a damaged file on the stick, kept under a new name
            message += " " + t("syncf.damaged_set_aside", name=res.set_aside.name)
        return RoamOutcome("exported", message, res)
    except MentorError as err:
        return RoamOutcome("failed", t("syncf.roam.failed", error=str(err), at=_safe_last(vault)))
    except Exception as err:  # noqa: BLE001 - quitting must never crash; say it, typed only
        return RoamOutcome(
            "failed",
            t(
                "syncf.roam.failed",
                error=f"{t('err.unexpected')} ({type(err).__name__})",
                at=_safe_last(vault),
            ),
        )


def _safe_last(vault) -> str:
    try:
        return last_export(vault) or t("syncf.status.never")
    except Exception:  # noqa: BLE001
        return t("syncf.status.never")


def report_to_school(vault, config: Config) -> str:
    """Her report for the school (issue 19) into the 学校汇报 folder beside where her sync file
    goes (``export_folder``: the folder of her file, else the portable stick, the pinned
    folder, the first removable drive), written **before** the export so that the report's
    sequence, a setting of her vault, travels in the same file (a lab machine whose clock is
    behind then still writes a later one). "" when she belongs to no school or no stick is
    there; else the sentence. Never raises (db/school_report.report_on_lock's contract)."""
    from mentor_tui.db.school_report import report_on_lock

    try:
        dest = export_folder(vault, config)
    except Exception:  # noqa: BLE001 - locking goes on whatever happens
        return ""
    return report_on_lock(vault, dest) if dest is not None else ""


def on_lock(vault, config: Config) -> RoamOutcome:
    """The lock hook: her report for the school when she belongs to one, the export when the
    stick is there, then drop the sync keys. Call it in a worker **before** ``vault.close()``."""
    try:
        said = report_to_school(vault, config)
        out = sync_out(vault, config)
        out.message = " ".join(x for x in (said, out.message) if x)
        return out
    finally:
        drop_keys(vault)


def on_quit(vault, config: Config) -> RoamOutcome:
    """The quit hook: :func:`on_lock`; on a shared PC, ``clean_up`` is set only after a
    verified export to her stick (then call :func:`clean_up_shared` once the vault is
    closed); otherwise she is told plainly that her work is only on this machine."""
    out = on_lock(vault, config)
    if not config.is_shared_pc:
        return out
    if out.status == "exported":
        out.clean_up = True
        return out
    out.message = " ".join(x for x in (out.message, t("shared.kept")) if x)
    return out


def clean_up_shared(paths, profile) -> str:
    """After :func:`on_quit` said ``clean_up`` and the vault is closed: remove her vault, its
    keyring, backups and this machine's exports (her stick holds the copy). The sentence to
    show. Never raises (what could not be removed is said)."""
    from mentor_tui.db.shared_pc import remove_local_copy

    try:
        left = remove_local_copy(paths, profile)
    except Exception:  # noqa: BLE001 - quitting must never crash
        return t("shared.remove_failed")
    return t("shared.removed") if not left else t("shared.remove_failed")


def status(vault, config: Config) -> list[tuple[str, str]]:
    """(label, value) rows for ``mentor sync status`` and the sync screen."""
    from mentor_tui.db.store import conflicts
    from mentor_tui.db.sync_read import quarantined

    f = folder(config)
    path = stick_file(vault, config)
    never = t("syncf.status.never")
    rows = [
        (
            t("syncf.status.folder"),
            t("syncf.status.none")
            if f is None
            else f"{f} — {t('syncf.status.present' if folder_present(config) else 'syncf.status.absent')}",
        )
    ]
    if path is not None:
        rows.append(
            (t("syncf.status.file"), str(path) if path.exists() else t("syncf.status.no_file"))
        )
    rows += [
        (t("syncf.status.last_export"), last_export(vault) or never),
        (t("syncf.status.last_import"), last_import(vault) or never),
        (t("syncf.status.conflicts"), str(len(conflicts(vault)))),
        (t("syncf.status.quarantine"), str(len(quarantined(vault)))),
    ]
    return rows
