"""The activation catalog: one row per activation function, its properties derived by SymPy.

A row (:class:`ActivationRow`) is data: the name in :data:`symderiv.functions.FUNCTIONS`
(whose SymPy class and local derivative rule are reused, never redefined), a display
name, the parameters (PReLU's ``a`` with its assumed range), and whether the lecture
writes the derivative in terms of the function itself (sigma' = sigma (1 - sigma),
tanh' = 1 - tanh^2; taken from the table's local rule ``local(x, out)``).

Everything else is *computed* by :func:`analyze` (cached per name), not typed:

* the derivative (SymPy ``diff``, simplified) and its elementary form,
* the breakpoints (roots of the Heaviside/Max/Min arguments) and, among them, the
  non-differentiable points (kinks: one-sided derivatives differ, by SymPy ``limit``),
* the range of the function and the supremum/infimum of the derivative with where they
  are attained, from :func:`extrema`: on every smooth piece the critical points
  (``solveset`` of the next derivative, numeric roots only when SymPy finds no closed
  form) classified by the second derivative, plus the one-sided limits at the piece's
  ends (kinks, +-oo); periodic functions are analysed on one period ``[0, 2 pi]``,
* NumPy versions of the function and its derivative (complex-safe, via
  :func:`symderiv.functions.numeric`).

:data:`SOFTMAX` is the output activation (a vector function): its Jacobian
``diag(s) - s s^T``, its shift invariance and the stable form, derived for a concrete n.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

import numpy as np
import sympy as sp

from symderiv.language.functions import CUSTOM_FUNCTIONS, FUNCTIONS, numeric, to_latex, to_text

#: the variable of every catalog expression, and the symbol for the function's own value
X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", real=True)
#: PReLU's parameter
A = sp.Symbol("a", positive=True)


class CatalogError(ValueError):
    """Unknown activation name (a usage error)."""


@dataclass(frozen=True)
class ActivationRow:
    """One row of the catalog (data)."""

    name: str                       # name in the catalog (= FUNCTIONS name, or 'identity')
    title: str                      # display name
    build: Callable[[sp.Expr], sp.Expr]  # x -> f(x); reuses the SymPy classes of functions.py
    params: tuple = ()              # ((Symbol, Interval of assumed values, float default), ...)
    self_form: bool = False         # lecture writes f' in terms of f (from the table's local rule)
    periodic: Optional[sp.Expr] = None  # period, for sin/cos
    description: str = ""


def _table(name):
    return FUNCTIONS[name].sympy


#: the catalog rows, in the lecture's order (003, "Aktivierungsfunktionen - Übersicht")
ROWS: tuple = (
    ActivationRow("sigmoid", "Sigmoid", lambda x: _table("sigmoid")(x), self_form=True,
                  description="logistic sigmoid 1/(1 + exp(-x))"),
    ActivationRow("tanh", "tanh", lambda x: _table("tanh")(x), self_form=True,
                  description="hyperbolic tangent"),
    ActivationRow("hardtanh", "Hard tanh", lambda x: _table("hardtanh")(x),
                  description="max(-1, min(1, x))"),
    ActivationRow("relu", "ReLU", lambda x: _table("relu")(x), description="max(0, x)"),
    ActivationRow("leaky_relu", "Leaky ReLU", lambda x: _table("leaky_relu")(x),
                  description="max(alpha x, x), alpha = 0.01"),
    ActivationRow("prelu", "PReLU", lambda x: _table("prelu")(x, A),
                  params=((A, sp.Interval.open(0, 1), 0.25),),
                  description="max(0, x) + a min(0, x), a learned (assumed 0 < a < 1)"),
    ActivationRow("softplus", "Softplus", lambda x: _table("softplus")(x),
                  description="log(1 + exp(x))"),
    ActivationRow("elu", "ELU", lambda x: _table("elu")(x),
                  description="x for x > 0, exp(x) - 1 else (alpha = 1)"),
    ActivationRow("gelu", "GELU", lambda x: _table("gelu")(x), description="x Phi(x)"),
    ActivationRow("sin", "sin", lambda x: _table("sin")(x), periodic=2 * sp.pi, description="sine"),
    ActivationRow("cos", "cos", lambda x: _table("cos")(x), periodic=2 * sp.pi, description="cosine"),
    ActivationRow("identity", "Identity (linear unit)", lambda x: x,
                  description="x (output unit for regression)"),
)

CATALOG: dict = {r.name: r for r in ROWS}
#: accepted spellings
ALIASES = {"leakyrelu": "leaky_relu", "leaky-relu": "leaky_relu", "hard_tanh": "hardtanh",
           "hard-tanh": "hardtanh", "linear": "identity", "id": "identity", "logistic": "sigmoid",
           "lrelu": "leaky_relu"}

NAMES = tuple(CATALOG) + ("softmax",)


def canonical(name: str) -> str:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in NAMES:
        raise CatalogError(f"unknown activation '{name}' (known: {', '.join(NAMES)})")
    return key


# --------------------------------------------------------------------------------------
# Extrema of an expression on an interval: critical points, second derivative, limits
# --------------------------------------------------------------------------------------

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
        s = _sign(self.second)
        return {1: "local min", -1: "local max", 0: "degenerate"}.get(s, "undecided")


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


def _sign(v, params=()) -> Optional[int]:
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


def _compare(a, b, params=()) -> Optional[int]:
    if a == b:
        return 0
    if a in (sp.oo, -sp.oo) or b in (sp.oo, -sp.oo):
        if a == b:
            return 0
        return 1 if (a == sp.oo or b == -sp.oo) else -1
    return _sign(a - b, params)


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


def _limit(g, x, at, direction):
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
                cands.append(Candidate(_limit(g, x, end, direction), end, False, "limit"))
            else:
                val = _limit(g, x, end, direction)
                cands.append(Candidate(val, sp.FiniteSet(end), closed_at_breaks, "endpoint"))
    return _pick(cands, params)


def _pick(cands, params) -> Extrema:
    def best(sign):
        top = None
        for c in cands:
            if top is None:
                top = c.value
                continue
            cmp = _compare(c.value, top, params)
            if cmp is None:
                top = sp.Max(top, c.value) if sign > 0 else sp.Min(top, c.value)
            elif cmp * sign > 0:
                top = c.value
        where = [c for c in cands if _compare(c.value, top, params) == 0]
        attained = [c for c in where if c.attained]
        if attained:
            s = sp.Union(*[c.where if isinstance(c.where, sp.Set) else sp.FiniteSet(c.where)
                           for c in attained])
            return top, s, True, None
        appr = []
        for c in where:
            pts = list(c.where) if isinstance(c.where, sp.FiniteSet) else [c.where]
            appr.extend(p for p in pts if p not in appr)
        return top, None, False, appr

    sup, argsup, sa, sap = best(1)
    inf, arginf, ia, iap = best(-1)
    return Extrema(sup, argsup, sa, sap, inf, arginf, ia, iap, cands)


# --------------------------------------------------------------------------------------
# Piecewise structure: breakpoints and restriction to a piece
# --------------------------------------------------------------------------------------

def _elementary(expr):
    """Rewrite the custom classes (sigmoid, relu, ...) into exp/log/Max/erf/Heaviside."""
    return expr.rewrite(list(CUSTOM_FUNCTIONS), sp.exp)


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


def _pieces(expr, x, bps, params=()):
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


# --------------------------------------------------------------------------------------
# The analysis of one row
# --------------------------------------------------------------------------------------

@dataclass
class Kink:
    point: sp.Expr
    left: sp.Expr    # one-sided derivative from the left
    right: sp.Expr   # from the right


@dataclass
class Activation:
    """A catalog row with its derived properties."""

    row: ActivationRow
    expr: sp.Expr                 # f(x)
    derivative: sp.Expr           # f'(x), simplified (custom classes kept, e.g. sigmoid)
    derivative_elementary: sp.Expr
    derivative_self: Optional[sp.Expr]  # f' in terms of y = f(x), if the lecture writes it so
    second: sp.Expr               # f''(x) (elementary)
    breakpoints: list
    kinks: list                   # [Kink], the non-differentiable points
    range: sp.Set
    range_extrema: Extrema
    bounds: Extrema               # sup / inf of f'
    numpy: Callable               # f(x[, params])
    dnumpy: Callable              # f'(x[, params])
    period: Optional[sp.Expr] = None

    @property
    def name(self):
        return self.row.name

    @property
    def title(self):
        return self.row.title

    @property
    def params(self):
        return self.row.params

    @property
    def sup(self):
        return self.bounds.sup

    @property
    def inf(self):
        return self.bounds.inf

    @property
    def argsup(self):
        return self.bounds.argsup

    @property
    def arginf(self):
        return self.bounds.arginf

    @property
    def sup_abs(self):
        """sup |f'| = max(|sup f'|, |inf f'|)."""
        return sp.Max(sp.Abs(self.bounds.sup), sp.Abs(self.bounds.inf))

    def f(self, xs, **params):
        return self._call(self.numpy, xs, params)

    def df(self, xs, **params):
        return self._call(self.dnumpy, xs, params)

    def _call(self, fn, xs, params):
        vals = [params.get(p.name, d) for p, _, d in self.row.params]
        xs = np.asarray(xs)
        return np.asarray(fn(xs, *vals)) * np.ones_like(xs)


