"""The profiles behind issue 17's start-up rows (written to bench/profiles/, not part of
``bench/run``):

    python bench/profile_startup.py memory   # RSS as each layer loads, then the mappings
    python bench/profile_startup.py enter    # Enter → dashboard: where the time goes
    python bench/profile_startup.py imports  # what the launch imports after the first frame
    python bench/profile_startup.py launch   # launch → dashboard, passphrase pasted: a timeline

``memory`` imports what the dashboard needs layer by layer in one process (no app running),
printing VmRSS after each, then opens a 40-child demo vault (cheap KDF) and runs the dashboard
query; then, in the running app with the dashboard shown, the resident size of each mapping
(/proc/self/smaps), beside the bare Textual app's. ``enter`` stamps each step from Enter to
the dashboard's rows (production Argon2id) in three runs. ``launch`` runs the bench's launch
probe (tui_probe.py mentor: the passphrase pasted the instant the unlock screen shows) with
a sampler thread that reads every thread's stack each 2 ms (``sys._current_frames``): per
50 ms slice, what each thread was doing (the module it was importing, else its function),
with the steps stamped as in ``enter``.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import importlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

from common import ROOT  # noqa: F401  (puts the checkout on sys.path)

HERE = os.path.dirname(os.path.abspath(__file__))
LAYERS = (
    ("textual + the widgets of both apps", ("textual.app", "textual.widgets._data_table")),
    (
        "mentor_tui.app + unlock screen (the first frame's imports)",
        ("mentor_tui.app", "mentor_tui.screens.unlock"),
    ),
    (
        "cryptography (Argon2id, AES-GCM: the keyring)",
        (
            "cryptography.hazmat.primitives.kdf.argon2",
            "cryptography.hazmat.primitives.ciphers.aead",
        ),
    ),
    ("sqlcipher3", ("sqlcipher3",)),
    ("peewee (and the stdlib sqlite3 it imports)", ("mentor_tui.db", "peewee")),
    (
        "db.vault, vault_check, roaming (our db layer for unlocking)",
        ("mentor_tui.db.vault", "mentor_tui.db.vault_check", "mentor_tui.roaming"),
    ),
    (
        "screens.dashboard (ui_queries, duty engine, children, school links)",
        ("mentor_tui.screens.dashboard",),
    ),
    (
        "child_file, quick_entry (preloaded for the first open)",
        ("mentor_tui.screens.child_file", "mentor_tui.screens.quick_entry"),
    ),
)


def rss() -> float:
    with open("/proc/self/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def smaps() -> collections.Counter:
    out: collections.Counter = collections.Counter()
    name = "[anon]"
    with open("/proc/self/smaps", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if "-" in parts[0] and not parts[0].endswith(":"):
                name = parts[5] if len(parts) > 5 else "[anon]"
            elif parts[0] == "Rss:":
                out[name] += int(parts[1])
    return out


def demo(home: str, kdf_fast: bool) -> dict:
    env = {**os.environ, "MENTOR_HOME": home, "MENTOR_LANG": "zh"}
    if kdf_fast:
        env["MENTOR_KDF"] = "fast"
    else:
        env.pop("MENTOR_KDF", None)
    subprocess.run(
        [sys.executable, "-m", "mentor_tui", "demo", "--children", "40", "--years", "4"]
        + ["--no-open"],
        env=env,
        capture_output=True,
        check=True,
    )
    return env


def layers() -> None:
    last = [rss()]

    def step(what: str) -> None:
        now = rss()
        print(f"| {what} | {now:.1f} | +{now - last[0]:.1f} |")
        last[0] = now

    print("| after | VmRSS MiB | step |\n| --- | --- | --- |")
    step("python")
    for what, modules in LAYERS:
        for name in modules:
            importlib.import_module(name)
        step(what)
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.ui_queries import dashboard
    from mentor_tui.db.vault import open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    vault = open_vault(paths, pick_profile(paths, None), "mentor-demo")
    step("open the vault (cheap KDF)")
    dashboard(vault, dt.date.today())
    cache = vault.db.execute_sql("PRAGMA cache_size").fetchone()[0]
    step(f"the dashboard query (its pages in SQLite's page cache, cache_size {cache})")
    vault.close()


def mappings(env: dict) -> None:
    code = (
        "import asyncio, sys, json\n"
        f"sys.path.insert(0, {HERE!r})\n"
        "import tui_probe, profile_startup as P\n"
        "async def go():\n"
        "    app, pilot, ctx = await tui_probe._dashboard('mentor-demo')\n"
        "    v = app.vault\n"
        "    while not (v.checked.is_set() and v.keys_ready.is_set()):\n"
        "        await pilot.pause(0.01)\n"
        "    await pilot.pause(0.3)\n"
        "    m = P.smaps()\n"
        "    await tui_probe._close(app, ctx)\n"
        "    return m\n"
        "m = asyncio.run(go())\n"
        "print(json.dumps(m.most_common(12)))\n"
    )
    bare = (
        "import sys, json\n"
        f"sys.path.insert(0, {HERE!r})\n"
        "import profile_startup as P\n"
        "from textual.app import App\n"
        "from textual.widgets import DataTable, Footer, Header\n"
        "class Bare(App):\n"
        "    def compose(self):\n"
        "        yield Header(); yield DataTable(); yield Footer()\n"
        "    def on_mount(self):\n"
        "        t = self.query_one(DataTable); t.add_columns('a', 'b')\n"
        "        [t.add_row(str(i), 'x') for i in range(40)]\n"
        "        self.call_after_refresh(self.done)\n"
        "    def done(self):\n"
        "        global M; M = P.smaps(); self.exit()\n"
        "Bare().run(headless=True, size=(80, 24))\n"
        "print(json.dumps(M.most_common(12)))\n"
    )
    import json

    for title, src in (("dashboard shown (cheap KDF)", code), ("bare Textual app", bare)):
        got = subprocess.run(
            [sys.executable, "-c", src], env=env, capture_output=True, text=True, check=True
        )
        rows = json.loads(got.stdout.strip().splitlines()[-1])
        total = sum(v for _k, v in rows)
        print(f"\n{title}: the 12 biggest mappings, {total / 1024:.1f} MiB of them\n")
        print("| mapping | Rss MiB |\n| --- | --- |")
        for name, kib in rows:
            print(f"| {name.split('site-packages/')[-1]} | {kib / 1024:.1f} |")


def enter() -> None:
    """Stamps from Enter to the dashboard's rows, production Argon2id (run as a subprocess)."""
    from textual import events

    import mentor_tui.app as app_mod
    import mentor_tui.db.keyring as keyring
    import mentor_tui.db.ui_queries as ui_queries
    import mentor_tui.db.vault as vault_mod
    from mentor_tui.screens.dashboard import DashboardScreen

    marks: list[tuple[str, float, str]] = []
    t0 = [0.0]

    def wrap(owner, name: str) -> None:
        fn = getattr(owner, name)

        def stamped(*a, **k):
            marks.append((name + " >", time.perf_counter(), threading.current_thread().name))
            try:
                return fn(*a, **k)
            finally:
                marks.append((name + " <", time.perf_counter(), threading.current_thread().name))

        setattr(owner, name, stamped)

    wrap(keyring, "unwrap")
    wrap(vault_mod, "_open_db")
    wrap(ui_queries, "dashboard")
    wrap(app_mod.MentorApp, "_show_unlocked")
    wrap(DashboardScreen, "on_dashboard_screen_loaded")
    wrap(app_mod.MentorApp, "_after_unlock")

    async def go() -> None:
        app = app_mod.MentorApp()
        async with app.run_test(headless=True, size=(80, 24)) as pilot:
            while not app.screen.query("Input"):
                await pilot.pause(0.005)
            await pilot.pause(1.5)
            app.post_message(events.Paste("mentor-demo"))
            await pilot.pause()
            t0[0] = time.perf_counter()
            await pilot.press("enter")
            while not any(m[0] == "_after_unlock <" for m in marks):
                await pilot.pause(0.01)
            vault, app.vault = app.vault, None
            await asyncio.to_thread(app.vault_call, vault.close)

    asyncio.run(go())
    print("| ms after Enter | step | thread |\n| --- | --- | --- |")
    for what, at, thread in marks:
        print(f"| {1000 * (at - t0[0]):.0f} | {what} | {thread} |")


