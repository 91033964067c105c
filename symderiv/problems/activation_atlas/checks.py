"""The checks of the activation atlas: each derived result against an independent
computation (central differences of NumPy code, dense grids, a bounded minimiser,
textbook formulas written out here, enumeration)."""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from symderiv.problems.activation_atlas import maths as M


def _pv(act, alpha):
    return {p.name: float(v) for p, v in M.defaults(act, alpha).items()}


def derivative_vs_differences(act, alpha):
    """f' (the catalog's, from SymPy) against central differences of f, away from kinks."""
    from symderiv.verify import compare
    pv = _pv(act, alpha)
    pts = np.linspace(-5, 5, 101) + 0.0123
    for k in act.kinks:
        pts = pts[np.abs(pts - float(k.point)) > 1e-3]
    h = 1e-6
    fd = (act.f(pts + h, **pv) - act.f(pts - h, **pv)) / (2 * h)
    return compare(act.df(pts, **pv), fd, "central")


def tanh_steps(steps, x):
    """Every step of the quotient rule against 1 - tanh^2 (NumPy)."""
    from symderiv.verify import compare
    vs = (-2.0, 0.3, 1.7)
    return compare([float(e.subs(x, v)) for e in steps for v in vs],
                   [1 - float(np.tanh(v)) ** 2 for _ in steps for v in vs], "numpy", tolerance=1e-12)


def bounds_vs_grid(acts, alpha, which):
    """sup (or inf) of f' for every row against a grid of 60001 points on [-30, 30]."""
    from symderiv.verify import compare
    grid = np.linspace(-30, 30, 60001)
    derived, found = [], []
    for act in acts:
        g = grid
        for k in act.kinks:
            g = g[np.abs(g - float(k.point)) > 1e-9]
        dv = act.df(g, **_pv(act, alpha))
        value = act.bounds.sup if which == "sup" else act.bounds.inf
        derived.append(float(value.subs(M.defaults(act, alpha))))
        found.append(float(dv.max() if which == "sup" else dv.min()))
    return compare(derived, found, "grid", tolerance=1e-6)


def attained_sets(acts, alpha):
    """The printed sets where sup and inf of f' are attained, point by point: a point of a
    grid on [-6, 6] (and every breakpoint and printed point) lies in the set exactly when
    the central difference of f there equals the bound (kinks left out). Fails for a set
    that leaves out a point where the bound is attained (ELU's sup at 0)."""
    from symderiv.verify import compare
    printed, found = [], []
    for act in acts:
        pv = _pv(act, alpha)
        kinks = [float(k.point) for k in act.kinks]
        for which in ("sup", "inf"):
            place = M.attained_set(act, which)
            value = float((act.bounds.sup if which == "sup" else act.bounds.inf).subs(M.defaults(act, alpha)))
            pts = list(np.linspace(0, 2 * np.pi, 49) if act.period is not None else np.linspace(-6, 6, 241))
            pts += [float(p) for p in act.breakpoints]
            if isinstance(place, sp.FiniteSet):
                pts += [float(p) for p in place]
            pts = [p for p in pts if not any(abs(p - k) < 1e-9 for k in kinks)]
            h = 1e-7
            xs = np.array(pts, dtype=float)   # every point at once: the same elementwise operations
            ds = np.real(act.f(xs + h, **pv) - act.f(xs - h, **pv)) / (2 * h)
            printed += [1.0 if _member(place, p) else 0.0 for p in pts]
            found += [1.0 if abs(float(d) - value) < 1e-7 else 0.0 for d in ds]
    return compare(printed, found, "grid", tolerance=0.0)


def _member(place, p: float) -> bool:
    """``p`` in a printed set (finite sets, intervals and their unions), in floats."""
    if place is None:
        return False
    if isinstance(place, sp.Union):
        return any(_member(q, p) for q in place.args)
    if isinstance(place, sp.FiniteSet):
        return any(abs(float(q) - p) < 1e-12 for q in place)
    if isinstance(place, sp.Interval):
        lo, hi = float(place.start), float(place.end)
        return (lo < p or (lo == p and not place.left_open)) and (p < hi or (p == hi and not place.right_open))
    raise TypeError(f"cannot test membership in {place}")


