r"""The maths of sheet 001, Tutoraufgabe 6 (unstable gradients), beside its problem.

(a) The interval of :math:`a` on which :math:`|w \sigma'(w a + b)| \ge 1`, derived by
solving the inequality with :math:`u = e^{-z}`; its length and its maximum over
:math:`|w|`. (c) The moments of a product of i.i.d. log-normal factors, derived from the
normal moment generating function (``sympy.stats`` raises NotImplementedError for them),
and a Monte Carlo check of both moments.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from typing import Any, Callable

import numpy as np
import sympy as sp


# --------------------------------------------------------------------------------------
# 001 T6 (a): the interval where |w sigma'(w a + b)| >= 1
# --------------------------------------------------------------------------------------

@dataclass
class IntervalDerivation:
    W: sp.Symbol                 # |w| (positive)
    z: sp.Symbol
    u: sp.Symbol                 # u = exp(-z)
    dsig: sp.Expr                # sigma'(z)
    dsig_u: sp.Expr              # sigma'(z) in u
    inequality_poly: sp.Expr     # condition  poly(u) <= 0
    discriminant: sp.Expr
    w_threshold: sp.Set          # the |w| for which the interval is non-empty
    roots: tuple                 # (u_minus, u_plus)
    root_product: sp.Expr        # u_minus u_plus (= 1)
    z_interval: tuple            # (z_lo, z_hi)
    length_z: sp.Expr
    length: sp.Expr              # interval length in a: 2 log(u_+) / W
    sheet_length: sp.Expr        # the sheet's formula
    sheet_difference: sp.Expr    # u_+ - the sheet's log argument, simplified (0)


@lru_cache(maxsize=None)
def interval_derivation() -> IntervalDerivation:
    W = sp.Symbol("W", positive=True)
    z = sp.Symbol("z", real=True)
    u = sp.Symbol("u", positive=True)
    from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
    dsig = sp.diff(sigmoid(z), z).rewrite(sp.exp)
    dsig_u = sp.factor(sp.simplify(dsig.subs(z, -sp.log(u))))  # u = exp(-z) > 0
    # W * dsig_u >= 1  <=>  numerator(W dsig_u - 1) >= 0 (the denominator (1+u)^2 > 0)
    num, den = sp.fraction(sp.together(W * dsig_u - 1))
    num = sp.expand(num)
    if sp.Poly(den, u).LC().is_negative:
        num, den = -num, -den
    poly = sp.expand(-num)  # condition: poly(u) <= 0, leading coefficient +1
    P = sp.Poly(poly, u)
    a2, a1, a0 = P.all_coeffs()
    disc = sp.factor(a1 ** 2 - 4 * a2 * a0)
    thr = sp.solveset(disc >= 0, W, sp.Interval.open(0, sp.oo))
    r = sorted(sp.solve(poly, u), key=lambda e: float(e.subs(W, 10)))
    prod = sp.simplify(r[0] * r[1])
    z_lo, z_hi = -sp.log(r[1]), -sp.log(r[0])
    length_z = sp.simplify(z_hi - z_lo)
    length = length_z / W
    sheet = 2 / W * sp.log(W / 2 * (1 + sp.sqrt(1 - 4 / W)) - 1)
    # u_- u_+ = 1, so u_+ / u_- = u_+^2 and the length in z is log(u_+/u_-) = 2 log u_+
    ratio_check = sp.simplify(sp.expand(r[1] / r[0] - r[1] ** 2))
    length = 2 * sp.log(r[1]) / W if ratio_check == 0 and prod == 1 else length
    # the sheet's form: for W >= 4, sqrt(W) sqrt(W - 4) = W sqrt(1 - 4/W); SymPy proves the
    # log arguments equal after W = 4 + t with t > 0
    t = sp.Symbol("t", positive=True)
    sheet_arg = W / 2 * (1 + sp.sqrt(1 - 4 / W)) - 1
    sheet_diff = sp.simplify((r[1] - sheet_arg).subs(W, 4 + t))
    return IntervalDerivation(W, z, u, dsig, dsig_u, poly, disc, thr, tuple(r), prod, (z_lo, z_hi),
                              length_z, length, sheet, sheet_diff)


def interval_length(wabs):
    """The sheet's length formula (2/|w|) log(|w|/2 (1 + sqrt(1 - 4/|w|)) - 1), NumPy, |w| >= 4."""
    wabs = np.asarray(wabs, dtype=float)
    with np.errstate(invalid="ignore"):
        return 2 / wabs * np.log(wabs / 2 * (1 + np.sqrt(1 - 4 / wabs)) - 1)


def interval_numeric(wv: float, bv: float = 0.0):
    """Independent: solve |w| sigma'(w a + b) = 1 for a with brentq on both sides of the
    maximum of sigma' (z = 0). Returns (a_lo, a_hi) or None if |w| sigma' < 1 everywhere."""
    from scipy.optimize import brentq
    W = abs(wv)
    if W * 0.25 < 1:
        return None

    def g(zz):
        e = np.exp(-abs(zz))
        return W * e / (1 + e) ** 2 - 1

    z_hi = brentq(g, 0.0, 100.0, xtol=1e-14) if g(0.0) > 0 else 0.0
    z_lo = brentq(g, -100.0, 0.0, xtol=1e-14) if g(0.0) > 0 else 0.0
    a1, a2 = (z_lo - bv) / wv, (z_hi - bv) / wv
    return (min(a1, a2), max(a1, a2))


