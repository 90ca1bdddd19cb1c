"""Am I the portable build, where is my folder, which drive is it on (issue 18, item 2).

The portable folder (``python -m portable.build``) holds the launcher (``mentor.exe`` on
Windows, ``mentor`` elsewhere) and, for the USB stick, a ``mentor-portable`` marker file beside
it. The marker switches portable mode on; the stick flow that uses it (her sync file on the
same stick first, restore at once, export back on lock and quit) comes with issue 14's drive
detection. This module only answers the questions; it imports neither textual nor peewee and
reads nothing but the marker's existence.

The launcher's folder is ``sys.executable``'s folder in a frozen build (PyInstaller sets
``sys.frozen``), else the folder of the command that started us (``sys.argv[0]``: the ``mentor``
script of a virtual environment), so a marker beside a pip-installed ``mentor`` works too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

MARKER = "mentor-portable"


@dataclass(frozen=True)
class Launch:
    """Where this program was started from."""

    folder: Path  # the folder holding the launcher
    frozen: bool  # a PyInstaller build (sys.frozen)
    marker: bool  # a ``mentor-portable`` file beside the launcher
    drive: str  # the drive (``E:``, ``\\\\server\\share``) or mount point it is on

    @property
    def portable(self) -> bool:
        """Portable mode: the marker is beside the launcher. (Running from a removable drive
        without a marker joins this with issue 14's drive detection.)"""
        return self.marker


def launcher_folder(
    frozen: bool | None = None, executable: str | None = None, argv0: str | None = None
) -> Path:
    """The folder of the launcher: the frozen executable's, else the starting command's."""
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        return Path(executable if executable is not None else sys.executable).resolve().parent
    start = argv0 if argv0 is not None else (sys.argv[0] if sys.argv and sys.argv[0] else "")
    if not start or start in ("-c", "-m"):
        return Path.cwd()
    return Path(start).resolve().parent


def drive_of(folder: PurePath, is_mount: Callable[[str], bool] = os.path.ismount) -> str:
    """The drive a folder is on: ``E:`` or a UNC share on Windows (from the path alone), the
    nearest mount point above it elsewhere (``/media/teacher/U盘``)."""
    if isinstance(folder, PureWindowsPath):
        return folder.drive
    current = folder
    while True:
        if is_mount(str(current)) or current.parent == current:
            return str(current)
        current = current.parent


def detect(
    frozen: bool | None = None,
    executable: str | None = None,
    argv0: str | None = None,
    is_mount: Callable[[str], bool] = os.path.ismount,
) -> Launch:
    """Answer the three questions for this process (arguments default to ``sys``'s)."""
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    folder = launcher_folder(frozen, executable, argv0)
    return Launch(
        folder=folder,
        frozen=frozen,
        marker=(folder / MARKER).is_file(),
        drive=drive_of(folder, is_mount),
    )
