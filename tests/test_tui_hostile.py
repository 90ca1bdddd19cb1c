"""Hostile names and notes are shown literally: markup, escape sequences, very long, RTL, emoji."""

import datetime as dt

import pytest
from conftest_tui import PASS, make_app, settle, text_of, unlock
from rich.cells import cell_len

from mentor_tui.core.validate import NAME_MAX
from mentor_tui.db import store
from mentor_tui.db.children import add_child, add_contact
from mentor_tui.db.entries import log_entry
from mentor_tui.db.settings import add_term, set_setting
from mentor_tui.db.vault import create_vault
from mentor_tui.screens.child_file import ChildFileScreen

HOSTILE = [
    "[bold]x[/bold]",
    "[@click=app.quit]点我[/]",
    "\x1b[31m红\x1b[0m\x1b]52;c;ZXZpbA==\x07",
    "李" * 300,
    "\u202eابحرم\u202c سارة",
    "🧒🏽小明👨‍👩‍👧",
    "[red]",
]


def make_hostile_vault(paths):
    vault = create_vault(paths, "[b]老师[/b]", PASS)
    try:
        set_setting(vault, "teacher_name", "[b]老师[/b]")
        add_term(vault, "[blink]学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
        ids = []
        for i, name in enumerate(HOSTILE):
            short = name[:NAME_MAX]  # what a local write takes (the length rule, issue 13)
            cid = add_child(vault, short, added_on=dt.date(2026, 9, 1), class_name=f"[i]{i}班")
            contact = add_contact(vault, cid, short, "mother", work_city="[link=x]城")
            if name != short:  # longer: as another machine's older version brings it by sync
                store.put(vault, "child", {"name": name}, record_id=cid)
                store.put(vault, "contact", {"name": name}, record_id=contact)
            log_entry(vault, cid, "talk", dt.date(2026, 11, 19), text=name + " [u]记录")
            ids.append(cid)
    finally:
        vault.close()
    return ids


def test_hostile_profile_and_child_names_are_kept_in_the_store(paths):
    ids = make_hostile_vault(paths)
    assert len(ids) == len(HOSTILE)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_hostile_names_render_literally(paths, size):
    ids = make_hostile_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "[b]老师[/b]" in text_of(app.screen.query_one("#profile-name"))
        await unlock(pilot)
        table = app.screen.query_one("#children")
        assert table.row_count == len(HOSTILE)
        names = {k.value: str(table.get_cell(k.value, "name")) for k in table.rows}
        assert names[ids[0]] == "[bold]x[/bold]"
        # literal; whole where there is room (issue 16), else cut with "…", never parsed
        whole, shown = "[@click=app.quit]点我[/]", names[ids[1]]
        if size[0] >= 120:
            assert shown == whole
        else:
            assert shown.endswith("…") and whole.startswith(shown[:-1]) and len(shown) >= 8
        assert "\x1b" not in names[ids[2]] and "\x07" not in names[ids[2]]
        assert "红" in names[ids[2]]
        # 300 characters do not fit: cut, leaving the duty marks their room
        assert names[ids[3]].endswith("…") and cell_len(names[ids[3]]) < size[0] - 30
        assert str(table.get_cell(ids[3], "talk")) in ("✓ 已完成", "10天内")
        assert "\u202e" not in names[ids[4]]
        assert "🧒" in names[ids[5]]
        assert "[blink]学期" in text_of(app.screen.query_one("#top-line"))
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        # open each file: card, contacts and timeline show the text as typed
        order = [k.value for k in table.rows]  # most urgent first
        for i, cid in enumerate(order):
            name = HOSTILE[ids.index(cid)]
            if i:
                await pilot.press("down")  # the next row, by keyboard
            assert app.screen.selected_child_id() == cid
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ChildFileScreen)
            card = text_of(app.screen.query_one("#card"))
            title = text_of(app.screen.query_one("#child-title"))
            assert "[link=x]城" in card
            if name.startswith("["):
                assert name in title
            detail = text_of(app.screen.query_one("#entry-detail"))
            assert "[u]记录" in detail
            assert "\x1b" not in card + title + detail
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running  # the [@click=app.quit] name did not quit anything
        await app.action_quit()
