"""No import cycles at all between the modules of mentor_tui.

The graph is grimp's (import-linter's engine): every import statement counts, a function-level
one too; an import under ``if TYPE_CHECKING:`` does not. A cycle is a strongly connected
component of more than one module; the test lists every one with the imports inside it.
(The acyclic_siblings contract in pyproject.toml only sees cycles between siblings of one
package; this sees them across packages too.)
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def import_graph(package: str) -> grimp.ImportGraph:
    return grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module, each sorted, in order
    (Tarjan's algorithm, iterative: no recursion limit on a deep graph)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.find_modules_directly_imported_by(succ)))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def describe(graph: grimp.ImportGraph, component: list[str]) -> str:
    """The cycle's modules and every import between them, with its line."""
    members = set(component)
    lines = [f"cycle of {len(component)} modules: {', '.join(component)}"]
    for importer in component:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(
                    f"  {importer} -> {imported} "
                    f"(l.{detail['line_number']}: {detail['line_contents']})"
                )
    return "\n".join(lines)


def test_no_import_cycles():
    graph = import_graph("mentor_tui")
    assert "mentor_tui.db.store" in graph.modules and len(graph.modules) > 100
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(describe(graph, c) for c in found)


@pytest.fixture
def cyclic_pkg(monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES))
    return import_graph("cyclic_pkg")


def test_cycle_found_through_a_function_level_import_and_not_through_type_checking(cyclic_pkg):
    """tests/fixtures/cyclic_pkg: high -> low at module level, low -> high in a function (a
    cycle); typed_a -> typed_b, typed_b -> typed_a under TYPE_CHECKING only (none)."""
    assert "cyclic_pkg.typed_b" in cyclic_pkg.modules
    assert cycles(cyclic_pkg) == [["cyclic_pkg.high", "cyclic_pkg.low"]]
    text = describe(cyclic_pkg, ["cyclic_pkg.high", "cyclic_pkg.low"])
    assert "cyclic_pkg.low -> cyclic_pkg.high (l.6: from cyclic_pkg import high" in text


def test_cycle_finder_on_a_graph_of_three_components():
    graph = grimp.ImportGraph()
    for importer, imported in [
        ("p.a", "p.b"),
        ("p.b", "p.c"),
        ("p.c", "p.a"),  # a -> b -> c -> a
        ("p.c", "p.d"),
        ("p.d", "p.e"),
        ("p.e", "p.d"),  # d <-> e, reached from the first cycle
        ("p.f", "p.a"),  # f: in no cycle
        ("p.g", "p.g"),  # a module importing itself is no cycle between modules
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert cycles(graph) == [["p.a", "p.b", "p.c"], ["p.d", "p.e"]]
