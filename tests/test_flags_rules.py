"""core.flags: categories, checklists per regime, completeness, the report rule, plan duties."""

import datetime as dt
from pathlib import Path

import pytest

from mentor_tui.core import flags as F
from mentor_tui.core.i18n import catalog, t

T0 = dt.datetime(2026, 3, 2, 9, 0)


def flag(category, checklist=None, attempts=(), status="open", **kw):
    return F.FlagFacts(
        id=kw.pop("id", "f1"),
        child_id=kw.pop("child_id", "c1"),
        category=category,
        opened_at=kw.pop("opened_at", T0),
        status=status,
        checklist=checklist or {},
        attempts=tuple(attempts),
        **kw,
    )


def rec(step):
    return {step: {"done_at": "2026-03-02T10:00", "to_whom": "x"}}


def ids(steps, required=None):
    return [s.step_id for s in steps if required is None or s.required == required]


MANDATORY = ["missing", "guardian_failing", "violence", "harm"]


@pytest.mark.parametrize("category", MANDATORY)
def test_mandatory_report_categories_have_police_leadership_family(category):
    steps = F.checklist(flag(category))
    assert ids(steps) == ["police_report", "tell_leadership", "tell_family"]
    assert all(s.required and not s.done for s in steps)
    assert F.is_statutory(category)
    assert F.needs_report(flag(category))


def test_every_category_has_a_regime_and_labels():
    cat = catalog()
    assert set(F.CATEGORY_REGIME) == set(F.CATEGORIES)
    for c in F.CATEGORIES:
        assert f"flag.cat.{c}" in cat
        for s in F.checklist(flag(c)):
            assert f"flag.step.{s.step_id}" in cat


def test_absence_checklist_grows_with_attempts():
    f = flag("absence")
    assert ids(F.checklist(f)) == ["return_attempt_1", "return_attempt_2"]
    assert not F.needs_report(f)
    one = flag("absence", attempts=[{"outcome": "failed"}])
    assert F.progress(F.checklist(one)) == (1, 2)
    assert not F.needs_report(one)
    two = flag("absence", attempts=[{"outcome": "failed"}, {"outcome": "failed"}])
    assert ids(F.checklist(two), required=True) == [
        "return_attempt_1",
        "return_attempt_2",
        "dropout_report",
    ]
    assert F.needs_report(two)
    assert not F.is_complete(two)
    done = flag("absence", checklist=rec("dropout_report"), attempts=two.attempts)
    assert F.is_complete(done) and not F.needs_report(done)


def test_absence_child_back_after_first_attempt_completes():
    f = flag("absence", attempts=[{"outcome": "returned"}])
    assert ids(F.checklist(f)) == ["return_attempt_1"]
    assert F.is_complete(f)


def test_absence_whereabouts_unknown_asks_police_at_once():
    f = flag("absence", attempts=[{"outcome": "unknown_whereabouts"}])
    assert "police_report" in ids(F.checklist(f), required=True)
    assert "return_attempt_2" not in ids(F.checklist(f))
    assert F.needs_report(f)


def test_plan_categories_need_a_plan():
    for c in ("study_collapse", "conduct"):
        assert ids(F.checklist(flag(c))) == ["individual_plan"]
        assert not F.is_complete(flag(c))
        assert F.is_complete(flag(c), plan_count=1)
        assert not F.is_statutory(c)


def test_inform_categories_and_other():
    for c in ("psych_crisis", "bullying"):
        assert ids(F.checklist(flag(c))) == ["tell_leadership", "tell_family"]
        assert not F.needs_report(flag(c))
    assert F.checklist(flag("other")) == []
    # An optional step recorded anyway is shown, not required.
    steps = F.checklist(flag("other", checklist=rec("police_report")))
    assert [(s.step_id, s.required, s.done) for s in steps] == [("police_report", False, True)]


def test_can_record():
    assert F.can_record(flag("violence"), "police_report")
    assert not F.can_record(flag("psych_crisis"), "police_report")
    assert not F.can_record(flag("violence"), "return_attempt_1")
    assert F.can_record(flag("absence"), "dropout_report")


def test_pinned_until_every_step_recorded():
    a = flag("violence", id="a")
    b = flag("violence", id="b", checklist={**rec("police_report"), **rec("tell_leadership")})
    c = flag(
        "violence",
        id="c",
        checklist={**rec("police_report"), **rec("tell_leadership"), **rec("tell_family")},
    )
    d = flag("bullying", id="d")
    e = flag("harm", id="e", status="resolved")
    assert [f.id for f in F.pinned([a, b, c, d, e])] == ["a", "b"]
    # Needing the report sorts first; then mandatory reports before dropout flags.
    x = flag(
        "absence", id="x", opened_at=T0 - dt.timedelta(days=9), attempts=[{"outcome": "failed"}] * 2
    )
    assert [f.id for f in F.pinned([x, b, a])] == ["a", "b", "x"]
    assert [f.id for f in F.sort_flags([e, d, c, b, a])][:2] == ["a", "b"]
    assert F.sort_flags([e, d, c, b, a])[-1].id == "e"


