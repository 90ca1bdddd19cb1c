"""One headless launch, for bench_tui.py (run as a subprocess, timed from outside).

    python tui_probe.py bare            # Header, Footer, DataTable with 40 rows: first frame
    python tui_probe.py bare-kdf        # the same, then one Argon2id (production parameters)
    python tui_probe.py bare-live       # the bare app in a terminal, until killed (tmux rows)
    python tui_probe.py first           # `mentor` (cli.main, no arguments) → unlock screen drawn
    python tui_probe.py mentor PASS     # unlock → dashboard with its rows: interactive
    python tui_probe.py enter PASS      # unlock screen up 1.5 s (she types), Enter → dashboard
    python tui_probe.py rss PASS        # the same, then settle and read the RSS
    python tui_probe.py save PASS N     # N saves: F2 → committed, F2 → dashboard repainted
    python tui_probe.py count PASS      # how many entries the vault holds

Prints one JSON line: peak RSS (MiB), the modules of interest loaded at the end (``loaded``),
``at`` (``time.monotonic()``, one clock for every process on Linux and Windows) when the
first frame or the dashboard's rows were there — the bench subtracts its own stamp taken just
before starting the process, so the process's teardown (closing the vault, which waits for the
sync keys' derivation) is not counted — and, for ``enter`` and ``save``, the timings in
seconds. Every probe that unlocks closes the
vault at the end, as ``mentor`` does when she quits: a vault left open is "unclean", and the
next unlock would run the crash-recovery ``quick_check`` (a slower, bigger unlock that no
normal start sees).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

from common import ROOT  # noqa: F401  (puts the checkout on sys.path)


def _status(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_now_mib() -> float:
    """Resident set now (VmRSS on Linux; the peak elsewhere)."""
    now = _status("VmRSS")
    return now if now is not None else rss_mib()


def rss_mib() -> float:
    """Peak RSS of this process. On Linux VmHWM: ``ru_maxrss`` survives fork + exec, so a probe
    started by a big parent would report the parent's peak (both rows read 123.7 MiB once)."""
    peak = _status("VmHWM")
    if peak is not None:
        return peak
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


# Loaded only when used (issue 17): reported by every probe, asserted by tests/test_lazy_imports.py.
HEAVY = (
    "docx",
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "pypinyin",
    "mentor_tui.db.sync_export",
    "mentor_tui.db.sync_import",
    "mentor_tui.db.sync_apply",
    "mentor_tui.core.syncfile",
    "peewee",
    "sqlcipher3",
    "cryptography",
)


def loaded() -> list[str]:
    return [m for m in HEAVY if m in sys.modules]


def bare(kdf: bool = False, live: bool = False) -> dict:
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("姓名", "班级", "谈心", "家访", "家长电话", "最近联系")
            for i in range(40):
                table.add_row(f"学生{i}", "三年级二班", "✓", "—", "逾期 3 天", "11月20日")
            if kdf:  # the peer of a launch that unlocks: the same app plus Argon2id alone
                argon2id()
            if not live:
                self.call_after_refresh(self.drawn)

        def drawn(self) -> None:
            stamp["at"] = time.monotonic()
            self.exit()

    stamp: dict[str, float] = {}

    if live:
        Bare().run()
    else:
        Bare().run(headless=True, size=(80, 24))
    return {"rss": rss_mib(), **stamp}


