"""The lab day in the app (issue 14), by keyboard on the real app and real vaults: the first
screen's two ways in, restore from the stick with its teacher's name and export time listed,
the shared-PC clean-up after a verified export only, leaving without her stick, and a new
profile for another teacher from the palette that never merges into the open vault."""

from __future__ import annotations

import shutil

import pytest
from conftest_tui import (
    PASS,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from test_tui_wiring_sync import names_on_dashboard, palette

from mentor_tui import roaming
from mentor_tui.config import Config, load_config
from mentor_tui.db import children
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.paths import prepare
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.restore import RestoreScreen
from mentor_tui.screens.welcome import WelcomeScreen
from mentor_tui.screens.wizard import WizardScreen


@pytest.fixture
def stick(tmp_path, monkeypatch):
    p = tmp_path / "U盘 E"
    p.mkdir()
    monkeypatch.setenv("MENTOR_DRIVES", str(p))
    return p


def exported(paths, stick) -> str:
    """Her vault exported to the stick; returns its vault id."""
    v = open_vault_for_check(paths)
    try:
        export_vault(v, stick, SyncKeys(PASS))
        return v.vault_id
    finally:
        v.close()


def wipe(paths):
    """The lab machine's restore card: the data and config folders are gone."""
    shutil.rmtree(paths.data_dir)
    shutil.rmtree(paths.config_dir)
    return prepare()


async def test_the_first_screen_offers_both_ways_in(paths):
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RestoreScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("1")  # a new teacher
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)


async def test_restore_lists_her_file_and_restores_on_a_wiped_machine(paths, stick):
    seed_profile(paths)
    vault_id = exported(paths, stick)
    (stick / "别人的.mentorsync").write_bytes(b"MENTORSYNC\x02 broken")  # listed, unreadable
    paths = wipe(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RestoreScreen)
        listed = screen.query_one("#restore-files")
        first = str(listed.get_option_at_index(0).prompt)
        assert "王老师" in first and "上次导出" in first and "王老师.mentorsync" in first
        await pilot.press("enter")
        await type_text(pilot, "wrong passphrase")
        await pilot.press("enter")
        await settle(pilot)
        assert "口令" in text_of(screen.query_one("#restore-status"))  # one sentence, stays
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await settle(pilot)
        report = text_of(screen.query_one("#restore-report"))
        assert "新增记录" in report and "这是公用电脑吗" in report
        await pilot.press("n")  # not a shared PC
        await settle(pilot, 10)
        assert isinstance(app.screen, DashboardScreen)
        assert {"李明", "王芳", "张伟"} <= names_on_dashboard(app)
        assert app.vault.vault_id == vault_id and app.vault.profile.name == "王老师"
        await app.action_quit()
    config = load_config(paths.config_file)
    assert config.shared_pc == "no" and config.recent_folders == [str(stick)]
    assert [p.name for p in list_profiles(paths)] == ["王老师"]  # kept: not a shared PC


