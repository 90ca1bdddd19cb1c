"""Faults: kill -9 of a real ``mentor sync`` process at each step, OSError after N bytes on
write / fsync / replace, a device that drops the last write, two instances. Always the
before-or-after state, an intact old file, a vault passing integrity_check."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_sync_support import PASS, ROOT, dump, mentor, seed, version_ids

from mentor_tui.core.errors import MentorError
from mentor_tui.db import children, sync_export
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_apply import import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_files import side_path
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import create_vault, integrity_check, open_vault

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kill -9 and fsync semantics")


def _open(paths, name):
    prof = next(p for p in list_profiles(paths) if p.name == name)
    return open_vault(paths, prof, PASS)


def _state(paths, name) -> set[str]:
    v = _open(paths, name)
    try:
        assert integrity_check(v) == "ok"
        return version_ids(v)
    finally:
        v.close()


@pytest.fixture
def setup(paths, tmp_path):
    """Profile A exported once to the stick, then more work on A (so an export changes the
    file); profile B (same vault, another machine) with work of its own in ``other``."""
    stick, other = tmp_path / "stick", tmp_path / "other"
    stick.mkdir()
    other.mkdir()
    a = create_vault(paths, "A", PASS)
    seed(a, 2)
    first = export_vault(a, stick, SyncKeys(PASS)).path
    b, _p, _r = import_new_profile(paths, "B", first, PASS)
    children.add_child(b, "B 的新同学")
    b_file = export_vault(b, other, SyncKeys(PASS)).path
    b.close()
    children.add_child(a, "A 的新同学")
    a.close()
    return {
        "stick": stick,
        "file": first,
        "old": first.read_bytes(),
        "b_file": b_file,
        "home": paths.data_dir.parent,
    }


def _file_versions(path: Path) -> set[str]:
    return {
        v.version_id
        for v in __import__("mentor_tui.core.syncfile", fromlist=["x"])
        .parse_payload(SyncKeys(PASS).open(path.read_bytes()))
        .versions
    }


@pytest.mark.parametrize(
    "point", ["export:after-temp-write", "export:after-prev", "export:after-replace"]
)
def test_kill_during_export_leaves_old_or_new_file(setup, paths, point):
    a_before = _state(paths, "A")
    r = mentor(
        ["sync", "export", str(setup["stick"]), "--profile", "A", "--passphrase-stdin"],
        setup["home"],
        stdin=PASS + "\n",
        env_extra={"MENTOR_FAULT": point},
    )
    assert r.returncode == -signal.SIGKILL
    f = setup["file"]
    if point == "export:after-replace":
        assert _file_versions(f) == a_before  # the new file, complete
    else:
        assert f.read_bytes() == setup["old"]  # the old file, untouched
    assert _state(paths, "A") == a_before
    r = mentor(
        ["sync", "export", str(setup["stick"]), "--profile", "A", "--passphrase-stdin"],
        setup["home"],
        stdin=PASS + "\n",
    )
    assert r.returncode == 0, r.stderr
    assert _file_versions(f) == a_before
    assert not list(setup["stick"].glob(".*.part"))


def test_kill_after_pull_keeps_the_pulled_work_and_the_old_file(setup, paths):
    setup["file"].write_bytes(setup["b_file"].read_bytes())  # B's work is on the stick
    old = setup["file"].read_bytes()
    expected = _state(paths, "A") | _file_versions(setup["b_file"])
    r = mentor(
        ["sync", "export", str(setup["stick"]), "--profile", "A", "--passphrase-stdin"],
        setup["home"],
        stdin=PASS + "\n",
        env_extra={"MENTOR_FAULT": "export:after-pull"},
    )
    assert r.returncode == -signal.SIGKILL
    assert setup["file"].read_bytes() == old
    assert _state(paths, "A") == expected


@pytest.mark.parametrize(
    "point,after",
    [
        ("import:after-backup", False),
        ("import:mid-transaction", False),
        ("import:before-commit", False),
        ("import:after-commit", True),
    ],
)
def test_kill_during_import_leaves_before_or_after(setup, paths, point, after):
    before = _state(paths, "A")
    expected_after = before | _file_versions(setup["b_file"])
    assert expected_after != before
    old = setup["b_file"].read_bytes()
    r = mentor(
        ["sync", "import", str(setup["b_file"]), "--yes", "--profile", "A", "--passphrase-stdin"],
        setup["home"],
        stdin=PASS + "\n",
        env_extra={"MENTOR_FAULT": point},
    )
    assert r.returncode == -signal.SIGKILL
    assert _state(paths, "A") == (expected_after if after else before)
    assert setup["b_file"].read_bytes() == old
    r = mentor(
        ["sync", "import", str(setup["b_file"]), "--yes", "--profile", "A", "--passphrase-stdin"],
        setup["home"],
        stdin=PASS + "\n",
    )
    assert r.returncode == 0, r.stderr
    assert _state(paths, "A") == expected_after


# --- in-process faults: os.write / os.fsync / os.replace ----------------------------------
@pytest.fixture
def opened(setup, paths):
    v = _open(paths, "A")
    yield v
    v.close()


def _assert_intact(setup, vault):
    assert setup["file"].read_bytes() == setup["old"]
    assert not list(setup["stick"].glob(".*.part"))
    assert integrity_check(vault) == "ok"


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.95])
def test_oserror_after_n_bytes_on_write(setup, opened, monkeypatch, fraction):
    after_bytes = int(len(setup["old"]) * fraction)  # the new file is larger than the old
    real = os.write
    written = {"n": 0}

    def failing(fd, data):
        if written["n"] + len(data) > after_bytes:
            room = after_bytes - written["n"]
            if room > 0:
                written["n"] += real(fd, bytes(data[:room]))
                return room
            raise OSError(errno.ENOSPC, "No space left on device")
        written["n"] += len(data)
        return real(fd, data)

    monkeypatch.setattr(sync_export, "WRITE_CHUNK", 512)
    monkeypatch.setattr(os, "write", failing)
    before = version_ids(opened)
    with pytest.raises(MentorError) as err:
        export_vault(opened, setup["stick"], SyncKeys(PASS))
    assert err.value.key == "syncf.disk_full"
    monkeypatch.undo()
    _assert_intact(setup, opened)
    assert version_ids(opened) == before


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_oserror_on_fsync_and_replace(setup, opened, monkeypatch, call):
    real = getattr(os, call)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, call, failing)
    with pytest.raises(MentorError) as err:
        export_vault(opened, setup["stick"], SyncKeys(PASS))
    assert err.value.key == "syncf.write_failed" and calls["n"] >= 1
    monkeypatch.setattr(os, call, real)
    _assert_intact(setup, opened)
    assert not side_path(setup["file"], "prev").exists()


def test_device_that_drops_the_last_write_is_caught_by_the_read_back(setup, opened, monkeypatch):
    real = os.write
    size = {}

    def lying(fd, data):  # reports success for the last chunk but never writes it
        if size.get("total") is None:
            size["total"] = len(sealed["data"])
            size["done"] = 0
        if size["done"] + len(data) >= size["total"]:
            size["done"] += len(data)
            return len(data)
        size["done"] += len(data)
        return real(fd, data)

    sealed = {}
    real_seal = SyncKeys.seal

    def capture(self, payload, info=None):
        sealed["data"] = real_seal(self, payload, info)
        return sealed["data"]

    monkeypatch.setattr(SyncKeys, "seal", capture)
    monkeypatch.setattr(sync_export, "WRITE_CHUNK", 256)
    monkeypatch.setattr(os, "write", lying)
    with pytest.raises(MentorError) as err:
        export_vault(opened, setup["stick"], SyncKeys(PASS))
    assert err.value.key == "syncf.readback_failed"
    monkeypatch.undo()
    _assert_intact(setup, opened)


# --- two instances -------------------------------------------------------------------------
def _wait_for(path: Path, proc: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the paused process never reached its point"
        time.sleep(0.05)


def test_two_instances_on_one_vault(setup, paths, tmp_path):
    flag = tmp_path / "paused.flag"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
    env.update(
        {
            "MENTOR_HOME": str(setup["home"]),
            "MENTOR_KDF": "fast",
            "MENTOR_LANG": "en",
            "PYTHONPATH": str(ROOT),
            "MENTOR_FAULT": "import:after-backup:pause",
            "MENTOR_FAULT_FLAG": str(flag),
        }
    )
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mentor_tui",
            "sync",
            "import",
            str(setup["b_file"]),
            "--yes",
            "--profile",
            "A",
            "--passphrase-stdin",
        ],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first.stdin.write(PASS + "\n")
        first.stdin.close()
        _wait_for(flag, first)
        second = mentor(
            ["sync", "export", str(setup["stick"]), "--profile", "A", "--passphrase-stdin"],
            setup["home"],
            stdin=PASS + "\n",
        )
        assert second.returncode == 2
        assert "already open" in second.stderr
        assert setup["file"].read_bytes() == setup["old"]
    finally:
        first.kill()
        first.wait()
    assert _state(paths, "A")  # opens again (the lock died with the process), integrity ok


def test_two_exports_to_one_stick_do_not_interleave(setup, opened, tmp_path, monkeypatch):
    lock_path = str(side_path(setup["file"], "lock"))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock; "
            f"l = FileLock({lock_path!r}); l.acquire(); print('locked', flush=True); "
            "time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(sync_export, "LOCK_WAIT", 0.2)
        with pytest.raises(MentorError) as err:
            export_vault(opened, setup["stick"], SyncKeys(PASS))
        assert err.value.key == "syncf.busy"
        assert setup["file"].read_bytes() == setup["old"]
    finally:
        holder.kill()
        holder.wait()
    res = export_vault(opened, setup["stick"], SyncKeys(PASS))
    assert res.path == setup["file"] and setup["file"].read_bytes() != setup["old"]


# --- a full disk while merging -------------------------------------------------------------
def _bigger_file(paths, vault, stick, n: int = 40):
    """A file from a second machine with ``n`` new children (more pages than the vault has)."""
    from mentor_tui.db import children
    from mentor_tui.db.sync_export import export_vault

    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    try:
        for i in range(n):
            children.add_child(b, f"新同学{i}", study_notes="长文本" * 200)
        return export_vault(b, stick, SyncKeys(PASS)).path
    finally:
        b.close()


def test_a_full_disk_during_the_merge_is_one_sentence_and_changes_nothing(paths, vault, tmp_path):
    from mentor_tui.db.sync_apply import apply_import

    seed(vault, 1)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = _bigger_file(paths, vault, stick)
    preview = prepare_import(vault, path, SyncKeys(PASS))
    before = dump(vault)
    with vault.read():
        pages = vault.db.execute_sql("PRAGMA page_count").fetchone()[0]
        vault.db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")  # the disk is full
    backups = set((vault.dir / "backups").glob("*")) if (vault.dir / "backups").is_dir() else set()
    with pytest.raises(MentorError) as err:
        apply_import(vault, preview)
    assert err.value.key == "syncf.vault_disk_full"
    assert "cannot rollback" not in str(err.value)
    assert dump(vault) == before and integrity_check(vault) == "ok"
    with vault.read():
        vault.db.execute_sql("PRAGMA max_page_count = 1073741823")  # space freed
    assert apply_import(vault, preview).changed  # the same preview goes through now
    assert len(set((vault.dir / "backups").glob("*")) - backups) == 2  # one per attempt


def test_a_full_disk_during_the_backup_leaves_no_partial_copy(paths, vault, tmp_path, monkeypatch):
    from sqlcipher3 import dbapi2 as sqlcipher

    from mentor_tui.db import sync_apply
    from mentor_tui.db.sync_apply import apply_import

    seed(vault, 1)
    stick = tmp_path / "stick"
    stick.mkdir()
    preview = prepare_import(vault, _bigger_file(paths, vault, stick, n=2), SyncKeys(PASS))
    before = dump(vault)
    folder = vault.dir / "backups"
    had = set(folder.glob("*")) if folder.is_dir() else set()

    def full(v, reason):
        folder.mkdir(exist_ok=True)
        (folder / f"x-{reason}-partial.db").write_bytes(b"\0" * 100)
        raise sqlcipher.OperationalError("database or disk is full")

    monkeypatch.setattr(sync_apply, "backup", full)
    with pytest.raises(MentorError) as err:
        apply_import(vault, preview)
    assert err.value.key == "syncf.vault_disk_full"
    assert set(folder.glob("*")) == had
    assert dump(vault) == before and integrity_check(vault) == "ok"


@pytest.mark.parametrize(
    "call,code,key",
    [
        ("write", errno.ENOSPC, "syncf.disk_full"),
        ("fsync", errno.EIO, "syncf.write_failed"),
        ("replace", errno.EIO, "syncf.write_failed"),
    ],
)
def test_oserror_on_the_kth_call_during_export(setup, opened, monkeypatch, call, code, key):
    """Fail the 1st, 2nd, … call of ``os.<call>`` until an export runs clean: each failure
    is one clear sentence, leaves no temp file, and leaves the old file — or, when only the
    folder fsync after the replace failed, the new file complete."""
    from mentor_tui.core.i18n import catalog

    monkeypatch.setattr(sync_export, "WRITE_CHUNK", 512)  # several writes per file
    real = getattr(os, call)
    expected = version_ids(opened)
    prev = side_path(setup["file"], "prev")
    k = 0
    while True:
        k += 1
        assert k < 200
        old = setup["file"].read_bytes()
        old_prev = prev.read_bytes() if prev.exists() else None
        state = {"n": 0, "fired": False}

        def failing(*args, k=k, **kwargs):
            state["n"] += 1
            if state["n"] == k:
                state["fired"] = True
                raise OSError(code, "injected")
            return real(*args, **kwargs)

        monkeypatch.setattr(os, call, failing)
        try:
            export_vault(opened, setup["stick"], SyncKeys(PASS))
        except MentorError as err:
            assert state["fired"] and err.key == key and key in catalog(), err.key
        else:
            assert not state["fired"]
            break
        finally:
            monkeypatch.setattr(os, call, real)
        now = setup["file"].read_bytes()
        assert now == old or _file_versions(setup["file"]) == expected
        if prev.exists():
            assert prev.read_bytes() in (old, old_prev)
        assert not list(setup["stick"].glob(".*.part"))
        assert integrity_check(opened) == "ok" and version_ids(opened) == expected
    assert k > 2  # several calls were failed in turn
    assert _file_versions(setup["file"]) == expected
