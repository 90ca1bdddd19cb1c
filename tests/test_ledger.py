"""The school ledger (台账): read back with openpyxl and the csv module; monthly numbers equal the
figures (core/school_figures.py, the school's roll-up's); minimum scope, masking; hostile cells
neutralised; the workbook print-ready (a title and a date line above each sheet's header)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from mentor_tui.core.demo_data import generate
from mentor_tui.core.diary_model import Options
from mentor_tui.core.school_figures import by_month
from mentor_tui.db import children as children_db, reports
from mentor_tui.db.demo import load_into
from mentor_tui.db.settings import audit_log
from mentor_tui.docs_out import ledger_csv, ledger_xlsx
from mentor_tui.docs_out.ledger_model import Ledger, Sheet

TODAY = dt.date(2026, 11, 23)
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1:A2)", "\t=1", "＝1+1"]
# A formula behind characters the writers strip, or behind whitespace a spreadsheet may skip:
# (cell as stored, the CSV text expected, the xlsx text expected).
HIDDEN = [
    ('\x07=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),
    ("\x07=1", "'=1", "=1"),
    ("\x00+1", "'+1", "+1"),
    ("\x1b-1", "'-1", "-1"),
    ("\r=1", "'=1", "=1"),
    ("\x7f@A1", "'@A1", "@A1"),
    (" =1", "' =1", " =1"),
    ("\u3000\x07=1", "'\u3000=1", "\u3000=1"),
    ("\n+1", "'\n+1", "\n+1"),
]


@pytest.fixture
def demo(vault):
    load_into(vault, generate(children=5, years=1, seed=21, today=TODAY))
    kids = children_db.list_children(vault)
    children_db.update_child(vault, kids[0].id, categories=["poor"], health_notes="HEALTHMARK")
    term = reports.resolve_term(vault, None, TODAY)
    return vault, term, children_db.list_children(vault)


def _figures_month(vault, term, kids, month):
    """child -> duty -> (expected, done, on time) of ``month`` ("YYYY-MM") as of TODAY."""
    from mentor_tui.db.duty_data import policy_of

    rows = reports.children_for(vault, term.start, term.end)
    per = by_month(reports.figures(vault, term, rows, TODAY)).get(month, {})
    out = {
        k.id: {d: (tl.expected, tl.done, tl.on_time) for d, tl in per.get(k.id, {}).items()}
        for k in kids
    }
    return policy_of(vault), out


def _table(ws):
    """The sheet's rows from its header on (rows 1 and 2: the title and the date line)."""
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "留守儿童工作台账" and str(rows[1][0]).startswith("制表日期")
    return rows[2:]


def test_workbook_children_sheet_and_a_sheet_per_month(demo, tmp_path):
    vault, term, kids = demo
    path = tmp_path / "out" / "ledger.xlsx"
    result = reports.export_ledger(vault, path, "xlsx", term, Options(mask_phones=True), TODAY)
    assert result.plaintext and result.paths == [path]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["儿童名册", "2026年9月", "2026年10月", "2026年11月"]
    ws = wb["儿童名册"]
    rows = _table(ws)
    header = rows[0]
    assert header[0] == "姓名" and "监护人电话" in header and "帮扶类别" not in header
    assert [r[0] for r in rows[1:]] == [k.name for k in kids]
    birth = header.index("出生日期")
    assert all(r[birth].date() == k.birth_date for r, k in zip(rows[1:], kids))
    text = "\n".join(str(c) for r in rows for c in r if c is not None)
    assert "HEALTHMARK" not in text
    phones = [p for k in kids for c in children_db.contacts_of(vault, k.id) for p in c.phones]
    assert phones and not any(p in text for p in phones)
    guardian_phone = rows[1][header.index("监护人电话")]
    assert "****" in guardian_phone
    checked = 0
    for name, month in (
        ("2026年9月", "2026-09"),
        ("2026年10月", "2026-10"),
        ("2026年11月", "2026-11"),
    ):
        policy, figs = _figures_month(vault, term, kids, month)
        mrows = _table(wb[name])
        label = policy.duties[0].label("zh")
        assert mrows[0][2:5] == (f"{label}（应做）", f"{label}（完成）", f"{label}（按时）")
        assert len(mrows) == 1 + len(kids)
        for row, k in zip(mrows[1:], kids):
            assert row[0] == k.name
            for i, d in enumerate(policy.duties):
                cell = tuple(row[2 + 3 * i : 5 + 3 * i])
                want = figs[k.id].get(d.id)
                assert cell == (want if want is not None else (None, None, None))
                checked += want is not None
    assert checked > 20
    assert [a.event for a in audit_log(vault)][-1] == "export.ledger.xlsx"