async def test_shared_pc_removes_the_local_copy_only_after_a_verified_export(paths, stick):
    seed_profile(paths)
    exported(paths, stick)
    app = make_app(paths, config=Config(language="zh", shared_pc="yes"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        profile_dir = app.vault.dir
        children.add_child(app.vault, "退出前添加")
        await app.action_quit()
    assert "已删除" in app.quit_message
    assert list_profiles(paths) == [] and not profile_dir.exists()
    assert not any(paths.exports_dir.iterdir())
    paths = prepare()
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:  # the stick holds everything
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # yes, a shared PC (the default)
        await settle(pilot, 10)
        assert "退出前添加" in names_on_dashboard(app)
        await app.action_quit()


async def test_nothing_is_removed_when_the_stick_is_missing_or_the_export_fails(
    paths, stick, monkeypatch
):
    seed_profile(paths)
    monkeypatch.setenv("MENTOR_DRIVES", "")  # the stick is not plugged in
    app = make_app(paths, config=Config(language="zh", shared_pc="yes"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert "未同步" in text_of(app.screen.query_one("#top-line"))
        await app.action_quit()
    assert "只保存在这台电脑上" in app.quit_message and "条改动" in app.quit_message
    assert [p.name for p in list_profiles(paths)] == ["王老师"]

    monkeypatch.setenv("MENTOR_DRIVES", str(stick))
    # her file is there, but written by a newer app: the export stops (nothing overwritten)
    newer = b"MENTORSYNC\x63" + b"\0" * 64
    (stick / "王老师.mentorsync").write_bytes(newer)
    app = make_app(paths, config=Config(language="zh", shared_pc="yes"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await app.action_quit()
    assert app.quit_message.startswith("同步到 U 盘失败")
    assert (stick / "王老师.mentorsync").read_bytes() == newer
    assert "没有删除" in app.quit_message
    assert [p.name for p in list_profiles(paths)] == ["王老师"]
    check = open_vault_for_check(paths)
    check.close()


async def test_a_new_profile_from_the_palette_never_merges_into_the_open_vault(paths, stick):
    from mentor_tui.db.vault import create_vault

    other = create_vault(paths, "李老师", PASS)
    try:
        children.add_child(other, "李老师的学生")
        export_vault(other, stick, SyncKeys(PASS))
    finally:
        other.close()
    shutil.rmtree(paths.profile_dir(other.profile.id))
    from mentor_tui.db.profiles import remove_profile

    remove_profile(paths, other.profile.id)
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        before = names_on_dashboard(app)
        await palette(pilot, "从同步文件新建", "从同步文件新建档案")
        assert isinstance(app.screen, RestoreScreen)
        listed = str(app.screen.query_one("#restore-files").get_option_at_index(0).prompt)
        assert "李老师" in listed
        await pilot.press("enter")
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, 10)
        assert isinstance(app.screen, DashboardScreen)
        assert names_on_dashboard(app) == before  # nothing merged into hers
        await app.action_quit()
    assert sorted(p.name for p in list_profiles(paths)) == ["李老师", "王老师"]
    from conftest_tui import open_vault_for_check as open_check

    li = open_check(paths, name="李老师")
    try:
        assert [c.name for c in children.list_children(li)] == ["李老师的学生"]
    finally:
        li.close()


def test_roaming_warns_with_the_count_when_leaving_without_the_stick(vault):
    children.add_child(vault, "没带U盘")
    out = roaming.on_lock(vault, Config())
    assert out.status == "off" and "1 条改动只保存在这台电脑上" in out.message


async def test_documents_go_to_her_stick_and_the_ledger_xlsx_is_protected(paths, stick):
    """With a stick there, the export dialog writes to its 帮扶文档 folder; Excel, like Word, is
    password-protected by default (the file is an encrypted OLE container, not a bare zip)."""
    from test_tui_wiring_docs import tab_to

    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        await palette(pilot, "导出", "导出")
        screen = app.screen
        assert screen.folder == stick / "帮扶文档"
        assert "帮扶文档" in text_of(screen.query_one("#export-folder"))
        await tab_to(pilot, "export-kind")
        await pilot.press("right", "enter")  # the ledger
        await settle(pilot)
        assert screen.kind == "ledger" and screen.fmt() == "xlsx"
        await pilot.press("f2")  # no password yet: refused
        await settle(pilot)
        assert screen.last_result is None
        await tab_to(pilot, "export-pw1")
        await type_text(pilot, "secret1")
        await pilot.press("tab")
        await type_text(pilot, "secret1")
        await pilot.press("f2")
        await settle(pilot)
        result = screen.last_result
        assert result is not None and not result.plaintext
        (path,) = result.paths
        assert path.parent == stick / "帮扶文档" and path.suffix == ".xlsx"
        assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # encrypted OOXML (an OLE file)
        await app.action_quit()


async def test_with_her_stick_in_the_first_screen_offers_restore_at_once(paths, stick):
    seed_profile(paths)
    exported(paths, stick)
    paths = wipe(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")  # the highlight moved to the restore
        await settle(pilot)
        assert isinstance(app.screen, RestoreScreen)


async def test_another_teacher_at_the_unlock_screen_gets_the_first_screen(paths):
    seed_profile(paths)
    app = make_app(paths, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)  # new, or restore from her own stick
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
