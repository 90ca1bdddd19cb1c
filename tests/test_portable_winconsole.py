"""The Windows console set-up (mentor_tui/winconsole.py, winconsole_calls.py), driven on Linux
with a fake kernel32 that keeps a console's state and refuses what Windows refuses (a buffer
smaller than the window, a window larger than the buffer or the screen). The real kernel32 is
not reached here: ARCHITECTURE.md says what that leaves untested."""

from __future__ import annotations

import ctypes
import subprocess

import pytest

from mentor_tui import winconsole, winconsole_calls as calls
from mentor_tui.cli import main


class FakeKernel32:
    """One console: code pages, the processes sharing it, its buffer, window, font, screen."""

    def __init__(
        self,
        cp: int = 936,
        processes: int = 1,
        buffer: tuple[int, int] = (80, 25),
        window: tuple[int, int, int, int] = (0, 0, 79, 24),
        largest: tuple[int, int] = (190, 60),
        face: str = "Consolas",
        console: bool = True,
    ) -> None:
        self.cp_in = self.cp_out = cp
        self.processes = processes
        self.buffer = buffer
        self.window = window
        self.largest = largest
        self.face = face
        self.height = 16
        self.console = console
        self.calls: list[str] = []

    def GetConsoleCP(self):
        return self.cp_in

    def GetConsoleOutputCP(self):
        return self.cp_out

    def SetConsoleCP(self, cp):
        self.calls.append(f"SetConsoleCP {cp}")
        self.cp_in = cp
        return 1

    def SetConsoleOutputCP(self, cp):
        self.calls.append(f"SetConsoleOutputCP {cp}")
        self.cp_out = cp
        return 1

    def GetConsoleProcessList(self, ids, count):
        assert count >= 1
        ids[0] = 4242
        return self.processes

    def GetStdHandle(self, which):
        assert which == calls.STD_OUTPUT_HANDLE
        return 7

    def GetConsoleScreenBufferInfo(self, handle, ref):
        if not self.console:
            return 0
        info = ref._obj
        assert isinstance(info, calls.CONSOLE_SCREEN_BUFFER_INFO) and handle == 7
        info.dwSize = calls.COORD(*self.buffer)
        info.srWindow = calls.SMALL_RECT(*self.window)
        return 1

    def GetLargestConsoleWindowSize(self, handle):
        return calls.COORD(*self.largest)

    def SetConsoleScreenBufferSize(self, handle, size):
        assert isinstance(size, calls.COORD)
        _, _, right, bottom = self.window
        if right >= size.X or bottom >= size.Y:  # smaller than the window: refused
            return 0
        self.calls.append(f"buffer {size.X}x{size.Y}")
        self.buffer = (size.X, size.Y)
        return 1

    def SetConsoleWindowInfo(self, handle, absolute, ref):
        r = ref._obj
        assert absolute
        width, height = r.Right - r.Left + 1, r.Bottom - r.Top + 1
        if r.Right >= self.buffer[0] or r.Bottom >= self.buffer[1] or r.Top < 0:
            return 0
        if width > self.largest[0] or height > self.largest[1]:
            return 0
        self.calls.append(f"window {width}x{height}")
        self.window = (r.Left, r.Top, r.Right, r.Bottom)
        return 1

    def GetCurrentConsoleFontEx(self, handle, maximum, ref):
        info = ref._obj
        assert info.cbSize == ctypes.sizeof(calls.CONSOLE_FONT_INFOEX)
        calls.set_face_name(info, self.face)
        info.dwFontSize = calls.COORD(8, self.height)
        return 1

    def SetCurrentConsoleFontEx(self, handle, maximum, ref):
        info = ref._obj
        assert info.cbSize == ctypes.sizeof(calls.CONSOLE_FONT_INFOEX)
        face = calls.face_name(info)
        self.calls.append(f"font {face} {info.dwFontSize.Y}")
        self.face, self.height = face, info.dwFontSize.Y
        return 1

    # what the tests read back
    def size(self) -> tuple[int, int]:
        left, top, right, bottom = self.window
        return right - left + 1, bottom - top + 1


