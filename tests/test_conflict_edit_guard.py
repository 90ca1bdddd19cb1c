"""A teacher's plain edit of a record in conflict is refused (SYNC.md: a version whose vector
joins all leaves *is* the resolution, so an edit that joined them would settle the conflict and
hide the other side's changes without her ever seeing them). Real vaults on two "machines",
merged by a real sync file; the child form under a real app with Pilot."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest_tui import (
    focus_by_keys,
    make_app,
    open_file,
    open_vault_for_check,
    seed_profile,
    settle,
    text_of,
    type_text,
    unlock,
)
from test_sync_support import PASS

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.db import children, entries, store
from mentor_tui.db.conflicts import conflict_view, resolve_keep
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import integrity_check
from mentor_tui.paths import Paths, prepare
from mentor_tui.screens.child_form import ChildForm
from mentor_tui.screens.error_modal import ErrorModal


def _other_machine(tmp_path, vault):
    """Machine B: a new profile in its own data folder, made from A's sync file."""
    other = prepare(Paths(config_dir=tmp_path / "b" / "config", data_dir=tmp_path / "b" / "data"))
    stick = tmp_path / "stick-a"
    stick.mkdir(exist_ok=True)
    b, _p, _r = import_new_profile(
        other, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    return b


def _merge_back(tmp_path, vault, b) -> None:
    stick = tmp_path / "stick-b"
    stick.mkdir(exist_ok=True)
    path = export_vault(b, stick, SyncKeys(PASS)).path
    apply_import(vault, prepare_import(vault, path, SyncKeys(PASS)))


@pytest.fixture
def two_sided(vault, tmp_path):
    """A child, a contact and an entry, each edited differently on A and B, merged on A."""
    cid = children.add_child(vault, "李明", class_name="三年级二班")
    kid = children.add_contact(vault, cid, "李建国", "father", phones=["13800138000"])
    eid = entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 2), text="第一次谈心")
    b = _other_machine(tmp_path, vault)
    children.update_child(vault, cid, interests="跳绳")
    children.update_child(b, cid, interests="读书")
    children.update_contact(vault, kid, work_city="广州")
    children.update_contact(b, kid, work_city="深圳")
    entries.update_entry(vault, eid, text="在 A 上改过")
    entries.update_entry(b, eid, text="在 B 上改过")
    _merge_back(tmp_path, vault, b)
    b.close()
    assert {c.record_id for c in store.conflicts(vault)} == {cid, kid, eid}
    return cid, kid, eid


def _snapshot(vault, record_id):
    return sorted(v.version_id for v in store.history(vault, record_id))


EDITS = {
    "update_child": lambda v, ids: children.update_child(v, ids[0], interests="画画"),
    "archive_child": lambda v, ids: children.archive_child(v, ids[0], "转学"),
    "update_contact": lambda v, ids: children.update_contact(v, ids[1], work_city="东莞"),
    "delete_contact": lambda v, ids: children.delete_contact(v, ids[1]),
    "update_entry": lambda v, ids: entries.update_entry(v, ids[2], text="第三次改"),
    "delete_entry": lambda v, ids: entries.delete_entry(v, ids[2]),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_plain_edit_of_a_conflicted_record_is_refused_and_changes_nothing(vault, two_sided, edit):
    before = {rid: _snapshot(vault, rid) for rid in two_sided}
    with pytest.raises(MentorError) as err:
        EDITS[edit](vault, two_sided)
    assert err.value.key == "err.record_in_conflict"
    assert {rid: _snapshot(vault, rid) for rid in two_sided} == before
    assert {c.record_id for c in store.conflicts(vault)} == set(two_sided)  # still listed
    assert integrity_check(vault) == "ok"


def test_the_refusal_says_where_to_choose_in_both_languages():
    for lang, word in (("zh", "冲突记录"), ("en", "Conflicts")):
        text = t("err.record_in_conflict", lang=lang)
        assert word in text and "Ctrl+P" in text


def test_after_choosing_a_side_the_edit_goes_through(vault, two_sided):
    cid = two_sided[0]
    view = conflict_view(vault, cid)
    keep = next(s for s in view.sides if s.payload.get("interests") == "读书")
    resolve_keep(vault, cid, keep.version_id, expected=view.leaf_ids)
    children.update_child(vault, cid, grade="三年级")
    child = children.get_child(vault, cid)
    assert (child.interests, child.grade) == ("读书", "三年级")
    assert "跳绳" in {v.payload.get("interests") for v in store.history(vault, cid)}


def test_records_not_in_conflict_edit_as_before(vault, two_sided):
    other = children.add_child(vault, "王芳")
    children.update_child(vault, other, interests="唱歌")
    assert children.get_child(vault, other).interests == "唱歌"


async def test_child_form_on_a_conflicted_child_keeps_the_form_and_says_why(paths, tmp_path):
    seed = seed_profile(paths)
    vault = open_vault_for_check(paths)
    try:
        b = _other_machine(tmp_path, vault)
        children.update_child(vault, seed.wang_fang, interests="跳绳")
        children.update_child(b, seed.wang_fang, interests="读书")
        _merge_back(tmp_path, vault, b)
        b.close()
        before = _snapshot(vault, seed.wang_fang)
    finally:
        vault.close()
    app = make_app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await open_file(pilot, "wf")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChildForm)
        await focus_by_keys(pilot, "health_notes")
        await type_text(pilot, "过敏")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        shown = "".join(text_of(app.screen.query_one("#error-message")).split())
        assert shown == "".join(t("err.record_in_conflict").split())  # (wrapped in the modal)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChildForm)  # still open, her typing kept
        assert app.screen.query_one("#health_notes").value.endswith("过敏")
        beside = "".join(text_of(app.screen.query_one("#form-error")).split())
        assert "冲突记录" in beside and t("form.saving") not in beside  # not stuck on "saving…"
        assert _snapshot(app.vault, seed.wang_fang) == before
        await app.action_quit()
