"""The dashboard: most urgent first, the top line (date, term, week, phase), the command
palette's entries, finding children by class."""

import datetime as dt

import pytest
from conftest_tui import (
    PASS,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from rich.cells import cell_len

from mentor_tui.config import Config
from mentor_tui.db.children import add_child
from mentor_tui.db.entries import log_entry
from mentor_tui.db.settings import add_term, set_setting
from mentor_tui.db.vault import create_vault
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.unlock import UnlockScreen

# One duty: a talk at least every 30 days (the rolling limit), so each child's lateness is
# set by the date of her last talk.
GAP_POLICY = """
[policy]
id = "gap"
label = { zh = "间隔", en = "Gap" }

[[duty]]
id = "talk"
label = { zh = "谈心", en = "Talk" }
kind = "talk"
outcomes = ["done"]
cadence = "per_term"
times = 1
max_gap_days = 30
"""


def row_keys(app) -> list[str]:
    return [k.value for k in app.screen.query_one("#children").rows]


def seed_gap_children(paths) -> tuple[str, str, str]:
    """A profile on GAP_POLICY with three children: talked with 4 days ago, 3 days overdue,
    20 days overdue (at TODAY); their class order is the reverse of their urgency order."""
    vault = create_vault(paths, "王老师", PASS)
    try:
        set_setting(vault, "policy_toml", GAP_POLICY)
        add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
        paired = dt.date(2026, 9, 1)
        done = add_child(vault, "陈一", added_on=paired, class_name="一年级一班")
        late3 = add_child(vault, "陈二", added_on=paired, class_name="二年级一班")
        late20 = add_child(vault, "陈三", added_on=paired, class_name="三年级一班")
        log_entry(vault, done, "talk", dt.date(2026, 11, 19))  # next due 12-19
        log_entry(vault, late3, "talk", dt.date(2026, 10, 18))  # due 11-17
        log_entry(vault, late20, "talk", dt.date(2026, 10, 1))  # due 10-31
    finally:
        vault.close()
    return done, late3, late20


async def test_dashboard_rows_overdue_first(paths):
    done, late3, late20 = seed_gap_children(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert row_keys(app) == [late20, late3, done]
        table = app.screen.query_one("#children")
        assert [str(table.get_cell(k, "talk")) for k in row_keys(app)] == [
            "! 逾期20天",
            "! 逾期3天",
            "✓ 已完成",
        ]
        await app.action_quit()


@pytest.mark.parametrize(
    "language,words",
    [
        ("zh", ["2026年11月5日 周四", "2026年秋季学期", "第10周", "期中"]),
        ("en", ["Thu 5 Nov 2026", "2026年秋季学期", "week 10", "mid-term"]),
    ],
)
async def test_top_line_shows_phase(paths, language, words):
    # the term 2026-09-01..2027-01-15: its middle is the week of 2 November, and the mid-term
    # window the three weeks around it (26 Oct - 15 Nov); 5 November is in week 10
    seed_profile(paths)
    app = make_app(paths, today=dt.date(2026, 11, 5), config=Config(language=language))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        line = text_of(app.screen.query_one("#top-line"))
        assert " · ".join(words) in line
        await app.action_quit()


REQUIRED = ["新建学生", "同步", "导出", "锁定", "设置", "帮助", "配色", "切换语言 / Language"]


async def test_palette_lists_required_commands(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        results = app.screen.query_one("OptionList")
        titles = [
            str(results.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(results.option_count)
        ]
        for title in REQUIRED:
            assert title in titles
        await type_text(pilot, "锁定")
        await settle(pilot, 2)
        await pilot.press("enter")
        await settle(pilot)
        assert app.vault is None
        assert isinstance(app.screen, UnlockScreen) and app.screen.locked
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_palette_and_theme_picker_speak_her_language(paths, language):
    """Textual's own words in the palette (placeholder, "no matches") go through i18n."""
    from textual.command import CommandInput

    from mentor_tui.core.i18n import t

    seed_profile(paths)
    app = make_app(paths, config=Config(language=language))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        assert app.screen.query_one(CommandInput).placeholder == t(
            "palette.placeholder", lang=language
        )
        await type_text(pilot, "qqqqxj")
        await pilot.pause(0.8)  # Textual waits 0.5 s before saying nothing matched
        await settle(pilot, 2)
        results = app.screen.query_one("OptionList")
        prompts = [results.get_option_at_index(i).prompt for i in range(results.option_count)]
        assert [p.renderable.plain for p in prompts] == [t("palette.no_matches", lang=language)]
        await pilot.press("escape")
        await settle(pilot)
        app.action_change_theme()
        await settle(pilot, 2)
        assert app.screen.query_one(CommandInput).placeholder == t("palette.themes", lang=language)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+c")  # a reflex from other programs: say which key quits
        await settle(pilot)
        [notice] = list(app._notifications)
        assert str(notice.message) == t("app.how_to_quit", lang=language, keys="^q")
        assert notice.title == t("app.how_to_quit_title", lang=language)
        assert app.vault is not None  # still open
        await app.action_quit()


async def test_search_by_class(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        assert app.focused.id == "search"
        await type_text(pilot, "四年级一班")
        assert row_keys(app) == [seed.wang_fang]
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "三年级")
        assert sorted(row_keys(app)) == sorted([seed.li_ming, seed.zhang_wei])
        await pilot.press("enter")  # back to the list, the filter kept
        assert app.focused.id == "children"
        assert len(row_keys(app)) == 2
        await pilot.press("escape")  # clears the search
        assert len(row_keys(app)) == 3
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_key_bar_fits_80_columns(paths, language):
    """The dashboard's important keys are all visible at 80x24, even with a draft to resume."""
    from mentor_tui.db.settings import save_draft

    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        save_draft(
            vault,
            f"new:{seed.li_ming}:talk",
            {"child_id": seed.li_ming, "kind": "talk", "text": "草稿"},
        )
    finally:
        vault.close()
    app = make_app(paths, config=Config(language=language))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        bar = app.screen.query_one("KeyBar")
        shown = text_of(bar).rstrip("\n")
        assert "…" not in shown  # nothing cut off
        assert cell_len(shown) <= 80
        for key in ("f1", "/", " n ", " r ", " ! ", "t v p g d", " a ", "^l"):
            assert key in shown, (key, shown)
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_child_file_key_bar_wraps_between_items_at_80_columns(paths, language):
    """The child file has twelve keys: at 80 columns they take two lines, broken between
    items, and every one is on screen; at 160 columns one line is enough."""
    from conftest_tui import open_file

    from mentor_tui.widgets.keybar import bar_items

    seed_profile(paths)
    for width, n_lines in ((80, 2), (160, 1)):
        app = make_app(paths, config=Config(language=language))
        async with app.run_test(size=(width, 24)) as pilot:
            await unlock(pilot)
            await open_file(pilot, "lm")
            await settle(pilot)
            bar = app.screen.query_one("KeyBar")
            lines = text_of(bar).rstrip("\n").split("\n")
            assert len(lines) == n_lines and bar.region.height == n_lines
            assert all("…" not in line and cell_len(line) <= width for line in lines)
            shown = "\n".join(lines)
            for keys, label in bar_items(app.screen):
                assert f" {keys} {label} " in shown, (keys, label, shown)  # never split
            await app.action_quit()


async def test_f1_lists_every_key_unclipped_in_chinese_at_80_columns(paths):
    """Chinese has no spaces to wrap at: a long action folds onto a second line instead of
    ending in "…"; ctrl+p and ctrl+q are listed."""
    from mentor_tui.screens.help import HelpScreen

    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = text_of(app.screen.query_one("#help-table"))
        assert "…" not in table and "ctrl+p" in table and "ctrl+q" in table
        assert "语言" in table  # the palette line's last words, folded onto the next line
        await pilot.press("escape")
        await app.action_quit()
