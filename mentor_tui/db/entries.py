"""The journal: check-ins, visits, calls, diary entries, with their record cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from mentor_tui.core import vocab
from mentor_tui.core.dates import as_date
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.validate import check_card, check_date, check_fields, clean_text
from mentor_tui.db import store
from mentor_tui.db.models import Entry
from mentor_tui.db.vault import Vault


def _check_entry(fields: dict[str, Any]) -> dict[str, Any]:
    """The entry's fields checked against the registry (``vocab``) and cleaned."""
    out = dict(fields)
    check_fields("entry", out, "entry.")  # the length rule (and no unencodable text)
    if "card" in out:
        check_card(out["card"] or {})
    if isinstance(out.get("occurred_on"), dt.date):
        check_date(out["occurred_on"], "occurred_on")
    if "kind" in out and out["kind"] not in vocab.ENTRY_KINDS:
        raise ValidationError("err.bad_choice", field="kind", value=out["kind"])
    if "outcome" in out and out["outcome"] not in vocab.OUTCOMES:
        raise ValidationError("err.bad_choice", field="outcome", value=out["outcome"])
    if out.get("outcome") == "skipped" and not clean_text(out.get("skip_reason", "")).strip():
        raise ValidationError("err.reason_required", field="skip_reason")
    if (
        "occurred_on" in out
        and isinstance(out["occurred_on"], dt.date)
        and out["occurred_on"] > dt.date.today() + dt.timedelta(days=1)
    ):
        raise ValidationError("err.future_date", field="occurred_on")
    if "text" in out:
        out["text"] = clean_text(out["text"], multiline=True)
    if "card" in out:
        out["card"] = {
            str(k): clean_text(str(v), multiline=True)
            for k, v in (out["card"] or {}).items()
            if str(v).strip()
        }
    return out


def log_entry(
    vault: Vault,
    child_id: str | None,
    kind: str,
    occurred_on: dt.date,
    outcome: str = "done",
    text: str = "",
    card: dict[str, str] | None = None,
    skip_reason: str = "",
    tags: list[str] | None = None,
) -> str:
    fields = _check_entry(
        {
            "child_id": child_id,
            "kind": kind,
            "occurred_on": occurred_on,
            "outcome": outcome,
            "text": text,
            "card": card or {},
            "skip_reason": skip_reason,
            "tags": tags or [],
        }
    )
    fields["entered_at"] = dt.datetime.now().replace(microsecond=0)
    fields["device_id"] = vault.device_id
    return store.put(vault, "entry", fields)


def update_entry(vault: Vault, entry_id: str, **fields: Any) -> None:
    store.put(vault, "entry", _check_entry(fields), record_id=entry_id, refuse_conflict=True)


def save_entry(
    vault: Vault,
    entry_id: str | None,
    child_id: str | None,
    kind: str,
    draft_key: str | None = None,
    **fields: Any,
) -> str:
    """Quick entry's save: log a new entry (or edit ``entry_id``) and drop its draft in the same
    transaction, so a crash can neither lose the text nor leave a stale draft beside the saved
    entry (and the save is one durable commit). Returns the entry id."""
    from mentor_tui.db.settings import discard_draft

    with vault.write():
        if entry_id:
            update_entry(vault, entry_id, **fields)
        else:
            entry_id = log_entry(vault, child_id, kind, **fields)
        if draft_key:
            discard_draft(vault, draft_key)
    return entry_id


def delete_entry(vault: Vault, entry_id: str) -> None:
    store.delete(vault, "entry", entry_id, refuse_conflict=True)


def restore_entry(vault: Vault, entry_id: str) -> None:
    store.restore(vault, "entry", entry_id, refuse_conflict=True)


def get_entry(vault: Vault, entry_id: str) -> Entry | None:
    with vault.read():
        return Entry.get_or_none(Entry.id == entry_id)


def entries_for_child(
    vault: Vault, child_id: str, kinds: list[str] | None = None, limit: int | None = 50
) -> list[Entry]:
    """A child's timeline, newest first."""
    with vault.read():
        q = Entry.select().where(Entry.child_id == child_id)
        if kinds:
            q = q.where(Entry.kind.in_(kinds))
        q = q.order_by(Entry.occurred_on.desc(), Entry.entered_at.desc())
        return list(q.limit(limit) if limit else q)