@lru_cache(maxsize=None)
def max_interval_length():
    """The maximum of the length over |w| >= 4 (scipy bounded minimisation), with the
    derivative of the length at the argmax (should vanish) from SymPy."""
    from scipy.optimize import minimize_scalar
    res = minimize_scalar(lambda t: -float(interval_length(t)), bounds=(4.0, 60.0), method="bounded",
                          options={"xatol": 1e-12})
    d = interval_derivation()
    dlen = sp.diff(d.sheet_length, d.W)
    slope = float(dlen.subs(d.W, res.x))
    return float(res.x), float(-res.fun), slope


# --------------------------------------------------------------------------------------
# 001 T6 (c): Q = q^(l+1) ... q^L, log q ~ N(mu, s^2) i.i.d., K = L - l factors
# --------------------------------------------------------------------------------------

@dataclass
class LogNormalMoments:
    mu: sp.Symbol
    s: sp.Symbol
    K: sp.Symbol
    t: sp.Symbol
    mgf: sp.Expr          # E[exp(t log q)] = E[q^t], by integration against the normal density
    raw: Callable[[Any], sp.Expr]  # m -> E[Q^m] = mgf(m)^K
    mean: sp.Expr
    second: sp.Expr
    variance: sp.Expr     # simplified E[Q^2] - E[Q]^2
    variance_form: sp.Expr  # (exp(K s^2) - 1) exp(2 K mu + K s^2)
    form_difference: sp.Expr


@lru_cache(maxsize=None)
def lognormal_moments() -> LogNormalMoments:
    mu = sp.Symbol("mu", real=True)
    sd = sp.Symbol("s", positive=True)
    K = sp.Symbol("K", integer=True, positive=True)
    t = sp.Symbol("t", real=True)
    y = sp.Symbol("y", real=True)
    density = sp.exp(-(y - mu) ** 2 / (2 * sd ** 2)) / sp.sqrt(2 * sp.pi * sd ** 2)
    mgf = sp.simplify(sp.integrate(sp.exp(t * y) * density, (y, -sp.oo, sp.oo), conds="none"))

    @lru_cache(maxsize=None)
    def raw(m):
        # independence: E[prod q^m] = prod E[q^m] = mgf(m)^K (derived once per m and process)
        return sp.simplify(sp.powsimp(mgf.subs(t, m) ** K, force=True))

    mean = raw(1)
    second = raw(2)
    var = sp.simplify(sp.powsimp(sp.expand(second - mean ** 2), force=True))
    form = (sp.exp(K * sd ** 2) - 1) * sp.exp(2 * K * mu + K * sd ** 2)
    diff = sp.simplify(sp.expand(var - form))
    return LogNormalMoments(mu, sd, K, t, mgf, raw, mean, second, var, form, diff)


@dataclass
class MonteCarlo:
    samples: int
    seed: int
    mean_exact: float
    mean_estimate: float
    mean_se: float
    var_exact: float
    var_estimate: float
    var_se: float
    z_mean: float         # |estimate - exact| / standard error
    z_var: float
    passed: bool          # both within ``limit`` standard errors
    limit: float


def monte_carlo(mu: float, sdev: float, K: int, samples: int = 200_000, seed: int = 0,
                limit: float = 4.0) -> MonteCarlo:
    """Q = exp(sum of K normal logs), NumPy; the exact moments from :func:`lognormal_moments`.

    Standard errors: of the mean, sqrt(Var Q / samples); of the sample variance,
    sqrt((mu_4 - Var^2) / samples) with the fourth central moment mu_4 from the derived raw
    moments E[Q^m] (m = 1..4)."""
    lm = lognormal_moments()
    sub = {lm.mu: sp.nsimplify(mu), lm.s: sp.nsimplify(sdev), lm.K: K}
    m1, m2, m3, m4 = (float(lm.raw(m).subs(sub)) for m in (1, 2, 3, 4))
    var = float(lm.variance.subs(sub))
    mu4 = m4 - 4 * m3 * m1 + 6 * m2 * m1 ** 2 - 3 * m1 ** 4
    rng = np.random.default_rng(seed)
    logs = rng.normal(mu, sdev, size=(samples, K))
    Q = np.exp(logs.sum(axis=1))
    est_mean = float(Q.mean())
    est_var = float(Q.var(ddof=1))
    se_mean = float(np.sqrt(var / samples))
    se_var = float(np.sqrt(max(mu4 - var ** 2, 0.0) / samples))
    zm = abs(est_mean - m1) / se_mean
    zv = abs(est_var - var) / se_var
    return MonteCarlo(samples, seed, m1, est_mean, se_mean, var, est_var, se_var, zm, zv,
                      bool(zm <= limit and zv <= limit), limit)


