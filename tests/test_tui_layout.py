"""What the snapshots show, asserted on the rendered text (issue 16): states and focus read
from glyphs without colour; names and classes whole on a wide terminal; every check-in form
shows its date and outcome on a 60x20 terminal without scrolling."""

import openpyxl
import pytest
from conftest_tui import make_app, screen_text, settle, type_text, unlock
from test_tui_snapshots import import_preview, seed

from mentor_tui.config import Config
from mentor_tui.core import vocab
from mentor_tui.core.i18n import t
from mentor_tui.screens.export_screen import ExportScreen
from mentor_tui.screens.quick_entry import QuickEntry
from mentor_tui.screens.roster_screen import RosterScreen
from mentor_tui.widgets.protocol import Navigate
from mentor_tui.widgets.requests import OpenQuickEntry, OpenRosterMapping
from mentor_tui.widgets.toggles import RADIO_OFF, RADIO_ON, TICK_OFF, TICK_ON

FOCUS_BAR = "┃"  # app.tcss .field-row:focus-within: a heavy bar left of the focused field


def line_with(lines: list[str], words: str) -> str:
    return next(line for line in lines if words in line)


def starts_with_bar(line: str) -> bool:
    """Whether the row's first glyph inside the dialog's border is the focus bar."""
    inner = line.strip().lstrip("│").lstrip()
    return inner.startswith(FOCUS_BAR)


