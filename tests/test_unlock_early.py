"""The TUI's unlock runs the passphrase's Argon2id before the database stack has imported
(keyring.unwrap_early, issue 17); opening uses that outcome only for the very ring it reads
under the vault's lock: a ring rewrapped meanwhile is unwrapped again, a wrong passphrase is
refused as before, and nothing is changed by either."""

from __future__ import annotations

import pytest

from mentor_tui.core.errors import VaultError
from mentor_tui.db import keyring
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import DB_NAME, KEYRING_NAME, change_passphrase, open_vault


def _ring_path(paths):
    return paths.profile_dir(list_profiles(paths)[0].id) / KEYRING_NAME


def test_the_early_unwrap_opens_the_vault(vault, paths, passphrase):
    vault.close()
    early = keyring.unwrap_early(_ring_path(paths), passphrase)
    assert early is not None and early.error is None and early.raw is not None
    assert "raw" not in repr(early)
    again = open_vault(paths, list_profiles(paths)[0], passphrase, early=early)
    again.close()


def test_a_wrong_passphrase_early_is_refused_and_changes_nothing(vault, paths):
    vault.close()
    db = paths.profile_dir(list_profiles(paths)[0].id) / DB_NAME
    before = db.read_bytes()
    early = keyring.unwrap_early(_ring_path(paths), "wrong passphrase")
    assert early is not None and early.raw is None
    with pytest.raises(VaultError) as err:
        open_vault(paths, list_profiles(paths)[0], "wrong passphrase", early=early)
    assert err.value.key == "err.wrong_passphrase"
    assert db.read_bytes() == before


def test_a_ring_rewrapped_after_the_early_unwrap_is_unwrapped_again(vault, paths, passphrase):
    vault.close()
    early = keyring.unwrap_early(_ring_path(paths), passphrase)
    change_passphrase(paths, list_profiles(paths)[0], passphrase, "a new passphrase 2026")
    # the early outcome was for the old ring: the old passphrase no longer opens it
    with pytest.raises(VaultError) as err:
        open_vault(paths, list_profiles(paths)[0], passphrase, early=early)
    assert err.value.key == "err.wrong_passphrase"
    # and an early failure stands only for its own ring
    stale = keyring.unwrap_early(_ring_path(paths), passphrase)
    assert stale is not None and stale.error is not None
    change_passphrase(paths, list_profiles(paths)[0], "a new passphrase 2026", passphrase)
    open_vault(paths, list_profiles(paths)[0], passphrase, early=stale).close()


def test_no_ring_to_read_early_leaves_the_reason_to_the_open(paths):
    assert keyring.unwrap_early(paths.data_dir / "nowhere" / KEYRING_NAME, "x") is None
