"""Duty policy: which duties a mentor owes, how often — loaded from a TOML file.

Cadences differ between schools (BRIEF.md "What a mentor must do"), so they live in a policy
file, not in code. The format is documented in docs/policy.md; three presets ship in
``mentor_tui/core/presets`` (:data:`PRESETS`). A broken file raises :class:`PolicyError`, one
sentence naming the line and the field (``err.policy_invalid``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.terms import (
    DEFAULT_END_WEEKS,
    DEFAULT_MIDDLE_WEEKS,
    DEFAULT_START_WEEKS,
    PHASES,
)
from mentor_tui.core.vocab import ENTRY_KINDS, OUTCOMES, SUPPORT_CATEGORIES

PRESETS = ("default", "monthly-visit", "core")
CADENCES = ("monthly", "weekly", "phases", "per_term")
APPLIES_TO = ("all", "boarding", "non_boarding") + tuple(
    f"category:{c}" for c in SUPPORT_CATEGORIES
)
# Default warn_days per cadence: a weekly duty would always be "due soon" with 7.
DEFAULT_WARN_DAYS = {"monthly": 7, "weekly": 2, "phases": 7, "per_term": 14}
# Kinds whose group entry (one check-in logged for several children: core/duty_facts.EntryFact
# ``group``) counts for each child by default: a home visit to siblings is one home, a call to
# their parents one family. A talk (谈心) is one to one: a group talk does not count.
GROUP_COUNTS_BY_DEFAULT = frozenset({"home_visit", "parent_call", "guardian_contact"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class PolicyError(MentorError):
    """A policy file is broken: ``line`` and ``field`` say where, ``reason`` says what.

    ``reason`` is an i18n key of its own (``duty.reason.*``), translated in the language the
    message is shown in.
    """

    def __init__(self, line: int, field: str, reason_key: str, **reason_kwargs: object) -> None:
        self.reason_key = reason_key
        self.reason_kwargs = reason_kwargs
        super().__init__(
            "err.policy_invalid",
            line=line,
            field=field,
            reason=t(reason_key, lang=None, **reason_kwargs),
        )
        self.line = line
        self.field = field

    def message(self, lang: str | None = None) -> str:
        reason = t(self.reason_key, lang=lang, **self.reason_kwargs)
        return t(self.key, lang=lang, line=self.line, field=self.field, reason=reason)


@dataclass(frozen=True)
class Duty:
    """One duty a mentor owes each child it applies to. See docs/policy.md for each field."""

    id: str
    label_zh: str
    label_en: str
    kind: str
    cadence: str
    outcomes: frozenset[str] = frozenset({"done"})
    times: int = 1
    phases: tuple[str, ...] = ()
    max_gap_days: int | None = None
    due_day: int | None = None
    warn_days: int = 7
    applies_to: str = "all"
    pause_in_breaks: bool = True
    group_counts: bool = False  # a group entry counts for each of its children

    def label(self, lang: str | None = None) -> str:
        return self.label_zh if (lang or get_language()) == "zh" else self.label_en


@dataclass(frozen=True)
class Policy:
    """A whole policy: its duties and the widths of the term phase windows (in weeks)."""

    id: str
    label_zh: str
    label_en: str
    duties: tuple[Duty, ...]
    start_weeks: int = DEFAULT_START_WEEKS
    middle_weeks: int = DEFAULT_MIDDLE_WEEKS
    end_weeks: int = DEFAULT_END_WEEKS

    def label(self, lang: str | None = None) -> str:
        return self.label_zh if (lang or get_language()) == "zh" else self.label_en

    def duty(self, duty_id: str) -> Duty:
        for d in self.duties:
            if d.id == duty_id:
                return d
        raise KeyError(duty_id)


# --- where each key sits in the text -----------------------------------------------------------

_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_\-.\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY_RE = re.compile(r"^\s*\"?([A-Za-z0-9_\-]+)\"?\s*=")


def _key_lines(text: str) -> dict[tuple[str, int, str], int]:
    """Map (table, index, key) -> 1-based line; ``key`` "" is the table header's line.

    ``index`` counts ``[[duty]]`` tables from 0 (plain tables use 0). Top-level keys use table
    "". A line scanner, not a parser: it only needs to be right for files tomllib accepted.
    """
    lines: dict[tuple[str, int, str], int] = {}
    counts: dict[str, int] = {}
    table, index, depth = "", 0, 0
    for no, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if depth == 0:
            header = _HEADER_RE.match(line)
            if header:
                table = header.group(2).replace('"', "").strip()
                if header.group(1) == "[[":
                    index = counts.get(table, -1) + 1
                    counts[table] = index
                else:
                    index = 0
                lines.setdefault((table, index, ""), no)
                continue
            key = _KEY_RE.match(line)
            if key:
                lines.setdefault((table, index, key.group(1)), no)
        bare = re.sub(r"\"[^\"]*\"|'[^']*'", '""', line)  # brackets in strings do not count
        depth = max(
            0, depth + bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")
        )
    return lines


def _strip_comment(line: str) -> str:
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def _field_at(text: str, line: int) -> str:
    """Best guess of the field a syntax error is in: "table.key" of that line."""
    source = text.splitlines()
    table = ""
    for raw in source[: line - 1]:
        header = _HEADER_RE.match(_strip_comment(raw))
        if header:
            table = header.group(2).replace('"', "").strip()
    key = _KEY_RE.match(source[line - 1]) if 0 < line <= len(source) else None
    if key is None:
        return table or "TOML"
    return f"{table}.{key.group(1)}" if table else key.group(1)


class _Checker:
    """Validates one table of the parsed TOML, raising PolicyError at the right line."""

    def __init__(
        self, lines: dict[tuple[str, int, str], int], table: str, index: int, data: dict[str, Any]
    ) -> None:
        self.lines, self.table, self.index, self.data = lines, table, index, data

    def line(self, key: str) -> int:
        return (
            self.lines.get((self.table, self.index, key))
            or self.lines.get((self.table, self.index, ""))
            or 1
        )

    def fail(self, key: str, reason: str, **kwargs: object) -> PolicyError:
        field = f"{self.table}.{key}" if self.table and key else (key or self.table)
        return PolicyError(self.line(key), field, reason, **kwargs)

    def only(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.fail(key, "duty.reason.unknown_field")

    def string(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(key, "duty.reason.missing")
        if not isinstance(value, str):
            raise self.fail(key, "duty.reason.not_string")
        if not value.strip():
            raise self.fail(key, "duty.reason.empty")
        return value.strip()

    def integer(self, key: str, default: int | None, lo: int, hi: int) -> int | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "duty.reason.not_int")
        if not lo <= value <= hi:
            raise self.fail(key, "duty.reason.range", lo=lo, hi=hi)
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "duty.reason.not_bool")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str | None = None) -> str:
        value = self.string(key, default)
        if value not in choices:
            raise self.fail(key, "duty.reason.choice", choices=", ".join(choices))
        return value

    def choices(self, key: str, choices: Sequence[str], default: list[str]) -> tuple[str, ...]:
        value = self.data.get(key, default)
        if not isinstance(value, list):
            raise self.fail(key, "duty.reason.not_list")
        if not value:
            raise self.fail(key, "duty.reason.empty")
        for item in value:
            if not isinstance(item, str) or item not in choices:
                raise self.fail(key, "duty.reason.choice", choices=", ".join(choices))
        if len(set(value)) != len(value):
            raise self.fail(key, "duty.reason.repeated")
        return tuple(value)

    def label(self, key: str = "label") -> tuple[str, str]:
        value = self.data.get(key)
        if value is None:
            raise self.fail(key, "duty.reason.missing")
        if not isinstance(value, dict):
            raise self.fail(key, "duty.reason.label")
        sub = _Checker(self.lines, self.table, self.index, value)
        sub.only(("zh", "en"))
        try:
            return sub.string("zh"), sub.string("en")
        except PolicyError:
            raise self.fail(key, "duty.reason.label") from None


_DUTY_KEYS = (
    "id",
    "label",
    "kind",
    "outcomes",
    "cadence",
    "times",
    "phases",
    "max_gap_days",
    "due_day",
    "warn_days",
    "applies_to",
    "pause_in_breaks",
    "group_counts",
)


def _parse_duty(c: _Checker, seen: set[str]) -> Duty:
    c.only(_DUTY_KEYS)
    duty_id = c.string("id")
    if not _ID_RE.match(duty_id):
        raise c.fail("id", "duty.reason.bad_id")
    if duty_id in seen:
        raise c.fail("id", "duty.reason.duplicate_id", value=duty_id)
    seen.add(duty_id)
    label_zh, label_en = c.label()
    kind = c.choice("kind", ENTRY_KINDS)
    cadence = c.choice("cadence", CADENCES)
    outcomes = c.choices("outcomes", OUTCOMES, ["done"])
    phases: tuple[str, ...] = ()
    if cadence == "phases":
        if "phases" not in c.data:
            raise c.fail("cadence", "duty.reason.phases_missing")
        phases = c.choices("phases", PHASES, [])
        phases = tuple(p for p in PHASES if p in phases)  # always in term order
    elif "phases" in c.data:
        raise c.fail("phases", "duty.reason.phases_unexpected")
    due_day = None
    if "due_day" in c.data:
        if cadence not in ("monthly", "weekly"):
            raise c.fail("due_day", "duty.reason.due_day_cadence")
        due_day = c.integer("due_day", None, 1, 31 if cadence == "monthly" else 7)
    times = c.integer("times", 1, 1, 100)
    return Duty(
        id=duty_id,
        label_zh=label_zh,
        label_en=label_en,
        kind=kind,
        cadence=cadence,
        outcomes=frozenset(outcomes),
        times=times if times is not None else 1,
        phases=phases,
        max_gap_days=c.integer("max_gap_days", None, 1, 366),
        due_day=due_day,
        warn_days=c.integer("warn_days", DEFAULT_WARN_DAYS[cadence], 0, 180) or 0,
        applies_to=c.choice("applies_to", APPLIES_TO, "all"),
        pause_in_breaks=c.boolean("pause_in_breaks", True),
        group_counts=c.boolean("group_counts", kind in GROUP_COUNTS_BY_DEFAULT),
    )


def parse_policy(text: str, default_id: str = "custom") -> Policy:
    """Parse and validate policy TOML; raises :class:`PolicyError` naming line and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        found = re.search(r"at line (\d+)", detail)
        line = int(found.group(1)) if found else 1
        raise PolicyError(
            line,
            _field_at(text, line),
            "duty.reason.syntax",
            detail=re.sub(r"\s*\(at line.*\)$", "", detail),
        ) from None
    lines = _key_lines(text)
    top = _Checker(lines, "", 0, data)
    top.only(("policy", "phases", "duty"))
    meta = data.get("policy", {})
    if not isinstance(meta, dict):
        raise top.fail("policy", "duty.reason.not_table")
    mc = _Checker(lines, "policy", 0, meta)
    mc.only(("id", "label"))
    policy_id = mc.string("id", default_id)
    label_zh, label_en = mc.label() if "label" in meta else (policy_id, policy_id)
    phases = data.get("phases", {})
    if not isinstance(phases, dict):
        raise top.fail("phases", "duty.reason.not_table")
    pc = _Checker(lines, "phases", 0, phases)
    pc.only(("start_weeks", "middle_weeks", "end_weeks"))
    raw_duties = data.get("duty")
    if not raw_duties:
        raise top.fail("duty", "duty.reason.no_duties")
    if not isinstance(raw_duties, list) or not all(isinstance(d, dict) for d in raw_duties):
        raise top.fail("duty", "duty.reason.not_table")
    seen: set[str] = set()
    duties = tuple(
        _parse_duty(_Checker(lines, "duty", i, raw), seen) for i, raw in enumerate(raw_duties)
    )
    return Policy(
        id=policy_id,
        label_zh=label_zh,
        label_en=label_en,
        duties=duties,
        start_weeks=pc.integer("start_weeks", DEFAULT_START_WEEKS, 0, 12) or 0,
        middle_weeks=pc.integer("middle_weeks", DEFAULT_MIDDLE_WEEKS, 0, 12) or 0,
        end_weeks=pc.integer("end_weeks", DEFAULT_END_WEEKS, 0, 12) or 0,
    )


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MentorError("err.policy_not_found", path=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MentorError("err.policy_unreadable", path=str(p), detail=str(exc)) from None
    return parse_policy(text, default_id=p.stem)


def preset_text(name: str) -> str:
    """The TOML text of a shipped preset (a starting point for a school's own file)."""
    if name not in PRESETS:
        raise MentorError("err.policy_unknown_preset", name=name, choices=", ".join(PRESETS))
    preset = resources.files("mentor_tui.core.presets") / f"{name}.toml"
    return preset.read_text(encoding="utf-8")


def load_preset(name: str) -> Policy:
    """One of :data:`PRESETS`, parsed and validated."""
    return parse_policy(preset_text(name), default_id=name)


def describe_duty(duty: Duty, lang: str | None = None) -> str:
    """One line saying how often ``duty`` is owed, which outcomes count and for whom (for
    ``mentor policy show``), in ``lang`` (default: the current language)."""
    sep, comma = t("duty.describe.sep", lang=lang), t("duty.describe.list_sep", lang=lang)
    when = t(f"duty.cadence.{duty.cadence}", lang=lang)
    if duty.cadence == "phases":
        when += t(
            "duty.describe.phases",
            lang=lang,
            phases=comma.join(t(f"duty.phase.{p}", lang=lang) for p in duty.phases),
        )
    parts = [when]
    if duty.times > 1:
        parts.append(t("duty.cadence.times", lang=lang, n=duty.times))
    if duty.due_day is not None:
        parts.append(t(f"duty.describe.due_day_{duty.cadence}", lang=lang, n=duty.due_day))
    if duty.max_gap_days is not None:
        parts.append(t("duty.cadence.max_gap", lang=lang, n=duty.max_gap_days))
    parts.append(
        t(
            "duty.describe.outcomes",
            lang=lang,
            outcomes=comma.join(
                t(f"outcome.{o}", lang=lang) for o in OUTCOMES if o in duty.outcomes
            ),
        )
    )
    parts.append(t("duty.describe.warn", lang=lang, n=duty.warn_days))
    if duty.applies_to.startswith("category:"):
        parts.append(
            t(
                "duty.describe.applies_category",
                lang=lang,
                name=t(f"category.{duty.applies_to[len('category:') :]}", lang=lang),
            )
        )
    elif duty.applies_to != "all":
        parts.append(t(f"duty.describe.applies_{duty.applies_to}", lang=lang))
    if not duty.pause_in_breaks:
        parts.append(t("duty.describe.no_pause", lang=lang))
    parts.append(
        t(
            "duty.describe.group_counts" if duty.group_counts else "duty.describe.group_not",
            lang=lang,
        )
    )
    return sep.join(parts)
