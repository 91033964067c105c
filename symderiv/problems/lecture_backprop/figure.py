"""The lecture's example as a figure: nodes named as on the slides (s, x, y, z, f, g, h, L),
every edge labelled with its local derivative in those names; laid out by the graph
module's layout, and the layout's own geometry test for the check."""
from __future__ import annotations

import sympy as sp

from symderiv.problems.lecture_backprop import maths as M


def _parts():
    from symderiv.language.printing import to_latex
    names = ["s"] + M.NAMES
    nodes = [{"name": f"n{n}", "style": "leaf" if n == "s" else "op", "text": n} for n in names]
    index = {n: k for k, n in enumerate(names)}
    edges = [{"src": index[a], "dst": index[b], "label": to_latex(loc)}
             for (a, b), loc in zip(M.EXAMPLE_EDGES, M.example_locals())]
    return nodes, edges


def tikz() -> str:
    from symderiv.graph.layout import tikz_picture
    nodes, edges = _parts()
    return tikz_picture(nodes, edges)


def geometry() -> list[str]:
    """What the layout of the figure gets wrong (edges through nodes, labels on labels)."""
    from symderiv.graph.layout import _node_size, geometry_problems, layout, text_size
    nodes, edges = _parts()
    pairs = [(e["src"], e["dst"]) for e in edges]
    lay = layout(len(nodes), pairs, [_node_size(n) for n in nodes],
                 [text_size(e["label"], "scriptsize") for e in edges])
    return geometry_problems(lay, pairs)


def check_record():
    from symderiv.verify import compare
    return compare([float(len(geometry()))], [0.0], "counter", tolerance=0.0)


def shown_symbols() -> dict:
    return {n: sp.Symbol(n) for n in ["s"] + M.NAMES}
