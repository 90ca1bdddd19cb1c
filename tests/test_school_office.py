"""The coordinator's side once reports are in (db/school_queries.py, db/school_exports.py): the
overview per teacher and per class equals the teachers' own figures, the drill-down to a
teacher's children and a child's duty row, stale reporters; the school's sheets print-ready and
built without temp files; the school vault synced to her second machine shows the same; the
roster's county fields and the staff sheet."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from school_support import PASS, TODAY, join, make_school

from mentor_tui.core.school_figures import totals
from mentor_tui.db import (
    children,
    entries,
    reports,
    school_collect,
    school_docs,
    school_exports,
    school_member,
    school_queries as q,
    school_report,
    school_roster,
    school_setup,
    school_staff,
)
from mentor_tui.db.models import VersionRow
from mentor_tui.db.school_models import SchoolChild

MONTH = "2026-11"


@pytest.fixture
def office(paths, tmp_path, school_backend):
    s = make_school(paths, tmp_path, server=school_backend)
    files = s.handovers()
    wang = join(paths, "王芳", files["王芳"])
    li = join(paths, "李强", files["李强"])
    for v, day in ((wang, "2026-11-02"), (li, "2026-09-20")):
        kid = children.list_children(v)[0]
        entries.log_entry(v, kid.id, "talk", dt.date.fromisoformat(day))
        entries.log_entry(
            v, kid.id, "parent_call", dt.date(2026, 9, 5), outcome="attempted_unreachable"
        )
        entries.log_entry(v, kid.id, "home_visit", dt.date(2026, 10, 10))
    folder = tmp_path / "reports"
    school_report.write_report(wang, folder / "a", TODAY, now=dt.datetime(2026, 11, 23, 16, 0))
    school_collect.apply_import(s.vault, school_collect.preview_import(s.vault, [folder]))
    yield s, wang, li
    wang.close()
    li.close()
    s.vault.close()


def _her_month(vault, month: str):
    term = reports.resolve_term(vault, None, TODAY)
    kids = reports.children_for(vault, term.start, term.end)
    return totals(f for f in reports.figures(vault, term, kids, TODAY) if f.month == month)


def test_the_overview_is_the_sum_of_her_own_figures_and_silence_is_stale(office):
    s, wang, _li = office
    lines = {x.name: x for x in q.overview(s.vault, MONTH, TODAY)}
    mine = _her_month(wang, MONTH)
    w = lines["王芳"]
    assert (w.expected, w.done, w.on_time) == (mine.expected, mine.done, mine.on_time)
    assert w.expected > 0 and w.children == 1 and not w.stale and w.days_since == 0
    late = sum(
        f.expected - f.done
        for f in reports.figures(
            wang,
            reports.resolve_term(wang, None, TODAY),
            reports.children_for(wang, dt.date(2026, 9, 1), dt.date(2027, 1, 20)),
            TODAY,
        )
        if f.month <= MONTH
    )
    assert w.overdue == late
    li_line = lines["李强"]  # never reported: nothing is read as "not done"
    assert li_line.stale and li_line.last_report is None and li_line.expected == 0
    assert [x.name for x in q.stale_reporters(s.vault, TODAY)] == ["李强"]
    json_lines = q.status_json(q.overview(s.vault, MONTH, TODAY))
    assert set(json_lines[0]) >= {
        "teacher",
        "children",
        "expected",
        "done",
        "on_time",
        "overdue",
        "open_flags",
        "last_report",
    }


def test_per_class_and_the_drill_down(office):
    s, wang, _li = office
    classes = {c.class_name: c for c in q.class_overview(s.vault, MONTH)}
    assert set(classes) == {"三年级一班", "三年级二班"}
    assert classes["三年级一班"].expected == _her_month(wang, MONTH).expected
    (kid,) = q.teacher_children(s.vault, school_member.need_membership(wang).teacher_id, MONTH)
    assert kid.name == "李明" and kid.current and kid.expected == classes["三年级一班"].expected
    cells = q.child_duties(s.vault, kid.child_id)
    assert cells and {c.period for c in cells} <= {"2026-09", "2026-10", "2026-11"}
    call = [c for c in cells if c.duty_id == "parent_call" and c.period == "2026-09"]
    assert call and call[0].attempts == 1 and call[0].label_zh == "与家长通电话"
    visit = [c for c in cells if c.duty_id == "home_visit" and c.phase == "start"]
    assert visit and visit[0].done == 1 and visit[0].on_time == 0  # a late visit


def test_the_school_queries_are_portable_sql():
    """No SQLite-only function and no REPLACE in what the school office writes and reads."""
    sqlite_only = re.compile(
        r"fn\.(strftime|julianday|datetime|date|ifnull|group_concat|iif|printf|instr|substr)\b"
        r"|on_conflict_replace|execute_sql|\.replace\(\)"
    )
    root = Path(q.__file__).parent
    for name in ("school_queries", "school_exports", "school_docs", "school_collect"):
        text = (root / f"{name}.py").read_text(encoding="utf-8")
        assert not sqlite_only.search(text), name
        assert "school_id" in text


def test_the_school_sheets_are_print_ready_and_leave_no_temp_file(office, tmp_path, monkeypatch):
    s, _wang, _li = office
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    for kind in ("ledger", "evaluation", "stats"):
        path = tmp_path / f"{kind}.xlsx"
        school_exports.export(s.vault, kind, "xlsx", path, TODAY, "zh")
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            setup = ws.page_setup  # fitToWidth 1 is OOXML's default, so it may be left unwritten
            assert setup.orientation == "landscape" and setup.fitToWidth in (None, 1)
            assert setup.fitToHeight == 0 and setup.paperSize == 9
            assert ws.oddFooter.center.text == "&P / &N"
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.freeze_panes in ("B4", "A4") and ws.print_title_rows == "$3:$3"
            assert "城关小学" in str(ws["A1"].value)
            assert re.search(r"\d{4}-\d{2}-\d{2}", str(ws["A2"].value))
            assert ws.column_dimensions["A"].width >= 6
        school_exports.export(s.vault, kind, "csv", tmp_path / f"{kind}.csv", TODAY, "zh")
    assert list(tmp.iterdir()) == []
    ledger = openpyxl.load_workbook(tmp_path / "ledger.xlsx")
    assert ledger.sheetnames[:2] == ["儿童名册", "2026年9月"]
    names = [r[0] for r in ledger["儿童名册"].iter_rows(min_row=4, values_only=True)]
    assert names == ["李明", "赵小红"]
    head = next(ledger["儿童名册"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert "帮扶教师" in head and "学段" in head and "监护类型" in head
    ev = openpyxl.load_workbook(tmp_path / "evaluation.xlsx").worksheets[0]
    rows = {r[0]: r for r in ev.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {"王芳", "李强"} and rows["李强"][-1] == "是"  # stale
    stats = openpyxl.load_workbook(tmp_path / "stats.xlsx").worksheets[0]
    cells = [tuple(r) for r in stats.iter_rows(min_row=4, values_only=True)]
    assert cells[0] == ("留守儿童总数", None, 2)
    assert ("性别", "男", 1) in cells and ("性别", "女", 1) in cells
    assert ("监护类型", "祖辈监护", 2) in cells and ("学段", "义务教育", 2) in cells
    assert ("健康状况", "患病", 1) in cells and ("健康状况", "健康", 1) in cells


def test_the_school_vault_syncs_to_her_second_machine(office, paths, tmp_path, school_backend):
    from mentor_tui.db.sync_apply import import_new_profile
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_keys import SyncKeys

    s, _wang, _li = office
    before = q.status_json(q.overview(s.vault, MONTH, TODAY))
    stick = tmp_path / "stick"
    stick.mkdir()
    path = export_vault(s.vault, stick, SyncKeys(PASS)).path
    b, _p, _r = import_new_profile(paths, "城关小学-2", path, PASS)
    try:
        from mentor_tui.db.profiles import list_profiles

        # restored into a new profile, it is a school's at once (it opens the school's home)
        assert {p.name: p.kind for p in list_profiles(paths)}["城关小学-2"] == "school"
        assert b.profile.kind == "school"
        if school_backend is not None:  # her second machine reaches the same county server
            from mentor_tui.db.school_server import attach

            attach(b, school_backend)
        school_setup.open_office(b, paths)  # the school tables caught up from the documents
        assert {p.name: p.kind for p in list_profiles(paths)}["城关小学-2"] == "school"
        assert q.status_json(q.overview(b, MONTH, TODAY)) == before
        assert school_setup.school_keys(b) == school_setup.school_keys(s.vault)
        with b.read():
            assert SchoolChild.select().count() == 2
        assert school_docs.catch_up(b) == 0  # nothing left to project
    finally:
        b.close()


def test_the_roster_gives_county_fields_mentors_and_warnings(paths, tmp_path, school_backend):
    s = make_school(
        paths,
        tmp_path,
        server=school_backend,
        roster=(
            "姓名,性别,班级,帮扶教师,学段,监护类型,是否残疾,贫困类型,民族\n"
            "甲,男,初一(2)班,王芳,,委托亲友,否,低保、特困,侗族\n"
            "乙,女,三年级一班,不存在的老师,幼儿园大班,奶奶,残疾,外星,汉族\n"
        ),
    )
    with s.vault.read():
        kids = {c.name: c for c in SchoolChild.select()}
    assert kids["甲"].stage == "junior" and kids["甲"].guardian_type == "relatives"
    assert kids["甲"].poverty == ["dibao", "tekun"] and kids["甲"].ethnicity == "侗族"
    assert kids["乙"].stage == "preschool" and kids["乙"].health == "disabled"
    assert kids["乙"].mentor_hint == "不存在的老师"
    assert [c.name for c in q.unpaired_children(s.vault)] == []  # 乙 was suggested a mentor
    # a second import of the same roster adds nobody
    path = tmp_path / "roster.csv"
    sr = school_roster.preview(s.vault, school_roster.open_file(s.vault, path), TODAY)
    assert [r.status for r in sr.roster.rows] == ["same", "same"]
    assert any(p[0] == "roster.warn.school_value" for p in sr.roster.rows[1].problems)
    assert not any(sr.importable(i, with_warnings=True) for i in range(2))
    with s.vault.read():
        versions = VersionRow.select().count()
    school_roster.apply(s.vault, sr, TODAY, with_warnings=True)
    with s.vault.read():
        assert VersionRow.select().count() == versions  # nothing written
    s.vault.close()


def test_the_staff_sheet_adds_and_updates_teachers(paths, tmp_path, school_backend):
    s = make_school(paths, tmp_path, server=school_backend)
    sheet = tmp_path / "staff.csv"
    sheet.write_text(
        "序号,教师姓名,性别,任教班级\n1,王芳,女,三年级三班\n2,陈静,女,五年级\n3,陈静,男,\n4,刘,外星人,\n",
        encoding="utf-8",
    )
    preview = school_staff.staff_preview(s.vault, sheet)
    assert [(x.row.name, x.status) for x in preview.lines] == [
        ("王芳", "update"),
        ("陈静", "new"),
        ("陈静", "error"),
        ("刘", "error"),
    ]
    assert school_staff.apply_staff(s.vault, preview) == (1, 1)
    teachers = {t.name: t for t in school_staff.list_teachers(s.vault)}
    assert teachers["王芳"].class_taught == "三年级三班" and "陈静" in teachers
    with pytest.raises(Exception) as err:
        school_staff.add_teacher(s.vault, "王 芳")
    assert getattr(err.value, "key", "") == "school.teacher_exists"
    s.vault.close()
