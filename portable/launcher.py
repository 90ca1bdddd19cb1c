"""The portable program's entry: PyInstaller freezes this file as ``mentor`` / ``mentor.exe``.

It is ``mentor_tui.cli.main`` (the Windows console set-up is in there), plus one thing for the
build: with ``MENTOR_BUNDLE_CHECK`` set to a file of expectations, it checks the bundle instead
(``bundle_check.py``; the build and the Windows CI run it on the folder they made).
"""

import os

# search.py sets this before pypinyin is imported; the bundle leaves the phrase dictionary out,
# so make sure of it before anything else can import pypinyin.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")

if os.environ.get("MENTOR_BUNDLE_CHECK"):
    import bundle_check

    raise SystemExit(bundle_check.main(os.environ["MENTOR_BUNDLE_CHECK"]))

from mentor_tui.cli import main

raise SystemExit(main())
