"""Layered layout and TikZ picture of a :class:`~symderiv.graph.core.Graph`."""
from __future__ import annotations

from symderiv.graph.export import _fmt, point_values
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



def to_tikz(g, point: dict | None = None, dx: float = 2.8, dy: float = 1.9,
            labels: str = "local") -> str:
    """A ``tikzpicture`` (TikZ only, explicit coordinates) with the local derivative
    on every edge (``labels='local'``: in node symbols; ``'inputs'``: in the inputs)."""
    vals, evals, adj = point_values(g, point)
    pos = layout(g)
    lines = [r"\begin{tikzpicture}[>=stealth, every node/.style={font=\small},",
             r"  op/.style={circle, draw, minimum size=7mm, inner sep=1pt},",
             r"  leaf/.style={rectangle, draw, rounded corners, minimum size=6mm, inner sep=2pt},",
             r"  lab/.style={fill=white, inner sep=1pt, font=\scriptsize}]"]
    for n in g.nodes:
        L, s = pos[n.index]
        x, y = L * dx, -s * dy
        style = "leaf" if n.op in ("input", "const") else "op"
        text = n.latex
        name = _tikz_name(n.id)
        lines.append(rf"\node[{style}] ({name}) at ({x:.2f},{y:.2f}) {{${text}$}};")
        if n.op != "const" and (vals is not None or n.op != "input"):
            tag = to_latex(n.sym)
            if vals is not None:
                tag += "=" + _fmt(vals[n.index])
            lines.append(rf"\node[anchor=south, font=\scriptsize, inner sep=1pt] at ({name}.north) {{${tag}$}};")
        if adj is not None and n.op != "const":
            tag = to_latex(adjoint_symbol(n.id)) + "=" + _fmt(adj[n.index])
            lines.append(rf"\node[anchor=north, font=\scriptsize, inner sep=1pt, text=blue!60!black] "
                         rf"at ({name}.south) {{${tag}$}};")
    for e in g.edges:
        src, dst = _tikz_name(g.nodes[e.src].id), _tikz_name(g.nodes[e.dst].id)
        expr = e.local if labels == "local" or not g.printable(e.dst) else e.derivative
        label = to_latex(expr)
        if evals is not None:
            label += "=" + _fmt(evals[e.index])
        bend = ""
        if sum(1 for f in g.in_edges[e.dst] if g.edges[f].src == e.src) > 1:
            bend = ", bend left=20" if e.slot == 0 else ", bend right=20"
        span = pos[e.dst][0] - pos[e.src][0]
        where = 0.5 if span <= 1 else 1 - 0.5 / span  # long edges: label near the target
        lines.append(rf"\draw[->] ({src}) to[auto=false{bend}] node[lab, pos={where:.2f}] {{${label}$}} ({dst});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)



def _tikz_name(id_: str) -> str:
    return "n-" + id_.replace("_", "-")


