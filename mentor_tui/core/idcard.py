"""Resident ID numbers (居民身份证号码, GB 11643-1999). Pure.

An 18-character number is six digits of region, the birth date as YYYYMMDD, a three-digit
sequence whose last digit is odd for a man and even for a woman, and a check character
(ISO 7064 MOD 11-2: ``0``–``9`` or ``X``). The old 15-digit number has the birth date as YYMMDD
(1900s) and no check character; :func:`to_18` gives its 18-character form, the one compared.

The number is sensitive: shown masked (:func:`mask`), left out of documents unless sensitive data
is asked for.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # CHECK[sum % 11]
_SHAPE = re.compile(r"^(\d{17}[\dX]|\d{15})$")


@dataclass(frozen=True)
class IdNumber:
    """A number of the right shape with a real birth date. ``check_ok`` is False for an
    18-character number whose check character does not match (a typing mistake somewhere)."""

    number: str  # as written, cleaned: digits and a capital X
    birth_date: dt.date
    gender: str  # "male" / "female" (vocab.GENDERS)
    check_ok: bool

    @property
    def canonical(self) -> str:
        """The 18-character form (what two numbers are compared by)."""
        return to_18(self.number)


def clean(text: str) -> str:
    """Full-width folded, spaces and dashes dropped, ``x`` capitalised."""
    s = unicodedata.normalize("NFKC", str(text)).upper()
    return re.sub(r"[\s\-]+", "", s)


def check_char(first17: str) -> str:
    """The MOD 11-2 check character of the first 17 digits."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def to_18(number: str) -> str:
    """An old 15-digit number in its 18-character form (19 inserted before the year, the check
    character appended); an 18-character number unchanged."""
    n = clean(number)
    if len(n) != 15:
        return n
    body = n[:6] + "19" + n[6:]
    return body + check_char(body)


def parse(text: str) -> IdNumber | None:
    """The number's birth date and sex, or None when it is not an ID number at all (wrong
    length or characters, or no real date in it). A bad check character still parses, with
    ``check_ok`` False: the caller warns."""
    n = clean(text)
    if not _SHAPE.match(n):
        return None
    if len(n) == 18:
        y, m, d, sex_digit = n[6:10], n[10:12], n[12:14], n[16]
        ok = check_char(n[:17]) == n[17]
    else:
        y, m, d, sex_digit = "19" + n[6:8], n[8:10], n[10:12], n[14]
        ok = True
    try:
        born = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return IdNumber(n, born, "male" if int(sex_digit) % 2 else "female", ok)


def same(a: str, b: str) -> bool:
    """Two numbers name the same person (15- and 18-character forms compared alike)."""
    return bool(a) and bool(b) and to_18(a) == to_18(b)


def mask(number: str) -> str:
    """The first three and the last four characters, the rest as ``*``: 430************12X.
    Short text is masked whole."""
    n = clean(number)
    if len(n) < 8:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]
