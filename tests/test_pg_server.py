"""The tests' PostgreSQL (tests/pg_server.py): one server per session, a fresh database per
test, a URL the app takes."""

from __future__ import annotations

import psycopg


def test_fresh_database_answers_and_is_empty(pg_db):
    server, name = pg_db
    with psycopg.connect(server.url(name)) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == name
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
        assert tables == 0
        assert conn.execute("SHOW server_version_num").fetchone()[0] >= "160000"
