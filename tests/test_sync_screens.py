"""The sync dialogs on a bare host App with a real vault: the import report and its
confirmation, the export with progress, the typed confirmation of an erasure."""

from __future__ import annotations

from test_sync_support import PASS, seed
from textual.app import App
from textual.widgets import Input, Static

from mentor_tui import roaming
from mentor_tui.config import Config
from mentor_tui.db import children, store
from mentor_tui.db.sync_apply import import_new_profile
from mentor_tui.db.sync_export import export_vault, file_name
from mentor_tui.db.sync_keys import SyncKeys


class Host(App):
    def __init__(self, vault, screen, config=None) -> None:
        super().__init__()
        self.vault, self.first, self.config = vault, screen, config or Config()
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _newer_file(paths, vault, tmp_path):
    first = export_vault(vault, tmp_path, SyncKeys(PASS)).path
    b, _p, _r = import_new_profile(paths, "机器B", first, PASS)
    children.add_child(b, "在B上添加")
    out = tmp_path / "b"
    out.mkdir()
    path = export_vault(b, out, SyncKeys(PASS)).path
    b.close()
    return path


async def test_import_report_then_confirm(paths, vault, tmp_path):
    from mentor_tui.screens.sync_screen import SyncImportScreen

    seed(vault, 1)
    path = _newer_file(paths, vault, tmp_path)
    roaming.attach_keys(vault, PASS, Config())  # keys of unlock: this file needs the passphrase
    app = Host(vault, SyncImportScreen(path=path))
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot)
        box = app.screen.query_one("#sync-passphrase", Input)
        assert box.display  # the file was sealed elsewhere: asked once
        box.value = PASS
        await pilot.press("enter")
        await _settle(pilot)
        report = str(app.screen.query_one("#sync-report", Static).render())
        assert "1" in report and app.screen.preview.counts()["new"] == 1
        assert "在B上添加" not in {c.name for c in children.list_children(vault)}
        await pilot.press("y")
        await _settle(pilot)
    assert app.results == [True]
    assert "在B上添加" in {c.name for c in children.list_children(vault)}


async def test_import_cancel_changes_nothing(paths, vault, tmp_path):
    from mentor_tui.screens.sync_screen import SyncImportScreen

    seed(vault, 1)
    path = _newer_file(paths, vault, tmp_path)
    before = store.all_versions(vault)
    app = Host(vault, SyncImportScreen(path=path))
    vault.sync_keys = SyncKeys(PASS)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
    assert app.results == [False] and store.all_versions(vault) == before


async def test_export_with_progress_to_the_sync_folder(vault, tmp_path):
    from mentor_tui.screens.sync_screen import SyncExportScreen

    seed(vault, 2)
    stick = tmp_path / "stick"
    stick.mkdir()
    cfg = Config(sync_folder=str(stick))
    roaming.attach_keys(vault, PASS, cfg)
    app = Host(vault, SyncExportScreen(config=cfg), cfg)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert (stick / file_name(vault)).exists()
        assert str(stick) in str(app.screen.query_one("#sync-status", Static).render())
        await pilot.press("enter")
        await _settle(pilot)
    assert app.results == [True]


async def test_erase_needs_the_exact_name(vault):
    from mentor_tui.screens.sync_screen import EraseChildModal

    cid = seed(vault, 1)[0]
    name = children.get_child(vault, cid).name
    app = Host(vault, EraseChildModal(cid))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        box = app.screen.query_one("#erase-name", Input)
        box.value = name + "x"
        await pilot.press("enter")
        await _settle(pilot)
        assert children.get_child(vault, cid) is not None
        box.value = name
        await pilot.press("enter")
        await _settle(pilot)
    assert app.results == [True] and children.get_child(vault, cid) is None
