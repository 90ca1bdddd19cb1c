"""Every write of the school office on a county server is run again on a serialization failure
(issue 20 item 1; db/serial_retry.py). A real failure on the real server: a second connection
changes the very row a coordinator's write is about to change, and commits after her
``SERIALIZABLE`` transaction took its snapshot, so PostgreSQL refuses her change with 40001
("could not serialize access due to concurrent update"). Run again, the write goes through
once, whole; with no second try she is told ``county.busy`` and nothing changed."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from county_support import build_school

from mentor_tui.core.errors import MentorError
from mentor_tui.db import county_schema, school_pairing, serial_retry
from mentor_tui.db.school_server import APP_NAME, connect

WAIT_SECONDS = 60


@pytest.fixture
def school(pg_db, paths):
    """A school on a county database (two teachers, a child each, paired), attached."""
    server, name = pg_db
    db = connect(server.url(name))
    county_schema.init(db)
    login = county_schema.add_school(db, "甲校")
    db.close()
    built = build_school(paths, "甲校", 2, 1, server.url(name, login.role))
    yield server, name, built
    built.vault.close()


def _collide(server, name: str, pairing_id: str) -> tuple[psycopg.Connection, threading.Thread]:
    """A second connection holds the pairing row changed (not yet committed); a thread commits
    it as soon as the app's connection waits for that row: after her snapshot, before her
    change. The thread's ``waited`` says whether it saw her wait."""
    other = psycopg.connect(server.url(name))
    other.execute(
        "UPDATE school_pairing SET changed_at = changed_at + interval '1 second' WHERE id = %s",
        (pairing_id,),
    )

    def commit_when_she_waits() -> None:
        with psycopg.connect(server.url(name), autocommit=True) as watch:
            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                row = watch.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND application_name = %s AND wait_event_type = 'Lock'",
                    (name, APP_NAME),
                ).fetchone()
                if row and row[0]:
                    thread.waited = True  # type: ignore[attr-defined]
                    break
                time.sleep(0.02)
        other.commit()

    thread = threading.Thread(target=commit_when_she_waits)
    thread.waited = False  # type: ignore[attr-defined]
    thread.start()
    return other, thread


def _pairings(server, name: str, child_id: str) -> list[tuple[str, bool]]:
    with psycopg.connect(server.url(name)) as conn:
        return sorted(
            (str(t), end is None)
            for t, end in conn.execute(
                'SELECT teacher_id, "end" FROM school_pairing WHERE child_id = %s', (child_id,)
            ).fetchall()
        )


def test_a_pairing_change_refused_as_a_serialization_failure_is_run_again(school):
    server, name, b = school
    first, second = sorted(b.pairs)
    child = b.pairs[first][0]
    other, thread = _collide(server, name, f"{child}-p")
    try:
        school_pairing.set_pairing(b.vault, child, second)
    finally:
        thread.join()
        other.close()
    assert thread.waited  # her first try really met the other transaction's change
    # the old pairing ended, the new one open: once each (the failed try left nothing)
    assert _pairings(server, name, child) == sorted([(first, False), (second, True)])
    history = school_pairing.history(b.vault, child)
    assert [(h.teacher_id, h.end is None) for h in history] == [(first, False), (second, True)]
    assert school_pairing.current_mentors(b.vault)[child] == second


def test_without_a_second_try_the_same_collision_is_one_sentence_and_changes_nothing(
    school, monkeypatch
):
    server, name, b = school
    first, second = sorted(b.pairs)
    child = b.pairs[first][0]
    monkeypatch.setattr(serial_retry, "ATTEMPTS", 1)
    other, thread = _collide(server, name, f"{child}-p")
    try:
        with pytest.raises(MentorError) as err:
            school_pairing.set_pairing(b.vault, child, second)
    finally:
        thread.join()
        other.close()
    assert thread.waited and err.value.key == "county.busy"
    assert _pairings(server, name, child) == [(first, True)]
    assert [h.teacher_id for h in school_pairing.history(b.vault, child)] == [first]
