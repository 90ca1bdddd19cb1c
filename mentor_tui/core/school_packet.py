"""The two packet kinds between the school and a teacher (docs/school.md "Packets"): the clear
part, the sealing and the signature. Pure: bytes in, bytes out; the bodies are
core/school_bodies.py's.

Layout (integers big-endian), the same for both kinds::

    MAGIC (10 bytes: b"MENTORHAND" handover, b"MENTORREPT" report) | PACKET_VERSION (1 byte)
    | header length (2 bytes) | header: canonical JSON, ASCII
    | AES-256-GCM(key, header.nonce, inner, aad = every byte before the ciphertext)

The header names the school, the sender and the recipient (ids only: no names in clear) and
how the packet is sealed: ``"seal": "x25519"`` with the ephemeral public key ``epk``
(core/school_crypto.py sealing_key), or ``"seal": "code"`` with the Argon2id parameters and
salt of a pick-up code. ``inner`` is the canonical JSON ``{"body": …, "signature": …}``; the
Ed25519 signature covers :data:`SIGNATURE_CONTEXT`, the clear part and the canonical body, so a
packet cannot be re-addressed, re-sealed or edited without the signer's key.

Opening checks in a fixed order and does nothing costly before the cheap checks pass: size →
magic → version → header → (the caller: school, sender, recipient) → key → decrypt → strict
canonical JSON → (the caller: the signer's key) → signature. Every failure is one sentence
(:class:`MentorError`); no other exception escapes, whatever the bytes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import KdfParams, open_sealed, params_from_dict, seal
from mentor_tui.core.school_crypto import (
    KEY_BYTES,
    SIGNATURE_BYTES,
    KeyPair,
    b64,
    code_key,
    opening_key,
    sealing_key,
    unb64,
    verify,
)
from mentor_tui.core.strict_json import strict_loads
from mentor_tui.core.versions import canonical_json

HANDOVER, REPORT = "handover", "report"
MAGICS = {HANDOVER: b"MENTORHAND", REPORT: b"MENTORREPT"}
SUFFIXES = {HANDOVER: ".mentorhandover", REPORT: ".mentorreport"}
PACKET_VERSION = 1
MAX_PACKET_BYTES = 32 * 1024 * 1024  # a report with every record card of a term fits easily
MAX_HEADER_BYTES = 1024
NONCE_BYTES = 12
SALT_BYTES = 16
TAG_BYTES = 16
SIGNATURE_CONTEXT = b"mentor-school packet v1\x00"
SEAL_KEY, SEAL_CODE = "x25519", "code"
_PREFIX = 10 + 1 + 2
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HEADER_KEYS = {
    SEAL_KEY: frozenset({"kind", "school", "from", "to", "seal", "nonce", "epk"}),
    SEAL_CODE: frozenset(
        {"kind", "school", "from", "to", "seal", "nonce", "kdf", "t", "m", "p", "salt"}
    ),
}


@dataclass(frozen=True)
class Header:
    """A packet's clear part, checked."""

    kind: str  # HANDOVER or REPORT
    school: str  # the school's id
    sender: str  # the school's id (handover) or the teacher's (report)
    recipient: str  # the teacher's id (handover) or the school's (report)
    seal: str  # SEAL_KEY or SEAL_CODE
    nonce: bytes
    epk: bytes = b""  # SEAL_KEY: the ephemeral public key
    params: KdfParams | None = None  # SEAL_CODE: Argon2id parameters
    salt: bytes = b""  # SEAL_CODE

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": self.kind,
            "school": self.school,
            "from": self.sender,
            "to": self.recipient,
            "seal": self.seal,
            "nonce": b64(self.nonce),
        }
        if self.seal == SEAL_KEY:
            out["epk"] = b64(self.epk)
        else:
            assert self.params is not None
            out.update({"kdf": "argon2id", **self.params.to_dict(), "salt": b64(self.salt)})
        return out


@dataclass(frozen=True)
class Sealed:
    """A packet after the cheap checks: its header, the bytes it authenticates, the rest."""

    header: Header
    aad: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class Opened:
    """A decrypted packet: its body and the signature, not yet verified (:func:`check_signature`)."""

    header: Header
    body: dict[str, object]
    signature: bytes
    signed: bytes  # the message the signature covers


