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

from typing import Iterable, Mapping, Optional, Sequence

import sympy as sp

from symderiv.graph.expressions import Expressions
from symderiv.graph.nodes import Edge, Node
from symderiv.graph.paths import Paths
from symderiv.graph.rules import adjoint_symbol, safely
from symderiv.graph.sweep import Numbers, sweep
from symderiv.language.names import natural_sorted
from symderiv.language.ops import ARITHMETIC, CONST, INPUT, POWC, Op
from symderiv.language.parse import Ast
from symderiv.language.table import CONSTANTS, FUNCTIONS

__all__ = ["Node", "Edge", "Graph", "adjoint_symbol"]  # adjoint_symbol: problems import it from here


class Graph(Expressions, Paths):
    """A computation DAG. Build it with :meth:`from_ast` (structure as written),
    :meth:`from_sympy` (structure of a SymPy expression), or step by step:
    :meth:`add_inputs`, :meth:`add_expression` per expression (with earlier roots bound to
    names), :meth:`name_node`, then :meth:`finish` (as
    :func:`~symderiv.graph.program.graph_from_program` builds a program's graph)."""

    def __init__(self) -> None:
        super().__init__()
        self._key: dict[tuple, int] = {}  # (op, parents, name, param) -> node: shared subexpressions
        self._names: dict[int, str] = {}  # id(node) -> the name given to it (its id once finished)
        self._prefix = "v"  # of operation ids: one that no input and no assigned name starts with
        self._ordered = True  # no leaf added after an operation, no input after a constant
        self._nonleaf = False  # an operation was added
        self._has_const = False

    # ----------------------------------------------------------------------- build
    @classmethod
    def from_ast(cls, ast: Ast, validate: bool = True) -> "Graph":
        if validate:
            from symderiv.language.parse import to_sympy
            to_sympy(ast)  # the parser's checks (exponent and number limits, division by zero)
        g = cls()
        g.add_inputs(natural_sorted(_ast_names(ast)))
        g.finish(g.add_expression(ast))
        return g

    @classmethod
    def from_sympy(cls, expr) -> "Graph":
        from symderiv.graph.convert import sympy_to_ast
        return cls.from_ast(sympy_to_ast(sp.sympify(expr)), validate=False)

    def add_inputs(self, names: Sequence[str], taken: Iterable[str] = ()) -> None:
        """Start building: one input node per name, in this order. Operation ids get a
        prefix (``v``, else ``u``, ``t``, ``node``) that neither an input nor a name in
        ``taken`` (the names :meth:`name_node` will give) starts with."""
        self._prefix = _free_prefix([*names, *taken])
        for n in names:
            self._add(INPUT, (), name=n)

    def name_node(self, index: int, name: str) -> None:
        """Give operation node ``index`` the id ``name`` once finished (an assignment's
        name; a node named twice keeps its first name, an input keeps its own)."""
        node = self.nodes[index]
        if not node.op.is_leaf:
            self._names.setdefault(id(node), name)

    def _add(self, op: Op, parents, name="", param=None) -> int:
        key = (id(op), parents, name, param)
        hit = self._key.get(key)
        if hit is not None:
            return hit
        idx = len(self.nodes)
        node = Node(idx, "", op, parents, name, param, graph=self)
        if op is INPUT:
            node.id = name
            if self._nonleaf or self._has_const:
                self._ordered = False
        elif op is CONST:
            node._sym = node._expr = param
            self._has_const = True
            if self._nonleaf:
                self._ordered = False
        else:
            self._nonleaf = True
        self.nodes.append(node)
        self._key[key] = idx
        return idx

    def add_expression(self, root: Ast, env: Optional[Mapping[str, int]] = None,
                       short: bool = False) -> int:
        """Add the nodes of ``root`` and return the index of its node: a subexpression
        equal to a node already there is that node, a variable named in ``env`` is the node
        it maps to (an earlier assignment), any other variable an input. An iterative
        post-order walk (deep chains must not hit the recursion limit); a ``short`` Ast (a
        line of at most a few hundred characters) recursively, twice as fast."""
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

    def _build_short(self, node: Ast, env: Mapping[str, int]) -> int:
        op = node.op
        if op == "var":
            hit = env.get(node.name)
            return hit if hit is not None else self._key[(id(INPUT), (), node.name, None)]
        args = node.args
        if op == "call":
            if len(args) == 1:
                return self._add(FUNCTIONS[node.name], (self._build_short(args[0], env),), node.name)
            return self._add(FUNCTIONS[node.name], tuple([self._build_short(c, env) for c in args]), node.name)
        if op == "num":
            return self._add(CONST, (), param=node.value)
        if op == "const":
            return self._add(CONST, (), param=CONSTANTS[node.name])
        if op == "^" and _is_constant(node.args[1]):
            from symderiv.language.parse import to_sympy
            return self._add(POWC, (self._build_short(node.args[0], env),), param=to_sympy(node.args[1]))
        if len(args) == 2:
            return self._add(ARITHMETIC[op], (self._build_short(args[0], env), self._build_short(args[1], env)))
        return self._add(ARITHMETIC[op], tuple([self._build_short(c, env) for c in args]))

    def finish(self, output: int, name: str = "f") -> None:
        """End building: ``output`` (an index :meth:`add_expression` returned) is the
        function, called ``name``. Puts the nodes in topological order (inputs, constants,
        then operations in creation order), gives them their ids and makes the edges: one
        pass over the nodes and one over their parents."""
        self.output, self.name = output, name
        nodes = self.nodes
        if self._ordered:  # inputs, constants, operations already in this order: no remap
            n_leaves = 0
            for n in nodes:
                if n.op is not INPUT and n.op is not CONST:
                    break
                n_leaves += 1
            order, ops, remap = nodes, nodes[n_leaves:], None
            consts = [n for n in nodes[:n_leaves] if n.op is CONST]
            n_inputs = n_leaves - len(consts)
        else:
            inputs: list[Node] = []
            consts = []
            ops = []
            for n in nodes:
                (inputs if n.op is INPUT else consts if n.op is CONST else ops).append(n)
            order = inputs + consts + ops
            remap = [0] * len(order)
            for i, n in enumerate(order):
                remap[n.index] = i
            for n in inputs:
                n.index = remap[n.index]
            n_inputs = len(inputs)
        for i, n in enumerate(consts, n_inputs):
            n.index = i
            n.id = f"c{i - n_inputs + 1}"
        names, prefix = self._names, self._prefix
        start = n_inputs + len(consts)
        children: list[list[int]] = [[] for _ in order]
        in_edges: list[list[int]] = [[] for _ in order]
        src, dst, slots = self.edge_src, self.edge_dst, self.edge_slot
        ei = len(src)
        for k, n in enumerate(ops, 1):
            n.index = i = start + k - 1
            if remap is None:
                parents = n.parents
            else:
                n.parents = parents = tuple([remap[p] for p in n.parents])
            n.id = names.get(id(n)) or f"{prefix}{k}"
            mine = in_edges[i]
            for slot, p in enumerate(parents):
                src.append(p)
                dst.append(i)
                slots.append(slot)
                children[p].append(ei)
                mine.append(ei)
                ei += 1
        self._edges = None  # made from the arrays on first use
        self.nodes = order
        if remap is not None:
            self.output = remap[self.output]
        self._key = {}
        self.children = children
        self.in_edges = in_edges

    # ----------------------------------------------------------------------- queries
    @property
    def expr(self) -> sp.Expr:
        return self.nodes[self.output].expr

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
        out = [0.0] * len(self.edge_dst)
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
                        total = total + evals[ei] * tan[self.edge_src[ei]]
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
        return f"<Graph: {len(self.nodes)} nodes, {len(self.edge_dst)} edges, output {out}>"


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


