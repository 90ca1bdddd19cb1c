import pytest

from mentor_tui.core.search import matches, pinyin_match


@pytest.mark.parametrize(
    "query",
    ["liming", "lm", "LM", "li", "lim", "ming", "m", "李", "李明", "li ming", "lming", "ｌｍ"],
)
def test_finds_li_ming(query):
    assert matches(query, "李明", "三年级二班")


@pytest.mark.parametrize("query", ["wf", "zw", "limin g x", "mingli", "lmx", "3"])
def test_does_not_find_li_ming(query):
    assert not matches(query, "李明", "三年级二班")


def test_class_and_empty_query():
    assert matches("三年级", "王芳", "三年级二班")
    assert matches("二班", "王芳", "三年级二班")
    assert not matches("四年级", "王芳", "三年级二班")
    assert matches("", "王芳")


def test_heteronym_surname_and_v_for_u():
    assert pinyin_match("zxh", "曾小红") and pinyin_match("cengxiaohong", "曾小红")
    assert pinyin_match("lvq", "吕强")


def test_mixed_script_and_hostile_names():
    assert matches("anna", "Anna 李")
    assert matches("al", "Anna 李")
    assert not matches("zz", "[bold]x[/bold]")
    assert matches("[bold]", "[bold]x[/bold]")