def kind_of_suffix(name: str) -> str | None:
    return next((k for k, s in SUFFIXES.items() if name.lower().endswith(s)), None)


def read_file(path: Path) -> bytes:
    """A packet file's bytes, its size checked before anything is read; one sentence when it
    cannot be read (the path is named: a file name is not children's data)."""
    try:
        if path.stat().st_size > MAX_PACKET_BYTES:
            raise MentorError("school.packet_too_large", mb=MAX_PACKET_BYTES // (1024 * 1024))
        with open(path, "rb") as fh:
            return fh.read(MAX_PACKET_BYTES + 1)
    except OSError as exc:
        raise MentorError("school.cannot_read", path=str(path), detail=exc.strerror or "") from None


# --- writing -----------------------------------------------------------------------------------


def _clear_part(header: Header) -> bytes:
    text = canonical_json(header.to_json()).encode("ascii")
    if len(text) > MAX_HEADER_BYTES:
        raise ValueError("header too long")
    return MAGICS[header.kind] + bytes([PACKET_VERSION]) + len(text).to_bytes(2, "big") + text


def signed_message(aad: bytes, body: dict[str, object]) -> bytes:
    return SIGNATURE_CONTEXT + aad + canonical_json(body).encode("utf-8")


def _finish(header: Header, key: bytes, body: dict[str, object], signer: KeyPair) -> bytes:
    aad = _clear_part(header)
    signature = signer.sign(signed_message(aad, body))
    inner = canonical_json({"body": body, "signature": b64(signature)}).encode("utf-8")
    data = aad + seal(key, header.nonce, inner, aad)
    if len(data) > MAX_PACKET_BYTES:
        raise MentorError("school.packet_too_large", mb=MAX_PACKET_BYTES // (1024 * 1024))
    return data


def seal_to_key(
    kind: str,
    school: str,
    sender: str,
    recipient: str,
    recipient_seal: bytes,
    body: dict[str, object],
    signer: KeyPair,
    *,
    ephemeral: bytes | None = None,
    nonce: bytes | None = None,
) -> bytes:
    """A packet sealed to ``recipient_seal`` (X25519) and signed by ``signer``. ``ephemeral``
    and ``nonce`` are fresh random bytes unless given (known-answer vectors only)."""
    key, epk = sealing_key(recipient_seal, ephemeral or os.urandom(KEY_BYTES), kind)
    header = Header(
        kind, school, sender, recipient, SEAL_KEY, nonce or os.urandom(NONCE_BYTES), epk=epk
    )
    return _finish(header, key, body, signer)


def seal_with_code(
    kind: str,
    school: str,
    sender: str,
    recipient: str,
    code: str,
    params: KdfParams,
    body: dict[str, object],
    signer: KeyPair,
    *,
    salt: bytes | None = None,
    nonce: bytes | None = None,
) -> bytes:
    """A packet sealed with a pick-up code (Argon2id ``params``) and signed by ``signer``."""
    salt = salt or os.urandom(SALT_BYTES)
    header = Header(
        kind,
        school,
        sender,
        recipient,
        SEAL_CODE,
        nonce or os.urandom(NONCE_BYTES),
        params=params_from_dict(params.to_dict()),
        salt=salt,
    )
    return _finish(header, code_key(code, salt, params), body, signer)


# --- reading -----------------------------------------------------------------------------------


def parse(data: bytes, expect: str | None = None) -> Sealed:
    """The cheap checks (no key, no derivation): ``school.not_packet`` for bytes that are no
    packet (or the other kind, with ``expect``), ``school.packet_damaged`` for a broken one,
    ``school.packet_too_new`` for a later format."""
    data = bytes(data)
    if len(data) > MAX_PACKET_BYTES:
        raise MentorError("school.packet_too_large", mb=MAX_PACKET_BYTES // (1024 * 1024))
    kind = next((k for k, magic in MAGICS.items() if data.startswith(magic)), None)
    if kind is None or (expect is not None and kind != expect):
        prefix = any(m.startswith(data[:10]) for m in MAGICS.values()) and 0 < len(data) < 10
        raise MentorError("school.packet_damaged" if prefix else "school.not_packet")
    if len(data) < _PREFIX:
        raise MentorError("school.packet_damaged")
    if data[10] > PACKET_VERSION:
        raise MentorError("school.packet_too_new")
    if data[10] != PACKET_VERSION:
        raise MentorError("school.packet_damaged")
    size = int.from_bytes(data[11:13], "big")
    if size == 0 or size > MAX_HEADER_BYTES or len(data) < _PREFIX + size + TAG_BYTES:
        raise MentorError("school.packet_damaged")
    raw = data[_PREFIX : _PREFIX + size]
    header = _header(raw, kind)
    return Sealed(header, data[: _PREFIX + size], data[_PREFIX + size :])


def _header(raw: bytes, kind: str) -> Header:
    try:
        text = raw.decode("ascii")
        doc = strict_loads(text, finite_numbers=False)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MentorError("school.packet_damaged") from None
    if not isinstance(doc, dict) or canonical_json(doc) != text:
        raise MentorError("school.packet_damaged")
    how = doc.get("seal")
    if how not in _HEADER_KEYS or set(doc) != _HEADER_KEYS[how] or doc["kind"] != kind:
        raise MentorError("school.packet_damaged")
    for name in ("school", "from", "to"):
        if not isinstance(doc[name], str) or not _ID.fullmatch(doc[name]):
            raise MentorError("school.packet_damaged")
    nonce = unb64(doc["nonce"], NONCE_BYTES)
    if nonce is None:
        raise MentorError("school.packet_damaged")
    if how == SEAL_KEY:
        epk = unb64(doc["epk"], KEY_BYTES)
        if epk is None:
            raise MentorError("school.packet_damaged")
        return Header(kind, doc["school"], doc["from"], doc["to"], how, nonce, epk=epk)
    salt = unb64(doc["salt"], SALT_BYTES)
    if salt is None or doc["kdf"] != "argon2id":
        raise MentorError("school.packet_damaged")
    try:
        params = params_from_dict({k: doc[k] for k in ("t", "m", "p")})
    except MentorError:
        raise MentorError("school.packet_damaged") from None
    return Header(kind, doc["school"], doc["from"], doc["to"], how, nonce, params=params, salt=salt)


def key_for_keys(sealed: Sealed, keys: KeyPair) -> bytes:
    """The AES key of a packet sealed to ``keys`` (``school.packet_needs_code`` for a packet
    sealed with a pick-up code)."""
    h = sealed.header
    if h.seal != SEAL_KEY:
        raise MentorError("school.packet_needs_code")
    key = opening_key(keys, h.epk, h.kind)
    if key is None:
        raise MentorError("school.packet_damaged")
    return key


def key_for_code(sealed: Sealed, code: str) -> bytes:
    h = sealed.header
    if h.seal != SEAL_CODE or h.params is None:
        raise MentorError("school.packet_no_code")
    try:
        return code_key(code, h.salt, h.params)
    except MentorError:
        raise
    except Exception:  # noqa: BLE001 - out of memory in the derivation: one sentence
        raise MentorError("school.packet_damaged") from None


def open_packet(sealed: Sealed, key: bytes, wrong_key: str = "school.packet_unreadable") -> Opened:
    """Decrypt and read the inner document; ``wrong_key`` (an i18n key) when the key does not
    open it (a wrong code, another recipient's packet, a changed byte)."""
    inner = open_sealed(key, sealed.header.nonce, sealed.ciphertext, sealed.aad)
    if inner is None:
        raise MentorError(wrong_key)
    try:
        text = inner.decode("utf-8")
        doc = strict_loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MentorError("school.packet_damaged") from None
    if not isinstance(doc, dict) or set(doc) != {"body", "signature"}:
        raise MentorError("school.packet_damaged")
    body, signature = doc["body"], unb64(doc["signature"], SIGNATURE_BYTES)
    if not isinstance(body, dict) or signature is None or canonical_json(doc) != text:
        raise MentorError("school.packet_damaged")
    return Opened(sealed.header, body, signature, signed_message(sealed.aad, body))


def check_signature(opened: Opened, public_sign: bytes) -> None:
    """``school.bad_signature`` unless the packet was signed by the key ``public_sign``."""
    if not verify(public_sign, opened.signature, opened.signed):
        raise MentorError("school.bad_signature")
