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

from dataclasses import dataclass, field
from typing import Optional

import sympy as sp

from symderiv.graph.expressions import Expressions
from symderiv.graph.paths import Paths
from symderiv.graph.rules import (OP_LATEX, adjoint_symbol, apply_op, eval_local, eval_op, safely,  # noqa: F401
                                  local_exprs)
from symderiv.language.names import natural_sorted
from symderiv.language.parse import Ast, symbol
from symderiv.language.printing import to_latex, to_text
from symderiv.language.table import CONSTANTS, FUNCTIONS

_apply = apply_op  # the name the calculus layer imported before the split

__all__ = ["Node", "Edge", "Graph", "adjoint_symbol"]  # adjoint_symbol: problems import it from here


@dataclass
class Node:
    index: int
    id: str
    op: str  # input const + - * / ^ neg pow call
    parents: tuple = ()
    name: str = ""  # function name for call
    param: object = None  # exponent for pow, value for const
    _sym: sp.Expr = field(repr=False, default=None)
    graph: "Graph" = field(repr=False, default=None)
    _expr: sp.Expr = field(repr=False, default=None)

    @property
    def sym(self) -> sp.Expr:
        """The node symbol (inputs: their symbol; constants: their value), made on first
        use: the numbers and the text tape need no SymPy objects."""
        if self._sym is None:
            self._sym = symbol(self.id) if self.op == "input" else (
                self.param if self.op == "const" else sp.Symbol(self.id, real=True))
        return self._sym

    @property
    def expr(self) -> sp.Expr:
        """The subexpression in the inputs (built on first use: the tape needs none)."""
        if self._expr is None:
            self.graph._build_exprs([self.index])
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
            # a plain placeholder symbol printed as \cdot (a Symbol named "\cdot" would be
            # read by SymPy's printer as the accent \dot applied to "\c")
            args = [sp.Dummy(f"arg{i}") for i in range(max(1, len(self.parents)))]
            return sp.latex(FUNCTIONS[self.name].sympy(*args), symbol_names={a: r"\cdot" for a in args})
        if self.op == "pow":
            return r"(\cdot)^{%s}" % to_latex(self.param)
        return OP_LATEX[self.op]


@dataclass
class Edge:
    index: int
    src: int
    dst: int
    slot: int  # which argument of dst
    graph: "Graph" = field(repr=False, default=None)
    _local: Optional[sp.Expr] = field(repr=False, default=None)
    _derivative: Optional[sp.Expr] = field(repr=False, default=None)

    @property
    def local(self) -> sp.Expr:
        """The local derivative d dst / d src in node symbols (built on first use from the
        rule tables: numbers and the text tape need no SymPy objects)."""
        if self._local is None:
            g = self.graph
            for ei, value in zip(g.in_edges[self.dst], g._locals(g.nodes[self.dst])):
                g.edges[ei]._local = value
        return self._local

    @property
    def derivative(self) -> sp.Expr:
        """The local derivative written in the inputs."""
        if self._derivative is None:
            self._derivative = self.graph.in_inputs(self.local)
        return self._derivative


