"""A roster file's sheets as rows of cell values, bounded whatever the file holds.

Formats: ``.xlsx`` / ``.xlsm``, ``.xls`` (Excel 97–2003) and ``.ods`` through python-calamine
(one kept reader for all three; formulas are read as the values last computed, never run);
``.csv`` / ``.txt`` through the csv module, the encoding found by :func:`decode`.

Bounds, each refused with one sentence naming the limit, before the reader is given the file:
a regular file only (a link to a device, a pipe or a folder is refused: nothing is read from
it), at most ``MAX_BYTES`` on disk; a workbook's parts at most ``MAX_UNPACKED`` unpacked, all
together (measured by unpacking, not by what the archive claims); at most ``MAX_ROWS`` rows
(plus the header's) and ``MAX_COLUMNS`` columns holding values, found by scanning the sheets
(the reader lays a sheet out as a full grid, so one far-away cell would cost gigabytes).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from mentor_tui.core.errors import MentorError
from mentor_tui.core.roster import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED
from mentor_tui.core.roster_header import HEADER_SEARCH_ROWS

WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXTS = (".csv", ".txt")
FORMATS = WORKBOOKS + TEXTS
MAX_SHEET_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS  # data rows and the rows above them
MAX_PARTS = 2000  # entries of a workbook archive
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .ods
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an .xlsx with a password
CHUNK = 1 << 16
# the encodings tried, in order, when the file has no byte-order mark and none is given
ENCODINGS_TRIED = "UTF-8、UTF-16、UTF-32、GB18030 (GBK)"

Merged = list[tuple[tuple[int, int], tuple[int, int]]]


@dataclass
class SheetData:
    name: str
    rows: list[list[object]]
    merged: Merged | None = None  # merged ranges ((row, col), (row, col)); None: not known


@dataclass
class Book:
    sheets: list[SheetData] = field(default_factory=list)
    encoding: str = ""  # a text file's encoding


class _Limit(Exception):
    """A bound was hit while scanning: ``key`` names the sentence."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def refuse(key: str) -> MentorError:
    return MentorError(
        key,
        mb=MAX_BYTES // 2**20,
        unpacked=MAX_UNPACKED // 2**20,
        rows=MAX_ROWS,
        columns=MAX_COLUMNS,
    )


# --- the file --------------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most MAX_BYTES. Opened without blocking
    (a named pipe would wait for a writer forever) and checked on the opened handle."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise MentorError(
            "err.roster_unreadable", path=str(path), detail=exc.strerror or str(exc)
        ) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise MentorError("err.roster_not_a_file", path=str(path))
        if st.st_size > MAX_BYTES:
            raise refuse("err.roster_file_too_big")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise MentorError(
            "err.roster_unreadable", path=str(path), detail=exc.strerror or str(exc)
        ) from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # grew while read
        raise refuse("err.roster_file_too_big")
    return data


def read_book(path: Path, encoding: str | None = None) -> Book:
    """Every worksheet of the file (a text file is one sheet), within the bounds."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise MentorError("err.roster_format")
    data = read_bytes(path)
    try:
        if suffix in TEXTS:
            text, used = decode(data, encoding)
            return Book([SheetData(path.stem, read_csv(text))], used)
        # by what the file is, not what it is called (a renamed .xlsx saved as .xls…)
        if data.startswith(ZIP_MAGIC):
            check_archive(data)
        elif data.startswith(OLE_MAGIC):
            check_xls(data)
        else:
            raise MentorError("err.roster_damaged")
    except _Limit as limit:
        raise refuse(limit.key) from None
    return _calamine(data)


# --- text ------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark begins it
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). ``encoding`` forces one. Else a byte-order mark (UTF-8, UTF-16,
    UTF-32); else UTF-8 if it decodes; else GB18030 (GBK's superset, what Excel on Chinese
    Windows writes) if charset-normalizer finds the text reads as Chinese. Anything else (a
    Japanese or Big5 file, bytes that are not text) would be mojibake: refused."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise MentorError("err.roster_encoding_unknown", encoding=encoding) from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise MentorError("err.roster_encoding_forced", encoding=encoding) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "")
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030"]).best()
        if best is not None:
            return str(best), "gb18030"
    raise MentorError("err.roster_encoding", tried=ENCODINGS_TRIED)


def read_csv(text: str) -> list[list[object]]:
    """Rows of a comma, tab or semicolon separated text; refused past the row and column
    bounds."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    rows: list[list[object]] = []
    csv.field_size_limit(MAX_BYTES)
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
            raise refuse("err.roster_too_wide")
        rows.append(list(row[:MAX_COLUMNS]))
        if len(rows) > MAX_SHEET_ROWS and any(row):
            raise refuse("err.roster_too_many_rows")
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


# --- workbooks: the archive, the sheets' extent ------------------------------------------------


