"""Shared pieces of the gradient-flow problems (vanishing, skip, unstable): check records
for inequalities and claims, display arrays for concrete depths, formula-vs-diff checks.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def bound_record(values, bounds, what="bound"):
    """A VerificationRecord for inequalities |value| <= bound (relative excess <= 0)."""
    from symderiv.verify import VerificationRecord
    v = np.abs(np.asarray(values, dtype=float)).ravel()
    b = np.asarray(bounds, dtype=float).ravel()
    excess = np.where(b > 0, (v - b) / np.where(b > 0, b, 1.0), np.where(v > 0, np.inf, 0.0))
    worst = float(max(0.0, excess.max())) if excess.size else 0.0
    return VerificationRecord(method=what, points=int(v.size),
                              max_abs_error=float(max(0.0, (v - b).max())) if v.size else 0.0,
                              max_rel_error=worst, tolerance=1e-12, passed=bool(worst <= 1e-12))


#: the relations a report prints, as predicates on (left, right) values; the same string is
#: given to ``Equation(relation=...)``, so a wrong printed relation fails its check row
RELATIONS = {
    "<": lambda a, b: a < b,
    r"\le": lambda a, b: a <= b + 1e-12 * np.abs(b),
    "=": lambda a, b: np.abs(a - b) <= 1e-12 * np.maximum(np.abs(a), np.abs(b)),
    ">": lambda a, b: a > b,
    r"\ge": lambda a, b: a >= b - 1e-12 * np.abs(b),
}


def relation_record(left, right, relation, method=None):
    """Passed iff ``left relation right`` holds for every pair (boundary cases included).
    The relative error column shows the worst violation ``(left - right) / |right|`` for
    ``<``/``\\le`` (0 where the relation holds with room or with equality)."""
    from symderiv.verify import VerificationRecord
    a = np.asarray(left, dtype=float).ravel()
    b = np.asarray(right, dtype=float).ravel()
    ok = RELATIONS[relation](a, b)
    sign = -1.0 if relation in (">", r"\ge") else 1.0
    scale = np.where(b != 0, np.abs(b), 1.0)
    viol = np.maximum(0.0, sign * (a - b) / scale) if a.size else np.zeros(0)
    if relation == "=":
        viol = np.abs(a - b) / scale
    names = {"<": "<", r"\le": "≤", "=": "=", ">": ">", r"\ge": "≥"}
    return VerificationRecord(method=method or f"{names[relation]}", points=int(a.size),
                              max_abs_error=float(np.max(np.abs(a - b))) if a.size else 0.0,
                              max_rel_error=float(viol.max()) if a.size else 0.0,
                              tolerance=0.0 if relation in ("<", ">") else 1e-12,
                              passed=bool(np.all(ok)))


def zscore_record(exact, estimate, se, limit, samples):
    """Monte Carlo: passed when |estimate - exact| <= limit standard errors; the relative
    error shown is |estimate - exact| / |exact|, the tolerance limit * se / |exact|."""
    from symderiv.verify import VerificationRecord
    diff = abs(estimate - exact)
    return VerificationRecord(method="monte carlo", points=int(samples),
                              max_abs_error=float(diff), max_rel_error=float(diff / abs(exact)),
                              tolerance=float(limit * se / abs(exact)), passed=bool(diff <= limit * se))


def bounds_module():
    """The layer-bounds module (symbols N, i, w, b, s, o, x and sigma's derivative), loaded on use."""
    from symderiv.layers import bounds
    return bounds


def shown_number(v: float):
    """A parameter as the documents show it: an integer as one, else 4 significant digits."""
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v), 4)


def sym(name):
    return sp.Symbol(name, real=True)


def random_weights(rng, count, bound=1.0):
    return rng.uniform(-bound, bound, count)


def h_display_arrays(depth):
    """w[m] -> w_m, h[m] -> h_m (h_0 = x) for showing concrete-n formulas compactly."""
    from symderiv.layers import bounds as B
    ws = [None] + [sym(f"w_{m}") for m in range(1, depth + 1)]
    hs = [B.x] + [sym(f"h_{m}") for m in range(1, depth + 1)]
    return {B.w: ws, B.h: hs}


