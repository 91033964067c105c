"""Safe expression input: a small recursive-descent parser of its own.

The language: numbers (``2``, ``1.5``, ``.5``, ``1e-3``), identifiers (``x1``, ``w_3``,
``alpha``), the constants ``pi`` and ``e``, ``+ - * / ^ **``, unary minus, parentheses,
implicit multiplication after a number or a closing parenthesis (``100(x2 - x1^2)^2``,
``2x``), and calls of the functions in :data:`symderiv.functions.FUNCTIONS`. An optional
left-hand side ``f =`` or ``f(x1, x2) =`` is ignored.

Raw user text never reaches ``eval``, ``sympify`` or ``parse_expr``: the parser builds
an :class:`Ast` and from it the SymPy expression with SymPy's constructors. Every error
is a :class:`ParseError` with a message and a 1-based column.
"""
from __future__ import annotations

import keyword
import math
import re
import sys
from functools import lru_cache
from typing import Optional

import sympy as sp

from symderiv.language.points import parse_names, parse_point
from symderiv.language.statements import MAX_NUMBER_CHARS, fast_statement, number_value
from symderiv.language.syntax import Ast, ParseError
from symderiv.language.table import CONSTANTS, FUNCTIONS

__all__ = ["Ast", "ParseError", "parse", "parse_ast", "parse_statement", "to_sympy", "symbol", "parse_names", "parse_point"]

MAX_LENGTH = 2_000_000  # characters; parsing is linear (a 10,000-line program is ~300 kB)
MAX_DEPTH = 400
MAX_EXPONENT = 1000

MAX_NUMBER_DIGITS = 2000  # decimal digits of an exact numeric result


_TOKEN = re.compile(
    r"""[ \t\r\n]*(?:
        (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<id>[A-Za-z][A-Za-z0-9_]*)
      | (?P<op>\*\*|[-+*/^(),])
      | (?P<bad>[^ \t\r\n]))""",
    re.VERBOSE | re.ASCII | re.DOTALL,  # ASCII digits only: '２' or '٢' are no '2'
)
_COMMENT = re.compile(r"#[^\n]*")

_LHS = re.compile(r"^\s*[A-Za-z][A-Za-z0-9_]*\s*(\([A-Za-z0-9_,\s]*\))?\s*=(?!=)")


def _describe(ch: str) -> str:
    if ch.isprintable() and ord(ch) < 128:
        return repr(ch)
    return "'%s' (U+%04X)" % (ch.encode("unicode_escape").decode("ascii"), ord(ch))


def _tokenize(text: str, offset: int = 0):
    """(kind, text, 1-based column + ``offset``) of every token, then ``("end", "", ...)``:
    one scan of the text (whitespace is skipped inside the pattern)."""
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""        # every alternative of the pattern is a named group
        if kind == "bad":
            pos = m.start(kind)
            ch = text[pos]
            if ch == "_":
                raise ParseError("names may not start with '_'", pos + 1 + offset)
            if ch.isdigit() or ch.isnumeric():
                raise ParseError(f"non-ASCII digit {_describe(ch)}: write the digits 0-9", pos + 1 + offset)
            raise ParseError(f"unexpected character {_describe(ch)}", pos + 1 + offset)
        tokens.append((kind, m.group(kind), m.start(kind) + 1 + offset))
    tokens.append(("end", "", len(text) + 1 + offset))
    return tokens


