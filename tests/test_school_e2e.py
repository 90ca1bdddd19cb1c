"""The school office end to end, in real processes (issue 19 "Done when"): the coordinator
creates the school, imports the staff sheet and the roster, pairs, writes the handovers; three
teachers, each on her own machine, join with their pick-up codes, log check-ins (an unreachable
call among them, a risk flag), write their reports; the school imports the three folders and
``mentor school status --json`` gives each teacher the expected / done / on-time sums of her own
ledger's monthly file for the same month. Importing again changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

PASS = "correct horse 正确"
TODAY = dt.date.today()
MONTH = TODAY.strftime("%Y-%m")
STAFF = "姓名,性别,任教班级\n王芳,女,三年级一班\n李强,男,三年级二班\n张敏,女,四年级一班\n"
ROSTER = (
    "姓名,性别,出生日期,班级,帮扶教师,学习帮手,监护人,监护人与学生关系,监护人电话,民族,是否建档立卡\n"
    "李明,男,2016-03-04,三年级一班,王芳,小刚,王奶奶,奶奶,13800001111,汉族,建档立卡\n"
    "赵小红,女,2016-05-06,三年级二班,,,赵爷爷,爷爷,13800002222,苗族,\n"
    "孙伟,男,2015-01-02,四年级一班,,,孙叔叔,叔叔,13800003333,汉族,低保\n"
    "周婷,女,2015-02-03,四年级一班,,,周奶奶,奶奶,13800004444,汉族,\n"
    "吴刚,男,2014-04-05,五年级一班,,,吴爷爷,爷爷,13800005555,汉族,\n"
)
EXPECTED_PAIRS = {"王芳": ["李明"], "李强": ["吴刚", "赵小红"], "张敏": ["周婷", "孙伟"]}


def mentor(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "MENTOR_"))}
    env.update(MENTOR_HOME=str(home), MENTOR_KDF="fast", MENTOR_LANG="en", LANG="en_US.UTF-8")
    out = subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
    )
    assert out.returncode == 0, f"mentor {' '.join(args)}:\n{out.stdout}\n{out.stderr}"
    return out


def python(home: Path, code: str) -> None:
    """A real process running db functions: what no CLI command does in one step here (the
    flag command's arguments are being moved to standard input by another issue)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
    env.update(MENTOR_HOME=str(home), MENTOR_KDF="fast")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=180
    )
    assert done.returncode == 0, done.stderr


def ledger_sums(home: Path, out: Path) -> tuple[int, int, int]:
    """(expected, done, on time) of MONTH in her ledger's monthly CSV file."""
    mentor(
        home,
        "export",
        "ledger",
        "--format",
        "csv",
        "--lang",
        "en",
        "--date",
        TODAY.isoformat(),
        "--out",
        str(out),
        "--passphrase-stdin",
        stdin=PASS + "\n",
    )
    months = next(p for p in out.parent.iterdir() if p.name != out.name and p.suffix == ".csv")
    with open(months, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], [r for r in rows[1:] if r[0] == MONTH]
    sums = []
    for suffix in ("(expected)", "(done)", "(on time)"):
        cols = [i for i, h in enumerate(head) if h.endswith(suffix)]
        sums.append(sum(int(r[i]) for r in body for i in cols if r[i]))
    return sums[0], sums[1], sums[2]


