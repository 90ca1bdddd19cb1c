"""`mentor term`: list, add, set, defaults on a real vault, the checks, and that an edit changes
what the duty view returns."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from mentor_tui.cli import main
from mentor_tui.db import children, settings
from mentor_tui.db.duty_data import compute_view

D = dt.date


@pytest.fixture
def mentor(vault, paths, passphrase, monkeypatch, capsys):
    """Run ``mentor ARGS`` in this process on the test vault (closed first: one instance)."""
    vault.close()
    monkeypatch.setenv("MENTOR_LANG", "en")

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
        code = main([*args, "--passphrase-stdin"])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def reopen(paths, passphrase):
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import open_vault

    opened = []

    def do():
        v = open_vault(paths, list_profiles(paths)[0], passphrase)
        opened.append(v)
        return v

    yield do
    for v in opened:
        v.close()


def _terms(reopen):
    v = reopen()
    try:
        return [settings.term_info(row) for row in settings.list_terms(v)]
    finally:
        v.close()


def test_add_list_and_set(mentor, reopen) -> None:
    code, out, err = mentor(
        "term",
        "add",
        "本校秋季学期",
        "--start",
        "2025-09-01",
        "--end",
        "2026-01-16",
        "--break",
        "校庆:2025-10-20:2025-10-21",
    )
    assert code == 0, err
    assert "本校秋季学期" in out
    (term,) = _terms(reopen)
    assert (term.start, term.end, term.middle) == (D(2025, 9, 1), D(2026, 1, 16), None)
    assert term.breaks == ((D(2025, 10, 20), D(2025, 10, 21), "校庆"),)
    code, out, _ = mentor("term", "list")
    assert code == 0 and "本校秋季学期" in out and "2025-11-03 (computed)" in out
    assert "校庆 2025-10-20 to 2025-10-21" in out
    code, _, err = mentor(
        "term",
        "set",
        term.id[:8],
        "--middle",
        "2025-11-12",
        "--add-break",
        "national_day:2025-10-01:2025-10-07",
    )
    assert code == 0, err
    (after,) = _terms(reopen)
    assert after.id == term.id and after.middle == D(2025, 11, 12)
    assert [b[2] for b in after.breaks] == ["校庆", "national_day"]
    code, out, _ = mentor("term", "list")
    assert "middle 2025-11-12  id" in out and "National Day holiday" in out
    code, _, _ = mentor("term", "set", "本校秋季学期", "--no-breaks", "--middle", "auto")
    (cleared,) = _terms(reopen)
    assert code == 0 and cleared.breaks == () and cleared.middle is None


@pytest.mark.parametrize(
    "args, says",
    [
        (("--start", "2026-03-01", "--end", "2026-02-01"), "must end after it starts"),
        (
            ("--start", "2025-09-01", "--end", "2026-01-16", "--middle", "2026-02-01"),
            "middle 2026-02-01 is not inside",
        ),
        (
            (
                "--start",
                "2025-09-01",
                "--end",
                "2026-01-16",
                "--break",
                "运动会:2026-01-10:2026-01-20",
            ),
            "“运动会” (2026-01-10 to 2026-01-20) is not inside the term",
        ),
        (
            (
                "--start",
                "2025-09-01",
                "--end",
                "2026-01-16",
                "--break",
                "运动会:2025-10-12:2025-10-10",
            ),
            "ends (2025-10-10) before it starts",
        ),
        (
            ("--start", "2025-09-01", "--end", "2026-01-16", "--break", "运动会"),
            "should be NAME:START:END",
        ),
        (("--start", "2025-9-1x", "--end", "2026-01-16"), "“2025-9-1x” is not a valid date"),
    ],
)
def test_bad_terms_are_refused_with_one_sentence(mentor, reopen, args, says) -> None:
    code, _out, err = mentor("term", "add", "秋", *args)
    assert code == 2 and says in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _terms(reopen) == []  # nothing stored


def test_overlap_and_unknown_term(mentor, reopen) -> None:
    assert mentor("term", "add", "秋", "--start", "2025-09-01", "--end", "2026-01-16")[0] == 0
    code, _, err = mentor("term", "add", "春", "--start", "2026-01-10", "--end", "2026-07-05")
    assert code == 2 and "overlaps the stored term “秋”" in err
    code, _, err = mentor("term", "set", "没有", "--middle", "2025-11-10")
    assert code == 2 and "No term “没有”" in err
    code, _, err = mentor("term", "set", "秋")
    assert code == 2 and "Nothing to change" in err
    assert [t.name for t in _terms(reopen)] == ["秋"]


def test_defaults_skip_terms_that_overlap(mentor, reopen) -> None:
    assert mentor("term", "add", "秋", "--start", "2025-09-01", "--end", "2026-01-18")[0] == 0
    code, out, err = mentor("term", "defaults", "--date", "2025-10-01")
    assert code == 0, err
    assert "Skipped “Autumn term 2025”" in out and "Added the term “Spring term 2026”" in out
    terms = _terms(reopen)
    assert [(t.name, t.start, t.end) for t in terms] == [
        ("秋", D(2025, 9, 1), D(2026, 1, 18)),
        ("Spring term 2026", D(2026, 2, 23), D(2026, 7, 5)),
    ]
    assert terms[1].breaks == ((D(2026, 5, 1), D(2026, 5, 5), "labour_day"),)
    again = mentor("term", "defaults", "--date", "2026-03-01")[1]
    assert again.count("Skipped") == 2 and len(_terms(reopen)) == 2


def test_a_break_set_through_the_cli_pauses_a_monthly_duty(mentor, reopen) -> None:
    assert mentor("term", "add", "秋", "--start", "2025-09-01", "--end", "2026-01-16")[0] == 0
    v = reopen()
    cid = children.add_child(v, "李明", added_on=D(2025, 9, 1))
    talk = {s.duty_id: s for s in compute_view(v, D(2025, 11, 10)).statuses}["talk"]
    v.close()
    assert (talk.status, talk.required_in_period) == ("due", 1)
    assert mentor("term", "set", "秋", "--break", "校庆月:2025-11-01:2025-11-30")[0] == 0
    v = reopen()
    view = compute_view(v, D(2025, 11, 10))
    v.close()
    talk = {s.duty_id: s for s in view.statuses if s.child_id == cid}["talk"]
    assert (talk.status, talk.required_in_period, talk.due_date) == ("paused", 0, None)
    assert talk.required_this_term == 2  # September and October only


def test_the_middle_set_through_the_cli_moves_the_mid_term_visit(mentor, reopen) -> None:
    assert mentor("term", "add", "秋", "--start", "2025-09-01", "--end", "2026-01-16")[0] == 0
    v = reopen()
    children.add_child(v, "李明", added_on=D(2025, 9, 1))
    visit = {s.duty_id: s for s in compute_view(v, D(2025, 10, 28)).statuses}["home_visit"]
    v.close()
    # Computed middle: Monday 3 Nov, window 27 Oct - 16 Nov.
    assert (visit.period.start, visit.due_date) == (D(2025, 10, 27), D(2025, 11, 16))
    assert mentor("term", "set", "秋", "--middle", "2025-11-24")[0] == 0
    v = reopen()
    visit = {s.duty_id: s for s in compute_view(v, D(2025, 10, 28)).statuses}["home_visit"]
    v.close()
    # Window 17 Nov - 7 Dec: on 28 Oct the start-phase visit (overdue) is still what is owed.
    assert (visit.period.start, visit.status, visit.due_date) == (
        D(2025, 9, 1),
        "overdue",
        D(2025, 9, 28),
    )
