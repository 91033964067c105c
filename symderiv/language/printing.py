"""Printing expressions in the language the parser reads (text) and in LaTeX."""
from __future__ import annotations

import sympy as sp

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

    def _print_Exp1(self, expr):
        return "e"

    def _print_ImaginaryUnit(self, expr):  # never produced for real input
        return "I"


def to_text(expr) -> str:
    """Print a SymPy expression in the syntax :func:`symderiv.parse.parse` accepts."""
    return _TextPrinter({"order": None}).doprint(sp.sympify(expr))


def to_latex(expr) -> str:
    return sp.latex(expr)

