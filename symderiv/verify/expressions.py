"""Checks of symbolic derivatives of expressions: :func:`check_expression` and
:func:`find_counterexample`."""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from symderiv.verify.differences import (call, call_blocks, complex_ok, numeric_partials,
                                         random_points, steps)
from symderiv.verify.evaluate import GraphGradient, evaluator, is_large, size
from symderiv.verify.kinks import kink_predicates, kink_step, kinked_rows
from symderiv.verify.records import (METHODS, NOISE_FACTOR, TINY, VerificationRecord, VerifyError,
                                     error_floor, machine_eps, relative_error, tolerance_for)


#: at most this many variables are compared; beyond, a seeded sample (the record says so)
MAX_VARIABLES = 32


def _analytic(grads, syms, X):
    """Derived gradient values: evaluated with 30 significant digits (SymPy evalf) so the
    comparison measures the numeric method; for many points or large expressions, NumPy in
    extended precision (long double)."""
    import sympy as sp
    from symderiv.language.numeric import numeric
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



def _pick_variables(wrt, gradient, seed):
    """At most :data:`MAX_VARIABLES` of the variables (sampled, seeded) and the note."""
    if len(wrt) <= MAX_VARIABLES:
        return wrt, gradient, ""
    rng = np.random.default_rng([0 if seed is None else seed, 1])
    keep = np.sort(rng.choice(len(wrt), size=MAX_VARIABLES, replace=False))
    note = f"{MAX_VARIABLES} of {len(wrt):,} variables sampled (seed {seed})"
    return [wrt[i] for i in keep], (None if gradient is None else [gradient[i] for i in keep]), note


