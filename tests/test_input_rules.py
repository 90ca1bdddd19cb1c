"""One length rule where text enters, and the input edges (issue 13, items 1 and 6): a name at
most 40 characters, a note or record-card field 20,000, any other short field 200 — on every
local write (forms, CLI, roster import), one sentence naming the field; text UTF-8 cannot hold
(a lone surrogate) and dates before 1900 or more than a year ahead refused. Sync import does
not apply the rule, and a vault that already holds an over-long note still exports."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from conftest_tui import make_app, seed_profile, settle, text_of, unlock

from mentor_tui import cli
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import NAME_MAX, NOTE_MAX, SHORT_MAX
from mentor_tui.db import children, entries, flags, store
from mentor_tui.db.settings import add_term, set_setting

PASS = "correct horse 正确"


def refused(call, field: str, key: str = "err.text_too_long") -> ValidationError:
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.key == key and err.value.field == field
    return err.value


def test_a_name_has_40_characters_at_most(vault):
    children.add_child(vault, "李" * NAME_MAX)
    err = refused(lambda: children.add_child(vault, "李" * (NAME_MAX + 1)), "name")
    assert str(err) == "“姓名”太长了：最多 40 个字。"
    cid = children.add_child(vault, "李明")
    refused(lambda: children.add_contact(vault, cid, "王" * 41, "father"), "name")
    assert len(children.list_children(vault)) == 2


def test_a_note_has_20000_characters_and_a_short_field_200(vault):
    cid = children.add_child(vault, "李明", study_notes="学" * NOTE_MAX)
    refused(
        lambda: children.update_child(vault, cid, study_notes="学" * (NOTE_MAX + 1)), "study_notes"
    )
    refused(
        lambda: children.update_child(vault, cid, class_name="班" * (SHORT_MAX + 1)), "class_name"
    )
    day = dt.date(2026, 10, 1)
    entries.log_entry(vault, cid, "talk", day, text="谈" * NOTE_MAX)
    err = refused(
        lambda: entries.log_entry(vault, cid, "talk", day, text="谈" * (NOTE_MAX + 1)), "text"
    )
    assert "20000" in str(err)
    refused(
        lambda: entries.log_entry(vault, cid, "talk", day, card={"place": "地" * (NOTE_MAX + 1)}),
        "place",
    )
    refused(lambda: flags.open_flag(vault, cid, "violence", "看" * (NOTE_MAX + 1)), "observed")
    fid = flags.open_flag(vault, cid, "violence", "看到了")
    refused(lambda: flags.record_step(vault, fid, "police_report", "所" * 201), "to_whom")
    refused(lambda: add_term(vault, "学" * 201, day, day + dt.timedelta(days=90)), "name")
    refused(lambda: set_setting(vault, "school", "校" * 201), "school")
    assert [e.text for e in entries.entries_for_child(vault, cid)] == ["谈" * NOTE_MAX]


def test_the_roster_import_applies_the_rule(vault, tmp_path):
    from mentor_tui.db import roster_import

    path = tmp_path / "roster.csv"
    path.write_text(f"姓名,班级\n{'张' * 41},三年级二班\n", encoding="utf-8")
    roster = roster_import.preview(vault, path)
    if roster.good:  # the parser may already keep it out; the write never takes it
        refused(lambda: roster_import.apply(vault, roster), "name")
    assert children.list_children(vault) == []


def test_unencodable_text_and_odd_dates_are_refused(vault):
    refused(lambda: children.add_child(vault, "李\ud800明"), "name", "err.text_unencodable")
    cid = children.add_child(vault, "李明")
    refused(
        lambda: entries.log_entry(vault, cid, "talk", dt.date(2026, 10, 1), card={"\udc80": "x"}),
        "card",
        "err.text_unencodable",
    )
    refused(
        lambda: children.update_child(vault, cid, birth_date=dt.date(1, 1, 1)),
        "birth_date",
        "err.date_too_early",
    )
    refused(
        lambda: entries.log_entry(vault, cid, "talk", dt.date(1899, 12, 31)),
        "occurred_on",
        "err.date_too_early",
    )
    later = dt.date.today() + dt.timedelta(days=400)
    refused(
        lambda: add_term(vault, "2028", later, later + dt.timedelta(days=90)),
        "start",
        "err.date_too_late",
    )
    refused(lambda: flags.log_absence(vault, cid, dt.date(1800, 1, 1)), "day", "err.date_too_early")
    assert entries.entries_for_child(vault, cid) == []


def _log(monkeypatch, capsys, data: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASS}\n{data}\n"))
    monkeypatch.setenv("MENTOR_LANG", "zh")
    monkeypatch.delenv("MENTOR_DEBUG", raising=False)
    code = cli.main(["log", "--passphrase-stdin"])
    return code, capsys.readouterr()


@pytest.mark.parametrize(
    "entry,sentence",
    [
        ({"child": "李明", "text": "谈" * (NOTE_MAX + 1)}, "“记录（可多行）”太长了"),
        ('{"child": "李明", "card": {"\\ud800": "x"}}', "“记录卡栏目名”里有无法保存的字符"),
        ({"child": "李明", "date": "0001-01-01"}, "日期 0001-01-01 太早了"),
        ('{"child": "李\\udc80明"}', "“学生姓名或编号”里有无法保存的字符"),
    ],
)
def test_cli_log_refuses_with_one_sentence(vault, monkeypatch, capsys, entry, sentence):
    children.add_child(vault, "李明")
    vault.close()
    body = entry if isinstance(entry, str) else json.dumps(entry, ensure_ascii=False)
    code, out = _log(monkeypatch, capsys, body)
    assert code == 2 and "Traceback" not in out.err and "Error)" not in out.err
    assert len(out.err.splitlines()) == 1 and out.err.startswith(sentence), out.err


async def test_the_form_refuses_an_over_long_note(paths):
    from mentor_tui.screens.error_modal import ErrorModal
    from mentor_tui.screens.quick_entry import QuickEntry

    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("t")  # a talk for the first child in the list
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry)
        app.screen.query_one("#text").load_text("谈" * (NOTE_MAX + 1))
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "“记录（可多行）”太长了：最多 20000 个字" in text_of(
            app.screen.query_one("#error-message")
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry)  # the text stays for another try
        counts = [
            len(entries.entries_for_child(app.vault, c)) for c in (seed.li_ming, seed.zhang_wei)
        ]
        assert counts == [0, 1]
        await app.action_quit()


def test_sync_export_of_a_vault_already_holding_an_over_long_note(vault, tmp_path):
    """An old version of more than 1,000,000 characters (written before the rule) must never
    stop sync: the sync format's cap is raised above anything a vault can hold (the format
    bump shared with issue 14's header change)."""
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_keys import SyncKeys

    cid = children.add_child(vault, "李明")
    eid = entries.log_entry(vault, cid, "talk", dt.date(2026, 10, 1), text="短")
    store.put(vault, "entry", {"text": "长" * 1_000_001}, record_id=eid)  # as an old version was
    entries.update_entry(vault, eid, text="改短了")  # shortening keeps the old version
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_vault(vault, stick, SyncKeys(PASS))
    assert result.path.exists()
    assert t("err.unexpected") not in str(result)


def test_sync_import_does_not_apply_the_rule(paths, vault, tmp_path):
    """Another machine's versions merge whatever their length (SYNC.md's checks only)."""
    from mentor_tui.db.sync_apply import import_new_profile
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_keys import SyncKeys

    cid = children.add_child(vault, "李明")
    store.put(vault, "child", {"study_notes": "学" * (NOTE_MAX + 5)}, record_id=cid)
    stick = tmp_path / "stick"
    stick.mkdir()
    file = export_vault(vault, stick, SyncKeys(PASS)).path
    other, _preview, _result = import_new_profile(paths, "B", file, PASS)
    try:
        assert len(children.get_child(other, cid).study_notes) == NOTE_MAX + 5
    finally:
        other.close()
