"""The softmax part of the activation atlas (lecture 003, output units): components,
Jacobian (entrywise with the Kronecker delta, and as diag(s) - s s^T), the ranges of its
entries with their boundary cases (n = 2 versus n >= 3), shift invariance, the stable form
and the two-class softmax as a sigmoid of x_1 - x_2.

Claims and their check rows:
* diagonal entries in (0, 1/4], the maximum 1/4 attained (at s_i = 1/2);
* off-diagonal entries in (-1/4, 0) for n >= 3: -1/4 is approached (x = (t, t, -t, ...),
  t -> oo) but not attained (random points and optimiser maxima for n = 3 and n = 5), 0 is
  not attained; for n = 2 the value -1/4 is attained (x_1 = x_2).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Step
from symderiv.problems.gradient_flow_common import relation_record

P = "activation-atlas.softmax."
i, j, k = sp.symbols("i j k", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
x, s = sp.IndexedBase("x"), sp.IndexedBase("s")
QUARTER = sp.Rational(1, 4)
SMAX = sp.Function("softmax")


def _np_softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _max_offdiag(rng, n, starts=6):
    """The largest s_1 s_2 a bounded optimiser finds for n inputs (|x_k| <= 8, so that the
    gap to 1/4 stays above rounding), and the values of s_i s_j (i != j) at 4000 random points."""
    from scipy.optimize import minimize
    zs = rng.normal(0, 3, (4000, n))        # the draws of 4000 calls rng.normal(0, 3, n), in order
    e = np.exp(zs - np.max(zs, axis=1, keepdims=True))
    sv = e / e.sum(axis=1, keepdims=True)     # _np_softmax of every row
    vals = np.stack([sv[:, a] * sv[:, b] for a in range(n) for b in range(n) if a != b], axis=1).ravel()
    best = []
    for _ in range(starts):
        r = minimize(lambda p: -float(np.prod(_np_softmax(8 * np.tanh(p))[:2])), rng.normal(size=n),
                     method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 6000})
        best.append(-float(r.fun))
    return vals, max(best)


def definition_blocks() -> list:
    from symderiv.layers import activations as A
    info = A.softmax_info(3)
    svec = sp.MatrixSymbol("s", n, 1)
    return [
        Step(Msg(P + "components", n=n, ir=notation.element(i, notation.integer_range(1, n))),
             [Equation(s[i], [sp.exp(x[i]) / sp.Sum(sp.exp(x[k]), (k, 1, n))])]),
        Step(Msg(P + "jacobian", J=sp.Eq(notation.partial_expr(s[i], x[j]), s[i] * (sp.KroneckerDelta(i, j) - s[j])),
                 d=sp.KroneckerDelta(i, j), ij=sp.Eq(i, j),
                 M=sp.Eq(sp.Symbol("J"), notation.terms(notation.operation("diag", svec), -svec * svec.T)),
                 n3=sp.Eq(n, 3)),
             [Equation(sp.Symbol("J"), [info.jacobian_form])]),
    ]


def ranges_block() -> Msg:
    from symderiv.layers import activations as A
    info = A.softmax_info(3)
    t = sp.Symbol("t")
    return Msg(P + "ranges", dg=s[i] * (1 - s[i]), dr=sp.Interval.Lopen(0, info.diag_bounds.sup), q=QUARTER,
               sh=sp.Eq(s[i], sp.Rational(1, 2)), oe=-s[i] * s[j], sp=sp.Gt(s[i], 0), n2=sp.Eq(n, 2),
               sum2=sp.Eq(notation.terms(s[1], s[2]), 1), prod2=sp.Le(s[1] * s[2], QUARTER), q2=-QUARTER,
               x12=sp.Eq(x[1], x[2]), r2=sp.Interval.Ropen(-QUARTER, 0), n=n, n3=sp.Eq(n, 3),
               sumn=sp.Lt(notation.terms(s[i], s[j]), 1),
               prodn=sp.Le(s[i] * s[j], notation.power(notation.terms(s[i], s[j]) / 2, 2)),
               r3=sp.Interval.open(-QUARTER, 0), xt=sp.Eq(sp.Symbol("x"), sp.Tuple(t, t, -t)),
               tinf=notation.tends(t, sp.oo))


def stable_blocks() -> list:
    from symderiv.layers import activations as A
    info = A.softmax_info(3)
    xv, c = sp.Symbol("x"), sp.Symbol("c", real=True)
    big_in = np.array([1000.0, 1001.0, 999.0])
    with np.errstate(all="ignore"):
        naive = A.np_softmax_naive(big_in)
    stable = A.np_softmax(big_in)
    return [
        Step(Msg(P + "shift", c=c),
             [Equation(notation.terms(SMAX(notation.terms(xv, c)), -SMAX(xv)), [info.shift_difference.T])]),
        Msg(P + "stable", st=SMAX(notation.terms(xv, -notation.optimum("max", i, x[i]))),
            x0=sp.Eq(xv, sp.Tuple(1000, 1001, 999)), ex=sp.exp(x[i]),
            nv=Msg(P + ("nan" if np.all(np.isnan(naive)) else "finite")),
            res=sp.Tuple(*[sp.Float(v, 6) for v in stable])),
    ]


def checks(seed: int) -> list:
    """The check rows of the Jacobian's form and of the ranges of its entries."""
    from symderiv.layers import activations as A
    from symderiv import verify
    info = A.softmax_info(3)
    rng = np.random.default_rng(seed)
    z = rng.normal(size=3)
    J_num = np.array(sp.lambdify(info.xs, info.jacobian)(*z), dtype=float)
    h = 1e-6
    J_fd = np.column_stack([(A.np_softmax(z + h * e) - A.np_softmax(z - h * e)) / (2 * h) for e in np.eye(3)])
    sz = A.np_softmax(z)
    J_delta = np.array([[float((s[i] * (sp.KroneckerDelta(i, j) - s[j])).subs({i: a + 1, j: b + 1})
                               .subs({s[m + 1]: sz[m] for m in range(3)})) for b in range(3)] for a in range(3)])
    svec = sp.MatrixSymbol("s", n, 1)
    big_in = np.array([1000.0, 1001.0, 999.0])
    return [
        Check(Msg(P + "check.fd"), verify.compare(J_num, J_fd, "central")),
        Check(Msg(P + "check.matrix", M=notation.terms(notation.operation("diag", svec), -svec * svec.T)),
              verify.compare(J_num, A.np_softmax_jacobian(z), "numpy", tolerance=1e-12)),
        Check(Msg(P + "check.delta", e=s[i] * (sp.KroneckerDelta(i, j) - s[j])),
              verify.compare(J_num, J_delta, "sympy", tolerance=1e-12)),
        Check(Msg(P + "check.stable", a=sp.Tuple(1000, 1001, 999), b=sp.Tuple(0, 1, -1)),
              verify.compare(A.np_softmax(big_in), A.np_softmax_naive(big_in - 1000.0), "numpy", tolerance=1e-12)),
    ] + range_checks(rng)


