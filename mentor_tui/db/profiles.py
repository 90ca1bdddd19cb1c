"""The profile list: several teachers on one OS account each keep their own vault.

``profiles.json`` holds names and ids only — nothing about children.
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass

from filelock import FileLock, Timeout

from mentor_tui.core.errors import VaultError
from mentor_tui.core.validate import NAME_MAX, check_text
from mentor_tui.paths import Paths, write_atomic


@dataclass(frozen=True)
class Profile:
    id: str
    name: str


def list_profiles(paths: Paths) -> list[Profile]:
    f = paths.profiles_file
    if not f.exists():
        return []
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        return [Profile(id=str(p["id"]), name=str(p["name"])) for p in data["profiles"]]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise VaultError("err.profiles_damaged") from None


def _save(paths: Paths, profiles: list[Profile]) -> None:
    data = {"profiles": [{"id": p.id, "name": p.name} for p in profiles]}
    write_atomic(
        paths.profiles_file, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    )


PENDING = "import-pending"  # in a profile folder: created by an import not finished yet
LOCK_NAME = "vault.lock"


def _unfinished(paths: Paths, profile: Profile) -> bool:
    """A profile whose creation was cut short (kill -9): its folder was never made, or it
    still carries the pending marker of a first import."""
    dir_ = paths.profile_dir(profile.id)
    return not dir_.exists() or (dir_ / PENDING).exists()


def _roll_back(paths: Paths, profile: Profile) -> None:
    """Remove an unfinished profile — unless a process still holds its vault (an import
    running now): then its name is taken."""
    dir_ = paths.profile_dir(profile.id)
    if dir_.exists():
        lock = FileLock(str(dir_ / LOCK_NAME), timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise VaultError("err.profile_exists", name=profile.name) from None
        lock.release()
        shutil.rmtree(dir_, ignore_errors=True)
    remove_profile(paths, profile.id)


def add_profile(paths: Paths, name: str) -> Profile:
    name = check_text(name, "name", NAME_MAX, "field.profile_name").strip()
    if not name:
        raise VaultError("err.profile_name_empty")
    profiles = list_profiles(paths)
    for p in [p for p in profiles if p.name == name]:
        if not _unfinished(paths, p):
            raise VaultError("err.profile_exists", name=name)
        _roll_back(paths, p)  # an attempt cut short: this one starts afresh
    profiles = list_profiles(paths)
    prof = Profile(id=secrets.token_hex(6), name=name)
    _save(paths, profiles + [prof])
    return prof


def remove_profile(paths: Paths, profile_id: str) -> None:
    _save(paths, [p for p in list_profiles(paths) if p.id != profile_id])


def pick_profile(paths: Paths, name: str | None) -> Profile:
    """``--profile NAME``, or the only profile when there is exactly one."""
    profiles = list_profiles(paths)
    if name is not None:
        for p in profiles:
            if p.name == name or p.id == name:
                return p
        raise VaultError("err.profile_unknown", name=name)
    if not profiles:
        raise VaultError("err.no_profiles")
    if len(profiles) > 1:
        raise VaultError("err.profile_ambiguous", names="、".join(p.name for p in profiles))
    return profiles[0]
