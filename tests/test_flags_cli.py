"""`mentor flag …` in-process through cli.main, on a real vault (passphrase on stdin)."""

import datetime as dt
import io
import json
import sys

import docx
import msoffcrypto
import pytest

from mentor_tui.cli import main
from mentor_tui.db import flags as db
from mentor_tui.db.children import add_child
from mentor_tui.db.profiles import pick_profile
from mentor_tui.db.vault import open_vault


@pytest.fixture
def setup(vault, paths, passphrase, monkeypatch):
    monkeypatch.setenv("MENTOR_LANG", "zh")
    add_child(
        vault, "王小明", class_name="三年级二班", added_on=dt.date.today() - dt.timedelta(days=40)
    )
    vault.close()

    def run(*argv, stdin_lines=(), data=None):
        """``data``: the JSON object on standard input after the passphrase (names and free
        text never go in argv)."""
        body = [json.dumps(data, ensure_ascii=False)] if data is not None else []
        lines = [passphrase, *stdin_lines, *body]
        monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
        return main(["flag", *argv, "--passphrase-stdin"])

    def reopen():
        return open_vault(paths, pick_profile(paths, None), passphrase)

    return run, reopen


def test_open_step_list_resolve(setup, capsys):
    run, reopen = setup
    assert (
        run("open", "violence", data={"child": "王小明", "observed": "手臂淤青，自述被父亲打"}) == 0
    )
    out = capsys.readouterr().out
    assert "第一时间向公安机关报告" in out and "[ ]" in out
    v = reopen()
    fid = db.open_flags(v)[0].id
    v.close()
    assert run("step", fid[:8], "police_report", data={"to": "城关派出所", "receipt": "JX-1"}) == 0
    assert run("list") == 0
    out = capsys.readouterr().out
    assert "⚠" in out and "1/3 步" in out and "已报告" in out
    assert run("resolve", fid[:8]) == 2  # the reason is required
    assert "缺少“解决的原因”" in capsys.readouterr().err
    assert run("resolve", fid[:8], data={"reason": "   "}) == 2  # blank is missing too
    assert "缺少“解决的原因”" in capsys.readouterr().err
    assert run("resolve", fid[:8], data={"reason": "已移交公安，孩子由姑姑照顾"}) == 0
    v = reopen()
    assert db.get_flag(v, fid).status == "resolved"
    v.close()


def test_absent_twice_raises_and_attempts(setup, capsys):
    run, reopen = setup
    days = []
    d = dt.date.today()
    while len(days) < 2:
        if d.weekday() < 5:
            days.append(d)
        d -= dt.timedelta(days=1)
    assert run("absent", "--day", days[1].isoformat(), data={"child": "王小明"}) == 0
    assert "已开启预警" not in capsys.readouterr().out
    assert run("absent", "--day", days[0].isoformat(), data={"child": "王小明"}) == 0
    assert "连续无故旷课" in capsys.readouterr().out
    v = reopen()
    fid = db.open_flags(v)[0].id
    v.close()
    assert run("attempt", fid[:8], "failed", data={"how": "电话"}) == 0
    assert run("attempt", fid[:8], "failed", data={"how": "家访"}) == 0
    assert "需报告" in capsys.readouterr().out


def test_export_markdown_warns_once_and_docx_is_encrypted(setup, capsys, tmp_path):
    run, reopen = setup
    run("open", "harm", data={"child": "王小明", "observed": "额头缝针 *严重*"})
    v = reopen()
    fid = db.open_flags(v)[0].id
    v.close()
    run("step", fid[:8], "police_report", data={"to": "派出所", "receipt": "R-42"})
    capsys.readouterr()
    md = tmp_path / "sheet.md"
    assert run("export", fid[:8], "--format", "md", "--out", str(md)) == 0
    err = capsys.readouterr().err
    assert err.count("未加密") == 1
    text = md.read_text(encoding="utf-8")
    assert "R-42" in text and "王小明" in text and r"\*严重\*" in text
    assert "tell_family" not in text and "立即告知监护人和在外务工的家长" in text

    doc = tmp_path / "sheet.docx"
    assert run("export", fid[:8], "--out", str(doc), stdin_lines=["short"]) == 2
    assert not doc.exists()
    assert run("export", fid[:8], "--out", str(doc), stdin_lines=["词语-secret"]) == 0
    assert "未加密" not in capsys.readouterr().err
    raw = doc.read_bytes()
    assert raw[:4] == b"\xd0\xcf\x11\xe0" and "额头".encode() not in raw
    office = msoffcrypto.OfficeFile(io.BytesIO(raw))
    assert office.is_encrypted()
    office.load_key(password="词语-secret")
    plain = io.BytesIO()
    office.decrypt(plain)
    document = docx.Document(plain)
    body = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for tbl in document.tables for r in tbl.rows for c in r.cells]
    assert "额头缝针 *严重*" in body and "R-42" in body
    assert "王小明 (三年级二班)" in cells


