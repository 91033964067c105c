"""Geometry of the DAG figures: read the coordinates back from the TikZ a Graph draws, and
check that no edge passes through a node that is not one of its ends and that no two edge
labels overlap -- with Graphviz dot and with the pure-Python fallback."""
from __future__ import annotations

import re

import pytest
import sympy as sp

from symderiv.graph import layout
from symderiv.graph.core import Graph
from symderiv.language.parse import parse_ast

X1, X2 = sp.symbols("x1 x2", real=True)

EXPRESSIONS = {
    "rosenbrock": "(1 - x1)^2 + 100*(x2 - x1^2)^2",
    "x*y+sin(x)": "x*y + sin(x)",
    "mlp": "tanh(w2*tanh(w1*x + b1) + v2*sigmoid(v1*x + c1) + b2)",
    "square-by-product": "x*x + x",
}

_NODE = re.compile(r"\\node\[(op|leaf)\] \(([^)]+)\) at \(([-\d.]+),([-\d.]+)\) \{\$(.*)\$\};")
_LABEL = re.compile(r"\\node\[lab\] at \(([-\d.]+),([-\d.]+)\) \{\$(.*)\$\};")
_DRAW = re.compile(r"\\draw\[->\] (.*);")
_POINT = re.compile(r"\(([-\d.]+),([-\d.]+)\)")


def drawn_layout(tikz: str):
    """(GraphLayout, edges) as drawn: boxes sized like the layout sized them."""
    lay = layout.GraphLayout()
    names = []
    lines = tikz.splitlines()
    for i, ln in enumerate(lines):
        m = _NODE.match(ln)
        if m:
            d = {"text": m.group(5)}
            for follow in lines[i + 1:i + 3]:  # value / adjoint tags of this node
                if f"at ({m.group(2)}.north)" in follow:
                    d["above"] = follow.split("{$", 1)[1].rsplit("$}", 1)[0]
                if f"at ({m.group(2)}.south)" in follow:
                    d["below"] = follow.split("{$", 1)[1].rsplit("$}", 1)[0]
            w, h = layout._node_size(d)
            lay.nodes[len(names)] = layout.Box(float(m.group(3)), float(m.group(4)), w, h)
            names.append(m.group(2))
    edges = []
    for ln in lines:
        m = _DRAW.match(ln)
        if m:
            path = m.group(1)
            pts = [(float(a), float(b)) for a, b in _POINT.findall(path)]
            if ".. controls" in path:
                tip = pts[-1] if path.rstrip().split(" -- ")[-1] != path else None
                route = layout.Route("bezier", pts[:-1] if tip else pts, tip)
            else:
                route = layout.Route("polyline", pts, pts[-1])
            k = len(edges)
            lay.routes[k] = route
            ends = [min(lay.nodes, key=lambda i: (lay.nodes[i].x - p[0]) ** 2 + (lay.nodes[i].y - p[1]) ** 2)
                    for p in (pts[0], pts[-1])]
            edges.append(tuple(ends))
        m = _LABEL.match(ln)
        if m:
            w, h = layout.text_size(m.group(3), "scriptsize")
            lay.labels[len(lay.labels)] = layout.Box(float(m.group(1)), float(m.group(2)), w, h)
    return lay, edges


def graph_of(text: str) -> Graph:
    return Graph.from_ast(parse_ast(text))


ENGINES = ["layered"] + (["dot"] if layout.dot_available() else [])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_dag_figure_geometry(name, engine):
    g = graph_of(EXPRESSIONS[name])
    tikz = g.to_tikz(engine=engine)
    lay, edges = drawn_layout(tikz)
    assert len(lay.nodes) == len(g.nodes) and len(edges) == len(g.edges) == len(lay.labels)
    assert layout.geometry_problems(lay, edges) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_dag_figure_geometry_with_values_and_adjoints(engine):
    g = graph_of(EXPRESSIONS["rosenbrock"])
    lay, edges = drawn_layout(g.to_tikz({"x1": 1.2, "x2": 1.0}, engine=engine))
    assert layout.geometry_problems(lay, edges) == []


def test_dot_is_used_when_installed():
    if not layout.dot_available():
        pytest.skip("graphviz dot not installed")
    lay = layout.layout(3, [(0, 2), (1, 2)], [(0.7, 0.7)] * 3, [(0.5, 0.3)] * 2)
    assert lay.engine == "dot" and lay.routes[0].kind == "bezier"


def test_checker_detects_an_edge_through_a_node():
    # three nodes in a row; the edge 0 -> 2 is drawn straight through node 1
    lay = layout.GraphLayout(nodes={0: layout.Box(0, 0, 0.7, 0.7), 1: layout.Box(2, 0, 0.7, 0.7),
                                    2: layout.Box(4, 0, 0.7, 0.7)})
    lay.routes = {0: layout.Route("polyline", [(0.35, 0), (1.65, 0)]),
                  1: layout.Route("polyline", [(2.35, 0), (3.65, 0)]),
                  2: layout.Route("polyline", [(0.35, 0), (3.65, 0)])}
    lay.labels = {0: layout.Box(1, 0.3, 0.4, 0.3), 1: layout.Box(3, 0.3, 0.4, 0.3),
                  2: layout.Box(2, 1.0, 0.4, 0.3)}
    assert layout.geometry_problems(lay, [(0, 1), (1, 2), (0, 2)]) == ["edge 2 (0->2) passes through node 1"]
    # bent around node 1, the same edge is fine
    lay.routes[2] = layout.Route("polyline", [(0.35, 0.2), (2, 1.2), (3.65, 0.2)])
    assert layout.geometry_problems(lay, [(0, 1), (1, 2), (0, 2)]) == []


def test_checker_detects_overlapping_labels():
    lay = layout.GraphLayout(nodes={0: layout.Box(0, 0, 0.7, 0.7), 1: layout.Box(3, 0, 0.7, 0.7)})
    lay.routes = {0: layout.Route("polyline", [(0.35, 0), (2.65, 0)]),
                  1: layout.Route("polyline", [(0.35, 0.1), (2.65, 0.1)])}
    lay.labels = {0: layout.Box(1.5, 0.0, 0.6, 0.3), 1: layout.Box(1.6, 0.1, 0.6, 0.3)}
    assert layout.geometry_problems(lay, [(0, 1), (0, 1)]) == ["labels of edges 0 and 1 overlap"]


def test_old_straight_layout_of_rosenbrock_is_caught():
    # the pre-layout figure drew x1 -> v5 (1 - x1) as a straight line through v3 (issue 11)
    g = graph_of(EXPRESSIONS["rosenbrock"])
    pos = g.layout()  # the old layered positions: node -> (layer, slot), straight edges
    lay = layout.GraphLayout(nodes={i: layout.Box(L * 2.8, -s * 1.9, 0.8, 0.8) for i, (L, s) in pos.items()})
    edges = [(e.src, e.dst) for e in g.edges]
    for k, (s, d) in enumerate(edges):
        a, b = lay.nodes[s], lay.nodes[d]
        lay.routes[k] = layout.Route("polyline", [(a.x, a.y), (b.x, b.y)])
        lay.labels[k] = layout.Box((a.x + b.x) / 2, (a.y + b.y) / 2, 0.5, 0.3)
    assert any("passes through node" in p for p in layout.geometry_problems(lay, edges))


def test_text_size_grows_with_the_text():
    w1, _ = layout.text_size("x")
    w2, _ = layout.text_size(r"2 x_{1} + \sin{\left(x \right)}")
    assert w2 > 3 * w1
    _, h = layout.text_size(r"\frac{1}{x}")
    assert h > layout.text_size("x")[1]
