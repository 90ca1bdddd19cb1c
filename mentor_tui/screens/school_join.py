"""Her side of the school office (palette "加入学校/导入学校分配"; issue 19 item 4): the handover
file she picked, its pick-up code when it is sealed with one (the code on the coordinator's
paper; full-width digits and spaces are accepted), then the preview — new children, changed
fields, children she could already have, children moved away, the school's terms and policy
that replace hers, the answers to her requests — and ``y`` merges it (db/school_member.py:
versions, an encrypted backup first). A child she could already have is hers to match: ``c``
asks which of her children it is (or a new one); one left unmatched is not taken this time.
Escape closes; nothing is written before ``y``."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, plain
from mentor_tui.widgets.dialogs import ChoiceModal
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, SaveFailed

NEW_CHILD = "__new__"


class JoinSchoolScreen(AppScreen, Screen):
    SCOPE = "join_school"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    JoinSchoolScreen #join-top { height: 1; padding: 0 1; background: $boost; }
    JoinSchoolScreen #join-code-row { height: auto; display: none; padding: 0 1; }
    JoinSchoolScreen #join-code-row Label { width: 16; }
    JoinSchoolScreen #join-code { width: 1fr; }
    JoinSchoolScreen #join-scroll { height: 1fr; padding: 0 1; }
    JoinSchoolScreen #join-note { height: auto; padding: 0 1; }
    """

    class Read(Message):
        def __init__(self, data: bytes, needs_code: bool) -> None:
            super().__init__()
            self.data, self.needs_code = data, needs_code

    class Previewed(Message):
        def __init__(self, preview, names: dict[str, str]) -> None:
            super().__init__()
            self.preview, self.names = preview, names

    class Joined(Message):
        def __init__(self, result) -> None:
            super().__init__()
            self.result = result

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.data: bytes | None = None
        self.preview = None
        self.names: dict[str, str] = {}  # her children's names (the candidates to match)
        self.busy = True
        self.done = False

    def compose(self) -> ComposeResult:
        top = Text(t("school.ui.join_title"), style="bold")
        top.append("  ")
        top.append_text(plain(Path(self.path).name, width=40))
        yield Static(top, id="join-top")
        with Horizontal(id="join-code-row"):
            yield Label(t("school.ui.code"), markup=False)
            yield Input(id="join-code", placeholder="1234-5678-9012-3456-7891")
        with VerticalScroll(id="join-scroll"):
            yield Static("", id="join-body")
        yield Static(Text(t("school.ui.join_reading")), id="join-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self._read()

    def _note(self, text: Text | str) -> None:
        self.query_one("#join-note", Static).update(text if isinstance(text, Text) else Text(text))

    @work(thread=True, group="db", exit_on_error=False)
    def _read(self) -> None:
        from mentor_tui.core.school_packet import read_file
        from mentor_tui.db.school_member import needs_code

        try:
            data = read_file(Path(self.path))
            self.post_message(self.Read(data, needs_code(data)))
        except MentorError as err:
            self.post_message(SaveFailed(err))

    def on_join_school_screen_read(self, message: Read) -> None:
        self.data = message.data
        if message.needs_code:
            self.busy = False
            self.query_one("#join-code-row").display = True
            self.query_one("#join-code", Input).focus()
            self._note(t("school.ui.code_hint"))
        else:
            self._preview(message.data, None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if self.data is None or self.busy or self.done or not code:
            return
        self.busy = True
        self._note(t("school.ui.code_checking"))
        self._preview(self.data, code)

    @work(thread=True, group="db", exit_on_error=False)
    def _preview(self, data: bytes, code: str | None) -> None:
        from mentor_tui.db.children import get_child
        from mentor_tui.db.school_member import preview_join

        vault = self.app.vault
        if vault is None:
            return
        try:
            preview = preview_join(vault, data, code)
        except MentorError as err:
            self.post_message(SaveFailed(err))
            return
        names = {}
        for jc in preview.children:
            for cid in jc.candidates:
                kid = get_child(vault, cid)
                names[cid] = " ".join(x for x in (kid.name, kid.class_name) if x) if kid else cid
        self.post_message(self.Previewed(preview, names))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.busy = False
        self._note(error_text(message.error))
        self.refresh_bindings()

    def on_join_school_screen_previewed(self, message: Previewed) -> None:
        self.busy = False
        self.preview, self.names = message.preview, message.names
        self.query_one("#join-code-row").display = False
        self.query_one("#join-scroll").focus()
        self._show()
        self._note(t("school.ui.join_ask"))
        self.refresh_bindings()

    def _show(self) -> None:
        from mentor_tui.db import school_member as member

        p = self.preview
        if p is None:
            return
        body = p.handover
        text = plain(
            t(
                "school.join_from",
                school=body.school_name,
                teacher=body.teacher_name,
                fingerprint=body.school_keys.fingerprint,
            )
            + "\n"
        )
        for jc in p.children:
            text.append("  ")
            text.append_text(plain(jc.incoming.fields.get("name") or "", width=10))
            text.append("  ")
            text.append_text(plain(jc.incoming.fields.get("class_name") or "", width=14))
            text.append("  ")
            if jc.status == member.NEW:
                line = t("school.join_new")
                if jc.candidates and jc.choice == "":
                    line = t("school.ui.join_chosen_new")
            elif jc.status == member.SAME:
                line = t("school.join_same")
            elif jc.status == member.CHOOSE:
                line = t("school.ui.join_choose", n=len(jc.candidates))
            else:
                line = t(
                    "school.join_update",
                    changes="；".join(
                        t("school.join_change", what=t(f"roster.field.{f}"), old=o or "—", new=n)
                        for f, o, n in jc.changes
                    ),
                )
                if jc.candidates and jc.choice:
                    line = (
                        t("school.ui.join_chosen", name=self.names.get(jc.choice, "")) + "；" + line
                    )
            text.append_text(plain(line, style="yellow" if jc.status == member.CHOOSE else ""))
            text.append("\n")
        for m, _cid in p.moved:
            text.append_text(
                plain(
                    "  " + t("school.join_moved", name=m.name, on=m.on.isoformat(), to=m.to or "—")
                )
            )
            text.append("\n")
        if p.terms_change:
            text.append(t("school.join_terms") + "\n", style="bold")
        if p.policy_change:
            text.append(t("school.join_policy") + "\n", style="bold")
        for d in p.decisions:
            text.append(t(f"school.join_decision_{d.status}", on=d.decided_on.isoformat()) + "\n")
        text.append(
            t(
                "school.join_summary",
                new=p.count(member.NEW),
                updated=p.count(member.UPDATE),
                same=p.count(member.SAME),
                choose=p.count(member.CHOOSE),
                moved=len(p.moved),
            )
        )
        self.query_one("#join-body", Static).update(text)

    def _to_choose(self):
        from mentor_tui.db.school_member import CHOOSE

        if self.preview is None or self.done:
            return None
        return next((jc for jc in self.preview.children if jc.status == CHOOSE), None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "confirm":
            return (self.preview is not None and not self.busy and not self.done) or None
        if action == "choose":
            return self._to_choose() is not None or None
        return True

    def action_choose(self) -> None:
        jc = self._to_choose()
        if jc is None:
            return
        name = str(jc.incoming.fields.get("name") or "")
        choices = [(cid, self.names.get(cid, cid)) for cid in jc.candidates]
        choices.append((NEW_CHILD, t("school.ui.join_as_new")))

        def chosen(cid: str | None) -> None:
            if cid is not None:
                jc.choice = "" if cid == NEW_CHILD else cid
                self._show()
                self.refresh_bindings()

        self.app.push_screen(ChoiceModal(t("school.ui.join_which", name=name), choices), chosen)

    def action_confirm(self) -> None:
        if self.preview is None or self.busy or self.done:
            return
        self.busy = True
        self._note(t("school.ui.join_working"))
        self._apply(self.preview, self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _apply(self, preview, today) -> None:
        from mentor_tui.db.school_member import apply_join

        vault = self.app.vault
        if vault is None:
            return
        try:
            result = apply_join(vault, preview, today)
        except MentorError as err:
            self.post_message(SaveFailed(err))
            return
        self.post_message(self.Joined(result))

    def on_join_school_screen_joined(self, message: Joined) -> None:
        self.busy, self.done = False, True
        r = message.result
        lines = [t("school.join_done", new=r.new, updated=r.updated, moved=r.moved)]
        if r.left_to_choose:
            lines.append(t("school.ui.join_left", n=r.left_to_choose))
        if r.terms_replaced or r.policy_replaced:
            lines.append(t("school.join_replaced"))
        self._note(Text("\n".join(lines), style="bold"))
        self.refresh_bindings()

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.done)