def check_archive(data: bytes) -> None:
    """Unpack every part (counting, never keeping more than a chunk) and stop past
    MAX_UNPACKED; scan each worksheet for the rows and columns that hold values."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise MentorError("err.roster_damaged") from None
    with zf:
        infos = zf.infolist()
        ods = "content.xml" in {i.filename for i in infos}
        if len(infos) > MAX_PARTS:
            raise _Limit("err.roster_unpacked_too_big")
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise _Limit("err.roster_unpacked_too_big")
        total = 0
        for info in infos:
            sheet = (info.filename == "content.xml") if ods else _is_worksheet(info.filename)
            scanner = _Extent(ods) if sheet else None
            try:
                with zf.open(info) as part:
                    total = _unpack(part, total, scanner)
            except (
                zipfile.BadZipFile,
                EOFError,
                NotImplementedError,
                RuntimeError,
                ValueError,
                OSError,
                expat.ExpatError,
            ):
                raise MentorError("err.roster_damaged") from None


_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)


def _is_worksheet(name: str) -> bool:
    return bool(_WORKSHEET.match(name))


def _unpack(part: IO[bytes], total: int, scanner: _Extent | None) -> int:
    """Read one part to its end in chunks; the running total of unpacked bytes."""
    while True:
        chunk = part.read(CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > MAX_UNPACKED:
            raise _Limit("err.roster_unpacked_too_big")
        if scanner is not None:
            scanner.feed(chunk)
    if scanner is not None:
        scanner.close()
    return total


def _column(ref: str) -> int:
    """1-based column of a cell reference ("AB12" -> 28)."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n


def _row_of(ref: str) -> int:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return int(digits) if digits.isdigit() else 0


class _Extent:
    """A streaming scan of a worksheet (xlsx: <row>/<c>; ods: table rows and cells with their
    repeat counts) for the last row and column that hold a value; past the bounds it stops."""

    def __init__(self, ods: bool) -> None:
        self.ods = ods
        self.row = 0
        self.col = 0
        self.repeat_rows = 1
        self.repeat_cols = 1
        self.has_value = False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.doctype

    def feed(self, chunk: bytes) -> None:
        self.parser.Parse(chunk, False)

    def close(self) -> None:
        self.parser.Parse(b"", True)

    @staticmethod
    def doctype(*_args: Any) -> None:
        raise MentorError("err.roster_damaged")  # no office file has a DTD

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if self.ods:
            self._start_ods(local, attrs)
            return
        if local == "row":
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.col = 0
        elif local == "c":
            ref = attrs.get("r", "")
            self.col = _column(ref) if ref else self.col + 1
            self.row = _row_of(ref) or self.row
            self.has_value = False
        elif local in ("v", "is"):
            self.has_value = True

    def _start_ods(self, local: str, attrs: dict[str, str]) -> None:
        if local == "table":
            self.row = 0
        elif local == "table-row":
            self.row += self.repeat_rows
            self.repeat_rows = _count(attrs.get("table:number-rows-repeated"))
            self.col = 0
            self.repeat_cols = 1
        elif local in ("table-cell", "covered-table-cell"):
            self.col += self.repeat_cols
            self.repeat_cols = _count(attrs.get("table:number-columns-repeated"))
            self.has_value = "office:value-type" in attrs
        elif local == "p":
            self.has_value = True

    def end(self, name: str) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "table" and self.ods:
            self.repeat_rows = 1
        if local not in ("c", "table-cell", "covered-table-cell") or not self.has_value:
            return
        last_row = self.row + (self.repeat_rows - 1 if self.ods else 0)
        last_col = self.col + (self.repeat_cols - 1 if self.ods else 0)
        if last_col > MAX_COLUMNS:
            raise _Limit("err.roster_too_wide")
        if last_row > MAX_SHEET_ROWS:
            raise _Limit("err.roster_too_many_rows")


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


# --- .xls: the cell records of the Workbook stream -----------------------------------------

# BIFF8 records that hold a cell value: (row, column) are their first two 16-bit words
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
_MULRK = 0x00BD


def check_xls(data: bytes) -> None:
    """The last row and column holding a value, from the BIFF records (the OLE container read
    with olefile); past the bounds: refused."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error):
        raise MentorError("err.roster_damaged") from None
    try:
        if ole.exists("EncryptedPackage"):
            raise MentorError("err.roster_password")
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            raise MentorError("err.roster_damaged")
        if ole.get_size(name) > MAX_UNPACKED:
            raise _Limit("err.roster_unpacked_too_big")
        stream: bytes = ole.openstream(name).read(MAX_UNPACKED + 1)
    except (OSError, ValueError, struct.error):
        raise MentorError("err.roster_damaged") from None
    finally:
        ole.close()
    _scan_biff(stream)


def _scan_biff(stream: bytes) -> None:
    pos = 0
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if kind in _CELL_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            last_col = col
        elif kind == _MULRK and len(body) >= 6:
            row, _first = struct.unpack_from("<HH", body)
            (last_col,) = struct.unpack_from("<H", body, len(body) - 2)
        else:
            continue
        if last_col + 1 > MAX_COLUMNS:
            raise _Limit("err.roster_too_wide")
        if row + 1 > MAX_SHEET_ROWS:
            raise _Limit("err.roster_too_many_rows")


# --- reading (python-calamine) -----------------------------------------------------------------


def _calamine(data: bytes) -> Book:
    from python_calamine import (
        CalamineError,
        CalamineWorkbook,
        PasswordError,
        SheetTypeEnum,
        SheetVisibleEnum,
    )

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise MentorError("err.roster_password") from None
    except (CalamineError, ValueError, OSError):
        raise MentorError("err.roster_damaged") from None
    out = Book()
    try:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = book.get_sheet_by_index(index)
            rows: list[list[object]] = [
                list(r[:MAX_COLUMNS]) for r in sheet.to_python(skip_empty_area=False)
            ]
            while rows and all(v in (None, "") for v in rows[-1]):
                rows.pop()
            out.sheets.append(SheetData(meta.name, rows, sheet.merged_cell_ranges))
    except (CalamineError, ValueError, OSError):
        raise MentorError("err.roster_damaged") from None
    finally:
        book.close()
    return out
