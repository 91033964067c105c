"""Straight-line programs: the way the exercise sheets define networks.

    h1 = sigmoid(w1*x)
    h2 = sigmoid(w2*h1)
    f  = (h2 - y)^2

One assignment ``name = expression`` per line or separated by ``;`` (``#`` starts a
comment); the last assignment (or the one named by ``output``) is the function, a bare
expression as the last statement is the output ``f``. Every right-hand side is read by
the same safe parser as a single expression (:func:`symderiv.language.parse.parse_ast`),
no ``eval``. Names never assigned are the inputs. Errors name the line: a reassignment,
a use before the assignment (which also rules out cycles), an output that is not
assigned, a name that is a function or a constant. Assignments the output does not use
are reported as warnings.

The program is kept as one :class:`~symderiv.language.parse.Ast` per line; the graph layer
builds one node per operation with earlier names as shared nodes, so the nested
expression (exponentially large to print for some programs) is never built.
"""
from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

import sympy as sp

from symderiv.language.names import natural_sorted, paused_gc
from symderiv.language.parse import MAX_LENGTH, Ast, ParseError, parse_statement
from symderiv.language.table import CONSTANTS, FUNCTIONS

_ASSIGN = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
DEFAULT_OUTPUT = "f"


class ProgramError(ParseError):
    """Bad program: ``message``, the 1-based ``line`` and ``column`` (in that line)."""

    def __init__(self, message: str, line: Optional[int] = None, column: Optional[int] = None):
        self.line = line
        super().__init__(message, column)

    def __str__(self):
        where = f"line {self.line}: " if self.line is not None else ""
        col = f" at column {self.column}" if self.column is not None else ""
        return f"{where}{self.message}{col}"


class Assignment(NamedTuple):
    """One line ``name = expression`` (a named tuple: made several times faster than a
    frozen dataclass, and a long program has one per line)."""

    name: str
    ast: Ast
    line: int
    text: str  # the right-hand side as written
    uses: frozenset = frozenset()  # the names the right-hand side uses


@dataclass
class Program:
    """The assignments in order, the output name, the inputs (natural order) and warnings."""

    assignments: list
    output: str
    inputs: list
    warnings: list = field(default_factory=list)
    needed: set = field(default_factory=set)  # the assignments the output uses
    #: a bound of the largest exponent of a variable in the output written out
    degree: float = 0.0

    def assignment(self, name: str) -> Assignment:
        for a in self.assignments:
            if a.name == name:
                return a
        raise KeyError(name)


def looks_like_program(text: str) -> bool:
    """Does ``text`` hold statements (``;``, a line break, or an assignment ``name = ...``)?"""
    body = text.strip()
    return ";" in body or "\n" in body or bool(_ASSIGN.match(body) and "(" not in body.split("=", 1)[0])


