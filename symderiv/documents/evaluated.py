"""An expression evaluated at a point, as a SymPy object (:func:`symderiv.documents.notation.at`):
the document's printer types its numbers (siunitx in LaTeX, plain numbers for MathJax)."""
from __future__ import annotations

import sympy as sp

__all__ = ["EvaluatedAt", "Fragment"]


class Fragment(sp.Symbol):
    """A :class:`Latex` fragment inside a SymPy expression (prints its code)."""

    def _latex(self, printer):
        return self.name


class EvaluatedAt(sp.Expr):
    """``\\left.expr\\right|_{x_1=1;\\ x_2=2}`` (";": "x_1=1,2; x_2=1" with a decimal comma)."""

    is_commutative = True

    def _latex(self, printer):
        expr, keys, values = self.args
        items = r";\ ".join("%s=%s" % (printer._print(k), printer._print(v)) for k, v in zip(keys, values))
        return r"\left.%s\right|_{%s}" % (printer._print(expr), items)
