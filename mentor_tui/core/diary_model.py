"""The content of the term diary (成长日记 / 帮扶记录) and of the contact cards (联系卡), built once
as plain dataclasses from plain dicts, then rendered by format (``mentor_tui.docs_out``).

Everything a renderer needs is decided here: which entries belong (the term's dates, the chosen
children), the order (date, then time entered), what is left out for minimum scope (PIPL: risk
notes, support categories, health and psychological notes unless ``include_sensitive``), phone
masking, and every label and date already translated into ``Options.lang``. Renderers only lay
the content out and escape it. Pure: no database, no file.

Done / required numbers come from the duty engine through :func:`tallies_from_statuses` — the one
place that turns ``DutyStatus`` objects into the numbers every document shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mentor_tui.core.dates import as_date, format_date
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import mask_phone
from mentor_tui.core.vocab import RECORD_CARD_FIELDS, SENSITIVE_KINDS, SUMMARY_KINDS

# The duty columns of the summary table: the registry's summarised kinds (vocab.SUMMARY_KINDS).
PLAN_KIND = "study_plan"
SUMMARY_KIND = "term_summary"
# Child fields shown on the contact card, in order; the sensitive ones only when asked.
CHILD_FIELDS = (
    "gender",
    "birth_date",
    "class_name",
    "school",
    "boarding",
    "home_address",
    "home_phone",
    "interests",
    "personality",
    "study_notes",
    "study_buddy",
)
SENSITIVE_CHILD_FIELDS = ("categories", "health_notes", "psych_notes", "id_number")
CONTACT_FIELDS = (
    "relationship",
    "phones",
    "work_city",
    "employer",
    "address",
    "occupation",
    "best_time",
)

Tally = tuple[int, int]  # (done, required)
Record = Mapping[str, Any]  # a child, contact or entry as a plain dict
Progress = Callable[[int, int], object]  # (done, total)


class DutyTally(Protocol):
    """What :func:`tallies_from_statuses` reads of a duty engine ``DutyStatus``."""

    @property
    def child_id(self) -> str: ...
    @property
    def duty_id(self) -> str: ...
    @property
    def done_this_term(self) -> int: ...
    @property
    def required_this_term(self) -> int: ...
    @property
    def done_this_month(self) -> int: ...
    @property
    def required_this_month(self) -> int: ...


@dataclass(frozen=True)
class Options:
    lang: str = "zh"
    include_sensitive: bool = False
    mask_phones: bool = False


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass
class ContactBlock:
    title: str  # e.g. "父亲：王明"
    items: list[Item]


@dataclass
class ContactCard:
    child_id: str
    name: str
    title: str
    items: list[Item]
    contacts: list[ContactBlock]


@dataclass
class EntryBlock:
    entry_id: str
    date: dt.date
    kind: str
    outcome: str
    heading: str  # "2026年9月12日 · 谈心 · 已完成"
    items: list[Item]


@dataclass
class SummaryRow:
    child_id: str
    name: str
    class_name: str
    tallies: list[Tally | None]  # per SUMMARY_KINDS; None: the policy has no such duty
    percent: int | None
    cells: list[str]  # what the table shows, in column order


@dataclass
class ChildSection:
    child_id: str
    heading: str
    card: ContactCard
    plan: list[EntryBlock]
    entries: list[EntryBlock]
    summary: list[EntryBlock]


@dataclass
class Diary:
    lang: str
    title: str
    subtitle: str
    cover: list[Item]
    summary_title: str
    summary_note: str
    summary_headers: list[str]
    summary_rows: list[SummaryRow]
    sections: list[ChildSection]
    labels: dict[str, str]  # card / plan / entries / summary / none
    notes: list[str] = field(default_factory=list)

    @property
    def entry_count(self) -> int:
        return sum(len(s.plan) + len(s.entries) + len(s.summary) for s in self.sections)


@dataclass
class CardSheet:
    lang: str
    title: str
    subtitle: str
    cards: list[ContactCard]
    notes: list[str] = field(default_factory=list)


# --- helpers ---------------------------------------------------------------------------------


def _label(key: str, fallback: str, lang: str) -> str:
    """The key's text, or ``fallback`` where the catalog has no such key (a card field this
    version does not know, e.g. from sync)."""
    text = t(key, lang=lang)
    return fallback if text == key else text


def phones_text(values: Iterable[str | None] | None, opts: Options) -> str:
    """The phones of a cell, comma-separated, masked when asked; empty ones left out."""
    return ", ".join(mask_phone(p) if opts.mask_phones else p for p in values or [] if p)


def percent(tallies: Iterable[Tally | None]) -> int | None:
    done = required = 0
    for tl in tallies:
        if tl is not None:
            done += tl[0]
            required += tl[1]
    return None if required == 0 else (100 * done) // required


def notes_for(opts: Options) -> list[str]:
    lang = opts.lang
    out = [
        t(
            "docs.sensitive_included" if opts.include_sensitive else "docs.sensitive_omitted",
            lang=lang,
        )
    ]
    if opts.mask_phones:
        out.append(t("docs.phones_masked", lang=lang))
    return out


# --- tallies from the duty engine --------------------------------------------------------------


def tallies_from_statuses(
    statuses: Iterable[DutyTally],
    duty_kinds: Mapping[str, str],
    scope: str = "term",
    kinds: Iterable[str] = SUMMARY_KINDS,
) -> dict[str, dict[str, Tally]]:
    """child_id -> {kind: (done, required)} summed over the policy's duties of each kind.

    ``statuses``: ``DutyStatus`` objects from ``compute_duties``; ``duty_kinds``: duty id -> kind
    (a kind missing from the policy is missing from the result, shown as "—"); ``scope``:
    ``term`` (done/required_this_term) or ``month`` (done/required_this_month).
    """
    wanted = set(kinds)
    out: dict[str, dict[str, Tally]] = {}
    for s in statuses:
        kind = duty_kinds.get(s.duty_id)
        if kind not in wanted:
            continue
        if scope == "month":
            done, req = s.done_this_month, s.required_this_month
        else:
            done, req = s.done_this_term, s.required_this_term
        per = out.setdefault(s.child_id, {})
        d0, r0 = per.get(kind, (0, 0))
        per[kind] = (d0 + done, r0 + req)
    return out


# --- contact card ------------------------------------------------------------------------------


def _child_value(name: str, child: Record, opts: Options) -> str:
    lang = opts.lang
    value = child.get(name)
    if name == "gender":
        return t(f"gender.{value or ''}", lang=lang) if value else ""
    if name == "birth_date":
        d = as_date(value)
        return format_date(d, lang) if d else ""
    if name == "boarding":
        return t("docs.yes" if value else "docs.no", lang=lang)
    if name == "home_phone":
        return phones_text([str(value or "")], opts)
    if name == "categories":
        return (
            "、".join(t(f"category.{c}", lang=lang) for c in (value or []))
            if lang == "zh"
            else ", ".join(t(f"category.{c}", lang=lang) for c in (value or []))
        )
    return str(value or "")


def contact_card(child: Record, contacts: Iterable[Record], opts: Options) -> ContactCard:
    """One child's 联系卡: her own fields, then each parent / guardian. Empty fields are left out."""
    lang = opts.lang
    names = CHILD_FIELDS + (SENSITIVE_CHILD_FIELDS if opts.include_sensitive else ())
    items = [
        Item(t(f"docs.field.{n}", lang=lang), v)
        for n in names
        if (v := _child_value(n, child, opts))
    ]
    blocks = []
    for c in contacts:
        role = t(f"role.{c.get('role') or 'other_guardian'}", lang=lang)
        title = t("docs.contact_title", lang=lang, role=role, name=str(c.get("name") or ""))
        citems = []
        for n in CONTACT_FIELDS:
            v = phones_text(c.get("phones"), opts) if n == "phones" else str(c.get(n) or "")
            if v:
                citems.append(Item(t(f"docs.contact.{n}", lang=lang), v))
        blocks.append(ContactBlock(title, citems))
    name = str(child.get("name") or "")
    return ContactCard(
        str(child.get("id") or ""), name, t("docs.card_title", lang=lang, name=name), items, blocks
    )


