"""The damage check at unlock in the TUI (issue 13): it runs in a worker after the dashboard
shows; on damage the vault turns read-only and the one damage screen opens; 修复 repairs it with
the stick's file, the newest check-in survives, and saving works again."""

from __future__ import annotations

import datetime as dt

from conftest_tui import PASS, make_app, settle, text_of, unlock

from mentor_tui.config import Config
from mentor_tui.core.errors import VaultError
from mentor_tui.db import children, entries
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import create_vault
from mentor_tui.screens.damage import DamageScreen
from mentor_tui.screens.dashboard import DashboardScreen

PAGE = 4096


def damaged_profile(paths, stick) -> str:
    v = create_vault(paths, "王老师", PASS)
    last = ""
    for i in range(30):
        last = children.add_child(v, f"孩子{i}", health_notes="体弱" * 100)
        entries.log_entry(v, last, "talk", dt.date(2026, 10, 1), text="谈心" * 200)
    export_vault(v, stick, SyncKeys(PASS))
    newest = entries.log_entry(v, last, "talk", dt.date(2026, 11, 19), text="最新的一次")
    db = v.db_path
    v.close()
    data = bytearray(db.read_bytes())
    off = (len(data) // PAGE // 2) * PAGE + 200
    data[off : off + 16] = bytes(b ^ 0x5A for b in data[off : off + 16])
    db.write_bytes(bytes(data))
    return newest


async def test_damage_at_unlock_opens_the_screen_and_repair_recovers(paths, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    newest = damaged_profile(paths, stick)
    app = make_app(paths, config=Config(language="zh", sync_folder=str(stick)))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        assert app.vault is not None and app.vault.integrity == "damaged"
        assert isinstance(app.screen, DamageScreen)
        assert sum(isinstance(s, DamageScreen) for s in app.screen_stack) == 1
        assert any(isinstance(s, DashboardScreen) for s in app.screen_stack)
        assert "只读" in text_of(app.screen.query_one("#damage-body"))
        # read-only: a save is refused, and nothing is written
        try:
            children.add_child(app.vault, "新来的孩子")
            raise AssertionError("a write went through on a damaged vault")
        except VaultError as err:
            assert err.key == "err.vault_read_only"
        await pilot.press("r")
        await settle(pilot, 10)
        status = text_of(app.screen.query_one("#damage-status"))
        assert "修复完成" in status and "vault-damaged-" in status
        assert "从U盘上的同步文件补回" in status
        assert app.vault.integrity == "ok"
        assert entries.get_entry(app.vault, newest).text == "最新的一次"
        children.add_child(app.vault, "修复后的孩子")  # saving works again
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.action_quit()


async def test_a_sound_vault_is_checked_and_stays_writable(paths):
    v = create_vault(paths, "王老师", PASS)
    children.add_child(v, "李明")
    v.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.vault.integrity == "ok"
        children.add_child(app.vault, "王芳")
        await app.action_quit()
