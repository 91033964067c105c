"""The nodes and edges of a computation graph and :class:`NodeTable`, what every part of
:class:`~symderiv.graph.core.Graph` reads: the nodes in topological order, the edges, the
edges into and out of every node, the output, and lookups by id.

The mixins of the graph (:class:`~symderiv.graph.expressions.Expressions`,
:class:`~symderiv.graph.paths.Paths`) derive from it, so each of them sees the graph's
structure with its types.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import sympy as sp

from symderiv.language.ops import CONST, INPUT, Op
from symderiv.language.parse import symbol
from symderiv.language.printing import to_latex, to_text

__all__ = ["Node", "Edge", "NodeTable"]


@dataclass(slots=True)  # slots: a 10,000-layer program makes 30,000 nodes and edges
class Node:
    index: int
    id: str
    op: Op  # its rules; compares equal to its kind: input const + - * / ^ neg pow call
    parents: tuple[int, ...] = ()
    name: str = ""  # function name for call, the name of an input
    param: sp.Expr = None  # exponent for pow, value for const (a SymPy number), else None
    graph: NodeTable = field(repr=False, kw_only=True)
    _sym: Optional[sp.Expr] = field(repr=False, default=None)
    _expr: Optional[sp.Expr] = field(repr=False, default=None)

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
            self.graph.build_expressions([self.index])
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
    graph: NodeTable = field(repr=False, kw_only=True)
    _local: Optional[sp.Expr] = field(repr=False, default=None)
    _derivative: Optional[sp.Expr] = field(repr=False, default=None)

    @property
    def local(self) -> sp.Expr:
        """The local derivative d dst / d src in node symbols (built on first use from the
        rule tables: numbers and the text tape need no SymPy objects)."""
        if self._local is None:
            g = self.graph
            for ei, value in zip(g.in_edges[self.dst], g.local_partials(g.nodes[self.dst])):
                g.edges[ei]._local = value
        return self._local

    @property
    def derivative(self) -> sp.Expr:
        """The local derivative written in the inputs."""
        if self._derivative is None:
            self._derivative = self.graph.in_inputs(self.local)
        return self._derivative


class NodeTable:
    """The structure of a graph: ``nodes`` (topological order, ``nodes[i].index == i``),
    ``edges``, per node the indices of its outgoing edges (``children``) and incoming
    edges (``in_edges``, in argument order), the ``output`` node's index and the
    function's ``name`` (``f``, or the output name of a program)."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        # the edges as arrays (what the sweeps and the printed tape read); their Edge
        # objects are made on first use of :attr:`edges` (a printed tape needs none)
        self.edge_src: list[int] = []
        self.edge_dst: list[int] = []
        self.edge_slot: list[int] = []
        self._edges: Optional[list[Edge]] = []
        self.children: list[list[int]] = []
        self.in_edges: list[list[int]] = []
        self.output: int = -1
        self.name: str = "f"
        self._id_index: Optional[dict[str, int]] = None

    @property
    def edges(self) -> list[Edge]:
        """The edges (index order), made on first use from the arrays."""
        if self._edges is None:
            self._edges = [Edge(i, src, dst, slot, graph=self) for i, (src, dst, slot)
                           in enumerate(zip(self.edge_src, self.edge_dst, self.edge_slot))]
        return self._edges

    def node(self, id_: str) -> Node:
        return self.nodes[self.node_index(id_)]

    def node_index(self, id_: str) -> int:
        if self._id_index is None:
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

    def local_partials(self, n: Node) -> tuple:
        """The local partials of node ``n`` by its arguments, in node symbols."""
        return n.op.partials([self.nodes[p].sym for p in n.parents], n.sym, n.param)

    # written in the inputs: :class:`~symderiv.graph.expressions.Expressions` builds them
    def build_expressions(self, targets: Optional[Iterable[int]] = None) -> None:
        raise NotImplementedError

    def in_inputs(self, expr: sp.Expr) -> sp.Expr:
        raise NotImplementedError