def range_checks(rng) -> list:
    from symderiv.layers import activations as A
    from symderiv import verify
    t = sp.Symbol("t")
    diag_at = float(A.np_softmax_jacobian(np.array([np.log(2.0), 0.0, 0.0]))[0, 0])
    two_at = float(A.np_softmax_jacobian(np.array([0.7, 0.7]))[0, 1])
    ts = [2.0, 4.0, 8.0, 16.0]
    approach = [float(QUARTER) - float(_np_softmax(np.array([v, v, -v]))[0] * _np_softmax(np.array([v, v, -v]))[1])
                for v in ts]
    approach_exact = [float(QUARTER - (1 / (2 + sp.exp(-2 * sp.Float(v)))) ** 2) for v in ts]
    off3, best3 = _max_offdiag(rng, 3)
    off5, best5 = _max_offdiag(rng, 5)
    offs = np.concatenate([off3, off5, [best3, best5]])
    xv = sp.Symbol("x")
    return [
        Check(Msg(P + "check.diag_max", q=QUARTER, x0=sp.Eq(xv, sp.Tuple(sp.log(2), 0, 0))),
              verify.compare(diag_at, 0.25, "numpy", tolerance=1e-12)),
        Check(Msg(P + "check.two", n2=sp.Eq(n, 2), q=-QUARTER, x12=sp.Eq(x[1], x[2])),
              verify.compare(two_at, -0.25, "numpy", tolerance=1e-12)),
        Check(Msg(P + "check.open", n3=sp.Eq(n, 3), n5=sp.Eq(n, 5), c=sp.Lt(s[i] * s[j], QUARTER)),
              relation_record(offs, np.full(offs.shape, 0.25), "<", "inequality")),
        Check(Msg(P + "check.approach", n3=sp.Eq(n, 3), q=-QUARTER, x0=sp.Eq(xv, sp.Tuple(t, t, -t)),
                  g=sp.Eq(notation.terms(QUARTER, -s[1] * s[2]),
                          notation.terms(QUARTER, -notation.power(1 / (2 + sp.exp(-2 * t)), 2))),
                  ts=notation.element(t, sp.FiniteSet(*[int(v) for v in ts]))),
              verify.compare(approach, approach_exact, "numpy", tolerance=1e-9)),
        Check(Msg(P + "check.negative", c=sp.Lt(-s[i] * s[j], 0)), relation_record(-offs, np.zeros(offs.shape), "<", "inequality")),
    ]
