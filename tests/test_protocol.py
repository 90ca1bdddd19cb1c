"""The declared protocol between the app and its screens, kept by an AST scan of mentor_tui/:

- no ``getattr``/``hasattr`` applied to the app or a screen (``self.app``, ``app``, ``screen``,
  ``self.screen``, ``self.app.screen``, ``self`` inside an App or Screen class): the app asks a
  screen what ``AppScreen`` declares, and a screen tells the app by posting a message;
- no private name (``_x``) imported from another module (tests/ are exempt);
- screens and widgets reach the app only through Textual's own ``App`` API and the declared
  ``Host`` (widgets/protocol.py).

Each rule is also shown to catch a violation planted in a temporary file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from textual.app import App

import mentor_tui
from mentor_tui.widgets.protocol import Host

ROOT = Path(mentor_tui.__file__).parent

APP_OR_SCREEN_BASE = re.compile(r"(App|Screen)$")


def modules(root: Path = ROOT) -> list[tuple[str, ast.Module]]:
    return [
        (f.relative_to(root).as_posix(), ast.parse(f.read_text(encoding="utf-8")))
        for f in sorted(root.rglob("*.py"))
    ]


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Subscript):  # ModalScreen[bool]
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _app_or_screen_classes(tree: ast.Module) -> set[str]:
    """Classes of this module that are an App or a Screen: a base named ``...App`` or
    ``...Screen``, or a class of this module that is one."""
    classes = {c.name: c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, cls in classes.items():
            if name in found:
                continue
            bases = {_base_name(b) for b in cls.bases}
            if any(APP_OR_SCREEN_BASE.search(b) for b in bases) or bases & found:
                found.add(name)
                changed = True
    return found


def _stack_names(tree: ast.Module) -> set[str]:
    """Names a loop or a comprehension binds to the screens of a ``screen_stack``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.comprehension)) and "screen_stack" in ast.unparse(
            node.iter
        ):
            names |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    return names


def probes(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, source) of each getattr/hasattr applied to the app or a screen."""
    ours = _app_or_screen_classes(tree)
    screens = {"app", "screen"} | _stack_names(tree)
    found: list[tuple[int, str]] = []

    def is_app_or_screen(node: ast.expr, self_is_one: bool) -> bool:
        if isinstance(node, ast.Name):
            return node.id in screens or (node.id == "self" and self_is_one)
        return isinstance(node, ast.Attribute) and node.attr in ("app", "screen")

    def visit(node: ast.AST, self_is_one: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name in ours)
                continue
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in ("getattr", "hasattr")
                and child.args
                and is_app_or_screen(child.args[0], self_is_one)
            ):
                found.append((child.lineno, ast.unparse(child)))
            visit(child, self_is_one)

    visit(tree, False)
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports(tree: ast.Module) -> list[tuple[str, str]]:
    """(module, name) of each private name or private module imported."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if _private(alias.name) or any(_private(p) for p in module.split(".")):
                    found.append((module, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(_private(p) for p in alias.name.split(".")):
                    found.append((alias.name, ""))
    return found


ALLOWED_ON_APP = (
    set(dir(App()))  # Textual's App API, with what its __init__ sets
    | {name for name in vars(Host) if not name.startswith("_")}
    | set(Host.__annotations__)
)


def app_reach(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, name) of each attribute reached on the app (``self.app.x``, ``app.x``) that is
    neither Textual's App API nor the declared Host."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        on_app = (isinstance(owner, ast.Attribute) and owner.attr == "app") or (
            isinstance(owner, ast.Name) and owner.id == "app"
        )
        if on_app and node.attr not in ALLOWED_ON_APP:
            found.append((node.lineno, node.attr))
    return found


# --- the tree --------------------------------------------------------------------------------


def test_no_getattr_or_hasattr_on_the_app_or_a_screen():
    found = [(rel, line, src) for rel, tree in modules() for line, src in probes(tree)]
    assert found == []


def test_no_private_name_imported_from_another_module():
    found = {
        (rel, module, name) for rel, tree in modules() for module, name in private_imports(tree)
    }
    assert found == set()


def test_screens_and_widgets_reach_the_app_through_textual_and_the_host_only():
    found = [
        (rel, line, name)
        for rel, tree in modules()
        if rel.startswith(("screens/", "widgets/"))
        for line, name in app_reach(tree)
    ]
    assert found == []
    assert "vault" in ALLOWED_ON_APP and "refresh_data" not in ALLOWED_ON_APP


# --- each rule catches a planted violation ------------------------------------------------


PLANTED = """
from textual.screen import ModalScreen, Screen
from mentor_tui.core.duties import _Engine
from textual._wait import wait_for_idle
import mentor_tui._private


class Base(ModalScreen[bool]):
    def reload(self):
        return hasattr(self, "data")


class Child(Base):
    def go(self):
        getattr(self.app, "refresh_data")()
        getattr(self.app.screen, "reload", None)
        self.app.after_entry(None)


def palette(app, screen, record):
    getattr(screen, "child_id", None)
    hasattr(app, "config")
    getattr(record, "name")  # a record, not the app: allowed
    for s in app.screen_stack:
        hasattr(s, "reload")
    app.push_screen(None)  # Textual's own: allowed


class NotAScreen:
    def f(self):
        return getattr(self, "x")  # allowed: not an App or a Screen
"""


def test_the_scan_catches_planted_violations(tmp_path):
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "planted.py").write_text(PLANTED, encoding="utf-8")
    (tmp_path / "clean.py").write_text("x = getattr(object(), 'y', None)\n", encoding="utf-8")
    scanned = dict(modules(tmp_path))
    assert set(scanned) == {"screens/planted.py", "clean.py"}
    tree = scanned["screens/planted.py"]

    assert [src for _line, src in probes(tree)] == [
        "hasattr(self, 'data')",
        "getattr(self.app, 'refresh_data')",
        "getattr(self.app.screen, 'reload', None)",
        "getattr(screen, 'child_id', None)",
        "hasattr(app, 'config')",
        "hasattr(s, 'reload')",
    ]
    assert private_imports(tree) == [
        ("mentor_tui.core.duties", "_Engine"),
        ("textual._wait", "wait_for_idle"),
        ("mentor_tui._private", ""),
    ]
    assert [name for _line, name in app_reach(tree)] == ["after_entry"]
    clean = scanned["clean.py"]
    assert probes(clean) == [] and private_imports(clean) == [] and app_reach(clean) == []
