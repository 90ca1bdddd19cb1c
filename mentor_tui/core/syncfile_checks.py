"""What a valid sync payload is (../../docs/sync-format.md §2): its format constants and
limits, the canonical text of its items and its digest, and the checks of each version,
erasure, the top-level fields, nesting depth and the manifest. The one home of these, shared
by :mod:`~mentor_tui.core.syncfile` (reading) and :mod:`~mentor_tui.core.syncfile_build`
(writing: what we write, we can read back). Pure.

The payload's ``format_version`` is :data:`PAYLOAD_FORMAT_VERSION`; the envelope around it has
its own version byte (``ENVELOPE_VERSION`` in :mod:`~mentor_tui.core.envelope`). Format 2 (the
envelope's byte) raised :data:`MAX_STRING` to the payload's cap; the payload's own fields did
not change, so its ``format_version`` stays 1 and files of both versions hold the same payload.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mentor_tui.core.envelope import MAX_PAYLOAD_BYTES
from mentor_tui.core.errors import MentorError
from mentor_tui.core.versions import HLC_MAX, SYNC_ENTITIES, canonical_json

FORMAT = "mentor-sync"
PAYLOAD_FORMAT_VERSION = 1  # the payload's "format_version" field
READER_VERSION = 1  # the highest min_reader_version this code can read
# Characters per string, anywhere in the payload. Format 1 capped a string at 1,000,000, so a
# vault holding a longer note (an old version kept in the version store) could never be
# exported again; since format 2 (docs/sync-format.md) the only bound is the payload's own cap,
# which no string inside it can pass: an export never fails because of one long text.
MAX_STRING = MAX_PAYLOAD_BYTES
MAX_DEPTH = 32  # nesting of arrays/objects in the whole document
MAX_VV_ENTRIES = 1000
MAX_COUNTER = (1 << 53) - 1
MAX_SCHEMA = (1 << 31) - 1

KNOWN_FIELDS = (
    "format",
    "format_version",
    "min_reader_version",
    "vault_id",
    "exporter_device_id",
    "app_version",
    "schema_version",
    "versions",
    "erasures",
    "manifest",
)
VERSION_FIELDS = (
    "version_id",
    "record_id",
    "entity",
    "vv",
    "hlc",
    "device_id",
    "deleted",
    "payload",
    "schema",
)
ERASURE_FIELDS = ("record_id", "entity", "hlc", "device_id")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]")
_VERSION_KEYS = frozenset(VERSION_FIELDS)


def is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def body_digest(versions: list[Any], erasures: list[Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``{"erasures": [...], "versions": [...]}``."""
    return ItemTexts.of(versions, erasures).digest()


@dataclass
class ItemTexts:
    """The canonical JSON of each version and erasure of a payload, and of each list joined by
    commas (``[`` and ``]`` left off): computed once, they serve the manifest digest, the
    duplicate-id check, the depth and length bounds, and writing the file."""

    versions: list[str]
    erasures: list[str]
    vtext: str
    etext: str
    clean: bool  # no NUL or lone surrogate in any version's strings (see is_clean)

    @classmethod
    def of(cls, versions: list[Any], erasures: list[Any]) -> ItemTexts:
        vs, es = list(map(canonical_json, versions)), list(map(canonical_json, erasures))
        vtext = ",".join(vs)
        return cls(vs, es, vtext, ",".join(es), is_clean(vtext))

    def digest(self) -> str:
        """:func:`body_digest` of these items."""
        body = '{"erasures":[' + self.etext + '],"versions":[' + self.vtext + "]}"
        return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def is_clean(text: str) -> bool:
    """No string in this canonical JSON holds a NUL or a lone surrogate (raw or escaped; a
    backslash before ``u`` in a string only makes this answer False when it need not)."""
    if "\\u0000" in text or _SURROGATE_ESCAPE.search(text):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def canonical_pieces(doc: Mapping[str, object], texts: ItemTexts) -> Iterator[str]:
    """``canonical_json(doc)`` in pieces, its versions and erasures given by ``texts``."""
    yield "{"
    for n, key in enumerate(sorted(doc)):
        yield ("," if n else "") + canonical_json(key) + ":"
        if key in ("versions", "erasures"):
            yield from ("[", texts.vtext if key == "versions" else texts.etext, "]")
        else:
            yield canonical_json(doc[key])
    yield "}"


