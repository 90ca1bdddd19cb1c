"""First run: your name, school, passphrase twice, term dates (computed defaults), duty policy
preset, the first child and whether this is a shared computer ("这是公用电脑吗？", ticked by
default; kept in this machine's config.toml, never in the vault). Enter moves to the next field
and from the last one to the next step, F2 to the next step, escape back.

Keys typed ahead never land in the wrong field (issue 16): Enter is taken before the field
sees it (a priority key) and the focus moves at once, not on the next idle, so what she types
next goes to the next field or step, never to the one before; a field of a step not shown
is disabled. A passphrase typed ahead can therefore never show in clear in a name field. The
passphrase rules (length, the two the same) are said under the fields as she types."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Select, Static

from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.kdf import MIN_PASSPHRASE
from mentor_tui.core.validate import clean_text, parse_iso_date, require_name
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import caught_up, error_text, field_row, fit_labels
from mentor_tui.widgets.forms import field_help
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, SettingsChanged, VaultOpened
from mentor_tui.widgets.toggles import Tick

STEPS = ("step-you", "step-pass", "step-term", "step-child")


class WizardScreen(AppScreen, Screen):
    SCOPE = "wizard"
    BINDINGS = keys_for(SCOPE)

    class Created(Message):
        def __init__(self, vault) -> None:
            super().__init__()
            self.vault = vault

    def __init__(self, config: Config | None = None) -> None:
        super().__init__()
        self.step = 0
        self.config = config

    def compose(self) -> ComposeResult:
        from mentor_tui.db.ui_queries import available_presets, default_term

        term = default_term(self.app.today())
        with Vertical(classes="dialog wizard-box"):
            yield Static(Text(t("wizard.title"), style="bold"), classes="dialog-title")
            yield Static("", id="wizard-step")
            with ContentSwitcher(initial=STEPS[0], id="steps"):
                with Vertical(id="step-you"):
                    yield field_row("wizard.teacher", Input(id="teacher"), required=True)
                    yield field_row("wizard.school", Input(id="school"))
                with Vertical(id="step-pass"):
                    yield field_row(
                        "wizard.passphrase", Input(password=True, id="pass1"), required=True
                    )
                    yield Static("", id="rule-length", classes="rule")
                    yield field_row(
                        "wizard.passphrase_again", Input(password=True, id="pass2"), required=True
                    )
                    yield Static("", id="rule-match", classes="rule")
                    yield Static(Text(t("wizard.passphrase_hint"), style="dim"))
                with Vertical(id="step-term"):
                    yield field_row("wizard.term_name", Input(term.name, id="term_name"))
                    yield field_row(
                        "wizard.term_start", Input(term.start.isoformat(), id="term_start")
                    )
                    yield field_row("wizard.term_end", Input(term.end.isoformat(), id="term_end"))
                    presets = available_presets()
                    yield field_row(
                        "wizard.preset",
                        Select(
                            [
                                (t(f"preset.{p}") if t(f"preset.{p}") != f"preset.{p}" else p, p)
                                for p in presets
                            ],
                            value=presets[0],
                            allow_blank=False,
                            id="preset",
                        ),
                    )
                with Vertical(id="step-child"):
                    yield field_row("wizard.child_name", Input(id="child_name"))
                    yield field_row("wizard.child_class", Input(id="child_class"))
                    yield Static(Text(t("wizard.child_hint"), style="dim"))
                    yield Tick(t("shared.question"), value=True, id="shared")
                    yield Static(Text(t("shared.question.help"), style="dim"))
            yield Static("", id="wizard-error", classes="form-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.on_resize()
        self._show_rules()
        self._show_step()

    def on_resize(self) -> None:
        """Labels as wide as the longest; the rules under the fields, lined up with them."""
        fit_labels(self)
        label = self.query_one(".field-label")
        indent = (label.styles.width.value if label.styles.width else 16) + 1
        for rule in self.query(".rule"):
            rule.styles.padding = (0, 0, 0, int(indent))

    def _show_step(self) -> None:
        self.query_one("#steps", ContentSwitcher).current = STEPS[self.step]
        for i, step in enumerate(STEPS):  # only the step shown takes keys
            for field in self.query(f"#{step} Input, #{step} Select, #{step} Tick"):
                field.disabled = i != self.step
        self.query_one("#wizard-step", Static).update(
            Text(
                t("wizard.step", n=self.step + 1, total=len(STEPS))
                + " · "
                + t(f"wizard.{STEPS[self.step]}"),
                style="bold",
            )
        )
        self.query_one("#wizard-error", Static).update("")
        self.set_focus(self.query_one(f"#{STEPS[self.step]} Input", Input))

    def _show_rules(self) -> None:
        """Each passphrase rule under its field, met (✓) or not (✗), as she types."""
        first, again = self._value("pass1"), self._value("pass2")
        length = len(unicodedata.normalize("NFC", first))
        rules = (
            (
                "rule-length",
                length >= MIN_PASSPHRASE,
                t("wizard.rule_length", n=MIN_PASSPHRASE, k=length),
            ),
            ("rule-match", bool(again) and first == again, t("wizard.rule_match")),
        )
        for wid, met, words in rules:
            mark = t("wizard.rule_ok" if met else "wizard.rule_not")
            self.query_one(f"#{wid}", Static).update(
                Text(f"{mark} {words}", style="" if met else "bold")
            )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("pass1", "pass2"):
            self._show_rules()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def _check(self, step: int) -> None:
        from mentor_tui.core.kdf import check_new_passphrase

        if step == 0:
            require_name(self._value("teacher"))
        elif step == 1:
            check_new_passphrase(self._value("pass1"))
            if self._value("pass1") != self._value("pass2"):
                raise MentorError("err.passphrase_mismatch")
        elif step == 2:
            start = parse_iso_date(self._value("term_start"), "term_start")
            end = parse_iso_date(self._value("term_end"), "term_end")
            if start is None or end is None or end <= start:
                raise ValidationError("err.term_dates", field="term_end")

    def field_help(self) -> list[tuple[str, str]]:
        return field_help(self)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "advance":  # Enter in a field; a list (the preset) keeps its own Enter
            return isinstance(self.focused, Input)
        return True

    async def action_advance(self) -> None:
        """Enter: the next field of the step, from its last field the next step (once the
        field has every key typed before the Enter)."""
        focused = self.focused
        await caught_up(focused)
        inputs = list(self.query(f"#{STEPS[self.step]} Input").results(Input))
        if focused not in inputs or focused is inputs[-1]:
            await self.action_next()
        else:
            self.set_focus(inputs[inputs.index(focused) + 1])

    async def action_next(self) -> None:
        await caught_up(self.focused)
        try:
            self._check(self.step)
        except MentorError as err:
            self.query_one("#wizard-error", Static).update(error_text(err))
            return
        if self.step < len(STEPS) - 1:
            self.step += 1
            self._show_step()
        else:
            self._finish()

    def action_back(self) -> None:
        if self.step > 0:
            self.step -= 1
            self._show_step()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def _finish(self) -> None:
        self.query_one("#wizard-error", Static).update(Text(t("wizard.creating")))
        fields = {
            "teacher": require_name(self._value("teacher")),
            "school": clean_text(self._value("school")).strip(),
            "passphrase": self._value("pass1"),
            "term_name": clean_text(self._value("term_name")).strip() or "—",
            "term_start": parse_iso_date(self._value("term_start")),
            "term_end": parse_iso_date(self._value("term_end")),
            "preset": str(self.query_one("#preset", Select).value),
            "child_name": clean_text(self._value("child_name")).strip(),
            "child_class": clean_text(self._value("child_class")).strip(),
        }
        for wid in ("pass1", "pass2"):
            self.query_one(f"#{wid}", Input).value = ""
        if self.config is not None:
            shared = self.query_one("#shared", Tick).value
            self.tell_app(
                SettingsChanged(replace(self.config, shared_pc="yes" if shared else "no"))
            )
        self._create(fields)

    @work(thread=True, group="db", exit_on_error=False)
    def _create(self, fields: dict) -> None:
        from mentor_tui.db.ui_queries import setup_profile

        vault = self.app.vault_call(setup_profile, self.app.paths, today=self.app.today(), **fields)
        self.app.attach_sync_keys(vault, fields["passphrase"])
        self.post_message(self.Created(vault))

    def on_wizard_screen_created(self, message: Created) -> None:
        self.tell_app(VaultOpened(message.vault))

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state is WorkerState.ERROR:  # the app shows the message; start over
            self.step = 0
            self._show_step()
