"""A vault with one damaged page in the middle: it unlocks (quick_check runs only after an
unclean exit), but reading the damaged table gives one sentence, closing never raises, the key
is dropped and the lock released."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from mentor_tui.core.errors import MentorError, VaultError
from mentor_tui.core.i18n import t
from mentor_tui.db import children, entries
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import create_vault, open_vault

PASS = "damaged pages 损坏"
PAGE = 4096


def _damaged_vault(paths) -> tuple[str, int]:
    """A cleanly closed vault whose ``child`` table root page has 16 garbage bytes."""
    v = create_vault(paths, "王老师", PASS)
    for i in range(40):
        cid = children.add_child(v, f"孩子{i}", health_notes="体弱" * 100)
        entries.log_entry(v, cid, "talk", dt.date(2026, 10, 1), text="谈心" * 200)
    with v.read():
        root = v.db.execute_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'child'"
        ).fetchone()[0]
    db_path = v.db_path
    v.close()
    data = bytearray(db_path.read_bytes())
    pages = len(data) // PAGE
    assert 1 < root < pages  # a page in the middle, not the header page
    off = (root - 1) * PAGE + 200
    data[off : off + 16] = bytes(b ^ 0x5A for b in data[off : off + 16])
    db_path.write_bytes(bytes(data))
    return str(db_path), root


def test_read_gives_one_sentence_and_close_releases_everything(paths):
    _damaged_vault(paths)
    prof = list_profiles(paths)[0]
    v = open_vault(paths, prof, PASS)  # opens: the header and local_state pages are intact
    with pytest.raises(VaultError) as err:
        children.list_children(v)
    assert err.value.key == "err.vault_damaged"
    v.close()  # must not raise "attempt to write a readonly database"
    assert v.raw_key == b""
    assert v.db.is_closed()
    assert not v.lock.is_locked
    # The lock is free: a second unlock gets as far as the damage (the clean flag could not be
    # written, so quick_check now runs at unlock), never "open in another window".
    with pytest.raises(MentorError) as again:
        v2 = open_vault(paths, prof, PASS)
        try:
            children.list_children(v2)
        finally:
            v2.close()
    assert again.value.key == "err.vault_damaged"


def test_write_on_damaged_vault_gives_one_sentence(paths):
    _damaged_vault(paths)
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    try:
        with pytest.raises(VaultError) as err:
            children.add_child(v, "新来的孩子")
        assert err.value.key == "err.vault_damaged"
    finally:
        v.close()
    assert not v.lock.is_locked


def test_busy_errors_are_not_called_damage():
    from peewee import DatabaseError, IntegrityError, OperationalError

    from mentor_tui.db.vault import is_damage

    assert is_damage(DatabaseError("database disk image is malformed"))
    assert is_damage(OperationalError("attempt to write a readonly database"))
    assert not is_damage(OperationalError("database is locked"))
    assert not is_damage(OperationalError("no such table: nothing"))
    assert not is_damage(IntegrityError("UNIQUE constraint failed: child.id"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_due_prints_one_sentence(paths, monkeypatch, capsys, lang):
    from mentor_tui import cli

    _damaged_vault(paths)
    monkeypatch.setenv("MENTOR_LANG", lang)
    monkeypatch.delenv("MENTOR_DEBUG", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    code = cli.main(["due", "--passphrase-stdin"])
    out = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in out.err
    assert out.err.splitlines() == [t("err.vault_damaged", lang=lang)]
    # The failed command released the vault lock.
    from filelock import FileLock

    probe = FileLock(str(paths.profile_dir(list_profiles(paths)[0].id) / "vault.lock"), timeout=0)
    probe.acquire()
    probe.release()
