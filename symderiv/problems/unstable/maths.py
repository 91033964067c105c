"""The maths of sheet 001, Tutoraufgabe 6 (unstable gradients), as data: the interval of
a = a^(l-1) with |w sigma'(w a + b)| >= 1 for the variant's weight w and bias b (its length
ell(|w|) and its ends), the maximal length over |w| >= 4, and the mean and variance of
Q = q^(l+1) ... q^L for the variant's mu, s and K = L - l (log-normal, with a Monte Carlo
check and a uniform counterexample). The derivations live in gradient_flow_maths.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError

SAMPLES = 200_000   #: Monte Carlo samples of (c)


@dataclass
class Maths:
    w: float
    b: float
    mu: float
    s: float
    K: int
    seed: int
    length: float          #: ell(|w|), the sheet's formula
    ends: tuple            #: (a_-, a_+) = -b/w -+ ell/2
    numeric: tuple         #: the same ends by brentq
    wstar: float
    lmax: float
    slope: float
    mean: float            #: E[Q] (log-normal)
    var: float             #: Var(Q)
    mc: Any
    uni: dict


def constraint(params: dict):
    """A reason why a draw is no variant, or None."""
    K, s, mu = int(params["K"]), float(params["s"]), float(params["mu"])
    if K * s ** 2 > 4 or abs(K * mu) > 200:
        return "K s^2 must be at most 4 and |K mu| at most 200 (else the Monte Carlo variance check is meaningless)"
    return None


def prepare(params: dict, seed: int) -> Maths:
    from symderiv.problems import gradient_flow_maths as GM
    w, b = float(params["w"]), float(params["b"])
    mu, s, K = float(params["mu"]), float(params["s"]), int(params["K"])
    if not 4 < abs(w) <= 100:
        raise ProblemError("parameter 'w' must satisfy 4 < |w| <= 100")
    if abs(b) > 100:
        raise ProblemError("parameter 'b' must lie in [-100, 100]")
    if s <= 0:
        raise ProblemError("parameter 's' must be positive")
    if not 1 <= K <= 50:
        raise ProblemError("parameter 'K' must be between 1 and 50")
    reason = constraint(params)
    if reason:
        raise ProblemError(reason)
    length = float(GM.interval_length(abs(w)))
    ends = (-b / w - length / 2, -b / w + length / 2)
    wstar, lmax, slope = GM.max_interval_length()
    lm = GM.lognormal_moments()
    sub = {lm.mu: sp.nsimplify(mu), lm.s: sp.nsimplify(s), lm.K: K}
    return Maths(w, b, mu, s, K, seed, length, ends, GM.interval_numeric(w, b), wstar, lmax, slope,
                 float(lm.mean.subs(sub)), float(lm.variance_form.subs(sub)),
                 GM.monte_carlo(mu, s, K, samples=SAMPLES, seed=seed), uniform_example(mu, s, K, SAMPLES, seed))


def window_pairs(rng, count=200):
    """Random (w, b) with |w| in [4, 60] (both signs), the centre -b/w in (-1, 2) for most and
    b standard normal for the rest: (w, b, share of a in (0, 1) with |w sigma'(w a + b)| >= 1
    on a grid, exact overlap of the window with (0, 1), distance of -b/w from [0, 1],
    half the window length)."""
    from symderiv.layers import activations as A
    from symderiv.problems import gradient_flow_maths as GM
    a = np.linspace(0.0, 1.0, 100001)
    df = A.get("sigmoid").dnumpy
    out = []
    for k in range(count):
        wv = float(rng.uniform(4.05, 60.0)) * (1 if k % 2 else -1)
        bv = -wv * float(rng.uniform(-1.0, 2.0)) if k % 4 else float(rng.normal())
        share = float(np.mean(_window_mask(wv, wv * a + bv, df)))
        lo, hi = GM.interval_numeric(wv, bv)
        overlap = max(0.0, min(hi, 1.0) - max(lo, 0.0))
        c = -bv / wv
        out.append((wv, bv, share, overlap, max(0.0, -c, c - 1.0), (hi - lo) / 2))
    return out


def _window_mask(wv: float, t, df):
    """``|wv df(t)| >= 1`` elementwise, with ``df`` evaluated only where ``|t| <= ln|wv| + 1``:
    elsewhere it is False, because sigma'(t) <= exp(-|t|) and the float value of
    ``(1 - 1/(1 + e^-t))/(1 + e^-t)`` exceeds it by at most 3e-16, so |wv df(t)| <= 1/e +
    |wv| 3e-16 < 1 (for every |wv| below 1e14); the same booleans as the whole grid."""
    near = np.abs(t) <= np.log(abs(wv)) + 1.0
    hit = np.zeros(t.shape, dtype=bool)
    hit[near] = np.abs(wv * df(t[near])) >= 1
    return hit


def quad_mgf(mu, sd, t):
    from scipy.integrate import quad
    val, _ = quad(lambda y: np.exp(t * y - (y - mu) ** 2 / (2 * sd ** 2)) / np.sqrt(2 * np.pi * sd ** 2),
                  mu - 40 * sd, mu + 40 * sd + t * sd ** 2, epsabs=0, epsrel=1e-12, limit=200)
    return float(val)


def uniform_example(mu, sd, K, samples, seed):
    """log q uniform on [mu - sqrt(3) sd, mu + sqrt(3) sd] (same mean and variance): the exact
    E[Q] = (E[q])^K with E[q] from SymPy's integral, and a Monte Carlo estimate."""
    y = sp.Symbol("y", real=True)
    m, s = sp.Symbol("mu", real=True), sp.Symbol("s", positive=True)
    lo, hi = m - sp.sqrt(3) * s, m + sp.sqrt(3) * s
    integral = sp.integrate(sp.exp(y), (y, lo, hi)) / (hi - lo)
    Eq_ = sp.exp(m) * sp.sinh(sp.sqrt(3) * s) / (sp.sqrt(3) * s)   # the same, written with sinh
    if sp.simplify((integral - Eq_).rewrite(sp.exp)) != 0:
        raise ValueError("uniform E[q]: the sinh form differs from the integral")
    exact = float(integral.subs({m: mu, s: sd})) ** K
    rng = np.random.default_rng(seed + 21)
    r = np.sqrt(3) * sd
    Qs = np.exp(rng.uniform(mu - r, mu + r, size=(samples, K)).sum(axis=1))
    return {"mgf_expr": Eq_, "exact": exact, "estimate": float(Qs.mean()),
            "se": float(Qs.std(ddof=1) / np.sqrt(samples))}
