"""The county's overview in the TUI (issue 20 item 3): ``mentor county overview`` opens the app on
every school's line for the month, equal to ``mentor county status --json``; sortable, the month
changed with ``[`` ``]``; enter on a school shows its teachers with the figures its own office
shows, then a teacher's children and a child's duty record (the school office's screens on the
server's rows); escape goes back. A school's name is never markup. A refused login, an
unreachable server, a connection lost while the app runs: one sentence, no traceback.

A real PostgreSQL (tests/pg_server.py), two schools imported as in tests/test_county.py, the
real app under Pilot; the command itself in real processes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_textual_snapshot
from conftest_tui import make_app, screen_text, settle, text_of
from county_support import PASS, build_school, report_for, write_report

from mentor_tui.config import Config
from mentor_tui.core.i18n import set_language
from mentor_tui.db import county_queries as cq, county_schema, school_collect, school_queries
from mentor_tui.db.profiles import pick_profile
from mentor_tui.db.school_server import attach, connect
from mentor_tui.db.vault import open_vault
from mentor_tui.screens.county_home import CountyHomeScreen
from mentor_tui.screens.county_school import CountySchoolScreen
from mentor_tui.screens.error_modal import ErrorModal
from mentor_tui.screens.school_drill import ChildDutiesScreen, TeacherChildrenScreen

TODAY = dt.date(2026, 11, 23)
A, B = "甲校", "[bold]乙校"  # B's name (and its teachers') would be markup if it were read so
FIELDS = ("children", "mentors", "expected", "done", "on_time", "overdue", "stale")


@pytest.fixture
def county(pg_db, paths, tmp_path):
    """Two schools on one county database, each with its reports imported; their vaults
    closed again. Yields (server, database name, built schools, logins)."""
    server, name = pg_db
    db = connect(server.url(name))
    _done, county_login = county_schema.init(db)
    logins = {A: county_schema.add_school(db, A), B: county_schema.add_school(db, B)}
    db.close()
    built = {}
    for label, teachers in ((A, 3), (B, 2)):
        s = build_school(paths, label, teachers, 2, server.url(name, logins[label].role))
        folder = tmp_path / f"reports-{len(built)}"
        for tid in s.pairs:
            write_report(s, steady_report(s, tid), folder / f"{tid}.mentorreport")
        verdicts = school_collect.preview_import(s.vault, [folder])
        assert school_collect.apply_import(s.vault, verdicts).new == teachers
        s.vault.close()
        built[label] = s
    logins["county"] = county_login
    return server, name, built, logins


def steady_report(b, tid: str):
    """tests/county_support.py's report with figures that do not depend on the school's random
    id (the snapshots must be the same every run): done but every fourth, on time but every
    third, no unreachable attempts."""
    report = report_for(b, tid, 1)
    rows = []
    for i, row in enumerate(report.figures):
        done = 0 if i % 4 == 0 else 1
        on_time = done if i % 3 else 0
        dates = (dt.date.fromisoformat(row.month + "-10"),) if done else ()
        rows.append(dataclasses.replace(row, done=done, on_time=on_time, attempts=0, dates=dates))
    return dataclasses.replace(report, figures=tuple(rows))


def mentor(home, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTOR_", "PG"))}
    env.update(MENTOR_HOME=str(home), MENTOR_LANG="en")
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", "county", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def table_rows(screen, wid: str) -> list[list[str]]:
    table = screen.query_one(f"#{wid}")
    return [[str(c.plain) for c in table.get_row_at(i)] for i in range(table.row_count)]


def figures(row: list[str]) -> dict[str, int]:
    """A county row's cells by the names of ``county status --json``."""
    return dict(zip(FIELDS, (int(x) for x in row[1:8]), strict=True)) | {
        "open_mandatory": int(row[8])
    }


