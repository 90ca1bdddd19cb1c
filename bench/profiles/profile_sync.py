"""Profiles of the sync at a size (issue 17): export, import into an empty vault, re-import of
the unchanged file, each once unprofiled (timed) and once under cProfile (written next to this
file as sync-<step>.prof).

    python bench/profiles/profile_sync.py 1540     # children: 1,540 give ~99,000 versions
"""

import cProfile
import datetime as dt
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
tmp = tempfile.mkdtemp(prefix="spd-")
os.environ["MENTOR_HOME"] = tmp
os.environ.pop("MENTOR_KDF", None)
from mentor_tui.core.demo_data import generate  # noqa: E402 - after the path
from mentor_tui.db.demo import load_into  # noqa: E402 - after the path
from mentor_tui.db.sync_apply import apply_import  # noqa: E402 - after the path
from mentor_tui.db.sync_export import export_vault  # noqa: E402 - after the path
from mentor_tui.db.sync_import import prepare_import  # noqa: E402 - after the path
from mentor_tui.db.sync_keys import SyncKeys  # noqa: E402 - after the path
from mentor_tui.db.vault import create_vault  # noqa: E402 - after the path
from mentor_tui.paths import prepare  # noqa: E402 - after the path

PASS = "bench-passphrase"
n_children = int(sys.argv[1])
paths = prepare()
src = create_vault(paths, "source", PASS)
load_into(src, generate(children=n_children, years=2, seed=11, today=dt.date(2026, 11, 20)))
stick = os.path.join(tmp, "stick")
os.mkdir(stick)


def run(name, fn):
    pr = cProfile.Profile()
    t0 = time.perf_counter()
    pr.enable()
    r = fn()
    pr.disable()
    print(f"{name}: {time.perf_counter() - t0:.2f} s", flush=True)
    pr.dump_stats(os.path.join(HERE, f"sync-{name}.prof"))
    return r


def timed(name, fn):
    t0 = time.perf_counter()
    r = fn()
    print(f"{name}: {time.perf_counter() - t0:.2f} s (no profiler)", flush=True)
    return r


res = timed("export", lambda: export_vault(src, stick, SyncKeys(PASS)))
dst = create_vault(paths, "dst", PASS)
timed("import", lambda: apply_import(dst, prepare_import(dst, res.path, SyncKeys(PASS))))
timed("reimport", lambda: apply_import(dst, prepare_import(dst, res.path, SyncKeys(PASS))))
shutil.rmtree(stick)
os.mkdir(stick)
res = run("export", lambda: export_vault(src, stick, SyncKeys(PASS)))
dst2 = create_vault(paths, "dst2", PASS)
run("import", lambda: apply_import(dst2, prepare_import(dst2, res.path, SyncKeys(PASS))))
run("reimport", lambda: apply_import(dst2, prepare_import(dst2, res.path, SyncKeys(PASS))))
