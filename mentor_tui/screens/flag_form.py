"""Forms of the flag screens: raise a flag, record a checklist step, a return attempt (劝返), an
individual plan, a day of absence. F2 saves, escape cancels (widgets/forms.py). Wording of
categories and steps: seed 001 via core/catalog/flags.py.

Each form is opened from its request (widgets/requests.py: ``OpenRaiseFlag``, ``OpenStepForm``…),
which also names its draft (``form:flag:<kind>:<ids>``): a flag form keeps what was typed over
a lock like the child and contact forms, and the navigation module rebuilds it after unlocking.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static

from mentor_tui.core import flags as rules
from mentor_tui.core.dates import parse_date
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.common import field_row, plain
from mentor_tui.widgets.forms import FormScreen
from mentor_tui.widgets.requests import (
    FlagFormRequest,
    OpenAbsenceForm,
    OpenAttemptForm,
    OpenPlanForm,
    OpenRaiseFlag,
    OpenStepForm,
)


def parse_when(text: str, today: dt.date) -> dt.datetime | dt.date | None:
    """ "" → None (now); "2026-11-20 14:30" → that minute; else a date as the teacher types it
    (今天, 昨天, 11-20 …)."""
    value = clean_text(text).strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return parse_date(value, today, "done_at")


class FlagForm(FormScreen):
    """A dialog title and the form's fields; subclasses give ``TITLE_KEY``, :meth:`fields`,
    :meth:`collect` and :meth:`write`."""

    TITLE_KEY = ""

    def __init__(self, request: FlagFormRequest) -> None:
        super().__init__(request, request.draft_key())

    def title_text(self) -> Text:
        return Text(t(self.TITLE_KEY), style="bold")

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(self.title_text(), classes="dialog-title")
            with VerticalScroll():
                yield from self.fields()
            yield Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def text(self, wid: str) -> str:
        return clean_text(self.value(wid), multiline=True).strip()


def titled(key: str, child_name: str) -> Text:
    """A title with the child's name (user text: plain, never markup)."""
    return Text(t(key) + " · ", style="bold").append(plain(child_name, width=16))


class RaiseFlagForm(FlagForm):
    """Raise a flag: the category was chosen before; what was observed is required."""

    TITLE_KEY = "flag.ui.raise_title"

    def __init__(self, child_id: str, child_name: str, category: str) -> None:
        super().__init__(OpenRaiseFlag(child_id, category, child_name))
        self.child_id, self.child_name, self.category = child_id, child_name, category

    def title_text(self) -> Text:
        return titled(self.TITLE_KEY, self.child_name).append(
            " · " + t(f"flag.cat.{self.category}")
        )

    def fields(self) -> ComposeResult:
        yield field_row("flag.field.observed", Input(id="observed", compact=True), required=True)
        for step in rules.checklist(rules.FlagFacts("", "", self.category, dt.datetime.now())):
            yield Static(Text("  " + rules.step_line(step), style="dim"))

    def collect(self) -> dict:
        observed = self.text("observed")
        if not observed:
            raise ValidationError("err.flag_observed", field="observed")
        return {"observed": observed}

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.flags import open_flag
        from mentor_tui.db.school_member import mandatory_goes_to_school

        flag_id = open_flag(vault, self.child_id, self.category, fields["observed"])
        if mandatory_goes_to_school(vault, self.category):  # issue 19: she is told
            self.app.call_from_thread(self.app.notify, t("school.mandatory_told"), timeout=15)
        return flag_id


class StepForm(FlagForm):
    """Record one checklist step: when, to whom, receipt number (reports), note."""

    TITLE_KEY = "flag.ui.step_title"

    def __init__(self, flag_id: str, step_id: str) -> None:
        super().__init__(OpenStepForm(flag_id, step_id))
        self.flag_id, self.step_id = flag_id, step_id

    def title_text(self) -> Text:
        return Text(t(f"flag.step.{self.step_id}"), style="bold")

    def fields(self) -> ComposeResult:
        names = rules.STEP_FIELDS[self.step_id]
        yield field_row("flag.field.to_whom", Input(id="to_whom", compact=True), required=True)
        now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        yield field_row("flag.field.done_at", Input(placeholder=now, id="done_at", compact=True))
        if "receipt" in names:
            yield field_row("flag.field.receipt", Input(id="receipt", compact=True))
        yield field_row("flag.field.note", Input(id="note", compact=True))

    def collect(self) -> dict:
        to_whom = self.text("to_whom")
        if not to_whom:
            raise ValidationError(
                "err.flag_step_field", field="to_whom", label=t("flag.field.to_whom")
            )
        receipt = self.text("receipt") if self.query("#receipt") else ""
        return {
            "to_whom": to_whom,
            "done_at": parse_when(self.value("done_at"), self.app.today()),
            "receipt": receipt,
            "note": self.text("note"),
        }

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.flags import record_step

        record_step(vault, self.flag_id, self.step_id, **fields)
        return self.flag_id


