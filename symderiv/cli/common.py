"""Shared helpers of the command line: the usage error, ``--format``, JSON output and
the readers of expressions, variables, points and ``--param`` values."""
from __future__ import annotations

import json
import re
import sys


class UsageError(ValueError):
    """Bad input or usage: one line on stderr, exit 2."""


class DomainError(Exception):
    """The point is outside the function's domain (log of a negative number, a division by
    zero, an overflow): one line on stderr, exit 1, as for a failed check."""

    exit_code = 1


def add_format(p, choices=("text", "json"), default="text"):
    p.add_argument("--format", choices=list(choices), default=default,
                   help=f"output format (default {default})")


def emit_json(data) -> None:
    """Write ``data`` as one JSON document, assembled completely before anything is written.
    Values that are no finite numbers (inf, nan) are written as ``null`` and named in a
    message under ``non_finite`` (JSON has no inf or nan)."""
    found: list = []
    data = _finite(data, "", found)
    if found:
        data = dict(data, non_finite=f"not finite numbers (inf or nan), written as null: {', '.join(found[:20])}"
                    + (f" and {len(found) - 20} more" if len(found) > 20 else ""))
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default)
    sys.stdout.write(text + "\n")


def _finite(obj, path: str, found: list):
    """``obj`` with every non-finite float replaced by ``None`` (their paths go to ``found``)."""
    import math
    if isinstance(obj, dict):
        return {k: _finite(v, f"{path}.{k}" if path else str(k), found) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v, f"{path}[{i}]", found) for i, v in enumerate(obj)]
    if type(obj).__module__ == "numpy":
        obj = _json_default(obj)
        return _finite(obj, path, found) if isinstance(obj, (list, float)) else obj
    if isinstance(obj, float) and not math.isfinite(obj):
        found.append(path)
        return None
    return obj


def _json_default(obj):
    import numpy as np
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


#: what ``--at`` takes, for every command's help
AT_HELP = ("point, e.g. x1=1.2,x2=pi/2: numbers only (decimals, pi, e, multiples like 2*pi, fractions "
           "like 1/3), each variable once; or @FILE with one name=value per line")


def _input_mb() -> str:
    from symderiv.language.limits import MAX_INPUT_BYTES
    return f"{MAX_INPUT_BYTES / 1e6:g} MB"


def add_function_args(p, name: str = "expr", help_text: str = "") -> None:
    """The input of a derivation command: an expression or a straight-line program, as the
    argument, from ``-f FILE`` or from standard input (``-``); its output and limits."""
    p.add_argument(name, nargs="?", help=(help_text or 'expression, e.g. "100*(x2 - x1^2)^2 + (1 - x1)^2"')
                   + "; or a program \"h1 = sigmoid(w1*x); h2 = sigmoid(w2*h1)\" (lines or ';'; "
                   f"'#' starts a comment); '-' reads standard input (at most {_input_mb()})")
    p.add_argument("-f", "--file", help=f"read the expression or program from FILE (UTF-8, a byte-order "
                                        f"mark accepted; at most {_input_mb()})")
    p.add_argument("--output", metavar="NAME", help="the assignment of the program that is the function "
                   "(default: the last)")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="largest symbolic result, in tree nodes written out (default 200000)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="stop long symbolic work after this many seconds")
    p.set_defaults(parser=p)


def function_text(args, name: str = "expr") -> str:
    """The function's text: the argument, ``-f FILE`` or standard input (``-``), files and
    standard input read with a hard limit (:func:`symderiv.language.limits.read_limited`)."""
    from symderiv.language.limits import read_limited
    text, path = getattr(args, name, None), getattr(args, "file", None)
    if path is not None:
        if text is not None:
            raise UsageError("give the function either as an argument or with -f, not both")
        return read_limited(path, what="function file")
    if text is None:
        message = f"the following arguments are required: {name} (or -f FILE, or - for standard input)"
        if getattr(args, "parser", None) is not None:
            args.parser.error(message)  # argparse's usage line, exit 2
        raise UsageError(message)
    if text.strip() == "-":
        return read_limited("-", what="input")
    return text