def sampled_doing(frame) -> str:
    """What a thread is doing: the innermost module being imported, else its innermost
    function of interest (ours, Textual's, the libraries')."""
    innermost_module = None
    f = frame
    while f is not None:
        code = f.f_code
        name = f.f_globals.get("__name__", code.co_filename)
        if code.co_name == "<module>" and innermost_module is None and name != "__main__":
            innermost_module = name
        f = f.f_back
    if innermost_module is not None:
        return "import " + str(innermost_module)
    f = frame
    while f is not None:
        name = f.f_globals.get("__name__", "")
        if name.startswith(("mentor_tui", "cryptography", "peewee", "sqlcipher3")):
            return f"{name}.{f.f_code.co_name}"
        f = f.f_back
    if frame is None:
        return "?"
    return f"{frame.f_globals.get('__name__', '?')}.{frame.f_code.co_name}"


def launch_one() -> None:
    """One launch probe under the sampler (run as a subprocess)."""
    sys.path.insert(0, HERE)
    import tui_probe

    t0 = time.monotonic()
    samples: list[tuple[float, str, str]] = []
    marks: list[tuple[float, str, str]] = []
    stop = threading.Event()
    me = threading.get_ident()

    def sampler() -> None:
        while not stop.wait(0.002):
            names = {t.ident: t.name for t in threading.enumerate()}
            now = time.monotonic() - t0
            for ident, frame in sys._current_frames().items():
                if ident == me_sampler[0]:
                    continue
                # idle: in the event loop's select, a queue's wait, or the preload's pause
                idle = frame.f_code.co_name in ("select", "wait", "_worker", "sleep", "poll", "job")
                what = "(waiting)" if idle else sampled_doing(frame)
                samples.append((now, names.get(ident, str(ident)), what))

    me_sampler = [0]
    th = threading.Thread(target=sampler, name="sampler", daemon=True)
    th.start()
    me_sampler[0] = th.ident or 0
    del me

    import importlib

    def stamp(module: str, owner: str, name: str) -> None:
        obj = importlib.import_module(module)
        for part in owner.split(".") if owner else ():
            obj = getattr(obj, part)
        fn = getattr(obj, name)

        def stamped(*a, **k):
            marks.append((time.monotonic() - t0, name + " >", threading.current_thread().name))
            try:
                return fn(*a, **k)
            finally:
                marks.append((time.monotonic() - t0, name + " <", threading.current_thread().name))

        setattr(obj, name, stamped)

    stamp("mentor_tui.app", "MentorApp", "on_unlock_shown")
    stamp("mentor_tui.app", "MentorApp", "unlocked")
    stamp("mentor_tui.screens.unlock", "UnlockScreen", "on_input_submitted")
    got = asyncio.run(tui_probe.mentor("mentor-demo"))
    stop.set()
    th.join()
    marks.append((got["at"] - t0, "dashboard rows (the probe's stamp)", "MainThread"))
    print(json.dumps({"samples": samples, "marks": marks, "start": t0}))


