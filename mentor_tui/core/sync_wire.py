"""The sync payload at C speed (issue 17): msgspec reads and writes the versions of a payload
(docs/sync-format.md §2) straight into ``versions.Version`` (its field types: str, int, bool,
dict), and two fast paths are built on it. Pure. msgspec is imported with the sync stack only,
not at the app's start.

- :func:`fast_parse` reads a payload that is exactly canonical and valid in every item; it
  answers None for anything else, and the strict reader of :mod:`~mentor_tui.core.syncfile`
  runs instead (so every rejection, its reason and its field stay the strict reader's).
- :func:`fast_build` writes the payload from the versions as JSON text (the database's own
  columns, put together by SQL): every version is checked by the same rules, then encoded
  canonically; None when anything is off, and the caller builds it the Python way.

Why this is as strict as the Python checks: what the types do not refuse (an id's length and
characters, the entity, a vector's size, counters and own device, the clock's and schema's
ranges, one id twice) is checked over all versions at once below; every float is refused (Python and msgspec write some floats differently, so a float
is left to the Python path); nesting is bounded per item (:data:`ITEM_DEPTH`); NUL is refused
outright; and the text must be byte for byte what msgspec's sorted encoder writes back, which
rules out duplicate keys, whitespace, escapes a canonical writer would not use, and ``-0``. For
the values left (strings, integers, booleans, null, lists, objects) msgspec's sorted encoding
equals ``versions.canonical_json`` byte for byte (every code point is compared in
tests/test_sync_wire.py), so the texts hashed are those the Python reader hashes.

Call these with the garbage collector paused (``gc_pause.gc_paused``): they build 100,000s of
small objects.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice, repeat
from operator import add, attrgetter, contains, lt
from typing import Any, NamedTuple, overload

import msgspec

from mentor_tui.core.errors import MentorError
from mentor_tui.core.merge import Erasure
from mentor_tui.core.syncfile_checks import (
    MAX_COUNTER,
    MAX_DEPTH,
    MAX_SCHEMA,
    MAX_VV_ENTRIES,
    check_depth,
    check_erasure,
    depth_ok,
)
from mentor_tui.core.versions import HLC_MAX, SYNC_ENTITIES, Version, canonical_json

ITEM_DEPTH = MAX_DEPTH - 2  # containers nested in one item (the document and its list less)
_ENTITIES = frozenset(SYNC_ENTITIES)
_VERSION_ID, _RECORD, _DEVICE, _ENTITY, _VV, _HLC, _SCHEMA = map(
    attrgetter, ("version_id", "record_id", "device_id", "entity", "vv", "hlc", "schema")
)
ID_MAX = 64  # an id's length (syncfile_checks.is_id)
_ID_LINES = re.compile(r"[A-Za-z0-9_\n-]*")  # ids joined by newlines (lengths: the types)


def _no_float(_text: str) -> Any:
    raise ValueError("a float: left to the Python path")


class WireErasure(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    device_id: str
    entity: str
    hlc: int
    record_id: str


class WirePayload(msgspec.Struct, forbid_unknown_fields=True):
    """The known top-level fields only: a file with unknown ones takes the Python reader
    (which keeps them verbatim). The two lists stay raw here and are decoded apart."""

    app_version: str
    erasures: msgspec.Raw
    exporter_device_id: str
    format: str
    format_version: int
    manifest: dict[str, Any]
    min_reader_version: int
    schema_version: int
    vault_id: str
    versions: msgspec.Raw


_ENCODER = msgspec.json.Encoder(order="sorted")
_TOP = msgspec.json.Decoder(WirePayload, float_hook=_no_float)
_VERSIONS = msgspec.json.Decoder(list[Version], float_hook=_no_float)
_ERASURES = msgspec.json.Decoder(list[WireErasure])
_NUL = b"\\u0000"  # how a canonical writer escapes NUL: refused here, judged by Python
_DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, UnicodeError, ValueError)


class FastPayload(NamedTuple):
    """What :func:`fast_parse` read."""

    header: dict[str, object]  # the top-level fields but the lists and the manifest
    versions: list[Version]
    erasures: list[Erasure]
    manifest: dict[str, Any]


def json_text(value: object) -> str:
    """The JSON text of ``value`` with sorted keys, compact, not ASCII-escaped: for values
    without floats, ``versions.canonical_json`` at C speed (floats: valid JSON, same value)."""
    return _ENCODER.encode(value).decode("utf-8")


def body_sha256(erasures: bytes | memoryview, versions: bytes | memoryview) -> str:
    """``syncfile_checks.body_digest``, from the two canonical JSON arrays (brackets
    included)."""
    h = hashlib.sha256(b'{"erasures":')
    h.update(erasures)
    h.update(b',"versions":')
    h.update(versions)
    h.update(b"}")
    return h.hexdigest()


def entity_counts(entities: Iterable[str]) -> dict[str, int]:
    """The manifest's ``counts``."""
    return dict(sorted(Counter(entities).items()))


