r"""Numerical verification of derivatives: finite differences done right.

Methods
-------
``central``
    :math:`(f(x + h e_i) - f(x - h e_i)) / (2h)` with a per-coordinate step
    :math:`h_i = \epsilon^{1/3} \max(1, |x_i|)` (:math:`\epsilon` the machine epsilon of
    the dtype); the divisor is the step actually represented, ``(x+h) - (x-h)``.
``richardson``
    central differences at :math:`h` and :math:`h/2` combined as
    :math:`(4 D(h/2) - D(h)) / 3` (error :math:`O(h^4)`), :math:`h_i = \epsilon^{1/5}\max(1,|x_i|)`.
``complex``
    complex step :math:`\operatorname{Im} f(x + i h e_i) / h` with :math:`h = 10^{-20}`
    (float32: :math:`10^{-8}`): no subtraction, so no cancellation; valid where the
    function is analytic (the NumPy functions of :func:`symderiv.functions.numeric` are:
    the kinked ones branch on the real part).
``auto``
    complex step when the function propagates complex input, else Richardson
    (expressions) or central differences (NumPy code in float32).

Relative error (the one definition used everywhere)
---------------------------------------------------
For a derived value ``a`` and a numeric value ``n``::

    rel = |a - n| / max(|a| + |n|, tiny)

``tiny`` keeps components that are (nearly) zero from dividing by (nearly) zero. It is the
larger of (1) ``1e-3`` times the largest ``|a| + |n|`` among the values compared together
(the components of one gradient at one point, or one parameter array), (2) the numeric
method's own error estimate divided by its tolerance, so that a disagreement within the
numeric method's own error is never a failure (the estimate is the rounding noise, e.g.
``64 eps |f| / h`` for central differences, plus twice the truncation error estimated by
repeating the method at half the step) and (3) ``1e-300``. A derived value is accepted
when ``rel <= tolerance``.

Tolerances (:data:`TOLERANCES`, relative, per method and dtype): float64 central 1e-6,
Richardson 1e-9, complex step 1e-12; float32 central 1e-2, Richardson 1e-3, complex 1e-5.
Every record states the tolerance it used.

Kinks
-----
For expressions, every subexpression whose function has a ``kinks`` predicate in
:data:`symderiv.functions.FUNCTIONS` (relu, abs, max, min, heaviside, sign, hardtanh,
leaky_relu, prelu) gives an expression that is zero on its non-differentiable set. A
coordinate is *at a kink* when the predicate changes sign (or is zero while it depends on
the coordinate) within the step; such comparisons are reported as kinks, never as
failures. Random points avoid kinks (they are resampled). For NumPy code
(:func:`check_gradient`) the kinks are unknown; a failing comparison is re-examined with
one-sided differences at ``h`` and ``h/2``: if ``f`` is not smooth within the step and the
non-smoothness explains the disagreement, it is reported as a kink.

Random points (standard normal times 1.5) and directions come from
``numpy.random.default_rng(seed)``: the same seed gives the same points.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

#: Relative tolerances per dtype and method.
TOLERANCES = {
    "float64": {"central": 1e-6, "richardson": 1e-9, "complex": 1e-12},
    "float32": {"central": 1e-2, "richardson": 1e-3, "complex": 1e-5},
}
#: Step exponents: h = eps ** p * max(1, |x|).
STEP_EXPONENT = {"central": 1 / 3, "richardson": 1 / 5}
COMPLEX_STEP = {"float64": 1e-20, "float32": 1e-8}
FLOOR_FRACTION = 1e-3
NOISE_FACTOR = 64.0
TINY = 1e-300
METHODS = ("central", "richardson", "complex", "auto")
RANDOM_SCALE = 1.5
MAX_CONFIRMED = 2  # check_gradient: stop re-examining an array's failures after this many

REL_ERROR_TEXT = ("relative error = |a - n| / max(|a| + |n|, tiny), a derived, n numeric; "
                  "tiny = max(1e-3 * largest |a|+|n| compared together, numeric error estimate / tolerance)")


class VerifyError(ValueError):
    """The verification cannot be carried out (bad input): one-line message."""


# --------------------------------------------------------------------------------------
# The record
# --------------------------------------------------------------------------------------

def _json_safe(obj):
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [_json_safe(v) for v in obj.tolist()]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        return v if math.isfinite(v) else None
    if obj is None or isinstance(obj, str):
        return obj
    return str(obj)


@dataclass
class VerificationRecord:
    """The outcome of one verification; templates show method, points, max_rel_error,
    tolerance and passed. ``kinks`` lists ``{"point": {name: value}, "where": text}``."""

    method: str
    points: int
    max_abs_error: float
    max_rel_error: float
    tolerance: float
    passed: bool
    kinks: list = field(default_factory=list)
    seed: Optional[int] = None
    details: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return _json_safe({
            "method": self.method, "points": self.points,
            "max_abs_error": self.max_abs_error, "max_rel_error": self.max_rel_error,
            "tolerance": self.tolerance, "passed": self.passed, "kinks": self.kinks,
            "seed": self.seed, "details": self.details, "summary": self.summary(),
        })

    def summary(self) -> str:
        """One line: verdict, or the wrong parameters/variables with their errors."""
        failing = [d.get("message") for d in self.details
                   if isinstance(d, dict) and d.get("passed") is False and d.get("message")]
        if failing:
            return "; ".join(failing)
        verdict = "passed" if self.passed else "FAILED"
        text = (f"{verdict}: max relative error {self.max_rel_error:.3g} "
                f"(tolerance {self.tolerance:.3g}, {self.method}, {self.points} check(s))")
        if self.kinks:
            text += f", {len(self.kinks)} at kinks (not counted)"
        return text

    def __str__(self):
        return self.summary()


def relative_error(a, n, tiny=TINY):
    """``|a - n| / max(|a| + |n|, tiny)`` elementwise (the module's one definition)."""
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        denom = np.maximum(np.abs(a) + np.abs(n), tiny)
        return np.abs(a - n) / denom


def _floor(a, n, noise=0.0, tol=1.0):
    """The ``tiny`` of the relative error for values compared together (see module doc)."""
    a = np.abs(np.asarray(a, dtype=np.float64))
    n = np.abs(np.asarray(n, dtype=np.float64))
    s = a + n
    s = s[np.isfinite(s)]
    scale = float(s.max()) if s.size else 0.0
    return np.maximum(np.maximum(FLOOR_FRACTION * scale, np.asarray(noise, dtype=np.float64) / tol), TINY)


def dtype_name(dtype) -> str:
    return "float32" if np.dtype(dtype) == np.float32 else "float64"


def tolerance_for(method: str, dtype=np.float64) -> float:
    return TOLERANCES[dtype_name(dtype)][method]


def _eps(dtype) -> float:
    return float(np.finfo(np.float32 if dtype_name(dtype) == "float32" else np.float64).eps)


def compare(derived, independent, method: str, tolerance: Optional[float] = None,
            dtype=np.float64) -> VerificationRecord:
    """Record that a value derived one way equals one computed independently.

    ``derived`` and ``independent`` are floats or arrays of the same shape. The relative
    error is the module's definition with ``tiny = max(1e-3 * max(|a|+|n|), 1e-300)``;
    ``tolerance`` defaults to the table value of ``method`` when it names a numeric
    method, else 1e-9.
    """
    a = np.asarray(derived, dtype=np.float64)
    n = np.asarray(independent, dtype=np.float64)
    if a.shape != n.shape:
        raise VerifyError(f"cannot compare shapes {a.shape} and {n.shape}")
    if tolerance is None:
        tolerance = TOLERANCES[dtype_name(dtype)].get(method, 1e-9)
    tol = float(tolerance)
    af, nf = a.reshape(-1), n.reshape(-1)
    if af.size == 0:
        return VerificationRecord(method, 0, 0.0, 0.0, tol, True)
    absd = np.abs(af - nf)
    rel = relative_error(af, nf, _floor(af, nf))
    bad = ~np.isfinite(rel)
    rel = np.where(bad, np.inf, rel)
    absd = np.where(np.isfinite(absd), absd, np.inf)
    order = np.argsort(-rel, kind="stable")[:10]
    details = [{"index": (int(i) if a.ndim <= 1 else [int(t) for t in np.unravel_index(i, a.shape)]),
                "derived": float(af[i]), "independent": float(nf[i]),
                "abs_error": float(absd[i]), "rel_error": float(rel[i])} for i in order]
    max_rel = float(rel.max())
    return VerificationRecord(method=method, points=int(af.size), max_abs_error=float(absd.max()),
                              max_rel_error=max_rel, tolerance=tol,
                              passed=bool(np.all(rel <= tol)), details=details)


# --------------------------------------------------------------------------------------
# Expressions: check_expression
# --------------------------------------------------------------------------------------

def kink_predicates(expr):
    """``[(subexpression, predicate)]`` for every kinked function application in ``expr``."""
    import sympy as sp
    from symderiv.language.functions import FUNCTIONS, SYMPY_HEADS
    out, seen = [], set()
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, sp.Basic) or not node.args:
            continue
        name = SYMPY_HEADS.get(node.func)
        if name is None:
            continue
        rule = FUNCTIONS[name]
        if rule.kinks is None:
            continue
        hi = rule.arity[1]
        args = node.args if hi is None else node.args[:hi]
        pred = sp.expand(rule.kinks(*args)) if len(args) > 2 else rule.kinks(*args)
        if pred.is_number or pred in seen:
            continue
        seen.add(pred)
        out.append((node, pred))
    return out


