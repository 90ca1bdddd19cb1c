"""One headless launch, for bench_tui.py (run as a subprocess, timed from outside).

    python tui_probe.py bare            # Header, Footer, DataTable with 40 rows: first frame
    python tui_probe.py mentor PASS     # unlock → dashboard with its rows: interactive
    python tui_probe.py save PASS N     # N saves: F2 → committed, F2 → dashboard repainted

Prints one JSON line: peak RSS (MiB) and, for ``save``, the per-save timings in seconds.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

from common import ROOT  # noqa: F401  (puts the checkout on sys.path)


def rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def bare() -> dict:
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("姓名", "班级", "谈心", "家访", "家长电话", "最近联系")
            for i in range(40):
                table.add_row(f"学生{i}", "三年级二班", "✓", "—", "逾期 3 天", "11月20日")
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(80, 24))
    return {"rss": rss_mib()}


async def _dashboard(passphrase: str):
    from textual import events

    from mentor_tui.app import MentorApp
    from mentor_tui.screens.dashboard import DashboardScreen

    app = MentorApp()
    ctx = app.run_test(headless=True, size=(80, 24))
    pilot = await ctx.__aenter__()
    while not app.screen.query("Input"):
        await pilot.pause(0.005)
    app.post_message(events.Paste(passphrase))
    await pilot.pause()
    await pilot.press("enter")
    while True:
        screen = app.screen
        if isinstance(screen, DashboardScreen) and screen.query_one("#children").row_count:
            break
        await pilot.pause(0.005)
    return app, pilot, ctx


async def mentor(passphrase: str) -> dict:
    app, pilot, ctx = await _dashboard(passphrase)
    await ctx.__aexit__(None, None, None)
    return {"rss": rss_mib()}


async def save(passphrase: str, n: int) -> dict:
    from textual import events

    from mentor_tui.db.entries import entries_for_child

    app, pilot, ctx = await _dashboard(passphrase)
    table = app.screen.query_one("#children")
    commit, repaint = [], []
    for i in range(n):
        table.move_cursor(row=i % table.row_count)
        await pilot.pause()
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        child_id = row_key.value
        before = len(entries_for_child(app.vault, child_id, limit=None))
        dash = app.screen
        old_data = dash.data
        await pilot.press("t")
        while not app.screen.query("TextArea"):
            await pilot.pause(0.002)
        app.screen.query_one("TextArea").focus()
        app.post_message(events.Paste(f"第{i}次谈心"))
        await pilot.pause()
        t0 = time.perf_counter()
        # Not awaited: Pilot.press waits for the app to go idle, which would hide the latency.
        press = asyncio.ensure_future(pilot.press("f2"))
        t_commit = t_paint = None
        while t_paint is None:
            if t_commit is None and len(entries_for_child(app.vault, child_id, limit=None)) > before:
                t_commit = time.perf_counter() - t0
            # The dashboard has taken the reloaded data (its table is rebuilt in the same
            # handler, so the next frame shows it).
            if t_commit is not None and app.screen is dash and dash.data is not old_data:
                t_paint = time.perf_counter() - t0
            elif time.perf_counter() - t0 > 5:
                t_paint = float("nan")
            await asyncio.sleep(0.0005)
        await press
        commit.append(t_commit)
        repaint.append(t_paint)
    await ctx.__aexit__(None, None, None)
    return {"rss": rss_mib(), "commit": commit, "repaint": repaint}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        out = bare()
    elif mode == "mentor":
        out = asyncio.run(mentor(sys.argv[2]))
    else:
        out = asyncio.run(save(sys.argv[2], int(sys.argv[3])))
    print(json.dumps(out))
