"""Quick entry from the dashboard: search by pinyin initials, talk, unreachable call,
backdated visit; the dashboard updates at once."""

import datetime as dt

import pytest
from conftest_tui import (
    TODAY,
    clear_field,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)

from mentor_tui.core.i18n import t
from mentor_tui.core.vocab import RECORD_CARD_FIELDS
from mentor_tui.db.entries import entries_for_child
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.help import HelpScreen
from mentor_tui.screens.quick_entry import QuickEntry


def row_keys(app):
    return [k.value for k in app.screen.query_one("#children").rows]


def cell(app, child_id, column):
    return str(app.screen.query_one("#children").get_cell(child_id, column))


async def search(pilot, text):
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")  # back to the list, filter kept


async def test_talk_for_child_found_by_pinyin_initials(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert cell(app, seed.li_ming, "talk") == "10天内"
        await search(pilot, "lm")
        assert row_keys(app) == [seed.li_ming]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry)
        assert "李明" in text_of(app.screen.query_one("#entry-title"))
        assert app.focused.id == "card-place"  # a talk starts at its record card
        await pilot.press("f5")  # to the notes
        assert app.focused.id == "text"
        await type_text(pilot, "最近想妈妈，成绩有进步。")
        await pilot.press("shift+tab")  # the last card field: follow-up
        assert app.focused.id == "card-follow_up"
        await type_text(pilot, "下周再谈")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        [entry] = entries_for_child(app.vault, seed.li_ming)
        assert (entry.kind, entry.outcome, entry.occurred_on) == ("talk", "done", TODAY)
        assert entry.text == "最近想妈妈，成绩有进步。"
        assert entry.card == {"follow_up": "下周再谈"}
        assert cell(app, seed.li_ming, "talk") == "✓ 已完成"  # updated at once
        await app.action_quit()


async def test_unreachable_parent_call(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await search(pilot, "zhangwei")
        await pilot.press("p")
        await settle(pilot)
        assert app.focused.id == "outcome"  # a call starts at its outcome
        await pilot.press("right")  # done -> attempted, unreachable: the arrow chooses
        await pilot.press("tab")
        assert app.focused.id == "skip_reason"
        await type_text(pilot, "关机")
        await pilot.press("ctrl+j")  # the save key every terminal delivers
        await settle(pilot)
        [entry] = entries_for_child(app.vault, seed.zhang_wei, kinds=["parent_call"])
        assert entry.outcome == "attempted_unreachable"
        assert entry.skip_reason == "关机"
        # an unreachable call does not count as done
        assert cell(app, seed.zhang_wei, "parent_call") == "10天内"
        await app.action_quit()


async def test_a_call_form_lists_the_numbers_to_ring(paths):
    """Logging a parent call, the child's contacts are at hand with their numbers (parents
    first; shown literally); a talk has no such line."""
    from mentor_tui.db.children import add_contact

    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        add_contact(
            vault,
            seed.li_ming,
            "[bold]李奶奶",
            "grandparent",
            phones=["13900139000"],
            is_primary=True,
        )
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await search(pilot, "lm")
        await pilot.press("p")
        await settle(pilot)
        line = "".join(text_of(app.screen.query_one("#entry-contacts")).split())
        assert line.startswith("父亲李建国13800138000（广州）")  # the parent before the primary
        assert "祖父母[bold]李奶奶13900139000" in line
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not app.screen.query_one("#entry-contacts").display
        await app.action_quit()


async def test_backdated_home_visit_and_skipped_needs_reason(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await search(pilot, "wf")
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("f3")  # to the date
        assert app.focused.id == "date"
        await type_text(pilot, "上周三")
        await pilot.press("f2")
        await settle(pilot)
        [entry] = entries_for_child(app.vault, seed.wang_fang, kinds=["home_visit"])
        assert entry.occurred_on == dt.date(2026, 11, 11)
        # a future date is refused, nothing saved
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("f3")
        assert app.focused.id == "date"
        await type_text(pilot, "2026-12-01")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry)
        assert "不能晚于今天" in text_of(app.screen.query_one("#entry-error"))
        assert app.focused.id == "date"  # the bad field keeps the focus
        # skipped without a reason is refused too
        await clear_field(pilot)
        await pilot.press("tab")
        assert app.focused.id == "outcome"
        await pilot.press("3")  # skipped
        await pilot.press("f2")
        assert "原因" in text_of(app.screen.query_one("#entry-error"))
        assert app.focused.id == "skip_reason"  # focus goes to the missing reason
        assert len(entries_for_child(app.vault, seed.wang_fang, kinds=["home_visit"])) == 1
        await app.action_quit()


@pytest.mark.parametrize(
    "key,kind",
    [
        ("t", "talk"),
        ("v", "home_visit"),
        ("p", "parent_call"),
        ("g", "guardian_contact"),
        ("d", "diary"),
    ],
)
async def test_record_card_fields_per_kind(paths, key, kind):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, QuickEntry) and app.screen.kind == kind
        cards = [w.id for w in app.screen.query("Input") if (w.id or "").startswith("card-")]
        assert cards == [f"card-{f}" for f in RECORD_CARD_FIELDS[kind]]
        # every card field is a tab stop, in order, between the outcome and the notes (the
        # reason is there only for an outcome that has one)
        chain = [w.id for w in app.screen.focus_chain]
        assert chain == ["date", "outcome", *cards, "text"]
        labels = " ".join(text_of(w) for w in app.screen.query("#entry-form Label"))
        for f in RECORD_CARD_FIELDS[kind]:
            assert t(f"card.{f}") in labels
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


async def test_f1_in_quick_entry_lists_its_keys(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        ids = {ident for _key, _desc, ident in app.screen.rows}
        assert {"entry.save", "entry.cancel", "app.help", "app.lock"} <= ids
        assert not any(i.startswith(("quick.", "dashboard.")) for i in ids)
        keys = {ident: key for key, _desc, ident in app.screen.rows}
        assert "f2" in keys["entry.save"].lower()
        await pilot.press("escape")
        assert isinstance(app.screen, QuickEntry)
        await app.action_quit()
