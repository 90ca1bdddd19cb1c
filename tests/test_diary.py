"""The term diary: every format opened with its own reader (python-docx, an HTML parser, plain
text for Markdown); the children, the term's entries and only those, the duty engine's numbers,
minimum scope and masking, the protected Word file."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import docx
import msoffcrypto
import pytest
from docx.opc.exceptions import PackageNotFoundError
from msoffcrypto.exceptions import InvalidKeyError

from mentor_tui.core.demo_data import generate
from mentor_tui.core.diary_model import SUMMARY_KINDS, Options
from mentor_tui.db import children as children_db, entries as entries_db, reports
from mentor_tui.db.demo import load_into
from mentor_tui.db.duty_data import compute_view
from mentor_tui.db.settings import audit_log, set_setting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(vault):
    """Four children, two school years of entries, a risk note and sensitive fields on one."""
    load_into(vault, generate(children=4, years=2, seed=11, today=TODAY))
    set_setting(vault, "teacher_name", "王老师")
    kids = children_db.list_children(vault)
    first = kids[0]
    children_db.update_child(
        vault,
        first.id,
        categories=["psychological"],
        health_notes="HEALTHMARK 哮喘",
        psych_notes="PSYCHMARK 焦虑",
    )
    entries_db.log_entry(
        vault,
        first.id,
        "risk_note",
        dt.date(2026, 11, 2),
        text="RISKMARK 疑似家暴",
        card={"observed": "OBSMARK"},
    )
    term = reports.resolve_term(vault, None, TODAY)
    assert term.start <= TODAY <= term.end
    return vault, term, kids


def _expected(vault, term, kids, sensitive=False):
    """Term entries per child straight from the vault (the model's own query is not used)."""
    ids = {k.id for k in kids}
    out = [e for e in entries_db.entries_between(vault, term.start, term.end) if e.child_id in ids]
    return [e for e in out if sensitive or e.kind != "risk_note"]


def _engine_cells(vault, term, kids):
    """name -> the summary cells the duty engine implies ("done/required" per kind, %)."""
    view = compute_view(vault, min(TODAY, term.end))
    kinds = {d.id: d.kind for d in view.policy.duties}
    out = {}
    for k in kids:
        per = {kind: [0, 0] for kind in SUMMARY_KINDS}
        for s in view.statuses:
            if s.child_id == k.id and kinds[s.duty_id] in per:
                per[kinds[s.duty_id]][0] += s.done_this_term
                per[kinds[s.duty_id]][1] += s.required_this_term
        done = sum(v[0] for v in per.values())
        req = sum(v[1] for v in per.values())
        out[k.name] = [f"{d}/{r}" for d, r in per.values()] + [f"{100 * done // req}%"]
    return out


class _Tree(HTMLParser):
    """A minimal DOM: (tag, attrs, children, text) for checking structure and text."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.root = {"tag": "root", "attrs": {}, "kids": [], "text": []}
        self.stack = [self.root]
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "kids": [], "text": []}
        self.stack[-1]["kids"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert self.stack[-1]["tag"] == tag, (self.stack[-1]["tag"], tag)
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1]["text"].append(data)


def _find(node, tag=None, cls=None):
    for k in node["kids"]:
        if (tag is None or k["tag"] == tag) and (
            cls is None or cls in k["attrs"].get("class", "").split()
        ):
            yield k
        yield from _find(k, tag, cls)


def _text(node) -> str:
    return "".join(node["text"]) + "".join(_text(k) for k in node["kids"])


def _export(vault, tmp_path, fmt, term, opts=Options(), **kw):
    path = tmp_path / "out" / f"diary.{fmt}"
    result = reports.export_diary(vault, path, fmt, term, opts, TODAY, **kw)
    return path, result


def test_html_holds_the_children_the_term_entries_and_the_engine_numbers(demo, tmp_path):
    vault, term, kids = demo
    path, result = _export(vault, tmp_path, "html", term)
    tree = _Tree(path.read_text(encoding="utf-8"))
    sections = list(_find(tree.root, "section", "child"))
    assert [_text(next(_find(s, "h2"))) for s in sections] == [
        f"{k.name}（{k.class_name}）" for k in kids
    ]
    expected = _expected(vault, term, kids)
    entries = list(_find(tree.root, "div", "entry"))
    assert len(entries) == len(expected) == result.entries
    # in date order within each child, and every date inside the term
    for s, k in zip(sections, kids):
        own = [e for e in expected if e.child_id == k.id]
        assert len(list(_find(s, "div", "entry"))) == len(own)
    dates = [
        re.match(r"(\d+)年(\d+)月(\d+)日", _text(next(_find(e, "h4")))).groups() for e in entries
    ]
    assert all(term.start <= dt.date(*map(int, d)) <= term.end for d in dates)
    table = next(_find(tree.root, "table", "summary"))
    rows = [[_text(td) for td in _find(tr, "td")] for tr in _find(table, "tr")][1:]
    engine = _engine_cells(vault, term, kids)
    assert {r[0]: r[2:] for r in rows} == engine
    body = _text(tree.root)
    for marker in ("RISKMARK", "OBSMARK", "HEALTHMARK", "PSYCHMARK", "心理问题"):
        assert marker not in body


def test_entries_outside_the_term_are_left_out(demo, tmp_path):
    vault, term, kids = demo
    entries_db.log_entry(
        vault, kids[1].id, "talk", term.start - dt.timedelta(days=1), text="BEFOREMARK"
    )
    entries_db.log_entry(vault, kids[1].id, "talk", term.start, text="FIRSTDAYMARK")
    path, _ = _export(vault, tmp_path, "md", term)
    text = path.read_text(encoding="utf-8")
    assert "BEFOREMARK" not in text
    assert "FIRSTDAYMARK" in text
    assert text.count("\n#### ") == len(_expected(vault, term, kids))


def test_sensitive_notes_only_when_asked_and_the_choice_is_audited(demo, tmp_path):
    vault, term, _ = demo
    path, _ = _export(vault, tmp_path, "md", term, Options(include_sensitive=True))
    text = path.read_text(encoding="utf-8")
    for marker in ("RISKMARK", "OBSMARK", "HEALTHMARK", "PSYCHMARK", "心理问题"):
        assert marker in text
    path2, _ = _export(vault, tmp_path, "md", term, Options(mask_phones=True))
    assert "RISKMARK" not in path2.read_text(encoding="utf-8")
    events = [(a.event, a.counts) for a in audit_log(vault) if a.event.startswith("export.")]
    assert events[-2][0] == "export.diary.md" and events[-2][1]["sensitive"] == 1
    assert events[-1][1]["sensitive"] == 0 and events[-1][1]["masked_phones"] == 1
    assert all(isinstance(v, int) for _, c in events for v in c.values())  # counts only


def test_masked_phones_are_masked_everywhere(demo, tmp_path):
    vault, term, kids = demo
    phones = [p for k in kids for c in children_db.contacts_of(vault, k.id) for p in c.phones]
    assert phones
    for fmt in ("md", "html"):
        path, _ = _export(vault, tmp_path, fmt, term, Options(mask_phones=True))
        text = path.read_text(encoding="utf-8")
        star = "\\*" if fmt == "md" else "*"  # Markdown escapes the stars
        for p in phones:
            assert p not in text
            assert f"{p[:3]}{star * 4}{p[-4:]}" in text
    path, _ = _export(vault, tmp_path, "md", term)
    assert all(p in path.read_text(encoding="utf-8") for p in phones)


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


def test_word_diary_layout_numbers_and_entries(demo, tmp_path):
    vault, term, kids = demo
    path, result = _export(vault, tmp_path, "docx", term, Options(lang="en"))
    assert result.plaintext
    document = docx.Document(str(path))
    sec = document.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    h1 = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in h1[1:]] == [f"{k.name} ({k.class_name})" for k in kids]
    assert all(p.paragraph_format.page_break_before for p in h1)
    h3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert len(h3) == len(_expected(vault, term, kids))
    assert all(re.match(r"\d{1,2} [A-Z][a-z]{2} \d{4} · ", h) for h in h3)  # English dates
    summary = document.tables[1]
    header = [c.text for c in summary.rows[0].cells]
    assert header == [
        "Name",
        "Class",
        "Talk",
        "Home visit",
        "Parent call",
        "Guardian contact",
        "Completion",
    ]
    got = {row.cells[0].text: [c.text for c in row.cells[2:]] for row in summary.rows[1:]}
    assert got == _engine_cells(vault, term, kids)
    assert "RISKMARK" not in _docx_text(document)


def test_protected_word_needs_the_password(demo, tmp_path):
    vault, term, kids = demo
    path, result = _export(vault, tmp_path, "docx", term, password="s3cret-pw")
    assert not result.plaintext
    raw = path.read_bytes()
    assert not raw.startswith(b"PK")  # not a plain zip package
    assert kids[0].name.encode("utf-8") not in raw
    with pytest.raises(PackageNotFoundError):
        docx.Document(str(path))
    office = msoffcrypto.OfficeFile(io.BytesIO(raw))
    assert office.is_encrypted()
    with pytest.raises(InvalidKeyError):
        office.load_key(password="wrong-password")
        office.decrypt(io.BytesIO())
    office = msoffcrypto.OfficeFile(io.BytesIO(raw))
    office.load_key(password="s3cret-pw")
    plain = io.BytesIO()
    office.decrypt(plain)
    text = _docx_text(docx.Document(plain))
    assert all(k.name in text for k in kids)
    assert [a.counts["protected"] for a in audit_log(vault) if a.event == "export.diary.docx"] == [
        1
    ]


def test_one_child_only_and_hostile_names_stay_literal(demo, tmp_path):
    vault, term, kids = demo
    hostile = '<script>alert(1)</script> **x** | # [a](b) & "q"'
    children_db.update_child(vault, kids[2].id, name="Evil" + hostile[:30])
    entries_db.log_entry(
        vault,
        kids[2].id,
        "talk",
        dt.date(2026, 11, 20),
        card={"child_said": "# not a heading\n<b>not bold</b> | pipe"},
    )
    name = "Evil" + hostile[:30]
    path, result = _export(vault, tmp_path, "html", term, names=[name])
    assert result.children == 1
    raw = path.read_text(encoding="utf-8")
    assert "<script>" not in raw and "<b>not bold" not in raw
    tree = _Tree(raw)
    assert [_text(next(_find(s, "h2"))) for s in _find(tree.root, "section", "child")] == [
        f"{name}（{kids[2].class_name}）"
    ]
    assert "<b>not bold</b> | pipe" in _text(tree.root)
    md, _ = _export(vault, tmp_path, "md", term, names=[kids[2].id])
    lines = md.read_text(encoding="utf-8").splitlines()
    assert "\\# not a heading" in "\n".join(lines)
    assert not any(line.startswith("# not") for line in lines)
    assert "\\<b\\>not bold\\</b\\> \\| pipe" in "\n".join(lines)
    wd, _ = _export(vault, tmp_path, "docx", term, names=[name])
    assert "<b>not bold</b> | pipe" in _docx_text(docx.Document(str(wd)))


def test_files_are_private_and_no_temp_files_remain(demo, tmp_path):
    vault, term, _ = demo
    path, _ = _export(vault, tmp_path, "html", term)
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["diary.html"]


SPRING = ("2026年春季学期", dt.date(2026, 3, 2), dt.date(2026, 7, 10))
DEC_1 = dt.date(2026, 12, 1)


def _md_sections(text: str) -> dict[str, dict[str, list[str]]]:
    """child heading -> {### heading: its lines}, from the Markdown the teacher reads."""
    out: dict[str, dict[str, list[str]]] = {}
    child = sub = None
    for line in text.splitlines():
        if line.startswith("## "):
            child, sub = line[3:], None
            out[child] = {}
        elif line.startswith("### ") and child is not None:
            sub = line[4:]
            out[child][sub] = []
        elif child is not None and sub is not None and line.strip() not in ("", "---"):
            out[child][sub].append(line)
    return out


def test_previous_term_content_in_markdown(vault, tmp_path):
    """Spring 2026 exported on 1 Dec 2026 (the autumn term is current): the term summary card's
    text, the unreachable call's and the skipped visit's outcomes and reason, date order."""
    from mentor_tui.db.settings import add_term

    add_term(vault, *SPRING)
    add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
    a = children_db.add_child(
        vault, "周小雨", added_on=dt.date(2026, 2, 20), class_name="三年级二班"
    )
    b = children_db.add_child(vault, "吴明", added_on=dt.date(2026, 2, 20), class_name="三年级二班")
    log = entries_db.log_entry
    # logged out of date order on purpose
    log(vault, a, "talk", dt.date(2026, 5, 20), text="五月谈心")
    log(
        vault,
        a,
        "parent_call",
        dt.date(2026, 3, 10),
        outcome="attempted_unreachable",
        card={"called_whom": "父亲"},
        text="电话没人接",
    )
    log(
        vault,
        a,
        "home_visit",
        dt.date(2026, 4, 8),
        outcome="skipped",
        skip_reason="家里没人，下周再去",
    )
    log(
        vault,
        a,
        "term_summary",
        dt.date(2026, 7, 3),
        card={"progress": "数学进步很大", "problems": "作业拖拉", "next_term": "每周读一本书"},
    )
    log(vault, a, "talk", dt.date(2026, 3, 4), text="三月谈心")
    log(vault, a, "talk", dt.date(2026, 9, 15), text="秋季谈心")  # next term: left out
    log(vault, b, "guardian_contact", dt.date(2026, 6, 1))
    log(vault, b, "talk", dt.date(2026, 3, 20))
    term = reports.resolve_term(vault, SPRING[0], DEC_1)
    assert (term.start, term.end) == SPRING[1:]
    assert reports.resolve_term(vault, None, DEC_1).name == "2026年秋季学期"
    path = tmp_path / "spring.md"
    result = reports.export_diary(vault, path, "md", term, Options(), DEC_1)
    text = path.read_text(encoding="utf-8")
    assert result.entries == 7 and "秋季谈心" not in text
    sections = _md_sections(text)
    zhou, wu = sections["周小雨（三年级二班）"], sections["吴明（三年级二班）"]
    summary = "\n".join(zhou["期末总结"])
    assert summary.startswith("#### 2026年7月3日 · 期末总结 · 已完成")
    for line in (
        "- 进步情况：数学进步很大",
        "- 发现的问题：作业拖拉",
        "- 下学期打算：每周读一本书",
    ):
        assert line in zhou["期末总结"]
    assert wu["期末总结"] == ["（无）"]
    records = zhou["本学期帮扶记录"]
    call = records.index("#### 2026年3月10日 · 家长电话 · 未联系上")
    assert records[call + 1 : call + 3] == ["- 通话对象：父亲", "- 记录：电话没人接"]
    visit = records.index("#### 2026年4月8日 · 家访 · 未进行")
    assert records[visit + 1] == "- 未进行的原因：家里没人，下周再去"
    for own, count in ((records, 4), (wu["本学期帮扶记录"], 2)):
        days = [
            dt.date(*map(int, re.match(r"#### (\d+)年(\d+)月(\d+)日", line).groups()))
            for line in own
            if line.startswith("#### ")
        ]
        assert len(days) == count and days == sorted(days)
        assert all(SPRING[1] <= d <= SPRING[2] for d in days)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_failed_replace_keeps_the_old_file_and_leaves_no_temp(demo, tmp_path, monkeypatch, fmt):
    """os.replace fails (the stick pulled, a read-only folder): the previous export is intact,
    no .part file is left beside it, nothing is audited, and one clear MentorError is raised."""
    import os

    from mentor_tui.core.errors import MentorError
    from mentor_tui.core.i18n import t

    vault, term, kids = demo
    path, _ = _export(vault, tmp_path, fmt, term)
    before = path.read_bytes()
    events = len(audit_log(vault))
    entries_db.log_entry(vault, kids[0].id, "talk", TODAY, text="NEWMARK")
    calls = []

    def refuse(src, dst):
        calls.append((src, dst))
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(MentorError) as err:
        _export(vault, tmp_path, fmt, term, password="s3cret-pw" if fmt == "docx" else None)
    monkeypatch.undo()
    assert calls and str(calls[0][1]) == str(path)
    assert err.value.key == "err.export_write"
    assert str(err.value) == t("err.export_write", path=str(path), detail="Permission denied")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no .tmp-*.part
    assert len(audit_log(vault)) == events