class _Parser:
    def __init__(self, text: str, offset: int = 0):
        self.tokens = _tokenize(text, offset)
        self.i = 0
        self.depth = 0

    # -- helpers -------------------------------------------------------------------
    def peek(self):
        return self.tokens[self.i]

    def take(self):
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, value: str):
        kind, text, col = self.peek()
        if text != value or kind == "end":
            found = "end of input" if kind == "end" else f"'{text}'"
            raise ParseError(f"expected '{value}' but found {found}", col)
        return self.take()

    def enter(self, col):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"expression nested too deeply (limit {MAX_DEPTH})", col)

    # -- grammar -------------------------------------------------------------------
    def parse(self) -> Ast:
        kind, text, col = self.peek()
        if kind == "end":
            raise ParseError("empty expression", None)
        node = self.expr()
        kind, text, col = self.peek()
        if kind != "end":
            if text == ")":
                raise ParseError("unbalanced ')'", col)
            raise ParseError(f"unexpected '{text}'", col)
        return node

    def expr(self) -> Ast:
        node = self.term()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            _, op, _ = self.take()
            node = Ast(op, (node, self.term()))
        return node

    def term(self) -> Ast:
        node = self.unary()
        while True:
            kind, text, col = self.peek()
            if kind == "op" and text in ("*", "/"):
                self.take()
                node = Ast(text, (node, self.unary()))
            elif self._implicit_product(node, kind, text, col):
                node = Ast("*", (node, self.unary()))
            else:
                return node

    def _implicit_product(self, left: Ast, kind, text, col) -> bool:
        """``2x``, ``2(x)``, ``(a)(b)``, ``(a)x``; never two names (``import os``)."""
        if kind not in ("num", "id") and text != "(":
            return False
        prev_kind, prev_text, _ = self.tokens[self.i - 1]
        if prev_kind == "num" or prev_text == ")":
            if kind == "num" and prev_kind == "num":
                raise ParseError(f"unexpected number '{text}'", col)
            return True
        if kind == "id":
            raise ParseError(f"unexpected name '{text}' (write '*' between factors)", col)
        if kind == "num":
            raise ParseError(f"unexpected number '{text}'", col)
        return False

    def unary(self) -> Ast:
        kind, text, col = self.peek()
        if kind == "op" and text in ("-", "+"):
            self.take()
            self.enter(col)
            operand = self.unary()
            self.depth -= 1
            return Ast("neg", (operand,)) if text == "-" else operand
        return self.power()

    def power(self) -> Ast:
        base = self.primary()
        kind, text, col = self.peek()
        if kind == "op" and text in ("^", "**"):
            self.take()
            self.enter(col)
            exponent = self.unary()
            self.depth -= 1
            return Ast("^", (base, exponent), value=col)
        return base

    def primary(self) -> Ast:
        kind, text, col = self.take()
        if kind == "num":
            return self.number(text, col)
        if kind == "id":
            return self.name(text, col)
        if text == "(":
            self.enter(col)
            node = self.expr()
            self.depth -= 1
            if self.peek()[0] == "end":
                raise ParseError("unbalanced '(': missing ')'", col)
            self.expect(")")
            return node
        if kind == "end":
            raise ParseError("unexpected end of input", col)
        if text == ")":
            raise ParseError("unbalanced ')'", col)
        raise ParseError(f"unexpected '{text}'", col)

    def number(self, text: str, col: int) -> Ast:
        return Ast("num", value=number_value(text, col))

    def name(self, text: str, col: int) -> Ast:
        is_call = self.peek()[1] == "("
        if keyword.iskeyword(text) or keyword.issoftkeyword(text):
            raise ParseError(f"reserved word '{text}'", col)
        if is_call:
            rule = FUNCTIONS.get(text)
            if rule is None:
                if text in CONSTANTS:
                    raise ParseError(f"'{text}' is a constant, not a function", col)
                raise ParseError(f"unknown function '{text}'", col)
            open_col = self.take()[2]
            self.enter(open_col)
            args = []
            if self.peek()[1] != ")":
                args.append(self.expr())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.expr())
            self.depth -= 1
            if self.peek()[0] == "end":
                raise ParseError("unbalanced '(': missing ')'", open_col)
            self.expect(")")
            lo, hi = rule.arity
            if len(args) < lo or (hi is not None and len(args) > hi):
                want = str(lo) if lo == hi else (f"at least {lo}" if hi is None else f"{lo} to {hi}")
                raise ParseError(f"function '{text}' takes {want} argument(s), got {len(args)}", col)
            return Ast("call", tuple(args), name=text)
        if text in FUNCTIONS:
            raise ParseError(f"function '{text}' needs arguments in parentheses", col)
        if text in CONSTANTS:
            return Ast("const", name=text)
        return Ast("var", name=text)


