"""``mentor export diary|ledger|cards`` as whole processes: passwords from stdin (never argv), the
plaintext warning once on stderr, files in the exports folder, the progress bar helper."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import docx
import msoffcrypto

from mentor_tui.core.demo_data import generate
from mentor_tui.db.demo import load_into
from mentor_tui.docs_out.progress import TextProgress, bar

TODAY = dt.date(2026, 11, 23)


def _run(*args, stdin):
    env = {**os.environ, "LANG": "zh_CN.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_export_commands(vault, paths, passphrase, tmp_path):
    load_into(vault, generate(children=3, years=1, seed=4, today=TODAY))
    vault.close()
    md = tmp_path / "d.md"
    out = _run(
        "export",
        "diary",
        "--format",
        "md",
        "--out",
        str(md),
        "--date",
        "2026-11-23",
        "--passphrase-stdin",
        stdin=passphrase + "\n",
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.count("没有加密") == 1  # the plaintext warning, once
    assert str(md) in out.stdout and md.read_text(encoding="utf-8").startswith("# 留守儿童")

    out = _run(
        "export",
        "diary",
        "--date",
        "2026-11-23",
        "--lang",
        "en",
        "--passphrase-stdin",
        stdin=f"{passphrase}\nword-pass-1\n",
    )
    assert out.returncode == 0, out.stderr
    assert "没有加密" not in out.stderr and "not encrypted" not in out.stderr
    written = list(paths.exports_dir.glob("*.docx"))
    assert len(written) == 1 and written[0].stat().st_mode & 0o777 == 0o600
    assert "word-pass-1" not in out.stdout + out.stderr
    office = msoffcrypto.OfficeFile(io.BytesIO(written[0].read_bytes()))
    office.load_key(password="word-pass-1")
    plain = io.BytesIO()
    office.decrypt(plain)
    assert docx.Document(plain).paragraphs[0].text == "Mentoring record of left-behind children"

    short = _run("export", "cards", "--passphrase-stdin", stdin=f"{passphrase}\nabc\n")
    assert short.returncode == 2 and "6" in short.stderr and "Traceback" not in short.stderr

    led = tmp_path / "l.csv"
    out = _run(
        "export",
        "ledger",
        "--format",
        "csv",
        "--out",
        str(led),
        "--mask-phones",
        "--date",
        "2026-11-23",
        "--passphrase-stdin",
        stdin=passphrase + "\n",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count(str(tmp_path)) == 2  # the children file and the monthly file

    book = tmp_path / "l.xlsx"  # Excel is protected by default, like Word (issue 14 item 5)
    out = _run(
        "export",
        "ledger",
        "--out",
        str(book),
        "--date",
        "2026-11-23",
        "--passphrase-stdin",
        stdin=f"{passphrase}\nexcel-pass-1\nexcel-pass-1\n",
    )
    assert out.returncode == 0, out.stderr
    assert "没有加密" not in out.stderr and "not encrypted" not in out.stderr
    raw = book.read_bytes()
    assert not raw.startswith(b"PK") and msoffcrypto.OfficeFile(io.BytesIO(raw)).is_encrypted()
    office = msoffcrypto.OfficeFile(io.BytesIO(raw))
    office.load_key(password="excel-pass-1")
    plain = io.BytesIO()
    office.decrypt(plain)
    assert plain.getvalue().startswith(b"PK")  # the workbook inside
    unknown = _run(
        "export", "diary", "--term", "1999年秋季学期", "--passphrase-stdin", stdin=passphrase + "\n"
    )
    assert unknown.returncode == 2 and "1999年秋季学期" in unknown.stderr


def test_progress_bar_only_after_a_second():
    now = [0.0]
    stream = io.StringIO()
    p = TextProgress(stream, clock=lambda: now[0])
    p(1, 10)
    assert stream.getvalue() == ""  # quick jobs draw nothing
    now[0] = 1.5
    p(5, 10)
    now[0] = 1.55
    p(6, 10)  # throttled
    now[0] = 2.0
    p(10, 10)
    p.close()
    lines = stream.getvalue()
    assert lines.count("\r") == 2 and lines.endswith("10/10 100%\n")
    assert bar(3, 4, width=8) == "[######..] 3/4  75%"


def test_child_option(vault, passphrase, tmp_path):
    """``--child`` (a name on standard input) and ``--child-id``: only those two children's
    sections and summary rows, in list order; no name in argv."""
    from mentor_tui.db import children as children_db

    load_into(vault, generate(children=4, years=1, seed=8, today=TODAY))
    kids = children_db.list_children(vault)
    wanted, others = [kids[2], kids[0]], [kids[1], kids[3]]
    vault.close()
    md = tmp_path / "d.md"
    out = _run(
        "export",
        "diary",
        "--format",
        "md",
        "--out",
        str(md),
        "--date",
        "2026-11-23",
        "--child",
        "--child-id",
        wanted[1].id,
        "--passphrase-stdin",
        stdin=passphrase + "\n" + json.dumps({"children": [wanted[0].name]}) + "\n",
    )
    assert out.returncode == 0, out.stderr
    lines = md.read_text(encoding="utf-8").splitlines()
    sections = [line[3:] for line in lines if line.startswith("## ")][1:]  # after the summary
    assert sections == [f"{k.name}（{k.class_name}）" for k in (kids[0], kids[2])]
    summary = [
        line.split(" | ")[0].lstrip("| ")
        for line in lines
        if line.startswith("| ") and not line.startswith(("| 姓名", "| ---"))
    ]
    assert summary == [kids[0].name, kids[2].name]
    text = "\n".join(lines)
    assert not any(k.name in text for k in others)
    unknown = _run(
        "export",
        "diary",
        "--format",
        "md",
        "--out",
        str(tmp_path / "x.md"),
        "--child",
        "--passphrase-stdin",
        stdin=passphrase + "\n" + json.dumps({"children": ["没有这个人"]}) + "\n",
    )
    assert unknown.returncode == 2 and "没有这个人" in unknown.stderr
    assert not (tmp_path / "x.md").exists()
