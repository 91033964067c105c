"""TikZ pictures of layer chains: :func:`chain_tikz` (named nodes left to right) and
:func:`network_tikz` (the DAG of an MLP)."""
from __future__ import annotations

from typing import Sequence

from symderiv.layers.network import Network
from symderiv.layers.terms import shape_latex


def chain_tikz(nodes: Sequence[tuple], edges: Sequence[tuple], side: Sequence[tuple] = ()) -> str:
    """A ``tikzpicture`` laying out ``nodes`` (``(key, latex)``) left to right, ``side``
    nodes (``(key, latex, above_of_key_or_None, below_of_key_or_None)``) above or below a
    main node, and ``edges`` (``(src, dst, label_latex)``) with their labels. Library LaTeX
    only (keys must be alphanumeric)."""
    lines = [r"\begin{tikzpicture}[>=stealth, node distance=1.0cm and 2.1cm,",
             r"  main/.style={draw, circle, minimum size=9mm, inner sep=1pt},",
             r"  side/.style={draw, rectangle, rounded corners, minimum size=6mm, inner sep=2pt},",
             r"  lab/.style={font=\scriptsize, fill=white, inner sep=1pt}]"]
    for i, (key, tex) in enumerate(nodes):
        _check_key(key)
        x = 2.6 * i
        lines.append(r"\node[main] (%s) at (%.2f, 0) {$%s$};" % (key, x, tex))
    pos = {k: 2.6 * i for i, (k, _) in enumerate(nodes)}
    for key, tex, where, ref in side:
        _check_key(key)
        y = 1.6 if where == "above" else -1.6
        lines.append(r"\node[side] (%s) at (%.2f, %.2f) {$%s$};" % (key, pos[ref] + 0.0, y, tex))
    for src, dst, label in edges:
        _check_key(src)
        _check_key(dst)
        if label:
            lines.append(r"\draw[->] (%s) -- node[lab] {$%s$} (%s);" % (src, label, dst))
        else:
            lines.append(r"\draw[->] (%s) -- (%s);" % (src, dst))
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _check_key(key: str):
    if not key.isalnum():
        raise ValueError(f"tikz node key must be alphanumeric: {key!r}")


def network_tikz(net: Network) -> str:
    """The DAG ``x -> z1 -> ... -> zL -> L`` with W, b feeding each layer and y the loss;
    each edge labelled with the shape of its Jacobian."""
    nodes = [("x", "x")] + [(f"z{l}", "z^{(%d)}" % l) for l in range(1, net.L + 1)] + [("L", "L")]
    side = []
    edges = []
    for l in range(1, net.L + 1):
        side.append((f"W{l}", "W^{(%d)}, b^{(%d)}" % (l, l), "above", f"z{l}"))
        prev = "x" if l == 1 else f"z{l - 1}"
        edges.append((prev, f"z{l}", shape_latex((net.sizes[l], net.sizes[l - 1]))))
        edges.append((f"W{l}", f"z{l}", ""))
    side.append(("y", "y", "below", "L"))
    edges.append((f"z{net.L}", "L", shape_latex((1, net.sizes[-1]))))
    edges.append(("y", "L", ""))
    return chain_tikz(nodes, edges, side)
