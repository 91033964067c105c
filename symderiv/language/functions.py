"""The elementwise functions of the expression language, as one table.

Each row of :data:`FUNCTIONS` says, for one name a user may write:

* ``sympy``: how to build the SymPy expression from the argument expressions,
* ``arity``: how many arguments it takes (``(lo, hi)``; ``hi=None`` means any number),
* ``local``: the local partial derivatives for the computation graph, as SymPy
  expressions of the argument symbols and the output symbol (so a tape can reuse the
  node's own value, e.g. ``sigma' = out * (1 - out)``),
* ``kinks``: a predicate on the arguments that is zero on the non-differentiable set
  (or ``None`` for smooth functions).

SymPy does the algebra; the few functions SymPy lacks (sigmoid, ReLU, softplus, ...)
are small :class:`sympy.Function` subclasses with their derivative (``fdiff``), their
rewrite into elementary functions (for simplification) and their LaTeX.

:func:`numeric` turns any expression of the language into a NumPy function that also
works for complex arguments (complex-step differentiation): the kinked functions
branch on the real part, so ``abs``, ``max`` and friends stay analytic off their kinks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np
import sympy as sp

# --------------------------------------------------------------------------------------
# SymPy functions that SymPy lacks
# --------------------------------------------------------------------------------------


def _power(exp) -> str:
    """``%s`` or ``\\left(%s\\right)^{exp}`` (SymPy passes ``exp`` for powers of a function)."""
    return "%s" if exp is None else r"\left(%s\right)^{" + str(exp).replace("%", "%%") + "}"


class sigmoid(sp.Function):
    r"""Logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return sp.Rational(1, 2)

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\sigma\left(%s\right)" % printer._print(self.args[0])


class relu(sp.Function):
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

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(0, x)

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_rewrite_as_Piecewise(self, x, **kwargs):
        return sp.Piecewise((x, x > 0), (0, True))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0])


class softplus(sp.Function):
    r"""Softplus :math:`\log(1 + e^x)`; its derivative is the sigmoid."""

    nargs = 1

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sp.log(1 + sp.exp(x))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_evalf(self, prec):
        return sp.log(1 + sp.exp(self.args[0]))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{softplus}\left(%s\right)" % printer._print(self.args[0])


LEAKY_ALPHA = sp.Rational(1, 100)


class leaky_relu(sp.Function):
    r"""Leaky ReLU :math:`\max(\alpha x, x)` with :math:`\alpha = 0.01`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return sp.Max(LEAKY_ALPHA * x, x)

    def fdiff(self, argindex=1):
        x = self.args[0]
        return LEAKY_ALPHA + (1 - LEAKY_ALPHA) * sp.Heaviside(x)

    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(LEAKY_ALPHA * x, x)

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{LReLU}\left(%s\right)" % printer._print(self.args[0])


class prelu(sp.Function):
    r"""Parametric ReLU :math:`\max(0, x) + a \min(0, x)` (``prelu(x, a)``)."""

    nargs = 2

    @classmethod
    def eval(cls, x, a):
        if x.is_number and x.is_real and a.is_number:
            return sp.Max(0, x) + a * sp.Min(0, x)

    def fdiff(self, argindex=1):
        x, a = self.args
        if argindex == 1:
            return sp.Heaviside(x) + a * sp.Heaviside(-x)
        return x * sp.Heaviside(-x)

    def _eval_rewrite_as_Max(self, x, a, **kwargs):
        return sp.Max(0, x) + a * sp.Min(0, x)

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_is_real(self):
        return self.args[0].is_real and self.args[1].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{PReLU}_{%s}\left(%s\right)" % (
            printer._print(self.args[1]), printer._print(self.args[0]))


class elu(sp.Function):
    r"""ELU with :math:`\alpha = 1`: :math:`x` for :math:`x > 0`, :math:`e^x - 1` else."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return x if x > 0 else sp.exp(x) - 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sp.Heaviside(x) + (1 - sp.Heaviside(x)) * sp.exp(x)

    def _eval_rewrite_as_Piecewise(self, x, **kwargs):
        return sp.Piecewise((x, x > 0), (sp.exp(x) - 1, True))

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sp.Heaviside(x) * x + (1 - sp.Heaviside(x)) * (sp.exp(x) - 1)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{ELU}\left(%s\right)" % printer._print(self.args[0])


