"""Documents from the vault: gather plain dicts, build the models (core.diary_model,
docs_out.ledger_model), render (docs_out), write atomically, record the audit line.

The ``export_*`` functions are what the CLI and the TUI call (the TUI from a thread worker);
``progress(done, total)`` is called as the work advances. Done / required numbers come from the
duty engine through :func:`duty_tallies` only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from peewee import Model

from mentor_tui.core import diary_model as dm, vocab
from mentor_tui.core.duty_facts import ChildFacts
from mentor_tui.core.duty_summary import tallies_on
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.school_figures import Figure, by_month, months_of_term, term_figures
from mentor_tui.core.terms import TermInfo, default_terms_for, last_term_before, term_for
from mentor_tui.db import duty_data
from mentor_tui.db.entries import duty_facts_since, entries_between
from mentor_tui.db.fault_points import fault_point
from mentor_tui.db.models import Child, Contact, Entry
from mentor_tui.db.settings import get_setting, record_audit
from mentor_tui.db.vault import Vault
from mentor_tui.paths import write_atomic

if TYPE_CHECKING:
    from mentor_tui.docs_out.ledger_model import Ledger
    from mentor_tui.paths import Paths

Progress = Callable[[int, int], None]
Record = Mapping[str, Any]  # a row as plain values, field name -> value
DIARY_FORMATS = ("docx", "md", "html")
LEDGER_FORMATS = ("xlsx", "csv")
CARD_FORMATS = ("docx", "html")


@dataclass
class ExportResult:
    paths: list[Path]
    children: int
    entries: int = 0
    plaintext: bool = False  # an unencrypted file holding personal data was written
    notes: list[str] = field(default_factory=list)


def _row(obj: Model, model: type[Model]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in model._meta.fields}


# --- terms and children ------------------------------------------------------------------------


def term_choices(vault: Vault, today: dt.date) -> list[TermInfo]:
    return duty_data.term_infos(vault) or list(default_terms_for(today))


def resolve_term(vault: Vault, spec: str | None, today: dt.date) -> TermInfo:
    """``spec``: a term's id or name; empty or "current": the term holding today, else the one
    that ended last, else the first."""
    terms = term_choices(vault, today)
    if spec and spec != "current":
        for term in terms:
            if spec in (term.id, term.name):
                return term
        raise MentorError(
            "err.unknown_term", name=spec, choices="、".join(term.name for term in terms)
        )
    return term_for(today, terms) or last_term_before(today, terms) or terms[0]


def children_for(
    vault: Vault,
    start: dt.date | None = None,
    end: dt.date | None = None,
    names: Sequence[str] | None = None,
) -> list[Record]:
    """Children paired during [start, end] (active, or archived after ``start``), in the order
    of the child list; ``names`` (names or ids) narrows the choice."""
    with vault.read():
        # dicts (peewee's stubs type the rows of .dicts() as models)
        rows = cast(
            "list[Record]", list(Child.select().order_by(Child.class_name, Child.name).dicts())
        )
    out = []
    for c in rows:
        if end is not None and c["added_on"] and c["added_on"] > end:
            continue
        if c["status"] == "archived" and (
            start is None or c["archived_on"] is None or c["archived_on"] < start
        ):
            continue
        out.append(c)
    if names:
        wanted = list(names)
        for n in wanted:
            if not any(n in (c["name"], c["id"]) for c in out):
                raise MentorError("err.unknown_child_name", name=n)
        out = [c for c in out if c["name"] in wanted or c["id"] in wanted]
    return out


def contacts_by_child(vault: Vault, child_ids: Sequence[str]) -> dict[str, list[Record]]:
    ids = set(child_ids)
    out: dict[str, list[Record]] = {}
    with vault.read():
        q = Contact.select().order_by(Contact.is_primary.desc(), Contact.role, Contact.name)
        for c in q:
            if c.child_id in ids:
                out.setdefault(c.child_id, []).append(_row(c, Contact))
    return out


def term_entries(vault: Vault, term: TermInfo, child_ids: Sequence[str]) -> list[Record]:
    ids = set(child_ids)
    return [
        _row(e, Entry) for e in entries_between(vault, term.start, term.end) if e.child_id in ids
    ]


def child_facts(kids: Sequence[Record]) -> list[ChildFacts]:
    """What the duty engine needs of each child (as ``duty_data.child_facts``, from the dicts
    already read instead of a second query)."""
    return [
        ChildFacts(
            id=c["id"],
            name=c["name"],
            class_name=c["class_name"],
            boarding=bool(c["boarding"]),
            categories=frozenset(c["categories"] or ()),
            added_on=c["added_on"],
            archived_on=c["archived_on"] or (dt.date.min if c["status"] == "archived" else None),
        )
        for c in kids
    ]


def duty_tallies(
    vault: Vault,
    term: TermInfo,
    kids: Sequence[Record],
    as_of: Sequence[dt.date],
    scope: str = "term",
    by: str = "kind",
) -> list[dict[str, dict[str, dm.Tally]]]:
    """Per date in ``as_of``: child -> kind (or duty id with ``by="duty"``) -> (done, required),
    straight from the duty engine on the vault's policy, terms and entries: what
    ``compute_duties`` says on each date (``tallies_on``: one pass for all the dates), summed
    per kind as ``diary_model.tallies_from_statuses`` does."""
    policy = duty_data.policy_of(vault)
    terms = duty_data.term_infos(vault) or [term]
    facts = duty_facts_since(vault, term.start)
    if by == "duty":
        keys = {d.id: d.id for d in policy.duties}
        wanted = {d.id for d in policy.duties}
    else:
        keys, wanted = {d.id: d.kind for d in policy.duties}, set(vocab.SUMMARY_KINDS)
    out = []
    for day in tallies_on(policy, terms, child_facts(kids), facts, as_of, scope):
        merged: dict[str, dict[str, dm.Tally]] = {}
        for cid, per_duty in day.items():
            for duty_id, (done, req) in per_duty.items():
                key = keys[duty_id]
                if key in wanted:
                    per = merged.setdefault(cid, {})
                    d0, r0 = per.get(key, (0, 0))
                    per[key] = (d0 + done, r0 + req)
        out.append(merged)
    return out


def figures(vault: Vault, term: TermInfo, kids: Sequence[Record], as_of: dt.date) -> list[Figure]:
    """The figures of ``kids`` in ``term`` as of ``as_of`` (core/school_figures.py
    term_figures, on the vault's policy and the term's entries): what her ledger's monthly
    sheets show and what her school report carries."""
    policy = duty_data.policy_of(vault)
    facts = duty_facts_since(vault, term.start)  # group entries marked (counted per policy)
    return term_figures(policy, term, child_facts(kids), facts, as_of)


def as_of_for(term: TermInfo, today: dt.date) -> dt.date:
    return max(term.start, min(term.end, today))


def _settings(vault: Vault) -> tuple[str, str]:
    return (
        str(get_setting(vault, "teacher_name", "") or ""),
        str(get_setting(vault, "school", "") or ""),
    )


# --- models ------------------------------------------------------------------------------------


def diary(
    vault: Vault,
    term: TermInfo,
    opts: dm.Options,
    today: dt.date,
    names: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> dm.Diary:
    kids = children_for(vault, term.start, term.end, names)
    if not kids:
        raise MentorError("err.no_children")
    ids = [c["id"] for c in kids]
    as_of = as_of_for(term, today)
    teacher, school = _settings(vault)
    return dm.build_diary(
        teacher=teacher,
        school=school,
        term={"name": term.name, "start": term.start, "end": term.end},
        children=kids,
        contacts=contacts_by_child(vault, ids),
        entries=term_entries(vault, term, ids),
        tallies=duty_tallies(vault, term, kids, [as_of])[0],
        as_of=as_of,
        today=today,
        opts=opts,
        progress=progress,
    )


def cards(
    vault: Vault, opts: dm.Options, today: dt.date, names: Sequence[str] | None = None
) -> dm.CardSheet:
    kids = [c for c in children_for(vault, names=names) if c["status"] == "active"]
    if not kids:
        raise MentorError("err.no_children")
    teacher, school = _settings(vault)
    return dm.build_cards(
        teacher=teacher,
        school=school,
        children=kids,
        contacts=contacts_by_child(vault, [c["id"] for c in kids]),
        today=today,
        opts=opts,
    )


def ledger(vault: Vault, term: TermInfo, opts: dm.Options, today: dt.date) -> Ledger:
    """The ledger: the children sheet, and a sheet per month of the term up to ``today`` with
    the figures as of ``today`` (core/school_figures.py: a month's instances by their due
    date; a late one counts as done, not on time)."""
    from mentor_tui.docs_out.ledger_model import build_ledger

    kids = children_for(vault, term.start, term.end)
    if not kids:
        raise MentorError("err.no_children")
    policy = duty_data.policy_of(vault)
    as_of = as_of_for(term, today)
    per_month = by_month(figures(vault, term, kids, as_of))
    duties = [(d.id, d.label(opts.lang)) for d in policy.duties]
    return build_ledger(
        kids,
        contacts_by_child(vault, [c["id"] for c in kids]),
        duties,
        [
            (int(key[:4]), int(key[5:]), per_month.get(key, {}))
            for key in months_of_term(term, as_of)
        ],
        opts,
        made_on=as_of,
    )


# --- export jobs -------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


def default_path(
    paths: Paths,
    kind: str,
    label: str,
    today: dt.date,
    fmt: str,
    lang: str,
    folder: Path | None = None,
) -> Path:
    """Where an export goes unless the teacher picks a file: ``folder`` (the TUI gives her
    stick's documents folder when a stick is there), else the private exports folder; named
    e.g. 帮扶记录-2026年秋季学期-2026-11-23.docx (``kind``: diary, ledger or cards). An earlier
    export of the same day is never replaced: the new one gets -2, -3, …"""
    stem = _UNSAFE_NAME.sub(
        "_", "-".join(x for x in (t(f"docs.file.{kind}", lang=lang), label, today.isoformat()) if x)
    )
    where = folder if folder is not None else paths.exports_dir
    path = where / f"{stem}.{fmt}"
    n = 1
    while path.exists():  # a CSV ledger's second file is named from this one's stem
        n += 1
        path = where / f"{stem}-{n}.{fmt}"
    return path


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise MentorError(
            "err.export_write", path=str(path), detail=exc.strerror or str(exc)
        ) from None


def _write_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Several files that belong together (the CSV ledger's two): all written, or none left
    changed: when one cannot be written, those already written are put back as they were
    (removed, or their old bytes restored)."""
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, data in files:
            old = path.read_bytes() if path.is_file() else None
            _write(path, data)
            done.append((path, old))
    except MentorError:
        for path, old in reversed(done):
            try:
                if old is None:
                    path.unlink()
                else:
                    write_atomic(path, old)
            except OSError:
                pass  # the error below names the file that failed; nothing more to do
        raise


def _audit(vault: Vault, event: str, opts: dm.Options, **counts: int) -> None:
    record_audit(
        vault,
        event,
        sensitive=int(opts.include_sensitive),
        masked_phones=int(opts.mask_phones),
        **counts,
    )


def _stages(progress: Progress | None, total: int) -> Callable[[int], Progress | None]:
    def at(offset: int) -> Progress | None:
        if progress is None:
            return None

        def step(done: int, _n: int) -> None:
            fault_point("export-doc:mid-render")  # the temp-file tests kill -9 here
            progress(min(offset + done, total), total)

        return step

    return at


def export_diary(
    vault: Vault,
    path: Path,
    fmt: str,
    term: TermInfo,
    opts: dm.Options,
    today: dt.date,
    names: Sequence[str] | None = None,
    password: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the term diary. ``docx`` with ``password``: encrypted in memory before writing."""
    from mentor_tui.docs_out import render_docx, render_html, render_md

    n = len(children_for(vault, term.start, term.end, names))
    stage = _stages(progress, 2 * n + 1)
    model = diary(vault, term, opts, today, names, stage(0))
    if fmt == "docx":
        data = render_docx.render_diary(model, stage(n))
        if password:
            data = render_docx.protect(data, password)
    elif fmt == "html":
        data = render_html.render_diary(model, stage(n)).encode("utf-8")
    else:
        data = render_md.render_diary(model, stage(n)).encode("utf-8")
    _write(path, data)
    plaintext = not (fmt == "docx" and password)
    _audit(
        vault,
        f"export.diary.{fmt}",
        opts,
        children=len(model.sections),
        entries=model.entry_count,
        protected=int(not plaintext),
    )
    if progress:
        progress(2 * n + 1, 2 * n + 1)
    return ExportResult([path], len(model.sections), model.entry_count, plaintext)


def export_ledger(
    vault: Vault,
    path: Path,
    fmt: str,
    term: TermInfo,
    opts: dm.Options,
    today: dt.date,
    progress: Progress | None = None,
    password: str | None = None,
) -> ExportResult:
    """Write the ledger: one workbook, or for CSV two files (children; monthly duties, beside
    it with the suffix from ``docs.file.ledger_duties``). ``xlsx`` with ``password``: encrypted
    in memory before writing (Excel asks for it), like the diary's Word file."""
    from mentor_tui.docs_out import ledger_csv, ledger_xlsx, render_docx

    model = ledger(vault, term, opts, today)
    # steps: the model, each sheet (xlsx) or file (csv) rendered, the audit line
    total = (1 + len(model.months) if fmt == "xlsx" else 2) + 2
    sheet_done = _stages(progress, total)(1)
    if progress:
        progress(1, total)
    if fmt == "xlsx":
        data = ledger_xlsx.render(model, sheet_done)
        if password:
            data = render_docx.protect(data, password)  # any OOXML file: Excel's too
        _write(path, data)
        paths = [path]
    else:
        second = path.with_name(
            f"{path.stem}-{t('docs.file.ledger_duties', lang=opts.lang)}{path.suffix}"
        )
        children = ledger_csv.render_children(model)
        if sheet_done:
            sheet_done(1, 2)
        months = ledger_csv.render_months(model, t("docs.col.month", lang=opts.lang))
        if sheet_done:
            sheet_done(2, 2)
        _write_together([(path, children), (second, months)])  # both files, or neither
        paths = [path, second]
    _audit(
        vault,
        f"export.ledger.{fmt}",
        opts,
        children=len(model.children.rows),
        months=len(model.months),
        protected=int(bool(password) and fmt == "xlsx"),
    )
    if progress:
        progress(total, total)
    plaintext = not (fmt == "xlsx" and password)
    return ExportResult(paths, len(model.children.rows), 0, plaintext)


def export_cards(
    vault: Vault,
    path: Path,
    fmt: str,
    opts: dm.Options,
    today: dt.date,
    names: Sequence[str] | None = None,
    password: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    from mentor_tui.docs_out import contact_cards, render_docx

    sheet = cards(vault, opts, today, names)
    if fmt == "docx":
        data = contact_cards.render_docx(sheet)
        if password:
            data = render_docx.protect(data, password)
    else:
        data = contact_cards.render_html(sheet).encode("utf-8")
    _write(path, data)
    plaintext = not (fmt == "docx" and password)
    _audit(
        vault, f"export.cards.{fmt}", opts, children=len(sheet.cards), protected=int(not plaintext)
    )
    if progress:
        progress(1, 1)
    return ExportResult([path], len(sheet.cards), 0, plaintext)
