"""The repair as a property (issue 13, Done when): for random vaults and random damaged pages,
the repaired vault never holds fewer live records than the stick's file alone (a record live
on the stick is live after the repair, unless this machine deleted it after the export), and
holds every version that a primary-key lookup could read before the repair."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from mentor_tui.core.versions import leaves, winner
from mentor_tui.db import children, entries, keyring, repair
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import open_payload
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import KEYRING_NAME, create_vault, open_vault
from mentor_tui.paths import prepare

PASS = "property 性质"
PAGE = 4096

ops = st.lists(
    st.tuples(st.sampled_from(["child", "entry", "edit", "delete"]), st.integers(0, 1000)),
    max_size=12,
)


def _live_on_stick(path: Path) -> set[str]:
    payload = open_payload(path.read_bytes(), SyncKeys(PASS))
    erased = {e.record_id for e in payload.erasures}
    by_record = defaultdict(list)
    for v in payload.versions:
        by_record[v.record_id].append(v)
    live = set()
    for rid, vs in by_record.items():
        w = winner(leaves(vs))
        if w is not None and not w.deleted and rid not in erased:
            live.add(rid)
    return live


def _apply(vault, op: str, n: int, kids: list[str], notes: list[str]) -> bool:
    """One random change; True when it deleted something."""
    if op == "child" or not kids:
        kids.append(children.add_child(vault, f"孩子{n}", study_notes="学习" * (n % 300)))
    elif op == "entry":
        notes.append(
            entries.log_entry(
                vault, kids[n % len(kids)], "talk", dt.date(2026, 10, 1), text="谈" * n
            )
        )
    elif op == "edit":
        children.update_child(vault, kids[n % len(kids)], interests=f"画画{n}")
    elif op == "delete" and notes:
        entries.delete_entry(vault, notes.pop(n % len(notes)))
        return True
    return False


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    before=ops,
    after=ops,
    damage=st.lists(
        st.tuples(st.floats(0.0, 0.999), st.integers(0, PAGE - 16)), min_size=1, max_size=3
    ),
)
def test_repair_keeps_the_stick_and_every_readable_version(before, after, damage):
    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("MENTOR_HOME")
        os.environ["MENTOR_HOME"] = str(Path(tmp) / "home")
        try:
            _one(Path(tmp), before, after, damage)
        finally:
            if old is None:
                os.environ.pop("MENTOR_HOME", None)
            else:
                os.environ["MENTOR_HOME"] = old


def _one(tmp: Path, before, after, damage) -> None:
    paths = prepare()
    v = create_vault(paths, "王老师", PASS)
    kids: list[str] = []
    notes: list[str] = []
    for op, n in [("child", 0), *before]:
        _apply(v, op, n, kids, notes)
    stick = tmp / "stick"
    stick.mkdir()
    file = export_vault(v, stick, SyncKeys(PASS)).path
    deleted_later = False
    for op, n in after:
        deleted_later |= _apply(v, op, n, kids, notes)
    with v.read():
        ids = [r[0] for r in v.db.execute_sql('SELECT version_id FROM "version"')]
    db = v.db_path
    v.close()

    data = bytearray(db.read_bytes())
    pages = len(data) // PAGE
    for where, at in damage:
        off = int(pages * where) * PAGE + at
        data[off : off + 16] = bytes(b ^ 0xA5 for b in data[off : off + 16])
    db.write_bytes(bytes(data))

    raw = keyring.unwrap(keyring.read(db.parent / KEYRING_NAME), PASS)
    reader = repair.SalvageReader(db, raw)
    try:
        readable = {
            vid
            for vid in ids
            if reader.query('SELECT * FROM "version" WHERE version_id = ?', (vid,))
        }
    finally:
        reader.close()
    live_on_stick = _live_on_stick(file)

    profile = list_profiles(paths)[0]
    report = repair.repair_profile(paths, profile, PASS, lambda _vid: file)
    assert report.stick == "merged", report.stick_error
    v = open_vault(paths, profile, PASS)
    try:
        with v.read():
            got = {r[0] for r in v.db.execute_sql('SELECT version_id FROM "version"')}
            heads = {
                r[0]: (bool(r[1]), r[2])
                for r in v.db.execute_sql("SELECT record_id, deleted, winner_id FROM head")
            }
        assert readable <= got
        live = {rid for rid, (deleted, _w) in heads.items() if not deleted}
        stick_ids = {x.version_id for x in open_payload(file.read_bytes(), SyncKeys(PASS)).versions}
        for rid in live_on_stick:
            deleted, winner_id = heads[rid]
            # live, or deleted by a version this machine wrote after the export
            assert not deleted or winner_id not in stick_ids
        if not deleted_later:
            assert len(live) >= len(live_on_stick)
    finally:
        v.close()
