"""argparse front end. Imports of the heavy modules (sympy, numpy) stay inside the
command functions, so ``symderiv --help`` is quick.

Every subcommand is a pair ``add_NAME(sub)`` (builds its parser and sets ``run``) and
``run_NAME(args) -> int``; :data:`COMMANDS` lists the ``add_`` functions in help order.
Exit codes: 0 success, 1 a check failed, 2 bad input or usage. Bad input raises
:class:`UsageError` (or ``ParseError``/``ProblemError``/``ShapeError``): ``main`` prints one
line ``error: ...`` on stderr and returns 2.
"""
from __future__ import annotations

import argparse
import json
import sys


class UsageError(ValueError):
    """Bad input or usage: one line on stderr, exit 2."""


# --------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------

def add_format(p, choices=("text", "json"), default="text"):
    p.add_argument("--format", choices=list(choices), default=default,
                   help=f"output format (default {default})")


def emit_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default)
    sys.stdout.write("\n")


def _json_default(obj):
    import numpy as np
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


def read_expr(text: str):
    from .parse import parse
    return parse(text)


def read_wrt(expr, wrt: str | None):
    """The variables to differentiate by: ``--wrt x,y`` or all free symbols, sorted."""
    from .parse import parse_names, symbol
    if wrt:
        return [symbol(n) for n in parse_names(wrt)]
    return sorted(expr.free_symbols, key=lambda s: s.name)


def read_point(text: str | None, variables) -> dict | None:
    """``--at x=1,y=2`` -> {Symbol: float}; every free variable must get a value."""
    if text is None:
        return None
    from .parse import parse_point, symbol
    point = parse_point(text)
    missing = [v.name for v in variables if v.name not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    return {symbol(k): v for k, v in point.items()}


# --------------------------------------------------------------------------------------
# Foundation: grad, jacobian, hessian, dag
# --------------------------------------------------------------------------------------

def add_grad(sub):
    p = sub.add_parser("grad", help="gradient of an expression (reverse accumulation over its graph)")
    p.add_argument("expr", help='expression, e.g. "100*(x2 - x1^2)^2 + (1 - x1)^2"')
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    p.add_argument("--at", help="point, e.g. x1=1.2,x2=1")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_grad)


def run_grad(args) -> int:
    from . import calculus
    from .functions import to_latex, to_text
    expr = read_expr(args.expr)
    wrt = read_wrt(expr, args.wrt)
    point = read_point(args.at, sorted(expr.free_symbols, key=lambda s: s.name))
    grad = calculus.gradient(expr, wrt)
    values = calculus.gradient_values(expr, wrt, point) if point is not None else None
    if args.format == "json":
        data = {
            "expression": to_text(expr),
            "variables": [v.name for v in wrt],
            "gradient": {v.name: to_text(g) for v, g in zip(wrt, grad.closed_form)},
            "latex": {v.name: to_latex(g) for v, g in zip(wrt, grad.closed_form)},
        }
        if point is not None:
            data["point"] = {k.name: v for k, v in point.items()}
            data["value"] = {v.name: float(x) for v, x in zip(wrt, values)}
        emit_json(data)
    elif args.format == "latex":
        for v, g in zip(wrt, grad.closed_form):
            print(r"\frac{\partial f}{\partial %s} = %s \\" % (to_latex(v), to_latex(g)))
    else:
        print(f"f = {to_text(expr)}")
        for i, (v, g) in enumerate(zip(wrt, grad.closed_form)):
            line = f"df/d{v.name} = {to_text(g)}"
            if values is not None:
                line += f"    = {float(values[i]):.12g}"
            print(line)
    return 0


def add_jacobian(sub):
    p = sub.add_parser("jacobian", help="Jacobian matrix of one or more expressions")
    p.add_argument("exprs", nargs="+", metavar="EXPR")
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    p.add_argument("--at", help="point, e.g. x=1,y=2")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_jacobian)


def run_jacobian(args) -> int:
    import sympy as sp
    from . import calculus
    from .functions import to_latex, to_text
    exprs = [read_expr(e) for e in args.exprs]
    free = sorted(set().union(*[e.free_symbols for e in exprs]), key=lambda s: s.name)
    wrt = read_wrt(sp.Tuple(*exprs), args.wrt) if args.wrt else free
    point = read_point(args.at, free)
    J = calculus.jacobian(exprs, wrt)
    return _emit_matrix(args, J, exprs, wrt, point, "jacobian")


