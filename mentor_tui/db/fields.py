"""Peewee field helpers: JSON text, and values made ready for sync payloads (ISO dates)."""

from __future__ import annotations

import datetime as dt
import json

from peewee import TextField


class JSONField(TextField):
    """A JSON value stored as text (lists of phones, tags, record-card dicts)."""

    def db_value(self, value: object) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: str | None) -> object:
        if value is None or value == "":
            return None
        return json.loads(value)


def to_jsonable(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value