def _call(F, X):
    """F(*columns) as a float/complex array of length len(X)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = F(*[X[:, j] for j in range(X.shape[1])])
    return np.broadcast_to(np.asarray(v), (X.shape[0],)).copy()


def _analytic(grads, syms, X):
    """Derived gradient values: evaluated with 30 significant digits (SymPy evalf) so the
    comparison measures the numeric method; for many points or large expressions, NumPy in
    extended precision (long double)."""
    import sympy as sp
    from symderiv.language.functions import numeric
    out = np.full((X.shape[0], len(grads)), np.nan)
    big = sum(sp.count_ops(g) for g in grads) > 400 or X.shape[0] * len(grads) > 400
    for k, g in enumerate(grads):
        fn = None
        for p in range(X.shape[0]):
            val = None
            if not big:
                try:
                    sub = {s: sp.Float(float(X[p, j]), 40) for j, s in enumerate(syms)}
                    r = g.xreplace(sub).evalf(30)
                    if r.is_number and r.is_real is not False and r.is_finite is not False:
                        c = complex(r)
                        if c.imag == 0:
                            val = float(c.real)
                except (TypeError, ValueError, ArithmeticError, AttributeError):
                    val = None
            if val is None:
                if fn is None:
                    fn = numeric(g, syms)
                    vals = np.real(_call(fn, X.astype(np.longdouble))).astype(np.float64)
                    bad = ~np.isfinite(vals)
                    if bad.any():  # long double not supported by some function: double
                        vals[bad] = np.real(_call(fn, X[bad]))
                val = float(vals[p])
            out[p, k] = val
    return out


def _random_points(rng, n, m):
    return rng.standard_normal((n, m)) * RANDOM_SCALE


def _steps(method, X, i, dtype=np.float64):
    if method == "complex":
        return np.full(X.shape[0], COMPLEX_STEP[dtype_name(dtype)])
    return _eps(dtype) ** STEP_EXPONENT[method] * np.maximum(1.0, np.abs(X[:, i]))


def _central(F, X, i, h):
    xp, xm = X.copy(), X.copy()
    xp[:, i] += h
    xm[:, i] -= h
    fp, fm = np.real(_call(F, xp)), np.real(_call(F, xm))
    step = xp[:, i] - xm[:, i]
    d = (fp - fm) / step
    noise = NOISE_FACTOR * _eps(np.float64) * np.maximum(np.abs(fp), np.abs(fm)) * 2 / step
    return d, noise


def _numeric_partial(F, X, i, method):
    """Numeric partial derivative along coordinate i at every row of X, and its error
    estimate: the rounding noise plus twice the truncation error estimated from the same
    method at half the step (Richardson's error estimate)."""
    h = _steps(method, X, i)
    if method == "central":
        d1, n1 = _central(F, X, i, h)
        d2, n2 = _central(F, X, i, h / 2)
        return d1, n1 + 2 * (4 / 3) * np.abs(d1 - d2)
    if method == "richardson":
        d1, n1 = _central(F, X, i, h)
        d2, n2 = _central(F, X, i, h / 2)
        d4, n4 = _central(F, X, i, h / 4)
        r1, r2 = (4 * d2 - d1) / 3, (4 * d4 - d2) / 3
        return r1, (4 * n2 + n1) / 3 + 2 * (16 / 15) * np.abs(r1 - r2)
    Z = X.astype(np.complex128)
    Z[:, i] += 1j * h
    v = _call(F, Z)
    d = np.imag(v) / h
    return d, NOISE_FACTOR * _eps(np.float64) * np.abs(d)


def _kinked(preds_np, X, i, step):
    """Boolean per row: does some kink predicate change sign within +-step along i?
    Also returns the index of the predicate responsible (or -1)."""
    n = X.shape[0]
    hit = np.zeros(n, dtype=bool)
    which = np.full(n, -1)
    if not preds_np:
        return hit, which
    xp, xm = X.copy(), X.copy()
    xp[:, i] += step
    xm[:, i] -= step
    for k, P in enumerate(preds_np):
        s0 = np.sign(np.real(_call(P, X)))
        sp_ = np.sign(np.real(_call(P, xp)))
        sm = np.sign(np.real(_call(P, xm)))
        k_hit = ~((s0 == sp_) & (s0 == sm))
        k_hit &= np.isfinite(s0) | np.isfinite(sp_) | np.isfinite(sm)
        which = np.where(k_hit & ~hit, k, which)
        hit |= k_hit
    return hit, which


def _kink_step(method, X, i):
    if method == "complex":  # the real part does not move; only an exact kink matters
        return 1e-9 * np.maximum(1.0, np.abs(X[:, i]))
    return _steps(method, X, i)


def _complex_ok(F, X) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            v = _call(F, X.astype(np.complex128) + 1e-20j)
    except Exception:  # noqa: BLE001 - any failure means: no complex step
        return False
    r = np.real(_call(F, X))
    return bool(np.iscomplexobj(v) and np.all(np.isfinite(v)) and np.allclose(np.real(v), r, rtol=1e-12,
                                                                              atol=1e-300))


def check_expression(expr, wrt, gradient=None, point=None, n_points: int = 10, method: str = "auto",
                     seed: Optional[int] = 0, tolerance: Optional[float] = None) -> VerificationRecord:
    """Verify the symbolic gradient of ``expr`` (w.r.t. ``wrt``) numerically.

    ``gradient`` defaults to ``calculus.gradient(expr, wrt).closed_form``. Checked at
    ``point`` ({Symbol: float}) or at ``n_points`` random points (seeded). Comparisons
    within a step of a kink are reported in ``kinks``, not counted as failures.
    """
    import sympy as sp
    from symderiv.language.functions import numeric, to_text
    if method not in METHODS:
        raise VerifyError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    wrt = list(wrt)
    if gradient is None:
        from symderiv.calculus import tape as calculus
        gradient = calculus.gradient(expr, wrt).closed_form
    gradient = [sp.sympify(g) for g in gradient]
    if len(gradient) != len(wrt):
        raise VerifyError(f"{len(gradient)} derivatives given for {len(wrt)} variables")
    free = set(expr.free_symbols) | set(wrt)
    for g in gradient:
        free |= g.free_symbols
    syms = sorted(free, key=lambda s: s.name)
    idx = [syms.index(v) for v in wrt]
    if not wrt:
        raise VerifyError("nothing to differentiate: no variables")
    F = numeric(expr, syms)
    G_np = [numeric(g, syms) for g in gradient]
    preds = kink_predicates(expr)
    preds_np = [numeric(p, syms) for _, p in preds]
    rng = np.random.default_rng(seed)

    def valid_rows(X, margin):
        ok = np.isfinite(np.real(_call(F, X)))
        for G in G_np:  # the derived gradient must be defined there too
            v = _call(G, X)
            ok &= np.isfinite(np.real(v)) & (np.imag(v) == 0)
        for i in idx:  # avoid kinks (with a margin) and undefined neighbourhoods
            step = _steps("richardson", X, i) * margin
            hit, _ = _kinked(preds_np, X, i, step)
            ok &= ~hit
            for s in (-1, 1):
                Y = X.copy()
                Y[:, i] += s * step
                ok &= np.isfinite(np.real(_call(F, Y)))
        return ok

    if point is not None:
        missing = [s.name for s in syms if s not in point]
        if missing:
            raise VerifyError(f"the point gives no value for {', '.join(missing)}")
        X = np.array([[float(point[s]) for s in syms]], dtype=np.float64)
        if not np.all(np.isfinite(X)):
            raise VerifyError("the point must have finite coordinates")
        if not np.isfinite(np.real(_call(F, X)))[0]:
            raise VerifyError("the expression is not defined (not finite) at the point")
    else:
        if n_points < 1:
            raise VerifyError("the number of points must be at least 1")
        if n_points > 10_000:
            raise VerifyError("at most 10000 points")
        rows = []
        for _ in range(60):
            cand = _random_points(rng, max(2 * n_points, 8), len(syms))
            rows.extend(cand[valid_rows(cand, 10.0)])
            if len(rows) >= n_points:
                break
        if not rows:
            raise VerifyError("found no random points (standard normal * 1.5) where the expression "
                              "and its derivative are defined; give a point with --at")
        X = np.array(rows[:n_points], dtype=np.float64).reshape(-1, len(syms))

    A = _analytic(gradient, syms, X)
    if point is not None:
        for col, v in enumerate(wrt):
            if not np.isfinite(A[0, col]):
                raise VerifyError(f"the derivative d/d{v.name} = {to_text(gradient[col])} is not "
                                  f"finite at the point")
    resolved = method
    if method == "auto":
        resolved = "complex" if _complex_ok(F, X) else "richardson"
    tol = float(tolerance) if tolerance is not None else tolerance_for(resolved)

    nums, noises, kinked = [], [], []
    kinks = []
    for col, i in enumerate(idx):
        d, noise = _numeric_partial(F, X, i, resolved)
        nums.append(d)
        noises.append(noise)
        hit, which = _kinked(preds_np, X, i, _kink_step(resolved, X, i))
        kinked.append(hit)
        for p in np.nonzero(hit)[0]:
            node, pred = preds[which[p]]
            pv = float(np.real(_call(preds_np[which[p]], X[p:p + 1])[0]))
            kinks.append({"point": {s.name: float(X[p, j]) for j, s in enumerate(syms)},
                          "where": f"{to_text(node)}: {to_text(pred)} = {pv:.3g} "
                                   f"(zero within the step in {syms[i].name})"})
    N = np.array(nums).T.reshape(X.shape[0], len(idx))
    if point is not None:
        for col, v in enumerate(wrt):
            if not np.isfinite(N[0, col]):
                hint = "" if resolved == "complex" else "; try --method complex"
                raise VerifyError(f"f is not defined within the numeric step around the point "
                                  f"(along {v.name}){hint}")
    noise = np.array(noises).T.reshape(X.shape[0], len(idx))
    K = np.array(kinked).T.reshape(X.shape[0], len(idx))
    if resolved == "complex":
        # the derived values themselves are rounded to double before they are compared
        noise = noise + NOISE_FACTOR * _eps(np.float64) * np.abs(A)
    REL = np.zeros_like(A)
    ABS = np.abs(A - N)
    for p in range(X.shape[0]):
        use = ~K[p]
        tiny = _floor(A[p][use], N[p][use], noise[p], tol) if use.any() else TINY
        REL[p] = relative_error(A[p], N[p], tiny)
    REL = np.where(np.isfinite(REL), REL, np.inf)
    ABS = np.where(np.isfinite(ABS), ABS, np.inf)
    counted = ~K
    details = []
    for col, v in enumerate(wrt):
        m = counted[:, col]
        rel_v = REL[m, col]
        abs_v = ABS[m, col]
        mr = float(rel_v.max()) if rel_v.size else 0.0
        wrong = int(np.sum(rel_v > tol))
        d = {"variable": v.name, "derivative": to_text(gradient[col]), "points": int(m.sum()),
             "kinks": int((~m).sum()), "max_abs_error": float(abs_v.max()) if abs_v.size else 0.0,
             "max_rel_error": mr, "wrong": wrong, "passed": wrong == 0}
        if wrong:
            p = int(np.nonzero(m)[0][int(np.argmax(rel_v))])
            d["worst"] = {"point": {s.name: float(X[p, j]) for j, s in enumerate(syms)},
                          "derived": float(A[p, col]), "numeric": float(N[p, col])}
            d["message"] = (f"d/d{v.name}: relative error {mr:.2g} at {wrong}/{int(m.sum())} points")
        details.append(d)
    rel_all = REL[counted]
    abs_all = ABS[counted]
    return VerificationRecord(
        method=resolved, points=int(X.shape[0]),
        max_abs_error=float(abs_all.max()) if abs_all.size else 0.0,
        max_rel_error=float(rel_all.max()) if rel_all.size else 0.0,
        tolerance=tol, passed=bool(np.all(rel_all <= tol)), kinks=kinks,
        seed=None if point is not None else seed, details=details)


def find_counterexample(left, right, variables, seed: int = 0, n: int = 200, domain=None):
    """A point where two expressions differ numerically (relative error > 1e-6), as
    ``{"point": {name: value}, "left": v, "right": v}``, or None when they agree at the
    (at least 3) points tried; ``"point": None`` when fewer than 3 points could be
    evaluated. With ``domain`` (an expression), only points where it is real and finite
    are tried."""
    from symderiv.language.functions import numeric
    variables = set(variables) | left.free_symbols | right.free_symbols
    if domain is not None:
        variables |= domain.free_symbols
    variables = sorted(variables, key=lambda s: s.name)
    if not variables:
        a, b = float(left), float(right)
        return None if relative_error(a, b) <= 1e-6 else {"point": {}, "left": a, "right": b}
    L, R = numeric(left, variables), numeric(right, variables)
    rng = np.random.default_rng(seed)
    X = _random_points(rng, n, len(variables))
    X[0] = np.round(X[0], 1)
    va, vb = _call(L, X), _call(R, X)
    a, b = np.real(va), np.real(vb)
    ok = np.isfinite(a) & np.isfinite(b) & (np.imag(va) == 0) & (np.imag(vb) == 0)
    if domain is not None:
        vd = _call(numeric(domain, variables), X)
        ok &= np.isfinite(np.real(vd)) & (np.imag(vd) == 0)
    rel = relative_error(a, b, 1e-12)
    cand = np.nonzero(ok & (rel > 1e-6))[0]
    if cand.size == 0:
        if int(ok.sum()) < 3:  # too few points to say anything
            return {"point": None, "left": None, "right": None}
        return None
    p = int(cand[0])
    return {"point": {s.name: float(X[p, j]) for j, s in enumerate(variables)},
            "left": float(a[p]), "right": float(b[p])}


# --------------------------------------------------------------------------------------
# NumPy code: check_gradient
# --------------------------------------------------------------------------------------

class _Problem:
    """The user's f with a working copy of its parameters, perturbed in place."""

    def __init__(self, f, x):
        self.single = not isinstance(x, Mapping)
        params = {"x": x} if self.single else dict(x)
        if not params:
            raise VerifyError("no parameters given")
        self.work = {}
        for k, v in params.items():
            arr = np.array(v, copy=True)
            if arr.dtype not in (np.float32, np.float64):
                if np.iscomplexobj(arr):
                    raise VerifyError(f"{k}: parameters must be real")
                arr = arr.astype(np.float64)
            self.work[str(k)] = np.ascontiguousarray(arr)
        self.f = f
        self.calls = 0

    def value(self, override=None):
        args = self.work if not override else {**self.work, **override}
        self.calls += 1
        with np.errstate(all="ignore"):
            out = self.f(args["x"]) if self.single else self.f(args)
        out = np.asarray(out)
        if out.size != 1:
            raise VerifyError(f"f must return a scalar, got shape {out.shape}")
        return out.reshape(()).item()

    def complex_value(self, override):
        """f at complex parameters (complex step); a clear error if f cannot take them."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", np.exceptions.ComplexWarning)
                val = self.value(override)
        except VerifyError:
            raise
        except Exception as exc:  # noqa: BLE001 - the user's code rejected complex input
            raise VerifyError(f"f cannot evaluate complex parameters for the complex step "
                              f"({type(exc).__name__}: {exc}); use method='central'") from None
        if not isinstance(val, complex):
            raise VerifyError("f drops the imaginary part of complex parameters; the complex step "
                              "needs f to propagate it (use method='central')")
        return val


def _fmt_shape(s):
    return "(" + ", ".join(str(int(t)) for t in s) + (",)" if len(s) == 1 else ")")


def _reexamine(phi, h, noise_h):
    """A second look at phi (f along the checked coordinate or direction, as a function of
    the step s) within |s| <= h: is it non-smooth there, and how large is the truncation
    error of the central difference at h?  Non-smooth: the one-sided differences at h and
    h/2 violate R - L = 2 (R2 - L2), which holds up to O(h^2) for smooth phi.
    Returns (non_smooth, jump, truncation_estimate)."""
    f0, fp, fm = phi(0.0), phi(h), phi(-h)
    fp2, fm2 = phi(h / 2), phi(-h / 2)
    R, L = (fp - f0) / h, (f0 - fm) / h
    R2, L2 = (fp2 - f0) / (h / 2), (f0 - fm2) / (h / 2)
    resid = abs((R - L) - 2 * (R2 - L2))
    jump = max(abs(R - L), abs(R2 - L2), resid)
    trunc = (4 / 3) * abs((fp - fm) / (2 * h) - (fp2 - fm2) / h)
    return resid > 8 * noise_h, jump, trunc


def check_gradient(f: Callable, grad_f: Callable, x, *, n_directions: int = 3, n_coords: int = 16,
                   method: str = "central", seed: Optional[int] = 0,
                   rtol: Optional[float] = None) -> VerificationRecord:
    """Verify ``grad_f`` (hand-written backprop) against numeric derivatives of ``f``.

    ``x`` is an array or a dict of named arrays (``{"W1": ..., "b1": ...}``); ``f(x)``
    returns a scalar and ``grad_f(x)`` an array (or dict with the same keys) of the same
    shapes. For each parameter array: ``n_directions`` directional derivatives along
    random unit directions of that array (2 evaluations each) compared with
    ``grad . d``, plus ``n_coords`` randomly sampled coordinates (all of them when the
    array has at most ``n_coords`` entries). ``details`` has one entry per array; the
    summary names the wrong arrays, e.g. ``"b1: relative error 0.41 on 16/16 coordinates"``.
    ``method``: ``central``, ``complex`` (f must accept complex arrays) or ``auto``
    (complex step if f propagates complex input consistently, else central). ``rtol``
    overrides the tolerance of the method and dtype.
    """
    if method not in ("central", "complex", "auto"):
        raise VerifyError(f"unknown method {method!r} (choose central, complex or auto)")
    if n_directions < 0 or n_coords < 0 or n_directions + n_coords == 0:
        raise VerifyError("need at least one direction or coordinate per array")
    prob = _Problem(f, x)
    dtype = np.result_type(*prob.work.values())
    dn = dtype_name(dtype)
    eps = _eps(dtype)
    f0 = prob.value()
    if not math.isfinite(f0):
        raise VerifyError("f is not finite at x")

    g_in = {k: v.copy() for k, v in prob.work.items()}
    g = grad_f(g_in["x"]) if prob.single else grad_f(g_in)
    grads = {"x": g} if prob.single else (dict(g) if isinstance(g, Mapping) else None)
    if grads is None:
        raise VerifyError("grad_f must return a dict with the same keys as x")
    rng = np.random.default_rng(seed)

    resolved = method
    if method == "auto":
        resolved = "central" if dn == "float32" else _probe_complex(prob, rng)
    tol = float(rtol) if rtol is not None else TOLERANCES[dn][resolved]
    hc = COMPLEX_STEP[dn]
    cdtype = np.complex64 if dn == "float32" else np.complex128

    details, kinks = [], []
    all_rel, all_abs, n_checks = [], [], 0
    for name, arr in prob.work.items():
        det = {"name": name, "shape": list(arr.shape)}
        gk = grads.get(name)
        if gk is None:
            det.update(passed=False, message=f"{name}: grad_f returned no gradient")
            details.append(det)
            all_rel.append(np.inf)
            continue
        gk = np.asarray(gk)
        if gk.shape != arr.shape:
            det.update(passed=False, message=f"{name}: gradient has shape {_fmt_shape(gk.shape)}, "
                                             f"parameter has shape {_fmt_shape(arr.shape)}")
            details.append(det)
            all_rel.append(np.inf)
            continue
        if np.iscomplexobj(gk):
            gk = np.real(gk)
        gk = gk.astype(np.float64)
        flat = arr.reshape(-1)
        gflat = gk.reshape(-1)
        base = arr.astype(np.float64)
        scale_x = max(1.0, float(np.max(np.abs(base)))) if base.size else 1.0

        # -- directional checks -----------------------------------------------------------
        dir_a, dir_n, dir_noise, dir_kink = [], [], [], []
        for _ in range(n_directions if arr.size > 1 else 0):
            d = rng.standard_normal(arr.shape)
            d /= np.linalg.norm(d)
            if resolved == "complex":
                val = prob.complex_value({name: arr.astype(cdtype) + 1j * hc * d.astype(cdtype)})
                num = float(np.imag(val)) / hc
                ana = float(np.dot(gflat, d.reshape(-1)))
                noise = NOISE_FACTOR * eps * (float(np.sum(np.abs(gflat * d.reshape(-1)))) + abs(num))
                t = eps ** (1 / 3) * scale_x
            else:
                t = eps ** (1 / 3) * scale_x
                xp = (base + t * d).astype(arr.dtype)
                xm = (base - t * d).astype(arr.dtype)
                fp, fm = prob.value({name: xp}), prob.value({name: xm})
                num = (fp - fm) / (2 * t)
                delta = xp.astype(np.float64) - xm.astype(np.float64)
                ana = float(np.dot(gflat, delta.reshape(-1))) / (2 * t)
                noise = NOISE_FACTOR * eps * (max(abs(fp), abs(fm)) / t
                                              + float(np.sum(np.abs(gflat * delta.reshape(-1)))) / (2 * t))
            dir_a.append(ana)
            dir_n.append(num)
            dir_noise.append(noise)
            dir_kink.append((d, t))
        # -- sampled coordinates ----------------------------------------------------------
        if arr.size <= n_coords:
            idx = np.arange(arr.size)
        else:
            idx = np.sort(rng.choice(arr.size, size=n_coords, replace=False))
        co_a, co_n, co_noise, co_h = [], [], [], []
        zc = arr.astype(cdtype) if resolved == "complex" and idx.size else None
        for j in idx:
            orig = flat[j]
            if resolved == "complex":
                zflat = zc.reshape(-1)
                zflat[j] = complex(float(orig), hc)
                val = prob.complex_value({name: zc})
                zflat[j] = float(orig)
                num = float(np.imag(val)) / hc
                noise = NOISE_FACTOR * eps * (abs(num) + abs(float(gflat[j])))
                h = eps ** (1 / 3) * max(1.0, abs(float(orig)))
            else:
                h = eps ** (1 / 3) * max(1.0, abs(float(orig)))
                xp_j = arr.dtype.type(float(orig) + h)
                xm_j = arr.dtype.type(float(orig) - h)
                flat[j] = xp_j
                fp = prob.value()
                flat[j] = xm_j
                fm = prob.value()
                flat[j] = orig
                step = float(xp_j) - float(xm_j)
                num = (fp - fm) / step
                noise = NOISE_FACTOR * eps * max(abs(fp), abs(fm)) * 2 / step
            co_a.append(float(gflat[j]))
            co_n.append(num)
            co_noise.append(noise)
            co_h.append(h)

        co_a, co_n = np.array(co_a), np.array(co_n)
        dir_a, dir_n = np.array(dir_a), np.array(dir_n)
        co_rel = relative_error(co_a, co_n, _floor(co_a, co_n, np.array(co_noise), tol)) if co_a.size else co_a
        dir_rel = np.array([float(relative_error(a_, n_, _floor(a_, n_, nz, tol)))
                            for a_, n_, nz in zip(dir_a, dir_n, dir_noise)])
        co_rel = np.where(np.isfinite(co_rel), co_rel, np.inf)
        dir_rel = np.where(np.isfinite(dir_rel), dir_rel, np.inf)

        # -- failing comparisons: a second look (kink? within the truncation error?) ----------
        # until MAX_CONFIRMED failures are confirmed: a wrong gradient fails everywhere
        co_k = np.zeros(co_a.shape, dtype=bool)
        confirmed = 0
        for c in np.nonzero(co_rel > tol)[0]:
            if confirmed >= MAX_CONFIRMED:
                break
            j = int(idx[c])
            orig = float(flat[j])

            def phi(s, j=j, orig=orig):
                flat[j] = arr.dtype.type(orig + s)
                try:
                    return prob.value()
                finally:
                    flat[j] = arr.dtype.type(orig)
            h = co_h[c]
            nz = NOISE_FACTOR * eps * max(abs(f0), 1e-300) / h * 4
            kinked, jump, trunc = _reexamine(phi, h, nz)
            err = abs(co_a[c] - co_n[c])
            if kinked and err <= 2 * jump + nz:
                co_k[c] = True
                pos = np.unravel_index(j, arr.shape)
                label = f"{name}[{', '.join(str(int(t)) for t in pos)}]"
                kinks.append({"point": {label: orig},
                              "where": f"{label}: f is not smooth within the step "
                                       f"(one-sided slopes differ by {jump:.3g})"})
                continue
            if resolved != "complex":
                co_noise[c] += 2 * trunc
                co_rel[c] = float(relative_error(co_a[c], co_n[c],
                                                 _floor(co_a, co_n, co_noise[c], tol)))
            confirmed += int(co_rel[c] > tol)
        dir_k = np.zeros(dir_a.shape, dtype=bool)
        confirmed = 0
        for c in np.nonzero(dir_rel > tol)[0]:
            if confirmed >= MAX_CONFIRMED:
                break
            d, t = dir_kink[c]

            def phi(s, d=d):
                return prob.value({name: (base + s * d).astype(arr.dtype)})
            nz = NOISE_FACTOR * eps * max(abs(f0), 1e-300) / t * 4
            kinked, jump, trunc = _reexamine(phi, t, nz)
            if kinked and abs(dir_a[c] - dir_n[c]) <= 2 * jump + nz:
                dir_k[c] = True
                kinks.append({"point": {f"{name} (direction {c + 1})": 0.0},
                              "where": f"{name}: f is not smooth within the step along random "
                                       f"direction {c + 1} (one-sided slopes differ by {jump:.3g})"})
                continue
            if resolved != "complex":
                dir_noise[c] += 2 * trunc
                dir_rel[c] = float(relative_error(dir_a[c], dir_n[c],
                                                  _floor(dir_a[c], dir_n[c], dir_noise[c], tol)))
            confirmed += int(dir_rel[c] > tol)

        co_use, dir_use = co_rel[~co_k], dir_rel[~dir_k]
        co_wrong = int(np.sum(co_use > tol))
        dir_wrong = int(np.sum(dir_use > tol))
        rels = np.concatenate([co_use, dir_use])
        abss = np.concatenate([np.abs(co_a - co_n)[~co_k], np.abs(dir_a - dir_n)[~dir_k]])
        abss = np.where(np.isfinite(abss), abss, np.inf)
        mr = float(rels.max()) if rels.size else 0.0
        det.update(coordinates=int(idx.size), coordinates_wrong=co_wrong, directions=int(dir_a.size),
                   directions_wrong=dir_wrong, kinks=int(co_k.sum() + dir_k.sum()),
                   max_rel_error=mr, max_abs_error=float(abss.max()) if abss.size else 0.0,
                   passed=co_wrong == 0 and dir_wrong == 0)
        if co_wrong:
            sampled = "sampled " if idx.size < arr.size else ""
            det["message"] = (f"{name}: relative error {float(co_use.max()):.2g} on "
                              f"{co_wrong}/{int(co_use.size)} {sampled}coordinates")
            if dir_wrong:
                det["message"] += f" and {dir_wrong}/{int(dir_use.size)} random directions"
            bad = [int(idx[c]) for c in np.nonzero(co_rel > tol)[0] if not co_k[c]][:5]
            det["wrong_entries"] = [[int(t) for t in np.unravel_index(j, arr.shape)] for j in bad]
        elif dir_wrong:
            det["message"] = (f"{name}: relative error {float(dir_use.max()):.2g} along "
                              f"{dir_wrong}/{int(dir_use.size)} random directions "
                              f"(0/{int(co_use.size)} sampled coordinates wrong)")
        details.append(det)
        all_rel.extend(rels.tolist())
        all_abs.extend(abss.tolist())
        n_checks += int(idx.size + dir_a.size)

    all_rel_a = np.array(all_rel, dtype=np.float64)
    passed = all(d.get("passed") for d in details)
    return VerificationRecord(
        method=resolved, points=n_checks,
        max_abs_error=float(max(all_abs)) if all_abs else 0.0,
        max_rel_error=float(all_rel_a.max()) if all_rel_a.size else 0.0,
        tolerance=tol, passed=bool(passed), kinks=kinks, seed=seed, details=details)


def _probe_complex(prob: _Problem, rng) -> str:
    """'complex' if f propagates complex input and its complex-step derivative agrees with
    central differences along a random direction of the first array, else 'central'."""
    name, arr = next(iter(prob.work.items()))
    d = np.random.default_rng(rng.integers(2**32)).standard_normal(arr.shape)
    d /= max(np.linalg.norm(d), 1e-300)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            val = prob.value({name: arr.astype(np.complex128) + 1e-20j * d})
    except Exception:  # noqa: BLE001
        return "central"
    if not isinstance(val, complex) or not math.isfinite(abs(val)):
        return "central"
    eps = _eps(np.float64)
    t = eps ** (1 / 3) * max(1.0, float(np.max(np.abs(arr))))
    fp, fm = prob.value({name: arr + t * d}), prob.value({name: arr - t * d})
    num_c = val.imag / 1e-20
    num_r = (fp - fm) / (2 * t)
    noise = NOISE_FACTOR * eps * max(abs(fp), abs(fm)) / t
    tol = TOLERANCES["float64"]["central"]
    rel = float(relative_error(num_c, num_r, _floor(num_c, num_r, noise, tol)))
    return "complex" if rel <= tol else "central"


#: How each method is described in reports and CLI output.
METHOD_DESCRIPTIONS = {
    "central": "central differences, h = eps^(1/3) max(1, |x|)",
    "richardson": "Richardson extrapolation of central differences at h and h/2, h = eps^(1/5) max(1, |x|)",
    "complex": "complex step Im f(x + ih)/h, h = 1e-20",
}
