"""Nothing left behind on a shared PC (issue 14, item 5).

When this machine's config says it is a shared PC (``shared_pc = "yes"``, asked by the wizard
and the restore: "这是公用电脑吗？"), quitting removes her local copy — after, and only after, a
verified export to her stick (``roaming.on_quit`` decides; this module only removes): the
profile's folder (the vault and its WAL files, the keyring, the backups, the lock), her entry in
``profiles.json``, and the documents exported on this machine (``exports/``). Her stick holds
the copy; the next machine restores from it.

Call it with the vault closed (Windows cannot delete an open file).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mentor_tui.db.profiles import Profile, list_profiles, remove_profile
from mentor_tui.paths import Paths


def remove_local_copy(paths: Paths, profile: Profile) -> list[Path]:
    """Remove her profile folder, her profile entry and this machine's exports. Returns what
    could not be removed (empty when everything went)."""
    left: list[Path] = []
    folder = paths.profile_dir(profile.id)
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        left.append(folder)
    if any(p.id == profile.id for p in list_profiles(paths)):
        remove_profile(paths, profile.id)
    exports = paths.exports_dir
    if exports.is_dir():
        for entry in list(os.scandir(exports)):
            target = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(target, ignore_errors=True)
            else:
                try:
                    target.unlink()
                except OSError:
                    pass
            if os.path.lexists(target):
                left.append(target)
    return left
