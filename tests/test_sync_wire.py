"""The sync payload at C speed (issue 17, core/sync_wire.py): msgspec reads and writes exactly
what the Python reader and writer do, and hands every file it cannot vouch for to them."""

from __future__ import annotations

import json

import pytest
from test_syncfile import DEV, VAULT, build, doc, outcome, refresh, ver

from mentor_tui.core import syncfile
from mentor_tui.core.errors import MentorError
from mentor_tui.core.merge import Erasure
from mentor_tui.core.sync_wire import fast_build, fast_parse, json_text
from mentor_tui.core.syncfile_build import build_payload, build_payload_fast
from mentor_tui.core.syncfile_checks import (
    MAX_COUNTER,
    MAX_SCHEMA,
    MAX_STRING,
    MAX_VV_ENTRIES,
)
from mentor_tui.core.versions import HLC_MAX, canonical_json


def canonical(d: dict) -> bytes:
    return canonical_json(d).encode("utf-8")


def strict(raw: bytes):
    """What the Python reader alone makes of ``raw``."""
    try:
        return syncfile._parse(raw)
    except MentorError as err:
        return ("error", err.key, str(err))


def test_json_text_is_canonical_json_for_every_code_point():
    # every code point but the surrogates (which no valid string holds), in keys and values
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(chars), 4096):
        s = "".join(chars[i : i + 4096])
        value = {s: [s, 1, -2, True, False, None, {"b": s, "a": []}], "z": s[::-1]}
        assert json_text(value) == canonical_json(value)
    big = {"n": (1 << 63) - 1, "m": -(1 << 63), "0": 0}
    assert json_text(big) == canonical_json(big)


def test_canonical_file_is_read_fast_to_what_the_python_reader_reads():
    raw = build(erasures=[Erasure("child-9", "child", 5, DEV)])
    got = fast_parse(raw, MAX_STRING)
    assert got is not None
    assert got.versions == syncfile._parse(raw).versions
    assert got.erasures == [Erasure("child-9", "child", 5, DEV)]
    assert syncfile.parse_payload(raw) == syncfile._parse(raw)


def _one(**kw) -> bytes:
    """A canonical file whose second version has the fields ``kw`` (manifest made right)."""
    d = doc()
    d["versions"][1].update(kw)
    return canonical(refresh(d))


BAD = [
    {"version_id": "v" * 65},
    {"version_id": ""},
    {"version_id": "v 2"},
    {"record_id": "child\n1"},
    {"device_id": "other"},  # not in its own vector
    {"entity": "spaceship"},
    {"vv": {}},
    {"vv": {DEV: 0}},
    {"vv": {DEV: MAX_COUNTER + 1}},
    {"vv": {DEV: 2, "x" * 65: 1}},
    {"vv": {DEV: 2, **{f"d{i}": 1 for i in range(MAX_VV_ENTRIES)}}},
    {"hlc": -1},
    {"hlc": HLC_MAX + 1},
    {"hlc": True},
    {"schema": 0},
    {"schema": MAX_SCHEMA + 1},
    {"deleted": 0},
    {"payload": []},
    {"payload": {"n": 1.5}},  # floats are left to the Python path
    {"payload": {"a": "x\x00y"}},
    {"extra": 1},
]


@pytest.mark.parametrize("change", BAD, ids=[repr(b)[:40] for b in BAD])
def test_a_version_the_fast_reader_cannot_vouch_for_goes_to_the_python_reader(change):
    raw = _one(**change)
    assert fast_parse(raw, MAX_STRING) is None
    assert outcome(raw) == strict(raw)


def test_bounds_at_their_limits_are_read_fast():
    raw = _one(hlc=HLC_MAX, schema=MAX_SCHEMA, vv={DEV: MAX_COUNTER}, version_id="v" * 64)
    got = fast_parse(raw, MAX_STRING)
    assert got is not None
    assert got.versions == syncfile._parse(raw).versions


def test_non_canonical_or_duplicated_files_go_to_the_python_reader():
    raw = build()
    spaced = json.dumps(json.loads(raw)).encode()
    assert fast_parse(spaced, MAX_STRING) is None
    assert outcome(spaced) == strict(spaced)
    d = doc()
    d["versions"].append(dict(d["versions"][0]))  # the same id twice: deduplicated by Python
    twice = canonical(refresh(d))
    assert fast_parse(twice, MAX_STRING) is None
    assert outcome(twice) == strict(twice)
    d = doc()
    d["manifest"]["versions"] = 7
    wrong = canonical(d)
    assert fast_parse(wrong, MAX_STRING) is None
    assert outcome(wrong) == strict(wrong)
    assert fast_parse(build(), 10) is None  # over the string cap in force


def _as_stored(versions) -> bytes:
    """The versions as ``db.sync_read.versions_json`` gives them: sorted by id, vector and
    payload spaced as the old ``JSONField`` wrote them."""
    items = []
    for v in sorted(versions, key=lambda v: v.version_id):
        d = json.loads(json_text(v))
        d["payload"] = json.loads(json.dumps(d["payload"]))
        items.append(json.dumps(d, ensure_ascii=False, sort_keys=True))
    return ("[" + ",".join(items) + "]").encode()


def test_fast_build_writes_what_build_payload_writes():
    versions = [
        ver(3, "entry-1", "entry", payload={"child_id": "child-1", "note": '换行\n\t"引号"'}),
        ver(1),
        ver(2, payload={"name": "小明", "tags": ["a", {"z": None, "b": True}]}),
    ]
    erasures = [Erasure("child-9", "child", 5, DEV)]
    want = build_payload(
        vault_id=VAULT,
        device_id=DEV,
        versions=versions,
        erasures=erasures,
        app_version="0.1.0",
        schema_version=3,
        extra={"note": "x"},
    )
    got = build_payload_fast(
        vault_id=VAULT,
        device_id=DEV,
        versions_json=_as_stored(versions),
        erasures=erasures,
        app_version="0.1.0",
        schema_version=3,
        extra={"note": "x"},
    )
    assert got == want


@pytest.mark.parametrize("change", BAD[:-1], ids=[repr(b)[:40] for b in BAD[:-1]])
def test_fast_build_refuses_what_it_cannot_vouch_for(change):
    d = json.loads(json_text(ver(2)))
    d.update(change)
    text = ("[" + json_text(json.loads(json_text(ver(1)))) + "," + json.dumps(d) + "]").encode()
    assert fast_build(text, [], {"format": "mentor-sync"}) is None


def test_fast_build_refuses_unsorted_ids():
    text = _as_stored([ver(1), ver(2)])
    items = json.loads(text)
    swapped = json.dumps(items[::-1]).encode()
    assert fast_build(text, [], {}) is not None
    assert fast_build(swapped, [], {}) is None
