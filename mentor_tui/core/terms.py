"""The school calendar: terms, their middle, phases (期初 / 期中 / 期末) and breaks.

Pure date arithmetic, no database. BRIEF.md "Terms": the autumn term (秋季学期) runs from about
1 September to mid-January, the spring term (春季学期) from about late February to early July;
the middle of a term (期中) is around its 9th-10th week. Each school sets its own dates, so
:func:`default_terms_for` only proposes defaults the teacher can edit.

Conventions (all ranges are inclusive of both ends):

* **week of term**: week 1 is the Monday-to-Sunday week that contains ``term.start``.
* **middle**: ``term.middle`` if set, else the Monday of the week that contains the midpoint
  date of the term (never before ``term.start``).
* **phases**: *start* = the first ``start_weeks`` × 7 days; *end* = the last ``end_weeks`` × 7
  days; *middle* = ``middle_weeks`` weeks around the middle Monday (for 3 weeks: the week before,
  the middle week and the week after). Windows never overlap: when a term is short, *start* wins
  over *end*, and both win over *middle*.
* **breaks**: ``term.breaks`` lists in-term breaks (national holidays) as ``(start, end, label)``.
  A date outside every known term is in the winter break (December to March) or the summer
  break (other months). Labels of the default breaks are ids translated by :func:`break_label`;
  a school's own labels are free text and shown as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text, parse_iso_date

PHASES = ("start", "middle", "end")
DEFAULT_START_WEEKS = 4
DEFAULT_MIDDLE_WEEKS = 3
DEFAULT_END_WEEKS = 4
MIN_FALLBACK_DAYS = 28  # calendar_for: a default term clipped shorter than this is dropped

Break = tuple[date, date, str]


@dataclass(frozen=True)
class TermInfo:
    """One term of the school calendar (mirrors ``db.models.Term``)."""

    id: str
    name: str
    start: date
    end: date
    middle: date | None = None
    breaks: tuple[Break, ...] = field(default=())
    # A default term's name as (i18n key, args), so labels do not depend on the language the
    # term was computed in; None for a school's own (stored) term.
    name_key: tuple[str, tuple[tuple[str, object], ...]] | None = field(default=None, compare=False)

    @classmethod
    def from_json(
        cls,
        id: str,
        name: str,
        start: date,
        end: date,
        middle: date | None,
        breaks: Sequence[Sequence[str]],
    ) -> TermInfo:
        """Build from a ``Term`` row whose ``breaks`` is ``[[iso, iso, label], ...]``."""
        parsed = tuple(
            (
                date.fromisoformat(str(b[0])),
                date.fromisoformat(str(b[1])),
                str(b[2]) if len(b) > 2 else "",
            )
            for b in breaks
        )
        return cls(id=id, name=name, start=start, end=end, middle=middle, breaks=parsed)

    def breaks_json(self) -> list[list[str]]:
        """``breaks`` as stored in ``Term.breaks``."""
        return [[s.isoformat(), e.isoformat(), label] for s, e, label in self.breaks]

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _last_monday_of_february(year: int) -> date:
    d = date(year, 3, 1) - timedelta(days=1)
    return monday_of(d)


def _weekday_or_next_monday(d: date) -> date:
    return d + timedelta(days=7 - d.weekday()) if d.weekday() >= 5 else d


def school_year_of(d: date) -> int:
    """The year the school year containing ``d`` starts in: from 1 August on, the coming one."""
    return d.year if d.month >= 8 else d.year - 1


def default_terms_for(d: date, holidays: bool = True) -> tuple[TermInfo, TermInfo]:
    """The autumn and spring terms of the school year that contains ``d`` (editable defaults).

    Autumn: 1 September (the next Monday if that is a weekend) to 15 January. Spring: the last
    Monday of February to 5 July. With ``holidays``, the fixed-date national holidays inside the
    terms are breaks: 国庆 1-7 October, 元旦 1 January, 劳动节 1-5 May. Holidays that follow the
    lunar calendar (清明, 端午, 中秋) move every year and are left for the school to add.
    """
    y = school_year_of(d)
    autumn_breaks: tuple[Break, ...] = ()
    spring_breaks: tuple[Break, ...] = ()
    if holidays:
        autumn_breaks = (
            (date(y, 10, 1), date(y, 10, 7), "national_day"),
            (date(y + 1, 1, 1), date(y + 1, 1, 1), "new_year"),
        )
        spring_breaks = ((date(y + 1, 5, 1), date(y + 1, 5, 5), "labour_day"),)
    autumn = TermInfo(
        id=f"{y}-autumn",
        name=t("duty.term.autumn", year=y),
        start=_weekday_or_next_monday(date(y, 9, 1)),
        end=date(y + 1, 1, 15),
        breaks=autumn_breaks,
        name_key=("duty.term.autumn", (("year", y),)),
    )
    spring = TermInfo(
        id=f"{y + 1}-spring",
        name=t("duty.term.spring", year=y + 1),
        start=_last_monday_of_february(y + 1),
        end=date(y + 1, 7, 5),
        breaks=spring_breaks,
        name_key=("duty.term.spring", (("year", y + 1),)),
    )
    return autumn, spring


def sorted_terms(terms: Sequence[TermInfo]) -> list[TermInfo]:
    return sorted(terms, key=lambda term: (term.start, term.end, term.id))


def calendar_for(stored: Sequence[TermInfo], d: date) -> list[TermInfo]:
    """The terms the duty engine counts in on ``d``: the school's stored terms, completed by the
    computed defaults where the school has not entered its own (sorted).

    No stored term: the default terms of ``d``'s school year. ``d`` between the first stored
    start and the last stored end: the stored terms only (a gap between two of them is a real
    break). ``d`` past every stored term (the first-run wizard saves only one): the default
    terms of the previous and of ``d``'s school year that end after the last stored term, so
    the spring term is owed after a stored autumn term; ``d`` before every stored term: the
    defaults of its school year that start before the first one. A default term that overlaps
    a stored one is clipped to the days after (before) it: a stored term always wins where it
    covers a date; a clipped piece shorter than :data:`MIN_FALLBACK_DAYS` is dropped (the week
    of a default spring term before the school's own late start is not a term).
    """
    if not stored:
        return sorted_terms(default_terms_for(d))
    terms = sorted_terms(stored)
    first, last = terms[0].start, max(term.end for term in terms)
    if first <= d <= last:
        return terms
    year = school_year_of(d)
    extra = []
    if d > last:
        for term in (*default_terms_for(date(year - 1, 9, 1)), *default_terms_for(d)):
            if term.end > last:
                extra.append(replace(term, start=max(term.start, last + timedelta(days=1))))
    else:
        for term in default_terms_for(d):
            if term.start < first:
                extra.append(replace(term, end=min(term.end, first - timedelta(days=1))))
    extra = [term for term in extra if (term.end - term.start).days + 1 >= MIN_FALLBACK_DAYS]
    return sorted_terms(terms + extra)


def term_for(d: date, terms: Sequence[TermInfo]) -> TermInfo | None:
    """The term that contains ``d`` (the earliest-starting one if terms overlap), else None."""
    for term in sorted_terms(terms):
        if term.start <= d <= term.end:
            return term
    return None


def last_term_before(d: date, terms: Sequence[TermInfo]) -> TermInfo | None:
    """The most recent term that ended before ``d``."""
    ended = [term for term in terms if term.end < d]
    return max(ended, key=lambda term: (term.end, term.start, term.id)) if ended else None


def middle_of(term: TermInfo) -> date:
    """``term.middle`` if set, else the Monday of the week containing the term's midpoint."""
    if term.middle is not None:
        return term.middle
    midpoint = term.start + timedelta(days=(term.end - term.start).days // 2)
    return max(monday_of(midpoint), term.start)


def week_of_term(d: date, term: TermInfo) -> int | None:
    """1-based week number (week 1 contains ``term.start``); None outside the term."""
    if not term.contains(d):
        return None
    return (monday_of(d) - monday_of(term.start)).days // 7 + 1


def phase_windows(
    term: TermInfo,
    start_weeks: int = DEFAULT_START_WEEKS,
    middle_weeks: int = DEFAULT_MIDDLE_WEEKS,
    end_weeks: int = DEFAULT_END_WEEKS,
) -> dict[str, tuple[date, date]]:
    """The non-overlapping phase windows of ``term`` in order start, middle, end.

    A phase whose window would be empty (a very short term) is left out.
    """
    windows: dict[str, tuple[date, date]] = {}
    start_end = min(term.start + timedelta(days=7 * start_weeks - 1), term.end)
    if start_weeks > 0:
        windows["start"] = (term.start, start_end)
    after_start = start_end + timedelta(days=1) if start_weeks > 0 else term.start
    end_start = max(term.end - timedelta(days=7 * end_weeks - 1), after_start)
    has_end = end_weeks > 0 and end_start <= term.end
    before_end = end_start - timedelta(days=1) if has_end else term.end
    if middle_weeks > 0:
        ms = monday_of(middle_of(term)) - timedelta(days=7 * ((middle_weeks - 1) // 2))
        me = ms + timedelta(days=7 * middle_weeks - 1)
        ms, me = max(ms, after_start), min(me, before_end)
        if ms <= me:
            windows["middle"] = (ms, me)
    if has_end:
        windows["end"] = (end_start, term.end)
    return windows


def phase_of(
    d: date,
    term: TermInfo,
    start_weeks: int = DEFAULT_START_WEEKS,
    middle_weeks: int = DEFAULT_MIDDLE_WEEKS,
    end_weeks: int = DEFAULT_END_WEEKS,
) -> str | None:
    """ "start", "middle" or "end" when ``d`` is in that phase window of ``term``, else None."""
    for name, (s, e) in phase_windows(term, start_weeks, middle_weeks, end_weeks).items():
        if s <= d <= e:
            return name
    return None


def in_break(d: date, terms: Sequence[TermInfo]) -> str | None:
    """The label of the break ``d`` falls in, or None on a school day.

    In a term: the label of the in-term break containing ``d``. Outside every known term:
    ``"winter_break"`` (December to March) or ``"summer_break"``. With no terms at all nothing
    is known and the answer is None.
    """
    if not terms:
        return None
    term = term_for(d, terms)
    if term is None:
        return "winter_break" if d.month in (12, 1, 2, 3) else "summer_break"
    for s, e, label in term.breaks:
        if s <= d <= e:
            return label
    return None


def break_label(label: str, lang: str | None = None) -> str:
    """Translate a default break id (``national_day``...); free text is returned as is."""
    key = f"duty.break.{label}"
    text = t(key, lang=lang)
    return label if text == key else text


def term_label(term: TermInfo) -> tuple[str, tuple[tuple[str, object], ...], str]:
    """(i18n key, args, text) naming ``term`` (a ``cadence.Period`` label): a default term's
    key, else its stored name as text."""
    if term.name_key is not None:
        return term.name_key[0], term.name_key[1], ""
    return "", (), term.name


def break_label_key(label: str) -> tuple[str, tuple[tuple[str, object], ...], str]:
    """(i18n key, args, text) for a break label: a default id's key, else the text as typed."""
    key = f"duty.break.{label}"
    return (key, (), "") if label and t(key, lang="en") != key else ("", (), label)


def break_intervals(term: TermInfo) -> list[tuple[date, date]]:
    """The term's breaks clipped to the term, sorted and merged."""
    spans = sorted((max(s, term.start), min(e, term.end)) for s, e, _ in term.breaks)
    merged: list[tuple[date, date]] = []
    for s, e in spans:
        if s > e:
            continue
        if merged and s <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


# --- editing terms (mentor term): parsing and checking, pure ------------------------------------


def parse_break(spec: str) -> Break:
    """``NAME:START:END`` (dates YYYY-MM-DD) -> a break. NAME is a default id (``national_day``)
    or the school's own text (清明); it may not be empty."""
    parts = spec.rsplit(":", 2)
    if len(parts) != 3 or not clean_text(parts[0]).strip():
        raise ValidationError("err.term_break_spec", field="break", value=spec)
    start, end = parse_iso_date(parts[1], "break"), parse_iso_date(parts[2], "break")
    if start is None or end is None:
        raise ValidationError("err.term_break_spec", field="break", value=spec)
    return start, end, clean_text(parts[0]).strip()


def check_term(term: TermInfo, others: Sequence[TermInfo]) -> None:
    """Raise ``ValidationError`` (one sentence) unless ``term`` is a sound term beside
    ``others`` (the other stored terms; one with ``term.id`` is skipped): it ends after it
    starts, its middle lies inside it, each break ends on or after its start and lies inside
    the term, and it overlaps no other term."""
    if not term.name.strip():
        raise ValidationError("err.name_required", field="name")
    if term.end <= term.start:
        raise ValidationError(
            "err.term_end_before_start",
            field="end",
            start=term.start.isoformat(),
            end=term.end.isoformat(),
        )
    if term.middle is not None and not term.contains(term.middle):
        raise ValidationError(
            "err.term_middle_outside",
            field="middle",
            middle=term.middle.isoformat(),
            start=term.start.isoformat(),
            end=term.end.isoformat(),
        )
    for s, e, label in term.breaks:
        if e < s:
            raise ValidationError(
                "err.term_break_order",
                field="break",
                name=label,
                start=s.isoformat(),
                end=e.isoformat(),
            )
        if not (term.contains(s) and term.contains(e)):
            raise ValidationError(
                "err.term_break_outside",
                field="break",
                name=label,
                start=s.isoformat(),
                end=e.isoformat(),
                term_start=term.start.isoformat(),
                term_end=term.end.isoformat(),
            )
    for other in others:
        if other.id != term.id and other.start <= term.end and term.start <= other.end:
            raise ValidationError(
                "err.term_overlap",
                field="start",
                name=other.name,
                start=other.start.isoformat(),
                end=other.end.isoformat(),
            )
