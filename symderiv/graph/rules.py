"""What the graph needs beside the operations' own rules: numbers where Python raises, and
the names of adjoints. The rules of every operation (SymPy form, local partials, NumPy
forms, printed templates, kinks) are declared once, in :class:`symderiv.language.ops.Op`
(arithmetic) and :data:`symderiv.language.table.FUNCTIONS` (functions).
"""
from __future__ import annotations

import sympy as sp


def _np():
    """NumPy, imported on first numeric use (symbolic commands start faster without it)."""
    import numpy
    return numpy


def safely(fn, args, *rest, param=None):
    """``fn(args, *rest, param)`` (an Op's ``value`` or ``dvalues``) on Python numbers (fast);
    where Python raises (``0.0 ** -0.5``, ``1/0``), on NumPy scalars, which give inf/nan as
    the value of a singular point."""
    try:
        return fn(args, *rest, param=param)
    except (ZeroDivisionError, OverflowError):
        np = _np()
        scalar = [np.complex128(a) if isinstance(a, complex) or np.iscomplexobj(a) else np.float64(a)
                  for a in list(args) + list(rest)]
        return fn(scalar[:len(args)], *scalar[len(args):], param=param)




def adjoint_name(node_id: str) -> str:
    """``v3`` -> ``vbar_3``, ``x1`` -> ``xbar_1``, ``w_2`` -> ``wbar_2``, ``alpha`` -> ``alphabar``
    (ASCII letters, an optional ``_`` and digits get the bar before the digits; string
    methods, not a regular expression: one call per tape line)."""
    stem = node_id.rstrip(_DIGITS)
    if stem and stem != node_id:
        letters = stem[:-1] if stem[-1] == "_" else stem
        if letters.isascii() and letters.isalpha():
            return f"{letters}bar_{node_id[len(stem):]}"
    return f"{node_id}bar"


_DIGITS = "0123456789"


def adjoint_symbol(node_id: str) -> sp.Symbol:
    """``v3`` -> ``vbar_3`` (LaTeX ``\\bar{v}_{3}``), ``x1`` -> ``xbar_1``, ``alpha`` -> ``alphabar``."""
    return sp.Symbol(adjoint_name(node_id), real=True)
