"""Start: first-run wizard, unlock with a wrong then the right passphrase."""

from conftest_tui import PASS, TODAY, clear_field, make_app, seed_profile, settle, type_text, unlock

from mentor_tui.db.children import list_children
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.settings import get_setting, list_terms
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.error_modal import ErrorModal
from mentor_tui.screens.unlock import UnlockScreen
from mentor_tui.screens.welcome import WelcomeScreen
from mentor_tui.screens.wizard import WizardScreen


async def test_first_run_wizard_creates_profile_term_and_child(paths):
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)  # the first screen: new teacher / restore
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert app.focused.id == "teacher"
        await type_text(pilot, "张老师")
        await pilot.press("enter")
        assert app.focused.id == "school"
        await type_text(pilot, "青山镇中心小学")
        await pilot.press("enter")
        # step 2: passphrase; a mismatch is refused with a message
        assert app.focused.id == "pass1"
        await type_text(pilot, PASS)
        await pilot.press("enter")
        assert app.focused.id == "pass2"
        await type_text(pilot, "something else")
        await pilot.press("enter")
        error = app.screen.query_one("#wizard-error").render()
        assert "不一致" in str(error)
        assert app.screen.step == 1
        assert app.focused.id == "pass2"  # still in the second box: retype it
        await clear_field(pilot)
        await type_text(pilot, PASS)
        await pilot.press("enter")
        assert app.screen.step == 2
        # step 3: computed defaults for the term around the (frozen) date
        assert app.screen.query_one("#term_start").value == "2026-09-01"
        assert app.screen.query_one("#term_end").value == "2027-01-15"
        await pilot.press("f2")
        assert app.screen.step == 3
        assert app.focused.id == "child_name"
        await type_text(pilot, "李明")
        await pilot.press("enter")
        await type_text(pilot, "三年级二班")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#children").row_count == 1
        vault = app.vault
        assert [p.name for p in list_profiles(paths)] == ["张老师"]
        kids = list_children(vault)
        assert [(c.name, c.class_name, c.added_on) for c in kids] == [("李明", "三年级二班", TODAY)]
        assert get_setting(vault, "school") == "青山镇中心小学"
        assert get_setting(vault, "policy") == "default"
        [term] = list_terms(vault)
        assert (term.start.isoformat(), term.end.isoformat()) == ("2026-09-01", "2027-01-15")
        await app.action_quit()


async def test_unlock_wrong_then_right_passphrase(paths):
    seed_profile(paths)
    seed_profile(paths, name="李老师")
    app = make_app(paths, profile_name="王老师")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await type_text(pilot, "wrong passphrase")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert app.screen.message == "口令不对，请重新输入。"
        assert app.vault is None
        await pilot.press("escape")
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase").value == ""  # never kept on screen
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.vault is not None and app.vault.profile.name == "王老师"
        await app.action_quit()


async def test_profile_picker_shows_names_and_picks_the_highlighted(paths):
    seed_profile(paths)
    seed_profile(paths, name="李老师")
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = app.screen.query_one("#profiles")
        assert [str(picker.get_option_at_index(i).prompt) for i in range(2)] == ["王老师", "李老师"]
        await pilot.press("shift+tab", "down", "enter")  # to the list, next name, back to input
        await unlock(pilot)
        assert app.vault.profile.name == "李老师"
        await app.action_quit()
