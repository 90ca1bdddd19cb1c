"""Inside the frozen program: is everything the app loads lazily really in the bundle?

Run by the launcher when ``MENTOR_BUNDLE_CHECK`` names a JSON file of expectations, written by
``portable/build.py`` from the source tree: every module of ``mentor_tui`` (screens, commands,
catalogs: several are found by ``pkgutil.iter_modules`` or imported inside functions), the i18n
catalogs, the policy presets, Textual's lazily loaded widgets, the encodings the app reads.
It also uses what loads data files: app.tcss parsed, pinyin search, the Word template,
an xlsx written and read, SQLCipher keyed, AES-GCM and Argon2id.

Everything here is imported by name through ``importlib`` and only from the standard library at
the top, so this file pulls nothing into the bundle that the app itself would not: a module the
freezer missed fails here, the way it would fail in front of the teacher. Prints one line per
failure and a summary; exit status 0 when all is there.
"""

from __future__ import annotations

import codecs
import importlib
import io
import json
import os
import pkgutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path


def _imports(names: list[str]) -> list[str]:
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - reported, the check goes on
            failed.append(f"import {name}: {type(exc).__name__}: {exc}")
    return failed


def _catalogs(expected: list[str]) -> None:
    catalog = importlib.import_module("mentor_tui.core.catalog")
    found = sorted(m.name for m in pkgutil.iter_modules(catalog.__path__))
    assert found == sorted(expected), f"catalogs found {found}, expected {sorted(expected)}"
    i18n = importlib.import_module("mentor_tui.core.i18n")
    assert len(i18n.catalog()) > 100, "the i18n catalog is nearly empty"


def _presets(expected: list[str]) -> None:
    ui = importlib.import_module("mentor_tui.db.ui_queries")
    policy = importlib.import_module("mentor_tui.core.policy")
    found = ui.available_presets()
    assert sorted(found) == sorted(expected), f"presets {found}, expected {expected}"
    for name in found:
        policy.load_preset(name)


def _widgets(expected: list[str]) -> None:
    widgets = importlib.import_module("textual.widgets")
    for name in expected:
        getattr(widgets, name)


def _stylesheet() -> None:
    app = importlib.import_module("mentor_tui.app")
    path = Path(app.__file__).parent / app.MentorApp.CSS_PATH
    assert path.is_file(), f"{path} is missing"
    variables = importlib.import_module("textual.app").App().get_css_variables()
    stylesheet = importlib.import_module("textual.css.stylesheet").Stylesheet(variables=variables)
    stylesheet.read(path)
    stylesheet.parse()


def _pinyin() -> None:
    search = importlib.import_module("mentor_tui.core.search")
    assert search.pinyin_match("lm", "李明") and search.pinyin_match("liming", "李明")
    assert search.pinyin_match("ceng", "曾") and search.pinyin_match("zeng", "曾")


def _encodings(names: list[str]) -> None:
    for name in names:
        text = "留守儿童" if codecs.lookup(name).name.startswith(("utf", "gb")) else "mentor"
        assert text.encode(name).decode(name) == text, name


def _office() -> None:
    docx = importlib.import_module("docx")
    buf = io.BytesIO()
    docx.Document().save(buf)  # the default template is a data file of python-docx
    openpyxl = importlib.import_module("openpyxl")
    book = openpyxl.Workbook()
    book.active["A1"] = "李明"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    assert openpyxl.load_workbook(out, read_only=True).active["A1"].value == "李明"
    importlib.import_module("msoffcrypto")


def _crypto() -> None:
    sqlcipher = importlib.import_module("sqlcipher3.dbapi2")
    con = sqlcipher.connect(":memory:")
    con.execute("PRAGMA key = 'check'")
    assert con.execute("PRAGMA cipher_version").fetchone()[0], "not SQLCipher"
    con.close()
    kdf = importlib.import_module("mentor_tui.core.kdf")
    key = kdf.derive("口令", b"0123456789abcdef", kdf.FAST)
    sealed = kdf.seal(key, b"0" * 12, "留守".encode(), b"aad")
    assert kdf.open_sealed(key, b"0" * 12, sealed, b"aad") == "留守".encode()


def main(expectations_file: str) -> int:
    expected = json.loads(Path(expectations_file).read_text(encoding="utf-8"))
    failures = _imports(expected["modules"])
    checks: list[tuple[str, Callable[[], None]]] = [
        ("catalogs", lambda: _catalogs(expected["catalogs"])),
        ("presets", lambda: _presets(expected["presets"])),
        ("textual widgets", lambda: _widgets(expected["textual_widgets"])),
        ("app.tcss", _stylesheet),
        ("pinyin", _pinyin),
        ("encodings", lambda: _encodings(expected["encodings"])),
        ("docx/openpyxl/msoffcrypto", _office),
        ("sqlcipher/cryptography", _crypto),
    ]
    for name, check in checks:
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - reported, the check goes on
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            failures.append(f"{name}: {detail}")
    for line in failures:
        print(f"MISSING {line}")
    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    print(
        f"bundle check ({frozen}, {os.path.basename(sys.executable)}): "
        f"{len(expected['modules'])} modules, {len(checks)} checks, {len(failures)} failures"
    )
    return 1 if failures else 0
