"""A school office on a county's PostgreSQL server (issue 20; docs/school.md "On a county
server").

``mentor school … --db postgresql://user@host/db`` (or ``MENTOR_SCHOOL_DB``): the coordinator's
vault stays where it was — the documents, the projection marks, the school's private keys and
settings never leave it — and the school tables (db/school_models.py, the same peewee models and
queries) are those of the county's database, through psycopg 3. A child's sensitive fields are
sealed there with the school's column key (core/school_seal.py).

The password never comes from the command line: a URL that carries one is refused; libpq reads
``PGPASSWORD`` or ``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf`` on Windows); else the
caller's ``ask_password`` is asked once. Every other connection parameter of the URL (``sslmode``,
``sslrootcert``, ``connect_timeout`` …) goes to libpq as it is.

The login must be a school's (``mentor county add-school``): its first connection binds it to
this vault's school (``mentor_bind_school``, db/county_schema.py), after which the server's
row-level security lets it read and write that school's rows only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from peewee import PostgresqlDatabase, Psycopg3Adapter

from mentor_tui.core.errors import MentorError
from mentor_tui.core.school_seal import ColumnKey
from mentor_tui.db.county_schema import SCHEMA_VERSION, schema_version
from mentor_tui.db.school_setup import school_id, school_keys
from mentor_tui.db.serial_retry import retry_server
from mentor_tui.db.vault import OfficeServer, Vault

ENV = "MENTOR_SCHOOL_DB"
APP_NAME = "mentor_tui"


@dataclass
class Server(OfficeServer):
    db: PostgresqlDatabase
    column_key: ColumnKey = field(repr=False)
    target: str
    role: str


class Psycopg3(Psycopg3Adapter):
    """peewee's psycopg 3 adapter with the driver imported here: peewee is imported without
    the server drivers (db/__init__.py, issue 17), so its module-level ``psycopg`` is None
    unless psycopg was imported before it."""

    def __init__(self) -> None:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb

        super().__init__()
        self.psycopg = psycopg
        self.json_type, self.jsonb_type = Json, Jsonb
        self.txn_idle = TransactionStatus.IDLE
        self.txn_inerror = TransactionStatus.INERROR
        self.txn_unknown = TransactionStatus.UNKNOWN
        self.txn_intrans = TransactionStatus.INTRANS

    def check_driver(self) -> None:  # imported in __init__
        return None

    def get_binary_type(self) -> Any:
        return self.psycopg.Binary

    def connect(self, db: Any, **params: Any) -> Any:
        if db._encoding:
            params.setdefault("client_encoding", db._encoding)
        if db.database.startswith("postgresql://"):
            params.setdefault("conninfo", db.database)
        else:
            params.setdefault("dbname", db.database)
        return self.psycopg.connect(**params)

    def server_side_cursor(self, conn: Any) -> Any:
        in_txn = self.txn_status(conn) == self.txn_intrans
        return conn.cursor(name=str(uuid.uuid1()), withhold=not in_txn)


class CountyDatabase(PostgresqlDatabase):
    """PostgresqlDatabase on :class:`Psycopg3`, whichever driver peewee saw at its import."""

    psycopg2_adapter = Psycopg3
    psycopg3_adapter = Psycopg3


def db_url(given: str | None) -> str | None:
    """The server named by ``--db``, else by ``MENTOR_SCHOOL_DB``; None: the vault itself."""
    url = (given or os.environ.get(ENV, "")).strip()
    return url or None


def _driver() -> None:
    """psycopg is the county extra's (``pip install "mentor-tui[county]"``)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise MentorError("county.no_driver") from None


def _params(url: str) -> dict[str, Any]:
    _driver()
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    if not url.startswith(("postgresql://", "postgres://")):
        raise MentorError("county.bad_url")
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise MentorError("county.bad_url") from None
    if params.get("password"):
        raise MentorError("county.password_in_url")
    return params


def connect(url: str, ask_password: Callable[[], str] | None = None) -> PostgresqlDatabase:
    """An open connection to the server of ``url`` (SERIALIZABLE transactions); one sentence
    when it cannot be reached or the login is refused."""
    _params(url)
    options: dict[str, Any] = {
        "isolation_level": "SERIALIZABLE",
        "prefer_psycopg3": True,
        "application_name": APP_NAME,
    }
    if "connect_timeout" not in url:
        options["connect_timeout"] = 15
    db = CountyDatabase(url, **options)
    try:
        db.connect()
        return db
    except Exception as exc:  # noqa: BLE001 - peewee wraps psycopg's errors
        message = str(exc).lower()
        needs_password = "password" in message and ask_password is not None
        if not needs_password:
            raise MentorError("county.no_connection", reason=_first_line(exc)) from None
    assert ask_password is not None
    db = CountyDatabase(url, password=ask_password(), **options)
    try:
        db.connect()
    except Exception as exc:  # noqa: BLE001 - peewee wraps psycopg's errors
        raise MentorError("county.no_connection", reason=_first_line(exc)) from None
    return db


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def attach(vault: Vault, url: str, ask_password: Callable[[], str] | None = None) -> Server:
    """Connect this school vault's office to the county server: check the schema, bind the
    login to the school (first time) or check it is this school's, and from now on
    ``vault.read()``/``write()`` reach the school tables there."""
    sid = school_id(vault)
    keys = school_keys(vault)
    db = connect(url, ask_password)
    try:
        version = schema_version(db)
        if version is None:
            raise MentorError("county.not_county_db")
        if version < SCHEMA_VERSION:
            raise MentorError("county.schema_old", have=version, want=SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise MentorError("county.schema_new", have=version, want=SCHEMA_VERSION)
        may = db.execute_sql(
            "SELECT has_function_privilege('mentor_bind_school(text)', 'EXECUTE')"
        ).fetchone()
        row = (
            retry_server(  # her two machines binding at once: one is run again
                db, lambda: db.execute_sql("SELECT mentor_bind_school(%s)", (sid,)).fetchone()
            )
            if may and may[0]
            else ("not_school_role",)
        )
        verdict = str(row[0]) if row else ""
        if verdict == "not_school_role":
            raise MentorError("county.not_school_role")
        if verdict == "other_school":
            raise MentorError("county.role_other_school")
        if verdict == "school_taken":
            raise MentorError("county.school_taken")
        county = db.execute_sql("SELECT value FROM county_meta WHERE key = 'county_id'").fetchone()
        role = db.execute_sql("SELECT current_user").fetchone()[0]
    except BaseException:
        db.close()
        raise
    server = Server(db, ColumnKey.derive(sid, keys.seal_private), f"pg:{county[0]}", str(role))
    with vault.mutex:
        vault.office = server
    return server
