"""The portable folder (issue 18), built for real on Linux by the documented command, copied onto
a "stick" whose path has Chinese characters and spaces, and started there in tmux at 80×24 with
an empty data folder: the first screen and the new-teacher wizard are drawn in Chinese; then,
with her sync file on the same stick (``MENTOR_DRIVES`` names it), she restores from it, sees
her dashboard and quits: the stick's file is updated, and the data folder is emptied (a shared
PC). Nothing is ever written beside the program.

Slow (one to two minutes here: PyInstaller, then the build's own check — the bundle, real
exports, a tour of the screens — and one start-time run), marked ``slow`` and still run by the README's plain ``pytest``. Everything is built and
cached under the test's temp dir (PyInstaller's cache included: see portable/build.py).

"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TMUX = shutil.which("tmux")
EXITED = "MENTOR-PORTABLE-EXITED"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="needs tmux (.ci/run installs it)"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
]


class Pane:
    """One tmux server per pane (as in test_e2e_tmux.py), 80×24."""

    def __init__(self, command: str, name: str) -> None:
        self.socket = ["-L", f"mentor-portable-test-{os.getpid()}-{name}"]
        self.name = name
        shell = f"{command}; echo {EXITED}-$?; sleep 60"
        started = self._run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", shell)
        assert started.returncode == 0, f"tmux new-session failed: {started.stderr}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TMUX, *self.socket, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                time.sleep(0.7)  # let the screen take focus before keys are sent (loaded CI)
                return self.screen()
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def key(self, *keys: str) -> None:
        for k in keys:
            self._run("send-keys", "-t", self.name, k)
            time.sleep(0.4)

    def type(self, text: str) -> None:
        self._run("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.3)

    def close(self) -> None:
        self._run("kill-server")


def _listing(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()
    }


def test_built_folder_runs_from_a_stick(tmp_path, vault):
    from test_sync_support import PASS, scan, seed

    from mentor_tui.core import envelope
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_keys import SyncKeys

    out = tmp_path / "dist"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing cached outside the temp dir
    built = subprocess.run(
        [sys.executable, "-m", "portable.build", "--out", str(out), "--runs", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    # the build printed its size, its own check of the bundle and its start time
    assert "size:" in built.stdout and "start time" in built.stdout
    assert ", 0 failures" in built.stdout and "smoke:" in built.stdout
    stats = json.loads((out / "build-stats.json").read_text(encoding="utf-8"))
    assert stats["size_bytes"] <= 80_000_000, f"over the 80 MB target: {stats['size_bytes']}"
    assert stats["start"]["cold_s"] and stats["start"]["warm_s"]
    assert "diary.docx" in stats["checks"]["exports"]
    toured = set(stats["checks"]["screens"])  # the tour of the frozen TUI's screens
    assert {"dashboard", "显示已解决", "导出文件", "谈心 · "} <= toured

    folder = out / "mentor"
    assert os.access(folder / "mentor", os.X_OK)
    assert (folder / "mentor-portable").is_file()
    readme = (folder / "使用说明.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf") and b"\r\n" in readme  # BOM and CRLF: Notepad
    assert "双击" in readme.decode("utf-8-sig") and "Windows 7" in readme.decode("utf-8-sig")
    names = set(_listing(folder))
    for left_out in ("tkinter", "/tests/", ".pyi", "phrases_dict.json", "libssl", "libcrypto"):
        assert not any(left_out in n for n in names), left_out
    assert any(n.endswith("mentor_tui/app.tcss") for n in names)
    assert any("core/presets/default.toml" in n for n in names)

    # her stick: the folder copied as a file manager would (no symlinks on FAT32), and her sync
    # file beside it (exported on another machine: the test's own vault)
    root = tmp_path / "U盘 备份"
    stick = root / "mentor"
    shutil.copytree(folder, stick, symlinks=False)
    shutil.rmtree(out)  # nothing left to fall back on: the copy must stand alone
    seed(vault, 2)
    her_file = export_vault(vault, root, SyncKeys(PASS)).path
    sealed = her_file.read_bytes()
    vault.close()
    before = _listing(stick)
    home = tmp_path / "空的 数据"
    home.mkdir()
    launcher = shlex.quote(str(stick / "mentor"))
    pane = Pane(
        f"cd / && env MENTOR_HOME={shlex.quote(str(home))} LANG=zh_CN.UTF-8 MENTOR_LANG=zh "
        f"MENTOR_KDF=fast MENTOR_DRIVES={shlex.quote(str(root))} {launcher}",
        "stick",
    )
    try:
        screen = pane.wait_for("我是新老师")  # the first screen, in Chinese
        assert "从U盘恢复" in screen, screen
        pane.key("1")
        screen = pane.wait_for("第 1 步")  # the new-teacher wizard
        assert "第一次使用：建立你的档案" in screen and "你的姓名" in screen, screen
        pane.key("Escape")  # back to the first screen: she has a stick
        pane.wait_for("我是新老师")
        pane.key("2")
        screen = pane.wait_for("上次导出")  # her file, found on the stick the program runs from
        assert "王老师" in screen, screen
        pane.key("Enter")
        pane.type(PASS)
        pane.key("Enter")
        pane.wait_for("这是公用电脑吗")
        pane.key("Enter")  # yes: a shared PC
        screen = pane.wait_for("最近联系")  # her dashboard
        assert "李" in screen, screen
        pane.key("C-q")
        screen = pane.wait_for(EXITED)
        assert f"{EXITED}-0" in screen, screen  # the process ended, and ended well
        assert "已删除" in screen, screen
    finally:
        pane.close()
    assert _listing(stick) == before  # nothing written beside the program
    assert her_file.read_bytes() != sealed  # the stick's file was exported again on quit
    info = envelope.peek_header(her_file.read_bytes()).info
    assert info is not None and info.exported_at >= envelope.peek_header(sealed).info.exported_at
    assert not list((home / "data" / "profiles").iterdir())  # the shared PC is emptied
    assert json.loads((home / "data" / "profiles.json").read_text("utf-8"))["profiles"] == []
    assert scan(root) == [] and scan(home) == []
