"""Ordered schema migrations; the version lives in ``PRAGMA user_version``.

An encrypted backup is taken before any migration runs (db.vault). A database newer than the
app is refused. Add a step by appending to ``MIGRATIONS``; never edit a released step.
"""

from __future__ import annotations

from typing import Callable

from mentor_tui.db import models as m
from mentor_tui.db import flag_models as fm  # registers flag/plan/absence as sync models


def _v1(db) -> None:
    db.create_tables([m.Child, m.Contact, m.Entry, m.Term, m.Setting, m.VersionRow, m.Head,
                      m.Erasure, m.LocalState, m.Audit])


def _v2(db) -> None:
    # Drafts of quick entries (typed text is never lost), and a (child, occurred_on) index for
    # a child's timeline.
    db.create_tables([m.Draft])
    db.execute_sql("CREATE INDEX IF NOT EXISTS entry_child_date ON entry (child_id, occurred_on)")
    # The duty engine's scan (entries since the term start): covering, so no table lookups.
    db.execute_sql("CREATE INDEX IF NOT EXISTS entry_due_scan "
                   "ON entry (occurred_on, child_id, kind, outcome)")


def _v3(db) -> None:
    # Flags on a child, individual education plans, absence days (seed 001; db/flag_models.py).
    db.create_tables(list(fm.FLAG_MODELS))


MIGRATIONS: list[Callable] = [_v1, _v2, _v3]


def latest() -> int:
    return len(MIGRATIONS)


def current(db) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(db, target: int | None = None) -> list[int]:
    """Run the missing steps up to ``target`` (default: latest), each in its own transaction."""
    target = latest() if target is None else target
    done = []
    for version in range(current(db) + 1, target + 1):
        with db.atomic("IMMEDIATE"):
            MIGRATIONS[version - 1](db)
            db.execute_sql(f"PRAGMA user_version = {int(version)}")
        done.append(version)
    return done
