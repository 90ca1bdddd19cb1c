"""Pairing (结对): the class teacher first, then the same gender (seed 000), existing pairs kept,
the load limit respected; every change dated and the history kept."""

from __future__ import annotations

import datetime as dt

import pytest

from mentor_tui.core.errors import MentorError
from mentor_tui.core.school_pairing import (
    CLASS_TEACHER,
    KEPT,
    LIGHTEST,
    NONE,
    SAME_GENDER,
    Mentor,
    Pupil,
    over_load,
    suggest,
)
from mentor_tui.db import school_pairing, school_queries, school_setup, school_staff

WANG = Mentor("w", "王芳", "female", "三年级一班")
LI = Mentor("l", "李强", "male", "三年级二班")
ZHANG = Mentor("z", "张敏", "female", "")


def _by_child(lines):
    return {s.child_id: (s.teacher_id, s.reason) for s in lines}


def test_the_class_teacher_comes_first_whatever_the_gender():
    kids = [Pupil("a", "李明", "male", "三年级一班"), Pupil("b", "赵红", "female", "三年级二班")]
    got = _by_child(suggest(kids, [WANG, LI, ZHANG]))
    assert got == {"a": ("w", CLASS_TEACHER), "b": ("l", CLASS_TEACHER)}


def test_then_a_mentor_of_the_same_gender_then_the_lightest_load():
    kids = [Pupil("a", "孙伟", "male", "五年级"), Pupil("b", "周婷", "female", "五年级")]
    got = _by_child(suggest(kids, [WANG, LI, ZHANG]))
    assert got["a"] == ("l", SAME_GENDER)
    assert got["b"][1] == SAME_GENDER and got["b"][0] in ("w", "z")
    unknown = suggest([Pupil("c", "某", "", "五年级")], [WANG, LI])
    assert unknown[0].reason == LIGHTEST


def test_existing_pairs_are_kept_and_the_load_limit_holds():
    kids = [Pupil(str(i), f"孩子{i:02d}", "male", "三年级一班") for i in range(5)]
    kids.append(Pupil("k", "已结对", "female", "三年级一班", mentor_id="l"))
    got = suggest(kids, [WANG, LI], limit=2)
    by = _by_child(got)
    assert by["k"] == ("l", KEPT)
    assert [by[str(i)] for i in range(2)] == [("w", CLASS_TEACHER)] * 2  # her class, up to 2
    assert by["2"] == ("l", SAME_GENDER)  # 王芳 is full; 李强 has one, room for one more
    assert by["3"] == (None, NONE) and by["4"] == (None, NONE)  # nobody under the limit
    counts: dict[str | None, int] = {}
    for s in got:
        counts[s.teacher_id] = counts.get(s.teacher_id, 0) + 1
    assert counts["w"] == 2 and counts["l"] == 2
    paired = [Pupil(str(i), "x", "", "", mentor_id="w") for i in range(3)]
    assert over_load(paired, [WANG, LI], limit=2) == ["w"]


def test_an_inactive_mentor_gets_nobody_and_her_children_are_paired_again():
    gone = Mentor("g", "离职", "female", "三年级一班", active=False)
    got = suggest([Pupil("a", "李明", "male", "三年级一班", mentor_id="g")], [gone, LI])
    assert _by_child(got) == {"a": ("l", SAME_GENDER)}


def test_the_same_school_gives_the_same_suggestions_in_any_order():
    kids = [
        Pupil(str(i), f"孩子{i}", "female" if i % 2 else "male", f"{i % 3}班") for i in range(12)
    ]
    mentors = [WANG, LI, ZHANG]
    a = _by_child(suggest(kids, mentors, limit=4))
    b = _by_child(suggest(list(reversed(kids)), list(reversed(mentors)), limit=4))
    assert a == b


def test_pairing_in_the_school_vault_is_dated_and_the_history_kept(paths, tmp_path):
    from school_support import make_school

    s = make_school(paths, tmp_path)
    v = s.vault
    lines = {x.child_name: x for x in school_pairing.suggestions(v)}
    assert lines["李明"].reason == KEPT  # the roster's 帮扶教师 column paired him
    assert lines["赵小红"].reason == KEPT  # suggested and applied by make_school
    kid = lines["赵小红"].child_id
    school_pairing.set_pairing(v, kid, s.teachers["王芳"], dt.date(2026, 10, 8))
    school_pairing.set_pairing(v, kid, None, dt.date(2026, 11, 1))
    hist = school_pairing.history(v, kid)
    assert [(h.teacher_name, h.start, h.end, h.source) for h in hist] == [
        ("李强", dt.date(2026, 9, 1), dt.date(2026, 10, 7), "suggested"),
        ("王芳", dt.date(2026, 10, 8), dt.date(2026, 10, 31), "manual"),
    ]
    assert [c.name for c in school_queries.unpaired_children(v)] == ["赵小红"]
    with pytest.raises(MentorError):
        school_pairing.set_pairing(v, kid, "no-such-teacher", dt.date(2026, 11, 2))
    school_setup.save_settings(v, load=1)
    school_pairing.set_pairing(v, kid, s.teachers["王芳"], dt.date(2026, 11, 2))
    over = school_queries.mentors_over_load(v)
    assert [(o.name, o.children, o.limit) for o in over] == [("王芳", 2, 1)]
    school_staff.update_teacher(v, s.teachers["李强"], active=False)
    assert all(x.teacher_id != s.teachers["李强"] for x in school_pairing.suggestions(v))
    v.close()