def check_expression(expr, wrt, gradient=None, point=None, n_points: int = 10, method: str = "auto",
                     seed: Optional[int] = 0, tolerance: Optional[float] = None) -> VerificationRecord:
    """Verify the symbolic gradient of ``expr`` (w.r.t. ``wrt``) numerically.

    ``gradient`` defaults to ``calculus.reverse.gradient(expr, wrt).closed_form``; for a deep or
    large expression (:func:`symderiv.verify.evaluate.is_large`) to reverse accumulation over
    its graph, and the expression itself is then evaluated through the graph, never
    lambdified. With more than :data:`MAX_VARIABLES` variables a seeded sample of them is
    compared (the record says so in ``sampled``). Checked at ``point`` ({Symbol: float}) or
    at ``n_points`` random points (seeded). Comparisons within a step of a kink are reported
    in ``kinks``, not counted as failures; when nothing could be compared the record is
    ``undecided``.
    """
    import sympy as sp
    from symderiv.language.printing import to_text
    if method not in METHODS:
        raise VerifyError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    wrt = list(wrt)
    if not wrt:
        raise VerifyError("nothing to differentiate: no variables")
    if gradient is not None:
        gradient = [sp.sympify(g) for g in gradient]
        if len(gradient) != len(wrt):
            raise VerifyError(f"{len(gradient)} derivatives given for {len(wrt)} variables")
    wrt, gradient, sampled = _pick_variables(wrt, gradient, seed)
    large = is_large(expr)
    graph_grad = None
    if gradient is None:
        if large:
            gradient = [None] * len(wrt)
        else:
            from symderiv.calculus.reverse import gradient as reverse_gradient
            gradient = reverse_gradient(expr, wrt).closed_form
    free = set(expr.free_symbols) | set(wrt)
    for g in gradient:
        if g is not None:
            free |= g.free_symbols
    syms = sorted(free, key=lambda s: s.name)
    where = {s: j for j, s in enumerate(syms)}
    idx = [where[v] for v in wrt]
    F = evaluator(expr, syms)
    if gradient[0] is None:
        graph_grad = GraphGradient(expr, wrt, syms)

        def derived(X):
            return graph_grad.values(X)
    else:
        G_np = [evaluator(g, syms) for g in gradient]

        def derived(X):
            return np.stack([call(G, X) for G in G_np], axis=1)
    preds = kink_predicates(expr)
    preds_np = [evaluator(p, syms) for _, p in preds]
    rng = np.random.default_rng(seed)

    def valid_rows(X, margin):
        ok = np.isfinite(np.real(call(F, X)))
        v = derived(X)  # the derived gradient must be defined there too
        ok &= np.all(np.isfinite(np.real(v)) & (np.imag(v) == 0), axis=1)
        shifted = []
        for i in idx:  # avoid kinks (with a margin) and undefined neighbourhoods
            step = steps("richardson", X, i) * margin
            hit, _ = kinked_rows(preds_np, X, i, step)
            ok &= ~hit
            for s in (-1, 1):
                Y = X.copy()
                Y[:, i] += s * step
                shifted.append(Y)
        for v in call_blocks(F, shifted):
            ok &= np.isfinite(np.real(v))
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

    if graph_grad is not None:
        A = np.real(derived(X)).astype(np.float64)
    else:
        A = _analytic(gradient, syms, X) if not large else np.real(derived(X)).astype(np.float64)
    shown = [("reverse accumulation on the graph" if g is None else to_text(g)) for g in gradient]
    if point is not None:
        for col, v in enumerate(wrt):
            if not np.isfinite(A[0, col]):
                raise VerifyError(f"the derivative d/d{v.name} = {shown[col]} is not "
                                  f"finite at the point")
    resolved = method
    if method == "auto":
        resolved = "complex" if complex_ok(F, X) else "richardson"
    tol = float(tolerance) if tolerance is not None else tolerance_for(resolved)
    N, noise = numeric_partials(F, X, idx, resolved)
    kinked, kinks = [], []
    for col, i in enumerate(idx):
        hit, which = kinked_rows(preds_np, X, i, kink_step(resolved, X, i))
        kinked.append(hit)
        for p in (int(i) for i in np.nonzero(hit)[0]):
            node, pred = preds[which[p]]
            pv = float(np.real(call(preds_np[which[p]], X[p:p + 1])[0]))
            kinks.append({"point": {s.name: float(X[p, j]) for j, s in enumerate(syms)},
                          "where": f"{to_text(node)}: {to_text(pred)} = {pv:.3g} "
                                   f"(zero within the step in {syms[i].name})"})
    if point is not None:
        for col, v in enumerate(wrt):
            if not np.isfinite(N[0, col]):
                hint = "" if resolved == "complex" else "; try --method complex"
                raise VerifyError(f"f is not defined within the numeric step around the point "
                                  f"(along {v.name}){hint}")
    K = np.array(kinked).T.reshape(X.shape[0], len(idx))
    if resolved == "complex":
        # the derived values themselves are rounded to double before they are compared
        noise = noise + NOISE_FACTOR * machine_eps(np.float64) * np.abs(A)
    if graph_grad is not None or large:
        # evaluated in float64 through the graph: one rounding per layer of the expression
        depth = graph_grad.depth if graph_grad is not None else size(expr, 10**9, 10**9)[0]
        noise = noise + NOISE_FACTOR * machine_eps(np.float64) * depth * np.abs(A)
    REL = np.zeros_like(A)
    ABS = np.abs(A - N)
    for p in range(X.shape[0]):
        use = ~K[p]
        tiny = error_floor(A[p][use], N[p][use], noise[p], tol) if use.any() else TINY
        REL[p] = relative_error(A[p], N[p], tiny)
    REL = np.where(np.isfinite(REL), REL, np.inf)
    ABS = np.where(np.isfinite(ABS), ABS, np.inf)
    counted = ~K
    details: list[dict[str, Any]] = []
    worst: list[dict[str, Any]] = []
    for col, v in enumerate(wrt):
        m = counted[:, col]
        rel_v = REL[m, col]
        abs_v = ABS[m, col]
        mr = float(rel_v.max()) if rel_v.size else 0.0
        wrong = int(np.sum(rel_v > tol))
        d = {"variable": v.name, "derivative": shown[col], "points": int(m.sum()),
             "kinks": int((~m).sum()), "max_abs_error": float(abs_v.max()) if abs_v.size else 0.0,
             "max_rel_error": mr, "wrong": wrong, "passed": wrong == 0,
             "status": "undecided" if not m.any() else ("passed" if wrong == 0 else "failed")}
        if wrong:
            p = int(np.nonzero(m)[0][int(np.argmax(rel_v))])
            at = {s.name: float(X[p, j]) for j, s in enumerate(syms)}
            d["worst"] = {"point": at, "derived": float(A[p, col]), "numeric": float(N[p, col])}
            d["message"] = (f"d/d{v.name}: relative error {mr:.2g} at {wrong} of {int(m.sum())} points")
            worst.append({"name": f"d/d{v.name}", "index": at, "analytic": float(A[p, col]),
                          "numeric": float(N[p, col]), "abs_error": float(ABS[p, col]),
                          "rel_error": mr})
        details.append(d)
    rel_all = REL[counted]
    abs_all = ABS[counted]
    status, reason = "", ""
    if not counted.any():
        status = "undecided"
        reason = (f"nothing was compared: all {K.size} comparison(s) sat at a kink "
                  f"({kinks[0]['where']})" if kinks else "nothing was compared")
    worst.sort(key=lambda w: -w["rel_error"])
    return VerificationRecord(
        method=resolved, points=int(X.shape[0]),
        max_abs_error=float(abs_all.max()) if abs_all.size else 0.0,
        max_rel_error=float(rel_all.max()) if rel_all.size else 0.0,
        tolerance=tol, passed=bool(np.all(rel_all <= tol)), kinks=kinks,
        seed=None if point is not None else seed, details=details, status=status, reason=reason,
        worst=worst[:5], sampled=sampled)


def find_counterexample(left, right, variables, seed: int = 0, n: int = 200, domain=None):
    """A point where two expressions differ numerically (relative error > 1e-6), as
    ``{"point": {name: value}, "left": v, "right": v}``, or None when they agree at the
    (at least 3) points tried; ``"point": None`` when fewer than 3 points could be
    evaluated. With ``domain`` (an expression), only points where it is real and finite
    are tried."""
    variables = set(variables) | left.free_symbols | right.free_symbols
    if domain is not None:
        variables |= domain.free_symbols
    variables = sorted(variables, key=lambda s: s.name)
    if not variables:
        a, b = float(left), float(right)
        return None if relative_error(a, b) <= 1e-6 else {"point": {}, "left": a, "right": b}
    L, R = evaluator(left, variables), evaluator(right, variables)
    rng = np.random.default_rng(seed)
    X = random_points(rng, n, len(variables))
    X[0] = np.round(X[0], 1)
    va, vb = call(L, X), call(R, X)
    a, b = np.real(va), np.real(vb)
    ok = np.isfinite(a) & np.isfinite(b) & (np.imag(va) == 0) & (np.imag(vb) == 0)
    if domain is not None:
        vd = call(evaluator(domain, variables), X)
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


