"""Damage caught before anything is written on top of it, and salvaged (issue 13, item 2).

A vault exported to the stick, then one more check-in (the newest: on no stick), then 16 bytes
flipped in a page in the middle of the file. The full check finds it; writes are refused and
leave the file as it was; the repair keeps every version a primary-key lookup could still read,
adds the stick's, keeps the damaged file renamed, and the newest check-in survives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import threading
import time
from pathlib import Path

import pytest

from mentor_tui import cli
from mentor_tui.core.errors import MentorError, VaultError
from mentor_tui.core.i18n import t
from mentor_tui.db import children, entries, keyring, repair
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import open_payload
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import (
    DB_NAME,
    KEYRING_NAME,
    DamagedVault,
    create_vault,
    open_vault,
)
from mentor_tui.db.vault_check import full_check, run_check

PASS = "damaged pages 损坏"
PAGE = 4096


def flip(path: Path, page: int, at: int = 200, n: int = 16) -> None:
    data = bytearray(path.read_bytes())
    off = page * PAGE + at
    data[off : off + n] = bytes(b ^ 0x5A for b in data[off : off + n])
    path.write_bytes(bytes(data))


def build(paths, tmp_path, kids: int = 30) -> dict:
    """A vault, its export on the stick, then the newest check-in (not on the stick)."""
    v = create_vault(paths, "王老师", PASS)
    last = ""
    for i in range(kids):
        cid = children.add_child(v, f"孩子{i}", health_notes="体弱" * 100)
        entries.log_entry(v, cid, "talk", dt.date(2026, 10, 1), text="谈心" * 200)
        last = cid
    stick = tmp_path / "stick"
    stick.mkdir()
    file = export_vault(v, stick, SyncKeys(PASS)).path
    newest = entries.log_entry(v, last, "talk", dt.date(2026, 10, 2), text="最新的一次谈心")
    with v.read():
        ids = [r[0] for r in v.db.execute_sql('SELECT version_id FROM "version"')]
    db = v.db_path
    v.close()
    return {"db": db, "file": file, "newest": newest, "ids": ids, "stick": stick}


def raw_key(db: Path) -> bytes:
    return keyring.unwrap(keyring.read(db.parent / KEYRING_NAME), PASS)


def readable_by_lookup(db: Path, ids: list[str]) -> set[str]:
    """The versions a primary-key lookup can read in the (damaged) file, a fresh connection
    after every failure."""
    reader = repair.SalvageReader(db, raw_key(db))
    try:
        return {
            vid
            for vid in ids
            if reader.query('SELECT * FROM "version" WHERE version_id = ?', (vid,))
        }
    finally:
        reader.close()


def version_ids(vault) -> set[str]:
    with vault.read():
        return {r[0] for r in vault.db.execute_sql('SELECT version_id FROM "version"')}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pages(db: Path) -> int:
    return db.stat().st_size // PAGE


OFFSETS = (0.3, 0.45, 0.6, 0.75)  # where in the file the damaged page is


@pytest.mark.parametrize("where", OFFSETS)
def test_check_refuses_writes_and_repair_keeps_every_readable_version(paths, tmp_path, where):
    s = build(paths, tmp_path)
    flip(s["db"], int(pages(s["db"]) * where))
    profile = list_profiles(paths)[0]
    assert full_check(s["db"], raw_key(s["db"])) is not None

    # a command that writes runs the check first: refused before anything is written
    before = digest(s["db"])
    with pytest.raises(DamagedVault):
        open_vault(paths, profile, PASS, check=True)
    assert digest(s["db"]) == before

    # the TUI's way: opened, checked after; the check makes the vault read-only
    v = open_vault(paths, profile, PASS)
    v.begin_check()
    assert run_check(v) is not None
    assert v.integrity == "damaged"
    with pytest.raises(VaultError) as refused:
        children.add_child(v, "新来的孩子")
    assert refused.value.key == "err.vault_read_only"
    v.close()

    readable = readable_by_lookup(s["db"], s["ids"])
    assert s["newest"] and len(readable) < len(s["ids"]) + 1
    on_stick = {v.version_id for v in open_payload(s["file"].read_bytes(), SyncKeys(PASS)).versions}

    report = repair.repair_profile(paths, profile, PASS, lambda _vid: s["file"])
    v = open_vault(paths, profile, PASS, check=True)  # the new file passes the check
    try:
        got = version_ids(v)
        assert readable <= got  # every version a lookup could read
        assert on_stick <= got  # and every version on the stick
        assert entries.get_entry(v, s["newest"]).text == "最新的一次谈心"
        assert len(children.list_children(v)) == 30
    finally:
        v.close()
    assert report.stick == "merged" and report.recovered >= len(readable)
    assert report.kept_as is not None and report.kept_as.exists()  # kept, renamed
    assert report.kept_as.name.startswith("vault-damaged-")
    text = "\n".join(report.lines())
    assert "谈心" not in text and "孩子" not in text  # ids and counts, no content


def test_damage_found_by_a_query_turns_the_vault_read_only(paths, tmp_path):
    """Any damage error at any time: one sentence, then every write refused."""
    s = build(paths, tmp_path, kids=40)
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    with v.read():
        root = v.db.execute_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'child'"
        ).fetchone()[0]
    v.close()
    flip(s["db"], root - 1)
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    try:
        with pytest.raises(VaultError) as first:
            children.list_children(v)
        assert first.value.key == "err.vault_damaged"
        assert v.integrity == "damaged"
        with pytest.raises(VaultError) as then:
            entries.log_entry(v, None, "diary", dt.date(2026, 10, 3), text="x")
        assert then.value.key == "err.vault_read_only"
    finally:
        v.close()
    assert "U 盘上的同步文件恢复" not in t("err.vault_damaged")  # no "stick alone" advice


def test_a_save_made_while_the_check_runs_waits_for_it(vault):
    vault.begin_check()
    done = threading.Event()

    def save() -> None:
        children.add_child(vault, "等检查的孩子")
        done.set()

    worker = threading.Thread(target=save)
    worker.start()
    time.sleep(0.3)
    assert not done.is_set()  # waiting, not refused
    vault.end_check(None)
    worker.join(10)
    assert done.is_set() and vault.integrity == "ok"
    assert [c.name for c in children.list_children(vault)] == ["等检查的孩子"]


def test_a_save_made_while_the_check_runs_is_refused_when_it_fails(vault):
    from mentor_tui.db.vault_check import DamageReport

    vault.begin_check()
    errors: list[BaseException] = []

    def save() -> None:
        try:
            children.add_child(vault, "等检查的孩子")
        except MentorError as err:
            errors.append(err)

    worker = threading.Thread(target=save)
    worker.start()
    time.sleep(0.2)
    vault.end_check(DamageReport(pages=(7,), problems=("HMAC verification failed for page 7",)))
    worker.join(10)
    assert [e.key for e in errors] == ["err.vault_read_only"]
    vault.integrity = "ok"  # (the fixture's close may write its clean flag)
    assert children.list_children(vault) == []


def _cli(monkeypatch, capsys, argv, stdin):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.delenv("MENTOR_DEBUG", raising=False)
    monkeypatch.setenv("MENTOR_LANG", "zh")
    code = cli.main(argv)
    return code, capsys.readouterr()


def test_cli_log_checks_first_and_vault_check_and_repair(paths, tmp_path, monkeypatch, capsys):
    s = build(paths, tmp_path)
    flip(s["db"], pages(s["db"]) // 2)
    before = digest(s["db"])
    entry = json.dumps({"child": "孩子1", "kind": "talk", "text": "又一次"}, ensure_ascii=False)
    code, out = _cli(monkeypatch, capsys, ["log", "--passphrase-stdin"], f"{PASS}\n{entry}\n")
    assert code != 0 and "Traceback" not in out.err
    assert out.err.splitlines() == [t("err.vault_damaged_found")]
    assert digest(s["db"]) == before  # nothing written on top of the damage

    code, out = _cli(monkeypatch, capsys, ["vault", "check", "--passphrase-stdin"], PASS + "\n")
    assert code == 3 and t("vault.check.damaged", n=1)[:6] in out.out

    code, out = _cli(
        monkeypatch,
        capsys,
        ["vault", "repair", "--from", str(s["file"]), "--passphrase-stdin"],
        PASS + "\n",
    )
    assert code == 0, out.err
    assert "修复完成" in out.out and "vault-damaged-" in out.out
    code, out = _cli(monkeypatch, capsys, ["vault", "check", "--passphrase-stdin"], PASS + "\n")
    assert code == 0 and out.out.strip() == t("vault.check.ok")
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    try:
        assert entries.get_entry(v, s["newest"]) is not None
    finally:
        v.close()
    assert [p.name for p in s["db"].parent.glob("vault-damaged-*.db")]


def test_repair_finds_the_stick_file_in_the_sync_folder(paths, tmp_path, monkeypatch, capsys):
    from mentor_tui.config import load_config, save_config

    s = build(paths, tmp_path)
    config = load_config(paths.config_file)
    config.sync_folder = str(s["stick"])
    save_config(config, paths.config_file)
    flip(s["db"], pages(s["db"]) // 2)
    code, out = _cli(monkeypatch, capsys, ["vault", "repair", "--passphrase-stdin"], PASS + "\n")
    assert code == 0, out.err
    assert t("repair.no_stick") not in out.out  # the stick's file was found and merged


def test_a_repair_cut_short_between_its_renames_is_finished_at_unlock(paths, tmp_path):
    s = build(paths, tmp_path, kids=3)
    dir_ = s["db"].parent
    data = s["db"].read_bytes()
    s["db"].rename(dir_ / "vault-damaged-x.db")
    (dir_ / "vault.db.new").write_bytes(data)  # complete, not yet in place
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    try:
        assert len(children.list_children(v)) == 3
    finally:
        v.close()
    assert (dir_ / DB_NAME).exists() and not (dir_ / "vault.db.new").exists()


def test_log_close_never_hides_the_first_error(paths, monkeypatch, capsys):
    """The body fails (an unknown child), then the close fails too: the first sentence is
    the one printed."""
    from mentor_tui.db import vault as vault_mod

    create_vault(paths, "王老师", PASS).close()
    real_close = vault_mod.Vault.close

    def failing_close(self):
        real_close(self)
        raise RuntimeError("close failed")

    monkeypatch.setattr(vault_mod.Vault, "close", failing_close)
    entry = json.dumps({"child": "没有这个人"}, ensure_ascii=False)
    code, out = _cli(monkeypatch, capsys, ["log", "--passphrase-stdin"], f"{PASS}\n{entry}\n")
    assert code == 2
    assert "没有这个人" in out.err and "RuntimeError" not in out.err
