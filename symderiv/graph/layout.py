r"""Layout of a computation DAG for figures: node boxes, edge routes, edge-label boxes.

Graphviz ``dot`` does the work when it is installed (Debian package ``graphviz``): it ranks
the DAG left to right, orders each rank to reduce crossings, routes every edge as a spline
around the nodes, and places each edge label as a box of the size we give it (a fixed-size
HTML table), so labels neither overlap each other nor sit on nodes. We read its answer with
``dot -Tjson``. Writing that ourselves (Sugiyama layering, crossing reduction, spline
routing, label placement) would be a small graph-drawing library; dot is the standard one.

Without ``dot`` a pure-Python layered layout is used: rank = longest path from an input,
long edges get a bend point in every rank they cross (their own slot in that rank, so a
segment only ever runs between neighbouring ranks, where there are no nodes), order in a
rank by the barycentre of the predecessors, and each label is put on the first free spot
along its edge.

All lengths are in centimetres, y grows upwards (TikZ's convention). Sizes of the boxes
are estimated from the LaTeX of the node and label texts (:func:`text_size`).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Optional

PT_PER_CM = 72.0 / 2.54
#: estimated width of one visible character (cm) at \small and \scriptsize
CHAR_CM = {"small": 0.19, "scriptsize": 0.145}
LINE_CM = {"small": 0.42, "scriptsize": 0.32}
DOT_TIMEOUT = 30


@dataclass(frozen=True)
class Box:
    """An axis-parallel box: centre (x, y), width w, height h (cm)."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Box", gap: float = 0.0) -> bool:
        return (abs(self.x - other.x) * 2 < self.w + other.w + 2 * gap
                and abs(self.y - other.y) * 2 < self.h + other.h + 2 * gap)

    def contains(self, p, margin: float = 0.0) -> bool:
        return (abs(p[0] - self.x) * 2 < self.w - 2 * margin
                and abs(p[1] - self.y) * 2 < self.h - 2 * margin)


@dataclass
class Route:
    """An edge's route: ``kind`` "bezier" (p0, then control, control, end per segment) or
    "polyline"; ``tip``: where the arrow head ends (on the target's border)."""

    kind: str
    points: list
    tip: Optional[tuple] = None


@dataclass
class GraphLayout:
    nodes: dict = field(default_factory=dict)    # node index -> Box
    routes: dict = field(default_factory=dict)   # edge index -> Route
    labels: dict = field(default_factory=dict)   # edge index -> Box
    engine: str = ""


