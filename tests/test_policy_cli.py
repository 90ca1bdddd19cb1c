"""`mentor policy`: show, presets, use, set, export on a real vault; a broken file is refused
naming line and field, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from mentor_tui.cli import main
from mentor_tui.core.policy import PRESETS, preset_text
from mentor_tui.db import children, settings
from mentor_tui.db.duty_data import compute_view, policy_of

OWN = """\
# 本校策略
[policy]
id = "our-school"
label = { zh = "本校策略", en = "Our school" }

[[duty]]
id = "talk"
label = { zh = "谈心", en = "Heart-to-heart talk" }
kind = "talk"
cadence = "weekly"
due_day = 5

[[duty]]
id = "boarder_talk"
label = { zh = "寄宿生谈心", en = "Talk with a boarder" }
kind = "talk"
cadence = "per_term"
times = 2
applies_to = "boarding"
"""


@pytest.fixture
def mentor(vault, passphrase, monkeypatch, capsys):
    vault.close()
    monkeypatch.setenv("MENTOR_LANG", "en")

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
        code = main([*args, "--passphrase-stdin"] if args[1] != "presets" else list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def opened(paths, passphrase):
    """Open the vault again (after the command closed it) for one check."""
    from contextlib import contextmanager

    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import open_vault

    @contextmanager
    def do():
        v = open_vault(paths, list_profiles(paths)[0], passphrase)
        try:
            yield v
        finally:
            v.close()

    return do


def test_show_lists_duties_with_labels_and_cadences(mentor) -> None:
    code, out, err = mentor("policy", "show")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Policy: Default") and "(preset default)" in lines[0]
    assert len(lines) == 1 + 7
    visit = next(line for line in lines if "(home_visit," in line)
    assert "Home visit" in visit and "Term start / Mid-term / Term end" in visit
    call = next(line for line in lines if "(parent_call," in line)
    assert "Monthly" in call and "Attempted, unreachable" in call


def test_presets_lists_every_preset(mentor) -> None:
    code, out, _ = mentor("policy", "presets")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == list(PRESETS)
    assert "Core three, 3 duties" in out


def test_use_switches_the_preset_and_the_duty_view_follows(mentor, opened) -> None:
    code, out, err = mentor("policy", "use", "core")
    assert code == 0 and "Core three" in out, err
    with opened() as v:
        assert policy_of(v).id == "core"
        children.add_child(v, "李明", added_on=dt.date(2025, 9, 1))
        duties = {s.duty_id for s in compute_view(v, dt.date(2025, 11, 10)).statuses}
    assert duties == {"talk", "home_visit", "parent_call"}
    code, _, err = mentor("policy", "use", "weekly-everything")
    assert code == 2 and "weekly-everything" in err and "default, monthly-visit, core" in err
    with opened() as v:
        assert policy_of(v).id == "core"


def test_set_stores_the_schools_file_and_show_and_view_use_it(mentor, opened, tmp_path) -> None:
    path = tmp_path / "our.toml"
    path.write_text(OWN, encoding="utf-8")
    code, out, err = mentor("policy", "set", str(path))
    assert code == 0 and "Our school" in out, err
    with opened() as v:
        assert settings.get_setting(v, "policy_toml") == OWN
        children.add_child(v, "李明", added_on=dt.date(2025, 9, 1), boarding=True)
        talk = {s.duty_id: s for s in compute_view(v, dt.date(2025, 11, 12)).statuses}["talk"]
    assert (talk.due_date, talk.status) == (dt.date(2025, 11, 14), "due_soon")  # Friday
    code, out, _ = mentor("policy", "show")
    assert "Policy: Our school (the school's own file)" in out
    assert "Talk with a boarder (boarder_talk" in out and "boarding pupils only" in out
    assert "2 times each" in out and "due by weekday 5" in out
    # use PRESET afterwards: the preset counts again.
    assert mentor("policy", "use", "default")[0] == 0
    with opened() as v:
        assert policy_of(v).id == "default" and not settings.get_setting(v, "policy_toml")


@pytest.mark.parametrize(
    "old, new, where",
    [
        ('cadence = "weekly"', 'cadence = "yearly"', "line 10, field “duty.cadence”"),
        ("times = 2", 'times = "two"', "line 18, field “duty.times”"),
        ("due_day = 5", "due_day = ", "line 11"),
    ],
)
def test_a_broken_file_exits_2_naming_line_and_field_and_stores_nothing(
    mentor, opened, tmp_path, old, new, where
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(OWN.replace(old, new), encoding="utf-8")
    code, out, err = mentor("policy", "set", str(path))
    assert code == 2 and where in err, err
    assert "Traceback" not in err and out == ""
    with opened() as v:
        assert settings.get_setting(v, "policy_toml") is None
        assert policy_of(v).id == "default"
    code, _, err = mentor("policy", "set", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml" in err


def test_export_writes_the_current_policy_in_utf8(mentor, tmp_path) -> None:
    out_file = tmp_path / "policy.toml"
    code, _, err = mentor("policy", "export", str(out_file))
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8") == preset_text("default")
    code, _, err = mentor("policy", "export", str(out_file))
    assert code == 2 and "--force" in err
    own = tmp_path / "our.toml"
    own.write_text(OWN, encoding="utf-8")
    assert mentor("policy", "set", str(own))[0] == 0
    assert mentor("policy", "export", str(out_file), "--force")[0] == 0
    assert out_file.read_bytes() == OWN.encode("utf-8")
    assert "本校策略" in out_file.read_text(encoding="utf-8")
