"""The vocabulary registry (``mentor_tui.core.vocab``): an entry kind declared once is what the
catalogs, the dashboard, the quick-entry form, the diary, the demo, the policy and the
validators know. Adding a kind touches its registry entry and a preset, nothing else: the
fixture adds one (a video call with the parents, with a card field of its own) and a policy
with a duty for it, and every one of those places shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest_tui import (
    TODAY,
    make_app,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from textual.widgets import DataTable

from mentor_tui.core import i18n, vocab
from mentor_tui.core.demo_data import generate
from mentor_tui.core.diary_model import Options
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.policy import PolicyError, parse_policy
from mentor_tui.db import entries as entries_db, reports
from mentor_tui.db.settings import set_policy_toml
from mentor_tui.screens.dashboard import DashboardScreen
from mentor_tui.screens.quick_entry import QuickEntry
from mentor_tui.widgets.actions import quick_rows

MOOD = vocab.CardField(
    "child_mood",
    vocab.Label("孩子的情绪", "The child's mood"),
    doc=vocab.Label("孩子的情绪状况", "How the child felt"),
)
VIDEO_CALL = vocab.EntryKind(
    "video_call",
    vocab.Label("视频通话", "Video call"),
    card=(vocab.CALLED_WHOM, MOOD, vocab.FOLLOW_UP),
    call="parents",
    quick_key="w",
    column=vocab.Label("视频", "Video"),
    summarised=True,
)
# The "core" preset with a monthly video call as its second duty (a dashboard column).
POLICY = """
[policy]
id = "video"
label = { zh = "含视频通话", en = "With video calls" }

[[duty]]
id = "talk"
label = { zh = "谈心", en = "Talk" }
kind = "talk"
cadence = "monthly"

[[duty]]
id = "video_call"
label = { zh = "与父母视频通话", en = "Video call with the parents" }
kind = "video_call"
cadence = "monthly"

