"""Roster import (花名册): Chinese and English headers, GBK / UTF-8 / UTF-8-BOM CSV and .xlsx,
every row previewed with its problems, good rows imported in one go, no duplicates on
re-import, hostile cells."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import pathlib
import subprocess
import sys

import openpyxl
import pytest

from mentor_tui.core import roster as core
from mentor_tui.core.errors import MentorError
from mentor_tui.db import children as children_db, roster_import
from mentor_tui.db.settings import audit_log
from mentor_tui.docs_out import roster_file

TODAY = dt.date(2026, 9, 1)
ROOT = pathlib.Path(__file__).resolve().parents[1]

HEADER = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "班级",
    "是否寄宿",
    "监护人",
    "与监护人关系",
    "监护人电话",
    "父亲姓名",
    "父亲电话",
    "父亲务工地",
    "备注",
]
ROWS = [
    [
        "1",
        "李小花",
        "女",
        "2016-03-04",
        "三年级二班",
        "是",
        "李奶奶",
        "祖母",
        "13812345678",
        "李强",
        "13987654321",
        "深圳",
        "",
    ],
    [
        "2",
        "王明",
        "男",
        "2015/11/20",
        "三年级二班",
        "否",
        "王叔叔",
        "叔叔",
        "0731-84561234",
        "",
        "",
        "",
        "转入",
    ],
    ["3", "", "女", "2016-01-01", "三年级二班", "", "", "", "", "", "", "", "缺姓名"],
    ["4", "赵雨", "女", "2016-02-30", "三年级二班", "", "", "", "", "", "", "", "坏日期"],
    ["5", "钱浩", "男", "2016-05-05", "三年级二班", "", "钱爷爷", "祖父", "12345", "", "", "", ""],
    ["6", "李小花", "女", "2016年3月4日", "三年级二班", "", "", "", "", "", "", "", "重复"],
    ["", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["7", "孙悦", "女孩子", "2016.7.8", "三年级二班", "也许", "", "", "", "", "", "", ""],
]


def _csv_bytes(encoding: str, title: bool = True) -> bytes:
    lines = (["三年级二班留守儿童花名册,,,"] if title else []) + [",".join(HEADER)]
    lines += [",".join(r) for r in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _write(tmp_path, name, data: bytes) -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _problems(roster):
    return {r.line: [k for k, _ in r.problems] for r in roster.rows}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_preview_lists_every_row_with_its_problems(vault, tmp_path, encoding):
    path = _write(tmp_path, "花名册.csv", _csv_bytes(encoding))
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(codecs.BOM_UTF8)
    roster = roster_import.preview(vault, path, TODAY)
    assert roster.header_line == 2 and roster.ignored == ["备注"]
    assert _problems(roster) == {
        3: [],
        4: [],
        5: ["roster.problem.name_missing"],
        6: ["roster.problem.bad_date"],
        7: ["roster.problem.bad_phone"],
        8: ["roster.problem.duplicate_in_file"],
        10: ["roster.problem.bad_gender", "roster.problem.bad_boarding"],
    }
    row4 = next(r for r in roster.rows if r.line == 4)
    assert row4.child == {
        "name": "王明",
        "gender": "male",
        "birth_date": dt.date(2015, 11, 20),
        "class_name": "三年级二班",
        "boarding": False,
    }
    msgs = {r.line: r.messages("zh") for r in roster.bad}
    assert msgs[7] == ["监护人电话“12345”不是有效的电话号码"]
    assert msgs[8] == ["与第 3 行是同一个孩子"]
    assert next(r for r in roster.bad if r.line == 7).messages("en") == [
        "Guardian's phone “12345” is not a valid phone number"
    ]


def test_import_good_rows_with_contacts_then_reimport_adds_nobody(vault, tmp_path):
    path = _write(tmp_path, "roster.csv", _csv_bytes("gbk"))
    result = roster_import.apply(vault, roster_import.preview(vault, path, TODAY), TODAY)
    assert (result.children, result.contacts, result.skipped) == (2, 3, 5)
    assert result.backup is not None and result.backup.exists()
    kids = {c.name: c for c in children_db.list_children(vault)}
    assert sorted(kids) == ["李小花", "王明"]
    flower = kids["李小花"]
    assert (flower.birth_date, flower.boarding, flower.added_on) == (
        dt.date(2016, 3, 4),
        True,
        TODAY,
    )
    contacts = {c.role: c for c in children_db.contacts_of(vault, flower.id)}
    assert contacts["grandparent"].name == "李奶奶" and contacts["grandparent"].is_primary
    assert contacts["grandparent"].phones == ["13812345678"]
    assert contacts["father"].work_city == "深圳"
    uncle = children_db.contacts_of(vault, kids["王明"].id)
    assert [(c.role, c.phones) for c in uncle] == [("relative", ["0731-84561234"])]
    event = [a for a in audit_log(vault) if a.event == "import.roster"][-1]
    assert event.counts == {"rows": 7, "imported": 2, "updated": 0, "skipped": 5, "contacts": 3}

    # issue 15: a row that is a child of her list is matched to it (here: nothing changes)
    again = roster_import.preview(vault, path, TODAY)
    assert [(r.status, r.match.rule) for r in again.rows if r.line in (3, 4)] == [
        (core.SAME, "birth")
    ] * 2
    assert [k for r in again.rows if r.line in (3, 4) for k, _ in r.problems] == []
    assert roster_import.apply(vault, again, TODAY).children == 0
    assert len(children_db.list_children(vault)) == 2


def test_rows_matching_existing_children_by_birth_or_class(vault, tmp_path):
    """Issue 15 changed this from "duplicate, not imported" to an update of that child."""
    children_db.add_child(vault, "李小花", added_on=TODAY, birth_date=dt.date(2016, 3, 4))
    children_db.add_child(vault, "王明", added_on=TODAY, class_name="三年级 二班")
    children_db.add_child(vault, "钱浩", added_on=TODAY, class_name="一年级一班")
    roster = roster_import.preview(vault, _write(tmp_path, "r.csv", _csv_bytes("utf-8")), TODAY)
    by_line = {r.line: r for r in roster.rows}
    assert (by_line[3].status, by_line[3].match.rule) == (core.UPDATE, "birth")
    assert (by_line[4].status, by_line[4].match.rule) == (core.UPDATE, "class")
    assert "class_name" in [c.what for c in by_line[3].changes]
    assert "class_name" not in [c.what for c in by_line[4].changes]  # 三年级 二班 is the same
    assert by_line[7].status == core.NEW  # 钱浩 of another class is another child
    assert "roster.problem.duplicate_existing" not in [k for k, _ in by_line[7].problems]


def test_reimport_name_only_roster(vault, tmp_path):
    """Rows with no date of birth or class: name + guardian's phone decides; a row that only
    shares the name with a child of her list is hers to choose (issue 15: it was refused)."""
    rows = [
        "姓名,监护人,监护人电话",
        "周一,周奶奶,13812345678",
        "吴二,,",
        "吴二,,",
        "郑三,郑爷爷,+8613800001111",
    ]
    path = _write(tmp_path, "r.csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))
    roster = roster_import.preview(vault, path, TODAY)
    assert _problems(roster) == {2: [], 3: [], 4: ["roster.problem.duplicate_name_in_file"], 5: []}
    assert roster.rows[2].messages("zh") == [
        "可能与第 3 行是同一个孩子（只有姓名，无法确认），未导入"
    ]
    assert roster_import.apply(vault, roster, TODAY).children == 3
    again = roster_import.preview(vault, path, TODAY)
    assert [r.status for r in again.rows] == [core.SAME, core.CHOOSE, core.ERROR, core.SAME]
    assert again.rows[0].match.rule == "phone"
    assert roster_import.apply(vault, again, TODAY).children == 0
    assert sorted(c.name for c in children_db.list_children(vault)) == ["吴二", "周一", "郑三"]
    # the same name with another guardian's phone is another child
    other = _write(tmp_path, "o.csv", "姓名,监护人电话\r\n周一,13900002222\r\n".encode())
    assert [r.status for r in roster_import.preview(vault, other, TODAY).rows] == [core.NEW]


def test_name_only_row_matches_a_hand_added_child(vault, tmp_path):
    kid = children_db.add_child(vault, "冯四", added_on=TODAY, class_name="一班")
    children_db.add_contact(vault, kid, "冯奶奶", "grandparent", phones=["13811112222"])
    only_name = _write(tmp_path, "a.csv", "姓名,电话\r\n冯四,\r\n".encode())
    row = roster_import.preview(vault, only_name, TODAY).rows[0]
    assert (row.status, row.match.candidates) == (core.CHOOSE, (kid,))
    with_phone = _write(tmp_path, "b.csv", "姓名,电话\r\n冯四,+8613811112222\r\n".encode())
    row = roster_import.preview(vault, with_phone, TODAY).rows[0]
    assert (row.status, row.match.child_id, row.match.rule) == (core.SAME, kid, "phone")


def test_xlsx_with_english_headers_dates_and_numbers(vault, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "No.",
            "Name",
            "Gender",
            "Date of birth",
            "Class",
            "Guardian",
            "Relationship",
            "Phone",
            "Mother",
            "Mother phone",
            "Notes",
        ]
    )
    ws.append(
        [
            1,
            "Lily Wang",
            "F",
            dt.datetime(2016, 4, 1),
            "Class 3-2",
            "Grandma Wang",
            "grandmother",
            13812345678,
            "Mei Wang",
            "13900001111",
            "x",
        ]
    )
    ws.append([2, "text", "m", 20150102, "Class 3-2", "", "", "", "", "", ""])
    ws["B3"].value = '=HYPERLINK("http://x")'
    ws["B3"].data_type = "s"  # a text cell that looks like a formula
    ws.append([3, "Tom", "", "2015-13-01", "", "", "", "", "", "", ""])
    ws.append([4, '=CONCAT("A","B")', "", "", "Class 3-2", "", "", "", "", "", ""])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    roster = roster_import.preview(vault, path, TODAY)
    assert roster.ignored == ["Notes"]
    # a real formula is read as its cached value (none: never computed), so the name is missing
    assert _problems(roster) == {
        2: [],
        3: [],
        4: ["roster.problem.bad_date"],
        5: ["roster.problem.name_missing"],
    }
    lily = roster.rows[0]
    assert lily.child["birth_date"] == dt.date(2016, 4, 1)
    assert lily.contacts[0]["phones"] == ["13812345678"]
    assert lily.contacts[0]["role"] == "grandparent"
    assert lily.contacts[1] == {
        "role": "mother",
        "name": "Mei Wang",
        "relationship": "母亲",
        "phones": ["13900001111"],
        "is_primary": False,
    }
    result = roster_import.apply(vault, roster, TODAY)
    assert result.children == 2
    names = sorted(c.name for c in children_db.list_children(vault))
    assert names == ['=HYPERLINK("http://x")', "Lily Wang"]  # kept as text, never run


def test_hostile_cells(vault, tmp_path):
    long_name = "长" * 41
    rows = [
        ["姓名", "家庭住址", "班级"],
        [long_name, "村", "一班"],
        ["王\x1b[31m红\x07\u202e", "青山镇\x00东村", "一班"],
        ["李四", "址" * 5000, "一班"],
        ["@SUM(1+1)*cmd|' /C calc'!A0", "+1", "-1"],
    ]
    roster = core.parse_rows(rows, TODAY)
    assert _problems(roster) == {
        2: ["roster.problem.too_long"],
        3: [],
        4: ["roster.problem.too_long"],
        5: [],
    }
    assert roster.rows[0].messages("zh") == ["姓名太长（超过 40 个字）"]
    assert roster.rows[1].child["name"] == "王[31m红"
    assert roster.rows[1].child["home_address"] == "青山镇东村"
    assert all(len(v) <= core.TEXT_LIMIT for r in roster.rows for v in r.values.values())


def test_header_errors_and_encodings():
    with pytest.raises(MentorError) as err:
        core.parse_rows([["a", "b"], ["1", "2"]], TODAY)
    assert err.value.key == "err.roster_no_header"
    with pytest.raises(MentorError) as err:
        roster_file.decode(b"\x80abc")
    assert err.value.key == "err.roster_encoding"
    assert roster_file.decode("姓名".encode("utf-16")) == ("姓名", "utf-16")
    assert core.header_key("出生日期（年-月-日）*") == "出生日期"
    text, used = roster_file.decode("姓名\t班级\n李四\t一班\n".encode("gbk"))
    assert used == "gb18030"
    assert roster_file.read_csv(text) == [["姓名", "班级"], ["李四", "一班"]]


def test_unsupported_file_type(vault, tmp_path):
    path = _write(tmp_path, "roster.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(MentorError) as err:
        roster_import.preview(vault, path, TODAY)
    assert err.value.key == "err.roster_format"
    # .xls is read since issue 15: four bytes of one are a damaged file
    path = _write(tmp_path, "roster.xls", b"\xd0\xcf\x11\xe0")
    with pytest.raises(MentorError) as err:
        roster_import.preview(vault, path, TODAY)
    assert err.value.key == "err.roster_damaged"


def test_column_mapping_is_documented():
    from mentor_tui.core.roster_fields import GROUPS, SUBS
    from mentor_tui.core.roster_split import CATEGORY_WORDS, NO_CATEGORY

    doc = (ROOT / "docs" / "roster-columns.md").read_text(encoding="utf-8")
    for field, aliases in core.ALIASES.items():
        assert f"`{field}`" in doc, field
        for alias in aliases:
            assert alias in doc.lower(), alias
    # issue 15: the two-row header words and the category words too
    words = [w for table in (GROUPS, SUBS) for ws in table.values() for w in ws]
    for word in [*words, *CATEGORY_WORDS, *NO_CATEGORY]:
        assert word in doc.lower(), word


def test_cli_previews_then_imports_with_yes(vault, paths, passphrase, tmp_path):
    path = _write(tmp_path, "roster.csv", _csv_bytes("utf-8-sig", title=False))
    vault.close()
    env = {**os.environ, "LANG": "zh_CN.UTF-8"}

    def run(*extra):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "mentor_tui",
                "import",
                "roster",
                str(path),
                "--passphrase-stdin",
                *extra,
            ],
            input=passphrase + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )

    out = run()
    assert out.returncode == 0, out.stderr
    assert "缺少姓名" in out.stdout
    assert "共 7 行：可导入 2 行，有警告 3 行，有错误 2 行。" in out.stdout  # issue 15
    assert "--yes" in out.stdout
    out = run("--yes")
    assert "已导入 2 名儿童、3 位联系人。" in out.stdout
    out = run("--yes")
    assert "已在名单中（姓名和出生日期相同），没有变化" in out.stdout and out.returncode == 1


def test_progress_of_preview_and_apply(vault, tmp_path):
    """A long roster reports its progress while read and while written: increasing counts that
    reach the total, several steps each."""
    lines = ["姓名,出生日期,班级,监护人,监护人电话"]
    lines += [f"学生{i:04d},2016-01-01,{i % 6 + 1}班,监护人{i},138{i:08d}" for i in range(1000)]
    path = _write(tmp_path, "big.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    for job in ("preview", "apply"):
        calls = []

        def progress(done, total):
            calls.append((done, total))

        if job == "preview":
            roster = roster_import.preview(vault, path, TODAY, progress=progress)
            assert len(roster.good) == 1000
        else:
            assert roster_import.apply(vault, roster, TODAY, progress=progress).children == 1000
        done = [d for d, _ in calls]
        assert len(calls) >= 4 and len({total for _, total in calls}) == 1, (job, calls)
        assert done == sorted(done) and len(set(done)) == len(done)
        assert done[-1] == calls[-1][1]


def test_mojibake_is_refused_naming_the_encodings_tried_and_encoding_forces_one(tmp_path):
    """Issue 15: a Shift-JIS file was imported as mojibake; a UTF-32 one found no header."""
    sjis = _write(
        tmp_path,
        "jp.csv",
        "氏名,性別,クラス\r\n山田太郎,男,三年二組\r\n佐藤花子,女,三年二組\r\n".encode("shift_jis"),
    )
    with pytest.raises(MentorError) as err:
        roster_file.read_book(sjis)
    assert err.value.key == "err.roster_encoding"
    assert "GB18030" in err.value.message("en") and "--encoding" in err.value.message("zh")
    forced = roster_file.read_book(sjis, "shift_jis")
    assert forced.sheets[0].rows[1] == ["山田太郎", "男", "三年二組"]
    with pytest.raises(MentorError) as err:
        roster_file.read_book(sjis, "no-such-codec")
    assert err.value.key == "err.roster_encoding_unknown"
    utf32 = _write(tmp_path, "u32.csv", "姓名,班级\n李四,一班\n".encode("utf-32"))
    book = roster_file.read_book(utf32)
    assert (book.encoding, book.sheets[0].rows) == ("utf-32", [["姓名", "班级"], ["李四", "一班"]])
