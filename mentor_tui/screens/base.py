"""Worker errors go to the app's one handler.

``Worker.StateChanged`` does not bubble, so every screen that runs workers mixes this in; the
app's :meth:`~mentor_tui.app.MentorApp.report_worker` shows the error modal. (Textual calls the
handler of each class in the MRO, so a screen's own handler runs as well.)
"""

from __future__ import annotations

from textual.binding import Binding
from textual.worker import Worker

# A modal screen hides the app's bindings from Textual's binding chain, so every modal that
# should answer F1 and the lock key lists them itself (same ids: a remap applies to all).
APP_KEYS = [
    Binding("f1", "app.help", "key.help", id="app.help"),
    Binding("ctrl+l", "app.lock", "key.lock", id="app.lock"),
]


class ErrorsToApp:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report = getattr(self.app, "report_worker", None)  # a bare test host has none
        if report is not None:
            report(event)
