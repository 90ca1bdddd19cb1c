"""Write the roster test files of tests/data/rosters, and beside each the children and contacts it
must give (``expected/<file>.json``), both from source.py's records.

    python tests/data/rosters/make_rosters.py [FOLDER]

Each file is made the way schools make them: title rows, two-row headers with merged group
cells, composite columns, several sheets, ID numbers, an .xls written by xlwt, an .ods by odfpy,
GBK / UTF-8-BOM / UTF-16 / UTF-32 text. tests/test_roster_files.py imports every file and checks
that this script still writes the committed files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from source import CLASS_A, CLASS_B, SCHOOL, Facts, Kid, expected, kids_of  # noqa: E402

FIXED = dt.datetime(2026, 9, 1, 8, 0, 0)  # the workbooks' own dates
Cell = object
Getter = Callable[[Kid], Cell]


@dataclass(frozen=True)
class Col:
    """A column: its header (a group cell above it in a two-row header: ``group``) and the
    cell each kid's row has."""

    header: str
    get: Getter
    group: str = ""


# --- cells, as schools write them ----------------------------------------------------------------


def g_name(k: Kid) -> Cell:
    return k.name


def g_gender(k: Kid) -> Cell:
    return "男" if k.gender == "male" else "女"


def g_born_date(k: Kid) -> Cell:
    return k.born  # a date cell


def g_born_dots(k: Kid) -> Cell:
    return f"{k.born:%Y.%m.%d}"


def g_born_iso(k: Kid) -> Cell:
    return k.born.isoformat()


def g_born_cn(k: Kid) -> Cell:
    return f"{k.born.year}年{k.born.month}月{k.born.day}日"


def g_class(k: Kid) -> Cell:
    return k.class_name


def g_id(k: Kid) -> Cell:
    return k.id_number


def g_school(_k: Kid) -> Cell:
    return SCHOOL


def g_boarding(k: Kid) -> Cell:
    return "是" if k.boarding else "否"


def g_address(k: Kid) -> Cell:
    return k.address


def g_categories(k: Kid) -> Cell:
    return k.category_words


def g_guardian(k: Kid) -> Cell:
    return k.guardian.name


def g_relationship(k: Kid) -> Cell:
    return k.guardian.relationship


def g_guardian_phone(k: Kid) -> Cell:
    return "、".join(k.guardian.phones)


def g_guardian_phone_number(k: Kid) -> Cell:
    """A mobile number typed into a number cell (a landline stays text)."""
    p = k.guardian.phones[0]
    return int(p) if p.isdigit() else p


def person(role: str, what: str, number: bool = False, fullwidth: bool = False) -> Getter:
    def get(k: Kid) -> Cell:
        p = getattr(k, role)
        if p is None:
            return ""
        if what == "name":
            return p.name
        if what == "work":
            return p.work
        phone = "、".join(p.phones)
        if number and phone.isdigit():
            return int(phone)
        if fullwidth:
            return phone.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
        return phone

    return get


def g_parents_names(k: Kid) -> Cell:
    """Labelled for odd seq numbers, "李强/张秀英" for even; a missing parent labelled."""
    f, m = k.father, k.mother
    if f is None or m is None:
        return " ".join(f"{w}：{p.name}" for w, p in (("父", f), ("母", m)) if p is not None)
    return f"父：{f.name} 母：{m.name}" if k.seq % 2 else f"{f.name}/{m.name}"


def g_parents_names_comma(k: Kid) -> Cell:
    f, m = k.father, k.mother
    if f is None or m is None:
        return " ".join(f"{w}亲：{p.name}" for w, p in (("父", f), ("母", m)) if p is not None)
    return f"{f.name}、{m.name}"


def g_parents_phones(k: Kid) -> Cell:
    """In the order of the names; a missing parent's number labelled on the other."""
    f, m = k.father, k.mother
    if f is None or m is None:
        return " ".join(f"{w}：{p.phones[0]}" for w, p in (("父", f), ("母", m)) if p is not None)
    return f"{f.phones[0]}/{m.phones[0]}"


def g_parents_phones_labelled(k: Kid) -> Cell:
    return "；".join(
        f"{w}{p.phones[0]}" for w, p in (("父", k.father), ("母", k.mother)) if p is not None
    )


def g_parents_work(k: Kid) -> Cell:
    """One place when both work there, else "父：… 母：…"."""
    f, m = k.father, k.mother
    if f is None or m is None:
        return next(p.work for p in (f, m) if p is not None)
    if f.work == m.work:
        return f.work
    return f"父：{f.work} 母：{m.work}"


def g_note(k: Kid) -> Cell:
    return "转入" if k.seq % 3 == 0 else ""


