"""Locking: idle timeout, wall-clock jump, the lock key. Locking hides everything and closes the
vault; unlocking restores the child file and the open draft."""

from conftest_tui import (
    FakeClock,
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

from mentor_tui.config import Config
from mentor_tui.db.children import contacts_of, get_child
from mentor_tui.db.entries import entries_for_child
from mentor_tui.db.settings import list_drafts
from mentor_tui.screens.child_file import ChildFileScreen
from mentor_tui.screens.child_form import ChildForm
from mentor_tui.screens.contact_form import ContactForm
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.quick_entry import QuickEntry
from mentor_tui.screens.settings import SettingsScreen
from mentor_tui.screens.unlock import UnlockScreen


def screen_text(app) -> str:
    return "".join(
        str(strip.text) for strip in app.screen._compositor.render_strips()
    )  # the text as drawn


async def test_idle_lock_then_unlock_restores_file_and_draft(paths):
    seed = seed_profile(paths)
    clock = FakeClock()
    app = make_app(paths, clock=clock, config=Config(language="zh", idle_minutes=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "lm")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("f5")  # to the notes
        await type_text(pilot, "孩子说想念爸爸，需要多关心。")
        vault = app.vault
        clock.advance(4 * 60)
        app.check_lock()
        assert app.vault is vault  # not idle long enough
        clock.advance(61)
        app.check_lock()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.screen.locked
        assert app.vault is None
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "UnlockScreen"]
        assert vault.db.is_closed() and vault.raw_key == b""
        # nothing of the child is on the screen any more
        shown = app.export_screenshot()
        assert "李明" not in shown and "想念爸爸" not in shown
        await unlock(pilot)
        assert [type(s).__name__ for s in app.screen_stack][1:] == [
            "DashboardScreen",
            "ChildFileScreen",
            "QuickEntry",
        ]
        assert app.screen.query_one("#text").text == "孩子说想念爸爸，需要多关心。"
        assert "恢复" in text_of(app.screen.query_one("#entry-note"))
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        [entry] = entries_for_child(app.vault, seed.li_ming)
        assert entry.text == "孩子说想念爸爸，需要多关心。"
        assert list_drafts(app.vault) == []  # the draft is gone once saved
        await app.action_quit()


async def test_wall_clock_jump_locks(paths):
    seed_profile(paths)
    clock = FakeClock()
    app = make_app(paths, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        clock.advance(10)
        app.check_lock()
        assert app.vault is not None
        clock.advance(10, wall_extra=3600)  # suspended for an hour
        app.check_lock()
        await settle(pilot)
        assert app.vault is None and isinstance(app.screen, UnlockScreen)
        await app.action_quit()


async def test_lock_key_and_activity_keeps_it_open(paths):
    seed_profile(paths)
    clock = FakeClock()
    app = make_app(paths, clock=clock, config=Config(language="zh", idle_minutes=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        clock.advance(50)
        await pilot.press("down")  # activity resets the idle time
        clock.advance(50)
        app.check_lock()
        assert app.vault is not None
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.vault is None and isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


async def test_draft_survives_a_crash(paths):
    """A draft saved while typing (no lock, no save) is offered back next time."""
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "wf")
        await pilot.press("enter", "g")
        await settle(pilot)
        await pilot.press("f5")  # a call starts at its outcome: to the notes
        await type_text(pilot, "奶奶说孩子晚上看手机。")
        app.screen._flush_draft()  # the one-second debounce, without waiting for it
        await settle(pilot)
        vault = app.vault
        app.vault = None  # the process dies: no lock, no save
        app.vault_call(vault.close)  # (only to free the file lock for the second run)
    app2 = make_app(paths)
    async with app2.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert "1 份未保存的草稿" in text_of(app2.screen.query_one("#dashboard-note"))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app2.screen, QuickEntry)
        assert app2.screen.kind == "guardian_contact" and app2.screen.child_id == seed.wang_fang
        assert app2.screen.query_one("#text").text == "奶奶说孩子晚上看手机。"
        await pilot.press("escape")  # text present: asks first
        await pilot.press("y")
        await settle(pilot)
        assert list_drafts(app2.vault) == []
        await app2.action_quit()


async def test_idle_lock_keeps_an_open_child_form(paths):
    seed = seed_profile(paths)
    clock = FakeClock()
    app = make_app(paths, clock=clock, config=Config(language="zh", idle_minutes=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "wf")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChildForm)
        await focus_by_keys(pilot, "interests")
        await type_text(pilot, "唱歌、跳绳")
        clock.advance(5 * 60 + 1)
        app.check_lock()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.vault is None
        shown = app.export_screenshot()
        assert "唱歌" not in shown and "王芳" not in shown
        await unlock(pilot)
        assert [type(s).__name__ for s in app.screen_stack][1:] == [
            "DashboardScreen",
            "ChildFileScreen",
            "ChildForm",
        ]
        assert app.screen.query_one("#interests").value == "唱歌、跳绳"
        assert app.screen.query_one("#name").value == "王芳"
        assert "恢复" in text_of(app.screen.query_one("#form-error"))
        assert list_drafts(app.vault) != []  # kept in the vault while locked
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        child = get_child(app.vault, seed.wang_fang)
        assert (child.name, child.interests, child.added_on.isoformat()) == (
            "王芳",
            "唱歌、跳绳",
            "2026-09-01",
        )
        assert list_drafts(app.vault) == []
        await app.action_quit()


async def test_lock_key_keeps_a_new_contact_and_settings(paths):
    seed = seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "lm")
        await pilot.press("c")
        await type_text(pilot, "张桂兰")
        await pilot.press("tab", "tab")
        await type_text(pilot, "13700137000")
        await pilot.press("ctrl+l")  # the lock key works inside the form
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.vault is None
        await unlock(pilot)
        assert isinstance(app.screen, ContactForm) and app.screen.contact_id is None
        assert app.screen.query_one("#contact_name").value == "张桂兰"
        assert app.screen.query_one("#phones").value == "13700137000"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ChildFileScreen)
        assert "张桂兰" in [c.name for c in contacts_of(app.vault, seed.li_ming)]
        assert list_drafts(app.vault) == []
        # settings: typed, locked, back as typed
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        await type_text(pilot, "设置")
        await settle(pilot, 2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("tab")
        assert app.focused.id == "idle"
        await pilot.press("end", "backspace", "9")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#idle").value == "9"
        await pilot.press("f2")
        await settle(pilot)
        assert app.config.idle_minutes == 9
        await app.action_quit()


async def test_cancelled_form_leaves_no_draft(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await type_text(pilot, "赵小红")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await unlock(pilot)
        assert isinstance(app.screen, ChildForm)
        assert app.screen.query_one("#name").value == "赵小红"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert list_drafts(app.vault) == []
        await pilot.press("n")  # a new form starts empty
        await settle(pilot)
        assert app.screen.query_one("#name").value == ""
        await app.action_quit()


async def test_lock_keeps_what_was_typed_in_a_flag_form(paths):
    """A step of a mandatory report half typed when the lab PC locks: after unlocking the
    form is back with the text, F2 records it, and no draft is left behind."""
    from mentor_tui.db import flags as flags_db
    from mentor_tui.screens.flag_form import RaiseFlagForm, StepForm

    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        fid = flags_db.open_flag(vault, seed.li_ming, "violence", "手臂有淤青")
    finally:
        vault.close()
    clock = FakeClock()
    app = make_app(paths, clock=clock, config=Config(language="zh", idle_minutes=5))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        app.push_screen(StepForm(fid, "police_report"))
        await settle(pilot)
        await type_text(pilot, "城关派出所 李警官")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.vault is None
        assert "李警官" not in app.export_screenshot()
        await unlock(pilot)
        assert isinstance(app.screen, StepForm) and app.screen.step_id == "police_report"
        assert app.screen.query_one("#to_whom").value == "城关派出所 李警官"
        assert "恢复" in text_of(app.screen.query_one("#form-error"))
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(app.screen, StepForm)
        flag = flags_db.get_flag(app.vault, fid)
        assert flag.checklist["police_report"]["to_whom"] == "城关派出所 李警官"
        assert list_drafts(app.vault) == []

        app.push_screen(RaiseFlagForm(seed.wang_fang, "王芳", "harm"))
        await settle(pilot)
        await type_text(pilot, "说有人欺负她")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await unlock(pilot)
        assert isinstance(app.screen, RaiseFlagForm) and "王芳" in text_of(
            app.screen.query_one(".dialog-title")
        )
        assert app.screen.query_one("#observed").value == "说有人欺负她"
        await pilot.press("escape")  # cancelled: its draft goes too
        await settle(pilot)
        assert list_drafts(app.vault) == []
        assert [f.category for f in flags_db.list_flags(app.vault)] == ["violence"]
        await app.action_quit()
