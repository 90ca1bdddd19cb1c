"""What loads when (issue 17), in a fresh interpreter each: the first frame of ``mentor`` needs
neither the database stack nor cryptography (they load while she types), and the dashboard
after unlocking needs neither Word, Excel, pinyin, the county server's module nor the sync stack
(they load where they are used). Not timed: bench/bench_tui.py measures the speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest_tui import PASS, seed_profile

# Loaded only where used: documents, rosters, the county server and its driver (peewee is
# imported without it: mentor_tui/db/__init__.py), the sync file codec.
USED_ONLY_WHEN_NEEDED = (
    "psycopg",
    "docx",
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "pypinyin",
    "msoffcrypto",
    "msgspec",
    "mentor_tui.db.school_server",
    "mentor_tui.db.school_docs",  # only with a school link (db/school_links.py)
    "mentor_tui.db.sync_export",
    "mentor_tui.db.sync_import",
    "mentor_tui.db.sync_apply",
    "mentor_tui.core.syncfile",
    "mentor_tui.core.syncfile_build",
)
# What unlocking needs: loaded after the first frame (app.PRELOAD), never before it.
UNLOCKING_NEEDS = ("peewee", "sqlcipher3", "cryptography", "mentor_tui.db.vault")

FIRST_FRAME = """
import json, os, sys
os.environ["TEXTUAL_DRIVER"] = "textual.drivers.headless_driver:HeadlessDriver"
from mentor_tui import app as app_module
from mentor_tui.cli import main
seen = {}
def shown(self, _message):
    seen.update(modules=sorted(sys.modules), screen=type(self.screen).__name__)
    self.exit()
app_module.MentorApp.on_unlock_shown = shown
main([])
print(json.dumps(seen))
"""

DASHBOARD = """
import asyncio, json, sys, threading
from textual import events
from mentor_tui.app import MentorApp

async def run(passphrase):
    app = MentorApp()
    async with app.run_test(headless=True, size=(80, 24)) as pilot:
        while not app.screen.query("Input"):
            await pilot.pause(0.01)
        app.post_message(events.Paste(passphrase))
        await pilot.pause()
        await pilot.press("enter")
        while type(app.screen).__name__ != "DashboardScreen" or app.vault is None:
            await pilot.pause(0.01)
        vault = app.vault
        # the start-up work after the dashboard, and the preload thread, have finished
        while not (vault.checked.is_set() and vault.keys_ready.is_set()) or any(
            t.name == "preload" for t in threading.enumerate()
        ):
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        rows = app.screen.query_one("#children").row_count
        modules = sorted(sys.modules)
        await asyncio.to_thread(app.vault_call, vault.close)
        app.vault = None
    return {"modules": modules, "rows": rows}

print(json.dumps(asyncio.run(run(sys.argv[1]))))
"""


def _run(code: str, *args: str) -> dict:
    env = {**os.environ, "MENTOR_LANG": "zh"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    have = set(modules)
    return [n for n in names if n in have]


def test_first_frame_loads_no_database_stack(paths):
    seed_profile(paths)
    got = _run(FIRST_FRAME)
    assert got["screen"] == "UnlockScreen"
    assert _loaded(got["modules"], UNLOCKING_NEEDS + USED_ONLY_WHEN_NEEDED) == []
    # nor every command's parser: `mentor` alone goes straight to the TUI
    assert "mentor_tui.commands.flags" not in got["modules"]


def test_first_frame_of_a_new_machine_loads_no_database_stack():
    got = _run(FIRST_FRAME)  # no profile: the welcome screen
    assert got["screen"] == "WelcomeScreen"
    assert _loaded(got["modules"], UNLOCKING_NEEDS + USED_ONLY_WHEN_NEEDED) == []


def test_dashboard_loads_no_documents_pinyin_or_sync_stack(paths):
    seed_profile(paths)
    got = _run(DASHBOARD, PASS)
    assert got["rows"] == 3  # the seeded children: the dashboard really loaded
    assert _loaded(got["modules"], UNLOCKING_NEEDS) == list(UNLOCKING_NEEDS)
    assert _loaded(got["modules"], USED_ONLY_WHEN_NEEDED) == []
