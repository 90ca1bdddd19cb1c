"""peewee is imported without the PostgreSQL/MySQL drivers it would import at its own import
(mentor_tui/db/__init__.py, issue 17: psycopg 3 alone is ~11 MiB and ~80 ms at every unlock),
and the county server (db/school_server.py) still connects through psycopg 3, which it
imports itself. Each in a fresh interpreter: in this one psycopg is already loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def fresh(code: str, *args: str) -> dict:
    got = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(got.stdout.strip().splitlines()[-1])


def test_unlocking_imports_peewee_without_the_server_drivers():
    seen = fresh(
        """
        import json, sys
        import mentor_tui.db.vault, peewee
        print(json.dumps({
            "loaded": sorted(n for n in ("psycopg", "psycopg2", "pymysql") if n in sys.modules),
            "peewee_sees": peewee.psycopg is not None,
            "hidden_left": sorted(n for n, m in sys.modules.items() if m is None
                                  and n in ("psycopg", "psycopg2", "pymysql", "MySQLdb")),
            "psycopg_importable": __import__("importlib").util.find_spec("psycopg") is not None,
        }))
        """
    )
    assert seen["psycopg_importable"]  # installed here (test extra): the case that matters
    assert seen["loaded"] == [] and not seen["peewee_sees"]
    assert seen["hidden_left"] == []  # the drivers are importable again after peewee


def test_the_county_server_connects_through_psycopg_peewee_did_not_see(pg_db):
    server, name = pg_db
    seen = fresh(
        """
        import json, sys
        import mentor_tui.db.vault, peewee
        before = peewee.psycopg is None
        from mentor_tui.db.school_server import connect
        db = connect(sys.argv[1])
        with db.atomic():
            one = db.execute_sql("SELECT 1").fetchone()[0]
        usable = db.is_connection_usable()
        db.close()
        print(json.dumps({"before": before, "one": one, "usable": usable,
                          "adapter": type(db._adapter).__name__}))
        """,
        server.url(name),
    )
    assert seen == {"before": True, "one": 1, "usable": True, "adapter": "Psycopg3"}