def launch() -> None:
    import json as json_mod

    home = tempfile.mkdtemp(prefix="mentor-profile-launch-")
    env = demo(home, kdf_fast=False)
    print(f"load average {os.getloadavg()[0]:.1f}")
    for i in range(2):
        started = time.monotonic()
        got = subprocess.run(
            [sys.executable, __file__, "launch-one"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        data = json_mod.loads(got.stdout.strip().splitlines()[-1])
        offset = data["start"] - started  # the interpreter's own start before t0
        print(
            f"\n## run {i + 1}\n\nprocess start → probe's t0 (interpreter, textual, the app's "
            f"imports): {1000 * offset:.0f} ms; times below are from the process start\n"
        )
        print("| ms | step | thread |\n| --- | --- | --- |")
        for at, what, thread in data["marks"]:
            print(f"| {1000 * (at + offset):.0f} | {what} | {thread} |")
        slices: dict = collections.defaultdict(collections.Counter)
        for at, thread, what in data["samples"]:
            if what == "(waiting)":
                continue
            slices[int((at + offset) * 20)][(thread, what)] += 1
        print("\n| slice (ms) | thread: what it was doing (samples of 2 ms) |\n| --- | --- |")
        for key in sorted(slices):
            busy = ", ".join(
                f"{thread}: {what} ×{n}" for (thread, what), n in slices[key].most_common(4)
            )
            print(f"| {key * 50}–{key * 50 + 50} | {busy} |")


def imports() -> None:
    """The imports a launch needs after the first frame (app.PRELOAD, what unlocking and the
    dashboard load): wall time in fresh processes, then the biggest by ``-X importtime``."""
    code = (
        "import time, importlib, mentor_tui.app as A\n"
        "t = time.perf_counter()\n"
        "[importlib.import_module(n) for n in A.PRELOAD + A.PRELOAD_AFTER_DASHBOARD]\n"
        "print(time.perf_counter() - t)\n"
    )
    times = sorted(
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    )
    print(
        f"load average {os.getloadavg()[0]:.1f}; PRELOAD after mentor_tui.app, 7 fresh "
        f"processes: median {1000 * times[3]:.0f} ms (min {1000 * times[0]:.0f}, "
        f"max {1000 * times[-1]:.0f})\n"
    )
    got = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    ).stderr
    seen_app, rows = False, []
    for line in got.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _self, cumulative, raw = line[len("import time:") :].split("|")
        name, depth = raw.strip(), len(raw) - len(raw.lstrip()) - 1
        if name == "mentor_tui.app":
            seen_app = True
            continue
        if seen_app and depth <= 2:  # what PRELOAD's own imports pull in, two levels down
            rows.append((int(cumulative), "  " * depth + name))
    print(
        "| imported after mentor_tui.app (-X importtime, ≥ 5 ms, in load order) | cumulative ms |"
    )
    print("| --- | --- |")
    for cumulative, name in rows:
        if cumulative >= 5000:
            print(f"| {name.replace(' ', '&nbsp;')} | {cumulative / 1000:.1f} |")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "memory"
    if what == "memory":
        home = tempfile.mkdtemp(prefix="mentor-profile-")
        env = demo(home, kdf_fast=True)
        os.environ.update(env)
        layers()
        mappings(env)
    elif what == "imports":
        imports()
    elif what == "enter-one":
        enter()
    elif what == "launch-one":
        launch_one()
    elif what == "launch":
        launch()
    else:
        home = tempfile.mkdtemp(prefix="mentor-profile-kdf-")
        env = demo(home, kdf_fast=False)
        print(f"load average {os.getloadavg()[0]:.1f}")
        for i in range(3):
            got = subprocess.run(
                [sys.executable, __file__, "enter-one"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"\nrun {i + 1}\n\n{got.stdout}")
