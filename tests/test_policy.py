"""Duty policy files (core/policy.py): presets, the format, and errors naming line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, set_language
from mentor_tui.core.policy import (
    APPLIES_TO,
    CADENCES,
    PRESETS,
    PolicyError,
    load_policy,
    load_preset,
    parse_policy,
    preset_text,
)
from mentor_tui.core.vocab import ENTRY_KINDS, OUTCOMES

GOOD = """\
[policy]
id = "school"
label = { zh = "本校", en = "Our school" }

[phases]
start_weeks = 3

[[duty]]
id = "talk"
label = { zh = "谈心", en = "Talk" }
kind = "talk"
cadence = "monthly"
due_day = 25
max_gap_days = 45

[[duty]]
id = "call"
label = { zh = "电话", en = "Call" }
kind = "parent_call"
outcomes = ["done", "attempted_unreachable"]
cadence = "weekly"
applies_to = "category:poor"
"""


@pytest.fixture(autouse=True)
def english():
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def broken(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        parse_policy(text)
    return info.value


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_is_valid(name: str) -> None:
    policy = load_preset(name)
    assert policy.id == name
    assert policy.duties, name
    for duty in policy.duties:
        assert duty.kind in ENTRY_KINDS
        assert duty.cadence in CADENCES
        assert duty.outcomes <= set(OUTCOMES)
        assert duty.applies_to in APPLIES_TO
        assert duty.label_zh and duty.label_en
    assert len({d.id for d in policy.duties}) == len(policy.duties)


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_duty_cites_its_seed(name: str) -> None:
    text = preset_text(name)
    blocks = text.split("[[duty]]")[1:]
    preceding = text.split("[[duty]]")[:-1]
    assert len(blocks) == len(load_preset(name).duties)
    for before in preceding:
        lines = before.rstrip().splitlines()
        comments = []
        while lines and lines[-1].startswith("#"):
            comments.append(lines.pop())
        assert any(c.startswith("# seed") for c in comments), comments


def test_default_preset_matches_seeds_001_004() -> None:
    policy = load_preset("default")
    cadence = {d.id: (d.kind, d.cadence, d.phases) for d in policy.duties}
    assert cadence == {
        "talk": ("talk", "monthly", ()),
        "home_visit": ("home_visit", "phases", ("start", "middle", "end")),
        "parent_call": ("parent_call", "monthly", ()),
        "guardian_contact": ("guardian_contact", "monthly", ()),
        "child_parent_contact": ("child_parent_contact", "monthly", ()),
        "study_plan": ("study_plan", "phases", ("start",)),
        "term_summary": ("term_summary", "phases", ("end",)),
    }
    assert "attempted_unreachable" in policy.duty("parent_call").outcomes
    assert policy.duty("talk").outcomes == frozenset({"done"})


def test_monthly_visit_and_core_presets() -> None:
    mv = load_preset("monthly-visit")
    assert mv.duty("home_visit").cadence == "monthly"
    assert mv.duty("parent_call").cadence == "weekly"
    core = load_preset("core")
    assert [d.id for d in core.duties] == ["talk", "home_visit", "parent_call"]
    assert core.duty("home_visit").cadence == "per_term"
    assert core.duty("home_visit").times == 1
    assert core.duty("parent_call").outcomes == frozenset({"done"})


def test_unknown_preset() -> None:
    with pytest.raises(MentorError) as info:
        load_preset("weekly-everything")
    assert info.value.key == "err.policy_unknown_preset"
    assert "core" in str(info.value)


def test_good_policy_parses_with_defaults() -> None:
    policy = parse_policy(GOOD)
    assert (policy.id, policy.label(), policy.label("zh")) == ("school", "Our school", "本校")
    assert (policy.start_weeks, policy.middle_weeks, policy.end_weeks) == (3, 3, 4)
    talk, call = policy.duties
    assert (talk.due_day, talk.max_gap_days, talk.warn_days, talk.times) == (25, 45, 7, 1)
    assert talk.outcomes == frozenset({"done"}) and talk.pause_in_breaks is True
    assert call.warn_days == 2  # weekly default
    assert call.applies_to == "category:poor"
    assert call.label("zh") == "电话"


def test_load_policy_from_file(tmp_path: Path) -> None:
    path = tmp_path / "school.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_policy(path).duty("call").kind == "parent_call"
    with pytest.raises(MentorError) as info:
        load_policy(tmp_path / "missing.toml")
    assert info.value.key == "err.policy_not_found"


def test_bad_cadence_names_line_and_field() -> None:
    err = broken(GOOD.replace('cadence = "weekly"', 'cadence = "fortnightly"'))
    assert err.key == "err.policy_invalid"
    assert (err.line, err.field) == (21, "duty.cadence")
    assert "line 21" in str(err) and "cadence" in str(err)
    assert "monthly" in str(err)  # the reason lists the choices
    assert "第 21 行" in err.message("zh")


def test_syntax_error_names_line_and_field() -> None:
    err = broken(GOOD.replace('kind = "talk"', "kind = talk"))
    assert err.line == 11
    assert err.field == "duty.kind"
    assert "TOML" in str(err)


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ('kind = "parent_call"', 'kind = "phone"', 19, "duty.kind"),
        (
            'outcomes = ["done", "attempted_unreachable"]',
            'outcomes = ["done", "maybe"]',
            20,
            "duty.outcomes",
        ),
        ('outcomes = ["done", "attempted_unreachable"]', "outcomes = []", 20, "duty.outcomes"),
        ('outcomes = ["done", "attempted_unreachable"]', 'outcomes = "done"', 20, "duty.outcomes"),
        ("due_day = 25", "due_day = 32", 13, "duty.due_day"),
        ("due_day = 25", 'due_day = "25"', 13, "duty.due_day"),
        ("max_gap_days = 45", "max_gap_days = 0", 14, "duty.max_gap_days"),
        ('applies_to = "category:poor"', 'applies_to = "category:rich"', 22, "duty.applies_to"),
        ('id = "call"', 'id = "talk"', 17, "duty.id"),
        ('id = "call"', 'id = "Call me"', 17, "duty.id"),
        ('label = { zh = "电话", en = "Call" }', 'label = { zh = "电话" }', 18, "duty.label"),
        ("start_weeks = 3", "start_weeks = 30", 6, "phases.start_weeks"),
        ("start_weeks = 3", "start_wekes = 3", 6, "phases.start_wekes"),
        ('cadence = "weekly"', 'cadence = "weekly"\ncolour = "red"', 22, "duty.colour"),
        ('cadence = "weekly"', 'cadence = "weekly"\nphases = ["start"]', 22, "duty.phases"),
        ('cadence = "weekly"', 'cadence = "phases"', 21, "duty.cadence"),
        (
            'cadence = "weekly"',
            'cadence = "phases"\nphases = ["start", "start"]',
            22,
            "duty.phases",
        ),
        ('cadence = "weekly"', 'cadence = "per_term"\ndue_day = 3', 22, "duty.due_day"),
        (
            'cadence = "weekly"',
            'cadence = "weekly"\npause_in_breaks = "yes"',
            22,
            "duty.pause_in_breaks",
        ),
    ],
)
def test_broken_field_names_line_and_field(old: str, new: str, line: int, field: str) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    err = broken(text)
    assert (err.line, err.field) == (line, field), str(err)
    assert f"line {line}" in str(err) and field in str(err)


def test_missing_required_field_points_at_the_duty_header() -> None:
    err = broken(GOOD.replace('kind = "parent_call"\n', ""))
    assert (err.line, err.field) == (16, "duty.kind")
    assert "required" in str(err)


def test_weekly_due_day_is_a_weekday() -> None:
    err = broken(GOOD.replace('cadence = "weekly"', 'cadence = "weekly"\ndue_day = 8'))
    assert err.field == "duty.due_day"
    assert "between 1 and 7" in str(err)


def test_no_duties() -> None:
    err = broken('[policy]\nid = "empty"\n')
    assert err.field == "duty"


def test_phases_kept_in_term_order() -> None:
    text = GOOD.replace('cadence = "weekly"', 'cadence = "phases"\nphases = ["end", "start"]')
    assert parse_policy(text).duty("call").phases == ("start", "end")


def test_multiline_array_and_comments_keep_line_numbers() -> None:
    text = GOOD.replace(
        'outcomes = ["done", "attempted_unreachable"]',
        'outcomes = [  # which [outcomes] count\n  "done",\n  "attempted_unreachable",\n]',
    )
    assert parse_policy(text).duty("call").outcomes == {"done", "attempted_unreachable"}
    err = broken(text.replace('"attempted_unreachable",', '"attempted",'))
    assert (err.line, err.field) == (20, "duty.outcomes")
    err = broken(text.replace('applies_to = "category:poor"', 'applies_to = "some"'))
    assert (err.line, err.field) == (25, "duty.applies_to")


def test_every_duty_message_key_exists_in_both_languages() -> None:
    import re

    from mentor_tui.core import cadence, duties, duty_engine, duty_facts, policy, terms
    from mentor_tui.core.i18n import catalog

    cat = catalog()
    used = set()
    for module in (policy, cadence, duties, duty_engine, duty_facts, terms):
        source = Path(module.__file__).read_text(encoding="utf-8")
        used |= set(re.findall(r'"((?:duty|err)\.[a-z_]+(?:\.[a-z_]+)?)"', source))
    used |= {f"duty.status.{s}" for s in duty_facts.STATUSES}
    used |= {f"duty.phase.{p}" for p in terms.PHASES}
    used |= {f"duty.cadence.{c}" for c in CADENCES}
    assert "duty.reason.unknown_field" in used and "err.policy_invalid" in used
    missing = sorted(k for k in used if k not in cat)
    assert missing == []


def test_the_example_in_docs_parses() -> None:
    docs = Path(__file__).parents[1] / "docs" / "policy.md"
    text = docs.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    policy = parse_policy(example)
    assert [d.id for d in policy.duties] == ["talk", "parent_call", "home_visit", "boarder_talk"]
    assert policy.duty("talk").max_gap_days == 45
    assert policy.duty("boarder_talk").applies_to == "boarding"