def g_register(k: Kid) -> Cell:
    return "G" + k.id_number  # 学籍号: imported as nothing, listed in the mapping step


# --- the files -----------------------------------------------------------------------------------

GUARDIAN = [
    Col("姓名", g_guardian, "监护人"),
    Col("与学生关系", g_relationship, "监护人"),
    Col("联系电话", g_guardian_phone_number, "监护人"),
]
FATHER = [
    Col("姓名", person("father", "name"), "父亲"),
    Col("电话", person("father", "phone", number=True), "父亲"),
    Col("务工地", person("father", "work"), "父亲"),
]
MOTHER = [
    Col("姓名", person("mother", "name"), "母亲"),
    Col("电话", person("mother", "phone", number=True), "母亲"),
    Col("务工地", person("mother", "work"), "母亲"),
]
PARENTS_FLAT = [
    Col("父亲姓名", person("father", "name")),
    Col("父亲电话", person("father", "phone")),
    Col("父亲务工地", person("father", "work")),
    Col("母亲姓名", person("mother", "name")),
    Col("母亲电话", person("mother", "phone")),
    Col("母亲务工地", person("mother", "work")),
]


@dataclass(frozen=True)
class Spec:
    name: str
    columns: list[Col]
    facts: Facts
    title: str = ""
    two_rows: bool = False
    seq: bool = True  # a 序号 column first
    sheets: tuple[str, ...] = ()  # one sheet per class (the kids of that class)
    extra_sheet: bool = False  # and a notes sheet without a header


