"""The maths of sheet 002, Aufgabe 2 (vanishing gradients and skip connections), as data: the
chain s_i = w_i o_(i-1) + b_i, o_i = sigma(s_i); do_N/dw_1 without, with a skip connection
over the layers 2..N-1 (s_N = w_N o_(N-1) + b_N + o_1) and for a residual network
(o_i = o_(i-1) + sigma(s_i), i >= 2); the variant's numbers (depth N, input x, one weight w
for every layer, biases 0, sigmoid); the median gradient against the depth; and the
independent computations of the checks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError

VARIANTS = ("plain", "skip", "residual")
MAX_DEPTH = 30      #: largest depth of the gradient-vs-depth figure
TRIALS = 40         #: random networks per depth
EXPLODE_DEPTH = 30  #: depth of the exploding residual example


@dataclass
class Maths:
    N: int
    x: float
    w: float
    seed: int
    plain: Any
    skip: Any
    resid: Any
    values: list                 #: do_N/dw_1 at the numbers: plain, skip, residual (backprop)
    profile: dict = field(default_factory=dict)
    depths: list = field(default_factory=list)


def prepare(params: dict, seed: int) -> Maths:
    from symderiv.layers import bounds as B
    NN, x0, w0 = int(params["N"]), float(params["x"]), float(params["w"])
    if not 3 <= NN <= 6:
        raise ProblemError("parameter 'N' must be between 3 and 6")
    if not (abs(x0) <= 10 and abs(w0) <= 10):
        raise ProblemError("parameters 'x' and 'w' must lie in [-10, 10]")
    depths = list(range(3, MAX_DEPTH + 1))
    return Maths(NN, x0, w0, seed, B.do_dw_symbolic("plain"), B.do_dw_symbolic("skip"),
                 B.do_dw_symbolic("residual", general=True), backprop_values(NN, x0, w0),
                 depth_profile(depths, TRIALS, seed), depths)


def depth_profile(depths, trials: int, seed: int) -> dict:
    """:func:`symderiv.layers.bounds.depth_profile` for the sigmoid (weight scale 1), the same
    numbers bit for bit: the same generator draws in the same order, and the forward and
    reverse pass of :func:`~symderiv.layers.bounds.np_o_chain_grads` with the same operations
    in the same order, run for all trials of a depth at once (arrays over the trials)."""
    from symderiv.layers import activations as A
    act = A.get("sigmoid")
    rng = np.random.default_rng(seed)
    out: dict[str, list] = {v: [] for v in VARIANTS}
    for depth in depths:
        draws = [(rng.normal(0, 1.0, depth), rng.normal(0, 1, depth), rng.normal()) for _ in range(trials)]
        ws = np.array([d[0] for d in draws]).T      # (depth, trials)
        bs = np.array([d[1] for d in draws]).T
        x0 = np.array([float(d[2]) for d in draws])
        for v in VARIANTS:
            used = "plain" if v == "skip" and depth < 3 else v
            out[v].append(float(np.median(np.abs(_grad_w1(act, ws, bs, x0, used)))))
    return out


def _grad_w1(act, ws, bs, x0, variant: str):
    """d o_N / d w_1 of every trial (columns of ``ws``, ``bs``; ``x0`` per trial)."""
    depth = ws.shape[0]
    os_ = [x0]
    ss = [np.zeros_like(x0)]
    for m in range(1, depth + 1):
        sm = ws[m - 1] * os_[m - 1] + bs[m - 1]
        if variant == "skip" and m == depth:
            sm = sm + os_[1]
        ss.append(sm)
        om = act.f(sm)
        if variant == "residual" and m >= 2:
            om = om + os_[m - 1]
        os_.append(om)
    adj = [np.zeros_like(x0) for _ in range(depth + 1)]
    adj[depth] = np.ones_like(x0)
    gs = adj[0]
    for m in range(depth, 0, -1):
        gs = adj[m] * act.df(ss[m])
        adj[m - 1] = adj[m - 1] + gs * ws[m - 1]
        if variant == "skip" and m == depth:
            adj[1] = adj[1] + gs
        if variant == "residual" and m >= 2:
            adj[m - 1] = adj[m - 1] + adj[m]
    return gs * os_[0]


def backprop_values(depth: int, x0: float, w0: float) -> list[float]:
    from symderiv.layers import bounds as B
    return [float(B.np_o_chain_grads(np.full(depth, w0), np.zeros(depth), x0, "sigmoid", v)[1][0])
            for v in VARIANTS]


def forward(depth: int, x0: float, w0: float, variant: str) -> list[float]:
    """o_0..o_N at the numbers (biases 0, sigmoid)."""
    o = [x0]
    for k in range(1, depth + 1):
        s = w0 * o[-1] + (o[1] if variant == "skip" and k == depth else 0.0)
        o.append(float(1 / (1 + np.exp(-s))) + (o[-1] if variant == "residual" and k >= 2 else 0.0))
    return o


@lru_cache(maxsize=None)
def _written_out(depth: int) -> tuple:
    """(x, (w_1..w_N), do_N/dw_1 of every variant) by sympy.diff of the written-out networks:
    a function of the depth alone, derived once per process."""
    x = sp.Symbol("x", real=True)
    ws = sp.symbols(f"w1:{depth + 1}", real=True)
    ds = []
    for variant in VARIANTS:
        o = [x]
        for k in range(1, depth + 1):
            s_k = ws[k - 1] * o[k - 1] + (o[1] if variant == "skip" and k == depth else 0)
            o.append(1 / (1 + sp.exp(-s_k)) + (o[k - 1] if variant == "residual" and k >= 2 else 0))
        ds.append(sp.diff(o[depth], ws[0]))
    return x, ws, tuple(ds)


@lru_cache(maxsize=None)
def _mp_functions(depth: int) -> tuple:
    """The derivatives of :func:`_written_out` as mpmath functions (lambdified once per depth)."""
    x, ws, ds = _written_out(depth)
    return tuple(sp.lambdify([x, *ws], d, modules="mpmath") for d in ds)


#: decimal digits of the mpmath evaluation (the float of a value this exact is the float of
#: its 30-digit evalf, which these numbers were computed with before)
MP_DIGITS = 40


@lru_cache(maxsize=64)
def sympy_values(depth: int, x0: float, w0: float) -> tuple:
    """do_N/dw_1 by sympy.diff of the written-out networks (derived once per depth),
    evaluated at the variant's numbers, read as the exact decimals they print as, with
    mpmath at :data:`MP_DIGITS` digits, rounded to float (once per variant: the checks of
    the three answers share it)."""
    import mpmath

    def exact(v):
        r = sp.Rational(str(v))
        return mpmath.mpf(int(r.p)) / int(r.q)
    with mpmath.workdps(MP_DIGITS):
        xv, wv = exact(x0), exact(w0)
        return tuple(float(f(xv, *[wv] * depth)) for f in _mp_functions(depth))


def sigmoid_factor_max(wabs, grid):
    """max over z of |w| sigma'(z) on a grid (the largest factor |w_i sigma'(s_i)|)."""
    from symderiv.layers import activations as A
    return float(abs(wabs) * A.get("sigmoid").df(grid).max())


def window(wv, grid):
    """Measure of the set of o with |w sigma'(w o)| >= 1 on a grid (b = 0)."""
    from symderiv.layers import activations as A
    ok = np.abs(wv * A.get("sigmoid").df(wv * grid)) >= 1
    return float(ok.sum() * (grid[1] - grid[0]))