def _within(values: list[int], low: int, high: int) -> bool:
    return not values or (low <= min(values) and max(values) <= high)


def _rules_hold(versions: list[Version], version_ids: list[str]) -> bool:
    """What ``syncfile_checks.check_version`` asks beyond the types msgspec decoded (str,
    int, bool, dict), over all versions at once (C-level iteration): every id 1–64 of the
    characters an id may hold, every entity known, every vector of 1–``MAX_VV_ENTRIES``
    devices with counters in 1–``MAX_COUNTER`` and holding its own device, every clock in
    0–``HLC_MAX`` and every schema in 1–``MAX_SCHEMA``."""
    vectors = list(map(_VV, versions))
    devices = list(map(_DEVICE, versions))
    ids = [  # devices repeat: each distinct one once
        *version_ids,
        *map(_RECORD, versions),
        *set(devices).union(chain.from_iterable(vectors)),
    ]
    lines = "\n".join(ids) + "\n"
    return (
        _within(list(map(len, ids)), 1, ID_MAX)
        and lines.count("\n") == len(ids)  # no id holds a newline of its own
        and _ID_LINES.fullmatch(lines) is not None
        and set(map(_ENTITY, versions)) <= _ENTITIES
        and _within(list(map(len, vectors)), 1, MAX_VV_ENTRIES)
        and _within(list(chain.from_iterable(map(dict.values, vectors))), 1, MAX_COUNTER)
        and all(map(contains, vectors, devices))
        and _within(list(map(_HLC, versions)), 0, HLC_MAX)
        and _within(list(map(_SCHEMA, versions)), 1, MAX_SCHEMA)
    )


def _items_text(versions: list[Version]) -> bytes | None:
    """The canonical JSON array of these versions, or None when one nests deeper than
    :data:`ITEM_DEPTH` (a text that opens fewer containers than that cannot)."""
    texts = list(map(_ENCODER.encode, versions))
    opens = list(
        map(add, map(bytes.count, texts, repeat(b"{")), map(bytes.count, texts, repeat(b"[")))
    )
    if opens and max(opens) > ITEM_DEPTH:
        for v, n in zip(versions, opens):
            if n > ITEM_DEPTH and not depth_ok({"payload": v.payload, "vv": v.vv}, ITEM_DEPTH):
                return None
    return b"[" + b",".join(texts) + b"]"


def _items_in(versions: list[Version], data: bytes, start: int, end: int) -> bool:
    """``data[start:end]`` is exactly the canonical JSON array of ``versions``, and none of
    them nests deeper than :data:`ITEM_DEPTH` (a text opening fewer containers cannot).
    Compared in place, item by item: no second copy of a 50 MB array."""
    if data[start : start + 1] != b"[" or data[end - 1 : end] != b"]":
        return False
    encode, pos, last = _ENCODER.encode, start + 1, end - 1
    for n, v in enumerate(versions):
        if n:
            if data[pos : pos + 1] != b",":
                return False
            pos += 1
        text = encode(v)
        if not data.startswith(text, pos):
            return False
        pos += len(text)
        if text.count(b"{") + text.count(b"[") > ITEM_DEPTH and not depth_ok(
            {"payload": v.payload, "vv": v.vv}, ITEM_DEPTH
        ):
            return False
    return pos == last


class _Top(NamedTuple):
    """A payload's top level, proved canonical but for its versions' text."""

    top: WirePayload
    header: dict[str, object]  # with the manifest
    erasures: list[Erasure]
    start: int  # data[start:end] is the versions' array
    end: int


