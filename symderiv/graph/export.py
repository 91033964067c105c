"""Exporters of a :class:`~symderiv.graph.core.Graph`: plain text, JSON (a dict) and Graphviz DOT."""
from __future__ import annotations

import math

import sympy as sp

from symderiv.language.printing import to_latex, to_text

def point_values(g, point):
    if point is None:
        return None, None, None
    vals = g.forward(point)
    evals = g.edge_values(vals)
    adj = g.adjoints(point, vals, evals)
    return vals, evals, adj



def to_dict(g, point: dict | None = None) -> dict:
    vals, evals, adj = point_values(g, point)
    nodes = []
    for n in g.nodes:
        d = {"id": n.id, "op": str(n.op), "label": n.label, "label_latex": n.latex,
             "expression": _expr_or_op(g, n), "parents": [g.nodes[p].id for p in n.parents]}
        if vals is not None:
            d["value"] = _num(vals[n.index])
            d["adjoint"] = _num(adj[n.index])
        nodes.append(d)
    edges = []
    for e in g.edges:
        d = {"from": g.nodes[e.src].id, "to": g.nodes[e.dst].id,
             "local": to_text(e.local), "derivative": _derivative(e, to_text) or to_text(e.local),
             "derivative_latex": _derivative(e, to_latex) or to_latex(e.local)}
        if evals is not None:
            d["value"] = _num(evals[e.index])
        edges.append(d)
    data = {"expression": _expr_or_op(g, g.nodes[g.output]),
            "in_inputs": g.printable(g.output), "output": g.nodes[g.output].id, "name": g.name,
            "nodes": nodes, "edges": edges,
            "paths": {n.id: g.path_counts()[n.index] for n in g.inputs()}}
    if point is not None:
        data["point"] = {(k.name if isinstance(k, sp.Symbol) else k): v for k, v in point.items()}
    return data



def graph_text(g, point: dict | None = None) -> str:
    vals, evals, adj = point_values(g, point)
    shown = _expr_text(g, g.output)
    name = g.name  # f, or a program's output name
    out_id = g.nodes[g.output].id
    lines = [f"{name} = {shown}" if shown is not None else
             f"{name}{'' if out_id == name else ' = ' + out_id}: the expression in the inputs is too large to print",
             "", "nodes (topological order):"]
    for n in g.nodes:
        if n.op == "input":
            rhs = "input"
        elif n.op == "const":
            rhs = f"constant {n.label}"
        else:
            rhs = _op_text(n, [g.nodes[p].id for p in n.parents])
        line = f"  {n.id:>6} = {rhs}"
        if vals is not None:
            line += f"    value {short_number(vals[n.index])}  adjoint {short_number(adj[n.index])}"
        lines.append(line)
    lines += ["", "edges (local derivative d target / d source):"]
    for e in g.edges:
        s, t = g.nodes[e.src].id, g.nodes[e.dst].id
        line = f"  {s:>6} -> {t:<6} {to_text(e.local)}"
        derivative = _derivative(e, to_text)
        if derivative is not None and to_text(e.local) != derivative:
            line += f"  =  {derivative}"
        if evals is not None:
            line += f"    value {short_number(evals[e.index])}"
        lines.append(line)
    lines += ["", "paths to the output: " + ", ".join(
        f"{n.id}: {g.path_counts()[n.index]}" for n in g.inputs())]
    if adj is not None:
        lines.append("gradient (adjoints of the inputs): " + ", ".join(
            f"d{name}/d{n.id} = {short_number(adj[n.index])}" for n in g.inputs()))
    return "\n".join(lines)



def to_dot(g, point: dict | None = None) -> str:
    vals, evals, adj = point_values(g, point)
    out = ["digraph G {", "  rankdir=LR;", '  node [shape=circle, fontname="Helvetica"];']
    for n in g.nodes:
        label = n.id if n.op in ("input", "const") and n.op == "input" else f"{n.id}\\n{n.label}"
        if n.op == "const":
            label = n.label
        if vals is not None:
            label += f"\\n{short_number(vals[n.index])}"
        shape = "box" if n.op in ("input", "const") else "circle"
        out.append(f'  "{n.id}" [label="{_dot_escape(label)}", shape={shape}];')
    for e in g.edges:
        label = to_text(e.local)
        if evals is not None:
            label += f" = {short_number(evals[e.index])}"
        out.append(f'  "{g.nodes[e.src].id}" -> "{g.nodes[e.dst].id}" [label="{_dot_escape(label)}"];')
    out.append("}")
    return "\n".join(out)



def _expr_text(g, index: int):
    """The node's expression in the inputs, or None when too large to print."""
    return to_text(g.nodes[index].expr) if g.printable(index) else None


def _expr_or_op(g, n) -> str:
    """The node's expression in the inputs, or (too large to print) its operation on its
    parents' ids."""
    text = _expr_text(g, n.index)
    if text is not None:
        return text
    return n.id if not n.parents else _op_text(n, [g.nodes[p].id for p in n.parents])


def _derivative(e, printer):
    """An edge's local derivative in the inputs, or None when too large to print."""
    return printer(e.derivative) if e.graph.printable(e.dst) else None


def _op_text(n, parents: list[str]) -> str:
    if n.op in ("+", "-", "*", "/", "^"):
        return f"{parents[0]} {n.op} {parents[1]}"
    if n.op == "neg":
        return f"-{parents[0]}"
    if n.op == "pow":
        return f"{parents[0]}^{to_text(n.param)}"
    return f"{n.name}({', '.join(parents)})"



def _num(x):
    x = complex(x)
    v = x.real
    return v if math.isfinite(v) else None


def short_number(x) -> str:
    """A value as the exporters show it: the real part, 6 significant digits."""
    x = complex(x).real
    return f"{x:.6g}"


def _dot_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n")