[[duty]]
id = "home_visit"
label = { zh = "家访", en = "Home visit" }
kind = "home_visit"
cadence = "per_term"
times = 1
"""


@pytest.fixture
def video_call(monkeypatch):
    """The registry with one more kind, and the catalogs read again from it."""
    monkeypatch.setattr(vocab, "KINDS", (*vocab.KINDS, VIDEO_CALL))
    i18n.reload()
    yield VIDEO_CALL
    monkeypatch.undo()
    i18n.reload()


def test_stored_ids_are_unchanged():
    """Vaults and sync files hold these ids: the registry keeps them, in this order."""
    assert tuple(vocab.ENTRY_KINDS) == (
        "talk",
        "home_visit",
        "parent_call",
        "guardian_contact",
        "child_parent_contact",
        "diary",
        "study_plan",
        "term_summary",
        "risk_note",
        "other",
    )
    assert tuple(vocab.OUTCOMES) == ("done", "attempted_unreachable", "skipped")
    assert tuple(vocab.CONTACT_ROLES) == (
        "father",
        "mother",
        "grandparent",
        "relative",
        "other_guardian",
    )
    assert tuple(vocab.SUPPORT_CATEGORIES) == (
        "poor",
        "psychological",
        "learning_difficulty",
        "key_target",
    )
    assert tuple(vocab.GENDERS) == ("female", "male", "")
    assert tuple(vocab.CHILD_STATUSES) == ("active", "archived")
    assert vocab.RECORD_CARD_FIELDS["parent_call"] == (
        "called_whom",
        "discussed",
        "parents_will",
        "follow_up",
    )
    assert tuple(vocab.SUMMARY_KINDS) == ("talk", "home_visit", "parent_call", "guardian_contact")
    assert tuple(vocab.SENSITIVE_KINDS) == ("risk_note",)
    assert [(k.quick_key, k.id) for k in vocab.quick_kinds()] == [
        ("t", "talk"),
        ("v", "home_visit"),
        ("p", "parent_call"),
        ("g", "guardian_contact"),
        ("d", "diary"),
    ]


def test_ids_and_quick_keys_are_unique():
    for choices in (
        vocab.KINDS,
        vocab.OUTCOME_CHOICES,
        vocab.ROLE_CHOICES,
        vocab.CATEGORY_CHOICES,
        vocab.GENDER_CHOICES,
        vocab.STATUS_CHOICES,
    ):
        ids = [c.id for c in choices]
        assert len(ids) == len(set(ids)), ids
    keys = [k.quick_key for k in vocab.quick_kinds()]
    assert len(keys) == len(set(keys))
    for kind in vocab.KINDS:
        fields = [f.id for f in kind.card]
        assert len(fields) == len(set(fields)), kind.id


def test_an_unknown_kind_is_refused_everywhere_it_is_read(vault):
    """Without its registry entry the new kind is nobody's: the validator, the policy and the
    catalog refuse it (so the fixture's entry is what makes the rest pass)."""
    with pytest.raises(ValidationError) as err:
        entries_db.log_entry(vault, None, "video_call", dt.date(2026, 11, 2))
    assert err.value.key == "err.bad_choice"
    with pytest.raises(PolicyError) as bad:
        parse_policy(POLICY)
    assert (bad.value.field, bad.value.reason_key) == ("duty.kind", "duty.reason.choice")
    assert "kind.video_call" not in i18n.catalog()
    assert vocab.entry_kind("video_call") is None


def test_a_new_kind_is_in_the_catalogs(video_call):
    assert t("kind.video_call") == "视频通话"
    assert t("kind.video_call", lang="en") == "Video call"
    assert t("card.child_mood") == "孩子的情绪"
    assert t("docs.card.child_mood", lang="en") == "How the child felt"
    assert t("col.duty.video_call") == "视频"
    assert t("card.called_whom") == "通话对象"  # a shared field keeps its one label
    assert ("w", "quick('video_call')", "quick.video_call") in [
        (row.keys, row.action, row.id) for row in quick_rows()
    ]
    assert parse_policy(POLICY).duties[1].kind == "video_call"
    every = generate(children=2, years=1, seed=1, today=TODAY, every_kind=True)
    assert "video_call" in {e["kind"] for _id, e in every.entries}  # the demo has one too


async def test_a_new_kind_in_the_dashboard_and_the_quick_entry_form(paths, video_call):
    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        set_policy_toml(vault, POLICY)
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(100, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        table = app.screen.query_one("#children", DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[:5] == ["姓名", "班级", "谈心", "视频", "家访"]

        app.push_screen(QuickEntry(child_id=seed.li_ming, kind="video_call"))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuickEntry)
        assert "视频通话" in text_of(form.query_one("#entry-title"))
        cards = [w.id for w in form.query("Input") if (w.id or "").startswith("card-")]
        assert cards == ["card-called_whom", "card-child_mood", "card-follow_up"]
        labels = " ".join(text_of(w) for w in form.query("#entry-form Label"))
        assert "孩子的情绪" in labels
        # a call: the father's number is at hand
        assert "13800138000" in text_of(form.query_one("#entry-contacts"))
        form.query_one("#card-child_mood").focus()
        await type_text(pilot, "开心")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        saved = entries_db.entries_for_child(app.vault, seed.li_ming, kinds=["video_call"])
        assert [(e.kind, e.card) for e in saved] == [("video_call", {"child_mood": "开心"})]
        await app.action_quit()


def test_a_new_kind_in_the_diary(vault, video_call):
    """Its summary column with the duty engine's numbers, its entries with their card labels."""
    from mentor_tui.db.children import add_child
    from mentor_tui.db.settings import add_term

    add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
    set_policy_toml(vault, POLICY)
    kid = add_child(vault, "周小雨", added_on=dt.date(2026, 9, 1), class_name="三年级二班")
    entries_db.log_entry(
        vault,
        kid,
        "video_call",
        dt.date(2026, 10, 12),
        card={"called_whom": "母亲", "child_mood": "想妈妈，哭了一会儿"},
    )
    term = reports.resolve_term(vault, None, TODAY)
    model = reports.diary(vault, term, Options(), TODAY)
    assert "视频通话" in model.summary_headers
    column = model.summary_headers.index("视频通话")
    row = model.summary_rows[0]
    # monthly since September, as of 20 November: three months owed, one done
    assert row.cells[column] == t("duty.tally", done=1, required=3)
    [block] = [b for b in model.sections[0].entries if b.kind == "video_call"]
    assert block.heading == "2026年10月12日 · 视频通话 · 已完成"
    assert [(i.label, i.value) for i in block.items] == [
        ("通话对象", "母亲"),
        ("孩子的情绪状况", "想妈妈，哭了一会儿"),
    ]
    english = reports.diary(vault, term, Options(lang="en"), TODAY)
    assert "Video call" in english.summary_headers
