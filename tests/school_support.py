"""Shared set-up for the school office tests: a school vault with teachers and a roster, and
teacher vaults that joined it — real vaults in temp folders, the same functions the CLI calls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mentor_tui.db import (
    school_handover,
    school_member,
    school_pairing,
    school_roster,
    school_setup,
    school_staff,
)
from mentor_tui.db.vault import Vault, create_vault

PASS = "correct horse 正确"
TODAY = dt.date(2026, 11, 23)
STAFF = (("王芳", "female", "三年级一班"), ("李强", "male", "三年级二班"))
ROSTER = (
    "姓名,性别,出生日期,身份证号,班级,帮扶教师,学习帮手,监护人,监护人与学生关系,监护人电话,民族,健康状况\n"
    "李明,男,2016-03-04,,三年级一班,王芳,小刚,王奶奶,奶奶,13800001111,汉族,健康\n"
    "赵小红,女,2016-05-06,,三年级二班,,,赵爷爷,爷爷,13800002222,苗族,患有哮喘\n"
)
TERM = ("2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 20))


@dataclass
class School:
    vault: Vault
    folder: Path
    teachers: dict[str, str] = field(default_factory=dict)  # name -> id

    def handovers(self, now: dt.datetime | None = None) -> dict[str, school_handover.HandoverFile]:
        files = school_handover.write_handovers(
            self.vault, self.folder / "handover", now=now or dt.datetime(2026, 9, 2, 8, 0)
        )
        return {f.teacher_name: f for f in files}


def make_school(paths, tmp: Path, roster: str = ROSTER) -> School:
    from mentor_tui.db.settings import add_term

    vault = school_setup.create_school(paths, "城关小学", PASS)
    add_term(vault, TERM[0], TERM[1], TERM[2], term_id="term-2026-autumn")
    s = School(vault, tmp)
    for name, gender, cls in STAFF:
        s.teachers[name] = school_staff.add_teacher(vault, name, gender, cls, dt.date(2026, 9, 1))
    path = tmp / "roster.csv"
    path.write_text(roster, encoding="utf-8")
    loaded = school_roster.open_file(vault, path)
    sr = school_roster.preview(vault, loaded, dt.date(2026, 9, 1))
    school_roster.apply(vault, sr, dt.date(2026, 9, 1), with_warnings=True)
    school_pairing.apply_suggestions(vault, school_pairing.suggestions(vault), dt.date(2026, 9, 1))
    return s


def join(paths, name: str, f: school_handover.HandoverFile, vault: Vault | None = None) -> Vault:
    """A teacher's vault (a new one unless given) after taking her handover."""
    v = vault or create_vault(paths, f"{name}的档案", PASS)
    data = f.path.read_bytes()
    preview = school_member.preview_join(v, data, f.code)
    school_member.apply_join(v, preview, dt.date(2026, 9, 2))
    return v
