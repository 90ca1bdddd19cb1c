"""Bad input through the CLI (issue 2, item 8): a damaged or truncated DB, a DB from a newer
version, a vault open elsewhere, a missing keyring, a wrong passphrase. Each prints one
sentence in the teacher's language, exits non-zero, shows no traceback and changes no file."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest

from mentor_tui import cli
from mentor_tui.core.i18n import t
from mentor_tui.db import children, entries, migrations
from mentor_tui.db.connection import CipherDatabase
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import DB_NAME, KEYRING_NAME, create_vault, open_vault

PASS = "bad input 坏输入"
PAGE = 4096


def _flip(path, offset: int, n: int = 16) -> None:
    data = bytearray(path.read_bytes())
    data[offset : offset + n] = bytes(b ^ 0xA5 for b in data[offset : offset + n])
    path.write_bytes(bytes(data))


def _damaged_page1(paths, v):
    _flip(v.dir / DB_NAME, 1000)  # inside page 1 (the schema): its HMAC no longer matches
    return "err.vault_damaged"


def _truncated(paths, v):
    db = v.dir / DB_NAME
    db.write_bytes(db.read_bytes()[: PAGE + 100])
    return "err.vault_damaged"


def _too_new(paths, v):
    opened = open_vault(paths, list_profiles(paths)[0], PASS)
    raw = opened.raw_key
    opened.close()
    db = CipherDatabase(str(v.dir / DB_NAME), raw, thread_safe=False)
    db.connect()
    db.execute_sql(f"PRAGMA user_version = {migrations.latest() + 1}")
    db.close()
    return "err.vault_too_new"


def _in_use(paths, v):
    return "err.vault_in_use"  # the setup below keeps one Vault open


def _no_keyring(paths, v):
    (v.dir / KEYRING_NAME).unlink()
    return "err.keyring_missing"


def _wrong_passphrase(paths, v):
    return "err.wrong_passphrase"


CASES = {
    "damaged": _damaged_page1,
    "truncated": _truncated,
    "too_new": _too_new,
    "in_use": _in_use,
    "no_keyring": _no_keyring,
    "wrong_passphrase": _wrong_passphrase,
}


def _hashes(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_cli_bad_input_one_sentence_nothing_changed(paths, monkeypatch, capsys, case, lang):
    v = create_vault(paths, "王老师", PASS)
    cid = children.add_child(v, "李明")
    entries.log_entry(v, cid, "talk", dt.date(2026, 11, 2), text="谈心")
    v.close()
    key = CASES[case](paths, v)
    holder = open_vault(paths, list_profiles(paths)[0], PASS) if case == "in_use" else None
    try:
        before = _hashes(v.dir)
        monkeypatch.setenv("MENTOR_LANG", lang)
        monkeypatch.delenv("MENTOR_DEBUG", raising=False)
        given = "not the passphrase" if case == "wrong_passphrase" else PASS
        monkeypatch.setattr("sys.stdin", io.StringIO(given + "\n"))
        code = cli.main(["due", "--passphrase-stdin"])
        out = capsys.readouterr()
        assert code != 0
        assert "Traceback" not in out.err
        assert out.err.splitlines() == [t(key, lang=lang)]
        assert out.out == ""
        assert _hashes(v.dir) == before
    finally:
        if holder is not None:
            holder.close()
