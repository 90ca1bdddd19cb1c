"""A roster cell as text. Pure."""

from __future__ import annotations

import datetime as dt


def cell_text(value: object) -> str:
    """A cell from a csv reader or a workbook reader as text: dates as ISO, whole numbers
    without ``.0`` (a phone or an ID number typed into a number cell), booleans as 是 / 否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    return str(value)
