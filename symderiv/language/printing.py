"""Printing expressions in the language the parser reads (text) and in LaTeX."""
from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from symderiv.language.names import natural_key

#: sums with more terms than this are ordered by their printed terms (natural order):
#: SymPy's lexicographic term order costs quadratic time in the number of variables
LARGE_SUM = 40


def _ordered_terms(printer, expr, order):
    if order is None and expr.is_Add and len(expr.args) > LARGE_SUM:
        return sorted(expr.args, key=lambda t: natural_key(sp.printing.str.sstr(t, order="none")))
    return super(type(printer), printer)._as_ordered_terms(expr, order=order)  # SymPy's own order

# --------------------------------------------------------------------------------------
# Printing in the language the parser reads
# --------------------------------------------------------------------------------------

class _TextPrinter(sp.printing.str.StrPrinter):
    _names = {sp.Abs: "abs", sp.Max: "max", sp.Min: "min", sp.Heaviside: "heaviside",
              sp.sign: "sign"}

    def _print_Function(self, expr):
        name = self._names.get(expr.func, expr.func.__name__)
        args = expr.args[:1] if expr.func is sp.Heaviside else expr.args  # H(0) = 1/2 is the language's
        return "%s(%s)" % (name, ", ".join(self._print(a) for a in args))

    _print_Abs = _print_Max = _print_Min = _print_Heaviside = _print_Function

    _as_ordered_terms = _ordered_terms

    def _print_Exp1(self, expr):
        return "e"

    def _print_ImaginaryUnit(self, expr):  # never produced for real input
        return "I"


def to_text(expr) -> str:
    """Print a SymPy expression in the syntax :func:`symderiv.language.parse.parse` accepts."""
    return _TextPrinter({"order": None}).doprint(sp.sympify(expr))


class _LatexPrinter(LatexPrinter):
    _as_ordered_terms = _ordered_terms


def to_latex(expr) -> str:
    """SymPy's LaTeX (large sums in natural order of their terms)."""
    return _LatexPrinter().doprint(sp.sympify(expr))

