"""The network of sheet 004, Task 5 as a TikZ picture: every value of both passes at the
neurons, the weights on the edges. Unlike :func:`symderiv.layers.diagram.network_tikz`, the
edge labels are upright (a minus sign does not merge into a sloped edge) and sit a fifth
of the edge away from the end whose layer is spread wider: there the edges of one neuron
have fanned out but not yet crossed the others' (mid-edge, crossing edges put two labels
side by side: "0.2" and "-0.1" read as "0.2-0.1")."""
from __future__ import annotations

from typing import Sequence

import sympy as sp


#: where an edge's weight stands: this fraction of the edge away from one of its ends
LABEL_POS = 0.2


def _tex(v) -> str:
    """A label as LaTeX; a decimal number as siunitx's ``\\num{}``, so that it follows the
    document's locale (a decimal comma in German) as every other number does."""
    from symderiv.documents.latex import sympy_latex
    return str(sympy_latex(v, inline=True))


def network_picture(node_lines: Sequence, edge_labels: Sequence, dx: float = 6.0, dy: float = 2.2) -> str:
    """``node_lines[l][i]``: the lines of neuron ``i`` of layer ``l``; ``edge_labels[l][i][j]``:
    the label of the edge from neuron ``j`` of layer ``l`` to neuron ``i`` of layer ``l + 1``."""
    out = [r"\begin{tikzpicture}[>=stealth, font=\small,",
           r"  neuron/.style={draw, rounded corners, fill=blue!6, align=center, inner sep=3pt},",
           r"  weight/.style={font=\scriptsize, fill=white, inner sep=1.5pt}]"]
    steps = [max(dy, 0.62 * max(len(lines) for lines in layer) + 0.5) for layer in node_lines]
    for l, layer in enumerate(node_lines):
        n, step = len(layer), steps[l]
        for i, lines in enumerate(layer):
            y = (n - 1) / 2 * step - i * step
            body = r" \\ ".join("$%s$" % _tex(v) for v in lines)
            out.append(r"\node[neuron] (n%d-%d) at (%.3f,%.3f) {%s};" % (l, i, l * dx, y, body))
    for l, block in enumerate(edge_labels):
        pos = 1 - LABEL_POS if steps[l + 1] >= steps[l] else LABEL_POS
        for i, row in enumerate(block):
            for j, lab in enumerate(row):
                out.append(r"\draw[->] (n%d-%d) -- node[weight, pos=%.2f] {$%s$} (n%d-%d);"
                           % (l, j, pos, _tex(lab), l + 1, i))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)