def critical_points(acts, printed=None):
    """f''(p) = 0 and f'''(p) as printed at the critical points of f', against central
    differences of f' (NumPy): fails for the old sentence 'the second derivative of the
    sigmoid at 0 is -1/8' (f''(0) = 0; -1/8 is f'''(0))."""
    from symderiv.verify import compare
    claimed, found = [], []
    h = 1e-4
    for act in acts:
        for c in act.bounds.candidates:
            if c.kind != "critical" or c.second is None:
                continue
            for p in c.where:
                t = float(p)
                d = [float(np.real(act.df(np.array([t + k * h]))[0])) for k in (-1, 0, 1)]
                claimed += list(printed(c) if printed else (0.0, float(c.second)))
                found += [(d[2] - d[0]) / (2 * h), (d[2] - 2 * d[1] + d[0]) / h ** 2]
    return compare(claimed, found, "central", tolerance=1e-5)


def range_minimum(value: float):
    """GELU's minimum (the range's endpoint, full precision from the catalog) against a
    bounded scalar minimiser: the printed 6-digit value is not the endpoint (differs by 2e-7)."""
    from scipy.optimize import minimize_scalar
    from scipy.special import erf
    from symderiv.verify import compare
    r = minimize_scalar(lambda t: t * 0.5 * (1 + erf(t / math.sqrt(2))), bounds=(-3.0, 0.0), method="bounded",
                        options={"xatol": 1e-12})
    return compare(value, float(r.fun), "numpy", tolerance=1e-12)


def _sig(t):
    return 1.0 / (1.0 + math.exp(-t))


def neuron_formulas(m: M.Maths, values: list):
    """The five answers dz/dw against the textbook formulas times x: sigma (1 - sigma),
    1 - tanh^2, sigma (softplus), the pieces of ELU (alpha = 1) and of PReLU."""
    from symderiv.verify import compare
    a, x = m.a, m.x
    s = _sig(a)
    want = [s * (1 - s), 1 - math.tanh(a) ** 2, s, 1.0 if a > 0 else math.exp(a), 1.0 if a > 0 else m.alpha]
    return compare(values, [x * v for v in want], "formula", tolerance=1e-12)


def neuron_differences(m: M.Maths, values: list):
    """The five answers against central differences of z(w) = f(w x + b) in w (NumPy)."""
    from symderiv.verify import compare
    fs = [_sig, math.tanh, lambda t: math.log1p(math.exp(t)),
          lambda t: t if t >= 0 else math.expm1(t), lambda t: t if t >= 0 else m.alpha * t]
    h = 1e-6
    fd = [(f((m.w + h) * m.x + m.b) - f((m.w - h) * m.x + m.b)) / (2 * h) for f in fs]
    return compare(values, fd, "central")


def softmax_point(z, J):
    """The Jacobian at the variant's input (SymPy) against central differences of a NumPy
    softmax."""
    from symderiv.verify import compare
    z = np.asarray(z, dtype=float)
    h = 1e-6
    cols = [(M.softmax_np(z + h * e) - M.softmax_np(z - h * e)) / (2 * h) for e in np.eye(3)]
    return compare(np.array(J.tolist(), dtype=float), np.column_stack(cols), "central")


def two_class(steps):
    """Every step from s_1 of two classes to sigma(x_1 - x_2) against s_1 = e^x1 / (e^x1 +
    e^x2) (NumPy) at 12 random points."""
    from symderiv.verify import compare
    x1, x2 = sp.symbols("x_1 x_2", real=True)
    rng = np.random.default_rng(3)
    pts = rng.normal(0, 2, size=(12, 2))
    derived = [float(sp.N(e.doit().subs({x1: p, x2: q}) if isinstance(e, sp.Basic) else e)) for e in steps
               for p, q in pts]
    want = [float(np.exp(p) / (np.exp(p) + np.exp(q))) for _ in steps for p, q in pts]
    return compare(derived, want, "numpy", tolerance=1e-12)


def sigmoid_steps(steps):
    """Every step from sigma(-x) to 1 - sigma(x) against 1 - 1/(1 + e^-x) (NumPy); the
    displayed chain starts at sigma(-x), so the old 'sigma(-x) - 1 - sigma(x) = 0' (which is
    -2 sigma(x)) fails here."""
    from symderiv.verify import compare
    x = sp.Symbol("x", real=True)
    pts = np.linspace(-4, 4, 9)
    derived = [float(sp.N(e.doit().subs(x, t))) for e in steps for t in pts]
    want = [1 - 1 / (1 + math.exp(-t)) for _ in steps for t in pts]
    return compare(derived, want, "numpy", tolerance=1e-12)
