"""The application: routing what screens tell it, the one error handler, auto-lock.

Screens talk to the app only through the declared protocol (widgets/protocol.py): they post
messages up (``Navigate``, ``DataChanged``, ``ChildChanged``, ``VaultOpened``,
``WorkerFailed``…), which the ``on_*`` handlers here route — opening a screen goes through the
navigation module — and the app asks a screen only what ``AppScreen`` declares. Screens do
their database work in thread workers; every worker error reaches :meth:`MentorApp.report`,
which shows one clear sentence in a modal. Locking (key, idle timeout, wall-clock jump) clears
every screen, saves the open drafts, closes the vault and shows the unlock screen; unlocking
reopens what was open (each screen's ``ResumePoint``) with its draft.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from textual import events, work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from mentor_tui import navigation
from mentor_tui.config import Config, load_config, save_config
from mentor_tui.core.errors import MentorError, VaultError
from mentor_tui.core.i18n import detect_language, get_language, set_language, t
from mentor_tui.paths import Paths, prepare
from mentor_tui.widgets import actions, textual_words, theme as themes
from mentor_tui.widgets.protocol import (
    AppScreen,
    ChildChanged,
    ChildErased,
    DashboardShown,
    DataChanged,
    Draft,
    Navigate,
    SettingsChanged,
    UnlockShown,
    VaultOpened,
    WorkerFailed,
)
from mentor_tui.widgets.requests import OpenSettings, ScreenRequest

CLOCK_JUMP_SECONDS = 120
# What unlocking and the first screens after it import: loaded while the teacher types her
# passphrase (a thread started after the first frame; an import that fails here fails again
# where it is needed, and is reported there). Not the sync stack, Word, Excel or pinyin: they
# load where they are used (issue 17; tests/test_lazy_imports.py).
PRELOAD = (
    "mentor_tui.db.vault",
    "mentor_tui.roaming",
    "mentor_tui.db.vault_check",
    "mentor_tui.screens.dashboard",
    # what the dashboard's first query imports where it runs (its unsynced count, the duty
    # presets read through importlib.resources): ~15 ms on the way to the rows otherwise
    "mentor_tui.db.sync_read",
    "mentor_tui.core.presets",
    "importlib.resources.readers",
)
# For the first child file and check-in after the dashboard. Once she has pressed Enter these
# wait for the dashboard's rows (at most AFTER_UNLOCK_SECONDS): imported beside the dashboard's
# query and screen they held the GIL against them (issue 17, bench/profiles/launch_imports.md).
PRELOAD_AFTER_DASHBOARD = (
    "mentor_tui.screens.child_file",
    "mentor_tui.screens.quick_entry",
    "textual.widgets._text_area",
    "textual.widgets._radio_set",
)
# The preload waits this long after the first frame: its imports hold the GIL, and the frame's
# bytes still have to reach the terminal (Textual writes them from a thread of its own). Enter
# ends the wait (MentorApp.unwrap_early): the imports then run while Argon2id does.
PRELOAD_AFTER_SECONDS = 0.2
TICK_SECONDS = 10
# After unlocking, the damage check, the sync keys and the stick wait for the dashboard's rows
# (DashboardShown), at most this long (a dashboard that failed to load must not hold them).
AFTER_UNLOCK_SECONDS = 1.0
# Errors that mean the open vault is damaged (read-only from then on): the damage screen.
DAMAGE_KEYS = ("err.vault_damaged", "err.vault_read_only")


class SystemClock:
    monotonic = staticmethod(time.monotonic)
    time = staticmethod(time.time)


class MentorApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "mentor"
    BINDINGS = actions.keys_for(actions.APP)
    # classes on every screen for app.tcss: narrow terminals (60 columns), short ones (20 lines)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(
        self,
        paths: Paths | None = None,
        profile_name: str | None = None,
        demo: bool = False,
        today: dt.date | None = None,
        clock=None,
        config: Config | None = None,
        county=None,
    ) -> None:
        super().__init__()
        # the county's server (db.county_queries.County), opened before the TUI started by
        # ``mentor county overview``: the county's screens only, no vault (issue 20)
        self.county = county
        self.paths = paths or prepare()
        self.config = config or load_config(self.paths.config_file)
        set_language(self.config.language or detect_language())
        self.vault = None
        self.profile = None
        self.profile_name = profile_name
        self.demo = demo
        self.clock = clock or SystemClock()
        self._today = today
        self._resume: list[ScreenRequest] = []
        self._vault_closed = threading.Event()
        self._vault_closed.set()
        self._lifecycle = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._last_activity = self.clock.monotonic()
        self._last_mono = self._last_activity
        self._last_wall = self.clock.time()
        self.quit_message = ""  # what the last export to the stick said (printed after exit)
        self._pending_lock = threading.Lock()
        self._preload_now = threading.Event()  # Enter was pressed: no pause (see preload)
        self._rows_shown = threading.Event()  # the dashboard has drawn its rows (once)
        # (vault, passphrase) from attach_sync_keys until _after_unlock derives the keys
        self._pending_keys: tuple[object, str] | None = None
        self._starting = None  # the vault whose start-up checks wait for its dashboard

    def vault_call(self, func, *args, **kwargs):
        """Open and close vaults on one thread (call from a worker). The vault's file lock is
        thread-local (filelock's default): released on another thread it stays held, and the
        next unlock would fail with "already open in another window"."""
        return self._lifecycle.submit(func, *args, **kwargs).result()

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- start ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.register_theme(themes.MONO_THEME)  # black and white: Settings, and under NO_COLOR
        self.theme = themes.theme_for(self.config.theme, self.no_color, self.available_themes)
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.set_interval(TICK_SECONDS, self.check_lock)
        if self.county is not None:
            self.push_screen(navigation.county_home())
            return
        from mentor_tui.db.profiles import list_profiles

        # The first screen in this frame (issue 17): the profile list is one small file.
        profiles = list_profiles(self.paths)
        if self.demo and self.profile_name:
            self._open_demo(profiles)
        else:
            self._start(profiles, None)

    @work(thread=True, group="db", exit_on_error=False)
    def _open_demo(self, profiles: list) -> None:
        from mentor_tui.db.demo import DEMO_PASSPHRASE
        from mentor_tui.db.vault import open_vault

        vault = None
        demo = next((p for p in profiles if p.name == self.profile_name), None)
        if demo is not None:
            vault = self.vault_call(open_vault, self.paths, demo, DEMO_PASSPHRASE)
            self.attach_sync_keys(vault, DEMO_PASSPHRASE)
        self.call_from_thread(self._start, profiles, vault)

    def _start(self, profiles: list, vault) -> None:
        from mentor_tui.screens.unlock import UnlockScreen
        from mentor_tui.screens.welcome import WelcomeScreen

        if vault is not None:
            self.unlocked(vault)
        elif profiles:
            self.push_screen(UnlockScreen(profiles, selected=self.profile_name))
        else:  # a new teacher, or restore from her stick (issue 14)
            self.push_screen(WelcomeScreen(self.config))

    def on_unlock_shown(self, _message: UnlockShown) -> None:
        self.preload()

    def preload(self) -> None:
        """Called once the unlock screen is drawn (see PRELOAD)."""
        import importlib

        def job() -> None:
            self._preload_now.wait(PRELOAD_AFTER_SECONDS)
            for name in PRELOAD + PRELOAD_AFTER_DASHBOARD:
                if name in PRELOAD_AFTER_DASHBOARD and self._preload_now.is_set():
                    self._rows_shown.wait(AFTER_UNLOCK_SECONDS)
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001 - see PRELOAD
                    return

        threading.Thread(target=job, name="preload", daemon=True).start()

    def unwrap_early(self, profile, passphrase: str):
        """In the unlocking worker, before it imports the database stack: the passphrase's
        Argon2id starts on the vault thread (where every derivation runs: two at once deadlock
        in cryptography 50) and releases the GIL, so the imports run beside it instead of
        before it (issue 17, bench/profiles/launch_imports.md). A Future of
        keyring.unwrap_early, for ``open_vault(early=...)``."""
        from mentor_tui.db import keyring

        self._preload_now.set()  # the frame is long out: the preload runs beside Argon2id too
        ring = self.paths.profile_dir(profile.id) / keyring.FILE_NAME
        return self._lifecycle.submit(keyring.unwrap_early, ring, passphrase)

    def attach_sync_keys(self, vault, passphrase: str) -> None:
        """In the unlocking worker, right after opening: the sync keys (one more Argon2id, two
        with a file on her stick) are derived on the vault thread once the dashboard shows
        (issue 17: :meth:`_after_unlock`); what needs them waits (roaming.keys_of), and
        closing the vault, on the same thread, comes after. Should the derivation fail, she is
        told; the vault stays open and sync asks for the passphrase."""
        from mentor_tui import roaming

        roaming.begin_keys(vault)
        with self._pending_lock:
            self._pending_keys = (vault, passphrase)

    def _derive_pending_keys(self) -> None:
        """Start deriving the keys :meth:`attach_sync_keys` left, if any (idempotent)."""
        with self._pending_lock:
            pending, self._pending_keys = self._pending_keys, None
        if pending is not None:
            self._lifecycle.submit(self._derive_sync_keys, *pending)

    def _derive_sync_keys(self, vault, passphrase: str) -> None:
        from mentor_tui import roaming

        try:
            roaming.attach_keys(vault, passphrase, self.config)
        except Exception as err:  # noqa: BLE001 - told in one sentence, like a worker's error
            if self.is_running:
                with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                    self.call_from_thread(self.report, err)

    def on_vault_opened(self, message: VaultOpened) -> None:
        self.unlocked(message.vault)

    def unlocked(self, vault) -> None:
        """A vault was opened (unlock or wizard): show the dashboard, resume what was open."""
        self.vault, self.profile = vault, vault.profile
        self._last_activity = self.clock.monotonic()
        resume, self._resume = self._resume, []
        self._load_dashboard(vault, resume)

    @work(thread=True, group="db", exit_on_error=False)
    def _load_dashboard(self, vault, resume: list[ScreenRequest]) -> None:
        """The dashboard's rows are loaded before its screen is pushed (issue 17): the query
        does not compete with composing the screen for the GIL, and the screen appears with
        its rows. Should the query fail, the screen loads (and reports) on its own."""
        from mentor_tui.db.profiles import SCHOOL
        from mentor_tui.db.ui_queries import dashboard

        try:  # a school's overview loads its own figures
            data = None if vault.profile.kind == SCHOOL else dashboard(vault, self.today())
        except Exception:  # noqa: BLE001 - the screen's own load says what went wrong
            data = None
        # On the app's own message loop: a screen's result callback goes to the screen that
        # pushed it, and the unlock screen that told us is about to be removed.
        self.call_from_thread(self._show_unlocked, vault, resume, data)

    def _show_unlocked(self, vault, resume: list[ScreenRequest], data=None) -> None:
        if self.vault is not vault:  # locked again meanwhile: resume after the next unlock
            self._resume = self._resume or resume
            return
        self._clear_stack()
        self.push_screen(navigation.home(vault, data))  # a school's overview, or her dashboard
        navigation.resume(self, resume)
        self._starting = vault
        self.set_timer(AFTER_UNLOCK_SECONDS, self._after_unlock)

    def on_dashboard_shown(self, _message: DashboardShown) -> None:
        self._rows_shown.set()
        self._after_unlock()

    def _after_unlock(self) -> None:
        """Once the dashboard shows its rows (or after AFTER_UNLOCK_SECONDS): the damage check,
        the sync keys, then the stick (its check waits for the keys). Once per unlock."""
        self._derive_pending_keys()
        vault, self._starting = self._starting, None
        if vault is None or self.vault is not vault:
            return
        navigation.check_vault(self, vault)
        navigation.check_stick(self, vault)

    # --- what screens tell the app ------------------------------------------------------
    def our_screens(self) -> list[AppScreen]:
        return [s for s in self.screen_stack if isinstance(s, AppScreen)]

    def on_navigate(self, message: Navigate) -> None:
        navigation.open_screen(self, message.request, message.then)

    def on_settings_changed(self, message: SettingsChanged) -> None:
        self.apply_settings(message.config)

    def on_data_changed(self, _message: DataChanged) -> None:
        self.refresh_data()

    def on_child_changed(self, message: ChildChanged) -> None:
        """A quick entry closed (saved, or a draft kept): a screen that can reload one child's
        part (the dashboard's row) does only that."""
        for screen in self.our_screens():
            screen.reload_child(message.child_id)

    def on_child_erased(self, _message: ChildErased) -> None:
        navigation.back_to_dashboard(self)

    def refresh_data(self) -> None:
        for screen in self.our_screens():
            screen.reload()

    def _clear_stack(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # --- errors -------------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.report(event.worker.error)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """A screen's (or a widget's) worker failed: they forward theirs here."""
        self.report(message.error)

    def report(self, err: BaseException | None) -> None:
        """The one place worker errors become a message."""
        if isinstance(err, VaultError) and err.key == "err.vault_locked":
            return  # work cut off by locking: nothing to tell
        if isinstance(err, VaultError) and err.key in DAMAGE_KEYS and self.vault is not None:
            navigation.show_damage(self)  # read-only now: the one damage screen instead
            return
        self.show_error(err)

    def show_error(self, err: BaseException | str | None) -> None:
        from mentor_tui.screens.error_modal import ErrorModal

        if isinstance(err, str):
            message = err
        elif isinstance(err, MentorError):
            message = str(err)
        else:
            self.log.error(f"unexpected {type(err).__name__}")  # type only, never content
            message = t("err.unexpected")
        self.push_screen(ErrorModal(message))

    # --- lock ---------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            (
                events.Key,
                events.Paste,
                events.MouseDown,
                events.MouseScrollUp,
                events.MouseScrollDown,
            ),
        ):
            self._last_activity = self.clock.monotonic()
        await super().on_event(event)

    def check_lock(self) -> None:
        """Called every few seconds: lock after the idle time, or when the wall clock jumped
        (suspend and resume: the monotonic clock does not count the sleep)."""
        mono, wall = self.clock.monotonic(), self.clock.time()
        jumped = abs((wall - self._last_wall) - (mono - self._last_mono)) > CLOCK_JUMP_SECONDS
        self._last_mono, self._last_wall = mono, wall
        if self.vault is None:
            return
        idle = self.config.idle_minutes
        if jumped or (idle and mono - self._last_activity >= idle * 60):
            self.action_lock()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # the one vault gate (and each kind of profile its own commands)
        return actions.allowed(
            f"app.{action}", self.vault is not None, navigation.profile_kind(self)
        )

    def action_lock(self) -> None:
        from mentor_tui.screens.unlock import UnlockScreen

        if self.vault is None:
            return
        self._derive_pending_keys()  # locked before the dashboard showed: the export needs them
        vault, self.vault = self.vault, None
        resume: list[ScreenRequest] = []
        drafts: list[Draft] = []
        for screen in self.our_screens():
            point = screen.resume_point()
            if point is None:
                continue
            resume.append(point.reopen)
            if point.draft is not None:
                drafts.append(point.draft)
        self._resume = resume
        self._vault_closed.clear()
        self._clear_stack()
        self.push_screen(UnlockScreen([vault.profile], selected=vault.profile.name, locked=True))
        self._close_vault(vault, drafts)

    @work(thread=True, group="lock", exit_on_error=False)
    def _close_vault(self, vault, drafts: list[Draft]) -> None:
        from mentor_tui import roaming
        from mentor_tui.db.settings import save_draft

        try:
            for key, data in drafts:
                save_draft(vault, key, data)
        finally:
            try:
                out = roaming.on_lock(vault, self.config)  # export to the stick, drop the keys
                if out.result is not None:  # the folder of her file went first in the list
                    self._save_config_now()
                if out.message:
                    self.call_from_thread(self.notify, out.message)
            finally:
                try:
                    self.vault_call(vault.close)
                finally:
                    self._vault_closed.set()

    def wait_closed(self, timeout: float = 30.0) -> None:
        """In a worker before unlocking: the previous lock has finished closing the vault."""
        self._vault_closed.wait(timeout)

    async def action_quit(self) -> None:
        from mentor_tui import roaming

        self._derive_pending_keys()
        vault, self.vault = self.vault, None
        if vault is not None:
            out = await asyncio.to_thread(roaming.on_quit, vault, self.config)  # never raises
            self.quit_message = out.message
            await asyncio.wrap_future(self._lifecycle.submit(vault.close))
            if out.result is not None:  # the folder of her file went first in the list
                await asyncio.to_thread(self._save_config_now)
            if out.clean_up:  # a shared PC, after a verified export to her stick
                said = await asyncio.to_thread(roaming.clean_up_shared, self.paths, vault.profile)
                self.quit_message = " ".join(x for x in (out.message, said) if x)
        self.exit()

    def _save_config_now(self) -> None:
        try:
            save_config(self.config, self.paths.config_file)
        except OSError:
            pass  # the recent folder is a convenience; quitting goes on

    # --- commands -----------------------------------------------------------------------
    # Textual's own, in the teacher's language (widgets/textual_words.py)
    def action_command_palette(self) -> None:
        textual_words.open_palette(self)

    def search_themes(self) -> None:
        textual_words.open_theme_picker(self)

    def action_help_quit(self) -> None:
        textual_words.help_quit(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from navigation.system_commands(self, screen)

    def action_help(self) -> None:
        from mentor_tui.screens.help import HelpScreen
        from mentor_tui.widgets.keybar import binding_rows

        screen = self.screen
        if not isinstance(screen, HelpScreen):
            fields = screen.field_help() if isinstance(screen, AppScreen) else []
            self.push_screen(HelpScreen(binding_rows(screen), fields))

    # The palette's and the keys' actions (widgets/actions.py; check_action gates the vault).
    def action_new_child(self) -> None:
        navigation.new_child(self)

    def action_settings(self) -> None:
        navigation.open_screen(self, OpenSettings(), self.apply_settings)

    def action_sync(self) -> None:
        navigation.sync(self)

    def action_import_sync(self) -> None:
        navigation.import_sync(self)

    def action_restore_profile(self) -> None:
        navigation.restore_profile(self)

    def action_conflicts(self) -> None:
        navigation.conflicts(self)

    def action_flags(self) -> None:
        navigation.flags(self)

    def action_absence(self) -> None:
        navigation.absence(self)

    def action_export(self) -> None:
        navigation.export(self)

    def action_roster(self) -> None:
        navigation.roster(self)

    def action_school_lists(self) -> None:
        navigation.school_lists(self)

    def action_school_pairing(self) -> None:
        navigation.school_pairing(self)

    def action_school_import(self) -> None:
        navigation.school_import(self)

    def action_school_export(self) -> None:
        navigation.school_export(self)

    def action_join_school(self) -> None:
        navigation.join_school(self)

    def action_school_report(self) -> None:
        navigation.school_report(self)

    def action_toggle_language(self) -> None:
        self.config.language = "en" if get_language() == "zh" else "zh"
        self.apply_settings(self.config)

    def apply_settings(self, config: Config | None) -> None:
        if config is None:
            return
        self.config = config
        set_language(config.language or detect_language())
        self.theme = themes.theme_for(config.theme, self.no_color, self.available_themes)
        self._save_config(config)
        for screen in self.our_screens():
            screen.relocalize()

    @work(thread=True, group="config", exit_on_error=False)
    def _save_config(self, config: Config) -> None:
        save_config(config, self.paths.config_file)

    def watch_theme(self, theme: str) -> None:
        if self.no_color:
            return  # NO_COLOR shows the monochrome theme without changing her choice
        if self.config is not None and self.config.theme != theme:
            self.config.theme = theme
            if self.is_running:
                self._save_config(self.config)


def run_county(county) -> int:
    """Start the TUI on the county's overview (``mentor county overview``); the connection is
    closed when it ends."""
    app = MentorApp(county=county)
    try:
        app.run()
    finally:
        county.close()
    return app.return_code or 0


def run(profile_name: str | None = None, demo: bool = False) -> int:
    """Start the TUI (``mentor`` and ``mentor demo`` call this)."""
    app = MentorApp(profile_name=profile_name, demo=demo)
    try:
        app.run()
    finally:
        if app.vault is not None:
            app.vault_call(app.vault.close)
    if app.quit_message:
        print(app.quit_message)
    return app.return_code or 0
