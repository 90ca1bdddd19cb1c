"""Peewee field helpers: JSON text and ISO dates that round-trip through sync payloads."""

from __future__ import annotations

import datetime as dt
import json

from peewee import TextField


class JSONField(TextField):
    """A JSON value stored as text (lists of phones, tags, record-card dicts)."""

    def db_value(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value):
        if value is None or value == "":
            return None
        return json.loads(value)


def to_jsonable(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
