"""The tools that keep the code's shape, each run as a subprocess from the repository root by
the interpreter that runs the tests (installed by the ``test`` extra; configured in
pyproject.toml). Any finding fails the test, and the test prints the findings.

- ``ruff check`` and ``ruff format --check``: lint rules and formatting;
- ``mypy``: strict types on core/, db/ and the modules below db (an untyped def fails);
- ``lint-imports``: the import contracts (layers, core pure, only db on peewee, screens
  independent, no cycles between siblings). tests/test_import_graph.py adds "no cycle at all".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# lint-imports is a console script; its entry point, run by this interpreter
LINT_IMPORTS = [
    "-c",
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())",
    "--no-logo",
    "--no-cache",
]


def run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def assert_clean(tool: str, args: list[str]) -> str:
    """Run ``tool`` from the repository root; its findings are the failure message."""
    proc = run(args)
    findings = f"{proc.stdout}\n{proc.stderr}".strip()
    assert proc.returncode == 0, f"{tool} found (exit {proc.returncode}):\n{findings}"
    return proc.stdout


def test_ruff_check():
    assert_clean("ruff check", ["-m", "ruff", "check", "--no-cache", "."])


def test_ruff_format():
    assert_clean("ruff format --check", ["-m", "ruff", "format", "--check", "--no-cache", "."])


def test_mypy(tmp_path):
    out = assert_clean("mypy", ["-m", "mypy", "--cache-dir", str(tmp_path / "mypy_cache")])
    assert "Success: no issues found" in out


def test_mypy_config_fails_an_untyped_def(tmp_path):
    """The configuration is strict enough that a def without annotations is a finding."""
    module = tmp_path / "untyped.py"
    module.write_text("def f(x):\n    return x\n", encoding="utf-8")
    args = ["-m", "mypy", "--cache-dir", str(tmp_path / "mypy_cache"), str(module)]
    proc = run(args)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "untyped.py:1: error: Function is missing a type annotation  [no-untyped-def]" in (
        proc.stdout
    )


def test_import_contracts():
    out = assert_clean("lint-imports", LINT_IMPORTS)
    assert "BROKEN" not in out and "KEPT" in out


def test_lint_imports_fails_on_a_cyclic_package():
    """tests/fixtures/cyclic_pkg: ``low`` imports ``high`` inside a function, ``high`` imports
    ``low``; its own config asks for layers (low < high) and acyclic siblings."""
    proc = run([*LINT_IMPORTS, "cyclic_pkg/importlinter.toml"], cwd=FIXTURES)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Fixture layers: low < high BROKEN" in proc.stdout
    assert "Fixture siblings acyclic BROKEN" in proc.stdout
    assert "cyclic_pkg.low -> cyclic_pkg.high" in proc.stdout
    assert "typed_a" not in proc.stdout  # its way back is under TYPE_CHECKING only
