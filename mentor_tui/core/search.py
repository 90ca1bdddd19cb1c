"""Finding a child by what the teacher types: name, pinyin (full, initials or mixed) or class.

``matches("lm", "李明")`` and ``matches("liming", "李明")`` are true. Pure (pypinyin only).
Heteronyms count: 曾 matches both ``zeng`` and ``ceng``.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache

# Readings are looked up one character at a time (with heteronyms), so pypinyin's phrase
# dictionary is never used; not loading it saves ~45 MiB of RSS. pypinyin itself (~0.2 s and
# ~20 MiB) is imported on the first search, not at start-up (bench/bench_tui.py).
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")


def normalize(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


@lru_cache(maxsize=4096)
def readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Per character of ``name``, the possible pinyin readings (or the character itself)."""
    from pypinyin import Style, pinyin

    out: list[tuple[str, ...]] = []
    for ch in normalize(name):
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            opts = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
            rs = tuple(dict.fromkeys(r for r in (opts[0] if opts else []) if r))
            out.append(rs or (ch,))
        else:
            out.append((ch,))
    return tuple(out)


def _match_from(query: str, syl: tuple[tuple[str, ...], ...], i: int) -> bool:
    if not query:
        return True
    if i >= len(syl):
        return False
    for r in syl[i]:
        if r.startswith(query):  # the query ends inside this syllable
            return True
        if query.startswith(r) and _match_from(query[len(r) :], syl, i + 1):
            return True
        if query[0] == r[0] and _match_from(query[1:], syl, i + 1):  # an initial
            return True
    return False


def pinyin_match(query: str, name: str) -> bool:
    q = normalize(query)
    if not q:
        return True
    syl = readings(name)
    return any(_match_from(q, syl, i) for i in range(len(syl)))


def matches(query: str, name: str, class_name: str = "") -> bool:
    """True when ``query`` finds this child: by name, pinyin or class."""
    q = normalize(query)
    if not q:
        return True
    if q in normalize(name) or (class_name and q in normalize(class_name)):
        return True
    return pinyin_match(q, name)