async def test_the_county_overview_equals_status_json_and_drills_down(county, paths, tmp_path):
    server, name, built, logins = county
    url = server.url(name, logins["county"].role)
    # what the command prints (all but "stale", which counts from the real today)
    out = mentor(tmp_path / "cli", "status", "--json", "--month", "2026-11", "--db", url)
    assert out.returncode == 0, out.stderr
    printed = {x["school"]: x for x in json.loads(out.stdout)}
    assert set(printed) == {A, B}
    cty = cq.open_county(url)
    try:
        want = {x.name: x.to_json() for x in cq.overview(cty, "2026-11", TODAY)}
        october = {x.name: x.to_json() for x in cq.overview(cty, "2026-10", TODAY)}
    finally:
        cty.close()
    for school in (A, B):
        assert {k: v for k, v in printed[school].items() if k != "stale"} == {
            k: v for k, v in want[school].items() if k != "stale"
        }
    assert want[A]["expected"] > 0 and want[B]["open_mandatory"] == 1
    # the school office's own overview of 甲校, through its own login
    vault = open_vault(paths, pick_profile(paths, A), PASS)
    try:
        attach(vault, server.url(name, logins[A].role))
        own = school_queries.overview(vault, "2026-11", TODAY)
    finally:
        vault.close()

    server_county = cq.open_county(url)
    app = make_app(paths, county=server_county, today=TODAY)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, CountyHomeScreen)
            assert "2026-11" in text_of(home.query_one("#county-top"))
            rows = {r[0]: r for r in table_rows(home, "county-table")}
            assert set(rows) == {A, B}  # B's name literally, brackets and all
            for school in (A, B):
                assert figures(rows[school]) == {
                    k: v for k, v in want[school].items() if k in (*FIELDS, "open_mandatory")
                }
            total = text_of(home.query_one("#county-note"))
            children = want[A]["children"] + want[B]["children"]
            assert "合计：2 所学校" in total and f"儿童 {children}" in total

            def order() -> list[str]:
                return [r[0] for r in table_rows(home, "county-table")]

            await pilot.press("s")  # by children, the most first
            assert order() == [A, B] and "儿童" in text_of(home.query_one("#county-top"))
            await pilot.press("S")
            assert order() == [B, A]
            # the month: ] to December (no report reaches it), [ [ to October
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert "2026-12" in text_of(home.query_one("#county-top"))
            assert {r[0]: r[4] for r in table_rows(home, "county-table")} == {A: "0", B: "0"}
            await pilot.press("left_square_bracket", "left_square_bracket")
            await settle(pilot)
            assert "2026-10" in text_of(home.query_one("#county-top"))
            rows = {r[0]: r for r in table_rows(home, "county-table")}
            assert figures(rows[A])["expected"] == october[A]["expected"]
            assert figures(rows[A])["done"] == october[A]["done"]
            await pilot.press("right_square_bracket")
            await settle(pilot)

            # enter on 甲校: its teachers only, the figures its own office shows
            await pilot.press("down")  # sorted A after B: the cursor to 甲校
            assert order()[home.query_one("#county-table").cursor_row] == A
            await pilot.press("enter")
            await settle(pilot)
            school = app.screen
            assert isinstance(school, CountySchoolScreen)
            assert school.teachers == own  # the very TeacherLines of the school's own overview
            teachers = table_rows(school, "county-school-table")
            assert sorted(r[0] for r in teachers) == sorted(built[A].names.values())
            first = own[0]
            row = next(r for r in teachers if r[0] == first.name)
            assert row[1:7] == [
                str(first.children),
                str(first.expected),
                str(first.done),
                str(first.on_time),
                str(first.overdue),
                str(first.open_flags),
            ]
            # a teacher's children, then a child's duty record
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TeacherChildrenScreen)
            tid = next(t.teacher_id for t in own if t.name == teachers[0][0])
            kids = table_rows(app.screen, "school-children")
            assert len(kids) == len(built[A].pairs[tid]) == 2
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ChildDutiesScreen)
            duties = table_rows(app.screen, "school-duties")
            assert len(duties) == 3 * 3  # three duties in three months
            assert {r[7] for r in duties} == {teachers[0][0]}
            for _ in range(3):  # escape, back to the county's overview
                await pilot.press("escape")
                await settle(pilot)
            assert app.screen is home

            # 乙校: its teachers' names literally too, none of 甲校's
            await pilot.press("up", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CountySchoolScreen)
            assert {x.name for x in app.screen.teachers} == set(built[B].names.values())
            cells = [r[0] for r in table_rows(app.screen, "county-school-table")]
            assert len(cells) == 2 and all(c.startswith("[bold]乙校") for c in cells)
            assert text_of(app.screen.query_one("#county-school-top")).startswith("[bold]乙校")
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is home
            await app.action_quit()
    finally:
        server_county.close()


async def test_a_connection_lost_while_it_runs_is_one_sentence(county, paths):
    server, name, _built, logins = county
    server_county = cq.open_county(server.url(name, logins["county"].role))
    app = make_app(paths, county=server_county, today=TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CountyHomeScreen)
            with server.admin() as admin:
                admin.execute(f'ALTER ROLE "{logins["county"].role}" NOLOGIN')
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert isinstance(app.screen, ErrorModal)
            message = text_of(app.screen.query_one("#error-message"))
            assert message.startswith("连不上县里的数据库：") and "Traceback" not in message
            await app.action_quit()
    finally:
        server_county.close()


def test_the_command_refuses_in_one_sentence(county, tmp_path):
    """``mentor county overview``: a school's login, an unreachable server, a password in the
    URL: one sentence before any screen, no traceback."""
    server, name, _built, logins = county
    cases = {
        server.url(name, logins[A].role): "The county roll-up needs the county's login",
        "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2": (
            "Could not connect to the county database: "
        ),
        "postgresql://nobody:secret@127.0.0.1:1/none": "Do not put the password",
    }
    for url, sentence in cases.items():
        out = mentor(tmp_path / "cli", "overview", "--db", url)
        assert out.returncode != 0
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(sentence), out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""


