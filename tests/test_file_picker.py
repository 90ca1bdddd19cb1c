"""The one file picker (issue 14 item 4) under Pilot, on real folders: drives first (from
MENTOR_DRIVES), folders then fitting files in pinyin order with Chinese names shown, the filter
per purpose, a typed path, a folder accepted where a file is wanted (its only fitting file, else
a choice), and folder purposes picking the folder shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_tui import settle, type_text
from textual.app import App

from mentor_tui.screens.file_picker import FilePicker, Folder, name_key


class Host(App):
    def __init__(self, picker: FilePicker) -> None:
        super().__init__()
        self.picker = picker
        self.result: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.picker, self.result.append)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "U盘 一"
    for d in ("张老师", "安徽", "班级/一班", "one"):
        (root / d).mkdir(parents=True)
    for f in ("王小明.xlsx", "陈红.csv", "阿姨.txt", "备份.mentorsync", ".隐藏.xlsx"):
        (root / f).write_bytes(b"x")
    (root / "one" / "花名册.xlsx").write_bytes(b"x")
    (root / "班级" / "一班" / "a.csv").write_bytes(b"x")
    (root / "班级" / "一班" / "b.xlsx").write_bytes(b"x")
    return root


def shown(picker: FilePicker) -> list[str]:
    nav = picker.query_one(Folder)
    return [nav.get_option_at_index(i).location.name for i in range(nav.option_count)]


def test_pinyin_order():
    names = ["王小明", "陈红", "安徽", "张老师", "Zoe", "阿姨"]  # anhui < ayi < chen…
    assert sorted(names, key=name_key) == ["安徽", "阿姨", "陈红", "王小明", "张老师", "Zoe"]


async def test_drives_first_then_folders_then_fitting_files(tree, monkeypatch, tmp_path):
    other = tmp_path / "stick2"
    other.mkdir()
    monkeypatch.setenv("MENTOR_DRIVES", f"{tree}:{other}")
    picker = FilePicker("roster", str(tree))
    app = Host(picker)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        places = picker.query_one("#places")
        labels = [str(places.get_option_at_index(i).prompt) for i in range(places.option_count)]
        assert labels[0].startswith("U盘") and "U盘 一" in labels[0] and "stick2" in labels[1]
        # ".." first, then folders by pinyin (安 an, 班 ban, one, 张 zhang), then the fitting
        # files by pinyin (陈 chen, 王 wang); no .txt, no sync file, no hidden file
        assert shown(picker) == ["..", "安徽", "班级", "one", "张老师", "陈红.csv", "王小明.xlsx"]
        nav = picker.query_one(Folder)
        assert app.focused is nav
        nav.highlighted = shown(picker).index("王小明.xlsx")
        await pilot.press("enter")
        await settle(pilot)
    assert app.result == [tree / "王小明.xlsx"]


async def test_a_typed_folder_gives_its_only_fitting_file_else_a_choice(tree):
    picker = FilePicker("roster", str(tree))
    app = Host(picker)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker.query_one("#picker-path").focus()
        await type_text(pilot, str(tree / "班级" / "一班"))  # two fitting files: a choice
        await pilot.press("enter")
        await settle(pilot)
        assert app.result == []
        assert picker.query_one(Folder).location == tree / "班级" / "一班"
        assert shown(picker) == ["..", "a.csv", "b.xlsx"]
        picker.query_one("#picker-path").focus()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, str(tree / "one"))  # one fitting file: taken
        await pilot.press("enter")
        await settle(pilot)
    assert app.result == [tree / "one" / "花名册.xlsx"]


async def test_wrong_type_and_missing_paths_say_so(tree):
    picker = FilePicker("sync", str(tree))
    app = Host(picker)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(picker)[-1] == "备份.mentorsync"  # the sync filter
        picker.query_one("#picker-path").focus()
        await type_text(pilot, str(tree / "王小明.xlsx"))
        await pilot.press("enter")
        await settle(pilot)
        assert ".mentorsync" in str(picker.query_one("#picker-error").render())
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "不存在.mentorsync")  # relative to the folder shown
        await pilot.press("enter")
        await settle(pilot)
        assert "找不到" in str(picker.query_one("#picker-error").render())
        await pilot.press("escape")
        await settle(pilot)
    assert app.result == [None]


async def test_a_folder_purpose_picks_the_folder_shown(tree):
    picker = FilePicker("export", str(tree))
    app = Host(picker)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(picker) == ["..", "安徽", "班级", "one", "张老师"]  # folders only
        nav = picker.query_one(Folder)
        nav.highlighted = shown(picker).index("张老师")
        await pilot.press("enter")  # opens it
        await settle(pilot)
        assert nav.location == tree / "张老师"
        await pilot.press("f2")
        await settle(pilot)
    assert app.result == [tree / "张老师"]