def entity_counts(versions: list[Any]) -> dict[str, int]:
    """The manifest's ``counts``: versions per entity, sorted by entity."""
    return dict(
        sorted(
            Counter(
                v["entity"]
                for v in versions
                if isinstance(v, dict) and isinstance(v.get("entity"), str)
            ).items()
        )
    )


def payload_invalid(field_name: str) -> MentorError:
    return MentorError("sync.payload_invalid", field=field_name)


def _depth_ok(obj: object, limit: int) -> bool:
    """Iterative, so a hostile document cannot exhaust the stack here."""
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return False
            children = value.values() if isinstance(value, dict) else value
            stack.extend((c, depth + 1) for c in children)
    return True


def _shallow(text: str, limit: int) -> bool:
    """An item whose canonical text opens at most ``limit`` containers is at most that deep."""
    return text.count("{") + text.count("[") <= limit


def check_depth(doc: object, texts: ItemTexts | None = None) -> None:
    """Nesting of the whole document within ``MAX_DEPTH`` (items: within ``MAX_DEPTH - 2``).
    ``texts``: those of ``doc``'s versions and erasures (a dict with both lists), which bound
    most items' depth without a walk."""
    if texts is None or not isinstance(doc, dict):
        ok = _depth_ok(doc, MAX_DEPTH)
    else:
        ok = _depth_ok(
            {k: v for k, v in doc.items() if k not in ("versions", "erasures")}, MAX_DEPTH
        )
        limit = MAX_DEPTH - 2
        ok = ok and all(
            _shallow(t, limit) or _depth_ok(item, limit)
            for items, item_texts in (
                (doc["versions"], texts.versions),
                (doc["erasures"], texts.erasures),
            )
            for item, t in zip(items, item_texts)
        )
    if not ok:
        raise payload_invalid("depth")


