"""Navigation: the one module that knows every screen. It builds the screen a request names
(:func:`build`; screens post :class:`~mentor_tui.widgets.protocol.Navigate` instead of importing
each other), reopens what was open when the app locked (:func:`resume`), lists the command
palette from the action table (:func:`system_commands`) and holds the flows the palette and the
app's actions start (sync, import, conflicts, flags, absence, export, roster).

Database work runs in thread workers on the app, whose errors reach the app's one handler.
Layers: below the app, above the screens (it never imports mentor_tui.app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import ModalScreen, Screen

from mentor_tui.core.i18n import t
from mentor_tui.widgets import actions
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import (
    OpenAbsenceForm,
    OpenAttemptForm,
    OpenChildFile,
    OpenChildForm,
    OpenContactForm,
    OpenCountyChild,
    OpenCountySchool,
    OpenCountyTeacher,
    OpenEraseChild,
    OpenFlags,
    OpenJoinSchool,
    OpenPicker,
    OpenPlanForm,
    OpenQuickEntry,
    OpenRaiseFlag,
    OpenRestore,
    OpenRosterMapping,
    OpenRosterPreview,
    OpenSchoolChild,
    OpenSchoolCreate,
    OpenSchoolExport,
    OpenSchoolImport,
    OpenSchoolLists,
    OpenSchoolPairing,
    OpenSchoolReport,
    OpenSchoolTeacher,
    OpenSettings,
    OpenStepForm,
    OpenWelcome,
    OpenWizard,
    ScreenRequest,
)

if TYPE_CHECKING:
    from mentor_tui.app import MentorApp

Then = Callable[[Any], object] | None


# --- requests → screens ----------------------------------------------------------------------


def build(app: MentorApp, request: ScreenRequest) -> Screen:
    """The screen a request names."""
    from mentor_tui.screens import (
        child_file,
        child_form,
        contact_form,
        file_picker,
        flag_form,
        flags,
        quick_entry,
        restore,
        roster_mapping,
        roster_screen,
        settings,
        sync_screen,
        welcome,
        wizard,
    )

    match request:
        case OpenChildFile(child_id):
            return child_file.ChildFileScreen(child_id)
        case OpenQuickEntry(child_id, kind, entry_id, child_ids):
            return quick_entry.QuickEntry(child_id, kind, entry_id, child_ids)
        case OpenChildForm(child_id, record):
            return child_form.ChildForm(record, child_id=child_id)
        case OpenContactForm(child_id, contact_id, record):
            return contact_form.ContactForm(child_id, record, contact_id=contact_id)
        case OpenEraseChild(child_id):
            return sync_screen.EraseChildModal(child_id)
        case OpenFlags(child_id):
            return flags.FlagListScreen(child_id)
        case OpenRaiseFlag(child_id, category, child_name):
            return flag_form.RaiseFlagForm(child_id, child_name, category)
        case OpenStepForm(flag_id, step_id):
            return flag_form.StepForm(flag_id, step_id)
        case OpenAttemptForm(flag_id):
            return flag_form.AttemptForm(flag_id)
        case OpenPlanForm(flag_id):
            return flag_form.PlanForm(flag_id)
        case OpenAbsenceForm(child_id, child_name):
            return flag_form.AbsenceForm(child_id, child_name)
        case OpenRosterMapping(path, layouts, loaded):
            return roster_mapping.RosterMappingScreen(path, layouts, loaded)
        case OpenRosterPreview(path, layouts, loaded):
            return roster_screen.RosterScreen(path, layouts, loaded)
        case OpenSettings(typed):
            return settings.SettingsScreen(app.config, typed=typed)
        case OpenWizard():
            return wizard.WizardScreen(app.config)
        case OpenWelcome():
            return welcome.WelcomeScreen(app.config)
        case OpenRestore(another):
            return restore.RestoreScreen(app.config, another=another)
        case OpenPicker(purpose, start):
            places = [Path(f) for f in app.config.recent_folders]
            return file_picker.FilePicker(purpose, start, places)
    return _build_school(app, request) or _build_county(request) or _fail(request)


def _build_school(app: MentorApp, request: ScreenRequest) -> Screen | None:
    """The school office's screens (issue 19), a school's and her side's."""
    from mentor_tui.screens import (
        school_collect,
        school_create,
        school_drill,
        school_export,
        school_join,
        school_pairing,
        school_report,
    )

    match request:
        case OpenSchoolCreate():
            return school_create.SchoolCreateScreen()
        case OpenSchoolTeacher(teacher_id, name, month):
            return school_drill.TeacherChildrenScreen(teacher_id, name, month)
        case OpenSchoolChild(child_id, name):
            return school_drill.ChildDutiesScreen(child_id, name)
        case OpenSchoolLists():
            return school_drill.SchoolListsScreen()
        case OpenSchoolPairing():
            return school_pairing.PairingScreen()
        case OpenSchoolImport(paths):
            return school_collect.SchoolImportScreen(paths)
        case OpenSchoolExport():
            return school_export.SchoolExportScreen()
        case OpenJoinSchool(path):
            return school_join.JoinSchoolScreen(path)
        case OpenSchoolReport():
            return school_report.SchoolReportScreen(app.config)
    return None


