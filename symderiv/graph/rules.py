"""Rule tables of the graph's arithmetic operations and the numeric evaluation of a node.

:data:`BINARY_RULES` gives the local partials of ``+ - * / ^`` as SymPy expressions of the
argument symbols and the output symbol; :data:`BINARY_NUMERIC` the same in NumPy. Function
calls take theirs from :data:`symderiv.language.table.FUNCTIONS`.
"""
from __future__ import annotations

import re
from functools import lru_cache

import sympy as sp

from symderiv.language.table import FUNCTIONS

# --------------------------------------------------------------------------------------
# rule table for the arithmetic operations: (a, b, out) -> local partials
# --------------------------------------------------------------------------------------

BINARY_RULES = {
    "+": lambda a, b, o: (sp.S.One, sp.S.One),
    "-": lambda a, b, o: (sp.S.One, sp.S.NegativeOne),
    "*": lambda a, b, o: (b, a),
    "/": lambda a, b, o: (1 / b, -a / b**2),
    "^": lambda a, b, o: (b * a ** (b - 1), o * sp.log(a)),
}

BINARY_NUMERIC = {
    "+": (lambda a, b: a + b, lambda a, b, o: (1.0, 1.0)),
    "-": (lambda a, b: a - b, lambda a, b, o: (1.0, -1.0)),
    "*": (lambda a, b: a * b, lambda a, b, o: (b, a)),
    "/": (lambda a, b: a / b, lambda a, b, o: (1 / b, -a / b**2)),
    "^": (lambda a, b: a ** b, lambda a, b, o: (b * a ** (b - 1), o * _np().log(a))),
}

OP_LATEX = {"+": "+", "-": "-", "*": r"\cdot", "/": r"\div", "^": r"x^y", "neg": "-"}


def _np():
    """NumPy, imported on first numeric use (symbolic commands start faster without it)."""
    import numpy
    return numpy


@lru_cache(maxsize=None)
def _call_numeric(name: str, nargs: int):
    """NumPy value and local partials of a table function (lambdified once per name)."""
    rule = FUNCTIONS[name]
    args = [sp.Symbol(f"a{i}", real=True) for i in range(nargs)]
    out = sp.Symbol("o", real=True)
    from symderiv.language.numeric import numeric
    value = numeric(rule.sympy(*args), args)
    partials = [numeric(p, args + [out]) for p in rule.local(*args, out)]
    return value, partials


def local_exprs(op, name, param, args, out) -> tuple:
    """The local partials of a node ``op`` with argument symbols ``args`` and output ``out``."""
    if op in BINARY_RULES:
        return BINARY_RULES[op](*args, out)
    if op == "neg":
        return (sp.S.NegativeOne,)
    if op == "pow":
        return (param * args[0] ** (param - 1),)
    if op == "call":
        return FUNCTIONS[name].local(*args, out)
    raise AssertionError(op)


def apply_op(op, name, param, args):
    if op == "+":
        return args[0] + args[1]
    if op == "-":
        return args[0] - args[1]
    if op == "*":
        return args[0] * args[1]
    if op == "/":
        return args[0] / args[1]
    if op == "^":
        return args[0] ** args[1]
    if op == "neg":
        return -args[0]
    if op == "pow":
        return args[0] ** param
    if op == "call":
        return FUNCTIONS[name].sympy(*args)
    raise AssertionError(op)


def eval_op(n, args):
    if n.op in BINARY_NUMERIC:
        return BINARY_NUMERIC[n.op][0](*args)
    if n.op == "neg":
        return -args[0]
    if n.op == "pow":
        k = n.param
        k = int(k) if k.is_Integer else float(k)
        return args[0] ** k
    value, _ = _call_numeric(n.name, len(args))
    out = value(*args)
    return out[()] if _np().ndim(out) == 0 else out


def eval_local(n, args, out):
    if n.op in BINARY_NUMERIC:
        return BINARY_NUMERIC[n.op][1](*args, out)
    if n.op == "neg":
        return (-1.0,)
    if n.op == "pow":
        k = n.param
        k = int(k) if k.is_Integer else float(k)
        return (k * args[0] ** (k - 1),)
    _, partials = _call_numeric(n.name, len(args))
    np = _np()
    return tuple(np.asarray(p(*args, out))[()] for p in partials)



def safely(fn, n, args, *rest):
    """``fn`` on Python numbers (fast); where Python raises (``0.0 ** -0.5``, ``1/0``), on
    NumPy scalars, which give inf/nan as the value of a singular point."""
    try:
        return fn(n, args, *rest)
    except (ZeroDivisionError, OverflowError):
        np = _np()
        scalar = [np.complex128(a) if isinstance(a, complex) or np.iscomplexobj(a) else np.float64(a)
                  for a in list(args) + list(rest)]
        return fn(n, scalar[:len(args)], *scalar[len(args):])




def adjoint_name(node_id: str) -> str:
    """``v3`` -> ``vbar_3``, ``x1`` -> ``xbar_1``, ``alpha`` -> ``alphabar``."""
    m = _ADJ.fullmatch(node_id)
    return f"{m.group(1)}bar_{m.group(2)}" if m else f"{node_id}bar"


_ADJ = re.compile(r"([A-Za-z]+)_?(\d+)")


def adjoint_symbol(node_id: str) -> sp.Symbol:
    """``v3`` -> ``vbar_3`` (LaTeX ``\\bar{v}_{3}``), ``x1`` -> ``xbar_1``, ``alpha`` -> ``alphabar``."""
    return sp.Symbol(adjoint_name(node_id), real=True)
