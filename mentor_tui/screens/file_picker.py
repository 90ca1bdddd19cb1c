"""The one file picker (issue 14, item 4): every path the app asks — a roster, a sync file, the
file to restore from, where documents go, the sync folder — is picked here, not typed.

Left: the places (her removable drives first, then the folders used last and the home folder),
found in a worker after the first frame. Right: the folder's contents, from the kept library
textual-fspicker (its ``DirectoryNavigation``: folders first, then the files that fit this
purpose; names sorted by pinyin, so 陈 comes before 王 whatever their code points; Chinese names
shown as they are; backspace goes up). Below: a path can still be typed or pasted.

Keys: tab moves between the places, the list and the typed path; enter opens a folder or picks
a file; F2 picks the folder shown (folder purposes); escape cancels. A folder given where a file
is wanted is accepted: its only fitting file is taken, else the folder opens to choose from.
The result is a :class:`~pathlib.Path` or None.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual_fspicker.parts import DirectoryNavigation
from textual_fspicker.parts.directory_navigation import DirectoryEntry
from textual_fspicker.path_filters import Filter

from mentor_tui.core.i18n import t
from mentor_tui.core.search import readings
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.protocol import AppScreen


@dataclass(frozen=True)
class Purpose:
    title: str  # catalog key
    suffixes: tuple[str, ...]  # fitting file types; () = a folder is picked
    filter_name: str = ""  # catalog key of the filter's name
    folder_too: bool = False  # F2 (or a typed folder) picks the folder shown as well


PURPOSES = {
    "roster": Purpose("pick.roster", (".xlsx", ".csv"), "pick.filter.roster"),
    "sync": Purpose("pick.sync", (".mentorsync",), "pick.filter.sync"),
    "restore": Purpose("pick.restore", (".mentorsync",), "pick.filter.sync"),
    "export": Purpose("pick.export", ()),
    "sync_folder": Purpose("pick.sync_folder", ()),
    # the school office (issue 19): teachers' reports to collect (a file, or a whole folder:
    # every report in it and below), her handover file
    "school_reports": Purpose(
        "pick.school_reports", (".mentorreport",), "pick.filter.school_reports", folder_too=True
    ),
    "handover": Purpose("pick.handover", (".mentorhandover",), "pick.filter.handover"),
}


def name_key(name: str) -> tuple[str, str]:
    """Sort names as a Chinese reader expects: by pinyin (then as written)."""
    return ("".join(r[0] for r in readings(name)), name)


def fitting(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes) and not path.name.startswith(".")


class Folder(DirectoryNavigation):
    """textual-fspicker's folder list, sorted by pinyin (folders first)."""

    def _sort(self, entries: Iterable[DirectoryEntry]) -> Iterable[DirectoryEntry]:
        def key(entry: DirectoryEntry) -> tuple[bool, tuple[str, str]]:
            try:
                is_dir = entry.location.is_dir()
            except OSError:
                is_dir = False
            return (not is_dir, name_key(entry.location.name))

        return sorted(entries, key=key)


