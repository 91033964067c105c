"""A drawing of a small fully connected network (TikZ), with a value at every neuron and
a weight on every edge, like the figures of the exercise sheets.

Every piece of mathematics in the picture is printed by ``sympy.latex`` from SymPy
objects the caller passes (symbols, numbers); the TikZ code here only places them.
Coordinates are explicit: layer ``l`` at ``x = l * dx``, its neurons centred vertically
at least ``dy`` apart (more for neurons with many lines). Edge labels sit at the fraction ``pos`` of the edge from its source (for
the edges leaving one neuron at different heights they separate, and near the sources
edges from different neurons have not met yet).
"""
from __future__ import annotations

from typing import Sequence

import sympy as sp

__all__ = ["network_tikz"]


def _tex(v) -> str:
    return sp.latex(v)


def network_tikz(node_lines: Sequence[Sequence[Sequence]], edge_labels: Sequence,
                 dx: float = 5.0, dy: float = 2.2, pos: float = 0.25) -> str:
    """``node_lines[l][i]``: the lines of neuron ``i`` of layer ``l`` (each a SymPy
    object, typically ``Eq(symbol, number)``); ``edge_labels[l][i][j]``: the label of the
    edge from neuron ``j`` of layer ``l`` to neuron ``i`` of layer ``l + 1`` (a SymPy
    object or ``None`` for no label). Returns a ``tikzpicture``."""
    out = [r"\begin{tikzpicture}[>=stealth, font=\small,",
           r"  neuron/.style={draw, rounded corners, fill=blue!6, align=center, inner sep=3pt},",
           r"  weight/.style={font=\scriptsize, fill=white, inner sep=1pt}]"]
    for l, layer in enumerate(node_lines):
        n = len(layer)
        step = max(dy, 0.62 * max(len(lines) for lines in layer) + 0.5)  # tall nodes: more room
        for i, lines in enumerate(layer):
            y = (n - 1) / 2 * step - i * step
            body = r" \\ ".join("$%s$" % _tex(v) for v in lines)
            out.append(r"\node[neuron] (n%d-%d) at (%.3f,%.3f) {%s};" % (l, i, l * dx, y, body))
    for l, block in enumerate(edge_labels):
        for i, row in enumerate(block):
            for j, lab in enumerate(row):
                label = "" if lab is None else r" node[weight, sloped, pos=%.2f] {$%s$}" % (pos, _tex(lab))
                out.append(r"\draw[->] (n%d-%d) --%s (n%d-%d);" % (l, j, label, l + 1, i))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)
