"""A stored policy that cannot be used (its text from a newer version or damaged, arriving by
sync; a preset this version does not have): the duty views keep working on the default policy
and say so in one sentence (dashboard, `mentor due`); the term-end diary, a document for the
school, refuses instead of counting against the wrong policy. Real vault, real processes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from conftest_tui import make_app, open_vault_for_check, seed_profile, text_of, unlock

from mentor_tui.core.i18n import t
from mentor_tui.db import children, entries
from mentor_tui.db.duty_data import compute_view
from mentor_tui.db.settings import set_setting
from mentor_tui.db.vault import integrity_check

TODAY = dt.date(2026, 11, 23)
BROKEN = '[policy]\nid = "x"\n\n[[duty]]\nid = "talk"\ncadence = "fortnightly_v9"\n'


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


@pytest.mark.parametrize(
    "key,value,reason",
    [
        ("policy_toml", BROKEN, "err.policy_invalid"),
        ("policy", "preset-from-a-newer-version", "err.policy_unknown_preset"),
    ],
)
def test_duties_fall_back_to_the_default_and_say_why(vault, key, value, reason):
    cid = children.add_child(vault, "李明", added_on=dt.date(2026, 9, 1))
    entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 20))
    good = compute_view(vault, TODAY)
    assert good.policy_problem is None
    set_setting(vault, key, value)
    view = compute_view(vault, TODAY)
    assert view.policy.id == "default" and view.policy_problem.key == reason
    assert [(s.duty_id, s.status) for s in view.statuses] == [
        (s.duty_id, s.status) for s in good.statuses
    ]  # as the default policy counts them
    assert integrity_check(vault) == "ok"


def test_mentor_due_warns_once_and_still_lists(vault, passphrase):
    children.add_child(vault, "张小花", class_name="三年级二班", added_on=dt.date(2026, 9, 1))
    set_setting(vault, "policy_toml", BROKEN)
    vault.close()
    out = _run("due", "--passphrase-stdin", "--date", "2026-11-23", stdin=passphrase + "\n")
    assert out.returncode == 0, out.stderr
    assert "张小花" in out.stdout and "与家长通电话" in out.stdout
    assert out.stderr.count("暂按默认制度计算") == 1 and "Traceback" not in out.stderr
    assert "mentor policy use" in out.stderr


def test_the_diary_refuses_with_one_sentence_and_writes_nothing(vault, paths, passphrase, tmp_path):
    children.add_child(vault, "张小花", added_on=dt.date(2026, 9, 1))
    set_setting(vault, "policy_toml", BROKEN)
    vault.close()
    md = tmp_path / "d.md"
    out = _run(
        "export",
        "diary",
        "--format",
        "md",
        "--out",
        str(md),
        "--date",
        "2026-11-23",
        "--passphrase-stdin",
        stdin=passphrase + "\n",
    )
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "策略文件" in out.stderr and not md.exists()


async def test_dashboard_shows_children_and_the_warning(paths):
    seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        set_setting(vault, "policy_toml", BROKEN)
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        names = {r.name for r in app.screen.data.rows}
        assert names == {"李明", "王芳", "张伟"}
        note = "".join(text_of(app.screen.query_one("#dashboard-note")).split())
        expected = "".join(t("duty.policy_fallback", reason=str(compute_error(app))).split())
        assert "⚠" + expected == note
        await app.action_quit()


def compute_error(app):
    return compute_view(app.vault, app.today()).policy_problem
