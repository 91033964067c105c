"""Reading a student's number answer: a plain number, or a small expression evaluated in
floating point.

* a plain number: optional sign (``-``, ``+`` or U+2212 MINUS SIGN, what copying from a
  PDF gives), digits with a decimal point, an optional exponent (``1.5e-3``). In a German
  course (``lang="de"``) the decimal comma is read too (``−0,5`` is -0.5); in an English
  course a comma is refused (``1,000`` could be a thousands separator); a key without a
  language accepts ``0,5`` (digits on both sides) as a decimal comma.
* Python's own number syntax is not a number here: ``0x10``, ``0b1``, ``1_000``,
  ``inf``, ``nan`` are invalid (with a reason), not 16, 1, 1000.
* otherwise, at most :data:`MAX_NUMBER_CHARS` characters of an expression without
  variables (``3/4``, ``exp(-1)``, ``2*pi``) read by the safe parser and evaluated once
  with NumPy's float64 (bounded precision and time: ``exp(exp(exp(exp(100))))`` is
  ``inf``, hence invalid, at once; no arbitrary-precision ``evalf``).
"""
from __future__ import annotations

import math
import re

#: the longest number answer that is read as an expression
MAX_NUMBER_CHARS = 200
#: characters read as a minus sign: ASCII, U+2212 MINUS SIGN, U+2013 EN DASH, U+FE63, U+FF0D
MINUS_SIGNS = "\u2212\u2013\ufe63\uff0d"
#: spaces inside a number that are dropped: no-break and thin spaces
_SPACES = re.compile("[\u00a0\u2009\u202f]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?")
_PYTHON_ONLY = re.compile(r"(?<![A-Za-z0-9_.])0[xXbBoO][0-9A-Fa-f]|\d_\d|\b(?:inf|nan|infinity)\b", re.I)


class NotANumber(ValueError):
    """The answer is not a number (the message says why, in one line)."""


def normalize(text: str) -> str:
    """Minus signs as ``-``, no-break and thin spaces removed, outer space stripped."""
    for ch in MINUS_SIGNS:
        text = text.replace(ch, "-")
    return _SPACES.sub("", text).strip()


def read_number(text: str, lang=None) -> float:
    """The value of a number answer (see the module docstring); :class:`NotANumber` otherwise."""
    t = normalize(text)
    if _NUMBER.fullmatch(t):
        value = float(t)
    elif _COMMA_NUMBER.fullmatch(t):
        if lang == "en":
            raise NotANumber(f"'{t}': write the decimal point as '.' (a comma is not read in an English course)")
        value = float(t.replace(",", "."))
    elif _PYTHON_ONLY.search(t):
        raise NotANumber(f"'{t[:40]}' is not a number (0x.., 0b.., 1_000, inf and nan are not read)")
    elif len(t) > MAX_NUMBER_CHARS:
        raise NotANumber(f"a number is asked; this answer is longer than {MAX_NUMBER_CHARS} characters")
    else:
        value = _evaluate(t)
    if not math.isfinite(value):
        raise NotANumber("the answer is not a finite number")
    return value


def _evaluate(text: str) -> float:
    import numpy as np
    from symderiv.language.numeric import numeric
    from symderiv.language.parse import parse
    expr = parse(text)
    if expr.free_symbols:
        names = ", ".join(sorted(s.name for s in expr.free_symbols))
        raise NotANumber(f"a number is asked, got an expression in {names}")
    with np.errstate(all="ignore"):
        value = complex(numeric(expr, [])())
    if value.imag != 0 and abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        raise NotANumber("the answer is not a real number")
    return value.real
