"""The roster's mapping step under Pilot (issue 15): every column listed with its samples and
field, a column with data that maps to nothing named; she reassigns a column by keyboard, the
preview reads it so, and the next file with the same headers opens with her mapping. Sheets are
picked with the space bar; a row that could be a child of her list is chosen with c."""

from __future__ import annotations

import openpyxl
from conftest_tui import (
    focus_by_keys,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
)
from test_tui_wiring_sync import palette

from mentor_tui.config import Config
from mentor_tui.db import children as children_db
from mentor_tui.screens.roster_mapping import RosterMappingScreen
from mentor_tui.screens.roster_screen import RosterScreen
from mentor_tui.widgets.dialogs import ChoiceModal

HEAD = "姓名,入学日期,爱好\n"


async def open_roster(pilot, path) -> None:
    await palette(pilot, "导入花名册", "导入花名册")
    await focus_by_keys(pilot, "picker-path")  # the file picker's typed path
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RosterMappingScreen)


def field_cells(screen) -> dict[str, str]:
    table = screen.query_one("#rmap-columns")
    rows = [table.get_row_at(i) for i in range(table.row_count)]
    return {r[1].plain: r[3].plain for r in rows}


async def test_reassign_a_column_and_it_is_remembered_next_time(paths, tmp_path):
    seed_profile(paths)
    first = tmp_path / "一班.csv"
    first.write_text(HEAD + "赵小雨,2016-03-04,画画\n", encoding="utf-8")
    second = tmp_path / "二班.csv"
    second.write_text(HEAD + "钱多多,2015-05-06,跑步\n", encoding="utf-8")
    from conftest_tui import unlock

    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(110, 40)) as pilot:
        await unlock(pilot)
        await open_roster(pilot, first)
        screen = app.screen
        assert field_cells(screen) == {"姓名": "姓名", "入学日期": "⚠ 忽略", "爱好": "兴趣爱好"}
        assert "有数据但不导入的列：入学日期" in text_of(screen.query_one("#rmap-note"))
        table = screen.query_one("#rmap-columns")
        assert [table.get_row_at(0)[2].plain] == ["赵小雨"]  # the samples
        await pilot.press("down", "enter")  # the 入学日期 row: the list of fields
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "down", "down", "enter")  # 忽略 姓名 性别 出生日期
        await settle(pilot)
        assert app.screen is screen
        assert field_cells(screen)["入学日期"] == "出生日期 （你指定的）"
        assert "入学日期" not in text_of(screen.query_one("#rmap-note"))
        await pilot.press("right", "left")  # ←/→ step through the fields, and back
        assert field_cells(screen)["入学日期"] == "出生日期 （你指定的）"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert app.screen.roster.rows[0].child["birth_date"].isoformat() == "2016-03-04"
        await pilot.press("y")
        await settle(pilot)
        assert "已导入 1 名儿童" in text_of(app.screen.query_one("#roster-summary"))
        await pilot.press("escape")
        await settle(pilot)
        # another file with the same headers: her mapping, remembered in the vault
        await open_roster(pilot, second)
        assert field_cells(app.screen)["入学日期"] == "出生日期 （上次记住的）"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, RosterMappingScreen)
        await app.action_quit()
    vault = open_vault_for_check(paths)
    try:
        kid = next(c for c in children_db.list_children(vault) if c.name == "赵小雨")
        assert kid.birth_date.isoformat() == "2016-03-04" and kid.interests == "画画"
    finally:
        vault.close()


async def test_sheets_picked_and_a_row_chosen_as_a_child_of_her_list(paths, tmp_path):
    seed = seed_profile(paths)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "三年级二班"
    ws.append(["姓名", "性别"])
    ws.append(["李明", "男"])  # no class column: the sheet's name is the class
    other = wb.create_sheet("Sheet2")  # no class from a default name
    other.append(["姓名", "出生日期"])
    other.append(["王芳", "2015-02-03"])  # the seed's 王芳 has no birth date: she chooses
    path = tmp_path / "全校.xlsx"
    wb.save(path)
    from conftest_tui import unlock

    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(110, 40)) as pilot:
        await unlock(pilot)
        await open_roster(pilot, path)
        screen = app.screen
        sheets = screen.query_one("#rmap-sheets")
        assert sheets.display and sorted(sheets.selected) == ["Sheet2", "三年级二班"]
        assert sorted(field_cells(screen)) == ["出生日期", "姓名", "性别"]  # both header sets
        await pilot.press("shift+tab")  # from the columns to the sheets
        assert screen.focused is sheets
        await pilot.press("space")  # unpick the first sheet: its columns leave the table
        await settle(pilot)
        assert sheets.selected == ["Sheet2"]
        assert sorted(field_cells(screen)) == ["出生日期", "姓名"]
        await pilot.press("space")  # and pick it again
        await settle(pilot)
        assert sorted(sheets.selected) == ["Sheet2", "三年级二班"]
        await pilot.press("f2")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, RosterScreen)
        rows = {r.child["name"]: r for r in preview.roster.rows}
        assert rows["李明"].status == "same" and rows["李明"].match.rule == "class"
        assert rows["王芳"].status == "choose"
        assert "按 c 选择" in text_of(preview.query_one("#roster-hint"))
        preview.query_one("#roster-rows").move_cursor(row=1)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")  # the first choice: the 王芳 of her list
        await settle(pilot)
        assert app.screen is preview and rows["王芳"].status == "update"
        await pilot.press("y")
        await settle(pilot)
        assert "更新了名单中的 1 名儿童" in text_of(preview.query_one("#roster-summary"))
        await pilot.press("escape")
        await settle(pilot)
        await app.action_quit()
    vault = open_vault_for_check(paths)
    try:
        wang = children_db.get_child(vault, seed.wang_fang)
        assert wang.birth_date.isoformat() == "2015-02-03"
        assert len(children_db.list_children(vault)) == 3
    finally:
        vault.close()
