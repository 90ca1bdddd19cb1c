"""Ordered schema migrations; the version lives in ``PRAGMA user_version``.

An encrypted backup is taken before any migration runs (db.vault). A database newer than the
app is refused. Add a step by appending to ``MIGRATIONS``; never edit a released step.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import Database

from mentor_tui.db import (
    flag_models as fm,  # registers flag/plan/absence as sync models
    models as m,
    school_models as sm,  # registers school_doc as a sync model
)

# v1 as released (commit 4116f02), frozen as literal SQL: building it from the live models
# would silently change "v1" whenever a model changes. tests/vectors/vault_v1.db is a real v1.
_V1_SQL = (
    'CREATE TABLE IF NOT EXISTS "child" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"name" TEXT NOT NULL, "gender" VARCHAR(255) NOT NULL, "birth_date" DATE, '
    '"class_name" TEXT NOT NULL, "grade" TEXT NOT NULL, "school" TEXT NOT NULL, '
    '"boarding" INTEGER NOT NULL, "health_notes" TEXT NOT NULL, "home_address" TEXT NOT NULL, '
    '"home_phone" TEXT NOT NULL, "interests" TEXT NOT NULL, "personality" TEXT NOT NULL, '
    '"study_notes" TEXT NOT NULL, "psych_notes" TEXT NOT NULL, "categories" TEXT NOT NULL, '
    '"study_buddy" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, '
    '"archived_reason" TEXT NOT NULL, "archived_on" DATE, "consent_date" DATE, '
    '"consent_how" TEXT NOT NULL, "added_on" DATE NOT NULL)',
    'CREATE TABLE IF NOT EXISTS "contact" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"child_id" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT NULL, "name" TEXT NOT NULL, '
    '"relationship" TEXT NOT NULL, "phones" TEXT NOT NULL, "wechat" TEXT NOT NULL, '
    '"work_city" TEXT NOT NULL, "employer" TEXT NOT NULL, "address" TEXT NOT NULL, '
    '"occupation" TEXT NOT NULL, "best_time" TEXT NOT NULL, "is_primary" INTEGER NOT NULL, '
    '"reachability" TEXT NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "contact_child_id" ON "contact" ("child_id")',
    'CREATE TABLE IF NOT EXISTS "entry" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"child_id" VARCHAR(255), "kind" VARCHAR(255) NOT NULL, "outcome" VARCHAR(255) NOT NULL, '
    '"skip_reason" TEXT NOT NULL, "occurred_on" DATE NOT NULL, "entered_at" DATETIME NOT NULL, '
    '"text" TEXT NOT NULL, "card" TEXT NOT NULL, "tags" TEXT NOT NULL, '
    '"device_id" VARCHAR(255) NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "entry_child_id_kind_occurred_on" '
    'ON "entry" ("child_id", "kind", "occurred_on")',
    'CREATE TABLE IF NOT EXISTS "term" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"name" TEXT NOT NULL, "start" DATE NOT NULL, "end" DATE NOT NULL, "middle" DATE, '
    '"breaks" TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS "setting" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT)',
    'CREATE TABLE IF NOT EXISTS "version" ("version_id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"record_id" VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL, "vv" TEXT NOT NULL, '
    '"hlc" INTEGER NOT NULL, "device_id" VARCHAR(255) NOT NULL, "deleted" INTEGER NOT NULL, '
    '"payload" TEXT NOT NULL, "schema" INTEGER NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "version_record_id" ON "version" ("record_id")',
    'CREATE TABLE IF NOT EXISTS "head" ("record_id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"entity" VARCHAR(255) NOT NULL, "winner_id" VARCHAR(255) NOT NULL, '
    '"leaf_ids" TEXT NOT NULL, "deleted" INTEGER NOT NULL, "conflict" INTEGER NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "head_entity" ON "head" ("entity")',
    'CREATE INDEX IF NOT EXISTS "head_conflict" ON "head" ("conflict")',
    'CREATE TABLE IF NOT EXISTS "erasure" ("record_id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"entity" VARCHAR(255) NOT NULL, "hlc" INTEGER NOT NULL, "device_id" VARCHAR(255) NOT NULL)',
    'CREATE TABLE IF NOT EXISTS "local_state" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"value" TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS "audit" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"at" DATETIME NOT NULL, "event" VARCHAR(255) NOT NULL, "counts" TEXT NOT NULL)',
)


def _v1(db: Database) -> None:
    for sql in _V1_SQL:
        db.execute_sql(sql)


def _v2(db: Database) -> None:
    # Drafts of quick entries (typed text is never lost), and a (child, occurred_on) index for
    # a child's timeline.
    db.create_tables([m.Draft])
    db.execute_sql("CREATE INDEX IF NOT EXISTS entry_child_date ON entry (child_id, occurred_on)")
    # The duty engine's scan (entries since the term start): covering, so no table lookups.
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS entry_due_scan ON entry (occurred_on, child_id, kind, outcome)"
    )


def _v3(db: Database) -> None:
    # Flags on a child, individual education plans, absence days (seed 001; db/flag_models.py).
    db.create_tables(list(fm.FLAG_MODELS))


def _v4(db: Database) -> None:
    # The child's ID number (身份证号), read from rosters (issue 15). Old versions in the
    # store have no such payload field: the column's default is theirs.
    db.execute_sql("ALTER TABLE child ADD COLUMN id_number TEXT NOT NULL DEFAULT ''")


def _v5(db: Database) -> None:
    # The school office (issue 19, docs/school.md): the school documents (synced) and the school
    # tables projected from them; empty in a teacher's vault but for her school documents.
    # (bound to this database: the school tables' own proxy may point at a county server)
    with db.bind_ctx(list(sm.SCHOOL_MODELS), bind_refs=False, bind_backrefs=False):
        db.create_tables(list(sm.SCHOOL_MODELS))


def _v6(db: Database) -> None:
    # Group entries (issue 16): each child's entry of a check-in logged for several children
    # carries the group's id. The duty engine's covering index gains the column (its scan
    # leaves group entries out: a policy says per duty whether they count), and the few group
    # entries get a small covering index of their own.
    db.execute_sql("ALTER TABLE entry ADD COLUMN group_id VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql("DROP INDEX IF EXISTS entry_due_scan")
    db.execute_sql(
        "CREATE INDEX entry_due_scan ON entry (occurred_on, child_id, kind, outcome, group_id)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS entry_group_scan ON entry "
        "(occurred_on, child_id, kind, outcome, group_id) WHERE group_id != ''"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS entry_group_id ON entry (group_id) WHERE group_id != ''"
    )


MIGRATIONS: list[Callable[[Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]


def latest() -> int:
    return len(MIGRATIONS)


def current(db: Database) -> int:
    version: int = db.execute_sql("PRAGMA user_version").fetchone()[0]
    return version


def migrate(db: Database, target: int | None = None) -> list[int]:
    """Run the missing steps up to ``target`` (default: latest), each in its own transaction."""
    target = latest() if target is None else target
    done = []
    for version in range(current(db) + 1, target + 1):
        with db.atomic("IMMEDIATE"):
            MIGRATIONS[version - 1](db)
            db.execute_sql(f"PRAGMA user_version = {int(version)}")
        done.append(version)
    return done
