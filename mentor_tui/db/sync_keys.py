"""Keys for sync files, derived from the vault passphrase (docs/sync-flows.md "Keys and
memory"): cached per (salt, KDF parameters), one session salt for our own exports, the
passphrase dropped as soon as the keys it is needed for exist."""

from __future__ import annotations

import os
import zlib

from mentor_tui.core import envelope
from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import KdfParams, default_params, derive, open_sealed, seal

COMPRESS_LEVEL = 6  # any zlib stream is valid (docs/sync-format.md); 9 is slow on 100k versions


class SyncKeys:
    """Keys for sync files, derived from the vault passphrase.

    ``key_for(salt, params)`` derives on first use and caches; without a passphrase (dropped by
    :meth:`forget_passphrase`) an unknown salt raises ``syncf.need_passphrase``. Our own
    exports reuse one session salt with a fresh random nonce each time, so the file we wrote
    can be pulled again without the passphrase.
    """

    def __init__(self, passphrase: str | None = None, params: KdfParams | None = None) -> None:
        self._passphrase = passphrase
        self._params = params or default_params()
        self._keys: dict[tuple[bytes, KdfParams], bytes] = {}
        self._own: tuple[bytes, KdfParams] | None = None

    @property
    def has_passphrase(self) -> bool:
        return self._passphrase is not None

    def key_for(self, salt: bytes, params: KdfParams) -> bytes:
        key = self._keys.get((salt, params))
        if key is None:
            if self._passphrase is None:
                raise MentorError("syncf.need_passphrase")
            try:
                key = derive(self._passphrase, salt, params)
            except MentorError:
                raise
            except Exception:  # noqa: BLE001 - out of memory and the like
                raise MentorError("sync.kdf_failed") from None
            self._keys[(salt, params)] = key
        return key

    def prepare_seal(self) -> None:
        if self._own is None:
            self._own = (os.urandom(envelope.SALT_BYTES), self._params)
        self.key_for(*self._own)

    def learn(self, data: bytes) -> bool:
        """Derive the key of an existing file now (at unlock), so it opens after the
        passphrase is dropped. False when the file is not a readable envelope."""
        try:
            params, salt, *_ = envelope.parse_envelope(data)
            self.key_for(salt, params)
            return True
        except MentorError:
            return False

    def open(self, data: bytes) -> bytes:
        """The envelope checks of ``envelope.open_file`` in the same order, with cached keys."""
        try:
            params, salt, nonce, aad, ciphertext = envelope.parse_envelope(data)
            plain = open_sealed(self.key_for(salt, params), nonce, ciphertext, aad)
            if plain is None:
                raise MentorError("sync.wrong_passphrase")
            return envelope._decompress(plain, envelope.MAX_PAYLOAD_BYTES)
        except MentorError:
            raise
        except Exception:  # noqa: BLE001 - hostile bytes never surface as a traceback
            raise MentorError("sync.damaged") from None

    def seal(self, payload: bytes) -> bytes:
        self.prepare_seal()
        salt, params = self._own
        nonce = os.urandom(envelope.NONCE_BYTES)
        header = envelope.encode_header(params, salt, nonce)
        aad = (
            envelope.MAGIC
            + bytes([envelope.FORMAT_VERSION])
            + len(header).to_bytes(2, "big")
            + header
        )
        return aad + seal(
            self.key_for(salt, params), nonce, zlib.compress(payload, COMPRESS_LEVEL), aad
        )

    def forget_passphrase(self) -> None:
        self._passphrase = None

    def clear(self) -> None:
        self._passphrase = None
        self._keys.clear()
        self._own = None
