"""The elementwise functions of the expression language, as one table.

Each row of :data:`FUNCTIONS` says, for one name a user may write:

* ``sympy``: how to build the SymPy expression from the argument expressions,
* ``arity``: how many arguments it takes (``(lo, hi)``; ``hi=None`` means any number),
* ``local``: the local partial derivatives for the computation graph, as SymPy
  expressions of the argument symbols and the output symbol (so a tape can reuse the
  node's own value, e.g. ``sigma' = out * (1 - out)``),
* ``kinks``: a predicate on the arguments that is zero on the non-differentiable set
  (or ``None`` for smooth functions).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import sympy as sp

from symderiv.language.sympy_functions import (LEAKY_ALPHA, elu, gelu, hardtanh, leaky_relu, prelu,
                                                relu, sigmoid, softplus)

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