def _build_county(request: ScreenRequest) -> Screen | None:
    """The county's overview and its drill-downs (issue 20): read-only, on the county's server;
    a teacher's children and a child's record are the school office's own screens."""
    from mentor_tui.screens import county_school, school_drill

    match request:
        case OpenCountySchool(school_id, name, month):
            return county_school.CountySchoolScreen(school_id, name, month)
        case OpenCountyTeacher(school_id, teacher_id, name, month):
            return school_drill.TeacherChildrenScreen(teacher_id, name, month, school_id)
        case OpenCountyChild(school_id, child_id, name):
            return school_drill.ChildDutiesScreen(child_id, name, school_id)
    return None


def _fail(request: ScreenRequest) -> Screen:
    raise TypeError(f"no screen for {type(request).__name__}")


def open_screen(app: MentorApp, request: ScreenRequest, then: Then = None) -> None:
    """Push the screen ``request`` names; ``then`` gets its result. A request that needs the
    vault is dropped when the app locked meanwhile."""
    if request.needs_vault and app.vault is None:
        return
    app.push_screen(build(app, request), then)


def resume(app: MentorApp, requests: list[ScreenRequest]) -> None:
    """After unlocking, above the dashboard: what was open when the app locked, in the order
    it was stacked (its fields come from the drafts the lock saved)."""
    for request in requests:
        if isinstance(request, OpenSettings):
            then: Then = app.apply_settings
        elif isinstance(request, OpenChildFile):
            then = None
        else:
            then = refresh(app)
        open_screen(app, request, then)


def refresh(app: MentorApp) -> Callable[[Any], None]:
    """A dismiss callback: every screen reloads."""
    return lambda _result: app.refresh_data()


# --- what the app asks of the screen in front --------------------------------------------


def front(app: MentorApp) -> AppScreen | None:
    """The screen below the dialogs (the palette, a modal): the dashboard, a child's file…"""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, ModalScreen):
            continue
        return screen if isinstance(screen, AppScreen) else None
    return None


def child_in_view(screen: Screen) -> str | None:
    return screen.child_in_view() if isinstance(screen, AppScreen) else None


# --- the command palette ---------------------------------------------------------------------


def system_commands(app: MentorApp, screen: Screen) -> Iterable[SystemCommand]:
    """The palette's rows (widgets/actions.py) that apply to ``screen`` and pass the vault
    gate; each runs its action there (an app action, or the screen's own)."""
    scope = screen.SCOPE if isinstance(screen, AppScreen) else ""
    vault_open = app.vault is not None
    kind = profile_kind(app)
    for row in actions.palette_rows(scope):
        if actions.allowed(row.action, vault_open, kind):
            yield SystemCommand(
                t(row.label), t(row.help), partial(app.run_action, row.action, screen)
            )


def profile_kind(app: MentorApp) -> str:
    """The open profile's kind ("teacher", "school"), "" when no vault is open: the palette
    and the app's keys offer each kind its own commands (widgets/actions.py ``profile``)."""
    vault = app.vault
    return vault.profile.kind if vault is not None else ""


def county_home() -> Screen:
    """The first screen of ``mentor county overview``: every school of the county's server."""
    from mentor_tui.screens.county_home import CountyHomeScreen

    return CountyHomeScreen()


