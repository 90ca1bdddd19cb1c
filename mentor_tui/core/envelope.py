"""The sync file envelope (../../docs/sync-format.md): passphrase-encrypted, authenticated,
compressed bytes. Pure: no files, no database.

Layout (all integers big-endian)::

    MAGIC (10 bytes b"MENTORSYNC") | version (1 byte) | header length (2 bytes) | header JSON
    | AES-256-GCM(key, nonce, zlib(payload), aad = every byte before the ciphertext)

``open_file`` runs its checks in a fixed order and does no expensive work before the cheap
checks pass: size cap → magic → version → header → KDF caps → decrypt/authenticate →
decompress with a cap. Every failure is a :class:`MentorError`; no other exception escapes,
whatever the bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import zlib

from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import (
    MAX_PASSPHRASE,
    KdfParams,
    default_params,
    derive,
    open_sealed,
    params_from_dict,
    seal,
)

MAGIC = b"MENTORSYNC"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
MAX_HEADER_BYTES = 1024
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
COMPRESS_LEVEL = 9

_PREFIX = len(MAGIC) + 1 + 2
_HEADER_KEYS = frozenset({"kdf", "t", "m", "p", "salt", "nonce"})
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _mb(n: int) -> int:
    return n // (1024 * 1024)


def seal_file(payload: bytes, passphrase: str, params: KdfParams | None = None) -> bytes:
    """Compress and encrypt ``payload`` under ``passphrase`` with a fresh salt and nonce."""
    return seal_file_with(
        payload,
        passphrase,
        params or default_params(),
        os.urandom(SALT_BYTES),
        os.urandom(NONCE_BYTES),
    )


def seal_file_with(
    payload: bytes, passphrase: str, params: KdfParams, salt: bytes, nonce: bytes
) -> bytes:
    """Deterministic sealing, for known-answer vectors only: never reuse a salt or nonce."""
    return seal_compressed(
        zlib.compress(bytes(payload), COMPRESS_LEVEL), passphrase, params, salt, nonce
    )


def seal_compressed(
    compressed: bytes, passphrase: str, params: KdfParams, salt: bytes, nonce: bytes
) -> bytes:
    """Encrypt an already zlib-compressed payload (the vectors pin this step separately,
    since zlib builds may compress the same bytes differently)."""
    if len(salt) != SALT_BYTES or len(nonce) != NONCE_BYTES:
        raise ValueError("salt must be 16 bytes and nonce 12 bytes")
    params = params_from_dict(params.to_dict())
    header = encode_header(params, salt, nonce)
    aad = MAGIC + bytes([FORMAT_VERSION]) + len(header).to_bytes(2, "big") + header
    if len(aad) + len(compressed) + TAG_BYTES > MAX_FILE_BYTES:
        raise MentorError("sync.too_large", mb=_mb(MAX_FILE_BYTES))
    key = derive(passphrase, salt, params)
    return aad + seal(key, nonce, bytes(compressed), aad)


def encode_header(params: KdfParams, salt: bytes, nonce: bytes) -> bytes:
    header = {
        "kdf": "argon2id",
        "t": params.t,
        "m": params.m,
        "p": params.p,
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")


def open_file(
    data: bytes,
    passphrase: str,
    *,
    max_file_bytes: int | None = None,
    max_payload_bytes: int | None = None,
) -> bytes:
    """Check, decrypt and decompress a sync file; the payload bytes, or a MentorError.

    The caps default to ``MAX_FILE_BYTES`` and ``MAX_PAYLOAD_BYTES`` (read at call time).
    """
    try:
        params, salt, nonce, aad, ciphertext = parse_envelope(data, max_file_bytes)
        compressed = _decrypt(passphrase, params, salt, nonce, aad, ciphertext)
        return _decompress(
            compressed, MAX_PAYLOAD_BYTES if max_payload_bytes is None else max_payload_bytes
        )
    except MentorError:
        raise
    except Exception:  # noqa: BLE001 - a last guard: hostile bytes must never surface as a traceback
        raise MentorError("sync.damaged") from None


def parse_envelope(
    data: bytes, max_file_bytes: int | None = None
) -> tuple[KdfParams, bytes, bytes, bytes, bytes]:
    """The cheap checks, before any key derivation: (params, salt, nonce, aad, ciphertext)."""
    if max_file_bytes is None:
        max_file_bytes = MAX_FILE_BYTES
    data = bytes(data)
    if len(data) > max_file_bytes:
        raise MentorError("sync.too_large", mb=_mb(max_file_bytes))
    if not data:
        raise MentorError("sync.empty")
    if not data.startswith(MAGIC):
        # A cut-short copy of a real sync file still starts like one.
        raise MentorError("sync.damaged" if MAGIC.startswith(data) else "sync.not_sync_file")
    if len(data) < _PREFIX:
        raise MentorError("sync.damaged")
    version = data[len(MAGIC)]
    if version > FORMAT_VERSION:
        raise MentorError("sync.too_new")
    if version != FORMAT_VERSION:
        raise MentorError("sync.damaged")
    hlen = int.from_bytes(data[len(MAGIC) + 1 : _PREFIX], "big")
    if hlen == 0 or hlen > MAX_HEADER_BYTES or len(data) < _PREFIX + hlen:
        raise MentorError("sync.damaged")
    header_bytes = data[_PREFIX : _PREFIX + hlen]
    header = _parse_header(header_bytes)
    try:
        params = params_from_dict({k: header[k] for k in ("t", "m", "p")})
    except MentorError:
        raise MentorError("sync.kdf_params") from None
    salt = _b64(header["salt"], SALT_BYTES)
    nonce = _b64(header["nonce"], NONCE_BYTES)
    aad = data[: _PREFIX + hlen]
    ciphertext = data[_PREFIX + hlen :]
    if len(ciphertext) < TAG_BYTES:
        raise MentorError("sync.damaged")
    return params, salt, nonce, aad, ciphertext


def _parse_header(raw: bytes) -> dict:
    def no_constant(_: str) -> object:
        raise ValueError("non-finite number")

    def unique(pairs: list) -> dict:
        out = dict(pairs)
        if len(out) != len(pairs):
            raise ValueError("duplicate key")
        return out

    try:
        header = json.loads(
            raw.decode("ascii"), object_pairs_hook=unique, parse_constant=no_constant
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MentorError("sync.damaged") from None
    if not isinstance(header, dict) or set(header) != _HEADER_KEYS:
        raise MentorError("sync.damaged")
    if header["kdf"] != "argon2id":
        raise MentorError("sync.kdf_params")
    return header


def _b64(value: object, size: int) -> bytes:
    if not isinstance(value, str) or not _B64.fullmatch(value):
        raise MentorError("sync.damaged")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise MentorError("sync.damaged") from None
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != value:
        raise MentorError("sync.damaged")
    return raw


def _decrypt(
    passphrase: str, params: KdfParams, salt: bytes, nonce: bytes, aad: bytes, ciphertext: bytes
) -> bytes:
    if len(passphrase) > MAX_PASSPHRASE:
        # seal_file refuses such a passphrase, so it cannot be the right one.
        raise MentorError("sync.wrong_passphrase")
    try:
        key = derive(passphrase, salt, params)
    except MentorError:
        raise
    except Exception:  # noqa: BLE001 - out of memory and the like: one sentence
        raise MentorError("sync.kdf_failed") from None
    plain = open_sealed(key, nonce, ciphertext, aad)
    if plain is None:
        raise MentorError("sync.wrong_passphrase")
    return plain


def _decompress(compressed: bytes, cap: int) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(compressed, cap + 1)
    except zlib.error:
        raise MentorError("sync.damaged") from None
    if len(out) > cap or d.unconsumed_tail:
        raise MentorError("sync.payload_too_large", mb=_mb(cap))
    if not d.eof or d.unused_data:
        raise MentorError("sync.damaged")
    return out