def visible_chars(latex: str) -> int:
    """Rough count of the characters a LaTeX math snippet shows."""
    s = re.sub(r"\\(?:frac)\{([^{}]*)\}\{([^{}]*)\}",
               lambda m: "F" * max(len(m.group(1)), len(m.group(2))), latex)
    s = re.sub(r"\\(left|right|mathrm|operatorname|text|displaystyle|num|,|;|!)\b", "", s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    s = re.sub(r"[{}^_ \\$]", "", s)
    return len(s)


def text_size(latex: str, font: str = "small") -> tuple[float, float]:
    """Estimated (width, height) in cm of ``latex`` set in ``font``."""
    n = visible_chars(latex)
    tall = "\\frac" in latex
    return n * CHAR_CM[font] + 0.1, LINE_CM[font] * (1.8 if tall else 1.0)


def dot_available() -> bool:
    return shutil.which("dot") is not None


# --------------------------------------------------------------------------------------
# Graphviz
# --------------------------------------------------------------------------------------

def _dot_source(n_nodes, edges, node_sizes, label_sizes, rank_gap, node_gap) -> str:
    lines = ["digraph G {", "  rankdir=LR; ordering=out; splines=true;",
             f"  ranksep={rank_gap / 2.54:.3f}; nodesep={node_gap / 2.54:.3f};",
             '  node [shape=box, fixedsize=true, label=""];']
    for i in range(n_nodes):
        w, h = node_sizes[i]
        lines.append(f"  n{i} [width={w / 2.54:.3f}, height={h / 2.54:.3f}];")
    for k, (s, d) in enumerate(edges):
        w, h = label_sizes[k]
        table = (f'<TABLE FIXEDSIZE="TRUE" WIDTH="{max(1, round(w * PT_PER_CM))}" '
                 f'HEIGHT="{max(1, round(h * PT_PER_CM))}" BORDER="0" CELLBORDER="0" '
                 'CELLPADDING="0" CELLSPACING="0"><TR><TD></TD></TR></TABLE>')
        lines.append(f"  n{s} -> n{d} [label=<{table}>, id=e{k}];")
    lines.append("}")
    return "\n".join(lines)


def _pt(s: str) -> tuple[float, float]:
    x, y = s.split(",")[:2]
    return float(x) / PT_PER_CM, float(y) / PT_PER_CM


def _dot_layout(n_nodes, edges, node_sizes, label_sizes, rank_gap, node_gap) -> GraphLayout:
    src = _dot_source(n_nodes, edges, node_sizes, label_sizes, rank_gap, node_gap)
    proc = subprocess.run(["dot", "-Tjson"], input=src.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=DOT_TIMEOUT, check=True)
    data = json.loads(proc.stdout.decode("utf-8", errors="replace"))
    out = GraphLayout(engine="dot")
    for obj in data.get("objects", []):
        i = int(obj["name"][1:])
        x, y = _pt(obj["pos"])
        out.nodes[i] = Box(x, y, float(obj["width"]) * 2.54, float(obj["height"]) * 2.54)
    for e in data.get("edges", []):
        k = int(e["id"][1:])
        tip, pts = None, []
        for tok in e["pos"].split():
            if tok.startswith("e,"):
                tip = _pt(tok[2:])
            elif not tok.startswith("s,"):
                pts.append(_pt(tok))
        out.routes[k] = Route("bezier", pts, tip)
        lx, ly = _pt(e["lp"])
        w, h = label_sizes[k]
        out.labels[k] = Box(lx, ly, w, h)
    return out


# --------------------------------------------------------------------------------------
# pure-Python fallback
# --------------------------------------------------------------------------------------

def _layered_layout(n_nodes, edges, node_sizes, label_sizes, rank_gap, node_gap) -> GraphLayout:
    parents: list[list[int]] = [[] for _ in range(n_nodes)]
    for s, d in edges:
        parents[d].append(s)
    rank = [0] * n_nodes
    for i in range(n_nodes):  # nodes are in topological order (graph construction order)
        if parents[i]:
            rank[i] = 1 + max(rank[p] for p in parents[i])
    # chains of dummy points for edges spanning several ranks
    members: dict[int, list] = {}
    for i in range(n_nodes):
        members.setdefault(rank[i], []).append(("n", i))
    for k, (s, d) in enumerate(edges):
        for r in range(rank[s] + 1, rank[d]):
            members.setdefault(r, []).append(("e", k, r))
    slot = {m: float(j) for r in members for j, m in enumerate(members[r])}

    def preds(m):
        if m[0] == "n":
            out = []
            for k, (s, d) in enumerate(edges):
                if d == m[1]:
                    out.append(("e", k, rank[d] - 1) if rank[d] - rank[s] > 1 else ("n", s))
            return out
        k, r = m[1], m[2]
        s = edges[k][0]
        return [("n", s) if r - 1 == rank[s] else ("e", k, r - 1)]

    for _ in range(4):  # barycentre sweeps
        for r in sorted(members)[1:]:
            bary = {m: (sum(slot[p] for p in preds(m)) / len(preds(m)) if preds(m) else slot[m])
                    for m in members[r]}
            members[r].sort(key=lambda m: (bary[m], m[1]))
            for j, m in enumerate(members[r]):
                slot[m] = float(j)
    col_w = max((w for w, _ in node_sizes), default=1.0)
    label_w = max((w for w, _ in label_sizes), default=0.5)
    dx = col_w + max(rank_gap, label_w + 0.4)
    dy = max((h for _, h in node_sizes), default=1.0) + node_gap + max((h for _, h in label_sizes), default=0.3)
    width = max(len(m) for m in members.values())

    def place(m):
        r = rank[m[1]] if m[0] == "n" else m[2]
        off = (width - len(members[r])) / 2.0
        return r * dx, -(off + slot[m]) * dy

    out = GraphLayout(engine="layered")
    for i in range(n_nodes):
        x, y = place(("n", i))
        out.nodes[i] = Box(x, y, *node_sizes[i])
    seen: dict = {}
    for k, (s, d) in enumerate(edges):
        pts = [place(("n", s))] + [place(("e", k, r)) for r in range(rank[s] + 1, rank[d])] + [place(("n", d))]
        twin = seen.get((s, d), 0)
        seen[(s, d)] = twin + 1
        if twin:  # a second edge between the same nodes bends away from the first
            (x0, y0), (x1, y1) = pts[-2], pts[-1]
            pts.insert(len(pts) - 1, ((x0 + x1) / 2, (y0 + y1) / 2 + (-1) ** twin * 0.45 * dy))
        pts = _clip_ends(pts, out.nodes[s], out.nodes[d])
        out.routes[k] = Route("polyline", pts, pts[-1])
    placed: list[Box] = []
    for k in range(len(edges)):
        box = _free_label_spot(out.routes[k].points, label_sizes[k], placed, out.nodes)
        placed.append(box)
        out.labels[k] = box
    return out


def _clip_ends(pts, src: Box, dst: Box):
    """Start and end the polyline on the borders of the source and target boxes."""
    def clip(inside, outside, box):
        lo, hi = 0.0, 1.0  # fraction from inside towards outside
        for _ in range(30):
            mid = (lo + hi) / 2
            p = (inside[0] + (outside[0] - inside[0]) * mid, inside[1] + (outside[1] - inside[1]) * mid)
            lo, hi = (mid, hi) if box.contains(p) else (lo, mid)
        return (inside[0] + (outside[0] - inside[0]) * hi, inside[1] + (outside[1] - inside[1]) * hi)
    pts = list(pts)
    pts[0] = clip(pts[0], pts[1], src)
    pts[-1] = clip(pts[-1], pts[-2], dst)
    return pts


def _free_label_spot(points, size, placed, nodes) -> Box:
    """The first spot along the polyline (middles first) where the label box overlaps no
    placed label and no node; the middle if there is none."""
    candidates = []
    for t in (0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85):
        for a, b in zip(points, points[1:]):
            candidates.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
    for x, y in candidates:
        box = Box(x, y, *size)
        if not any(box.overlaps(p, 0.03) for p in placed) and not any(box.overlaps(n) for n in nodes.values()):
            return box
    return Box(*candidates[0], *size)


# --------------------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------------------

def layout(n_nodes: int, edges: list, node_sizes: list, label_sizes: list,
           rank_gap: float = 1.2, node_gap: float = 0.35, engine: str = "auto") -> GraphLayout:
    """Lay out a DAG with nodes ``0..n_nodes-1`` (in topological order) and ``edges``
    [(src, dst)] (parallel edges allowed); sizes are (width, height) in cm.
    ``engine``: "dot", "layered" or "auto" (dot if installed)."""
    if engine not in ("auto", "dot", "layered"):
        raise ValueError(f"unknown layout engine '{engine}'")
    args = (n_nodes, list(edges), list(node_sizes), list(label_sizes), rank_gap, node_gap)
    if engine == "dot" or (engine == "auto" and dot_available()):
        try:
            return _dot_layout(*args)
        except (OSError, subprocess.SubprocessError, ValueError, KeyError):
            if engine == "dot":
                raise
    return _layered_layout(*args)


def bezier_points(route: Route, samples: int = 16) -> list:
    """The route as a polyline (Bézier segments sampled), ending at the arrow tip."""
    pts = route.points
    if route.kind == "polyline":
        out = list(pts)
    else:
        out = [pts[0]]
        for i in range(0, len(pts) - 3, 3):
            p0, p1, p2, p3 = pts[i:i + 4]
            for j in range(1, samples + 1):
                t = j / samples
                u = 1 - t
                out.append(tuple(u ** 3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t ** 3 * d
                                 for a, b, c, d in zip(p0, p1, p2, p3)))
    if route.tip is not None and route.tip != out[-1]:
        out.append(route.tip)
    return out


def geometry_problems(lay: GraphLayout, edges: list, margin: float = 0.02) -> list[str]:
    """What is wrong with a layout: an edge passing through a node box that is not one of
    its ends, or two edge-label boxes overlapping. Empty: the figure is clean."""
    problems = []
    for k, (s, d) in enumerate(edges):
        line = bezier_points(lay.routes[k], 24)
        dense = []
        for a, b in zip(line, line[1:]):
            for j in range(8):
                t = j / 8
                dense.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
        dense.append(line[-1])
        for i, box in lay.nodes.items():
            if i in (s, d):
                continue
            if any(box.contains(p, margin) for p in dense):
                problems.append(f"edge {k} ({s}->{d}) passes through node {i}")
    keys = sorted(lay.labels)
    for a_i, a in enumerate(keys):
        for b in keys[a_i + 1:]:
            if lay.labels[a].overlaps(lay.labels[b], -margin):
                problems.append(f"labels of edges {a} and {b} overlap")
    return problems


def tikz_path(route: Route) -> str:
    """The route as a TikZ path (coordinates in cm)."""
    def c(p):
        return f"({p[0]:.2f},{p[1]:.2f})"
    pts = route.points
    if route.kind == "polyline":
        return " -- ".join(c(p) for p in pts)
    parts = [c(pts[0])]
    for i in range(1, len(pts) - 2, 3):
        parts.append(f".. controls {c(pts[i])} and {c(pts[i + 1])} .. {c(pts[i + 2])}")
    if route.tip is not None:
        parts.append(f"-- {c(route.tip)}")
    return " ".join(parts)


# --------------------------------------------------------------------------------------
# TikZ
# --------------------------------------------------------------------------------------

TIKZ_STYLES = [r"\begin{tikzpicture}[>=stealth, every node/.style={font=\small},",
               r"  op/.style={circle, draw, minimum size=7mm, inner sep=1pt},",
               r"  leaf/.style={rectangle, draw, rounded corners, minimum size=6mm, inner sep=2pt},",
               r"  lab/.style={fill=white, inner sep=1pt, font=\scriptsize}]"]


def _node_size(n: dict) -> tuple[float, float]:
    w, h = text_size(n["text"], "small")
    w, h = max(w + 0.1, 0.7), max(h + 0.1, 0.7)
    for tag in ("above", "below"):
        if n.get(tag):
            tw, th = text_size(n[tag], "scriptsize")
            w, h = max(w, tw), h + 2 * th  # the box stays centred on the circle
    return w, h


def tikz_picture(nodes: list, edges: list, engine: str = "auto") -> str:
    """A ``tikzpicture`` of a DAG laid out by :func:`layout`.

    ``nodes``: dicts with ``name`` (TikZ name), ``style`` ("op" or "leaf"), ``text`` (math
    LaTeX), optional ``above``/``below`` (math LaTeX tags, e.g. value and adjoint) and
    ``below_style``; ``edges``: dicts with ``src``, ``dst`` (node indices), ``label`` (math).
    """
    sizes = [_node_size(n) for n in nodes]
    label_sizes = [text_size(e["label"], "scriptsize") for e in edges]
    pairs = [(e["src"], e["dst"]) for e in edges]
    lay = layout(len(nodes), pairs, sizes, label_sizes, engine=engine)
    lines = list(TIKZ_STYLES)
    for i, n in enumerate(nodes):
        b = lay.nodes[i]
        lines.append(rf"\node[{n['style']}] ({n['name']}) at ({b.x:.2f},{b.y:.2f}) {{${n['text']}$}};")
        if n.get("above"):
            lines.append(rf"\node[anchor=south, font=\scriptsize, inner sep=1pt] at ({n['name']}.north) "
                         rf"{{${n['above']}$}};")
        if n.get("below"):
            style = n.get("below_style", "")
            lines.append(rf"\node[anchor=north, font=\scriptsize, inner sep=1pt{style}] "
                         rf"at ({n['name']}.south) {{${n['below']}$}};")
    for k, e in enumerate(edges):
        lines.append(rf"\draw[->] {tikz_path(lay.routes[k])};")
        b = lay.labels[k]
        lines.append(rf"\node[lab] at ({b.x:.2f},{b.y:.2f}) {{${e['label']}$}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
