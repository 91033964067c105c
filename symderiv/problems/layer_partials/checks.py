"""The checks of sheet 002, Aufgabe 1: every general formula specialised to the variant's
sizes against ``sympy.diff`` of the written-out function and against numeric derivatives;
the kinks at a point with F_1 = 0; one-sided derivatives where several components sit at
their kink; the answers at the question point against central differences."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import sympy as sp

from symderiv import verify
from symderiv.calculus.equivalence import equivalent
from symderiv.problems.layer_partials.maths import (Concrete, Maths, PartMaths, multi_kink_rows, sigmoid_np,
                                                    values)


def _evaluated(formulas, diffs, expr, seed):
    """The specialised formulas and sympy.diff of the written-out function, evaluated at 4
    random points each (away from kinks both are the same piecewise expressions)."""
    from symderiv.language.numeric import numeric
    syms = sorted(expr.free_symbols, key=lambda t: t.name)
    rng = np.random.default_rng(seed + 31)
    a_vals, b_vals = [], []
    for f_, d_ in zip(formulas, diffs):
        F1, F2 = numeric(f_, syms), numeric(d_, syms)
        for _ in range(4):
            p = rng.normal(size=len(syms)) * 1.5
            a_vals.append(float(np.real(F1(*p))))
            b_vals.append(float(np.real(F2(*p))))
    return a_vals, b_vals


@lru_cache(maxsize=None)
def _diffs(expr, wrt: tuple) -> tuple:
    """sympy.diff of the written-out function in every variable (symbolic: once per process)."""
    return tuple(sp.diff(expr, v) for v in wrt)


def against_sympy_diff(p: PartMaths, c: Concrete, seed: int):
    """The formula at every index against sympy.diff of the written-out function: SymPy's
    equivalence test, and the values at random points."""
    formulas = p.formulas(c)
    diffs = _diffs(p.concrete, tuple(p.wrt))
    ok = all(equivalent(f, d, seed=seed).verdict == "equal" for f, d in zip(formulas, diffs))
    mine, theirs = _evaluated(formulas, diffs, p.concrete, seed)
    rec = verify.compare(mine, theirs, "sympy", tolerance=1e-12)
    if not ok:
        rec.passed = False
    return rec


def numeric(p: PartMaths, c: Concrete, seed: int):
    return verify.check_expression(p.concrete, p.wrt, gradient=p.formulas(c), n_points=8, seed=seed)


def kinks(p: PartMaths, m: Maths):
    """At the kink point (F_1 = 0) the partial in x_j has a kink exactly when W_1j != 0 (one
    sided derivatives 0 and a_1 W_1j, resp. W_1j); where W_1j = 0 it exists and is compared.
    The claim checked: the variables reported as kinks are exactly those with W_1j != 0,
    and every other partial agrees with the numeric one."""
    c, point = m.concrete, m.kink
    at_kink = verify.check_expression(p.concrete, p.wrt, gradient=p.formulas(c), point=point, seed=m.seed)
    hit = {g.group(1) for k in at_kink.kinks for g in [re.search(r"step in (\w+)\)", k["where"])] if g}
    reported = [1.0 if v.name in hit else 0.0 for v in p.wrt]
    expected = [1.0 if point[c.W[0][j]] != 0 else 0.0 for j in range(c.n)]
    rec = verify.compare(reported, expected, "kinks reported", tolerance=0.0)
    # nothing else to compare (undecided) when every partial is at its kink
    rec.passed = rec.passed and (at_kink.status == "undecided" if all(expected) else at_kink.passed)
    rec.kinks = at_kink.kinks
    return rec


def kink_point_is_as_stated(m: Maths, zero: list):
    """The kink point's F_1 and the entries W_1j named as 0 by the check rows: all 0."""
    c, p = m.concrete, m.kink
    F1 = sum(p[c.W[0][j]] * p[c.x[j]] for j in range(c.n)) + p[c.b[0]]
    derived = [F1] + [p[c.W[0][j]] for j in zero]
    return verify.compare(derived, [0.0] * len(derived), "evaluation", tolerance=1e-12)


def multi_kinks():
    mk = multi_kink_rows()
    return (verify.compare(mk["rn"] + mk["ln"], mk["rf"] + mk["lf"], "finite differences", tolerance=1e-6),
            verify.compare(mk["jn"], mk["jf"], "finite differences", tolerance=1e-6),
            verify.compare([mk["rn"][0], mk["ln"][0]], [1.0, 1.0], "finite differences", tolerance=1e-6))


def numeric_values(pt: dict, h: float = 1e-6) -> list[float]:
    """The answers of (d), (e), (f) by central differences of the written-out functions."""
    W, x, b, a = (np.array(pt[k], dtype=float) for k in "Wxba")
    n = len(x)

    def F1(x_):
        return float(W[0] @ x_ + b[0])

    def g(x_):
        return float(a @ np.maximum(W @ x_ + b, 0.0))

    def dx(fun, j):
        e = np.zeros(n)
        e[j] = h
        return (fun(x + e) - fun(x - e)) / (2 * h)

    return [dx(lambda x_: max(F1(x_), 0.0), n - 1), dx(lambda x_: float(sigmoid_np(F1(x_))), 0), dx(g, 0)]


def answers(m: Maths):
    return verify.compare(values(m.point), numeric_values(m.point), "central")
