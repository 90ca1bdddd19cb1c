"""After freezing: does the built folder work? (``portable/build.py`` runs this.)

1. The bundle check inside the frozen program (``bundle_check.py``): every module of the app,
   the catalogs, presets, Textual's lazy widgets, app.tcss, pinyin, the Word template …
2. Real work through the frozen ``mentor`` command, in a temporary ``MENTOR_HOME``: a demo
   vault, a GBK roster imported (csv) and an xlsx roster previewed, a risk flag, the due list,
   every export (diary docx/md/html, ledger xlsx/csv, contact cards docx/html, the flag's
   sheet docx/md, a sync file), each file checked for what it must start with.

3. Where tmux is (Linux, macOS), a tour of the frozen TUI at 80×24 on that demo vault: unlock,
   the dashboard, the help, the risk flags, a child's file, a quick entry, the new-child form,
   and from the palette the export, settings, conflicts and roster screens; each screen's text
   is waited for, then Escape leads back to the dashboard; ctrl+q ends the process with 0.

The new-teacher wizard (an empty data folder) is drawn by ``measure.py``'s start-time runs and
by tests/test_portable_build.py. Raises SystemExit with what went wrong.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

PASS = "mentor-demo"  # the demo vault's passphrase (mentor_tui.db.demo.DEMO_PASSPHRASE)
WORD_PASS = "word-pass-1"
OLE = b"\xd0\xcf\x11\xe0"  # a password-protected Office file
ZIP = b"PK"


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTOR_", "PYTHON"))}
    env.update(MENTOR_HOME=str(home), MENTOR_KDF="fast", MENTOR_LANG="zh", LANG="zh_CN.UTF-8")
    return env


def run(launcher: Path, args: list[str], env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(
        [str(launcher), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(
            f"the built mentor failed: mentor {' '.join(args)} → {done.returncode}\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def _expect(path: Path, start: bytes) -> str:
    if not path.is_file():
        raise SystemExit(f"the built mentor wrote no {path.name}")
    head = path.read_bytes()[: len(start)]
    if head != start:
        raise SystemExit(f"{path.name} starts with {head!r}, expected {start!r}")
    return path.name


def _xlsx_roster(path: Path) -> None:
    """An xlsx roster, written here with openpyxl (the build's environment has it)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "性别", "班级", "监护人", "联系电话"])
    book.active.append(["周小红", "女", "四年级一班", "周奶奶", "13800138000"])
    book.save(path)


def smoke(launcher: Path, expectations: Path, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    env = env_for(work / "home")
    line = run(launcher, [], {**env, "MENTOR_BUNDLE_CHECK": str(expectations)}).strip()
    print(line.splitlines()[-1])
    version = run(launcher, ["--version"], env).strip()
    run(launcher, ["demo", "--no-open", "--children", "4", "--years", "1", "--seed", "7"], env)

    out = work / "out"
    out.mkdir()
    roster = out / "花名册 三年级.csv"
    roster.write_bytes("姓名,性别,班级\n测试儿童,男,三年级二班\n".encode("gbk"))
    vault = ["--passphrase-stdin"]
    run(launcher, ["import", "roster", str(roster), "--yes", *vault], env, PASS + "\n")
    xlsx = out / "roster.xlsx"
    _xlsx_roster(xlsx)
    preview = run(launcher, ["import", "roster", str(xlsx), "--dry-run", *vault], env, PASS + "\n")
    if "周小红" not in preview:
        raise SystemExit(f"the xlsx roster was not read:\n{preview}")
    opened = run(
        launcher,
        ["flag", "open", "other", *vault],
        env,
        PASS + "\n" + '{"child": "测试儿童", "observed": "检查"}\n',
    )
    found = re.search(r"\b([0-9a-f]{8})\b", opened)
    if not found:
        raise SystemExit(f"no flag id in: {opened}")
    due = json.loads(run(launcher, ["due", "--json", "--all", *vault], env, PASS + "\n"))

    word = f"{PASS}\n{WORD_PASS}\n"
    exports = [
        (["export", "diary", "--out", str(out / "diary.docx")], word, "diary.docx", OLE),
        (["export", "diary", "--format", "md", "--out", str(out / "d.md")], "", "d.md", b"#"),
        (["export", "diary", "--format", "html", "--out", str(out / "d.html")], "", "d.html", b"<"),
        (["export", "ledger", "--out", str(out / "ledger.xlsx")], word, "ledger.xlsx", OLE),
        (
            ["export", "ledger", "--no-password", "--out", str(out / "open.xlsx")],
            "",
            "open.xlsx",
            ZIP,
        ),
        (["export", "cards", "--out", str(out / "cards.docx")], word, "cards.docx", OLE),
        (["export", "cards", "--format", "html", "--out", str(out / "c.html")], "", "c.html", b"<"),
        (["export", "flag", found[1], "--out", str(out / "flag.docx")], word, "flag.docx", OLE),
        (
            ["export", "flag", found[1], "--format", "md", "--out", str(out / "f.md")],
            "",
            "f.md",
            b"#",
        ),
    ]
    written = []
    for args, stdin, name, start in exports:
        run(launcher, [*args, *vault], env, stdin or PASS + "\n")
        written.append(_expect(out / name, start))
    run(
        launcher,
        ["export", "ledger", "--format", "csv", "--out", str(out / "l.csv"), *vault],
        env,
        PASS + "\n",
    )
    written += sorted(p.name for p in out.glob("l*.csv"))
    stick = out / "U盘 备份"
    stick.mkdir()
    run(launcher, ["sync", "export", str(stick), *vault], env, PASS + "\n")
    synced = list(stick.glob("*.mentorsync"))
    if len(synced) != 1:
        raise SystemExit(f"sync export wrote {synced}")
    written.append("sync file")
    presets = run(launcher, ["policy", "presets"], env)
    print(f"smoke: {version}; {len(due)} due items; wrote {', '.join(written)}")
    screens = tour(launcher, env)
    return {
        "bundle_check": line.splitlines()[-1],
        "exports": written,
        "presets": presets.splitlines(),
        "screens": screens,
    }


DASHBOARD = "最近联系"  # the dashboard's column header
# (keys, text that shows the screen is drawn); a key list starting with "palette" types the
# rest into the command palette (ctrl+p) and presses Enter.
TOUR: list[tuple[list[str], str]] = [
    (["F1"], "按键（F1）"),
    (["!"], "显示已解决"),  # the risk flags (the key bar: show resolved ones)
    (["n"], "新建学生"),
    (["palette", "导出"], "导出文件"),
    (["palette", "设置"], "自动锁定"),
    (["palette", "冲突"], "没有冲突记录"),
    (["palette", "花名册"], "选择花名册文件"),  # the file picker (issue 14)
    (["Enter"], "本学期已完成"),  # the first child's file …
    (["t"], "谈心 · "),  # … and a talk logged from it (two Escapes back)
]
EXITED = "MENTOR-SMOKE-EXITED"


class _Pane:
    def __init__(self, tmux: str, command: str) -> None:
        self.cmd = [tmux, "-L", f"mentor-smoke-{os.getpid()}"]
        shell = f"{command}; echo {EXITED}-$?; sleep 60"
        self._tmux("new-session", "-d", "-s", "s", "-x", "80", "-y", "24", shell)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            [*self.cmd, *args], capture_output=True, text=True, encoding="utf-8", check=False
        ).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "s")

    def wait(self, text: str, gone: str = "", timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen and not (gone and gone in screen):
                time.sleep(0.5)  # let the screen take focus before the next key
                return True
            time.sleep(0.2)
        return False

    def expect(self, text: str, gone: str = "") -> None:
        if not self.wait(text, gone):
            raise SystemExit(
                f"the built mentor never showed {text!r}; the screen was:\n{self.screen()}"
            )

    def back_to(self, text: str, leaving: str, tries: int = 4) -> None:
        """Escape until ``text`` is shown without ``leaving`` (a key sent while a loaded
        machine was still drawing the screen can be lost: send it again)."""
        for _ in range(tries):
            self.keys("Escape")
            if self.wait(text, gone=leaving, timeout=8.0):
                return
        self.expect(text, gone=leaving)

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "s", *(["-l"] if literal else []), key)
            time.sleep(0.4)

    def close(self) -> None:
        self._tmux("kill-server")


