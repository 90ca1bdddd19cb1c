"""`mentor due` and the db side of the duty engine: names and labels only, the index used."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from mentor_tui.db import children, entries
from mentor_tui.db.duty_data import compute_view

TODAY = dt.date(2026, 11, 23)


def _run(*args, stdin):
    env = {**os.environ, "LANG": "zh_CN.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_compute_view_counts_a_logged_talk(vault):
    cid = children.add_child(vault, "李明", added_on=dt.date(2026, 9, 1))
    before = {s.duty_id: s for s in compute_view(vault, TODAY).statuses if s.child_id == cid}
    assert before["talk"].status != "done"
    entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 20), text="谈心内容 SECRET")
    after = {s.duty_id: s for s in compute_view(vault, TODAY).statuses if s.child_id == cid}
    assert after["talk"].status == "done"
    assert after["talk"].last_done == dt.date(2026, 11, 20)


def test_archived_child_owes_nothing(vault):
    cid = children.add_child(vault, "王芳", added_on=dt.date(2026, 9, 1))
    entries.log_entry(vault, cid, "talk", dt.date(2026, 9, 20))
    before = [s for s in compute_view(vault, TODAY).statuses if s.child_id == cid]
    assert {s.status for s in before} != {"not_applicable"}  # owed while she was here
    children.archive_child(vault, cid, "转学", on=dt.date(2026, 10, 1))
    statuses = [s for s in compute_view(vault, TODAY).statuses if s.child_id == cid]
    assert len(statuses) == 7  # one per duty of the default preset
    for s in statuses:
        assert s.status == "not_applicable", s
        assert (s.required_this_term, s.required_full_term, s.due_date) == (0, 0, None), s


def test_mentor_due_table_and_json(vault, paths, passphrase):
    cid = children.add_child(vault, "张小花", class_name="三年级二班", added_on=dt.date(2026, 9, 1))
    entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 2), text="秘密笔记 SECRET")
    vault.close()
    out = _run("due", "--passphrase-stdin", "--date", "2026-11-23", stdin=passphrase + "\n")
    assert out.returncode == 0, out.stderr
    assert "张小花" in out.stdout and "三年级二班" in out.stdout
    assert "与家长通电话" in out.stdout  # the duty's label from the policy, not its id
    assert "parent_call" not in out.stdout
    assert "谈心" not in out.stdout  # done this month: left out without --all
    assert "SECRET" not in out.stdout  # labels only, never notes
    js = _run(
        "due",
        "--passphrase-stdin",
        "--date",
        "2026-11-23",
        "--json",
        "--all",
        stdin=passphrase + "\n",
    )
    assert "SECRET" not in js.stdout and "秘密笔记" not in js.stdout
    items = json.loads(js.stdout)
    talk = [i for i in items if i["duty"] == "talk"]
    assert talk and talk[0]["status"] == "done" and talk[0]["last_done"] == "2026-11-02"
    shown = json.loads(
        _run(
            "due", "--passphrase-stdin", "--date", "2026-11-23", "--json", stdin=passphrase + "\n"
        ).stdout
    )
    assert shown and {i["status"] for i in shown} <= {"overdue", "due_soon", "due"}
    assert "talk" not in {i["duty"] for i in shown}
    assert len(shown) < len(items)
    later = json.loads(
        _run(
            "due",
            "--passphrase-stdin",
            "--date",
            "2026-12-21",
            "--json",
            "--all",
            stdin=passphrase + "\n",
        ).stdout
    )
    talk_later = [i for i in later if i["duty"] == "talk"]
    assert talk_later[0]["status"] == "due" and talk_later[0]["due_date"] == "2026-12-31"
    visit = {
        d: next(i for i in r if i["duty"] == "home_visit")["status"]
        for d, r in (("11-23", items), ("12-21", later))
    }
    assert visit == {"11-23": "overdue", "12-21": "due"}  # mid-term missed; now term end
    bad = _run("due", "--passphrase-stdin", "--date", "2026-02-30", stdin=passphrase + "\n")
    assert bad.returncode == 2 and "2026-02-30" in bad.stderr and "Traceback" not in bad.stderr


def _plan(vault, query) -> str:
    sql, params = query.sql()
    plan = vault.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return " ".join(str(r[-1]) for r in plan)


def test_due_scan_uses_the_covering_index(vault):
    """The query compute_view runs (entries.duty_facts_query), not a copy of it."""
    with vault.read():
        query = entries.duty_facts_query(dt.date(2026, 9, 1))
        detail = _plan(vault, query)
        assert 'FROM "entry"' in query.sql()[0]
    assert "COVERING INDEX entry_due_scan" in detail, detail


def test_last_done_query_uses_the_covering_index(vault):
    with vault.read():
        detail = _plan(
            vault,
            entries.last_done_query(
                dt.date(2026, 2, 23),
                dt.date(2026, 9, 1),
                ["talk", "parent_call"],
                ["done", "attempted_unreachable"],
            ),
        )
    assert "COVERING INDEX entry_due_scan" in detail, detail


def test_last_done_survives_the_start_of_a_term(vault):
    """compute_view reads entries from the term start; the newest counting one of the term
    before still shows as last_done on the first day of the next term."""
    cid = children.add_child(vault, "陈静", added_on=dt.date(2025, 9, 1))
    entries.log_entry(vault, cid, "talk", dt.date(2025, 12, 1))
    entries.log_entry(vault, cid, "talk", dt.date(2026, 1, 10))
    entries.log_entry(
        vault,
        cid,
        "parent_call",
        dt.date(2026, 1, 12),
        outcome="skipped",
        skip_reason="家长换了号码",
    )
    entries.log_entry(
        vault, cid, "home_visit", dt.date(2026, 1, 8), outcome="skipped", skip_reason="下雪"
    )
    entries.log_entry(vault, cid, "home_visit", dt.date(2025, 12, 20))
    first_day = dt.date(2026, 2, 23)  # the default spring term starts
    got = {s.duty_id: s for s in compute_view(vault, first_day).statuses if s.child_id == cid}
    talk = got["talk"]
    assert (talk.term_id, talk.last_done, talk.days_since_last) == (
        "2026-spring",
        dt.date(2026, 1, 10),
        44,
    )
    assert (talk.status, talk.done_this_term) == ("due", 0)  # it does not count for spring
    assert got["home_visit"].last_done == dt.date(2025, 12, 20)  # the skipped one does not
    assert got["parent_call"].last_done is None  # a skipped call does not count
    assert got["guardian_contact"].last_done is None


def test_mentor_log_reads_the_entry_from_stdin(vault, paths, passphrase):
    cid = children.add_child(vault, "赵雨桐", added_on=dt.date(2026, 9, 1))
    vault.close()
    body = json.dumps(
        {
            "child": "赵雨桐",
            "kind": "parent_call",
            "date": "2026-11-20",
            "outcome": "attempted_unreachable",
            "text": "没接，晚上再打。",
        },
        ensure_ascii=False,
    )
    out = _run("log", "--passphrase-stdin", stdin=passphrase + "\n" + body + "\n")
    assert out.returncode == 0, out.stderr
    bad = _run("log", "--passphrase-stdin", stdin=passphrase + '\n{"child": "没有这个人"}\n')
    assert bad.returncode == 2 and "没有这个人" in bad.stderr
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import open_vault

    v = open_vault(paths, list_profiles(paths)[0], passphrase)
    try:
        (e,) = entries.entries_for_child(v, cid)
        assert (e.kind, e.outcome, e.occurred_on) == (
            "parent_call",
            "attempted_unreachable",
            dt.date(2026, 11, 20),
        )
        assert e.text == "没接，晚上再打。"
    finally:
        v.close()


def test_open_plan_review_is_a_duty_until_closed(vault):
    from mentor_tui.db import flags
    from mentor_tui.db.duty_data import duty_label

    cid = children.add_child(vault, "周浩然", added_on=dt.date(2026, 9, 1))
    fid = flags.open_flag(vault, cid, "study_collapse", observed="成绩骤降")
    pid = flags.add_plan(
        vault,
        fid,
        goals="每天完成作业",
        measures="午休辅导",
        who="班主任",
        review_on=TODAY + dt.timedelta(days=3),
    )
    view = compute_view(vault, TODAY)
    (review,) = [s for s in view.statuses if s.duty_id == "plan_review"]
    assert (review.child_id, review.status, review.days_left) == (cid, "due_soon", 3)
    assert duty_label(view.policy, "plan_review")
    flags.close_plan(vault, pid, reason="已好转")
    assert not [s for s in compute_view(vault, TODAY).statuses if s.duty_id == "plan_review"]


def test_dashboard_and_child_marks_show_a_plan_review(vault):
    from mentor_tui.db import flags
    from mentor_tui.db.ui_queries import _child_marks, dashboard

    cid = children.add_child(vault, "吴一诺", added_on=dt.date(2026, 9, 1))
    fid = flags.open_flag(vault, cid, "study_collapse", observed="作业连续不交")
    flags.add_plan(
        vault,
        fid,
        goals="按时交作业",
        measures="每日检查",
        who="班主任",
        review_on=TODAY - dt.timedelta(days=2),
    )
    (row,) = dashboard(vault, TODAY).rows  # builds without a KeyError on the extra duty
    assert row.child_id == cid and row.others is not None
    marks = {m.duty_id: m for m in _child_marks(vault, cid, TODAY)}
    assert marks["plan_review"].status == "overdue" and marks["plan_review"].days_left == -2
    assert marks["plan_review"].label == "个别教育方案复查"


def test_mentor_due_shows_what_is_near_by_child_and_counts_the_rest(vault, paths, passphrase):
    """Issue 16: by default the overdue items and those due within 7 days, one line a child,
    and how many more; --upcoming every due item, one a line; --json unchanged."""
    for name, klass in (("张小花", "三年级二班"), ("李明", "四年级一班")):
        children.add_child(vault, name, class_name=klass, added_on=dt.date(2026, 9, 1))
    vault.close()
    args = ("due", "--passphrase-stdin", "--date", "2026-11-23")
    items = json.loads(_run(*args, "--json", stdin=passphrase + "\n").stdout)
    near = [i for i in items if i["status"] == "overdue" or i["days_left"] <= 7]
    later = len(items) - len(near)
    assert near and later  # the seed has both
    out = _run(*args, stdin=passphrase + "\n")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    overdue = sum(1 for i in near if i["status"] == "overdue")
    assert lines[0] == f"2026-11-23：逾期 {overdue} 项，7 天内到期 {len(near) - overdue} 项"
    for name in ("张小花", "李明"):  # one line a child (a long line wraps under the name)
        assert sum(line.startswith(name) for line in lines) == 1, out.stdout
    assert lines[-1] == f"另有 {later} 项稍后到期（mentor due --upcoming 全部列出）。"
    assert len(lines) < len(items)
    upcoming = _run(*args, "--upcoming", stdin=passphrase + "\n").stdout.splitlines()
    assert upcoming[0] == f"2026-11-23 待办 {len(items)} 项"
    assert len(upcoming) == len(items) + 2  # the title, the header, one line an item