class gelu(sp.Function):
    r"""GELU :math:`x \Phi(x) = \tfrac{x}{2}(1 + \operatorname{erf}(x/\sqrt2))`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return sp.S.Zero

    def fdiff(self, argindex=1):
        x = self.args[0]
        return (1 + sp.erf(x / sp.sqrt(2))) / 2 + x * sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)

    def _eval_rewrite_as_erf(self, x, **kwargs):
        return x * (1 + sp.erf(x / sp.sqrt(2))) / 2

    _eval_rewrite_as_exp = _eval_rewrite_as_erf

    def _eval_evalf(self, prec):
        return self.rewrite(sp.erf)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{GELU}\left(%s\right)" % printer._print(self.args[0])


class hardtanh(sp.Function):
    r"""Hard tanh :math:`\max(-1, \min(1, x))`; kinks at :math:`\pm 1`."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_number and x.is_real:
            return sp.Max(-1, sp.Min(1, x))

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sp.Heaviside(x + 1) * sp.Heaviside(1 - x)

    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(-1, sp.Min(1, x))

    _eval_rewrite_as_exp = _eval_rewrite_as_Max

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):  # exp: SymPy prints f(x)**k as f(x)^k
        return _power(exp) % r"\operatorname{hardtanh}\left(%s\right)" % printer._print(self.args[0])


CUSTOM_FUNCTIONS = (sigmoid, relu, softplus, leaky_relu, prelu, elu, gelu, hardtanh)


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite the custom functions into SymPy's own (exp, log, Max, erf, Heaviside)."""
    return expr.rewrite(sp.exp)


# --------------------------------------------------------------------------------------
# The table: one row per name of the expression language
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionRule:
    name: str
    sympy: Callable[..., sp.Expr]
    arity: tuple
    local: Callable[..., tuple]  # (args..., out) -> tuple of local partials
    kinks: Optional[Callable[..., sp.Expr]] = None  # args -> expression zero at the kinks
    description: str = ""


_H = sp.Heaviside


def _extremum_local(args, sign):
    """Partials of max (sign=+1) or min (sign=-1): H(sign (a_i - a_j)) over the other
    arguments; of identical arguments, the first one takes the derivative."""
    out = []
    for i, a in enumerate(args):
        factors = []
        for j, b in enumerate(args):
            if j == i:
                continue
            if b == a:
                if j < i:
                    factors.append(sp.S.Zero)
                continue
            factors.append(_H(sign * (a - b)))
        out.append(sp.Mul(*factors))
    return tuple(out)


def _max_local(*a_out):
    return _extremum_local(a_out[:-1], 1)


def _min_local(*a_out):
    return _extremum_local(a_out[:-1], -1)


def _pairwise(*args):
    return sp.Mul(*[a - b for i, a in enumerate(args) for b in args[i + 1:]])


