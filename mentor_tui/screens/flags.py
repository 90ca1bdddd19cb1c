"""Flags by keyboard: the flag list (pinned statutory flags first) and one flag's detail, where
each checklist step, return attempt (劝返), individual plan and the resolution is recorded.

Rules and wording: seed 001 via core.flags (强制报告, 控辍保学, 个别教育管理方案). User text is shown
through ``plain`` (never markup). Open with ``FlagListScreen(child_id=None | id)``; the detail
alone with ``FlagDetail(flag_id)``.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from mentor_tui.core import flags as rules
from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.dialogs import ChildPicker, ChoiceModal, Confirm, ReasonPrompt
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import (
    OpenAbsenceForm,
    OpenAttemptForm,
    OpenPlanForm,
    OpenRaiseFlag,
    OpenStepForm,
)


class _LoadedBase(Message):
    """Data loaded by a screen's worker (each screen subclasses it, so handlers stay apart)."""

    def __init__(self, data: dict) -> None:
        super().__init__()
        self.data = data


class FlagListScreen(AppScreen, Screen):
    DEFAULT_CSS = """
    FlagListScreen #flag-table { height: 1fr; }
    FlagListScreen #flags-title { text-style: bold; }
    """
    SCOPE = "flags"
    BINDINGS = keys_for(SCOPE)

    class Loaded(_LoadedBase):
        pass

    def __init__(self, child_id: str | None = None) -> None:
        super().__init__()
        self.child_id = child_id
        self.include_resolved = False
        self.data: dict = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="flags-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="flag-table")
        yield Static("", id="flags-note")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#flag-table", DataTable)
        for key in ("mark", "status", "child", "category", "age", "steps"):
            table.add_column(t(f"flag.col.{key}"), key=key)
        table.focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.include_resolved)

    def child_in_view(self) -> str | None:
        return self.child_id

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, include_resolved: bool) -> None:
        from mentor_tui.db import flags as db
        from mentor_tui.db.children import list_children

        vault = self.app.vault
        if vault is None:
            return
        flags = db.list_flags(vault, self.child_id, include_resolved)
        kids = [
            (c.id, c.name, c.class_name)
            for c in list_children(vault)
            if self.child_id is None or c.id == self.child_id
        ]
        self.post_message(
            self.Loaded(
                {
                    "flags": flags,
                    "names": db.child_names(vault),
                    "counts": db.plan_counts(vault),
                    "children": kids,
                }
            )
        )

    def on_flag_list_screen_loaded(self, message: _LoadedBase) -> None:
        self.data = message.data
        names, counts = self.data["names"], self.data["counts"]
        pinned = {f.id for f in rules.pinned(self.data["flags"], counts)}
        table = self.query_one("#flag-table", DataTable)
        table.clear()
        now = dt.datetime.now()
        for f in self.data["flags"]:
            done, req = rules.progress(rules.checklist(f, counts.get(f.id, 0)))
            steps = t("flag.steps_progress", done=done, total=req)
            if rules.needs_report(f):
                steps += " " + t("flag.needs_report")
            table.add_row(
                Text("⚠" if f.id in pinned else ""),
                Text(t(f"flag.status.{f.status}")),
                plain(names.get(f.child_id, "?"), width=12),
                Text(t(f"flag.cat.{f.category}")),
                Text(rules.age_text(f, now)),
                Text(steps),
                key=f.id,
            )
        title = t("flag.ui.list_title")
        if self.child_id:
            title += " · " + names.get(self.child_id, "")
        self.query_one("#flags-title", Static).update(plain(title, style="bold"))
        self.query_one("#flags-note", Static).update(
            Text("" if self.data["flags"] else t("flag.none_open"))
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(FlagDetail(event.row_key.value), lambda _r: self.reload())

    def _pick_child(self, then) -> None:
        kids = self.data.get("children", [])
        names = {cid: name for cid, name, _class in kids}
        if self.child_id and kids:
            then((kids[0][0], kids[0][1]))
            return
        self.app.push_screen(
            ChildPicker(t("flag.ui.pick_child"), kids), lambda cid: cid and then((cid, names[cid]))
        )

    def action_raise_flag(self) -> None:
        def with_child(kid):
            choices = [
                (c, f"{t(f'flag.cat.{c}')} — {t(f'flag.regime.{rules.regime(c)}')}")
                for c in rules.CATEGORIES
            ]
            self.app.push_screen(
                ChoiceModal(t("flag.ui.pick_category"), choices),
                lambda cat: (
                    cat and self.navigate(OpenRaiseFlag(kid[0], cat, kid[1]), self._after_raise)
                ),
            )

        self._pick_child(with_child)

    def _after_raise(self, flag_id: str | None) -> None:
        self.reload()
        if flag_id:
            self.app.push_screen(FlagDetail(flag_id), lambda _r: self.reload())

    def action_absence(self) -> None:
        self._pick_child(
            lambda kid: self.navigate(OpenAbsenceForm(kid[0], kid[1]), lambda _r: self.reload())
        )

    def action_toggle_resolved(self) -> None:
        self.include_resolved = not self.include_resolved
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)  # not pop_screen: the caller's callback refreshes the dashboard


