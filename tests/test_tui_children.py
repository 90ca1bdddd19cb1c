"""New child from the dashboard (validation before saving) and `mentor demo`."""

from conftest_tui import (
    TODAY,
    clear_field,
    focus_by_keys,
    make_app,
    open_file,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)

from mentor_tui.db.children import list_children
from mentor_tui.screens.child_form import ChildForm
from mentor_tui.screens.dashboard import DashboardScreen


async def test_new_child_with_validation(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, ChildForm)
        await pilot.press("f2")  # no name
        assert "姓名" in text_of(app.screen.query_one("#form-error"))
        assert app.focused.id == "name"
        await type_text(pilot, "赵小红")
        await focus_by_keys(pilot, "birth_date")
        await type_text(pilot, "2017-02-30")
        await pilot.press("f2")
        assert "2017-02-30" in text_of(app.screen.query_one("#form-error"))
        assert app.focused.id == "birth_date"
        await clear_field(pilot)
        await type_text(pilot, "2017-02-28")
        await focus_by_keys(pilot, "class_name", "shift+tab")
        await type_text(pilot, "二年级一班")
        await focus_by_keys(pilot, "home_phone")
        await type_text(pilot, "999")
        await pilot.press("f2")
        assert "999" in text_of(app.screen.query_one("#form-error"))
        assert app.focused.id == "home_phone"
        assert len(list_children(app.vault)) == 3  # nothing saved yet
        await clear_field(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        new = [c for c in list_children(app.vault) if c.name == "赵小红"]
        assert [(c.class_name, c.birth_date.isoformat(), c.added_on) for c in new] == [
            ("二年级一班", "2017-02-28", TODAY)
        ]
        assert new[0].id in [k.value for k in app.screen.query_one("#children").rows]
        await app.action_quit()


async def test_demo_opens_without_a_passphrase(paths):
    from mentor_tui.db.demo import demo_profile_name, ensure_demo

    ensure_demo(paths, children=4, today=TODAY)
    app = make_app(paths, profile_name=demo_profile_name(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#children").row_count == 4
        await app.action_quit()


async def test_edit_child_keeps_other_fields(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "wf")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChildForm)
        assert app.screen.query_one("#name").value == "王芳"
        await focus_by_keys(pilot, "interests")
        await type_text(pilot, "唱歌")
        await pilot.press("f2")
        await settle(pilot)
        [child] = [c for c in list_children(app.vault) if c.id == seed.wang_fang]
        assert (child.name, child.class_name, child.interests) == ("王芳", "四年级一班", "唱歌")
        assert child.added_on.isoformat() == "2026-09-01"
        assert "唱歌" in text_of(app.screen.query_one("#card"))
        await app.action_quit()
