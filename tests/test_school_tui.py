"""The school office in the TUI (issue 19): the coordinator's overview (sortable, per class),
the drill-down to a teacher's children and a child's duty row, the lists, the pairing screen,
collecting reports through the file picker, the sheets; the first screen's 学校管理; her side's
join and report from the palette, and her report written when she locks. Real vaults (the
school's and the teachers'), the real app under Pilot; asserted on the screens and the
databases."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest_tui import PASS, make_app, settle, text_of, type_text, unlock
from school_support import make_school
from school_tui_support import TODAY, build_office

from mentor_tui import navigation
from mentor_tui.config import Config
from mentor_tui.db import children, school_pairing, school_queries
from mentor_tui.db.profiles import SCHOOL, list_profiles
from mentor_tui.db.vault import create_vault, open_vault
from mentor_tui.screens.file_picker import FilePicker
from mentor_tui.screens.school_collect import SchoolImportScreen
from mentor_tui.screens.school_create import SchoolCreateScreen
from mentor_tui.screens.school_drill import (
    ChildDutiesScreen,
    SchoolListsScreen,
    TeacherChildrenScreen,
)
from mentor_tui.screens.school_export import SchoolExportScreen
from mentor_tui.screens.school_home import SchoolHomeScreen
from mentor_tui.screens.school_join import JoinSchoolScreen
from mentor_tui.screens.school_pairing import PairingScreen
from mentor_tui.screens.school_report import SchoolReportScreen
from mentor_tui.widgets.dialogs import ChoiceModal, Confirm

SCHOOL_NAME = "城关小学"


def school_app(paths, **kw):
    kw.setdefault("today", TODAY)
    return make_app(paths, profile_name=SCHOOL_NAME, **kw)


def open_school(paths):
    profile = next(p for p in list_profiles(paths) if p.name == SCHOOL_NAME)
    return open_vault(paths, profile, PASS)


def table_rows(screen, wid: str) -> list[list[str]]:
    table = screen.query_one(f"#{wid}")
    return [[str(c.plain) for c in table.get_row_at(i)] for i in range(table.row_count)]


def titles(app) -> list[str]:
    return [str(c.title) for c in navigation.system_commands(app, app.screen)]


@pytest.fixture
def office(paths, tmp_path):
    return build_office(paths, tmp_path)


async def test_a_school_profile_opens_the_overview_with_each_teachers_figures(paths, office):
    vault = open_school(paths)
    try:
        want = {x.name: x for x in school_queries.overview(vault, "2026-11", TODAY)}
    finally:
        vault.close()
    assert want["王芳"].expected > 0  # the figures are not all zero
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = app.screen.query_one("#profiles")
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert "城关小学  （学校管理）" in prompts and "王芳的档案" in prompts
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, SchoolHomeScreen)
        rows = {r[0]: r for r in table_rows(screen, "school-table")}
        w = want["王芳"]
        assert rows["王芳"][1:7] == [
            str(w.children),
            str(w.expected),
            str(w.done),
            str(w.on_time),
            str(w.overdue),
            str(w.open_flags),
        ]
        assert rows["王芳"][7] == "0 天前"  # reported today: not stale
        assert rows["李强"][7] == "从未汇报 ⚠"  # never reported: stale, marked
        note = text_of(screen.query_one("#school-note"))
        assert "强制报告 1 件" in note and "14 天未汇报 1 人" in note
        # the palette offers the school's commands, not a teacher's
        offered = titles(app)
        assert "学校：结对" in offered and "给学校报告" not in offered
        assert "新建学生档案" not in offered and "导出" not in offered
        assert not app.check_action("new_child", ())
        await app.action_quit()


async def test_the_overview_sorts_by_keys_and_shows_classes(paths, office):
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = app.screen

        def names() -> list[str]:
            return [r[0] for r in table_rows(screen, "school-table")]

        assert names() == ["李强", "王芳"]  # by name: pinyin (li < wang)
        for _ in range(7):  # to the last report column: the longest silent first
            await pilot.press("s")
        assert "最近汇报" in text_of(screen.query_one("#school-top"))
        assert names() == ["李强", "王芳"]
        await pilot.press("S")  # reversed
        assert names() == ["王芳", "李强"]
        await pilot.press("c")
        assert [r[0] for r in table_rows(screen, "school-table")] == ["三年级一班", "三年级二班"]
        assert "按班级" in text_of(screen.query_one("#school-top"))
        await pilot.press("enter")  # a class is not a teacher: no drill-down
        await settle(pilot)
        assert app.screen is screen
        await app.action_quit()


async def test_drill_down_to_a_teachers_children_and_a_childs_duty_row(paths, office):
    vault = open_school(paths)
    try:
        duties = school_queries.child_duties(vault, office.li_ming)
    finally:
        vault.close()
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("down")  # 李强, then 王芳
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TeacherChildrenScreen)
        (row,) = table_rows(app.screen, "school-children")
        assert row[:2] == ["李明", "三年级一班"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChildDutiesScreen)
        rows = table_rows(app.screen, "school-duties")
        assert len(rows) == len(duties) > 0
        talk = next(r for r in rows if r[0] == "2026-11" and r[1].startswith("谈心"))
        cell = next(d for d in duties if d.period == "2026-11" and d.duty_id == "talk")
        assert talk[2:5] == [str(cell.expected), str(cell.done), str(cell.on_time)]
        assert talk[7] == "王芳"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TeacherChildrenScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SchoolHomeScreen)
        await app.action_quit()


async def test_the_lists_name_the_silent_teacher_and_the_mandatory_report(paths, tmp_path):
    build_office(paths, tmp_path, unpair_zhao=True)
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, SchoolListsScreen)
        text = text_of(app.screen.query_one("#school-lists-body"))
        assert "没有帮扶教师的孩子（1）" in text and "赵小红" in text
        assert "超过结对上限的老师（0）" in text
        assert "超过 14 天没有汇报的老师（1）" in text and "李强" in text
        assert "未结案的强制报告（1）" in text
        assert "李明" in text and "疑似遭受家庭暴力" in text and "王芳" in text
        assert "手臂有淤青" not in text  # what she observed stays in her vault
        await app.action_quit()


async def test_pairing_applies_suggestions_sets_one_by_hand_and_shows_history(paths, tmp_path):
    office = build_office(paths, tmp_path, unpair_zhao=True)
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PairingScreen)
        rows = {r[1]: r for r in table_rows(screen, "pair-table")}
        assert rows["赵小红"][3:] == ["李强", "+ 本班老师"]  # suggested, and why
        assert rows["李明"][3:] == ["王芳", "保持原结对"]
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        mentors = school_pairing.current_mentors(app.vault)
        assert mentors[office.zhao] == office.teachers["李强"]
        assert "已结对 1 对" in text_of(screen.query_one("#pair-note"))
        # by hand: 赵小红 to 王芳
        table = screen.query_one("#pair-table")
        table.move_cursor(row=table.get_row_index(office.zhao))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        labels = [c[1] for c in app.screen.choices]
        assert labels[0].startswith("李强") and "1/6 名" in labels[0]
        ids = [c[0] for c in app.screen.choices]
        app.screen.query_one("#choices").highlighted = ids.index(office.teachers["王芳"])
        await pilot.press("enter")
        await settle(pilot)
        mentors = school_pairing.current_mentors(app.vault)
        assert mentors[office.zhao] == office.teachers["王芳"]
        history = school_pairing.history(app.vault, office.zhao)
        assert [h.teacher_name for h in history if h.end is None] == ["王芳"]
        assert {h.teacher_name for h in history if h.end is not None} == {"李强"}  # kept, dated
        await pilot.press("h")
        await settle(pilot)
        note = text_of(screen.query_one("#pair-note"))
        assert "结对历史" in note and "李强" in note and "王芳" in note and "至今" in note
        await app.action_quit()


async def test_collecting_reports_through_the_picker_previews_each_file_then_imports(paths, office):
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, FilePicker)
        app.screen.query_one("#picker-path").focus()
        await type_text(pilot, str(office.reports))
        await pilot.press("enter")  # a folder: every report in it
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SchoolImportScreen)
        (row,) = table_rows(screen, "collect-table")
        assert row[0] == "✓" and row[2] == "李强" and "新汇报：1 名孩子" in row[3]
        # nothing written before y
        lines = {x.name: x for x in school_queries.overview(app.vault, "2026-11", TODAY)}
        assert lines["李强"].last_report is None
        await pilot.press("y")
        await settle(pilot)
        assert "导入 1 份" in text_of(screen.query_one("#collect-note"))
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, SchoolHomeScreen)
        rows = {r[0]: r for r in table_rows(home, "school-table")}
        assert rows["李强"][7] == "0 天前"  # the overview reloaded
        await app.action_quit()
    vault = open_school(paths)
    try:
        lines = {x.name: x for x in school_queries.overview(vault, "2026-11", TODAY)}
        assert lines["李强"].last_report is not None and not lines["李强"].stale
    finally:
        vault.close()


async def test_the_school_sheets_are_exported_from_the_dialog(paths, office):
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, SchoolExportScreen)
        await pilot.press("f2")
        await settle(pilot)
        status = text_of(app.screen.query_one("#school-export-status"))
        assert "已导出" in status
        (written,) = list(paths.exports_dir.glob("学校台账-*.xlsx"))
        assert written.read_bytes()[:2] == b"PK"
        screen = app.screen
        assert screen.query_one("#school-export-term").value == "term-2026-autumn"
        screen.query_one("#evaluation").value = True
        screen.query_one("#school-export-format").value = "csv"
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        (sheet,) = list(paths.exports_dir.glob("教师考核-*.csv"))
        text = sheet.read_text(encoding="utf-8-sig")
        assert "王芳" in text and "李强" in text
        await pilot.press("escape")
        await app.action_quit()


async def test_the_first_screen_creates_a_school_profile(paths):
    app = make_app(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, SchoolCreateScreen)
        await type_text(pilot, "青山小学")
        await pilot.press("enter")
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await type_text(pilot, "nope")
        await pilot.press("enter")  # the two passphrases differ: one sentence, nothing made
        await settle(pilot)
        assert isinstance(app.screen, SchoolCreateScreen)
        assert list_profiles(paths) == []
        assert text_of(app.screen.query_one("#school-create-error")).startswith("!")
        app.screen.query_one("#school-pass1").value = PASS
        app.screen.query_one("#school-pass2").value = PASS
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SchoolHomeScreen)
        assert [(p.name, p.kind) for p in list_profiles(paths)] == [("青山小学", SCHOOL)]
        assert "青山小学" in text_of(app.screen.query_one("#school-top"))
        await app.action_quit()


# --- her side ------------------------------------------------------------------------------------


async def test_she_joins_the_school_from_the_palette_with_her_pick_up_code(paths, tmp_path):
    s = make_school(paths, tmp_path)
    files = s.handovers()
    s.vault.close()
    f = files["王芳"]
    v = create_vault(paths, "王芳", PASS)
    children.add_child(v, "张伟", added_on=dt.date(2026, 9, 1), class_name="三年级一班")
    v.close()
    app = make_app(paths, profile_name="王芳", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert "加入学校/导入学校分配" in titles(app)
        assert "学校：结对" not in titles(app)
        await app.run_action("app.join_school")
        await settle(pilot)
        assert isinstance(app.screen, FilePicker)
        app.screen.query_one("#picker-path").focus()
        await type_text(pilot, str(f.path))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JoinSchoolScreen)
        assert screen.query_one("#join-code-row").display
        await type_text(pilot, "1234-5678-9012-3456-7891")  # not her code
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(screen.query_one("#join-note")).startswith("!")
        assert screen.preview is None
        code = screen.query_one("#join-code")
        code.value = ""
        code.focus()
        await type_text(pilot, f.code)
        await pilot.press("enter")
        await settle(pilot)
        body = text_of(screen.query_one("#join-body"))
        assert "城关小学" in body and "李明" in body and "新学生" in body
        names = {c.name for c in children.list_children(app.vault)}
        assert names == {"张伟"}  # a preview writes nothing
        await pilot.press("y")
        await settle(pilot)
        assert "已导入" in text_of(screen.query_one("#join-note"))
        names = {c.name for c in children.list_children(app.vault)}
        assert names == {"张伟", "李明"}
        await app.action_quit()


async def test_her_report_is_written_to_the_folder_she_chooses_without_cards(paths, tmp_path):
    build_office(paths, tmp_path)
    app = make_app(paths, profile_name="王芳的档案", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert "给学校报告" in titles(app)
        await app.run_action("app.school_report")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SchoolReportScreen)
        cards = screen.query_one("#report-cards")
        assert cards.value is False and cards.disabled  # the school did not ask for them
        screen.folder = tmp_path / "out"
        await pilot.press("f2")
        await settle(pilot)
        status = text_of(screen.query_one("#report-status"))
        assert "已写好学校汇报" in status and "强制报告" in status
        (written,) = list((tmp_path / "out").glob("*.mentorreport"))
        assert written.name == "王芳.mentorreport"
        await pilot.press("escape")
        await app.action_quit()


async def test_locking_writes_her_report_beside_her_sync_file(paths, tmp_path):
    build_office(paths, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    app = make_app(
        paths,
        profile_name="王芳的档案",
        today=TODAY,
        config=Config(language="zh", sync_folder=str(stick)),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.vault is None
        report = stick / "学校汇报" / "王芳.mentorreport"
        assert report.is_file()
        assert list(stick.glob("*.mentorsync"))  # the export ran as well
        notes = [str(n.message) for n in app._notifications]
        assert any("给学校的汇报" in n for n in notes)
        await app.action_quit()


async def test_locking_a_teacher_without_a_school_writes_no_report(paths, tmp_path):
    v = create_vault(paths, "王老师", PASS)
    v.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    app = make_app(paths, config=Config(language="zh", sync_folder=str(stick)))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not (stick / "学校汇报").exists()
        assert list(stick.glob("*.mentorsync"))
        await app.action_quit()


async def test_she_is_told_a_mandatory_report_goes_to_the_school_when_she_raises_it(
    paths, tmp_path
):
    from mentor_tui.screens.flag_form import RaiseFlagForm

    build_office(paths, tmp_path)
    app = make_app(paths, profile_name="王芳的档案", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        kid = children.list_children(app.vault)[0]
        told = "这是强制报告：它一定会出现在你给学校的下一次汇报里"
        for category in ("bullying", "harm"):  # not a mandatory report, then one
            await app.push_screen(RaiseFlagForm(kid.id, kid.name, category))
            await settle(pilot)
            await type_text(pilot, "看到的情况")
            await pilot.press("f2")
            await settle(pilot)
            said = [str(n.message) for n in app._notifications]
            assert any(told in n for n in said) == (category == "harm")
        await app.action_quit()


async def test_a_child_she_could_already_have_is_hers_to_match_before_joining(paths, tmp_path):
    s = make_school(paths, tmp_path)
    f = s.handovers()["王芳"]
    s.vault.close()
    v = create_vault(paths, "王芳", PASS)
    first = children.add_child(v, "李明", added_on=dt.date(2026, 9, 1))
    children.add_child(v, "李明", added_on=dt.date(2026, 9, 1))  # the rule cannot tell
    v.close()
    app = make_app(paths, profile_name="王芳", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await app.push_screen(JoinSchoolScreen(str(f.path)))
        await settle(pilot)
        screen = app.screen
        await type_text(pilot, f.code)
        await pilot.press("enter")
        await settle(pilot)
        assert "按 c 选择" in text_of(screen.query_one("#join-body"))
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        ids = [c[0] for c in app.screen.choices]
        assert len(ids) == 3 and ids[-1] == "__new__"  # her two, or a new child
        app.screen.query_one("#choices").highlighted = ids.index(first)
        await pilot.press("enter")
        await settle(pilot)
        assert "就是 李明" in text_of(screen.query_one("#join-body"))
        await pilot.press("y")
        await settle(pilot)
        kids = children.list_children(app.vault)
        assert len(kids) == 2  # matched, not added
        assert {k.id: k.class_name for k in kids}[first] == "三年级一班"  # the school's field
        await app.action_quit()


async def test_the_school_screens_follow_the_language_help_and_a_lock(paths, office):
    from mentor_tui.screens.help import HelpScreen
    from mentor_tui.screens.unlock import UnlockScreen

    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = [label for _key, label, _id in app.screen.rows]
        assert {"排序", "按班级", "结对", "收汇报", "导出"} <= set(listed)
        await pilot.press("escape")
        await settle(pilot)
        app.action_toggle_language()
        await settle(pilot)
        head = [c.label.plain for c in app.screen.query_one("#school-table").columns.values()]
        assert head[0] == "Teacher" and "Last report" in head
        app.action_toggle_language()
        await settle(pilot)
        await pilot.press("down", "enter")  # 王芳's children
        await settle(pilot)
        assert isinstance(app.screen, TeacherChildrenScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        assert isinstance(app.screen, TeacherChildrenScreen)  # reopened after unlocking
        assert isinstance(app.screen_stack[-2], SchoolHomeScreen)
        await app.action_quit()


async def test_a_damaged_report_file_is_refused_with_its_reason_beside_the_good_one(paths, office):
    (office.reports / "坏文件.mentorreport").write_bytes(b"MENTORREPT\x01garbage")
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await app.push_screen(SchoolImportScreen((str(office.reports),)))
        await settle(pilot)
        rows = {r[1]: r for r in table_rows(app.screen, "collect-table")}
        assert rows["坏文件.mentorreport"][0] == "✗" and rows["坏文件.mentorreport"][3]
        assert rows["李强.mentorreport"][0] == "✓"
        await pilot.press("y")
        await settle(pilot)
        assert "导入 1 份" in text_of(app.screen.query_one("#collect-note"))
        assert "拒收 1 份" in text_of(app.screen.query_one("#collect-note"))
        await app.action_quit()


async def test_the_overview_projects_documents_that_came_by_sync_first(paths, office):
    """As after a sync import: the school documents are there, their tables not yet."""
    from mentor_tui.db.school_models import DutyStatus, SchoolProjected, SchoolTeacher

    vault = open_school(paths)
    try:
        with vault.write():
            SchoolProjected.delete().execute()
            SchoolTeacher.delete().execute()
            DutyStatus.delete().execute()
    finally:
        vault.close()
    app = school_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        rows = {r[0]: r for r in table_rows(app.screen, "school-table")}
        assert set(rows) == {"王芳", "李强"} and rows["王芳"][2] != "0"
        await app.action_quit()