async def test_states_and_focus_read_without_colour(paths, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    seed(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert app.theme == "mentor-mono"
        await pilot.press("t")
        await settle(pilot)
        lines = screen_text(app)
        outcome = line_with(lines, t("entry.outcome"))
        # the chosen outcome and the others: different glyphs
        assert outcome.count(RADIO_ON) == 1 and outcome.count(RADIO_OFF) == 2
        assert outcome.index(RADIO_ON) < outcome.index(t("outcome.done"))
        # the focused field (place) and an unfocused one (the date): different glyphs
        assert starts_with_bar(line_with(lines, t("card.place")))
        assert not starts_with_bar(line_with(lines, t("entry.date")))
        await pilot.press("2")  # focus is in a text field: a digit is text, nothing moves
        await pilot.press("f4", "right")  # the outcome row: focus and choice both move
        lines = screen_text(app)
        outcome = line_with(lines, t("entry.outcome"))
        assert starts_with_bar(outcome)
        assert not starts_with_bar(line_with(lines, t("card.place")))
        assert outcome.index(RADIO_ON) > outcome.index(t("outcome.done"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # "2" was typed: she is asked first
        await pilot.press("y")
        await settle(pilot)
        # the export dialog's check boxes, unticked and ticked
        app.action_export()
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        box = app.screen.query_one("#export-mask")
        lines = screen_text(app)
        assert TICK_OFF in line_with(lines, str(box.label))
        app.screen.set_focus(box)
        await pilot.press("space")
        lines = screen_text(app)
        mask = line_with(lines, str(box.label))
        assert TICK_ON in mask and starts_with_bar(mask)
        assert TICK_OFF in line_with(lines, str(app.screen.query_one("#export-sensitive").label))
        await app.action_quit()


async def test_ticked_children_read_without_colour(paths, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    seed(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("space")
        lines = screen_text(app)
        table = app.screen.query_one("#children")
        first = str(table.get_cell_at((0, 0)))
        second = str(table.get_cell_at((1, 0)))
        assert first.startswith(TICK_ON) and not second.startswith(TICK_ON)
        assert any(line.strip().startswith(TICK_ON) for line in lines)
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_names_and_classes_are_whole_at_160_columns(paths, language):
    seed(paths)
    app = make_app(paths, config=Config(language=language))
    async with app.run_test(size=(160, 50)) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#children")
        assert table.row_count == 5
        for row in range(table.row_count):
            for column in (0, 1):  # name, class
                cell = str(table.get_cell_at((row, column)))
                assert not cell.endswith("…"), cell
        shown = "\n".join(screen_text(app))
        assert "[bold]吴迪[/bold]" in shown and "一年级(1)班实验班" in shown
        # the child file: title, contacts, timeline
        await pilot.press("slash")
        await type_text(pilot, "wd")
        await pilot.press("enter", "enter")
        await settle(pilot)
        title = "\n".join(screen_text(app)[:2])
        assert "[bold]吴迪[/bold]" in title and "一年级(1)班实验班" in title
        timeline = app.screen.query_one("#timeline")
        texts = [str(timeline.get_cell_at((r, 3))) for r in range(timeline.row_count)]
        assert "表兄弟俩一起家访。" in texts
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_every_form_shows_date_and_outcome_at_60_by_20(paths, language):
    seed(paths)
    app = make_app(paths, config=Config(language=language))
    async with app.run_test(size=(60, 20)) as pilot:
        await unlock(pilot)
        child = app.screen.selected_child_id()
        for kind in vocab.ENTRY_KINDS:
            app.post_message(Navigate(OpenQuickEntry(child, kind)))
            await settle(pilot)
            assert isinstance(app.screen, QuickEntry) and app.screen.kind == kind
            lines = screen_text(app)
            for words in (t("entry.date"), t("entry.outcome"), t("outcome.done")):
                assert any(words in line for line in lines), (kind, words, lines)
            for wid in ("#row-date", "#row-outcome"):
                row = app.screen.query_one(wid)
                assert row.region.height and row.region.bottom <= 20, (kind, wid)
            await pilot.press("escape")
            await settle(pilot)
        await app.action_quit()


async def test_the_child_file_shows_the_whole_duty_summary_at_60_by_20(paths):
    seed(paths)
    app = make_app(paths, config=Config(language="en"))
    async with app.run_test(size=(60, 20)) as pilot:
        await unlock(pilot)
        await pilot.press("slash")
        await type_text(pilot, "lm")
        await pilot.press("enter", "enter")
        await settle(pilot)
        duties = app.screen.query_one("#duties")
        shown = " ".join(
            line.strip() for line in screen_text(app)[duties.region.y : duties.region.bottom]
        )
        assert shown.endswith("0/1"), shown  # the last duty, with its count, not cut
        assert "End-of-term summary" in shown
        head = "\n".join(screen_text(app))
        assert "kind: all" in head and "：" not in head.split("kind")[1][:3]
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_the_import_preview_shows_names_and_classes_whole_at_160_columns(
    paths, tmp_path, monkeypatch, language
):
    monkeypatch.chdir(tmp_path)
    seed(paths)
    app = make_app(paths, config=Config(language=language))
    async with app.run_test(size=(160, 50)) as pilot:
        await unlock(pilot)
        await import_preview(pilot)
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one("#roster-rows")
        assert table.row_count == 5
        for row in range(table.row_count):
            for column in (1, 2):  # name, class
                cell = str(table.get_cell_at((row, column)))
                assert not cell.endswith("…"), cell
        shown = "\n".join(screen_text(app))
        for words in ("[bold]钱多多[/bold]", "司马欧阳长安", "一年级(1)班实验班"):
            assert words in shown, shown
        await app.action_quit()


async def test_the_import_preview_keeps_each_status_mark_at_60_columns(
    paths, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    seed(paths)
    app = make_app(paths)
    async with app.run_test(size=(60, 20)) as pilot:
        await unlock(pilot)
        await import_preview(pilot)
        await settle(pilot)
        table = app.screen.query_one("#roster-rows")
        assert len(table.columns) == 4
        marks = [str(table.get_cell_at((r, 3)))[:1] for r in range(table.row_count)]
        assert set(marks) <= {"✓", "↻", "=", "?", "✗", "⚠"} and "✗" in marks, marks
        assert table.region.right <= 60
        await app.action_quit()


async def test_picked_and_unpicked_sheets_read_without_colour(paths, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    seed(paths)
    wb = openpyxl.Workbook()
    wb.active.title = "三年级二班"
    wb.active.append(["姓名", "性别"])
    wb.active.append(["李明", "男"])
    other = wb.create_sheet("四年级一班")
    other.append(["姓名", "性别"])
    other.append(["王芳", "女"])
    wb.save(tmp_path / "全校.xlsx")
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.post_message(Navigate(OpenRosterMapping(str(tmp_path / "全校.xlsx"))))
        await settle(pilot)
        sheets = app.screen.query_one("#rmap-sheets")
        assert sorted(sheets.selected) == ["三年级二班", "四年级一班"]
        sheets.focus()
        await pilot.press("space")  # unpick the first
        await settle(pilot)
        lines = screen_text(app)
        assert TICK_OFF in line_with(lines, "三年级二班")
        assert TICK_ON in line_with(lines, "四年级一班")
        await app.action_quit()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_the_not_synced_badge_stays_whole_at_60_columns(paths, language):
    seed(paths)
    app = make_app(paths, config=Config(language=language))
    async with app.run_test(size=(60, 20)) as pilot:
        await unlock(pilot)
        top = screen_text(app)[0].rstrip()
        assert top.endswith(t("wire.unsynced_badge", n=17)), top  # the term line gave way
        assert "…" in top
        await app.action_quit()


async def test_the_wizards_dropdown_and_the_settings_labels_speak_chinese_whole(paths):
    """Two slips of issue 16: "esc Dismiss menu" under the wizard's open list, and the
    settings label cut as "自动锁定（分钟" / "）"."""
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # the welcome screen: a new teacher
        await settle(pilot)
        await type_text(pilot, "王老师")
        await pilot.press("enter", "enter")
        await type_text(pilot, "correct horse")
        await pilot.press("enter")
        await type_text(pilot, "correct horse")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.step == 2  # the term, with the policy's list
        app.screen.set_focus(app.screen.query_one("#preset"))
        await pilot.press("enter")  # the list opens
        await settle(pilot)
        shown = "\n".join(screen_text(app))
        assert "Dismiss" not in shown and "esc 关闭菜单" in shown, shown
        await pilot.press("escape")
        await app.action_quit()
    seed(paths)
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.action_settings()
        await settle(pilot)
        assert any(t("settings.idle") in line for line in screen_text(app))
        await pilot.press("escape")
        await app.action_quit()


async def test_the_welcome_screens_wrapped_help_stays_under_its_label(paths):
    """A way in's help line that wraps keeps its indent under the label instead of starting at
    the list's left edge (seen at 100 columns in English; 44 columns wraps every one)."""
    app = make_app(paths, config=Config(language="en"))
    async with app.run_test(size=(44, 30)) as pilot:
        await settle(pilot)
        ways = app.screen.query_one("#ways")
        left = ways.content_region.x
        lines = [line[left : left + ways.content_region.width] for line in screen_text(app)]
        lines = lines[ways.content_region.y : ways.content_region.bottom]
        ways_in = ("welcome.new", "welcome.restore", "welcome.school")
        labels = [f"{n}  {t(key)}"[:6] for n, key in enumerate(ways_in, 1)]
        text_lines = [line for line in lines if line.strip()]
        helps = [line for line in text_lines if not any(line.startswith(lb) for lb in labels)]
        assert len(helps) > len(ways_in)  # the help lines wrapped at this width
        assert all(line.startswith("   ") for line in helps), helps
        await app.action_quit()
