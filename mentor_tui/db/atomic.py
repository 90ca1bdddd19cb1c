"""Durable file writes: temp file in the same folder, fsync, read back, replace, fsync dir."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mentor_tui.paths import fsync_dir


def write_atomic(path: Path, data: bytes, keep_prev: bool = False) -> None:
    """Write ``data`` to ``path`` so a crash leaves the old file or the new one, never half.

    With ``keep_prev`` the old file is kept as ``<name>.prev``. The written bytes are read back
    and compared before the replace, so a device that drops the last write is caught.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with open(tmp, "rb") as fh:
            if fh.read() != data:
                raise OSError("read-back mismatch")
        if keep_prev and path.exists():
            # Copy, not move: at every instant a complete file stands at ``path``.
            write_atomic(path.with_name(path.name + ".prev"), path.read_bytes())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
