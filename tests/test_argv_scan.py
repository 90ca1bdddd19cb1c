"""Children and notes never in argv (issue 13, item 4): walk every parser of ``mentor`` and
fail on any option or positional that takes free text outside the allowed list. Allowed:
ids, paths, dates, choices, numbers, switches, and names that are not children's data
(profile, teacher, school, term, policy preset)."""

from __future__ import annotations

import argparse

from test_completeness import built_in

# dest -> why it may take text from the command line
ALLOWED = {
    "profile": "a teacher profile's name",
    "new_profile": "a teacher profile's name",
    "name": "a teacher profile's name (profile create) or a term's name",
    "id": "a flag id",
    "plan": "a plan id",
    "child_id": "a child's id (mentor children)",
    "path": "a file or folder",
    "file": "a file",
    "from_file": "a file",
    "out": "a file",
    "date": "a date",
    "when": "a date and time",
    "on": "a date",
    "day": "a date",
    "review": "a date",
    "next_review": "a date",
    "term": "a term's name or id",
    "start": "a date",
    "end": "a date",
    "middle": "a date",
    "breaks": "dates (term breaks)",
    "add_breaks": "dates (term breaks)",
    "preset": "a policy preset's name",
    "spec": "a term's name or id",
    "sheet": "a roster workbook's sheet name (a class, never a child)",
    "map": "a roster column's header = a field id (HEADER=FIELD)",
    "encoding": "a text encoding's name (a roster CSV)",
    "dir": "a folder (school handover and report packets)",
    "paths": "files (school import)",
    "month": "a month, YYYY-MM (school status)",
    "teacher": "a teacher's name (school handover, repin), never a child's",
    "accept": "a correction's id (school corrections)",
    "reject": "a correction's id (school corrections)",
}
FREE_TEXT_BEFORE = {  # what issue 13 took off the command line
    ("flag", "open"): {"child", "observed"},
    ("flag", "step"): {"to_whom", "receipt", "note"},
    ("flag", "attempt"): {"how", "note"},
    ("flag", "resolve"): {"reason"},
    ("flag", "absent"): {"child", "reason"},
    ("flag", "plan"): {"goals", "measures", "who"},
    ("flag", "plan-review"): {"note"},
    ("flag", "plan-close"): {"reason"},
}


def takes_free_text(action: argparse.Action) -> bool:
    if isinstance(action, argparse._SubParsersAction) or action.nargs == 0:
        return False  # subcommands; switches (store_true, count, help, version)
    return action.choices is None and action.type not in (int, float)


def free_text(parser: argparse.ArgumentParser) -> set[str]:
    return {a.dest for a in parser._actions if takes_free_text(a)}


def test_no_parser_takes_free_text_outside_the_allowed_list():
    found = {}
    for path, parser in built_in("en").items():
        extra = free_text(parser) - set(ALLOWED)
        if extra:
            found[" ".join(path)] = sorted(extra)
    assert found == {}


def test_the_scan_sees_what_it_should():
    """The walk reaches the nested parsers, and a planted free-text option is caught."""
    parsers = built_in("en")
    assert ("flag", "plan-close") in parsers and ("export", "diary") in parsers
    assert "child_id" in free_text(parsers[("flag", "open")])
    assert free_text(parsers[("flag", "open")]) & FREE_TEXT_BEFORE[("flag", "open")] == set()
    planted = argparse.ArgumentParser()
    planted.add_argument("child")
    planted.add_argument("--note")
    planted.add_argument("--all", action="store_true")
    planted.add_argument("--format", choices=("md",))
    assert free_text(planted) == {"child", "note"}


def test_export_child_is_a_switch_and_names_come_on_stdin():
    parsers = built_in("en")
    for kind in ("diary", "cards"):
        child = next(a for a in parsers[("export", kind)]._actions if a.dest == "child")
        assert child.nargs == 0
