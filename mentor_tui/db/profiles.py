"""The profile list: several teachers on one OS account each keep their own vault.

``profiles.json`` holds names and ids only — nothing about children — and each profile's kind:
a teacher's, or a school office's (``"school"``, issue 19; written only when not a teacher's,
so older files read as teachers' profiles).
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass

from mentor_tui.core.errors import VaultError
from mentor_tui.core.validate import NAME_MAX, check_text
from mentor_tui.paths import Paths, write_atomic

TEACHER, SCHOOL = "teacher", "school"
KINDS = (TEACHER, SCHOOL)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    kind: str = TEACHER


def list_profiles(paths: Paths) -> list[Profile]:
    f = paths.profiles_file
    if not f.exists():
        return []
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        return [
            Profile(id=str(p["id"]), name=str(p["name"]), kind=str(p.get("kind", TEACHER)))
            for p in data["profiles"]
        ]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise VaultError("err.profiles_damaged") from None


def _save(paths: Paths, profiles: list[Profile]) -> None:
    data = {
        "profiles": [
            {"id": p.id, "name": p.name, **({"kind": p.kind} if p.kind != TEACHER else {})}
            for p in profiles
        ]
    }
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
    from filelock import FileLock, Timeout  # not on the first frame's path (list_profiles)

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


def add_profile(paths: Paths, name: str, kind: str = TEACHER) -> Profile:
    name = check_text(name, "name", NAME_MAX, "field.profile_name").strip()
    if not name:
        raise VaultError("err.profile_name_empty")
    profiles = list_profiles(paths)
    for p in [p for p in profiles if p.name == name]:
        if not _unfinished(paths, p):
            raise VaultError("err.profile_exists", name=name)
        _roll_back(paths, p)  # an attempt cut short: this one starts afresh
    profiles = list_profiles(paths)
    prof = Profile(id=secrets.token_hex(6), name=name, kind=kind)
    _save(paths, profiles + [prof])
    return prof


def set_kind(paths: Paths, profile_id: str, kind: str) -> None:
    """Record a profile's kind (a school vault that arrived by a sync file into a new profile
    is a school's: db/school_setup.py open_office)."""
    _save(
        paths,
        [Profile(p.id, p.name, kind) if p.id == profile_id else p for p in list_profiles(paths)],
    )


def remove_profile(paths: Paths, profile_id: str) -> None:
    _save(paths, [p for p in list_profiles(paths) if p.id != profile_id])


def pick_profile(paths: Paths, name: str | None, kind: str = TEACHER) -> Profile:
    """``--profile NAME`` (of any kind: a school vault syncs like a teacher's, and one that
    came by a sync file is known as a school's once opened as one), or the only profile of
    ``kind`` when there is exactly one."""
    profiles = list_profiles(paths)
    if name is not None:
        for p in profiles:
            if p.name == name or p.id == name:
                return p
        raise VaultError("err.profile_unknown", name=name)
    profiles = [p for p in profiles if p.kind == kind]
    if not profiles:
        if kind == SCHOOL:
            raise VaultError("school.no_school_profile")
        raise VaultError("err.no_profiles")
    if len(profiles) > 1:
        raise VaultError("err.profile_ambiguous", names="、".join(p.name for p in profiles))
    return profiles[0]
