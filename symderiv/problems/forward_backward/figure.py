"""The network of sheet 004, Task 5 as a TikZ picture: every value of both passes at the
neurons, the weights on the edges. Unlike :func:`symderiv.layers.diagram.network_tikz`, the
edge labels are upright (a minus sign does not merge into a sloped edge) and sit at a
fraction of the edge that depends on the source neuron: the labels of edges from different
sources stand on different verticals (0.15 of the layer distance apart), those of one
source fan out with its edges."""
from __future__ import annotations

from typing import Sequence

import sympy as sp


def _tex(v) -> str:
    return sp.latex(v)


def network_picture(node_lines: Sequence, edge_labels: Sequence, dx: float = 6.0, dy: float = 2.2) -> str:
    """``node_lines[l][i]``: the lines of neuron ``i`` of layer ``l``; ``edge_labels[l][i][j]``:
    the label of the edge from neuron ``j`` of layer ``l`` to neuron ``i`` of layer ``l + 1``."""
    out = [r"\begin{tikzpicture}[>=stealth, font=\small,",
           r"  neuron/.style={draw, rounded corners, fill=blue!6, align=center, inner sep=3pt},",
           r"  weight/.style={font=\scriptsize, fill=white, inner sep=1.5pt}]"]
    for l, layer in enumerate(node_lines):
        n = len(layer)
        step = max(dy, 0.62 * max(len(lines) for lines in layer) + 0.5)
        for i, lines in enumerate(layer):
            y = (n - 1) / 2 * step - i * step
            body = r" \\ ".join("$%s$" % _tex(v) for v in lines)
            out.append(r"\node[neuron] (n%d-%d) at (%.3f,%.3f) {%s};" % (l, i, l * dx, y, body))
    for l, block in enumerate(edge_labels):
        n_src = len(block[0]) if block else 0
        for i, row in enumerate(block):
            for j, lab in enumerate(row):
                pos = 0.15 + j * min(0.15, 0.6 / max(n_src - 1, 1))
                out.append(r"\draw[->] (n%d-%d) -- node[weight, pos=%.2f] {$%s$} (n%d-%d);"
                           % (l, j, pos, _tex(lab), l + 1, i))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)
