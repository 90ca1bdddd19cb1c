"""The sync file envelope (../../docs/sync-format.md): passphrase-encrypted, authenticated,
compressed bytes. Pure: no files, no database.

Layout (all integers big-endian)::

    MAGIC (10 bytes b"MENTORSYNC") | ENVELOPE_VERSION (1 byte) | header length (2 bytes)
    | header JSON | AES-256-GCM(key, nonce, zlib(payload), aad = every byte before the ciphertext)

Version 2 (written since issue 14) adds to the clear header the vault id, the profile's display
name and the export time (:class:`HeaderInfo`), so a file can be listed and recognised as hers
without the passphrase; version 1 files (no such fields) are still read.
:func:`peek_header` reads only the header, from the file's first bytes.

The envelope version is the first byte after the magic; the payload inside has its own format
version (``PAYLOAD_FORMAT_VERSION`` in :mod:`~mentor_tui.core.syncfile_checks`).

Opening runs its checks in a fixed order and does no expensive work before the cheap checks
pass: size cap → magic → version → header → KDF caps → decrypt/authenticate → decompress with
a cap. Every failure is a :class:`MentorError`; no other exception escapes, whatever the bytes.

The key comes from a :data:`KeySource`: :func:`seal_file` and :func:`open_file` derive it from a
passphrase; :class:`~mentor_tui.db.sync_keys.SyncKeys` passes its cache to :func:`seal_with`
and :func:`open_with`, so both ways share every step but the key.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import re
import zlib
from collections.abc import Callable
from typing import NamedTuple

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
from mentor_tui.core.strict_json import strict_loads

MAGIC = b"MENTORSYNC"
ENVELOPE_VERSION = 2  # the byte after MAGIC, as we write it
OLD_ENVELOPE_VERSIONS = frozenset({1})  # still read: no vault id, name or time in the header
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
MAX_HEADER_BYTES = 1024
MAX_NAME = 64  # characters of the display name in the header (the writer cuts longer names)
PEEK_BYTES = 13 + MAX_HEADER_BYTES  # enough of a file's start for peek_header
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
COMPRESS_LEVEL = 9  # seal_file's; any zlib stream is valid (the export uses its own level)

_PREFIX = len(MAGIC) + 1 + 2
_HEADER_KEYS_V1 = frozenset({"kdf", "t", "m", "p", "salt", "nonce"})
_HEADER_KEYS = _HEADER_KEYS_V1 | {"vault", "name", "at"}
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_BAD_NAME_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

KeySource = Callable[[bytes, KdfParams], bytes]
"""(salt, KDF parameters) → the 32-byte key; raises a MentorError when it cannot."""


class HeaderInfo(NamedTuple):
    """What a version 2 header says in clear: whose file it is and when it was written. Nothing
    about a child. Authenticated with the rest of the header (associated data)."""

    vault_id: str
    name: str  # the profile's display name (at most MAX_NAME characters)
    exported_at: str  # local time, ``YYYY-MM-DDTHH:MM:SS``


class Envelope(NamedTuple):
    """A sync file's envelope after the cheap checks (:func:`parse_envelope`)."""

    params: KdfParams
    salt: bytes
    nonce: bytes
    aad: bytes  # every byte before the ciphertext
    ciphertext: bytes
    version: int = ENVELOPE_VERSION
    info: HeaderInfo | None = None  # version 2: vault id, name, export time; None for version 1


def header_info(vault_id: str, name: str, exported_at: str) -> HeaderInfo:
    """A :class:`HeaderInfo` for writing: the name cleaned of control characters and cut to
    :data:`MAX_NAME` characters (a blank name becomes ``"?"``); ``ValueError`` for a bad id or
    time (a programming error)."""
    clean = _BAD_NAME_CHARS.sub("", name).strip()[:MAX_NAME].strip() or "?"
    info = HeaderInfo(vault_id, clean, exported_at)
    if not _info_ok(info):
        raise ValueError("bad vault id or export time for the sync file header")
    return info


def _info_ok(info: HeaderInfo) -> bool:
    name = info.name
    if not (isinstance(info.vault_id, str) and _ID.fullmatch(info.vault_id)):
        return False
    if not (isinstance(name, str) and 1 <= len(name) <= MAX_NAME):
        return False
    if _BAD_NAME_CHARS.search(name) or not isinstance(info.exported_at, str):
        return False
    if not _AT.fullmatch(info.exported_at):
        return False
    try:
        dt.datetime.fromisoformat(info.exported_at)
    except ValueError:
        return False
    return True


