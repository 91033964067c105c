"""The checks of sheet 001, Tutoraufgabe 6: every formula against an independent computation
(grids, brentq, sympy.diff, scipy quad, Monte Carlo), every claim by a relation."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.problems.gradient_flow_common import relation_record, zscore_record
from symderiv.problems.unstable import maths as M
from symderiv.problems.unstable.maths import Maths

PAIRS = ((4.2, 0.0), (5.0, 1.0), (6.894, -0.5), (10.0, 2.0), (-8.0, 0.3), (40.0, -3.0))
GRID = np.linspace(-30, 30, 60001)


def sup_grid():
    from symderiv import verify
    from symderiv.layers import activations as A
    act = A.get("sigmoid")
    return verify.compare(float(act.sup), float(act.df(GRID).max()), "grid", tolerance=1e-9)


def nonnegative():
    from symderiv.layers import activations as A
    return relation_record(A.get("sigmoid").df(GRID), np.zeros_like(GRID), r"\ge")


def curvature(value):
    """``value`` (printed as sigma'''(0), the second derivative of sigma' at its critical
    point) against sympy.diff of the sigmoid three times; sigma''(0) = 0 would fail."""
    from symderiv import verify
    z = sp.Symbol("z", real=True)
    third = sp.diff(1 / (1 + sp.exp(-z)), z, 3).subs(z, 0)
    return verify.compare(float(value), float(third), "sympy", tolerance=1e-12)


def lengths():
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    d = [float(GM.interval_length(abs(w))) for w, _ in PAIRS]
    i = [hi - lo for lo, hi in (GM.interval_numeric(w, b) for w, b in PAIRS)]
    return verify.compare(d, i, "second implementation", tolerance=1e-9)


def centres():
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    i = [(lo + hi) / 2 for lo, hi in (GM.interval_numeric(w, b) for w, b in PAIRS)]
    return verify.compare([-b / w for w, b in PAIRS], i, "second implementation", tolerance=1e-9)


def derived_vs_sheet():
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    d = GM.interval_derivation()
    f = sp.lambdify(d.W, d.length)
    ts = (4.2, 5.0, 6.9, 10.0, 8.0, 40.0)
    return verify.compare([float(f(t)) for t in ts], [float(GM.interval_length(t)) for t in ts], "sympy",
                          tolerance=1e-12)


def ends(m: Maths):
    """The variant's ends -b/w -+ ell/2 against brentq on the condition itself."""
    from symderiv import verify
    return verify.compare(list(m.ends), list(m.numeric), "second implementation", tolerance=1e-9)


def maximum(m: Maths):
    """(max vs grid, argmax vs grid, slope at the argmax vanishes)."""
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    fine = np.linspace(4, 60, 560001)
    lv = GM.interval_length(fine)
    return (verify.compare(m.lmax, float(lv.max()), "grid", tolerance=1e-8),
            verify.compare(m.wstar, float(fine[np.argmax(lv)]), "grid", tolerance=1e-5),
            relation_record([abs(m.slope)], [1e-6], r"\le"))


def windows(m: Maths):
    """(grid share = exact overlap, share <= max length, meets (0, 1) only if the centre is
    within half the window), and the number of pairs that meet (0, 1)."""
    pairs = M.window_pairs(np.random.default_rng(m.seed + 3))
    grid = np.array([p[2] for p in pairs])
    exact = np.array([p[3] for p in pairs])
    meets = exact > 0
    dist, half = np.array([p[4] for p in pairs]), np.array([p[5] for p in pairs])
    return (relation_record(np.abs(grid - exact), np.full(len(pairs), 2e-5), r"\le", "grid"),
            relation_record(exact, np.full(len(pairs), float(sp.Float(m.lmax, 3))), r"\le"),
            relation_record(dist[meets], half[meets], r"\le"), len(pairs), int(meets.sum()))


def monte_carlo(m: Maths):
    mc = m.mc
    return (zscore_record(mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.limit, mc.samples),
            zscore_record(mc.var_exact, mc.var_estimate, mc.var_se, mc.limit, mc.samples))


def mgf(m: Maths):
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    lm = GM.lognormal_moments()
    return verify.compare([float(lm.mgf.subs({lm.mu: m.mu, lm.s: m.s, lm.t: t})) for t in (1, 2)],
                          [M.quad_mgf(m.mu, m.s, t) for t in (1, 2)], "second implementation", tolerance=1e-9)


def routes(m: Maths):
    """Moments from S ~ N(K mu, K s^2) = the result formulas, for 3 parameter sets."""
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    lm = GM.lognormal_moments()
    mgf_q = sp.simplify(lm.mgf.subs({lm.mu: lm.K * lm.mu, lm.s: sp.sqrt(lm.K) * lm.s}))
    d, i = [], []
    for mu_t, s_t, k_t in ((m.mu, m.s, m.K), (0.3, 0.2, 3), (-2.0, 1.0, 2)):
        sub = {lm.mu: mu_t, lm.s: s_t, lm.K: k_t}
        d += [float(mgf_q.subs(lm.t, 1).subs(sub)), float((mgf_q.subs(lm.t, 2) - mgf_q.subs(lm.t, 1) ** 2).subs(sub))]
        i += [float(lm.mean.subs(sub)), float(lm.variance_form.subs(sub))]
    return verify.compare(d, i, "sympy", tolerance=1e-12)


def answers(m: Maths):
    """E[Q] and Var(Q) of the variant against the Monte Carlo-free closed form
    exp(K mu + K s^2/2) and (exp(K s^2) - 1) exp(2 K mu + K s^2) in NumPy."""
    from symderiv import verify
    K, mu, s = m.K, m.mu, m.s
    return verify.compare([m.mean, m.var], [np.exp(K * mu + K * s * s / 2),
                                            np.expm1(K * s * s) * np.exp(2 * K * mu + K * s * s)],
                          "numpy", tolerance=1e-12)


def uniform(m: Maths):
    u = m.uni
    return zscore_record(u["exact"], u["estimate"], u["se"], 4.0, m.mc.samples)
