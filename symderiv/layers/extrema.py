"""Sup and inf of a piecewise-smooth function of one variable, derived with SymPy.

On every smooth piece: the critical points (``solveset`` of the derivative, numeric roots
only when SymPy finds no closed form) classified by the second derivative, plus the
one-sided limits at the piece's ends (kinks, +-oo). The pieces come from the breakpoints
of Heaviside/Max/Min (:func:`breakpoints`, :func:`restrict`, :func:`smooth_pieces`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import sympy as sp

from symderiv.language.numeric import numeric


@dataclass
class Candidate:
    """A candidate for the sup/inf: a value, where, and whether it is attained there."""

    value: sp.Expr
    where: object          # a SymPy Set (FiniteSet of points / Interval) or +-oo / a kink
    attained: bool
    kind: str              # "critical", "constant", "endpoint", "limit"
    second: Optional[sp.Expr] = None  # second derivative at a critical point
    numeric: bool = False  # point found numerically (no closed form)

    @property
    def classification(self) -> str:
        if self.second is None:
            return ""
        s = sign(self.second)
        return {1: "local min", -1: "local max", 0: "degenerate"}.get(s, "undecided") if s is not None \
            else "undecided"


@dataclass
class Extrema:
    sup: sp.Expr
    argsup: object          # SymPy Set where attained, or None if not attained
    sup_attained: bool
    sup_approached: object  # list: where the sup is approached when not attained (oo, -oo, kink)
    inf: sp.Expr
    arginf: object
    inf_attained: bool
    inf_approached: object  # list
    candidates: list = field(default_factory=list)


def sign(v, params=()) -> Optional[int]:
    """Sign of a (possibly parametric) expression; params: ((Symbol, Interval), ...)."""
    v = sp.sympify(v)
    if v.is_number:
        if v.is_zero:
            return 0
        f = complex(sp.N(v, 30))
        if abs(f.real) > 1e-20:
            return 1 if f.real > 0 else -1
        if v.has(sp.Float):  # a numerically found point: equal within precision
            return 0
        v = sp.simplify(v)
        if v.is_zero:
            return 0
        f = complex(sp.N(v, 60))
        return 0 if abs(f.real) < 1e-50 else (1 if f.real > 0 else -1)
    v = sp.simplify(v)
    if v.is_zero:
        return 0
    if v.is_positive:
        return 1
    if v.is_negative:
        return -1
    free = v.free_symbols
    for p, rng, _ in params:
        if free == {p}:
            try:
                r = sp.calculus.util.function_range(v, p, rng)
            except Exception:  # noqa: BLE001 - undecided
                return None
            if r.inf >= 0 and (r.inf > 0 or r.left_open):
                return 1
            if r.sup <= 0 and (r.sup < 0 or r.right_open):
                return -1
    return None


def compare(a, b, params=()) -> Optional[int]:
    if a == b:
        return 0
    if a in (sp.oo, -sp.oo) or b in (sp.oo, -sp.oo):
        if a == b:
            return 0
        return 1 if (a == sp.oo or b == -sp.oo) else -1
    return sign(a - b, params)


def _numeric_roots(g, x, lo, hi, samples=4001):
    """Roots of g on (lo, hi) by sign changes on a grid, refined with SymPy's nsolve."""
    lo_f = float(lo) if lo.is_finite else -30.0
    hi_f = float(hi) if hi.is_finite else 30.0
    xs = np.linspace(lo_f, hi_f, samples)[1:-1]
    f = numeric(g, [x])
    with np.errstate(all="ignore"):
        ys = np.real(np.asarray(f(xs), dtype=complex)) * np.ones_like(xs)
    roots = []
    for k in range(len(xs) - 1):
        if ys[k] == 0 or ys[k] * ys[k + 1] < 0:
            from scipy.optimize import brentq
            r = brentq(lambda t: float(np.real(f(t))), xs[k], xs[k + 1], xtol=1e-15)
            roots.append(sp.Float(r, 15))
    return roots


def _critical_points(g, x, interval, periodic=None):
    """Zeros of g' in the open interval: (points, numeric?)."""
    dg = sp.simplify(sp.diff(g, x))
    if dg.is_zero:
        return None, False  # constant
    try:
        sol = sp.solveset(sp.Eq(dg, 0), x, interval.interior if not periodic else interval)
    except Exception:  # noqa: BLE001
        sol = None
    if isinstance(sol, sp.FiniteSet):
        return sorted(sol, key=lambda p: float(p)), False
    if sol is sp.S.EmptySet:
        return [], False
    return _numeric_roots(dg, x, interval.inf, interval.sup), True


