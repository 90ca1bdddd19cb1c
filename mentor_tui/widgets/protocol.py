"""The declared protocol between the app and its screens (issue 12).

Down, app → screen: every screen of ours mixes in :class:`AppScreen`, which names all the app
may ask of it — reload, reload one child, relocalize, what to reopen after unlocking (a
:class:`ResumePoint`), the child in view and the child selected (for the palette and the
export). The app calls these through ``isinstance(screen, AppScreen)``, never by probing.

Up, screen → app: a screen says what happened by posting one of the messages below to the app
(:meth:`AppScreen.tell_app`); the app routes them (``MentorApp.on_*``), and opening another
screen goes through the navigation module (:class:`Navigate`). What a screen may read of the
app is :class:`Host`; everything else of the app it reaches is Textual's own ``App`` API
(``push_screen``, ``notify``, ``run_worker``…). tests/test_protocol.py holds both sides to this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from textual.message import Message
from textual.worker import Worker, WorkerState

from mentor_tui.widgets.requests import ScreenRequest

if TYPE_CHECKING:
    from concurrent.futures import Future

    from mentor_tui.db.county_queries import County
    from mentor_tui.db.keyring import EarlyUnwrap
    from mentor_tui.db.profiles import Profile
    from mentor_tui.db.vault import Vault
    from mentor_tui.paths import Paths


class Host(Protocol):
    """What a screen may read of the app and ask it to do (``MentorApp`` implements it; a
    test's bare host app implements what its screen uses)."""

    vault: Vault | None
    paths: Paths
    county: County | None  # the county's server (``mentor county overview``), else None

    def today(self) -> dt.date: ...

    def vault_call(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Open or close a vault on the app's one lifecycle thread (from a worker)."""

    def wait_closed(self, timeout: float = 30.0) -> None:
        """In a worker before unlocking: the previous lock has finished closing."""

    def unwrap_early(self, profile: Profile, passphrase: str) -> Future[EarlyUnwrap | None]:
        """In the unlocking worker, first: the passphrase's Argon2id on the lifecycle thread,
        while the worker imports the database stack (for ``open_vault(early=...)``)."""

    def attach_sync_keys(self, vault: Vault, passphrase: str) -> None:
        """In the unlocking worker, right after opening: the sync keys are derived in the
        background (roaming.keys_of waits for them)."""


# --- what a screen gives the app to reopen after unlocking ----------------------------------


class Draft(NamedTuple):
    """What was typed, saved in the vault under ``key`` before the vault closes."""

    key: str
    values: dict[str, Any]


@dataclass(frozen=True)
class ResumePoint:
    """Reopen ``reopen`` after unlocking; ``draft`` is written before the vault closes."""

    reopen: ScreenRequest
    draft: Draft | None = None


# --- messages up to the app ------------------------------------------------------------------


class Navigate(Message):
    """Open the screen ``request`` names (the navigation module builds it); ``then`` gets its
    result when it is dismissed."""

    def __init__(self, request: ScreenRequest, then: Callable[[Any], object] | None = None) -> None:
        super().__init__()
        self.request, self.then = request, then


class DataChanged(Message):
    """Something was written (a sync, a conflict resolved, a roster, an erase...): every screen
    reloads."""


class ChildChanged(Message):
    """One child's records may have changed (an entry saved or its draft kept): a screen that
    can reload only that child does so, the others reload."""

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id


class ChildErased(Message):
    """The child in view was erased: close her file and what is above the dashboard."""


class VaultOpened(Message):
    """The unlock screen or the wizard opened a vault (its sync keys attached)."""

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault


class SettingsChanged(Message):
    """A screen changed this machine's config (the restore: the shared-PC answer and the folder
    of her file); the app applies and saves it."""

    def __init__(self, config: Any) -> None:
        super().__init__()
        self.config = config


class UnlockShown(Message):
    """The unlock screen is drawn: what unlocking needs may load while she types."""


class DashboardShown(Message):
    """The dashboard has drawn its rows after unlocking: the start-up work that competes with
    it for the CPU (the damage check, the sync keys, the stick) may start."""


class WorkerFailed(Message):
    """A screen's worker failed (``Worker.StateChanged`` does not bubble): the app's one error
    handler shows the sentence."""

    def __init__(self, error: BaseException | None) -> None:
        super().__init__()
        self.error = error


class SaveFailed(Message):
    """A screen's write failed: posted by its worker to the screen itself (so the form can
    show why beside the fields), before the worker's failure reaches the app."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


# --- the screen side -------------------------------------------------------------------------


class AppScreen:
    """Mixed into every screen of ours (before Textual's ``Screen`` / ``ModalScreen``).

    ``SCOPE`` names the screen in the action table (widgets/actions.py: its keys, and which
    palette commands it offers). The methods are what the app may ask; the defaults do nothing.
    """

    SCOPE: ClassVar[str] = ""

    # Textual's: the app this screen belongs to, and posting to a message queue
    app: Any

    def reload(self) -> None:
        """Reload from the vault (something was written)."""

    def reload_child(self, child_id: str) -> None:
        """Only ``child_id``'s part changed; by default the whole screen reloads."""
        self.reload()

    def relocalize(self) -> None:
        """The language changed: draw the words again."""

    def resume_point(self) -> ResumePoint | None:
        """What to reopen after unlocking (and the draft to keep); None: closed by the lock."""
        return None

    def child_in_view(self) -> str | None:
        """The child this screen is about (the palette's flags open for her)."""
        return None

    def selected_child(self) -> str | None:
        """The child under the cursor, else the child in view (the export offers her)."""
        return self.child_in_view()

    def field_help(self) -> list[tuple[str, str]]:
        """F1 in a form: (field label, the keys that reach it), in the form's order."""
        return []

    # --- up to the app ------------------------------------------------------------------------
    def tell_app(self, message: Message) -> None:
        """Post ``message`` to the app (thread-safe: workers call it too)."""
        self.app.post_message(message)

    def navigate(self, request: ScreenRequest, then: Callable[[Any], object] | None = None) -> None:
        self.tell_app(Navigate(request, then))

    def data_changed(self, _result: object = None) -> None:
        """Every screen reloads (usable as a dismiss callback)."""
        self.tell_app(DataChanged())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every failed worker of this screen reaches the app's one handler (Textual calls
        this besides a screen's own handler of the same name: it runs the handler of each
        class in the MRO)."""
        if event.state is WorkerState.ERROR:
            self.tell_app(WorkerFailed(event.worker.error))
