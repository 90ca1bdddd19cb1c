"""Save a check-in end to end, whole processes, beside jrnl adding an entry to a 5,000-entry
journal (PERFORMANCE.md: jrnl add 1.19 s; target: ours ≥ 5× faster).

jrnl is installed by bench/run into its own virtual environment (bench/.peers/jrnl); set
JRNL to its path, or the row says it was skipped.

    python bench/bench_save.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile

from common import Row, print_table, time_process


def _jrnl_setup(tmp: str, n: int) -> list[str] | None:
    exe = os.environ.get("JRNL") or os.path.join(
        os.path.dirname(__file__), ".peers", "jrnl", "bin", "jrnl"
    )
    if not os.path.exists(exe):
        return None
    journal = os.path.join(tmp, "journal.txt")
    start = dt.datetime(2022, 1, 1, 9, 0)
    with open(journal, "w", encoding="utf-8") as fh:
        for i in range(n):
            when = start + dt.timedelta(hours=6 * i)
            fh.write(
                f"[{when:%Y-%m-%d %H:%M}] 谈心记录 {i}\n孩子说想妈妈了，鼓励他按时完成作业。\n\n"
            )
    cfg = os.path.join(tmp, "jrnl.yaml")
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
            "highlight: false\nindent_character: '|'\n"
            f"journals: {{default: {{journal: {journal}}}}}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
            "version: v4.6\n"
        )
    return [exe, "--config-file", cfg, "今天：谈心记录。孩子说这次数学考得不错。"]


def main(quick: bool = False) -> list[Row]:
    n = 5000
    tmp = tempfile.mkdtemp(prefix="mentor-bench-save-")
    env = {**os.environ, "MENTOR_HOME": tmp, "LANG": "zh_CN.UTF-8"}
    env.pop("MENTOR_KDF", None)
    mentor = [sys.executable, "-m", "mentor_tui"]
    # A demo vault of about 5,000 entries (90 children × 1 year of the generator).
    subprocess.run(
        mentor + ["demo", "--children", "90", "--years", "1", "--no-open"],
        env=env,
        capture_output=True,
        check=True,
    )
    out = subprocess.run(
        mentor + ["due", "--json", "--all", "--passphrase-stdin"],
        env=env,
        input="mentor-demo\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    child = json.loads(out.stdout)[0]["child_id"]
    body = json.dumps(
        {"child": child, "kind": "talk", "text": "孩子说这次数学考得不错。"}, ensure_ascii=False
    )
    repeat = 5 if quick else 10
    ours = time_process(
        mentor + ["log", "--passphrase-stdin"],
        repeat=repeat,
        env=env,
        stdin="mentor-demo\n" + body + "\n",
    )
    # A vault made with the cheap KDF (the keyring keeps its parameters): what the program costs
    # beside the deliberate Argon2id unlock (t=3, m=64 MiB) that a plaintext jrnl journal skips.
    fast_env = {**env, "MENTOR_KDF": "fast", "MENTOR_HOME": tempfile.mkdtemp(prefix="mb-fast-")}
    subprocess.run(
        mentor + ["demo", "--children", "90", "--years", "1", "--no-open"],
        env=fast_env,
        capture_output=True,
        check=True,
    )
    out = subprocess.run(
        mentor + ["due", "--json", "--all", "--passphrase-stdin"],
        env=fast_env,
        input="mentor-demo\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    fast_body = body.replace(child, json.loads(out.stdout)[0]["child_id"])
    cheap = time_process(
        mentor + ["log", "--passphrase-stdin"],
        repeat=repeat,
        env=fast_env,
        stdin="mentor-demo\n" + fast_body + "\n",
    )
    argv = _jrnl_setup(tmp, n)
    peer = time_process(argv, repeat=repeat, env=env) if argv else None
    name = f"jrnl add, {n:,}-entry journal" if peer else "jrnl (not installed: skipped)"
    rows = [
        Row(
            "save a check-in end to end (`mentor log`, whole process, production KDF)",
            ours,
            peer,
            name,
            "≤ 0.2 × peer",
            None if peer is None else ours.median * 5 <= peer.median,
        ),
        Row(
            "same, without the Argon2id unlock (MENTOR_KDF=fast)",
            cheap,
            peer,
            name,
            "≤ 0.2 × peer",
            None if peer is None else cheap.median * 5 <= peer.median,
        ),
    ]
    print_table("Save a check-in", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
