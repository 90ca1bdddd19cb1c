"""Writing the sync payload (../../docs/sync-format.md §2): canonical UTF-8 JSON of a vault's
versions and erasures with its manifest, checked with the reader's own rules on the way out.
Pure: no files, no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mentor_tui.core.errors import MentorError
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.merge import Erasure
from mentor_tui.core.sync_wire import fast_build
from mentor_tui.core.syncfile_checks import (
    FORMAT,
    KNOWN_FIELDS,
    PAYLOAD_FORMAT_VERSION,
    READER_VERSION,
    ItemTexts,
    canonical_pieces,
    check_depth,
    check_erasure,
    check_header,
    check_version,
    entity_counts,
)
from mentor_tui.core.versions import Version


def build_payload_fast(
    *,
    vault_id: str,
    device_id: str,
    versions_json: bytes,
    erasures: Iterable[Erasure],
    app_version: str,
    schema_version: int,
    extra: Mapping[str, object] | None = None,
) -> bytes | None:
    """:func:`build_payload`'s bytes, from the versions as one JSON array sorted by id (the
    database's columns, put together by SQL: ``db.sync_read.versions_json``), checked and
    encoded at C speed (:func:`~mentor_tui.core.sync_wire.fast_build`). None whenever this
    path cannot vouch for the result — a version it would refuse, a float, an erasure or a
    header field that does not pass: then :func:`build_payload` runs on the versions as
    Python values (and raises what it finds)."""
    with gc_paused():
        es = sorted({e.record_id: e for e in erasures}.values(), key=lambda e: e.record_id)
        edicts = [e.to_dict() for e in es]
        doc: dict[str, object] = dict(extra or {})
        if set(doc) & set(KNOWN_FIELDS) or any(check_erasure(d) for d in edicts):
            return None
        doc.update(
            {
                "format": FORMAT,
                "format_version": PAYLOAD_FORMAT_VERSION,
                "min_reader_version": READER_VERSION,
                "vault_id": vault_id,
                "exporter_device_id": device_id,
                "app_version": app_version,
                "schema_version": schema_version,
            }
        )
        try:
            check_depth({**doc, "manifest": {}})
            check_header({**doc, "versions": [], "erasures": [], "manifest": {}})
        except MentorError:
            return None
        return fast_build(versions_json, edicts, doc)


def build_payload(
    *,
    vault_id: str,
    device_id: str,
    versions: Iterable[Version],
    erasures: Iterable[Erasure],
    app_version: str,
    schema_version: int,
    extra: Mapping[str, object] | None = None,
) -> bytes:
    """Canonical UTF-8 JSON bytes. Versions are sorted by id, erasures by record id.

    Raises ``ValueError`` for data this module would itself reject (a programming error).
    """
    with gc_paused():
        vs = sorted({v.version_id: v for v in versions}.values(), key=lambda v: v.version_id)
        es = sorted({e.record_id: e for e in erasures}.values(), key=lambda e: e.record_id)
        vdicts = [v.to_dict() for v in vs]
        edicts = [e.to_dict() for e in es]
        doc: dict[str, object] = dict(extra or {})
        clash = set(doc) & set(KNOWN_FIELDS)
        if clash:
            raise ValueError(f"extra fields shadow known ones: {sorted(clash)}")
        texts = ItemTexts.of(vdicts, edicts)
        for i, d in enumerate(vdicts):
            problem = check_version(d, texts.versions[i] if texts.clean else None)
            if problem:
                raise ValueError(f"version {i} ({d.get('version_id')!r}) invalid: {problem}")
        for i, d in enumerate(edicts):
            problem = check_erasure(d)
            if problem:
                raise ValueError(f"erasure {i} invalid: {problem}")
        doc.update(
            {
                "format": FORMAT,
                "format_version": PAYLOAD_FORMAT_VERSION,
                "min_reader_version": READER_VERSION,
                "vault_id": vault_id,
                "exporter_device_id": device_id,
                "app_version": app_version,
                "schema_version": schema_version,
                "versions": vdicts,
                "erasures": edicts,
                "manifest": {
                    "counts": entity_counts(vdicts),
                    "versions": len(vdicts),
                    "erasures": len(edicts),
                    "sha256": texts.digest(),
                },
            }
        )
        # What we write, we can read back: the reader's whole-file checks, on the same texts.
        check_depth(doc, texts)
        check_header(doc)
        return "".join(canonical_pieces(doc, texts)).encode("utf-8")
