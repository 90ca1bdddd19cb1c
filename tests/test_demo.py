"""The seeded generator that feeds the demo, tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from mentor_tui.core import vocab
from mentor_tui.core.demo_data import generate
from mentor_tui.db import children, entries
from mentor_tui.db.demo import DEMO_PASSPHRASE, ensure_demo
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import open_vault

TODAY = dt.date(2026, 11, 23)


def test_generator_is_seeded_and_realistic():
    a = generate(children=12, years=2, seed=3, today=TODAY)
    b = generate(children=12, years=2, seed=3, today=TODAY)
    assert a == b
    assert generate(children=12, years=2, seed=4, today=TODAY) != a
    assert len(a.children) == 12
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", c["name"]) for _, c in a.children)
    kinds = Counter(e["kind"] for _, e in a.entries)
    for k in (
        "talk",
        "home_visit",
        "parent_call",
        "guardian_contact",
        "child_parent_contact",
        "diary",
        "study_plan",
        "term_summary",
    ):
        assert kinds[k] > 0, k
    assert {e["outcome"] for _, e in a.entries} >= {"done", "attempted_unreachable"}
    assert all(e["occurred_on"] <= TODAY for _, e in a.entries)
    parents = [c for _, c in a.contacts if c["role"] in ("father", "mother")]
    assert all(c["work_city"] for c in parents)  # guardians away in cities
    assert len(a.terms) == 4  # two school years: autumn + spring each
    assert all({e["kind"] for _, e in a.entries} <= set(vocab.ENTRY_KINDS) for _ in [0])


def test_generator_scales_with_arguments():
    small = generate(children=5, years=1, seed=1, today=TODAY)
    big = generate(children=10, years=2, seed=1, today=TODAY)
    assert len(big.entries) > 2 * len(small.entries)


def test_ensure_demo_creates_an_openable_vault(paths):
    assert ensure_demo(paths, children=6, years=1, seed=2, today=TODAY) is True
    assert ensure_demo(paths, children=6, years=1, seed=2, today=TODAY) is False
    prof = list_profiles(paths)[0]
    v = open_vault(paths, prof, DEMO_PASSPHRASE)
    try:
        kids = children.list_children(v)
        assert len(kids) == 6
        assert len(children.contacts_of(v, kids[0].id)) == 3
        assert entries.entries_for_child(v, kids[0].id, limit=None)
    finally:
        v.close()


DEMO_DAY = dt.date(2026, 12, 1)


def test_demo_data_has_every_kind_outcome_and_two_terms():
    d = generate(children=24, years=1, seed=7, today=DEMO_DAY, every_kind=True)
    assert d == generate(children=24, years=1, seed=7, today=DEMO_DAY, every_kind=True)
    es = [e for _, e in d.entries]
    assert {e["kind"] for e in es} == set(vocab.ENTRY_KINDS)
    assert {e["outcome"] for e in es} == set(vocab.OUTCOMES)
    assert all(e["skip_reason"].strip() for e in es if e["outcome"] == "skipped")
    general = [e for e in es if e["child_id"] is None]
    assert general and all(e["text"] for e in general)
    assert all(e["occurred_on"] <= DEMO_DAY for e in es)
    terms = {t["name"]: t for _, t in d.terms}
    spring, autumn = terms["2026年春季学期"], terms["2026年秋季学期"]

    def within(t):
        return [e for e in es if t["start"] <= e["occurred_on"] <= t["end"]]

    assert {e["kind"] for e in within(spring)} >= {"talk", "home_visit", "term_summary"}
    assert within(autumn)
    kids = {cid for cid, _ in d.children}
    assert all(e["child_id"] in kids for e in es if e["child_id"] is not None)


def test_every_kind_even_for_one_child():
    d = generate(children=1, years=1, seed=5, today=DEMO_DAY, every_kind=True)
    assert {e["kind"] for _, e in d.entries} == set(vocab.ENTRY_KINDS)


def test_default_generator_is_not_widened():
    """Golden files and snapshots were made from the default stream: no extra kinds there."""
    d = generate(children=12, years=1, seed=3, today=TODAY)
    kinds = {e["kind"] for _, e in d.entries}
    assert not kinds & {"risk_note", "other"}
    assert all(e["child_id"] for _, e in d.entries)
    assert [t["name"] for _, t in d.terms] == ["2026年秋季学期", "2027年春季学期"]


def test_demo_vault_holds_every_kind(paths):
    from mentor_tui.db.vault import integrity_check

    assert ensure_demo(paths, children=5, seed=7, today=DEMO_DAY) is True
    v = open_vault(paths, list_profiles(paths)[0], DEMO_PASSPHRASE)
    try:
        es = entries.entries_between(v, dt.date(2026, 1, 1), DEMO_DAY)
        assert {e.kind for e in es} == set(vocab.ENTRY_KINDS)
        assert any(e.child_id is None for e in es)
        assert any(e.outcome == "skipped" and e.skip_reason for e in es)
        assert any(e.kind == "term_summary" and e.occurred_on < dt.date(2026, 8, 1) for e in es)
        assert integrity_check(v) == "ok"
    finally:
        v.close()


def test_on_the_first_of_a_month_few_of_its_contacts_are_made_yet():
    """The month holding today has only partly passed: on the 1st most children's talk for it
    is still to come (it was all of them, every one dated the 1st); past months are whole."""
    first = generate(children=40, years=1, seed=1, today=dt.date(2026, 12, 1))
    talks = [e for _, e in first.entries if e["kind"] == "talk"]
    december = [e for e in talks if e["occurred_on"] >= dt.date(2026, 12, 1)]
    november = [
        e for e in talks if dt.date(2026, 11, 1) <= e["occurred_on"] <= dt.date(2026, 11, 30)
    ]
    assert len(december) <= 8 and len(november) >= 30  # about 1/31 of 90 %, and 90 % of 40