def add_hessian(sub):
    p = sub.add_parser("hessian", help="Hessian matrix of an expression")
    p.add_argument("expr")
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    p.add_argument("--at", help="point, e.g. x=1,y=2")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_hessian)


def run_hessian(args) -> int:
    from . import calculus
    expr = read_expr(args.expr)
    wrt = read_wrt(expr, args.wrt)
    point = read_point(args.at, sorted(expr.free_symbols, key=lambda s: s.name))
    H = calculus.hessian(expr, wrt)
    return _emit_matrix(args, H, [expr], wrt, point, "hessian")


def _emit_matrix(args, M, exprs, wrt, point, key) -> int:
    from .functions import to_latex, to_text
    rows = [[M[i, j] for j in range(M.shape[1])] for i in range(M.shape[0])]
    values = None
    if point is not None:
        from .calculus import evaluate
        values = [[evaluate(c, point) for c in row] for row in rows]
    if args.format == "json":
        data = {"expressions": [to_text(e) for e in exprs], "variables": [v.name for v in wrt],
                key: [[to_text(c) for c in row] for row in rows],
                "latex": to_latex(M)}
        if values is not None:
            data["point"] = {k.name: v for k, v in point.items()}
            data["value"] = values
        emit_json(data)
    elif args.format == "latex":
        print(to_latex(M))
    else:
        for i, row in enumerate(rows):
            print("[" + ", ".join(to_text(c) for c in row) + "]")
        if values is not None:
            print("at " + ", ".join(f"{k.name}={v:g}" for k, v in point.items()) + ":")
            for row in values:
                print("[" + ", ".join(f"{v:.12g}" for v in row) + "]")
    return 0


def add_dag(sub):
    p = sub.add_parser("dag", help="computation graph with the local derivative on every edge")
    p.add_argument("expr")
    p.add_argument("--at", help="point: forward values, adjoints and edge values")
    add_format(p, ("text", "json", "dot", "tikz"))
    p.set_defaults(run=run_dag)


def run_dag(args) -> int:
    from .graph import Graph
    from .parse import parse_ast
    g = Graph.from_ast(parse_ast(args.expr))
    point = read_point(args.at, g.input_symbols()) if args.at else None
    if args.format == "json":
        emit_json(g.to_json(point))
    elif args.format == "dot":
        print(g.to_dot(point))
    elif args.format == "tikz":
        print(g.to_tikz(point))
    else:
        print(g.to_text(point))
    return 0


# --------------------------------------------------------------------------------------
# (other issues add their commands below: add_X / run_X, then list add_X in COMMANDS)
# --------------------------------------------------------------------------------------


COMMANDS = [add_grad, add_jacobian, add_hessian, add_dag]


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    parser = argparse.ArgumentParser(
        prog="symderiv",
        description="Derive the calculus of neural networks symbolically, verify it "
                    "numerically, write it up as LaTeX worked solutions.")
    parser.add_argument("--version", action="version", version=f"symderiv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def _bad_input_types():
    from .parse import ParseError
    types = [UsageError, ParseError]
    try:
        from .problems import ProblemError
        types.append(ProblemError)
    except ImportError:  # pragma: no cover
        pass
    try:
        from .layers import ShapeError
        types.append(ShapeError)
    except ImportError:
        pass
    return tuple(types)


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        if isinstance(exc, _bad_input_types()):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, RecursionError):
            print("error: expression too deeply nested to process", file=sys.stderr)
            return 2
        if isinstance(exc, (ValueError, TypeError, ArithmeticError)) and getattr(args, "command", "") in (
                "grad", "jacobian", "hessian", "dag", "check", "verify-answer"):
            print(f"error: cannot process input: {exc}".splitlines()[0], file=sys.stderr)
            return 2
        if getattr(exc, "exit_code", None) is not None:
            print(f"error: {exc}".splitlines()[0], file=sys.stderr)
            return int(exc.exit_code)
        print(f"error: internal error ({type(exc).__name__}): {exc}".splitlines()[0], file=sys.stderr)
        if __import__("os").environ.get("SYMDERIV_DEBUG"):
            raise
        return 1


def entry() -> None:  # pragma: no cover
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
