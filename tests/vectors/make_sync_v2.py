"""Make tests/vectors/sync_v2.json: known-answer vectors of the sync file's envelope format
version 2 (docs/sync-format.md): the header also holds the vault id, the profile's display name
and the export time. Run once:

    .venv/bin/python tests/vectors/make_sync_v2.py

Never regenerate to make a test pass: a change of these bytes is a format change. The third
vector holds a note longer than format 1's per-string cap (1,000,000 characters), stored as its
compressed stream and the payload's SHA-256 only (the payload itself is 1 MB).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

from mentor_tui.core.envelope import HeaderInfo, seal_compressed
from mentor_tui.core.kdf import FAST
from mentor_tui.core.syncfile_build import build_payload
from mentor_tui.core.versions import Version

HERE = Path(__file__).parent
V1 = json.loads((HERE / "sync_v1.json").read_text("utf-8"))["vectors"]
VAULT = "3a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"
DEVICE = "7d3f0c52-9a4e-4f1b-8c2d-5e6f7a8b9c0d"


def long_note_payload() -> bytes:
    note = "长" * 600_000 + "x" * 400_001  # 1,000,001 characters: over format 1's cap
    v = Version(
        "5b0e1c2d-0000-4000-8000-0000000000ff",
        "9c8d7e6f-0000-4000-8000-0000000000ff",
        "entry",
        {DEVICE: 1},
        115598950400000000,
        DEVICE,
        False,
        {
            "child_id": "9c8d7e6f-0000-4000-8000-00000000000a",
            "date": "2026-11-18",
            "kind": "talk",
            "text": note,
        },
        1,
    )
    return build_payload(
        vault_id=VAULT,
        device_id=DEVICE,
        versions=[v],
        erasures=[],
        app_version="0.1.0",
        schema_version=1,
    )


def vector(name: str, passphrase: str, payload: bytes, info: HeaderInfo, inline: bool) -> dict:
    salt, nonce = bytes(range(16)), bytes(range(32, 44))
    compressed = zlib.compress(payload, 9)
    sealed = seal_compressed(compressed, passphrase, FAST, salt, nonce, info)
    out = {
        "name": name,
        "passphrase": passphrase,
        "kdf": FAST.to_dict(),
        "salt_hex": salt.hex(),
        "nonce_hex": nonce.hex(),
        "header": {"vault": info.vault_id, "name": info.name, "at": info.exported_at},
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "compressed_hex": compressed.hex(),
        "sealed_hex": sealed.hex(),
    }
    if inline:
        out["payload_utf8"] = payload.decode("utf-8")
    return out


def main() -> None:
    vectors = [
        vector(
            "small-payload-v2",
            V1[0]["passphrase"],
            V1[0]["payload_utf8"].encode("utf-8"),
            HeaderInfo(VAULT, "王老师", "2026-11-20T17:05:09"),
            True,
        ),
        vector(
            "empty-payload-v2-name-with-quotes",
            V1[1]["passphrase"],
            b"",
            HeaderInfo("c932d8036fa6", 'Anna "A." 李', "2027-01-15T08:00:00"),
            True,
        ),
        vector(
            "note-over-the-format-1-cap",
            "correct horse battery staple",
            long_note_payload(),
            HeaderInfo(VAULT, "王老师", "2026-11-20T17:06:00"),
            False,
        ),
    ]
    doc = {
        "description": "Known-answer vectors for the mentor sync file, envelope format version 2 "
        "(vault id, display name and export time in the clear header) and payload "
        "format_version 1 (docs/sync-format.md). Generated once by make_sync_v2.py; never "
        "regenerate them to make a test pass: a change here is a format change.",
        "vectors": vectors,
    }
    (HERE / "sync_v2.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
