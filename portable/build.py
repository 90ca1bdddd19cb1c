"""Build the portable folder for the platform this runs on (issue 18):

    python -m portable.build [--out DIR] [--no-marker] [--zip] [--no-check] [--no-timing]
                             [--record] [--measure-exclusions]

from the repository's root, in an environment with the project and its ``build`` extra
(``pip install -e ".[build]"``). The folder ``DIR/mentor`` (default ``dist/portable/mentor``)
holds the launcher (``mentor.exe`` on Windows, ``mentor`` elsewhere), the program beside it in
``_internal/``, ``使用说明.txt`` and the ``mentor-portable`` marker (left out with
``--no-marker``: the folder the IT teacher puts into a frozen base image is not on a stick).

After freezing, the build checks the folder (``portable/smoke.py``: the bundle check inside the
frozen program, then real exports through its command line), then prints the folder's size and
its start time from a cold cache (``portable/measure.py``), and writes them as JSON beside the
folder (``build-stats.json``; ``--record`` also to ``portable/results/<platform>.json``, which
BENCHMARKS.md cites). Everything PyInstaller writes (work files, its cache) stays in a
temporary folder that is removed afterwards.

``--measure-exclusions`` builds once with every exclusion and once without each group, and
prints what each group saves (docs/portable.md has the table).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
NAME = "mentor"
MARKER = "mentor-portable"  # mentor_tui.portable.MARKER (not imported: the build needs no app)
README_NAME = "使用说明.txt"
IS_WINDOWS = sys.platform == "win32"

# What the app never imports, or imports only inside ``try: … except ImportError`` with a
# fallback (asyncio's ssl, hashlib's _hashlib), by group. docs/portable.md has what each group
# saves; the bundle check and the smoke run prove the app works without them.
EXCLUDE_GROUPS: dict[str, list[str]] = {
    "tkinter": ["tkinter", "_tkinter", "turtle", "turtledemo", "idlelib"],
    "tests and developer tools": [
        "unittest",
        "doctest",
        "pdb",
        "pydoc",
        "pydoc_data",
        "lib2to3",
        "ensurepip",
        "venv",
        "distutils",
        "setuptools",
        "pkg_resources",
        "pip",
        "pytest",
        "_pytest",
        "hypothesis",
        "test",
        "sqlite3.test",
        "ctypes.test",
        "tkinter.test",
        "lib2to3.tests",
    ],
    "network clients and servers": [
        "http.server",
        "xmlrpc",
        "ftplib",
        "smtplib",
        "imaplib",
        "poplib",
        "nntplib",
        "telnetlib",
        "socketserver",
        "ssl",
        "_ssl",
        "webbrowser",
        "mailbox",
    ],
    "OpenSSL's hashes (hashlib falls back to its built-ins)": ["_hashlib"],
    # peewee imports a PostgreSQL driver whenever one is installed (try/except ImportError);
    # the county server (issue 20) is for the full install, where `mentor county` finds it
    "PostgreSQL drivers (and the libssl and libpq they bring)": [
        "psycopg",
        "psycopg_binary",
        "psycopg_c",
        "psycopg_pool",
        "psycopg2",
    ],
    "multiprocessing": ["multiprocessing", "concurrent.futures.process"],
    "lxml parts python-docx and openpyxl never use": [
        "lxml.objectify",
        "lxml.html",
        "lxml.isoschematron",
        "lxml.cssselect",
        "lxml.sax",
        "lxml.usedoctest",
        "lxml.doctestcompare",
    ],
    # the launcher sets PYPINYIN_NO_PHRASES, as search.py does; tools and runner are its CLI
    "pypinyin's phrase dictionary and command line": [
        "pypinyin.phrases_dict",
        "pypinyin.tools",
        "pypinyin.runner",
        "pypinyin.__main__",
    ],
    "CJK codecs other than Chinese": [
        "_codecs_jp",
        "_codecs_kr",
        "_codecs_tw",
        "_codecs_hk",
        "_codecs_iso2022",
    ],
    "unused encodings": [],  # filled from the running Python's encodings package
}
# Encodings kept: what the app and its libraries read and write, plus every Windows code page
# a school PC may have as its ANSI or OEM code page (Python opens text files with it when a
# library names no encoding).
KEEP_ENCODINGS = {
    "__init__",
    "aliases",
    "ascii",
    "charmap",
    "latin_1",
    "utf_8",
    "utf_8_sig",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
    "unicode_escape",
    "raw_unicode_escape",
    "gb18030",
    "gbk",
    "gb2312",
    "hz",
    "big5",
    "cp950",
    "mbcs",
    "oem",
    "cp65001",
    "cp437",
    "cp850",
    "cp852",
    "cp866",
    "cp874",
    "cp932",
    "cp949",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "idna",
    "punycode",
    "iso8859_1",
    "iso8859_15",
}
# Encodings whose C codec modules are excluded above: their Python halves go too.
NON_CHINESE_CJK = (
    "euc_jp",
    "euc_jis_2004",
    "euc_jisx0213",
    "shift_jis",
    "shift_jis_2004",
    "shift_jisx0213",
    "cp932",
    "euc_kr",
    "johab",
    "cp949",
    "big5",
    "big5hkscs",
    "cp950",
    "iso2022_jp",
    "iso2022_jp_1",
    "iso2022_jp_2",
    "iso2022_jp_2004",
    "iso2022_jp_3",
    "iso2022_jp_ext",
    "iso2022_kr",
)
# Files nothing reads at run time, removed after freezing (type stubs, markers).
PRUNE_SUFFIXES = (".pyi",)
PRUNE_NAMES = ("py.typed",)
PRUNE_PATHS = ("pypinyin/phrases_dict.json",)


def _encodings_to_drop(cjk_codecs_dropped: bool) -> list[str]:
    """The encodings package's modules outside KEEP_ENCODINGS (and, when their C codecs are
    left out, the Python halves of the Japanese, Korean and Traditional Chinese ones)."""
    import encodings
    import pkgutil

    keep = set(KEEP_ENCODINGS)
    if cjk_codecs_dropped:
        keep -= set(NON_CHINESE_CJK)
    names = {m.name for m in pkgutil.iter_modules(encodings.__path__)}
    return [f"encodings.{n}" for n in sorted(names - keep)]


def excludes_for(groups: list[str]) -> list[str]:
    out: list[str] = []
    # On Windows the CJK codecs are built into python3x.dll: nothing to leave out there.
    cjk_dropped = "CJK codecs other than Chinese" in groups and not IS_WINDOWS
    for group in groups:
        if group == "unused encodings":
            out += _encodings_to_drop(cjk_dropped)
        else:
            out += EXCLUDE_GROUPS[group]
    return out


def expectations() -> dict:
    """What the bundle check must find (from the source tree and this environment)."""
    import pkgutil

    import textual.widgets

    import mentor_tui
    from mentor_tui.core import catalog

    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(mentor_tui.__path__, "mentor_tui.")
        if not m.name.endswith("__main__")
    )
    presets = sorted(p.stem for p in (ROOT / "mentor_tui/core/presets").glob("*.toml"))
    encs = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "gb2312", "cp437", "latin-1"]
    if IS_WINDOWS:
        encs.append("mbcs")
    return {
        "modules": modules,
        "catalogs": sorted(m.name for m in pkgutil.iter_modules(catalog.__path__)),
        "presets": presets,
        "textual_widgets": list(textual.widgets.__all__),
        "encodings": encs,
    }


def pyinstaller_args(work: Path, dist: Path, excludes: list[str], strip: bool) -> list[str]:
    args = [
        str(HERE / "launcher.py"),
        "--name",
        NAME,
        "--onedir",
        "--console",
        "--noconfirm",
        "--noupx",  # UPX-packed DLLs are flagged by virus scanners on school PCs
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "work"),
        "--specpath",
        str(work),
        "--paths",
        str(ROOT),
        "--paths",
        str(HERE),
        # found by pkgutil.iter_modules (commands, catalogs) or imported inside functions
        "--collect-submodules",
        "mentor_tui",
        # app.tcss and the policy presets (importlib.resources)
        "--collect-data",
        "mentor_tui",
        # Textual imports its widgets lazily (textual.widgets.__getattr__)
        "--collect-submodules",
        "textual.widgets",
        "--hidden-import",
        "bundle_check",
    ]
    if strip:
        args.append("--strip")  # debug symbols of libpython, sqlcipher3 … (not on Windows)
    for name in excludes:
        args += ["--exclude-module", name]
    return args


def freeze(out: Path, groups: list[str], strip: bool, work: Path) -> tuple[Path, int]:
    """Run PyInstaller; returns the built folder ``out/mentor`` and the bytes pruned after."""
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(work / "pyinstaller-cache")}
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        *pyinstaller_args(work, out, excludes_for(groups), strip),
    ]
    done = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"PyInstaller failed ({done.returncode})")
    folder = out / NAME
    return folder, prune(folder)


def prune(folder: Path) -> int:
    """Remove what nothing reads at run time; returns the bytes removed."""
    removed = 0
    internal = folder / "_internal"
    for path in list(internal.rglob("*")):
        rel = path.relative_to(internal).as_posix()
        if path.is_file() and (
            path.suffix in PRUNE_SUFFIXES or path.name in PRUNE_NAMES or rel in PRUNE_PATHS
        ):
            removed += path.stat().st_size
            path.unlink()
    return removed


def add_files(folder: Path, marker: bool) -> None:
    """使用说明.txt (UTF-8 with a BOM and CRLF, so Windows Notepad shows it) and the marker."""
    text = (HERE / "使用说明.txt").read_text(encoding="utf-8")
    (folder / README_NAME).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    if marker:
        (folder / MARKER).write_bytes(
            "这个文件告诉 mentor：它在U盘上运行（便携模式）。请不要删除。\r\n".encode()
        )


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def platform_tag() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64"}.get(machine, machine)
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{machine}"


def launcher_path(folder: Path) -> Path:
    return folder / (f"{NAME}.exe" if IS_WINDOWS else NAME)


def measure_exclusions(work: Path, strip: bool) -> list[tuple[str, int]]:
    """Build with every group, then without each one (and without --strip): the savings."""
    all_groups = list(EXCLUDE_GROUPS)
    folder, pruned = freeze(work / "all", all_groups, strip, work / "w-all")
    base, _ = folder_size(folder)
    rows = [("(the build: everything below left out)", base)]
    for i, group in enumerate(all_groups):
        others = [g for g in all_groups if g != group]
        size, _ = folder_size(freeze(work / f"x{i}", others, strip, work / f"w{i}")[0])
        rows.append((group, size - base))
        shutil.rmtree(work / f"x{i}", ignore_errors=True)
        shutil.rmtree(work / f"w{i}", ignore_errors=True)
    rows.append(("type stubs, py.typed, pypinyin's phrases_dict.json (pruned)", pruned))
    if strip:
        size, _ = folder_size(freeze(work / "nostrip", all_groups, False, work / "w-nostrip")[0])
        rows.append(("--strip (debug symbols)", size - base))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portable.build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "portable")
    parser.add_argument("--no-marker", action="store_true", help="no mentor-portable marker")
    parser.add_argument("--zip", action="store_true", help="also write mentor-<platform>.zip")
    parser.add_argument("--no-check", action="store_true", help="skip the smoke check")
    parser.add_argument("--no-timing", action="store_true", help="skip the start-time runs")
    parser.add_argument("--runs", type=int, default=3, help="start-time runs (cold and warm)")
    parser.add_argument("--record", action="store_true", help="write portable/results/*.json")
    parser.add_argument("--measure-exclusions", action="store_true")
    args = parser.parse_args(argv)
    strip = not IS_WINDOWS
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="mentor-portable-build-"))
    try:
        if args.measure_exclusions:
            for group, saved in measure_exclusions(work, strip):
                print(f"{saved / 1e6:8.1f} MB  {group}")
            return 0
        shutil.rmtree(out / NAME, ignore_errors=True)
        t0 = time.perf_counter()
        folder, _ = freeze(out, list(EXCLUDE_GROUPS), strip, work)
        add_files(folder, marker=not args.no_marker)
        build_s = time.perf_counter() - t0
        size, files = folder_size(folder)
        print(f"built {folder} in {build_s:.0f} s")
        print(f"size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) in {files} files")
        stats: dict = {
            "platform": platform_tag(),
            "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d"),
            "size_bytes": size,
            "files": files,
            "build_seconds": round(build_s, 1),
        }
        if not args.no_check:
            from portable.smoke import smoke

            check = work / "bundle-expectations.json"
            check.write_text(json.dumps(expectations()), encoding="utf-8")
            stats["checks"] = smoke(launcher_path(folder), check, work / "smoke")
        if not args.no_timing:
            from portable.measure import start_times

            stats["start"] = start_times(launcher_path(folder), work / "timing", args.runs)
        if args.zip:
            archive = shutil.make_archive(
                str(out / f"{NAME}-{platform_tag()}"), "zip", root_dir=out, base_dir=NAME
            )
            print(f"zip: {archive} ({Path(archive).stat().st_size / 1e6:.1f} MB)")
        text = json.dumps(stats, ensure_ascii=False, indent=2) + "\n"
        (out / "build-stats.json").write_text(text, encoding="utf-8")
        if args.record:
            (HERE / "results").mkdir(exist_ok=True)
            (HERE / "results" / f"{platform_tag()}.json").write_text(text, encoding="utf-8")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
