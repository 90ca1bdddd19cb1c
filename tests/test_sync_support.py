"""Helpers shared by the sync tests (no tests here): database dumps, seeding, plaintext scans,
running the real ``mentor`` command in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from mentor_tui.db import children, entries
from mentor_tui.db.models import SYNC_MODELS

PASS = "correct horse 正确"
MARKER = "秘密标记XQ7"  # written into children's data; must never be found in plaintext
ROOT = Path(__file__).resolve().parents[1]
SYNCED_TABLES = ("version", "head", "erasure")


def dump(vault) -> dict[str, list[tuple]]:
    """Every synced table (versions, heads, erasures and the derived current tables)."""
    out = {}
    with vault.read():
        tables = list(SYNCED_TABLES) + [m._meta.table_name for m in SYNC_MODELS.values()]
        for table in tables:
            out[table] = sorted(vault.db.execute_sql(f'SELECT * FROM "{table}"').fetchall(),
                                key=repr)
    return out


def version_ids(vault) -> set[str]:
    with vault.read():
        return {r[0] for r in vault.db.execute_sql('SELECT version_id FROM "version"')}


def seed(vault, n_children: int = 2, marker: str = MARKER) -> list[str]:
    """Children with a contact and an entry each; returns the child ids."""
    ids = []
    for i in range(n_children):
        cid = children.add_child(vault, f"李{marker}{i}", class_name="三年级二班")
        children.add_contact(vault, cid, f"王{marker}", "grandparent", phones=["13800138000"])
        entries.log_entry(vault, cid, "talk", dt.date.today() - dt.timedelta(days=i),
                          text=f"谈心 {marker}")
        ids.append(cid)
    return ids


def scan(folder: Path, marker: str = MARKER) -> list[str]:
    """Files under ``folder`` whose bytes hold the marker (UTF-8 or UTF-16)."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    hits = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(dirpath) / name
            try:
                data = p.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                hits.append(str(p))
    return hits


def mentor(args: list[str], home: Path, stdin: str = "", env_extra: dict | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
    env.update({"MENTOR_HOME": str(home), "MENTOR_KDF": "fast", "MENTOR_LANG": "en",
                "PYTHONPATH": str(ROOT)})
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "mentor_tui", *args], input=stdin, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