def check_file_size(size: int, cap: int | None = None) -> None:
    """``sync.too_large`` when ``size`` bytes exceed ``cap`` (default ``MAX_FILE_BYTES``, read
    at call time): the one check of a sync file's size, on disk or in memory."""
    cap = MAX_FILE_BYTES if cap is None else cap
    if size > cap:
        raise MentorError("sync.too_large", mb=_mb(cap))


def _mb(n: int) -> int:
    return n // (1024 * 1024)


def seal_file(
    payload: bytes,
    passphrase: str,
    params: KdfParams | None = None,
    info: HeaderInfo | None = None,
) -> bytes:
    """Compress and encrypt ``payload`` under ``passphrase`` with a fresh salt and nonce.
    With ``info`` a version 2 file; without, the old version 1 layout (tests and vectors)."""
    return seal_file_with(
        payload,
        passphrase,
        params or default_params(),
        os.urandom(SALT_BYTES),
        os.urandom(NONCE_BYTES),
        info,
    )


def seal_file_with(
    payload: bytes,
    passphrase: str,
    params: KdfParams,
    salt: bytes,
    nonce: bytes,
    info: HeaderInfo | None = None,
) -> bytes:
    """Deterministic sealing, for known-answer vectors only: never reuse a salt or nonce."""
    return seal_compressed(
        zlib.compress(bytes(payload), COMPRESS_LEVEL), passphrase, params, salt, nonce, info
    )


def seal_compressed(
    compressed: bytes,
    passphrase: str,
    params: KdfParams,
    salt: bytes,
    nonce: bytes,
    info: HeaderInfo | None = None,
) -> bytes:
    """Encrypt an already zlib-compressed payload (the vectors pin this step separately,
    since zlib builds may compress the same bytes differently)."""
    return seal_with(compressed, lambda s, p: derive(passphrase, s, p), params, salt, nonce, info)


def seal_with(
    compressed: bytes,
    key_for: KeySource,
    params: KdfParams,
    salt: bytes,
    nonce: bytes,
    info: HeaderInfo | None = None,
) -> bytes:
    """The envelope around an already compressed payload, with the key ``key_for`` gives for
    this salt and these parameters (asked only once the size is known to fit). ``info``: a
    version 2 header (what the app writes); None writes the old version 1 layout."""
    if len(salt) != SALT_BYTES or len(nonce) != NONCE_BYTES:
        raise ValueError("salt must be 16 bytes and nonce 12 bytes")
    params = params_from_dict(params.to_dict())
    aad = associated_data(params, salt, nonce, info)
    check_file_size(len(aad) + len(compressed) + TAG_BYTES)
    return aad + seal(key_for(salt, params), nonce, bytes(compressed), aad)


def associated_data(
    params: KdfParams, salt: bytes, nonce: bytes, info: HeaderInfo | None = None
) -> bytes:
    """Every byte before the ciphertext (authenticated with it): magic, version, header."""
    header = encode_header(params, salt, nonce, info)
    version = 1 if info is None else ENVELOPE_VERSION
    return MAGIC + bytes([version]) + len(header).to_bytes(2, "big") + header


