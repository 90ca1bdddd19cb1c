"""Passphrase → key (Argon2id) and AES-256-GCM wrapping, shared by the vault keyring and the
sync file envelope (../shared/design/SECURITY.md, SYNC.md).

Production parameters are RFC 9106's low-memory profile: t=3, m=64 MiB, p=4 (~0.2 s here).
Tests and benchmarks may set ``MENTOR_KDF=fast`` (t=1, m=1 MiB, p=1) — documented in README.
Parameters read from a file are checked against caps **before** any derivation.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from mentor_tui.core.errors import MentorError

MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024
CAP_MEMORY_KIB = 512 * 1024
CAP_ITERATIONS = 10
CAP_LANES = 16


@dataclass(frozen=True)
class KdfParams:
    t: int = 3
    m: int = 64 * 1024  # KiB
    p: int = 4

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


FAST = KdfParams(t=1, m=1024, p=1)

# Two Argon2id derivations running at once in two threads never return with cryptography 50.0.2
# (measured: both threads still running after 40 s; one at a time takes ~0.2 s). The app derives
# on its one vault thread, but a second caller (a sync key, a school key, a test) must not be
# able to hang the first: derivations take turns.
_DERIVE_ONE_AT_A_TIME = threading.Lock()


def default_params() -> KdfParams:
    return FAST if os.environ.get("MENTOR_KDF") == "fast" else KdfParams()


def normalize_passphrase(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    norm = unicodedata.normalize("NFC", passphrase)
    if len(norm) < MIN_PASSPHRASE:
        raise MentorError("err.passphrase_short", n=MIN_PASSPHRASE)
    if len(norm) > MAX_PASSPHRASE:
        raise MentorError("err.passphrase_long", n=MAX_PASSPHRASE)


def params_from_dict(d: object) -> KdfParams:
    """Validate parameters read from a file; refuse hostile values before deriving anything."""
    if not isinstance(d, dict):
        raise MentorError("err.kdf_params")
    try:
        t, m, p = d["t"], d["m"], d["p"]
    except KeyError:
        raise MentorError("err.kdf_params") from None
    for v in (t, m, p):
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise MentorError("err.kdf_params")
    if t > CAP_ITERATIONS or m > CAP_MEMORY_KIB or p > CAP_LANES or m < 8 * p:
        raise MentorError("err.kdf_params")
    return KdfParams(t=t, m=m, p=p)


def derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if len(passphrase) > MAX_PASSPHRASE:
        raise MentorError("err.passphrase_long", n=MAX_PASSPHRASE)
    kdf = Argon2id(salt=salt, length=32, iterations=params.t, lanes=params.p, memory_cost=params.m)
    with _DERIVE_ONE_AT_A_TIME:
        return kdf.derive(normalize_passphrase(passphrase))


def seal(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    return AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes | None:
    """Decrypt and authenticate; None when the key is wrong or anything was changed."""
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError):
        return None
