"""Roster preview benchmarks (issue 15): a 2,000-row roster as .xlsx, .xls and GBK .csv.

Time: ``roster_import.preview`` as the teacher runs it (read within the bounds, find the header,
map, check every row, match against a list of 300 children), against the bare library read of
the same file in the same run (python-calamine's ``to_python`` for the workbooks, decode + the
csv module for the text). Peak memory: each in a fresh subprocess (its ``ru_maxrss`` read by
the parent through ``RUSAGE_CHILDREN``, one launcher a measurement), ours (the preview without
the vault query) against the same bare read. Benchmarks print; they never assert.

    python bench/bench_roster.py [--quick]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Row, Sample, print_table, timeit  # (sets sys.path)

TODAY = dt.date(2026, 9, 1)
ROWS = 2000
HEADER = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "班级",
    "监护人",
    "监护人与学生关系",
    "监护人电话",
    "父母姓名",
    "父母电话",
    "务工地",
    "帮扶类别",
]


def _rows() -> list[list[str]]:
    out = [["2026年秋季学期留守儿童花名册"] + [""] * (len(HEADER) - 1), HEADER]
    for i in range(ROWS):
        out.append(
            [
                str(i + 1),
                f"学生{i:04d}",
                "女" if i % 2 else "男",
                f"2016-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "",
                f"{i % 6 + 1}年级{i % 3 + 1}班",
                f"家长{i}",
                "奶奶" if i % 3 else "外公",
                f"138{i:08d}",
                f"父：父{i} 母：母{i}",
                f"139{i:08d}/136{i:08d}",
                "广东东莞",
                "贫困；学困" if i % 5 == 0 else "",
            ]
        )
    return out


def write_files(folder: Path) -> dict[str, Path]:
    import xlwt
    from openpyxl import Workbook

    rows = _rows()
    files = {
        "xlsx": folder / "roster.xlsx",
        "xls": folder / "roster.xls",
        "csv": folder / "roster.csv",
    }
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(files["xlsx"])
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v:
                sheet.write(i, j, v)
    book.save(str(files["xls"]))
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    files["csv"].write_bytes(buf.getvalue().encode("gbk"))
    return files


def bare_read(path: Path) -> int:
    """The peer: the library's own read of the same file, nothing else."""
    if path.suffix == ".csv":
        return len(list(csv.reader(io.StringIO(path.read_bytes().decode("gb18030")))))
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return len(book.get_sheet_by_index(0).to_python(skip_empty_area=False))


def ours_without_vault(path: Path) -> int:
    from mentor_tui.core.roster import parse_sheets
    from mentor_tui.core.roster_update import match_rows
    from mentor_tui.db.roster_import import open_roster

    loaded = open_roster(None, path)
    roster = parse_sheets([(lay, loaded.rows_of(lay.sheet)) for lay in loaded.layouts], TODAY)
    match_rows(roster, [])
    return len(roster.rows)


CHILD = """
import sys
sys.path.insert(0, {bench!r})
import bench_roster
from pathlib import Path
fn = getattr(bench_roster, sys.argv[1])
print(fn(Path(sys.argv[2])))
"""
LAUNCHER = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]],
                      capture_output=True, text=True, timeout=300)
print(json.dumps({"out": done.stdout.strip(), "err": done.stderr[-500:],
                  "kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def peak_mib(func: str, path: Path, repeat: int) -> Sample:
    """Peak resident memory of a fresh process running ``func(path)``, in MiB."""
    here = os.path.dirname(os.path.abspath(__file__))
    values = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, CHILD.format(bench=here), func, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(done.stdout)
        if not got["out"]:
            raise RuntimeError(got["err"])
        values.append(got["kb"] / 1024)
    return Sample(values)


def main(quick: bool = False) -> list[Row]:
    from mentor_tui.db import roster_import
    from mentor_tui.db.children import add_child
    from mentor_tui.db.vault import create_vault
    from mentor_tui.paths import prepare

    rep = 2 if quick else 5
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("MENTOR_HOME", tmp)
        os.environ.setdefault("MENTOR_KDF", "fast")
        files = write_files(Path(tmp))
        vault = create_vault(prepare(), "bench-roster", "bench-passphrase")
        for i in range(300):  # her list: the matching rule runs against it
            add_child(vault, f"学生{i * 7:04d}", added_on=TODAY, class_name=f"{i % 6 + 1}年级1班")
        try:
            for kind, path in files.items():
                label = "GBK .csv" if kind == "csv" else f".{kind}"
                roster = roster_import.preview(vault, path, TODAY)
                assert len(roster.rows) == ROWS, (kind, len(roster.rows))  # the workload
                ours = timeit(lambda: roster_import.preview(vault, path, TODAY), repeat=rep)
                peer = timeit(lambda: bare_read(path), repeat=rep)
                peer_name = "decode + csv.reader" if kind == "csv" else "python-calamine to_python"
                rows.append(
                    Row(
                        f"roster preview: {ROWS:,} rows {label} (bounds, header, map, check, "
                        "match against 300)",
                        ours,
                        peer,
                        peer_name,
                    )
                )
                mem_rep = 1 if quick else 3
                rows.append(
                    Row(
                        f"roster preview peak memory: {ROWS:,} rows {label} (fresh process)",
                        peak_mib("ours_without_vault", path, mem_rep),
                        peak_mib("bare_read", path, mem_rep),
                        f"{peer_name}, fresh process",
                        target="< 300 MiB",
                        unit="MiB",
                    )
                )
                last = rows[-1]
                last.met = last.ours.median < 300
        finally:
            vault.close()
    print_table("Roster preview", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
