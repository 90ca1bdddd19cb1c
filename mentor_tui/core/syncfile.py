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
  :func:`~mentor_tui.core.syncfile_build.build_payload`), so an older app passes a newer app's
  data on intact.

Layout: this module reads (:func:`parse_payload`); :mod:`~mentor_tui.core.syncfile_checks`
holds the format constants, limits and checks both directions share;
:mod:`~mentor_tui.core.syncfile_build` writes (``build_payload``). Each name is imported from
its own module.

Speed (issue 17): a file that is canonical and valid throughout is read by msgspec
(:func:`~mentor_tui.core.sync_wire.fast_parse`, at C speed, to the same result); it answers
None for any other file, which the Python reader below then judges, rejection by rejection.
:func:`parse_held` serves the re-import of an unchanged file: when every version in it is, byte
for byte, one the vault holds, none is checked or re-encoded again.

Speed of the Python reader (issue 5): a file exactly as ``build_payload`` writes it
(canonical) is parsed once without hooks and proved canonical by re-encoding it item by item;
equality rules out duplicate keys, NaN and non-finite numbers, so it is as strict as the hooked
parse, which any other file still gets. Each item's canonical text then bounds its depth and string lengths cheaply (the
exact walks run only when a bound fails) and serves the manifest digest and duplicate-id check.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core import syncfile_checks
from mentor_tui.core.errors import MentorError
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.merge import Erasure, Rejected
from mentor_tui.core.strict_json import strict_loads
from mentor_tui.core.sync_wire import FastPayload, HeldPayload, fast_parse, held_parse, known_parse
from mentor_tui.core.syncfile_checks import (
    ItemTexts,
    canonical_pieces,
    check_depth,
    check_erasure,
    check_header,
    check_manifest,
    check_version,
    is_id,
    payload_invalid,
)
from mentor_tui.core.versions import Version


@dataclass
class SyncPayload:
    format_version: int
    min_reader_version: int
    vault_id: str
    exporter_device_id: str
    app_version: str
    schema_version: int
    versions: Sequence[Version]  # a list; from parse_held a LazyVersions (read when used)
    erasures: list[Erasure]
    manifest: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    # From :func:`parse_held`: every version of the file is byte for byte one the vault holds
    # (their indexes in the texts it was given).
    held: list[int] | None = None


def parse_payload(data: bytes) -> SyncPayload:
    """Validate a decrypted payload; a :class:`MentorError` for any whole-file problem."""
    try:
        with gc_paused():
            fast = _fast(bytes(data))
            return fast if fast is not None else _parse(data)
    except MentorError:
        raise
    except Exception:  # noqa: BLE001 - a last guard: hostile content must never surface as a traceback
        raise MentorError("sync.payload_invalid", field="?") from None


def _fast(data: bytes) -> SyncPayload | None:
    """The payload read by :func:`~mentor_tui.core.sync_wire.fast_parse`, or None (then the
    Python reader runs and raises whatever it finds, in its order)."""
    got: FastPayload | None = fast_parse(data, syncfile_checks.MAX_STRING)
    if got is None:
        return None
    return _payload(got.header, got.manifest, got.versions, got.erasures)


def parse_held(
    data: bytes, texts: Sequence[bytes | None], entities: Sequence[str]
) -> SyncPayload | None:
    """A decrypted payload that is canonical and all of whose versions are, byte for byte,
    among ``texts`` (the canonical texts of the versions a vault holds, sorted by id; their
    ``entities``): the payload, ``held`` naming its versions among ``texts``. None for any
    other file, which :func:`parse_payload` then reads. Never raises."""
    try:
        with gc_paused():
            got = held_parse(bytes(data), syncfile_checks.MAX_STRING, texts, entities)
            return None if got is None else _held_payload(got)
    except Exception:  # noqa: BLE001 - whatever it is, the full reader judges the file
        return None


def parse_known(data: bytes, versions: int, erasures: int) -> SyncPayload | None:
    """A decrypted payload that the caller knows (by its SHA-256) to hold exactly the
    ``versions`` it holds and ``erasures`` markers, checked as
    ``sync_wire.known_parse`` says: the payload, ``held`` naming all its versions. None when
    anything differs; never raises."""
    try:
        with gc_paused():
            got = known_parse(bytes(data), syncfile_checks.MAX_STRING, versions, erasures)
            return None if got is None else _held_payload(got)
    except Exception:  # noqa: BLE001 - whatever it is, the full reader judges the file
        return None


def _held_payload(got: HeldPayload) -> SyncPayload | None:
    payload = _payload(got.header, got.manifest, got.versions, got.erasures)
    if payload is not None:
        payload.held = got.held
    return payload


def _payload(
    h: dict[str, object],
    manifest: dict[str, Any],
    versions: Sequence[Version],
    erasures: list[Erasure],
) -> SyncPayload | None:
    try:
        extra = check_header({**h, "versions": [], "erasures": [], "manifest": manifest})
    except MentorError:
        return None
    return SyncPayload(
        format_version=h["format_version"],  # type: ignore[arg-type]
        min_reader_version=h["min_reader_version"],  # type: ignore[arg-type]
        vault_id=h["vault_id"],  # type: ignore[arg-type]
        exporter_device_id=h["exporter_device_id"],  # type: ignore[arg-type]
        app_version=h["app_version"],  # type: ignore[arg-type]
        schema_version=h["schema_version"],  # type: ignore[arg-type]
        versions=versions,
        erasures=erasures,
        manifest=manifest,
        extra=extra,
    )


def _loads(data: bytes) -> tuple[Any, ItemTexts | None]:
    """The document, and its items' texts when the file is exactly canonical (compared in
    place); else None, after parsing again with the strict hooks."""
    try:
        text = bytes(data).decode("utf-8")
        doc = json.loads(text)
        if (
            isinstance(doc, dict)
            and isinstance(doc.get("versions"), list)
            and isinstance(doc.get("erasures"), list)
        ):
            texts, pos = ItemTexts.of(doc["versions"], doc["erasures"]), 0
            for piece in canonical_pieces(doc, texts):
                if not text.startswith(piece, pos):
                    break
                pos += len(piece)
            else:
                if pos == len(text):
                    return doc, texts
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        pass
    try:
        return strict_loads(bytes(data).decode("utf-8")), None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise payload_invalid("JSON") from None


def _parse(data: bytes) -> SyncPayload:
    doc, texts = _loads(data)
    check_depth(doc, texts)
    extra = check_header(doc)
    versions, erasures, manifest = doc["versions"], doc["erasures"], doc["manifest"]
    texts = texts or ItemTexts.of(versions, erasures)
    check_manifest(manifest, versions, erasures, texts)
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
        out_versions[d["version_id"]] = v  # == vid, now known to be an id
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
        format_version=doc["format_version"],
        min_reader_version=doc["min_reader_version"],
        vault_id=doc["vault_id"],
        exporter_device_id=doc["exporter_device_id"],
        app_version=doc["app_version"],
        schema_version=doc["schema_version"],
        versions=list(out_versions.values()),
        erasures=list(out_erasures.values()),
        manifest=manifest,
        extra=extra,
        rejected=rejected,
    )


def _rejected(kind: str, index: int, d: object, problem: tuple[str, str]) -> Rejected:
    def ident(name: str) -> str | None:
        value = d.get(name) if isinstance(d, dict) else None
        return value if is_id(value) else None

    return Rejected(
        kind=kind,
        index=index,
        version_id=ident("version_id"),
        record_id=ident("record_id"),
        reason=problem[0],
        field=problem[1],
    )
