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
(each node's :class:`~symderiv.language.ops.Op`: arithmetic in
:mod:`symderiv.language.ops`, functions in :data:`symderiv.language.table.FUNCTIONS`), never
from ``sympy.diff``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import sympy as sp

from symderiv.graph.expressions import Expressions
from symderiv.graph.paths import Paths
from symderiv.graph.rules import adjoint_symbol, safely
from symderiv.graph.sweep import Numbers, sweep
from symderiv.language.names import natural_sorted
from symderiv.language.ops import ARITHMETIC, CONST, INPUT, POWC, Op
from symderiv.language.parse import Ast, symbol
from symderiv.language.printing import to_latex, to_text
from symderiv.language.table import CONSTANTS, FUNCTIONS

__all__ = ["Node", "Edge", "Graph", "adjoint_symbol"]  # adjoint_symbol: problems import it from here


@dataclass(slots=True)  # slots: a 10,000-layer program makes 30,000 nodes and edges
class Node:
    index: int
    id: str
    op: Op  # its rules; compares equal to its kind: input const + - * / ^ neg pow call
    parents: tuple = ()
    name: str = ""  # function name for call, the name of an input
    param: object = None  # exponent for pow, value for const
    _sym: sp.Expr = field(repr=False, default=None)
    graph: "Graph" = field(repr=False, default=None)
    _expr: sp.Expr = field(repr=False, default=None)

    @property
    def sym(self) -> sp.Expr:
        """The node symbol (inputs: their symbol; constants: their value), made on first
        use: the numbers and the text tape need no SymPy objects."""
        if self._sym is None:
            self._sym = symbol(self.id) if self.op is INPUT else (
                self.param if self.op is CONST else sp.Symbol(self.id, real=True))
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
        if self.op is INPUT:
            return self.id
        if self.op is CONST:
            return to_text(self.param)
        return self.op.label(self.param)

    @property
    def latex(self) -> str:
        """LaTeX of the operation (for figures)."""
        if self.op.is_leaf:
            return to_latex(self.sym)
        return self.op.figure_latex(len(self.parents), self.param)


