"""Kinks: where an expression (or the user's NumPy code) is not differentiable.

For expressions, every subexpression whose function has a ``kinks`` predicate in
:data:`symderiv.language.table.FUNCTIONS` (relu, abs, max, min, heaviside, sign,
hardtanh, leaky_relu, prelu) gives an expression that is zero on its non-differentiable
set. A coordinate is *at a kink* when the predicate changes sign (or is zero while it
depends on the coordinate) within the step; such comparisons are reported as kinks, never
as failures. Random points avoid kinks (they are resampled). For NumPy code
(:func:`symderiv.verify.arrays.check_gradient`) the kinks are unknown; a failing comparison
is re-examined with one-sided differences at ``h`` and ``h/2``
(:func:`symderiv.verify.differences.reexamine`): if ``f`` is not smooth within the step and
the non-smoothness explains the disagreement, it is reported as a kink.
"""
from __future__ import annotations

import numpy as np

from symderiv.verify.differences import call, steps
from symderiv.verify.evaluate import subexpressions


def kink_predicates(expr):
    """``[(subexpression, predicate)]`` for every kinked function application in ``expr``."""
    import sympy as sp
    from symderiv.language.table import FUNCTIONS, SYMPY_HEADS
    out, seen = [], set()
    for node in subexpressions(expr):
        if not isinstance(node, sp.Basic) or not node.args:
            continue
        name = SYMPY_HEADS.get(node.func)
        if name is None:
            continue
        rule = FUNCTIONS[name]
        if rule.kinks is None:
            continue
        hi = rule.arity[1]
        args = node.args if hi is None else node.args[:hi]
        pred = sp.expand(rule.kinks(*args)) if len(args) > 2 else rule.kinks(*args)
        if pred.is_number or pred in seen:
            continue
        seen.add(pred)
        out.append((node, pred))
    return out



def kinked_rows(preds_np, X, i, step):
    """Boolean per row: does some kink predicate change sign within +-step along i?
    Also returns the index of the predicate responsible (or -1)."""
    n = X.shape[0]
    hit = np.zeros(n, dtype=bool)
    which = np.full(n, -1)
    if not preds_np:
        return hit, which
    xp, xm = X.copy(), X.copy()
    xp[:, i] += step
    xm[:, i] -= step
    for k, P in enumerate(preds_np):
        s0 = np.sign(np.real(call(P, X)))
        sp_ = np.sign(np.real(call(P, xp)))
        sm = np.sign(np.real(call(P, xm)))
        k_hit = ~((s0 == sp_) & (s0 == sm))
        k_hit &= np.isfinite(s0) | np.isfinite(sp_) | np.isfinite(sm)
        which = np.where(k_hit & ~hit, k, which)
        hit |= k_hit
    return hit, which


def kink_step(method, X, i):
    if method == "complex":  # the real part does not move; only an exact kink matters
        return 1e-9 * np.maximum(1.0, np.abs(X[:, i]))
    return steps(method, X, i)


