"""Peewee field helpers: JSON text, and values made ready for sync payloads (ISO dates)."""

from __future__ import annotations

import datetime as dt
import json

from peewee import TextField

from mentor_tui.core.versions import canonical_json


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


class CanonicalJSONField(JSONField):
    """JSON text as a sync file holds it (``versions.canonical_json``: sorted keys, compact,
    not ASCII-escaped): the version store's vectors and payloads. An import stores the same
    text msgspec writes (core/sync_wire.py), so a vault and its copy hold equal rows. Rows
    written before issue 17 keep ``JSONField``'s spacing: every reader decodes the JSON, and
    the export re-encodes it canonically."""

    def db_value(self, value: object) -> str | None:
        return None if value is None else canonical_json(value)


def to_jsonable(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value
