r"""Notation for documents: small math fragments SymPy has no object for.

Problems must not write LaTeX by hand; when they need the gradient symbol, a partial
derivative quotient, an edge ``v_1 \to v_2`` or "evaluated at", they take it from here.
Every function returns a :class:`symderiv.language.latex.Latex` whose pieces are printed with
``sympy.latex`` (names, expressions and numbers are never pasted in as raw strings;
floats through siunitx's ``\num``, see :func:`symderiv.documents.latex.number_latex`).
"""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symderiv.documents.latex import number_latex, sympy_latex
from symderiv.documents.content import Latex
from symderiv.documents.evaluated import EvaluatedAt, Fragment


def _tex(x: Any) -> str:
    if isinstance(x, Latex):
        return x.code
    if isinstance(x, str):
        return sympy_latex(sp.Symbol(x))
    if isinstance(x, float):
        return number_latex(x)
    return sympy_latex(x)


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


def at(expr: Any, point: dict) -> "EvaluatedAt":
    """``expr`` at ``point`` ({Symbol or name: value}), its numbers typed by the printer."""
    return EvaluatedAt(Fragment(expr.code) if isinstance(expr, Latex) else expr,
                       sp.Tuple(*[sp.Symbol(k) if isinstance(k, str) else k for k in point]),
                       sp.Tuple(*[sp.Float(v) if isinstance(v, float) else v for v in point.values()]))


# --------------------------------------------------------------------------------------
# SymPy objects for notation that must stand inside SymPy expressions (products, Eq, ...).
# Each prints itself through SymPy's printer: its pieces go through ``printer._print``.
# For plain super- and subscripts use SymPy's own naming (``Symbol("pi__k+1")`` prints
# pi^{k+1}, ``Symbol("mbar_t")`` prints \bar{m}_{t}, ``Transpose(MatrixSymbol(...))``).
# --------------------------------------------------------------------------------------

class _Shown(sp.Expr):
    """A commutative SymPy expression that only prints (it is never evaluated)."""

    is_commutative = True

    def __new__(cls, *args):
        return sp.Expr.__new__(cls, *[sp.sympify(a) if not isinstance(a, str) else sp.Symbol(a)
                                      for a in args])


class PartialQuotient(_Shown):
    """``d num / d den`` as a factor: prints ``\\frac{\\partial num}{\\partial den}``."""

    def _latex(self, printer):
        num, den = self.args
        return r"\frac{\partial %s}{\partial %s}" % (printer._print(num), printer._print(den))

    def _sympystr(self, printer):
        return "d(%s)/d(%s)" % tuple(printer._print(a) for a in self.args)


class Norm(_Shown):
    """``||expr||_p``."""

    def _latex(self, printer):
        expr, p = self.args
        return r"\left\| %s \right\|_{%s}" % (printer._print(expr), printer._print(p))

    def _sympystr(self, printer):
        return "||%s||_%s" % tuple(printer._print(a) for a in self.args)


class Optimum(_Shown):
    """``max``/``min``/``argmax``/``argmin`` of ``expr`` under ``constraint``."""

    _names = {"max": r"\max", "min": r"\min", "argmax": r"\operatorname{arg\,max}",
              "argmin": r"\operatorname{arg\,min}"}

    def _latex(self, printer):
        kind, constraint, expr = self.args
        return r"%s_{%s} %s" % (self._names[kind.name], printer._print(constraint), printer._print(expr))

    def _sympystr(self, printer):
        kind, constraint, expr = self.args
        return "%s_{%s} %s" % (kind.name, printer._print(constraint), printer._print(expr))


class CountOf(_Shown):
    """``#{var : condition}``: how many ``var`` satisfy ``condition``."""

    def _latex(self, printer):
        var, cond = self.args
        return r"\#\left\{%s : %s\right\}" % (printer._print(var), printer._print(cond))

    def _sympystr(self, printer):
        return "#{%s : %s}" % tuple(printer._print(a) for a in self.args)


def partial_expr(num: Any, den: Any) -> PartialQuotient:
    return PartialQuotient(num, den)


def norm(expr: Any, p: Any = 1) -> Norm:
    return Norm(expr, p)


def optimum(kind: str, constraint: Any, expr: Any) -> Optimum:
    if kind not in Optimum._names:
        raise ValueError(kind)
    return Optimum(sp.Symbol(kind), constraint, expr)


