"""Every bad file of SYNC.md through the real import path (prepare_import + apply_import):
a clear message, the vault unchanged and passing integrity_check."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest
from test_sync_support import PASS, dump, seed

from mentor_tui.core import envelope
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import catalog
from mentor_tui.core.syncfile_checks import body_digest
from mentor_tui.core.versions import HLC_MAX, canonical_json
from mentor_tui.db import children
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import create_vault, integrity_check


@pytest.fixture
def world(paths, vault, tmp_path):
    """``vault`` with data; ``newer``: a valid file of the same vault holding more work."""
    seed(vault, 2)
    stick = tmp_path / "stick"
    stick.mkdir()
    export_vault(vault, stick, SyncKeys(PASS))
    b, _p, _r = import_new_profile(paths, "机器B", next(stick.glob("*.mentorsync")), PASS)
    children.add_child(b, "新同学")
    other = tmp_path / "other"
    other.mkdir()
    newer = export_vault(b, other, SyncKeys(PASS)).path
    b.close()
    return {"vault": vault, "newer": newer, "dir": tmp_path, "stick": stick}


def _payload_doc(path: Path) -> dict:
    return json.loads(SyncKeys(PASS).open(path.read_bytes()))


def _seal(doc_or_bytes, fix_manifest: bool = True) -> bytes:
    if isinstance(doc_or_bytes, bytes):
        return SyncKeys(PASS).seal(doc_or_bytes)
    doc = doc_or_bytes
    if fix_manifest:
        from collections import Counter

        vs = doc["versions"]
        doc["manifest"] = {
            "counts": dict(
                sorted(
                    Counter(
                        v["entity"]
                        for v in vs
                        if isinstance(v, dict) and isinstance(v.get("entity"), str)
                    ).items()
                )
            ),
            "versions": len(vs),
            "erasures": len(doc["erasures"]),
            "sha256": body_digest(vs, doc["erasures"]),
        }
    return SyncKeys(PASS).seal(canonical_json(doc).encode("utf-8"))


def refused(world, data: bytes | Path, key: str | None = None, keys=None, **kw) -> str:
    vault = world["vault"]
    if isinstance(data, bytes):
        path = world["dir"] / "bad.mentorsync"
        path.write_bytes(data)
    else:
        path = data
    before = dump(vault)
    with pytest.raises(MentorError) as err:
        preview = prepare_import(vault, path, keys or SyncKeys(PASS), **kw)
        apply_import(vault, preview)
    e = err.value
    assert e.key in catalog(), e.key
    assert str(e) and str(e) != e.key and "Traceback" not in str(e)
    if key is not None:
        assert e.key == key
    assert dump(vault) == before
    assert integrity_check(vault) == "ok"
    return e.key


def test_the_good_file_would_change_the_vault(world):
    preview = prepare_import(world["vault"], world["newer"], SyncKeys(PASS))
    assert preview.counts()["new"] == 1 and preview.changes_anything


@pytest.mark.parametrize(
    "data,key", [(b"", "sync.empty"), (b"M", "sync.damaged"), (b"\x00", "sync.not_sync_file")]
)
def test_zero_and_one_byte(world, data, key):
    refused(world, data, key)


def test_truncated_at_many_offsets(world):
    good = world["newer"].read_bytes()
    offsets = sorted(
        {1, 5, 10, 11, 12, 13, 20, 60, len(good) // 2, len(good) - 17, len(good) - 1}
        | set(random.Random(3).sample(range(1, len(good)), 12))
    )
    for n in offsets:
        refused(world, good[:n])


def test_single_bit_flips(world):
    good = world["newer"].read_bytes()
    rng = random.Random(5)
    for pos in [0, 10, 11, 12, 20, 100, len(good) - 1] + rng.sample(range(len(good)), 15):
        bad = bytearray(good)
        bad[pos] ^= 1 << rng.randrange(8)
        refused(world, bytes(bad))


def test_renamed_docx_and_sqlite(world):
    import docx

    d = world["dir"] / "作业.docx"
    docx.Document().save(str(d))
    renamed = d.rename(d.with_suffix(".mentorsync"))
    assert refused(world, renamed) == "sync.not_sync_file"
    db = world["dir"] / "plain.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    assert refused(world, db) == "sync.not_sync_file"
    assert refused(world, world["vault"].db_path.read_bytes()) == "sync.not_sync_file"


def test_hostile_kdf_parameters_refused_before_deriving(world, monkeypatch):
    from mentor_tui.db import sync_keys

    calls = []
    monkeypatch.setattr(sync_keys, "derive", lambda *a: calls.append(a) or b"\0" * 32)
    good = world["newer"].read_bytes()
    ct = envelope.parse_envelope(good).ciphertext
    for t_, m, p in [(1, 1 << 30, 1), (11, 1024, 1), (1, 1024, 100), (0, 1024, 1)]:
        header = json.dumps(
            {
                "kdf": "argon2id",
                "t": t_,
                "m": m,
                "p": p,
                "salt": "AAECAwQFBgcICQoLDA0ODw==",
                "nonce": "ICEiIyQlJicoKSor",
            },
            sort_keys=True,
        ).encode()
        data = envelope.MAGIC + b"\x01" + len(header).to_bytes(2, "big") + header + ct
        refused(world, data, "sync.kdf_params")
    assert calls == []


def test_oversize_file_refused_without_reading(world):
    big = world["dir"] / "big.mentorsync"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate(envelope.MAX_FILE_BYTES + 1)
    refused(world, big, "sync.too_large")


def test_wrong_passphrase(world):
    refused(world, world["newer"], "sync.wrong_passphrase", keys=SyncKeys("另一个口令 wrong"))


def test_too_new(world):
    doc = _payload_doc(world["newer"])
    doc["min_reader_version"] = 99
    refused(world, _seal(doc), "sync.too_new")


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b'{"format": NaN}',
        b"[" * 5000 + b"]" * 5000,
        '{"a":"\ud800"}'.encode("utf-8", "surrogatepass"),
        b"\xff\xfe",
    ],
)
def test_broken_json_inside_valid_encryption(world, raw):
    refused(world, _seal(raw), "sync.payload_invalid")


def test_wrong_types_and_deep_nesting(world):
    doc = _payload_doc(world["newer"])
    for mutate in (
        lambda d: d.update(versions="x"),
        lambda d: d.update(erasures={}),
        lambda d: d.update(vault_id=7),
        lambda d: d.update(
            deep=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
        ),
    ):
        d = json.loads(json.dumps(doc))
        mutate(d)
        refused(world, _seal(d, fix_manifest=False), "sync.payload_invalid")


def test_duplicate_ids_with_different_content(world):
    doc = _payload_doc(world["newer"])
    twin = json.loads(json.dumps(doc["versions"][0]))
    twin["payload"]["name"] = "冒名"
    doc["versions"].append(twin)
    refused(world, _seal(doc), "sync.duplicate_version")


def test_manifest_mismatch(world):
    doc = _payload_doc(world["newer"])
    doc["versions"][0]["hlc"] += 1
    refused(world, _seal(doc, fix_manifest=False), "sync.manifest_mismatch")
    doc = _payload_doc(world["newer"])
    doc["manifest"]["versions"] += 1
    refused(world, _seal(doc, fix_manifest=False), "sync.manifest_mismatch")


def test_the_manifest_is_checked_before_the_vault_id(world):
    """docs/sync-flows.md "Order against SYNC.md": a body that does not match its manifest
    is not trusted for which vault it claims to be."""
    doc = _payload_doc(world["newer"])
    doc["vault_id"] = "f" * 32
    refused(world, _seal(doc), "syncf.other_vault")
    doc["versions"][0]["hlc"] += 1
    refused(world, _seal(doc, fix_manifest=False), "sync.manifest_mismatch")


def test_another_teachers_file(world, paths):
    other = create_vault(paths, "李老师", PASS)
    try:
        children.add_child(other, "别班学生")
        path = export_vault(other, world["dir"], SyncKeys(PASS)).path
    finally:
        other.close()
    refused(world, path, "syncf.other_vault")


def test_stale_stick_changes_nothing(world):
    vault = world["vault"]
    stale = next(world["stick"].glob("*.mentorsync"))
    children.add_child(vault, "之后添加")
    before = dump(vault)
    preview = prepare_import(vault, stale, SyncKeys(PASS))
    assert not preview.changes_anything and preview.counts()["unchanged"] > 0
    res = apply_import(vault, preview)
    assert not res.changed and dump(vault) == before and integrity_check(vault) == "ok"


def _bad_items_file(world, only_bad: bool) -> bytes:
    doc = _payload_doc(world["newer"])
    base = doc["versions"][0]
    bad = []
    for i, change in enumerate(
        [
            {"version_id": "not a uuid!"},
            {"payload": {"name": "a\x00b"}},
            {"payload": {"name": "长" * 3_400_000}},  # 10 MB
            {"hlc": HLC_MAX + 1},
            {"payload": {"name": "坏日期", "added_on": "2025-13-45"}},
        ]
    ):
        v = json.loads(json.dumps(base))
        v["version_id"] = f"bad-{i:02d}-0000"
        v["record_id"] = f"bad-record-{i:02d}"
        v.update(change)
        bad.append(v)
    doc["versions"] = bad if only_bad else doc["versions"] + bad
    return _seal(doc)


def test_bad_items_are_rejected_with_reasons_and_the_rest_imported(world):
    vault = world["vault"]
    path = world["dir"] / "mixed.mentorsync"
    path.write_bytes(_bad_items_file(world, only_bad=False))
    preview = prepare_import(vault, path, SyncKeys(PASS))
    assert preview.counts()["rejected"] == 5 and preview.counts()["new"] == 1
    assert {r.reason for r in preview.plan.rejected} == {
        "sync.reject.bad_id",
        "sync.reject.bad_text",
        "sync.reject.clock",
        "sync.reject.bad_field",
    }
    lines = preview.rejected_lines()
    assert len(lines) == 5 and all(":" in ln for ln in lines)
    apply_import(vault, preview)
    assert {c.name for c in children.list_children(vault)} >= {"新同学"}
    assert "坏日期" not in {c.name for c in children.list_children(vault)}
    assert integrity_check(vault) == "ok"


def test_file_of_only_bad_items_changes_nothing(world):
    vault = world["vault"]
    path = world["dir"] / "bad-only.mentorsync"
    path.write_bytes(_bad_items_file(world, only_bad=True))
    before = dump(vault)
    preview = prepare_import(vault, path, SyncKeys(PASS))
    assert preview.counts()["rejected"] == 5 and not preview.changes_anything
    apply_import(vault, preview)
    assert dump(vault) == before and integrity_check(vault) == "ok"


def test_chinese_and_very_long_paths(world):
    vault = world["vault"]
    deep = world["dir"] / "王老师的U盘" / "同步文件（备份）"
    deep.mkdir(parents=True)
    chinese = deep / "数据.mentorsync"
    chinese.write_bytes(world["newer"].read_bytes())
    assert prepare_import(vault, chinese, SyncKeys(PASS)).counts()["new"] == 1
    refused(world, deep / ("长" * 300 + ".mentorsync"), "syncf.path_too_long")
    far = world["dir"] / "/".join(["目录" * 20] * 80) / "x.mentorsync"
    refused(world, far, "syncf.path_too_long")
    refused(world, deep / "不存在.mentorsync", "syncf.file_missing")
    refused(world, deep, "syncf.is_folder")


@pytest.fixture
def read_only(tmp_path):
    import subprocess

    folders = []

    def make(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0o555)
        elif subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("cannot make a read-only folder as root here")
        folders.append(folder)

    yield make
    for f in folders:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(f)], capture_output=True)
        f.chmod(0o700)


def test_read_only_stick(world, read_only):
    vault = world["vault"]
    stick = world["stick"]
    f = next(stick.glob("*.mentorsync"))
    old = f.read_bytes()
    children.add_child(vault, "要导出的新内容")
    read_only(stick)
    before = dump(vault)
    with pytest.raises(MentorError) as err:
        export_vault(vault, stick, SyncKeys(PASS))
    assert err.value.key in ("syncf.folder_readonly", "syncf.write_failed")
    assert str(err.value) != err.value.key
    assert f.read_bytes() == old and sorted(p.name for p in stick.iterdir()) == sorted(
        [f.name, ".mentor"]  # the lock lives in .mentor/ beside her file (issue 14)
    )
    assert dump(vault) == before
    preview = prepare_import(vault, f, SyncKeys(PASS))  # reading a read-only stick works
    assert not preview.changes_anything


def test_every_truncation_and_every_single_bit_flip_of_a_small_real_file(vault, tmp_path):
    """A real export of a one-child vault, cut at every offset and with every single bit
    flipped, through the real prepare_import path (file on disk): one clear MentorError
    each, and the vault unchanged and whole at the end."""
    children.add_child(vault, "李明")
    stick = tmp_path / "stick"
    stick.mkdir()
    good = export_vault(vault, stick, SyncKeys(PASS)).path.read_bytes()
    assert len(good) < 1024  # small, so every variant fits in a couple of seconds
    before = dump(vault)
    keys = SyncKeys(PASS)  # one cache: a flip in the salt or KDF parameters derives anew
    bad = tmp_path / "坏.mentorsync"
    known = catalog()
    seen: set[str] = set()

    def refused_quietly(data: bytes) -> None:
        bad.write_bytes(data)
        with pytest.raises(MentorError) as err:
            prepare_import(vault, bad, keys)
        assert err.value.key in known and str(err.value) != err.value.key
        seen.add(err.value.key)

    for n in range(len(good)):
        refused_quietly(good[:n])
    for pos in range(len(good)):
        for bit in range(8):
            flipped = bytearray(good)
            flipped[pos] ^= 1 << bit
            refused_quietly(bytes(flipped))
    assert {"sync.empty", "sync.damaged", "sync.wrong_passphrase"} <= seen
    assert dump(vault) == before and integrity_check(vault) == "ok"
