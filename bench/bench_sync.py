"""Sync benchmarks (issue 5): export and import of ~100k versions (production KDF included),
and re-import of the same file (nothing new). Peer measured in the same run: zlib + AES-GCM of
the same payload bytes alone (the floor of any encrypted export).

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

from common import Row, Sample, print_table  # (sets sys.path)

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


def main(quick: bool = False) -> list[Row]:
    tmp = tempfile.mkdtemp(prefix="mentor-bench-sync-")
    os.environ["MENTOR_HOME"] = tmp
    os.environ.pop("MENTOR_KDF", None)  # production Argon2id for vault and sync file

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from mentor_tui.core.demo_data import generate
    from mentor_tui.db.demo import load_into
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_export import export_vault
    from mentor_tui.db.sync_import import prepare_import
    from mentor_tui.db.sync_keys import EXPORT_COMPRESS_LEVEL, SyncKeys
    from mentor_tui.db.vault import create_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    n_children = 60 if quick else 1540  # ≥ 100k versions (about 65 a child over 2 years)
    src = create_vault(paths, "source", PASS)
    t0 = time.perf_counter()
    load_into(src, generate(children=n_children, years=2, seed=11, today=dt.date(2026, 11, 20)))
    with src.read():
        n = src.db.execute_sql('SELECT count(*) FROM "version"').fetchone()[0]
    print(f"generated and loaded {n} versions in {time.perf_counter() - t0:.1f} s", flush=True)
    stick = os.path.join(tmp, "stick")
    os.mkdir(stick)
    rows: list[Row] = []

    exp_s, imp_s, re_s, peer_s = [], [], [], []
    repeat = 1 if quick else 2
    for i in range(repeat):
        for f in os.listdir(stick):
            os.unlink(os.path.join(stick, f))
        t0 = time.perf_counter()
        res = export_vault(src, stick, SyncKeys(PASS))  # derives the file key: KDF included
        exp_s.append(time.perf_counter() - t0)

        dst = create_vault(paths, f"new-machine-{i}", PASS)
        t0 = time.perf_counter()
        keys = SyncKeys(PASS)
        apply_import(dst, prepare_import(dst, res.path, keys))
        imp_s.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        preview = prepare_import(dst, res.path, SyncKeys(PASS))
        apply_import(dst, preview)
        re_s.append(time.perf_counter() - t0)
        assert not preview.changes_anything
        dst.close()
        shutil.rmtree(dst.dir)

        payload = SyncKeys(PASS).open(res.path.read_bytes())
        t0 = time.perf_counter()
        AESGCM(os.urandom(32)).encrypt(
            os.urandom(12), zlib.compress(payload, EXPORT_COMPRESS_LEVEL), b""
        )
        peer_s.append(time.perf_counter() - t0)

    size_mb = os.path.getsize(res.path) / 1e6
    both = Sample([a + b for a, b in zip(exp_s, imp_s)])
    rows.append(
        Row(
            f"export {n} versions ({size_mb:.1f} MB file)",
            Sample(exp_s),
            Sample(peer_s),
            "zlib+AES-GCM alone",
            "—",
            unit="s",
        )
    )
    rows.append(Row(f"import {n} versions into an empty vault", Sample(imp_s), unit="s"))
    rows.append(
        Row("export + import together", both, target="≤ 5 s", met=both.median <= 5.0, unit="s")
    )
    rows.append(Row("re-import of the same file (no changes)", Sample(re_s), unit="s"))
    src.close()
    print_table("Sync (issue 5)", rows)
    shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