def count_of(var: Any, condition: Any) -> CountOf:
    return CountOf(var, condition)


class Ones(sp.MatrixSymbol):
    """The all-ones vector (or matrix) ``\\mathbf{1}`` of a given shape."""

    def __new__(cls, *args):
        if len(args) == 3:  # SymPy rebuilds from (name, n, m)
            return super().__new__(cls, *args)
        n, m = (args + (1,))[:2]
        return super().__new__(cls, "1", n, m)

    def _latex(self, printer):
        return r"\mathbf{1}"


def ones(n, m=1) -> Ones:
    return Ones(n, m)


class NormalLaw(_Shown):
    """``var ~ N(mean, sd^2)``."""

    def _latex(self, printer):
        var, mean, sd = self.args
        return r"%s \sim \mathcal{N}\left(%s, %s^{2}\right)" % tuple(printer._print(a) for a in (var, mean, sd))

    def _sympystr(self, printer):
        return "%s ~ N(%s, %s^2)" % tuple(printer._print(a) for a in self.args)


def normal(var: Any, mean: Any, sd: Any) -> NormalLaw:
    return NormalLaw(var, mean, sd)


class Tends(_Shown):
    """``var -> point`` (a limit that is approached)."""

    def _latex(self, printer):
        return r"%s \to %s" % tuple(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return "%s -> %s" % tuple(printer._print(a) for a in self.args)


def tends(var: Any, point: Any) -> Tends:
    return Tends(var, point)


# --------------------------------------------------------------------------------------
# Notation for the gradient-flow, atlas and lecture problems (printer-aware, no messages).
# --------------------------------------------------------------------------------------

class Terms(_Shown):
    """A sum printed with its terms in the order given (``n - i + 1``, not SymPy's
    ``- i + n + 1``); the value is never used, only the printed form."""

    def _latex(self, printer):
        out = []
        for k, term in enumerate(self.args):
            t = printer._print(term)
            if k == 0:
                out.append(t)
            elif t.startswith("-"):
                out.append("- " + t[1:].lstrip())
            else:
                out.append("+ " + t)
        return " ".join(out)

    #: printed like a sum: parenthesized as a factor or an exponent (SymPy's ``precedence``)
    precedence = PRECEDENCE["Add"]

    def _sympystr(self, printer):
        out = []
        for k, term in enumerate(self.args):
            t = printer._print(term)
            out.append(t if k == 0 else ("- " + t[1:].lstrip()) if t.startswith("-") else "+ " + t)
        return " ".join(out)


def terms(*args) -> Terms:
    return Terms(*args)


class IntegerRange(_Shown):
    """``{lo, ..., hi}`` (consecutive integers)."""

    def _latex(self, printer):
        lo, hi = self.args
        return r"\left\{%s, \ldots, %s\right\}" % (printer._print(lo), printer._print(hi))

    def _sympystr(self, printer):
        return "{%s, ..., %s}" % tuple(printer._print(a) for a in self.args)


def integer_range(lo, hi) -> IntegerRange:
    return IntegerRange(lo, hi)


class BigOperator(_Shown):
    """``\\prod_{condition} expr`` or ``\\sum_{condition} expr`` over an index condition
    such as ``j \\ne i`` or ``F_i = 0`` that SymPy's ``Product``/``Sum`` cannot express."""

    _names = {"prod": r"\prod", "sum": r"\sum"}

    def _latex(self, printer):
        kind, cond, expr = self.args
        return r"%s_{%s} %s" % (self._names[kind.name], printer._print(cond), printer._print(expr))

    def _sympystr(self, printer):
        kind, cond, expr = self.args
        return "%s_{%s} %s" % (kind.name, printer._print(cond), printer._print(expr))


def big_operator(kind: str, condition: Any, expr: Any) -> BigOperator:
    if kind not in BigOperator._names:
        raise ValueError(kind)
    return BigOperator(sp.Symbol(kind), condition, expr)


class OneSided(_Shown):
    """A one-sided derivative ``\\partial_{var}^{\\pm} f`` (sign ``+`` or ``-``)."""

    def _latex(self, printer):
        f, var, sign = self.args
        return r"\partial_{%s}^{%s} %s" % (printer._print(var), "+" if sign.name == "plus" else "-",
                                            printer._print(f))

    def _sympystr(self, printer):
        f, var, sign = self.args
        return "d%s_%s %s" % ("+" if sign.name == "plus" else "-", printer._print(var), printer._print(f))


def one_sided(f: Any, var: Any, right: bool) -> OneSided:
    return OneSided(f, var, sp.Symbol("plus" if right else "minus"))


class Operation(_Shown):
    """An operator name applied to arguments, upright: ``\\operatorname{diag}(s)``; without
    arguments the name alone (``\\operatorname{NN}``, a function named in the text)."""

    def _latex(self, printer):
        name, *args = self.args
        if not args:
            return r"\operatorname{%s}" % name.name
        return r"\operatorname{%s}\left(%s\right)" % (name.name, ", ".join(printer._print(a) for a in args))

    def _sympystr(self, printer):
        name, *args = self.args
        return "%s(%s)" % (name.name, ", ".join(printer._print(a) for a in args))


def operation(name: str, *args) -> Operation:
    if not name.isalpha():
        raise ValueError(name)
    return Operation(sp.Symbol(name), *args)


class Element(_Shown):
    """``elem \\in container`` for containers that are not SymPy sets (e.g. IntegerRange)."""

    def _latex(self, printer):
        return r"%s \in %s" % tuple(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return "%s in %s" % tuple(printer._print(a) for a in self.args)


def element(elem: Any, container: Any) -> Element:
    return Element(elem, container)


class Power(_Shown):
    """``base^{exponent}`` kept as written (SymPy would turn ``(1/4)^{n-i+1}`` into
    ``4^{-(n-i+1)}`` inside products)."""

    def _latex(self, printer):
        base, exponent = self.args
        b = printer._print(base)
        if not (base.is_Symbol or isinstance(base, (sp.Abs, sp.Indexed)) or base is sp.Reals
                or (base.is_Integer and base >= 0)):
            b = r"\left(%s\right)" % b
        return r"%s^{%s}" % (b, printer._print(exponent))

    def _sympystr(self, printer):
        return "(%s)^(%s)" % tuple(printer._print(a) for a in self.args)


def power(base: Any, exponent: Any) -> Power:
    return Power(base, exponent)


class NormalVariance(_Shown):
    """``var ~ N(mean, variance)`` with the variance as given (``N(K mu, K s^2)``)."""

    def _latex(self, printer):
        return r"%s \sim \mathcal{N}\left(%s, %s\right)" % tuple(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return "%s ~ N(%s, %s)" % tuple(printer._print(a) for a in self.args)


def normal_variance(var: Any, mean: Any, variance: Any) -> NormalVariance:
    return NormalVariance(var, mean, variance)


class Shape(_Shown):
    """The size ``m \\times n`` of a matrix (as an exponent: ``\\mathbb{R}^{m \\times n}``)."""

    def _latex(self, printer):
        return r" \times ".join(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return " x ".join(printer._print(a) for a in self.args)


def shape(*dims) -> Shape:
    return Shape(*dims)


class Juxtaposed(_Shown):
    """A product printed with its factors in the order given (``a^T ReLU(F)``; SymPy puts
    scalar factors before matrix ones)."""

    def _latex(self, printer):
        return r"\, ".join(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return "*".join(printer._print(a) for a in self.args)


def juxtaposed(*factors) -> Juxtaposed:
    return Juxtaposed(*factors)


class Arrows(_Shown):
    """Items joined by arrows, ``784 \\to 256 \\to 10`` (the sizes of a network's layers)."""

    def _latex(self, printer):
        return r" \to ".join(printer._print(a) for a in self.args)

    def _sympystr(self, printer):
        return " -> ".join(printer._print(a) for a in self.args)


class SupInf(_Shown):
    """``\\sup_{var} expr`` or ``\\inf_{var} expr`` (no constraint beyond the variable)."""

    def _latex(self, printer):
        kind, var, expr = self.args
        return r"\%s_{%s} %s" % (kind.name, printer._print(var), printer._print(expr))

    def _sympystr(self, printer):
        kind, var, expr = self.args
        return "%s_%s %s" % (kind.name, printer._print(var), printer._print(expr))


def sup_inf(kind: str, var: Any, expr: Any) -> SupInf:
    if kind not in ("sup", "inf"):
        raise ValueError(kind)
    return SupInf(sp.Symbol(kind), var, expr)
