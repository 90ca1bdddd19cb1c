"""Running a write again when a county server refused it as a serialization failure (issue 20).

The school tables on PostgreSQL are written in ``SERIALIZABLE`` transactions (inside the vault's
own, db/vault.py), so two coordinators' writes at once never interleave: one of them may be
told ``40001`` (serialization failure) or ``40P01`` (deadlock detected), both transactions are
rolled back, and the write is run again from the start after a short random pause (doubling,
at most :data:`MAX_PAUSE`); after :data:`ATTEMPTS` tries the coordinator is told
``county.busy`` in one sentence. In the vault alone (no server) the function runs once.

Every write of the school office goes through here: the import and the documents
(db/school_docs.py) call :func:`retry_serial`; the office's other writes (settings, teachers,
pairings, the roster, corrections, handovers, re-pinning) are decorated with :func:`retried`;
the county administrator's writes on a connection of her own (``county init``, ``migrate``,
``add-school``) call :func:`retry_server`. A write nested in another one runs once: the
outermost is the one run again, from its start (its reads too).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from mentor_tui.core.errors import MentorError
from mentor_tui.db.vault import Vault, server_sqlstate

if TYPE_CHECKING:
    from peewee import Database

T = TypeVar("T")
P = ParamSpec("P")
RETRY_STATES = ("40001", "40P01")  # serialization_failure, deadlock_detected
ATTEMPTS = 12
FIRST_PAUSE = 0.02  # seconds
MAX_PAUSE = 1.0


def _again(write: Callable[[], T]) -> T:
    pause = FIRST_PAUSE
    for _attempt in range(ATTEMPTS):
        try:
            return write()
        except Exception as exc:
            if server_sqlstate(exc) not in RETRY_STATES:
                raise
        time.sleep(pause * (1 + random.random()))  # a pause, not a secret
        pause = min(pause * 2, MAX_PAUSE)
    raise MentorError("county.busy")


def retry_serial(vault: Vault, write: Callable[[], T]) -> T:
    """``write()`` (which opens ``vault.write()`` itself), run again on a serialization
    failure of the county server; ``county.busy`` after :data:`ATTEMPTS` tries. Inside an open
    transaction it runs once: the outermost write is the one run again."""
    if vault.office is None or vault.db.in_transaction():
        return write()
    return _again(write)


def retry_server(db: Database, write: Callable[[], T]) -> T:
    """:func:`retry_serial` for a write on a county server's connection alone (the
    administrator's ``county`` commands: no vault)."""
    if db.in_transaction():
        return write()
    return _again(write)


def retried(fn: Callable[Concatenate[Vault, P], T]) -> Callable[Concatenate[Vault, P], T]:
    """A write function of the school office (its first argument the vault), run whole again
    on a serialization failure of the county server (:func:`retry_serial`)."""

    @functools.wraps(fn)
    def run(vault: Vault, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return retry_serial(vault, lambda: fn(vault, *args, **kwargs))

    return run