class FilePicker(AppScreen, ModalScreen[Path | None]):
    DEFAULT_CSS = """
    FilePicker .picker-dialog { width: 100%; height: 100%; max-height: 24; }
    FilePicker #picker-body { height: 1fr; }
    FilePicker #places { width: 24; height: 100%; }
    FilePicker Folder { width: 1fr; height: 100%; }
    FilePicker #picker-where { height: 1; }
    """
    SCOPE = "picker"
    BINDINGS = keys_for(SCOPE)

    class Places(Message):
        def __init__(self, places: list[tuple[str, Path]]) -> None:
            super().__init__()
            self.places = places

    def __init__(self, purpose: str, start: str = "", places: list[Path] | None = None) -> None:
        super().__init__()
        self.purpose = PURPOSES[purpose]
        self.kind = purpose
        self.start = Path(start).expanduser() if start else Path.home()
        self.extra_places = list(places or [])
        self.place_paths: list[Path] = []

    @property
    def wants_folder(self) -> bool:
        return not self.purpose.suffixes

    def compose(self) -> ComposeResult:
        start = self.start if _is_dir(self.start) else Path.home()
        with Vertical(classes="dialog picker-dialog"):
            yield Static(Text(t(self.purpose.title), style="bold"), classes="dialog-title")
            yield Static("", id="picker-where")
            with Horizontal(id="picker-body"):
                yield OptionList(id="places")
                yield self._folder(start)
            yield Input(id="picker-path", placeholder=t("pick.typed"))
            yield Static("", id="picker-error", classes="form-error")
            yield Static(Text(t(_hint_key(self.purpose)), style="dim"))

    def _folder(self, start: Path) -> Folder:
        """The folder list with this purpose's files set before it loads: set after, a second
        load would race the first (both fill textual-fspicker's one entry list, so files
        could show in a folders-only list)."""
        nav = Folder(start)
        if self.wants_folder:
            nav.set_reactive(Folder.show_files, False)
        else:
            suffixes = self.purpose.suffixes
            name = t(self.purpose.filter_name)
            nav.set_reactive(Folder.file_filter, Filter(name, lambda p: fitting(p, suffixes)))
        return nav

    def on_mount(self) -> None:
        nav = self.query_one(Folder)
        nav.focus()
        self._where(nav.location)
        self._load_places()

    @work(thread=True, group="picker", exit_on_error=False)
    def _load_places(self) -> None:
        from mentor_tui.drives import removable_drives

        places: list[tuple[str, Path]] = [(t("pick.drive"), d) for d in removable_drives()]
        places += [(t("pick.recent"), p) for p in self.extra_places if _is_dir(p)]
        places.append((t("pick.home"), Path.home()))
        places += [(t("pick.disk"), d) for d in _other_disks()]
        self.post_message(self.Places(places))

    def on_file_picker_places(self, message: Places) -> None:
        box = self.query_one("#places", OptionList)
        box.clear_options()
        self.place_paths = []
        for label, path in message.places:
            if path in self.place_paths:
                continue
            self.place_paths.append(path)
            box.add_option(Option(plain(f"{label} {path.name or str(path)}")))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "places" and event.option_index < len(self.place_paths):
            nav = self.query_one(Folder)
            nav.location = self.place_paths[event.option_index]
            nav.focus()

    def on_directory_navigation_changed(self, event: DirectoryNavigation.Changed) -> None:
        self._where(event.navigation.location)
        self._error("")

    def on_directory_navigation_selected(self, event: DirectoryNavigation.Selected) -> None:
        self.choose(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        raw = clean_text(event.value).strip().strip("'\"")
        if raw:
            path = Path(raw).expanduser()
            if not path.is_absolute():
                path = self.query_one(Folder).location / path
            self.choose(path)

    def choose(self, path: Path) -> None:
        """A typed or selected path: a fitting file, or a folder (see the module's text)."""
        if _is_dir(path):
            if self.wants_folder or self.purpose.folder_too:
                self.dismiss(path)
                return
            found = [p for p in _files(path) if fitting(p, self.purpose.suffixes)]
            if len(found) == 1:
                self.dismiss(found[0])
                return
            nav = self.query_one(Folder)
            nav.location = path
            nav.focus()
            if not found:
                self._error(t("pick.none_here"))
            return
        if not _is_file(path):
            self._error(t("pick.missing"))
        elif self.wants_folder:
            self.dismiss(path.parent)
        elif not fitting(path, self.purpose.suffixes):
            self._error(t("pick.wrong_type", types=" ".join(self.purpose.suffixes)))
        else:
            self.dismiss(path)

    def action_pick_folder(self) -> None:
        if self.wants_folder or self.purpose.folder_too:
            self.dismiss(self.query_one(Folder).location)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _where(self, location: Path) -> None:
        self.query_one("#picker-where", Static).update(plain(str(location)))

    def _error(self, text: str) -> None:
        self.query_one("#picker-error", Static).update(Text("! " + text) if text else "")


def _hint_key(purpose: Purpose) -> str:
    if not purpose.suffixes:
        return "pick.hint_folder"
    return "pick.hint_files_or_folder" if purpose.folder_too else "pick.hint_file"


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError:
        return False


def _other_disks() -> list[Path]:
    """Windows: every drive letter there is (C:, D:, a mapped share), after her stick; none
    elsewhere (the folder list goes up to the root)."""
    if sys.platform != "win32":
        return []
    return [Path(f"{c}:\\") for c in "CDEFGHIJKLMNOPQRSTUVWXYZ" if _is_dir(Path(f"{c}:\\"))]


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(Path(e.path) for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []
