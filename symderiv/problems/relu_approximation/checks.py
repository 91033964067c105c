"""The checks of 004 Task 7: each derived result against an independent computation
(numpy.linalg.solve of the Toeplitz system, numpy.interp, exact arithmetic, dense
sampling, the student's program run as printed)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.problems.relu_approximation import approx, student
from symderiv.problems.relu_approximation.maths import Maths, error_study, limit_ratio


def _compare(derived, independent, method, tolerance):
    from symderiv.verify import compare
    return compare(derived, independent, method, tolerance)


def grid_values(m: Maths):
    """NN(x_i) = f(x_i): the network evaluated at the grid against f there."""
    return _compare(m.ap(m.ap.grid), m.fn(m.ap.grid), "evaluation", 1e-12)


def answers(m: Maths):
    """The answers h, lambda_1, lambda_2, lambda_n (closed form, float h) against
    numpy.linalg.solve of h T lambda = f and (b - a)/(n - 1) in exact arithmetic."""
    ap = m.ap
    vals = [float(ap.h), float(ap.lambdas[0]), float(ap.lambdas[1]), float(ap.lambdas[-1])]
    other = [float(sp.N(m.h_exact, 30)), float(ap.lambdas_solve[0]), float(ap.lambdas_solve[1]),
             float(ap.lambdas_solve[-1])]
    return _compare(vals, other, "linear system", 1e-9)


def student_program(m: Maths):
    """The weights of the printed NumPy program against the closed form."""
    _, biases, lam = student.relu_network(m.fn, m.a, m.b, m.n)
    return _compare(list(lam) + list(biases), list(m.ap.lambdas) + list(m.ap.biases), "second implementation", 1e-9)


def interpolant(m: Maths, k: int = 1001):
    """NN on [a, b] against piecewise linear interpolation of the grid values (numpy.interp)."""
    inside = np.linspace(m.a, m.b, k)
    return _compare(m.ap(inside), np.interp(inside, m.ap.grid, m.ap.f_values), "numpy", 1e-10)


def study_interp(m: Maths):
    """NN on the sample points of every n of the study against numpy.interp."""
    nn_vals, interp_vals, _ = error_study(m.f, m.x, m.a, m.b)
    return _compare(nn_vals, interp_vals, "numpy", 1e-10)


def study_dense(m: Maths):
    """The maximum errors against the maxima over 20001 equally spaced points per cell
    (a kink of f inside a cell: the dense grid misses it by up to one spacing, so 1e-3
    there; smooth f: 1e-7)."""
    _, _, dense = error_study(m.f, m.x, m.a, m.b)
    return _compare(m.conv.errors, list(dense), "dense sampling", 1e-7 if m.smooth else 1e-3)


def student_errors(m: Maths):
    """The printed program's sampled maxima (64 points per cell) against the errors of
    the table: for a smooth f a sample lies below the maximum by O((1/64)^2) relative (1e-3);
    at a kink of f inside a cell the samples miss the kink by up to half a sample spacing
    (5e-2)."""
    got = [float(student.max_error(m.fn, m.a, m.b, nn)) for nn in m.conv.ns]
    return _compare(got, m.conv.errors, "second implementation", 1e-3 if m.smooth else 5e-2)


def small_cases_solve(cases, seed: int):
    """SymPy's exact solutions for every n of the table (random f_i, h = 0.7) against
    numpy.linalg.solve."""
    rng = np.random.default_rng(seed)
    derived: list = []
    independent: list = []
    for c in cases:
        hh, ff, _, _ = approx.system(c.n)
        fv = rng.normal(size=c.n)
        subs = {hh: 0.7, **{s: float(v) for s, v in zip(ff, fv)}}
        derived.extend(float(e.subs(subs)) for e in c.solution)
        independent.extend(np.linalg.solve(0.7 * approx.toeplitz_array(c.n), fv).tolist())
    return _compare(derived, independent, "linear system", 1e-9)


def spacing_defined(cases, a: float, b: float):
    """Every n of the table has a grid: h = (b - a)/(n - 1) is finite and h (n - 1) = b - a
    (a row n = 1 has no spacing: nan, and the check fails)."""
    derived = []
    for c in cases:
        h = (b - a) / (c.n - 1) if c.n > 1 else float("nan")
        derived.append(h * (c.n - 1))
    return _compare(derived, [b - a] * len(cases), "exact", 1e-12)


def closed_form_solve(m: Maths, seed: int):
    """The closed form (second differences) against numpy.linalg.solve for every n of the
    study and the worked example, random f_i, h = 0.3."""
    rng = np.random.default_rng(seed)
    derived, independent = [], []
    for nn in sorted(set(m.conv.ns) | {m.n}):
        fv = rng.normal(size=nn)
        derived.extend(approx.closed_form(fv, 0.3).tolist())
        independent.extend(np.linalg.solve(0.3 * approx.toeplitz_array(nn), fv).tolist())
    return _compare(derived, independent, "linear system", 1e-8)


def order(m: Maths, observed: float):
    return _compare(observed, 2.0, "error ratio", 0.02)


def bound(m: Maths, bound_value: float):
    """eps <= h^2/8 max|f''| for every n of the study."""
    errs = np.array(m.conv.errors)
    bounds = np.array([bound_value * hh ** 2 for hh in m.conv.hs])
    return _compare(errs, np.minimum(errs, bounds * (1 + 1e-6)), "inequality", 1e-12)


def limit(m: Maths, bound_value: float):
    """eps/h^2 at n = 1001 against max|f''|/8 wherever the maximum of |f''| lies (at an
    end of the interval too): within 1 %."""
    return _compare(limit_ratio(m), bound_value, "numpy", 1e-2)
