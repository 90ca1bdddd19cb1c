"""The damage check at unlock and the repair (issue 13), at 40 and 2,000 children.

- check: ``PRAGMA cipher_integrity_check`` then ``quick_check`` on a connection of its own
  (``db/vault_check.full_check``: every page read and its HMAC verified). Peer in the same
  run: the stdlib's sqlite3 ``PRAGMA quick_check`` on an unencrypted copy of the same vault
  (``sqlcipher_export``), the cost of walking the b-trees without decrypting.
- repair: one damaged page in the middle of the file, salvaged by rowid ranges and lookups,
  the heads derived again (no stick). Peer: ``VACUUM INTO`` of the sound file (a plain copy
  through SQL), what any rebuild costs at least.

    python bench/bench_vault_check.py [--quick]
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from common import Row, print_table, timeit  # (sets sys.path)

PASS = "bench-passphrase"


def _vault(tmp: str, kids: int):
    from mentor_tui.core.demo_data import generate
    from mentor_tui.db.demo import load_into
    from mentor_tui.db.vault import create_vault
    from mentor_tui.paths import prepare

    os.environ["MENTOR_HOME"] = os.path.join(tmp, f"home{kids}")
    os.environ["MENTOR_KDF"] = "fast"
    paths = prepare()
    v = create_vault(paths, f"bench{kids}", PASS)
    load_into(v, generate(children=kids, years=1, seed=3))
    raw, db = v.raw_key, v.db_path
    plain = Path(tmp) / f"plain{kids}.db"
    with v.read():
        v.db.execute_sql(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        v.db.execute_sql("SELECT sqlcipher_export('plain')")
        v.db.execute_sql("DETACH DATABASE plain")
    v.close()
    return paths, db, raw, plain


def main(quick: bool = False) -> list[Row]:
    from mentor_tui.db import repair
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault_check import full_check

    tmp = tempfile.mkdtemp(prefix="mentor-bench-check-")
    rows: list[Row] = []
    try:
        for kids in (40, 400) if quick else (40, 2000):
            paths, db, raw, plain = _vault(tmp, kids)
            size = db.stat().st_size / 1024 / 1024

            def peer_check(plain=plain):
                con = sqlite3.connect(plain)
                try:
                    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                finally:
                    con.close()

            ours = timeit(lambda db=db, raw=raw: full_check(db, raw), repeat=5)
            peer = timeit(peer_check, repeat=5)
            rows.append(
                Row(
                    f"damage check, {kids:,} children ({size:.1f} MiB)",
                    ours,
                    peer,
                    "sqlite3 quick_check, unencrypted",
                    "—",
                )
            )

            sound = Path(tmp) / f"sound{kids}.db"
            shutil.copy(db, sound)
            profile = list_profiles(paths)[0]

            def damage(db=db, sound=sound):
                shutil.copy(sound, db)
                for leftover in db.parent.glob("vault-damaged-*"):
                    leftover.unlink()
                data = bytearray(db.read_bytes())
                off = (len(data) // 4096 // 2) * 4096 + 200
                data[off : off + 16] = bytes(b ^ 0x5A for b in data[off : off + 16])
                db.write_bytes(bytes(data))

            ours = timeit(
                lambda paths=paths, profile=profile: repair.repair_profile(
                    paths, profile, PASS, lambda _vid: None
                ),
                repeat=3,
                setup=damage,
            )

            def peer_copy(plain=plain, out=Path(tmp) / f"copy{kids}.db"):
                out.unlink(missing_ok=True)
                con = sqlite3.connect(plain)
                try:
                    con.execute(f"VACUUM INTO '{out}'")
                finally:
                    con.close()

            peer = timeit(peer_copy, repeat=3)
            rows.append(
                Row(
                    f"repair, one damaged page, {kids:,} children",
                    ours,
                    peer,
                    "sqlite3 VACUUM INTO, unencrypted",
                    "—",
                )
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_table("Damage check and repair", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