def tour(launcher: Path, env: dict[str, str]) -> list[str]:
    """Open every screen of the frozen TUI once (see the module's text)."""
    tmux = shutil.which("tmux")
    if tmux is None or os.name == "nt":
        print("screens: not toured here (needs tmux)")
        return []
    settings = " ".join(
        f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith(("MENTOR_", "LANG"))
    )
    pane = _Pane(tmux, f"env {settings} {shlex.quote(str(launcher))}")
    seen = []
    try:
        pane.expect("口令")
        pane.keys(PASS, literal=True)
        pane.keys("Enter")
        pane.expect(DASHBOARD)
        for keys, text in TOUR:
            if keys[0] == "palette":
                pane.keys("C-p")
                pane.expect("输入命令名称查找")  # the palette's prompt
                pane.keys(keys[1], literal=True)
                pane.keys("Enter")
            else:
                pane.keys(*keys)
            pane.expect(text)
            seen.append(text)
            if keys == ["t"]:  # the quick entry, then the child's file
                pane.back_to("本学期已完成", leaving=text)
                pane.back_to(DASHBOARD, leaving="本学期已完成")
            elif keys != ["Enter"]:  # the child's file stays open for the quick entry
                pane.back_to(DASHBOARD, leaving=text)
        pane.keys("C-q")
        pane.expect(EXITED)
        if f"{EXITED}-0" not in pane.screen():
            raise SystemExit(f"the built mentor did not end well:\n{pane.screen()}")
    finally:
        pane.close()
    print(f"screens: dashboard, {', '.join(seen)}")
    return ["dashboard", *seen]
