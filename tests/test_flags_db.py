"""db.flags on a real vault: open, record steps, resolve, absence, return attempts, plans."""

import datetime as dt

import pytest

from mentor_tui.core import flags as F
from mentor_tui.core.absence import absence_flag_id
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.db import flags as db, store
from mentor_tui.db.children import add_child

TODAY = dt.date.today()


def school_days_back(n):
    """The last ``n`` weekdays up to today (oldest first)."""
    out, d = [], TODAY
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d -= dt.timedelta(days=1)
    return sorted(out)


@pytest.fixture
def child(vault):
    return add_child(vault, "王小明", added_on=TODAY - dt.timedelta(days=60))


def test_open_flag_and_record_every_step_unpins_it(vault, child):
    fid = db.open_flag(vault, child, "violence", "手臂有淤青，说是爸爸打的")
    pinned = db.pinned_flags(vault)
    assert [(f.id, name) for f, name, _ in pinned] == [(fid, "王小明")]
    db.record_step(vault, fid, "police_report", "城关派出所 李警官", receipt="JX2026-001")
    f = db.get_flag(vault, fid)
    assert f.status == "reported"
    assert f.checklist["police_report"]["receipt"] == "JX2026-001"
    assert db.pinned_flags(vault)  # two steps still missing
    db.record_step(vault, fid, "tell_leadership", "张校长")
    assert db.pinned_flags(vault)
    db.record_step(vault, fid, "tell_family", "奶奶；父亲（电话）")
    assert db.pinned_flags(vault) == []
    f = db.get_flag(vault, fid)
    assert [e["type"] for e in f.events] == ["opened", "step", "step", "step"]
    assert len(store.history(vault, fid)) == 4
    assert db.open_flags(vault)[0].id == fid  # still open until resolved


def test_step_validation(vault, child):
    fid = db.open_flag(vault, child, "harm", "摔伤")
    with pytest.raises(ValidationError):
        db.record_step(vault, fid, "police_report", "   ")
    with pytest.raises(ValidationError):
        db.record_step(vault, fid, "return_attempt_1", "x")
    with pytest.raises(ValidationError):
        db.record_step(
            vault, fid, "police_report", "x", done_at=dt.datetime.now() + dt.timedelta(days=3)
        )
    with pytest.raises(ValidationError):
        db.open_flag(vault, child, "harm", "  ")
    with pytest.raises(ValidationError):
        db.open_flag(vault, child, "nonsense", "x")
    with pytest.raises(MentorError):
        db.open_flag(vault, "no-such-child", "harm", "x")


def test_resolving_needs_a_reason(vault, child):
    fid = db.open_flag(vault, child, "bullying", "被同学推搡")
    for reason in ("", "   ", "\u202e"):
        with pytest.raises(ValidationError) as err:
            db.resolve_flag(vault, fid, reason)
        assert err.value.field == "resolved_reason"
    assert db.get_flag(vault, fid).status == "open"
    db.resolve_flag(vault, fid, "班主任调解，双方家长已沟通")
    f = db.get_flag(vault, fid)
    assert f.status == "resolved" and f.resolved_on == TODAY
    assert f.events[-1]["missing"] == ["tell_leadership", "tell_family"]
    assert db.open_flags(vault) == []
    with pytest.raises(MentorError):
        db.resolve_flag(vault, fid, "again")
    db.reopen_flag(vault, fid)
    assert db.get_flag(vault, fid).status == "open"


def test_two_unexplained_days_raise_a_flag(vault, child):
    d1, d2 = school_days_back(2)
    _, flag = db.log_absence(vault, child, d1)
    assert flag is None and db.open_flags(vault) == []
    _, flag = db.log_absence(vault, child, d2)
    assert flag is not None
    f = db.get_flag(vault, flag)
    assert f.category == "absence" and f.events[0]["type"] == "auto_opened"
    assert [a.day for a in db.flag_absences(vault, flag)] == [d1, d2]
    # A third day joins the open flag, no second flag.
    d0 = school_days_back(3)[0]
    _, again = db.log_absence(vault, child, d0)
    assert again is None
    assert len(db.open_flags(vault)) == 1
    assert db.get_flag(vault, flag).events[-1]["type"] == "absence"


