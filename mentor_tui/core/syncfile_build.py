"""Writing the sync payload (../../docs/sync-format.md §2): canonical UTF-8 JSON of a vault's
versions and erasures with its manifest, checked with the reader's own rules on the way out.
Pure: no files, no database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.merge import Erasure
from mentor_tui.core.syncfile_checks import (
    FORMAT,
    FORMAT_VERSION,
    KNOWN_FIELDS,
    READER_VERSION,
    _check_depth,
    _check_header,
    _clean,
    _counts,
    _digest,
    _encode,
    _joined,
    _pieces,
    check_erasure,
    check_version,
)
from mentor_tui.core.versions import Version


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
        return _build(vault_id, device_id, versions, erasures, app_version, schema_version, extra)


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
    doc.update(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "min_reader_version": READER_VERSION,
            "vault_id": vault_id,
            "exporter_device_id": device_id,
            "app_version": app_version,
            "schema_version": schema_version,
            "versions": [],
            "erasures": [],
            "manifest": {
                "counts": _counts(vdicts),
                "versions": len(vdicts),
                "erasures": len(edicts),
                "sha256": _digest(vtext, etext),
            },
        }
    )
    # What we write, we can read back: the reader's whole-file checks, on the same texts.
    _check_depth(doc, vdicts, edicts, vtexts, [_encode(d) for d in edicts])
    _check_header(doc)
    return "".join(_pieces(doc, vtext, etext)).encode("utf-8")
