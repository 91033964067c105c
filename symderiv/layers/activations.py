"""The activation catalog: one row per activation function, its properties derived by SymPy.

A row (:class:`ActivationRow`) is data: the name in :data:`symderiv.language.table.FUNCTIONS`
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
  :func:`symderiv.language.numeric.numeric`).

Softmax (:func:`softmax_info`) is the output activation (a vector function): its Jacobian
``diag(s) - s s^T``, its shift invariance and the stable form, derived for a concrete n.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

import numpy as np
import sympy as sp

from symderiv.language.ops import Op
from symderiv.language.numeric import numeric
from symderiv.language.sympy_functions import CUSTOM_FUNCTIONS
from symderiv.language.table import FUNCTIONS
from symderiv.layers.extrema import (Extrema, breakpoints, compare, extrema_on_pieces,
                                     one_sided_limit, smooth_pieces)

__all__ = ["ActivationRow", "Activation", "CatalogError", "Kink", "SoftmaxInfo", "ROWS", "CATALOG",
           "ALIASES", "NAMES", "X", "Y", "A", "canonical", "analyze", "get", "catalog", "rows",
           "softmax_info", "softmax_exprs", "np_softmax", "np_softmax_naive", "np_softmax_jacobian"]

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
    build: Callable[[sp.Expr], sp.Expr]  # x -> f(x); reuses the SymPy classes of language/sympy_functions.py
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


def rows() -> tuple:
    """The built-in rows, then a row for every function declared with catalog text
    (:func:`symderiv.language.table.declare_function` with ``catalog=(title, description)``)."""
    ops: list[Op] = list(FUNCTIONS.values())  # the table's rows are Ops
    declared = tuple(ActivationRow(op.name, op.catalog[0], op.sympy, description=op.catalog[1])
                     for op in ops if op.catalog is not None and op.sympy is not None and op.name not in CATALOG)
    return ROWS + declared


def _row(name: str) -> ActivationRow:
    return CATALOG.get(name) or next(r for r in rows() if r.name == name)


#: accepted spellings
ALIASES = {"leakyrelu": "leaky_relu", "leaky-relu": "leaky_relu", "hard_tanh": "hardtanh",
           "hard-tanh": "hardtanh", "linear": "identity", "id": "identity", "logistic": "sigmoid",
           "lrelu": "leaky_relu"}

NAMES = tuple(CATALOG) + ("softmax",)  # the built-in names (declared ones: rows())


def canonical(name: str) -> str:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    names = tuple(r.name for r in rows()) + ("softmax",)
    if key not in names:
        raise CatalogError(f"unknown activation '{name}' (known: {', '.join(names)})")
    return key


def _elementary(expr):
    """Rewrite the custom classes (sigmoid, relu, ...) into exp/log/Max/erf/Heaviside."""
    return expr.rewrite(list(CUSTOM_FUNCTIONS), sp.exp)



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
    row = _row(canonical(name)) if name != "softmax" else None
    if row is None:
        raise CatalogError("softmax is a vector function: use activations.softmax_info()")
    x = X
    expr = row.build(x)
    d = sp.diff(expr, x)
    if not row.self_form and not d.has(sp.Heaviside):
        d = sp.simplify(d)
    d_el = _elementary(d)
    self_form = None
    if row.self_form and row.name in FUNCTIONS:
        local = FUNCTIONS[row.name].partials([x], Y)[0]
        if x not in local.free_symbols:
            self_form = local
    f_el = _elementary(expr)
    bps = sorted(set(breakpoints(d_el, x)) | set(breakpoints(f_el, x)), key=float)
    params = row.params
    # one-sided derivatives at the breakpoints: kinks where they differ
    kinks = []
    for p in bps:
        left = one_sided_limit(d_el, x, p, "-")
        right = one_sided_limit(d_el, x, p, "+")
        if compare(left, right, params) != 0:
            kinks.append(Kink(p, left, right))
    period = row.periodic
    if period is not None:
        dom = sp.Interval(0, period)
        fpieces = [(f_el, dom)]
        dpieces = [(d_el, dom)]
    else:
        fpieces = smooth_pieces(f_el, x, bps, params)
        dpieces = smooth_pieces(d_el, x, bps, params)
    rng_ex = extrema_on_pieces(fpieces, x, params, closed_at_breaks=True, periodic=period)
    bnd = extrema_on_pieces(dpieces, x, params, closed_at_breaks=False, periodic=period)
    # where the function value at a breakpoint is attained (continuous f): handled by
    # closed_at_breaks; the range is [inf, sup] with openness from attainment
    rng = sp.Interval(rng_ex.inf, rng_ex.sup, not rng_ex.inf_attained, not rng_ex.sup_attained) \
        if compare(rng_ex.inf, rng_ex.sup, params) != 0 else sp.FiniteSet(rng_ex.inf)
    syms = [x] + [p for p, _, _ in params]
    second = sp.simplify(sp.diff(d_el, x)) if not d_el.has(sp.Heaviside) else sp.diff(d_el, x)
    return Activation(row, expr, d, d_el, self_form, second, bps, kinks, rng, rng_ex, bnd,
                      numeric(expr, syms), numeric(d_el, syms), period)


def get(name: str) -> Activation:
    return analyze(canonical(name))


def catalog() -> list:
    """All rows analysed (softmax separately: :func:`softmax_info`)."""
    return [analyze(r.name) for r in rows()]


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


