"""The sync file envelope, format version 2 (issue 14): the clear header also holds the vault id,
the profile's display name and the export time, authenticated as associated data; version 1
files are still read; the known-answer vectors of both versions keep passing."""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

import pytest

from mentor_tui.core import envelope
from mentor_tui.core.envelope import (
    ENVELOPE_VERSION,
    MAGIC,
    HeaderInfo,
    header_info,
    open_file,
    parse_envelope,
    peek_header,
    seal_compressed,
    seal_file,
    seal_file_with,
)
from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import FAST, KdfParams
from mentor_tui.core.syncfile import parse_payload
from mentor_tui.core.syncfile_checks import MAX_STRING

PASS = "正确的口令 correct horse"
INFO = HeaderInfo("3a1b2c3d4e5f", "王老师", "2026-11-20T17:05:09")
PREFIX = len(MAGIC) + 3
VECTORS = json.loads((Path(__file__).parent / "vectors" / "sync_v2.json").read_text("utf-8"))


def header_of(data: bytes) -> dict:
    hlen = int.from_bytes(data[len(MAGIC) + 1 : PREFIX], "big")
    return json.loads(data[PREFIX : PREFIX + hlen])


def test_v2_layout_and_round_trip():
    data = seal_file(b'{"a":1}', PASS, FAST, INFO)
    assert data[len(MAGIC)] == ENVELOPE_VERSION == 2
    header = header_of(data)
    assert set(header) == {"kdf", "t", "m", "p", "salt", "nonce", "vault", "name", "at"}
    assert header["vault"] == INFO.vault_id and header["name"] == "王老师"
    assert header["at"] == INFO.exported_at
    hlen = int.from_bytes(data[len(MAGIC) + 1 : PREFIX], "big")
    assert data[PREFIX : PREFIX + hlen].isascii()
    assert open_file(data, PASS) == b'{"a":1}'
    env = parse_envelope(data)
    assert env.version == 2 and env.info == INFO


def test_peek_needs_only_the_start_and_no_passphrase(monkeypatch):
    data = seal_file(b"x" * 5000, PASS, FAST, INFO)
    calls = []
    monkeypatch.setattr(envelope, "derive", lambda *a: calls.append(a))
    env = peek_header(data[: envelope.PEEK_BYTES])
    assert env.info == INFO and env.params == FAST and calls == []


def test_v1_files_have_no_info_and_still_open():
    data = seal_file(b"{}", PASS, FAST)  # the old layout
    assert data[len(MAGIC)] == 1
    assert parse_envelope(data).info is None and open_file(data, PASS) == b"{}"


@pytest.mark.parametrize(
    "field,value",
    [("vault", "3a1b2c3d4e5e"), ("name", "李老师"), ("at", "2026-11-20T17:05:10")],
)
def test_every_header_field_is_authenticated(field, value):
    data = seal_file(b"{}", PASS, FAST, INFO)
    header = header_of(data)
    header[field] = value
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")
    forged = (
        data[:11] + len(raw).to_bytes(2, "big") + raw + data[PREFIX + len(header_of_raw(data)) :]
    )
    assert peek_header(forged).info != INFO  # readable in clear...
    with pytest.raises(MentorError) as info:
        open_file(forged, PASS)
    assert info.value.key == "sync.wrong_passphrase"  # ...but the change fails authentication


def header_of_raw(data: bytes) -> bytes:
    hlen = int.from_bytes(data[len(MAGIC) + 1 : PREFIX], "big")
    return data[PREFIX : PREFIX + hlen]


@pytest.mark.parametrize(
    "changes",
    [
        {"vault": "bad id!"},
        {"vault": ""},
        {"vault": 5},
        {"name": ""},
        {"name": "x" * 65},
        {"name": "a\u0000b"},
        {"name": None},
        {"at": "2026-11-20"},
        {"at": "2026-13-40T10:00:00"},
        {"at": 1},
        {"extra": 1},
    ],
)
def test_bad_v2_headers_are_damaged(changes):
    data = seal_file(b"{}", PASS, FAST, INFO)
    header = header_of(data)
    header.update(changes)
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")
    forged = data[:11] + len(raw).to_bytes(2, "big") + raw + b"\0" * 40
    with pytest.raises(MentorError) as info:
        peek_header(forged)
    assert info.value.key == "sync.damaged"


def test_a_v1_header_under_the_v2_byte_is_damaged():
    data = bytearray(seal_file(b"{}", PASS, FAST))
    data[len(MAGIC)] = 2
    with pytest.raises(MentorError) as info:
        open_file(bytes(data), PASS)
    assert info.value.key == "sync.damaged"


def test_header_info_cleans_and_cuts_the_name():
    assert header_info("abc", "  王\n老师\u0000 ", "2026-01-01T00:00:00").name == "王老师"
    assert len(header_info("abc", "名" * 100, "2026-01-01T00:00:00").name) == envelope.MAX_NAME
    assert header_info("abc", "\n", "2026-01-01T00:00:00").name == "?"
    with pytest.raises(ValueError):
        header_info("bad id", "x", "2026-01-01T00:00:00")
    # the longest name still fits the header cap
    long = header_info("a" * 64, "\U0001f600" * 64, "2026-01-01T00:00:00")
    assert len(seal_file(b"", PASS, FAST, long)) < 2000


def test_the_string_cap_is_bounded_only_by_the_payload_cap():
    assert envelope.MAX_PAYLOAD_BYTES == MAX_STRING > 1_000_000


@pytest.mark.parametrize("vec", VECTORS["vectors"], ids=lambda v: v["name"])
def test_known_answer_vectors_v2(vec):
    sealed_bytes = bytes.fromhex(vec["sealed_hex"])
    params = KdfParams(**vec["kdf"])
    salt, nonce = bytes.fromhex(vec["salt_hex"]), bytes.fromhex(vec["nonce_hex"])
    compressed = bytes.fromhex(vec["compressed_hex"])
    h = vec["header"]
    info = HeaderInfo(h["vault"], h["name"], h["at"])
    payload = open_file(sealed_bytes, vec["passphrase"])
    assert hashlib.sha256(payload).hexdigest() == vec["payload_sha256"]
    if "payload_utf8" in vec:
        assert payload == vec["payload_utf8"].encode("utf-8")
    env = parse_envelope(sealed_bytes)
    assert env[:3] == (params, salt, nonce) and env.version == 2 and env.info == info
    assert zlib.decompress(compressed) == payload
    assert seal_compressed(compressed, vec["passphrase"], params, salt, nonce, info) == sealed_bytes
    if zlib.compress(payload, envelope.COMPRESS_LEVEL) == compressed:
        assert seal_file_with(payload, vec["passphrase"], params, salt, nonce, info) == sealed_bytes
    with pytest.raises(MentorError):
        open_file(sealed_bytes, vec["passphrase"] + "x")
    if payload:
        parsed = parse_payload(payload)
        assert parsed.rejected == []


def test_the_long_note_vector_holds_a_string_over_the_old_cap():
    vec = next(v for v in VECTORS["vectors"] if v["name"] == "note-over-the-format-1-cap")
    payload = parse_payload(open_file(bytes.fromhex(vec["sealed_hex"]), vec["passphrase"]))
    (version,) = payload.versions
    assert len(version.payload["text"]) == 1_000_001
