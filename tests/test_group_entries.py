"""One check-in for several children (issue 16): each child's own entry, linked by a group id
in its payload; the policy says per duty whether a group entry counts for each child (yes by
default for home visits and parent calls, no for talks), and the duty engine honours it."""

import datetime as dt

import pytest

from mentor_tui.core.duties import compute_duties, compute_duties_pairwise
from mentor_tui.core.duty_facts import ChildFacts, EntryFact
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.policy import PolicyError, load_preset, parse_policy
from mentor_tui.core.terms import TermInfo
from mentor_tui.db import children, entries, store
from mentor_tui.db.duty_data import compute_view
from mentor_tui.db.settings import add_term, set_policy_toml, set_setting

TODAY = dt.date(2026, 11, 20)
TERM = TermInfo("t1", "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))


def kid(cid: str) -> ChildFacts:
    return ChildFacts(cid, cid, "三年级二班", False, frozenset(), dt.date(2026, 9, 1))


def status(statuses, child_id, duty_id):
    return next(s for s in statuses if s.child_id == child_id and s.duty_id == duty_id)


def test_the_default_policy_counts_group_visits_and_calls_not_talks():
    policy = load_preset("default")
    counts = {d.kind: d.group_counts for d in policy.duties}
    assert counts["home_visit"] and counts["parent_call"]
    assert not counts["talk"]


def test_a_duty_may_say_otherwise_in_the_policy_file():
    text = """
[[duty]]
id = "talk"
label = { zh = "谈心", en = "Talk" }
kind = "talk"
cadence = "monthly"
group_counts = true

[[duty]]
id = "visit"
label = { zh = "家访", en = "Visit" }
kind = "home_visit"
cadence = "monthly"
group_counts = false
"""
    talk, visit = parse_policy(text).duties
    assert talk.group_counts and not visit.group_counts
    bad = text.replace("group_counts = true", 'group_counts = "yes"')
    with pytest.raises(PolicyError) as err:
        parse_policy(bad)
    assert err.value.field == "duty.group_counts" and err.value.line == 7


@pytest.mark.parametrize("engine", [compute_duties, compute_duties_pairwise])
def test_the_engine_counts_a_group_entry_per_child_only_where_the_duty_says_so(engine):
    policy = load_preset("default")
    kids = [kid("a"), kid("b"), kid("c")]
    day = dt.date(2026, 11, 10)
    facts = [
        EntryFact("a", "talk", "done", day, True),  # a group talk for a and b
        EntryFact("b", "talk", "done", day, True),
        EntryFact("a", "home_visit", "done", day, True),  # a visit to the siblings a and b
        EntryFact("b", "home_visit", "done", day, True),
        EntryFact("c", "talk", "done", day),  # c's own talk
    ]
    statuses = engine(policy, [TERM], kids, facts, TODAY)
    assert status(statuses, "a", "talk").status != "done"  # 谈心 is one to one
    assert status(statuses, "a", "talk").done_this_month == 0
    assert status(statuses, "c", "talk").status == "done"
    for child in ("a", "b"):
        visit = status(statuses, child, "home_visit")
        assert visit.done_in_period == 1 and visit.last_done == day  # one home, one visit each
    assert status(statuses, "c", "home_visit").done_in_period == 0


def test_the_shared_and_the_pairwise_engine_agree_with_group_entries():
    policy = load_preset("monthly-visit")
    kids = [kid(str(i)) for i in range(6)]
    facts = []
    for i in range(6):
        for n, kind in enumerate(("talk", "home_visit", "parent_call")):
            day = dt.date(2026, 9 + n, 3 + i)
            facts.append(EntryFact(str(i), kind, "done", day, group=(i + n) % 2 == 0))
    assert compute_duties(policy, [TERM], kids, facts, TODAY) == compute_duties_pairwise(
        policy, [TERM], kids, facts, TODAY
    )


def _seed(vault):
    set_setting(vault, "policy", "default")
    add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
    paired = dt.date(2026, 9, 1)
    return [
        children.add_child(vault, name, added_on=paired, class_name="三年级二班")
        for name in ("李明", "李华", "王芳")
    ]


def test_save_group_gives_each_child_her_own_entry_of_one_group(vault):
    a, b, c = _seed(vault)
    day = dt.date(2026, 11, 10)
    group = entries.save_group(
        vault, None, [a, b], "home_visit", occurred_on=day, outcome="done", text="姐弟俩", card={}
    )
    members = entries.group_entries(vault, group)
    assert sorted(e.child_id for e in members) == sorted([a, b])
    assert {e.group_id for e in members} == {group} and {e.text for e in members} == {"姐弟俩"}
    # the group id is a field of each entry's own payload (no new entity, no format change)
    payload = store.versions_of(members[0].id)[0].payload
    assert payload["group_id"] == group and payload["child_id"] in (a, b)
    # counted per child by the duty engine: the visit for a and b, not for c
    view = compute_view(vault, TODAY)
    assert status(view.statuses, a, "home_visit").last_done == day
    assert status(view.statuses, b, "home_visit").last_done == day
    assert status(view.statuses, c, "home_visit").last_done is None
    # one child's view (the dashboard after a save) says the same
    alone = compute_view(vault, TODAY, child_id=b)
    assert status(alone.statuses, b, "home_visit").last_done == day


def test_a_group_talk_does_not_count_unless_the_policy_says_so(vault):
    a, b, _c = _seed(vault)
    day = dt.date(2026, 11, 10)
    entries.save_group(vault, None, [a, b], "talk", occurred_on=day, text="班会")
    view = compute_view(vault, TODAY)
    assert status(view.statuses, a, "talk").status != "done"
    assert status(view.statuses, a, "talk").last_done is None
    policy = load_preset("default")
    text = entries_toml(policy).replace('kind = "talk"', 'kind = "talk"\ngroup_counts = true', 1)
    set_policy_toml(vault, text)
    view = compute_view(vault, TODAY)
    assert status(view.statuses, a, "talk").status == "done"


def entries_toml(policy) -> str:
    from mentor_tui.core.policy import preset_text

    return preset_text(policy.id)


def test_last_done_before_the_term_keeps_group_entries_apart(vault):
    """The newest entry before the term start (last_done on a term's first days) is looked up
    per group-or-not too: a group talk in the term before is not her last talk."""
    a, b, _c = _seed(vault)
    add_term(vault, "2026年春季学期", dt.date(2026, 2, 23), dt.date(2026, 7, 5))
    entries.log_entry(vault, a, "talk", dt.date(2026, 5, 10))
    entries.save_group(vault, None, [a, b], "talk", occurred_on=dt.date(2026, 6, 20))
    view = compute_view(vault, dt.date(2026, 9, 2))
    assert status(view.statuses, a, "talk").last_done == dt.date(2026, 5, 10)
    assert status(view.statuses, b, "talk").last_done is None


def test_editing_a_group_writes_every_member_and_follows_the_ticks(vault):
    a, b, c = _seed(vault)
    day = dt.date(2026, 11, 10)
    group = entries.save_group(vault, None, [a, b], "talk", occurred_on=day, text="第一次")
    entries.save_group(vault, group, [b, c], "talk", occurred_on=day, text="改过")
    members = {e.child_id: e for e in entries.group_entries(vault, group)}
    assert set(members) == {b, c}  # a no longer ticked: her entry is deleted
    assert {e.text for e in members.values()} == {"改过"}
    assert entries.entries_for_child(vault, a) == []
    assert {g: sorted(ids) for g, ids in entries.group_members(vault, [group]).items()} == {
        group: sorted([b, c])
    }
    with pytest.raises(ValidationError):
        entries.save_group(vault, group, [], "talk", occurred_on=day)


def test_the_group_scans_use_covering_indexes(vault):
    def plan(query) -> str:
        sql, params = query.sql()
        rows = vault.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return " ".join(str(r[-1]) for r in rows)

    with vault.read():
        assert "COVERING INDEX entry_due_scan" in plan(entries.duty_facts_query(TODAY))
        assert "COVERING INDEX entry_group_scan" in plan(entries.group_facts_query(TODAY))


def test_phrases_come_back_most_recent_first(vault):
    a, b, _c = _seed(vault)
    entries.log_entry(vault, a, "talk", dt.date(2026, 10, 1), card={"place": "教学楼"})
    entries.log_entry(vault, b, "talk", dt.date(2026, 11, 1), card={"place": "教室"})
    entries.log_entry(vault, b, "home_visit", dt.date(2026, 11, 2), card={"follow_up": "下周回访"})
    entries.log_entry(vault, a, "talk", dt.date(2026, 11, 3), card={"place": "教室"})
    phrases = entries.card_phrases(vault, "talk")
    assert phrases["place"] == ["教室", "教学楼"]  # distinct, the most recent first
    assert phrases["follow_up"] == ["下周回访"]  # a field shared by kinds
    assert set(phrases) == {"place", "child_said", "problems", "help_given", "follow_up"}