def test_csv_is_utf8_with_bom_and_matches_the_engine(demo, tmp_path):
    vault, term, kids = demo
    path = tmp_path / "out" / "ledger.csv"
    result = reports.export_ledger(
        vault, path, "csv", term, Options(lang="en", include_sensitive=True), TODAY
    )
    children_file, months_file = result.paths
    assert children_file.read_bytes().startswith(b"\xef\xbb\xbf")
    assert months_file.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(children_file, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Name", "Gender", "Date of birth"]
    assert "Support categories" in rows[0]
    assert [r[0] for r in rows[1:]] == [k.name for k in kids]
    assert "HEALTHMARK" in children_file.read_text(encoding="utf-8-sig")
    assert rows[1][2] == kids[0].birth_date.isoformat()
    with open(months_file, encoding="utf-8-sig", newline="") as fh:
        mrows = list(csv.reader(fh))
    assert mrows[0][:3] == ["Month", "Name", "Class"]
    policy, figs = _figures_month(vault, term, kids, "2026-10")
    october = [r for r in mrows[1:] if r[0] == "2026-10"]
    assert [r[1] for r in october] == [k.name for k in kids]
    for row, k in zip(october, kids):
        for i, d in enumerate(policy.duties):
            cell = row[3 + 3 * i : 6 + 3 * i]
            want = figs[k.id].get(d.id)
            assert cell == ([str(x) for x in want] if want is not None else ["", "", ""])


def test_the_csv_pair_is_written_both_or_neither(demo, tmp_path):
    """The monthly file cannot be written (its name is taken by a folder): the children file
    is not left behind alone; a children file there before keeps its bytes; nothing audited."""
    from mentor_tui.core.errors import MentorError

    vault, term, _kids = demo
    path = tmp_path / "out" / "ledger.csv"
    first, second = reports.export_ledger(vault, path, "csv", term, Options(), TODAY).paths
    events = len(audit_log(vault))
    second.unlink()
    second.mkdir()  # e.g. a read-only or vanished spot on the stick
    for existed in (False, True):
        if existed:
            first.write_bytes(b"old children file")
        elif first.exists():
            first.unlink()
        with pytest.raises(MentorError) as err:
            reports.export_ledger(vault, path, "csv", term, Options(), TODAY)
        assert err.value.key == "err.export_write" and str(second) in str(err.value)
        assert (first.read_bytes() == b"old children file") if existed else not first.exists()
        assert sorted(x.name for x in path.parent.iterdir()) == sorted(
            [second.name] + ([first.name] if existed else [])
        )  # no temp files either
    assert len(audit_log(vault)) == events


def test_formula_cells_from_the_vault_are_neutralised(vault, tmp_path):
    for i, name in enumerate(HOSTILE[:4]):
        children_db.add_child(
            vault,
            name,
            added_on=dt.date(2026, 9, 1),
            home_address=HOSTILE[(i + 1) % 4],
            class_name="一班",
        )
    term = reports.resolve_term(vault, None, TODAY)
    csv_path = tmp_path / "l.csv"
    reports.export_ledger(vault, csv_path, "csv", term, Options(), TODAY)
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    cells = [c for r in rows for c in r]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert sorted(r[0] for r in rows) == sorted("'" + h for h in HOSTILE[:4])
    xlsx_path = tmp_path / "l.xlsx"
    reports.export_ledger(vault, xlsx_path, "xlsx", term, Options(), TODAY)
    ws = openpyxl.load_workbook(xlsx_path)["儿童名册"]
    names = [ws.cell(row=r, column=1) for r in range(4, 8)]
    assert sorted(c.value for c in names) == sorted(HOSTILE[:4])  # text kept as typed...
    assert all(c.data_type == "s" for c in names)  # ...but stored as text, never a formula


def test_hostile_cells_in_the_renderers():
    """Cells that never pass the vault's input checks (an old sync file): formulas, control
    characters, text longer than Excel allows."""
    long = "长" * 40_000
    sheet = Sheet(
        "儿童名册",
        ["姓名", "备注"],
        [[h, "bell\x07 nul\x00 esc\x1b[31m"] for h in HOSTILE] + [["long", long]],
    )
    ledger = Ledger("zh", "台账", sheet, [])
    data = ledger_csv.render_children(ledger)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for row, h in zip(rows[1:], HOSTILE):
        assert row[0] == "'" + h
        assert row[1] == "bell nul esc[31m"
    assert len(rows[-1][1]) == ledger_csv.MAX_CELL and rows[-1][1].endswith("…")
    wb = openpyxl.load_workbook(io.BytesIO(ledger_xlsx.render(ledger)))
    ws = wb["儿童名册"]
    assert [ws.cell(row=r, column=1).value for r in range(4, 4 + len(HOSTILE))] == HOSTILE
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(4, 4 + len(HOSTILE)))
    assert ws.cell(row=4, column=2).value == "bell nul esc[31m"
    assert len(ws.cell(row=4 + len(HOSTILE), column=2).value) == ledger_xlsx.MAX_CELL


