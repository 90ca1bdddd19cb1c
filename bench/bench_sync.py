"""Sync benchmarks (issues 5, 17): export and import of ~1k / 10k / 100k versions (production
KDF included), and re-import of the same file (nothing new), with the cost a version and a
chart of it (bench/charts/sync.svg). Peer measured in the same run: zlib + AES-GCM of the same
payload both ways plus a plain sqlite3 ``executemany`` of the same version rows (the floor of
any encrypted export and import); the export row also shows zlib + AES-GCM one way alone.

    python bench/bench_sync.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import zlib

from common import Curve, Row, Sample, per_unit, print_table, write_chart  # (sets sys.path)

PASS = "bench-passphrase"
COMPARE_CHILDREN = 150  # about 10k versions: a whole export or import in about a second


def _compare_world(tag: str):
    """A vault holding the demo of COMPARE_CHILDREN children, and its sync file, built with the
    checkout's own code (bench/compare_base.py runs this in each tree's worker)."""
    os.environ.setdefault("MENTOR_HOME", tempfile.mkdtemp(prefix="mentor-cmp-sync-"))
    os.environ["MENTOR_KDF"] = "fast"  # the KDF is not what these rows compare

    from mentor_tui.core.demo_data import generate
    from mentor_tui.db.demo import load_into
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_keys import SyncKeys
    from mentor_tui.db.vault import create_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    src = create_vault(paths, f"src-{tag}", PASS)
    load_into(
        src, generate(children=COMPARE_CHILDREN, years=2, seed=11, today=dt.date(2026, 11, 20))
    )
    stick = tempfile.mkdtemp(prefix="stick-", dir=os.environ["MENTOR_HOME"])
    res = export_vault(src, stick, SyncKeys(PASS))
    return paths, src, res.path


def _export_row():
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_keys import SyncKeys

    _paths, src, _file = _compare_world("export")
    keys = SyncKeys(PASS)
    keys.open(_file.read_bytes())  # derive the file key once, outside the timing

    def call():
        folder = tempfile.mkdtemp(dir=os.environ["MENTOR_HOME"])  # a new stick: no pull
        return export_vault(src, folder, keys)

    return call


def _import_row():
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_import import prepare_import
    from mentor_tui.db.sync_keys import SyncKeys
    from mentor_tui.db.vault import create_vault

    paths, _src, file = _compare_world("import")
    keys = SyncKeys(PASS)
    count = [0]

    def call():
        count[0] += 1
        dst = create_vault(paths, f"dst-{count[0]}", PASS)  # an empty vault (cheap KDF)
        try:
            return apply_import(dst, prepare_import(dst, file, keys))
        finally:
            dst.close()

    return call


def _reimport_row():
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_import import prepare_import
    from mentor_tui.db.sync_keys import SyncKeys
    from mentor_tui.db.vault import create_vault

    paths, _src, file = _compare_world("reimport")
    keys = SyncKeys(PASS)
    dst = create_vault(paths, "dst-again", PASS)
    apply_import(dst, prepare_import(dst, file, keys))
    return lambda: apply_import(dst, prepare_import(dst, file, keys))


def compare_rows():
    """(name, prepare) for bench/compare_base.py --group sync: the same export, import into an
    empty vault and re-import of an unchanged file in the base tree and in this one (names
    both trees have: db.sync_export.export_vault, db.sync_import.prepare_import,
    db.sync_apply.apply_import, db.sync_keys.SyncKeys). About 10k versions; cheap KDF."""
    return [
        (f"export ({COMPARE_CHILDREN} children, ~10k versions)", _export_row),
        ("import into an empty vault", _import_row),
        ("re-import of the unchanged file", _reimport_row),
    ]


PEER_NAME = (
    "Argon2id ×2 (the export's and the import's key) + zlib+AES-GCM both ways + plain sqlite3 "
    "executemany of the rows"
)


def _peer(payload: bytes, rows: list[tuple], level: int) -> float:
    """The floor of an encrypted export and import without the KDF: compress and encrypt the
    payload, decrypt and decompress it, and insert the same version rows with plain sqlite3
    (one ``executemany``, the table's primary key and record index, committed to a file)."""
    import sqlite3

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    folder = tempfile.mkdtemp(dir=os.environ["MENTOR_HOME"])
    key, nonce = os.urandom(32), os.urandom(12)
    t0 = time.perf_counter()
    sealed = AESGCM(key).encrypt(nonce, zlib.compress(payload, level), b"")
    assert zlib.decompress(AESGCM(key).decrypt(nonce, sealed, b"")) == payload
    con = sqlite3.connect(os.path.join(folder, "peer.db"))
    con.execute(
        'CREATE TABLE "version" (version_id TEXT PRIMARY KEY, record_id TEXT NOT NULL, '
        "entity TEXT NOT NULL, vv TEXT NOT NULL, hlc INTEGER NOT NULL, device_id TEXT NOT NULL, "
        "deleted INTEGER NOT NULL, payload TEXT NOT NULL, schema INTEGER NOT NULL)"
    )
    con.execute('CREATE INDEX version_record ON "version" (record_id)')
    with con:
        con.executemany('INSERT INTO "version" VALUES (?,?,?,?,?,?,?,?,?)', rows)
    con.close()
    took = time.perf_counter() - t0
    shutil.rmtree(folder, ignore_errors=True)
    return took


def _size(paths, n_children: int, repeat: int, tag: str) -> dict:
    """Export, import into an empty vault, re-import, and the peer, ``repeat`` times on a
    vault of ``n_children`` (≈ 65 versions a child over 2 years). Production KDF."""
    from mentor_tui.core.demo_data import generate
    from mentor_tui.core.kdf import KdfParams, derive
    from mentor_tui.db.demo import load_into
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_import import prepare_import
    from mentor_tui.db.sync_keys import EXPORT_COMPRESS_LEVEL, SyncKeys
    from mentor_tui.db.sync_read import COLS
    from mentor_tui.db.vault import create_vault

    src = create_vault(paths, f"source-{tag}", PASS)
    t0 = time.perf_counter()
    load_into(src, generate(children=n_children, years=2, seed=11, today=dt.date(2026, 11, 20)))
    with src.read():
        n = src.db.execute_sql('SELECT count(*) FROM "version"').fetchone()[0]
        rows = src.db.execute_sql(f'SELECT {COLS} FROM "version"').fetchall()
    print(f"generated and loaded {n} versions in {time.perf_counter() - t0:.1f} s", flush=True)
    got: dict = {
        "n": n,
        "export": [],
        "import": [],
        "reimport": [],
        "peer": [],
        "peer_seal": [],
        "kdf": [],
    }
    for i in range(repeat):
        stick = tempfile.mkdtemp(dir=os.environ["MENTOR_HOME"])  # a new stick: no pull
        t0 = time.perf_counter()
        res = export_vault(src, stick, SyncKeys(PASS))  # derives the file key: KDF included
        got["export"].append(time.perf_counter() - t0)

        dst = create_vault(paths, f"new-machine-{tag}-{i}", PASS)
        t0 = time.perf_counter()
        apply_import(dst, prepare_import(dst, res.path, SyncKeys(PASS)))
        got["import"].append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        preview = prepare_import(dst, res.path, SyncKeys(PASS))
        apply_import(dst, preview)
        got["reimport"].append(time.perf_counter() - t0)
        assert not preview.changes_anything
        dst.close()
        shutil.rmtree(dst.dir, ignore_errors=True)

        payload = SyncKeys(PASS).open(res.path.read_bytes())
        got["peer"].append(_peer(payload, rows, EXPORT_COMPRESS_LEVEL))
        t0 = time.perf_counter()
        for _ in range(2):  # the export's key and the import's: what ours derives
            derive(PASS, os.urandom(16), KdfParams())  # the production parameters
        got["kdf"].append(time.perf_counter() - t0)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        t0 = time.perf_counter()
        AESGCM(os.urandom(32)).encrypt(
            os.urandom(12), zlib.compress(payload, EXPORT_COMPRESS_LEVEL), b""
        )
        got["peer_seal"].append(time.perf_counter() - t0)
        got["mb"] = os.path.getsize(res.path) / 1e6
        shutil.rmtree(stick, ignore_errors=True)
    src.close()
    return got


def main(quick: bool = False) -> list[Row]:
    tmp = tempfile.mkdtemp(prefix="mentor-bench-sync-")
    os.environ["MENTOR_HOME"] = tmp
    os.environ.pop("MENTOR_KDF", None)  # production Argon2id for vault and sync file

    from mentor_tui.paths import prepare

    paths = prepare()
    # ≈ 1k / 10k / 100k versions (quick: ≈ 1k / 4k / 10k); about 65 a child over 2 years
    children = (15, 60, 150) if quick else (15, 150, 1540)

    def repeat(c: int) -> int:  # quick: one run a size, so bench/run --quick stays short
        return 1 if quick else 3 if c < 1000 else 2

    sizes = [_size(paths, c, repeat(c), str(c)) for c in children]
    rows: list[Row] = []
    big = sizes[-1]
    n = big["n"]
    rows.append(
        Row(
            f"export {n:,} versions ({big['mb']:.1f} MB file)",
            Sample(big["export"]),
            Sample(big["peer_seal"]),
            "zlib+AES-GCM alone",
            unit="s",
        )
    )
    rows.append(Row(f"import {n:,} versions into an empty vault", Sample(big["import"]), unit="s"))
    for got in sizes:
        n = got["n"]
        both = Sample([a + b for a, b in zip(got["export"], got["import"])])
        bare = Sample(got["peer"])
        peer = Sample([a + b for a, b in zip(got["peer"], got["kdf"])])
        ratio = both.median / peer.median
        last = got is big and n >= 90_000
        rows.append(
            Row(
                f"export + import, {n:,} versions ({per_unit(both.median, n, 'version')}; "
                f"peer without the KDF {per_unit(bare.median, n, 'version')})",
                both,
                peer,
                PEER_NAME,
                "≤ 5 s, ratio ≤ 3" if last else "ratio ≤ 3",
                (both.median <= 5.0 and ratio <= 3) if last else ratio <= 3,
                unit="s",
            )
        )
    for got in sizes:
        n = got["n"]
        again = Sample(got["reimport"])
        last = got is big and n >= 90_000
        rows.append(
            Row(
                f"re-import of the same file (no changes), {n:,} versions "
                f"({per_unit(again.median, n, 'version')})",
                again,
                target="≤ 1 s" if last else "—",
                met=again.median <= 1.0 if last else None,
                unit="s",
            )
        )
    curve = Curve(
        "sync",
        "sync: cost per version (production KDF included)",
        "version",
        [g["n"] for g in sizes],
        {
            "export + import": [
                Sample([a + b for a, b in zip(g["export"], g["import"])]).median for g in sizes
            ],
            "re-import": [Sample(g["reimport"]).median for g in sizes],
            "peer (KDF included)": [
                Sample([a + b for a, b in zip(g["peer"], g["kdf"])]).median for g in sizes
            ],
        },
    )
    print(f"chart: {write_chart(curve, quick)}")
    print_table("Sync (issues 5, 17)", rows)
    shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
