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


def read_expr(text: str):
    from symderiv.language.parse import parse
    return parse(text)


def read_wrt(expr, wrt: str | None):
    """The variables to differentiate by: ``--wrt x,y`` or all free symbols, sorted."""
    from symderiv.language.parse import parse_names, symbol
    if wrt:
        return [symbol(n) for n in parse_names(wrt)]
    return sorted(expr.free_symbols, key=lambda s: s.name)


def read_point(text: str | None, variables) -> dict | None:
    """``--at x=1,y=2`` -> {Symbol: float}; every free variable must get a value."""
    if text is None:
        return None
    from symderiv.language.parse import parse_point, symbol
    point = parse_point(text)
    missing = [v.name for v in variables if v.name not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    return {symbol(k): v for k, v in point.items()}


def _real(x) -> float:
    return float(complex(x).real)


#: a comma that starts the next assignment (``a=1,b=2``), not one inside a value (``layers=4,3,2``)
_NEXT_ASSIGNMENT = re.compile(r",(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*=)")


def _read_params(items) -> dict:
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
    return json.loads(resources.files("symderiv.cli").joinpath("schemas", f"{command}.json").read_text("utf-8"))
