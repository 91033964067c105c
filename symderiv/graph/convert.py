"""SymPy expression -> the parser's :class:`~symderiv.language.parse.Ast` (for graphs of
expressions built in code), without recursion: a 10,000-deep chain converts as well as a
small one."""
from __future__ import annotations

import sympy as sp

from symderiv.language.parse import Ast
from symderiv.language.table import SYMPY_HEADS


def _num(v) -> Ast:
    return Ast("num", value=sp.nsimplify(v) if isinstance(v, sp.Float) else v)


def _unsigned(e):
    """(negative?, |e|) for a term of a sum."""
    if e.is_Mul and e.args[0].is_Number and e.args[0] < 0:
        c = -e.args[0]
        if c == 1:
            return True, (e.args[1] if len(e.args) == 2 else sp.Mul(*e.args[1:], evaluate=False))
        return True, sp.Mul(c, *e.args[1:], evaluate=False)
    if e.is_Number and e < 0:
        return True, -e
    return False, e


def _leaf(e):
    """The Ast of a leaf, or None for an operation."""
    if e.is_Symbol:
        return Ast("var", name=e.name)
    if e is sp.pi:
        return Ast("const", name="pi")
    if e is sp.E:
        return Ast("const", name="e")
    if e.is_Rational and not e.is_Integer:
        frac = Ast("/", (_num(sp.Integer(abs(e.p))), _num(sp.Integer(e.q))))
        return frac if e.p > 0 else Ast("neg", (frac,))
    if e.is_Number:
        return Ast("neg", (_num(-e),)) if e < 0 else _num(e)
    return None


def _plan(e):
    """(sub-expressions needed, function of their Asts -> the Ast of ``e``)."""
    if e.is_Add:
        terms = sorted(e.args, key=lambda t: _unsigned(t)[0])  # a positive term first
        signs, parts = zip(*[_unsigned(t) for t in terms])

        def make(asts):
            acc = Ast("neg", (asts[0],)) if signs[0] else asts[0]
            for neg, a in zip(signs[1:], asts[1:]):
                acc = Ast("-" if neg else "+", (acc, a))
            return acc
        return list(parts), make
    if e.is_Mul:
        args = list(e.args)
        if args[0].is_Number and args[0] == -1:
            rest = sp.Mul(*args[1:], evaluate=False) if len(args) > 2 else args[1]
            return [rest], lambda asts: Ast("neg", (asts[0],))
        numer = [a for a in args if not (a.is_Pow and a.exp.is_Number and a.exp < 0)]
        denom = [1 / a for a in args if a.is_Pow and a.exp.is_Number and a.exp < 0]

        def make(asts):
            k = len(numer)
            acc = asts[0] if numer else _num(sp.Integer(1))
            for a in asts[1:k]:
                acc = Ast("*", (acc, a))
            for d in asts[k:]:
                acc = Ast("/", (acc, d))
            return acc
        return numer + denom, make
    if e.is_Pow:
        base, ex = e.args
        if base is sp.E:
            return [ex], lambda asts: Ast("call", (asts[0],), name="exp")
        if ex == sp.Rational(1, 2):
            return [base], lambda asts: Ast("call", (asts[0],), name="sqrt")
        if ex.is_Number and ex < 0:
            return [base ** -ex], lambda asts: Ast("/", (_num(sp.Integer(1)), asts[0]))
        return [base, ex], lambda asts: Ast("^", (asts[0], asts[1]))
    if isinstance(e, sp.Function) or e.func in SYMPY_HEADS:
        name = SYMPY_HEADS.get(e.func)
        if name is None:
            raise ValueError(f"no graph rule for {e.func}")
        args = [e.args[0]] if e.func is sp.Heaviside else list(e.args)
        return args, lambda asts: Ast("call", tuple(asts), name=name)
    raise ValueError(f"no graph rule for {type(e).__name__}")


def sympy_to_ast(expr: sp.Expr) -> Ast:
    """Convert a SymPy expression into the parser's Ast, the way one would write it:
    ``a + (-1)*b`` becomes ``a - b``, ``a * b**-1`` becomes ``a / b``. Iterative
    post-order walk; equal subexpressions become one Ast (one graph node)."""
    memo: dict = {}
    stack = [(expr, None)]
    while stack:
        e, plan = stack.pop()
        if e in memo:
            continue
        if plan is None:
            leaf = _leaf(e)
            if leaf is not None:
                memo[e] = leaf
                continue
            plan = _plan(e)
            stack.append((e, plan))
            stack.extend((c, None) for c in reversed(plan[0]) if c not in memo)
            continue
        memo[e] = plan[1]([memo[c] for c in plan[0]])
    return memo[expr]
