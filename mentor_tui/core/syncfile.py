"""The sync file payload (../../docs/sync-format.md): canonical JSON of a vault's versions and
erasures, validated strictly on the way in. Pure: no files, no database.

Rejection policy:

- **Whole file** (``MentorError``): not UTF-8 JSON, NaN/Infinity, duplicate object keys,
  nesting deeper than ``MAX_DEPTH``, a wrong top-level type or field, ``min_reader_version``
  above ours ("too new"), a manifest that does not match the body, or one ``version_id`` with
  two different contents (we cannot tell which copy is genuine). These mean the writer is
  broken or the file was altered; importing part of it would be guessing.
- **Per item** (``SyncPayload.rejected``, listed in the dry-run report): a version or erasure
  with a bad id, unknown entity, wrong field type, clock out of range, NUL byte, lone
  surrogate or over-long string. The rest of the file is still imported; nothing is guessed
  or repaired.
- Unknown top-level fields are kept verbatim in ``SyncPayload.extra`` (and written back by
  :func:`build_payload`), so an older app passes a newer app's data on intact.

Speed (issue 5): a file exactly as :func:`build_payload` writes it (canonical) is parsed once
without hooks and proved canonical by re-encoding it item by item; equality rules out duplicate
keys, NaN and non-finite numbers, so it is as strict as the hooked parse, which any other file
still gets. Each item's canonical text then bounds its depth and string lengths cheaply (the
exact walks run only when a bound fails) and serves the manifest digest and duplicate-id check.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

from mentor_tui.core.errors import MentorError
from mentor_tui.core.merge import Erasure, Rejected
from mentor_tui.core.versions import HLC_MAX, SYNC_ENTITIES, Version

FORMAT = "mentor-sync"
FORMAT_VERSION = 1
READER_VERSION = 1  # the highest min_reader_version this code can read
MAX_STRING = 1_000_000  # characters per string, anywhere in the payload
MAX_DEPTH = 32  # nesting of arrays/objects in the whole document
MAX_VV_ENTRIES = 1000
MAX_COUNTER = (1 << 53) - 1
MAX_SCHEMA = (1 << 31) - 1

KNOWN_FIELDS = ("format", "format_version", "min_reader_version", "vault_id",
                "exporter_device_id", "app_version", "schema_version", "versions",
                "erasures", "manifest")
VERSION_FIELDS = ("version_id", "record_id", "entity", "vv", "hlc", "device_id", "deleted",
                  "payload", "schema")
ERASURE_FIELDS = ("record_id", "entity", "hlc", "device_id")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]")
_VERSION_KEYS = frozenset(VERSION_FIELDS)
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, allow_nan=False,
                           separators=(",", ":")).encode  # == canonical_json, one encoder


@dataclass
class SyncPayload:
    format_version: int
    min_reader_version: int
    vault_id: str
    exporter_device_id: str
    app_version: str
    schema_version: int
    versions: list[Version]
    erasures: list[Erasure]
    manifest: dict
    extra: dict = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)


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
    return dict(sorted(Counter(v["entity"] for v in versions
                               if isinstance(v, dict) and isinstance(v.get("entity"), str)
                               ).items()))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a sync builds millions of acyclic objects (its
    passes over them cost a third of a parse); restored on the way out."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_payload(*, vault_id: str, device_id: str, versions: Iterable[Version],
                  erasures: Iterable[Erasure], app_version: str, schema_version: int,
                  extra: Mapping[str, object] | None = None) -> bytes:
    """Canonical UTF-8 JSON bytes. Versions are sorted by id, erasures by record id.

    Raises ``ValueError`` for data this module would itself reject (a programming error).
    """
    with gc_paused():
        return _build(vault_id, device_id, versions, erasures, app_version, schema_version,
                      extra)


def _build(vault_id, device_id, versions, erasures, app_version, schema_version, extra):
    vs = sorted({v.version_id: v for v in versions}.values(), key=lambda v: v.version_id)
    es = sorted({e.record_id: e for e in erasures}.values(), key=lambda e: e.record_id)
    vdicts = [v.to_dict() for v in vs]
    edicts = [e.to_dict() for e in es]
    extra = dict(extra or {})
    clash = set(extra) & set(KNOWN_FIELDS)
    if clash:
        raise ValueError(f"extra fields shadow known ones: {sorted(clash)}")
    vtexts = [_encode(d) for d in vdicts]
    vtext, etext = ",".join(vtexts), _joined(edicts)
    clean = _clean(vtext)
    for i, d in enumerate(vdicts):
        problem = check_version(d, vtexts[i] if clean else None)
        if problem:
            raise ValueError(f"version {i} ({d.get('version_id')!r}) invalid: {problem}")
    for i, d in enumerate(edicts):
        problem = check_erasure(d)
        if problem:
            raise ValueError(f"erasure {i} invalid: {problem}")
    doc = dict(extra)
    doc.update({
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "min_reader_version": READER_VERSION, "vault_id": vault_id,
        "exporter_device_id": device_id, "app_version": app_version,
        "schema_version": schema_version, "versions": [], "erasures": [],
        "manifest": {"counts": _counts(vdicts), "versions": len(vdicts),
                     "erasures": len(edicts), "sha256": _digest(vtext, etext)},
    })
    # What we write, we can read back: the reader's whole-file checks, on the same texts.
    _check_depth(doc, vdicts, edicts, vtexts, [_encode(d) for d in edicts])
    _check_header(doc)
    return "".join(_pieces(doc, vtext, etext)).encode("utf-8")


def parse_payload(data: bytes) -> SyncPayload:
    """Validate a decrypted payload; a :class:`MentorError` for any whole-file problem."""
    try:
        with gc_paused():
            return _parse(data)
    except MentorError:
        raise
    except Exception:  # a last guard: hostile content must never surface as a traceback
        raise MentorError("sync.payload_invalid", field="?") from None


def _bad(field_name: str) -> MentorError:
    return MentorError("sync.payload_invalid", field=field_name)


@dataclass
class _Texts:
    """The canonical JSON of each version and erasure, and of each list joined by commas."""

    versions: list[str]
    erasures: list[str]
    vtext: str
    etext: str
    clean: bool  # see _clean

    @classmethod
    def of(cls, doc: dict) -> "_Texts":
        vs, es = list(map(_encode, doc["versions"])), list(map(_encode, doc["erasures"]))
        vtext = ",".join(vs)
        return cls(vs, es, vtext, ",".join(es), _clean(vtext))


def _loads(data: bytes) -> tuple[object, _Texts | None]:
    """The document, and its items' texts when the file is exactly canonical (compared in
    place); else None, after parsing again with the strict hooks."""
    try:
        text = bytes(data).decode("utf-8")
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("versions"), list) \
                and isinstance(doc.get("erasures"), list):
            texts, pos = _Texts.of(doc), 0
            for piece in _pieces(doc, texts.vtext, texts.etext):
                if not text.startswith(piece, pos):
                    break
                pos += len(piece)
            else:
                if pos == len(text):
                    return doc, texts
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        pass
    return _strict_loads(data), None


def _strict_loads(data: bytes) -> object:
    def no_constant(_: str) -> object:
        raise ValueError("NaN or Infinity")

    def finite(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("non-finite number")
        return value

    def unique(pairs: list) -> dict:
        out = dict(pairs)
        if len(out) != len(pairs):
            raise ValueError("duplicate key")
        return out

    try:
        return json.loads(bytes(data).decode("utf-8"), object_pairs_hook=unique,
                          parse_constant=no_constant, parse_float=finite)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _bad("JSON") from None


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


def _check_depth(doc: object, vs: list | None = None, es: list | None = None,
                 vtexts: list[str] | None = None, etexts: list[str] | None = None) -> None:
    """Nesting of the whole document within ``MAX_DEPTH`` (items: within ``MAX_DEPTH - 2``)."""
    if vtexts is None:
        ok = _depth_ok(doc, MAX_DEPTH)
    else:
        ok = _depth_ok({k: v for k, v in doc.items() if k not in ("versions", "erasures")},
                       MAX_DEPTH)
        limit = MAX_DEPTH - 2
        ok = ok and all(_shallow(t, limit) or _depth_ok(item, limit)
                        for items, texts in ((vs, vtexts), (es, etexts))
                        for item, t in zip(items, texts))
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


def _parse(data: bytes) -> SyncPayload:
    doc, texts = _loads(data)
    if texts is None:
        _check_depth(doc)
    else:
        _check_depth(doc, doc["versions"], doc["erasures"], texts.versions, texts.erasures)
    extra = _check_header(doc)
    versions, erasures, manifest = doc["versions"], doc["erasures"], doc["manifest"]
    texts = texts or _Texts.of(doc)
    _check_manifest(manifest, versions, erasures, texts.vtext, texts.etext)
    vtexts, clean = texts.versions, texts.clean

    out_versions: dict[str, Version] = {}
    seen: dict[str, int] = {}
    rejected: list[Rejected] = []
    for i, d in enumerate(versions):
        vid = d.get("version_id") if isinstance(d, dict) else None
        if isinstance(vid, str):
            first = seen.setdefault(vid, i)
            if first != i:  # a repeated id: only identical copies are allowed
                if vtexts[first] != vtexts[i]:
                    raise MentorError("sync.duplicate_version")
                if vid in out_versions:
                    continue  # an identical copy
        problem = check_version(d, vtexts[i] if clean else None)
        if problem:
            rejected.append(_rejected("version", i, d, problem))
            continue
        v = object.__new__(Version)  # Version(**d) without the frozen __init__'s cost:
        v.__dict__.update(d)  # d has exactly its fields, each checked
        out_versions[vid] = v
    out_erasures: dict[str, Erasure] = {}
    for i, d in enumerate(erasures):
        problem = check_erasure(d)
        if problem:
            rejected.append(_rejected("erasure", i, d, problem))
            continue
        e = Erasure.from_dict(d)
        old = out_erasures.get(e.record_id)
        out_erasures[e.record_id] = e if old is None else max(old, e, key=Erasure.sort_key)
    return SyncPayload(
        format_version=doc["format_version"], min_reader_version=doc["min_reader_version"],
        vault_id=doc["vault_id"], exporter_device_id=doc["exporter_device_id"],
        app_version=doc["app_version"], schema_version=doc["schema_version"],
        versions=list(out_versions.values()), erasures=list(out_erasures.values()),
        manifest=manifest, extra=extra, rejected=rejected)


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


def _check_manifest(manifest: object, versions: list, erasures: list, vtext: str,
                    etext: str) -> None:
    if not isinstance(manifest, dict):
        raise _bad("manifest")
    counts = manifest.get("counts")
    if (not isinstance(counts, dict) or not isinstance(manifest.get("sha256"), str)
            or not _int_in(manifest.get("versions"), 0, HLC_MAX)
            or not _int_in(manifest.get("erasures"), 0, HLC_MAX)):
        raise _bad("manifest")
    if (manifest["versions"] != len(versions) or manifest["erasures"] != len(erasures)
            or counts != _counts(versions)
            or manifest["sha256"] != _digest(vtext, etext)):
        raise MentorError("sync.manifest_mismatch")


def _rejected(kind: str, index: int, d: object, problem: tuple[str, str]) -> Rejected:
    def ident(name: str) -> str | None:
        value = d.get(name) if isinstance(d, dict) else None
        return value if is_id(value) else None

    return Rejected(kind=kind, index=index, version_id=ident("version_id"),
                    record_id=ident("record_id"), reason=problem[0], field=problem[1])