def read_function_arg(args, name: str = "expr"):
    """``(graph, info)`` of the command's input (see :func:`symderiv.graph.program.read_function`);
    warnings of the program go to stderr."""
    from symderiv.graph.program import read_function
    g, info = read_function(function_text(args, name), getattr(args, "output", None))
    from symderiv.language.parse import MAX_EXPONENT
    if info.program is not None and info.program.degree > MAX_EXPONENT and g.printable(g.output):
        # written out (it is small enough to print), nested powers multiply: x^1000000
        raise UsageError(f"exponent too large when the program is written out (limit {MAX_EXPONENT}; "
                         f"nested powers multiply their exponents)")
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
        raise UsageError(f"{too_large_to_print(g)}; use grad or dag for it")
    return g.expr, info.output


def too_large_to_print(g) -> str:
    """Why a program's function cannot be written as one expression (no option raises
    these limits: they protect SymPy's recursive printers and simplifiers)."""
    from symderiv.graph.expressions import PRINT_DEPTH, PRINT_LIMIT
    depth, size = g.depths()[g.output], g.tree_sizes(PRINT_LIMIT + 1)[g.output]
    if size > PRINT_LIMIT:
        return (f"the program's function has more than {PRINT_LIMIT} nodes written out "
                f"(the limit for writing it as one expression)")
    return (f"the program's function is nested {depth} levels deep written out "
            f"(the limit for writing it as one expression is {PRINT_DEPTH})")


def _point_text(point: dict) -> str:
    return ", ".join(f"{getattr(k, 'name', k)}={v:g}" for k, v in point.items())


def _not_finite(v) -> bool:
    import cmath
    try:
        c = complex(v)
    except (TypeError, ValueError):
        return True
    return not cmath.isfinite(c) or c.imag != 0


def check_domain(g, point: dict, name: str = "f", vals=None) -> None:
    """Raise :class:`DomainError` (exit 1) when the function of graph ``g`` has no finite
    real value at ``point``: a logarithm or root of a negative number, a division by zero,
    an overflow. Names the first operation (in evaluation order) whose value is not finite.
    ``vals``: the node values at ``point`` (``g.forward(point)``), when known."""
    vals = g.forward(point) if vals is None else vals
    for n in g.nodes:
        if n.op not in ("input", "const") and _not_finite(vals[n.index]):
            where = n.id
            if g.printable(n.index):
                from symderiv.language.printing import to_text
                shown = to_text(n.expr)
                where = shown if len(shown) <= 80 else f"{shown[:60]}..."
            kind = _kind_of(vals[n.index])
            why = ("a division by zero or an overflow" if kind == "infinite" else
                   "outside its domain, e.g. a logarithm or root of a negative number")
            raise DomainError(f"{name} is not defined at {_point_text(point)}: {where} is {kind} there ({why})")


def check_finite(values, names, point: dict) -> None:
    """Raise :class:`DomainError` when a derivative's value at ``point`` is not finite
    (``sqrt(x)`` at 0: the function is defined, its derivative is not)."""
    for label, v in zip(names, values):
        if _not_finite(v):
            raise DomainError(f"{label} is not defined at {_point_text(point)}: its value is {_kind_of(v)} "
                              f"(the derivative does not exist there or overflows)")


def _kind_of(v) -> str:
    import cmath
    try:
        c = complex(v)
    except (TypeError, ValueError):
        return "not a number"
    if cmath.isnan(c):
        return "not a number (nan)"
    return "infinite" if cmath.isinf(c) else "complex"


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
        from symderiv.language.limits import MAX_POINT_BYTES, read_limited
        lines = [ln.split("#", 1)[0].strip() for ln in
                 read_limited(text[1:], MAX_POINT_BYTES, "--at file").splitlines()]
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


def language(code: str) -> str:
    """``--lang``: a code of the locale table (read only when the option is given, so a
    derivation command imports no document module)."""
    import argparse
    from symderiv.documents.locales import LOCALES
    if code not in LOCALES:
        raise argparse.ArgumentTypeError(f"invalid choice: '{code}' (choose from {', '.join(LOCALES)})")
    return code