def test_age_and_banner_text():
    f = flag("violence", checklist={**rec("police_report"), **rec("tell_family")})
    now = T0 + dt.timedelta(days=3, hours=2)
    assert F.age(f, now) == (3, 74)
    line = F.banner_line(f, "王小明", now, lang="zh")
    assert line.startswith("⚠ 强制报告")
    assert "已开 3 天" in line and "2/3 步" in line and "王小明" in line
    assert "需报告" not in line
    assert "5 hours" in F.age_text(f, T0 + dt.timedelta(hours=5), lang="en")
    assert "‼" in F.banner_line(flag("harm"), "x", now)


def test_plan_review_duties():
    today = dt.date(2026, 3, 10)
    plans = [
        F.PlanFacts("p1", "c1", "f1", review_on=dt.date(2026, 3, 9)),
        F.PlanFacts("p2", "c2", "f2", review_on=dt.date(2026, 3, 15)),
        F.PlanFacts("p3", "c3", "f3", review_on=dt.date(2026, 4, 30)),
        F.PlanFacts("p4", "c4", "f4", review_on=dt.date(2026, 3, 1), closed_on=dt.date(2026, 3, 5)),
    ]
    items = F.plan_review_duties(plans, today)
    assert [(i.plan_id, i.status, i.days_left) for i in items] == [
        ("p1", "overdue", -1),
        ("p2", "due_soon", 5),
        ("p3", "due", 51),
    ]
    assert {i.duty_id for i in items} == {"plan_review"}
    statuses = F.as_duty_statuses(items)
    assert [s.status for s in statuses] == ["overdue", "due_soon", "due"]
    assert statuses[0].due_date == dt.date(2026, 3, 9) and statuses[0].required_in_period == 1
    assert t("duty.plan_review") != "duty.plan_review"


def test_only_failures_since_the_childs_last_return_count():
    """Seed 001 "学校2次以上劝返未果的，必须报告": failed, returned, failed is one failure of the
    current absence, not two."""
    fail, back = (
        {"outcome": "failed", "on": "2026-03-03"},
        {"outcome": "returned", "on": "2026-03-04"},
    )
    again = {"outcome": "failed", "on": "2026-03-10"}
    f = flag("absence", attempts=[fail, back, again])
    assert not F.needs_report(f)
    assert ids(F.checklist(f), required=True) == ["return_attempt_1", "return_attempt_2"]
    assert F.missing_steps(f) == ["return_attempt_2"]
    assert F.checklist(f)[0].record == again  # the current absence's first attempt
    two = flag("absence", attempts=[fail, back, again, again])
    assert F.needs_report(two) and "dropout_report" in F.missing_steps(two)
    # A report made before the return belongs to the earlier absence.
    old_report = {"dropout_report": {"done_at": "2026-03-04T08:00", "to_whom": "x"}}
    assert F.needs_report(flag("absence", checklist=old_report, attempts=two.attempts))
    new_report = {"dropout_report": {"done_at": "2026-03-11T08:00", "to_whom": "x"}}
    assert F.is_complete(flag("absence", checklist=new_report, attempts=two.attempts))
    # Failures before a return that ended the absence still count: the report was due.
    late = flag("absence", attempts=[fail, fail, back])
    assert F.needs_report(late)
    assert F.is_complete(flag("absence", attempts=[fail, back]))


# The phrase of seed 001 each statutory step's zh label is built on (verbatim in both).
SEED_PHRASES = {
    "police_report": ("第一时间向公安机关报告",),  # 冷水江 建立强制报告机制
    "tell_leadership": ("及时报告给校领导",),  # 三官桥 坚持安全报告制度
    "tell_family": ("立即告知", "监护人和在外务工的家长"),  # 三官桥 突发事件的应急机制
    "return_attempt_1": ("劝返",),  # 冷水江 控辍保学
    "return_attempt_2": ("劝返",),
    "dropout_report": ("劝返未果", "必须报告并启动返校复学程序"),
}


SEED_COPY = Path(__file__).resolve().parent / "vectors" / "seed_001_41f2c09e84035b26.txt"


def seed_001_text() -> str:
    """Seed 001 as committed in tests/vectors (a fresh clone has no ../shared beside it)."""
    return SEED_COPY.read_text(encoding="utf-8")


def test_committed_seed_copy_is_the_shared_seed():
    """Where ../shared/domain/seeds sits beside the clone (CI, the developers' machines), the
    committed copy must be that seed, byte for byte."""
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "domain" / "seeds"
    found = sorted(shared.glob("001_*.txt"))
    if found:
        assert "seed_" + found[0].name == SEED_COPY.name
        assert found[0].read_bytes() == SEED_COPY.read_bytes()
    assert "强制报告" in seed_001_text()


def test_step_wording_comes_from_seed_001():
    seed = seed_001_text()
    statutory = {
        s.step_id
        for c in F.CATEGORIES
        if F.is_statutory(c)
        for attempts in ((), [{"outcome": "failed"}] * 2, [{"outcome": "unknown_whereabouts"}])
        for s in F.checklist(flag(c, attempts=attempts))
    }
    statutory |= {s for c in F.CATEGORIES if F.is_statutory(c) for s in F.RECORDABLE[F.regime(c)]}
    assert statutory == set(SEED_PHRASES)  # a new statutory step needs its seed phrase here
    for step, phrases in SEED_PHRASES.items():
        zh, en = t(f"flag.step.{step}", lang="zh"), t(f"flag.step.{step}", lang="en")
        for phrase in phrases:
            assert phrase in seed, (step, phrase)
            assert phrase in zh, (step, phrase, zh)
        assert en.strip() and en != zh and en != f"flag.step.{step}"
