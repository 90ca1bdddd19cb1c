"""The Windows console, set up at the start of ``mentor`` before anything is drawn (issue 18,
item 3). On Windows:

1. the console's input and output code pages become UTF-8 (65001); restored at exit when the
   console is shared with the command prompt that started us;
2. when the console is ours alone (``mentor.exe`` double-clicked, no command prompt shares
   it), the program is started again in Windows Terminal when ``wt.exe`` is present and we are
   not already inside it (``WT_SESSION``), and this process ends;
3. else, in a console of our own (the classic console), a font that shows Chinese (新宋体
   NSimSun) unless it already has one, and a window of at least 80×24.

Nothing happens on other systems, and nothing is imported for it there. The kernel32 calls are
in ``winconsole_calls.py``; the API object is passed in, so the tests drive every path here on
Linux with a fake one. What that cannot show is listed in ARCHITECTURE.md ("Untested on
Windows").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence

RELAUNCHED = "MENTOR_CONSOLE_RELAUNCHED"  # set for the copy started in Windows Terminal


def own_command(argv: Sequence[str]) -> list[str]:
    """The command that starts this program again with the same arguments."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *argv]
    return [sys.executable, "-m", "mentor_tui", *argv]


def terminal_command(wt: str, command: Sequence[str], folder: str) -> list[str]:
    """``wt.exe new-tab`` running ``command`` in ``folder``. Windows Terminal splits its own
    command line at ``;``, so one inside a path or an argument is escaped as ``\\;``."""
    esc = [part.replace(";", "\\;") for part in command]
    return [wt, "new-tab", "--title", "mentor", "-d", folder.replace(";", "\\;"), *esc]


def relaunch_in_terminal(
    argv: Sequence[str],
    env: Mapping[str, str],
    which: Callable[[str], str | None],
    spawn: Callable[..., object],
) -> bool:
    """Start this program again in Windows Terminal; True when it was started (this process
    should then end). False inside Windows Terminal already, after one relaunch, without
    ``wt.exe``, or when starting it failed (the classic console is used then)."""
    if env.get("WT_SESSION") or env.get(RELAUNCHED):
        return False
    wt = which("wt.exe") or which("wt")
    if not wt:
        return False
    command = terminal_command(wt, own_command(argv), os.getcwd())
    try:
        spawn(command, env={**env, RELAUNCHED: "1"}, close_fds=True)
    except OSError:
        return False
    return True


def set_up_console(
    argv: Sequence[str] | None = None,
    platform: str = sys.platform,
    env: Mapping[str, str] | None = None,
    api: Callable[[], object] | None = None,
    which: Callable[[str], str | None] | None = None,
    spawn: Callable[..., object] | None = None,
    at_exit: Callable[..., object] | None = None,
) -> bool:
    """Prepare the Windows console (see the module's text). True when the program was started
    again in Windows Terminal: the caller then ends at once. Never raises: a console that
    refuses a setting is left as it is. The keyword arguments stand in for the real ones
    (kernel32, shutil.which, subprocess.Popen, atexit.register) in tests."""
    if platform != "win32":
        return False
    import atexit
    import shutil
    import subprocess

    from mentor_tui import winconsole_calls as calls

    args = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if env is None else env
    try:
        k32 = (api or calls.kernel32)()
        owned = calls.owns_console(k32)
        if (
            owned
            and calls.buffer_info(k32) is not None
            and relaunch_in_terminal(
                args, environ, which or shutil.which, spawn or subprocess.Popen
            )
        ):
            return True
        old = calls.set_utf8(k32)
        if not owned:  # the command prompt's console: give it back as it was
            (at_exit or atexit.register)(calls.restore_code_pages, k32, old)
            return False
        calls.ensure_cjk_font(k32)  # the font first: it decides how large the window may be
        calls.ensure_size(k32)
    except (OSError, AttributeError, ValueError):
        pass
    return False
