"""ReLU interpolation (exercise 004, task 7): a one-hidden-layer ReLU network through n points.

On the grid ``x_i = a + (i-1) h`` (``i = 1..n``, ``h = (b-a)/(n-1)``) with biases
``b_j = a + (j-2) h`` the network ``NN(x) = sum_j lambda_j ReLU(x - b_j)`` interpolates
``f`` when ``h T lambda = f`` with the lower-triangular Toeplitz matrix
``T_ij = i - j + 1`` (``j <= i``), ``0`` above the diagonal.

The closed form: ``T = L^2`` with ``L`` the lower-triangular all-ones matrix (a sum of
ones: ``(L^2)_ij = #{k : j <= k <= i} = i - j + 1``) and ``L^{-1} = I - S`` (``S`` the
shift, ones on the first subdiagonal), so ``T^{-1} = (I - S)^2 = I - 2S + S^2``: the
second-difference operator. Hence

    lambda_1 = f_1 / h,  lambda_2 = (f_2 - 2 f_1) / h,
    lambda_i = (f_i - 2 f_{i-1} + f_{i-2}) / h   (i >= 3).

:func:`general_proof` derives both identities with SymPy for general ``n`` (symbolic
indices), :func:`small_cases` solves the system exactly for ``n = 1..8``. Between grid
points the network is linear, so it is the piecewise linear interpolant of ``f`` and its
maximum error is ``O(h^2)`` (at most ``h^2/8 max|f''|``): :func:`convergence` measures it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from symderiv.language.numeric import numeric

# --------------------------------------------------------------------------------------
# the linear system and its closed-form inverse
# --------------------------------------------------------------------------------------


def toeplitz_matrix(n: int) -> sp.Matrix:
    """``T`` with ``T_ij = i - j + 1`` for ``j <= i`` (1-based), else 0. (A new mutable
    copy of a matrix built once per ``n`` and process: building it entry by entry costs
    more than the solve it is used for.)"""
    return sp.Matrix(_toeplitz_immutable(int(n)))


@lru_cache(maxsize=256)
def _toeplitz_immutable(n: int) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(n, n, lambda i, j: i - j + 1 if j <= i else 0)


def ones_lower(n: int) -> sp.Matrix:
    """``L``: ones on and below the diagonal."""
    return sp.Matrix(n, n, lambda i, j: 1 if j <= i else 0)


def shift(n: int) -> sp.Matrix:
    """``S``: ones on the first subdiagonal, ``(S v)_i = v_{i-1}``."""
    return sp.Matrix(n, n, lambda i, j: 1 if i == j + 1 else 0)


def second_difference(n: int) -> sp.Matrix:
    """``D = (I - S)^2 = I - 2 S + S^2``."""
    I_minus_S = sp.eye(n) - shift(n)
    return I_minus_S * I_minus_S


def system(n: int):
    """The symbolic system ``h T lambda = f``: returns ``(h, f, lam, lhs_matrix)``."""
    h = sp.Symbol("h", positive=True)
    f = sp.symbols(f"f_1:{n + 1}", real=True)
    lam = sp.symbols(f"lambda_1:{n + 1}", real=True)
    return h, list(f), list(lam), h * toeplitz_matrix(n)


def closed_form(f: Sequence | np.ndarray, h):
    """``lambda_i = (f_i - 2 f_{i-1} + f_{i-2}) / h`` with ``f_0 = f_{-1} = 0``.

    Works on SymPy symbols and on floats (and NumPy arrays of f values).
    """
    if isinstance(f, np.ndarray):
        f = np.asarray(f, dtype=float)
        padded = np.concatenate([[0.0, 0.0], f])
        return (padded[2:] - 2 * padded[1:-1] + padded[:-2]) / h
    out = []
    for i in range(len(f)):
        prev1 = f[i - 1] if i >= 1 else 0
        prev2 = f[i - 2] if i >= 2 else 0
        out.append((f[i] - 2 * prev1 + prev2) / h)
    return out


@dataclass
class SmallCase:
    n: int
    solution: list          # lambda_i from SymPy's exact solve (expressions in f, h)
    closed: list            # the closed form
    matches: bool           # solution == closed form, exactly
    t_is_l_squared: bool    # T == L^2 exactly
    inverse_is_d: bool      # D T == I exactly


def toeplitz_array(n: int) -> np.ndarray:
    """``T`` as a float array (read-only; built once per ``n`` and process)."""
    return _toeplitz_array(int(n))


@lru_cache(maxsize=None)
def _toeplitz_array(n: int) -> np.ndarray:
    out = np.array(toeplitz_matrix(n).tolist(), dtype=float)
    out.setflags(write=False)
    return out


def small_cases(nmax: int = 8) -> list[SmallCase]:
    """Solve ``h T lambda = f`` exactly with SymPy for ``n = 1..nmax``; compare. (Exact
    arithmetic on symbols only: the result is the same every time, so a process derives
    it once.)"""
    return list(_small_cases(int(nmax)))


@lru_cache(maxsize=None)
def _small_cases(nmax: int) -> tuple:
    out = []
    for n in range(1, nmax + 1):
        h, f, lam, A = system(n)
        sol = A.LUsolve(sp.Matrix(f))
        solution = [sp.simplify(s) for s in sol]
        closed = closed_form(f, h)
        matches = all(sp.simplify(s - c) == 0 for s, c in zip(solution, closed))
        T = toeplitz_matrix(n)
        L = ones_lower(n)
        out.append(SmallCase(n, solution, closed, matches, T == L * L,
                             second_difference(n) * T == sp.eye(n)))
    return tuple(out)


@dataclass
class GeneralProof:
    """Symbolic derivation for general n (indices i, j, k are symbolic integers)."""

    i: sp.Symbol
    j: sp.Symbol
    k: sp.Symbol
    l_squared_sum: sp.Expr       # Sum(1, (k, j, i)) = (L^2)_ij for j <= i
    l_squared_value: sp.Expr     # its value, i - j + 1
    t_entry: sp.Expr             # T_ij for j <= i
    l_squared_ok: bool           # value == T_ij
    inverse_row: sp.Expr         # ((I-S) L)_ij for j <= i-1 : L_ij - L_{i-1,j} = 1 - 1
    inverse_row_value: sp.Expr
    generic_entries: sp.Expr     # T(i,j) - 2 T(i-1,j) + T(i-2,j) with T an undefined function
    generic: sp.Expr             # the same with the entries substituted, unevaluated
    generic_value: sp.Expr       # 0
    first_sub: sp.Expr           # (D T)_{j+1,j}: T_{j+1,j} - 2 T_{j,j}
    first_sub_value: sp.Expr     # 0
    diagonal: sp.Expr            # (D T)_{jj} = T_jj = 1
    ok: bool


@lru_cache(maxsize=None)
def general_proof() -> GeneralProof:
    """Prove ``T = L^2`` and ``(I - S)^2 T = I`` for every ``n`` with symbolic indices.

    * ``(L^2)_ij = sum_k L_ik L_kj = sum_{k=j}^{i} 1`` (only ``j <= k <= i`` give
      ``1 * 1``), which SymPy sums to ``i - j + 1 = T_ij``; above the diagonal both are 0.
    * ``((I - S) L)_ij = L_ij - L_{i-1,j}`` is ``1 - 1 = 0`` for ``j <= i - 1``, ``1 - 0``
      for ``j = i`` and ``0 - 0`` for ``j > i``: ``(I - S) L = I``, so ``L^{-1} = I - S``
      and ``T^{-1} = (L^{-1})^2 = (I - S)^2``.
    * Directly: ``(D T)_ij = T_ij - 2 T_{i-1,j} + T_{i-2,j}`` (``D`` has rows
      ``(.., 1, -2, 1)``); for ``i >= j + 2`` all three entries are on or below the
      diagonal and SymPy simplifies ``(i-j+1) - 2(i-j) + (i-j-1)`` to 0; for ``i = j + 1``
      it is ``2 - 2 * 1 + 0 = 0``, for ``i = j`` it is ``1``, for ``i < j`` all are 0.
    """
    i, j, k = sp.symbols("i j k", integer=True, positive=True)

    def T(r, c):  # entry on or below the diagonal (r >= c)
        return r - c + 1

    s = sp.Sum(1, (k, j, i))
    s_val = sp.simplify(s.doit())
    l_ok = sp.simplify(s_val - T(i, j)) == 0
    inv_row = sp.Integer(1) - sp.Integer(1)   # L_ij - L_{i-1,j} for j <= i-1, both ones
    U = sp.UnevaluatedExpr
    Tf = sp.Function("T")
    entries = Tf(i, j) - 2 * Tf(i - 1, j) + Tf(i - 2, j)
    generic = sp.Add(U(T(i, j)), sp.Mul(-2, U(T(i - 1, j)), evaluate=False), U(T(i - 2, j)),
                     evaluate=False)
    generic_val = sp.simplify(sp.expand(generic.doit()))
    first_sub = sp.Add(U(T(j + 1, j)), sp.Mul(-2, U(T(j, j)), evaluate=False), evaluate=False)
    first_sub_val = sp.simplify(T(j + 1, j) - 2 * T(j, j))
    diagonal = sp.Integer(T(j, j))  # T_jj = 1
    ok = bool(l_ok and inv_row == 0 and generic_val == 0 and first_sub_val == 0 and diagonal == 1)
    return GeneralProof(i, j, k, s, s_val, T(i, j), bool(l_ok), inv_row, inv_row, entries, generic,
                        generic_val, first_sub, first_sub_val, diagonal, ok)


# --------------------------------------------------------------------------------------
# the approximation of a function
# --------------------------------------------------------------------------------------


def _relu(z):
    return np.maximum(z, 0.0)


@dataclass
class ReluApprox:
    a: float
    b: float
    n: int
    h: float
    grid: np.ndarray        # x_1..x_n
    biases: np.ndarray      # b_1..b_n = a - h, a, ..., b - h
    f_values: np.ndarray    # f(x_i)
    lambdas: np.ndarray     # closed form (second differences / h)
    lambdas_solve: np.ndarray  # numpy.linalg.solve of the Toeplitz system

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        z = x[..., None] - self.biases
        return np.maximum(z, 0.0, out=z) @ self.lambdas   # _relu, in place (the same numbers)


def _as_function(f, var) -> Callable:
    if callable(f) and not isinstance(f, sp.Basic):
        return f
    expr = sp.sympify(f)
    fn = numeric(expr, [var] if var is not None else [])

    def call(x):
        x = np.asarray(x, dtype=float)
        with np.errstate(all="ignore"):
            y = fn(x) if var is not None else fn()
        y = np.real_if_close(np.asarray(y, dtype=complex if np.iscomplexobj(y) else float))
        return np.broadcast_to(np.asarray(y, dtype=float), x.shape).copy()
    return call


def relu_interpolant(f, a: float, b: float, n: int, var: sp.Symbol | None = None) -> ReluApprox:
    """The network through ``(x_i, f(x_i))``; ``f`` a NumPy callable or a SymPy expr in ``var``."""
    if n < 2:
        raise ValueError("n must be at least 2 (the grid spacing is (b-a)/(n-1))")
    if not b > a:
        raise ValueError("the interval needs a < b")
    fn = _as_function(f, var)
    grid = np.linspace(a, b, n)
    h = (b - a) / (n - 1)
    biases = a + (np.arange(1, n + 1) - 2) * h
    fv = np.asarray(fn(grid), dtype=float)
    if not np.all(np.isfinite(fv)):
        raise ValueError("f is not finite at every grid point")
    lam = closed_form(fv, h)
    T = np.array(toeplitz_matrix(n).tolist(), dtype=float)
    lam_solve = np.linalg.solve(h * T, fv)
    return ReluApprox(a, b, n, h, grid, biases, fv, lam, lam_solve)


def max_error(approx: ReluApprox, f, var=None, per_interval: int = 64) -> float:
    """``max |f - NN|`` on ``[a, b]``, to the precision of the arithmetic.

    On each grid cell NN is linear, so the error is as smooth as ``f`` there: it is
    sampled at ``per_interval`` points, and around the largest sample (the bracket of its
    two neighbours) ``scipy.optimize.minimize_scalar`` (bounded Brent) finds the maximum to
    ``xatol = 1e-13`` (relative to the cell). Samples alone miss the maximum between two
    samples (n = 5, sine on [0, pi]: 0.0703762 sampled, 0.0703776 maximum)."""
    from scipy.optimize import minimize_scalar
    fn = _as_function(f, var)
    best = 0.0
    for lo, hi in zip(approx.grid[:-1], approx.grid[1:]):
        xs = np.linspace(lo, hi, per_interval + 1)
        err = np.abs(fn(xs) - approx(xs))
        k = int(np.argmax(err))
        best = max(best, float(err[k]))
        left, right = xs[max(k - 1, 0)], xs[min(k + 1, per_interval)]
        if right > left:
            res = minimize_scalar(lambda t: -float(np.abs(fn(np.array([t])) - approx(np.array([t])))[0]),
                                  bounds=(left, right), method="bounded",
                                  options={"xatol": 1e-13 * max(hi - lo, 1e-300)})
            best = max(best, -float(res.fun))
    return best


def max_error_dense(approx: ReluApprox, f, var=None, per_interval: int = 200001) -> float:
    """The maximum on ``per_interval`` equally spaced points per cell (an independent,
    slower estimate for the checks: its gap to the true maximum is O(spacing^2))."""
    fn = _as_function(f, var)
    best = 0.0
    buf = np.empty((per_interval, len(approx.biases)))   # approx(xs) in one buffer for every cell
    for lo, hi in zip(approx.grid[:-1], approx.grid[1:]):
        xs = np.linspace(lo, hi, per_interval)
        np.subtract(xs[:, None], approx.biases, out=buf)
        nn = np.maximum(buf, 0.0, out=buf) @ approx.lambdas
        best = max(best, float(np.max(np.abs(fn(xs) - nn))))
    return best


@dataclass
class Convergence:
    ns: list
    hs: list
    errors: list
    slope: float        # least-squares slope of log(error) against log(h)
    intercept: float
    ratios: list = field(default_factory=list)   # error / h^2
    bound: float = float("nan")                 # max|f''| / 8 (sampled), error <= bound h^2


def convergence(f, a: float, b: float, ns: Sequence[int] = (5, 10, 20, 40, 80),
                var=None, second: Callable | None = None, per_interval: int = 64) -> Convergence:
    """Maximum error against ``n`` and the fitted log-log slope (about 2 for smooth f).

    ``second``: the second derivative (NumPy callable) for the bound ``h^2/8 max|f''|``;
    by default derived with SymPy when ``f`` is an expression. For an expression ``f``
    (and no ``second``) the result is a pure function of the arguments and is memoised per
    process (the variants of a course draw f and the interval from a few choices).
    """
    if isinstance(f, sp.Basic) and second is None:
        try:
            c = _convergence_memo(f, float(a), float(b), tuple(int(v) for v in ns), var, per_interval)
        except TypeError:  # unhashable arguments
            return _convergence(f, a, b, ns, var, second, per_interval)
        return replace(c, ns=list(c.ns), hs=list(c.hs), errors=list(c.errors), ratios=list(c.ratios))
    return _convergence(f, a, b, ns, var, second, per_interval)


@lru_cache(maxsize=128)  # the course draws f and [a, b] from 120 choices
def _convergence_memo(f, a, b, ns, var, per_interval):
    return _convergence(f, a, b, list(ns), var, None, per_interval)


def _convergence(f, a, b, ns, var, second, per_interval) -> Convergence:
    fn = _as_function(f, var)
    if second is None and isinstance(f, sp.Basic) and var is not None:
        second = _as_function(sp.diff(f, var, 2), var)
    hs, errs = [], []
    for n in ns:
        ap = relu_interpolant(fn, a, b, n)
        hs.append(ap.h)
        errs.append(max_error(ap, fn, per_interval=per_interval))
    lh, le = np.log(hs), np.log(np.maximum(errs, 1e-300))
    slope, intercept = np.polyfit(lh, le, 1)
    bound = float("nan")
    if second is not None:
        xs = np.linspace(a, b, 20001)
        bound = float(np.max(np.abs(second(xs)))) / 8
    return Convergence(list(ns), hs, errs, float(slope), float(intercept),
                       [e / h**2 for e, h in zip(errs, hs)], bound)
