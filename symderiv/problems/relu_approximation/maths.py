"""The maths of one variant of 004 Task 7 (ReLU interpolation), as data (no prose): the
function and interval read from the parameters, the network of the worked example (grid,
biases, weights), the maximum error for several n, and the values the checks need.
The linear algebra and the error measurement are in :mod:`.approx`."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError
from symderiv.problems.relu_approximation import approx

#: the numbers of neurons of the error study (the sheet: "experiment with various values of n")
NS = (5, 10, 20, 40, 80)
#: the number of neurons at which the limit of the error ratio is checked
N_LIMIT = 1001


def read_number(name: str, text: str) -> tuple:
    """``(value, exact expression as written)``."""
    from symderiv.language.parse import ParseError, parse
    try:
        expr = parse(text)
    except ParseError as exc:
        raise ProblemError(f"parameter '{name}': {exc}") from None
    if expr.free_symbols:
        raise ProblemError(f"parameter '{name}' must be a number (like 0, pi/2), not '{text}'")
    try:
        value = float(sp.N(expr))
    except (TypeError, ValueError):
        raise ProblemError(f"parameter '{name}': '{text}' is not a real number") from None
    if not math.isfinite(value):
        raise ProblemError(f"parameter '{name}': '{text}' is not finite")
    return value, expr


def read_function(text: str):
    from symderiv.language.parse import ParseError, parse, symbol
    x = symbol("x")
    try:
        expr = parse(text)
    except ParseError as exc:
        raise ProblemError(f"parameter 'f': {exc}") from None
    extra = sorted(s.name for s in expr.free_symbols if s != x)
    if extra:
        raise ProblemError(f"parameter 'f' may only use the variable x (found {', '.join(extra)})")
    return x, expr


@dataclass
class Maths:
    x: sp.Symbol
    f: Any                  #: f(x), SymPy
    a: float
    b: float
    a_expr: Any             #: the ends as written (exact)
    b_expr: Any
    n: int                  #: neurons of the worked example
    ap: approx.ReluApprox   #: the worked example's network
    conv: approx.Convergence
    seed: int
    smooth: bool            #: f twice continuously differentiable on [a, b]
    exact: bool             #: f reproduced exactly (linear on [a, b])

    @property
    def fn(self):
        return approx._as_function(self.f, self.x)

    @property
    def h_exact(self):
        """(b - a)/(n - 1) in exact arithmetic."""
        return sp.nsimplify(self.b_expr - self.a_expr) / (self.n - 1)


def smooth_on(f, x, a: float, b: float) -> bool:
    """False when a kinked function of f (abs, relu, max, ...) switches inside [a, b]."""
    from symderiv.language.numeric import numeric
    from symderiv.verify import kink_predicates
    xs = np.linspace(a, b, 20001)
    for _, pred in kink_predicates(f):
        with np.errstate(all="ignore"):
            vals = np.real(np.asarray(numeric(pred, [x])(xs), dtype=complex)) * np.ones_like(xs)
        if np.any(vals == 0) or np.any(np.sign(vals[1:]) != np.sign(vals[:-1])):
            return False
    return True


def prepare(params: dict, seed: int) -> Maths:
    x, f = read_function(params["f"])
    a, a_expr = read_number("a", params["a"])
    b, b_expr = read_number("b", params["b"])
    if not b > a:
        raise ProblemError("the interval needs a < b")
    n = int(params["n"])
    if not 2 <= n <= 40:
        raise ProblemError("parameter 'n' (neurons of the worked example) must lie between 2 and 40")
    try:
        ap = approx.relu_interpolant(f, a, b, n, var=x)
        conv = approx.convergence(f, a, b, NS, var=x)
    except ValueError as exc:
        raise ProblemError(f"cannot approximate f: {exc}") from None
    scale = float(np.max(np.abs(ap.f_values))) if len(ap.f_values) else 0.0
    exact = max(conv.errors) <= 1e-9 * max(scale, 1e-300)
    smooth = smooth_on(f, x, a, b) and not exact
    return Maths(x, f, a, b, a_expr, b_expr, n, ap, conv, seed, smooth, exact)


@lru_cache(maxsize=128)  # the course draws f and [a, b] from 120 choices
def error_study(f, x, a: float, b: float) -> tuple:
    """NN and numpy.interp on 64 sample points per cell for every n of :data:`NS`
    (concatenated), and the maxima over 20001 equally spaced points per cell (the
    independent estimate of the errors). Memoised per f and interval."""
    fn = approx._as_function(f, x)
    nn_vals, interp_vals, dense = [], [], []
    for nn in NS:
        apn = approx.relu_interpolant(fn, a, b, nn)
        xs_fine = np.linspace(a, b, 64 * (nn - 1) + 1)
        nn_vals.append(apn(xs_fine))
        interp_vals.append(np.interp(xs_fine, apn.grid, apn.f_values))
        dense.append(approx.max_error_dense(apn, fn, per_interval=20001))
    return np.concatenate(nn_vals), np.concatenate(interp_vals), tuple(dense)


def second_derivative_maximum(m: Maths) -> tuple[float, float]:
    """``(max |f''| on [a, b], where)`` sampled at 20001 points."""
    f2 = approx._as_function(sp.diff(m.f, m.x, 2), m.x)
    xs = np.linspace(m.a, m.b, 20001)
    vals = np.abs(f2(xs))
    k = int(np.argmax(vals))
    return float(vals[k]), float(xs[k])


@lru_cache(maxsize=128)  # the course draws f and [a, b] from 120 choices
def _limit_ratio(f, x, a: float, b: float) -> float:
    fn = approx._as_function(f, x)
    grid = np.linspace(a, b, N_LIMIT)
    h = (b - a) / (N_LIMIT - 1)
    t = np.linspace(a, b, 200 * (N_LIMIT - 1) + 1)
    err = float(np.max(np.abs(fn(t) - np.interp(t, grid, fn(grid)))))
    return err / h ** 2


def limit_ratio(m: Maths) -> float:
    """The error ratio eps/h^2 at n = :data:`N_LIMIT` (piecewise linear interpolation by
    numpy.interp, 200 points per cell): close to the limit max|f''|/8."""
    return _limit_ratio(m.f, m.x, m.a, m.b)


def observed_order(m: Maths) -> float:
    c = m.conv
    return float(np.log(c.errors[-2] / c.errors[-1]) / np.log(c.hs[-2] / c.hs[-1]))
