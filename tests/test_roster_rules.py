"""The pure rules of the roster import (issue 15), case by case: ID numbers, the matching rule,
composite cells, headers as schools write them, the relationship that belongs to the guardian,
warnings against errors."""

from __future__ import annotations

import datetime as dt

import pytest

from mentor_tui.core import idcard, roster as core, roster_split
from mentor_tui.core.roster_header import apply_overrides, field_named, find_header, layout
from mentor_tui.core.roster_match import Identity, Index, compare, identity, match

TODAY = dt.date(2026, 9, 1)


# --- ID numbers -----------------------------------------------------------------------------------


def test_id_check_character_of_the_standards_example():
    # GB 11643-1999's worked example: 11010519491231002X
    assert idcard.check_char("11010519491231002") == "X"
    got = idcard.parse("11010519491231002x")
    assert got is not None and got.check_ok
    assert (got.number, got.birth_date, got.gender) == (
        "11010519491231002X",
        dt.date(1949, 12, 31),
        "female",
    )


def test_id_bad_check_character_wrong_shapes_and_dates():
    bad = idcard.parse("110105194912310021")
    assert bad is not None and not bad.check_ok  # parsed, so the caller can warn
    assert idcard.parse("11010519491331002X") is None  # month 13
    assert idcard.parse("1101051949123100") is None  # 16 characters
    assert idcard.parse("11010519491231002Y") is None
    assert idcard.parse("１１０１０５１９４９１２３１００２Ｘ") is not None  # full-width folded


def test_old_15_digit_numbers():
    got = idcard.parse("110105491231002")
    assert got is not None and got.check_ok
    assert (got.birth_date, got.gender) == (dt.date(1949, 12, 31), "female")
    assert idcard.to_18("110105491231002") == "11010519491231002X"
    assert idcard.same("110105491231002", "11010519491231002x")
    assert not idcard.same("", "")


def test_id_mask_shows_little():
    assert idcard.mask("11010519491231002X") == "110***********002X"
    assert idcard.mask("123") == "***"


def test_id_gives_birth_and_sex_when_no_column_does_and_warns_on_disagreement():
    row = core.check_row(2, {"name": "甲", "id_number": "11010519491231002X"}, TODAY)
    # born 1949: more than 30 years ago is no child's date, but the ID parsing itself is fine
    assert row.child["id_number"] == "11010519491231002X"
    assert (row.child["birth_date"], row.child["gender"]) == (dt.date(1949, 12, 31), "female")
    number = "430124201603041029"  # a girl born 2016-03-04 (tests/data/rosters/source.py)
    assert idcard.parse(number).check_ok
    row = core.check_row(
        2,
        {"name": "乙", "id_number": number, "birth_date": "2016-03-05", "gender": "男"},
        TODAY,
    )
    assert [k for k, _ in row.problems] == ["roster.warn.id_birth", "roster.warn.id_gender"]
    assert row.child["birth_date"] == dt.date(2016, 3, 5)  # the column's value stays
    assert row.errors == [] and row.status == core.NEW
    typo = number[:-1] + ("0" if number[-1] != "0" else "1")
    row = core.check_row(2, {"name": "丙", "id_number": typo}, TODAY)
    assert [k for k, _ in row.problems] == ["roster.warn.id_check"]
    assert "id_number" not in row.child and "birth_date" not in row.child
    assert typo not in row.messages("zh")[0]  # the number is masked in the sentence


# --- the matching rule, case by case -----------------------------------------------------------

BORN = dt.date(2016, 3, 4)


def test_rule_1_id_numbers_decide_when_both_have_one():
    a = identity("李小花", "430124201603041029", BORN, "一班")
    assert compare(a, identity("李晓花", "430124201603041029")).same is True  # name corrected
    v = compare(a, identity("李小花", "430124201603041037", BORN, "一班"))
    assert (v.same, v.rule) == (False, "id")  # same name, birth and class: another child
    assert compare(a, identity("李小花", "", BORN)).rule == "birth"  # one side has none


