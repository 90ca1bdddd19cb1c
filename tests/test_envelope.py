"""The sync file envelope: round trip, and every kind of bad file fails with a MentorError."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mentor_tui.core import envelope
from mentor_tui.core.envelope import (
    ENVELOPE_VERSION,
    MAGIC,
    encode_header,
    open_file,
    parse_envelope,
    seal_compressed,
    seal_file,
    seal_file_with,
)
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import catalog
from mentor_tui.core.kdf import FAST, KdfParams

PASS = "正确的口令 correct horse"
SALT = bytes(range(16))
NONCE = bytes(range(100, 112))
PREFIX = len(MAGIC) + 3


def sealed(payload: bytes = b"{}", passphrase: str = PASS) -> bytes:
    return seal_file_with(payload, passphrase, FAST, SALT, NONCE)


def error_key(data: bytes, passphrase: str = PASS, **kw) -> str:
    with pytest.raises(MentorError) as info:
        open_file(data, passphrase, **kw)
    assert info.value.key in catalog(), info.value.key
    return info.value.key


def with_header(header: dict | bytes, body: bytes = b"\0" * 40, version: int = 1) -> bytes:
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    return MAGIC + bytes([version]) + len(raw).to_bytes(2, "big") + raw + body


def good_header(**changes) -> dict:
    header = json.loads(encode_header(FAST, SALT, NONCE))
    header.update(changes)
    return header


@pytest.fixture
def derive_calls(monkeypatch):
    calls = []
    real = envelope.derive

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(envelope, "derive", counting)
    return calls


@pytest.mark.parametrize("payload", [b"", b"{}", "学生：小明\n".encode() * 50, bytes(range(256))])
def test_round_trip(payload):
    assert open_file(seal_file(payload, PASS, FAST), PASS) == payload


def test_fresh_salt_and_nonce_each_time():
    a, b = seal_file(b"{}", PASS, FAST), seal_file(b"{}", PASS, FAST)
    assert a != b
    assert parse_envelope(a)[1:3] != parse_envelope(b)[1:3]


def test_default_params_follow_env(monkeypatch):
    monkeypatch.setenv("MENTOR_KDF", "fast")
    params = parse_envelope(seal_file(b"x", PASS))[0]
    assert params == FAST


def test_layout():
    data = sealed()
    # sealed() writes the old layout (no HeaderInfo): version 1, read by the old reader kept
    # for it; the version 2 layout is tested in test_envelope_v2.py
    assert data.startswith(MAGIC) and data[len(MAGIC)] == 1 < ENVELOPE_VERSION
    hlen = int.from_bytes(data[len(MAGIC) + 1 : PREFIX], "big")
    header = json.loads(data[PREFIX : PREFIX + hlen])
    assert header == {
        "kdf": "argon2id",
        "t": 1,
        "m": 1024,
        "p": 1,
        "salt": "AAECAwQFBgcICQoLDA0ODw==",
        "nonce": "ZGVmZ2hpamtsbW5v",
    }
    # ciphertext = zlib stream + 16-byte tag
    assert len(data) - PREFIX - hlen == len(zlib.compress(b"{}", 9)) + 16


def test_nfd_passphrase_opens_nfc_file():
    pw = "café 老师的口令"
    data = sealed(b"x", unicodedata.normalize("NFC", pw))
    assert open_file(data, unicodedata.normalize("NFD", pw)) == b"x"


@pytest.mark.parametrize("wrong", ["wrong passphrase", PASS + " ", "", "x" * 5000])
def test_wrong_passphrase(wrong):
    assert error_key(sealed(), wrong) == "sync.wrong_passphrase"


def test_changed_header_fails_even_when_equivalent():
    data = sealed()
    hlen = int.from_bytes(data[len(MAGIC) + 1 : PREFIX], "big")
    body = data[PREFIX + hlen :]
    same_content = json.dumps(json.loads(data[PREFIX : PREFIX + hlen]), indent=1).encode()
    assert error_key(with_header(same_content, body)) == "sync.wrong_passphrase"
    assert error_key(with_header(good_header(t=2), body)) == "sync.wrong_passphrase"
    other_nonce = good_header(nonce="AAAAAAAAAAAAAAAA")
    assert error_key(with_header(other_nonce, body)) == "sync.wrong_passphrase"


@pytest.mark.parametrize(
    "version,key",
    [(ENVELOPE_VERSION + 1, "sync.too_new"), (255, "sync.too_new"), (0, "sync.damaged")],
)
def test_wrong_version(version, key, derive_calls):
    data = bytearray(sealed())
    derive_calls.clear()
    data[len(MAGIC)] = version
    assert error_key(bytes(data)) == key
    assert derive_calls == []


@pytest.mark.parametrize(
    "data,key",
    [
        (b"", "sync.empty"),
        (b"M", "sync.damaged"),
        (b"X", "sync.not_sync_file"),
        (b"\0", "sync.not_sync_file"),
        (MAGIC, "sync.damaged"),
        (MAGIC + b"\1\0", "sync.damaged"),
    ],
)
def test_short_files(data, key):
    assert error_key(data) == key


def test_truncated_at_every_offset():
    data = sealed(b'{"a":1}')
    keys = {error_key(data[:n]) for n in range(len(data))}
    assert keys <= {"sync.empty", "sync.damaged", "sync.wrong_passphrase"}
    assert open_file(data, PASS) == b'{"a":1}'


def test_every_single_bit_flip_fails():
    data = sealed(b"{}")
    assert len(data) < 160  # keep this test quick
    keys = set()
    for i in range(len(data)):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[i] ^= 1 << bit
            keys.add(error_key(bytes(flipped)))
    assert "sync.wrong_passphrase" in keys and "sync.not_sync_file" in keys


def test_renamed_docx_and_sqlite_files():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>学生</w:document>")
    assert error_key(buf.getvalue()) == "sync.not_sync_file"
    sqlite = b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\0" * 4076
    assert error_key(sqlite) == "sync.not_sync_file"


@pytest.mark.parametrize(
    "changes",
    [
        {"m": 2**40},
        {"m": 512 * 1024 + 1},
        {"t": 1000},
        {"t": 11},
        {"p": 0},
        {"p": 17},
        {"t": 0},
        {"m": 7},
        {"m": 64, "p": 16},
        {"t": "3"},
        {"t": True},
        {"m": 1024.0},
        {"m": None},
        {"kdf": "scrypt"},
        {"t": -1},
    ],
)
def test_hostile_kdf_params_refused_before_deriving(changes, derive_calls):
    assert error_key(with_header(good_header(**changes))) == "sync.kdf_params"
    assert derive_calls == []


@pytest.mark.parametrize(
    "header",
    [
        b"",
        b"not json",
        b"[]",
        b"{}",
        b'{"kdf":"argon2id"}',
        '{"t":"é"}'.encode(),
        b'{"kdf":"argon2id","kdf":"argon2id","t":1,"m":1024,"p":1,"salt":"","nonce":""}',
        json.dumps(good_header(extra=1)).encode(),
        json.dumps(good_header(salt="AAEC")).encode(),
        json.dumps(good_header(salt=123)).encode(),
        json.dumps(good_header(nonce="ZGVmZ2hpamtsbW5v\n")).encode(),
        json.dumps(good_header(salt="AAECAwQFBgcICQoLDA0ODx==")).encode(),  # non-canonical
        json.dumps(good_header(t=float("nan"))).encode(),
        b"{" + b" " * 1100 + b"}",
    ],
)
def test_malformed_header_refused_before_deriving(header, derive_calls):
    assert error_key(with_header(header)) in {"sync.damaged", "sync.kdf_params"}
    assert derive_calls == []


def test_header_length_beyond_file():
    data = MAGIC + b"\1" + (500).to_bytes(2, "big") + b'{"kdf"'
    assert error_key(data) == "sync.damaged"


def test_oversize(monkeypatch, derive_calls):
    data = sealed()
    derive_calls.clear()
    assert error_key(data, max_file_bytes=len(data) - 1) == "sync.too_large"
    monkeypatch.setattr(envelope, "MAX_FILE_BYTES", 64)
    assert error_key(data) == "sync.too_large"
    assert error_key(b"\0" * 65) == "sync.too_large"
    assert derive_calls == []


def test_decompression_is_capped():
    bomb = seal_file_with(b"\0" * (4 << 20), PASS, FAST, SALT, NONCE)
    assert len(bomb) < 10_000
    assert error_key(bomb, max_payload_bytes=1 << 20) == "sync.payload_too_large"
    exact = sealed(b"a" * 1000)
    assert open_file(exact, PASS, max_payload_bytes=1000) == b"a" * 1000
    assert error_key(exact, max_payload_bytes=999) == "sync.payload_too_large"


@pytest.mark.parametrize(
    "compressed",
    [
        b"",
        b"not zlib at all",
        zlib.compress(b"hello")[:-3],
        zlib.compress(b"hello") + b"junk",
    ],
)
def test_bad_compression_inside_valid_encryption(compressed):
    data = seal_compressed(compressed, PASS, FAST, SALT, NONCE)
    assert error_key(data) == "sync.damaged"


def test_kdf_failure_is_a_mentor_error(monkeypatch):
    data = sealed()

    def boom(*_a, **_k):
        raise MemoryError

    monkeypatch.setattr(envelope, "derive", boom)
    assert error_key(data) == "sync.kdf_failed"


def test_seal_refuses_bad_inputs():
    with pytest.raises(ValueError):
        seal_file_with(b"x", PASS, FAST, b"short", NONCE)
    with pytest.raises(MentorError):
        seal_file_with(b"x", PASS, KdfParams(t=100, m=1024, p=1), SALT, NONCE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([b"", MAGIC, MAGIC + b"\1", MAGIC + b"\1\0"]))
def test_fuzz_only_mentor_errors(tail, prefix):
    with pytest.raises(MentorError):
        open_file(prefix + tail, PASS)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_mutations_of_a_valid_file(data):
    original = sealed(b'{"k":"v"}')
    mutated = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(mutated) - 1))
        mutated[i] = data.draw(st.integers(0, 255))
    if bytes(mutated) != original:
        with pytest.raises(MentorError):
            open_file(bytes(mutated), PASS)


# --- known-answer vectors: a refactor must not change the format silently ------------------

VECTORS = json.loads((Path(__file__).parent / "vectors" / "sync_v1.json").read_text("utf-8"))


@pytest.mark.parametrize("vec", VECTORS["vectors"], ids=lambda v: v["name"])
def test_known_answer_vectors(vec):
    sealed_bytes = bytes.fromhex(vec["sealed_hex"])
    payload = vec["payload_utf8"].encode("utf-8")
    params = KdfParams(**vec["kdf"])
    salt, nonce = bytes.fromhex(vec["salt_hex"]), bytes.fromhex(vec["nonce_hex"])
    compressed = bytes.fromhex(vec["compressed_hex"])
    assert open_file(sealed_bytes, vec["passphrase"]) == payload
    assert parse_envelope(sealed_bytes)[:3] == (params, salt, nonce)
    assert zlib.decompress(compressed) == payload
    # The encryption layer is fully deterministic given salt and nonce.
    assert seal_compressed(compressed, vec["passphrase"], params, salt, nonce) == sealed_bytes
    # zlib builds (zlib vs zlib-ng) may compress differently; where ours matches, so must all.
    if zlib.compress(payload, envelope.COMPRESS_LEVEL) == compressed:
        assert seal_file_with(payload, vec["passphrase"], params, salt, nonce) == sealed_bytes
    assert error_key(sealed_bytes, vec["passphrase"] + "x") == "sync.wrong_passphrase"
