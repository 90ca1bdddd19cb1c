"""Modes are repaired at every start (issue 2, item 2): a real ``mentor locate`` subprocess
after a data directory was opened to 0755 and files to 0644 leaves every directory under
MENTOR_HOME 0700 and every file 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from mentor_tui.db.vault import KEYRING_NAME, backup, create_vault

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="POSIX modes; Windows relies on the profile ACL"
)


def _modes(root) -> dict[str, int]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        out[dirpath] = stat.S_IMODE(os.stat(dirpath).st_mode)
        for f in files:
            p = os.path.join(dirpath, f)
            out[p] = stat.S_IMODE(os.stat(p).st_mode)
    return out


def test_locate_repairs_modes(_isolated_home, paths):
    v = create_vault(paths, "王老师", "modes 权限 passphrase")
    dest = backup(v, "modes")
    v.close()
    paths.config_file.write_text('language = "zh"\n', encoding="utf-8")
    loose = [paths.data_dir, paths.profiles_dir, v.dir, dest.parent]
    for d in loose:
        os.chmod(d, 0o755)
    for f in (paths.config_file, dest, v.dir / KEYRING_NAME, paths.profiles_file):
        os.chmod(f, 0o644)
    os.chmod(_isolated_home, 0o755)
    before = _modes(_isolated_home)
    assert before[str(dest)] == 0o644 and before[str(paths.data_dir)] == 0o755

    env = {k: val for k, val in os.environ.items() if k != "MENTOR_DEBUG"}
    out = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "locate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr

    after = _modes(_isolated_home)
    assert set(after) == set(before)  # nothing created or lost, only modes changed
    for p, mode in after.items():
        want = 0o700 if os.path.isdir(p) else 0o600
        assert mode == want, (p, oct(mode))
