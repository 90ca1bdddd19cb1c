"""Natural dates typed by a teacher, and dates shown in the language's style. Pure.

``parse_date("上周三", today)`` → the Wednesday of last week. Accepted: 今天 昨天 前天 大前天,
N天前, 上周三 / 本周三 / 周三 / 星期三 / 礼拜三, today yesterday, N days ago, mon / last wed,
11-20, 11/20, 11月20日 (号), 2026-11-20, 2026/11/20, 2026年11月20日. Full-width digits are
folded. A date is never in the future: a day of the week or a month-day without a year means the
most recent one; an explicit future date raises ``err.future_date``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from mentor_tui.core.errors import ValidationError

_ZH_WEEKDAY = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}
_EN_WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_RELATIVE = {
    "今天": 0,
    "今日": 0,
    "today": 0,
    "昨天": 1,
    "昨日": 1,
    "yesterday": 1,
    "前天": 2,
    "大前天": 3,
}
_ZH_NUM = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}

_DAYS_AGO = re.compile(r"^(\d+|[一二两三四五六七八九十])\s*(?:天前|日前|days?\s*ago)$")
_ZH_WEEK = re.compile(r"^(上上|上|本|这|這)?(?:周|週|星期|礼拜|禮拜)([一二三四五六日天1-7])$")
_EN_WEEK = re.compile(r"^(last\s+|this\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*$")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?$")


def _bad(value: str, field: str) -> ValidationError:
    return ValidationError("err.bad_date", field=field, value=value)


def _weekday_back(today: dt.date, weekday: int, weeks_back: int | None) -> dt.date:
    """``weeks_back`` None: the most recent such day (today included); 0: this week's
    (Monday-based); 1: last week's; 2: the week before."""
    if weeks_back is None:
        return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=weeks_back) + dt.timedelta(days=weekday)


def _make(y: int, m: int, d: int, value: str, field: str) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise _bad(value, field) from None


def parse_date(value: str, today: dt.date, field: str = "date") -> dt.date:
    """The date a teacher typed; empty means today."""
    raw = value or ""
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    if not text:
        return today
    result: dt.date | None = None
    if text in _RELATIVE:
        result = today - dt.timedelta(days=_RELATIVE[text])
    elif m := _DAYS_AGO.match(text):
        n = m.group(1)
        result = today - dt.timedelta(days=int(n) if n.isdigit() else _ZH_NUM[n])
    elif m := _ZH_WEEK.match(text):
        prefix = m.group(1)
        back = {None: None, "上": 1, "上上": 2, "本": 0, "这": 0, "這": 0}[prefix]
        result = _weekday_back(today, _ZH_WEEKDAY[m.group(2)], back)
    elif m := _EN_WEEK.match(text):
        prefix = (m.group(1) or "").strip()
        back = {"": None, "last": 1, "this": 0}[prefix]
        result = _weekday_back(today, _EN_WEEKDAY[m.group(2)], back)
    elif m := _YMD.match(text):
        result = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw, field)
    elif m := _MD.match(text):
        month, day = int(m.group(1)), int(m.group(2))
        result = _make(today.year, month, day, raw, field)
        if result > today:
            result = _make(today.year - 1, month, day, raw, field)
    if result is None:
        raise _bad(raw, field)
    if result > today:
        raise ValidationError("err.future_date", field=field, value=raw)
    return result


def as_date(value: object) -> dt.date | None:
    """A stored date as a ``date``: a date, a datetime (its day) or ISO text (its first ten
    characters, as in sync payloads and JSON); None or "" is None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_ZH_WD = "一二三四五六日"
_EN_WD = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(d: dt.date | None, lang: str, year: bool = True, weekday: bool = False) -> str:
    """2026年11月20日 周五 / Fri 20 Nov 2026 (the language's style)."""
    if d is None:
        return "—"
    if lang == "zh":
        s = f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"
        return f"{s} 周{_ZH_WD[d.weekday()]}" if weekday else s
    s = f"{d.day} {_EN_MON[d.month - 1]}" + (f" {d.year}" if year else "")
    return f"{_EN_WD[d.weekday()]} {s}" if weekday else s


def format_short(d: dt.date | None, today: dt.date, lang: str) -> str:
    """A compact date for tables: the year only when it is not this year's."""
    if d is None:
        return "—"
    return format_date(d, lang, year=d.year != today.year)