def test_formulas_hidden_behind_control_characters_or_spaces():
    """Control characters are stripped before the formula check, never after it."""
    sheet = Sheet("儿童名册", ["姓名"], [[cell] for cell, _, _ in HIDDEN])
    ledger = Ledger("zh", "台账", sheet, [])
    rows = list(
        csv.reader(io.StringIO(ledger_csv.render_children(ledger).decode("utf-8-sig"), newline=""))
    )
    assert [r[0] for r in rows[1:]] == [want for _, want, _ in HIDDEN]
    assert not any(r[0].lstrip(" \t\r\n\u3000").startswith(("=", "+", "-", "@")) for r in rows[1:])
    ws = openpyxl.load_workbook(io.BytesIO(ledger_xlsx.render(ledger)))["儿童名册"]
    cells = [ws.cell(row=r, column=1) for r in range(4, 4 + len(HIDDEN))]
    assert [c.value for c in cells] == [want for _, _, want in HIDDEN]
    assert all(c.data_type == "s" for c in cells)  # text, never a formula


def test_docs_out_imports_no_peewee_and_heavy_libraries_lazily():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import mentor_tui.docs_out.render_md, mentor_tui.docs_out.render_html\n"
        "import mentor_tui.docs_out.render_docx, mentor_tui.docs_out.ledger_xlsx\n"
        "import mentor_tui.docs_out.ledger_csv, mentor_tui.docs_out.contact_cards\n"
        "import mentor_tui.docs_out.roster_file, mentor_tui.docs_out.progress\n"
        "import mentor_tui.core.diary_model, mentor_tui.core.roster\n"
        "print(','.join(sorted(k for k in sys.modules if k.split('.')[0] in "
        "('peewee', 'playhouse', 'textual', 'docx', 'openpyxl', 'msoffcrypto'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert out.stdout.strip() == ""


def _increasing_to_the_end(calls):
    assert calls, "progress was never called"
    totals = {total for _, total in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert done[-1] == calls[-1][1]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_ledger_progress_reaches_the_total(demo, tmp_path, fmt):
    vault, term, _ = demo
    calls = []
    reports.export_ledger(
        vault,
        tmp_path / f"l.{fmt}",
        fmt,
        term,
        Options(),
        TODAY,
        progress=lambda done, total: calls.append((done, total)),
    )
    _increasing_to_the_end(calls)
    sheets = 1 + 3 if fmt == "xlsx" else 2  # children + Sep/Oct/Nov, or two CSV files
    assert calls[-1][1] == sheets + 2 and len(calls) == sheets + 2  # one step per sheet


def test_children_sheet_has_the_contact_cards_fields(vault, tmp_path):
    kid = children_db.add_child(
        vault,
        "冯四",
        added_on=dt.date(2026, 9, 1),
        class_name="一班",
        personality="PERSMARK",
        study_notes="STUDYMARK",
        health_notes="HEALTHMARK",
        psych_notes="PSYCHMARK",
    )
    children_db.add_contact(
        vault,
        kid,
        "冯强",
        "father",
        phones=["13811112222"],
        employer="EMPMARK",
        occupation="OCCMARK",
        address="ADDRMARK",
        best_time="TIMEMARK",
        work_city="深圳",
    )
    children_db.add_contact(
        vault, kid, "冯奶奶", "grandparent", is_primary=True, occupation="务农", best_time="上午"
    )
    term = reports.resolve_term(vault, None, TODAY)
    for sensitive in (False, True):
        path = tmp_path / f"l{sensitive}.xlsx"
        reports.export_ledger(
            vault, path, "xlsx", term, Options(include_sensitive=sensitive), TODAY
        )
        header, row = _table(openpyxl.load_workbook(path)["儿童名册"])
        got = dict(zip(header, row))
        assert got["性格"] == "PERSMARK" and got["学习情况"] == "STUDYMARK"
        assert (
            got["父亲务工单位"],
            got["父亲职业"],
            got["父亲住址"],
            got["父亲方便联系的时间"],
        ) == ("EMPMARK", "OCCMARK", "ADDRMARK", "TIMEMARK")
        assert got["父亲务工地"] == "深圳" and got["监护人"] == "冯奶奶"
        assert (got["监护人职业"], got["监护人方便联系的时间"]) == ("务农", "上午")
        assert ("身体状况" in got) is sensitive and ("心理状况" in got) is sensitive
        assert ("HEALTHMARK" in row) is sensitive and ("PSYCHMARK" in row) is sensitive
