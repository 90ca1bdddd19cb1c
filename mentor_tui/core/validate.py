"""Validation of what the teacher types: names, phones, dates. Pure; raises ValidationError."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from mentor_tui.core.errors import ValidationError

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
