"""The teacher's side (db/school_member.py, db/school_report.py): joining merges the school's
children as versions, matched by the one rule; the fields the school owns are read-only in her
app; her correction request goes up in her report and, once accepted, comes back in the next
handover; no note text leaves in a report unless the school asks and she ticks it (a marker
scan of the packet's plaintext); the mandatory-report flag is always there."""

from __future__ import annotations

import datetime as dt

import pytest
from school_support import TODAY, join, make_school

from mentor_tui.core import school_packet as sp
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.db import (
    children,
    entries,
    flags,
    school_collect,
    school_corrections,
    school_links,
    school_member,
    school_pairing,
    school_report,
    school_setup,
)
from mentor_tui.db.vault import create_vault

PASS = "correct horse 正确"


@pytest.fixture
def office(paths, tmp_path):
    s = make_school(paths, tmp_path)
    files = s.handovers()
    teacher = join(paths, "王芳", files["王芳"])
    yield s, teacher
    teacher.close()
    s.vault.close()


def _kid(vault, name: str):
    return next(c for c in children.list_children(vault, include_archived=True) if c.name == name)


def _plaintext(s, path) -> str:
    """The packet's whole plaintext, as the school's key decrypts it."""
    from mentor_tui.core.kdf import open_sealed

    sealed = sp.parse(path.read_bytes(), sp.REPORT)
    key = sp.key_for_keys(sealed, school_setup.school_keys(s.vault))
    inner = open_sealed(key, sealed.header.nonce, sealed.ciphertext, sealed.aad)
    assert inner is not None
    return inner.decode("utf-8")


def test_joining_adds_her_children_with_the_schools_card_and_terms(office):
    _s, teacher = office
    kid = _kid(teacher, "李明")
    assert kid.class_name == "三年级一班" and kid.gender == "male" and kid.study_buddy == "小刚"
    assert kid.added_on == dt.date(2026, 9, 1)
    contacts = children.contacts_of(teacher, kid.id)
    assert [c.name for c in contacts] == ["王奶奶"] and contacts[0].phones == ["13800001111"]
    from mentor_tui.db.settings import list_terms

    assert [(t.id, t.start) for t in list_terms(teacher)] == [
        ("term-2026-autumn", dt.date(2026, 9, 1))
    ]
    assert school_links.school_owned(teacher, kid.id) >= {"name", "class_name", "birth_date"}
    assert "study_buddy" not in school_links.school_owned(teacher, kid.id)


def test_a_child_she_already_had_is_matched_not_added_twice(paths, tmp_path):
    s = make_school(paths, tmp_path)
    v = create_vault(paths, "王芳的档案", PASS)
    mine = children.add_child(
        v,
        "李明",
        added_on=dt.date(2026, 9, 1),
        class_name="三年级一班",
        birth_date=dt.date(2016, 3, 4),
    )
    f = s.handovers()["王芳"]
    preview = school_member.preview_join(v, f.path.read_bytes(), f.code)
    (jc,) = preview.children
    assert jc.local_id == mine and jc.rule == "birth" and jc.status == school_member.UPDATE
    # the school's field she had left empty, and a field of hers the roster fills (not owned)
    assert jc.changes == [("gender", "", "男"), ("health_notes", "", "健康")]
    school_member.apply_join(v, preview)
    assert [c.id for c in children.list_children(v)] == [mine]
    assert "health_notes" not in school_links.school_owned(v, mine)
    children.update_child(v, mine, health_notes="感冒了")  # hers to change
    assert school_links.links(v)[mine]["school_child_id"] == jc.incoming.id
    v.close()
    s.vault.close()


def test_a_school_owned_field_is_read_only_in_her_app(office):
    _s, teacher = office
    kid = _kid(teacher, "李明")
    with pytest.raises(ValidationError) as err:
        children.update_child(teacher, kid.id, class_name="三年级二班")
    assert err.value.key == "school.field_read_only" and "班级" in str(err.value)
    children.update_child(teacher, kid.id, class_name="三年级一班", interests="画画")  # no change
    assert _kid(teacher, "李明").interests == "画画"
    (contact,) = children.contacts_of(teacher, kid.id)
    with pytest.raises(ValidationError):
        children.update_contact(teacher, contact.id, phones=["13900000000"])
    with pytest.raises(ValidationError):
        children.delete_contact(teacher, contact.id)
    children.update_contact(teacher, contact.id, reachability="白天不方便接电话")  # hers
    assert _kid(teacher, "李明").class_name == "三年级一班"


