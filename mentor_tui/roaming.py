"""USB roaming: the teacher's stick is a sync folder (``sync_folder`` in config.toml).

- At unlock, :func:`attach_keys` derives the sync keys from the passphrase (one for our own
  exports, one for the file already on the stick) and keeps them in the vault's declared
  ``sync_keys`` field; the passphrase itself is dropped at once. :func:`drop_keys` wipes them
  (the lock and quit hooks call it).
- On start, :func:`check_on_start` says whether the stick holds something this vault lacks
  (an :class:`~mentor_tui.db.sync_import.ImportPreview` to show, or None). An empty vault (a
  wiped machine) is offered the folder's only sync file, adopting its vault id
  (:func:`start_file`).
- On quit and on lock, :func:`sync_out` exports to the stick when it is present and never
  raises: it returns a sentence saying what happened and when the last export succeeded.

Nothing here holds children's data; the file name is ``<vault id short>.mentorsync``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.db.sync_export import (
    SUFFIX,
    ExportResult,
    Progress,
    export_vault,
    file_name,
    get_local_value,
)
from mentor_tui.db.sync_files import read_capped
from mentor_tui.db.sync_keys import SyncKeys


def folder(config: Config) -> Path | None:
    value = (config.sync_folder or "").strip()
    return Path(value).expanduser() if value else None


def folder_present(config: Config) -> bool:
    f = folder(config)
    try:
        return f is not None and f.is_dir()
    except OSError:
        return False


def stick_file(vault, config: Config) -> Path | None:
    """The vault's file in the sync folder (whether or not it exists yet), or None when the
    folder is not set or not present."""
    if not folder_present(config):
        return None
    return folder(config) / file_name(vault.vault_id)


def start_file(vault, config: Config) -> Path | None:
    """The file the start-up check looks at: this vault's own file when it is there; for an
    empty vault (a wiped lab machine, a new profile) whose own file is not there, the only
    ``.mentorsync`` file in the folder — its import adopts that file's vault id (SYNC.md
    "New machine"). None when there is nothing to look at (or several candidates)."""
    from mentor_tui.db.sync_read import is_empty

    path = stick_file(vault, config)
    if path is None:
        return None
    if path.exists():
        return path
    if not is_empty(vault):
        return None
    try:
        found = [p for p in folder(config).glob("*" + SUFFIX) if p.is_file()]
    except OSError:
        return None
    return found[0] if len(found) == 1 else None


def attach_keys(vault, passphrase: str, config: Config) -> SyncKeys:
    """At unlock: derive what later exports and imports need, then forget the passphrase."""
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


def keys_of(vault) -> SyncKeys | None:
    return vault.sync_keys


def drop_keys(vault) -> None:
    keys = keys_of(vault)
    if keys is not None:
        keys.clear()
    vault.sync_keys = None


def check_on_start(vault, config: Config, keys: SyncKeys | None = None):
    """An import preview when the stick's file holds something this vault lacks, else None.
    Raises a MentorError when the file is there but cannot be read (damaged, another
    teacher's...), so the teacher is told."""
    from mentor_tui.db.sync_import import prepare_import

    path = start_file(vault, config)
    if path is None:
        return None
    data = read_capped(path)
    if hashlib.sha256(data).hexdigest() == get_local_value(vault, "sync.last_seen_sha"):
        return None
    own = path == stick_file(vault, config)
    preview = prepare_import(
        vault, None, keys or keys_of(vault) or SyncKeys(), data=data, adopt_empty=not own
    )
    return preview if preview.changes_anything else None


@dataclass
class RoamOutcome:
    status: str  # "exported" | "absent" | "off" | "failed"
    message: str
    result: ExportResult | None = None


def last_export(vault) -> str | None:
    return get_local_value(vault, "sync.last_export_at")


def last_import(vault) -> str | None:
    return get_local_value(vault, "sync.last_import_at")


def sync_out(
    vault, config: Config, keys: SyncKeys | None = None, progress: Progress | None = None
) -> RoamOutcome:
    """Export to the stick when it is present (quit, lock, or on demand). Never raises."""
    if folder(config) is None:
        return RoamOutcome("off", "")
    try:
        when = last_export(vault) or t("syncf.status.never")
        if not folder_present(config):
            return RoamOutcome("absent", t("syncf.roam.absent", at=when))
        res = export_vault(
            vault, folder(config), keys or keys_of(vault) or SyncKeys(), progress=progress
        )
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


def on_lock(vault, config: Config) -> RoamOutcome:
    """The lock and quit hook: export when the stick is there, then drop the sync keys.
    Call it in a worker **before** ``vault.close()``."""
    try:
        return sync_out(vault, config)
    finally:
        drop_keys(vault)


on_quit = on_lock


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