def test_rule_2_then_3_name_and_birth_date():
    a = identity("李小花", "", BORN)
    assert compare(a, identity("李 小花", "", BORN)).same is True  # spaces ignored
    assert compare(a, identity("李小花", "", dt.date(2016, 3, 5))).same is False
    assert compare(a, identity("王明", "", BORN)).same is False


def test_rule_4_name_and_class_when_a_birth_date_is_missing():
    a = identity("李小花", "", None, "三年级二班")
    assert compare(a, identity("李小花", "", BORN, "三年级 二班")).same is True
    assert compare(a, identity("李小花", "", None, "三年级一班")).same is False


def test_rule_5_name_and_guardians_phone():
    a = identity("李小花", phones=["+86 138-1234-5678"])
    assert compare(a, identity("李小花", phones=["13812345678", "13900000000"])).same is True
    assert compare(a, identity("李小花", phones=["13900000000"])).same is False


def test_rule_6_only_the_name_could_match():
    v = compare(identity("李小花"), identity("李小花", "", BORN))
    assert (v.same, v.rule) == (None, "name")


def test_match_against_a_list():
    kids = {
        "a": identity("李小花", "", BORN, "一班"),
        "b": identity("李小花", "", dt.date(2015, 1, 1), "二班"),
        "c": identity("王明", "", None, "一班"),
        "d": identity("王明", "", None, "二班"),
    }
    assert match(identity("李小花", "", BORN), kids).child_id == "a"
    m = match(identity("李小花"), kids)  # only a name: either could be; she chooses
    assert m.child_id is None and set(m.candidates) == {"a", "b"} and m.needs_choice
    assert match(identity("王明", "", None, "三班"), kids).is_new
    # one decided the same outweighs names that only could match
    kids["e"] = identity("王明")
    assert match(identity("王明", "", None, "一班"), kids).child_id == "c"
    # several decided the same: she chooses between them
    twins = {"x": identity("张三", "", BORN), "y": identity("张三", "", BORN)}
    assert set(match(identity("张三", "", BORN), twins).candidates) == {"x", "y"}
    index = Index(twins)
    index.add("z", Identity("张三", "430124201603041029"))
    assert match(identity("张四", "430124201603041029"), index).child_id == "z"


# --- composite cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "father", "mother"),
    [
        ("父：李强 母：张秀英", "李强", "张秀英"),
        ("父亲:李强；母亲:张秀英", "李强", "张秀英"),
        ("李强/张秀英", "李强", "张秀英"),
        ("李强、张秀英", "李强", "张秀英"),
        ("李强 张秀英", "李强", "张秀英"),
        ("母：张秀英", "", "张秀英"),
    ],
)
def test_parents_names_in_one_cell(text, father, mother):
    got = roster_split.split_names(text)
    assert (got.father, got.mother, got.problems) == (father, mother, [])


def test_one_unlabelled_name_is_not_guessed():
    got = roster_split.split_names("李强")
    assert (got.father, got.mother) == ("", "")
    assert got.problems[0][0] == "roster.warn.parents_unclear"


def test_phones_and_work_places_for_both_parents():
    names = roster_split.Parents("李强", "张秀英")
    got = roster_split.split_for_parents("13800001111/13900002222", names, "phone")
    assert (got.father, got.mother) == ("13800001111", "13900002222")
    got = roster_split.split_for_parents("母13900002222 父13800001111", names, "phone")
    assert (got.father, got.mother) == ("13800001111", "13900002222")
    got = roster_split.split_for_parents("广东东莞", names, "work")
    assert (got.father, got.mother) == ("广东东莞", "广东东莞")  # one place for both
    got = roster_split.split_for_parents("13800001111", names, "phone")  # whose?
    assert (got.father, got.mother) == ("", "")
    assert got.problems[0][0] == "roster.warn.parents_phone_unclear"
    only_mother = roster_split.Parents("", "张秀英")
    got = roster_split.split_for_parents("13900002222", only_mother, "phone")
    assert (got.father, got.mother) == ("", "13900002222")


