"""SVG of a :class:`~symderiv.graph.core.Graph` for notebooks (``Graph._repr_svg_``).

Graphviz lays the graph out (``dot -Tsvg`` on the DOT export, edge labels placed by
Graphviz). Without Graphviz a plain SVG is drawn from the graph's own layered layout: a
small hand-written fallback, so that a notebook shows the graph on any machine.
"""
from __future__ import annotations

import shutil
import subprocess
from html import escape

#: seconds Graphviz may take (a huge graph is not worth a notebook cell hanging)
DOT_TIMEOUT = 20


def to_svg(g, point: dict | None = None) -> str:
    dot = shutil.which("dot")
    if dot:
        try:
            done = subprocess.run([dot, "-Tsvg"], input=g.to_dot(point).encode("utf-8"),
                                  capture_output=True, timeout=DOT_TIMEOUT, check=True)
            svg = done.stdout.decode("utf-8", errors="replace")
            return svg[svg.index("<svg"):] if "<svg" in svg else svg
        except (OSError, subprocess.SubprocessError):
            pass
    return fallback_svg(g)


def fallback_svg(g, dx: float = 120.0, dy: float = 70.0, r: float = 22.0) -> str:
    """Nodes at the layered layout's positions, edges as lines with their local derivative."""
    from symderiv.language.printing import to_text
    pos = {i: (40 + x * dx, 40 + y * dy) for i, (x, y) in g.layout().items()}
    width = max(x for x, _ in pos.values()) + 80
    height = max(y for _, y in pos.values()) + 80
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'font-family="Helvetica" font-size="12">']
    for e in g.edges:
        (x1, y1), (x2, y2) = pos[e.src], pos[e.dst]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="black"/>')
        out.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" text-anchor="middle" '
                   f'fill="#444">{escape(to_text(e.local))}</text>')
    for n in g.nodes:
        x, y = pos[n.index]
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="white" stroke="black"/>')
        out.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(n.label or n.id)}</text>')
    out.append("</svg>")
    return "\n".join(out)