def encode_header(
    params: KdfParams, salt: bytes, nonce: bytes, info: HeaderInfo | None = None
) -> bytes:
    """The header JSON: sorted keys, compact, ASCII (the name's other characters escaped)."""
    header: dict[str, object] = {
        "kdf": "argon2id",
        "t": params.t,
        "m": params.m,
        "p": params.p,
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    if info is not None:
        if not _info_ok(info):
            raise ValueError("bad sync file header info (use header_info)")
        header.update(vault=info.vault_id, name=info.name, at=info.exported_at)
    raw = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    if len(raw) > MAX_HEADER_BYTES:
        raise ValueError("sync file header too long")
    return raw.encode("ascii")


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

    def key_for(salt: bytes, params: KdfParams) -> bytes:
        if len(passphrase) > MAX_PASSPHRASE:
            # seal_file refuses such a passphrase, so it cannot be the right one.
            raise MentorError("sync.wrong_passphrase")
        try:
            return derive(passphrase, salt, params)
        except MentorError:
            raise
        except Exception:  # noqa: BLE001 - out of memory and the like: one sentence
            raise MentorError("sync.kdf_failed") from None

    return open_with(
        data, key_for, max_file_bytes=max_file_bytes, max_payload_bytes=max_payload_bytes
    )


def open_with(
    data: bytes,
    key_for: KeySource,
    *,
    max_file_bytes: int | None = None,
    max_payload_bytes: int | None = None,
) -> bytes:
    """:func:`open_file` with the key from ``key_for`` (asked only after the cheap checks)."""
    try:
        env = parse_envelope(data, max_file_bytes)
        compressed = open_sealed(key_for(env.salt, env.params), env.nonce, env.ciphertext, env.aad)
        if compressed is None:
            raise MentorError("sync.wrong_passphrase")
        return _decompress(
            compressed, MAX_PAYLOAD_BYTES if max_payload_bytes is None else max_payload_bytes
        )
    except MentorError:
        raise
    except Exception:  # noqa: BLE001 - a last guard: hostile bytes must never surface as a traceback
        raise MentorError("sync.damaged") from None


def parse_envelope(data: bytes, max_file_bytes: int | None = None) -> Envelope:
    """The cheap checks, before any key derivation."""
    data = bytes(data)
    check_file_size(len(data), max_file_bytes)
    env = _parse_prefix(data)
    if len(env.ciphertext) < TAG_BYTES:
        raise MentorError("sync.damaged")
    return env


def peek_header(start: bytes) -> Envelope:
    """The envelope's header from the first bytes of a file (:data:`PEEK_BYTES` are enough):
    its version, KDF parameters and, for version 2, :class:`HeaderInfo` — to list sync files
    and recognise hers without the passphrase. Nothing is authenticated yet: a changed header
    fails later, when the file is opened. ``ciphertext`` holds what followed the header in
    ``start`` (a part of it)."""
    return _parse_prefix(bytes(start))


def _parse_prefix(data: bytes) -> Envelope:
    if not data:
        raise MentorError("sync.empty")
    if not data.startswith(MAGIC):
        # A cut-short copy of a real sync file still starts like one.
        raise MentorError("sync.damaged" if MAGIC.startswith(data) else "sync.not_sync_file")
    if len(data) < _PREFIX:
        raise MentorError("sync.damaged")
    version = data[len(MAGIC)]
    if version > ENVELOPE_VERSION:
        raise MentorError("sync.too_new")
    if version != ENVELOPE_VERSION and version not in OLD_ENVELOPE_VERSIONS:
        raise MentorError("sync.damaged")
    hlen = int.from_bytes(data[len(MAGIC) + 1 : _PREFIX], "big")
    if hlen == 0 or hlen > MAX_HEADER_BYTES or len(data) < _PREFIX + hlen:
        raise MentorError("sync.damaged")
    header_bytes = data[_PREFIX : _PREFIX + hlen]
    header = _parse_header(header_bytes, version)
    try:
        params = params_from_dict({k: header[k] for k in ("t", "m", "p")})
    except MentorError:
        raise MentorError("sync.kdf_params") from None
    salt = _b64(header["salt"], SALT_BYTES)
    nonce = _b64(header["nonce"], NONCE_BYTES)
    info = None
    if version >= 2:
        vault, name, at = header["vault"], header["name"], header["at"]
        if not (isinstance(vault, str) and isinstance(name, str) and isinstance(at, str)):
            raise MentorError("sync.damaged")
        info = HeaderInfo(vault, name, at)
        if not _info_ok(info):
            raise MentorError("sync.damaged")
    aad = data[: _PREFIX + hlen]
    ciphertext = data[_PREFIX + hlen :]
    return Envelope(params, salt, nonce, aad, ciphertext, version, info)


def _parse_header(raw: bytes, version: int) -> dict[str, object]:
    try:
        # Numbers are checked as KDF parameters (sync.kdf_params), not here.
        header = strict_loads(raw.decode("ascii"), finite_numbers=False)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MentorError("sync.damaged") from None
    keys = _HEADER_KEYS_V1 if version == 1 else _HEADER_KEYS
    if not isinstance(header, dict) or set(header) != keys:
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
