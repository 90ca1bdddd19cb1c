"""Shared fixtures: a private MENTOR_HOME per test, cheap KDF parameters, a real vault."""

from __future__ import annotations

import pytest

from mentor_tui.core.i18n import set_language

PASS = "correct horse 正确"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("MENTOR_HOME", str(home))
    monkeypatch.setenv("MENTOR_KDF", "fast")
    monkeypatch.setenv("MENTOR_DRIVES", "")  # no real USB drive is ever looked at (drives.py)
    monkeypatch.delenv("MENTOR_LANG", raising=False)
    set_language("zh")
    yield home
    set_language("zh")


@pytest.fixture
def paths(_isolated_home):
    from mentor_tui.paths import prepare

    return prepare()


@pytest.fixture
def vault(paths):
    from mentor_tui.db.vault import create_vault

    v = create_vault(paths, "王老师", PASS)
    yield v
    v.close()


@pytest.fixture
def passphrase():
    return PASS


# --- a real PostgreSQL (issue 20; tests/pg_server.py) ------------------------------------------


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole session (pgserver, or MENTOR_TEST_PG)."""
    from pg_server import start

    server = start()
    yield server
    if server.stop is not None:
        server.stop()


@pytest.fixture
def pg_db(pg_server):
    """A fresh database on the session's server: (server, database name)."""
    from pg_server import fresh_database

    with fresh_database(pg_server) as name:
        yield pg_server, name


@pytest.fixture(params=["vault", "postgresql"])
def school_backend(request):
    """Where a school office's tables live (issue 20): None, the vault itself; or the URL of a
    fresh county database on the session's PostgreSQL, logged in as a school's role (its
    first connection binds it to the school that attaches)."""
    if request.param == "vault":
        yield None
        return
    from mentor_tui.db import county_schema
    from mentor_tui.db.school_server import connect

    server, name = request.getfixturevalue("pg_db")
    db = connect(server.url(name))
    try:
        county_schema.init(db)
        login = county_schema.add_school(db, "城关小学")
    finally:
        db.close()
    yield server.url(name, login.role)