def o_display_arrays(depth):
    from symderiv.layers import bounds as B
    return {B.w: [None] + [sym(f"w_{m}") for m in range(1, depth + 1)],
            B.b: [None] + [sym(f"b_{m}") for m in range(1, depth + 1)],
            B.s: [None] + [sym(f"s_{m}") for m in range(1, depth + 1)],
            B.o: [B.x] + [sym(f"o_{m}") for m in range(1, depth + 1)]}


def formula_vs_diff_h(depths, seed, act="sigmoid", points=3):
    """Values of the symbolic-n product (instantiated) vs sympy.diff of the nested chain,
    for every depth and every i, at random points (the activation substituted)."""
    rng = np.random.default_rng(seed)
    derived, independent = [], []
    for depth in depths:
        for idx in range(1, depth + 1):
            f1, f2 = _h_formula_and_diff(depth, idx, act)
            for _ in range(points):
                p = [rng.normal()] + list(rng.uniform(-1.5, 1.5, depth))
                derived.append(float(np.real(f1(*p))))
                independent.append(float(np.real(f2(*p))))
    return derived, independent


@lru_cache(maxsize=256)
def _h_formula_and_diff(depth, idx, act):
    """NumPy functions of the instantiated product formula and of sympy.diff of the nested
    chain (arguments x, w1..wn); they do not depend on the point, so a process builds
    them once per (depth, i, activation)."""
    from symderiv.layers import bounds as B
    from symderiv.language.numeric import numeric
    ws, hs = B.h_chain(depth, act)
    f1 = numeric(B.instantiate(B.dh_dw_symbolic(), {B.n: depth, B.i: idx}, B.h_arrays(depth, act), act=act),
                 [B.x] + ws)
    f2 = numeric(sp.diff(hs[depth], ws[idx - 1]), [B.x] + ws)
    return f1, f2


def formula_vs_diff_o(variant, depths, seed, act="sigmoid", general=False, points=3):
    from symderiv.layers import bounds as B
    from symderiv.language.numeric import numeric
    rng = np.random.default_rng(seed)
    sym = B.do_dw_symbolic(variant, general=general)
    derived, independent = [], []
    for depth in depths:
        ch = B.o_chain(depth, act, variant)
        arrays = B.o_arrays(ch)
        syms = [B.x] + ch["w"] + ch["b"]
        for idx in (range(1, depth + 1) if general else [1]):
            ints = {B.N: depth, B.k: idx} if general else {B.N: depth}
            f1 = numeric(B.instantiate(sym, ints, arrays, act=act), syms)
            f2 = numeric(sp.diff(ch["o"][depth], ch["w"][idx - 1]), syms)
            for _ in range(points):
                p = [rng.normal()] + list(rng.normal(0, 1.5, 2 * depth))
                derived.append(float(np.real(f1(*p))))
                independent.append(float(np.real(f2(*p))))
    return derived, independent


def numpy_vs_formula_o(variant, depth, seed, act="sigmoid"):
    from symderiv.layers import bounds as B
    from symderiv.language.numeric import numeric
    rng = np.random.default_rng(seed + 17)
    ch = B.o_chain(depth, act, variant)
    syms = [B.x] + ch["w"] + ch["b"]
    f1 = numeric(B.instantiate(B.do_dw_symbolic(variant), {B.N: depth}, B.o_arrays(ch), act=act), syms)
    derived, independent = [], []
    for _ in range(5):
        wv, bv, x0 = rng.normal(0, 1.5, depth), rng.normal(size=depth), rng.normal()
        derived.append(float(np.real(f1(x0, *wv, *bv))))
        independent.append(float(B.np_o_chain_grads(wv, bv, x0, act, variant)[1][0]))
    return derived, independent


def sigmoid_sup_steps():
    """The catalog's derivation of sup sigma' = 1/4 (critical point, second derivative, limits)."""
    from symderiv.layers import activations as A
    act = A.get("sigmoid")
    crit = [c for c in act.bounds.candidates if c.kind == "critical"][0]
    z = sp.Symbol("z", real=True)
    point = next(iter(crit.where))
    return act, crit, point, z


