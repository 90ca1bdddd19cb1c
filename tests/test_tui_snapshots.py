"""Snapshots (pytest-textual-snapshot) at 80x24 and 120x40 with a frozen date, stored in
tests/snapshots with LF endings. Update with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at every changed SVG before committing it."""

import datetime as dt
from pathlib import Path

import pytest
import pytest_textual_snapshot
from conftest_tui import PASS, make_app, settle, type_text, unlock

from mentor_tui.config import Config
from mentor_tui.core.i18n import set_language
from mentor_tui.db.children import add_child, add_contact
from mentor_tui.db.entries import log_entry
from mentor_tui.db.settings import add_term, set_setting
from mentor_tui.db.vault import create_vault


class SnapshotsDir(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(test_location.filepath).parent / "snapshots")


@pytest.fixture(autouse=True)
def _snapshots_in_tests_snapshots(monkeypatch):
    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", SnapshotsDir)


def seed(paths):
    vault = create_vault(paths, "王老师", PASS)
    try:
        set_setting(vault, "teacher_name", "王老师")
        set_setting(vault, "policy", "default")
        add_term(
            vault,
            "2026年秋季学期",
            dt.date(2026, 9, 1),
            dt.date(2027, 1, 15),
            breaks=[["2026-10-01", "2026-10-07", "national_day"]],
        )
        paired = dt.date(2026, 9, 1)
        li = add_child(
            vault,
            "李明",
            added_on=paired,
            class_name="三年级二班",
            gender="male",
            birth_date=dt.date(2017, 5, 3),
            boarding=True,
            home_phone="0731-8888888",
            categories=["learning_difficulty"],
            interests="画画、踢球",
        )
        add_contact(
            vault,
            li,
            "李建国",
            "father",
            phones=["13800138000"],
            work_city="广州",
            employer="电子厂",
            is_primary=True,
        )
        add_contact(
            vault,
            li,
            "王秀英",
            "grandparent",
            relationship="奶奶",
            phones=["13900139000"],
            address="青山村三组",
        )
        log_entry(
            vault,
            li,
            "talk",
            dt.date(2026, 11, 2),
            text="说想妈妈，最近数学进步了。",
            card={"place": "教室", "follow_up": "月底再谈"},
        )
        log_entry(
            vault,
            li,
            "parent_call",
            dt.date(2026, 10, 20),
            outcome="attempted_unreachable",
            skip_reason="关机",
        )
        log_entry(vault, li, "home_visit", dt.date(2026, 9, 10), text="奶奶身体不好。")
        wang = add_child(vault, "王芳", added_on=paired, class_name="四年级一班")
        log_entry(vault, wang, "talk", dt.date(2026, 11, 18), text="很开心")
        log_entry(vault, wang, "risk_note", dt.date(2026, 11, 17), text="手臂有淤青")
        add_child(vault, "张伟", added_on=paired, class_name="三年级一班")
        add_child(vault, "欧阳娜娜", added_on=dt.date(2026, 11, 1), class_name="五年级二班")
    finally:
        vault.close()


def shoot(snap_compare, paths, size, steps, language="zh"):
    app = make_app(paths, config=Config(language=language))

    async def run_before(pilot):
        await unlock(pilot)
        for step in steps:
            await step(pilot)
            await settle(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    try:
        return snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        if app.vault is not None:
            app.vault_call(app.vault.close)
        set_language("zh")


async def open_li_ming(pilot):
    await pilot.press("slash")
    await type_text(pilot, "lm")
    await pilot.press("enter", "enter")


async def talk(pilot):
    await pilot.press("t")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_dashboard_zh(snap_compare, paths, size):
    seed(paths)
    assert shoot(snap_compare, paths, size, [])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_dashboard_en(snap_compare, paths, size):
    seed(paths)
    assert shoot(snap_compare, paths, size, [], language="en")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_child_file(snap_compare, paths, size):
    seed(paths)
    assert shoot(snap_compare, paths, size, [open_li_ming])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_quick_entry_modal(snap_compare, paths, size):
    seed(paths)
    assert shoot(snap_compare, paths, size, [open_li_ming, talk])
