"""Snapshots (pytest-textual-snapshot) with a frozen date, stored in tests/snapshots with LF
endings, in Chinese and English at 60x20, 80x24 and 160x50: the dashboard, the child file,
every check-in kind's form (one of them for a group), the child and contact forms, the export
dialog, the import preview and the wizard; and a set under ``NO_COLOR`` (the monochrome
theme). Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at every
changed SVG before committing it.

What the pictures prove is also asserted on the rendered text in tests/test_tui_layout.py."""

import datetime as dt
from pathlib import Path

import pytest
import pytest_textual_snapshot
from conftest_tui import PASS, make_app, settle, type_text, unlock

from mentor_tui.config import Config
from mentor_tui.core.i18n import set_language
from mentor_tui.db.children import add_child, add_contact
from mentor_tui.db.entries import log_entry, save_group
from mentor_tui.db.settings import add_term, set_setting
from mentor_tui.db.vault import create_vault
from mentor_tui.widgets.protocol import Navigate
from mentor_tui.widgets.requests import OpenQuickEntry, OpenRosterPreview


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
        # a name that looks like markup and a long class: whole wherever there is room
        wu = add_child(vault, "[bold]吴迪[/bold]", added_on=paired, class_name="一年级(1)班实验班")
        save_group(
            vault,
            None,
            [li, wu],
            "home_visit",
            occurred_on=dt.date(2026, 11, 16),
            text="表兄弟俩一起家访。",
        )
    finally:
        vault.close()


def shoot(snap_compare, paths, size, steps, language="zh", wizard=False):
    app = make_app(paths, config=Config(language=language))

    async def run_before(pilot):
        if wizard:
            await settle(pilot)
        else:
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


def press(*keys):
    async def step(pilot):
        await pilot.press(*keys)

    return step


def write(text):
    async def step(pilot):
        await type_text(pilot, text)

    return step


async def open_li_ming(pilot):
    await pilot.press("slash")
    await type_text(pilot, "lm")
    await pilot.press("enter", "enter")


async def export(pilot):
    pilot.app.action_export()


ROSTER = (  # a class roster read in the current folder (its name is shown: no temp path)
    "姓名,性别,班级,出生日期,家庭电话\n"
    "李明,男,三年级二班,2017-05-03,0731-8888888\n"
    "赵小雨,女,一年级(1)班实验班,2019-03-04,\n"
    "[bold]钱多多[/bold],男,五年级二班,2016-13-40,\n"
    "司马欧阳长安,女,二年级三班,2018-06-01,0731-7777777\n"
    ",男,三年级一班,,\n"
)


async def import_preview(pilot):
    Path("花名册.csv").write_text(ROSTER, encoding="utf-8")
    pilot.app.post_message(Navigate(OpenRosterPreview("花名册.csv")))


def entry_of(kind):
    """A check-in form of any kind (not all have a key) for the child under the cursor."""

    async def step(pilot):
        child = pilot.app.screen.selected_child_id()
        pilot.app.post_message(Navigate(OpenQuickEntry(child, kind)))

    return step


SIZES = {"60x20": (60, 20), "80x24": (80, 24), "160x50": (160, 50)}
VIEWS = {
    "dashboard": [],
    "child_file": [open_li_ming],
    "talk": [open_li_ming, press("t")],  # a card first
    "home_visit": [press("v")],
    "parent_call": [open_li_ming, press("p", "2")],  # a call: outcome first; unreachable
    "diary": [press("d")],  # no card: the notes
    "group_talk": [press("space", "space", "space", "t")],
    "export": [export],
    "import_preview": [import_preview],
    "wizard": [press("1"), write("王老师"), press("enter", "enter"), write("abc")],
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_view(snap_compare, paths, tmp_path, monkeypatch, view, size, language):
    monkeypatch.chdir(tmp_path)
    if view != "wizard":
        seed(paths)
    assert shoot(snap_compare, paths, SIZES[size], VIEWS[view], language, wizard=view == "wizard")


@pytest.mark.parametrize(
    "kind",
    [
        "guardian_contact",
        "child_parent_contact",
        "study_plan",
        "term_summary",
        "risk_note",
        "other",
    ],
)
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_every_other_entry_kind(snap_compare, paths, kind, size, language):
    seed(paths)
    assert shoot(snap_compare, paths, SIZES[size], [entry_of(kind)], language)


FORMS = {
    "child_form": [press("n")],
    "contact_form": [open_li_ming, press("c")],
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("form", FORMS)
def test_edit_forms(snap_compare, paths, form, size, language):
    seed(paths)
    assert shoot(snap_compare, paths, SIZES[size], FORMS[form], language)


NO_COLOR_VIEWS = {
    "dashboard_ticked": [press("space", "space")],
    "talk": [open_li_ming, press("t")],
    "parent_call": [open_li_ming, press("p", "2")],  # the outcome focused, the second chosen
    "export": [export, press("tab", "tab", "tab", "tab", "space")],  # one box ticked
    "import_preview": [import_preview],  # each row's mark: ✓ = ✗ ⚠
}


@pytest.mark.parametrize("view", NO_COLOR_VIEWS)
def test_no_color(snap_compare, paths, tmp_path, monkeypatch, view):
    """Under NO_COLOR: the monochrome theme; states read from glyphs, not colours."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    seed(paths)
    assert shoot(snap_compare, paths, (80, 24), NO_COLOR_VIEWS[view])