class FlagDetail(AppScreen, ModalScreen[None]):
    """One flag: what was observed, the clock, the checklist, attempts, plans, history."""

    DEFAULT_CSS = """
    FlagDetail .flag-dialog { height: 100%; max-height: 24; }
    FlagDetail .flag-dialog VerticalScroll { height: 1fr; }
    """
    SCOPE = "flag"
    BINDINGS = keys_for(SCOPE)

    class Loaded(_LoadedBase):
        pass

    def __init__(self, flag_id: str) -> None:
        super().__init__()
        self.flag_id = flag_id
        self.flag: rules.FlagFacts | None = None
        self.plans: list[rules.PlanFacts] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog flag-dialog"):
            yield Static("", id="flag-head", classes="dialog-title")
            with VerticalScroll():
                yield Static("", id="flag-body")
            yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db import flags as db

        vault = self.app.vault
        if vault is None:
            return
        flag = db.get_flag(vault, self.flag_id)
        if flag is None:
            return
        self.post_message(
            self.Loaded(
                {
                    "flag": flag,
                    "plans": db.plans_of(vault, flag_id=flag.id),
                    "name": db.child_names(vault, {flag.child_id}).get(flag.child_id, "?"),
                }
            )
        )

    def on_flag_detail_loaded(self, message: _LoadedBase) -> None:
        f = self.flag = message.data["flag"]
        self.plans = message.data["plans"]
        steps = rules.checklist(f, len(self.plans))
        done, req = rules.progress(steps)
        head = Text("⚠ " if f in rules.pinned([f], {f.id: len(self.plans)}) else "", style="bold")
        head.append(t(f"flag.regime.{rules.regime(f.category)}") + " · ", style="bold")
        head.append(plain(message.data["name"], width=16))
        head.append(
            f" · {t(f'flag.cat.{f.category}')} · {t(f'flag.status.{f.status}')} · "
            f"{rules.age_text(f, dt.datetime.now())} · "
            f"{t('flag.steps_progress', done=done, total=req)}"
        )
        if rules.needs_report(f):
            head.append(" · " + t("flag.needs_report"), style="bold red")
        self.query_one("#flag-head", Static).update(head)
        body = Text()

        def section(key: str, lines: list[str]) -> None:
            body.append(("\n" if body.plain else "") + t(key) + "\n", style="bold underline")
            for line in lines or ["—"]:
                body.append_text(plain(line))
                body.append("\n")

        section("flag.field.observed", [rules.observed_text(f)])
        section("flag.sheet.checklist", [rules.step_line(s) for s in steps])
        if rules.regime(f.category) == "dropout":
            section("flag.sheet.attempts", [rules.attempt_line(a) for a in f.attempts])
        if self.plans or rules.regime(f.category) == "individual_plan":
            section(
                "plan.title",
                [
                    f"{p.goals} · {p.measures} · {p.who} · "
                    f"{t('plan.field.review_on')} {p.review_on or '—'}"
                    + (f" · {t('plan.field.closed_on')} {p.closed_on}" if p.closed_on else "")
                    for p in self.plans
                ],
            )
        if f.resolved_on:
            section("flag.field.resolved_reason", [f"{f.resolved_on} {f.resolved_reason}"])
        section("flag.sheet.timeline", [rules.event_line(e) for e in f.events])
        self.query_one("#flag-body", Static).update(body)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        f = self.flag
        if f is None or action == "close":
            return True
        if action in ("step", "attempt", "plan", "resolve"):
            if not f.is_open:
                return False
            if action == "attempt":
                return rules.regime(f.category) == "dropout"
        if action == "close_plan":
            return any(p.closed_on is None for p in self.plans)
        if action == "reopen":
            return not f.is_open
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def _after(self, _result=None) -> None:
        self.reload()

    def action_step(self) -> None:
        if self.flag is None:
            return
        missing = set(rules.missing_steps(self.flag, len(self.plans)))
        steps = sorted(
            rules.RECORDABLE[rules.regime(self.flag.category)], key=lambda s: s not in missing
        )
        choices = [(s, ("[ ] " if s in missing else "    ") + t(f"flag.step.{s}")) for s in steps]
        self.app.push_screen(
            ChoiceModal(t("flag.ui.pick_step"), choices),
            lambda s: s and self.navigate(OpenStepForm(self.flag_id, s), self._after),
        )

    def action_attempt(self) -> None:
        self.navigate(OpenAttemptForm(self.flag_id), self._after)

    def action_plan(self) -> None:
        self.navigate(OpenPlanForm(self.flag_id), self._after)

    def action_close_plan(self) -> None:
        choices = [(p.id, f"{p.goals} · {p.who}") for p in self.plans if p.closed_on is None]
        self.app.push_screen(ChoiceModal(t("flag.ui.pick_plan"), choices), self._close_plan_reason)

    def _close_plan_reason(self, plan_id: str | None) -> None:
        if plan_id:
            self.app.push_screen(
                ReasonPrompt(t("flag.ui.close_plan_title")),
                lambda r: r and self._run("close_plan", plan_id, r),
            )

    def action_resolve(self) -> None:
        self.app.push_screen(ReasonPrompt(t("flag.ui.resolve_title")), self._resolve_reason)

    def _resolve_reason(self, reason: str | None) -> None:
        if not reason or self.flag is None:
            return
        missing = rules.missing_steps(self.flag, len(self.plans))
        if not missing:
            self._run("resolve_flag", self.flag_id, reason)
            return
        question = t(
            "flag.ui.resolve_missing", steps="、".join(t(f"flag.step.{s}") for s in missing)
        )
        self.app.push_screen(
            Confirm(question), lambda yes: yes and self._run("resolve_flag", self.flag_id, reason)
        )

    def action_reopen(self) -> None:
        self._run("reopen_flag", self.flag_id)

    @work(thread=True, group="db", exit_on_error=False)
    def _run(self, name: str, *args) -> None:
        from mentor_tui.db import flags as db

        getattr(db, name)(self.app.vault, *args)
        self.app.call_from_thread(self.app.notify, t("form.saved"))
        self.app.call_from_thread(self.reload)
