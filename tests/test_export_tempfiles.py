"""No plaintext in temp files (issue 13, item 3): every export runs in a real ``mentor``
process with ``TMPDIR`` pointed at an empty folder (set before Python caches
``tempfile.tempdir``), which is empty afterwards — and holds no marker string even when the
process is killed (-9) in the middle of building the document. Documents are built in memory
and written once to their target."""

from __future__ import annotations

import json
import os
import signal

import pytest
from test_sync_support import MARKER, PASS, mentor, scan, seed

from mentor_tui.db import flags
from mentor_tui.db.children import update_child

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kill -9 semantics")

WORD = "文档密码-secret"
# (argv after "export", what follows the passphrase on standard input)
EXPORTS = {
    "diary-docx": (["diary", "--format", "docx"], f"{WORD}\n{WORD}\n"),
    "diary-md": (["diary", "--format", "md", "--include-sensitive"], ""),
    "diary-html": (["diary", "--format", "html"], ""),
    "diary-one-child": (
        ["diary", "--format", "md", "--child"],
        json.dumps({"children": [f"李{MARKER}0"]}, ensure_ascii=False) + "\n",
    ),
    "ledger-xlsx": (["ledger", "--format", "xlsx", "--include-sensitive"], f"{WORD}\n{WORD}\n"),
    "ledger-xlsx-plain": (
        ["ledger", "--format", "xlsx", "--include-sensitive", "--no-password"],
        "",
    ),
    "ledger-csv": (["ledger", "--format", "csv", "--include-sensitive"], ""),
    "cards-docx": (["cards", "--format", "docx"], f"{WORD}\n{WORD}\n"),
    "cards-html": (["cards", "--format", "html"], ""),
    "flag-docx": (["flag", "FLAG", "--format", "docx"], f"{WORD}\n{WORD}\n"),
    "flag-md": (["flag", "FLAG", "--format", "md"], ""),
}


@pytest.fixture
def home(vault, paths):
    ids = seed(vault, 30)
    for cid in ids:
        update_child(vault, cid, study_notes=f"学习 {MARKER}" * 50)
    fid = flags.open_flag(vault, ids[0], "violence", f"看到 {MARKER}")
    vault.close()
    return paths.data_dir.parent, fid


def _run(home, fid, name, tmpdir, fault=None):
    argv, rest = EXPORTS[name]
    argv = [a if a != "FLAG" else fid[:8] for a in argv]
    out = tmpdir.parent / f"out-{name}"
    out.mkdir(exist_ok=True)
    env = {"TMPDIR": str(tmpdir), "TMP": str(tmpdir), "TEMP": str(tmpdir)}
    if fault:
        env["MENTOR_FAULT"] = fault
    suffix = "." + argv[argv.index("--format") + 1]
    return mentor(
        ["export", *argv, "--out", str(out / f"doc{suffix}"), "--passphrase-stdin"],
        home,
        stdin=f"{PASS}\n{rest}",
        env_extra=env,
    ), out


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_export_leaves_tmpdir_empty(home, tmp_path, name):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    r, out = _run(*home, name, tmpdir)
    assert r.returncode == 0, r.stderr
    assert list(out.iterdir())  # the document was written
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("name", ["diary-docx", "ledger-xlsx", "ledger-csv"])
def test_a_kill_mid_export_leaves_no_plaintext_in_tmpdir(home, tmp_path, name):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    r, out = _run(*home, name, tmpdir, fault="export-doc:mid-render")
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert scan(tmpdir) == [] and list(tmpdir.iterdir()) == []
    assert scan(out) == []  # nothing half written at the target either