def argon2id() -> None:
    """One derivation with the vault's production parameters (core/kdf.py: t=3, 64 MiB, p=4)."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    Argon2id(salt=os.urandom(16), length=32, iterations=3, lanes=4, memory_cost=64 * 1024).derive(
        b"mentor-demo"
    )


def first() -> dict:
    """``mentor`` as she starts it (cli.main, no arguments) until the unlock or welcome screen
    has been drawn (its UnlockShown, posted after its first refresh): headless, 80×24."""
    os.environ["TEXTUAL_DRIVER"] = "textual.drivers.headless_driver:HeadlessDriver"
    from mentor_tui import app as app_module
    from mentor_tui.cli import main

    stamp: dict[str, float] = {}

    def shown(self, _message) -> None:
        stamp["at"] = time.monotonic()
        self.exit()

    app_module.MentorApp.on_unlock_shown = shown
    main([])
    return {"rss": rss_mib(), "loaded": loaded(), **stamp}


async def _close(app, ctx) -> None:
    """As ``mentor`` does when she quits: close the vault (it stays clean), then exit."""
    if app.vault is not None:
        vault, app.vault = app.vault, None
        await asyncio.to_thread(app.vault_call, vault.close)
    await ctx.__aexit__(None, None, None)


async def _dashboard(passphrase: str, message_hook=None):
    """Launch, paste the passphrase the instant the unlock screen is there, Enter; return once
    the dashboard has drawn its rows, with ``app.shown_at`` (``time.monotonic()``) stamped
    when it posted ``DashboardShown`` (after the refresh that drew them, seen by the message
    hook in the posting thread). Nothing of the dashboard is imported here before the app
    runs (that would load the database stack on the main thread before the first frame, which
    the app itself does while Argon2id runs), and Enter is not awaited: ``Pilot.press`` waits
    for the whole process to go idle, up to 1 s, and the work after the dashboard (the damage
    check, the sync keys' Argon2id) would count in the launch."""
    from textual import events

    from mentor_tui.app import MentorApp

    loop = asyncio.get_running_loop()
    shown = asyncio.Event()
    stamp: dict[str, float] = {}

    def hook(message) -> None:
        if type(message).__name__ == "DashboardShown" and "at" not in stamp:
            stamp["at"] = time.monotonic()
            loop.call_soon_threadsafe(shown.set)
        if message_hook is not None:
            message_hook(message)

    app = MentorApp()
    ctx = app.run_test(headless=True, size=(80, 24), message_hook=hook)
    pilot = await ctx.__aenter__()
    while not app.screen.query("Input"):
        await pilot.pause(0.005)
    app.post_message(events.Paste(passphrase))
    await asyncio.sleep(0)
    press = asyncio.ensure_future(pilot.press("enter"))
    await asyncio.wait_for(shown.wait(), 60)
    app.shown_at = stamp["at"]
    await press
    while (
        type(app.screen).__name__ != "DashboardScreen"
        or not app.screen.query_one("#children").row_count
    ):
        await pilot.pause(0.005)
    return app, pilot, ctx


async def mentor(passphrase: str, settle: bool = False) -> dict:
    app, pilot, ctx = await _dashboard(passphrase)
    at = app.shown_at  # the dashboard has drawn its rows: the launch row stops here
    if settle:  # for the steady RSS only, never in the launch timing
        # the start-up work after the dashboard (damage check, sync keys, stick) finishes
        vault = app.vault
        while not (vault.checked.is_set() and vault.keys_ready.is_set()):
            await pilot.pause(0.01)
        await pilot.pause(0.3)
    now = rss_now_mib()
    mods = loaded()
    await _close(app, ctx)
    return {"rss": rss_mib(), "now": now, "loaded": mods, "at": at}


async def enter(passphrase: str) -> dict:
    """The unlock screen has been up 1.5 s (what unlocking needs is loaded while she types);
    Enter → the dashboard has applied its rows (its handler returned: the next frame shows
    them). Stamped in the handler, as the save probe does, not by polling."""
    from textual import events

    from mentor_tui.app import MentorApp
    from mentor_tui.screens.dashboard import DashboardScreen

    stamps: dict[str, float] = {}
    done = asyncio.Event()
    handler = DashboardScreen.on_dashboard_screen_loaded

    def applied(self, message) -> None:
        handler(self, message)
        if "rows" not in stamps and self.query_one("#children").row_count:
            stamps["rows"] = time.perf_counter()
            done.set()

    DashboardScreen.on_dashboard_screen_loaded = applied
    app = MentorApp()
    ctx = app.run_test(headless=True, size=(80, 24))
    pilot = await ctx.__aenter__()
    while not app.screen.query("Input"):
        await pilot.pause(0.005)
    await pilot.pause(1.5)
    app.post_message(events.Paste(passphrase))
    await pilot.pause()
    t0 = time.perf_counter()
    press = asyncio.ensure_future(pilot.press("enter"))
    await asyncio.wait_for(done.wait(), 30)
    await press
    mods = loaded()
    await _close(app, ctx)
    return {"rss": rss_mib(), "enter": stamps["rows"] - t0, "loaded": mods}


def count(passphrase: str) -> dict:
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.vault import open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    vault = open_vault(paths, pick_profile(paths, None), passphrase)
    try:
        with vault.read():
            n = vault.db.execute_sql("SELECT count(*) FROM entry").fetchone()[0]
        return {"entries": n}
    finally:
        vault.close()


async def save(passphrase: str, n: int) -> dict:
    """N check-ins: F2 → the save worker's Saved message (posted right after its commit) and
    F2 → the dashboard has applied the reloaded row (its handler rebuilt the table; the next
    frame shows it). The probe waits on events instead of polling, so it does not hold the GIL
    against the save worker while it measures."""
    from textual import events

    from mentor_tui.screens.dashboard import DashboardScreen
    from mentor_tui.screens.quick_entry import QuickEntry

    loop = asyncio.get_running_loop()
    saved, painted = asyncio.Event(), asyncio.Event()
    stamps: dict[str, float] = {}

    def hook(message) -> None:
        # Called in the posting thread: the save worker posts Saved right after its commit.
        if isinstance(message, QuickEntry.Saved) and "saved" not in stamps:
            stamps["saved"] = time.perf_counter()
            loop.call_soon_threadsafe(saved.set)

    # After a save the dashboard reloads only the saved child's row (RowLoaded); a full
    # reload (Loaded) is timed the same way, whichever comes.
    def stamped(handler):
        def applied(self, message) -> None:
            handler(self, message)
            if "saved" in stamps and "painted" not in stamps:
                stamps["painted"] = time.perf_counter()
                painted.set()

        return applied

    DashboardScreen.on_dashboard_screen_loaded = stamped(DashboardScreen.on_dashboard_screen_loaded)
    DashboardScreen.on_dashboard_screen_row_loaded = stamped(
        DashboardScreen.on_dashboard_screen_row_loaded
    )
    app, pilot, ctx = await _dashboard(passphrase, hook)
    table = app.screen.query_one("#children")
    commit, repaint = [], []
    for i in range(n):
        table.move_cursor(row=i % table.row_count)
        await pilot.pause()
        await pilot.press("t")
        while not app.screen.query("TextArea"):
            await pilot.pause(0.002)
        app.screen.query_one("TextArea").focus()
        app.post_message(events.Paste(f"第{i}次谈心"))
        await pilot.pause()
        stamps.clear()
        saved.clear()
        painted.clear()
        t0 = time.perf_counter()
        # Not awaited: Pilot.press waits for the app to go idle, which would hide the latency.
        press = asyncio.ensure_future(pilot.press("f2"))
        try:
            await asyncio.wait_for(painted.wait(), 5)
        except TimeoutError:
            pass
        await press
        commit.append(stamps["saved"] - t0 if "saved" in stamps else float("nan"))
        repaint.append(stamps["painted"] - t0 if "painted" in stamps else float("nan"))
    await _close(app, ctx)
    return {"rss": rss_mib(), "commit": commit, "repaint": repaint}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode in ("bare", "bare-kdf", "bare-live"):
        out = bare(kdf=mode == "bare-kdf", live=mode == "bare-live")
    elif mode == "first":
        out = first()
    elif mode == "enter":
        out = asyncio.run(enter(sys.argv[2]))
    elif mode in ("mentor", "rss"):
        out = asyncio.run(mentor(sys.argv[2], settle=mode == "rss"))
    elif mode == "count":
        out = count(sys.argv[2])
    else:
        out = asyncio.run(save(sys.argv[2], int(sys.argv[3])))
    print(json.dumps(out))
