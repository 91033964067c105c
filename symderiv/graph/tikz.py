"""Layered layout and TikZ picture of a :class:`~symderiv.graph.core.Graph`."""
from __future__ import annotations

from symderiv.graph.export import short_number, point_values
from symderiv.graph.rules import adjoint_symbol
from symderiv.language.printing import to_latex

def layout(g) -> dict[int, tuple[float, float]]:
    """Layered layout: layer = longest path from a leaf; order in a layer by the
    barycenter of the parents (a few sweeps). Returns node -> (layer, slot)."""
    layer = [0] * len(g.nodes)
    for n in g.nodes:
        if n.parents:
            layer[n.index] = 1 + max(layer[p] for p in n.parents)
    for n in g.nodes:  # a constant sits right before its first use
        if n.op == "const" and g.children[n.index]:
            layer[n.index] = min(layer[g.edges[e].dst] for e in g.children[n.index]) - 1
    layers: dict[int, list[int]] = {}
    for n in g.nodes:
        layers.setdefault(layer[n.index], []).append(n.index)
    pos = {}
    for L, members in layers.items():
        for i, m in enumerate(members):
            pos[m] = float(i)
    for _ in range(4):
        for L in sorted(layers)[1:]:
            members = layers[L]
            bary = {m: (sum(pos[p] for p in g.nodes[m].parents) / len(g.nodes[m].parents)
                        if g.nodes[m].parents else pos[m]) for m in members}
            members.sort(key=lambda m: (bary[m], m))
            for i, m in enumerate(members):
                pos[m] = float(i)
    # centre every layer vertically
    width = max(len(m) for m in layers.values())
    out = {}
    for L, members in layers.items():
        off = (width - len(members)) / 2.0
        for i, m in enumerate(members):
            out[m] = (float(L), off + i)
    return out



def to_tikz(g, point: dict | None = None, labels: str = "local", engine: str = "auto") -> str:
    """A ``tikzpicture`` (TikZ only, explicit coordinates) with the local derivative
    on every edge (``labels='local'``: in node symbols; ``'inputs'``: in the inputs).
    Positions, edge routes and label spots: :mod:`symderiv.graph.layout` (Graphviz
    ``dot`` if installed, else a layered layout; ``engine`` chooses)."""
    from symderiv.graph.layout import tikz_picture
    vals, evals, adj = point_values(g, point)
    nodes, edges = [], []
    for n in g.nodes:
        d = {"name": _tikz_name(n.id), "style": "leaf" if n.op in ("input", "const") else "op",
             "text": n.latex}
        if n.op != "const" and (vals is not None or n.op != "input"):
            d["above"] = to_latex(n.sym) + ("=" + short_number(vals[n.index]) if vals is not None else "")
        if adj is not None and n.op != "const":
            d["below"] = to_latex(adjoint_symbol(n.id)) + "=" + short_number(adj[n.index])
            d["below_style"] = ", text=blue!60!black"
        nodes.append(d)
    for e in g.edges:
        expr = e.local if labels == "local" or not g.printable(e.dst) else e.derivative
        label = to_latex(expr)
        if evals is not None:
            label += "=" + short_number(evals[e.index])
        edges.append({"src": e.src, "dst": e.dst, "label": label})
    return tikz_picture(nodes, edges, engine)


def _tikz_name(id_: str) -> str:
    return "n-" + id_.replace("_", "-")