@lru_cache(maxsize=None)
def analyze(name: str) -> Activation:
    """Derive the properties of one catalog row (cached)."""
    row = CATALOG[canonical(name)] if name != "softmax" else None
    if row is None:
        raise CatalogError("softmax is a vector function: use activations.SOFTMAX / softmax_info()")
    x = X
    expr = row.build(x)
    d = sp.diff(expr, x)
    if not row.self_form and not d.has(sp.Heaviside):
        d = sp.simplify(d)
    d_el = _elementary(d)
    self_form = None
    if row.self_form and row.name in FUNCTIONS:
        local = FUNCTIONS[row.name].local(x, Y)[0]
        if x not in local.free_symbols:
            self_form = local
    f_el = _elementary(expr)
    bps = sorted(set(breakpoints(d_el, x)) | set(breakpoints(f_el, x)), key=float)
    params = row.params
    # one-sided derivatives at the breakpoints: kinks where they differ
    kinks = []
    for p in bps:
        left = _limit(d_el, x, p, "-")
        right = _limit(d_el, x, p, "+")
        if _compare(left, right, params) != 0:
            kinks.append(Kink(p, left, right))
    period = row.periodic
    if period is not None:
        dom = sp.Interval(0, period)
        fpieces = [(f_el, dom)]
        dpieces = [(d_el, dom)]
    else:
        fpieces = _pieces(f_el, x, bps, params)
        dpieces = _pieces(d_el, x, bps, params)
    rng_ex = extrema_on_pieces(fpieces, x, params, closed_at_breaks=True, periodic=period)
    bnd = extrema_on_pieces(dpieces, x, params, closed_at_breaks=False, periodic=period)
    # where the function value at a breakpoint is attained (continuous f): handled by
    # closed_at_breaks; the range is [inf, sup] with openness from attainment
    rng = sp.Interval(rng_ex.inf, rng_ex.sup, not rng_ex.inf_attained, not rng_ex.sup_attained) \
        if _compare(rng_ex.inf, rng_ex.sup, params) != 0 else sp.FiniteSet(rng_ex.inf)
    syms = [x] + [p for p, _, _ in params]
    second = sp.simplify(sp.diff(d_el, x)) if not d_el.has(sp.Heaviside) else sp.diff(d_el, x)
    return Activation(row, expr, d, d_el, self_form, second, bps, kinks, rng, rng_ex, bnd,
                      numeric(expr, syms), numeric(d_el, syms), period)


