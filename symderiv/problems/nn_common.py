"""Helpers shared by the numeric problems (forward-backward, toy-classifier, overfitting,
hyperlink-matrix, relu-approximation): numbers for formulas, layer symbols, listings of
the code that ran, and comparisons with values printed on an exercise sheet."""
from __future__ import annotations

import inspect

import numpy as np
import sympy as sp

from symderiv.documents.model import Code, Text, fmt

__all__ = ["U", "num", "num_matrix", "layer_symbol", "listing", "compare_printed"]


def U(v):
    """A number kept as written inside a formula (zero disappears: x - 0 is x)."""
    if v == 0:
        return sp.S.Zero
    return sp.UnevaluatedExpr(v)


def num(v, digits: int = 6):
    """A number for display: integers exactly, else ``digits`` significant digits."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return sp.Integer(int(v))
    return sp.Float(float(fmt(v, digits)), digits)


def num_matrix(a, digits: int = 6):
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    return sp.Matrix(a.shape[0], a.shape[1], lambda i, j: num(a[i, j], digits))


def layer_symbol(base: str, layer: int, *idx: int):
    """``base_{ij}^{(layer)}`` with 1-based indices from 0-based ``idx``."""
    sub = "".join(str(i + 1) for i in idx)
    return sp.Symbol(f"{base}_{sub}^({layer})" if sub else f"{base}^({layer})", real=True)


def listing(obj, caption: Text) -> Code:
    """The source of ``obj`` (a function, class or module) as it is in the package, so a
    report shows exactly the code that produced its numbers."""
    return Code(inspect.getsource(obj), "Python", caption)


def rounded_equal(ours, printed, decimals: int):
    """``ours`` rounded half away from zero to ``decimals`` places (the convention of a
    printed table), and whether it equals ``printed`` (``-0.00`` counts as ``0.00``)."""
    ours = np.asarray(ours, dtype=float)
    scale = 10.0 ** decimals
    r = np.sign(ours) * np.floor(np.abs(ours) * scale + 0.5) / scale
    r = r + 0.0  # -0.0 -> 0.0
    return r, bool(np.all(np.abs(r - np.asarray(printed, float)) < 0.5 / scale))


def compare_printed(ours, printed, decimals: int):
    """A verification record: our values rounded to ``decimals`` places against the
    values printed on a sheet (relative error 0 when every rounded value matches)."""
    from symderiv.verify import compare
    r, _ = rounded_equal(ours, printed, decimals)
    return compare(r, np.asarray(printed, float), "rounding", tolerance=1e-9)