def home(vault, rows=None) -> Screen:
    """The first screen after unlocking: a school's overview, or a teacher's dashboard (with
    its rows when they were loaded before the screen, issue 17)."""
    from mentor_tui.db.profiles import SCHOOL

    if vault.profile.kind == SCHOOL:
        from mentor_tui.screens.school_home import SchoolHomeScreen

        return SchoolHomeScreen()
    from mentor_tui.screens.dashboard import DashboardScreen

    return DashboardScreen(rows)


def _in_thread(app: MentorApp, job: Callable[[], None], group: str = "db") -> None:
    app.run_worker(job, thread=True, group=group, exit_on_error=False)


# --- children --------------------------------------------------------------------------------


def new_child(app: MentorApp) -> None:
    open_screen(app, OpenChildForm(), refresh(app))


def back_to_dashboard(app: MentorApp) -> None:
    """After erasing a child: close its file (and anything above the dashboard), reload."""
    from mentor_tui.screens.dashboard import DashboardScreen

    async def go() -> None:
        while len(app.screen_stack) > 2 and not isinstance(app.screen, DashboardScreen):
            await app.pop_screen()
        app.refresh_data()

    app.call_later(go)


# --- sync ------------------------------------------------------------------------------------


def _stick_preview(app: MentorApp, vault, then: Callable[[Any], None]) -> None:
    """In a worker: what her stick's file would bring (``then(preview)`` on the app's thread;
    None: nothing new, or no file); a file sealed with a passphrase changed elsewhere asks
    for it instead."""
    from mentor_tui import roaming

    config = app.config

    def job() -> None:
        from mentor_tui.core.errors import MentorError

        try:
            preview = roaming.check_on_start(vault, config)
        except MentorError as err:
            if err.key != "syncf.passphrase_changed":
                raise
            app.call_from_thread(_ask_new_passphrase, app, vault, roaming.find_own(vault, config))
            return
        app.call_from_thread(then, preview)

    _in_thread(app, job, "sync")


def check_stick(app: MentorApp, vault) -> None:
    """After unlocking: offer the stick's file when it holds something this vault lacks."""

    def offer(preview) -> None:
        if preview is not None:
            _offer(app, vault, preview)

    _stick_preview(app, vault, offer)


def _ask_new_passphrase(app: MentorApp, vault, path) -> None:
    """Her file is hers but sealed with another passphrase: the import dialog asks for it once
    (roaming.adopt_passphrase), then shows the dry run."""
    from mentor_tui.screens.sync_screen import SyncImportScreen

    if app.vault is vault and path is not None:
        app.push_screen(SyncImportScreen(path=path, config=app.config))


def _offer(app: MentorApp, vault, preview) -> None:
    from mentor_tui.screens.sync_screen import SyncImportScreen

    if app.vault is vault:  # not locked meanwhile
        app.push_screen(SyncImportScreen(preview=preview))


def sync(app: MentorApp) -> None:
    """Import first when the stick has something new, else export to it."""
    vault = app.vault
    _stick_preview(app, vault, lambda preview: _sync_next(app, vault, preview))


def _sync_next(app: MentorApp, vault, preview) -> None:
    from mentor_tui.screens.sync_screen import SyncExportScreen

    if app.vault is not vault:
        return
    if preview is not None:
        _offer(app, vault, preview)
    else:
        app.push_screen(SyncExportScreen(config=app.config))


def pick(
    app: MentorApp, purpose: str, then: Callable[[Path | None], object], start: str = ""
) -> None:
    """The one file picker (screens/file_picker.py) for every path the app asks: ``purpose``
    is ``roster``, ``sync``, ``restore`` (a file) or ``export``, ``sync_folder`` (a folder);
    ``then`` gets the Path, or None when she cancelled. Other flows (the roster import) call
    this, or post ``Navigate(OpenPicker(purpose))``."""
    open_screen(app, OpenPicker(purpose, start or _start_folder(app)), then)


def _start_folder(app: MentorApp) -> str:
    if app.config.sync_folder:
        return app.config.sync_folder
    return app.config.recent_folders[0] if app.config.recent_folders else ""


def import_sync(app: MentorApp) -> None:
    from mentor_tui.screens.sync_screen import SyncImportScreen

    def chosen(path) -> None:
        if path is not None and app.vault is not None:
            app.push_screen(SyncImportScreen(path=path))

    pick(app, "sync", chosen)


def restore_profile(app: MentorApp) -> None:
    """From the palette: a new profile from a sync file (another teacher on this machine)."""
    open_screen(app, OpenRestore(another=True))


