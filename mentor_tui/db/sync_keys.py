"""Keys for sync files, derived from the vault passphrase (docs/sync-flows.md "Keys and
memory"): cached per (salt, KDF parameters), one session salt for our own exports, the
passphrase dropped as soon as the keys it is needed for exist. The one home of the keys; the
envelope's steps around them are :func:`~mentor_tui.core.envelope.seal_with` and
:func:`~mentor_tui.core.envelope.open_with`."""

from __future__ import annotations

import os
import zlib

from mentor_tui.core import envelope
from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import KdfParams, default_params, derive

# Our exports' zlib level: any zlib stream is valid (docs/sync-format.md); 9 (the envelope's
# COMPRESS_LEVEL, for seal_file and the vectors) is slow on 100k versions.
EXPORT_COMPRESS_LEVEL = 6


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
        """Derive the key of our own exports now (at unlock), while the passphrase is here."""
        self.key_for(*self._own_salt())

    def _own_salt(self) -> tuple[bytes, KdfParams]:
        if self._own is None:
            self._own = (os.urandom(envelope.SALT_BYTES), self._params)
        return self._own

    def learn(self, data: bytes) -> bool:
        """Derive the key of an existing file now (at unlock), so it opens after the
        passphrase is dropped. False when the file is not a readable envelope."""
        try:
            env = envelope.parse_envelope(data)
            self.key_for(env.salt, env.params)
            return True
        except MentorError:
            return False

    def sealed_by_us(self, data: bytes) -> bool:
        """The file was sealed in this session (our own salt and parameters): a failed
        authentication is then damage, not another passphrase."""
        if self._own is None:
            return False
        try:
            env = envelope.parse_envelope(data)
        except MentorError:
            return False
        return (env.salt, env.params) == self._own

    def take_file_key(self, other: SyncKeys, data: bytes) -> None:
        """Use ``other``'s key for the file ``data`` from now on (her passphrase changed: the
        file opens with the one she typed, while ours still seals)."""
        env = envelope.parse_envelope(data)
        self._keys[(env.salt, env.params)] = other.key_for(env.salt, env.params)

    def open(self, data: bytes) -> bytes:
        """The payload of a sync file: ``envelope.open_file``'s checks, with cached keys."""
        return envelope.open_with(data, self.key_for)

    def seal(self, payload: bytes, info: envelope.HeaderInfo | None = None) -> bytes:
        """A sync file of ``payload``: the session salt, a fresh nonce. The export passes
        ``info`` (version 2: vault id, name, time in the clear header); without it the old
        version 1 layout is written (tests of the old reader)."""
        salt, params = self._own_salt()
        return envelope.seal_with(
            zlib.compress(payload, EXPORT_COMPRESS_LEVEL),
            self.key_for,
            params,
            salt,
            os.urandom(envelope.NONCE_BYTES),
            info,
        )

    def forget_passphrase(self) -> None:
        self._passphrase = None

    def clear(self) -> None:
        self._passphrase = None
        self._keys.clear()
        self._own = None
