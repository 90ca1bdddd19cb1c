"""Logging at keyboard speed, and keys that never go astray (issue 16).

Keys are counted from the dashboard with a child selected; "text" is what she writes in the
notes (a paste here: pilot.press drops Chinese), "save" is F2. The type-ahead and error-modal
tests send keys without waiting between them, as a quick typist does."""

import datetime as dt

from conftest_tui import (
    PASS,
    TODAY,
    focus_by_keys,
    make_app,
    open_file,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from textual import events

from mentor_tui.config import Config, load_config
from mentor_tui.db.entries import entries_for_child, group_entries, log_entry
from mentor_tui.screens.child_file import ChildFileScreen
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.error_modal import ErrorModal
from mentor_tui.screens.help import HelpScreen
from mentor_tui.screens.quick_entry import QuickEntry
from mentor_tui.screens.unlock import UnlockScreen
from mentor_tui.screens.welcome import WelcomeScreen
from mentor_tui.screens.wizard import WizardScreen


class Keys:
    """Presses keys and counts them."""

    def __init__(self, pilot) -> None:
        self.pilot, self.count = pilot, 0

    async def __call__(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)
        await settle(self.pilot)


def selected(app) -> str:
    table = app.screen.query_one("#children")
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


async def save(pilot) -> None:
    await pilot.press("f2")
    await settle(pilot)


async def test_a_done_talk_is_two_keys_the_text_and_save(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        child = selected(app)
        keys = Keys(pilot)
        await keys("t")  # the talk form, at its record card
        await keys("f5")  # to the notes
        await type_text(pilot, "聊了运动会，很开心。")
        await save(pilot)
        assert keys.count <= 2
        assert isinstance(app.screen, DashboardScreen)
        talk = next(e for e in entries_for_child(app.vault, child) if e.entered_at.date())
        assert (talk.kind, talk.outcome, talk.occurred_on) == ("talk", "done", TODAY)
        assert talk.text == "聊了运动会，很开心。" and not talk.group_id
        await app.action_quit()


async def test_an_unreachable_parent_call_is_p_2_and_save(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        child = selected(app)
        keys = Keys(pilot)
        await keys("p")  # the call form, at its outcome
        await keys("2")  # attempted, unreachable
        form = app.screen
        assert form.query_one("#row-reason").display  # the reason appears ...
        reason = form.query_one("#skip_reason")
        assert "*" not in text_of(form.query_one("#reason-label"))  # ... and is not required
        assert reason.placeholder == "可不填"
        await save(pilot)
        assert keys.count <= 3
        [call] = entries_for_child(app.vault, child, kinds=["parent_call"])
        assert (call.outcome, call.skip_reason) == ("attempted_unreachable", "")
        await app.action_quit()


async def test_a_skipped_check_in_says_its_reason_is_required(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("v", "f4", "3")  # a home visit, to the outcome, skipped
        form = app.screen
        assert text_of(form.query_one("#reason-label")).strip().endswith("*")
        assert form.query_one("#skip_reason").placeholder.startswith("必填")
        await pilot.press("1")  # done: no reason at all
        assert not form.query_one("#row-reason").display
        await app.action_quit()


async def test_digits_in_a_text_field_are_text(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("t", "2", "3")  # focus in the first card field (place)
        form = app.screen
        assert form.query_one("#card-place").value == "23"
        assert form.outcome() == "done"
        await pilot.press("f4", "right")  # the arrows choose in the outcome row
        assert form.outcome() == "attempted_unreachable"
        await app.action_quit()


async def test_a_group_talk_for_three_children_is_six_keys_the_text_and_save(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        rows = [k.value for k in app.screen.query_one("#children").rows]
        keys = Keys(pilot)
        await keys("space", "space", "space")  # tick three children (each moves down)
        assert app.screen.ticked == rows[:3]
        assert "已选 3 人" in text_of(app.screen.query_one("#dashboard-note"))
        await keys("t")
        form = app.screen
        assert isinstance(form, QuickEntry) and form.group
        assert "集体 3 人" in text_of(form.query_one("#entry-title"))
        await keys("f5")
        await type_text(pilot, "班会：怎样交朋友。")
        await save(pilot)
        assert keys.count <= 6
        assert isinstance(app.screen, DashboardScreen) and app.screen.ticked == []
        logged = [entries_for_child(app.vault, cid, kinds=["talk"]) for cid in rows[:3]]
        news = [next(e for e in es if e.text == "班会：怎样交朋友。") for es in logged]
        assert len({e.id for e in news}) == 3  # each child her own entry
        assert len({e.group_id for e in news}) == 1 and news[0].group_id  # of one group
        await app.action_quit()


async def test_a_group_entry_is_one_line_in_each_timeline_and_edited_together(paths):
    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        from mentor_tui.db.entries import save_group

        group = save_group(
            vault,
            None,
            [seed.li_ming, seed.zhang_wei],
            "home_visit",
            occurred_on=dt.date(2026, 11, 16),
            text="兄妹俩一起家访",
        )
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        for query, other in (("lm", "张伟"), ("zw", "李明")):
            await open_file(pilot, query)
            timeline = app.screen.query_one("#timeline")
            kinds = [str(timeline.get_cell_at((r, 1))) for r in range(timeline.row_count)]
            assert kinds.count("家访 · 集体2人") == 1, kinds
            row = kinds.index("家访 · 集体2人")
            timeline.move_cursor(row=row)
            await settle(pilot)
            detail = text_of(app.screen.query_one("#entry-detail"))
            assert "一起的还有" in detail and other in detail
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("escape")  # the search
        await open_file(pilot, "lm")
        timeline = app.screen.query_one("#timeline")
        kinds = [str(timeline.get_cell_at((r, 1))) for r in range(timeline.row_count)]
        timeline.move_cursor(row=kinds.index("家访 · 集体2人"))
        await pilot.press("enter")  # edit it: the whole group
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuickEntry) and form.group
        assert "张伟" in text_of(form.query_one("#entry-children"))
        await pilot.press("f5", "end")
        await type_text(pilot, "，奶奶也在。")
        await save(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        texts = {e.child_id: e.text for e in group_entries(app.vault, group)}
        assert texts == {
            seed.li_ming: "兄妹俩一起家访，奶奶也在。",
            seed.zhang_wei: "兄妹俩一起家访，奶奶也在。",
        }
        await app.action_quit()


async def test_her_earlier_words_are_suggested_most_recent_first(paths):
    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        log_entry(vault, seed.li_ming, "talk", dt.date(2026, 10, 8), card={"place": "教学楼"})
        log_entry(vault, seed.wang_fang, "talk", dt.date(2026, 11, 9), card={"place": "教室"})
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.focused.id == "card-place"
        await type_text(pilot, "教")
        await settle(pilot)
        await pilot.press("right")  # takes the grey suggestion
        assert app.focused.value == "教室"
        await pilot.press("ctrl+u")
        await type_text(pilot, "教学")
        await settle(pilot)
        await pilot.press("right")
        assert app.focused.value == "教学楼"
        await app.action_quit()


async def test_f1_in_a_form_lists_its_fields_and_their_keys(paths):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("p", "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        fields = dict(app.screen.fields)
        assert list(fields)[:3] == ["Date", "Outcome", "Called"]
        assert "f3" in fields["Date"]
        assert "f4" in fields["Outcome"] and "1 2 3" in fields["Outcome"]
        assert "f5" in fields["Notes (several lines)"]
        assert "Tab" in fields["Called"]
        assert "f6" in fields["Children"]
        await app.action_quit()


async def test_the_search_box_shows_its_own_keys(paths):
    from mentor_tui.widgets.keybar import bar_items

    seed_profile(paths)
    app = make_app(paths, config=Config(language="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await settle(pilot)
        items = {label: keys for keys, label in bar_items(app.screen)}
        assert "To the list" in items and "⏎" in items["To the list"]
        assert "↓" in items["To the list"]
        assert items["Clear the search"] == "esc"
        assert "Log" not in items and "Search" not in items  # letters are text here
        await type_text(pilot, "lm")
        await pilot.press("down")
        assert app.focused.id == "children"
        items = {label: keys for keys, label in bar_items(app.screen)}
        assert "Log" in items and "To the list" not in items
        await app.action_quit()


async def test_a_search_in_force_stays_visible_after_settings(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "lm")
        await pilot.press("enter")
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        await type_text(pilot, "设置")
        await settle(pilot, 2)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2")  # saved: every screen draws its words again
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert [k.value for k in screen.query_one("#children").rows] == [seed.li_ming]
        box = screen.query_one("#search")
        assert box.display and box.value == "lm"  # the filter is in view
        assert "lm" in text_of(screen.query_one("#dashboard-note"))
        await pilot.press("escape")
        assert len(screen.query_one("#children").rows) == 3 and not box.display
        await app.action_quit()


def key(name: str) -> events.Key:
    """The key event a terminal sends (space carries its character)."""
    return events.Key(name, " " if name == "space" else name if len(name) == 1 else None)


async def to_the_wizard(pilot) -> None:
    """From the first screen (a new teacher, or restore from her stick): 1, the wizard."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, WelcomeScreen)
    await pilot.press("1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)


async def test_keys_typed_ahead_in_the_wizard_never_land_in_a_name_field(paths):
    """She types her name, Enter, the school, Enter and at once her passphrase, faster than
    the screen changes step: the passphrase goes to the passphrase field (hidden), never in
    clear into the name or the school."""
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_wizard(pilot)
        typed = ["W", "a", "n", "g", "enter", "S", "c", "h", "enter", *"secret-pass", "enter"]
        for name in typed + [*"secret-pass"]:
            app.post_message(key(name))  # no waiting between keys
        await settle(pilot)
        wizard = app.screen
        assert wizard.query_one("#teacher").value == "Wang"
        assert wizard.query_one("#school").value == "Sch"
        assert wizard.query_one("#pass1").value == "secret-pass"
        assert wizard.query_one("#pass2").value == "secret-pass"
        assert wizard.query_one("#pass1").password and wizard.query_one("#pass2").password
        shown = app.export_screenshot()
        assert "secret" not in shown  # never on screen in clear
        await app.action_quit()


async def test_the_wizard_says_each_passphrase_rule_as_she_types(paths):
    app = make_app(paths, config=Config(language="en"))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_wizard(pilot)
        await type_text(pilot, "Wang")
        await pilot.press("enter", "enter")  # the next field, then the next step
        assert app.focused.id == "pass1"
        await type_text(pilot, "abc")
        wizard = app.screen
        assert text_of(wizard.query_one("#rule-length")).startswith("✗ at least 8 characters")
        assert "(3 so far)" in text_of(wizard.query_one("#rule-length"))
        await pilot.press("enter")  # to the second field
        await type_text(pilot, "abd")
        assert text_of(wizard.query_one("#rule-match")).startswith("✗")
        await pilot.press("enter")  # the last field: the step is checked, and says why not
        assert "at least 8" in text_of(wizard.query_one("#wizard-error"))
        assert wizard.query_one("#wizard-error").region.height  # on screen, not pushed off
        await pilot.press("shift+tab", "end")
        await type_text(pilot, "defgh")
        assert text_of(wizard.query_one("#rule-length")).startswith("✓")
        await pilot.press("tab", "end", "backspace")
        await type_text(pilot, "cdefgh")
        assert text_of(wizard.query_one("#rule-match")).startswith("✓")
        await pilot.press("enter")
        assert wizard.step == 2  # the term
        await app.action_quit()


async def test_keys_typed_while_the_error_shows_go_to_the_field_after_it_closes(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "wrong passphrase")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        for ch in PASS:  # she types it again at once, before closing the message
            if ch.isascii():
                app.post_message(key("space" if ch == " " else ch))
            else:
                app.post_message(events.Paste(ch))
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)  # space no longer closes it
        await pilot.press("enter")  # closes the message
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase").value == PASS  # nothing swallowed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


async def test_f6_makes_one_check_in_for_several_children(paths):
    """From one child's form: F6 ticks more children ([x] and [ ]), and the save gives each
    her own entry of one group."""
    from mentor_tui.widgets.dialogs import ChildrenPicker

    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "lm")
        await pilot.press("enter", "v", "f6")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ChildrenPicker) and picker.ticked == [seed.li_ming]
        order = [cid for cid, _name, _cls in picker.kids]
        assert str(
            picker.query_one("#choices").get_option_at_index(order.index(seed.li_ming)).prompt
        ).startswith("[x]")
        picker.query_one("#choices").highlighted = order.index(seed.wang_fang)
        await pilot.press("space", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuickEntry) and form.group
        assert form.child_ids == [seed.li_ming, seed.wang_fang]
        assert "王芳" in text_of(form.query_one("#entry-children"))
        await save(pilot)
        visits = [
            entries_for_child(app.vault, cid, kinds=["home_visit"])
            for cid in (seed.li_ming, seed.wang_fang)
        ]
        assert [len(v) for v in visits] == [1, 1]
        assert visits[0][0].group_id and visits[0][0].group_id == visits[1][0].group_id
        await app.action_quit()


async def test_the_black_and_white_look_is_chosen_in_settings_and_kept(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert app.theme != "mentor-mono"
        app.action_settings()
        await settle(pilot)
        await focus_by_keys(pilot, "theme")
        await pilot.press("right")  # the arrows choose in a row of options: 黑白
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.theme == "mentor-mono"
        await app.action_quit()
    assert load_config(paths.config_file).theme == "mentor-mono"
    again = make_app(paths, config=load_config(paths.config_file))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "mentor-mono"  # from config.toml, without NO_COLOR
        await again.action_quit()
