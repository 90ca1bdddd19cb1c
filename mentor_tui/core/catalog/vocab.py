"""The vocabularies' labels, from the registry (``mentor_tui.core.vocab.labels``), so that each is
written once: ``kind.<id>``, ``col.duty.<id>`` (a kind's short dashboard column),
``card.<field>`` (the form) and ``docs.card.<field>`` (the documents), ``outcome.<id>``,
``role.<id>``, ``category.<id>``, ``gender.<id>``, ``status.<id>``."""

from __future__ import annotations

from mentor_tui.core import vocab


def messages() -> dict[str, tuple[str, str]]:
    """``{key: (zh, en)}`` from the registry as it is now (read by ``i18n`` when it loads)."""
    out: dict[str, tuple[str, str]] = {}
    for key, label in vocab.labels():
        if out.setdefault(key, label.pair()) != label.pair():
            raise RuntimeError(f"vocabulary label declared twice with different text: {key}")
    return out