def conflicts(app: MentorApp) -> None:
    from mentor_tui.screens.conflicts import ConflictsScreen

    app.push_screen(ConflictsScreen(), refresh(app))


# --- flags -----------------------------------------------------------------------------------


def flags(app: MentorApp) -> None:
    """The flag list, of the child in view (a child's file) or of all."""
    open_screen(app, OpenFlags(child_in_view(app.screen)), refresh(app))


def absence(app: MentorApp) -> None:
    """Pick a child, then the absence form (the flag rules run when it is saved)."""
    vault = app.vault

    def job() -> None:
        from mentor_tui.db.children import list_children

        kids = [(c.id, c.name, c.class_name) for c in list_children(vault)]
        app.call_from_thread(_pick_absent, app, kids)

    _in_thread(app, job)


def _pick_absent(app: MentorApp, kids: list[tuple[str, str, str]]) -> None:
    from mentor_tui.widgets.dialogs import ChildPicker

    names = {cid: name for cid, name, _class in kids}

    def picked(child_id: str | None) -> None:
        if child_id:
            open_screen(app, OpenAbsenceForm(child_id, names[child_id]), refresh(app))

    app.push_screen(ChildPicker(t("flag.ui.pick_child"), kids), picked)


# --- damage (issue 13) ----------------------------------------------------------------------


def check_vault(app: MentorApp, vault) -> None:
    """After the dashboard shows: the full damage check in a worker (``db/vault_check.py``).
    A save made meanwhile waits for it; on damage the vault turns read-only and the damage
    screen opens."""
    from mentor_tui.db.vault_check import run_check

    vault.begin_check()

    def job() -> None:
        if run_check(vault) is not None:
            from mentor_tui import roaming

            roaming.keys_of(
                vault
            )  # the damage screen takes the sync keys: wait here, not in the UI
            app.call_from_thread(show_damage, app, vault)

    _in_thread(app, job, "check")


def show_damage(app: MentorApp, vault=None) -> None:
    """The one damage screen (what is damaged, and 修复), over whatever is open."""
    from mentor_tui import roaming
    from mentor_tui.screens.damage import DamageScreen

    vault = vault or app.vault
    if vault is None or app.vault is not vault:
        return
    if any(isinstance(s, DamageScreen) for s in app.screen_stack):
        return
    stick = roaming.stick_file(vault, app.config)
    app.push_screen(DamageScreen(vault.damage, stick, roaming.keys_of(vault)), refresh(app))


# --- documents -------------------------------------------------------------------------------


def export(app: MentorApp) -> None:
    """The export dialog, offering the child selected below it (the dashboard's row, the open
    child file)."""
    from mentor_tui.screens.export_screen import ExportScreen

    screen = front(app)
    child = screen.selected_child() if screen is not None else None
    app.push_screen(ExportScreen(child, app.config))


def roster(app: MentorApp) -> None:
    """The file (the picker), the mapping step (sheets and columns), then the row preview."""

    def mapped(request: OpenRosterPreview | None) -> None:
        if request is not None:
            open_screen(app, request, refresh(app))

    def chosen(path) -> None:
        if path is not None:
            open_screen(app, OpenRosterMapping(str(path)), mapped)

    pick(app, "roster", chosen)


# --- the school office (issue 19) ---------------------------------------------------------------


def school_lists(app: MentorApp) -> None:
    open_screen(app, OpenSchoolLists())


def school_pairing(app: MentorApp) -> None:
    open_screen(app, OpenSchoolPairing(), refresh(app))


def school_import(app: MentorApp) -> None:
    """The picker (a report file, or F2: the folder shown, every report in it and below), then
    the verdict per file and the import."""

    def chosen(path) -> None:
        if path is not None:
            open_screen(app, OpenSchoolImport((str(path),)), refresh(app))

    pick(app, "school_reports", chosen)


def school_export(app: MentorApp) -> None:
    open_screen(app, OpenSchoolExport())


def join_school(app: MentorApp) -> None:
    """Her side: the handover file (the picker), its code, the preview, then the merge."""

    def chosen(path) -> None:
        if path is not None:
            open_screen(app, OpenJoinSchool(str(path)), refresh(app))

    pick(app, "handover", chosen)


def school_report(app: MentorApp) -> None:
    open_screen(app, OpenSchoolReport())
