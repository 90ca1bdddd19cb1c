"""The county on PostgreSQL (issue 20): many schools in one database, each school's login
seeing only its school — through the app and through raw SQL —, the county's login seeing all,
nothing sensitive in clear on the server, summaries equal to the raw rows, the schema versioned
and idempotent, and the password never on the command line. A real PostgreSQL
(tests/pg_server.py); the logins used are neither superuser nor owner of any table."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from county_support import MARK, build_school, report_for, write_report

from mentor_tui.core.errors import MentorError
from mentor_tui.db import (
    county_queries,
    county_schema,
    school_collect,
    school_queries,
    school_setup,
)
from mentor_tui.db.school_models import COUNTY_TABLES, SchoolChildPrivate, SchoolContact
from mentor_tui.db.school_server import attach, connect

TABLES = [m._meta.table_name for m in COUNTY_TABLES]
SECRETS: list[str] = []  # the schools' private keys (base64): never on the server


def with_password(url: str) -> str:
    """``url`` with a password written into it (what the app refuses)."""
    scheme, rest = url.split("://", 1)
    user, at, tail = rest.partition("@")
    return f"{scheme}://{user}:x@{tail}" if at else f"{scheme}://someone:x@{rest}"


@pytest.fixture
def county(pg_db, paths, tmp_path):
    """Two schools on one county database, each with its reports imported."""
    server, name = pg_db
    SECRETS.clear()
    db = connect(server.url(name))
    _done, county_login = county_schema.init(db)
    a = county_schema.add_school(db, "甲校")
    b = county_schema.add_school(db, "乙校")
    db.close()
    built = {}
    for label, login, teachers in (("甲校", a, 3), ("乙校", b, 2)):
        s = build_school(paths, label, teachers, 2, server.url(name, login.role))
        folder = tmp_path / label
        for tid in s.pairs:
            write_report(s, report_for(s, tid, 1), folder / f"{tid}.mentorreport")
        verdicts = school_collect.preview_import(s.vault, [folder])
        assert school_collect.apply_import(s.vault, verdicts).new == teachers
        SECRETS.extend(school_setup.school_keys(s.vault).to_json().values())
        s.vault.close()
        built[label] = s
    yield server, name, built, {"甲校": a, "乙校": b, "county": county_login}


def _as(server, name, role):
    return psycopg.connect(server.url(name, role), autocommit=True)


def test_the_logins_are_neither_superuser_nor_owner(county):
    server, name, _built, logins = county
    with server.admin() as admin, psycopg.connect(server.url(name)) as conn:
        for login in logins.values():
            row = admin.execute(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", (login.role,)
            ).fetchone()
            assert row == (False, False)
        owners = {
            r[0]
            for r in conn.execute(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        }
        assert not owners & {x.role for x in logins.values()}
        forced = dict(
            conn.execute(
                "SELECT relname, relforcerowsecurity AND relrowsecurity FROM pg_class "
                "WHERE relname = ANY(%s)",
                (TABLES,),
            ).fetchall()
        )
        assert forced == dict.fromkeys(TABLES, True)


def test_a_school_sees_none_of_the_other_school_through_raw_sql(county):
    server, name, built, logins = county
    for me, other in (("甲校", "乙校"), ("乙校", "甲校")):
        mine, theirs = built[me].school_id, built[other].school_id
        with _as(server, name, logins[me].role) as conn:
            for table in TABLES:
                rows = conn.execute(f'SELECT school_id FROM "{table}"').fetchall()
                assert {r[0] for r in rows} <= {mine}, table
                assert conn.execute(
                    f'SELECT count(*) FROM "{table}" WHERE school_id = %s', (theirs,)
                ).fetchone() == (0,)
            # nor can it write the other school's rows
            n = conn.execute(
                "UPDATE school_child SET name = 'x' WHERE school_id = %s", (theirs,)
            ).rowcount
            assert n == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO school_month_summary VALUES (%s, 't', '2026-11', 1, 1, 1, 0)",
                    (theirs,),
                )
            # its own line of the map only
            assert [r[0] for r in conn.execute("SELECT name FROM county_school")] == [me]
    with _as(server, name, logins["county"].role) as conn:
        seen = {r[0] for r in conn.execute("SELECT DISTINCT school_id FROM school_child")}
        assert seen == {built["甲校"].school_id, built["乙校"].school_id}
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM school_child")


def test_a_school_sees_only_itself_through_the_app(county, paths):
    server, name, built, logins = county
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.school_setup import open_office
    from mentor_tui.db.vault import open_vault

    vault = open_vault(paths, pick_profile(paths, "甲校"), "correct horse 正确")
    try:
        attach(vault, server.url(name, logins["甲校"].role))
        open_office(vault)
        lines = school_queries.overview(vault, "2026-11", dt.date(2026, 11, 23))
        assert sorted(x.teacher_id for x in lines) == sorted(built["甲校"].pairs)
        with vault.read():
            kids = list(SchoolChildPrivate.select())
            contacts = list(SchoolContact.select())
        assert len(kids) == 6 and {k.school_id for k in kids} == {built["甲校"].school_id}
        # sealed on the server, read back in clear by the school that holds the key
        assert all(k.id_number.startswith(f"{MARK}-ID-") for k in kids)
        assert all(c.phones == [f"{MARK}-MOBILE"] for c in contacts)
    finally:
        vault.close()
    # 乙校's login refuses 甲校's vault: the login is bound to its own school
    vault = open_vault(paths, pick_profile(paths, "甲校"), "correct horse 正确")
    try:
        with pytest.raises(MentorError) as err:
            attach(vault, server.url(name, logins["乙校"].role))
        assert err.value.key == "county.role_other_school"
        with pytest.raises(MentorError) as err:
            attach(vault, server.url(name, logins["county"].role))
        assert err.value.key == "county.not_school_role"
    finally:
        vault.close()


def test_no_sensitive_field_is_readable_in_clear_in_any_table(county):
    """Nor the schools' private keys (they stay in the coordinators' vaults)."""
    server, name, _built, _logins = county
    assert len(SECRETS) >= 4
    with psycopg.connect(server.url(name)) as conn:  # the superuser: every row of every table
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        assert set(TABLES) <= set(tables)
        scanned = 0
        for table in tables:
            for (text,) in conn.execute(f'SELECT t::text FROM "{table}" t'):
                scanned += 1
                assert MARK not in text, table
                assert not any(secret in text for secret in SECRETS), table
        sealed = conn.execute("SELECT id_number FROM school_child_private LIMIT 1").fetchone()[0]
        assert sealed.startswith("s1:")
        cards = conn.execute("SELECT count(*) FROM school_card_text").fetchone()[0]
        corrections = conn.execute("SELECT count(*) FROM school_correction").fetchone()[0]
    assert scanned > 50 and cards == 5 and corrections == 5


def test_the_county_sees_both_and_the_summaries_equal_the_raw_rows(county):
    server, name, _built, logins = county
    cty = county_queries.open_county(server.url(name, logins["county"].role))
    try:
        for month in ("2026-09", "2026-11", "2026-12"):
            lines = county_queries.overview(cty, month, dt.date(2026, 11, 23))
            assert lines == county_queries.overview_from_rows(cty, month, dt.date(2026, 11, 23))
        lines = {x.name: x for x in county_queries.overview(cty, "2026-11", dt.date(2026, 11, 23))}
        assert set(lines) == {"甲校", "乙校"}
        assert lines["甲校"].children == 6 and lines["甲校"].mentors == 3
        assert lines["乙校"].children == 4 and lines["乙校"].open_mandatory == 1
        assert lines["甲校"].expected == 3 * 2 * 3 and lines["甲校"].stale == 0
        sheets = county_queries.stats(cty, dt.date(2026, 11, 23), "zh")
        assert sheets.rows == 10
    finally:
        cty.close()
    with psycopg.connect(server.url(name)) as conn:
        diff = conn.execute(
            "SELECT count(*) FROM (SELECT school_id, teacher_id, period, sum(expected), "
            "sum(done), sum(on_time), sum(attempts) FROM school_duty_status "
            "GROUP BY 1, 2, 3 EXCEPT SELECT school_id, teacher_id, period, expected, done, "
            "on_time, attempts FROM school_month_summary) d"
        ).fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM school_month_summary").fetchone()[0]
    assert diff == 0 and rows == 5 * 3
    # a school's login is not the county's
    with pytest.raises(MentorError) as err:
        county_queries.open_county(server.url(name, logins["甲校"].role))
    assert err.value.key == "county.not_county_role"


def test_the_schema_is_versioned_and_idempotent(pg_db):
    server, name = pg_db
    db = connect(server.url(name))
    try:
        assert county_schema.schema_version(db) is None
        done, login = county_schema.init(db)
        assert done == [county_schema.SCHEMA_VERSION] and login is not None
        again, login2 = county_schema.init(db)
        assert again == [] and login2 is None  # shown once
        assert county_schema.migrate(db) == []
        county_schema.add_school(db, "甲校")
        with pytest.raises(MentorError) as err:
            county_schema.add_school(db, "甲校")
        assert err.value.key == "county.school_exists"
        # a step interrupted halfway is run again whole (every statement is idempotent)
        db.execute_sql("DELETE FROM county_meta WHERE key = 'schema_version'")
        assert county_schema.migrate(db) == [1]
        assert county_schema.schema_version(db) == county_schema.SCHEMA_VERSION
        assert [s.name for s in county_schema.schools(db)] == ["甲校"]
    finally:
        db.close()


def test_the_password_never_comes_from_the_url(pg_db):
    server, name = pg_db
    with pytest.raises(MentorError) as err:
        connect(with_password(server.url(name)))
    assert err.value.key == "county.password_in_url"
    with pytest.raises(MentorError) as err:
        connect("mysql://x@y/z")
    assert err.value.key == "county.bad_url"
    with pytest.raises(MentorError) as err:
        connect("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert err.value.key == "county.no_connection"
    # sslmode goes to libpq as given: "disable" connects, a value libpq does not know is
    # refused by libpq (TLS itself is not exercised: the tests' server is a local socket)
    sep = "&" if "?" in server.url(name) else "?"
    connect(server.url(name) + sep + "sslmode=disable").close()
    with pytest.raises(MentorError) as err:
        connect(server.url(name) + sep + "sslmode=nonsense")
    assert err.value.key == "county.no_connection" and "sslmode" in str(err.value.kwargs)


def test_a_database_without_the_schema_is_told(pg_db, paths):
    from mentor_tui.db.school_setup import create_school

    server, name = pg_db
    vault = create_school(paths, "甲校", "correct horse 正确")
    try:
        with pytest.raises(MentorError) as err:
            attach(vault, server.url(name))
        assert err.value.key == "county.not_county_db"
        assert vault.office is None
    finally:
        vault.close()


def test_a_sealed_column_opens_only_with_its_school_key_and_column():
    from mentor_tui.core.school_seal import ColumnKey

    key = ColumnKey.derive("school-a", b"\x01" * 32)
    sealed = key.seal("110101201503041234", "school_child_private.id_number")
    assert sealed.startswith("s1:") and "1101" not in sealed
    assert sealed != key.seal("110101201503041234", "school_child_private.id_number")  # nonce
    assert key.open(sealed, "school_child_private.id_number") == "110101201503041234"
    assert key.seal("", "x.y") == "" and key.open("", "x.y") == ""
    for other, where in (
        (ColumnKey.derive("school-b", b"\x01" * 32), "school_child_private.id_number"),
        (ColumnKey.derive("school-a", b"\x02" * 32), "school_child_private.id_number"),
        (key, "school_child_private.home_phone"),
    ):
        with pytest.raises(MentorError) as err:
            other.open(sealed, where)
        assert err.value.key == "school.sealed_unreadable"


def test_the_county_commands(pg_db, tmp_path):
    """``mentor county init|migrate|add-school|status|export`` in real processes."""
    import json
    import os
    import subprocess
    import sys

    server, name = pg_db
    admin = server.url(name)

    def mentor(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
        env.update(MENTOR_HOME=str(tmp_path / "home"), MENTOR_LANG="en")
        out = subprocess.run(
            [sys.executable, "-m", "mentor_tui", "county", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )
        assert (out.returncode == 0) == ok, out.stderr
        return out

    first = mentor("init", "--db", admin).stdout
    assert "schema version 1" in first and f"Login: {name}_county  password: " in first
    again = mentor("init", "--db", admin).stdout
    assert "password" not in again.replace("its password is not shown", "")
    assert "schema version 1" in mentor("migrate", "--db", admin).stdout
    added = mentor("add-school", "城关小学", "--db", admin).stdout
    assert f"Login: {name}_s001  password: " in added
    twice = mentor("add-school", "城关小学", "--db", admin, ok=False)
    assert twice.stderr.strip() == "The county already has a school named “城关小学”."
    county_url = server.url(name, f"{name}_county")
    lines = json.loads(mentor("status", "--json", "--db", county_url).stdout)
    assert lines == []  # no school has connected yet (its line comes with its first data)
    out = tmp_path / "stats.csv"
    mentor("export", "stats", "--format", "csv", "--out", str(out), "--db", county_url)
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].endswith(",0")
    refused = mentor("status", "--db", server.url(name, f"{name}_s001"), ok=False)
    assert "county's login" in refused.stderr and "Traceback" not in refused.stderr
    no_pw = mentor("status", "--db", with_password(admin), ok=False)
    assert "Do not put the password" in no_pw.stderr
