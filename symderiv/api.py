"""The public API: one function per command, taking what the command takes.

Every function here is the command of the same name as a Python call, with the command's
options as keyword arguments under the same names (``--wrt`` is ``wrt``, ``--at`` is
``at``, ``--points`` is ``points``, ``--max-nodes`` is ``max_nodes``, ``--param`` is
``param``):

========================  ==========================================================
``symderiv grad``          :func:`gradient`
``symderiv jacobian``      :func:`jacobian`
``symderiv hessian``       :func:`hessian`
``symderiv dag``           :func:`dag`
``symderiv check``         :func:`check`
``symderiv verify-answer`` :func:`equivalent` (one derivative against another)
``symderiv problems``      :func:`list_problems`, :func:`problem`
``symderiv solve``         :func:`solve`
========================  ==========================================================

A function is given as text, an expression (``"x*y + sin(x)"``) or a straight-line
program (``"h1 = sigmoid(w1*x); y = h1^2"``, statements separated by ``;`` or line
breaks; the last assignment, or ``output``, is the function), or as a SymPy expression.
Text always goes through symderiv's own parser (never ``sympify`` of user text). Variable
lists (``wrt``) are ``"x,y"``, a list of names or SymPy symbols; the default is every
input in natural order (``x2`` before ``x10``). A point (``at``) is ``"x=1,y=2"`` (the
command line's syntax) or a mapping from names or symbols to numbers. Bad input raises
:class:`~symderiv.language.parse.ParseError` (or ``ValueError`` subclasses such as
:class:`~symderiv.calculus.budget.BudgetError`), the errors the command prints as one line.
``import symderiv`` exposes these names lazily.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Optional, Union, overload

if TYPE_CHECKING:  # pragma: no cover - imported for the annotations only
    import numpy as np
    import sympy as sp

    from symderiv.calculus.budget import Budget
    from symderiv.calculus.equivalence import Equivalence
    from symderiv.calculus.reverse import Gradient
    from symderiv.documents.model import Solution
    from symderiv.graph.core import Graph
    from symderiv.problems import Problem
    from symderiv.verify.records import VerificationRecord

#: a function: text (an expression or a program) or a SymPy expression
Function = Union[str, "sp.Expr"]
#: variables: ``"x,y"``, names or SymPy symbols
Variables = Union[str, Iterable[Union[str, "sp.Symbol"]], None]
#: a point: ``"x=1,y=2"`` or ``{"x": 1.0, "y": 2.0}`` (keys may be SymPy symbols)
Point = Union[str, Mapping[Union[str, "sp.Symbol"], float]]

__all__ = ["parse", "gradient", "jacobian", "hessian", "dag", "equivalent", "check", "list_problems",
           "problem", "solve", "Function", "Variables", "Point"]


def parse(text: str) -> sp.Expr:
    """Parse an expression in symderiv's syntax into a SymPy expression (the parser of
    every command: no ``eval``, no ``sympify``)."""
    from symderiv.language.parse import parse as parse_text
    return parse_text(text)


def _read(f: Function, output: Optional[str] = None) -> tuple[Graph, Optional[sp.Expr], list[str]]:
    """(graph, the expression or None for a program, input names in natural order)."""
    import sympy as sp

    from symderiv.graph.core import Graph
    from symderiv.graph.program import read_function
    from symderiv.language.names import natural_sorted
    if isinstance(f, str):
        g, info = read_function(f, output)
        return g, info.expr, list(info.inputs)
    if not isinstance(f, sp.Basic):
        raise TypeError(f"expected a function (text or a SymPy expression), got {type(f).__name__}")
    if output is not None:
        raise ValueError("output names an assignment of a program; a SymPy expression has none")
    expr = sp.sympify(f)
    return Graph.from_sympy(expr), expr, natural_sorted(s.name for s in expr.free_symbols)


def _expression(g: Graph, expr: Optional[sp.Expr]) -> sp.Expr:
    """The function as one SymPy expression (a program written out while it is small)."""
    from symderiv.calculus.budget import BudgetError
    if expr is not None:
        return expr
    if not g.printable(g.output):
        raise BudgetError(f"the program's function is too large to write as one expression "
                          f"({g.tree_sizes(10**30)[g.output]} nodes written out); use gradient or dag for it")
    return g.expr


def _variables(wrt: Variables, names: Iterable[str]) -> list[sp.Symbol]:
    from symderiv.language.names import natural_sorted
    from symderiv.language.parse import parse_names, symbol
    if wrt is None:
        return [symbol(n) for n in natural_sorted(names)]
    if isinstance(wrt, str):
        return [symbol(n) for n in parse_names(wrt)]
    return [symbol(w) if isinstance(w, str) else w for w in wrt]


def _point(at: Optional[Point], needed: Iterable[str]) -> Optional[dict[sp.Symbol, float]]:
    """``at`` as {Symbol: float}; every name in ``needed`` must get a value."""
    from symderiv.language.parse import ParseError, parse_point, symbol
    if at is None:
        return None
    if isinstance(at, str):
        values: dict[str, float] = parse_point(at)
    else:
        values = {getattr(k, "name", k): float(v) for k, v in at.items()}
    missing = [n for n in needed if n not in values]
    if missing:
        raise ParseError(f"at gives no value for {', '.join(missing)}")
    return {symbol(k): v for k, v in values.items()}


def _budget(max_nodes: Optional[int], timeout: Optional[float]) -> Budget:
    from symderiv.calculus.budget import MAX_NODES, Budget
    if max_nodes is not None and max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    if timeout is not None and not timeout > 0:
        raise ValueError("timeout must be a positive number of seconds")
    return Budget(max_nodes=MAX_NODES if max_nodes is None else max_nodes, timeout=timeout)


@overload
def gradient(f: Function, wrt: Variables = ..., *, at: None = ..., output: Optional[str] = ...,
             max_nodes: Optional[int] = ..., timeout: Optional[float] = ...) -> Gradient: ...


@overload
def gradient(f: Function, wrt: Variables = ..., *, at: Point, output: Optional[str] = ...,
             max_nodes: Optional[int] = ..., timeout: Optional[float] = ...) -> dict[str, float]: ...


def gradient(f: Function, wrt: Variables = None, *, at: Optional[Point] = None, output: Optional[str] = None,
             max_nodes: Optional[int] = None, timeout: Optional[float] = None
             ) -> Union[Gradient, dict[str, float]]:
    """``symderiv grad``: the gradient of ``f`` by reverse accumulation over its graph.

    Returns a :class:`~symderiv.calculus.reverse.Gradient` (``.closed_form``, the partials;
    ``.tape``, the reverse-accumulation program; LaTeX in notebooks and through
    ``sympy.latex``), or with ``at`` the values ``{variable name: float}`` at that point.
    ``wrt``: the variables (default: every input); ``output``: the assignment of a program
    that is the function (default: the last); ``max_nodes``: the largest closed form to
    accept (a larger one raises :class:`~symderiv.calculus.budget.BudgetError`, give
    ``at`` for its values; default: no limit, a large gradient keeps its tape);
    ``timeout``: seconds.
    """
    from symderiv.calculus.reverse import gradient as reverse_gradient
    g, expr, names = _read(f, output)
    budget = _budget(max_nodes, timeout)
    variables = _variables(wrt, names)
    point = _point(at, names)
    grad = reverse_gradient(expr, variables, graph=g)
    budget.check_time("gradient")
    if point is not None:
        return {v.name: float(complex(x).real) for v, x in zip(variables, grad.values(point))}
    if max_nodes is not None:
        budget.check_size("symbolic gradient", grad.closed_form_size, "give at= for its values")
    return grad


@overload
def jacobian(fs: Union[str, Sequence[Function]], wrt: Variables = ..., *, at: None = ...,
             output: Optional[str] = ..., max_nodes: Optional[int] = ...,
             timeout: Optional[float] = ...) -> sp.Matrix: ...


@overload
def jacobian(fs: Union[str, Sequence[Function]], wrt: Variables = ..., *, at: Point,
             output: Optional[str] = ..., max_nodes: Optional[int] = ...,
             timeout: Optional[float] = ...) -> np.ndarray: ...


def jacobian(fs: Union[str, Sequence[Function]], wrt: Variables = None, *, at: Optional[Point] = None,
             output: Optional[str] = None, max_nodes: Optional[int] = None, timeout: Optional[float] = None
             ) -> Union[sp.Matrix, np.ndarray]:
    """``symderiv jacobian``: the Jacobian matrix, one row per function of ``fs``.

    ``fs`` is a list of functions (expressions or programs), or one text: a program is one
    row, text without assignments holds one row per ``;`` (``"x*y; x + y"``). Returns a
    SymPy ``Matrix``, or with ``at`` its values (a NumPy array of shape ``(rows,
    variables)``, by reverse accumulation: no closed form is built). ``wrt``, ``output``,
    ``max_nodes`` (default 200000, as on the command line) and ``timeout`` as for
    :func:`gradient`.
    """
    import numpy as np
    import sympy as sp

    from symderiv.calculus.reverse import gradient as reverse_gradient
    from symderiv.language.names import natural_sorted
    if isinstance(fs, str):
        rows: list[Function] = [fs] if "=" in fs else [p for p in fs.split(";") if p.strip()]
    else:
        rows = list(fs)
    if not rows:
        raise ValueError("no function given")
    read = [_read(f, output) for f in rows]
    budget = _budget(max_nodes, timeout)
    names = natural_sorted(set().union(*[set(n) for _, _, n in read]))
    variables = _variables(wrt, names)
    point = _point(at, names)
    grads = [reverse_gradient(expr, variables, graph=g) for g, expr, _ in read]
    if point is not None:
        return np.array([[float(complex(x).real) for x in gr.values(point)] for gr in grads], dtype=float)
    out = []
    for gr in grads:
        budget.check_size("symbolic Jacobian row", gr.closed_form_size, "give at= for its values")
        out.append(gr.closed_form)
        budget.check_time("Jacobian")
    return sp.Matrix(out)


@overload
def hessian(f: Function, wrt: Variables = ..., *, at: None = ..., output: Optional[str] = ...,
            max_nodes: Optional[int] = ..., timeout: Optional[float] = ...) -> sp.Matrix: ...


@overload
def hessian(f: Function, wrt: Variables = ..., *, at: Point, output: Optional[str] = ...,
            max_nodes: Optional[int] = ..., timeout: Optional[float] = ...) -> np.ndarray: ...


def hessian(f: Function, wrt: Variables = None, *, at: Optional[Point] = None, output: Optional[str] = None,
            max_nodes: Optional[int] = None, timeout: Optional[float] = None) -> Union[sp.Matrix, np.ndarray]:
    """``symderiv hessian``: the Hessian matrix of ``f`` (a SymPy ``Matrix``), or with
    ``at`` its values (a NumPy array; by complex step over the reverse pass, which scales
    to programs whose symbolic Hessian would be too large). A symbolic Hessian over the
    limit ``max_nodes`` (default 200000) raises
    :class:`~symderiv.calculus.budget.BudgetError`. Arguments as for :func:`gradient`.
    """
    import numpy as np

    from symderiv.calculus.matrices import hessian as symbolic_hessian, hessian_values
    g, expr, names = _read(f, output)
    budget = _budget(max_nodes, timeout)
    variables = _variables(wrt, names)
    point = _point(at, names)
    if point is not None:
        return np.asarray(hessian_values(g, variables, point, budget), dtype=float)
    return symbolic_hessian(_expression(g, expr), variables, budget)


def dag(f: Function, *, output: Optional[str] = None) -> Graph:
    """``symderiv dag``: the computation graph of ``f`` with the local derivative on every
    edge (a :class:`~symderiv.graph.core.Graph`: SVG in notebooks; ``to_text(point)``,
    ``to_json(point)``, ``to_dot(point)``, ``to_tikz(point)`` are the command's formats,
    with the forward values and adjoints at ``point``, e.g. ``{"x": 1.0}``)."""
    return _read(f, output)[0]


def equivalent(a: Function, b: Function, wrt: Variables = None, *, seed: int = 0, probes: int = 24,
               rtol: float = 1e-8) -> Equivalence:
    """Are ``a`` and ``b`` the same function (the test of ``symderiv verify-answer``)?

    Numeric probes at ``probes`` random points (``seed``) look for a difference (``rtol``
    relative, confirmed at 30 digits); otherwise SymPy tries to prove ``a - b = 0``.
    Returns an :class:`~symderiv.calculus.equivalence.Equivalence`: ``.verdict``
    (``"equal"``, ``"different"`` or ``"undecided"``), ``.method``, ``.counterexample``.
    ``wrt``: the variables to probe (default: all of both)."""
    from symderiv.calculus.equivalence import equivalent as test_equivalence
    ga, ea, na = _read(a)
    gb, eb, nb = _read(b)
    variables = _variables(wrt, set(na) | set(nb))
    return test_equivalence(_expression(ga, ea), _expression(gb, eb), variables, seed=seed, probes=probes,
                            rtol=rtol)


def check(f: Function, wrt: Variables = None, *, gradient: Optional[Sequence[Function]] = None,
          at: Optional[Point] = None, points: Optional[int] = None, method: str = "auto", seed: int = 0,
          tolerance: Optional[float] = None, output: Optional[str] = None) -> VerificationRecord:
    """``symderiv check``: verify the symbolic gradient of ``f`` numerically.

    Compares the derivatives at the point ``at`` or at ``points`` random points (default
    10, standard normal times 1.5, seeded by ``seed``; not both) with central differences,
    Richardson extrapolation or the complex step (``method``: ``"central"``,
    ``"richardson"``, ``"complex"`` or ``"auto"``, the complex step where ``f`` allows it).
    ``gradient`` is your own list of partial derivatives (one per variable of ``wrt``) to
    check instead of symderiv's. ``tolerance`` overrides the method's relative tolerance.

    Returns a :class:`~symderiv.verify.records.VerificationRecord`: ``.status`` is
    ``"passed"``, ``"failed"`` or ``"undecided"`` (nothing could be compared, e.g. the only
    point sits at a kink: ``check("abs(x)", at={"x": 0})``), ``.passed`` is true only for
    ``"passed"`` (the command's exit code 0). A problem with the input raises
    :class:`~symderiv.verify.records.VerifyError` or
    :class:`~symderiv.language.parse.ParseError`.
    """
    from symderiv.verify.expressions import check_expression
    from symderiv.verify.records import VerifyError
    g, expr, names = _read(f, output)
    e = _expression(g, expr)
    variables = _variables(wrt, names)
    free = sorted({s.name for s in e.free_symbols} | {v.name for v in variables})
    point = _point(at, free)
    if point is not None and points is not None:
        raise VerifyError("give either at or points, not both")
    n_points = 10 if points is None else points
    if not 1 <= n_points <= 10_000:
        raise VerifyError("points must be between 1 and 10000")
    derivatives = None if gradient is None else [_expression(*_read(d)[:2]) for d in gradient]
    return check_expression(e, variables, gradient=derivatives, point=point, n_points=n_points,
                            method=method, seed=seed, tolerance=tolerance)


def list_problems() -> list[str]:
    """``symderiv problems``: the names of the registered problems, sorted."""
    from symderiv.problems import load_all
    return sorted(load_all())


def problem(name: str) -> Problem:
    """The registered problem ``name``: ``.description``, ``.source`` (sheet and task),
    ``.params`` (each with its default and domain)."""
    from symderiv.problems import get
    return get(name)


def solve(name: str, param: Union[str, Mapping[str, object], None] = None, *, seed: int = 0) -> Solution:
    """``symderiv solve``: the worked solution of problem ``name`` (a
    :class:`~symderiv.documents.model.Solution`, HTML in notebooks).

    ``param`` overrides the problem's parameters, as on the command line
    (``"b=10,x1=1.2"``) or as a mapping (``{"b": 10, "x1": 1.2}``; tuples are written
    ``1,2,3``); ``seed`` is the problem's random seed."""
    from symderiv.cli.common import read_params
    from symderiv.documents.model import Solution
    from symderiv.problems import get
    prob = get(name)
    if isinstance(param, str):
        given = read_params([param])
    else:
        given = {k: _as_text(v) for k, v in (param or {}).items()}
    solution = prob.build(prob.coerce(given), seed)
    if not isinstance(solution, Solution):  # pragma: no cover - a broken problem module
        raise TypeError(f"problem '{name}' returned {type(solution).__name__}, not a Solution")
    return solution


def _as_text(v: object) -> str:
    if isinstance(v, (tuple, list)):
        return ",".join(str(x) for x in v)
    return str(v)
