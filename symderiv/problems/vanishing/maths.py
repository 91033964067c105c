"""The maths of sheet 000 a) (vanishing gradients in the chain h_i = sigma(w_i h_(i-1))), as
data: the product formula for dh_n/dw_i, the variant's numbers (n, x, one weight w for every
layer), a numeric example of depth 10, and the independent computations the checks use.

What is true about the sigmoid bound (1/4)^(n-i+1) (|w_j| < 1): it holds, strictly for
i >= 2, but the factors w_j sigma'(w_j h_(j-1)) are coupled through z_j = w_j h_(j-1); for
j >= 3, h_(j-1) lies in (sigma(-1), sigma(1)). Hence for i >= 3, |h_(i-1)| < sigma(1) and
|dh_n/dw_i| < sigma(1) (1/4)^(n-i+1); for i = n = 3 the supremum is sigma(1)/4, not 1/4.
For n = i = 2 the bound 1/4 is the supremum (not attained).
"""
from __future__ import annotations

from functools import lru_cache

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError

DEPTH = 10          #: depth of the numeric example (table and plot)
WEIGHT_BOUND = 0.95  #: random weights of the example: |w_j| < 0.95


def sigma(t):
    return 1.0 / (1.0 + np.exp(-t))


def dsigma(t):
    s = sigma(t)
    return s * (1.0 - s)


@dataclass
class Maths:
    n: int
    x: float
    w: float
    seed: int
    dh: Any                      #: dh_n/dw_i, symbolic n and i (generic sigma')
    concrete: list               #: dh_n/dw_k for k = 1..n at the variant's n (generic, display)
    hs: list                     #: h_0..h_n at the variant's numbers (sigmoid)
    answers: dict                #: "d1", "dn" (sigmoid), "relu" (ReLU dh_n/dw_1)
    example: dict = field(default_factory=dict)


def prepare(params: dict, seed: int) -> Maths:
    from symderiv.layers import bounds as B
    from symderiv.problems.gradient_flow_common import h_display_arrays
    nn, x0, w0 = int(params["n"]), float(params["x"]), float(params["w"])
    if not 1 <= nn <= 6:
        raise ProblemError("parameter 'n' must be between 1 and 6")
    if not (0 < abs(w0) < 1):
        raise ProblemError("parameter 'w' must satisfy 0 < |w| < 1 (the sheet's |w_i| < 1)")
    if not (abs(x0) <= 10):
        raise ProblemError("parameter 'x' must lie in [-10, 10]")
    dh = B.dh_dw_symbolic()
    disp = h_display_arrays(nn)
    concrete = [B.instantiate(dh, {B.n: nn, B.i: k}, disp) for k in range(1, nn + 1)]
    hs, g = B.np_h_chain_grads(np.full(nn, w0), x0, "sigmoid")
    _, g_relu = B.np_h_chain_grads(np.full(nn, w0), x0, "relu")
    answers = {"d1": float(g[0]), "dn": float(g[-1]), "relu": float(g_relu[0])}
    return Maths(nn, x0, w0, seed, dh, concrete, [float(v) for v in hs], answers, example(seed))


def example(seed: int) -> dict:
    """The numeric example of depth 10: random weights |w_j| < 0.95, x standard normal;
    sigmoid gradients and bound; ReLU with |w_j| and x > 0 (every unit active) and with the
    original signs."""
    from symderiv.layers import bounds as B
    rng = np.random.default_rng(seed)
    wv = rng.uniform(-WEIGHT_BOUND, WEIGHT_BOUND, DEPTH)
    x0 = float(rng.normal())
    hs, g = B.np_h_chain_grads(wv, x0, "sigmoid")
    xr = abs(x0) + 0.5
    _, g_r = B.np_h_chain_grads(np.abs(wv), xr, "relu")
    _, g_m = B.np_h_chain_grads(wv, xr, "relu")
    return {"w": wv, "x": x0, "hs": hs, "g": g, "bound": B.np_sigmoid_bound(wv, hs),
            "xr": xr, "g_relu": g_r, "g_mixed": g_m,
            "rb_relu": relu_bound(np.abs(wv), xr), "rb_mixed": relu_bound(wv, xr)}


def relu_bound(ws, x0):
    """|x| prod_(j != i) |w_j| for i = 1..n."""
    ws = np.asarray(ws, dtype=float)
    return np.array([abs(x0) * float(np.prod(np.abs(np.delete(ws, m)))) for m in range(len(ws))])


def relu_full(ws, x0):
    """h_(i-1) prod_(j > i) w_j (the ReLU derivative when every unit is active), NumPy."""
    from symderiv.layers import bounds as B
    hs, _ = B.np_h_chain_grads(ws, x0, "relu")
    return np.array([hs[m - 1] * np.prod(ws[m:]) for m in range(1, len(ws) + 1)])


