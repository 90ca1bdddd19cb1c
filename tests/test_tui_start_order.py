"""After unlocking, the dashboard comes first (issue 17): the sync keys, the damage check and
the stick check start once it shows its rows; whatever needs the keys before that waits for
them (roaming.keys_of), and a lock that comes first still exports with them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest_tui import TODAY, FakeClock, make_app, seed_profile, settle, unlock

from mentor_tui import app as app_module, roaming
from mentor_tui.app import MentorApp
from mentor_tui.config import Config
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.unlock import UnlockScreen


async def test_keys_and_checks_come_after_the_dashboard_rows(paths):
    seed_profile(paths)
    app = make_app(paths)
    seen: dict[str, object] = {}
    shown = DashboardScreen.on_dashboard_screen_loaded

    def loaded(self, message) -> None:
        shown(self, message)
        if "keys_ready" not in seen:  # the first rows: nothing after them has started yet
            vault = self.app.vault
            seen.update(
                keys_ready=vault.keys_ready.is_set(),
                keys=vault.sync_keys,
                integrity=vault.integrity,
                rows=self.query_one("#children").row_count,
            )

    DashboardScreen.on_dashboard_screen_loaded = loaded
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await settle(pilot)
            vault = app.vault
            assert isinstance(app.screen, DashboardScreen)
            assert seen == {"keys_ready": False, "keys": None, "integrity": "unchecked", "rows": 3}
            keys = await asyncio.to_thread(roaming.keys_of, vault)  # waits for the derivation
            assert keys is not None and not keys.has_passphrase
            assert vault.keys_ready.is_set()
            await asyncio.to_thread(vault.checked.wait, 30)
            assert vault.integrity == "ok"
    finally:
        DashboardScreen.on_dashboard_screen_loaded = shown


class LockAtOnce(MentorApp):
    """Locks the moment the vault is open, before the dashboard can show its rows."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # not beside this test

    def on_vault_opened(self, message) -> None:
        message.prevent_default()  # not MentorApp's handler too (Textual runs the MRO's)
        self.opened = message.vault
        self.unlocked(message.vault)
        self.action_lock()


async def test_lock_before_the_dashboard_shows_still_exports(paths, tmp_path):
    seed_profile(paths)
    stick = tmp_path / "stick"
    stick.mkdir()
    config = Config(language="zh", sync_folder=str(stick))
    app = LockAtOnce(paths=paths, today=TODAY, clock=FakeClock(), config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        vault = app.opened
        await asyncio.to_thread(app.wait_closed, 60)
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.vault is None
        assert vault.db.is_closed() and vault.sync_keys is None
        assert len(list(stick.glob("*.mentorsync"))) == 1  # exported: the keys were there