def parse_ast(text: str) -> Ast:
    """Parse ``text`` into an :class:`Ast` (the structure as written)."""
    if not isinstance(text, str):
        raise ParseError("expression must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"input too long ({len(text)} characters, limit {MAX_LENGTH})")
    if "#" in text:  # a comment runs to the end of its line (blanked: the columns stay)
        text = _COMMENT.sub(lambda c: " " * len(c.group()), text)
    m = _LHS.match(text)
    if m:
        text = " " * m.end() + text[m.end():]
    if not text.strip():
        raise ParseError("empty expression")
    if sum(text.count(c) for c in "(-+^") > 60:  # possibly nested deeper than Python's default stack
        deep_recursion()
    return _Parser(text).parse()


def parse_statement(text: str, offset: int = 0) -> tuple:
    """A right-hand side of a program (comments and the left-hand side already taken off):
    its :class:`Ast` and the set of variable names it uses, read from the tokens (no walk
    of the Ast). Columns count from ``offset`` (where ``text`` starts in its line).

    The usual line (sums, products, unary minus, calls and parentheses of names and
    numbers) is read by :func:`~symderiv.language.statements.fast_statement`; any other line, and every line with an
    error, by the full parser, which gives the same Ast and the error messages."""
    fast = fast_statement(text)
    if fast is not None:
        return fast
    if not text.strip():
        raise ParseError("empty expression")
    if sum(text.count(c) for c in "(-+^") > 60:  # possibly nested deeper than Python's default stack
        deep_recursion()
    parser = _Parser(text, offset)
    ast = parser.parse()
    names = {t for kind, t, _ in parser.tokens if kind == "id"}
    return ast, names.difference(FUNCTIONS, CONSTANTS)


def deep_recursion(limit: int = 20_000) -> None:
    """Deep expressions (chains of depth ~1000) need more than Python's default stack
    of 1000 frames, here and in SymPy's own recursive walks."""
    if sys.getrecursionlimit() < limit:
        sys.setrecursionlimit(limit)


# --------------------------------------------------------------------------------------
# Ast -> SymPy
# --------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def symbol(name: str) -> sp.Symbol:
    """The SymPy symbol of a variable of the language (all variables are real). Kept: a
    program of 10,000 layers asks for each of its 10,000 inputs' symbols several times, and
    SymPy makes a symbol with assumptions in tens of microseconds."""
    return sp.Symbol(name, real=True)


def _digits(n, part: str = "") -> float:
    """Decimal digits of an exact number (numerator and denominator, or ``part`` "p" or
    "q" alone), from their bit lengths."""
    if not n.is_Rational:
        return 0.0
    bits = {"p": abs(int(n.p)).bit_length(), "q": int(n.q).bit_length()}
    return (bits[part] if part else bits["p"] + bits["q"]) * math.log10(2)


def _check_numbers(factors: list, col=None) -> None:
    """A product's exact numerators (and denominators) together stay within
    :data:`MAX_NUMBER_DIGITS`, checked before SymPy multiplies them (``10^1000*10^1000*...``
    would grow without bound)."""
    for part in "pq":
        if sum(_digits(f, part) for f in factors if f.is_Rational) > MAX_NUMBER_DIGITS:
            raise ParseError(f"number too large (limit {MAX_NUMBER_DIGITS} digits)", col)


def _check_result(out: sp.Expr, col=None) -> None:
    """Powers SymPy combined (``(x^1000)^1000`` is ``x^1000000``, ``x^1000*x^1000`` is
    ``x^2000``) stay within :data:`MAX_EXPONENT`."""
    for p in (out.args if out.is_Mul else (out,)):
        if p.is_Pow and p.exp.is_Number and abs(p.exp) > MAX_EXPONENT:
            raise ParseError(f"exponent too large (limit {MAX_EXPONENT}; nested powers multiply "
                             f"their exponents)", col)
    if _digits(out) > MAX_NUMBER_DIGITS:
        raise ParseError(f"number too large (limit {MAX_NUMBER_DIGITS} digits)", col)


def _check_power(base: sp.Expr, exponent: sp.Expr, col):
    if exponent.is_Number:
        if abs(exponent) > MAX_EXPONENT:
            raise ParseError(f"exponent too large (limit {MAX_EXPONENT})", col)
        if base.is_Number and base != 0 and exponent.is_Integer:
            digits = abs(int(exponent)) * math.log10(max(2.0, abs(float(base))))
            if digits > MAX_NUMBER_DIGITS:
                raise ParseError("number too large", col)


def to_sympy(node: Ast) -> sp.Expr:
    """Build the SymPy expression of an :class:`Ast` with SymPy's constructors.

    A chain ``a + b - c + ...`` (or ``a * b / c * ...``) is built with one ``Add`` (``Mul``)
    of all its terms: adding one term at a time re-flattens the sum every time, which is
    quadratic in the number of terms. The recursion follows the nesting of parentheses,
    calls and powers only, which the parser bounds (:data:`MAX_DEPTH`)."""
    memo: dict = {}
    const: dict = {}  # Ast id -> no variable below (checked for real values)

    def spine(n: Ast, ops) -> list[tuple[Optional[str], Ast]]:
        """The operands of a left-nested chain of ``ops`` with their operator: [(op, Ast)]
        (the first operand's operator is ``None``)."""
        out: list[tuple[Optional[str], Ast]] = []
        while n.op in ops:
            out.append((n.op, n.args[1]))
            n = n.args[0]
        out.append((None, n))
        out.reverse()
        return out

    def build(n: Ast) -> sp.Expr:
        hit = memo.get(id(n))  # identity: hashing a deep Ast would be quadratic
        if hit is not None:
            return hit
        op = n.op
        out: sp.Expr
        if op == "num":
            out = n.value
        elif op == "const":
            out = CONSTANTS[n.name]
        elif op == "var":
            out = symbol(n.name)
        elif op == "neg":
            out = -build(n.args[0])
        elif op == "call":
            out = FUNCTIONS[n.name].apply([build(a) for a in n.args])
        elif op in ("+", "-"):
            out = sp.Add(*[-build(a) if o == "-" else build(a) for o, a in spine(n, ("+", "-"))])
        elif op in ("*", "/"):
            factors = []
            for o, a in spine(n, ("*", "/")):
                b = build(a)
                if o == "/":
                    if b == 0:
                        raise ParseError("division by zero")
                    b = 1 / b
                factors.append(b)
            _check_numbers(factors)
            out = sp.Mul(*factors)
            _check_result(out)
        else:
            a, b = build(n.args[0]), build(n.args[1])
            _check_power(a, b, n.value)
            out = a ** b
            _check_result(out, n.value)
        if out is sp.zoo or out is sp.nan:  # 1/0, log(0), 0^-1: caught where it arises
            raise ParseError("expression is undefined (division by zero)")
        chain = {"+": ("+", "-"), "-": ("+", "-"), "*": ("*", "/"), "/": ("*", "/")}.get(op)
        operands = [a for _, a in spine(n, chain)] if chain else n.args
        const[id(n)] = op in ("num", "const") or (op != "var" and all(const[id(a)] for a in operands))
        if op in ("^", "call") and const[id(n)] and (out.has(sp.I) or out.is_extended_real is False):
            raise ParseError("expression is not a real number (a root or logarithm of a negative number)")
        memo[id(n)] = out
        return out

    return build(node)


def parse(text: str) -> sp.Expr:
    """Parse user text into a SymPy expression (safely; see the module docstring)."""
    return to_sympy(parse_ast(text))