def check_text(obj: object) -> str | None:
    """The path of the first bad string (NUL, lone surrogate, over ``MAX_STRING``), or None."""
    stack = [(obj, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_STRING or _BAD_CHARS.search(value):
                return path or "."
        elif isinstance(value, dict):
            for k, v in value.items():
                if len(k) > MAX_STRING or _BAD_CHARS.search(k):
                    return f"{path}.<key>"
                stack.append((v, f"{path}.{k}"[:80]))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]"[:80]) for i, v in enumerate(value))
    return None


def _int_in(value: object, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def check_version(d: object, text: str | None = None) -> tuple[str, str] | None:
    """``(reason_key, field)`` when ``d`` is not a valid version dict, else None.
    ``text``: its canonical JSON, known to be :func:`is_clean` — a short one needs no walk
    over the payload's strings."""
    if not isinstance(d, dict):
        return ("sync.reject.not_object", "")
    if d.keys() != _VERSION_KEYS:
        for name in VERSION_FIELDS:
            if name not in d:
                return ("sync.reject.missing_field", name)
        for name in d:
            if name not in VERSION_FIELDS:
                return ("sync.reject.unknown_field", str(name)[:64])
    for name in ("version_id", "record_id", "device_id"):
        if not is_id(d[name]):
            return ("sync.reject.bad_id", name)
    if d["entity"] not in SYNC_ENTITIES:
        return ("sync.reject.bad_entity", "entity")
    vv = d["vv"]
    if not isinstance(vv, dict) or not 1 <= len(vv) <= MAX_VV_ENTRIES:
        return ("sync.reject.bad_field", "vv")
    for k, n in vv.items():
        if not is_id(k) or not _int_in(n, 1, MAX_COUNTER):
            return ("sync.reject.bad_field", "vv")
    if d["device_id"] not in vv:
        return ("sync.reject.bad_field", "vv")
    if not isinstance(d["hlc"], int) or isinstance(d["hlc"], bool):
        return ("sync.reject.bad_field", "hlc")
    if not 0 <= d["hlc"] <= HLC_MAX:
        return ("sync.reject.clock", "hlc")
    if not isinstance(d["deleted"], bool):
        return ("sync.reject.bad_field", "deleted")
    if not isinstance(d["payload"], dict):
        return ("sync.reject.bad_field", "payload")
    if not _int_in(d["schema"], 1, MAX_SCHEMA):
        return ("sync.reject.bad_field", "schema")
    if text is not None and len(text) <= MAX_STRING:
        return None  # no string in it can be longer than the whole
    bad = check_text(d["payload"])
    if bad:
        return ("sync.reject.bad_text", "payload" + bad)
    return None


def check_erasure(d: object) -> tuple[str, str] | None:
    if not isinstance(d, dict):
        return ("sync.reject.not_object", "")
    for name in ERASURE_FIELDS:
        if name not in d:
            return ("sync.reject.missing_field", name)
    for name in d:
        if name not in ERASURE_FIELDS:
            return ("sync.reject.unknown_field", str(name)[:64])
    for name in ("record_id", "device_id"):
        if not is_id(d[name]):
            return ("sync.reject.bad_id", name)
    if d["entity"] not in SYNC_ENTITIES:
        return ("sync.reject.bad_entity", "entity")
    if not isinstance(d["hlc"], int) or isinstance(d["hlc"], bool):
        return ("sync.reject.bad_field", "hlc")
    if not 0 <= d["hlc"] <= HLC_MAX:
        return ("sync.reject.clock", "hlc")
    return None


def check_header(doc: object) -> dict[str, object]:
    """Every whole-file check but depth and manifest; returns the unknown fields."""
    if not isinstance(doc, dict):
        raise payload_invalid("top level")
    for name in KNOWN_FIELDS:
        if name not in doc:
            raise payload_invalid(name)
    if doc["format"] != FORMAT:
        raise MentorError("sync.not_sync_file")
    for name in ("format_version", "min_reader_version"):
        if not _int_in(doc[name], 1, MAX_SCHEMA):
            raise payload_invalid(name)
    if doc["min_reader_version"] > READER_VERSION:
        raise MentorError("sync.too_new")
    for name in ("vault_id", "exporter_device_id"):
        if not is_id(doc[name]):
            raise payload_invalid(name)
    if not isinstance(doc["app_version"], str) or not 1 <= len(doc["app_version"]) <= 64:
        raise payload_invalid("app_version")
    if not _int_in(doc["schema_version"], 0, MAX_SCHEMA):
        raise payload_invalid("schema_version")
    if not isinstance(doc["versions"], list):
        raise payload_invalid("versions")
    if not isinstance(doc["erasures"], list):
        raise payload_invalid("erasures")
    bad = check_text({k: v for k, v in doc.items() if k not in ("versions", "erasures")})
    if bad:
        raise payload_invalid(bad.lstrip("."))
    return {k: v for k, v in doc.items() if k not in KNOWN_FIELDS}


def check_manifest(
    manifest: object, versions: list[Any], erasures: list[Any], texts: ItemTexts
) -> None:
    if not isinstance(manifest, dict):
        raise payload_invalid("manifest")
    counts = manifest.get("counts")
    if (
        not isinstance(counts, dict)
        or not isinstance(manifest.get("sha256"), str)
        or not _int_in(manifest.get("versions"), 0, HLC_MAX)
        or not _int_in(manifest.get("erasures"), 0, HLC_MAX)
    ):
        raise payload_invalid("manifest")
    if (
        manifest["versions"] != len(versions)
        or manifest["erasures"] != len(erasures)
        or counts != entity_counts(versions)
        or manifest["sha256"] != texts.digest()
    ):
        raise MentorError("sync.manifest_mismatch")