SPECS: tuple[Spec, ...] = (
    Spec(
        "01_title_two_row_merged.xlsx",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_date),
            Col("班级", g_class),
            *GUARDIAN,
            *FATHER,
            *MOTHER,
            Col("备注", g_note),
        ],
        Facts(),
        title="2026年秋季学期 三年级留守儿童花名册",
        two_rows=True,
    ),
    Spec(
        "02_composite_columns.xlsx",
        [
            Col("学生姓名", g_name),
            Col("性别", g_gender),
            Col("出生年月", g_born_dots),
            Col("班级", g_class),
            Col("身份证号", g_id),
            Col("监护人姓名", g_guardian),
            Col("监护人与学生关系", g_relationship),
            Col("监护人电话", g_guardian_phone),
            Col("父母姓名", g_parents_names),
            Col("父母联系电话", g_parents_phones),
            Col("务工地", g_parents_work),
            Col("帮扶类别", g_categories),
            Col("家庭住址", g_address),
        ],
        Facts(id=True, categories=True, address=True),
    ),
    Spec(
        "03_sheet_per_class.xlsx",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_iso),
            Col("监护人", g_guardian),
            Col("关系", g_relationship),
            Col("监护人电话", g_guardian_phone),
            *PARENTS_FLAT,
        ],
        Facts(class_column=False),
        sheets=(CLASS_A, CLASS_B),
        extra_sheet=True,
    ),
    Spec(
        "04_id_numbers_only.xlsx",
        [
            Col("姓名", g_name),
            Col("公民身份号码", g_id),
            Col("班级", g_class),
            Col("监护人", g_guardian),
            Col("监护人关系", g_relationship),
            Col("监护人电话", g_guardian_phone),
            Col("父亲", person("father", "name")),
            Col("父亲电话", person("father", "phone")),
            Col("母亲", person("mother", "name")),
            Col("母亲电话", person("mother", "phone")),
        ],
        Facts(gender=False, birth=False, id=True, work=False),
        seq=False,
    ),
    Spec(
        "05_excel97.xls",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_date),
            Col("班级", g_class),
            Col("学校", g_school),
            Col("是否寄宿", g_boarding),
            *GUARDIAN,
            *FATHER,
            *MOTHER,
        ],
        Facts(school=True, boarding=True),
        title="青山小学留守儿童花名册（2026年秋）",
        two_rows=True,
    ),
    Spec(
        "06_wps.ods",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_cn),
            Col("班级", g_class),
            Col("家庭住址", g_address),
            *GUARDIAN,
            *FATHER,
            *MOTHER,
        ],
        Facts(address=True),
        two_rows=True,
    ),
    Spec(
        "07_gbk.csv",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_iso),
            Col("班级", g_class),
            Col("是否寄宿", g_boarding),
            Col("监护人", g_guardian),
            Col("与监护人关系", g_relationship),
            Col("联系电话", g_guardian_phone),
            *PARENTS_FLAT,
        ],
        Facts(boarding=True),
        title="三年级留守儿童花名册",
    ),
    Spec(
        "08_utf8_bom.csv",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_cn),
            Col("班级", g_class),
            Col("监护人", g_guardian),
            Col("监护人与儿童关系", g_relationship),
            Col("监护人电话", g_guardian_phone),
            Col("父母姓名", g_parents_names_comma),
            Col("父母电话", g_parents_phones_labelled),
            Col("帮扶类型", g_categories),
        ],
        Facts(categories=True, work=False),
    ),
    Spec(
        "09_unicode_text.txt",
        [
            Col("Name", g_name),
            Col("Sex", lambda k: "M" if k.gender == "male" else "F"),
            Col("Date of birth", g_born_iso),
            Col("Class", g_class),
            Col("Guardian", g_guardian),
            Col("Relationship", g_relationship),
            Col("Guardian phone", g_guardian_phone),
            Col("Father", person("father", "name")),
            Col("Father phone", person("father", "phone")),
            Col("Father work city", person("father", "work")),
            Col("Mother", person("mother", "name")),
            Col("Mother phone", person("mother", "phone")),
            Col("Mother work city", person("mother", "work")),
        ],
        Facts(),
        seq=False,
    ),
    Spec(
        "10_utf32.csv",
        [
            Col("姓名", g_name),
            Col("性别", g_gender),
            Col("出生日期", g_born_iso),
            Col("班级", g_class),
            Col("监护人", g_guardian),
            Col("关系", g_relationship),
            Col("电话", g_guardian_phone),
            *PARENTS_FLAT,
        ],
        Facts(),
    ),
    Spec(
        "11_line_breaks_fullwidth.xlsx",
        [
            Col("学生\n姓名", g_name),
            Col("性　别", g_gender),
            Col("出生日期\n（年-月-日）", g_born_iso),
            Col("班　级", g_class),
            Col("身份证号码\n（18位）", g_id),
            Col("监护人\n姓名", g_guardian),
            Col("监护人与\n学生关系", g_relationship),
            Col("监护人\n联系电话", g_guardian_phone),
            Col("父亲\n姓名", person("father", "name")),
            Col("父亲\n联系电话", person("father", "phone", fullwidth=True)),
            Col("父亲\n务工地点", person("father", "work")),
            Col("母亲\n姓名", person("mother", "name")),
            Col("母亲\n联系电话", person("mother", "phone", fullwidth=True)),
            Col("母亲\n务工地点", person("mother", "work")),
            Col("学籍号", g_register),
        ],
        Facts(id=True),
    ),
    Spec(
        "12_section_titles.xlsx",
        [
            Col("姓名", g_name, "学生基本信息"),
            Col("性别", g_gender, "学生基本信息"),
            Col("出生日期", g_born_date, "学生基本信息"),
            Col("班级", g_class, "学生基本信息"),
            Col("家庭住址", g_address, "学生基本信息"),
            Col("帮扶类别", g_categories, "学生基本信息"),
            Col("监护人姓名", g_guardian, "家庭信息"),
            Col("监护人与学生关系", g_relationship, "家庭信息"),
            Col("监护人电话", g_guardian_phone, "家庭信息"),
            Col("父亲姓名", person("father", "name"), "家庭信息"),
            Col("父亲电话", person("father", "phone"), "家庭信息"),
            Col("父亲务工地", person("father", "work"), "家庭信息"),
            Col("母亲姓名", person("mother", "name"), "家庭信息"),
            Col("母亲电话", person("mother", "phone"), "家庭信息"),
            Col("母亲务工地", person("mother", "work"), "家庭信息"),
        ],
        Facts(address=True, categories=True),
        title="留守儿童基本情况登记表",
        two_rows=True,
    ),
)


# --- rows -------------------------------------------------------------------------------------


def header_rows(spec: Spec) -> list[list[Cell]]:
    """One header row, or two: the group cells' row (a group cell written once, over its
    sub-columns; other headers in it, the second row empty under them) and the sub-columns."""
    seq = [("序号", "")] if spec.seq else []
    cols = [(c.group, c.header) if c.group else (c.header, "") for c in spec.columns]
    pairs = seq + cols
    if not spec.two_rows:
        return [[top for top, _sub in pairs]]
    top_row: list[Cell] = []
    last = None
    for top, sub in pairs:
        top_row.append(top if (top != last or not sub) else "")
        last = top if sub else None
    return [top_row, [sub for _top, sub in pairs]]


def spans(spec: Spec) -> list[tuple[int, int, int, int]]:
    """Merged ranges of the header (0-based row, col, last row, last col): each group cell
    across its sub-columns, each other header down both rows."""
    if not spec.two_rows:
        return []
    offset = 1 if spec.title else 0
    pairs = ([("序号", "")] if spec.seq else []) + [
        (c.group, c.header) if c.group else (c.header, "") for c in spec.columns
    ]
    out, j = [], 0
    while j < len(pairs):
        top, sub = pairs[j]
        if not sub:
            out.append((offset, j, offset + 1, j))
            j += 1
            continue
        end = j
        while end + 1 < len(pairs) and pairs[end + 1][0] == top and pairs[end + 1][1]:
            end += 1
        if end > j:
            out.append((offset, j, offset, end))
        j = end + 1
    return out


