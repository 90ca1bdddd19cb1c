"""Portable mode's detection (mentor_tui/portable.py): am I portable, where is my folder, which
drive is it on. Real folders and marker files in a temp dir; the Windows drive from a Windows
path (pure path logic, the same code that runs there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

from mentor_tui import portable


def _launcher(folder: Path, marker: bool) -> Path:
    folder.mkdir(parents=True)
    exe = folder / "mentor.exe"
    exe.write_bytes(b"MZ")
    if marker:
        (folder / portable.MARKER).write_text("便携", encoding="utf-8")
    return exe


def test_frozen_with_the_marker_beside_it_is_portable(tmp_path):
    exe = _launcher(tmp_path / "U盘 备份" / "mentor", marker=True)
    got = portable.detect(frozen=True, executable=str(exe), is_mount=lambda p: False)
    assert got.portable and got.frozen and got.marker
    assert got.folder == exe.parent.resolve()


def test_frozen_without_the_marker_is_not_portable(tmp_path):
    """The folder the IT teacher put into the base image (built with --no-marker)."""
    exe = _launcher(tmp_path / "Program Files" / "mentor", marker=False)
    got = portable.detect(frozen=True, executable=str(exe))
    assert got.frozen and not got.marker and not got.portable
    assert got.folder == exe.parent.resolve()


def test_a_folder_named_like_the_marker_does_not_count(tmp_path):
    exe = _launcher(tmp_path / "mentor", marker=False)
    (exe.parent / portable.MARKER).mkdir()
    assert not portable.detect(frozen=True, executable=str(exe)).portable


def test_not_frozen_uses_the_starting_command_s_folder(tmp_path):
    """A pip-installed ``mentor`` script with a marker beside it is portable too; sys.executable
    (the virtual environment's python) is not looked at."""
    script = _launcher(tmp_path / "venv" / "bin", marker=True)
    got = portable.detect(frozen=False, executable="/usr/bin/python3", argv0=str(script))
    assert got.folder == script.parent.resolve() and got.portable and not got.frozen
    plain = portable.detect(frozen=False, argv0=str(tmp_path / "elsewhere" / "mentor"))
    assert not plain.portable


def test_python_dash_c_falls_back_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert portable.launcher_folder(frozen=False, argv0="-c") == tmp_path
    assert portable.launcher_folder(frozen=False, argv0="") == tmp_path


def test_defaults_come_from_sys(monkeypatch, tmp_path):
    exe = _launcher(tmp_path / "stick" / "mentor", marker=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    got = portable.detect()
    assert got.frozen and got.portable and got.folder == exe.parent.resolve()


def test_windows_drive_is_the_drive_letter_or_the_share():
    assert portable.drive_of(PureWindowsPath(r"E:\U盘 备份\mentor")) == "E:"
    assert portable.drive_of(PureWindowsPath(r"\\server\share\mentor")) == "\\\\server\\share"


def test_posix_drive_is_the_nearest_mount_point_above():
    mounts = {"/", "/media/teacher/U盘"}
    folder = PurePosixPath("/media/teacher/U盘/备份 2024/mentor")
    assert portable.drive_of(folder, mounts.__contains__) == "/media/teacher/U盘"
    assert portable.drive_of(PurePosixPath("/home/t/mentor"), mounts.__contains__) == "/"
    assert portable.drive_of(PurePosixPath("/home/t"), lambda p: False) == "/"


def test_real_mount_of_a_temp_folder(tmp_path):
    """With the real os.path.ismount: some mount point above the folder, itself a mount."""
    import os

    drive = portable.detect(frozen=True, executable=str(tmp_path / "mentor")).drive
    assert os.path.ismount(drive) and str(tmp_path).startswith(drive)


def test_pure_no_textual_no_peewee():
    code = (
        "import sys, mentor_tui.portable; "
        "print(any(m.split('.')[0] in ('textual', 'peewee') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
