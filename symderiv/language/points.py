"""Points and variable lists of the command line: ``x1,x2`` and ``x1=1.2,x2=pi/2``.

A point takes numbers only (:data:`POINT_VALUES`), never an expression: ``x=1e`` is no
``1*e``, ``x=0x10`` no ``0``; underflow, overflow and a name given twice are errors.
No SymPy: reading a point is plain Python.
"""
from __future__ import annotations

import keyword
import math
import re
import sys

from symderiv.language.syntax import ParseError
from symderiv.language.table import CONSTANTS, FUNCTIONS

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: a value of ``--at``: a decimal literal (ASCII digits), ``pi`` or ``e``, optionally times
#: ``pi``/``e`` and over another such term; no expression, no hexadecimal, no ``1e``
_DECIMAL = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_TERM = rf"(?:{_DECIMAL}(?:\s*\*\s*(?:pi|e))?|pi|e)"
_POINT_VALUE = re.compile(rf"\s*([-+]?)\s*({_TERM})\s*(?:/\s*({_TERM})\s*)?", re.ASCII)
POINT_VALUES = "a decimal such as 1.5 or -2e-3, pi, e, a multiple such as 2*pi or a fraction such as pi/2"


def parse_names(text: str) -> list[str]:
    """``"x1,x2"`` -> ``["x1", "x2"]`` (checked to be names of the language)."""
    names = [t.strip() for t in text.split(",")]
    for n in names:
        if not _NAME.match(n) or n in CONSTANTS or n in FUNCTIONS or keyword.iskeyword(n):
            raise ParseError(f"not a variable name: '{n}'")
    return names


def _term(text: str) -> tuple[float, bool]:
    """The value of a term of a point value and whether it is nonzero as written."""
    number, _, const = text.partition("*") if "*" in text else (
        ("1", "", text) if text in ("pi", "e") else (text, "", ""))
    const = const.strip()
    value = float(number) * ({"pi": math.pi, "e": math.e}[const] if const else 1.0)
    return value, bool(re.search(r"[1-9]", number.lower().partition("e")[0]))


def point_value(name: str, text: str) -> float:
    """One value of a point: a number only (see :data:`POINT_VALUES`), finite, and not
    rounded to zero or to a subnormal number (underflow)."""
    m = _POINT_VALUE.fullmatch(text)
    if not m:
        raise ParseError(f"value of '{name}' must be a number ({POINT_VALUES}), got '{text.strip()}'")
    sign, num, den = m.groups()
    (value, nonzero), (divisor, _) = _term(num), (_term(den) if den else (1.0, True))
    if divisor == 0:
        raise ParseError(f"value of '{name}' divides by zero: '{text.strip()}'")
    value /= divisor
    if not math.isfinite(value):
        raise ParseError(f"value of '{name}' is too large for a floating-point number: '{text.strip()}'")
    if nonzero and abs(value) < sys.float_info.min:
        raise ParseError(f"value of '{name}' is too small for a floating-point number "
                         f"(underflow): '{text.strip()}'")
    return -value if sign == "-" else value


def parse_point(text: str) -> dict[str, float]:
    """``"x1=1.2,x2=pi/2"`` -> ``{"x1": 1.2, "x2": 1.5707...}``: numbers only (see
    :data:`POINT_VALUES`), every name once."""
    point: dict[str, float] = {}
    for part in text.split(","):
        name, eq, value = part.partition("=")
        name = name.strip()
        if not eq:
            raise ParseError(f"expected name=value in '{part.strip()}'")
        parse_names(name)
        if name in point:
            raise ParseError(f"'{name}' is given twice in the point")
        point[name] = point_value(name, value)
    return point
