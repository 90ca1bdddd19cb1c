"""``mentor sync …`` in-process through ``cli.main`` on real vaults (passphrase on stdin):
the dry-run report as printed, ``import --new-profile``, ``status``, ``folder``."""

from __future__ import annotations

import io
import sys

import pytest
from test_sync_support import PASS, seed

from mentor_tui.cli import main
from mentor_tui.config import load_config
from mentor_tui.core.i18n import set_language, t
from mentor_tui.db import children
from mentor_tui.db.profiles import list_profiles, pick_profile
from mentor_tui.db.sync_apply import import_new_profile
from mentor_tui.db.sync_export import export_vault, file_name
from mentor_tui.db.sync_import import REPORT_ORDER, prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import integrity_check, open_vault


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("MENTOR_LANG", "en")
    set_language("en")

    def go(*argv, stdin_lines=()):
        monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join([PASS, *stdin_lines]) + "\n"))
        return main(["sync", *argv])

    return go


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "U盘"
    p.mkdir()
    return p


def _reopen(paths, name=None):
    return open_vault(paths, pick_profile(paths, name), PASS)


def test_print_report_shows_every_label_and_count_in_order(paths, vault, stick, capsys):
    from mentor_tui.commands.sync import print_report

    set_language("en")
    ids = seed(vault, 2)
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    try:
        children.add_child(b, "新同学")
        children.update_child(b, ids[0], interests="画画")
        path = export_vault(b, stick, SyncKeys(PASS)).path
    finally:
        b.close()
    preview = prepare_import(vault, path, SyncKeys(PASS))
    print_report(preview, path)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == t("syncf.report.title") and str(path) in out[1]
    counts = preview.counts()
    assert counts["new"] == 1 and counts["updated"] == 1
    rows = out[2:]
    assert len(rows) == len(REPORT_ORDER)
    labels = {"quarantine": "sync.report.orphans"}
    for line, name in zip(rows, REPORT_ORDER):
        label = t(labels.get(name, f"sync.report.{name}"))
        assert line == f"  {label}: {counts[name]}", line
    set_language("zh")
    print_report(preview, path)
    zh = capsys.readouterr().out
    assert "新增记录: 1" in zh and "更新的记录: 1" in zh


def test_print_report_lists_rejected_items_and_how_many_more(vault, stick, capsys):
    from mentor_tui.commands.sync import print_report
    from mentor_tui.core.merge import Rejected

    set_language("en")
    children.add_child(vault, "李明")
    path = export_vault(vault, stick, SyncKeys(PASS)).path
    preview = prepare_import(vault, path, SyncKeys(PASS))
    preview.plan.rejected = [
        Rejected("version", i, f"v-{i}", "r", "sync.reject.bad_id", "x") for i in range(23)
    ]
    print_report(preview, path)
    out = capsys.readouterr().out
    assert f"  {t('sync.report.rejected')}: 23" in out
    assert out.count("    - version v-") == 20
    assert t("syncf.report.rejected_more", n=3) in out


def test_import_new_profile_creates_the_vault_from_the_file(paths, vault, stick, run, capsys):
    ids = seed(vault, 2)
    path = export_vault(vault, stick, SyncKeys(PASS)).path
    vault_id = vault.vault_id
    assert run("import", str(path), "--new-profile", "新机器上的王老师", "--passphrase-stdin") == 0
    out = capsys.readouterr().out
    assert t("syncf.report.adopt") in out and "新机器上的王老师" in out
    assert {p.name for p in list_profiles(paths)} == {"王老师", "新机器上的王老师"}
    other = _reopen(paths, "新机器上的王老师")
    try:
        assert other.vault_id == vault_id and other.device_id != vault.device_id
        assert {c.id for c in children.list_children(other)} == set(ids)
        assert integrity_check(other) == "ok"
    finally:
        other.close()
    assert (
        run(
            "import",
            str(stick / "missing.mentorsync"),
            "--new-profile",
            "再来一个",
            "--passphrase-stdin",
        )
        == 2
    )
    assert "再来一个" not in {p.name for p in list_profiles(paths)}  # nothing left behind


def test_sync_folder_sets_and_clears_and_refuses_a_missing_folder(paths, stick, run, capsys):
    assert run("folder", str(stick)) == 0
    assert load_config(paths.config_file).sync_folder == str(stick.resolve())
    assert str(stick.resolve()) in capsys.readouterr().out
    assert run("folder", str(stick / "not-plugged-in")) == 2
    assert t("syncf.folder_missing") in capsys.readouterr().err
    assert load_config(paths.config_file).sync_folder == str(stick.resolve())
    assert run("folder") == 2
    assert t("syncf.no_folder") in capsys.readouterr().err
    assert run("folder", "--clear") == 0
    assert load_config(paths.config_file).sync_folder == ""


def test_sync_status_shows_folder_file_last_times_and_counts(paths, vault, stick, run, capsys):
    children.add_child(vault, "李明")
    vault_file = stick / file_name(vault)
    vault.close()
    assert run("status", "--passphrase-stdin") == 0
    rows = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert rows[t("syncf.status.folder")] == t("syncf.status.none")
    assert rows[t("syncf.status.last_export")] == t("syncf.status.never")
    assert run("folder", str(stick)) == 0
    assert run("export", "--passphrase-stdin", "--quiet") == 0
    capsys.readouterr()
    assert run("status", "--passphrase-stdin") == 0
    rows = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    assert str(stick.resolve()) in rows[t("syncf.status.folder")]
    assert t("syncf.status.present") in rows[t("syncf.status.folder")]
    assert rows[t("syncf.status.file")] == str(vault_file.resolve())
    assert rows[t("syncf.status.last_export")] != t("syncf.status.never")
    assert rows[t("syncf.status.conflicts")] == "0"
    assert rows[t("syncf.status.quarantine")] == "0"