def test_a_day_with_a_reason_does_not_raise(vault, child):
    d1, d2 = school_days_back(2)
    db.log_absence(vault, child, d1)
    _, flag = db.log_absence(vault, child, d2, reason="发烧，奶奶请假")
    assert flag is None and db.open_flags(vault) == []
    # Logging the same day again updates it: a later "unexplained" for d2 now raises.
    _, flag = db.log_absence(vault, child, d2)
    assert flag is not None
    assert len(db.absences_of(vault, child)) == 2


def test_two_failed_return_attempts_request_the_report(vault, child):
    d1, d2 = school_days_back(2)
    db.log_absence(vault, child, d1)
    _, fid = db.log_absence(vault, child, d2)
    assert fid is not None
    db.add_return_attempt(vault, fid, "failed", how="电话联系奶奶")
    assert not F.needs_report(db.get_flag(vault, fid))
    db.add_return_attempt(vault, fid, "failed", how="家访")
    f = db.get_flag(vault, fid)
    assert F.needs_report(f)
    assert "dropout_report" in F.missing_steps(f)
    assert db.pinned_flags(vault)[0][0].id == fid
    db.record_step(vault, fid, "dropout_report", "中心学校 控辍保学办", receipt="KC-7")
    f = db.get_flag(vault, fid)
    assert not F.needs_report(f) and F.is_complete(f) and f.status == "reported"
    assert db.pinned_flags(vault) == []
    with pytest.raises(ValidationError):
        db.add_return_attempt(vault, fid, "maybe")
    other = db.open_flag(vault, child, "harm", "x")
    with pytest.raises(ValidationError):
        db.add_return_attempt(vault, other, "failed")


def test_plan_review_is_a_duty_until_the_plan_closes(vault, child):
    fid = db.open_flag(vault, child, "study_collapse", "期中数学 32 分，作业不交")
    assert not F.is_complete(db.get_flag(vault, fid))
    review = TODAY + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        db.add_plan(vault, fid, "及格", "每天放学辅导 20 分钟", "王老师", None)
    pid = db.add_plan(vault, fid, "及格", "每天放学辅导 20 分钟", "王老师", review)
    assert db.plan_counts(vault) == {fid: 1}
    due = db.plans_due(vault, TODAY)
    assert [(d.plan_id, d.child_id, d.status, d.due_date) for d in due] == [
        (pid, child, "due_soon", review)
    ]
    assert db.plans_due(vault, review + dt.timedelta(days=1))[0].status == "overdue"
    db.review_plan(vault, pid, TODAY + dt.timedelta(days=30), note="有进步")
    assert db.plans_due(vault, TODAY)[0].status == "due"
    assert db.find_plan(vault, pid[:8]).reviews[0]["note"] == "有进步"
    db.close_plan(vault, pid, "期末及格")
    assert db.plans_due(vault, TODAY) == []
    with pytest.raises(MentorError):
        db.close_plan(vault, pid)
    assert db.get_flag(vault, fid).events[-1]["type"] == "plan_closed"


def test_find_by_prefix(vault, child):
    fid = db.open_flag(vault, child, "other", "x")
    assert db.find_flag(vault, fid[:6]).id == fid
    assert db.find_flag(vault, fid.upper()).id == fid
    with pytest.raises(MentorError):
        db.find_flag(vault, "zzzz")


def test_opened_by_and_opened_at_are_recorded(vault, child):
    from mentor_tui.db.settings import set_setting

    set_setting(vault, "teacher_name", "李丽老师")
    fid = db.open_flag(
        vault, child, "harm", "额头缝针", opened_at=dt.datetime(2026, 3, 2, 9, 41, 27)
    )
    f = db.get_flag(vault, fid)
    assert (f.opened_by, f.opened_at) == ("李丽老师", dt.datetime(2026, 3, 2, 9, 41))
    assert (f.events[0]["by"], f.events[0]["at"]) == ("李丽老师", "2026-03-02T09:41:00")
    # Left out: now, to the minute; the same for a flag the absence rule opens itself.
    before = dt.datetime.now().replace(second=0, microsecond=0)
    now_id = db.open_flag(vault, child, "violence", "手臂有淤青")
    d1, d2 = school_days_back(2)
    db.log_absence(vault, child, d1)
    auto_id = db.log_absence(vault, child, d2)[1]
    after = dt.datetime.now()
    for flag_id in (now_id, auto_id):
        f = db.get_flag(vault, flag_id)
        assert f.opened_by == "李丽老师"
        assert before <= f.opened_at <= after and f.opened_at.second == 0


