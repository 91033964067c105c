"""Reverse accumulation, written once: :func:`sweep` walks a graph from its output back to
its inputs and asks a *value domain* what an adjoint is.

A domain says three things: what the adjoint of the output is (``one``), whether an
adjoint is zero (``is_zero``: its edges are skipped), and how the adjoint of a node is
made from its terms ``[(adjoint of a child, edge index)]`` (``accumulate``). Domains:

* :class:`Numbers`: floats, complex numbers or arrays, with the edges' values
  (:meth:`Graph.adjoints <symderiv.graph.core.Graph.adjoints>`),
* :class:`Symbols`: SymPy expressions, one tape line per adjoint that is not a number or a
  symbol (the SymPy tape of :class:`~symderiv.calculus.reverse.Gradient`),
* :class:`~symderiv.calculus.lighttape.Plan`: printed templates (the tape printed
  without SymPy objects).

A problem with its own presentation of the reverse pass writes a domain of its own, e.g.
one whose ``accumulate`` records the chain-rule terms of every node for a worked solution.
"""
from __future__ import annotations

from typing import Optional, Protocol, Sequence

import sympy as sp

from symderiv.graph.rules import adjoint_symbol
from symderiv.language.ops import CONST, INPUT

__all__ = ["Domain", "Numbers", "Symbols", "sweep"]


class Domain(Protocol):
    @property
    def one(self) -> object: ...  # the adjoint of the output (the default seed)

    @property
    def skip_constants(self) -> bool: ...  # constants get no adjoint

    def is_zero(self, adjoint) -> bool: ...

    def accumulate(self, node, terms: list): ...


def sweep(graph, domain: Domain, seed=None, wrt: Optional[Sequence[str]] = None) -> list:
    """Reverse accumulation over ``graph`` in ``domain``: the adjoint d output / d node of
    every node (``None`` for nodes not visited), output first, children before parents.

    ``seed`` is the output's adjoint (default ``domain.one``); with ``wrt`` (input names)
    only the nodes that depend on one of those inputs are visited."""
    nodes, dst, children = graph.nodes, graph.edge_dst, graph.children
    reach = graph.reaches(wrt) if wrt is not None else None
    skip_const = domain.skip_constants
    is_zero, accumulate = domain.is_zero, domain.accumulate
    adj: list = [None] * len(nodes)
    out = graph.output
    adj[out] = domain.one if seed is None else seed
    for i in range(len(nodes) - 1, -1, -1):
        if i == out or (reach is not None and not reach[i]):
            continue
        n = nodes[i]
        if skip_const and n.op is CONST:
            continue
        terms = []
        for ei in children[i]:
            a = adj[dst[ei]]
            if a is not None and not is_zero(a):
                terms.append((a, ei))
        adj[i] = accumulate(n, terms)
    return adj


class Numbers:
    """Adjoints as numbers (floats, complex, arrays), from the edges' values ``evals``.
    No term is skipped: ``inf * 0`` at a singular point is ``nan``, said by the value."""

    one = 1.0
    skip_constants = False

    def __init__(self, evals: list):
        self.evals = evals

    def is_zero(self, adjoint) -> bool:
        return False

    def accumulate(self, node, terms):
        evals = self.evals
        total = 0.0
        for a, ei in terms:
            total = total + a * evals[ei]
        return total


class Symbols:
    """Adjoints as SymPy expressions of the node symbols. An adjoint that is a number or a
    single symbol is passed on; every other adjoint, and every input's, becomes a tape line
    ``(adjoint symbol, expression)`` in :attr:`lines`."""

    one = sp.S.One
    skip_constants = True

    def __init__(self, graph):
        self.graph = graph
        self.lines: list = []

    def is_zero(self, adjoint) -> bool:
        return adjoint == 0

    def accumulate(self, node, terms):
        edges = self.graph.edges
        rhs = sp.Add(*[e_local if a == 1 else a * e_local
                       for a, e_local in ((a, edges[ei].local) for a, ei in terms)])
        if (rhs.is_Number or rhs.is_Symbol) and node.op is not INPUT:
            return rhs  # no need for a tape line
        sym = adjoint_symbol(node.id)
        self.lines.append((sym, rhs))
        return sym