def get(name: str) -> Activation:
    return analyze(canonical(name))


def catalog() -> list:
    """All rows analysed (softmax separately: :func:`softmax_info`)."""
    return [analyze(r.name) for r in ROWS]


# --------------------------------------------------------------------------------------
# Softmax (output unit, vector function)
# --------------------------------------------------------------------------------------

@dataclass
class SoftmaxInfo:
    n: int
    xs: list                   # input symbols x_1..x_n
    s: list                    # softmax components
    jacobian: sp.Matrix        # d s_i / d x_j as derived by SymPy (simplified)
    jacobian_form: sp.Matrix   # diag(s) - s s^T with s_i as symbols S_i (the lecture's form)
    s_symbols: list
    shift_difference: sp.Matrix  # softmax(x + c) - softmax(x), simplified (zero vector)
    stable_difference: sp.Matrix  # softmax(x - m) - softmax(x) with m a symbol (zero vector)
    diag_bounds: Extrema       # sup/inf of u (1 - u) over u in (0, 1)
    offdiag_bounds: Extrema    # sup/inf of -u v over u, v > 0, u + v < 1 (sup via the boundary)


def softmax_exprs(xs):
    den = sp.Add(*[sp.exp(v) for v in xs])
    return [sp.exp(v) / den for v in xs]


