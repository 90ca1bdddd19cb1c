"""End to end: the installed `mentor` command in a real terminal (tmux, 80×24). Create a vault
through the first-run wizard, add a child, log a talk, quit, reopen, see it on the dashboard and
its text in the child's file. `.ci/run` installs tmux when it is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
MENTOR = Path(sys.executable).with_name("mentor.exe" if os.name == "nt" else "mentor")
pytestmark = pytest.mark.skipif(
    TMUX is None or not MENTOR.exists(), reason="needs tmux and the installed mentor command"
)


EXITED = "MENTOR-E2E-EXITED"  # printed by the pane's shell once the mentor process has ended


class Term:
    def __init__(self, home: Path, name: str) -> None:
        self.name = name
        # One tmux server per terminal: reusing a socket right after `kill-server` raced with the
        # dying server on a loaded CI machine (the new session never appeared).
        self.socket = ["-L", f"mentor-e2e-{os.getpid()}-{name}"]
        env = f"MENTOR_HOME={home} MENTOR_KDF=fast LANG=zh_CN.UTF-8 MENTOR_LANG=zh"
        started = self._run(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            f"env {env} {MENTOR}; echo {EXITED}; sleep 60",
        )
        assert started.returncode == 0, f"tmux new-session failed: {started.stderr}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TMUX, *self.socket, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    def _tmux(self, *args: str) -> str:
        return self._run(*args).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                time.sleep(0.7)  # let the new screen take focus before we type (loaded CI)
                return self.screen()
            time.sleep(0.2)
        last = self._run("capture-pane", "-p", "-t", self.name)
        raise AssertionError(
            f"{text!r} never appeared; screen was:\n{last.stdout}\ntmux said: {last.stderr.strip()}"
        )

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.3)

    def key(self, *keys: str) -> None:
        for k in keys:
            self._tmux("send-keys", "-t", self.name, k)
            time.sleep(0.4)

    def close(self) -> None:
        self._tmux("kill-server")


def test_create_add_child_log_talk_quit_reopen(tmp_path):
    home = tmp_path / "home"
    term = Term(home, "first")
    try:
        term.wait_for("我是新老师")  # the first screen: new teacher or restore
        term.key("1")
        term.wait_for("第 1 步")
        term.type("王老师")
        term.key("Enter")
        term.type("青山小学")
        term.key("Enter")
        term.wait_for("第 2 步")
        term.type("passphrase-1")
        term.key("Enter")
        term.type("passphrase-1")
        term.key("Enter")
        term.wait_for("第 3 步")
        term.key("F2")
        term.wait_for("第 4 步")
        term.type("李明")
        term.key("Enter")
        term.type("三年级二班")
        term.key("Enter")
        screen = term.wait_for("最近联系")  # the dashboard's column header
        assert "李明" in screen and "三年级二班" in screen and "谈心" in screen
        term.key("t")
        term.wait_for("谈心 · 李明")
        term.type("今天聊了数学考试，很开心")
        term.key("F2")
        screen = term.wait_for("已完成")
        assert "李明" in screen
        term.key("C-q")
        screen = term.wait_for(EXITED)  # the mentor process has ended and let go of the vault
        assert "最近联系" not in screen
    finally:
        term.close()
    assert not any(
        b"\xe6\x9d\x8e\xe6\x98\x8e" in p.read_bytes()  # 李明 in UTF-8
        for p in home.rglob("*")
        if p.is_file()
    ), "plaintext name on disk"

    again = Term(home, "second")
    try:
        again.wait_for("口令")
        again.type("passphrase-1")
        again.key("Enter")
        screen = again.wait_for("最近联系")
        assert "李明" in screen and "✓ 已完成" in screen  # the talk logged before quitting is there
        assert "三年级二班" in screen
        again.key("Enter")  # the only row: open her file
        screen = again.wait_for("今天聊了数学考试")  # the talk's text, in the timeline
        assert "谈心" in screen and "李明" in screen
    finally:
        again.close()
