"""The ``mentor`` command as a real subprocess: clear one-sentence errors, never a traceback,
passphrases only from the terminal or stdin."""

from __future__ import annotations

import os
import re
import subprocess
import sys

PASS = "passphrase-九九"


def mentor(*args, stdin="", env_extra=None):
    env = dict(os.environ)
    env.pop("MENTOR_DEBUG", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_locate_prints_paths(_isolated_home):
    out = mentor("locate", env_extra={"LANG": "en_US.UTF-8"})
    assert out.returncode == 0
    assert str(_isolated_home) in out.stdout
    assert "config" in out.stdout and "exports" in out.stdout


def test_profile_create_list_passwd_and_wrong_passphrase(_isolated_home):
    out = mentor("profile", "create", "王老师", "--passphrase-stdin", stdin=f"{PASS}\n")
    assert out.returncode == 0, out.stderr
    assert "王老师" in mentor("profile", "list").stdout
    out = mentor(
        "passwd",
        "--passphrase-stdin",
        stdin="wrong-one-x\nnewpassphrase\n",
        env_extra={"LANG": "zh_CN.UTF-8"},
    )
    assert out.returncode == 2
    assert out.stderr.strip() == "口令不对，请重新输入。"
    assert "Traceback" not in out.stderr
    out = mentor("passwd", "--passphrase-stdin", stdin=f"{PASS}\nnewpassphrase\n")
    assert out.returncode == 0, out.stderr


def test_errors_in_english_locale(_isolated_home):
    out = mentor("passwd", "--passphrase-stdin", stdin="x\n", env_extra={"LANG": "en_US.UTF-8"})
    assert out.returncode == 2
    assert out.stderr.strip().startswith("There are no profiles yet")


def test_short_passphrase_refused_without_traceback(_isolated_home):
    out = mentor(
        "profile",
        "create",
        "李老师",
        "--passphrase-stdin",
        stdin="short\n",
        env_extra={"LANG": "zh_CN.UTF-8"},
    )
    assert out.returncode == 2
    assert "至少" in out.stderr and "Traceback" not in out.stderr
    assert "李老师" not in mentor("profile", "list").stdout


def test_non_utf8_locale_still_prints_chinese(_isolated_home):
    mentor("profile", "create", "赵老师", "--passphrase-stdin", stdin=f"{PASS}\n")
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    out = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "profile", "list"],
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
    )
    assert out.returncode == 0
    assert "赵老师".encode() in out.stdout
    assert b"UTF-8" in out.stderr  # told once, in one sentence
    assert b"Traceback" not in out.stderr


def test_passwd_refuses_while_the_vault_is_open(_isolated_home, paths):
    """Issue 13: rewrapping the key under an open vault is refused with one sentence (it used
    to go through: passwd did not take the vault lock)."""
    from mentor_tui.db.vault import KEYRING_NAME, create_vault

    v = create_vault(paths, "孙老师", PASS)
    ring = (v.dir / KEYRING_NAME).read_bytes()
    try:
        out = mentor(
            "passwd",
            "--passphrase-stdin",
            stdin=f"{PASS}\nnewpassphrase\nnewpassphrase\n",
            env_extra={"LANG": "zh_CN.UTF-8"},
        )
        assert out.returncode != 0
        assert "已在另一个窗口中打开" in out.stderr and "Traceback" not in out.stderr
        assert (v.dir / KEYRING_NAME).read_bytes() == ring
    finally:
        v.close()


def test_demo_no_open_creates_demo_vault(_isolated_home):
    out = mentor("demo", "--children", "5", "--no-open", env_extra={"LANG": "zh_CN.UTF-8"})
    assert out.returncode == 0, out.stderr
    assert "mentor-demo" in out.stdout
    again = mentor("demo", "--no-open", env_extra={"LANG": "zh_CN.UTF-8"})
    assert "已存在" in again.stdout


def test_chinese_help_wraps_by_display_width(monkeypatch, capsys):
    """A Chinese character takes two terminal cells: help lines stay inside the terminal, and
    a run without spaces (清明:2026-04-04) is never cut inside its digits."""
    import pytest
    from rich.cells import cell_len

    from mentor_tui.cli import main
    from mentor_tui.commands.parser import wrap_cells

    monkeypatch.setenv("MENTOR_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "60")
    for argv in (["flag", "open", "--help"], ["term", "set", "--help"], ["--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        lines = [ln for ln in capsys.readouterr().out.splitlines() if re.search("[一-龥]", ln)]
        assert lines and all(cell_len(ln) <= 60 for ln in lines), argv
    assert wrap_cells("假期 清明:2026-04-04:2026-04-06；另一个", 12) == [
        "假期 清",
        "明:2026-04-04:2026-04-06；",  # longer than 12 cells, but never cut inside
        "另一个",
    ]
    assert wrap_cells("no wide text here", 8) == ["no wide", "text", "here"]
