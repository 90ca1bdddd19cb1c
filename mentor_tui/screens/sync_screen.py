"""Sync dialogs: the import dry-run report with its confirmation, the export with progress,
and the typed confirmation of erasing a child. Each needs ``app.vault``; keys come from
``roaming.keys_of(app.vault)`` (derived at unlock). When a file was sealed elsewhere and its
key is unknown, the dialog asks for the passphrase once, uses it, and drops it. What changed
the vault is told to the app (``DataChanged``), which reloads the screens.

    SyncImportScreen(path=None, preview=None)   y imports, n/escape cancels → True if imported
    SyncExportScreen(dest=None, config=None)     exports at once (to ``dest``, else the config's
                                                 sync folder), progress bar → True if done
    EraseChildModal(child_id)                    type the name, enter erases → True if erased
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, plain
from mentor_tui.widgets.protocol import AppScreen, DataChanged, SaveFailed


def _keys(vault, passphrase: str | None):
    from mentor_tui.db.sync_keys import SyncKeys
    from mentor_tui.roaming import keys_of

    if passphrase:
        return SyncKeys(passphrase)
    return keys_of(vault) or SyncKeys()


def _hidden_passphrase() -> Input:
    box = Input(password=True, id="sync-passphrase", placeholder=t("cli.prompt.passphrase"))
    box.display = False  # shown only when a file's key is unknown
    box.disabled = True  # and never focused while hidden
    return box


def _adopt_or_damage(vault, passphrase: str, config: Config):
    """(keys, damaged): her file opens with the passphrase she typed (adopted, the vault's key
    rewrapped when the file is newer); or it does not, while it is this vault's own passphrase
    — then the file is damaged (it is set aside, never deleted). Else ``sync.wrong_passphrase``."""
    from mentor_tui.db.keyring import read, unwrap
    from mentor_tui.db.vault import KEYRING_NAME
    from mentor_tui.roaming import adopt_passphrase, keys_of

    try:
        return adopt_passphrase(vault, passphrase, config), False
    except MentorError as err:
        if err.key != "sync.wrong_passphrase":
            raise
    unwrap(read(vault.dir / KEYRING_NAME), passphrase)  # raises err.wrong_passphrase
    return keys_of(vault) or _keys(vault, passphrase), True


class SyncDialog(AppScreen, ModalScreen[bool]):
    """Shared: a status line, errors as one sentence, the passphrase fallback. A MentorError
    shows in the status line; anything else reaches the app's one error handler."""

    class Failed(Message):
        def __init__(self, err: MentorError) -> None:
            super().__init__()
            self.err = err

    def status(self, text: str | Text) -> None:
        self.query_one("#sync-status", Static).update(
            text if isinstance(text, Text) else Text(text)
        )

    def ask_passphrase(self) -> None:
        box = self.query_one("#sync-passphrase", Input)
        box.display = True
        box.disabled = False
        box.focus()

    changed_passphrase = False  # the last error: her file sealed with another passphrase

    def on_sync_dialog_failed(self, message: Failed) -> None:
        self.status(error_text(message.err))
        if message.err.key == "syncf.passphrase_changed":
            self.changed_passphrase = True
        if message.err.key in ("syncf.need_passphrase", "syncf.passphrase_changed") or (
            message.err.key == "sync.wrong_passphrase" and self.changed_passphrase
        ):
            self.ask_passphrase()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "sync-passphrase" and event.value:
            passphrase, event.input.value = event.value, ""
            event.input.display = False
            event.input.disabled = True
            self.retry(passphrase)

    def retry(self, passphrase: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SyncImportScreen(SyncDialog):
    SCOPE = "sync_import"
    BINDINGS = keys_for(SCOPE)

    class Planned(Message):
        def __init__(self, preview) -> None:
            super().__init__()
            self.preview = preview

    class Applied(Message):
        def __init__(self, result) -> None:
            super().__init__()
            self.result = result

    def __init__(
        self, path: Path | None = None, preview=None, config: Config | None = None
    ) -> None:
        super().__init__()
        self.path, self.preview, self.busy, self.done = path, preview, False, False
        self.config = config or Config()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("syncf.report.title"), style="bold"), classes="dialog-title")
            yield Static("", id="sync-report")
            yield _hidden_passphrase()
            yield Static("", id="sync-status")
            yield Static(Text(t("confirm.hint"), style="dim"))

    def on_mount(self) -> None:
        if self.preview is not None:
            self._show(self.preview)
        else:
            self._plan(None)

    def retry(self, passphrase: str) -> None:
        self._plan(passphrase)

    @work(thread=True, group="sync", exit_on_error=False)
    def _plan(self, passphrase: str | None) -> None:
        from mentor_tui.db.sync_export import sealed_by_her
        from mentor_tui.db.sync_files import read_capped
        from mentor_tui.db.sync_import import prepare_import
        from mentor_tui.roaming import adopt_passphrase

        vault = self.app.vault
        try:
            if passphrase and self.changed_passphrase:  # her passphrase changed elsewhere
                keys = adopt_passphrase(vault, passphrase, self.config, self.path)
            else:
                keys = _keys(vault, passphrase)
            try:
                preview = prepare_import(vault, self.path, keys)
            except MentorError as err:
                if err.key != "sync.wrong_passphrase" or self.path is None:
                    raise
                if not sealed_by_her(vault, read_capped(self.path)):
                    raise
                raise MentorError("syncf.passphrase_changed") from None
            self.post_message(self.Planned(preview))
        except MentorError as err:
            self.post_message(self.Failed(err))

    def on_sync_import_screen_planned(self, message: Planned) -> None:
        self.preview = message.preview
        self._show(message.preview)

    def _show(self, preview) -> None:
        from mentor_tui.db.sync_import import report_lines

        text = Text()
        if preview.adopt_vault_id:
            text.append(t("syncf.report.adopt") + "\n")
        if preview.other_vault:
            text.append(t("syncf.report.other") + "\n", style="yellow")
        for key, n in report_lines(preview.counts()):
            text.append(f"{t(key)}: ")
            text.append(f"{n}\n", style="bold" if n else "dim")
        for line in preview.rejected_lines(8):
            text.append_text(plain("  - " + line))
            text.append("\n")
        self.query_one("#sync-report", Static).update(text)
        if not preview.changes_anything:
            self.status(t("syncf.nothing_new"))

    def action_confirm(self) -> None:
        if self.done:
            self.dismiss(True)
        elif self.preview is not None and not self.busy:
            self.busy = True
            self._apply(self.preview)

    @work(thread=True, group="sync", exit_on_error=False)
    def _apply(self, preview) -> None:
        from mentor_tui.db.sync_apply import apply_import

        try:
            self.post_message(self.Applied(apply_import(self.app.vault, preview)))
        except MentorError as err:
            self.post_message(self.Failed(err))
        finally:
            self.busy = False

    def on_sync_import_screen_applied(self, message: Applied) -> None:
        self.busy, self.done = False, True
        res = message.result
        self.status(res.message())
        self.tell_app(DataChanged())
        self.dismiss(res.changed)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(self.done)