class AttemptForm(FlagForm):
    """One attempt to bring an absent child back (劝返, seed 001 控辍保学)."""

    TITLE_KEY = "flag.ui.attempt_title"

    def __init__(self, flag_id: str) -> None:
        super().__init__(OpenAttemptForm(flag_id))
        self.flag_id = flag_id

    def fields(self) -> ComposeResult:
        yield field_row(
            "flag.field.outcome",
            Select(
                [(t(f"flag.attempt.{o}"), o) for o in rules.ATTEMPT_OUTCOMES],
                value="failed",
                allow_blank=False,
                id="outcome",
                compact=True,
            ),
        )
        yield field_row(
            "flag.field.how", Input(placeholder=t("flag.ui.how_hint"), id="how", compact=True)
        )
        yield field_row(
            "flag.ui.date", Input(placeholder=t("flag.ui.today"), id="on", compact=True)
        )
        yield field_row("flag.field.note", Input(id="note", compact=True))

    def collect(self) -> dict:
        return {
            "outcome": str(self.query_one("#outcome", Select).value),
            "how": self.text("how"),
            "note": self.text("note"),
            "on": parse_date(self.value("on"), self.app.today(), "on"),
        }

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.flags import add_return_attempt

        add_return_attempt(vault, self.flag_id, **fields)
        return self.flag_id


class PlanForm(FlagForm):
    """An individual education plan (个别教育管理方案, seed 001): goals, measures, who, review."""

    TITLE_KEY = "plan.title"
    REQUIRED = ("goals", "measures", "who")

    def __init__(self, flag_id: str) -> None:
        super().__init__(OpenPlanForm(flag_id))
        self.flag_id = flag_id

    def fields(self) -> ComposeResult:
        for name in self.REQUIRED:
            yield field_row(f"plan.field.{name}", Input(id=name, compact=True), required=True)
        yield field_row(
            "plan.field.review_on",
            Input(placeholder=t("flag.ui.review_hint"), id="review_on", compact=True),
            required=True,
        )

    def collect(self) -> dict:
        out = {}
        for name in self.REQUIRED:
            out[name] = self.text(name)
            if not out[name]:
                raise ValidationError(
                    "err.flag_step_field", field=name, label=t(f"plan.field.{name}")
                )
        out["review_on"] = rules.parse_review_date(self.value("review_on"), self.app.today())
        if out["review_on"] is None:
            raise ValidationError("err.plan_review_required", field="review_on")
        return out

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.flags import add_plan

        return add_plan(vault, self.flag_id, **fields)


class AbsenceForm(FlagForm):
    """A day of absence: no reason = unexplained (无故旷课). Two consecutive unexplained school
    days open an absence flag (core.absence); the result is the new flag id or the absence id."""

    TITLE_KEY = "flag.ui.absence_title"

    def __init__(self, child_id: str, child_name: str) -> None:
        super().__init__(OpenAbsenceForm(child_id, child_name))
        self.child_id, self.child_name = child_id, child_name
        self.raised: str | None = None

    def title_text(self) -> Text:
        return titled(self.TITLE_KEY, self.child_name)

    def fields(self) -> ComposeResult:
        yield field_row(
            "flag.ui.date", Input(placeholder=t("flag.ui.today"), id="day", compact=True)
        )
        yield field_row("absence.reason", Input(id="reason", compact=True))

    def collect(self) -> dict:
        return {
            "day": parse_date(self.value("day"), self.app.today(), "day"),
            "reason": self.text("reason"),
        }

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.flags import log_absence

        aid, flag = log_absence(vault, self.child_id, fields["day"], fields["reason"])
        self.raised = flag
        return flag or aid

    def on_form_screen_saved(self, message: FormScreen.Saved) -> None:
        message.prevent_default()  # instead of FormScreen's handler (one notice, one dismiss)
        if self.raised:
            self.app.notify(t("absence.flag_raised"), severity="warning")
        else:
            self.app.notify(t("form.saved"))
        self.dismiss(message.record_id)
