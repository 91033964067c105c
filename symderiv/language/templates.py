"""Printed rules: each rule's expression printed once with placeholder names, then filled
in with node names by plain text substitution.

Why by hand: a SymPy object costs 50-200 microseconds to build (flattening, assumptions),
so a tape of a 10,000-layer chain built and printed through SymPy takes tens of seconds.
Node names are identifiers, so putting them in place of the placeholder identifiers of a
printed rule (printed by SymPy's own printers, once per rule) gives the same text the
printer would give up to the order of commutative factors. Lines whose rule does not fit
(a call with repeated arguments such as ``max(x, x)``, whose partials depend on argument
identity) are printed by SymPy instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from symderiv.language.printing import to_latex, to_text

#: placeholders: arguments PqA, PqB, ..., output PqZ
ARGS = tuple(sp.Symbol(f"Pq{chr(65 + i)}", real=True) for i in range(25))
OUT = sp.Symbol("PqZ", real=True)
_HOLE = re.compile(r"Pq([A-Z])")
_LATEX_NEG = re.compile(r"^-\s*")


@dataclass(frozen=True)
class Template:
    expr: sp.Expr  # in the placeholders
    text: str
    latex: str
    kind: str  # "number" | "symbol" | "expr"
    is_sum: bool  # a sum: needs parentheses as a factor
    symbol: int = -2  # kind "symbol": which placeholder (argument index, -1 for the output)
    text_format: str = ""  # ``text`` as a str.format pattern: {0}, {1}, ... and {out}
    latex_format: str = ""
    number: object = None  # kind "number": the number as a Python int (0, 1, -1, ...) or SymPy number

    def fill(self, names: list, out: str, fmt: str = "text") -> str:
        """The rule with argument names ``names`` and output name ``out``."""
        return (self.text_format if fmt == "text" else self.latex_format).format(*names, out=out)


def _format(code: str) -> str:
    code = code.replace("{", "{{").replace("}", "}}")
    return _HOLE.sub(lambda m: "{out}" if m.group(1) == "Z" else "{%d}" % (ord(m.group(1)) - 65), code)


def _template(expr: sp.Expr) -> Template:
    expr = sp.sympify(expr)
    if expr.is_Number:
        kind, which = "number", -2
    elif expr.is_Symbol:
        kind, which = "symbol", (-1 if expr == OUT else ARGS.index(expr))
    else:
        kind, which = "expr", -2
    text, latex = to_text(expr), to_latex(expr)
    number = (int(expr) if expr.is_Integer else expr) if kind == "number" else None
    return Template(expr, text, latex, kind, bool(expr.is_Add), which, _format(text), _format(latex), number)


def fits(nargs: int) -> bool:
    return nargs <= len(ARGS)


@lru_cache(maxsize=None)
def local_template(op, nargs: int, param, slot: int) -> Template:
    """The local partial d out / d argument ``slot`` of an :class:`~symderiv.language.ops.Op`,
    printed once (:meth:`Op.local_template <symderiv.language.ops.Op.local_template>`)."""
    return _template(op.partials(list(ARGS[:nargs]), OUT, param)[slot])


@lru_cache(maxsize=None)
def op_template(op, nargs: int, param) -> Template:
    """The operation itself (a forward line of the tape), printed once."""
    return _template(op.apply(list(ARGS[:nargs]), param))


def product(factor: str, tpl_code: str, tpl: Template, fmt: str) -> str:
    """``factor * rule`` as text or LaTeX, with the sign in front and a sum in parentheses."""
    number = tpl.number  # a plain int comparison (a SymPy one costs microseconds)
    if number is not None and number == 1:
        return factor
    if number is not None and number == -1:
        return "-" + factor
    neg = False
    code = tpl_code
    if not tpl.is_sum and code.startswith("-"):
        neg, code = True, (_LATEX_NEG.sub("", code) if fmt == "latex" else code[1:])
    if tpl.is_sum:
        code = f"({code})" if fmt == "text" else rf"\left({code}\right)"
    sep = "*" if fmt == "text" else (r" \cdot " if code[:1].isdigit() else " ")
    return ("-" if neg else "") + factor + sep + code


def join_terms(terms: list, fmt: str) -> str:
    """Terms (each possibly starting with ``-``) joined into a sum."""
    out = ""
    for k, t in enumerate(terms):
        if k == 0:
            out = t
        elif t.startswith("-"):
            out += " - " + _LATEX_NEG.sub("", t) if fmt == "latex" else " - " + t[1:]
        else:
            out += " + " + t
    return out or "0"