def test_a_correction_goes_up_in_her_report_and_once_accepted_comes_back(office, tmp_path):
    s, teacher = office
    kid = _kid(teacher, "李明")
    rid = school_member.request_correction(teacher, kid.id, "class_name", "三年级二班", "转班了")
    with pytest.raises(ValidationError):
        school_member.request_correction(teacher, kid.id, "interests", "画画")  # hers: edit it
    path = school_report.write_report(teacher, tmp_path / "r", TODAY).path
    school_collect.apply_import(s.vault, school_collect.preview_import(s.vault, [path]))
    (line,) = school_corrections.list_corrections(s.vault)
    assert (line.id, line.field, line.current, line.proposed) == (
        rid,
        "class_name",
        "三年级一班",
        "三年级二班",
    )
    school_corrections.decide(s.vault, rid[:8], accept=True, on=dt.date(2026, 11, 24))
    with pytest.raises(MentorError):
        school_corrections.decide(s.vault, rid, accept=False)
    f = s.handovers(dt.datetime(2026, 11, 25, 8, 0))["王芳"]
    assert f.code is None  # her key is pinned now
    preview = school_member.preview_join(teacher, f.path.read_bytes(), None)
    assert preview.children[0].changes == [("class_name", "三年级一班", "三年级二班")]
    assert [d.status for d in preview.decisions] == ["accepted"]
    school_member.apply_join(teacher, preview)
    assert _kid(teacher, "李明").class_name == "三年级二班"
    assert [c.status for c in school_member.corrections(teacher)] == ["accepted"]
    # the next report no longer carries it
    report = school_report.build_report(teacher, TODAY)
    assert report.corrections == ()


def test_a_rejected_correction_changes_nothing_and_she_is_told(office, tmp_path):
    s, teacher = office
    kid = _kid(teacher, "李明")
    rid = school_member.request_correction(teacher, kid.id, "name", "李敏")
    path = school_report.write_report(teacher, tmp_path / "r", TODAY).path
    school_collect.apply_import(s.vault, school_collect.preview_import(s.vault, [path]))
    school_corrections.decide(s.vault, rid, accept=False)
    f = s.handovers(dt.datetime(2026, 11, 25, 8, 0))["王芳"]
    preview = school_member.preview_join(teacher, f.path.read_bytes(), None)
    assert preview.children[0].changes == [] and [d.status for d in preview.decisions] == [
        "rejected"
    ]
    school_member.apply_join(teacher, preview)
    assert _kid(teacher, "李明").name == "李明"
    assert [c.status for c in school_member.corrections(teacher)] == ["rejected"]


def test_no_note_text_in_a_report_unless_the_school_asks_and_she_ticks(office, tmp_path):
    s, teacher = office
    kid = _kid(teacher, "李明")
    entries.log_entry(
        teacher,
        kid.id,
        "talk",
        dt.date(2026, 11, 2),
        text="NOTEMARK1",
        card={"child_said": "CARDMARK"},
    )
    entries.log_entry(teacher, kid.id, "risk_note", dt.date(2026, 11, 3), text="RISKMARK")
    entries.log_entry(teacher, None, "diary", dt.date(2026, 11, 4), text="DIARYMARK")
    children.update_child(teacher, kid.id, psych_notes="PSYCHMARK", personality="PERSMARK")
    flags.open_flag(teacher, kid.id, "bullying", "OBSERVEDMARK")
    markers = (
        "NOTEMARK1",
        "CARDMARK",
        "RISKMARK",
        "DIARYMARK",
        "PSYCHMARK",
        "PERSMARK",
        "OBSERVEDMARK",
    )
    text = _plaintext(s, school_report.write_report(teacher, tmp_path / "a", TODAY).path)
    assert [m for m in markers if m in text] == []
    assert '"figures"' in text and kid.id in text  # the figures are there, by the school's id
    with pytest.raises(MentorError) as err:
        school_report.build_report(teacher, TODAY, with_cards=True)
    assert err.value.key == "school.cards_not_requested"
    school_setup.save_settings(s.vault, cards=True)
    school_member.apply_join(teacher, _join_coded(s, teacher))  # the school now asks
    with_cards = _plaintext(
        s, school_report.write_report(teacher, tmp_path / "b", TODAY, True).path
    )
    assert "NOTEMARK1" in with_cards and "CARDMARK" in with_cards
    assert [
        m
        for m in ("RISKMARK", "DIARYMARK", "PSYCHMARK", "PERSMARK", "OBSERVEDMARK")
        if m in with_cards
    ] == []


def _join_coded(s, teacher):
    f = s.handovers(dt.datetime(2026, 11, 20, 8, 0))["王芳"]
    return school_member.preview_join(teacher, f.path.read_bytes(), f.code)