def test_support_categories_in_one_cell():
    ids, unknown = roster_split.split_categories("贫困；学困、重点关注/心理 单亲 留守儿童")
    assert ids == ["poor", "learning_difficulty", "key_target", "psychological"]
    assert unknown == ["单亲"]
    row = core.check_row(2, {"name": "甲", "categories": "建档立卡，单亲"}, TODAY)
    assert row.child["categories"] == ["poor"]
    assert row.problems == [("roster.warn.unknown_category", {"value": "单亲"})]


def test_composite_row_gives_each_parent_their_own():
    row = core.check_row(
        2,
        {
            "name": "赵雨",
            "guardian_name": "周婆婆",
            "guardian_relationship": "外婆",
            "guardian_phone": "13811112222",
            "parents_name": "父：赵刚 母：周丽",
            "parents_phone": "13922223333/13633334444",
            "parents_work": "广东东莞",
        },
        TODAY,
    )
    assert [(c["role"], c["name"], c["phones"], c.get("work_city")) for c in row.contacts] == [
        ("grandparent", "周婆婆", ["13811112222"], None),
        ("father", "赵刚", ["13922223333"], "广东东莞"),
        ("mother", "周丽", ["13633334444"], "广东东莞"),
    ]


# --- the relationship describes the guardian ---------------------------------------------------


@pytest.mark.parametrize(
    ("relationship", "role"),
    [
        ("外婆", "grandparent"),
        ("祖孙", "grandparent"),
        ("外孙女", "grandparent"),  # written from the child's side
        ("叔侄", "relative"),
        ("姑姑", "relative"),
        ("邻居", "other_guardian"),
    ],
)
def test_relationship_goes_to_the_guardian_never_to_a_parent(relationship, role):
    row = core.check_row(
        2,
        {
            "name": "甲",
            "guardian_name": "周婆婆",
            "guardian_relationship": relationship,
            "father_name": "赵刚",
            "mother_name": "周丽",
        },
        TODAY,
    )
    roles = {c["name"]: (c["role"], c["relationship"]) for c in row.contacts}
    assert roles == {
        "周婆婆": (role, relationship),
        "赵刚": ("father", "父亲"),
        "周丽": ("mother", "母亲"),
    }


def test_a_guardian_who_is_the_father_is_one_contact_and_another_name_is_not_a_father():
    same = core.check_row(
        2,
        {
            "name": "甲",
            "guardian_name": "孙建国",
            "guardian_relationship": "父亲",
            "guardian_phone": "13877778888",
            "father_name": "孙建国",
        },
        TODAY,
    )
    assert [(c["role"], c["name"], c["is_primary"]) for c in same.contacts] == [
        ("father", "孙建国", True)
    ]
    other = core.check_row(
        2,
        {
            "name": "甲",
            "guardian_name": "周婆婆",
            "guardian_relationship": "父亲",  # a mistake in the roster: she is not the father
            "father_name": "赵刚",
        },
        TODAY,
    )
    assert [(c["role"], c["name"]) for c in other.contacts] == [
        ("other_guardian", "周婆婆"),
        ("father", "赵刚"),
    ]
    assert other.problems[0][0] == "roster.warn.guardian_parent"


def test_a_bare_relationship_column_without_a_guardian_is_asked_about():
    rows = [["姓名", "父亲姓名", "关系"], ["甲", "赵刚", "外婆"]]
    lay = layout("", rows)
    column = lay.columns[2]
    assert (column.field, column.question) == ("", "roster.map.ask_relationship")
    with_guardian = layout("", [["姓名", "监护人", "关系"], ["甲", "周婆婆", "外婆"]])
    assert with_guardian.columns[2].field == "guardian_relationship"


# --- headers -----------------------------------------------------------------------------------


