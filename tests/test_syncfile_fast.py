"""The fast path of the sync payload parser (issue 5): a canonical file is parsed without the
strict hooks, and must be exactly as strict as the hooked parse."""

from __future__ import annotations

import copy
import gc
import json

import pytest
from test_syncfile import build, doc, outcome, refresh, ver

from mentor_tui.core import syncfile, syncfile_checks
from mentor_tui.core.errors import MentorError
from mentor_tui.core.syncfile import parse_payload
from mentor_tui.core.syncfile_checks import MAX_DEPTH
from mentor_tui.core.versions import canonical_json


def canonical(d: dict) -> bytes:
    return canonical_json(d).encode("utf-8")


def test_canonical_file_takes_the_fast_path_and_others_the_strict_one():
    raw = build()
    assert syncfile._loads(raw)[1] is not None
    assert syncfile._loads(json.dumps(json.loads(raw)).encode())[1] is None
    assert parse_payload(raw) == parse_payload(json.dumps(json.loads(raw)).encode())


def test_duplicate_id_different_content_rejected_identical_accepted_on_fast_path():
    d = doc()
    d["versions"].append(copy.deepcopy(d["versions"][0]))
    raw = canonical(refresh(d))
    assert syncfile._loads(raw)[1] is not None
    p = parse_payload(raw)
    assert [v.version_id for v in p.versions] == ["v-0001", "v-0002", "v-0003"]
    assert p.rejected == []
    d["versions"][-1]["payload"]["name"] = "另一个名字"
    raw = canonical(refresh(d))
    assert syncfile._loads(raw)[1] is not None
    assert outcome(raw)[1] == "sync.duplicate_version"


def test_duplicate_keys_never_pass_as_canonical():
    raw = build().decode()
    dup = raw.replace('"deleted":false,', '"deleted":false,"deleted":false,', 1)
    assert outcome(dup.encode())[1] == "sync.payload_invalid"


@pytest.mark.parametrize("text", ["a\x00b", "x" * 100])
def test_bad_strings_found_on_the_fast_path(text, monkeypatch):
    monkeypatch.setattr(syncfile_checks, "MAX_STRING", 90)  # the manifest's sha256 has 64
    d = doc()
    d["versions"][1]["payload"]["text"] = text
    raw = canonical(refresh(d))
    assert syncfile._loads(raw)[1] is not None
    assert [r.reason for r in parse_payload(raw).rejected] == ["sync.reject.bad_text"]


def test_a_backslash_u_typed_in_text_is_kept():
    d = doc()
    d["versions"][1]["payload"]["text"] = "C:\\u0000\\ud800 typed"
    raw = canonical(refresh(d))
    assert syncfile._loads(raw)[1] is not None and not syncfile._loads(raw)[1].clean
    p = parse_payload(raw)
    assert p.rejected == [] and p.versions[1].payload["text"] == "C:\\u0000\\ud800 typed"


def test_depth_bound_is_exact_on_the_fast_path():
    d = doc()
    deep: object = "x"
    for _ in range(MAX_DEPTH - 4):  # version dict, payload and the lists: 32 in all
        deep = [deep]
    d["versions"][0]["payload"]["deep"] = deep
    assert parse_payload(canonical(refresh(d))).versions[0].payload["deep"] == deep
    d["versions"][0]["payload"]["deep"] = [deep]
    assert outcome(canonical(refresh(d)))[1] == "sync.payload_invalid"
    d["versions"][0]["payload"]["deep"] = "[[[[" * 20 + "{{{{" * 20  # brackets in a string
    assert parse_payload(canonical(refresh(d))).rejected == []


def test_build_refuses_too_deep_like_the_reader():
    deep: object = "x"
    for _ in range(MAX_DEPTH):
        deep = {"k": deep}
    with pytest.raises(MentorError) as info:
        build([ver(1, payload={"deep": deep})])
    assert info.value.key == "sync.payload_invalid"


def test_gc_is_restored_after_parse_even_on_error():
    assert gc.isenabled()
    outcome(b"{not json")
    parse_payload(build())
    assert gc.isenabled()