def test_a_resolved_flag_takes_no_more_steps_attempts_or_plans(vault, child):
    d1, d2 = school_days_back(2)
    db.log_absence(vault, child, d1)
    fid = db.log_absence(vault, child, d2)[1]
    plan_flag = db.open_flag(vault, child, "conduct", "多次逃课去网吧")
    for flag_id in (fid, plan_flag):
        db.resolve_flag(vault, flag_id, "已返校")
    versions = {f: len(store.history(vault, f)) for f in (fid, plan_flag)}
    refused = [
        lambda: db.record_step(vault, fid, "dropout_report", "中心学校"),
        lambda: db.add_return_attempt(vault, fid, "failed", how="家访"),
        lambda: db.add_plan(vault, plan_flag, "按时到校", "每周谈心", "王老师", TODAY),
    ]
    for call in refused:
        with pytest.raises(MentorError) as err:
            call()
        assert err.value.key == "err.flag_resolved_locked"
        assert "重新打开" in str(err.value)
    assert {f: len(store.history(vault, f)) for f in (fid, plan_flag)} == versions
    assert db.plans_of(vault) == [] and db.get_flag(vault, fid).attempts == ()
    # Reopened, it takes them again; reopening an open flag is refused.
    db.reopen_flag(vault, fid)
    with pytest.raises(MentorError) as err:
        db.reopen_flag(vault, fid)
    assert err.value.key == "err.flag_not_resolved"
    db.add_return_attempt(vault, fid, "failed", how="家访")
    assert len(db.get_flag(vault, fid).attempts) == 1


def test_failed_attempts_before_the_childs_return_do_not_count(vault, child):
    d1, d2 = school_days_back(2)
    db.log_absence(vault, child, d1)
    fid = db.log_absence(vault, child, d2)[1]
    for outcome in ("failed", "returned", "failed"):
        db.add_return_attempt(vault, fid, outcome)
    f = db.get_flag(vault, fid)
    assert not F.needs_report(f) and "dropout_report" not in F.missing_steps(f)
    assert F.missing_steps(f) == ["return_attempt_2"]  # one more try since the return
    db.add_return_attempt(vault, fid, "failed")
    assert F.needs_report(db.get_flag(vault, fid))


def test_reconcile_on_one_vault_is_idempotent_and_respects_a_resolved_run(vault, child):
    d1, d2, d3 = school_days_back(3)
    db.log_absence(vault, child, d1)
    fid = db.log_absence(vault, child, d2)[1]
    assert fid == absence_flag_id(child, d1)
    n = len(store.all_versions(vault))
    assert db.reconcile_absence_flags(vault) == 0
    db.resolve_flag(vault, fid, "家长补了假条")
    assert db.reconcile_absence_flags(vault) == 0
    assert db.reconcile_absence_flags(vault, [child, "no-such-child"]) == 0
    assert db.get_flag(vault, fid).status == "resolved"
    assert len(store.all_versions(vault)) == n + 1  # only the resolution
    # Re-logging a day already known does not reopen it; a new day of the same run does.
    assert db.log_absence(vault, child, d2, note="补记")[1] is None
    assert db.get_flag(vault, fid).status == "resolved"
    assert db.log_absence(vault, child, d3)[1] == fid
    f = db.get_flag(vault, fid)
    assert f.status == "open" and [e["type"] for e in f.events][-2:] == ["reopened", "absence"]
    assert [x.day for x in db.flag_absences(vault, fid)] == [d1, d2, d3]
    assert [x.id for x in db.list_flags(vault)] == [fid]
