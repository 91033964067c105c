"""The elementwise functions of the expression language, as one table.

Each row of :data:`FUNCTIONS` is the :class:`~symderiv.language.ops.Op` of one name a user
may write (a call node of a graph refers to it); it says:

* ``sympy``: how to build the SymPy expression from the argument expressions,
* ``arity``: how many arguments it takes (``(lo, hi)``; ``hi=None`` means any number),
* ``local``: the local partial derivatives for the computation graph, as SymPy
  expressions of the argument symbols and the output symbol (so a tape can reuse the
  node's own value, e.g. ``sigma' = out * (1 - out)``),
* ``kinks``: a predicate on the arguments that is zero on the non-differentiable set
  (or ``None`` for smooth functions).
"""
from __future__ import annotations

from typing import Callable, Optional

import sympy as sp

from symderiv.language.ops import Op
from symderiv.language.sympy_functions import (CUSTOM_FUNCTIONS, LEAKY_ALPHA, NUMPY_FORMS, TableFunction,
                                                elu, gelu, hardtanh, leaky_relu, make_function, prelu,
                                                relu, sigmoid, softplus)

# --------------------------------------------------------------------------------------
# The table: one row per name of the expression language
# --------------------------------------------------------------------------------------


def FunctionRule(name: str, sympy: Callable, arity: tuple, local: Callable,
                 kinks: Optional[Callable] = None, description: str = "", **more) -> Op:
    """A row of the table: the :class:`~symderiv.language.ops.Op` of a function call."""
    return Op("call", name, sympy=sympy, local=local, arity=arity, kinks=kinks,
              description=description, **more)


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
        FunctionRule("gelu", gelu, (1, 1),
                     lambda a, o: ((1 + sp.erf(a / sp.sqrt(2))) / 2 + a * sp.exp(-a**2 / 2) / sp.sqrt(2 * sp.pi),),
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


#: name -> its Op (a call: ``sympy`` and ``local`` are set)
FUNCTIONS: dict[str, Op] = {r.name: r for r in _rows()}

#: SymPy head -> name in the table (for graphs built from SymPy expressions).
SYMPY_HEADS: dict[Callable, str] = {}


def _link(op: Op) -> None:
    """Enter a row's SymPy head in :data:`SYMPY_HEADS` (the first name of a head stays:
    ``log`` before ``ln``); a custom SymPy function takes its ``fdiff`` from the row."""
    head, local = op.sympy, op.local
    if head is None or local is None:
        raise ValueError(f"function '{op.name}': a row needs its SymPy form and its local rule")
    SYMPY_HEADS.setdefault(head, op.name)
    if isinstance(head, type) and issubclass(head, TableFunction):
        head.set_rule(local)


for _r in FUNCTIONS.values():
    _link(_r)

CONSTANTS = {"pi": sp.pi, "e": sp.E}
_BUILT_IN = len(CUSTOM_FUNCTIONS)  # the custom classes before any declaration


def declare_function(name: str, definition: Callable, local: Callable, *, latex: str = "",
                     numpy: Optional[Callable] = None, kinks: Optional[Callable] = None,
                     description: str = "", catalog: Optional[tuple] = None, nargs: int = 1) -> Op:
    """Declare a new function of the language (an activation) in one place.

    ``definition`` (argument expressions -> elementary SymPy expression) defines it,
    ``local`` ((args..., out) -> partials) is its derivative rule, ``latex`` its printed
    name (default ``\\operatorname{name}``), ``numpy`` its NumPy form (default: the
    definition lambdified), ``kinks`` its kink predicate, ``catalog`` its ``(title,
    description)`` in the activation catalog. The parser, the graph, the tapes, the
    printers, NumPy evaluation, the checks and the catalog read it from this row."""
    if name in FUNCTIONS or name in CONSTANTS or not name.isidentifier():
        raise ValueError(f"cannot declare '{name}': taken or not a name")
    cls = make_function(name, definition, latex or r"\operatorname{%s}" % name, nargs)
    if numpy is None:
        numpy = _lambdified_definition(definition, nargs)
    op = FunctionRule(name, cls, (nargs, nargs), local, kinks, description, numpy=numpy, catalog=catalog)
    FUNCTIONS[name] = op
    _link(op)
    NUMPY_FORMS[name] = numpy
    CUSTOM_FUNCTIONS.append(cls)
    return op


def undeclare_function(name: str) -> None:
    """Forget a function declared with :func:`declare_function` (the built-in rows stay)."""
    op = FUNCTIONS.get(name)
    if op is None or op.sympy not in CUSTOM_FUNCTIONS[_BUILT_IN:]:
        raise ValueError(f"'{name}' is not a declared function")
    del FUNCTIONS[name]
    SYMPY_HEADS.pop(op.sympy, None)
    NUMPY_FORMS.pop(name, None)
    CUSTOM_FUNCTIONS.remove(op.sympy)


def _lambdified_definition(definition, nargs):
    memo: list[Callable] = []

    def numpy(*values):
        if not memo:
            from symderiv.language.numeric import numeric
            xs = [sp.Symbol(f"a{i}", real=True) for i in range(nargs)]
            memo.append(numeric(definition(*xs), xs))
        return memo[0](*values)

    return numpy

