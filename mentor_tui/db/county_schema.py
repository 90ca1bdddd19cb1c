"""A county's PostgreSQL database for the school offices (issue 20; docs/school.md "On a county
server"): the schema, versioned and idempotent; the county's role; a login role per school;
forced row-level security.

Roles (names begin with the database's name, so several counties can share a server):

* ``<db>_county`` — the county's login (made by :func:`init`, its password shown once): reads
  every school's rows, writes none.
* ``<db>_school`` — a group without login whose members are the schools' logins: what it may
  touch is bounded per row by the policies below.
* ``<db>_s001`` … — one login per school (:func:`add_school`, its password shown once). Its first
  connection from a school vault binds it to that school's id (``mentor_bind_school``); from then
  on it reads and writes rows whose ``school_id`` is its school's only — through the app and
  through raw SQL alike, since the policies are the server's.

Every table of the school office (db/school_models.py COUNTY_TABLES) carries ``school_id`` and
has row-level security enabled and **forced** (the table's owner is bound too; only a superuser
passes). ``county_school`` maps logins to schools; ``county_meta`` holds the schema version and
the county's id.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from peewee import Database

from mentor_tui.core.errors import MentorError
from mentor_tui.db.school_models import COUNTY_TABLES
from mentor_tui.db.serial_retry import retry_server

SCHEMA_VERSION = 1
MAX_NAME = 100


@dataclass(frozen=True)
class Roles:
    county: str
    school: str  # the group of the schools' logins
    prefix: str


@dataclass(frozen=True)
class NewLogin:
    role: str
    password: str  # shown once, never stored


def roles(db: Database) -> Roles:
    name = str(db.execute_sql("SELECT current_database()").fetchone()[0])
    prefix = re.sub(r"[^a-z0-9_]", "_", name.lower())[:40] or "county"
    return Roles(f"{prefix}_county", f"{prefix}_school", prefix)


def _q(name: str) -> str:
    """A role or table name as an SQL identifier (ours only: letters, digits, _)."""
    if not re.fullmatch(r"[a-z0-9_]{1,63}", name):
        raise MentorError("county.bad_url")
    return f'"{name}"'


def schema_version(db: Database) -> int | None:
    """The county schema's version, or None in a database that has none."""
    row = db.execute_sql("SELECT to_regclass('county_meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    got = db.execute_sql("SELECT value FROM county_meta WHERE key = 'schema_version'").fetchone()
    return int(got[0]) if got else None


def _v1(db: Database, r: Roles) -> None:
    """The school tables, the summaries, the map of logins, roles, grants and policies."""

    def run(sql: str) -> None:
        db.execute_sql(sql)

    for role, login in ((r.school, False), (r.county, True)):
        run(
            "DO $$ BEGIN CREATE ROLE "
            + _q(role)
            + (" LOGIN" if login else " NOLOGIN")
            + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    run(
        "CREATE TABLE IF NOT EXISTS county_school (role_name TEXT PRIMARY KEY, name TEXT NOT NULL"
        " UNIQUE, school_id TEXT UNIQUE, added_at TIMESTAMP NOT NULL)"
    )
    with db.bind_ctx(list(COUNTY_TABLES), bind_refs=False, bind_backrefs=False):
        db.create_tables(list(COUNTY_TABLES), safe=True)
    run("GRANT USAGE ON SCHEMA public TO " + _q(r.school) + ", " + _q(r.county))
    run("GRANT SELECT ON county_meta TO " + _q(r.school) + ", " + _q(r.county))
    # the map: a school's login reads its own line; the county reads all; writes go through
    # the functions below (owner's rights)
    run("ALTER TABLE county_school ENABLE ROW LEVEL SECURITY")
    run("GRANT SELECT ON county_school TO " + _q(r.school) + ", " + _q(r.county))
    run("DROP POLICY IF EXISTS own_line ON county_school")
    run(
        "CREATE POLICY own_line ON county_school FOR SELECT TO "
        + _q(r.school)
        + " USING (role_name = current_user)"
    )
    run("DROP POLICY IF EXISTS county_reads ON county_school")
    run(
        "CREATE POLICY county_reads ON county_school FOR SELECT TO "
        + _q(r.county)
        + " USING (true)"
    )
    run(
        "CREATE OR REPLACE FUNCTION mentor_my_school() RETURNS text LANGUAGE sql STABLE"
        " AS $$ SELECT school_id FROM county_school WHERE role_name = current_user $$"
    )
    run(
        "CREATE OR REPLACE FUNCTION mentor_bind_school(sid text) RETURNS text LANGUAGE plpgsql"
        " SECURITY DEFINER SET search_path = public, pg_temp AS $$\n"
        "DECLARE have text;\n"
        "BEGIN\n"
        "  SELECT school_id INTO have FROM county_school WHERE role_name = session_user;\n"
        "  IF NOT FOUND THEN RETURN 'not_school_role'; END IF;\n"
        "  IF have IS NOT NULL THEN\n"
        "    RETURN CASE WHEN have = sid THEN 'ok' ELSE 'other_school' END;\n"
        "  END IF;\n"
        "  IF EXISTS (SELECT 1 FROM county_school WHERE school_id = sid) THEN\n"
        "    RETURN 'school_taken';\n"
        "  END IF;\n"
        "  UPDATE county_school SET school_id = sid WHERE role_name = session_user;\n"
        "  RETURN 'ok';\n"
        "END $$"
    )
    run("REVOKE ALL ON FUNCTION mentor_bind_school(text) FROM PUBLIC")
    run("GRANT EXECUTE ON FUNCTION mentor_bind_school(text) TO " + _q(r.school))
    for model in COUNTY_TABLES:
        table = _q(model._meta.table_name)
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        run(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO " + _q(r.school))
        run(f"GRANT SELECT ON {table} TO " + _q(r.county))
        run(f"DROP POLICY IF EXISTS school_rows ON {table}")
        run(
            f"CREATE POLICY school_rows ON {table} TO "
            + _q(r.school)
            + " USING (school_id = (SELECT mentor_my_school()))"
            " WITH CHECK (school_id = (SELECT mentor_my_school()))"
        )
        run(f"DROP POLICY IF EXISTS county_reads ON {table}")
        run(
            f"CREATE POLICY county_reads ON {table} FOR SELECT TO " + _q(r.county) + " USING (true)"
        )


STEPS: list[Callable[[Database, Roles], None]] = [_v1]
assert len(STEPS) == SCHEMA_VERSION


def _set_password(db: Database, role: str) -> str:
    """A fresh password for ``role``, sent to the server as its SCRAM verifier only (the clear
    password is in no statement, so in no server log)."""
    password = secrets.token_urlsafe(18)
    conn: Any = db.connection()
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    db.execute_sql(f"ALTER ROLE {_q(role)} PASSWORD '{verifier.decode('ascii')}'")
    return password


def migrate(db: Database) -> list[int]:
    """Bring the schema to :data:`SCHEMA_VERSION`, each step in its own transaction (every step
    is idempotent: a step interrupted is run again whole; so is one refused as a serialization
    failure, db/serial_retry.py)."""
    done: list[int] = []

    def meta() -> None:
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(hashtext('mentor county schema'))")
            db.execute_sql(
                "CREATE TABLE IF NOT EXISTS county_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )

    retry_server(db, meta)
    have = schema_version(db) or 0
    if have > SCHEMA_VERSION:
        raise MentorError("county.schema_new", have=have, want=SCHEMA_VERSION)
    r = roles(db)

    def step(version: int) -> bool:
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(hashtext('mentor county schema'))")
            if (schema_version(db) or 0) >= version:
                return False
            STEPS[version - 1](db, r)
            db.execute_sql(
                "INSERT INTO county_meta (key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (str(version),),
            )
        return True

    for version in range(have + 1, SCHEMA_VERSION + 1):
        if retry_server(db, functools.partial(step, version)):
            done.append(version)
    return done


def init(db: Database) -> tuple[list[int], NewLogin | None]:
    """The schema (as :func:`migrate`), the county's id, and the county's login: its password
    when it was made now (None when it already had one: shown once)."""
    done = migrate(db)
    r = roles(db)

    def county_login() -> NewLogin | None:
        with db.atomic():
            fresh = (
                db.execute_sql(
                    "INSERT INTO county_meta (key, value) VALUES ('county_id', %s) "
                    "ON CONFLICT (key) DO NOTHING RETURNING value",
                    (secrets.token_hex(16),),
                ).fetchone()
                is not None
            )
            return NewLogin(r.county, _set_password(db, r.county)) if fresh else None

    return done, retry_server(db, county_login)


def add_school(db: Database, name: str) -> NewLogin:
    """A login for the school ``name`` (unique in the county), its password shown once; run
    again on a serialization failure (another administrator adding a school at that moment)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise MentorError("county.bad_school_name", n=MAX_NAME)
    if schema_version(db) != SCHEMA_VERSION:
        raise MentorError("county.not_county_db")
    r = roles(db)

    def write() -> NewLogin:
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(hashtext('mentor county schools'))")
            if db.execute_sql("SELECT 1 FROM county_school WHERE name = %s", (name,)).fetchone():
                raise MentorError("county.school_exists", name=name)
            n = int(db.execute_sql("SELECT count(*) FROM county_school").fetchone()[0]) + 1
            role = f"{r.prefix}_s{n:03d}"
            while db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                n += 1
                role = f"{r.prefix}_s{n:03d}"
            db.execute_sql(f"CREATE ROLE {_q(role)} LOGIN IN ROLE {_q(r.school)}")
            password = _set_password(db, role)
            db.execute_sql(
                "INSERT INTO county_school (role_name, name, school_id, added_at) "
                "VALUES (%s, %s, NULL, %s)",
                (role, name, dt.datetime.now().replace(microsecond=0)),
            )
        return NewLogin(role, password)

    return retry_server(db, write)


@dataclass(frozen=True)
class SchoolLogin:
    role: str
    name: str
    school_id: str | None


def schools(db: Database) -> list[SchoolLogin]:
    return [
        SchoolLogin(str(a), str(b), None if c is None else str(c))
        for a, b, c in db.execute_sql(
            "SELECT role_name, name, school_id FROM county_school ORDER BY name"
        ).fetchall()
    ]
