"""End to end: the installed `mentor` command in a real terminal (tmux, 80×24). Create a vault
through the first-run wizard, add a child, log a talk, quit, reopen, see it on the dashboard and
its text in the child's file. The lab day (issue 14): a teacher's work goes to her stick on quit,
the machine is wiped, she restores from the stick in a few keys, and her next quit finds the
stick on another drive. `.ci/run` installs tmux when it is missing."""

from __future__ import annotations

import os
import shlex
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
    def __init__(self, home: Path, name: str, drives: list[Path] | None = None) -> None:
        self.name = name
        self.keys = 0  # keystrokes sent (typed text not counted)
        # One tmux server per terminal: reusing a socket right after `kill-server` raced with the
        # dying server on a loaded CI machine (the new session never appeared).
        self.socket = ["-L", f"mentor-e2e-{os.getpid()}-{name}"]
        stick = shlex.quote(os.pathsep.join(str(d) for d in drives or []))
        env = (
            f"MENTOR_HOME={shlex.quote(str(home))} MENTOR_KDF=fast LANG=zh_CN.UTF-8 "
            f"MENTOR_LANG=zh MENTOR_DRIVES={stick}"
        )
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
            self.keys += 1
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


MARKER = "秘密标记XQ7"  # put into the children's data; never found in plaintext on disk


def scan(*folders: Path) -> list[Path]:
    needles = [MARKER.encode("utf-8"), MARKER.encode("utf-16-le")]
    return [
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def test_lab_day_restore_from_the_stick_and_find_it_on_another_drive(tmp_path):
    home = tmp_path / "机房 电脑"
    stick_e, stick_f = tmp_path / "U盘 E", tmp_path / "U盘 F"
    stick_e.mkdir()
    stick_f.mkdir()
    drives = [stick_e, stick_f]
    first = Term(home, "day1", drives)
    try:
        first.wait_for("我是新老师")
        first.key("1")
        first.wait_for("第 1 步")
        first.type("王老师")
        first.key("Enter")
        first.key("Enter")
        first.wait_for("第 2 步")
        first.type("passphrase-1")
        first.key("Enter")
        first.type("passphrase-1")
        first.key("Enter")
        first.wait_for("第 3 步")
        first.key("F2")
        first.wait_for("第 4 步")
        first.type(f"李{MARKER}")
        first.key("Enter")
        first.type("三年级二班")
        first.key("Enter")  # shared PC stays ticked (the default)
        first.wait_for("最近联系")
        first.key("t")
        first.wait_for("谈心 · 李")
        first.key("F5")  # the form opens at its record card (issue 16): F5, the notes
        first.type(f"谈心记录 {MARKER}")
        first.key("F2")
        first.wait_for("已完成")
        first.key("p")
        first.wait_for("家长电话 · 李")
        first.key("F5")  # a call opens at its outcome (issue 16): F5, the notes
        first.type(f"电话记录 {MARKER}")
        first.key("F2")
        screen = first.wait_for("未同步")  # two check-ins, not on the stick yet
        first.key("C-q")
        screen = first.wait_for(EXITED)
        assert "已同步到 U 盘" in screen and "已删除" in screen, screen
    finally:
        first.close()
    (her_file,) = stick_e.glob("*.mentorsync")
    assert her_file.name == "王老师.mentorsync"
    assert not list(stick_f.iterdir())

    shutil.rmtree(home)  # the lab machine's restore card: nothing of the day before
    second = Term(home, "day2", drives)
    try:
        second.wait_for("我是新老师")
        second.keys = 0  # the restore part starts here
        second.key("2")
        screen = second.wait_for("上次导出")
        assert "王老师" in screen and "王老师.mentorsync" in screen, screen
        second.key("Enter")
        second.type("passphrase-1")
        second.key("Enter")
        screen = second.wait_for("这是公用电脑吗")
        assert "新增记录" in screen
        second.key("Enter")  # yes, a shared PC
        screen = second.wait_for("最近联系")
        assert "李" in screen and "✓ 已完成" in screen
        second.key("Enter")  # her file: both check-ins
        screen = second.wait_for("谈心记录")
        assert "电话记录" in screen
        assert second.keys <= 12, second.keys
        second.key("Escape")
        second.wait_for("最近联系")
        # the stick is in another port today: her file and its side folder are on F:
        her_file.rename(stick_f / her_file.name)
        (stick_e / ".mentor").rename(stick_f / ".mentor")
        before = (stick_f / her_file.name).read_bytes()
        second.key("C-q")
        screen = second.wait_for(EXITED)
        assert "已同步到 U 盘" in screen, screen
    finally:
        second.close()
    moved = stick_f / her_file.name
    assert moved.read_bytes() != before  # the export landed on F:
    assert not list(stick_e.glob("*.mentorsync"))
    assert scan(stick_e, stick_f, tmp_path) == []  # no child's data in plaintext anywhere