def body_rows(spec: Spec, kids: Sequence[Kid]) -> list[list[Cell]]:
    return [
        ([i] if spec.seq else []) + [c.get(k) for c in spec.columns]
        for i, k in enumerate(kids, start=1)
    ]


def sheets_of(spec: Spec) -> list[tuple[str, list[list[Cell]]]]:
    """(sheet name, rows) of the file."""
    width = len(spec.columns) + (1 if spec.seq else 0)
    title = [[spec.title] + [""] * (width - 1)] if spec.title else []
    names = spec.sheets or ("花名册",)
    out = []
    for name in names:
        kids = [k for k in kids_of(spec.facts) if not spec.sheets or k.class_name == name]
        out.append((name, title + header_rows(spec) + body_rows(spec, kids)))
    if spec.extra_sheet:
        out.append(("填表说明", [["本表由班主任填写，每学期开学初更新。"], ["联系人：教务处"]]))
    return out


def as_text(value: Cell) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


# --- writers ----------------------------------------------------------------------------------


def write_xlsx(spec: Spec, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets_of(spec):
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name == "填表说明":
            continue
        head = 1 if spec.title else 0
        if spec.title:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[-1]))
        for r0, c0, r1, c1 in spans(spec):
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for cell in ws[head + 1]:
            cell.alignment = Alignment(wrap_text=True)
        for row in ws.iter_rows(min_row=head + 2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "make_rosters.py"
    wb.save(path)


def write_xls(spec: Spec, path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets_of(spec):
        ws = wb.add_sheet(name)
        merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spans(spec)}
        covered = {
            (r, c)
            for (r0, c0), (r1, c1) in merged.items()
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
        }
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if i == 0 and spec.title:
                    if j == 0:
                        ws.write_merge(0, 0, 0, len(row) - 1, value)
                    continue
                if (i, j) in merged:
                    r1, c1 = merged[(i, j)]
                    ws.write_merge(i, r1, j, c1, value)
                elif (i, j) in covered:
                    continue
                elif isinstance(value, dt.date):
                    ws.write(i, j, value, date_style)
                elif value not in ("", None):
                    ws.write(i, j, value)
    wb.save(str(path))


def write_ods(spec: Spec, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets_of(spec):
        table = Table(name=name)
        group_spans = {(r0, c0): c1 - c0 + 1 for r0, c0, r1, c1 in spans(spec) if r0 == r1}
        for i, row in enumerate(rows):
            tr = TableRow()
            skip = 0
            for j, value in enumerate(row):
                if skip:
                    skip -= 1
                    tr.addElement(CoveredTableCell())
                    continue
                kw = {}
                if (i, j) in group_spans:
                    kw["numbercolumnsspanned"] = group_spans[(i, j)]
                    skip = group_spans[(i, j)] - 1
                text = as_text(value)
                if isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value, **kw)
                elif text:
                    cell = TableCell(valuetype="string", **kw)
                else:
                    cell = TableCell(**kw)
                if text:
                    cell.addElement(P(text=text))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


TEXT_FILES = {
    "07_gbk.csv": ("gbk", ",", "\r\n"),
    "08_utf8_bom.csv": ("utf-8-sig", ",", "\r\n"),
    "09_unicode_text.txt": ("utf-16", "\t", "\r\n"),
    "10_utf32.csv": ("utf-32", ",", "\n"),
}


def write_text(spec: Spec, path: Path) -> None:
    encoding, delimiter, newline = TEXT_FILES[spec.name]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    for _name, rows in sheets_of(spec):
        writer.writerows([[as_text(v) for v in row] for row in rows])
    path.write_bytes(out.getvalue().encode(encoding))


def write_expected(spec: Spec, path: Path) -> None:
    data = [expected(k, spec.facts) for k in kids_of(spec.facts)]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def make(folder: Path) -> list[Path]:
    """Write every file and its expected children into ``folder``; the paths written."""
    (folder / "expected").mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        path = folder / spec.name
        suffix = path.suffix
        if suffix == ".xlsx":
            write_xlsx(spec, path)
        elif suffix == ".xls":
            write_xls(spec, path)
        elif suffix == ".ods":
            write_ods(spec, path)
        else:
            write_text(spec, path)
        exp = folder / "expected" / f"{spec.name}.json"
        write_expected(spec, exp)
        written += [path, exp]
    return written


if __name__ == "__main__":
    for p in make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
