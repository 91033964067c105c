"""Jacobian and Hessian matrices, symbolic (with a size estimate first) and numeric.

The symbolic Hessian is the Jacobian of the gradient's closed form; its size grows with
the gradient's, which for a deep chain grows quadratically or worse. :func:`hessian`
estimates it from the tape and stops with a :class:`~symderiv.calculus.budget.BudgetError`
before building something huge. :func:`hessian_values` scales: one reverse pass per
variable with the point perturbed along the imaginary axis (complex step over the reverse
pass, a Hessian-vector product per column), exact to rounding for analytic graphs.
"""
from __future__ import annotations

from typing import Optional, Sequence

import sympy as sp

from symderiv.calculus.budget import DEFAULT, Budget, BudgetError, expands_small
from symderiv.calculus.reverse import MAX_PRINT_DEPTH, gradient
from symderiv.graph.core import Graph

#: imaginary step of the complex-step Hessian (any tiny value: no cancellation)
STEP = 1e-30


def jacobian(exprs: Sequence, wrt: Sequence[sp.Symbol], budget: Optional[Budget] = None) -> sp.Matrix:
    """Jacobian matrix: row i is the gradient of ``exprs[i]`` (reverse accumulation)."""
    budget = budget or DEFAULT
    rows = []
    for e in exprs:
        g = gradient(e, wrt)
        budget.check_size("symbolic Jacobian row", g.closed_form_size,
                          "give --at for its values by reverse accumulation")
        rows.append(g.closed_form)
        budget.check_time("Jacobian")
    return sp.Matrix(rows)


def hessian(expr, wrt: Sequence[sp.Symbol], budget: Optional[Budget] = None) -> sp.Matrix:
    """Hessian matrix (the Jacobian of the gradient; symmetric by construction)."""
    budget = budget or DEFAULT
    wrt = list(wrt)
    first = gradient(expr, wrt)
    n = len(wrt)
    if first.depth > MAX_PRINT_DEPTH:
        raise BudgetError(f"symbolic Hessian too large: its entries are nested about {first.depth} levels deep "
                          f"(limit {MAX_PRINT_DEPTH}); give --at for its values (complex step over the reverse pass)")
    budget.check_size("symbolic Hessian", n * n, "give --at (and --wrt) for the values of chosen entries")
    # each entry is at least as large as the gradient it differentiates: n^2/2 of them
    estimate = first.closed_form_size * max(1, (n + 1) // 2) * 2
    budget.check_size("symbolic Hessian", estimate, "give --at for its values (complex step over the reverse pass)")
    grad = first.closed_form
    H = sp.zeros(n, n)
    for i in range(n):
        budget.check_time("symbolic Hessian")
        if not grad[i].free_symbols:
            continue
        g2 = gradient(grad[i], wrt[i:])
        budget.check_size("symbolic Hessian row", g2.closed_form_size * n,
                          "give --at for its values (complex step over the reverse pass)")
        row = g2.closed_form
        for k, j in enumerate(range(i, n)):
            H[i, j] = H[j, i] = sp.expand(row[k]) if sp.count_ops(row[k]) < 60 and expands_small(row[k]) else row[k]
    return H


def hessian_values(expr, wrt: Sequence[sp.Symbol], point: dict, budget: Optional[Budget] = None):
    """Numeric Hessian at ``point``: column j is the imaginary part of the gradient (one
    reverse pass) at the point moved by ``i*STEP`` along ``wrt[j]``, divided by ``STEP``.
    Cost: one forward and one reverse pass per variable, linear in the graph each."""
    import numpy as np
    budget = budget or DEFAULT
    g = expr if isinstance(expr, Graph) else Graph.from_sympy(sp.sympify(expr))
    by_name = {(k.name if isinstance(k, sp.Symbol) else k): float(v) for k, v in point.items()}
    index = {n.id: n.index for n in g.inputs()}
    names = [v.name if isinstance(v, sp.Symbol) else v for v in wrt]
    budget.check_size("numeric Hessian (reverse passes x graph nodes)", len(names) * len(g.nodes) // 20,
                      "choose fewer variables with --wrt")
    H = np.zeros((len(names), len(names)))
    for j, name in enumerate(names):
        budget.check_time("numeric Hessian")
        if name not in index:
            continue
        pt = {k: complex(v) for k, v in by_name.items()}
        pt[name] = pt[name] + 1j * STEP
        adj = g.adjoints(pt)
        for i, other in enumerate(names):
            if other in index:
                H[i, j] = np.imag(adj[index[other]]) / STEP
    return (H + H.T) / 2