def _rows():
    # each ``local`` takes the argument symbols and the output symbol: (a, ..., out)
    return [
        FunctionRule("exp", sp.exp, (1, 1), lambda a, o: (o,), description="exponential"),
        FunctionRule("log", sp.log, (1, 1), lambda a, o: (1 / a,), description="natural logarithm"),
        FunctionRule("ln", sp.log, (1, 1), lambda a, o: (1 / a,), description="natural logarithm"),
        FunctionRule("sqrt", sp.sqrt, (1, 1), lambda a, o: (1 / (2 * o),), description="square root"),
        FunctionRule("sin", sp.sin, (1, 1), lambda a, o: (sp.cos(a),), description="sine"),
        FunctionRule("cos", sp.cos, (1, 1), lambda a, o: (-sp.sin(a),), description="cosine"),
        FunctionRule("tan", sp.tan, (1, 1), lambda a, o: (1 + o**2,), description="tangent"),
        FunctionRule("tanh", sp.tanh, (1, 1), lambda a, o: (1 - o**2,), description="hyperbolic tangent"),
        FunctionRule("sinh", sp.sinh, (1, 1), lambda a, o: (sp.cosh(a),), description="hyperbolic sine"),
        FunctionRule("cosh", sp.cosh, (1, 1), lambda a, o: (sp.sinh(a),), description="hyperbolic cosine"),
        FunctionRule("sigmoid", sigmoid, (1, 1), lambda a, o: (o * (1 - o),), description="logistic sigmoid"),
        FunctionRule("relu", relu, (1, 1), lambda a, o: (_H(a),), lambda a: a, "rectified linear unit"),
        FunctionRule("softplus", softplus, (1, 1), lambda a, o: (sigmoid(a),), description="log(1 + exp(x))"),
        FunctionRule("leaky_relu", leaky_relu, (1, 1),
                     lambda a, o: (LEAKY_ALPHA + (1 - LEAKY_ALPHA) * _H(a),), lambda a: a,
                     "leaky ReLU, alpha = 0.01"),
        FunctionRule("prelu", prelu, (2, 2),
                     lambda a, al, o: (_H(a) + al * _H(-a), a * _H(-a)), lambda a, al: a,
                     "parametric ReLU prelu(x, alpha)"),
        FunctionRule("elu", elu, (1, 1), lambda a, o: (_H(a) + (1 - _H(a)) * sp.exp(a),),
                     description="exponential linear unit (alpha = 1)"),
        FunctionRule("gelu", gelu, (1, 1), lambda a, o: (gelu(a).fdiff(),),
                     description="Gaussian error linear unit x Phi(x)"),
        FunctionRule("hardtanh", hardtanh, (1, 1), lambda a, o: (_H(a + 1) * _H(1 - a),),
                     lambda a: (a - 1) * (a + 1), "hard tanh max(-1, min(1, x))"),
        FunctionRule("abs", sp.Abs, (1, 1), lambda a, o: (sp.sign(a),), lambda a: a, "absolute value"),
        FunctionRule("sign", sp.sign, (1, 1), lambda a, o: (sp.S.Zero,), lambda a: a, "sign"),
        FunctionRule("heaviside", sp.Heaviside, (1, 1), lambda a, o: (sp.S.Zero,), lambda a: a,
                     "Heaviside step, H(0) = 1/2"),
        FunctionRule("max", sp.Max, (2, None), _max_local, _pairwise, "maximum"),
        FunctionRule("min", sp.Min, (2, None), _min_local, _pairwise, "minimum"),
        FunctionRule("erf", sp.erf, (1, 1),
                     lambda a, o: (2 * sp.exp(-a**2) / sp.sqrt(sp.pi),), description="error function"),
    ]


FUNCTIONS: dict[str, FunctionRule] = {r.name: r for r in _rows()}

#: SymPy head -> name in the table (for graphs built from SymPy expressions).
SYMPY_HEADS: dict = {}
for _r in FUNCTIONS.values():
    _head = _r.sympy
    SYMPY_HEADS.setdefault(_head, _r.name)

CONSTANTS = {"pi": sp.pi, "e": sp.E}


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


# --------------------------------------------------------------------------------------
# NumPy versions (complex-safe: kinks branch on the real part)
# --------------------------------------------------------------------------------------

def _re(z):
    return np.real(z)


def np_sigmoid(z):
    z = np.asarray(z)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        pos = 1 / (1 + np.exp(-z))
        ez = np.exp(z)
        neg = ez / (1 + ez)
    return np.where(_re(z) >= 0, pos, neg)