def test_export_flag_as_the_issue_spells_it(setup, capsys, tmp_path, monkeypatch, passphrase):
    """`mentor export flag ID` (issue 7) is the same sheet as `mentor flag export ID`, with the
    timeline and who opened it; `--no-password` Word is plaintext and warned about once."""
    run, reopen = setup
    run("open", "violence", data={"child": "王小明", "observed": "手臂淤青"})
    v = reopen()
    fid = db.open_flags(v)[0].id
    opened_by = db.open_flags(v)[0].opened_by
    v.close()
    capsys.readouterr()

    def export(*argv):
        monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
        return main(["export", "flag", *argv, "--passphrase-stdin"])

    md = tmp_path / "sheet.md"
    assert export(fid[:8], "--format", "md", "--out", str(md)) == 0
    text = md.read_text(encoding="utf-8")
    assert "处理经过" in text and "开启预警" in text and "手臂淤青" in text
    assert "发现人" in text and opened_by and opened_by in text
    capsys.readouterr()
    doc = tmp_path / "plain.docx"
    assert export(fid[:8], "--no-password", "--out", str(doc)) == 0
    assert capsys.readouterr().err.count("未加密") == 1
    assert doc.read_bytes()[:2] == b"PK"  # a plain OOXML zip, not an encrypted OLE file
    assert "手臂淤青" in "\n".join(p.text for p in docx.Document(str(doc)).paragraphs)
    assert export("nosuchid", "--format", "md", "--out", str(tmp_path / "x.md")) == 2
    assert not (tmp_path / "x.md").exists()


def test_a_resolved_flag_refuses_step_attempt_and_plan_and_reopen_needs_it_resolved(setup, capsys):
    run, reopen = setup
    days, d = [], dt.date.today()
    while len(days) < 2:
        if d.weekday() < 5:
            days.append(d)
        d -= dt.timedelta(days=1)
    for day in sorted(days):
        assert run("absent", "--day", day.isoformat(), data={"child": "王小明"}) == 0
    assert run("open", "conduct", data={"child": "王小明", "observed": "多次逃课去网吧"}) == 0
    v = reopen()
    absence = next(f.id for f in db.open_flags(v) if f.category == "absence")
    conduct = next(f.id for f in db.open_flags(v) if f.category == "conduct")
    v.close()
    assert run("reopen", absence[:8]) == 2  # still open: nothing to reopen
    assert "尚未解决" in capsys.readouterr().err
    for fid in (absence, conduct):
        assert run("resolve", fid[:8], data={"reason": "已返校"}) == 0
    capsys.readouterr()
    refused = [
        (("step", absence[:8], "dropout_report"), {"to": "中心学校"}),
        (("attempt", absence[:8], "failed"), {"how": "家访"}),
        (
            ("plan", conduct[:8], "--review", "+30"),
            {"goals": "按时到校", "measures": "每周谈心", "who": "王老师"},
        ),
    ]
    for argv, data in refused:
        assert run(*argv, data=data) == 2
        err = capsys.readouterr().err
        assert "已解决" in err and "重新打开" in err and "Traceback" not in err
    v = reopen()
    try:
        assert db.get_flag(v, absence).attempts == () and db.plans_of(v) == []
        assert "dropout_report" not in db.get_flag(v, absence).checklist
    finally:
        v.close()
    assert run("reopen", absence[:8]) == 0
    assert run("attempt", absence[:8], "failed", data={"how": "家访"}) == 0
