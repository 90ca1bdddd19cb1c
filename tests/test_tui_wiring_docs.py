"""Documents wired into the app, by keyboard: export a Markdown diary through the export dialog
and read the file; Word asks for the password twice; a roster imported from a small CSV."""

from __future__ import annotations

from conftest_tui import (
    TODAY,
    focus_by_keys,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from rich.text import Text
from test_tui_wiring_sync import names_on_dashboard, palette

from mentor_tui.config import Config
from mentor_tui.db import reports
from mentor_tui.db.entries import log_entry
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.export_screen import ExportScreen
from mentor_tui.screens.roster_mapping import RosterMappingScreen
from mentor_tui.screens.roster_screen import RosterScreen


async def pick_format(pilot, steps_down: int) -> None:
    """From the kind radio set: tab to the format list, open it, move, choose."""
    await pilot.press("tab")
    assert pilot.app.screen.focused.id == "export-format"
    await pilot.press("enter", *["down"] * steps_down, "enter")
    await settle(pilot)


async def test_export_a_markdown_diary_through_the_dialog(paths):
    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        log_entry(v, seed.wang_fang, "risk_note", TODAY, text="手臂有淤青")
    finally:
        v.close()
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await palette(pilot, "导出", "导出")
        assert isinstance(app.screen, ExportScreen)
        await settle(pilot)
        await pick_format(pilot, 1)  # Word, Markdown, HTML
        assert app.screen.fmt() == "md"
        assert not app.screen.query_one("#export-pw1").parent.display  # no password for md
        assert "没有加密" in text_of(app.screen.query_one("#export-warning"))
        assert app.screen.query_one("#export-sensitive").value is False  # off by default
        expected = reports.default_path(paths, "diary", "2026年秋季学期", TODAY, "md", "zh")
        await pilot.press("f2")
        await settle(pilot)
        result = app.screen.last_result
        assert result is not None and result.plaintext
        assert result.paths == [expected]
        # A second export the same day never replaces the first.
        again = reports.default_path(paths, "diary", "2026年秋季学期", TODAY, "md", "zh")
        assert again != expected and again.stem.endswith("-2") and not again.exists()
        status = text_of(app.screen.query_one("#export-status")).replace("\n", "")
        assert expected.name in status
        body = expected.read_text(encoding="utf-8")
        assert "李明" in body and "谈得很好" in body
        assert "手臂有淤青" not in body  # sensitive notes left out
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


async def tab_to(pilot, wid: str, limit: int = 12) -> None:
    """Tab through the dialog (as the teacher would) until ``wid`` has the focus."""
    for _ in range(limit):
        if pilot.app.screen.focused is not None and pilot.app.screen.focused.id == wid:
            return
        await pilot.press("tab")
    raise AssertionError(f"{wid} not reached; focus on {pilot.app.screen.focused}")


def exported(paths) -> list:
    return sorted(paths.exports_dir.glob("*")) if paths.exports_dir.exists() else []


async def test_word_password_must_match(paths):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await palette(pilot, "导出", "导出")
        assert app.screen.fmt() == "docx"
        await tab_to(pilot, "export-pw1")
        await type_text(pilot, "secret1")
        await pilot.press("tab")
        await type_text(pilot, "secret2")
        await pilot.press("f2")
        await settle(pilot)
        assert "不一致" in text_of(app.screen.query_one("#export-status"))
        assert app.screen.last_result is None
        await pilot.press("shift+tab")
        await pilot.press("ctrl+u")
        await type_text(pilot, "secret2")
        await pilot.press("f2")
        await settle(pilot)
        result = app.screen.last_result
        assert result is not None and not result.plaintext
        assert result.paths[0].suffix == ".docx"
        assert result.paths[0].read_bytes()[:4] != b"PK\x03\x04"  # encrypted, not a bare zip
        await app.action_quit()


async def test_word_without_password_only_when_ticked(paths):
    """Word is protected by default: an empty password is refused (no file written) until the
    teacher ticks "no password"; then the file is a plain .docx and the warning says so."""
    import docx

    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await palette(pilot, "导出", "导出")
        assert app.screen.fmt() == "docx"
        assert app.screen.query_one("#export-pw1").parent.display
        assert text_of(app.screen.query_one("#export-warning")).strip() == ""
        await pilot.press("f2")
        await settle(pilot)
        status = text_of(app.screen.query_one("#export-status")).replace("\n", "")
        assert "要设打开密码" in status and "不设密码" in status
        assert app.screen.last_result is None and exported(paths) == []
        await tab_to(pilot, "export-nopw")
        await pilot.press("space")
        await settle(pilot)
        assert app.screen.query_one("#export-nopw").value is True
        assert not app.screen.query_one("#export-pw1").parent.display
        assert "没有加密" in text_of(app.screen.query_one("#export-warning"))
        await pilot.press("f2")
        await settle(pilot)
        result = app.screen.last_result
        assert result is not None and result.plaintext
        assert exported(paths) == result.paths
        assert result.paths[0].read_bytes()[:4] == b"PK\x03\x04"  # a bare, unprotected zip
        body = "\n".join(p.text for p in docx.Document(str(result.paths[0])).paragraphs)
        assert "李明" in body
        await app.action_quit()


async def test_export_the_child_selected_on_the_dashboard(paths):
    seed = seed_profile(paths)
    names = {seed.li_ming: "李明", seed.wang_fang: "王芳", seed.zhang_wei: "张伟"}
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("down")
        chosen = app.screen.selected_child_id()
        assert chosen in names
        await palette(pilot, "导出", "导出")
        await settle(pilot)
        await pick_format(pilot, 1)  # Markdown
        child = app.screen.query_one("#export-child")
        assert child.parent.display and child.value == "__all__"  # every child by default
        await tab_to(pilot, "export-child")
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert child.value == chosen
        await pilot.press("f2")
        await settle(pilot)
        result = app.screen.last_result
        assert result is not None and result.children == 1
        # The file name carries the id's start, never the child's name (sticks get lost).
        assert chosen[:8] in result.paths[0].name
        assert names[chosen] not in result.paths[0].name
        body = result.paths[0].read_text(encoding="utf-8")
        assert names[chosen] in body
        assert not any(n in body for cid, n in names.items() if cid != chosen)
        await app.action_quit()


ROSTER = (
    "姓名,性别,出生日期,班级,监护人,与监护人关系,监护人电话\n"
    "赵小雨,女,2016-03-04,三年级二班,赵奶奶,奶奶,13800138001\n"
    "钱多多,男,2016/13/40,三年级二班,钱爷爷,爷爷,13800138002\n"
    "李明,男,,三年级二班,李建国,父亲,13800138000\n"
    "[red]孙[/red],女,2016-02-30,三年级二班,,,\n"
)


def assert_progress_done(steps) -> None:
    """Progress calls seen by the dialog: increasing, ending at the total."""
    assert steps, "no progress reported"
    done = [d for d, _ in steps]
    assert done == sorted(done) and done[-1] == steps[-1][1]


async def test_roster_import_through_the_dialog(paths, tmp_path):
    seed_profile(paths)
    csv = tmp_path / "花名册.csv"
    csv.write_text(ROSTER, encoding="utf-8")
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await palette(pilot, "导入花名册", "导入花名册")
        await focus_by_keys(pilot, "picker-path")  # the file picker's typed path
        await type_text(pilot, str(csv))
        await pilot.press("enter")
        await settle(pilot)
        # issue 15: the mapping step first (every column and its field), F2 goes on
        assert isinstance(app.screen, RosterMappingScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert_progress_done(app.screen.steps)  # the preview reported its progress
        summary = text_of(app.screen.query_one("#roster-summary"))
        assert "可导入 1 行" in summary and "有警告 2 行" in summary  # warnings apart (issue 15)
        table = app.screen.query_one("#roster-rows")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert all(isinstance(cell, Text) for r in rows for cell in r)  # plain text cells
        status = {r[1].plain: r[3].plain for r in rows}
        assert [r[0].plain for r in rows] == ["2", "3", "4", "5"]  # every row, in file order
        assert status["赵小雨"] == "✓ 新增"
        assert (
            status["钱多多"].startswith("✓ 新增") and "⚠ 出生日期“2016/13/40”" in status["钱多多"]
        )
        assert status["李明"] == "= 已在名单中（姓名和班级相同），没有变化"  # seed's 李明
        assert "⚠ " in status["[red]孙[/red]"]  # the name shown as typed, not markup
        await pilot.press("y")  # only the rows without problems
        await settle(pilot)
        assert "已导入 1 名儿童" in text_of(app.screen.query_one("#roster-summary"))
        assert_progress_done(app.screen.steps)  # and so did the import
        assert app.screen.query_one("#roster-progress").percentage == 1.0
        await pilot.press("escape")
        await settle(pilot)
        names = names_on_dashboard(app)
        assert "赵小雨" in names and "钱多多" not in names
        await app.action_quit()
