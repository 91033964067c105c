"""Products printed with their factors in the order given (SymPy sorts the factors of a
product, so the numbers substituted into a formula would stand in another order than its
symbols): ``dot`` joins numbers with a centred dot, ``row`` symbols with a thin space; sums
(:func:`symderiv.documents.notation.terms`) and negative numbers are put in parentheses."""
from __future__ import annotations

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symderiv.documents.notation import Terms, _Shown


def _negative(a) -> bool:
    v = a.args[0] if isinstance(a, sp.UnevaluatedExpr) else a
    return bool(getattr(v, "is_number", False) and v.is_negative)


class _Ordered(_Shown):
    joiner = r" \cdot "

    def _latex(self, printer):
        out = []
        for k, a in enumerate(self.args):
            t = printer._print(a)
            if isinstance(a, (Terms, sp.Add)) or (k > 0 and (_negative(a) or t.lstrip().startswith("-"))):
                t = r"\left(%s\right)" % t
            out.append(t)
        return self.joiner.join(out)

    def _sympystr(self, printer):
        return "*".join("(%s)" % printer._print(a) for a in self.args)

    precedence = PRECEDENCE["Mul"]


class Dot(_Ordered):
    joiner = r" \cdot "


class Row(_Ordered):
    joiner = r" "


def dot(*factors) -> Dot:
    return Dot(*factors)


def row(*factors) -> Row:
    return Row(*factors)