# --- snapshots (pytest-textual-snapshot, as tests/test_school_snapshots.py) -------------------


class SnapshotsDir(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(test_location.filepath).parent / "snapshots")


@pytest.fixture
def _snapshots_in_tests_snapshots(monkeypatch):
    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", SnapshotsDir)


@pytest.mark.usefixtures("_snapshots_in_tests_snapshots")
@pytest.mark.parametrize("language", ["zh", "en"])
def test_county_overview_snapshot(snap_compare, county, paths, language):
    """The county's overview at 80x24, then 甲校's teachers (fixed dates, seeded figures)."""
    server, name, _built, logins = county
    server_county = cq.open_county(server.url(name, logins["county"].role))
    app = make_app(paths, county=server_county, today=TODAY, config=Config(language=language))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("s")  # by children: 甲校 first, then enter on it
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # back: the overview itself is what is shot
        await settle(pilot)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        server_county.close()
        set_language("zh")


async def test_the_screens_as_the_terminal_shows_them(county, paths):
    """The glyphs alone at 80x24: the school named ``[bold]乙校`` shows its brackets, the
    totals and the month keys show, and the school's screen names the county's defaults."""
    server, name, _built, logins = county
    server_county = cq.open_county(server.url(name, logins["county"].role))
    app = make_app(paths, county=server_county, today=TODAY)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            home = "\n".join(screen_text(app))
            assert "[bold]乙校" in home and "合计：2 所学校" in home
            assert "2026-11 月" in home and "[ 上月" in home and "] 下月" in home
            await pilot.press("s", "up", "enter")  # by children; the cursor to 甲校
            await settle(pilot)
            school = screen_text(app)
            assert school[0].strip().startswith("甲校  2026-11 月")
            assert "按县里的默认值" in "\n".join(school) and "esc 返回" in school[-1]
            app.action_toggle_language()  # both screens drawn again in English
            await settle(pilot)
            assert "county's defaults" in "\n".join(screen_text(app))
            await pilot.press("escape")
            await settle(pilot)
            home = "\n".join(screen_text(app))
            assert "County overview  month 2026-11" in home and "[bold]乙校" in home
            await app.action_quit()
    finally:
        server_county.close()


# --- the installed command in a real terminal (tmux, as tests/test_e2e_tmux.py) ---------------

TMUX = shutil.which("tmux")
MENTOR = Path(sys.executable).with_name("mentor.exe" if os.name == "nt" else "mentor")


@pytest.mark.skipif(
    TMUX is None or not MENTOR.exists(), reason="needs tmux and the installed mentor command"
)
def test_mentor_county_overview_in_a_terminal(county, tmp_path):
    """``mentor county overview --db URL`` draws the overview, drills into a school and quits."""
    server, name, _built, logins = county
    url = server.url(name, logins["county"].role)
    assert TMUX is not None
    socket = ["-L", f"mentor-county-{os.getpid()}"]
    env = f"MENTOR_HOME={shlex.quote(str(tmp_path / 'home'))} LANG=zh_CN.UTF-8 MENTOR_LANG=zh"
    command = f"env {env} {MENTOR} county overview --db {shlex.quote(url)}; echo EXITED; sleep 60"

    def tmux(*args: str) -> str:
        done = subprocess.run([TMUX, *socket, *args], capture_output=True, text=True, check=False)
        return done.stdout

    def wait_for(text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", "county")
            if text in screen:
                time.sleep(0.7)  # the screen takes the focus before the next key
                return screen
            time.sleep(0.2)
        raise AssertionError(
            f"{text!r} never appeared:\n{tmux('capture-pane', '-p', '-t', 'county')}"
        )

    tmux("new-session", "-d", "-s", "county", "-x", "100", "-y", "24", command)
    try:
        screen = wait_for("县里各校总览")
        wait_for("合计：2 所学校")
        screen = tmux("capture-pane", "-p", "-t", "county")
        assert "甲校" in screen and "[bold]乙校" in screen
        tmux("send-keys", "-t", "county", "s")
        time.sleep(0.4)
        tmux("send-keys", "-t", "county", "Enter")  # by children: 甲校 first, the cursor on 乙校
        screen = wait_for("按县里的默认值")
        assert screen.splitlines()[0].strip().startswith("[bold]乙校  2026-")  # literally
        tmux("send-keys", "-t", "county", "Escape")
        wait_for("合计：2 所学校")
        tmux("send-keys", "-t", "county", "C-q")
        wait_for("EXITED")
    finally:
        tmux("kill-server")
