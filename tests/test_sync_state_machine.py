"""A Hypothesis state machine of 2–4 lab machines, each a real vault (a profile in one
MENTOR_HOME), sharing one USB stick: add, edit, delete, erase, export, import (also of an old
copy of the stick's file), crash, wipe-and-restore, clock jumps of ±5 years. After a full
exchange every machine holds the same database, every version ever written is present unless
its record was erased, and a round trip into an empty vault gives the same database."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from test_sync_support import PASS, dump

from mentor_tui.core.errors import MentorError
from mentor_tui.db import children, entries, store
from mentor_tui.db.conflicts import resolve_keep
from mentor_tui.db.erase import erase_child
from mentor_tui.db.profiles import remove_profile
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_files import own_file
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import create_vault, integrity_check, open_vault
from mentor_tui.paths import Paths, prepare

YEAR_MS = 365 * 24 * 3600 * 1000
idx = st.integers(0, 3)
pick = st.integers(0, 10_000)
words = st.sampled_from(["画画", "跳绳", "读书", "唱歌", "下棋", "[bold]x", "a\tb"])


class FakeTime:
    """What ``db.store`` sees as the ``time`` module: the wall clock plus a jump."""

    def __init__(self) -> None:
        self.offset_ms = 0

    def time(self) -> float:
        return time.time() + self.offset_ms / 1000


class SyncMachines(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="mentor-sm-"))
        self.paths = prepare(Paths(config_dir=self.tmp / "config", data_dir=self.tmp / "data"))
        self.stick = self.tmp / "stick"
        self.stick.mkdir()
        self.machines: list = []
        self.seen: dict[str, str] = {}  # version id -> record id, of every version ever seen
        self.erased: set[str] = set()
        self.old_copy: bytes | None = None
        self.clock = FakeTime()
        self.real_time = store.time
        store.time = self.clock

    # --- helpers ------------------------------------------------------------------------
    def m(self, i: int):
        return self.machines[i % len(self.machines)]

    def live_children(self, v) -> list[str]:
        return [c.id for c in children.list_children(v, include_archived=True)]

    def export(self, v):
        return export_vault(v, self.stick, SyncKeys(PASS))

    def import_bytes(self, v, data: bytes) -> None:
        preview = prepare_import(v, None, SyncKeys(PASS), data=data)
        apply_import(v, preview)

    # --- rules --------------------------------------------------------------------------
    @initialize(n=st.integers(2, 4))
    def start(self, n: int) -> None:
        first = create_vault(self.paths, "M0", PASS)
        self.machines.append(first)
        children.add_child(first, "学生共有")  # every machine starts with a shared child
        path = self.export(first).path
        for i in range(1, n):
            v, _p, _r = import_new_profile(self.paths, f"M{i}", path, PASS)
            self.machines.append(v)

    @rule(i=idx, name=words)
    def add_child(self, i: int, name: str) -> None:
        cid = children.add_child(self.m(i), "学生" + name)
        children.add_contact(self.m(i), cid, "奶奶", "grandparent")

    @rule(i=idx, k=pick, value=words)
    def edit(self, i: int, k: int, value: str) -> None:
        """As the teacher would: a child in conflict refuses a plain edit (and changes
        nothing), so she keeps one side in the conflict screen first, then edits."""
        v = self.m(i)
        ids = self.live_children(v)
        if not ids:
            return
        cid = ids[k % len(ids)]
        if cid in {h.record_id for h in store.conflicts(v)}:
            before = {x.version_id for x in store.history(v, cid)}
            try:
                children.update_child(v, cid, interests=value)
            except MentorError as err:
                assert err.key == "err.record_in_conflict"
            else:
                raise AssertionError("a plain edit settled a conflict")
            assert {x.version_id for x in store.history(v, cid)} == before
            side = store.leaves_of(v, cid)[0]
            resolve_keep(v, cid, side.version_id)
        children.update_child(v, cid, interests=value)

    @rule(i=idx, k=pick, text=words)
    def add_entry(self, i: int, k: int, text: str) -> None:
        ids = self.live_children(self.m(i))
        if ids:
            entries.log_entry(self.m(i), ids[k % len(ids)], "talk", dt.date.today(), text=text)

    @rule(i=idx, k=pick)
    def delete(self, i: int, k: int) -> None:
        ids = self.live_children(self.m(i))
        if ids:
            store.delete(self.m(i), "child", ids[k % len(ids)])

    @rule(i=idx, k=pick)
    def erase(self, i: int, k: int) -> None:
        ids = self.live_children(self.m(i))
        if ids:
            plan = erase_child(self.m(i), ids[k % len(ids)])
            self.erased.update(plan.record_ids)

    def stick_file(self, v):
        """The vault's file on the stick, found by the vault id in its header."""
        return own_file(self.stick, v.vault_id) or self.stick / "missing.mentorsync"

    @rule(i=idx)
    def export_to_stick(self, i: int) -> None:
        self.export(self.m(i))

    @rule(i=idx)
    def import_from_stick(self, i: int) -> None:
        f = self.stick_file(self.m(i))
        if f.exists():
            self.import_bytes(self.m(i), f.read_bytes())

    @rule(i=idx, j=idx)
    def sync_pair(self, i: int, j: int) -> None:
        """Machine i exports, machine j imports at once (the stick carried across)."""
        self.export(self.m(i))
        self.import_from_stick(j)

    @rule()
    def keep_old_copy(self) -> None:
        f = self.stick_file(self.machines[0])
        if f.exists():
            self.old_copy = f.read_bytes()

    @precondition(lambda self: self.old_copy is not None)
    @rule(i=idx)
    def import_old_copy(self, i: int) -> None:
        self.import_bytes(self.m(i), self.old_copy)

    @rule(i=idx)
    def crash(self, i: int) -> None:
        """The process dies between operations: no clean close; the lock goes with it."""
        k = i % len(self.machines)
        v = self.machines[k]
        with v.mutex:
            v.db.close()
        v.lock.release()
        self.machines[k] = open_vault(self.paths, v.profile, PASS)
        assert self.machines[k].unclean

    @rule(i=idx)
    def wipe_and_restore(self, i: int) -> None:
        """The lab machine is wiped on reboot (after the quit hook exported to the stick)."""
        k = i % len(self.machines)
        v = self.machines[k]
        path = self.export(v).path
        v.close()
        shutil.rmtree(v.dir)
        remove_profile(self.paths, v.profile.id)
        self.machines[k], _p, _r = import_new_profile(self.paths, v.profile.name, path, PASS)

    @rule(years=st.sampled_from([-5, -1, 0, 1, 5]))
    def clock_jump(self, years: int) -> None:
        self.clock.offset_ms = years * YEAR_MS

    @invariant()
    def remember_every_version(self) -> None:
        for v in self.machines:
            for ver in store.all_versions(v):
                self.seen[ver.version_id] = ver.record_id
            self.erased.update(e["record_id"] for e in store.all_erasures(v))

    @invariant()
    def nothing_names_an_erased_child(self) -> None:
        """Erasure covers every record naming the child, wherever it was written."""
        for v in self.machines:
            with v.read():
                rows = v.db.execute_sql(
                    "SELECT version_id FROM \"version\" WHERE entity != 'child' AND "
                    "json_extract(payload, '$.child_id') IN "
                    "(SELECT record_id FROM erasure WHERE entity = 'child')"
                ).fetchall()
            assert rows == []

    # --- the end: a full exchange -------------------------------------------------------
    def teardown(self) -> None:
        try:
            if self.machines:
                self.check_convergence()
        finally:
            store.time = self.real_time
            for v in self.machines:
                v.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def check_convergence(self) -> None:
        self.remember_every_version()
        for _round in range(2):
            for v in self.machines:
                self.import_from_stick(self.machines.index(v))
                self.export(v)
        for i in range(len(self.machines)):
            self.import_from_stick(i)
        dumps = [dump(v) for v in self.machines]
        assert all(d == dumps[0] for d in dumps[1:])
        # Records naming an erased child (written where the erasure was not yet known) get
        # their markers when the two meet, possibly only in this exchange.
        self.erased.update(r[0] for r in dumps[0]["erasure"])
        expected = {vid for vid, rid in self.seen.items() if rid not in self.erased}
        present = {r[0] for r in dumps[0]["version"]}
        assert present == expected
        assert not {r[1] for r in dumps[0]["version"]} & self.erased
        self.nothing_names_an_erased_child()
        erased_children = {r[0] for r in dumps[0]["erasure"] if r[1] == "child"}
        assert not any(
            json.loads(r[7]).get("child_id") in erased_children
            for r in dumps[0]["version"]
            if r[2] != "child"
        )
        for v in self.machines:
            assert integrity_check(v) == "ok"
        fresh, _p, _r = import_new_profile(
            self.paths, "round-trip", self.stick_file(self.machines[0]), PASS
        )
        try:
            assert dump(fresh) == dumps[0]
        finally:
            fresh.close()


def test_machines_converge_and_lose_nothing():
    run_state_machine_as_test(
        SyncMachines,
        settings=settings(
            max_examples=12,
            stateful_step_count=18,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_erase_errors_are_clean():
    """The state machine only erases existing children; erasing a missing one is refused."""
    tmp = Path(tempfile.mkdtemp(prefix="mentor-sm-"))
    try:
        paths = prepare(Paths(config_dir=tmp / "c", data_dir=tmp / "d"))
        v = create_vault(paths, "X", PASS)
        try:
            try:
                erase_child(v, "no-such-child")
            except MentorError as err:
                assert err.key == "erase.not_found"
            else:
                raise AssertionError("erasing a missing child must be refused")
        finally:
            v.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
