"""The one error handler: every worker failure becomes one sentence in a modal; an unexpected
exception shows err.unexpected (never its content); error text is never markup."""

from conftest_tui import (
    focus_by_keys,
    make_app,
    open_file,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from textual import events
from textual.app import App

from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.screens.contact_form import ContactForm
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.error_modal import ErrorModal

HOSTILE = "[bold]x[/bold][@click=app.quit]\x1b[31m\x1b]52;c;ZXZpbA==\x07"


def boom(*_args, **_kwargs):
    raise RuntimeError("李明 13800138000")


async def palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot, 2)
    await type_text(pilot, words)
    await settle(pilot, 2)
    await pilot.press("enter")
    await settle(pilot)


async def test_unexpected_error_in_dashboard_query(paths, monkeypatch):
    seed_profile(paths)
    monkeypatch.setattr("mentor_tui.db.ui_queries.dashboard", boom)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert text_of(app.screen.query_one("#error-message")).strip() == t("err.unexpected")
        shown = app.export_screenshot()
        assert "李明" not in shown and "13800138000" not in shown
        await pilot.press("enter")
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


async def test_conflict_and_sync_worker_failures_reach_the_handler(paths, monkeypatch, tmp_path):
    seed_profile(paths)
    monkeypatch.setattr("mentor_tui.db.conflicts.list_conflicts", boom)
    monkeypatch.setattr("mentor_tui.db.sync_import.prepare_import", boom)
    sync_file = tmp_path / "mentor-sync.mentorsync"  # the picker takes sync files only
    sync_file.write_bytes(b"not read: prepare_import fails first")
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await palette(pilot, "冲突记录")
        assert isinstance(app.screen, ErrorModal)
        assert text_of(app.screen.query_one("#error-message")).strip() == t("err.unexpected")
        assert "李明" not in app.export_screenshot()
        await pilot.press("escape")
        await pilot.press("escape")  # leave the conflicts screen
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await palette(pilot, "导入同步文件")
        await focus_by_keys(pilot, "picker-path")  # the file picker's typed path
        app.post_message(events.Paste(str(sync_file)))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert text_of(app.screen.query_one("#error-message")).strip() == t("err.unexpected")
        await pilot.press("escape")
        await pilot.press("n")  # the import dialog can still be closed
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


async def test_error_modal_shows_text_literally():
    err = ValidationError("err.bad_phone", field="phones", value=HOSTILE)
    app = Host(ErrorModal(str(err)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = text_of(app.screen.query_one("#error-message"))
        assert "[bold]x[/bold][@click=app.quit]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.press("enter")
        assert app.is_running  # the [@click=app.quit] text did nothing


async def test_form_error_shows_typed_text_literally(paths):
    seed_profile(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "lm")
        await pilot.press("c")
        await type_text(pilot, "张桂兰")
        await pilot.press("tab", "tab")
        assert app.focused.id == "phones"
        app.post_message(events.Paste("[red]12\x1b[31m"))  # no "/": it separates phones
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        shown = text_of(app.screen.query_one("#form-error"))
        assert "[red]12[31m" in shown and "\x1b" not in shown
        await app.action_quit()
