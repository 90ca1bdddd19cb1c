"""The roster files of tests/data/rosters, made the way schools make them: each gives exactly the
children and contacts written beside it (expected/<file>.json, from the same source records
that wrote the file: tests/data/rosters/source.py), and the generator still writes them."""

from __future__ import annotations

import datetime as dt
import json
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from mentor_tui.db import children as children_db, roster_import

DATA = Path(__file__).parent / "data" / "rosters"
sys.path.insert(0, str(DATA))
import make_rosters  # noqa: E402

TODAY = dt.date(2026, 9, 1)
FILES = [spec.name for spec in make_rosters.SPECS]
CHILD_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "class_name",
    "id_number",
    "school",
    "boarding",
    "home_address",
    "categories",
)


def test_at_least_twelve_files_of_every_kind():
    assert len(FILES) >= 12
    suffixes = {Path(f).suffix for f in FILES}
    assert {".xlsx", ".xls", ".ods", ".csv", ".txt"} <= suffixes
    for name in FILES:
        assert (DATA / name).is_file() and (DATA / "expected" / f"{name}.json").is_file()


def _as_imported(vault) -> list[dict]:
    out = []
    for c in children_db.list_children(vault, include_archived=True):
        child = {}
        for f in CHILD_FIELDS:
            v = getattr(c, f)
            if v in ("", None, [], False):
                continue
            child[f] = v.isoformat() if isinstance(v, dt.date) else v
        child["contacts"] = sorted(
            (
                {
                    "role": k.role,
                    "name": k.name,
                    "relationship": k.relationship,
                    "phones": list(k.phones),
                    "work_city": k.work_city,
                    "is_primary": bool(k.is_primary),
                }
                for k in children_db.contacts_of(vault, c.id)
            ),
            key=lambda k: (k["role"], k["name"]),
        )
        out.append(child)
    return sorted(out, key=lambda c: c["name"])


@pytest.mark.parametrize("name", FILES)
def test_each_file_gives_exactly_its_children_and_contacts(vault, name):
    want = json.loads((DATA / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    roster = roster_import.preview(vault, DATA / name, TODAY)
    assert len(roster.rows) == len(want)
    assert not [r for r in roster.rows if r.errors], [r.messages("en") for r in roster.rows]
    result = roster_import.apply(vault, roster, TODAY, with_warnings=True)
    assert result.children == len(want)
    assert _as_imported(vault) == sorted(want, key=lambda c: c["name"])


def _members(path: Path) -> dict[str, bytes | str]:
    """A workbook's parts, without those that only carry the time it was written; XML parts
    in canonical form (odfpy writes its namespace declarations in hash order)."""
    with zipfile.ZipFile(path) as zf:
        return {
            i.filename: _canonical(i.filename, zf.read(i))
            for i in zf.infolist()
            if i.filename not in ("docProps/core.xml", "meta.xml")
        }


def _canonical(name: str, data: bytes) -> bytes | str:
    if not name.endswith((".xml", ".rels")):
        return data
    return ElementTree.canonicalize(xml_data=data.decode("utf-8"))


def test_the_generator_still_writes_the_committed_files(tmp_path):
    written = make_rosters.make(tmp_path)
    assert len(written) == 2 * len(FILES)
    for path in written:
        committed = DATA / path.relative_to(tmp_path)
        if path.suffix in (".xlsx", ".ods"):
            assert _members(path) == _members(committed), path.name
        else:
            assert path.read_bytes() == committed.read_bytes(), path.name
