"""Importing a corrected roster again (issue 15): the children already in her list are updated
with a preview of each change, nothing she wrote herself is overwritten; the mapping she fixed
is remembered in the vault; rows with warnings only when she says so; the command line's
options; the template."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import openpyxl

from mentor_tui.core import roster as core
from mentor_tui.core.roster_words import change_text, status_line
from mentor_tui.db import children as children_db, roster_import
from mentor_tui.db.settings import get_setting

TODAY = dt.date(2026, 9, 1)
HEAD = "姓名,出生日期,班级,帮扶类别,监护人,监护人与学生关系,监护人电话,父亲姓名,父亲电话,父亲务工地"
FIRST = "李小花,2016-03-04,三年级一班,贫困,李奶奶,奶奶,13812345678,李强,13987654321,广东深圳"
FIXED = "李小花,2016-03-04,三年级二班,学困,李奶奶,奶奶,13812345678,李强,13900001111,广东东莞"


def _csv(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_corrected_roster_updates_with_a_preview_and_keeps_her_own(vault, tmp_path):
    first = _csv(tmp_path, "a.csv", HEAD, FIRST)
    roster_import.apply(vault, roster_import.preview(vault, first, TODAY), TODAY)
    (kid,) = children_db.list_children(vault)
    # what she wrote herself: a note on the card, a number of the father, her own contact
    children_db.update_child(vault, kid.id, interests="画画", psych_notes="想妈妈")
    father = next(c for c in children_db.contacts_of(vault, kid.id) if c.role == "father")
    children_db.update_contact(vault, father.id, phones=["13987654321", "0731-1234567"])
    children_db.update_contact(vault, father.id, best_time="晚上八点后")
    children_db.add_contact(vault, kid.id, "班主任李老师", "other_guardian", phones=["13700000000"])

    fixed = _csv(tmp_path, "b.csv", HEAD, FIXED)
    roster = roster_import.preview(vault, fixed, TODAY)
    (row,) = roster.rows
    assert (row.status, row.match.rule) == (core.UPDATE, "birth")
    shown = [change_text(c, "zh") for c in row.changes]
    assert shown == [
        "班级 三年级一班 → 三年级二班",
        "帮扶类别 贫困 → 学习困难、贫困",
        "父亲电话 13987654321、0731-1234567 → 13987654321、0731-1234567、13900001111",
        "父亲务工地 广东深圳 → 广东东莞",
    ]
    assert status_line(row, "zh").startswith("↻ 名单中已有（姓名和出生日期相同）：班级 三年级一班")
    result = roster_import.apply(vault, roster, TODAY)
    assert (result.children, result.updated, result.contacts) == (0, 1, 0)

    kid = children_db.get_child(vault, kid.id)
    assert (kid.class_name, kid.categories) == ("三年级二班", ["learning_difficulty", "poor"])
    assert (kid.interests, kid.psych_notes) == ("画画", "想妈妈")  # hers, untouched
    contacts = {c.name: c for c in children_db.contacts_of(vault, kid.id)}
    assert sorted(contacts) == ["李奶奶", "李强", "班主任李老师"]  # hers kept, none added
    father = contacts["李强"]
    assert father.phones == ["13987654321", "0731-1234567", "13900001111"]  # hers kept
    assert (father.work_city, father.best_time) == ("广东东莞", "晚上八点后")
    # the same file again: nothing changes
    again = roster_import.preview(vault, fixed, TODAY)
    assert again.rows[0].status == core.SAME
    assert roster_import.apply(vault, again, TODAY).updated == 0


def test_an_id_number_finds_the_child_whose_name_was_corrected(vault, tmp_path):
    head = "姓名,身份证号,班级"
    roster_import.apply(
        vault,
        roster_import.preview(
            vault, _csv(tmp_path, "a.csv", head, "李晓花,430124201603041029,三年级一班"), TODAY
        ),
        TODAY,
    )
    roster = roster_import.preview(
        vault, _csv(tmp_path, "b.csv", head, "李小花,430124201603041029,三年级一班"), TODAY
    )
    (row,) = roster.rows
    assert (row.status, row.match.rule) == (core.UPDATE, "id")
    assert [change_text(c, "en") for c in row.changes] == ["Name 李晓花 → 李小花"]
    roster_import.apply(vault, roster, TODAY)
    (kid,) = children_db.list_children(vault)
    assert (kid.name, kid.id_number) == ("李小花", "430124201603041029")


def test_she_chooses_when_only_the_name_matches(vault, tmp_path):
    kid = children_db.add_child(vault, "吴二", added_on=TODAY)
    path = _csv(tmp_path, "a.csv", "姓名,班级", "吴二,一班")
    roster = roster_import.preview(vault, path, TODAY)
    (row,) = roster.rows
    assert row.status == core.CHOOSE and not roster.to_import(True)
    row.choice = kid  # "the same child"
    assert roster_import.apply(vault, roster, TODAY).updated == 1
    assert children_db.get_child(vault, kid).class_name == "一班"
    other = _csv(tmp_path, "b.csv", "姓名", "吴二")
    roster = roster_import.preview(vault, other, TODAY)
    roster.rows[0].choice = core.CHOSEN_NEW  # "a new child"
    assert roster_import.apply(vault, roster, TODAY).children == 1
    assert len(children_db.list_children(vault)) == 2


def test_rows_with_warnings_only_when_asked(vault, tmp_path):
    path = _csv(tmp_path, "a.csv", "姓名,出生日期,性别", "甲,2016-13-01,女", "乙,2016-01-01,男")
    roster = roster_import.preview(vault, path, TODAY)
    assert [r.status for r in roster.rows] == [core.NEW, core.NEW]
    assert len(roster.good) == 1 and len(roster.warned) == 1
    assert roster_import.apply(vault, roster, TODAY).children == 1
    roster = roster_import.preview(vault, path, TODAY)
    assert roster_import.apply(vault, roster, TODAY, with_warnings=True).children == 1
    kids = {c.name: c for c in children_db.list_children(vault)}
    assert kids["甲"].birth_date is None and kids["甲"].gender == "female"


def test_the_mapping_she_fixed_is_remembered_for_the_same_headers(vault, tmp_path):
    head = "姓名,入学日期,爱好"
    path = _csv(tmp_path, "a.csv", head, "甲,2016-03-04,画画")
    loaded = roster_import.open_roster(vault, path)
    (lay,) = loaded.layouts
    assert [c.field for c in lay.columns] == ["name", "", "interests"]
    from mentor_tui.core.roster_header import CHOSEN, REMEMBERED

    chosen = lay.with_fields({1: "birth_date"}, CHOSEN)
    roster = roster_import.preview(vault, path, TODAY, loaded=loaded, layouts=[chosen])
    assert roster.rows[0].child["birth_date"] == dt.date(2016, 3, 4)
    roster_import.apply(vault, roster, TODAY)
    assert get_setting(vault, "roster_mapping:" + lay.signature)["1"] == "birth_date"
    other = _csv(tmp_path, "b.csv", head, "乙,2015-01-02,跑步")  # another file, same headers
    (again,) = roster_import.open_roster(vault, other).layouts
    assert (again.columns[1].field, again.columns[1].how) == ("birth_date", REMEMBERED)
    different = _csv(tmp_path, "c.csv", "姓名,入学日期", "丙,2015-01-02")
    (fresh,) = roster_import.open_roster(vault, different).layouts
    assert fresh.columns[1].field == ""


def _run(*args, stdin="", cwd=None):
    env = {**os.environ, "MENTOR_LANG": "zh"}
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_cli_prints_the_mapping_and_takes_map_sheet_and_with_warnings(
    vault, paths, passphrase, tmp_path
):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "一班"
    ws.append(["姓名", "入学日期", "出生日期"])
    ws.append(["甲", "2016-03-04", "2016-13-01"])
    two = wb.create_sheet("二班")
    two.append(["姓名", "性别"])
    two.append(["乙", "男"])
    path = tmp_path / "花名册.xlsx"
    wb.save(path)
    vault.close()
    base = ("import", "roster", str(path), "--passphrase-stdin")
    out = _run(*base, stdin=passphrase + "\n")
    assert out.returncode == 0, out.stderr
    assert "工作表：一班（1 行）、二班（1 行）" in out.stdout
    assert "B列 入学日期 → 忽略" in out.stdout
    assert "有数据却没有对应字段的列：入学日期" in out.stdout
    assert "⚠ 出生日期“2016-13-01”无法识别" in out.stdout
    assert "有警告 1 行" in out.stdout and "未导入" in out.stdout
    out = _run(*base, "--sheet", "一班", "--map", "入学日期=出生日期", "--map", "C=忽略",
               "--yes", stdin=passphrase + "\n")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "B列 入学日期 → 出生日期（你指定的）" in out.stdout
    assert "已导入 1 名儿童" in out.stdout and "乙" not in out.stdout
    out = _run(*base, "--sheet", "二班", "--with-warnings", "--yes", stdin=passphrase + "\n")
    assert "已导入 1 名儿童" in out.stdout
    bad = _run(*base, "--sheet", "三班", stdin=passphrase + "\n")
    assert bad.returncode != 0 and "找不到工作表“三班”。可选：一班、二班" in bad.stderr
    bad = _run(*base, "--map", "入学日期", stdin=passphrase + "\n")
    assert bad.returncode != 0 and "--map 要写成 列名=字段" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_roster_template_needs_no_vault_and_reads_back(tmp_path, vault):
    out = _run("export", "roster-template", "--out", str(tmp_path / "t.xlsx"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "已写出花名册模板" in out.stdout
    en = _run("export", "roster-template", "--lang", "en", cwd=tmp_path)
    assert en.returncode == 0 and (tmp_path / "roster-template.xlsx").is_file()
    for name in ("t.xlsx", "roster-template.xlsx"):
        wb = openpyxl.load_workbook(tmp_path / name)
        ws = wb.active
        ws.append(
            [1, "甲", "女", "2016-03-04", "430124201603041029", "一班", "青山小学", "是", "东村",
             "贫困", "周婆婆", "外婆", "13811112222", "赵刚", "13922223333", "广东东莞", "周丽",
             "13633334444", "广东东莞"]
        )  # fmt: skip
        wb.save(tmp_path / name)
        loaded = roster_import.open_roster(None, tmp_path / name)
        (lay,) = loaded.layouts
        from mentor_tui.core.roster_fields import TEMPLATE

        assert [c.field for c in lay.columns] == [f for f, _zh, _en in TEMPLATE], name
        roster = roster_import.preview(vault, tmp_path / name, TODAY, loaded=loaded)
        assert roster.rows[0].ok, roster.rows[0].messages("en")


def test_the_id_number_is_masked_on_screen_and_left_out_of_documents(vault, tmp_path):
    from rich.console import Console

    from mentor_tui.core.diary_model import Options
    from mentor_tui.db import reports
    from mentor_tui.db.settings import add_term
    from mentor_tui.widgets.child_card import child_card

    number = "430124201603041029"
    kid = children_db.add_child(vault, "甲", added_on=TODAY, id_number=number)
    console = Console(record=True, width=120)
    console.print(child_card(children_db.get_child(vault, kid), []))
    shown = console.export_text()
    assert "430***********1029" in shown and number not in shown
    add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
    term = reports.resolve_term(vault, None, TODAY)
    for sensitive in (False, True):
        out = tmp_path / f"ledger{sensitive}.csv"
        result = reports.export_ledger(
            vault, out, "csv", term, Options(include_sensitive=sensitive), TODAY
        )
        text = result.paths[0].read_text(encoding="utf-8-sig")
        assert (number in text) is sensitive and ("身份证号" in text) is sensitive
