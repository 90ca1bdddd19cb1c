"""Fault points of the sync flows, for the fault tests (tests/test_sync_faults.py) only.

``MENTOR_FAULT=<name>`` makes the process die like ``kill -9`` when it reaches the point;
``MENTOR_FAULT=<name>:pause`` writes the file named by ``MENTOR_FAULT_FLAG`` there and sleeps,
so the test can act (start a second instance, kill this one). Without ``MENTOR_FAULT`` a point
costs one environment lookup. Every point is declared in :data:`FAULT_POINTS`.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

FAULT_POINTS = frozenset(
    {
        "export:after-pull",  # the stick's file merged in, before writing
        "export:after-temp-write",  # the temp file written and fsynced
        "export:after-prev",  # the old file kept as .prev
        "export:after-replace",  # the new file in place, before the folder's fsync
        "import:after-backup",  # the backup taken, before the transaction
        "import:mid-transaction",  # versions and rows written, before the count check
        "import:before-commit",  # the count check passed
        "import:after-commit",
        "backup:mid-copy",  # a vault backup partly written (db.vault.backup)
        "repair:built",  # the repaired database complete, before it goes in place
        "export-doc:mid-render",  # a document (diary, ledger, cards) half built in memory
    }
)


def fault_point(name: str) -> None:
    """Die (or pause) here when ``MENTOR_FAULT`` names this point; see the module docstring."""
    if name not in FAULT_POINTS:
        raise ValueError(f"undeclared fault point {name!r}")
    spec = os.environ.get("MENTOR_FAULT")
    if not spec:
        return
    if spec == name:
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)
    if spec == name + ":pause":
        flag = os.environ.get("MENTOR_FAULT_FLAG")
        if flag:
            Path(flag).write_text(name, encoding="utf-8")
        time.sleep(600)