class SyncExportScreen(SyncDialog):
    SCOPE = "sync_export"
    BINDINGS = keys_for(SCOPE)

    class Step(Message):
        def __init__(self, stage: str, done: int, total: int) -> None:
            super().__init__()
            self.stage, self.done_, self.total = stage, done, total

    class Finished(Message):
        def __init__(self, result) -> None:
            super().__init__()
            self.result = result

    def __init__(self, dest: Path | None = None, config: Config | None = None) -> None:
        super().__init__()
        self.dest, self.config, self.busy, self.ok = dest, config, False, False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("cmd.export"), style="bold"), classes="dialog-title")
            yield ProgressBar(total=100, show_eta=False, id="sync-progress")
            yield _hidden_passphrase()
            yield Static("", id="sync-status")

    def on_mount(self) -> None:
        self._export(None)

    def retry(self, passphrase: str) -> None:
        self._export(passphrase)

    def _target(self) -> Path:
        from mentor_tui.roaming import export_folder

        config = self.config or Config()
        chosen = self.dest or export_folder(self.app.vault, config)
        if chosen is None:
            raise MentorError("syncf.no_folder")
        return chosen

    @work(thread=True, group="sync", exit_on_error=False)
    def _export(self, passphrase: str | None) -> None:
        from mentor_tui.db.sync_export import export_vault

        self.busy = True
        vault = self.app.vault
        try:
            keys, damaged = _keys(vault, passphrase), False
            if passphrase and self.changed_passphrase:
                keys, damaged = _adopt_or_damage(vault, passphrase, self.config or Config())
            res = export_vault(
                vault,
                self._target(),
                keys,
                progress=lambda s, d, n: self.post_message(self.Step(s, d, n)),
                set_aside_unopened=damaged,
            )
            self.post_message(self.Finished(res))
        except MentorError as err:
            self.post_message(self.Failed(err))
        finally:
            self.busy = False

    def on_sync_export_screen_step(self, message: Step) -> None:
        order = ("pull", "read", "encode", "seal", "write", "verify", "done")
        base = order.index(message.stage) if message.stage in order else 0
        part = message.done_ / message.total if message.total else 0
        self.query_one("#sync-progress", ProgressBar).update(
            progress=min(100, (base + part) * 100 / (len(order) - 1))
        )
        self.status(t(f"syncf.progress.{message.stage}"))

    def on_sync_export_screen_finished(self, message: Finished) -> None:
        res, self.ok = message.result, True
        text = t("syncf.exported", versions=res.versions, kib=max(1, res.size // 1024))
        if res.pulled is not None:
            text = t("syncf.pulled", **res.pulled.counts) + "\n" + text
        self.status(text + "\n" + t("syncf.exported_to", path=res.path))

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.ok)


class EraseChildModal(SyncDialog):
    """Erase for good, after typing the child's name exactly."""

    SCOPE = "erase"
    BINDINGS = keys_for(SCOPE)

    class Erased(Message):
        def __init__(self, n: int) -> None:
            super().__init__()
            self.n = n

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id, self.plan = child_id, None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Static(Text(t("erase.title"), style="bold"), classes="dialog-title")
            yield Static("", id="erase-explain")
            yield Static(Text(t("erase.type_name")))
            yield Input(id="erase-name")
            yield _hidden_passphrase()
            yield Static("", id="sync-status")

    class Planned(Message):
        def __init__(self, plan) -> None:
            super().__init__()
            self.plan = plan

    def on_mount(self) -> None:
        self.query_one("#erase-name", Input).focus()
        self._plan()

    @work(thread=True, group="db", exit_on_error=False)
    def _plan(self) -> None:
        from mentor_tui.db.erase import plan_erase

        try:
            self.post_message(self.Planned(plan_erase(self.app.vault, self.child_id)))
        except MentorError as err:
            self.post_message(self.Failed(err))

    def on_erase_child_modal_planned(self, message: Planned) -> None:
        self.plan = message.plan
        text = plain(t("erase.explain", name=self.plan.name, n=len(self.plan.record_ids)))
        self.query_one("#erase-explain", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "erase-name" or self.plan is None:
            return
        if event.value.strip() != self.plan.name.strip() or not self.plan.name.strip():
            self.status(Text("! " + t("erase.mismatch")))
            return
        event.input.disabled = True
        self._erase()

    @work(thread=True, group="db", exit_on_error=False)
    def _erase(self) -> None:
        from mentor_tui.db.erase import erase_child

        try:
            plan = erase_child(self.app.vault, self.child_id)
        except MentorError as err:
            self.post_message(self.Failed(err))
            return
        except Exception as err:
            self.post_message(SaveFailed(err))
            raise  # the app's one handler shows the sentence
        self.post_message(self.Erased(len(plan.record_ids)))

    def on_save_failed(self, _message: SaveFailed) -> None:
        self.query_one("#erase-name", Input).disabled = False  # for another try

    def on_erase_child_modal_erased(self, message: Erased) -> None:
        self.app.notify(t("erase.done", n=message.n))
        self.tell_app(DataChanged())
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
