"""Reading a sync file from disk within the size cap, and the one sentence for a file-system
failure of the sync flows (import and export alike). The cap itself is the envelope's
(``MAX_FILE_BYTES`` and :func:`~mentor_tui.core.envelope.check_file_size`)."""

from __future__ import annotations

import errno
import os
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
