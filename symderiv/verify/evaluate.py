"""Evaluating expressions for the checks: ``lambdify`` for small ones, the computation graph
for deep or large ones.

``sympy.lambdify`` writes one Python expression: 399 nested ``tanh`` end in ``SyntaxError:
too many nested parentheses``, and a sum of thousands of variables takes seconds to compile.
An expression deeper than :data:`MAX_DEPTH`, with more than :data:`MAX_NODES` distinct
subexpressions or more than :data:`MAX_SYMBOLS` variables is therefore evaluated through
:class:`symderiv.graph.core.Graph`: one NumPy operation per node, in topological order,
vectorised over the rows of points (complex input included, for the complex step), and its
derivatives by reverse accumulation over the same graph (``Graph.adjoints``).
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

MAX_DEPTH = 60
MAX_NODES = 2000
MAX_SYMBOLS = 200


def subexpressions(expr) -> list:
    """The distinct subexpressions of ``expr`` in preorder (iterative: no recursion on the
    depth)."""
    seen, out, stack = set(), [], [expr]
    while stack:
        e = stack.pop()
        if e in seen:
            continue
        seen.add(e)
        out.append(e)
        stack.extend(reversed(getattr(e, "args", ())))
    return out


def size(expr, depth_limit: int = MAX_DEPTH, node_limit: int = MAX_NODES) -> tuple:
    """``(depth, distinct nodes)`` of ``expr``, counting stops just past the limits."""
    best: dict = {}
    stack = [(expr, 1)]
    depth = 0
    while stack:
        e, d = stack.pop()
        if best.get(e, 0) >= d:
            continue
        best[e] = d
        depth = max(depth, d)
        if depth > depth_limit or len(best) > node_limit:
            break
        stack.extend((a, d + 1) for a in getattr(e, "args", ()))
    return depth, len(best)


def is_large(expr, n_symbols: int = 0) -> bool:
    """True when ``expr`` should be evaluated through the graph, not lambdified."""
    if n_symbols > MAX_SYMBOLS or len(getattr(expr, "free_symbols", ())) > MAX_SYMBOLS:
        return True
    depth, nodes = size(expr)
    return depth > MAX_DEPTH or nodes > MAX_NODES


def _graph(expr):
    """The expression's graph, or None when it has a function without a graph rule."""
    from symderiv.graph.core import Graph
    try:
        return Graph.from_sympy(expr)
    except ValueError:
        return None


def evaluator(expr, syms: Sequence) -> Callable:
    """A function ``F(*columns)`` of ``expr`` (NumPy arrays, real or complex, one per symbol
    of ``syms``): the graph when the expression is large (:func:`is_large`), else
    :func:`symderiv.language.numeric.numeric`."""
    from symderiv.language.numeric import numeric
    g = _graph(expr) if is_large(expr, len(syms)) else None
    if g is None:
        return numeric(expr, list(syms))
    names = [s.name for s in syms]

    def F(*cols):
        return g.forward(dict(zip(names, cols)))[g.output]
    return F


class GraphGradient:
    """Derivatives of ``expr`` with respect to ``wrt`` by reverse accumulation over its graph:
    the engine's local derivative rules evaluated in float64, no closed form (that of a deep
    chain grows with every layer). ``values(X)`` gives an array ``(rows, len(wrt))``."""

    def __init__(self, expr, wrt: Sequence, syms: Sequence):
        from symderiv.graph.core import Graph
        self.graph = Graph.from_sympy(expr)
        self.depth = size(expr, depth_limit=10**9, node_limit=10**9)[0]
        self.names = [s.name for s in syms]
        pos = {n.id: n.index for n in self.graph.inputs()}
        self.slots = [pos.get(v.name) for v in wrt]

    def values(self, X: np.ndarray) -> np.ndarray:
        g = self.graph
        with np.errstate(all="ignore"):
            vals = g.forward({k: X[:, j] for j, k in enumerate(self.names)})
            adj = g.adjoints({}, vals=vals)  # the point is not read: vals are given
        out = np.zeros((X.shape[0], len(self.slots)), dtype=np.result_type(X.dtype, np.float64))
        for c, slot in enumerate(self.slots):
            if slot is not None:
                out[:, c] = np.broadcast_to(adj[slot], (X.shape[0],))
        return out