def _top_of(data: bytes, max_string: int) -> _Top | None:
    """The payload's top level when the file could be canonical, else None (never raises):
    every field but the versions is the canonical writer's text, the erasures valid."""
    if len(data) > max_string or _NUL in data:
        return None
    try:
        top = _TOP.decode(data)
        # The document but its last field, the versions, encoded back: it must be the text
        # before them, and they the rest (checked item by item by the callers).
        head = _ENCODER.encode(msgspec.structs.replace(top, versions=msgspec.Raw(b"0")))[:-2]
        start, end = len(head), len(data) - 1
        if not data.startswith(head) or data[end:] != b"}":
            return None
        wire_erasures = _ERASURES.decode(top.erasures)
        if memoryview(top.erasures) != _ENCODER.encode(wire_erasures):
            return None
        header = {
            name: getattr(top, name)
            for name in WirePayload.__struct_fields__
            if name not in ("versions", "erasures")
        }
        check_depth(header)
    except (*_DECODE_ERRORS, MentorError):
        return None
    erasures = [Erasure(e.record_id, e.entity, e.hlc, e.device_id) for e in wire_erasures]
    if len({e.record_id for e in erasures}) != len(erasures) or not _erasures_valid(erasures):
        return None
    return _Top(top, header, erasures, start, end)


def _manifest_holds(got: _Top, data: bytes, entities: Iterable[str], n: int) -> bool:
    manifest = got.header["manifest"]
    return (
        isinstance(manifest, dict)
        and manifest.get("versions") == n
        and manifest.get("erasures") == len(got.erasures)
        and manifest.get("counts") == entity_counts(entities)
        and manifest.get("sha256")
        == body_sha256(got.top.erasures, memoryview(data)[got.start : got.end])
    )


def fast_parse(data: bytes, max_string: int) -> FastPayload | None:
    """The payload when it is canonical and valid throughout, else None (never raises).
    ``max_string``: the per-string cap in force, which no string can pass when the whole
    payload is no longer."""
    got = _top_of(data, max_string)
    if got is None:
        return None
    try:
        versions = _VERSIONS.decode(got.top.versions)
    except _DECODE_ERRORS:
        return None
    version_ids = list(map(_VERSION_ID, versions))
    if (
        not _items_in(versions, data, got.start, got.end)
        or not _rules_hold(versions, version_ids)
        or len(set(version_ids)) != len(versions)
        or not _manifest_holds(got, data, map(_ENTITY, versions), len(versions))
    ):
        return None
    header = dict(got.header)
    manifest = header.pop("manifest")
    assert isinstance(manifest, dict)
    return FastPayload(header, versions, got.erasures, manifest)


class HeldPayload(NamedTuple):
    """What :func:`held_parse` read: the file's versions, every one of them one of the texts
    it was passed, byte for byte."""

    header: dict[str, object]  # the top-level fields but the lists and the manifest
    held: list[int]  # the file's versions, as indexes into ``texts``, in the file's order
    versions: LazyVersions  # the same, decoded when first used (no check left to run)
    erasures: list[Erasure]
    manifest: dict[str, Any]


def held_parse(
    data: bytes, max_string: int, texts: Sequence[bytes | None], entities: Sequence[str]
) -> HeldPayload | None:
    """The payload when it is canonical and each of its versions is, byte for byte, one of
    ``texts`` (the canonical texts of versions a vault holds, sorted by version id; None for
    one that cannot be compared), else None (never raises). For the re-import of an unchanged
    file: nothing in it is new, so no version is re-encoded and checked one by one (they are
    only decoded, for the caller's report). A text the vault holds passed every check of a
    version when it came in (an import, or the app writing it), and the same text passes them
    again; ``entities``: each text's entity, for the manifest."""
    got = _top_of(data, max_string)
    if got is None:
        return None
    held = _match(data, got.start, got.end, texts)
    if held is None or not _manifest_holds(got, data, (entities[i] for i in held), len(held)):
        return None
    # The values only if a caller asks (the checks are done: the texts are already held, and
    # the dry run of such a file needs none of them): 100,000 decoded versions took ~0.4 s to
    # build and ~0.3 s to free, a third of the re-import (bench/profiles/).
    versions = LazyVersions(got.top.versions)
    header = dict(got.header)
    manifest = header.pop("manifest")
    assert isinstance(manifest, dict)
    return HeldPayload(header, held, versions, got.erasures, manifest)


def known_parse(data: bytes, max_string: int, versions: int, erasures: int) -> HeldPayload | None:
    """The payload of a file the caller knows to be, byte for byte, one whose every version
    it holds and no other (``versions``: how many it holds; ``erasures``: its markers): the
    top level read and proved canonical as :func:`held_parse` does, the manifest checked
    against those counts (its counts per entity adding up to them) and the versions' text
    (SHA-256), but no version matched one by one (the file is the one matched before: the
    caller compared its whole SHA-256). None for anything else (never raises)."""
    got = _top_of(data, max_string)
    if got is None:
        return None
    manifest = got.header["manifest"]
    n = versions
    counts = manifest.get("counts") if isinstance(manifest, dict) else None
    if not (
        isinstance(manifest, dict)
        and manifest.get("versions") == n
        and manifest.get("erasures") == len(got.erasures) == erasures
        and isinstance(counts, dict)
        and all(type(c) is int and c > 0 for c in counts.values())
        and sum(counts.values()) == n
        and manifest.get("sha256")
        == body_sha256(got.top.erasures, memoryview(data)[got.start : got.end])
    ):
        return None
    header = dict(got.header)
    header.pop("manifest")
    held = list(range(n))  # the vault's versions sorted by id: the file's, in its order
    return HeldPayload(header, held, LazyVersions(got.top.versions), got.erasures, manifest)