def weights_bound_cases(rng, depth):
    """Both sides of the second inequality, (1/4)^(n-i+1) |h_(i-1)| prod_(j>i) |w_j| vs
    (1/4)^(n-i+1) |h_(i-1)|, for every i of several chains: ``(left, right, kind)`` with kind
    'last' (i = n), 'zero' (h_(i-1) = 0: input x = 0, i = 1) or 'inner' (i < n, h != 0)."""
    from symderiv.layers import bounds as B
    rows = []
    for trial in range(4):
        wv = rng.uniform(-WEIGHT_BOUND, WEIGHT_BOUND, depth)
        x0 = 0.0 if trial == 0 else float(rng.normal())
        hs, _ = B.np_h_chain_grads(wv, x0, "sigmoid")
        for m in range(1, depth + 1):
            c = 0.25 ** (depth - m + 1) * abs(hs[m - 1])
            kind = "last" if m == depth else ("zero" if hs[m - 1] == 0 else "inner")
            rows.append((c * float(np.prod(np.abs(wv[m:]))), c, kind))
    return rows


def random_ratios(rng, nn, first, scale):
    """|dh_n/dw_i| / (scale (1/4)^(n-i+1)) for i = first..n at 2000 random points with
    |w_j| < 1 and |x| < 40."""
    from symderiv.layers import bounds as B
    draws = rng.uniform([-1.0] * nn + [-40.0], [1.0] * nn + [40.0], size=(2000, nn + 1))
    _, g = B.np_h_chain_grads_batch(draws[:, :nn], draws[:, nn], "sigmoid")
    q = np.array([scale * 0.25 ** (nn - m + 1) for m in range(first, nn + 1)])
    return (np.abs(g[:, first - 1:]) / q).ravel()


def optimised_last(rng, nn=3):
    """The largest |dh_n/dw_n| a bounded optimiser finds (w_j = tanh(p_j), x = 40 tanh(q))."""
    from scipy.optimize import minimize
    from symderiv.layers import bounds as B

    def neg(p):
        _, g = B.np_h_chain_grads(np.tanh(p[:nn]), 40 * np.tanh(p[nn]), "sigmoid")
        return -abs(g[nn - 1])
    best = min((minimize(neg, rng.normal(size=nn + 1) * 3, method="Nelder-Mead",
                         options={"xatol": 1e-12, "fatol": 1e-16, "maxiter": 6000})
                for _ in range(6)), key=lambda r: r.fun)
    return -float(best.fun)


def sequences():
    """Two sequences approaching the suprema: n = i = 2 with w_1 = 1/2, w_2 = 0, x = t (ratio
    to 1/4 is sigma(t/2)); n = i = 3 with w_1 = 1/2, x = t, w_2 = 1 - 1/t, w_3 = 0 (value
    sigma((1 - 1/t) sigma(t/2)) / 4, tending to sigma(1)/4)."""
    from symderiv.layers import bounds as B
    ts = [5.0, 10.0, 20.0, 40.0]
    two = np.array([abs(B.np_h_chain_grads([0.5, 0.0], t, "sigmoid")[1][1]) / 0.25 for t in ts])
    three = np.array([abs(B.np_h_chain_grads([0.5, 1 - 1 / t, 0.0], t, "sigmoid")[1][2]) for t in ts])
    return ts, two, three


def formula_at_numbers(m: Maths, k: int, act: str) -> float:
    """dh_n/dw_k from the instantiated product formula (SymPy, exact rationals), at the
    variant's numbers."""
    from symderiv.layers import bounds as B
    ws, _ = B.h_chain(m.n, act)
    e = B.instantiate(m.dh, {B.n: m.n, B.i: k}, B.h_arrays(m.n, act), act=act)
    sub = {B.x: sp.Rational(str(m.x)), **{wk: sp.Rational(str(m.w)) for wk in ws}}
    return float(sp.N(e.subs(sub), 30))


@lru_cache(maxsize=256)
def _bound_at(bound_sym, depth, m):
    """The symbolic bound at depth and index (the same for every variant: once per process)."""
    from symderiv.layers import bounds as B
    return bound_sym.subs({B.n: depth, B.i: m}).doit()


def eval_bound(bound_sym, depth, m, wv, hs):
    from symderiv.layers import bounds as B
    e = _bound_at(bound_sym, depth, m)
    e = e.subs({B.w[k]: float(wv[k - 1]) for k in range(1, depth + 1)})
    e = e.subs({B.h[k]: float(hs[k]) for k in range(0, depth + 1)})
    return float(e)