def _statements(text: str):
    """(line number, column offset, statement text) of every non-empty statement."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.split("#", 1)[0]
        offset = 0
        for part in line.split(";"):
            if part.strip():
                yield lineno, offset, part
            offset += len(part) + 1


#: names that :func:`_check_target` rejects, but for those starting with '_'
_NOT_TARGETS = frozenset(FUNCTIONS) | frozenset(CONSTANTS) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)


def _check_target(name: str, line: int, col: int) -> None:
    if name.startswith("_"):
        raise ProgramError("names may not start with '_'", line, col)
    if name in FUNCTIONS:
        raise ProgramError(f"'{name}' is a function and cannot be assigned", line, col)
    if name in CONSTANTS:
        raise ProgramError(f"'{name}' is a constant and cannot be assigned", line, col)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ProgramError(f"reserved word '{name}'", line, col)


@paused_gc
def parse_program(text: str, output: Optional[str] = None) -> Program:
    """Parse a straight-line program (see the module docstring)."""
    if not isinstance(text, str):
        raise ProgramError("program must be text")
    if len(text) > MAX_LENGTH:
        raise ProgramError(f"input too long ({len(text)} characters, limit {MAX_LENGTH})")
    stmts = list(_statements(text))
    if not stmts:
        raise ProgramError("empty program")
    assigned: dict[str, int] = {}  # name -> line
    later: dict[str, int] = {}  # every name assigned anywhere -> its line (for 'used before')
    matches = [_ASSIGN.match(part) for _, _, part in stmts]
    for (lineno, _, _), m in zip(stmts, matches):
        if m and m.group(1) not in later:
            later[m.group(1)] = lineno
    assignments: list[Assignment] = []
    for k, (lineno, offset, part) in enumerate(stmts):
        m = matches[k]
        if m:
            name = m.group(1)
            if name in _NOT_TARGETS or name[0] == "_":
                _check_target(name, lineno, offset + m.start(1) + 1)
            rhs_start = m.end()
        elif k == len(stmts) - 1:  # a bare expression at the end is the output
            name = DEFAULT_OUTPUT if DEFAULT_OUTPUT not in assigned else "out"
            rhs_start = 0
        else:
            raise ProgramError("expected 'name = expression'", lineno, offset + len(part) - len(part.lstrip()) + 1)
        if name in assigned:
            raise ProgramError(f"'{name}' is assigned twice (first on line {assigned[name]}); "
                               f"a program assigns every name once", lineno, offset + 1)
        rhs = part[rhs_start:]
        if "=" in rhs:
            raise ProgramError("unexpected '=' (one assignment per statement)",
                               lineno, offset + rhs_start + rhs.index("=") + 1)
        try:
            ast, used = parse_statement(rhs, rhs_start)  # columns of the statement
        except ParseError as err:
            col = None if err.column is None else err.column + offset
            raise ProgramError(err.message, lineno, col) from None
        if name in used:
            raise ProgramError(f"'{name}' is used in its own assignment (a program has no cycles)", lineno)
        early = [u for u in used if u not in assigned and u in later]
        if early:
            u = natural_sorted(early)[0]
            raise ProgramError(f"'{u}' is used before its assignment on line {later[u]}", lineno)
        assigned[name] = lineno
        assignments.append(Assignment(name, ast, lineno, rhs.strip(), frozenset(used)))
    if output is None:
        output = assignments[-1].name
    elif output not in assigned:
        raise ProgramError(f"output '{output}' is not assigned in the program"
                           f" (assigned: {', '.join(natural_sorted(assigned)) or 'nothing'})")
    # what the output uses, walking back through the assignments
    by_name = {a.name: a for a in assignments}
    needed, stack = set(), [output]
    while stack:
        n = stack.pop()
        if n in needed or n not in by_name:
            continue
        needed.add(n)
        stack.extend(by_name[n].uses)
    degree = _check_written_out(assignments, needed, output)
    warnings = [f"line {a.line}: '{a.name}' is assigned but the output '{output}' does not use it"
                for a in assignments if a.name not in needed]
    # the names the needed lines use that no line assigns (a name used before its own
    # line was an error above), in the order of their first use: mostly natural order
    # already, which the sort below then only checks
    inputs = dict.fromkeys([u for a in assignments if a.name in needed for u in a.uses if u not in assigned])
    return Program(assignments, output, natural_sorted(inputs), warnings, needed, degree)


def _check_written_out(assignments: list, needed: set, last: str) -> float:
    """Exact numbers stay within the parser's digit limit when the program is written out:
    earlier names are substituted (constants folded), so ``h1 = 10^1000*x; h2 = h1^1000;
    h3 = h2^1000`` would build 10^(10^9) - a single multiplication in C that no time
    budget can interrupt. An upper bound per assignment (log10 of numerators and
    denominators), from the Asts alone, before anything is built. Returns a bound of the
    largest exponent of a variable in ``last`` written out (nested powers multiply)."""
    from symderiv.language.parse import MAX_NUMBER_DIGITS
    bounds: dict = {}  # name -> bounds of (log10 numerator, log10 denominator, exponent)
    for a in assignments:
        if a.name not in needed:
            continue
        p, q, d = _log_sizes(a.ast, bounds, len(a.text))
        if max(p, q) >= MAX_NUMBER_DIGITS:
            raise ProgramError(f"'{a.name}': number too large when the program is written out (over "
                               f"{MAX_NUMBER_DIGITS} digits, with the earlier names substituted)", a.line)
        bounds[a.name] = (p, q, d)
    return bounds[last][2] if last in bounds else 0.0


_CAP, _TWO = 1e12, math.log10(2)
_NONE = (0.0, 0.0, 0.0)
_VARIABLE = (0.0, 0.0, 1.0)
#: lines shorter than this (characters) are walked recursively: their Ast is no deeper
#: than their length, far within Python's recursion limit (the usual case, and twice as fast)
_SHORT = 300


def _log_sizes(ast: Ast, bounds: dict, length: int = _SHORT) -> tuple:
    """Upper bounds of log10 of the numerator and the denominator of the exact numbers in
    ``ast`` written out and of the exponent of a variable (``bounds``: those of earlier
    names). Recursive for a line shorter than :data:`_SHORT` characters (``length``),
    iterative otherwise."""
    if length < _SHORT:
        return _sizes_of(ast, bounds)
    memo: dict = {}
    stack = [(ast, False)]
    while stack:
        n, done = stack.pop()
        if id(n) in memo:
            continue
        if not done and n.args:
            stack.append((n, True))
            stack.extend((c, False) for c in n.args)
            continue
        memo[id(n)] = _combine(n, [memo[id(c)] for c in n.args], bounds)
    return memo[id(ast)]


def _sizes_of(n: Ast, bounds: dict) -> tuple:
    op = n.op
    if op == "var":
        return bounds.get(n.name, _VARIABLE)
    if op == "const":
        return _NONE
    args = n.args
    if op == "call" and len(args) == 1:  # the usual nodes, as _combine has them, without its list
        p, q, d = _sizes_of(args[0], bounds)
        return (p, q, 1.0) if d else (p, q, 0.0)
    if op == "*":
        pa, qa, da = _sizes_of(args[0], bounds)
        pb, qb, db = _sizes_of(args[1], bounds)
        p, q, d = pa + pb, qa + qb, da + db
        if p > _CAP or q > _CAP or d > _CAP:
            return (min(_CAP, p), min(_CAP, q), min(_CAP, d))
        return (p, q, d)
    return _combine(n, [_sizes_of(c, bounds) for c in args], bounds)


def _combine(n: Ast, kids: list, bounds: dict) -> tuple:
    """The bounds of node ``n`` from those of its arguments ``kids``."""
    op = n.op
    if op == "num":
        return _log_rational(n.value) + (0.0,)
    if op == "var":
        return bounds.get(n.name, _VARIABLE)
    if op == "call":  # a function of numbers is no larger than its arguments; no powers combine
        if len(kids) == 1:
            p, q, d = kids[0]
            return (p, q, 1.0) if d else (p, q, 0.0)
        r = (max(k[0] for k in kids), max(k[1] for k in kids), float(any(k[2] for k in kids)))
    elif op == "*":
        (pa, qa, da), (pb, qb, db) = kids
        r = (pa + pb, qa + qb, da + db)
    elif op in ("+", "-"):
        (pa, qa, da), (pb, qb, db) = kids
        if da == 0 and db == 0:  # two numbers: folded into one fraction
            r = (max(pa + qb, pb + qa) + _TWO, qa + qb, 0.0)
        else:  # terms with a variable keep their own coefficients
            r = (max(pa, pb) + _TWO, max(qa, qb), max(da, db))
    elif op == "/":
        (pa, qa, da), (pb, qb, db) = kids
        r = (pa + qb, qa + pb, da + db)
    elif op == "^":
        (pa, qa, da), k = kids[0], _literal(n.args[1])
        r = (pa, qa, da) if k is None else (
            (pa * k, qa * k, da * k) if k >= 0 else (-qa * k, -pa * k, -da * k))
    else:  # neg, const
        return kids[0] if kids else _NONE
    p, q, d = r
    if p > _CAP or q > _CAP or d > _CAP:
        return (min(_CAP, p), min(_CAP, q), min(_CAP, d))
    return r


def _log_rational(value) -> tuple:
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if p is None or q is None:
        return (0.0, 0.0)
    return (math.log10(abs(int(p))) if p else 0.0, math.log10(int(q)))


def _literal(ast: Ast):
    """The exponent as a number when it is written as one (``-2``, ``3``), else ``None``."""
    sign = 1
    while ast.op == "neg":
        sign, ast = -sign, ast.args[0]
    if ast.op == "num" and isinstance(ast.value, sp.Rational):
        return sign * abs(float(ast.value))
    return None
