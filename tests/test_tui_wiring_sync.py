"""Sync wired into the app, by keyboard on the real app and a real vault: the palette exports to
the stick, lock and quit export too, the start-up offer imports another machine's newer file,
the conflict badge and screen, the sync folder in settings, erasing a child."""

from __future__ import annotations

import pytest
from conftest_tui import (
    PASS,
    focus_by_keys,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from textual.command import CommandList

from mentor_tui import roaming
from mentor_tui.config import Config, load_config
from mentor_tui.db import children, store
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault, file_name
from mentor_tui.db.sync_files import own_file
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.screens.conflicts import ConflictsScreen
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.settings import SettingsScreen
from mentor_tui.screens.sync_screen import EraseChildModal, SyncExportScreen, SyncImportScreen
from mentor_tui.screens.unlock import UnlockScreen


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "U盘"
    p.mkdir()
    return p


async def palette(pilot, words: str, expect: str) -> None:
    """Open the command palette, type, check the first hit is ``expect``, run it."""
    await pilot.press("ctrl+p")
    await settle(pilot, 2)
    await type_text(pilot, words)
    await settle(pilot, 3)
    hits = pilot.app.screen.query_one(CommandList)
    first = hits.get_option_at_index(hits.highlighted or 0)
    assert expect in str(first.prompt)
    await pilot.press("enter")
    await settle(pilot)


def names_on_dashboard(app) -> set[str]:
    assert isinstance(app.screen, DashboardScreen)
    return {row.name for row in app.screen.data.rows}


def machine_b_adds_a_child(paths, stick, name: str) -> None:
    """Another machine (a profile made from our stick file) adds a child and exports."""
    b, _p, _r = import_new_profile(paths, "机器B", own_file(stick, vault_id(paths)), PASS)
    try:
        children.add_child(b, name)
        export_vault(b, stick, SyncKeys(PASS))
    finally:
        b.close()


def vault_id(paths) -> str:
    v = open_vault_for_check(paths)
    try:
        return v.vault_id
    finally:
        v.close()


async def test_palette_sync_exports_to_the_stick_and_quit_exports_again(paths, stick):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh", sync_folder=str(stick)))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)  # nothing on the stick: no offer
        target = stick / file_name(app.vault)
        assert not target.exists()
        await palette(pilot, "同步", "同步")
        assert isinstance(app.screen, SyncExportScreen)
        assert app.screen.ok, text_of(app.screen.query_one("#sync-status"))
        assert target.exists() and target.stat().st_size > 0
        assert str(target) in text_of(app.screen.query_one("#sync-status")).replace("\n", "")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        first = target.read_bytes()
        await app.action_quit()
    assert app.vault is None
    check = open_vault_for_check(paths)
    try:
        when = roaming.last_export(check)
        assert when and when in app.quit_message
    finally:
        check.close()
    assert target.read_bytes() != first  # sealed afresh on quit


async def test_lock_exports_to_the_stick(paths, stick):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh", sync_folder=str(stick)))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        target = stick / file_name(app.vault)
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.wait_closed()
        assert isinstance(app.screen, UnlockScreen)
        assert target.exists()


async def test_start_offers_another_machines_newer_file(paths, stick):
    seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        export_vault(v, stick, SyncKeys(PASS))
    finally:
        v.close()
    machine_b_adds_a_child(paths, stick, "在B上添加")
    app = make_app(
        paths, profile_name="王老师", config=Config(language="zh", sync_folder=str(stick))
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, SyncImportScreen)
        assert app.screen.preview.counts()["new"] == 1
        await pilot.press("y")
        await settle(pilot)
        assert "在B上添加" in names_on_dashboard(app)
        await app.action_quit()


async def test_import_a_named_sync_file_from_the_palette(paths, stick, tmp_path):
    seed_profile(paths)
    v = open_vault_for_check(paths)
    try:
        export_vault(v, stick, SyncKeys(PASS))
    finally:
        v.close()
    machine_b_adds_a_child(paths, stick, "从文件导入")
    app = make_app(paths, profile_name="王老师", config=Config(language="zh"))  # no folder set
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await palette(pilot, "导入同步", "导入同步文件")
        await focus_by_keys(pilot, "picker-path")  # the file picker's typed path
        await type_text(pilot, str(tmp_path / "no-such-file"))
        await pilot.press("enter")
        await settle(pilot)
        assert "找不到" in text_of(app.screen.query_one("#picker-error"))
        await pilot.press("ctrl+u")  # clear the field
        await type_text(pilot, str(stick / file_name(app.vault)))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SyncImportScreen)
        if app.screen.query_one("#sync-passphrase").display:  # sealed elsewhere: asked once
            await type_text(pilot, PASS)
            await pilot.press("enter")
            await settle(pilot)
        assert app.screen.preview is not None
        await pilot.press("y")
        await settle(pilot)
        assert "从文件导入" in names_on_dashboard(app)
        await app.action_quit()


async def test_conflict_badge_and_conflicts_screen(paths, tmp_path):
    seed = seed_profile(paths)
    v = open_vault_for_check(paths)
    try:  # 李明 edited on two machines at once, merged back
        first = export_vault(v, tmp_path, SyncKeys(PASS)).path
        b, _p, _r = import_new_profile(paths, "机器B", first, PASS)
        children.update_child(v, seed.li_ming, interests="跳绳")
        children.update_child(b, seed.li_ming, interests="读书")
        out = tmp_path / "b"
        out.mkdir()
        path = export_vault(b, out, SyncKeys(PASS)).path
        b.close()
        apply_import(v, prepare_import(v, path, SyncKeys(PASS)))
        assert store.conflicts(v)
    finally:
        v.close()
    app = make_app(paths, profile_name="王老师", config=Config(language="zh"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert "冲突 1" in text_of(app.screen.query_one("#top-line"))
        await palette(pilot, "冲突", "冲突记录")
        assert isinstance(app.screen, ConflictsScreen)
        assert len(app.screen.views) == 1
        await pilot.press("1")  # keep the first side
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "冲突" not in text_of(app.screen.query_one("#top-line"))
        await app.action_quit()


async def test_sync_folder_in_settings(paths, stick):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await palette(pilot, "设置", "设置")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("tab", "tab")  # language, auto-lock, sync folder
        assert app.screen.focused.id == "sync_folder"
        await type_text(pilot, str(stick))
        await pilot.press("f2")
        await settle(pilot)
        assert app.config.sync_folder == str(stick)
        assert load_config(paths.config_file).sync_folder == str(stick)
        await app.action_quit()


async def test_erase_a_child_from_the_child_file(paths):
    seed = seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "lm")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen.child_id == seed.li_ming
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, EraseChildModal)
        await type_text(pilot, "李明")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "李明" not in names_on_dashboard(app)
        assert {"王芳", "张伟"} <= names_on_dashboard(app)
        await app.action_quit()
    check = open_vault_for_check(paths)
    try:
        assert children.get_child(check, seed.li_ming) is None
    finally:
        check.close()
