"""Layer rules import-linter cannot check (its contracts, in pyproject.toml, run by
tests/test_tooling.py, cover the static imports: layers, core pure, only db on peewee).

Here: core stays pure at run time too (dynamic imports included), and no SQL outside db/.
"""

import pkgutil
import subprocess
import sys

import mentor_tui.core


def test_core_imports_neither_textual_nor_peewee():
    mods = [m.name for m in pkgutil.walk_packages(mentor_tui.core.__path__, "mentor_tui.core.")]
    assert "mentor_tui.core.versions" in mods
    assert "mentor_tui.core.catalog.sync" in mods  # subpackages' modules too
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in "
        "('textual', 'peewee', 'playhouse', 'sqlcipher3'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert out.stdout.strip() == ""


def outside_db():
    """(relative path, text) of every module of the package outside db/."""
    import pathlib

    root = pathlib.Path(mentor_tui.core.__file__).parents[1]
    for f in sorted(root.rglob("*.py")):
        rel = f.relative_to(root).as_posix()
        if not rel.startswith("db/"):
            yield rel, f.read_text(encoding="utf-8")


def test_only_db_runs_sql():
    """Screens, widgets, commands and the app call db/ functions; no SQL of their own."""
    files = list(outside_db())
    assert any(rel == "app.py" for rel, _ in files) and len(files) > 40
    offenders = [
        rel
        for rel, text in files
        if "execute_sql(" in text or ".db.execute" in text or ".db.connection(" in text
    ]
    assert offenders == []
