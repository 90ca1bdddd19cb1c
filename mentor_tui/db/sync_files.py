"""Reading a sync file from disk within the size cap, and the one sentence for a file-system
failure of the sync flows (import and export alike). The cap itself is the envelope's
(``MAX_FILE_BYTES`` and :func:`~mentor_tui.core.envelope.check_file_size`).

Also her file's name and place on a stick (docs/sync-flows.md "Her file"): ``<profile
name>.mentorsync`` (sanitised for FAT32/NTFS, a short vault-id suffix when another vault's
file has the name), the lock and the previous copy in a ``.mentor/`` folder beside it, and
finding her file in a folder by the vault id in its clear header (format 2) or by the old
hex name (format 1). Reads headers only: no passphrase, nothing decrypted."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mentor_tui.core import envelope
from mentor_tui.core.errors import MentorError


def read_capped(path: Path) -> bytes:
    """The file's bytes; its size is checked against the cap before reading anything."""
    try:
        envelope.check_file_size(os.stat(path).st_size)
        with open(path, "rb") as fh:
            return fh.read(envelope.MAX_FILE_BYTES + 1)
    except OSError as err:
        raise os_error(err) from None


def os_error(err: OSError, default: str = "syncf.cannot_read") -> MentorError:
    """A clear sentence for a file-system failure (the path is never part of it).
    ``default``: ``syncf.cannot_read`` when reading, ``syncf.write_failed`` when writing."""
    code = err.errno or 0
    if default == "syncf.write_failed":
        key = {
            errno.ENOENT: "syncf.folder_missing",
            errno.ENOSPC: "syncf.disk_full",
            getattr(errno, "EDQUOT", -1): "syncf.disk_full",
            errno.EROFS: "syncf.folder_readonly",
            errno.EACCES: "syncf.folder_readonly",
            errno.EPERM: "syncf.folder_readonly",
        }
    else:
        key = {errno.ENOENT: "syncf.file_missing", errno.EISDIR: "syncf.is_folder"}
    key[errno.ENAMETOOLONG] = "syncf.path_too_long"
    return MentorError(key.get(code, default), code=errno.errorcode.get(code, "?"))


# --- her file on a stick: names, the side folder, finding it (issue 14, item 3) ---------------

SUFFIX = ".mentorsync"
SIDE_DIR = ".mentor"  # the lock and the previous copy live here, beside her file
NAME_CHARS = 60  # of the sanitised profile name in a file name
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])$", re.IGNORECASE)
_LEGACY = re.compile(r"^[0-9a-f]{12}$")


def safe_name(name: str) -> str:
    """A profile name as a file name FAT32 and NTFS take: no ``<>:"/\\|?*`` or control
    characters, no trailing dot or space, not a reserved device name, at most
    :data:`NAME_CHARS` characters; ``mentor`` when nothing is left."""
    clean = _FORBIDDEN.sub("", unicodedata.normalize("NFC", name)).strip()[:NAME_CHARS]
    clean = clean.rstrip(". ").lstrip()
    if _RESERVED.match(clean):
        clean = "_" + clean
    return clean or "mentor"


def legacy_name(vault_id: str) -> str:
    """The name format 1 gave her file: the vault id's first 12 characters."""
    return f"{vault_id[:12]}{SUFFIX}"


def side_path(path: Path, kind: str) -> Path:
    """``.mentor/<file name>.<kind>`` beside ``path`` (``kind``: ``lock`` or ``prev``)."""
    return path.parent / SIDE_DIR / f"{path.name}.{kind}"


def old_side_path(path: Path, kind: str) -> Path:
    """Where format 1 kept them: ``<file name>.<kind>`` beside the file."""
    return path.with_name(f"{path.name}.{kind}")


@dataclass(frozen=True)
class FoundFile:
    """A sync file found in a folder, with what its clear header says (no passphrase)."""

    path: Path
    info: envelope.HeaderInfo | None  # None: a format 1 file, or a header that cannot be read
    readable: bool  # the header parsed (it may still fail to open)
    mtime: float

    def belongs_to(self, vault_id: str) -> bool:
        """Hers: the header names her vault, or (format 1) the file has her vault's old name."""
        if self.info is not None:
            return self.info.vault_id == vault_id
        return self.path.name == legacy_name(vault_id)

    @property
    def legacy(self) -> bool:
        return self.info is None and _LEGACY.match(self.path.name[: -len(SUFFIX)]) is not None


def peek_file(path: Path) -> FoundFile | None:
    """The header of the sync file at ``path``, read from its first bytes; None when it is not
    a file."""
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            start = fh.read(envelope.PEEK_BYTES)
    except OSError:
        return None
    try:
        env = envelope.peek_header(start)
    except MentorError:
        return FoundFile(path, None, False, st.st_mtime)
    return FoundFile(path, env.info, True, st.st_mtime)


def sync_files_in(folder: Path) -> list[FoundFile]:
    """The ``*.mentorsync`` files at the top of ``folder`` (no deeper: a stick can be big),
    newest first; an empty list when the folder cannot be read."""
    try:
        names = [e for e in os.scandir(folder) if e.name.endswith(SUFFIX) and e.is_file()]
    except OSError:
        return []
    found = [f for f in (peek_file(Path(e.path)) for e in names) if f is not None]
    return sorted(found, key=lambda f: (-f.mtime, f.path.name))


def own_file(folder: Path, vault_id: str) -> Path | None:
    """Her file in ``folder``: the one whose header names her vault; else a format 1 file with
    her vault's old name (renamed by the next export)."""
    files = [f for f in sync_files_in(folder) if f.belongs_to(vault_id)]
    files.sort(key=lambda f: f.info is None)  # a format 2 file first
    return files[0].path if files else None


def target_in(folder: Path, vault_id: str, name: str) -> Path:
    """Where her export goes in ``folder``: her file when it has a format 2 header; else
    ``<name>.mentorsync`` (the name sanitised), or ``<name>-<vault id start>.mentorsync`` when
    a format 2 file of another vault already has that name. (A file there whose header does
    not say whose it is — format 1, or damaged — is taken as hers: the export's pull then
    tells, and a damaged one is set aside, never overwritten.)"""
    for f in sync_files_in(folder):
        if f.info is not None and f.info.vault_id == vault_id:
            return f.path
    plain = folder / f"{safe_name(name)}{SUFFIX}"
    found = peek_file(plain) if os.path.lexists(plain) else None
    if found is None or found.info is None or found.info.vault_id == vault_id:
        return plain
    return folder / f"{safe_name(name)}-{vault_id[:6]}{SUFFIX}"
