"""Sealing a child's sensitive fields before they reach a county server (issue 20).

On PostgreSQL the server and the county role must hold in clear only what the figures need;
the ID number, phones, addresses, health notes, contacts' names and numbers, correction values
and record-card texts are sealed with a key of the school's, derived from the school's private
seal key (which never leaves the coordinator's vault): HKDF-SHA256 (salt = the school's id, info
= ``b"mentor-school column seal v1"``) to an AES-256-GCM key. A sealed value is text,
``"s1:" + base64(nonce ‖ ciphertext)``; the associated data is the school's id, the table and
the column, so a sealed value moved to another school or column does not open. The empty text
stays empty (nothing to hide, and the figures' ``""`` tests keep working).
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mentor_tui.core.errors import MentorError

PREFIX = "s1:"
INFO = b"mentor-school column seal v1"
NONCE = 12


@dataclass(frozen=True)
class ColumnKey:
    """The school's column key (32 bytes) and its school's id."""

    school_id: str
    key: bytes = field(repr=False)

    @classmethod
    def derive(cls, school_id: str, seal_private: bytes) -> ColumnKey:
        hkdf = HKDF(hashes.SHA256(), 32, salt=school_id.encode("utf-8"), info=INFO)
        return cls(school_id, hkdf.derive(seal_private))

    def _aad(self, where: str) -> bytes:
        return f"{self.school_id}\0{where}".encode()

    def seal(self, text: str, where: str) -> str:
        """``text`` sealed for the column ``where`` ("table.column")."""
        if text == "":
            return ""
        nonce = os.urandom(NONCE)
        body = AESGCM(self.key).encrypt(nonce, text.encode("utf-8"), self._aad(where))
        return PREFIX + base64.b64encode(nonce + body).decode("ascii")

    def open(self, value: str, where: str) -> str:
        """The text of a sealed value; ``school.sealed_unreadable`` when it is damaged or
        sealed by another school's key."""
        if value == "":
            return ""
        if not value.startswith(PREFIX):
            raise MentorError("school.sealed_unreadable")
        try:
            raw = base64.b64decode(value[len(PREFIX) :], validate=True)
            plain = AESGCM(self.key).decrypt(raw[:NONCE], raw[NONCE:], self._aad(where))
        except (ValueError, InvalidTag):
            raise MentorError("school.sealed_unreadable") from None
        return plain.decode("utf-8")
