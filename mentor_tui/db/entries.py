"""The journal: check-ins, visits, calls, diary entries, with their record cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from mentor_tui.core import vocab
from mentor_tui.core.dates import as_date
from mentor_tui.core.duty_facts import EntryFact
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
    group_id: str = "",
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
    if group_id:  # a field of the payload only when set: older versions keep ignoring it
        fields["group_id"] = group_id
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


def save_group(
    vault: Vault,
    group_id: str | None,
    child_ids: Iterable[str],
    kind: str,
    draft_key: str | None = None,
    **fields: Any,
) -> str:
    """One check-in for several children (a group talk, a visit to siblings): each child gets
    her own entry carrying the same ``group_id`` (a new one when None), with the same fields.
    Editing a group writes every member's entry; a child no longer ticked has hers deleted, a
    child added gets one. One transaction, the draft dropped in it. Returns the group id."""
    from mentor_tui.db.settings import discard_draft
    from mentor_tui.db.store import new_id

    wanted = list(dict.fromkeys(child_ids))
    if not wanted:
        raise ValidationError("err.group_empty")
    with vault.write():
        members: dict[str, str] = {
            e.child_id: e.id for e in group_entries(vault, group_id or "") if e.child_id
        }
        group_id = group_id or new_id()
        for child_id in wanted:
            if child_id in members:
                update_entry(vault, members[child_id], **fields)
            else:
                log_entry(vault, child_id, kind, group_id=group_id, **fields)
        for child_id, entry_id in members.items():
            if child_id not in wanted:
                delete_entry(vault, entry_id)
        if draft_key:
            discard_draft(vault, draft_key)
    return group_id


def group_entries(vault: Vault, group_id: str) -> list[Entry]:
    """The entries of one group (each child's own), in no particular order."""
    if not group_id:
        return []
    with vault.read():
        return list(Entry.select().where(Entry.group_id == group_id))


def group_members(vault: Vault, group_ids: Iterable[str]) -> dict[str, list[str]]:
    """group id -> the child ids of its entries (the timeline shows a group as one line)."""
    wanted = sorted({g for g in group_ids if g})
    out: dict[str, list[str]] = {g: [] for g in wanted}
    if not wanted:
        return out
    with vault.read():
        q = Entry.select(Entry.group_id, Entry.child_id).where(Entry.group_id.in_(wanted))
        for row in q.namedtuples():
            if row.child_id:
                out[row.group_id].append(row.child_id)
    return out


def card_phrases(vault: Vault, kind: str, limit: int = 400) -> dict[str, list[str]]:
    """Her own earlier words, per record-card field of ``kind`` (the form suggests them as she
    types): distinct values, the most recent check-in's first, from her newest ``limit``
    entries with a card (of any kind: a field shared by kinds, like 后续跟进, suggests across
    them). Read from the vault in a worker; kept in memory only."""
    fields = set(vocab.RECORD_CARD_FIELDS.get(kind, ()))
    out: dict[str, list[str]] = {f: [] for f in vocab.RECORD_CARD_FIELDS.get(kind, ())}
    if not fields:
        return out
    seen: dict[str, set[str]] = {f: set() for f in fields}
    with vault.read():
        q = (
            Entry.select(Entry.card)
            .where(Entry.card != {})
            .order_by(Entry.occurred_on.desc())
            .limit(limit)
        )
        for row in q.namedtuples():
            for name, value in (row.card or {}).items():
                if name in fields and isinstance(value, str):
                    phrase = value.strip()
                    if phrase and "\n" not in phrase and phrase not in seen[name]:
                        seen[name].add(phrase)
                        out[name].append(phrase)
    return out


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
    (of one child with ``child_id``) that are not part of a group. A range search of the
    covering index ``entry_due_scan`` (occurred_on, child_id, kind, outcome, group_id;
    migrations v4): no table rows are read. Build it inside ``vault.read()``."""
    q = Entry.select(Entry.child_id, Entry.kind, Entry.outcome, Entry.occurred_on).where(
        (Entry.occurred_on >= since) & Entry.child_id.is_null(False) & (Entry.group_id == "")
    )
    return q.where(Entry.child_id == child_id) if child_id else q


def group_facts_query(since: dt.date, child_id: str | None = None) -> Any:
    """:func:`duty_facts_query` for the entries of groups: the partial covering index
    ``entry_group_scan`` (only group entries are in it: a few)."""
    q = Entry.select(Entry.child_id, Entry.kind, Entry.outcome, Entry.occurred_on).where(
        (Entry.occurred_on >= since) & Entry.child_id.is_null(False) & (Entry.group_id != "")
    )
    return q.where(Entry.child_id == child_id) if child_id else q


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def duty_facts_since(vault: Vault, since: dt.date, child_id: str | None = None) -> list[EntryFact]:
    """The duty engine's facts since a date: each entry's (child_id, kind, outcome,
    occurred_on), and whether it is part of a group (:func:`duty_facts_query` and
    :func:`group_facts_query`, both covering index scans)."""
    with vault.read():
        facts = [
            EntryFact(r[0], r[1], r[2], _day(r[3]))
            for r in duty_facts_query(since, child_id).tuples()
        ]
        facts += [
            EntryFact(r[0], r[1], r[2], _day(r[3]), True)
            for r in group_facts_query(since, child_id).tuples()
        ]
    return facts


def last_done_query(
    since: dt.date,
    before: dt.date,
    kinds: Iterable[str],
    outcomes: Iterable[str],
    child_id: str | None = None,
) -> Any:
    """The newest entry date per (child, kind, outcome, part of a group or not) in ``since``
    <= occurred_on < ``before``, for the given kinds and outcomes only (those that count for
    some duty), as a peewee query: GROUP BY with MAX(occurred_on) over a range of the covering
    index ``entry_due_scan``. Build it inside ``vault.read()``."""
    from peewee import SQL, fn

    grouped = (Entry.group_id != "").alias("grouped")
    q = Entry.select(
        Entry.child_id,
        Entry.kind,
        Entry.outcome,
        grouped,
        fn.MAX(Entry.occurred_on).alias("last"),
    ).where(
        (Entry.occurred_on >= since)
        & (Entry.occurred_on < before)
        & Entry.child_id.is_null(False)
        & Entry.kind.in_(sorted(set(kinds)))
        & Entry.outcome.in_(sorted(set(outcomes)))
    )
    if child_id:
        q = q.where(Entry.child_id == child_id)
    return q.group_by(Entry.child_id, Entry.kind, Entry.outcome, SQL("grouped"))


def last_done_before(
    vault: Vault,
    since: dt.date,
    before: dt.date,
    kinds: Iterable[str],
    outcomes: Iterable[str],
    child_id: str | None = None,
) -> list[EntryFact]:
    """The newest entry per (child, kind, outcome, group or not) before the term start
    (:func:`last_done_query`), so ``last_done`` survives the start of a term."""
    with vault.read():
        q = last_done_query(since, before, kinds, outcomes, child_id)
        rows: Iterable[Any] = q.namedtuples()  # with "last": peewee's stubs type rows as Entry
        # MAX() over a date column comes back as ISO text; never NULL in a group of entries
        return [
            EntryFact(r.child_id, r.kind, r.outcome, d, bool(r.grouped))
            for r in rows
            if (d := as_date(r.last)) is not None
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