def entries_between(
    vault: Vault, start: dt.date, end: dt.date, child_id: str | None = None
) -> list[Entry]:
    with vault.read():
        q = Entry.select().where(Entry.occurred_on.between(start, end))
        if child_id:
            q = q.where(Entry.child_id == child_id)
        return list(q.order_by(Entry.occurred_on, Entry.entered_at))


def duty_facts_query(since: dt.date, child_id: str | None = None) -> Any:
    """The duty engine's scan as a peewee query (``.sql()`` gives the SQL, for EXPLAIN QUERY
    PLAN in the tests): (child_id, kind, outcome, occurred_on) of child entries from ``since``
    (of one child with ``child_id``). A range search of the covering index ``entry_due_scan``
    (occurred_on, child_id, kind, outcome; migrations v2): no table rows are read. Build it
    inside ``vault.read()``."""
    q = Entry.select(Entry.child_id, Entry.kind, Entry.outcome, Entry.occurred_on).where(
        (Entry.occurred_on >= since) & Entry.child_id.is_null(False)
    )
    return q.where(Entry.child_id == child_id) if child_id else q


def duty_facts_since(
    vault: Vault, since: dt.date, child_id: str | None = None
) -> list[tuple[str, str, str, dt.date]]:
    """(child_id, kind, outcome, occurred_on) since a date, for the duty engine
    (:func:`duty_facts_query`: the covering index ``entry_due_scan``)."""
    with vault.read():
        return [
            (r.child_id, r.kind, r.outcome, r.occurred_on)
            for r in duty_facts_query(since, child_id).namedtuples()
        ]


def last_done_query(
    since: dt.date,
    before: dt.date,
    kinds: Iterable[str],
    outcomes: Iterable[str],
    child_id: str | None = None,
) -> Any:
    """The newest entry date per (child, kind, outcome) in ``since`` <= occurred_on <
    ``before``, for the given kinds and outcomes only (those that count for some duty), as a
    peewee query: GROUP BY with MAX(occurred_on) over a range of the covering index
    ``entry_due_scan``. Build it inside ``vault.read()``."""
    from peewee import fn

    q = Entry.select(
        Entry.child_id, Entry.kind, Entry.outcome, fn.MAX(Entry.occurred_on).alias("last")
    ).where(
        (Entry.occurred_on >= since)
        & (Entry.occurred_on < before)
        & Entry.child_id.is_null(False)
        & Entry.kind.in_(sorted(set(kinds)))
        & Entry.outcome.in_(sorted(set(outcomes)))
    )
    if child_id:
        q = q.where(Entry.child_id == child_id)
    return q.group_by(Entry.child_id, Entry.kind, Entry.outcome)


def last_done_before(
    vault: Vault,
    since: dt.date,
    before: dt.date,
    kinds: Iterable[str],
    outcomes: Iterable[str],
    child_id: str | None = None,
) -> list[tuple[str, str, str, dt.date]]:
    """(child_id, kind, outcome, newest occurred_on) before the term start (:func:
    `last_done_query`), so ``last_done`` survives the start of a term."""
    with vault.read():
        q = last_done_query(since, before, kinds, outcomes, child_id)
        rows: Iterable[Any] = q.namedtuples()  # with "last": peewee's stubs type rows as Entry
        # MAX() over a date column comes back as ISO text; never NULL in a group of entries
        return [
            (r.child_id, r.kind, r.outcome, d) for r in rows if (d := as_date(r.last)) is not None
        ]


def last_contact_dates(vault: Vault, child_id: str | None = None) -> dict[str, dt.date]:
    """Each child's (or one child's) most recent entry date (GROUP BY on the index)."""
    from peewee import fn

    with vault.read():
        q = (
            Entry.select(Entry.child_id, fn.MAX(Entry.occurred_on).alias("last"))
            .where(
                Entry.child_id.is_null(False) if child_id is None else Entry.child_id == child_id
            )
            .group_by(Entry.child_id)
        )
        rows: Iterable[Any] = q.namedtuples()  # with "last": peewee's stubs type rows as Entry
        # MAX() over a date column comes back as ISO text; never NULL in a group of entries
        return {r.child_id: d for r in rows if (d := as_date(r.last)) is not None}
