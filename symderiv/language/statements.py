"""The usual line of a program, read fast.

A precedence parser over the tokens as plain strings (no columns, no token objects, a
third of the calls of the full parser, :mod:`symderiv.language.parse`). It accepts a subset
of the language - no powers, no implicit products, nesting at most :data:`_FAST_DEPTH` -
and builds exactly the :class:`~symderiv.language.syntax.Ast` the full parser builds for
it; whatever else it meets (every error included) makes it give up, and the full parser
reads the line again, with its columns and messages. A long program is mostly such lines
(``h3 = sigmoid(w3*h2 + b3)``).
"""
from __future__ import annotations

import keyword
import re

import sympy as sp

from symderiv.language.syntax import Ast, ParseError
from symderiv.language.table import CONSTANTS, FUNCTIONS

MAX_NUMBER_CHARS = 40


def number_value(text: str, col=None):
    """The exact value of a number literal."""
    if len(text) > MAX_NUMBER_CHARS:
        raise ParseError(f"number too long (limit {MAX_NUMBER_CHARS} characters)", col)
    mantissa, _, exp = text.lower().partition("e")
    if exp and abs(int(exp)) > 300:
        raise ParseError("number out of range", col)
    return sp.Rational(mantissa) * sp.Integer(10) ** int(exp or 0)



_FAST_TOKEN = re.compile(r"[ \t\r\n]*(?:((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([A-Za-z][A-Za-z0-9_]*)"
                         r"|([-+*/(),])|([^ \t\r\n]))", re.ASCII)
_FAST_DEPTH = 100
_END = ("", "", "", "")
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)


class _Fallback(Exception):
    pass


#: an Ast made from its four fields at once (``Ast(...)`` goes through a Python-level
#: ``__new__``; a 10,000-line program makes 40,000 of them)
_new = tuple.__new__


def fast_statement(text: str):
    """(Ast, names) of a line in the fast subset, else ``None``."""
    if "^" in text or "**" in text:
        return None
    toks = _FAST_TOKEN.findall(text)
    toks.append(_END)
    try:
        ast, i = _f_expr(toks, 0, 0)
    except (_Fallback, ParseError, IndexError, RecursionError):
        return None
    if i != len(toks) - 1:
        return None
    return ast, frozenset([t[1] for t in toks if t[1]]).difference(FUNCTIONS, CONSTANTS)


def _f_expr(toks, i, depth):
    node, i = _f_term(toks, i, depth)
    while True:
        op = toks[i][2]
        if op == "+" or op == "-":
            right, i = _f_term(toks, i + 1, depth)
            node = _new(Ast, (op, (node, right), "", None))
        else:
            return node, i


def _f_term(toks, i, depth):
    node, i = _f_unary(toks, i, depth)
    while True:
        t = toks[i]
        op = t[2]
        if op == "*" or op == "/":
            right, i = _f_unary(toks, i + 1, depth)
            node = _new(Ast, (op, (node, right), "", None))
        elif op == "+" or op == "-" or op == ")" or op == "," or t is _END:
            return node, i
        else:  # an implicit product, or an error: the full parser decides
            raise _Fallback


def _f_unary(toks, i, depth):
    op = toks[i][2]
    if op == "-" or op == "+":
        if depth >= _FAST_DEPTH:
            raise _Fallback
        operand, i = _f_unary(toks, i + 1, depth + 1)
        return (_new(Ast, ("neg", (operand,), "", None)) if op == "-" else operand), i
    num, name, op, bad = toks[i]
    if name:
        if name in _RESERVED:
            raise _Fallback
        if toks[i + 1][2] == "(":
            rule = FUNCTIONS.get(name)
            if rule is None or depth >= _FAST_DEPTH:
                raise _Fallback
            i += 2
            args = []
            if toks[i][2] != ")":
                a, i = _f_expr(toks, i, depth + 1)
                args.append(a)
                while toks[i][2] == ",":
                    a, i = _f_expr(toks, i + 1, depth + 1)
                    args.append(a)
            lo, hi = rule.arity
            if toks[i][2] != ")" or len(args) < lo or (hi is not None and len(args) > hi):
                raise _Fallback
            return _new(Ast, ("call", tuple(args), name, None)), i + 1
        if name in FUNCTIONS:
            raise _Fallback
        if name in CONSTANTS:
            return _new(Ast, ("const", (), name, None)), i + 1
        return _new(Ast, ("var", (), name, None)), i + 1
    if op == "(":
        if depth >= _FAST_DEPTH:
            raise _Fallback
        node, i = _f_expr(toks, i + 1, depth + 1)
        if toks[i][2] != ")":
            raise _Fallback
        return node, i + 1
    if num:
        return _new(Ast, ("num", (), "", number_value(num))), i + 1
    raise _Fallback
