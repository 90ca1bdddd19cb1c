"""Contact cards (联系卡): one card per active child, in Word and HTML, masked on request."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser

import docx
import msoffcrypto

from mentor_tui.core.diary_model import Options
from mentor_tui.db import children as children_db, reports

TODAY = dt.date(2026, 11, 23)


def _family(vault):
    a = children_db.add_child(
        vault,
        "李小花",
        added_on=dt.date(2026, 9, 1),
        class_name="三年级二班",
        gender="female",
        home_address="青山镇东村3组",
        health_notes="HEALTHMARK",
        categories=["poor"],
    )
    children_db.add_contact(
        vault,
        a,
        "李奶奶",
        "grandparent",
        relationship="祖母",
        phones=["13812345678"],
        is_primary=True,
    )
    children_db.add_contact(
        vault,
        a,
        "李强",
        "father",
        relationship="父亲",
        phones=["13987654321"],
        work_city="深圳",
        employer="电子厂",
    )
    b = children_db.add_child(
        vault, "王<b>明</b>", added_on=dt.date(2026, 9, 1), class_name="一年级一班"
    )
    c = children_db.add_child(vault, "张转学", added_on=dt.date(2026, 9, 1))
    children_db.archive_child(vault, c, "转学", on=dt.date(2026, 10, 1))
    return a, b


class _Cards(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cards: list[list[str]] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "card") in attrs:
            self.cards.append([])
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.cards[-1].append(data)


def test_html_cards_one_per_active_child_masked(vault, tmp_path):
    _family(vault)
    path = tmp_path / "cards.html"
    result = reports.export_cards(vault, path, "html", Options(mask_phones=True), TODAY)
    assert result.plaintext and result.children == 2
    raw = path.read_text(encoding="utf-8")
    parser = _Cards()
    parser.feed(raw)
    titles = [c[0] for c in parser.cards]
    assert titles == ["联系卡：王<b>明</b>", "联系卡：李小花"]  # list order: class, then name
    flower = parser.cards[1]
    assert "祖父母：李奶奶" in flower and "父亲：李强" in flower
    assert "138****5678" in flower and "139****4321" in flower
    assert "13812345678" not in raw and "HEALTHMARK" not in raw and "贫困" not in raw
    assert "<b>明" not in raw
    assert "@page" in raw and "A4" in raw


def test_word_cards_protected_and_sensitive_on_request(vault, tmp_path):
    _family(vault)
    path = tmp_path / "cards.docx"
    result = reports.export_cards(
        vault,
        path,
        "docx",
        Options(lang="en", include_sensitive=True),
        TODAY,
        names=["李小花"],
        password="card-pass",
    )
    assert not result.plaintext and result.children == 1
    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    office.load_key(password="card-pass")
    plain = io.BytesIO()
    office.decrypt(plain)
    document = docx.Document(plain)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Contact card: 李小花"]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "13812345678" in cells and "HEALTHMARK" in cells and "Poor" in cells
    assert "Grandparent: 李奶奶" in [p.text for p in document.paragraphs]
