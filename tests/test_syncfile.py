"""The sync payload: canonical JSON out, strict validation in (inside valid encryption)."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from mentor_tui.core import syncfile, syncfile_checks
from mentor_tui.core.envelope import open_file, seal_file
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import catalog, t
from mentor_tui.core.kdf import FAST
from mentor_tui.core.merge import Erasure
from mentor_tui.core.syncfile import parse_payload
from mentor_tui.core.syncfile_build import build_payload
from mentor_tui.core.syncfile_checks import MAX_DEPTH, body_digest
from mentor_tui.core.versions import HLC_MAX, Version, far_future, hlc_next, hlc_observe

PASS = "口令 passphrase"
DEV = "6f1c1f0e-3b0a-4d49-9a57-0d6e4c1e2a10"
VAULT = "0b8e5a52-1f5e-4b1c-bb1e-8a3c2d9e7f01"


def ver(n: int, record: str = "child-1", entity: str = "child", **kw) -> Version:
    fields = {
        "version_id": f"v-{n:04d}",
        "record_id": record,
        "entity": entity,
        "vv": {DEV: n},
        "hlc": (1_700_000_000_000 + n) << 16,
        "device_id": DEV,
        "deleted": False,
        "payload": {"name": f"小明{n}"},
        "schema": 1,
    }
    fields.update(kw)
    return Version(**fields)


def build(versions=None, erasures=(), **extra) -> bytes:
    versions = (
        [ver(1), ver(2), ver(3, "entry-1", "entry", payload={"child_id": "child-1"})]
        if versions is None
        else versions
    )
    return build_payload(
        vault_id=VAULT,
        device_id=DEV,
        versions=versions,
        erasures=erasures,
        app_version="0.1.0",
        schema_version=3,
        extra=extra or None,
    )


def doc() -> dict:
    return json.loads(build(erasures=[Erasure("child-9", "child", 5, DEV)]))


def refresh(d: dict) -> dict:
    """Recompute the manifest so only the change under test is wrong."""
    vs, es = d["versions"], d["erasures"]
    counts = Counter(
        v["entity"] for v in vs if isinstance(v, dict) and isinstance(v.get("entity"), str)
    )
    d["manifest"] = {
        "counts": dict(counts),
        "versions": len(vs),
        "erasures": len(es),
        "sha256": body_digest(vs, es),
    }
    return d


def load(d: dict | bytes | str):
    """Seal and open with the real envelope, then parse: errors inside valid encryption.
    A dict is also written canonically (the fast path) and must give the same outcome."""
    raw = d if isinstance(d, bytes) else (d if isinstance(d, str) else json.dumps(d))
    raw = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if isinstance(d, dict):
        canon = json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        canon_raw = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m[0]):04x}", canon).encode()
        assert outcome(canon_raw) == outcome(raw)
    return parse_payload(open_file(seal_file(raw, PASS, FAST), PASS))


def outcome(raw: bytes):
    try:
        return parse_payload(raw)
    except MentorError as err:
        return ("error", err.key, str(err))


def key_of(d) -> str:
    with pytest.raises(MentorError) as info:
        load(d)
    assert info.value.key in catalog(), info.value.key
    return info.value.key


def test_round_trip():
    p = load(build(erasures=[Erasure("child-9", "child", 5, DEV)]))
    assert (p.vault_id, p.exporter_device_id, p.app_version) == (VAULT, DEV, "0.1.0")
    assert (p.format_version, p.min_reader_version, p.schema_version) == (1, 1, 3)
    assert p.versions == [
        ver(1),
        ver(2),
        ver(3, "entry-1", "entry", payload={"child_id": "child-1"}),
    ]
    assert p.erasures == [Erasure("child-9", "child", 5, DEV)]
    assert p.manifest["counts"] == {"child": 2, "entry": 1}
    assert p.rejected == [] and p.extra == {}


def test_canonical_and_deterministic():
    a = build([ver(2), ver(1)])
    b = build([ver(1), ver(2), ver(1)])
    assert a == b
    assert "小明".encode() in a and b"\\u" not in a and b" " not in a.replace(b"0.1.0", b"")
    d = json.loads(a)
    assert list(d) == sorted(d) and [v["version_id"] for v in d["versions"]] == ["v-0001", "v-0002"]


def test_unknown_fields_kept_verbatim_and_written_back():
    d = refresh(doc())
    d["zz_future"] = {"nested": [1, "二", None, True, 2.5]}
    d["aa_note"] = "from a newer app"
    p = load(d)
    assert p.extra == {
        "zz_future": {"nested": [1, "二", None, True, 2.5]},
        "aa_note": "from a newer app",
    }
    again = json.loads(build(p.versions, p.erasures, **p.extra))
    assert again["zz_future"] == d["zz_future"] and again["aa_note"] == d["aa_note"]


def test_extra_cannot_shadow_known_fields():
    with pytest.raises(ValueError):
        build(versions=[ver(1)], vault_id="other")


def test_newer_format_readable_when_min_reader_allows():
    d = refresh(doc())
    d["format_version"] = 7
    assert load(d).format_version == 7
    d["min_reader_version"] = 2
    assert key_of(d) == "sync.too_new"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("versions"),
        lambda d: d.pop("manifest"),
        lambda d: d.pop("vault_id"),
        lambda d: d.update(format_version="1"),
        lambda d: d.update(format_version=True),
        lambda d: d.update(min_reader_version=0),
        lambda d: d.update(vault_id=5),
        lambda d: d.update(vault_id="bad id!"),
        lambda d: d.update(exporter_device_id=""),
        lambda d: d.update(app_version=None),
        lambda d: d.update(app_version="x" * 65),
        lambda d: d.update(schema_version=-1),
        lambda d: d.update(versions={}),
        lambda d: d.update(erasures=None),
        lambda d: d.update(manifest=[]),
        lambda d: d.update(manifest={"sha256": 1}),
        lambda d: d.update(app_version="0.1\x00"),
        lambda d: d.update(note="nul\x00byte"),
        lambda d: d.update(note="x" * (syncfile_checks.MAX_STRING + 1)),
    ],
)
def test_structural_errors_reject_the_whole_file(mutate, monkeypatch):
    # Format 2 raised the per-string cap to the payload's cap (512 MiB); a small cap here keeps
    # the over-long case quick (the same check, at any cap).
    monkeypatch.setattr(syncfile_checks, "MAX_STRING", 1000)
    d = doc()
    mutate(d)
    assert key_of(d) == "sync.payload_invalid"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"[]",
        b"null",
        b'"mentor-sync"',
        b"\xff\xfe{}",
        "\ufeff{}".encode(),
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": -Infinity}',
        b'{"a": 1e999}',
        b'{"a": 1, "a": 2}',
        b"[" * 100_000 + b"]" * 100_000,
        b"{" * 50,
        b'{"a":' + b"9" * 5000 + b"}",
    ],
)
def test_broken_json(raw):
    assert key_of(raw) == "sync.payload_invalid"


def test_not_a_mentor_payload():
    d = refresh(doc())
    d["format"] = "keepass"
    assert key_of(d) == "sync.not_sync_file"


def test_nan_inside_a_version_rejects_the_file():
    d = doc()
    d["versions"][0]["payload"]["score"] = float("nan")
    assert key_of(json.dumps(d, allow_nan=True)) == "sync.payload_invalid"


def test_deep_nesting():
    d = doc()
    deep: object = "x"
    for _ in range(MAX_DEPTH):
        deep = [deep]
    d["versions"][0]["payload"]["deep"] = deep
    assert key_of(refresh(d)) == "sync.payload_invalid"
    shallow: object = "x"
    for _ in range(MAX_DEPTH - 6):
        shallow = {"k": shallow}
    d["versions"][0]["payload"]["deep"] = shallow
    assert load(refresh(d)).versions[0].payload["deep"] == shallow


def test_duplicate_version_id_with_different_content():
    d = doc()
    twin = copy.deepcopy(d["versions"][0])
    twin["payload"]["name"] = "另一个名字"
    d["versions"].append(twin)
    assert key_of(refresh(d)) == "sync.duplicate_version"


def test_identical_duplicates_are_merged():
    d = doc()
    d["versions"].append(copy.deepcopy(d["versions"][0]))
    p = load(refresh(d))
    assert [v.version_id for v in p.versions] == ["v-0001", "v-0002", "v-0003"]
    assert p.rejected == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda v: v.update(payload={"name": "x"}),  # content changed, manifest not
        lambda v: v.update(hlc=v["hlc"] + 1),
    ],
)
def test_manifest_mismatch_on_changed_content(mutate):
    d = doc()
    mutate(d["versions"][0])
    assert key_of(d) == "sync.manifest_mismatch"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["versions"].pop(),
        lambda d: d["erasures"].pop(),
        lambda d: d["manifest"].update(counts={"child": 3}),
        lambda d: d["manifest"].update(versions=4),
        lambda d: d["manifest"].update(erasures=0),
        lambda d: d["manifest"].update(sha256="0" * 64),
    ],
)
def test_manifest_mismatch(mutate):
    d = doc()
    mutate(d)
    assert key_of(d) == "sync.manifest_mismatch"


TEN_MB = "长" * (10 * 1024 * 1024 // 3)


def test_a_ten_mb_string_is_kept_since_format_2():
    """Format 1 rejected a string over 1,000,000 characters, so one long note (or an old
    version of it) stopped every export; format 2's only bound is the payload's cap."""
    d = doc()
    d["versions"][1]["payload"] = {"tags": ["ok", TEN_MB]}
    p = load(refresh(d))
    assert p.rejected == [] and p.versions[1].payload["tags"][1] == TEN_MB


@pytest.mark.parametrize(
    "field,value,reason",
    [
        ("version_id", "", "sync.reject.bad_id"),
        ("version_id", "x" * 65, "sync.reject.bad_id"),
        ("version_id", "../../etc", "sync.reject.bad_id"),
        ("record_id", "学生1", "sync.reject.bad_id"),
        ("record_id", 12, "sync.reject.bad_id"),
        ("device_id", "a b", "sync.reject.bad_id"),
        ("entity", "student", "sync.reject.bad_entity"),
        ("entity", None, "sync.reject.bad_entity"),
        ("vv", {}, "sync.reject.bad_field"),
        ("vv", {DEV: 0}, "sync.reject.bad_field"),
        ("vv", {DEV: -1}, "sync.reject.bad_field"),
        ("vv", {DEV: True}, "sync.reject.bad_field"),
        ("vv", {DEV: 1.5}, "sync.reject.bad_field"),
        ("vv", {DEV: 2**60}, "sync.reject.bad_field"),
        ("vv", {"other-device": 1}, "sync.reject.bad_field"),
        ("vv", [1], "sync.reject.bad_field"),
        ("hlc", "123", "sync.reject.bad_field"),
        ("hlc", 1.5, "sync.reject.bad_field"),
        ("hlc", -1, "sync.reject.clock"),
        ("hlc", HLC_MAX + 1, "sync.reject.clock"),
        ("hlc", 253402300799999 << 16, "sync.reject.clock"),  # year 9999 overflows int64
        ("deleted", "false", "sync.reject.bad_field"),
        ("deleted", 0, "sync.reject.bad_field"),
        ("payload", [], "sync.reject.bad_field"),
        ("payload", None, "sync.reject.bad_field"),
        ("payload", {"text": "a\x00b"}, "sync.reject.bad_text"),
        ("payload", {"text\x00": "ab"}, "sync.reject.bad_text"),
        ("payload", {"text": "\ud800"}, "sync.reject.bad_text"),
        ("payload", {"tags": ["ok", "x" * 1001]}, "sync.reject.bad_text"),  # over a 1000 cap
        ("schema", 0, "sync.reject.bad_field"),
        ("schema", "1", "sync.reject.bad_field"),
        ("surprise", 1, "sync.reject.unknown_field"),
    ],
)
def test_bad_version_is_rejected_alone(field, value, reason, monkeypatch):
    monkeypatch.setattr(syncfile_checks, "MAX_STRING", 1000)  # see the structural test
    d = doc()
    d["versions"][1][field] = value
    p = load(refresh(d))
    assert [v.version_id for v in p.versions] == ["v-0001", "v-0003"]
    assert len(p.rejected) == 1
    r = p.rejected[0]
    assert (r.kind, r.index, r.reason) == ("version", 1, reason)
    assert r.message("zh") == t(reason, lang="zh", field=r.field) and r.message("en")


def test_rejected_item_keeps_its_ids_when_they_are_sane():
    d = doc()
    d["versions"][1]["entity"] = "student"
    d["versions"].append(42)
    d["versions"][0].pop("deleted")
    p = load(refresh(d))
    by_index = {r.index: r for r in p.rejected}
    assert by_index[1].version_id == "v-0002" and by_index[1].record_id == "child-1"
    assert by_index[3].reason == "sync.reject.not_object" and by_index[3].version_id is None
    assert (by_index[0].reason, by_index[0].field) == ("sync.reject.missing_field", "deleted")


def test_far_future_clocks_are_kept_without_overflow():
    year_3000 = 32503680000000 << 16
    d = doc()
    d["versions"][0]["hlc"] = year_3000
    d["versions"][1]["hlc"] = HLC_MAX
    p = load(refresh(d))
    assert [v.hlc for v in p.versions[:2]] == [year_3000, HLC_MAX]
    now = 1_700_000_000_000
    assert hlc_observe(0, HLC_MAX, now) == 0 and hlc_observe(5, year_3000, now) == 5
    assert hlc_observe(0, HLC_MAX) == 0  # the wall clock by default: never adopted either
    nine_years = (now + 9 * 365 * 24 * 3600 * 1000) << 16  # a skewed lab clock: followed
    assert hlc_observe(0, nine_years, now) == nine_years
    eleven_years = (now + 11 * 365 * 24 * 3600 * 1000) << 16
    assert hlc_observe(0, eleven_years, now) == 0
    assert far_future(HLC_MAX, now) and not far_future(nine_years, now)
    # if the clock itself is there (a machine whose own clock says year 3000), no overflow
    assert hlc_next(HLC_MAX, now) == HLC_MAX
    assert hlc_next(year_3000, now) == year_3000 + 1


@pytest.mark.parametrize(
    "value,reason",
    [
        ({"record_id": "x", "entity": "child", "hlc": 1}, "sync.reject.missing_field"),
        ({"record_id": "x y", "entity": "child", "hlc": 1, "device_id": DEV}, "sync.reject.bad_id"),
        ({"record_id": "x", "entity": "kid", "hlc": 1, "device_id": DEV}, "sync.reject.bad_entity"),
        ({"record_id": "x", "entity": "child", "hlc": -5, "device_id": DEV}, "sync.reject.clock"),
        (
            {"record_id": "x", "entity": "child", "hlc": 1, "device_id": DEV, "name": "小明"},
            "sync.reject.unknown_field",
        ),
        ("x", "sync.reject.not_object"),
    ],
)
def test_bad_erasure_rejected_alone(value, reason):
    d = doc()
    d["erasures"].append(value)
    p = load(refresh(d))
    assert p.erasures == [Erasure("child-9", "child", 5, DEV)]
    assert [(r.kind, r.reason) for r in p.rejected] == [("erasure", reason)]


def test_two_erasures_of_one_record_keep_the_latest():
    d = doc()
    d["erasures"].append({"record_id": "child-9", "entity": "child", "hlc": 9, "device_id": "b"})
    assert load(refresh(d)).erasures == [Erasure("child-9", "child", 9, "b")]


def test_build_refuses_what_parse_would_reject():
    with pytest.raises(ValueError):
        build([ver(1, payload={"t": "nul\x00"})])
    with pytest.raises(ValueError):
        build([ver(1, record_id="no spaces allowed")])


def test_every_sync_message_key_exists_in_both_languages():
    root = Path(syncfile.__file__).parent
    used = set()
    for name in (
        "envelope.py",
        "syncfile.py",
        "syncfile_checks.py",
        "syncfile_build.py",
        "merge.py",
    ):
        used |= set(re.findall(r'"(sync\.[a-z_.]+)"', (root / name).read_text("utf-8")))
    assert len(used) >= 20
    cat = catalog()
    for key in used:
        zh, en = cat[key]
        assert zh and en and zh != en, key


def test_vector_payload_is_canonical_and_parses():
    vectors = json.loads((Path(__file__).parent / "vectors" / "sync_v1.json").read_text("utf-8"))[
        "vectors"
    ]
    raw = vectors[0]["payload_utf8"].encode("utf-8")
    p = parse_payload(raw)
    assert p.rejected == [] and len(p.versions) == 2 and len(p.erasures) == 1
    assert p.versions[0].payload == {"class_name": "三年级二班", "name": "王小明"}
    assert p.versions[1].payload["child_id"] == p.versions[0].record_id
    rebuilt = build_payload(
        vault_id=p.vault_id,
        device_id=p.exporter_device_id,
        versions=p.versions,
        erasures=p.erasures,
        app_version=p.app_version,
        schema_version=p.schema_version,
    )
    assert rebuilt == raw
