"""Where things live. ``MENTOR_HOME`` overrides the root (tests use it).

Layout under the data dir::

    profiles.json                 names of the teacher profiles (names only)
    profiles/<id>/vault.db        SQLCipher database (+ -wal, -shm)
    profiles/<id>/keyring.json    the wrapped vault key, salt, KDF parameters
    profiles/<id>/vault.lock      single-instance lock
    profiles/<id>/backups/        encrypted backups (before migrations and imports)
    exports/                      default folder for sync files and documents

On POSIX the data dir is 0700 and every file 0600, checked and repaired at every start. On
Windows platformdirs gives ``%LOCALAPPDATA%`` (roaming=False), protected by the per-user ACL;
POSIX modes are not applied there (see ARCHITECTURE.md).
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from mentor_tui import APP_NAME

IS_POSIX = os.name == "posix"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    root: Path | None = None  # MENTOR_HOME, kept private too (config and data live in it)

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def profiles_file(self) -> Path:
        return self.data_dir / "profiles.json"

    @property
    def profiles_dir(self) -> Path:
        return self.data_dir / "profiles"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    def profile_dir(self, profile_id: str) -> Path:
        return self.profiles_dir / profile_id


def get_paths() -> Paths:
    home = os.environ.get("MENTOR_HOME")
    if home:
        root = Path(home)
        return Paths(config_dir=root / "config", data_dir=root / "data", root=root)
    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)),
    )


def secure_umask() -> None:
    if IS_POSIX:
        os.umask(0o077)


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if IS_POSIX:
        os.chmod(path, 0o700)
    return path


def repair_modes(root: Path) -> int:
    """Make every dir under ``root`` 0700 and every file 0600; returns how many were fixed."""
    if not IS_POSIX or not root.exists():
        return 0
    fixed = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name, want in [(dirpath, 0o700)] + [
            (os.path.join(dirpath, f), 0o600) for f in filenames
        ]:
            try:
                st = os.lstat(name)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                continue
            if stat.S_IMODE(st.st_mode) != want:
                os.chmod(name, want)
                fixed += 1
    return fixed


def prepare(paths: Paths | None = None) -> Paths:
    """Called at every start: umask, private dirs, modes repaired."""
    p = paths or get_paths()
    secure_umask()
    if p.root is not None:
        try:
            ensure_private_dir(p.root)  # the folder only, never other files the teacher keeps
        except OSError:
            pass  # e.g. a FAT stick that has no modes; the data dir below is still checked
    for d in (p.config_dir, p.data_dir, p.profiles_dir, p.exports_dir):
        ensure_private_dir(d)
    repair_modes(p.data_dir)
    repair_modes(p.config_dir)
    return p


def fsync_dir(path: Path) -> None:
    """fsync a directory so a rename is durable (POSIX only; Windows has no directory fsync)."""
    if not IS_POSIX:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
