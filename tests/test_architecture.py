"""The package's shape: layers import only downwards, no import cycles, small modules.

Every ``import`` statement of every module is read with :mod:`ast` (also those inside
functions: a lazy import is still a dependency), resolved to a module of the package and
mapped to its layer. See the architecture section of the README.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "symderiv"

#: subpackage -> layer (lowest first); ``nn`` sits beside the layer calculus it needs
LAYERS = {
    "language": 1,    # function table, safe parser, programs, printers
    "graph": 2,       # DAG, forward/reverse accumulation, paths, exporters
    "calculus": 3,    # tape gradient, Jacobian, Hessian, equivalence
    "verify": 4,      # finite differences, complex step, kinks, array checks, records
    "layers": 5,      # activation catalog, matrix terms, rule table, chains, bounds
    "nn": 5,          # the NumPy companion
    "documents": 6,   # Solution model, notation, messages, LaTeX, templates, build
    "problems": 7,    # one module per exercise family, returning a Solution
    "course": 8,      # every report, sheets, exports, grading
    "cli": 9,         # argparse front end
}
TOP = 10              # symderiv/__init__.py and __main__.py: the public API
MAX_LINES = 400

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)

def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}

MODULES = _modules()

def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__", "api"):
        return TOP
    if parts[1] not in LAYERS:
        raise AssertionError(f"{module}: module outside every layer (add it to a subpackage)")
    return LAYERS[parts[1]]

def _resolve(name: str) -> str | None:
    """The package module an import refers to (the longest known prefix)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None

def _imports(module: str, path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_pkg = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("symderiv"):
                    found.append((alias.name, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_pkg:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("symderiv"):
                continue
            for alias in node.names:  # ``from pkg import submodule`` names the submodule
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno))
    out = []
    for name, line in found:
        resolved = _resolve(name)
        if resolved and resolved != module:
            out.append((resolved, line))
    return out

GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}

def test_every_module_is_in_a_layer():
    for module in MODULES:
        _layer(module)

def test_imports_go_downwards_only():
    wrong = []
    for module, deps in GRAPH.items():
        for dep, line in deps:
            if dep == "symderiv":
                if _layer(module) != TOP:
                    wrong.append(f"{module}:{line} imports the top-level package")
                continue
            if _layer(dep) > _layer(module):
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} "
                             f"(layer {_layer(module)}) imports {dep} (layer {_layer(dep)})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)

def _cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """One cycle of ``graph`` (iterative depth-first search), or None."""
    color: dict[str, int] = {}
    for root in graph:
        if color.get(root):
            continue
        stack = [(root, iter(graph[root]))]
        path = [root]
        color[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                color[node] = 2
                stack.pop()
                path.pop()
                continue
            if color.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if not color.get(nxt):
                color[nxt] = 1
                stack.append((nxt, iter(graph.get(nxt, []))))
                path.append(nxt)
    return None

def _parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}

def test_no_import_cycles_between_modules():
    # a package's __init__ that re-exports its own modules is not a cycle with them
    graph = {m: sorted({d for d, _ in deps if d not in _parents(m)}) for m, deps in GRAPH.items()}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)

def test_no_import_cycles_between_subpackages():
    edges: dict[str, set[str]] = {}
    for module, deps in GRAPH.items():
        a = ".".join(module.split(".")[:2])
        for dep, _ in deps:
            b = ".".join(dep.split(".")[:2])
            if a != b and b != "symderiv" and a != "symderiv":
                edges.setdefault(a, set()).add(b)
    cycle = _cycle({k: sorted(v) for k, v in edges.items()})
    assert cycle is None, "subpackage cycle: " + " -> ".join(cycle)

def test_detector_finds_a_cycle_and_an_upward_import():
    # the checks above would fail on a real violation: feed them one
    assert _cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert _cycle({"a": ["b"], "b": []}) is None
    assert _layer("symderiv.cli.main") > _layer("symderiv.documents.render") > _layer("symderiv.graph.core")
@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines (limit {MAX_LINES}): split it by concern"


#: imports of private names that predate the rule, in problems/ (being rewritten, issue 20);
#: a new one anywhere fails
PRIVATE_IMPORTS_LEFT = {
    ("symderiv.problems.forward_backward.printing", "symderiv.documents.notation", "_Shown"),
    ("symderiv.problems.layer_partials.tasks_f", "symderiv.problems.layer_partials.tasks", "_kink_checks"),
    ("symderiv.problems.layer_partials.tasks_f", "symderiv.problems.layer_partials.tasks", "_num"),
    ("symderiv.problems.layer_partials.tasks_f", "symderiv.problems.layer_partials.tasks", "_plain"),
    ("symderiv.problems.layer_partials.tasks_f", "symderiv.problems.layer_partials.tasks", "_point_value"),
}


def _private_names(source: str) -> set[tuple[str, str]]:
    """(module, name) of every import of an underscore name from the package in ``source``."""
    return {(node.module, a.name) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("symderiv")
            for a in node.names if a.name.startswith("_") and not a.name.startswith("__")}


def test_no_module_imports_another_modules_private_names():
    """A name one module needs from another is public (issue 20: graph/program.py drove
    Graph through _add/_build/_finish; tikz imported export's _fmt)."""
    assert _private_names("from symderiv.graph.export import _fmt, point_values\nfrom os import _exit\n"
                          "def f():\n    from symderiv.graph.core import __all__, _free_prefix") == {
        ("symderiv.graph.export", "_fmt"), ("symderiv.graph.core", "_free_prefix")}
    found = {(module, *name) for module, path in MODULES.items()
             for name in _private_names(path.read_text(encoding="utf-8"))}
    assert not found - PRIVATE_IMPORTS_LEFT, sorted(found - PRIVATE_IMPORTS_LEFT)


def test_no_facade_modules():
    """Modules kept only to re-export others under old import paths are gone (issue 20);
    code imports the modules that define the names."""
    assert not {"symderiv.calculus.tape", "symderiv.course.doclib"} & set(MODULES)