# --- entries -----------------------------------------------------------------------------------


def entry_block(entry: Record, opts: Options) -> EntryBlock:
    lang = opts.lang
    kind = str(entry.get("kind") or "other")
    outcome = str(entry.get("outcome") or "done")
    day = as_date(entry.get("occurred_on"))
    heading = t(
        "docs.entry_heading",
        lang=lang,
        date=format_date(day, lang),
        kind=t(f"kind.{kind}", lang=lang),
        outcome=t(f"outcome.{outcome}", lang=lang),
    )
    card = dict(entry.get("card") or {})
    order = list(RECORD_CARD_FIELDS.get(kind, ())) + sorted(
        k for k in card if k not in RECORD_CARD_FIELDS.get(kind, ())
    )
    items = [
        Item(_label(f"docs.card.{k}", k, lang), str(card[k]))
        for k in order
        if str(card.get(k) or "").strip()
    ]
    if str(entry.get("text") or "").strip():
        items.append(Item(t("docs.entry.text", lang=lang), str(entry["text"])))
    if outcome == "skipped" and str(entry.get("skip_reason") or "").strip():
        items.append(Item(t("docs.entry.skip_reason", lang=lang), str(entry["skip_reason"])))
    return EntryBlock(str(entry.get("id") or ""), day or dt.date.min, kind, outcome, heading, items)


def _entry_key(e: Record) -> tuple[dt.date, str, str]:
    return (
        as_date(e.get("occurred_on")) or dt.date.min,
        str(e.get("entered_at") or ""),
        str(e.get("id") or ""),
    )


