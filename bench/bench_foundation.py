"""Foundation benchmarks (issue 2): unlock, one entry saved and committed with its version,
bulk insert of 100k entries, generator time for 2,000 children × 5 years.

Peers measured in the same run: plain sqlite3 (stdlib, WAL, synchronous=FULL) for the save and
the bulk insert; one Argon2id derivation for the unlock.

    python bench/bench_foundation.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import tempfile

from common import Row, print_table, timeit  # (sets sys.path)


def main(quick: bool = False) -> list[Row]:
    tmp = tempfile.mkdtemp(prefix="mentor-bench-")
    os.environ["MENTOR_HOME"] = tmp
    os.environ.pop("MENTOR_KDF", None)  # production KDF for the unlock row

    from mentor_tui.core.demo_data import generate
    from mentor_tui.core.kdf import default_params, derive
    from mentor_tui.db import children, entries, store
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import create_vault, open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    rows: list[Row] = []
    v = create_vault(paths, "bench", "bench-passphrase")
    cid = children.add_child(v, "李明")
    v.close()
    prof = list_profiles(paths)[0]

    def unlock():
        open_vault(paths, prof, "bench-passphrase").close()

    salt = os.urandom(16)
    ours = timeit(unlock, repeat=5)
    peer = timeit(lambda: derive("bench-passphrase", salt, default_params()), repeat=5)
    rows.append(
        Row(
            "unlock (Argon2id t=3 m=64MiB p=4 + open + migrate check)",
            ours,
            peer,
            "Argon2id alone",
            "—",
        )
    )

    v = open_vault(paths, prof, "bench-passphrase")
    today = dt.date.today()
    ours = timeit(lambda: entries.log_entry(v, cid, "talk", today, text="谈心记录"), repeat=50)
    pdb = os.path.join(tmp, "plain.db")
    con = sqlite3.connect(pdb, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE e (id TEXT PRIMARY KEY, child TEXT, kind TEXT, day TEXT, txt TEXT)")
    counter = iter(range(10**9))

    def plain_save():
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO e VALUES (?,?,?,?,?)",
            (str(next(counter)), cid, "talk", today.isoformat(), "谈心记录"),
        )
        con.execute("COMMIT")

    peer = timeit(plain_save, repeat=50)
    rows.append(
        Row(
            "one entry saved + committed, with its version (SQLCipher)",
            ours,
            peer,
            "plain sqlite3 insert",
            "≤ 10 ms",
            ours.median <= 0.010,
        )
    )

    n = 20_000 if quick else 100_000
    payloads = [
        (
            store.new_id(),
            {
                "child_id": cid,
                "kind": "talk",
                "outcome": "done",
                "occurred_on": today,
                "entered_at": dt.datetime.now(),
                "text": "批量",
                "card": {},
                "tags": [],
            },
        )
        for _ in range(n)
    ]
    ours = timeit(lambda: store.put_many(v, "entry", payloads[:]), repeat=1, warmup=0)

    def plain_bulk():
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO e VALUES (?,?,?,?,?)",
            ((str(next(counter)), cid, "talk", today.isoformat(), "批量") for _ in range(n)),
        )
        con.execute("COMMIT")

    peer = timeit(plain_bulk, repeat=1, warmup=0)
    rows.append(
        Row(
            f"bulk insert {n:,} entries (versions + heads + rows)",
            ours,
            peer,
            "plain sqlite3 executemany",
            "—",
            unit="s",
        )
    )
    v.close()

    kids, years = (400, 5) if quick else (2000, 5)
    ours = timeit(lambda: generate(children=kids, years=years, seed=1), repeat=1, warmup=0)
    rows.append(Row(f"generator {kids:,} children × {years} years", ours, target="—", unit="s"))
    print_table("Foundation", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
