"""The code's shape: the generator's modules import one another without a cycle, so the pipeline reads in one
direction (load -> derive -> render -> build -> the MkDocs adapter); test modules share helpers through
`tests/helpers.py` and fixtures through `conftest.py`, never by importing one another."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
TESTS = Path(__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    """The generator modules `path` imports (`from .x import`, `from . import x`), wherever the import stands:
    inside a function counts too, since a cycle broken only by a late import is still a cycle. Imports under
    `if TYPE_CHECKING:` are left out: they never run."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk of `graph` meets, each as the modules along it, first one repeated."""
    cycles: list[list[str]] = []
    done: set[str] = set()
    path: list[str] = []

    def walk(module: str) -> None:
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if imported in path:
                cycles.append([*path[path.index(imported):], imported])
            elif imported not in done:
                walk(imported)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            walk(module)
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_the_generator_modules_import_one_another_without_a_cycle():
    graph = {path.stem: _imports(path) for path in sorted(GENERATOR.glob("*.py"))}
    assert "model" in graph["load"] and "mkdocs_plugin" in graph["publish"]  # the parse sees real imports
    assert import_cycles(graph) == []


def test_no_test_module_imports_another():
    importing = {}
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):  # `from tests.test_x import y`, `from tests import test_x`
                names = [node.module or "", *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith(("tests.test_", "tests.conftest", "test_", "conftest")):
                    importing.setdefault(path.name, []).append(name)
    assert importing == {}
