"""Helpers for the TUI tests: a seeded vault in the test's MENTOR_HOME, a fake clock, and ways
to wait for thread workers without timed waits. Import from the tests (not a conftest)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from textual import events

from mentor_tui.app import MentorApp
from mentor_tui.config import Config

TODAY = dt.date(2026, 11, 20)  # a Friday, week 12 of the 2026 autumn term
PASS = "correct horse 正确"


class FakeClock:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = 1_800_000_000.0

    def monotonic(self) -> float:
        return self.mono

    def time(self) -> float:
        return self.wall

    def advance(self, seconds: float, wall_extra: float = 0.0) -> None:
        self.mono += seconds
        self.wall += seconds + wall_extra


@dataclass
class Seed:
    li_ming: str
    wang_fang: str
    zhang_wei: str
    li_father: str
    talk_entry: str


def seed_profile(paths, name: str = "王老师", passphrase: str = PASS) -> Seed:
    """A profile with a term, three children, contacts and a few entries; closed again."""
    from mentor_tui.db.children import add_child, add_contact
    from mentor_tui.db.entries import log_entry
    from mentor_tui.db.settings import add_term, set_setting
    from mentor_tui.db.vault import create_vault

    vault = create_vault(paths, name, passphrase)
    try:
        set_setting(vault, "teacher_name", name)
        set_setting(vault, "policy", "core")
        add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
        paired = dt.date(2026, 9, 1)
        li = add_child(vault, "李明", added_on=paired, class_name="三年级二班", gender="male")
        wang = add_child(vault, "王芳", added_on=paired, class_name="四年级一班")
        zhang = add_child(vault, "张伟", added_on=paired, class_name="三年级一班")
        father = add_contact(
            vault, li, "李建国", "father", phones=["13800138000"], work_city="广州"
        )
        talk = log_entry(vault, wang, "talk", dt.date(2026, 11, 18), text="谈得很好")
        log_entry(vault, wang, "parent_call", dt.date(2026, 11, 10))
        log_entry(vault, zhang, "talk", dt.date(2026, 10, 2))
    finally:
        vault.close()
    return Seed(li, wang, zhang, father, talk)


def make_app(paths, **kw) -> MentorApp:
    kw.setdefault("today", TODAY)
    kw.setdefault("clock", FakeClock())
    kw.setdefault("config", Config(language="zh"))
    return MentorApp(paths=paths, **kw)


async def settle(pilot, rounds: int = 6) -> None:
    """Let workers finish and their messages be handled (workers may start more workers)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """ASCII through key presses; anything else through a paste (pilot.press drops CJK)."""
    if text.isascii():
        await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
    else:
        pilot.app.post_message(events.Paste(text))
        await pilot.pause()


async def clear_field(pilot) -> None:
    """Empty the focused Input with the keyboard (end, then delete everything to the left)."""
    await pilot.press("end", "ctrl+u")


async def focus_by_keys(pilot, wid: str, key: str = "tab", limit: int = 40) -> None:
    """Press ``key`` (tab or shift+tab) until the widget ``#wid`` has focus: proves the field
    is reachable from the keyboard (fails when it never is)."""
    for _ in range(limit):
        focused = pilot.app.focused
        if focused is not None and focused.id == wid:
            return
        await pilot.press(key)
    raise AssertionError(f"#{wid} never got focus with {key}")


async def open_file(pilot, query: str) -> None:
    """From the dashboard: ``/`` search, then Enter to the list and Enter on the row."""
    from mentor_tui.screens.child_file import ChildFileScreen

    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("enter", "enter")  # to the list, then open the row
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChildFileScreen)


async def unlock(pilot, passphrase: str = PASS) -> None:
    await settle(pilot)
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


def open_vault_for_check(paths, passphrase: str = PASS, name: str = "王老师"):
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import open_vault

    profile = next(p for p in list_profiles(paths) if p.name == name)
    return open_vault(paths, profile, passphrase)


def text_of(widget) -> str:
    """What a Static shows, as plain text (rendered by Rich at the widget's width)."""
    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(
        width=max(widget.size.width, 40),
        record=True,
        color_system=None,
        file=io.StringIO(),
    )
    console.print(content)
    return console.export_text()


def screen_text(app) -> list[str]:
    """The screen as the terminal shows it, line by line, without colour: what the glyphs
    alone say. (Read from the screen's compositor: Textual has no public text export; its
    screenshot is an SVG.)"""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]
