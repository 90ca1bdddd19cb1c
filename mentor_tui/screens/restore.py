"""Restore from her stick (issue 14, item 1): the sync files found on every removable drive and
in the last folders used, each with its teacher's name and the time of its last export (read
from the file's clear header, no passphrase needed); "another file…" opens the picker. Then the
passphrase, the dry-run report, and one question — "这是公用电脑吗？" (enter or y: yes, the
default; n: no), kept in this machine's config — and the profile is created from the file.

On the first screen the new vault opens (the dashboard follows). From the palette with a vault
open (``another``), the new profile is for another teacher on this machine: it is created and
closed again, never merged into the open vault.

Keys: enter chooses; the passphrase then enter; enter / y / n answers and restores; escape
goes back. The files are listed by a worker after the first frame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, plain
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, SettingsChanged, VaultOpened
from mentor_tui.widgets.requests import OpenPicker

OTHER = "__other__"


def when(at: str) -> str:
    """``2026-11-20T17:05:09`` → ``2026-11-20 17:05``."""
    try:
        return dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


class RestoreScreen(AppScreen, Screen):
    SCOPE = "restore"
    BINDINGS = keys_for(SCOPE)

    class Found(Message):
        def __init__(self, files: list) -> None:
            super().__init__()
            self.files = files

    class Checked(Message):
        def __init__(self, counts: dict[str, int], name: str) -> None:
            super().__init__()
            self.counts, self.profile_name = counts, name

    class Failed(Message):
        def __init__(self, err: MentorError) -> None:
            super().__init__()
            self.err = err

    class Restored(Message):
        def __init__(self, vault, name: str) -> None:
            super().__init__()
            self.vault, self.profile_name = vault, name

    def __init__(self, config: Config, another: bool = False) -> None:
        super().__init__()
        self.config = config
        self.another = another
        self.files: list = []
        self.path: Path | None = None
        self.profile_name = ""
        self.stage = "list"  # list → pass → report → working
        self._passphrase = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="restore-box", classes="dialog"):
            yield Static(Text(t("stick_restore.title"), style="bold"), classes="dialog-title")
            yield Static(Text(t("stick_restore.looking")), id="restore-intro")
            yield OptionList(id="restore-files")
            yield Static("", id="restore-chosen")
            yield Input(password=True, id="restore-pass", placeholder=t("cli.prompt.passphrase"))
            yield Static("", id="restore-report")
            yield Static("", id="restore-status", classes="form-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show("list")
        self._find()

    def _show(self, stage: str) -> None:
        self.stage = stage
        files = self.query_one("#restore-files", OptionList)
        box = self.query_one("#restore-pass", Input)
        files.display = stage == "list"
        box.display = stage == "pass"
        box.disabled = stage != "pass"
        self.query_one("#restore-chosen", Static).display = stage != "list"
        self.query_one("#restore-report", Static).display = stage == "report"
        if stage == "list":
            files.focus()
        elif stage == "pass":
            box.focus()
        else:
            self.set_focus(None)  # enter / y / n answer the screen

    # --- the list ----------------------------------------------------------------------------
    @work(thread=True, group="restore", exit_on_error=False)
    def _find(self) -> None:
        from mentor_tui.roaming import restore_candidates

        self.post_message(self.Found(restore_candidates(self.config)))

    def on_restore_screen_found(self, message: Found) -> None:
        self.files = message.files
        box = self.query_one("#restore-files", OptionList)
        box.clear_options()
        for i, f in enumerate(self.files):
            if f.info is not None:
                label = Text.assemble(
                    (f.info.name, "bold"),
                    f"  {t('stick_restore.exported', at=when(f.info.exported_at))}",
                )
            else:
                label = Text(t("stick_restore.old_file"))
            label.append(f"\n   {f.path}", style="dim")
            box.add_option(Option(label, id=str(i)))
        box.add_option(Option(Text(t("stick_restore.other")), id=OTHER))
        box.highlighted = 0
        intro = "stick_restore.found" if self.files else "stick_restore.none_found"
        self.query_one("#restore-intro", Static).update(Text(t(intro, n=len(self.files))))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == OTHER:
            self.navigate(OpenPicker("restore", self._start_folder()), self._picked)
        elif event.option.id is not None:
            f = self.files[int(event.option.id)]
            self._chosen(f.path, f.info.name if f.info is not None else "")

    def _start_folder(self) -> str:
        return str(self.files[0].path.parent) if self.files else ""

    def _picked(self, path: Path | None) -> None:
        if path is not None:
            from mentor_tui.db.sync_files import peek_file

            found = peek_file(path)
            info = found.info if found is not None else None
            self._chosen(path, info.name if info is not None else "")

    def _chosen(self, path: Path, name: str) -> None:
        self.path, self.profile_name = path, name or t("stick_restore.default_name")
        self.query_one("#restore-chosen", Static).update(
            plain(t("stick_restore.chosen", name=self.profile_name, path=str(path)))
        )
        self._status("")
        self._show("pass")

    # --- passphrase and dry run --------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "restore-pass" or not event.value or self.path is None:
            return
        self._passphrase, event.input.value = event.value, ""
        event.input.disabled = True
        self._status(t("stick_restore.checking"))
        self._check(self.path, self._passphrase)

    @work(thread=True, group="restore", exit_on_error=False)
    def _check(self, path: Path, passphrase: str) -> None:
        from mentor_tui.core.merge import plan_import
        from mentor_tui.db.sync_files import read_capped
        from mentor_tui.db.sync_import import open_payload
        from mentor_tui.db.sync_keys import SyncKeys

        try:
            payload = open_payload(read_capped(path), SyncKeys(passphrase))
            plan = plan_import(
                {}, [], payload.versions, payload.erasures, rejected=payload.rejected
            )
            counts = plan.counts()
            counts["quarantine"] = counts.pop("orphans", 0)
            counts["versions"] = len(plan.versions_to_insert)
            self.post_message(self.Checked(counts, self.profile_name))
        except MentorError as err:
            self.post_message(self.Failed(err))

    def on_restore_screen_failed(self, message: Failed) -> None:
        self._status(error_text(message.err))
        if self.stage in ("pass", "working"):
            self._show("pass")

    def on_restore_screen_checked(self, message: Checked) -> None:
        from mentor_tui.db.sync_import import report_lines

        text = Text(t("syncf.report.title") + "\n", style="bold")
        for key, n in report_lines(message.counts):
            if n:
                text.append(f"{t(key)}: {n}\n")
        text.append("\n" + t("stick_restore.shared_question") + "\n", style="bold")
        text.append(t("stick_restore.shared_hint"), style="dim")
        self.query_one("#restore-report", Static).update(text)
        self._status("")
        self._show("report")

    def action_answer(self, shared: bool) -> None:
        if self.stage != "report" or self.path is None:
            return
        self._show("working")
        self._status(t("stick_restore.working"))
        self._restore(self.path, self._passphrase, shared)
        self._passphrase = ""

    @work(thread=True, group="restore", exit_on_error=False)
    def _restore(self, path: Path, passphrase: str, shared: bool) -> None:
        from mentor_tui.db.profiles import list_profiles
        from mentor_tui.db.sync_apply import import_new_profile

        host = self.app
        taken = {p.name for p in list_profiles(host.paths)}
        name, n = self.profile_name, 2
        while name in taken:
            name, n = f"{self.profile_name} ({n})", n + 1
        try:
            vault, _preview, _result = host.vault_call(
                import_new_profile, host.paths, name, path, passphrase
            )
        except MentorError as err:
            self.post_message(self.Failed(err))
            return
        if self.another:
            host.vault_call(vault.close)
        else:
            host.attach_sync_keys(vault, passphrase)
        config = replace(self.config, shared_pc="yes" if shared else "no")
        config.recent_folders = list(self.config.recent_folders)
        config.remember_folder(str(path.parent))
        self.tell_app(SettingsChanged(config))
        self.post_message(self.Restored(None if self.another else vault, name))

    def on_restore_screen_restored(self, message: Restored) -> None:
        if message.vault is None:
            self.app.notify(t("stick_restore.done_another", name=message.profile_name))
            self.app.pop_screen()
        else:
            self.tell_app(VaultOpened(message.vault))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure (the app's handler shows the sentence): back to the
        passphrase, so she can try again or go back."""
        if event.state is WorkerState.ERROR and self.stage in ("working", "pass"):
            self._status("")
            self._show("pass")

    def action_back(self) -> None:
        if self.stage in ("pass", "report"):
            self._passphrase = ""
            self._status("")
            self._show("list")
        elif self.stage == "list" and len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def _status(self, text: str | Text) -> None:
        self.query_one("#restore-status", Static).update(
            text if isinstance(text, Text) else Text(text)
        )
