"""Risk flags wired into the app: the banner on the dashboard (pinned statutory flags only), `!`
on the dashboard and in the child file, palette entries "risk flags" and "log an absence"."""

from __future__ import annotations

from conftest_tui import (
    TODAY,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from test_tui_wiring_sync import palette

from mentor_tui.config import Config
from mentor_tui.db import flags as db
from mentor_tui.db.entries import log_entry
from mentor_tui.screens.child_file import ChildFileScreen
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.flag_form import AbsenceForm
from mentor_tui.screens.flags import FlagListScreen
from mentor_tui.widgets.dialogs import ChildPicker
from mentor_tui.widgets.flag_banner import FlagBanner


def banner(app) -> FlagBanner:
    assert isinstance(app.screen, DashboardScreen)
    return app.screen.query_one("#flags", FlagBanner)


def flag_children(app) -> list[str]:
    table = app.screen.query_one("#flag-table")
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def test_banner_shows_an_open_mandatory_report_and_bang_opens_the_list(paths):
    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        db.open_flag(v, seed.li_ming, "violence", "手臂有淤青 [b]不是标记[/b]")
        db.open_flag(v, seed.wang_fang, "other", "只是记一下")  # not statutory: not pinned
    finally:
        v.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        shown = banner(app)
        assert shown.display
        text = text_of(shown)
        assert "⚠ 强制报告" in text and "李明" in text and "需报告" in text
        assert "王芳" not in text
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, FlagListScreen) and app.screen.child_id is None
        assert sorted(flag_children(app)) == ["李明", "王芳"]
        await pilot.press("escape")
        await settle(pilot)
        assert banner(app).display
        await app.action_quit()


async def test_no_pinned_flag_no_banner_even_with_a_risk_note(paths):
    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:  # a risk note used to put a line on the dashboard; only flags do now
        log_entry(v, seed.wang_fang, "risk_note", TODAY, text="手臂有淤青")
    finally:
        v.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert app.screen.data is not None and app.screen.data.pinned == []
        assert not banner(app).display
        await app.action_quit()


async def test_bang_in_the_child_file_lists_that_childs_flags(paths):
    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        db.open_flag(v, seed.li_ming, "violence", "手臂有淤青")
        db.open_flag(v, seed.wang_fang, "harm", "摔伤")
    finally:
        v.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await pilot.press("l", "m")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, FlagListScreen)
        assert app.screen.child_id == seed.li_ming
        assert flag_children(app) == ["李明"]
        await app.action_quit()


async def test_palette_log_an_absence_raises_a_flag_shown_in_the_banner(paths):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert not banner(app).display
        for day in ("2026-11-19", "2026-11-20"):
            await palette(pilot, "记录缺勤", "记录缺勤")
            assert isinstance(app.screen, ChildPicker)
            choices = [label for _cid, label in app.screen.choices]
            await pilot.press(*["down"] * choices.index("张伟"), "enter")
            await settle(pilot)
            assert isinstance(app.screen, AbsenceForm)
            await type_text(pilot, day)
            await pilot.press("f2")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
        text = text_of(banner(app))
        assert banner(app).display and "控辍保学" in text and "张伟" in text
        await palette(pilot, "风险预警", "风险预警")
        assert isinstance(app.screen, FlagListScreen) and flag_children(app) == ["张伟"]
        await app.action_quit()


async def test_dashboard_banner_leaves_once_every_step_is_recorded(paths):
    """On the app's own dashboard: the banner shows the open mandatory report with its
    progress, stays while steps are missing and is gone once all three are recorded."""
    from test_flags_tui import record_step

    from mentor_tui.screens.flags import FlagDetail

    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        db.open_flag(v, seed.li_ming, "violence", "手臂有淤青")
    finally:
        v.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        text = text_of(banner(app))
        assert banner(app).display and "李明" in text and "0/3 步" in text and "需报告" in text

        async def steps_then_back(*to_whom: str) -> None:
            await pilot.press("exclamation_mark")
            await settle(pilot)
            assert isinstance(app.screen, FlagListScreen)
            app.screen.query_one("#flag-table").focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FlagDetail)
            for who in to_whom:
                await record_step(pilot, who)
            await pilot.press("escape")  # the detail
            await settle(pilot)
            await pilot.press("escape")  # the list: back on the dashboard
            await settle(pilot)

        await steps_then_back("城关派出所 李警官", "张校长")
        text = text_of(banner(app))
        assert banner(app).display and "2/3 步" in text and "需报告" not in text
        await steps_then_back("奶奶、父亲（电话）")
        assert not banner(app).display
        assert app.screen.data.pinned == []
        assert [f.status for f in db.open_flags(app.vault)] == ["reported"]  # open, complete
        await app.action_quit()