def np_softplus(z):
    z = np.asarray(z)
    if not np.iscomplexobj(z):
        return np.logaddexp(0, z)
    with np.errstate(over="ignore", invalid="ignore"):
        pos = z + np.log1p(np.exp(-z))
        neg = np.log1p(np.exp(z))
    return np.where(_re(z) > 0, pos, neg)


def np_heaviside(z):
    r = _re(np.asarray(z))
    return np.where(r > 0, 1.0, np.where(r < 0, 0.0, 0.5))


def np_relu(z):
    z = np.asarray(z)
    return np.where(_re(z) > 0, z, 0 * z)


def np_leaky_relu(z):
    z = np.asarray(z)
    return np.where(_re(z) > 0, z, float(LEAKY_ALPHA) * z)


def np_prelu(z, a):
    z = np.asarray(z)
    return np.where(_re(z) > 0, z, a * z)


def np_elu(z):
    z = np.asarray(z)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(_re(z) > 0, z, np.expm1(np.where(_re(z) > 0, 0 * z, z)))


def np_erf(z):
    from scipy.special import erf
    return erf(z)


def np_gelu(z):
    z = np.asarray(z)
    return z * (1 + np_erf(z / np.sqrt(2))) / 2


def np_hardtanh(z):
    z = np.asarray(z)
    r = _re(z)
    return np.where(r > 1, 1.0 + 0 * z, np.where(r < -1, -1.0 + 0 * z, z))


def np_abs(z):
    z = np.asarray(z)
    if not np.iscomplexobj(z):
        return np.abs(z)
    return z * np.sign(_re(z))


def np_sign(z):
    return np.sign(_re(np.asarray(z)))


def np_max(*args):
    out = np.asarray(args[0])
    for a in args[1:]:
        a = np.asarray(a)
        out = np.where(_re(a) > _re(out), a, out)
    return out


def np_min(*args):
    out = np.asarray(args[0])
    for a in args[1:]:
        a = np.asarray(a)
        out = np.where(_re(a) < _re(out), a, out)
    return out


def np_dirac(*args):
    return 0 * _re(np.asarray(args[0]))


class _cabs(sp.Function):
    pass


class _cmax(sp.Function):
    pass


class _cmin(sp.Function):
    pass


class _cheaviside(sp.Function):
    pass


class _csign(sp.Function):
    pass


class _cdirac(sp.Function):
    pass


NUMPY_NAMESPACE = {
    "sigmoid": np_sigmoid, "relu": np_relu, "softplus": np_softplus,
    "leaky_relu": np_leaky_relu, "prelu": np_prelu, "elu": np_elu, "gelu": np_gelu,
    "hardtanh": np_hardtanh, "erf": np_erf,
    "_cabs": np_abs, "_cmax": np_max, "_cmin": np_min, "_cheaviside": np_heaviside,
    "_csign": np_sign, "_cdirac": np_dirac,
}

_REPLACE = ((sp.Abs, _cabs), (sp.Max, _cmax), (sp.Min, _cmin), (sp.sign, _csign))


def _for_numpy(expr: sp.Expr) -> sp.Expr:
    for head, repl in _REPLACE:
        if expr.has(head):
            expr = expr.replace(head, lambda *a, _r=repl: _r(*a))
    if expr.has(sp.Heaviside):
        expr = expr.replace(sp.Heaviside, lambda *a: _cheaviside(a[0]))
    if expr.has(sp.DiracDelta):
        expr = expr.replace(sp.DiracDelta, lambda *a: _cdirac(a[0]))
    return expr


def numeric(expr, symbols: Sequence[sp.Symbol]) -> Callable:
    """A NumPy function ``f(*values)`` of ``expr`` (works on arrays and complex input)."""
    expr = _for_numpy(sp.sympify(expr))
    return sp.lambdify(list(symbols), expr, modules=[NUMPY_NAMESPACE, "numpy"])
