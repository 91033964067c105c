"""Expression -> computation DAG with the local partial derivative on every edge.

The graph is drawn as an exercise draws it: inputs, constants, binary ``+ - * /``, powers
(a constant exponent makes a one-input node ``(.)^n``), unary minus and function calls.
A subexpression used twice is one node with two outgoing edges.

Node ids are stable and readable: inputs by name (``x1``), constants ``c1, c2, ...``,
operations ``v1, v2, ...`` in topological order. Every edge carries the local partial
derivative of its target with respect to its source, as a SymPy expression of the node
symbols (``local``, e.g. ``v4 -> v5`` carries ``2*v4``) and in the inputs
(``derivative``, e.g. ``2*(x2 - x1**2)``).

Numbers: :meth:`Graph.forward` (values), :meth:`Graph.tangents` (forward mode),
:meth:`Graph.adjoints` (reverse mode), all in plain Python/NumPy scalars (complex
allowed, for complex-step checks). Local derivatives come from the rule tables
(:data:`BINARY_RULES` here and :data:`symderiv.functions.FUNCTIONS`), never from
``sympy.diff``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import numpy as np
import sympy as sp

from symderiv.language.functions import FUNCTIONS, SYMPY_HEADS, numeric, to_latex, to_text
from symderiv.language.parse import Ast, symbol

# --------------------------------------------------------------------------------------
# rule table for the arithmetic operations: (a, b, out) -> local partials
# --------------------------------------------------------------------------------------

BINARY_RULES = {
    "+": lambda a, b, o: (sp.S.One, sp.S.One),
    "-": lambda a, b, o: (sp.S.One, sp.S.NegativeOne),
    "*": lambda a, b, o: (b, a),
    "/": lambda a, b, o: (1 / b, -a / b**2),
    "^": lambda a, b, o: (b * a ** (b - 1), o * sp.log(a)),
}

BINARY_NUMERIC = {
    "+": (lambda a, b: a + b, lambda a, b, o: (1.0, 1.0)),
    "-": (lambda a, b: a - b, lambda a, b, o: (1.0, -1.0)),
    "*": (lambda a, b: a * b, lambda a, b, o: (b, a)),
    "/": (lambda a, b: a / b, lambda a, b, o: (1 / b, -a / b**2)),
    "^": (lambda a, b: a ** b, lambda a, b, o: (b * a ** (b - 1), o * np.log(a))),
}

OP_LATEX = {"+": "+", "-": "-", "*": r"\cdot", "/": r"\div", "^": r"x^y", "neg": "-"}


@lru_cache(maxsize=None)
def _call_numeric(name: str, nargs: int):
    """NumPy value and local partials of a table function (lambdified once per name)."""
    rule = FUNCTIONS[name]
    args = [sp.Symbol(f"a{i}", real=True) for i in range(nargs)]
    out = sp.Symbol("o", real=True)
    value = numeric(rule.sympy(*args), args)
    partials = [numeric(p, args + [out]) for p in rule.local(*args, out)]
    return value, partials


@dataclass
class Node:
    index: int
    id: str
    op: str  # input const + - * / ^ neg pow call
    parents: tuple = ()
    name: str = ""  # function name for call
    param: object = None  # exponent for pow, value for const
    sym: sp.Expr = None  # node symbol (inputs: their symbol; constants: their value)
    graph: "Graph" = field(repr=False, default=None)
    _expr: sp.Expr = field(repr=False, default=None)

    @property
    def expr(self) -> sp.Expr:
        """The subexpression in the inputs (built on first use: the tape needs none)."""
        if self._expr is None:
            self.graph._ensure_exprs()
        return self._expr

    @property
    def label(self) -> str:
        """Short text label: the operation (or name/value for leaves)."""
        if self.op == "input":
            return self.id
        if self.op == "const":
            return to_text(self.param)
        if self.op == "call":
            return self.name
        if self.op == "pow":
            return f"^{to_text(self.param)}"
        return self.op

    @property
    def latex(self) -> str:
        """LaTeX of the operation (for figures)."""
        if self.op in ("input", "const"):
            return to_latex(self.sym)
        if self.op == "call":
            # a plain placeholder symbol, replaced after printing: SymPy prints a Symbol named
            # "\cdot" as \dot{\c} (the "dot" name modifier)
            arg = sp.Symbol("ARGPLACEHOLDER")
            code = to_latex(FUNCTIONS[self.name].sympy(*[arg] * max(1, len(self.parents))))
            return code.replace(to_latex(arg), r"\cdot")
        if self.op == "pow":
            return r"(\cdot)^{%s}" % to_latex(self.param)
        return OP_LATEX[self.op]


@dataclass
class Edge:
    index: int
    src: int
    dst: int
    slot: int  # which argument of dst
    local: sp.Expr  # in node symbols
    graph: "Graph" = field(repr=False, default=None)
    _derivative: Optional[sp.Expr] = field(repr=False, default=None)

    @property
    def derivative(self) -> sp.Expr:
        """The local derivative written in the inputs."""
        if self._derivative is None:
            self._derivative = self.local.xreplace(self.graph.sym_to_expr)
        return self._derivative


class Graph:
    """A computation DAG. Build it with :meth:`from_ast` (structure as written) or
    :meth:`from_sympy` (structure of a SymPy expression)."""

    def __init__(self):
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self._key: dict = {}
        self.output: int = -1

    # ----------------------------------------------------------------------- build
    @classmethod
    def from_ast(cls, ast: Ast, validate: bool = True) -> "Graph":
        if validate:
            from symderiv.language.parse import to_sympy
            to_sympy(ast)  # the parser's checks (exponent and number limits, division by zero)
        g = cls()
        names = sorted(_ast_names(ast))
        g._prefix = _free_prefix(names)
        for n in names:
            g._add("input", (), name=n)
        g.output = g._build(ast)
        g._finish()
        return g

    @classmethod
    def from_sympy(cls, expr) -> "Graph":
        return cls.from_ast(sympy_to_ast(sp.sympify(expr)), validate=False)

    def _add(self, op, parents, name="", param=None) -> int:
        key = (op, parents, name, param)
        hit = self._key.get(key)
        if hit is not None:
            return hit
        idx = len(self.nodes)
        node = Node(idx, "", op, parents, name, param, graph=self)
        if op == "input":
            node.id = name
            node.sym = node._expr = symbol(name)
        elif op == "const":
            node.sym = node._expr = param
        self.nodes.append(node)
        self._key[key] = idx
        return idx

    def _build(self, root: Ast) -> int:
        """Iterative post-order walk (deep chains must not hit the recursion limit)."""
        done: dict[int, int] = {}
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            key = id(node)
            if key in done:
                continue
            if node.op == "num":
                done[key] = self._add("const", (), param=node.value)
                continue
            if node.op == "const":
                from symderiv.language.functions import CONSTANTS
                done[key] = self._add("const", (), param=CONSTANTS[node.name])
                continue
            if node.op == "var":
                done[key] = self._key[("input", (), node.name, None)]
                continue
            if node.op == "^" and _is_constant(node.args[1]):
                children = (node.args[0],)
            else:
                children = node.args
            if not expanded:
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(children))
                continue
            ids = tuple(done[id(c)] for c in children)
            if node.op == "^" and len(children) == 1:
                from symderiv.language.parse import to_sympy
                done[key] = self._add("pow", ids, param=to_sympy(node.args[1]))
            elif node.op == "call":
                done[key] = self._add("call", ids, name=node.name)
            else:
                done[key] = self._add(node.op, ids)
        return done[id(root)]

    def _finish(self):
        # topological order: inputs, constants, then operations in creation order
        order = ([n for n in self.nodes if n.op == "input"] + [n for n in self.nodes if n.op == "const"]
                 + [n for n in self.nodes if n.op not in ("input", "const")])
        remap = {n.index: i for i, n in enumerate(order)}
        k_const = k_op = 0
        for i, n in enumerate(order):
            n.index = i
            n.parents = tuple(remap[p] for p in n.parents)
            if n.op == "const":
                k_const += 1
                n.id = f"c{k_const}"
            elif n.op != "input":
                k_op += 1
                n.id = f"{self._prefix}{k_op}"
                n.sym = sp.Symbol(n.id, real=True)
        self.nodes = order
        self.output = remap[self.output]
        self._key = {}
        self.children: list[list[int]] = [[] for _ in self.nodes]
        for n in self.nodes:
            if n.op in ("input", "const"):
                continue
            for slot, (p, local) in enumerate(zip(n.parents, self._locals(n))):
                e = Edge(len(self.edges), p, n.index, slot, local, self)
                self.edges.append(e)
                self.children[p].append(e.index)
        self.in_edges: list[list[int]] = [[] for _ in self.nodes]
        for e in self.edges:
            self.in_edges[e.dst].append(e.index)
        # keep only what the output depends on (all nodes do, by construction)

    def _locals(self, n: Node) -> tuple:
        args = [self.nodes[p].sym for p in n.parents]
        if n.op in BINARY_RULES:
            return BINARY_RULES[n.op](*args, n.sym)
        if n.op == "neg":
            return (sp.S.NegativeOne,)
        if n.op == "pow":
            k = n.param
            return (k * args[0] ** (k - 1),)
        if n.op == "call":
            return FUNCTIONS[n.name].local(*args, n.sym)
        raise AssertionError(n.op)

    def _ensure_exprs(self) -> None:
        for n in self.nodes:  # topological order: parents first
            if n._expr is None:
                n._expr = _apply(n.op, n.name, n.param, [self.nodes[p]._expr for p in n.parents])

    @property
    def sym_to_expr(self) -> dict:
        """Node symbol -> subexpression in the inputs, for every operation node."""
        self._ensure_exprs()
        return {n.sym: n._expr for n in self.nodes if n.op not in ("input", "const")}

    # ----------------------------------------------------------------------- queries
    @property
    def expr(self) -> sp.Expr:
        return self.nodes[self.output].expr

    def node(self, id_: str) -> Node:
        for n in self.nodes:
            if n.id == id_:
                return n
        raise KeyError(id_)

    def inputs(self) -> list[Node]:
        return [n for n in self.nodes if n.op == "input"]

    def input_symbols(self) -> list[sp.Symbol]:
        return [n.sym for n in self.inputs()]

    def operations(self) -> list[Node]:
        return [n for n in self.nodes if n.op not in ("input", "const")]

    # ----------------------------------------------------------------------- numbers
    def forward(self, point: dict) -> list:
        """Value of every node at ``point`` ({Symbol or name: number})."""
        vals: list = [None] * len(self.nodes)
        pt = {(k.name if isinstance(k, sp.Symbol) else k): v for k, v in point.items()}
        with np.errstate(all="ignore"):
            for n in self.nodes:
                if n.op == "input":
                    vals[n.index] = pt[n.id]
                elif n.op == "const":
                    vals[n.index] = float(n.param)
                else:
                    args = [vals[p] for p in n.parents]
                    vals[n.index] = _eval_op(n, args)
        return vals

    def edge_values(self, vals: list) -> list:
        """Value of every edge's local derivative, given the node values."""
        out = [0.0] * len(self.edges)
        with np.errstate(all="ignore"):
            for n in self.operations():
                args = [vals[p] for p in n.parents]
                partials = _eval_local(n, args, vals[n.index])
                for slot, ei in enumerate(self.in_edges[n.index]):
                    out[ei] = partials[slot]
        return out

    def adjoints(self, point: dict, vals=None, evals=None) -> list:
        """Reverse accumulation: d output / d node for every node."""
        vals = self.forward(point) if vals is None else vals
        evals = self.edge_values(vals) if evals is None else evals
        adj: list = [0.0] * len(self.nodes)
        adj[self.output] = 1.0
        for n in reversed(self.nodes):
            if n.index == self.output:
                continue
            total = 0.0
            for ei in self.children[n.index]:
                e = self.edges[ei]
                total = total + adj[e.dst] * evals[ei]
            adj[n.index] = total
        return adj

    def tangents(self, point: dict, wrt, vals=None, evals=None) -> list:
        """Forward accumulation: d node / d wrt for every node."""
        name = wrt.name if isinstance(wrt, sp.Symbol) else wrt
        vals = self.forward(point) if vals is None else vals
        evals = self.edge_values(vals) if evals is None else evals
        tan: list = [0.0] * len(self.nodes)
        for n in self.nodes:
            if n.op == "input":
                tan[n.index] = 1.0 if n.id == name else 0.0
            elif n.op != "const":
                total = 0.0
                for ei in self.in_edges[n.index]:
                    total = total + evals[ei] * tan[self.edges[ei].src]
                tan[n.index] = total
        return tan

    # ----------------------------------------------------------------------- paths
    def path_count(self, input_id: str) -> int:
        """Number of paths from the input to the output (dynamic programming)."""
        count = [0] * len(self.nodes)
        src = self.node(input_id).index
        count[src] = 1
        for n in self.nodes[src + 1:]:
            count[n.index] = sum(count[self.edges[ei].src] for ei in self.in_edges[n.index])
        return count[self.output]

    def paths(self, input_id: str, limit: int = 1000) -> list[list[int]]:
        """The paths (lists of edge indices) from the input to the output."""
        if self.path_count(input_id) > limit:
            raise ValueError(f"more than {limit} paths from {input_id}")
        src = self.node(input_id).index
        out: list = []

        def walk(node: int, acc: list):
            if node == self.output:
                out.append(list(acc))
                return
            for ei in self.children[node]:
                acc.append(ei)
                walk(self.edges[ei].dst, acc)
                acc.pop()

        walk(src, [])
        return out

    def path_products(self, input_id: str) -> list[sp.Expr]:
        """Product of the local derivatives (in the inputs) along each path."""
        return [sp.Mul(*[self.edges[e].derivative for e in p]) for p in self.paths(input_id)]

    # ----------------------------------------------------------------------- export
    def _point_values(self, point):
        if point is None:
            return None, None, None
        vals = self.forward(point)
        evals = self.edge_values(vals)
        adj = self.adjoints(point, vals, evals)
        return vals, evals, adj

    def to_dict(self, point: dict | None = None) -> dict:
        vals, evals, adj = self._point_values(point)
        nodes = []
        for n in self.nodes:
            d = {"id": n.id, "op": n.op, "label": n.label, "latex": n.latex,
                 "expression": to_text(n.expr), "parents": [self.nodes[p].id for p in n.parents]}
            if vals is not None:
                d["value"] = _num(vals[n.index])
                d["adjoint"] = _num(adj[n.index])
            nodes.append(d)
        edges = []
        for e in self.edges:
            d = {"from": self.nodes[e.src].id, "to": self.nodes[e.dst].id,
                 "local": to_text(e.local), "derivative": to_text(e.derivative),
                 "latex": to_latex(e.derivative)}
            if evals is not None:
                d["value"] = _num(evals[e.index])
            edges.append(d)
        data = {"expression": to_text(self.expr), "output": self.nodes[self.output].id,
                "nodes": nodes, "edges": edges,
                "paths": {n.id: self.path_count(n.id) for n in self.inputs()}}
        if point is not None:
            data["point"] = {(k.name if isinstance(k, sp.Symbol) else k): v for k, v in point.items()}
        return data

    def to_json(self, point: dict | None = None) -> dict:
        return self.to_dict(point)

    def to_text(self, point: dict | None = None) -> str:
        vals, evals, adj = self._point_values(point)
        lines = [f"f = {to_text(self.expr)}", "", "nodes (topological order):"]
        for n in self.nodes:
            if n.op == "input":
                rhs = "input"
            elif n.op == "const":
                rhs = f"constant {n.label}"
            else:
                rhs = _op_text(n, [self.nodes[p].id for p in n.parents])
            line = f"  {n.id:>6} = {rhs}"
            if vals is not None:
                line += f"    value {_fmt(vals[n.index])}  adjoint {_fmt(adj[n.index])}"
            lines.append(line)
        lines += ["", "edges (local derivative d target / d source):"]
        for e in self.edges:
            s, t = self.nodes[e.src].id, self.nodes[e.dst].id
            line = f"  {s:>6} -> {t:<6} {to_text(e.local)}"
            if to_text(e.local) != to_text(e.derivative):
                line += f"  =  {to_text(e.derivative)}"
            if evals is not None:
                line += f"    value {_fmt(evals[e.index])}"
            lines.append(line)
        lines += ["", "paths to the output: " + ", ".join(
            f"{n.id}: {self.path_count(n.id)}" for n in self.inputs())]
        if adj is not None:
            lines.append("gradient (adjoints of the inputs): " + ", ".join(
                f"df/d{n.id} = {_fmt(adj[n.index])}" for n in self.inputs()))
        return "\n".join(lines)

    def to_dot(self, point: dict | None = None) -> str:
        vals, evals, adj = self._point_values(point)
        out = ["digraph G {", "  rankdir=LR;", '  node [shape=circle, fontname="Helvetica"];']
        for n in self.nodes:
            label = n.id if n.op in ("input", "const") and n.op == "input" else f"{n.id}\\n{n.label}"
            if n.op == "const":
                label = n.label
            if vals is not None:
                label += f"\\n{_fmt(vals[n.index])}"
            shape = "box" if n.op in ("input", "const") else "circle"
            out.append(f'  "{n.id}" [label="{_dot_escape(label)}", shape={shape}];')
        for e in self.edges:
            label = to_text(e.local)
            if evals is not None:
                label += f" = {_fmt(evals[e.index])}"
            out.append(f'  "{self.nodes[e.src].id}" -> "{self.nodes[e.dst].id}" [label="{_dot_escape(label)}"];')
        out.append("}")
        return "\n".join(out)

    def layout(self) -> dict[int, tuple[float, float]]:
        """Layered layout: layer = longest path from a leaf; order in a layer by the
        barycenter of the parents (a few sweeps). Returns node -> (layer, slot)."""
        layer = [0] * len(self.nodes)
        for n in self.nodes:
            if n.parents:
                layer[n.index] = 1 + max(layer[p] for p in n.parents)
        for n in self.nodes:  # a constant sits right before its first use
            if n.op == "const" and self.children[n.index]:
                layer[n.index] = min(layer[self.edges[e].dst] for e in self.children[n.index]) - 1
        layers: dict[int, list[int]] = {}
        for n in self.nodes:
            layers.setdefault(layer[n.index], []).append(n.index)
        pos = {}
        for L, members in layers.items():
            for i, m in enumerate(members):
                pos[m] = float(i)
        for _ in range(4):
            for L in sorted(layers)[1:]:
                members = layers[L]
                bary = {m: (sum(pos[p] for p in self.nodes[m].parents) / len(self.nodes[m].parents)
                            if self.nodes[m].parents else pos[m]) for m in members}
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

    def to_tikz(self, point: dict | None = None, dx: float = 2.8, dy: float = 1.9,
                labels: str = "local") -> str:
        """A ``tikzpicture`` (TikZ only, explicit coordinates) with the local derivative
        on every edge (``labels='local'``: in node symbols; ``'inputs'``: in the inputs)."""
        vals, evals, adj = self._point_values(point)
        pos = self.layout()
        lines = [r"\begin{tikzpicture}[>=stealth, every node/.style={font=\small},",
                 r"  op/.style={circle, draw, minimum size=7mm, inner sep=1pt},",
                 r"  leaf/.style={rectangle, draw, rounded corners, minimum size=6mm, inner sep=2pt},",
                 r"  lab/.style={fill=white, inner sep=1pt, font=\scriptsize}]"]
        for n in self.nodes:
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
        for e in self.edges:
            src, dst = _tikz_name(self.nodes[e.src].id), _tikz_name(self.nodes[e.dst].id)
            expr = e.local if labels == "local" else e.derivative
            label = to_latex(expr)
            if evals is not None:
                label += "=" + _fmt(evals[e.index])
            bend = ""
            if sum(1 for f in self.in_edges[e.dst] if self.edges[f].src == e.src) > 1:
                bend = ", bend left=20" if e.slot == 0 else ", bend right=20"
            span = pos[e.dst][0] - pos[e.src][0]
            where = 0.5 if span <= 1 else 1 - 0.5 / span  # long edges: label near the target
            lines.append(rf"\draw[->] ({src}) to[auto=false{bend}] node[lab, pos={where:.2f}] {{${label}$}} ({dst});")
        lines.append(r"\end{tikzpicture}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def _apply(op, name, param, args):
    if op == "+":
        return args[0] + args[1]
    if op == "-":
        return args[0] - args[1]
    if op == "*":
        return args[0] * args[1]
    if op == "/":
        return args[0] / args[1]
    if op == "^":
        return args[0] ** args[1]
    if op == "neg":
        return -args[0]
    if op == "pow":
        return args[0] ** param
    if op == "call":
        return FUNCTIONS[name].sympy(*args)
    raise AssertionError(op)


def _eval_op(n: Node, args):
    if n.op in BINARY_NUMERIC:
        return BINARY_NUMERIC[n.op][0](*args)
    if n.op == "neg":
        return -args[0]
    if n.op == "pow":
        k = n.param
        k = int(k) if k.is_Integer else float(k)
        return args[0] ** k
    value, _ = _call_numeric(n.name, len(args))
    return value(*args)[()] if np.ndim(value(*args)) == 0 else value(*args)


def _eval_local(n: Node, args, out):
    if n.op in BINARY_NUMERIC:
        return BINARY_NUMERIC[n.op][1](*args, out)
    if n.op == "neg":
        return (-1.0,)
    if n.op == "pow":
        k = n.param
        k = int(k) if k.is_Integer else float(k)
        return (k * args[0] ** (k - 1),)
    _, partials = _call_numeric(n.name, len(args))
    return tuple(np.asarray(p(*args, out))[()] for p in partials)


def _op_text(n: Node, parents: list[str]) -> str:
    if n.op in ("+", "-", "*", "/", "^"):
        return f"{parents[0]} {n.op} {parents[1]}"
    if n.op == "neg":
        return f"-{parents[0]}"
    if n.op == "pow":
        return f"{parents[0]}^{to_text(n.param)}"
    return f"{n.name}({', '.join(parents)})"


def _is_constant(ast: Ast) -> bool:
    stack = [ast]
    while stack:
        a = stack.pop()
        if a.op == "var":
            return False
        stack.extend(a.args)
    return True


def _ast_names(ast: Ast) -> set:
    names, stack, seen = set(), [ast], set()
    while stack:
        a = stack.pop()
        if id(a) in seen:
            continue
        seen.add(id(a))
        if a.op == "var":
            names.add(a.name)
        stack.extend(a.args)
    return names


def _free_prefix(names) -> str:
    for prefix in ("v", "u", "t", "node"):
        if not any(n.startswith(prefix) and n[len(prefix):].isdigit() for n in names):
            return prefix
    return "node_"


def _num(x):
    x = complex(x)
    v = x.real
    return v if math.isfinite(v) else None


def _fmt(x) -> str:
    x = complex(x).real
    return f"{x:.6g}"


def _dot_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n")


def _tikz_name(id_: str) -> str:
    return "n-" + id_.replace("_", "-")


# --------------------------------------------------------------------------------------
# SymPy -> Ast (for graphs of expressions built in code)
# --------------------------------------------------------------------------------------

def adjoint_symbol(node_id: str) -> sp.Symbol:
    """``v3`` -> ``vbar_3`` (LaTeX ``\\bar{v}_{3}``), ``x1`` -> ``xbar_1``, ``alpha`` -> ``alphabar``."""
    m = re.fullmatch(r"([A-Za-z]+)_?(\d+)", node_id)
    name = f"{m.group(1)}bar_{m.group(2)}" if m else f"{node_id}bar"
    return sp.Symbol(name, real=True)


def sympy_to_ast(expr: sp.Expr) -> Ast:
    """Convert a SymPy expression into the parser's Ast, the way one would write it:
    ``a + (-1)*b`` becomes ``a - b``, ``a * b**-1`` becomes ``a / b``."""
    from symderiv.language.parse import deep_recursion
    deep_recursion()
    memo: dict = {}

    def num(v) -> Ast:
        return Ast("num", value=sp.nsimplify(v) if isinstance(v, sp.Float) else v)

    def conv(e) -> Ast:
        hit = memo.get(e)
        if hit is not None:
            return hit
        out = _conv(e)
        memo[e] = out
        return out

    def signed(e):
        """(negative?, Ast of |e|) for a term of a sum."""
        if e.is_Mul and e.args[0].is_Number and e.args[0] < 0:
            c = -e.args[0]
            rest = sp.Mul(*e.args[1:], evaluate=False) if c == 1 else sp.Mul(c, *e.args[1:], evaluate=False)
            if c == 1 and len(e.args) == 2:
                rest = e.args[1]
            return True, conv(rest)
        if e.is_Number and e < 0:
            return True, conv(-e)
        return False, conv(e)

    def _conv(e) -> Ast:
        if e.is_Symbol:
            return Ast("var", name=e.name)
        if e is sp.pi:
            return Ast("const", name="pi")
        if e is sp.E:
            return Ast("const", name="e")
        if e.is_Rational and not e.is_Integer:
            return Ast("/", (num(sp.Integer(e.p)), num(sp.Integer(e.q)))) if e.p > 0 else \
                Ast("neg", (Ast("/", (num(sp.Integer(-e.p)), num(sp.Integer(e.q)))),))
        if e.is_Number:
            if e < 0:
                return Ast("neg", (num(-e),))
            return num(e)
        if e.is_Add:
            terms = list(e.args)
            # put a positive term first if there is one
            terms.sort(key=lambda t: signed(t)[0])
            neg, acc = signed(terms[0])
            if neg:
                acc = Ast("neg", (acc,))
            for t in terms[1:]:
                n, a = signed(t)
                acc = Ast("-" if n else "+", (acc, a))
            return acc
        if e.is_Mul:
            args = list(e.args)
            if args[0].is_Number and args[0] == -1:
                return Ast("neg", (conv(sp.Mul(*args[1:], evaluate=False) if len(args) > 2 else args[1]),))
            numer = [a for a in args if not (a.is_Pow and a.exp.is_Number and a.exp < 0)]
            denom = [1 / a for a in args if a.is_Pow and a.exp.is_Number and a.exp < 0]
            acc = conv(numer[0]) if numer else num(sp.Integer(1))
            for a in numer[1:]:
                acc = Ast("*", (acc, conv(a)))
            for d in denom:
                acc = Ast("/", (acc, conv(d)))
            return acc
        if e.is_Pow:
            base, ex = e.args
            if base is sp.E:
                return Ast("call", (conv(ex),), name="exp")
            if ex == sp.Rational(1, 2):
                return Ast("call", (conv(base),), name="sqrt")
            if ex.is_Number and ex < 0:
                return Ast("/", (num(sp.Integer(1)), conv(base ** -ex)))
            return Ast("^", (conv(base), conv(ex)))
        if e.func in SYMPY_HEADS or isinstance(e, sp.Function):
            head = e.func
            name = SYMPY_HEADS.get(head)
            if name is None:
                raise ValueError(f"no graph rule for {head}")
            if head is sp.Heaviside:
                return Ast("call", (conv(e.args[0]),), name=name)
            return Ast("call", tuple(conv(a) for a in e.args), name=name)
        raise ValueError(f"no graph rule for {type(e).__name__}")

    return conv(expr)
