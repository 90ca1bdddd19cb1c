"""A real PostgreSQL for the tests (issue 20): one server per test session, a fresh database
per test.

``MENTOR_TEST_PG=postgresql://user@host/db`` names an existing server (a superuser, or a role
with CREATEDB and CREATEROLE: the tests create databases and roles and drop them after);
otherwise ``pgserver`` (in the test extra) starts PostgreSQL 16 in a temporary folder. When
neither works the PostgreSQL tests fail, never skip, with one sentence saying how to provide a
server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

ENV = "MENTOR_TEST_PG"
HOW = (
    "No PostgreSQL server for the county tests: install the test extra "
    '(pip install -e ".[test]", which brings pgserver and psycopg[binary]) or set '
    "MENTOR_TEST_PG=postgresql://user@host/db to a server where that user may create "
    "databases and roles."
)


@dataclass
class PgServer:
    admin_url: str  # a superuser (or CREATEDB + CREATEROLE) on the maintenance database
    stop: Any = None

    def url(self, dbname: str, user: str | None = None) -> str:
        """The admin URL with another database (and user)."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        params = conninfo_to_dict(self.admin_url)
        params["dbname"] = dbname
        if user is not None:
            params["user"] = user
            params.pop("password", None)
        return _as_url(make_conninfo(**params))

    def admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.admin_url, autocommit=True)


def _as_url(conninfo: str) -> str:
    """A libpq key=value string as a postgresql:// URL (the form the app takes)."""
    from urllib.parse import quote, urlencode

    from psycopg.conninfo import conninfo_to_dict

    p = conninfo_to_dict(conninfo)
    user = quote(str(p.pop("user", "")), safe="")
    password = p.pop("password", None)
    host = str(p.pop("host", ""))
    port = p.pop("port", None)
    db = quote(str(p.pop("dbname", "")), safe="")
    auth = f"{user}:{quote(str(password), safe='')}@" if password else (f"{user}@" if user else "")
    netloc = "" if host.startswith("/") else host + (f":{port}" if port else "")
    query = {k: str(v) for k, v in p.items()}
    if host.startswith("/"):
        query["host"] = host
        if port:
            query["port"] = str(port)
    return f"postgresql://{auth}{netloc}/{db}" + (f"?{urlencode(query)}" if query else "")


def start() -> PgServer:
    """The session's server, or ``pytest.fail`` with :data:`HOW`."""
    given = os.environ.get(ENV, "").strip()
    if given:
        try:
            import psycopg

            psycopg.connect(given, connect_timeout=10).close()
        except Exception as exc:  # noqa: BLE001 - any failure is told in one sentence
            pytest.fail(f"{ENV} is set but its server did not answer ({exc}). {HOW}", False)
        return PgServer(given)
    try:
        import pgserver

        folder = tempfile.mkdtemp(prefix="mentor-pg-")
        server = pgserver.get_server(folder, cleanup_mode="stop")

        def stop() -> None:
            with contextlib.suppress(Exception):
                server.cleanup()
            shutil.rmtree(folder, ignore_errors=True)

        return PgServer(_as_url(server.get_uri()), stop)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"pgserver could not start PostgreSQL ({exc}). {HOW}", False)


@contextlib.contextmanager
def fresh_database(server: PgServer) -> Iterator[str]:
    """A new, empty database (its name also prefixes the roles the county makes), dropped
    after with every role it made."""
    name = "mt_" + uuid.uuid4().hex[:10]
    with server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with server.admin() as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            roles = [
                r[0]
                for r in conn.execute(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (name + "%",)
                )
            ]
            for role in roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