def np_softmax(z, axis=-1):
    """Stable softmax: softmax(z - max z) (the lecture's softmax_stable)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def np_softmax_naive(z, axis=-1):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=True)


def np_softmax_jacobian(z):
    s = np_softmax(z)
    return np.diag(s) - np.outer(s, s)


@lru_cache(maxsize=None)
def softmax_info(n: int = 3) -> SoftmaxInfo:
    xs = [sp.Symbol(f"x{i + 1}", real=True) for i in range(n)]
    s = softmax_exprs(xs)
    J = sp.Matrix(n, n, lambda i, j: sp.simplify(sp.diff(s[i], xs[j])))
    S = [sp.Symbol(f"s{i + 1}", positive=True) for i in range(n)]
    form = sp.Matrix(n, n, lambda i, j: (S[i] * (1 - S[i]) if i == j else -S[i] * S[j]))
    c = sp.Symbol("c", real=True)
    m = sp.Symbol("m", real=True)
    shifted = softmax_exprs([v + c for v in xs])
    shift = sp.Matrix([sp.simplify(a - b) for a, b in zip(shifted, s)])
    stable = sp.Matrix([sp.simplify(a - b) for a, b in zip(softmax_exprs([v - m for v in xs]), s)])
    u = sp.Symbol("u", real=True)
    diag = extrema_on_pieces([(u * (1 - u), sp.Interval.open(0, 1))], u)
    # -u v with u + v <= 1: for fixed sum t = u + v the product uv <= t^2/4 <= 1/4
    off = extrema_on_pieces([(-u * (1 - u), sp.Interval.open(0, 1))], u)
    return SoftmaxInfo(n, xs, s, J, form, S, shift, stable, diag, off)


# --------------------------------------------------------------------------------------
# Text / JSON for the CLI
# --------------------------------------------------------------------------------------

_heaviside_1 = sp.Function("heaviside")


def text(expr) -> str:
    """:func:`symderiv.functions.to_text`, with Heaviside printed with one argument."""
    if isinstance(expr, sp.Basic) and expr.has(sp.Heaviside):
        expr = expr.replace(sp.Heaviside, lambda *a: _heaviside_1(a[0]))
    return to_text(expr)


def set_text(s) -> Optional[str]:
    """A SymPy Set (or point) as short text: '0', '(0, oo)', '{-1, 1}'."""
    if s is None:
        return None
    if isinstance(s, sp.FiniteSet):
        items = [text(v) for v in s]
        return items[0] if len(items) == 1 else "{" + ", ".join(items) + "}"
    if isinstance(s, sp.Interval):
        lb = "(" if s.left_open or s.inf == -sp.oo else "["
        rb = ")" if s.right_open or s.sup == sp.oo else "]"
        return f"{lb}{text(s.inf)}, {text(s.sup)}{rb}"
    if isinstance(s, sp.Union):
        return " u ".join(set_text(a) for a in s.args)
    if s is sp.S.Reals:
        return "(-oo, oo)"
    return text(s) if isinstance(s, sp.Basic) else str(s)


def _float(v):
    try:
        f = float(sp.N(v, 17))
    except (TypeError, ValueError):
        return None
    if f != f or f in (float("inf"), float("-inf")):
        return None
    return f


def _period_note(act):
    return f"+ k*{text(act.period)}" if act.period is not None else None


def to_json(act: Activation) -> dict:
    b = act.bounds
    data = {
        "name": act.name,
        "title": act.title,
        "expression": text(act.expr),
        "derivative": text(act.derivative),
        "derivative_elementary": text(act.derivative_elementary),
        "derivative_latex": to_latex(act.derivative),
        "derivative_in_terms_of_f": text(act.derivative_self) if act.derivative_self is not None else None,
        "sup": text(b.sup),
        "sup_value": _float(b.sup),
        "argsup": set_text(b.argsup),
        "sup_attained": b.sup_attained,
        "sup_approached_at": None if b.sup_attained else [text(p) for p in b.sup_approached],
        "inf": text(b.inf),
        "inf_value": _float(b.inf),
        "arginf": set_text(b.arginf),
        "inf_attained": b.inf_attained,
        "inf_approached_at": None if b.inf_attained else [text(p) for p in b.inf_approached],
        "kinks": [text(k.point) for k in act.kinks],
        "one_sided_derivatives": {text(k.point): {"left": text(k.left), "right": text(k.right)}
                                  for k in act.kinks},
        "range": set_text(act.range),
        "critical_points": [
            {"point": set_text(c.where), "value": text(c.value),
             "second_derivative": text(c.second), "classification": c.classification,
             "numeric": c.numeric}
            for c in b.candidates if c.kind == "critical"],
    }
    if act.period is not None:
        data["periodic"] = text(act.period)
        data["note"] = "analysed on one period [0, 2*pi]; arg sets repeat with period 2*pi"
    if act.params:
        data["parameters"] = {p.name: set_text(rng) for p, rng, _ in act.params}
    return data


def softmax_json(info: SoftmaxInfo) -> dict:
    return {
        "name": "softmax",
        "title": "Softmax (output unit)",
        "expression": "exp(x_i) / sum_j exp(x_j)",
        "derivative": "J_ij = s_i*(delta_ij - s_j)",
        "jacobian_n%d" % info.n: [[text(c) for c in info.jacobian.row(i)] for i in range(info.n)],
        "derivative_latex": to_latex(info.jacobian_form),
        "sup": text(info.diag_bounds.sup),
        "sup_value": _float(info.diag_bounds.sup),
        "argsup": "s_i = " + set_text(info.diag_bounds.argsup) + " (diagonal entry)",
        "inf": text(info.offdiag_bounds.inf),
        "inf_value": _float(info.offdiag_bounds.inf),
        "arginf": "s_i = s_j = " + set_text(info.offdiag_bounds.arginf) + " (off-diagonal entry)",
        "kinks": [],
        "range": "(0, 1) per component, components sum to 1",
        "shift_invariant": all(v == 0 for v in info.shift_difference),
        "stable_form": "softmax(x - max_i x_i)",
    }


def text_lines(data: dict) -> list:
    """Human-readable lines of :func:`to_json` / :func:`softmax_json` output."""
    def where(attained, arg, approached):
        if attained:
            return f"attained at x in {arg}" if str(arg)[:1] in "([{" else f"attained at x = {arg}"
        return "not attained, approached as x -> " + ", ".join(approached or [])

    lines = [f"{data['title']}: f(x) = {data['expression']}"]
    lines.append(f"f'(x) = {data['derivative']}")
    if data.get("derivative_in_terms_of_f"):
        lines.append(f"f'(x) = {data['derivative_in_terms_of_f']}   (y = f(x))")
    if data["name"] == "softmax":
        lines.append(f"sup of the diagonal entries = {data['sup']} at {data['argsup']}")
        lines.append(f"inf of the off-diagonal entries = {data['inf']} at {data['arginf']}")
        lines.append(f"shift invariant: {'yes' if data['shift_invariant'] else 'no'}; "
                     f"stable form {data['stable_form']}")
        lines.append(f"range: {data['range']}")
        return lines
    def val(v):
        return f"  ({v:.12g})" if v is not None else ""

    lines.append(f"sup f' = {data['sup']}{val(data['sup_value'])}, "
                 + where(data["sup_attained"], data["argsup"], data["sup_approached_at"]))
    lines.append(f"inf f' = {data['inf']}{val(data['inf_value'])}, "
                 + where(data["inf_attained"], data["arginf"], data["inf_approached_at"]))
    for c in data["critical_points"]:
        lines.append(f"  critical point of f' at x = {c['point']}: f' = {c['value']}, "
                     f"f''' = {c['second_derivative']} ({c['classification']}"
                     + (", found numerically)" if c["numeric"] else ")"))
    if data["kinks"]:
        for k, d in data["one_sided_derivatives"].items():
            lines.append(f"kink at x = {k}: f'(x-) = {d['left']}, f'(x+) = {d['right']}")
    else:
        lines.append("kinks: none (differentiable everywhere)")
    lines.append(f"range of f: {data['range']}")
    if data.get("parameters"):
        lines.append("parameters: " + ", ".join(f"{k} in {v}" for k, v in data["parameters"].items()))
    if data.get("note"):
        lines.append(f"note: {data['note']}")
    return lines
