"""Does every dependency install on Windows without a compiler? (issue 18)

    python -m portable.check_windows_wheels [--platform win_amd64 …] [--python 3.11 …]

For each platform and Python version, asks pip for binary wheels only
(``pip download --only-binary=:all: --platform P --python-version V``) of every runtime
dependency in pyproject.toml, with their own dependencies, and of PyInstaller (the build's),
into a temporary folder that is removed afterwards. Prints, per platform and version, each
dependency with the wheels it brought or MISSING with pip's reason; exits 1 when anything is
missing. The output for win_amd64 is in docs/portable.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
PLATFORMS = ("win_amd64",)


def requirements() -> list[tuple[str, str]]:
    """(requirement, role) for the runtime dependencies and the build extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [(r, "runtime") for r in project["dependencies"]]
    reqs += [(r, "build") for r in project["optional-dependencies"].get("build", [])]
    return reqs


def download(req: str, platform: str, python: str, dest: Path) -> tuple[bool, str]:
    """pip download of one requirement; (ok, pip's output)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--only-binary=:all:",
            "--platform",
            platform,
            "--python-version",
            python,
            "--implementation",
            "cp",
            "--dest",
            str(dest),
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
            req,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0, done.stdout + done.stderr


def wheels_named(output: str) -> list[str]:
    """The wheel files pip saved or found already saved, in order, without repeats."""
    names = re.findall(r"(?:Saved|File was already downloaded) \S*?([^/\\\s]+\.whl)", output)
    return list(dict.fromkeys(names))


def reason(output: str) -> str:
    for line in output.splitlines():
        if "No matching distribution" in line or "Could not find a version" in line:
            return line.replace("ERROR: ", "").strip()
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "pip failed"


def check(platform: str, python: str) -> list[str]:
    """Print one block; returns the requirements that have no wheel."""
    print(f"\n{platform}, CPython {python}")
    missing = []
    with tempfile.TemporaryDirectory(prefix="mentor-wheels-") as tmp:
        for req, role in requirements():
            ok, output = download(req, platform, python, Path(tmp))
            if ok:
                wheels = wheels_named(output)
                print(f"  ok       {req} ({role}): {', '.join(wheels) or 'already saved'}")
            else:
                missing.append(req)
                print(f"  MISSING  {req} ({role}): {reason(output)}")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portable.check_windows_wheels")
    parser.add_argument("--platform", action="append", help=f"default: {' '.join(PLATFORMS)}")
    parser.add_argument("--python", action="append", help=f"default: {' '.join(PYTHONS)}")
    args = parser.parse_args(argv)
    summary = []
    for platform in args.platform or PLATFORMS:
        for python in args.python or PYTHONS:
            missing = check(platform, python)
            summary.append(
                f"{platform} {python}: "
                + (f"MISSING {', '.join(missing)}" if missing else "every dependency has a wheel")
            )
    print("\n" + "\n".join(summary))
    return 1 if any("MISSING" in line for line in summary) else 0


if __name__ == "__main__":
    raise SystemExit(main())
