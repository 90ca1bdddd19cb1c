"""Conflict review: the db side (list, keep a side, pick per field) and the screen, driven
with Pilot on a bare host App with a real vault."""

from __future__ import annotations

import pytest
from test_sync_support import PASS
from textual.app import App
from textual.widgets import DataTable, OptionList, Static

from mentor_tui.core.errors import MentorError
from mentor_tui.db import children, store
from mentor_tui.db.conflicts import conflict_view, list_conflicts, resolve_fields, resolve_keep
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import integrity_check


@pytest.fixture
def conflicted(paths, vault, tmp_path):
    """A child edited on two machines at once, merged back: two live leaves."""
    cid = children.add_child(vault, "李明", class_name="三年级二班", interests="画画")
    stick = tmp_path / "stick"
    stick.mkdir()
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    children.update_child(vault, cid, interests="跳绳", grade="三年级")
    children.update_child(b, cid, interests="[bold]读书", study_buddy="小红")
    path = export_vault(b, tmp_path, SyncKeys(PASS)).path
    apply_import(vault, prepare_import(vault, path, SyncKeys(PASS)))
    b.close()
    return cid


def test_list_shows_sides_field_by_field(vault, conflicted):
    views = list_conflicts(vault)
    assert [v.record_id for v in views] == [conflicted]
    view = views[0]
    assert view.entity == "child" and view.title == "李明" and len(view.sides) == 2
    differing = {f.name: f.values for f in view.differing()}
    assert set(differing) == {"interests", "grade", "study_buddy"}
    assert sorted(differing["interests"]) == sorted(["跳绳", "[bold]读书"])
    assert "name" in {f.name for f in view.fields} and "name" not in differing


def test_keep_one_side_resolves_and_keeps_the_other_in_history(vault, conflicted):
    view = conflict_view(vault, conflicted)
    loser, keep = view.sides[0], view.sides[1]
    resolve_keep(vault, conflicted, keep.version_id, expected=view.leaf_ids)
    assert not store.conflicts(vault)
    assert children.get_child(vault, conflicted).interests == keep.payload["interests"]
    history = {v.version_id: v for v in store.history(vault, conflicted)}
    assert history[loser.version_id] == loser  # the losing side, every field intact
    leaves = store.leaves_of(vault, conflicted)
    assert len(leaves) == 1 and all(
        leaves[0].vv.get(d, 0) >= n for s in view.sides for d, n in s.vv.items()
    )
    assert integrity_check(vault) == "ok"


def test_pick_per_field(vault, conflicted):
    view = conflict_view(vault, conflicted)
    a = next(s for s in view.sides if s.payload.get("interests") == "跳绳")
    b = next(s for s in view.sides if s.payload.get("interests") == "[bold]读书")
    resolve_fields(
        vault,
        conflicted,
        {"interests": b.version_id, "grade": a.version_id, "study_buddy": b.version_id},
        expected=view.leaf_ids,
    )
    c = children.get_child(vault, conflicted)
    assert (c.interests, c.grade, c.study_buddy) == ("[bold]读书", "三年级", "小红")
    assert not store.conflicts(vault)


def test_stale_resolution_is_refused(vault, conflicted):
    view = conflict_view(vault, conflicted)
    store.put(
        vault, "child", {"health_notes": "之后又改了"}, record_id=conflicted
    )  # a settling write
    with pytest.raises(MentorError) as err:
        resolve_keep(vault, conflicted, view.sides[1].version_id, expected=view.leaf_ids)
    assert err.value.key == "conflict.stale"


def test_delete_against_edit_can_be_resolved_either_way(paths, vault, tmp_path):
    cid = children.add_child(vault, "王芳")
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, tmp_path, SyncKeys(PASS)).path, PASS
    )
    store.delete(vault, "child", cid)
    children.update_child(b, cid, interests="唱歌")
    other = tmp_path / "b"
    other.mkdir()
    apply_import(
        vault, prepare_import(vault, export_vault(b, other, SyncKeys(PASS)).path, SyncKeys(PASS))
    )
    b.close()
    view = conflict_view(vault, cid)
    assert sorted(s.deleted for s in view.sides) == [False, True]
    dead = next(s for s in view.sides if s.deleted)
    resolve_keep(vault, cid, dead.version_id, expected=view.leaf_ids)
    assert children.get_child(vault, cid) is None and not store.conflicts(vault)
    store.restore(vault, "child", cid)  # a tombstone stays recoverable
    assert children.get_child(vault, cid).name == "王芳"
    assert "唱歌" in {v.payload.get("interests") for v in store.history(vault, cid)}


# --- the screen, on a bare host app ------------------------------------------------------
class Host(App):
    def __init__(self, vault) -> None:
        super().__init__()
        self.vault = vault

    def on_mount(self) -> None:
        from mentor_tui.screens.conflicts import ConflictsScreen

        self.push_screen(ConflictsScreen())


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_screen_lists_and_keeps_a_side(vault, conflicted):
    app = Host(vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert screen.query_one("#conflict-list", OptionList).option_count == 1
        table = screen.query_one("#conflict-fields", DataTable)
        assert table.row_count >= 3 and len(table.columns) == 3
        cells = [
            str(table.get_cell_at((r, c))) for r in range(table.row_count) for c in range(1, 3)
        ]
        assert any("[bold]读书" in c for c in cells)  # shown literally, never as markup
        keep = screen.views[0].sides[1]
        await pilot.press("2")
        await _settle(pilot)
        assert not store.conflicts(vault)
        assert children.get_child(vault, conflicted).interests == keep.payload["interests"]
        assert screen.query_one("#conflict-list", OptionList).option_count == 0
        status = screen.query_one("#conflicts-status", Static)
        assert str(status.render()) in ("没有冲突记录。", "No records in conflict.")


async def test_screen_per_field_pick_and_save(vault, conflicted):
    app = Host(vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await _settle(pilot)
        view = app.screen.views[0]
        names = [f.name for f in view.differing()]
        await pilot.press("enter")
        await pilot.pause()
        for _name in names:  # every differing field: take side 2
            await pilot.press("2")
            await pilot.press("down")
        await pilot.press("f2")
        await _settle(pilot)
    side2 = view.sides[1].payload
    c = children.get_child(vault, conflicted)
    assert c.interests == side2["interests"]
    assert c.study_buddy == side2.get("study_buddy", "")
    assert not store.conflicts(vault)


async def test_screen_escape_in_picker_changes_nothing(vault, conflicted):
    app = Host(vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("enter", "right", "escape")
        await _settle(pilot)
        assert [h.record_id for h in store.conflicts(vault)] == [conflicted]
