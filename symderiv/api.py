"""The functions a notebook user needs, accepting expressions as text or as SymPy objects.

Text always goes through symderiv's own parser (never ``sympify`` of user text); variable
lists may be given as ``"x,y"``, as names or as SymPy symbols. Everything here is a thin
wrapper over the layers below; ``import symderiv`` exposes these names lazily.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional, Union


def parse(text: str):
    """Parse an expression in symderiv's syntax into a SymPy expression."""
    from symderiv.language.parse import parse as _parse
    return _parse(text)


def _expr(f):
    if isinstance(f, str):
        return parse(f)
    import sympy as sp
    if not isinstance(f, sp.Basic):
        raise TypeError(f"expected an expression (text or SymPy), got {type(f).__name__}")
    return f


def _variables(wrt, *exprs) -> list:
    from symderiv.language.parse import parse_names, symbol
    if wrt is None:
        from symderiv.language.names import natural_sorted
        names = set()
        for e in exprs:
            names |= {s.name for s in e.free_symbols}
        return [symbol(n) for n in natural_sorted(names)]
    if isinstance(wrt, str):
        return [symbol(n) for n in parse_names(wrt)]
    return [w if not isinstance(w, str) else symbol(w) for w in wrt]


def gradient(f, wrt: Union[str, Iterable, None] = None):
    """The gradient of ``f`` by reverse accumulation (a :class:`~symderiv.calculus.reverse.Gradient`:
    ``.closed_form``, ``.tape``, LaTeX display in notebooks)."""
    from symderiv.calculus.reverse import gradient as _gradient
    e = _expr(f)
    return _gradient(e, _variables(wrt, e))


def jacobian(fs, wrt: Union[str, Iterable, None] = None):
    """The Jacobian matrix of the expressions ``fs`` (a list, or one text ``"f1; f2"``)."""
    from symderiv.calculus.matrices import jacobian as _jacobian
    if isinstance(fs, str):
        fs = [p for p in fs.split(";") if p.strip()]
    exprs = [_expr(f) for f in fs]
    return _jacobian(exprs, _variables(wrt, *exprs))


def hessian(f, wrt: Union[str, Iterable, None] = None):
    """The Hessian matrix of ``f``."""
    from symderiv.calculus.matrices import hessian as _hessian
    e = _expr(f)
    return _hessian(e, _variables(wrt, e))


def equivalent(a, b, **options):
    """Are ``a`` and ``b`` the same function? (``.verdict``, a counterexample if not)."""
    from symderiv.calculus.equivalence import equivalent as _equivalent
    return _equivalent(_expr(a), _expr(b), **options)


def check(f, wrt: Union[str, Iterable, None] = None, gradient: Optional[Any] = None, **options):
    """Verify the symbolic gradient of ``f`` numerically (a VerificationRecord); ``gradient``
    may be your own list of partial derivatives to check instead of symderiv's."""
    from symderiv.verify import check_expression
    e = _expr(f)
    variables = _variables(wrt, e)
    if gradient is not None:
        gradient = [_expr(g) for g in gradient]
    return check_expression(e, variables, gradient=gradient, **options)


def list_problems() -> list:
    """The names of the registered problems."""
    from symderiv.problems import load_all
    return sorted(load_all())


def problem(name: str):
    """The registered problem ``name`` (its description, source sheet and parameters)."""
    from symderiv.problems import get
    return get(name)


def solve(name: str, seed: int = 0, **params):
    """Build the worked solution of problem ``name`` (a Solution); ``params`` override the
    problem's defaults, given as values or as text (``solve("rosenbrock", b=10)``)."""
    from symderiv.documents.model import Solution
    from symderiv.problems import get
    prob = get(name)
    values = prob.coerce({k: _as_text(v) for k, v in params.items()})
    solution = prob.build(values, seed)
    if not isinstance(solution, Solution):  # pragma: no cover - a broken problem module
        raise TypeError(f"problem '{name}' returned {type(solution).__name__}, not a Solution")
    return solution


def _as_text(v) -> str:
    if isinstance(v, (tuple, list)):
        return ",".join(str(x) for x in v)
    return str(v)
