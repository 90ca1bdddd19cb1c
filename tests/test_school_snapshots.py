"""Snapshots of the school office's screens at 80x24 (pytest-textual-snapshot, as
tests/test_tui_snapshots.py): the overview in Chinese and English, the drill-down to a
teacher's children and to a child's duty rows, the pairing screen. Fixed dates throughout
(school_tui_support.py); update with ``--snapshot-update`` and look at every changed SVG."""

from pathlib import Path

import pytest
import pytest_textual_snapshot
from conftest_tui import make_app, settle, unlock
from school_tui_support import TODAY, build_office

from mentor_tui.config import Config
from mentor_tui.core.i18n import set_language

SIZE = (80, 24)


class SnapshotsDir(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(test_location.filepath).parent / "snapshots")


@pytest.fixture(autouse=True)
def _snapshots_in_tests_snapshots(monkeypatch):
    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", SnapshotsDir)


def shoot(snap_compare, paths, keys: list[str], language: str = "zh"):
    app = make_app(paths, profile_name="城关小学", today=TODAY, config=Config(language=language))

    async def run_before(pilot):
        await unlock(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause()

    try:
        return snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        if app.vault is not None:
            app.vault_call(app.vault.close)
        set_language("zh")


def test_school_overview_zh(snap_compare, paths, tmp_path):
    build_office(paths, tmp_path, unpair_zhao=True)
    assert shoot(snap_compare, paths, [])


def test_school_overview_en(snap_compare, paths, tmp_path):
    build_office(paths, tmp_path, unpair_zhao=True)
    assert shoot(snap_compare, paths, [], language="en")


def test_school_teacher_children_zh(snap_compare, paths, tmp_path):
    build_office(paths, tmp_path, unpair_zhao=True)
    assert shoot(snap_compare, paths, ["down", "enter"])


def test_school_child_duties_zh(snap_compare, paths, tmp_path):
    build_office(paths, tmp_path, unpair_zhao=True)
    assert shoot(snap_compare, paths, ["down", "enter", "enter"])


def test_school_pairing_zh(snap_compare, paths, tmp_path):
    build_office(paths, tmp_path, unpair_zhao=True)
    assert shoot(snap_compare, paths, ["p"])