class LazyVersions(Sequence[Version]):
    """A payload's versions array (its JSON text, proved to be versions a vault holds), read
    into ``Version`` values on first use; a list of them in every other respect."""

    __slots__ = ("_items", "_raw")

    def __init__(self, raw: bytes | msgspec.Raw) -> None:
        self._raw: bytes | msgspec.Raw | None = raw
        self._items: list[Version] | None = None

    def _list(self) -> list[Version]:
        if self._items is None:
            assert self._raw is not None
            self._items, self._raw = _VERSIONS.decode(self._raw), None
        return self._items

    @property
    def decoded(self) -> bool:
        return self._items is not None

    @overload
    def __getitem__(self, i: int) -> Version: ...

    @overload
    def __getitem__(self, i: slice) -> list[Version]: ...

    def __getitem__(self, i: int | slice) -> Version | list[Version]:
        return self._list()[i]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[Version]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyVersions):
            other = other._list()
        return isinstance(other, list) and self._list() == other

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        return repr(self._list()) if self.decoded else "LazyVersions(<not read yet>)"


def _match(data: bytes, start: int, end: int, texts: Sequence[bytes | None]) -> list[int] | None:
    """Indexes of ``texts`` whose concatenation with commas, in order, is exactly the array
    ``data[start:end]``; None when the array holds anything else. Each text is a whole JSON
    object, so where one matches followed by a comma (or the closing bracket) it is exactly
    one item of the array (which msgspec has already read as valid JSON)."""
    if data[start : start + 1] != b"[" or data[end - 1 : end] != b"]":
        return None
    pos, last = start + 1, end - 1
    out: list[int] = []
    if pos == last:
        return out
    startswith = data.startswith
    for i, text in enumerate(texts):
        if text is not None and startswith(text, pos):
            nxt = pos + len(text)
            if nxt == last:
                out.append(i)
                return out
            if data[nxt] == 0x2C:  # ","
                out.append(i)
                pos = nxt + 1
    return None


def _erasures_valid(erasures: list[Erasure]) -> bool:
    """Erasure markers are few: the Python check of each."""
    return all(check_erasure(e.to_dict()) is None for e in erasures)


def fast_build(
    versions_json: bytes,
    erasure_dicts: list[dict[str, Any]],
    header: Mapping[str, object],
) -> bytes | None:
    """The canonical payload (what ``syncfile_build.build_payload`` writes) from
    ``versions_json`` — a JSON array of version objects sorted by ``version_id``, spaced in
    any way — or None when a version is not valid, the ids are not sorted and unique, or a
    value falls outside what this path writes identically (a float, say).

    ``erasure_dicts`` (sorted by record id, checked by the caller) and ``header`` (every other
    top-level field, the manifest left out) are encoded the Python way."""
    if _NUL in versions_json:
        return None
    try:
        versions = _VERSIONS.decode(versions_json)
    except _DECODE_ERRORS:
        return None
    ids = list(map(_VERSION_ID, versions))
    if not all(map(lt, ids, islice(ids, 1, None))) or not _rules_hold(versions, ids):
        return None
    vtext = _items_text(versions)
    if vtext is None:
        return None
    etext = ("[" + ",".join(map(canonical_json, erasure_dicts)) + "]").encode("utf-8")
    doc: dict[str, object] = dict(header)
    doc["manifest"] = {
        "counts": entity_counts(map(_ENTITY, versions)),
        "versions": len(versions),
        "erasures": len(erasure_dicts),
        "sha256": body_sha256(etext, vtext),
    }
    parts: list[bytes] = [b"{"]
    for n, key in enumerate(sorted([*doc, "versions", "erasures"])):
        parts.append((("," if n else "") + canonical_json(key) + ":").encode("utf-8"))
        if key == "versions":
            parts.append(vtext)
        elif key == "erasures":
            parts.append(etext)
        else:
            parts.append(canonical_json(doc[key]).encode("utf-8"))
    parts.append(b"}")
    return b"".join(parts)
