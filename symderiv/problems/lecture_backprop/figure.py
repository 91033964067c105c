"""The lecture's example as a figure, drawn as on the slides: s on the left, x, y, z in a
column, f, then g and h, then L; nodes named as on the slides, every edge labelled with its
local derivative in those names. The positions and label anchors are data, so the check
can measure the drawing it describes (no label on an edge, a node or another label)."""
from __future__ import annotations

import numpy as np

from symderiv.problems.lecture_backprop import maths as M

#: node centres (cm)
POS = {"s": (0.0, 0.0), "x": (2.8, 1.6), "y": (2.8, 0.0), "z": (2.8, -1.6), "f": (5.6, 0.0),
       "g": (8.2, 1.0), "h": (8.2, -1.0), "L": (10.6, 0.0)}
#: where each edge's label sits against the edge's midpoint (a TikZ anchor of the label)
ANCHOR = {("s", "x"): "south east", ("s", "y"): "south", ("s", "z"): "north east", ("x", "f"): "south west",
          ("y", "f"): "south", ("z", "f"): "north west", ("f", "g"): "south east", ("f", "h"): "north east",
          ("g", "L"): "south west", ("h", "L"): "north west"}
#: half sizes (cm) of a node: circles of 7 mm, the input's box
NODE_HALF = 0.36
SEP = 0.06  # the labels' inner sep


def _labels() -> list[str]:
    from symderiv.language.printing import to_latex
    return [to_latex(loc) for loc in M.example_locals()]


def tikz() -> str:
    from symderiv.graph.layout import TIKZ_STYLES
    lines = [TIKZ_STYLES[0], *TIKZ_STYLES[1:3], r"  lab/.style={inner sep=1.5pt, font=\scriptsize}]"]
    for n, (px, py) in POS.items():
        lines.append(rf"\node[{'leaf' if n == 's' else 'op'}] (n{n}) at ({px:.2f},{py:.2f}) {{${n}$}};")
    for (a, b), label in zip(M.EXAMPLE_EDGES, _labels()):
        mx, my = _mid(a, b)
        lines.append(rf"\draw[->] (n{a}) -- (n{b});")
        lines.append(rf"\node[lab, anchor={ANCHOR[(a, b)]}] at ({mx:.2f},{my:.2f}) {{${label}$}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _mid(a: str, b: str) -> tuple[float, float]:
    return ((POS[a][0] + POS[b][0]) / 2, (POS[a][1] + POS[b][1]) / 2)


def label_boxes() -> list:
    """Each label's box (centre, size) as TikZ places it at its anchor."""
    from symderiv.graph.layout import Box, text_size
    out = []
    for (a, b), label in zip(M.EXAMPLE_EDGES, _labels()):
        w, h = text_size(label, "scriptsize")
        mx, my = _mid(a, b)
        anchor = ANCHOR[(a, b)]
        dx = -w / 2 if "east" in anchor else w / 2 if "west" in anchor else 0.0
        dy = h / 2 + SEP if "south" in anchor else -h / 2 - SEP
        out.append(Box(mx + dx, my + dy, w, h))
    return out


def geometry() -> list[str]:
    """What is wrong with the drawing: a label box crossed by an edge (its own included),
    overlapping a node or another label."""
    from symderiv.graph.layout import Box
    boxes = label_boxes()
    nodes = {n: Box(px, py, 2 * NODE_HALF, 2 * NODE_HALF) for n, (px, py) in POS.items()}
    problems = []
    for k, box in enumerate(boxes):
        for a, b in M.EXAMPLE_EDGES:
            pts = [np.add(POS[a], t * np.subtract(POS[b], POS[a])) for t in np.linspace(0, 1, 400)]
            if any(box.contains(p, -0.02) for p in pts):
                problems.append(f"label {k} crossed by edge {a}-{b}")
        problems += [f"label {k} on node {n}" for n, nb in nodes.items() if box.overlaps(nb, 0.02)]
        problems += [f"labels {k} and {j} overlap" for j in range(k) if box.overlaps(boxes[j], 0.03)]
    return problems


def check_record():
    from symderiv.verify import compare
    return compare([float(len(geometry()))], [0.0], "counter", tolerance=0.0)
