"""Golden files: the documents of a fixed demo vault, in zh and en, compared byte for byte
(Word and Excel as their text). Regenerate after an intended change with
``MENTOR_UPDATE_GOLDEN=1 pytest tests/test_diary_golden.py`` and review the diff."""

from __future__ import annotations

import datetime as dt
import os
import pathlib

import docx
import openpyxl
import pytest

from mentor_tui.core.demo_data import generate
from mentor_tui.core.diary_model import Options
from mentor_tui.db import reports
from mentor_tui.db.demo import load_into
from mentor_tui.db.settings import set_setting

TODAY = dt.date(2026, 11, 23)
GOLDEN = pathlib.Path(__file__).parent / "golden"
UPDATE = os.environ.get("MENTOR_UPDATE_GOLDEN") == "1"


@pytest.fixture
def fixed(vault):
    load_into(vault, generate(children=2, years=1, seed=7, today=TODAY))
    set_setting(vault, "teacher_name", "王老师")
    return vault, reports.resolve_term(vault, None, TODAY)


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    assert path.exists(), f"missing golden file {name}; run with MENTOR_UPDATE_GOLDEN=1"
    with open(path, encoding="utf-8", newline="") as fh:
        assert text == fh.read(), name


def _docx_dump(path) -> str:
    d = docx.Document(str(path))
    out = [
        f"[{p.style.name}{' ⤓' if p.paragraph_format.page_break_before else ''}] {p.text}"
        for p in d.paragraphs
        if p.text
    ]
    for i, table in enumerate(d.tables):
        out.append(f"--- table {i}")
        out += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_diary_golden(fixed, tmp_path, lang):
    vault, term = fixed
    opts = Options(lang=lang, mask_phones=lang == "en")
    for fmt in ("md", "html"):
        path = tmp_path / f"d.{fmt}"
        reports.export_diary(vault, path, fmt, term, opts, TODAY)
        _check(f"diary_{lang}.{fmt}", path.read_bytes().decode("utf-8"))
    path = tmp_path / "d.docx"
    reports.export_diary(vault, path, "docx", term, opts, TODAY)
    _check(f"diary_{lang}.docx.txt", _docx_dump(path))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ledger_and_cards_golden(fixed, tmp_path, lang):
    vault, term = fixed
    opts = Options(lang=lang)
    result = reports.export_ledger(vault, tmp_path / "l.csv", "csv", term, opts, TODAY)
    for i, path in enumerate(result.paths):
        _check(f"ledger_{lang}_{i}.csv", path.read_bytes().decode("utf-8"))
    xlsx = tmp_path / "l.xlsx"
    reports.export_ledger(vault, xlsx, "xlsx", term, opts, TODAY)
    wb = openpyxl.load_workbook(xlsx)
    dump = []
    for ws in wb.worksheets:
        dump.append(f"--- {ws.title}")
        dump += [
            " | ".join("" if v is None else str(v) for v in row)
            for row in ws.iter_rows(values_only=True)
        ]
    _check(f"ledger_{lang}.xlsx.txt", "\n".join(dump) + "\n")
    cards = tmp_path / "c.html"
    reports.export_cards(vault, cards, "html", opts, TODAY)
    _check(f"cards_{lang}.html", cards.read_bytes().decode("utf-8"))
