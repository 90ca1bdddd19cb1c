"""Running a write again when a county server refused it as a serialization failure (issue 20).

The school tables on PostgreSQL are written in ``SERIALIZABLE`` transactions (inside the vault's
own, db/vault.py), so two coordinators' imports at once never interleave: one of them may be
told ``40001`` (serialization failure) or ``40P01`` (deadlock detected), both transactions are
rolled back, and the write is run again from the start after a short random pause. In the vault
alone (no server) the function runs once, as before.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from mentor_tui.core.errors import MentorError
from mentor_tui.db.vault import Vault, server_sqlstate

T = TypeVar("T")
RETRY_STATES = ("40001", "40P01")  # serialization_failure, deadlock_detected
ATTEMPTS = 12


def retry_serial(vault: Vault, write: Callable[[], T]) -> T:
    """``write()`` (which opens ``vault.write()`` itself), run again on a serialization
    failure of the county server; ``county.busy`` after :data:`ATTEMPTS` tries. Inside an open
    transaction it runs once: the outermost write is the one run again."""
    if vault.office is None or vault.db.in_transaction():
        return write()
    pause = 0.02
    for _attempt in range(ATTEMPTS):
        try:
            return write()
        except Exception as exc:
            if server_sqlstate(exc) not in RETRY_STATES:
                raise
        time.sleep(pause * (1 + random.random()))  # a pause, not a secret
        pause = min(pause * 2, 1.0)
    raise MentorError("county.busy")