def term_entries(
    entries: Iterable[Record], start: dt.date, end: dt.date, opts: Options
) -> dict[str, list[Record]]:
    """child_id -> the child's entries dated in [start, end], in date order; sensitive kinds
    only when asked, general notes (no child) never."""
    out: dict[str, list[Record]] = {}
    for e in entries:
        cid = e.get("child_id")
        day = as_date(e.get("occurred_on"))
        if not cid or day is None or not (start <= day <= end):
            continue
        if e.get("kind") in SENSITIVE_KINDS and not opts.include_sensitive:
            continue
        out.setdefault(str(cid), []).append(e)
    for items in out.values():
        items.sort(key=_entry_key)
    return out


# --- the documents -----------------------------------------------------------------------------


def summary_row(child: Record, tallies: Mapping[str, Tally], lang: str) -> SummaryRow:
    cols = [tallies.get(k) for k in SUMMARY_KINDS]
    pct = percent(cols)
    na = t("docs.not_applicable", lang=lang)
    cells = [str(child.get("name") or ""), str(child.get("class_name") or "")]
    cells += [
        na if tl is None else t("duty.tally", lang=lang, done=tl[0], required=tl[1]) for tl in cols
    ]
    cells.append(na if pct is None else f"{pct}%")
    return SummaryRow(str(child.get("id") or ""), cells[0], cells[1], cols, pct, cells)


def summary_headers(lang: str) -> list[str]:
    return (
        [t("docs.col.child", lang=lang), t("docs.col.class", lang=lang)]
        + [t(f"kind.{k}", lang=lang) for k in SUMMARY_KINDS]
        + [t("docs.col.completion", lang=lang)]
    )


def build_diary(
    *,
    teacher: str,
    school: str,
    term: Record,
    children: list[Record],
    contacts: Mapping[str, list[Record]],
    entries: Iterable[Record],
    tallies: Mapping[str, Mapping[str, Tally]],
    as_of: dt.date,
    today: dt.date,
    opts: Options,
    progress: Progress | None = None,
) -> Diary:
    """The whole term diary. ``term``: {name, start, end}; ``children`` in the order wanted;
    ``contacts``: child_id -> contact dicts; ``tallies``: see :func:`tallies_from_statuses`."""
    lang = opts.lang
    start, end = as_date(term["start"]), as_date(term["end"])
    if start is None or end is None:  # a stored term always has both (db/settings.add_term)
        raise ValueError("a term needs a start and an end")
    by_child = term_entries(entries, start, end, opts)
    cover = [
        Item(t("docs.cover.teacher", lang=lang), teacher),
        Item(t("docs.cover.school", lang=lang), school),
        Item(t("docs.cover.term", lang=lang), str(term.get("name") or "")),
        Item(
            t("docs.cover.dates", lang=lang),
            t(
                "docs.date_range",
                lang=lang,
                start=format_date(start, lang),
                end=format_date(end, lang),
            ),
        ),
        Item(t("docs.cover.children", lang=lang), str(len(children))),
        Item(t("docs.cover.generated", lang=lang), format_date(today, lang)),
    ]
    rows, sections = [], []
    for i, child in enumerate(children):
        cid = str(child.get("id") or "")
        rows.append(summary_row(child, tallies.get(cid, {}), lang))
        own = by_child.get(cid, [])
        blocks = [entry_block(e, opts) for e in own]
        cls = str(child.get("class_name") or "")
        name = str(child.get("name") or "")
        heading = t("docs.child_heading", lang=lang, name=name, class_name=cls) if cls else name
        sections.append(
            ChildSection(
                cid,
                heading,
                contact_card(child, contacts.get(cid, []), opts),
                [b for b in blocks if b.kind == PLAN_KIND],
                [b for b in blocks if b.kind not in (PLAN_KIND, SUMMARY_KIND)],
                [b for b in blocks if b.kind == SUMMARY_KIND],
            )
        )
        if progress:
            progress(i + 1, len(children))
    labels = {k: t(f"docs.section.{k}", lang=lang) for k in ("card", "plan", "entries", "summary")}
    labels["none"] = t("docs.none", lang=lang)
    return Diary(
        lang=lang,
        title=t("docs.diary.title", lang=lang),
        subtitle=t("docs.diary.subtitle", lang=lang),
        cover=cover,
        summary_title=t("docs.summary.title", lang=lang),
        summary_note=t("docs.summary.note", lang=lang, date=format_date(as_of, lang)),
        summary_headers=summary_headers(lang),
        summary_rows=rows,
        sections=sections,
        labels=labels,
        notes=notes_for(opts),
    )


def build_cards(
    *,
    teacher: str,
    school: str,
    children: list[Record],
    contacts: Mapping[str, list[Record]],
    today: dt.date,
    opts: Options,
) -> CardSheet:
    lang = opts.lang
    cards = [contact_card(c, contacts.get(str(c.get("id") or ""), []), opts) for c in children]
    sub = " · ".join(x for x in (school, teacher, format_date(today, lang)) if x)
    return CardSheet(lang, t("docs.cards.title", lang=lang), sub, cards, notes_for(opts))
