"""The top of the dashboard: open statutory flags (强制报告, 控辍保学 — seed 001) until every step is
recorded. Text marks, not colour only: "⚠ 强制报告 · 王小明 · 疑似遭受家庭暴力 · 已开 3 天 · 1/3 步 · ‼ 需报告".

Use: ``yield FlagBanner()`` and call ``banner.reload()`` whenever the dashboard reloads (it loads
its own data in a thread worker). Or load ``db.flags.pinned_flags(vault)`` yourself in your
worker and call ``banner.show(items)``. It hides itself when nothing is pinned.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static
from textual.worker import WorkerState

from mentor_tui.core import flags as rules
from mentor_tui.core.i18n import t
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.protocol import WorkerFailed

MAX_LINES = 4


def banner_text(items, now: dt.datetime, limit: int = MAX_LINES) -> Text:
    """``items``: (FlagFacts, child name, plan count) as ``db.flags.pinned_flags`` returns."""
    text = Text()
    for i, (flag, name, plans) in enumerate(items[:limit]):
        if i:
            text.append("\n")
        done, req = rules.progress(rules.checklist(flag, plans))
        report = rules.needs_report(flag)
        text.append(
            "⚠ " + t(f"flag.regime.{rules.regime(flag.category)}"),
            style="bold red" if report else "bold yellow",
        )
        text.append(" · ")
        text.append(plain(name, width=12))  # user text: never markup
        text.append(" · " + t(f"flag.cat.{flag.category}"))
        text.append(" · " + rules.age_text(flag, now))
        text.append(" · " + t("flag.steps_progress", done=done, total=req))
        if report:
            text.append(" · " + t("flag.needs_report"), style="bold")
    if len(items) > limit:
        text.append("\n" + t("flag.banner.more", n=len(items) - limit), style="dim")
    return text


class FlagBanner(Static):
    DEFAULT_CSS = """
    FlagBanner { height: auto; max-height: 6; padding: 0 1; border-left: thick $error; }
    """

    class Loaded(Message):
        def __init__(self, items: list) -> None:
            super().__init__()
            self.items = items

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.items: list = []
        self.display = False

    def reload(self) -> None:
        self._load()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db.flags import pinned_flags

        vault = self.app.vault
        if vault is not None:
            self.post_message(self.Loaded(pinned_flags(vault)))

    def on_flag_banner_loaded(self, message: Loaded) -> None:
        message.stop()
        self.show(message.items)

    def on_worker_state_changed(self, event) -> None:
        if event.state is WorkerState.ERROR:  # to the app's one error handler
            self.app.post_message(WorkerFailed(event.worker.error))

    def show(self, items: list, now: dt.datetime | None = None) -> None:
        self.items = list(items)
        self.update(banner_text(self.items, now or dt.datetime.now()))
        self.display = bool(self.items)
