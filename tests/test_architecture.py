"""The house's shape: small modules, no import circle, no private name used across modules,
and the core (rdf/) and the SHACL engine depending on nothing above them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from clusterkg import resources

PACKAGE = Path(resources.__file__).parent
MAX_LINES = 800
# What each layer may import from clusterkg (by the first part of the module's name).
ALLOWED = {
    "rdf": {"rdf", "errors"},
    "shacl": {"shacl", "rdf", "errors"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> list[tuple[str, str, int]]:
    """(module imported, name imported or "", line) for every clusterkg import of ``name``,
    at any depth (lazy imports in functions and TYPE_CHECKING blocks count)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                (a.name, "", node.lineno) for a in node.names if a.name.startswith("clusterkg")
            ]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if not base.startswith("clusterkg"):
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in MODULES:  # "from clusterkg.ask import names": the module
                    found.append((target, "", node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return found


def test_modules_are_small():
    big = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"split these modules (over {MAX_LINES} lines): {big}"


def test_no_import_circle():
    graph = {
        name: {target for target, _, _ in imports(name) if target in MODULES and target != name}
        for name in MODULES
    }
    # a package's __init__ importing its own submodules is how it re-exports; not a circle
    for name in graph:
        if MODULES[name].name == "__init__.py":
            graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_private_name_is_imported_from_another_module():
    offenders = [
        f"{name}:{line} imports {target}.{what}"
        for name in MODULES
        for target, what, line in imports(name)
        if what.startswith("_") and not what.startswith("__") and target != name
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_lower_layers_do_not_import_the_wings(layer):
    offenders = [
        f"{name}:{line} imports {target}"
        for name in MODULES
        if name.split(".")[1:2] == [layer]
        for target, _, line in imports(name)
        if target.split(".")[1] not in ALLOWED[layer]
    ]
    assert not offenders, "\n".join(offenders)


def test_the_folder_tree_shows_the_wings():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"rdf", "ask", "explore", "publish", "ingest", "synth", "shacl", "commands"} <= folders