def relu_chain(rng, depth, scale):
    """ReLU chain with |w_i| = scale (every unit active for x > 0) and one with a dead unit:
    (gradient, expected x prod_(i>=2) w_i, gradient with a dead unit)."""
    from symderiv.layers import bounds as B
    ws = np.full(depth, float(scale))
    bs = np.zeros(depth)
    x0 = float(abs(rng.normal()) + 0.5)
    _, gw, _ = B.np_o_chain_grads(ws, bs, x0, "relu")
    dead_b = bs.copy()
    dead_b[depth // 2] = -1e3  # s < 0: the unit is inactive
    _, gd, _ = B.np_o_chain_grads(ws, dead_b, x0, "relu")
    return float(gw[0]), x0 * float(scale) ** (depth - 1), float(gd[0])


def relu_alternating(depth=20, x0=1.5):
    """ReLU, weights alternating 2 and 1/2 (half of them above 1, product 1 or 2): the
    gradient (backprop) and x prod_(i>=2) w_i."""
    from symderiv.layers import bounds as B
    ws = np.array([2.0 if k % 2 == 0 else 0.5 for k in range(depth)])
    _, gw, _ = B.np_o_chain_grads(ws, np.zeros(depth), x0, "relu")
    return float(gw[0]), x0 * float(np.prod(ws[1:])), ws


def residual_explodes(depth, weight=2.0, x0=1.0):
    """Residual chain with w_i = weight and biases b_i = -w_i o_(i-1) (so s_i = 0, sigma' = 1/4):
    every factor 1 + w_i sigma'(s_i) is 1 + weight/4; do_N/dw_1 (NumPy backprop) and the
    closed form x/4 (1 + weight/4)^(N-1)."""
    from symderiv.layers import bounds as B
    ws = np.full(depth, weight)
    bs = np.zeros(depth)
    o_prev = x0
    for m in range(depth):  # forward once to choose the biases
        bs[m] = -ws[m] * o_prev
        o_prev = (o_prev if m >= 1 else 0.0) + 0.5
    _, gw, _ = B.np_o_chain_grads(ws, bs, x0, "sigmoid", "residual")
    return float(gw[0]), x0 / 4 * (1 + weight / 4) ** (depth - 1)


def central_differences(seed) -> tuple[list[float], list[float]]:
    """do_N/dw_1 by NumPy backprop and by central differences, N = 12, every variant."""
    from symderiv.layers import bounds as B
    rng = np.random.default_rng(seed + 5)
    derived, independent = [], []
    for variant in VARIANTS:
        wv, bv, x0 = rng.normal(size=12), rng.normal(size=12), rng.normal()
        _, gw, _ = B.np_o_chain_grads(wv, bv, x0, "sigmoid", variant)
        h = 1e-6
        wp, wm = wv.copy(), wv.copy()
        wp[0] += h
        wm[0] -= h
        fd = (B.np_o_chain_grads(wp, bv, x0, "sigmoid", variant)[0]
              - B.np_o_chain_grads(wm, bv, x0, "sigmoid", variant)[0]) / (2 * h)
        derived.append(float(gw[0]))
        independent.append(float(fd))
    return derived, independent
