"""After a save, the dashboard recomputes only the saved child's row (db.ui_queries
dashboard_row): each row must equal that child's row in a full recomputation, on a real vault
with every kind of entry, two terms, an archived child and an open plan's review, and the
re-sorted list in the app must equal a fresh full dashboard."""

from __future__ import annotations

import datetime as dt

from conftest_tui import TODAY, make_app, settle, text_of, type_text, unlock
from test_tui_dashboard import seed_gap_children

from mentor_tui.core.demo_data import generate
from mentor_tui.db import flags
from mentor_tui.db.children import archive_child, list_children
from mentor_tui.db.demo import load_into
from mentor_tui.db.ui_queries import dashboard, dashboard_row
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.quick_entry import QuickEntry

DAY = dt.date(2026, 11, 20)


def test_each_row_equals_its_row_in_the_whole_dashboard(vault):
    load_into(vault, generate(children=12, years=2, seed=3, today=DAY, every_kind=True))
    kids = list_children(vault)
    archive_child(vault, kids[0].id, "转学", on=DAY - dt.timedelta(days=10))
    fid = flags.open_flag(vault, kids[1].id, "study_collapse", "期中数学 32 分")
    flags.add_plan(vault, fid, "及格", "每天辅导", "王老师", DAY - dt.timedelta(days=2))
    whole = {r.child_id: r for r in dashboard(vault, DAY, include_archived=True).rows}
    assert len(whole) == 12 and any(r.archived for r in whole.values())
    assert any(m.duty_id == "plan_review" for m in (whole[kids[1].id].others,) if m)
    for cid, row in whole.items():
        one, drafts = dashboard_row(vault, DAY, cid)
        assert one == row, cid
        assert drafts == dashboard(vault, DAY).drafts


def test_a_child_who_is_gone_has_no_row(vault):
    assert dashboard_row(vault, DAY, "0" * 32)[0] is None


async def test_saving_from_the_dashboard_updates_and_resorts_like_a_full_reload(paths):
    """One duty, a talk every 30 days (test_tui_dashboard's policy): the most overdue child
    goes to the bottom once her talk is logged, exactly as a full reload would put her."""
    done, late3, late20 = seed_gap_children(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = app.screen
        table = screen.query_one("#children")
        assert [k.value for k in table.rows] == [late20, late3, done]
        table.move_cursor(row=0)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry)
        await type_text(pilot, "聊了运动会")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        fresh = dashboard(app.vault, TODAY)
        assert screen.data.rows == fresh.rows  # the same rows, in the same order
        assert [k.value for k in table.rows] == [late3, done, late20]
        assert str(table.get_cell(late20, "talk")) == "✓ 已完成"
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == late20
        assert "✎" not in text_of(screen.query_one("#dashboard-note"))  # its draft went too
        await app.action_quit()
