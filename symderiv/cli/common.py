"""Shared helpers of the command line: the usage error, ``--format``, JSON output and
the readers of expressions, variables, points and ``--param`` values."""
from __future__ import annotations

import json
import re
import sys


class UsageError(ValueError):
    """Bad input or usage: one line on stderr, exit 2."""


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


def add_function_args(p, name: str = "expr", help_text: str = "") -> None:
    """The input of a derivation command: an expression or a straight-line program, as the
    argument, from ``-f FILE`` or from standard input (``-``); its output and limits."""
    p.add_argument(name, nargs="?", help=(help_text or 'expression, e.g. "100*(x2 - x1^2)^2 + (1 - x1)^2"')
                   + "; or a program \"h1 = sigmoid(w1*x); h2 = sigmoid(w2*h1)\" (lines or ';'); "
                   "'-' reads standard input")
    p.add_argument("-f", "--file", help="read the expression or program from FILE")
    p.add_argument("--output", metavar="NAME", help="the assignment of the program that is the function "
                   "(default: the last)")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="largest symbolic result, in tree nodes written out (default 200000)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="stop long symbolic work after this many seconds")
    p.set_defaults(parser=p)


def function_text(args, name: str = "expr") -> str:
    text, path = getattr(args, name, None), getattr(args, "file", None)
    if path is not None:
        if text is not None:
            raise UsageError("give the function either as an argument or with -f, not both")
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if text is None:
        message = f"the following arguments are required: {name} (or -f FILE, or - for standard input)"
        if getattr(args, "parser", None) is not None:
            args.parser.error(message)  # argparse's usage line, exit 2
        raise UsageError(message)
    if text.strip() == "-":
        return sys.stdin.read()
    return text


def read_function_arg(args, name: str = "expr"):
    """``(graph, info)`` of the command's input (see :func:`symderiv.graph.program.read_function`);
    warnings of the program go to stderr."""
    from symderiv.graph.program import read_function
    g, info = read_function(function_text(args, name), getattr(args, "output", None))
    for w in info.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return g, info


def read_function_expr(args, name: str = "expr"):
    """The command's input as one SymPy expression (for commands that need one): a program
    is written out while its expression is small enough to print."""
    return read_named_expr(args, name)[0]


def read_named_expr(args, name: str = "expr"):
    """(expression, its name as the user wrote it): ``f`` for an expression, the output's
    name for a program (``y`` for ``"h = x^2; y = 3*h"``)."""
    g, info = read_function_arg(args, name)
    if info.expr is not None:
        return info.expr, "f"
    if not g.printable(g.output):
        raise UsageError(f"the program's function is too large to write as one expression "
                         f"({g.tree_sizes(10**30)[g.output]} nodes written out); use grad or dag for it")
    return g.expr, info.output


def budget_from(args):
    from symderiv.calculus.budget import MAX_NODES, Budget
    max_nodes = getattr(args, "max_nodes", None)
    timeout = getattr(args, "timeout", None)
    if max_nodes is not None and max_nodes < 1:
        raise UsageError("--max-nodes must be at least 1")
    if timeout is not None and not timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    return Budget(max_nodes=MAX_NODES if max_nodes is None else max_nodes, timeout=timeout)


def read_wrt(expr, wrt: str | None):
    """The variables to differentiate by: ``--wrt x,y`` or all free symbols (or the given
    list of input names), in natural order (x2 before x10)."""
    from symderiv.language.names import natural_sorted
    from symderiv.language.parse import parse_names, symbol
    if wrt:
        return [symbol(n) for n in parse_names(wrt)]
    if isinstance(expr, (list, tuple)):
        return [symbol(n) for n in natural_sorted(expr)]
    return natural_sorted(expr.free_symbols)


def read_point(text: str | None, variables) -> dict | None:
    """``--at x=1,y=2`` (or ``--at @FILE``, one ``name=value`` per line) -> {Symbol: float};
    every free variable must get a value."""
    if text is None:
        return None
    from symderiv.language.parse import parse_point, symbol
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as fh:
                lines = [ln.split("#", 1)[0].strip() for ln in fh]
        except OSError as exc:
            raise UsageError(f"cannot read {text[1:]}: {exc.strerror or exc}") from None
        text = ",".join(ln for ln in lines if ln)
        if not text:
            raise UsageError("--at file gives no values")
    point = parse_point(text)
    missing = [v.name for v in variables if v.name not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    return {symbol(k): v for k, v in point.items()}


def real_part(x) -> float:
    """The real part of a (possibly complex) value, as a float."""
    return float(complex(x).real)


#: a comma that starts the next assignment (``a=1,b=2``), not one inside a value (``layers=4,3,2``)
_NEXT_ASSIGNMENT = re.compile(r",(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*=)")


def read_params(items) -> dict:
    """``--param a=1,b=2 --param layers=4,3,2`` -> {"a": "1", "b": "2", "layers": "4,3,2"}:
    several assignments per option, separated by commas; a value may itself hold commas."""
    params = {}
    for item in items or []:
        for part in _NEXT_ASSIGNMENT.split(item):
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"--param expects KEY=VALUE[,KEY=VALUE...], got '{item}'")
            params[key.strip()] = value.strip()
    return params


def schema(command: str) -> dict:
    """The published JSON Schema of ``symderiv COMMAND --format json`` (``error``: the error line)."""
    from importlib import resources
    return json.loads(resources.files("symderiv.cli").joinpath("schemas").joinpath(f"{command}.json")
                      .read_text("utf-8"))
