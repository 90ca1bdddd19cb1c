"""The keys of the school office and what is done with them (docs/school.md "Keys"). Pure; the
``cryptography`` package only.

* Each side (the school, each teacher) holds two key pairs: **X25519** to be sealed to and
  **Ed25519** to sign with (:class:`KeyPair`; the public halves are :class:`PublicKeys`, shown
  as a short :func:`fingerprint` to compare by eye).
* **Sealing to a key**: an ephemeral X25519 key agreement with the recipient's public key,
  HKDF-SHA256 over the shared secret (salt: the ephemeral and the recipient's public keys; info:
  the packet kind) gives the AES-256-GCM key (:func:`sealing_key`, :func:`opening_key`).
* **Sealing with a pick-up code** (a teacher's first handover, before the school holds her key):
  Argon2id over the code (core/kdf.py, the vault's parameters and caps), the code being
  :data:`CODE_DIGITS` digits — 19 random (63 bits) and a Damm check digit, so a typo is caught
  before the slow derivation — grouped by four for typing (:func:`new_code`).
* **Signatures**: Ed25519 over a context string, the packet's clear part and the canonical body
  (core/school_packet.py).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import KdfParams, derive

KEY_BYTES = 32
SIGNATURE_BYTES = 64
CODE_DIGITS = 20  # 19 random digits (log2(10**19) = 63.1 bits) and a Damm check digit
CODE_GROUP = 4
HKDF_INFO = b"mentor-school seal v1 "  # + the packet kind
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, size: int | None = None) -> bytes | None:
    """Strict base64 of exactly ``size`` bytes (any size when None); None when it is not."""
    if not isinstance(text, str) or not text.isascii():
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    if (size is not None and len(raw) != size) or b64(raw) != text:
        return None
    return raw


@dataclass(frozen=True)
class PublicKeys:
    """The public halves: ``seal`` (X25519) and ``sign`` (Ed25519), 32 raw bytes each."""

    seal: bytes
    sign: bytes

    def to_json(self) -> dict[str, str]:
        return {"seal": b64(self.seal), "sign": b64(self.sign)}

    @classmethod
    def from_json(cls, data: object) -> PublicKeys | None:
        """None when ``data`` is not two such keys."""
        if not isinstance(data, dict) or set(data) != {"seal", "sign"}:
            return None
        seal, sign = unb64(data["seal"], KEY_BYTES), unb64(data["sign"], KEY_BYTES)
        if seal is None or sign is None:
            return None
        return cls(seal, sign)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self)


@dataclass(frozen=True)
class KeyPair:
    """The private halves (raw bytes). Kept in a vault's settings only: never in a file that
    leaves it, never in a table a server would hold."""

    seal_private: bytes
    sign_private: bytes

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(
            X25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC),
            Ed25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC),
        )

    @property
    def public(self) -> PublicKeys:
        seal = X25519PrivateKey.from_private_bytes(self.seal_private).public_key()
        sign = Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key()
        return PublicKeys(seal.public_bytes(_RAW, _RAW_PUB), sign.public_bytes(_RAW, _RAW_PUB))

    def to_json(self) -> dict[str, str]:
        return {"seal": b64(self.seal_private), "sign": b64(self.sign_private)}

    @classmethod
    def from_json(cls, data: object) -> KeyPair:
        """The pair stored by :meth:`to_json`; ``school.keys_damaged`` when it is not one."""
        if isinstance(data, dict):
            seal, sign = unb64(data.get("seal"), KEY_BYTES), unb64(data.get("sign"), KEY_BYTES)
            if seal is not None and sign is not None:
                return cls(seal, sign)
        raise MentorError("school.keys_damaged")

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(message)


def fingerprint(keys: PublicKeys) -> str:
    """16 hex digits of SHA-256 over both public keys, grouped by four ("3F2A 9C01 …"): what
    the coordinator and the teacher read out to each other."""
    digest = hashlib.sha256(b"mentor-school key v1\x00" + keys.seal + keys.sign).hexdigest()
    top = digest[:16].upper()
    return " ".join(top[i : i + 4] for i in range(0, 16, 4))


def verify(public_sign: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_sign).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _hkdf(shared: bytes, ephemeral: bytes, recipient: bytes, kind: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral + recipient,
        info=HKDF_INFO + kind.encode("ascii"),
    ).derive(shared)


def sealing_key(recipient_seal: bytes, ephemeral_private: bytes, kind: str) -> tuple[bytes, bytes]:
    """(AES key, ephemeral public key) to seal a ``kind`` packet to ``recipient_seal``.
    ``ephemeral_private``: 32 fresh random bytes (fixed only in known-answer vectors)."""
    eph = X25519PrivateKey.from_private_bytes(ephemeral_private)
    eph_public = eph.public_key().public_bytes(_RAW, _RAW_PUB)
    try:
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_seal))
    except ValueError:
        raise MentorError("school.keys_damaged") from None
    return _hkdf(shared, eph_public, recipient_seal, kind), eph_public


def opening_key(keys: KeyPair, ephemeral_public: bytes, kind: str) -> bytes | None:
    """The AES key of a packet sealed to ``keys``; None when the ephemeral key is unusable."""
    own = X25519PrivateKey.from_private_bytes(keys.seal_private)
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:  # a low-order point: the shared secret would be all zeros
        return None
    return _hkdf(shared, ephemeral_public, keys.public.seal, kind)


# --- the pick-up code ----------------------------------------------------------------------------


def new_code() -> str:
    """A fresh pick-up code: 19 random digits and a check digit, grouped by four."""
    from stdnum import damm  # python-stdnum loads pydoc and more (~2.4 MiB): only for codes

    body = str(secrets.randbelow(10**19)).zfill(CODE_DIGITS - 1)
    return group_code(body + damm.calc_check_digit(body))


def group_code(digits: str) -> str:
    return "-".join(digits[i : i + CODE_GROUP] for i in range(0, len(digits), CODE_GROUP))


def normalize_code(text: str) -> str:
    """The code's digits as typed in any form (full-width digits, spaces, dashes); the
    sentence ``school.code_typo`` when it is not a whole code or its check digit is wrong."""
    norm = unicodedata.normalize("NFKC", text)
    digits = "".join(ch for ch in norm if not ch.isspace() and ch not in "-_.·—")
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        raise MentorError("school.code_typo", n=CODE_DIGITS)
    from stdnum import damm

    if not damm.is_valid(digits):
        raise MentorError("school.code_typo", n=CODE_DIGITS)
    return digits


def code_key(code: str, salt: bytes, params: KdfParams) -> bytes:
    """The AES key of a packet sealed with the pick-up code ``code`` (any typed form)."""
    return derive(normalize_code(code), salt, params)
