"""The keyring file beside each vault: a random 256-bit raw key wrapped with AES-256-GCM under
Argon2id(passphrase) (../shared/design/SECURITY.md "Vault"). Changing the passphrase rewraps;
the database key never changes, so nothing is re-encrypted.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.core.errors import VaultError
from mentor_tui.core.kdf import (
    KdfParams,
    check_new_passphrase,
    default_params,
    derive,
    open_sealed,
    params_from_dict,
    seal,
)
from mentor_tui.paths import write_atomic

KEYRING_VERSION = 1
FILE_NAME = "keyring.json"  # beside the vault's database
AAD = b"mentor-tui keyring v1"


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: object) -> bytes:
    if not isinstance(s, str):
        raise ValueError("not text")
    return base64.b64decode(s.encode("ascii"), validate=True)


def wrap(raw_key: bytes, passphrase: str, params: KdfParams | None = None) -> dict[str, Any]:
    params = params or default_params()
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = derive(passphrase, salt, params)
    return {
        "version": KEYRING_VERSION,
        "kdf": "argon2id",
        **params.to_dict(),
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(seal(kek, nonce, raw_key, AAD)),
    }


def unwrap(ring: dict[str, Any], passphrase: str) -> bytes:
    try:
        if ring.get("kdf") != "argon2id" or ring.get("version") != KEYRING_VERSION:
            raise VaultError("err.keyring_damaged")
        params = params_from_dict({k: ring.get(k) for k in ("t", "m", "p")})
        salt, nonce, wrapped = (_unb64(ring[k]) for k in ("salt", "nonce", "wrapped"))
    except (KeyError, ValueError, TypeError, AttributeError):
        raise VaultError("err.keyring_damaged") from None
    raw = open_sealed(derive(passphrase, salt, params), nonce, wrapped, AAD)
    if raw is None or len(raw) != 32:
        raise VaultError("err.wrong_passphrase")
    return raw


@dataclass(frozen=True)
class EarlyUnwrap:
    """:func:`unwrap` of a ring read before the vault's lock is taken (issue 17: the unlock
    starts Argon2id, which releases the GIL, while the database stack still imports). Its
    outcome — the raw key or the error — stands only for that same ring (:func:`unwrap_with`)."""

    ring: dict[str, Any]
    raw: bytes | None = field(repr=False)
    error: VaultError | None = None


def unwrap_early(path: Path, passphrase: str) -> EarlyUnwrap | None:
    """None when the ring cannot be read: the vault's open says why, in its order."""
    try:
        ring = read(path)
    except VaultError:
        return None
    try:
        return EarlyUnwrap(ring, unwrap(ring, passphrase))
    except VaultError as exc:
        return EarlyUnwrap(ring, None, exc)


def unwrap_with(ring: dict[str, Any], passphrase: str, early: EarlyUnwrap | None) -> bytes:
    """:func:`unwrap`, or the outcome of an early unwrap of this same ring (a ring rewrapped
    or replaced since is unwrapped again)."""
    if early is None or early.ring != ring:
        return unwrap(ring, passphrase)
    if early.error is not None:
        raise early.error
    assert early.raw is not None
    return early.raw


def read(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise VaultError("err.keyring_missing")
    try:
        ring = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        raise VaultError("err.keyring_damaged") from None
    if not isinstance(ring, dict):
        raise VaultError("err.keyring_damaged")
    return ring


def write(path: Path, ring: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(ring, indent=1).encode("utf-8"))


def create(path: Path, passphrase: str, params: KdfParams | None = None) -> bytes:
    check_new_passphrase(passphrase)
    raw = os.urandom(32)
    write(path, wrap(raw, passphrase, params))
    return raw


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def rewrap(path: Path, raw_key: bytes, passphrase: str) -> None:
    """Wrap the open vault's key under ``passphrase`` (her passphrase changed on another
    machine: the sync file she brought opens with it). Records when, like a change."""
    write(path, {**wrap(raw_key, passphrase), "changed": _now()})


def changed_at(path: Path) -> str | None:
    """When the passphrase was last changed here (ISO local time), or None: never, or a
    keyring written before this was recorded."""
    try:
        value = read(path).get("changed")
    except VaultError:
        return None
    return value if isinstance(value, str) else None
