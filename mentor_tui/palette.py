"""The command palette's entries and what they open (kept out of app.py).

Each entry opens a screen; database work runs in thread workers on the app, whose errors reach
:meth:`MentorApp.on_worker_state_changed` (the one error handler).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from mentor_tui.core.i18n import t


def _cmd(key: str, callback) -> SystemCommand:
    return SystemCommand(t(key), t(f"{key}.help"), callback)


def system_commands(app, screen: Screen) -> Iterable[SystemCommand]:
    if app.vault is not None:
        yield _cmd("cmd.new_child", app.action_new_child)
        yield _cmd("cmd.sync", lambda: sync(app))
        yield _cmd("cmd.import_sync", lambda: import_sync(app))
        yield _cmd("cmd.conflicts", lambda: conflicts(app))
        yield _cmd("cmd.flags", lambda: flags(app, getattr(screen, "child_id", None)))
        yield _cmd("cmd.absence", lambda: absence(app))
        yield _cmd("cmd.export", lambda: export(app))
        yield _cmd("cmd.roster", lambda: roster(app))
        erase = getattr(screen, "action_erase_child", None)
        if erase is not None:
            yield _cmd("cmd.erase_child", erase)
        yield _cmd("cmd.lock", app.action_lock)
        yield _cmd("cmd.settings", app.action_settings)
    yield _cmd("cmd.help", app.action_help)
    yield _cmd("cmd.theme", app.action_change_theme)
    yield _cmd("cmd.language", app.action_toggle_language)
    yield _cmd("cmd.quit", app.action_quit)


def _in_thread(app, job, group: str = "db") -> None:
    app.run_worker(job, thread=True, group=group, exit_on_error=False)


# --- sync ----------------------------------------------------------------------------------


def check_stick(app, vault) -> None:
    """After unlocking: offer the stick's file when it holds something this vault lacks."""
    from mentor_tui import roaming

    config = app.config

    def job() -> None:
        preview = roaming.check_on_start(vault, config)
        if preview is not None:
            app.call_from_thread(_offer, app, vault, preview)

    _in_thread(app, job, "sync")


def _offer(app, vault, preview) -> None:
    from mentor_tui.screens.sync_screen import SyncImportScreen

    if app.vault is vault:  # not locked meanwhile
        app.push_screen(SyncImportScreen(preview=preview))


def sync(app) -> None:
    """Import first when the stick has something new, else export to it."""
    from mentor_tui import roaming

    vault, config = app.vault, app.config

    def job() -> None:
        preview = roaming.check_on_start(vault, config)
        app.call_from_thread(_sync_next, app, vault, preview)

    _in_thread(app, job, "sync")


def _sync_next(app, vault, preview) -> None:
    from mentor_tui.screens.sync_screen import SyncExportScreen

    if app.vault is not vault:
        return
    if preview is not None:
        _offer(app, vault, preview)
    else:
        app.push_screen(SyncExportScreen())


def import_sync(app) -> None:
    from mentor_tui.screens.path_prompt import PathPrompt
    from mentor_tui.screens.sync_screen import SyncImportScreen

    def chosen(path) -> None:
        if path is not None and app.vault is not None:
            app.push_screen(SyncImportScreen(path=path))

    app.push_screen(PathPrompt(t("wire.path.sync_title"), app.config.sync_folder or ""), chosen)


def conflicts(app) -> None:
    from mentor_tui.screens.conflicts import ConflictsScreen

    app.push_screen(ConflictsScreen(), lambda _r: app.refresh_data())


def back_to_dashboard(app) -> None:
    """After erasing a child: close its file (and anything above the dashboard), reload."""
    from mentor_tui.screens.dashboard import DashboardScreen

    async def go() -> None:
        while len(app.screen_stack) > 2 and not isinstance(app.screen, DashboardScreen):
            await app.pop_screen()
        app.refresh_data()

    app.call_later(go)


# --- flags ---------------------------------------------------------------------------------


def flags(app, child_id: str | None = None) -> None:
    from mentor_tui.screens.flags import FlagListScreen

    app.push_screen(FlagListScreen(child_id), lambda _r: app.refresh_data())


def absence(app) -> None:
    """Pick a child, then the absence form (the flag rules run when it is saved)."""
    vault = app.vault

    def job() -> None:
        from mentor_tui.db.children import list_children

        kids = [(c.id, c.name, c.class_name) for c in list_children(vault)]
        app.call_from_thread(_pick_absent, app, kids)

    _in_thread(app, job)


def _pick_absent(app, kids: list[tuple[str, str, str]]) -> None:
    from mentor_tui.screens.child_picker import ChildPicker
    from mentor_tui.screens.flag_form import AbsenceForm

    names = {cid: name for cid, name, _class in kids}

    def picked(child_id: str | None) -> None:
        if child_id:
            app.push_screen(AbsenceForm(child_id, names[child_id]), lambda _r: app.refresh_data())

    app.push_screen(ChildPicker(t("flag.ui.pick_child"), kids), picked)


# --- documents -----------------------------------------------------------------------------


def export(app) -> None:
    from mentor_tui.screens.export_screen import ExportScreen

    app.push_screen(ExportScreen())


def roster(app) -> None:
    from mentor_tui.screens.path_prompt import PathPrompt
    from mentor_tui.screens.roster_screen import RosterScreen

    def chosen(path) -> None:
        if path is not None and app.vault is not None:
            app.push_screen(RosterScreen(path), lambda _r: app.refresh_data())

    app.push_screen(PathPrompt(t("wire.path.roster_title")), chosen)
