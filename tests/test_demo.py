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
    for k in ("talk", "home_visit", "parent_call", "guardian_contact", "child_parent_contact",
              "diary", "study_plan", "term_summary"):
        assert kinds[k] > 0, k
    assert {e["outcome"] for _, e in a.entries} >= {"done", "attempted_unreachable"}
    assert all(e["occurred_on"] <= TODAY for _, e in a.entries)
    parents = [c for _, c in a.contacts if c["role"] in ("father", "mother")]
    assert all(c["work_city"] for c in parents)  # guardians away in cities
    assert len(a.terms) == 4  # two school years: autumn + spring each
    assert all(set(e["kind"] for _, e in a.entries) <= set(vocab.ENTRY_KINDS) for _ in [0])


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
