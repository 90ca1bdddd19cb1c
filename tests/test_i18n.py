import re
import string

from mentor_tui.core import i18n, vocab


def _fields(s):
    return sorted({f for _, f, _, _ in string.Formatter().parse(s) if f})


def test_every_message_has_both_languages_and_same_placeholders():
    cat = i18n.catalog()
    assert len(cat) > 50
    for key, (zh, en) in cat.items():
        if key == "gender.":
            continue
        assert zh and en, key
        assert _fields(zh) == _fields(en), key


def test_vocab_labels_exist():
    cat = i18n.catalog()
    for k in vocab.ENTRY_KINDS:
        assert f"kind.{k}" in cat
    for o in vocab.OUTCOMES:
        assert f"outcome.{o}" in cat
    for r in vocab.CONTACT_ROLES:
        assert f"role.{r}" in cat


def test_every_registry_entry_has_zh_and_en_labels_in_the_catalog():
    """Kinds, their columns and card fields, outcomes, roles, categories, genders, statuses: a
    Chinese and an English label each, and the catalog key derived from it says the same."""
    cat = i18n.catalog()
    seen = set()
    for key, label in vocab.labels():
        if key == "gender.":
            continue  # a gender not given is shown as nothing
        assert re.search(r"[\u4e00-\u9fff]", label.zh), key
        assert label.en.strip() and not re.search(r"[\u4e00-\u9fff]", label.en), key
        assert cat[key] == (label.zh, label.en), key
        seen.add(key.split(".")[0])
    assert seen == {
        "kind",
        "col",
        "card",
        "docs",
        "outcome",
        "role",
        "category",
        "gender",
        "status",
    }


def test_language_switch_and_detection():
    i18n.set_language("en")
    assert i18n.t("err.wrong_passphrase").startswith("Wrong")
    i18n.set_language("zh")
    assert re.search(r"[\u4e00-\u9fff]", i18n.t("err.wrong_passphrase"))
    assert i18n.detect_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.detect_language({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.detect_language({"LANG": "C"}) == "en"
    assert i18n.t("err.passphrase_short", n=8).count("8") == 1