def one_sided_limit(g, x, at, direction):
    v = sp.limit(g, x, at, direction)
    return sp.simplify(v)


def extrema_on_pieces(pieces, x, params=(), closed_at_breaks=False, periodic=None) -> Extrema:
    """Sup and inf of a function given as smooth pieces ``[(expr, Interval), ...]``.

    On each piece: the critical points (zeros of the piece's derivative) with the sign of
    the second derivative, and the one-sided limits at the ends. ``closed_at_breaks``:
    the function is continuous and defined at the breakpoints (true for the function,
    false for a derivative, which may not exist at a kink); its value there is attained.
    """
    cands: list = []
    for g, iv in pieces:
        g = sp.simplify(g)
        if x not in g.free_symbols:
            cands.append(Candidate(g, iv, True, "constant"))
            continue
        pts, num = _critical_points(g, x, iv, periodic)
        d2 = sp.diff(g, x, 2)
        for p in pts or []:
            if num:
                val = sp.Float(float(numeric(g, [x])(float(p)).real), 15)
                sec = sp.Float(float(numeric(d2, [x])(float(p)).real), 15)
            else:
                val = sp.simplify(g.subs(x, p))
                sec = sp.simplify(d2.subs(x, p))
            cands.append(Candidate(val, sp.FiniteSet(p), True, "critical", sec, num))
        for end, direction in ((iv.inf, "+"), (iv.sup, "-")):
            if periodic is not None:
                cands.append(Candidate(sp.simplify(g.subs(x, end)), sp.FiniteSet(end), True, "endpoint"))
                continue
            if end in (sp.oo, -sp.oo):
                cands.append(Candidate(one_sided_limit(g, x, end, direction), end, False, "limit"))
            else:
                val = one_sided_limit(g, x, end, direction)
                cands.append(Candidate(val, sp.FiniteSet(end), closed_at_breaks, "endpoint"))
    return _pick(cands, params)


def _pick(cands, params) -> Extrema:
    def best(sign):
        top = None
        for c in cands:
            if top is None:
                top = c.value
                continue
            cmp = compare(c.value, top, params)
            if cmp is None:
                top = sp.Max(top, c.value) if sign > 0 else sp.Min(top, c.value)
            elif cmp * sign > 0:
                top = c.value
        where = [c for c in cands if compare(c.value, top, params) == 0]
        attained = [c for c in where if c.attained]
        if attained:
            s = sp.Union(*[c.where if isinstance(c.where, sp.Set) else sp.FiniteSet(c.where)
                           for c in attained])
            return top, s, True, None
        appr: list[sp.Expr] = []
        for c in where:
            pts = list(c.where) if isinstance(c.where, sp.FiniteSet) else [c.where]
            appr.extend(p for p in pts if p not in appr)
        return top, None, False, appr

    sup, argsup, sa, sap = best(1)
    inf, arginf, ia, iap = best(-1)
    return Extrema(sup, argsup, sa, sap, inf, arginf, ia, iap, cands)



def breakpoints(expr, x) -> list:
    """Real roots of the Heaviside arguments and of the Max/Min argument differences."""
    pts = set()
    for h in expr.atoms(sp.Heaviside):
        pts |= set(sp.solveset(h.args[0], x, sp.S.Reals))
    for m in expr.atoms(sp.Max, sp.Min):
        args = m.args
        for i, u in enumerate(args):
            for v in args[i + 1:]:
                s = sp.solveset(sp.Eq(u, v), x, sp.S.Reals)
                if isinstance(s, sp.FiniteSet):
                    pts |= set(s)
    return sorted(pts, key=float)


def restrict(expr, x, at):
    """The smooth expression that equals ``expr`` near the (non-break) point ``at``."""
    sub = {x: at}

    def heav(arg, *rest):
        v = float(arg.subs(sub))
        return sp.S.One if v > 0 else sp.S.Zero

    def mx(*args):
        return max(args, key=lambda a: float(a.subs(sub)))

    def mn(*args):
        return min(args, key=lambda a: float(a.subs(sub)))

    out = expr.replace(sp.Heaviside, heav)
    out = out.replace(sp.Max, mx).replace(sp.Min, mn)
    return sp.simplify(out)


def smooth_pieces(expr, x, bps, params=()):
    edges = [-sp.oo] + list(bps) + [sp.oo]
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        if lo == -sp.oo and hi == sp.oo:
            mid = sp.S.Zero
        elif lo == -sp.oo:
            mid = hi - 1
        elif hi == sp.oo:
            mid = lo + 1
        else:
            mid = (lo + hi) / 2
        out.append((restrict(expr, x, mid), sp.Interval.open(lo, hi)))
    return out