def test_school_office_end_to_end(tmp_path):
    school = tmp_path / "school-pc"
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    stdin = PASS + "\n"
    mentor(school, "school", "create", "城关小学", "--passphrase-stdin", stdin=stdin)
    start, end = TODAY - dt.timedelta(days=70), TODAY + dt.timedelta(days=70)
    mentor(
        school,
        "term",
        "add",
        "本学期",
        "--start",
        start.isoformat(),
        "--end",
        end.isoformat(),
        "--profile",
        "城关小学",
        "--passphrase-stdin",
        stdin=stdin,
    )
    out = mentor(
        school,
        "school",
        "teachers",
        str(tmp_path / "staff.csv"),
        "--yes",
        "--passphrase-stdin",
        stdin=stdin,
    )
    assert "3 teachers added" in out.stdout
    out = mentor(
        school,
        "school",
        "roster",
        str(tmp_path / "roster.csv"),
        "--yes",
        "--passphrase-stdin",
        stdin=stdin,
    )
    assert "5 new children" in out.stdout and "1 pairings from the roster" in out.stdout
    out = mentor(school, "school", "pair", "--apply", "--passphrase-stdin", stdin=stdin)
    assert "4 pairings made" in out.stdout and "her class teacher" in out.stdout
    handovers = tmp_path / "handover"
    out = mentor(school, "school", "handover", str(handovers), "--passphrase-stdin", stdin=stdin)
    codes = dict(re.findall(r"(\S+)\.mentorhandover.*\n\s+pick-up code: ([\d-]{24})", out.stdout))
    codes = {Path(k).name: v for k, v in codes.items()}
    assert sorted(codes) == sorted(EXPECTED_PAIRS)
    assert not any(
        c.replace("-", "") in p.read_bytes().decode("latin-1")
        for p in handovers.iterdir()
        for c in codes.values()
    )

    ledgers: dict[str, tuple[int, int, int]] = {}
    folders = []
    for i, (teacher, kids) in enumerate(sorted(EXPECTED_PAIRS.items())):
        home = tmp_path / f"teacher-pc-{i}"
        out = mentor(
            home,
            "school",
            "join",
            str(handovers / f"{teacher}.mentorhandover"),
            "--new-profile",
            teacher,
            "--yes",
            "--passphrase-stdin",
            stdin=f"{PASS}\n{codes[teacher]}\n",
        )
        assert f"{len(kids)} new children" in out.stdout
        due = mentor(home, "due", "--json", "--all", "--passphrase-stdin", stdin=stdin)
        assert sorted({d["child"] for d in json.loads(due.stdout)}) == sorted(kids)
        yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
        earlier = (TODAY - dt.timedelta(days=40)).isoformat()
        logs = [
            {"child": kids[0], "kind": "talk", "date": yesterday, "text": "NOTEMARK 谈心"},
            {"child": kids[0], "kind": "home_visit", "date": earlier, "text": "NOTEMARK 家访"},
        ]
        if teacher == "李强":  # the unreachable call
            logs.append(
                {
                    "child": kids[1],
                    "kind": "parent_call",
                    "date": yesterday,
                    "outcome": "attempted_unreachable",
                }
            )
        for entry in logs:
            mentor(home, "log", "--passphrase-stdin", stdin=f"{PASS}\n{json.dumps(entry)}\n")
        if teacher == "张敏":  # the risk flag: a mandatory report
            python(
                home,
                "from mentor_tui.paths import prepare\n"
                "from mentor_tui.db.profiles import pick_profile\n"
                "from mentor_tui.db.vault import open_vault\n"
                "from mentor_tui.db import children, flags\n"
                f"p = prepare(); v = open_vault(p, pick_profile(p, None), {PASS!r})\n"
                f"kid = next(c for c in children.list_children(v) if c.name == {kids[1]!r})\n"
                "flags.open_flag(v, kid.id, 'violence', 'NOTEMARK 看到伤痕')\n"
                "v.close()\n",
            )
        folder = home / "stick" / "学校汇报"
        out = mentor(home, "school", "report", str(folder), "--passphrase-stdin", stdin=stdin)
        if teacher == "张敏":
            assert "mandatory reports" in out.stdout
        assert b"NOTEMARK" not in next(folder.iterdir()).read_bytes()
        folders.append(str(folder))
        ledgers[teacher] = ledger_sums(home, tmp_path / f"ledger-{i}" / "ledger.csv")

    out = mentor(school, "school", "import", *folders, "--yes", "--passphrase-stdin", stdin=stdin)
    assert "3 imported" in out.stdout and "first report" in out.stdout
    status = mentor(
        school, "school", "status", "--month", MONTH, "--json", "--passphrase-stdin", stdin=stdin
    )
    got = json.loads(status.stdout)
    assert sorted(x["teacher"] for x in got) == sorted(EXPECTED_PAIRS)
    for line in got:
        assert (line["expected"], line["done"], line["on_time"]) == ledgers[line["teacher"]]
        assert line["children"] == len(EXPECTED_PAIRS[line["teacher"]])
        assert line["last_report"] is not None and line["stale"] is False
        assert line["open_flags"] == (1 if line["teacher"] == "张敏" else 0)
    assert sum(x["done"] for x in got) >= 4  # the talks, and the unreachable call counted
    text = mentor(school, "school", "status", "--passphrase-stdin", stdin=stdin).stdout
    assert "Mandatory report: 孙伟" in text

    again = mentor(school, "school", "import", *folders, "--yes", "--passphrase-stdin", stdin=stdin)
    assert "No new reports." in again.stdout and again.stdout.count("Already imported") == 3
    status2 = mentor(
        school, "school", "status", "--month", MONTH, "--json", "--passphrase-stdin", stdin=stdin
    )
    assert json.loads(status2.stdout) == got


def test_a_join_with_a_wrong_code_leaves_no_profile_behind(tmp_path):
    school = tmp_path / "school-pc"
    stdin = PASS + "\n"
    mentor(school, "school", "create", "城关小学", "--passphrase-stdin", stdin=stdin)
    (tmp_path / "staff.csv").write_text("姓名\n王芳\n", encoding="utf-8")
    mentor(
        school,
        "school",
        "teachers",
        str(tmp_path / "staff.csv"),
        "--yes",
        "--passphrase-stdin",
        stdin=stdin,
    )
    mentor(school, "school", "handover", str(tmp_path / "h"), "--passphrase-stdin", stdin=stdin)
    home = tmp_path / "teacher-pc"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "MENTOR_"))}
    env.update(MENTOR_HOME=str(home), MENTOR_KDF="fast", MENTOR_LANG="en")
    args = ["school", "join", str(tmp_path / "h" / "王芳.mentorhandover"), "--new-profile", "王芳"]
    bad = subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args, "--yes", "--passphrase-stdin"],
        input=f"{PASS}\n0000-0000-0000-0000-0000\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1  # one sentence
    profiles = mentor(home, "profile", "list").stdout
    assert "王芳" not in profiles
