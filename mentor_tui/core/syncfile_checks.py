"""What a valid sync payload is (../../docs/sync-format.md §2): the limits, the canonical
text and its digest, and the checks of each version, erasure, the top-level fields, nesting
depth and the manifest. Shared by :mod:`~mentor_tui.core.syncfile` (reading) and
:mod:`~mentor_tui.core.syncfile_build` (writing: what we write, we can read back). Pure.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator

from mentor_tui.core.errors import MentorError
from mentor_tui.core.versions import HLC_MAX, SYNC_ENTITIES

FORMAT = "mentor-sync"
FORMAT_VERSION = 1
READER_VERSION = 1  # the highest min_reader_version this code can read
MAX_STRING = 1_000_000  # characters per string, anywhere in the payload
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
_encode = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":")
).encode  # == canonical_json, one encoder


def is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def body_digest(versions: list, erasures: list) -> str:
    """SHA-256 (hex) of the canonical JSON of ``{"erasures": [...], "versions": [...]}``."""
    return _digest(_joined(versions), _joined(erasures))


def _joined(items: list) -> str:
    """The canonical JSON of a list, ``[`` and ``]`` left off."""
    return ",".join(map(_encode, items))


def _digest(vtext: str, etext: str) -> str:
    """:func:`body_digest` from the joined canonical texts of the items."""
    body = '{"erasures":[' + etext + '],"versions":[' + vtext + "]}"
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _clean(text: str) -> bool:
    """No string in this canonical JSON holds a NUL or a lone surrogate (raw or escaped; a
    backslash before ``u`` in a string only makes this answer False when it need not)."""
    if "\\u0000" in text or _SURROGATE_ESCAPE.search(text):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _pieces(doc: dict, vtext: str, etext: str) -> Iterator[str]:
    """``canonical_json(doc)`` in pieces, versions and erasures given as joined item texts."""
    yield "{"
    for n, key in enumerate(sorted(doc)):
        yield ("," if n else "") + _encode(key) + ":"
        if key in ("versions", "erasures"):
            yield from ("[", vtext if key == "versions" else etext, "]")
        else:
            yield _encode(doc[key])
    yield "}"


def _counts(versions: list) -> dict[str, int]:
    return dict(
        sorted(
            Counter(
                v["entity"]
                for v in versions
                if isinstance(v, dict) and isinstance(v.get("entity"), str)
            ).items()
        )
    )


def _bad(field_name: str) -> MentorError:
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


def _check_depth(
    doc: object,
    vs: list | None = None,
    es: list | None = None,
    vtexts: list[str] | None = None,
    etexts: list[str] | None = None,
) -> None:
    """Nesting of the whole document within ``MAX_DEPTH`` (items: within ``MAX_DEPTH - 2``)."""
    if vtexts is None:
        ok = _depth_ok(doc, MAX_DEPTH)
    else:
        ok = _depth_ok(
            {k: v for k, v in doc.items() if k not in ("versions", "erasures")}, MAX_DEPTH
        )
        limit = MAX_DEPTH - 2
        ok = ok and all(
            _shallow(t, limit) or _depth_ok(item, limit)
            for items, texts in ((vs, vtexts), (es, etexts))
            for item, t in zip(items, texts)
        )
    if not ok:
        raise _bad("depth")


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
    ``text``: its canonical JSON, known to be :func:`_clean` — a short one needs no walk
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


def _check_header(doc: object) -> dict:
    """Every whole-file check but depth and manifest; returns the unknown fields."""
    if not isinstance(doc, dict):
        raise _bad("top level")
    for name in KNOWN_FIELDS:
        if name not in doc:
            raise _bad(name)
    if doc["format"] != FORMAT:
        raise MentorError("sync.not_sync_file")
    for name in ("format_version", "min_reader_version"):
        if not _int_in(doc[name], 1, MAX_SCHEMA):
            raise _bad(name)
    if doc["min_reader_version"] > READER_VERSION:
        raise MentorError("sync.too_new")
    for name in ("vault_id", "exporter_device_id"):
        if not is_id(doc[name]):
            raise _bad(name)
    if not isinstance(doc["app_version"], str) or not 1 <= len(doc["app_version"]) <= 64:
        raise _bad("app_version")
    if not _int_in(doc["schema_version"], 0, MAX_SCHEMA):
        raise _bad("schema_version")
    if not isinstance(doc["versions"], list):
        raise _bad("versions")
    if not isinstance(doc["erasures"], list):
        raise _bad("erasures")
    bad = check_text({k: v for k, v in doc.items() if k not in ("versions", "erasures")})
    if bad:
        raise _bad(bad.lstrip("."))
    return {k: v for k, v in doc.items() if k not in KNOWN_FIELDS}


def _check_manifest(
    manifest: object, versions: list, erasures: list, vtext: str, etext: str
) -> None:
    if not isinstance(manifest, dict):
        raise _bad("manifest")
    counts = manifest.get("counts")
    if (
        not isinstance(counts, dict)
        or not isinstance(manifest.get("sha256"), str)
        or not _int_in(manifest.get("versions"), 0, HLC_MAX)
        or not _int_in(manifest.get("erasures"), 0, HLC_MAX)
    ):
        raise _bad("manifest")
    if (
        manifest["versions"] != len(versions)
        or manifest["erasures"] != len(erasures)
        or counts != _counts(versions)
        or manifest["sha256"] != _digest(vtext, etext)
    ):
        raise MentorError("sync.manifest_mismatch")