@dataclass(slots=True)
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
            g._add(INPUT, (), name=n)
        g.output = g._build(ast)
        g._finish()
        return g

    @classmethod
    def from_sympy(cls, expr) -> "Graph":
        from symderiv.graph.convert import sympy_to_ast
        return cls.from_ast(sympy_to_ast(sp.sympify(expr)), validate=False)

    def _add(self, op: Op, parents, name="", param=None) -> int:
        key = (id(op), parents, name, param)
        hit = self._key.get(key)
        if hit is not None:
            return hit
        idx = len(self.nodes)
        node = Node(idx, "", op, parents, name, param, graph=self)
        if op is INPUT:
            node.id = name
        elif op is CONST:
            node._sym = node._expr = param
        self.nodes.append(node)
        self._key[key] = idx
        return idx

    def _build(self, root: Ast, env: Optional[dict] = None, short: bool = False) -> int:
        """Iterative post-order walk (deep chains must not hit the recursion limit); a
        ``short`` Ast (a line of at most a few hundred characters) recursively, twice as fast."""
        if short:
            return self._build_short(root, env or {})
        done: dict[int, int] = {}
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            key = id(node)
            if key in done:
                continue
            if node.op == "num":
                done[key] = self._add(CONST, (), param=node.value)
                continue
            if node.op == "const":
                done[key] = self._add(CONST, (), param=CONSTANTS[node.name])
                continue
            if node.op == "var":
                hit = env.get(node.name) if env else None
                done[key] = hit if hit is not None else self._key[(id(INPUT), (), node.name, None)]
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
                done[key] = self._add(POWC, ids, param=to_sympy(node.args[1]))
            elif node.op == "call":
                done[key] = self._add(FUNCTIONS[node.name], ids, name=node.name)
            else:
                done[key] = self._add(ARITHMETIC[node.op], ids)
        return done[id(root)]

    def _build_short(self, node: Ast, env: dict) -> int:
        op = node.op
        if op == "var":
            hit = env.get(node.name)
            return hit if hit is not None else self._key[(id(INPUT), (), node.name, None)]
        if op == "call":
            return self._add(FUNCTIONS[node.name], tuple([self._build_short(c, env) for c in node.args]), name=node.name)
        if op == "num":
            return self._add(CONST, (), param=node.value)
        if op == "const":
            return self._add(CONST, (), param=CONSTANTS[node.name])
        if op == "^" and _is_constant(node.args[1]):
            from symderiv.language.parse import to_sympy
            return self._add(POWC, (self._build_short(node.args[0], env),), param=to_sympy(node.args[1]))
        return self._add(ARITHMETIC[op], tuple([self._build_short(c, env) for c in node.args]))

    def _finish(self):
        """Topological order (inputs, constants, then operations in creation order), ids,
        edges: one pass over the nodes and one over their parents."""
        inputs, consts, ops = [], [], []
        for n in self.nodes:
            (inputs if n.op is INPUT else consts if n.op is CONST else ops).append(n)
        order = inputs + consts + ops
        remap = [0] * len(order)
        for i, n in enumerate(order):
            remap[n.index] = i
        for i, n in enumerate(consts, len(inputs)):
            n.index = i
            n.id = f"c{i - len(inputs) + 1}"
        for n in inputs:
            n.index = remap[n.index]
        names, prefix = self._names, self._prefix
        start = len(inputs) + len(consts)
        children: list[list[int]] = [[] for _ in order]
        in_edges: list[list[int]] = [[] for _ in order]
        edges = self.edges
        for k, n in enumerate(ops, 1):
            n.index = i = start + k - 1
            n.parents = parents = tuple([remap[p] for p in n.parents])
            n.id = names.get(id(n)) or f"{prefix}{k}"
            for slot, p in enumerate(parents):
                ei = len(edges)
                edges.append(Edge(ei, p, i, slot, self))
                children[p].append(ei)
                in_edges[i].append(ei)
        self.nodes = order
        self.output = remap[self.output]
        self._key = {}
        self.children = children
        self.in_edges = in_edges

    def _locals(self, n: Node) -> tuple:
        return n.op.partials([self.nodes[p].sym for p in n.parents], n.sym, n.param)

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
        return [n for n in self.nodes if n.op is INPUT]

    def input_symbols(self) -> list[sp.Symbol]:
        return [n.sym for n in self.inputs()]

    def operations(self) -> list[Node]:
        return [n for n in self.nodes if not n.op.is_leaf]

    # ----------------------------------------------------------------------- numbers
    def forward(self, point: dict) -> list:
        """Value of every node at ``point`` ({Symbol or name: number})."""
        vals: list = [None] * len(self.nodes)
        pt = {(k.name if isinstance(k, sp.Symbol) else k): v for k, v in point.items()}
        import numpy as np  # lazily: symbolic commands need no NumPy (start-up time)
        with np.errstate(all="ignore"):
            for n in self.nodes:
                if n.op is INPUT:
                    vals[n.index] = pt[n.id]
                elif n.op is CONST:
                    vals[n.index] = float(n.param)
                else:
                    args = [vals[p] for p in n.parents]
                    vals[n.index] = safely(n.op.value, args, param=n.param)
        return vals

    def edge_values(self, vals: list) -> list:
        """Value of every edge's local derivative, given the node values."""
        out = [0.0] * len(self.edges)
        import numpy as np  # lazily: symbolic commands need no NumPy (start-up time)
        with np.errstate(all="ignore"):
            for n in self.operations():
                args = [vals[p] for p in n.parents]
                partials = safely(n.op.dvalues, args, vals[n.index], param=n.param)
                for slot, ei in enumerate(self.in_edges[n.index]):
                    out[ei] = partials[slot]
        return out

    def adjoints(self, point: dict, vals=None, evals=None) -> list:
        """Reverse accumulation: d output / d node for every node."""
        vals = self.forward(point) if vals is None else vals
        evals = self.edge_values(vals) if evals is None else evals
        import numpy as np
        with np.errstate(all="ignore"):  # inf * 0 at a singular point is nan, said by the value
            return sweep(self, Numbers(evals))

    def tangents(self, point: dict, wrt, vals=None, evals=None) -> list:
        """Forward accumulation: d node / d wrt for every node."""
        name = wrt.name if isinstance(wrt, sp.Symbol) else wrt
        vals = self.forward(point) if vals is None else vals
        evals = self.edge_values(vals) if evals is None else evals
        import numpy as np
        tan: list = [0.0] * len(self.nodes)
        with np.errstate(all="ignore"):
            for n in self.nodes:
                if n.op is INPUT:
                    tan[n.index] = 1.0 if n.id == name else 0.0
                elif n.op is not CONST:
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