class Graph(Expressions, Paths):
    """A computation DAG. Build it with :meth:`from_ast` (structure as written) or
    :meth:`from_sympy` (structure of a SymPy expression)."""

    def __init__(self):
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self._key: dict = {}
        self._names: dict = {}  # node -> the program name assigned to it (ids of named nodes)
        self.output: int = -1

    # ----------------------------------------------------------------------- build
    @classmethod
    def from_ast(cls, ast: Ast, validate: bool = True) -> "Graph":
        if validate:
            from symderiv.language.parse import to_sympy
            to_sympy(ast)  # the parser's checks (exponent and number limits, division by zero)
        g = cls()
        names = natural_sorted(_ast_names(ast))
        g._prefix = _free_prefix(names)
        for n in names:
            g._add("input", (), name=n)
        g.output = g._build(ast)
        g._finish()
        return g

    @classmethod
    def from_sympy(cls, expr) -> "Graph":
        from symderiv.graph.convert import sympy_to_ast
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
        elif op == "const":
            node._sym = node._expr = param
        self.nodes.append(node)
        self._key[key] = idx
        return idx

    def _build(self, root: Ast, env: Optional[dict] = None) -> int:
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
                done[key] = self._add("const", (), param=CONSTANTS[node.name])
                continue
            if node.op == "var":
                hit = env.get(node.name) if env else None
                done[key] = hit if hit is not None else self._key[("input", (), node.name, None)]
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
                n.id = self._names.get(id(n)) or f"{self._prefix}{k_op}"
        self.nodes = order
        self.output = remap[self.output]
        self._key = {}
        self.children: list[list[int]] = [[] for _ in self.nodes]
        for n in self.nodes:
            if n.op in ("input", "const"):
                continue
            for slot, p in enumerate(n.parents):
                e = Edge(len(self.edges), p, n.index, slot, self)
                self.edges.append(e)
                self.children[p].append(e.index)
        self.in_edges: list[list[int]] = [[] for _ in self.nodes]
        for e in self.edges:
            self.in_edges[e.dst].append(e.index)
        # keep only what the output depends on (all nodes do, by construction)

    def _locals(self, n: Node) -> tuple:
        return local_exprs(n.op, n.name, n.param, [self.nodes[p].sym for p in n.parents], n.sym)

    # ----------------------------------------------------------------------- queries
    @property
    def expr(self) -> sp.Expr:
        return self.nodes[self.output].expr

    def node(self, id_: str) -> Node:
        return self.nodes[self.node_index(id_)]

    def node_index(self, id_: str) -> int:
        if getattr(self, "_id_index", None) is None:
            self._id_index = {n.id: n.index for n in self.nodes}
        try:
            return self._id_index[id_]
        except KeyError:
            raise KeyError(id_) from None

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
        import numpy as np  # lazily: symbolic commands need no NumPy (start-up time)
        with np.errstate(all="ignore"):
            for n in self.nodes:
                if n.op == "input":
                    vals[n.index] = pt[n.id]
                elif n.op == "const":
                    vals[n.index] = float(n.param)
                else:
                    args = [vals[p] for p in n.parents]
                    vals[n.index] = safely(eval_op, n, args)
        return vals

    def edge_values(self, vals: list) -> list:
        """Value of every edge's local derivative, given the node values."""
        out = [0.0] * len(self.edges)
        import numpy as np  # lazily: symbolic commands need no NumPy (start-up time)
        with np.errstate(all="ignore"):
            for n in self.operations():
                args = [vals[p] for p in n.parents]
                partials = safely(eval_local, n, args, vals[n.index])
                for slot, ei in enumerate(self.in_edges[n.index]):
                    out[ei] = partials[slot]
        return out

    def adjoints(self, point: dict, vals=None, evals=None) -> list:
        """Reverse accumulation: d output / d node for every node."""
        vals = self.forward(point) if vals is None else vals
        evals = self.edge_values(vals) if evals is None else evals
        import numpy as np
        adj: list = [0.0] * len(self.nodes)
        adj[self.output] = 1.0
        with np.errstate(all="ignore"):  # inf * 0 at a singular point is nan, said by the value
            for n in reversed(self.nodes):
                if n.index == self.output:
                    continue
                total = 0.0
                for ei in self.children[n.index]:
                    total = total + adj[self.edges[ei].dst] * evals[ei]
                adj[n.index] = total
        return adj

    def tangents(self, point: dict, wrt, vals=None, evals=None) -> list:
        """Forward accumulation: d node / d wrt for every node."""
        name = wrt.name if isinstance(wrt, sp.Symbol) else wrt
        vals = self.forward(point) if vals is None else vals
        evals = self.edge_values(vals) if evals is None else evals
        import numpy as np
        tan: list = [0.0] * len(self.nodes)
        with np.errstate(all="ignore"):
            for n in self.nodes:
                if n.op == "input":
                    tan[n.index] = 1.0 if n.id == name else 0.0
                elif n.op != "const":
                    total = 0.0
                    for ei in self.in_edges[n.index]:
                        total = total + evals[ei] * tan[self.edges[ei].src]
                    tan[n.index] = total
        return tan

    # ----------------------------------------------------------------------- export
    def to_dict(self, point: dict | None = None) -> dict:
        from symderiv.graph.export import to_dict
        return to_dict(self, point)

    def to_json(self, point: dict | None = None) -> dict:
        return self.to_dict(point)

    def to_text(self, point: dict | None = None) -> str:
        from symderiv.graph.export import graph_text
        return graph_text(self, point)

    def to_dot(self, point: dict | None = None) -> str:
        from symderiv.graph.export import to_dot
        return to_dot(self, point)

    def layout(self) -> dict[int, tuple[float, float]]:
        from symderiv.graph.tikz import layout
        return layout(self)

    def to_tikz(self, point: dict | None = None, labels: str = "local", engine: str = "auto") -> str:
        from symderiv.graph.tikz import to_tikz
        return to_tikz(self, point, labels, engine)

    def _repr_svg_(self) -> str:
        """Notebook display: the graph with the local derivative on every edge."""
        from symderiv.graph.svg import to_svg
        return to_svg(self)

    def __repr__(self) -> str:
        out = self.nodes[self.output].id if 0 <= self.output < len(self.nodes) else "none"
        return f"<Graph: {len(self.nodes)} nodes, {len(self.edges)} edges, output {out}>"


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

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


