"""Validation of what the teacher types: names, phones, dates. Pure; raises ValidationError."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t

# Mainland mobile (1 + 10 digits, optional +86), landline with area code (0xx(x)-xxxxxxx(x),
# optional extension), or a short local number of 7–8 digits.
_PHONE = re.compile(r"^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8})$")
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_text(value: str, multiline: bool = False) -> str:
    """Strip control and bidi-override characters (kept: newline/tab in multi-line text)."""
    keep = "\n\t" if multiline else ""
    return "".join(
        ch for ch in str(value) if ch in keep or unicodedata.category(ch) not in _CONTROL
    )


def require_name(value: str, field: str = "name") -> str:
    name = clean_text(value).strip()
    if not name:
        raise ValidationError("err.name_required", field=field)
    return name


def normalize_phone(value: str) -> str:
    compact = re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", value or ""))
    return compact


def validate_phone(value: str, field: str = "phone") -> str:
    """Returns the phone normalised (full-width digits folded, spaces removed); '' stays ''."""
    phone = normalize_phone(value)
    if phone and not _PHONE.match(phone):
        raise ValidationError("err.bad_phone", field=field, value=value)
    return phone


def validate_phones(values: list[str], field: str = "phones") -> list[str]:
    return [p for p in (validate_phone(v, field) for v in values) if p]


def parse_iso_date(value: str, field: str = "date") -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(unicodedata.normalize("NFKC", value))
    except ValueError:
        raise ValidationError("err.bad_date", field=field, value=value) from None


def mask_phone(phone: str) -> str:
    """138****5678 for exports with masked phones."""
    if len(phone) >= 8:
        return phone[:3] + "****" + phone[-4:]
    return phone[:1] + "*" * max(len(phone) - 2, 0) + phone[-1:] if len(phone) > 2 else phone


# --- the length rule and the input edges (issue 13): every local write ----------------------
# Sync import does not apply these (another machine's older versions must still merge); it
# keeps SYNC.md's checks (core/syncfile_checks.py).
NAME_MAX = 40  # a child's or a contact's name (and a profile's)
NOTE_MAX = 20_000  # a note, a record-card field
SHORT_MAX = 200  # every other short field
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DAYS_AHEAD = 365  # a date more than a year after the machine's date is a typing slip

# The free-text fields that hold notes (NOTE_MAX); other text fields are short (SHORT_MAX).
NOTE_FIELDS = frozenset(
    {
        # the child's file
        "health_notes",
        "interests",
        "personality",
        "study_notes",
        "psych_notes",
        "archived_reason",
        "consent_how",
        # an entry (its record-card fields are notes too: check_card)
        "text",
        "skip_reason",
        # flags, plans, absence days
        "observed",
        "resolved_reason",
        "closed_reason",
        "note",
        "goals",
        "measures",
        "reason",
    }
)
NAME_FIELDS = frozenset({("child", "name"), ("contact", "name")})


def limit_for(entity: str, field: str) -> int:
    """The length rule: a name 40 characters, a note 20,000, any other short field 200."""
    if (entity, field) in NAME_FIELDS:
        return NAME_MAX
    return NOTE_MAX if field in NOTE_FIELDS else SHORT_MAX


def check_text(
    value: object, field: str, limit: int = SHORT_MAX, label_key: str = "field.text"
) -> str:
    """``value`` as text, refused (one sentence naming the field) when it holds what UTF-8
    cannot encode (a lone surrogate) or is longer than ``limit`` characters."""
    text = str(value)
    label = t(label_key)
    if label == label_key:  # a field without a label of its own
        label = field
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("err.text_unencodable", field=field, label=label) from None
    if len(text) > limit:
        raise ValidationError("err.text_too_long", field=field, label=label, limit=limit)
    return text


def check_fields(entity: str, fields: object, label_prefix: str) -> None:
    """The length rule over a record's text fields (a mapping of field name to value): each
    string against :func:`limit_for`, labelled ``<label_prefix><field>`` in the error."""
    if not isinstance(fields, dict):
        return
    for name, value in fields.items():
        if isinstance(value, str):
            check_text(value, str(name), limit_for(entity, str(name)), f"{label_prefix}{name}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    check_text(item, str(name), SHORT_MAX, f"{label_prefix}{name}")


def check_card(card: object) -> None:
    """A record card: its field names are short, its fields notes."""
    if not isinstance(card, dict):
        return
    for key, value in card.items():
        name = check_text(key, "card", SHORT_MAX, "field.card_name")
        check_text(value, name, NOTE_MAX, f"card.{name}")


def check_date(day: dt.date | None, field: str, today: dt.date | None = None) -> dt.date | None:
    """Refuse a date before 1900 or more than a year after the machine's date."""
    if day is None:
        return None
    today = today or dt.date.today()
    if day < EARLIEST_DATE:
        raise ValidationError("err.date_too_early", field=field, value=day.isoformat())
    if day > today + dt.timedelta(days=LATEST_DAYS_AHEAD):
        raise ValidationError("err.date_too_late", field=field, value=day.isoformat())
    return day
