"""``mentor children`` (ids and classes; names only when asked) and the terminal side of the
stdin rule: with standard input a terminal, a flag command asks for the child and the text
(issue 13, item 4)."""

from __future__ import annotations

import io
import json
import sys

from mentor_tui.cli import main
from mentor_tui.core.i18n import t
from mentor_tui.db import flags as db
from mentor_tui.db.children import add_child
from mentor_tui.db.profiles import pick_profile
from mentor_tui.db.vault import open_vault


def _run(monkeypatch, argv, stdin):
    monkeypatch.setenv("MENTOR_LANG", "zh")
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_children_lists_ids_and_classes_and_names_only_when_asked(
    vault, passphrase, monkeypatch, capsys
):
    cid = add_child(vault, "王小明", class_name="三年级二班")
    vault.close()
    assert _run(monkeypatch, ["children", "--passphrase-stdin"], passphrase + "\n") == 0
    out = capsys.readouterr().out
    assert cid in out and "三年级二班" in out and "王小明" not in out
    assert _run(monkeypatch, ["children", "--names", "--passphrase-stdin"], passphrase + "\n") == 0
    assert "王小明" in capsys.readouterr().out


def test_flag_open_by_child_id_and_list_by_child_id(vault, paths, passphrase, monkeypatch, capsys):
    cid = add_child(vault, "王小明", class_name="三年级二班")
    vault.close()
    body = json.dumps({"observed": "手臂淤青"}, ensure_ascii=False)
    argv = ["flag", "open", "violence", "--child-id", cid, "--passphrase-stdin"]
    assert _run(monkeypatch, argv, f"{passphrase}\n{body}\n") == 0
    argv = ["flag", "list", "--child-id", cid, "--passphrase-stdin"]
    assert _run(monkeypatch, argv, passphrase + "\n") == 0
    assert "王小明" in capsys.readouterr().out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_child_and_the_text_are_asked(
    vault, paths, passphrase, monkeypatch, capsys
):
    add_child(vault, "王小明")
    vault.close()
    monkeypatch.setenv("MENTOR_LANG", "zh")
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": passphrase)
    monkeypatch.setattr(sys, "stdin", Terminal("王小明\n手臂淤青，自述被打\n"))
    assert main(["flag", "open", "violence"]) == 0
    out = capsys.readouterr().out
    assert t("cli.ask.child") + "：" in out and t("flag.prompt.observed") in out
    v = open_vault(paths, pick_profile(paths, None), passphrase)
    try:
        [flag] = db.open_flags(v)
        assert flag.observed == "手臂淤青，自述被打"
    finally:
        v.close()
