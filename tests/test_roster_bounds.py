"""Every bound of a roster file (issue 15, item 7), refused with its one sentence: a zip bomb
(declared and lying sizes), a sheet with a value far to the right or far down (.xlsx, .xls,
.ods), too many rows, a file too big, a link to /dev/zero, a named pipe. Each is read in a
subprocess with a timeout (a hang guard, not a speed test) and a 2 GB address-space cap (so a
broken bound fails here instead of taking the machine's memory); its peak memory is read from
the subprocess (getrusage of the children, in a launcher of its own) and must stay under
300 MB. Linux only: resource limits, /dev/zero and named pipes are POSIX."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="resource limits, FIFOs: Linux")

PEAK_LIMIT_KB = 300 * 1024
CHILD = """
import sys
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import set_language
from mentor_tui.docs_out.roster_file import read_book
set_language("en")
try:
    book = read_book(sys.argv[1])
    print("READ", len(book.sheets), sum(len(s.rows) for s in book.sheets))
except MentorError as exc:
    print("REFUSED", exc.key, str(exc))
"""
LAUNCHER = """
import json, resource, subprocess, sys
cap = 2 * 1024 ** 3
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
try:
    done = subprocess.run(
        [sys.executable, "-c", sys.argv[1], sys.argv[2]],
        capture_output=True, text=True, timeout=60, preexec_fn=limit,
    )
    out, err, rc = done.stdout, done.stderr, done.returncode
except subprocess.TimeoutExpired:
    out, err, rc = "", "timed out", -1
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"out": out, "err": err, "rc": rc, "peak_kb": peak}))
"""


def read_in_subprocess(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, CHILD, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_refused(path: Path, key: str, sentence: str) -> None:
    got = read_in_subprocess(path)
    assert got["rc"] == 0, got["err"]
    assert got["out"].startswith(f"REFUSED {key} "), got["out"]
    assert sentence in got["out"]
    assert got["peak_kb"] < PEAK_LIMIT_KB, got["peak_kb"]


def _xlsx(path: Path, *cells: tuple[str, object]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = "姓名", "甲"
    for ref, value in cells:
        ws[ref] = value
    wb.save(path)
    return path


def _replace_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in parts.items():
            zf.writestr(n, d)


SHEET = "xl/worksheets/sheet1.xml"
BOMB = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * (60 * 1024 * 1024) + b"</t></is></c>"
    b"</row></sheetData></worksheet>"
)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path):
    path = _xlsx(tmp_path / "bomb.xlsx")
    _replace_part(path, SHEET, BOMB)
    assert path.stat().st_size < 1024 * 1024  # 60 MB of cells in well under 1 MB
    assert_refused(path, "err.roster_unpacked_too_big", "This workbook unpacks to more than 50 MB")


def _lie_about_size(path: Path, name: str, size: int) -> None:
    """Write ``size`` as the part's unpacked size in its local header and the directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    struct.pack_into("<I", data, local + 22, size)
    encoded = name.encode()
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        if data[start + 46 : start + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", data, start + 24, size)
        start += 4
    path.write_bytes(bytes(data))


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_by_unpacking(tmp_path):
    path = _xlsx(tmp_path / "liar.xlsx")
    _replace_part(path, SHEET, BOMB)
    _lie_about_size(path, SHEET, 2000)
    with zipfile.ZipFile(path) as zf:
        assert sum(i.file_size for i in zf.infolist()) < 50 * 1024 * 1024  # it claims little
    assert_refused(path, "err.roster_damaged", "The file is damaged")


def test_a_sheet_with_a_value_far_to_the_right_is_refused(tmp_path):
    # two cells: A1 and ZZ60000. The reader lays a sheet out as a full grid: read bare, this
    # file takes 1.6 GB and five seconds (measured with python-calamine 0.9.1)
    path = _xlsx(tmp_path / "wide.xlsx", ("ZZ60000", "x"))
    assert_refused(path, "err.roster_too_wide", "values in more than 100 columns")


def test_a_sheet_with_a_value_far_down_is_refused(tmp_path):
    path = _xlsx(tmp_path / "tall.xlsx", ("B1048576", "x"))
    assert_refused(path, "err.roster_too_many_rows", "more than 5000 rows")


def test_an_xls_with_a_value_far_to_the_right_is_refused(tmp_path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("a")
    ws.write(0, 0, "姓名")
    ws.write(1, 0, "甲")
    ws.write(60000, 250, "x")
    path = tmp_path / "wide.xls"
    wb.save(str(path))
    assert_refused(path, "err.roster_too_wide", "values in more than 100 columns")


def test_an_ods_with_a_repeated_cell_is_refused(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="a")
    row = TableRow(numberrowsrepeated=1000000)
    cell = TableCell(valuetype="string", numbercolumnsrepeated=16384)
    cell.addElement(P(text="x"))
    row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "repeated.ods"
    doc.save(str(path))
    assert_refused(path, "err.roster_too_wide", "values in more than 100 columns")


def test_too_many_rows_and_a_file_too_big(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("姓名\n" + "".join(f"学生{i}\n" for i in range(5100)), encoding="utf-8")
    assert_refused(rows, "err.roster_too_many_rows", "more than 5000 rows")
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(11 * 1024 * 1024)  # sparse: nothing is read to refuse it
    assert_refused(big, "err.roster_file_too_big", "over 10 MB")


def test_a_link_to_dev_zero_and_a_named_pipe_are_not_read(tmp_path):
    link = tmp_path / "roster.csv"
    link.symlink_to("/dev/zero")
    assert_refused(link, "err.roster_not_a_file", "is not a regular file")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert_refused(fifo, "err.roster_not_a_file", "is not a regular file")


def test_a_good_file_is_read_in_the_same_harness(tmp_path):
    """The harness itself: a small roster is read (so a refusal above is the bound's)."""
    path = _xlsx(tmp_path / "ok.xlsx", ("B1", "性别"), ("B2", "女"))
    got = read_in_subprocess(path)
    assert got["out"].split() == ["READ", "1", "2"], got
    assert 0 < got["peak_kb"] < PEAK_LIMIT_KB
    buf = io.BytesIO(path.read_bytes())
    assert zipfile.is_zipfile(buf)
