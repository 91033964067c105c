"""Checks of symbolic derivatives of expressions: :func:`check_expression` and
:func:`find_counterexample`."""
from __future__ import annotations

from typing import Optional

import numpy as np

from symderiv.verify.differences import call, complex_ok, numeric_partial, random_points, steps
from symderiv.verify.kinks import kink_predicates, kink_step, kinked_rows
from symderiv.verify.records import (METHODS, NOISE_FACTOR, TINY, VerificationRecord, VerifyError,
                                     error_floor, machine_eps, relative_error, tolerance_for)


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
                    vals = np.real(call(fn, X.astype(np.longdouble))).astype(np.float64)
                    bad = ~np.isfinite(vals)
                    if bad.any():  # long double not supported by some function: double
                        vals[bad] = np.real(call(fn, X[bad]))
                val = float(vals[p])
            out[p, k] = val
    return out



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
        ok = np.isfinite(np.real(call(F, X)))
        for G in G_np:  # the derived gradient must be defined there too
            v = call(G, X)
            ok &= np.isfinite(np.real(v)) & (np.imag(v) == 0)
        for i in idx:  # avoid kinks (with a margin) and undefined neighbourhoods
            step = steps("richardson", X, i) * margin
            hit, _ = kinked_rows(preds_np, X, i, step)
            ok &= ~hit
            for s in (-1, 1):
                Y = X.copy()
                Y[:, i] += s * step
                ok &= np.isfinite(np.real(call(F, Y)))
        return ok

    if point is not None:
        missing = [s.name for s in syms if s not in point]
        if missing:
            raise VerifyError(f"the point gives no value for {', '.join(missing)}")
        X = np.array([[float(point[s]) for s in syms]], dtype=np.float64)
        if not np.all(np.isfinite(X)):
            raise VerifyError("the point must have finite coordinates")
        if not np.isfinite(np.real(call(F, X)))[0]:
            raise VerifyError("the expression is not defined (not finite) at the point")
    else:
        if n_points < 1:
            raise VerifyError("the number of points must be at least 1")
        if n_points > 10_000:
            raise VerifyError("at most 10000 points")
        rows = []
        for _ in range(60):
            cand = random_points(rng, max(2 * n_points, 8), len(syms))
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
        resolved = "complex" if complex_ok(F, X) else "richardson"
    tol = float(tolerance) if tolerance is not None else tolerance_for(resolved)

    nums, noises, kinked = [], [], []
    kinks = []
    for col, i in enumerate(idx):
        d, noise = numeric_partial(F, X, i, resolved)
        nums.append(d)
        noises.append(noise)
        hit, which = kinked_rows(preds_np, X, i, kink_step(resolved, X, i))
        kinked.append(hit)
        for p in np.nonzero(hit)[0]:
            node, pred = preds[which[p]]
            pv = float(np.real(call(preds_np[which[p]], X[p:p + 1])[0]))
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
        noise = noise + NOISE_FACTOR * machine_eps(np.float64) * np.abs(A)
    REL = np.zeros_like(A)
    ABS = np.abs(A - N)
    for p in range(X.shape[0]):
        use = ~K[p]
        tiny = error_floor(A[p][use], N[p][use], noise[p], tol) if use.any() else TINY
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
    X = random_points(rng, n, len(variables))
    X[0] = np.round(X[0], 1)
    va, vb = call(L, X), call(R, X)
    a, b = np.real(va), np.real(vb)
    ok = np.isfinite(a) & np.isfinite(b) & (np.imag(va) == 0) & (np.imag(vb) == 0)
    if domain is not None:
        vd = call(numeric(domain, variables), X)
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


