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
    return subprocess.run([sys.executable, "-m", "mentor_tui", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


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
    children.archive_child(vault, cid, "转学", on=dt.date(2026, 10, 1))
    statuses = [s for s in compute_view(vault, TODAY).statuses if s.child_id == cid]
    assert all(s.status in ("not_applicable", "done") for s in statuses)


def test_mentor_due_table_and_json(vault, paths, passphrase):
    cid = children.add_child(vault, "张小花", class_name="三年级二班", added_on=dt.date(2026, 9, 1))
    entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 2), text="秘密笔记 SECRET")
    vault.close()
    out = _run("due", "--passphrase-stdin", "--date", "2026-11-23", stdin=passphrase + "\n")
    assert out.returncode == 0, out.stderr
    assert "张小花" in out.stdout and "三年级二班" in out.stdout
    assert "SECRET" not in out.stdout  # labels only, never notes
    js = _run("due", "--passphrase-stdin", "--date", "2026-11-23", "--json", "--all",
              stdin=passphrase + "\n")
    items = json.loads(js.stdout)
    talk = [i for i in items if i["duty"] == "talk"]
    assert talk and talk[0]["status"] == "done" and talk[0]["last_done"] == "2026-11-02"
    bad = _run("due", "--passphrase-stdin", "--date", "2026-02-30", stdin=passphrase + "\n")
    assert bad.returncode == 2 and "2026-02-30" in bad.stderr and "Traceback" not in bad.stderr


def test_due_scan_uses_the_covering_index(vault):
    with vault.read():
        plan = vault.db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT child_id, kind, outcome, occurred_on FROM entry "
            "WHERE occurred_on >= ? AND child_id IS NOT NULL", ("2026-09-01",)).fetchall()
    detail = " ".join(str(r[-1]) for r in plan)
    assert "COVERING INDEX entry_due_scan" in detail, detail


def test_mentor_log_reads_the_entry_from_stdin(vault, paths, passphrase):
    cid = children.add_child(vault, "赵雨桐", added_on=dt.date(2026, 9, 1))
    vault.close()
    body = json.dumps({"child": "赵雨桐", "kind": "parent_call", "date": "2026-11-20",
                       "outcome": "attempted_unreachable", "text": "没接，晚上再打。"},
                      ensure_ascii=False)
    out = _run("log", "--passphrase-stdin", stdin=passphrase + "\n" + body + "\n")
    assert out.returncode == 0, out.stderr
    bad = _run("log", "--passphrase-stdin", stdin=passphrase + "\n{\"child\": \"没有这个人\"}\n")
    assert bad.returncode == 2 and "没有这个人" in bad.stderr
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import open_vault

    v = open_vault(paths, list_profiles(paths)[0], passphrase)
    try:
        (e,) = entries.entries_for_child(v, cid)
        assert (e.kind, e.outcome, e.occurred_on) == ("parent_call", "attempted_unreachable",
                                                      dt.date(2026, 11, 20))
        assert e.text == "没接，晚上再打。"
    finally:
        v.close()


def test_open_plan_review_is_a_duty_until_closed(vault):
    from mentor_tui.db import flags
    from mentor_tui.db.duty_data import duty_label

    cid = children.add_child(vault, "周浩然", added_on=dt.date(2026, 9, 1))
    fid = flags.open_flag(vault, cid, "study_collapse", observed="成绩骤降")
    pid = flags.add_plan(vault, fid, goals="每天完成作业", measures="午休辅导", who="班主任",
                         review_on=TODAY + dt.timedelta(days=3))
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
    flags.add_plan(vault, fid, goals="按时交作业", measures="每日检查", who="班主任",
                   review_on=TODAY - dt.timedelta(days=2))
    (row,) = dashboard(vault, TODAY).rows  # builds without a KeyError on the extra duty
    assert row.child_id == cid and row.others is not None
    marks = {m.duty_id: m for m in _child_marks(vault, cid, TODAY)}
    assert marks["plan_review"].status == "overdue" and marks["plan_review"].days_left == -2
    assert marks["plan_review"].label == "个别教育方案复查"