def test_the_mandatory_report_flag_is_always_there(office, tmp_path, paths):
    s, teacher = office
    kid = _kid(teacher, "李明")
    mine = children.add_child(teacher, "陈某", added_on=dt.date(2026, 9, 1), class_name="五年级")
    f1 = flags.open_flag(
        teacher, kid.id, "violence", "OBSERVEDMARK", dt.datetime(2026, 10, 1, 9, 0)
    )
    flags.open_flag(teacher, mine, "missing", "OBSERVEDMARK2", dt.datetime(2026, 10, 2, 9, 0))
    flags.open_flag(teacher, mine, "bullying", "OBSERVEDMARK3", dt.datetime(2026, 10, 2, 9, 0))
    flags.resolve_flag(teacher, f1, "已处理", dt.date(2026, 10, 20))
    assert school_member.mandatory_goes_to_school(teacher, "violence")
    assert not school_member.mandatory_goes_to_school(teacher, "bullying")
    report = school_report.build_report(teacher, TODAY)
    by_cat = {f.category: f for f in report.flags}
    assert by_cat["violence"].mandatory and by_cat["violence"].status == "resolved"
    assert by_cat["missing"].child == "" and by_cat["missing"].label == "陈某 五年级"
    assert "bullying" not in by_cat  # not mandatory, and not one of the school's children
    text = _plaintext(s, school_report.write_report(teacher, tmp_path / "m", TODAY).path)
    assert "OBSERVEDMARK" not in text
    school_collect.apply_import(s.vault, school_collect.preview_import(s.vault, [tmp_path / "m"]))
    from mentor_tui.db import school_queries

    lines = school_queries.open_mandatory(s.vault)
    assert [(x.category, x.child) for x in lines] == [("missing", "陈某 五年级")]


def test_a_child_moved_away_is_archived_and_stays_readable(office, paths):
    s, teacher = office
    kid = _kid(teacher, "李明")
    entries.log_entry(teacher, kid.id, "talk", dt.date(2026, 9, 10), text="旧记录")
    school_child = school_links.links(teacher)[kid.id]["school_child_id"]
    school_pairing.set_pairing(s.vault, school_child, s.teachers["李强"], dt.date(2026, 10, 15))
    f = s.handovers(dt.datetime(2026, 10, 15, 8, 0))["王芳"]
    preview = school_member.preview_join(teacher, f.path.read_bytes(), f.code)
    assert [(m.name, m.to, m.on) for m, _cid in preview.moved] == [
        ("李明", "李强", dt.date(2026, 10, 15))
    ]
    school_member.apply_join(teacher, preview)
    gone = _kid(teacher, "李明")
    assert gone.status == "archived" and "李强" in gone.archived_reason
    assert entries.entries_for_child(teacher, gone.id)  # still readable
    assert school_links.school_owned(teacher, gone.id) == frozenset()
    hist = school_pairing.history(s.vault, school_child)
    assert [(h.teacher_name, h.start, h.end) for h in hist] == [
        ("王芳", dt.date(2026, 9, 1), dt.date(2026, 10, 14)),
        ("李强", dt.date(2026, 10, 15), None),
    ]


def test_her_own_roster_import_leaves_the_schools_fields_alone(office, tmp_path):
    from mentor_tui.db import roster_import

    _s, teacher = office
    path = tmp_path / "mine.csv"
    path.write_text(
        "姓名,出生日期,班级,兴趣爱好\n李明,2016-03-04,三年级五班,画画\n", encoding="utf-8"
    )
    roster = roster_import.preview(teacher, path, TODAY)
    (row,) = roster.rows
    assert [c.what for c in row.changes] == ["interests"]  # not the class: the school's
    roster_import.apply(teacher, roster, TODAY)
    kid = _kid(teacher, "李明")
    assert (kid.class_name, kid.interests) == ("三年级一班", "画画")


def test_her_report_sequence_travels_and_the_lock_hook_writes_beside_the_stick(
    office, tmp_path, paths
):
    from mentor_tui.db.settings import set_setting

    _s, teacher = office
    ahead = school_report.build_report(teacher, TODAY).seq.hlc + (1 << 30)
    set_setting(teacher, school_report.SEQ_SETTING, [ahead, "another-machine"])  # by sync
    assert school_report.build_report(teacher, TODAY).seq.hlc > ahead
    assert school_report.report_on_lock(teacher, None) == ""  # no sync folder set
    assert school_report.report_on_lock(teacher, tmp_path / "not-plugged-in") == ""
    stick = tmp_path / "U盘"
    stick.mkdir()
    said = school_report.report_on_lock(teacher, stick, TODAY)
    written = list((stick / school_report.FOLDER_NAME).iterdir())
    assert [p.name for p in written] == ["王芳.mentorreport"] and str(written[0]) in said
    v = create_vault(paths, "没有学校的老师", PASS)
    try:
        assert school_report.report_on_lock(v, stick, TODAY) == ""
    finally:
        v.close()
