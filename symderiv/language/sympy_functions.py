"""SymPy functions that SymPy lacks: sigmoid, ReLU, softplus, leaky ReLU, PReLU, ELU, GELU,
hard tanh. Each is a small :class:`sympy.Function` subclass with its rewrite into elementary
functions (for simplification) and its LaTeX; its derivative (``fdiff``) is the local rule
of its row in :data:`symderiv.language.table.FUNCTIONS` (one declaration, no second copy).
:func:`make_function` builds such a class for a function declared with
:func:`symderiv.language.table.declare_function`.
"""
from __future__ import annotations

from typing import Callable, Optional

import sympy as sp


def _call_latex(call: str, exp=None) -> str:
    """LaTeX of a call; SymPy's power printer passes the exponent as ``exp``
    (``sigmoid(y)**3`` -> ``\\sigma\\left(y\\right)^{3}``)."""
    if exp is None:
        return call
    return r"%s^{%s}" % (call, exp)



#: NumPy forms of declared functions (name -> callable), for :func:`symderiv.language.numeric.numeric`
NUMPY_FORMS: dict = {}


class TableFunction(sp.Function):
    """A function of the table: ``fdiff`` is the row's local rule (set on the class by
    :mod:`symderiv.language.table` through :meth:`set_rule`) with the output symbol replaced by the
    function itself (sigma' = sigma (1 - sigma))."""

    _local: Optional[Callable[..., tuple]] = None  # (args..., out) -> partials

    @classmethod
    def set_rule(cls, local: Callable[..., tuple]) -> None:
        """Its derivative: ``local(args..., out)`` -> the partials (a row of the table)."""
        cls._local = staticmethod(local)

    def fdiff(self, argindex=1):
        rule = type(self)._local
        if rule is None:  # a defect of ours, not bad input
            raise RuntimeError(f"{type(self).__name__} has no derivative rule: import it from "
                               "symderiv.language.table, which declares the rules")
        return rule(*self.args, self)[argindex - 1]


def make_function(name: str, definition, latex_name: str, nargs: int = 1) -> type[TableFunction]:
    """A SymPy function class ``name`` defined by ``definition`` (argument expressions ->
    elementary expression, used to rewrite and evaluate it) printed as ``latex_name(...)``."""

    def rewrite(self, *args, **kwargs):
        return definition(*args)

    def evalf(self, prec):
        return definition(*self.args)._eval_evalf(prec)

    def is_real(self):
        return sp.core.logic.fuzzy_and(a.is_real for a in self.args)

    def latex(self, printer, exp=None):
        inner = ", ".join(printer._print(a) for a in self.args)
        return _call_latex(r"%s\left(%s\right)" % (latex_name, inner), exp)

    return type(name, (TableFunction,), {"nargs": nargs, "_eval_rewrite_as_exp": rewrite,
                                         "_eval_evalf": evalf, "_eval_is_real": is_real,
                                         "_latex": latex, "__module__": __name__})


class sigmoid(TableFunction):
    r"""Logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_Number and x.is_zero:  # a cheap test: is_zero of a product asks the assumption system
            return sp.Rational(1, 2)


    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _latex(self, printer, exp=None):
        return _call_latex(r"\sigma\left(%s\right)" % printer._print(self.args[0]), exp)


class relu(TableFunction):
    r"""Rectified linear unit :math:`\max(0, x)`; derivative Heaviside (kink at 0)."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return sp.Max(0, x)
        if x.is_nonnegative:
            return x
        if x.is_nonpositive:
            return sp.S.Zero


    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(0, x)

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_rewrite_as_Piecewise(self, x, **kwargs):
        return sp.Piecewise((x, x > 0), (0, True))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0]), exp)


class softplus(TableFunction):
    r"""Softplus :math:`\log(1 + e^x)`; its derivative is the sigmoid."""

    nargs = 1


    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sp.log(1 + sp.exp(x))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_evalf(self, prec):
        return sp.log(1 + sp.exp(self.args[0]))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{softplus}\left(%s\right)" % printer._print(self.args[0]), exp)


LEAKY_ALPHA = sp.Rational(1, 100)


class leaky_relu(TableFunction):
    r"""Leaky ReLU :math:`\max(\alpha x, x)` with :math:`\alpha = 0.01`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return sp.Max(LEAKY_ALPHA * x, x)


    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(LEAKY_ALPHA * x, x)

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{LReLU}\left(%s\right)" % printer._print(self.args[0]), exp)


class prelu(TableFunction):
    r"""Parametric ReLU :math:`\max(0, x) + a \min(0, x)` (``prelu(x, a)``)."""

    nargs = 2

    @classmethod
    def eval(cls, x, a):
        if x.is_number and x.is_real and a.is_number:
            return sp.Max(0, x) + a * sp.Min(0, x)


    def _eval_rewrite_as_Max(self, x, a, **kwargs):
        return sp.Max(0, x) + a * sp.Min(0, x)

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_is_real(self):
        return self.args[0].is_real and self.args[1].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{PReLU}_{%s}\left(%s\right)" % (
            printer._print(self.args[1]), printer._print(self.args[0])), exp)


class elu(TableFunction):
    r"""ELU with :math:`\alpha = 1`: :math:`x` for :math:`x > 0`, :math:`e^x - 1` else."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return x if x > 0 else sp.exp(x) - 1


    def _eval_rewrite_as_Piecewise(self, x, **kwargs):
        return sp.Piecewise((x, x > 0), (sp.exp(x) - 1, True))

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sp.Heaviside(x) * x + (1 - sp.Heaviside(x)) * (sp.exp(x) - 1)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{ELU}\left(%s\right)" % printer._print(self.args[0]), exp)


class gelu(TableFunction):
    r"""GELU :math:`x \Phi(x) = \tfrac{x}{2}(1 + \operatorname{erf}(x/\sqrt2))`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_Number and x.is_zero:  # a cheap test: is_zero of a product asks the assumption system
            return sp.S.Zero


    def _eval_rewrite_as_erf(self, x, **kwargs):
        return x * (1 + sp.erf(x / sp.sqrt(2))) / 2

    _eval_rewrite_as_exp = _eval_rewrite_as_erf

    def _eval_evalf(self, prec):
        return self.rewrite(sp.erf)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{GELU}\left(%s\right)" % printer._print(self.args[0]), exp)


class hardtanh(TableFunction):
    r"""Hard tanh :math:`\max(-1, \min(1, x))`; kinks at :math:`\pm 1`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return sp.Max(-1, sp.Min(1, x))


    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(-1, sp.Min(1, x))

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        return _call_latex(r"\operatorname{hardtanh}\left(%s\right)" % printer._print(self.args[0]), exp)


#: the classes above and those of declared functions (:func:`make_function`)
CUSTOM_FUNCTIONS = [sigmoid, relu, softplus, leaky_relu, prelu, elu, gelu, hardtanh]


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite the custom functions into SymPy's own (exp, log, Max, erf, Heaviside)."""
    return expr.rewrite(sp.exp)

