r"""Notation for documents: small math fragments SymPy has no object for.

Problems must not write LaTeX by hand; when they need the gradient symbol, a partial
derivative quotient, an edge ``v_1 \to v_2`` or "evaluated at", they take it from here.
Every function returns a :class:`symderiv.solution.Latex` whose pieces are printed with
``sympy.latex`` (names, expressions and numbers are never pasted in as raw strings).
"""
from __future__ import annotations

from typing import Any

import sympy as sp

from .solution import Latex, fmt


def _tex(x: Any) -> str:
    if isinstance(x, Latex):
        return x.code
    if isinstance(x, str):
        return sp.latex(sp.Symbol(x))
    if isinstance(x, float):
        return _number(x)
    return sp.latex(x)


def nabla(f: Any = "f") -> Latex:
    """``\\nabla f``."""
    return Latex(r"\nabla %s" % _tex(f))


def hessian_symbol(f: Any = "f") -> Latex:
    """``\\nabla^2 f`` (the Hessian matrix)."""
    return Latex(r"\nabla^{2} %s" % _tex(f))


def partial(num: Any, den: Any) -> Latex:
    """``\\frac{\\partial num}{\\partial den}``."""
    return Latex(r"\frac{\partial %s}{\partial %s}" % (_tex(num), _tex(den)))


def edge(src: Any, dst: Any) -> Latex:
    """An edge of a graph, ``src \\to dst``."""
    return Latex(r"%s \to %s" % (_tex(src), _tex(dst)))


def at(expr: Any, point: dict) -> Latex:
    """``expr`` evaluated at ``point`` ({Symbol or name: value}): ``expr\\big|_{x=1}``."""
    items = ", ".join("%s=%s" % (_tex(k), _tex(v)) for k, v in point.items())
    return Latex(r"\left.%s\right|_{%s}" % (_tex(expr), items))


def _number(x: float) -> str:
    s = fmt(x)
    if "e" in s:
        mant, exp = s.split("e")
        return r"%s \cdot 10^{%d}" % (mant, int(exp))
    return s
