"""The school profile: a vault of profile kind "school" (db/profiles.py), created with its keys,
and its settings.

The school's private keys and settings are settings of the school vault (the ``setting``
records of the version store): they stay in the vault and travel only in the coordinator's own
encrypted sync file between her machines; they are never written to a school table
(db/school_models.py), so a county server (issue 20) never holds them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from mentor_tui.core.errors import MentorError
from mentor_tui.core.school_crypto import KeyPair, PublicKeys
from mentor_tui.core.school_pairing import DEFAULT_LOAD, MAX_LOAD
from mentor_tui.db import school_docs
from mentor_tui.db.profiles import SCHOOL, set_kind
from mentor_tui.db.serial_retry import retried
from mentor_tui.db.settings import SCHOOL_ID_SETTING, get_setting, set_setting
from mentor_tui.db.vault import Vault, audit, create_vault
from mentor_tui.paths import Paths

KEYS_SETTING = "school_keys"  # the school's private keys (core/school_crypto.KeyPair JSON)
LOAD_SETTING = "school_load"  # children per mentor at most (pairing suggestions)
STALE_SETTING = "school_stale_days"  # a teacher not reported for this many days is stale
CARDS_SETTING = "school_cards"  # the school asks for record-card texts in reports
DEFAULT_STALE_DAYS = 14
MAX_STALE_DAYS = 365


@dataclass(frozen=True)
class SchoolInfo:
    id: str
    name: str
    keys: PublicKeys

    @property
    def fingerprint(self) -> str:
        return self.keys.fingerprint


@dataclass(frozen=True)
class SchoolSettings:
    load: int = DEFAULT_LOAD
    stale_days: int = DEFAULT_STALE_DAYS
    cards: bool = False


def create_school(paths: Paths, name: str, passphrase: str) -> Vault:
    """A new school profile: its vault, its keys and its school document, unlocked."""
    vault = create_vault(paths, name, passphrase, kind=SCHOOL)
    try:
        keys = KeyPair.generate()
        school_id = uuid.uuid4().hex
        with vault.write():
            set_setting(vault, KEYS_SETTING, keys.to_json())
            set_setting(vault, SCHOOL_ID_SETTING, school_id)
            set_setting(vault, "school", name.strip())
            school_docs.put_doc(
                vault,
                "school",
                school_id,
                school_id,
                {
                    "name": name.strip(),
                    "created_on": dt.date.today().isoformat(),
                    "keys": keys.public.to_json(),
                },
            )
            audit(vault, "school.create")
    except BaseException:
        vault.close()
        raise
    return vault


def school_id(vault: Vault) -> str:
    """The school's id; ``school.not_school_vault`` in a vault that is no school's."""
    value = get_setting(vault, SCHOOL_ID_SETTING)
    if not isinstance(value, str) or not value:
        raise MentorError("school.not_school_vault")
    return value


def school_keys(vault: Vault) -> KeyPair:
    return KeyPair.from_json(get_setting(vault, KEYS_SETTING))


def school_info(vault: Vault) -> SchoolInfo:
    sid = school_id(vault)
    data = school_docs.get_data(vault, sid) or {}
    keys = PublicKeys.from_json(data.get("keys")) or school_keys(vault).public
    return SchoolInfo(sid, str(data.get("name") or ""), keys)


def open_office(vault: Vault, paths: Paths | None = None) -> SchoolInfo:
    """What every school command does first: check it is a school vault, bring the school
    tables up to date with documents that came by sync (school_docs.catch_up), and (with
    ``paths``) record the profile as a school's if it came by a sync file into a new profile."""
    info = school_info(vault)
    school_docs.catch_up(vault)
    if paths is not None and vault.profile.kind != SCHOOL:
        set_kind(paths, vault.profile.id, SCHOOL)
    return info


def settings(vault: Vault) -> SchoolSettings:
    def number(key: str, default: int, hi: int) -> int:
        value = get_setting(vault, key, default)
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= hi
        return value if ok else default

    return SchoolSettings(
        number(LOAD_SETTING, DEFAULT_LOAD, MAX_LOAD),
        number(STALE_SETTING, DEFAULT_STALE_DAYS, MAX_STALE_DAYS),
        get_setting(vault, CARDS_SETTING, False) is True,
    )


@retried
def save_settings(
    vault: Vault, load: int | None = None, stale_days: int | None = None, cards: bool | None = None
) -> SchoolSettings:
    """Change the settings given (each checked: ``school.bad_setting`` names the range)."""
    for value, hi, what in ((load, MAX_LOAD, "load"), (stale_days, MAX_STALE_DAYS, "stale_days")):
        if value is not None and not 1 <= value <= hi:
            raise MentorError("school.bad_setting", what=what, lo=1, hi=hi)
    with vault.write():
        if load is not None:
            set_setting(vault, LOAD_SETTING, load)
        if stale_days is not None:
            set_setting(vault, STALE_SETTING, stale_days)
        if cards is not None:
            set_setting(vault, CARDS_SETTING, cards)
        audit(vault, "school.settings")
    return settings(vault)