def test_two_row_header_with_group_cells_written_once():
    rows = [
        ["三年级留守儿童花名册", "", "", "", "", ""],
        ["序号", "姓名", "父亲", "", "监护人", ""],
        ["", "", "姓名", "电话", "姓名", "与学生关系"],
        ["1", "甲", "赵刚", "13922223333", "周婆婆", "外婆"],
    ]
    header_rows, cells = find_header(rows)
    assert header_rows == (1, 2)
    assert [f for _h, _k, f in cells] == [
        None,
        "name",
        "father_name",
        "father_phone",
        "guardian_name",
        "guardian_relationship",
    ]
    assert cells[3][0] == "父亲 · 电话"


def test_merged_cells_tell_a_group_from_a_section():
    rows = [
        ["姓名", "父亲", "", "联系电话"],
        ["", "姓名", "电话", ""],
        ["甲", "赵刚", "139", "138"],
    ]
    merged = [((0, 0), (1, 0)), ((0, 1), (0, 2)), ((0, 3), (1, 3))]
    _rows, cells = find_header(rows, merged)
    assert [f for _h, _k, f in cells] == ["name", "father_name", "father_phone", "guardian_phone"]


def test_header_words_line_breaks_and_full_width():
    lay = layout(
        "",
        [
            ["学生\n姓名", "性　别", "出生年月", "身份证号码\n（18位）", "ＩＤ", "学籍号", "备注"],
            ["甲", "女", "2016-03-04", "430124201603041029", "", "G1", ""],
        ],
    )
    assert [c.field for c in lay.columns] == [
        "name",
        "gender",
        "birth_date",
        "id_number",
        "",
        "",
        "",
    ]
    assert [c.header for c in lay.unmapped_with_data()] == ["学籍号"]  # 备注 has no data


def test_overrides_by_header_or_letter_and_field_names():
    lay = layout("", [["姓名", "出生年月", "备注"], ["甲", "2016-03-04", "x"]])
    assert field_named("出生日期") == "birth_date"
    assert field_named("Father's phone") == "father_phone"
    assert field_named("忽略") == ""
    (changed,) = apply_overrides([lay], [("出生年月", "ignore"), ("C", "interests")])
    assert [c.field for c in changed.columns] == ["name", "", "interests"]
    with pytest.raises(core.MentorError) as err:
        apply_overrides([lay], [("没有这列", "name")])
    assert err.value.key == "err.roster_map_header"
    with pytest.raises(core.MentorError) as err:
        field_named("鞋码")
    assert err.value.key == "err.roster_map_field"


def test_the_class_comes_from_the_sheet_name_in_a_workbook_of_classes():
    rows = [["姓名"], ["甲"]]
    assert layout("三年级二班", rows, several=True).class_from_sheet == "三年级二班"
    assert layout("Sheet1", rows, several=True).class_from_sheet == ""
    assert layout("三年级二班", rows, several=False).class_from_sheet == ""
    roster = core.parse_sheets([(layout("三年级二班", rows, several=True), rows)], TODAY)
    assert roster.rows[0].child["class_name"] == "三年级二班"


# --- warnings are not errors --------------------------------------------------------------------


def test_a_bad_optional_value_is_a_warning_a_missing_name_an_error():
    row = core.check_row(
        2,
        {
            "name": "甲",
            "birth_date": "2016-13-01",
            "gender": "未知",
            "guardian_name": "周婆婆",
            "guardian_phone": "12345",
        },
        TODAY,
    )
    assert row.errors == [] and len(row.warnings) == 3
    assert row.status == core.NEW
    assert row.importable(with_warnings=True) and not row.importable(with_warnings=False)
    assert "birth_date" not in row.child and "gender" not in row.child
    assert row.contacts[0]["phones"] == []  # the guardian kept, without the bad number
    nameless = core.check_row(3, {"gender": "女"}, TODAY)
    assert nameless.status == core.ERROR and not nameless.importable(with_warnings=True)


def test_id_numbers_in_the_mapping_samples_are_masked():
    lay = layout(
        "", [["姓名", "身份证号", "学籍号"], ["甲", "430124201603041029", "G430124201603041029"]]
    )
    assert lay.columns[1].samples == ("430***********1029",)
    assert lay.columns[2].samples == ("G430***********1029",)