class Spawned:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.commands: list[tuple[list[str], dict]] = []

    def __call__(self, command, env=None, close_fds=True):
        if self.fail:
            raise OSError("wt.exe would not start")
        self.commands.append((command, env))


def run(
    k32: FakeKernel32,
    env=None,
    wt: str | None = r"C:\Users\t\AppData\Local\WindowsApps\wt.exe",
    spawn=None,
    argv=(),
):
    exits: list = []
    spawn = spawn or Spawned()
    relaunched = winconsole.set_up_console(
        list(argv),
        platform="win32",
        env=env if env is not None else {"PATH": r"C:\Windows"},
        api=lambda: k32,
        which=lambda name: wt if name in ("wt.exe", "wt") else None,
        spawn=spawn,
        at_exit=lambda *a: exits.append(a),
    )
    return relaunched, spawn, exits


def test_other_systems_are_left_alone():
    def never():
        raise AssertionError("kernel32 reached off Windows")

    assert winconsole.set_up_console([], platform="linux", api=never) is False
    assert winconsole.set_up_console([], platform="darwin", api=never) is False


def test_double_clicked_with_windows_terminal_starts_again_there(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    k32 = FakeKernel32(processes=1)
    relaunched, spawn, _ = run(k32, argv=["--profile", "王老师"])
    assert relaunched is True
    [(command, env)] = spawn.commands
    wt = r"C:\Users\t\AppData\Local\WindowsApps\wt.exe"
    assert command[:6] == [wt, "new-tab", "--title", "mentor", "-d", str(tmp_path)]
    assert command[-2:] == ["--profile", "王老师"]
    assert env[winconsole.RELAUNCHED] == "1" and env["PATH"] == r"C:\Windows"
    assert k32.calls == []  # this console is about to close: nothing set on it


@pytest.mark.parametrize("env", [{"WT_SESSION": "3f0c"}, {winconsole.RELAUNCHED: "1"}])
def test_inside_windows_terminal_or_after_one_relaunch_it_stays(env):
    k32 = FakeKernel32(processes=1, face="Cascadia Mono")
    relaunched, spawn, _ = run(k32, env=env)
    assert relaunched is False and spawn.commands == []
    assert (k32.cp_in, k32.cp_out) == (65001, 65001)


def test_without_windows_terminal_the_classic_console_gets_utf8_font_and_size():
    k32 = FakeKernel32(processes=1, buffer=(60, 20), window=(0, 0, 59, 19), face="Terminal")
    relaunched, spawn, exits = run(k32, wt=None)
    assert relaunched is False and spawn.commands == []
    assert (k32.cp_in, k32.cp_out) == (65001, 65001)
    assert k32.face == "NSimSun" and k32.height == 16
    assert k32.size() == (80, 24) and k32.buffer == (80, 24)
    assert k32.calls.index("font NSimSun 16") < k32.calls.index("window 80x24")  # font first
    assert exits == []  # our own console: nothing to give back


def test_windows_terminal_that_will_not_start_falls_back_to_the_classic_console():
    k32 = FakeKernel32(processes=1, buffer=(70, 300), window=(0, 250, 69, 269))
    relaunched, _, _ = run(k32, spawn=Spawned(fail=True))
    assert relaunched is False
    assert k32.cp_out == 65001 and k32.face == "NSimSun"
    # the window grew to 80×24 where it was in the buffer (rows 250…), the buffer kept its rows
    assert k32.size() == (80, 24) and k32.buffer == (80, 300)
    assert k32.window[1] == 250


def test_a_window_at_the_bottom_of_its_buffer_moves_up_to_fit():
    k32 = FakeKernel32(processes=1, buffer=(80, 30), window=(0, 10, 79, 29))  # 80×20 at the end
    run(k32, wt=None)
    assert k32.size() == (80, 24) and k32.window == (0, 6, 79, 29)


def test_started_from_a_command_prompt_only_the_code_page_changes_and_is_given_back():
    k32 = FakeKernel32(processes=2, buffer=(60, 20), window=(0, 0, 59, 19), face="Consolas")
    relaunched, spawn, exits = run(k32)
    assert relaunched is False and spawn.commands == []  # her own window: no new one
    assert (k32.cp_in, k32.cp_out) == (65001, 65001)
    assert k32.face == "Consolas" and k32.size() == (60, 20)  # her console's font and size
    [(restore, api, old)] = exits
    restore(api, old)
    assert (k32.cp_in, k32.cp_out) == (936, 936)


def test_a_chinese_font_is_kept_and_a_large_window_untouched():
    k32 = FakeKernel32(processes=1, buffer=(120, 9001), window=(0, 0, 119, 29), face="新宋体")
    run(k32, wt=None)
    assert k32.calls == ["SetConsoleCP 65001", "SetConsoleOutputCP 65001"]


def test_utf8_already_is_not_set_again():
    k32 = FakeKernel32(cp=65001, processes=1, face="NSimSun")
    run(k32, wt=None)
    assert k32.calls == []


def test_a_screen_too_small_for_80x24_leaves_the_window_as_it_was():
    k32 = FakeKernel32(processes=1, buffer=(60, 20), window=(0, 0, 59, 19), largest=(70, 20))
    assert calls.ensure_size(k32) is False
    assert k32.size() == (60, 20) and k32.buffer == (60, 20)


def test_output_redirected_to_a_file_no_relaunch_no_size():
    k32 = FakeKernel32(processes=1, console=False)
    relaunched, spawn, _ = run(k32)
    assert relaunched is False and spawn.commands == []
    assert k32.cp_out == 65001
    assert calls.ensure_size(k32) is False


def test_a_refusing_console_never_raises():
    class Broken(FakeKernel32):
        def GetConsoleCP(self):
            raise OSError("no console")

    assert run(Broken(processes=2))[0] is False


def test_terminal_command_keeps_a_chinese_path_with_spaces_whole_and_escapes_semicolons():
    exe = r"E:\U盘 备份\mentor;2\mentor.exe"
    command = winconsole.terminal_command("wt.exe", [exe, "--profile", "王老师"], r"E:\U盘 备份")
    assert command == [
        "wt.exe",
        "new-tab",
        "--title",
        "mentor",
        "-d",
        r"E:\U盘 备份",
        r"E:\U盘 备份\mentor\;2\mentor.exe",
        "--profile",
        "王老师",
    ]
    line = subprocess.list2cmdline(command)  # what CreateProcess receives on Windows
    assert '"E:\\U盘 备份\\mentor\\;2\\mentor.exe"' in line


def test_own_command_frozen_and_from_source(monkeypatch):
    import sys

    monkeypatch.setattr(sys, "executable", r"E:\mentor\mentor.exe")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert winconsole.own_command(["demo"]) == [r"E:\mentor\mentor.exe", "demo"]
    monkeypatch.setattr(sys, "frozen", False)
    assert winconsole.own_command(["demo"]) == [r"E:\mentor\mentor.exe", "-m", "mentor_tui", "demo"]


def test_structures_have_the_windows_layout():
    """Sizes as in the Windows headers, so the real calls read and write the right bytes."""
    assert ctypes.sizeof(calls.COORD) == 4
    assert ctypes.sizeof(calls.SMALL_RECT) == 8
    assert ctypes.sizeof(calls.CONSOLE_SCREEN_BUFFER_INFO) == 22
    assert ctypes.sizeof(calls.CONSOLE_FONT_INFOEX) == 84


def test_face_names_round_trip_as_utf16():
    info = calls.CONSOLE_FONT_INFOEX()
    for face in ("新宋体", "NSimSun", "等距更纱黑体 SC", "x" * 40):
        calls.set_face_name(info, face)
        assert calls.face_name(info) == face[:31]


def test_main_ends_at_once_when_the_console_was_relaunched(monkeypatch, capsys):
    """cli.main's hook: after a relaunch nothing else runs (no parsing, no output)."""
    seen = []
    monkeypatch.setattr("mentor_tui.cli.set_up_console", lambda argv: seen.append(argv) or True)
    assert main(["no-such-command"]) == 0
    assert seen == [["no-such-command"]]
    assert capsys.readouterr() == ("", "")
