"""Journal mode: WAL on local disk, DELETE on a network share or when SQLite refuses WAL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentor_tui.db import children, connection, entries
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import create_vault, open_vault

PASS = "journal modes 日志"


def _mode(v) -> str:
    with v.read():
        return v.db.execute_sql("PRAGMA journal_mode").fetchone()[0]


def _write(v) -> None:
    cid = children.add_child(v, "李明")
    entries.log_entry(v, cid, "talk", dt.date(2026, 11, 2), text="谈心")


def _wal_files(v) -> list[Path]:
    return [p for p in v.dir.iterdir() if p.name.endswith(("-wal", "-shm"))]


def test_local_disk_uses_wal(paths):
    v = create_vault(paths, "王老师", PASS)
    try:
        _write(v)
        assert _mode(v) == "wal" and v.db.journal_mode_used == "wal"
        assert any(p.name.endswith("-wal") for p in _wal_files(v))
    finally:
        v.close()


def test_network_share_uses_delete(paths, monkeypatch):
    seen = []

    def on_share(path):
        seen.append(Path(path))
        return True

    monkeypatch.setattr("mentor_tui.db.vault.is_network_path", on_share)
    v = create_vault(paths, "王老师", PASS)
    try:
        _write(v)
        assert seen and seen[0].name == "vault.db"
        assert _mode(v) == "delete" and v.db.journal_mode_used == "delete"
        assert _wal_files(v) == []
    finally:
        v.close()


def test_wal_vault_moved_to_a_share_switches_to_delete(paths, monkeypatch):
    v = create_vault(paths, "王老师", PASS)
    _write(v)
    assert _mode(v) == "wal"
    v.close()
    monkeypatch.setattr("mentor_tui.db.vault.is_network_path", lambda path: True)
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    try:
        _write(v)
        assert _mode(v) == "delete"
        assert _wal_files(v) == []
        assert len(children.list_children(v)) == 2  # the WAL's content was kept
    finally:
        v.close()


class _RefusesWal(connection.sqlcipher.Connection):
    """A connection whose file system cannot do WAL: SQLite answers with the old mode."""

    def execute(self, sql, *args):
        if sql.strip().upper().replace(" ", "") == "PRAGMAJOURNAL_MODE=WAL":
            return super().execute("PRAGMA journal_mode")
        return super().execute(sql, *args)


def test_wal_refused_falls_back_to_delete(paths, monkeypatch):
    real = connection.sqlcipher.connect
    monkeypatch.setattr(
        connection.sqlcipher, "connect", lambda *a, **k: real(*a, factory=_RefusesWal, **k)
    )
    v = create_vault(paths, "王老师", PASS)
    try:
        _write(v)
        assert v.db.journal_mode_used == "delete"
        assert _mode(v) == "delete"
        assert _wal_files(v) == []
    finally:
        v.close()


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export /mnt/nfs nfs4 rw,relatime 0 0
//nas/teachers /mnt/smb\\040share cifs rw 0 0
user@host:/home /home/t/remote fuse.sshfs rw 0 0
/dev/sdb1 /mnt/nfs/usb vfat rw 0 0
"""


@pytest.mark.parametrize(
    "path, fstype",
    [
        ("/home/t/vault.db", "ext4"),
        ("/mnt/nfs/profiles/vault.db", "nfs4"),
        ("/mnt/nfs", "nfs4"),
        ("/mnt/nfsx/vault.db", "ext4"),  # a prefix of the name is not the mount
        ("/mnt/smb share/p/vault.db", "cifs"),  # \040 in /proc/mounts is a space
        ("/home/t/remote/a.db", "fuse.sshfs"),
        ("/mnt/nfs/usb/vault.db", "vfat"),  # the longest mount point wins
    ],
)
def test_mount_fstype(path, fstype):
    assert connection.mount_fstype(path, MOUNTS) == fstype


def test_is_network_path_reads_the_mount_table(monkeypatch, tmp_path):
    assert connection.is_network_path(Path("\\\\server\\share\\vault.db"))
    assert connection.is_network_path(Path("//server/share/vault.db"))
    if not connection.sys.platform.startswith("linux"):
        pytest.skip("the mount table is read on Linux only")
    fake = f"/dev/vda / ext4 rw 0 0\nsrv:/x {tmp_path} nfs rw 0 0\n"
    real = connection.mount_fstype
    monkeypatch.setattr(connection, "mount_fstype", lambda p: real(p, fake))
    assert connection.is_network_path(tmp_path / "vault.db")
