"""SymPy expression -> the parser's :class:`~symderiv.language.parse.Ast` (for graphs of
expressions built in code)."""
from __future__ import annotations

import sympy as sp

from symderiv.language.parse import Ast
from symderiv.language.table import SYMPY_HEADS

def sympy_to_ast(expr: sp.Expr) -> Ast:
    """Convert a SymPy expression into the parser's Ast, the way one would write it:
    ``a + (-1)*b`` becomes ``a - b``, ``a * b**-1`` becomes ``a / b``."""
    from symderiv.language.parse import deep_recursion
    deep_recursion()
    memo: dict = {}

    def num(v) -> Ast:
        return Ast("num", value=sp.nsimplify(v) if isinstance(v, sp.Float) else v)

    def conv(e) -> Ast:
        hit = memo.get(e)
        if hit is not None:
            return hit
        out = _conv(e)
        memo[e] = out
        return out

    def signed(e):
        """(negative?, Ast of |e|) for a term of a sum."""
        if e.is_Mul and e.args[0].is_Number and e.args[0] < 0:
            c = -e.args[0]
            rest = sp.Mul(*e.args[1:], evaluate=False) if c == 1 else sp.Mul(c, *e.args[1:], evaluate=False)
            if c == 1 and len(e.args) == 2:
                rest = e.args[1]
            return True, conv(rest)
        if e.is_Number and e < 0:
            return True, conv(-e)
        return False, conv(e)

    def _conv(e) -> Ast:
        if e.is_Symbol:
            return Ast("var", name=e.name)
        if e is sp.pi:
            return Ast("const", name="pi")
        if e is sp.E:
            return Ast("const", name="e")
        if e.is_Rational and not e.is_Integer:
            return Ast("/", (num(sp.Integer(e.p)), num(sp.Integer(e.q)))) if e.p > 0 else \
                Ast("neg", (Ast("/", (num(sp.Integer(-e.p)), num(sp.Integer(e.q)))),))
        if e.is_Number:
            if e < 0:
                return Ast("neg", (num(-e),))
            return num(e)
        if e.is_Add:
            terms = list(e.args)
            # put a positive term first if there is one
            terms.sort(key=lambda t: signed(t)[0])
            neg, acc = signed(terms[0])
            if neg:
                acc = Ast("neg", (acc,))
            for t in terms[1:]:
                n, a = signed(t)
                acc = Ast("-" if n else "+", (acc, a))
            return acc
        if e.is_Mul:
            args = list(e.args)
            if args[0].is_Number and args[0] == -1:
                return Ast("neg", (conv(sp.Mul(*args[1:], evaluate=False) if len(args) > 2 else args[1]),))
            numer = [a for a in args if not (a.is_Pow and a.exp.is_Number and a.exp < 0)]
            denom = [1 / a for a in args if a.is_Pow and a.exp.is_Number and a.exp < 0]
            acc = conv(numer[0]) if numer else num(sp.Integer(1))
            for a in numer[1:]:
                acc = Ast("*", (acc, conv(a)))
            for d in denom:
                acc = Ast("/", (acc, conv(d)))
            return acc
        if e.is_Pow:
            base, ex = e.args
            if base is sp.E:
                return Ast("call", (conv(ex),), name="exp")
            if ex == sp.Rational(1, 2):
                return Ast("call", (conv(base),), name="sqrt")
            if ex.is_Number and ex < 0:
                return Ast("/", (num(sp.Integer(1)), conv(base ** -ex)))
            return Ast("^", (conv(base), conv(ex)))
        if e.func in SYMPY_HEADS or isinstance(e, sp.Function):
            head = e.func
            name = SYMPY_HEADS.get(head)
            if name is None:
                raise ValueError(f"no graph rule for {head}")
            if head is sp.Heaviside:
                return Ast("call", (conv(e.args[0]),), name=name)
            return Ast("call", tuple(conv(a) for a in e.args), name=name)
        raise ValueError(f"no graph rule for {type(e).__name__}")

    return conv(expr)
