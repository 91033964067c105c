"""The graph of a straight-line program, and :func:`read_function`, the one entry point
for user text (an expression or a program) that the CLI calls.

Each assignment's right-hand side is added to one graph with the earlier names bound to
their nodes, so ``h3`` is one node however often it is used, and the node of an
assignment carries its name as id (the DAG, the tape and the adjoints say ``h3``,
``hbar_3``). The nested SymPy expression of the output is never built here: for a
10,000-layer chain it would be 10,000 levels deep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import sympy as sp

from symderiv.graph.core import Graph
from symderiv.language.names import natural_sorted, paused_gc
from symderiv.language.parse import ParseError, parse_ast, symbol, to_sympy
from symderiv.language.program import Program, ProgramError, looks_like_program, parse_program


@paused_gc
def graph_from_program(program: Program) -> Graph:
    """One node per operation of the assignments the output needs; names are shared nodes."""
    g = Graph()
    g.add_inputs(list(program.inputs), taken=[a.name for a in program.assignments])
    env: dict[str, int] = {}
    consts: dict[str, sp.Expr] = {}
    needed = program.needed
    for a in program.assignments:
        if a.name not in needed:
            continue
        # the parser's checks (exponent and number limits, division by zero) on this line,
        # with the earlier names as plain symbols: the line's own size, never the nesting
        used = a.uses
        if _needs_check(a) or used <= consts.keys():
            try:
                value = to_sympy(a.ast)
                if used and used <= consts.keys() or any(u in consts for u in used):
                    value = value.xreplace({symbol(u): consts[u] for u in used if u in consts})
                if value.has(sp.zoo, sp.nan):
                    raise ParseError("expression is undefined (division by zero)")
            except ParseError as err:
                raise ProgramError(err.message, a.line) from None
            if not value.free_symbols:
                consts[a.name] = value  # a constant: later lines are checked with its value
        env[a.name] = idx = g.add_expression(a.ast, env, short=len(a.text) < _SHORT)
        g.name_node(idx, a.name)
    g.finish(env[program.output], program.output)
    return g


#: calls that can be undefined at a point SymPy evaluates (log(0), tan(pi/2))
_PARTIAL_CALLS = {"log", "ln", "tan", "sqrt"}


def _needs_check(a) -> bool:
    """Can this line (an assignment) hit a limit of :func:`to_sympy` (a power, a division
    by zero, a pole)? Lines of sums, products and total functions cannot; building their
    SymPy expression only to check would cost most of the time of reading a long program.
    Read from the line's text (a function name can only be a call)."""
    return _CHECKED.search(a.text) is not None


_CHECKED = re.compile("|".join(["/", r"\^", r"\*\*", *sorted(_PARTIAL_CALLS)]))

#: lines shorter than this (characters) are built recursively (their Ast is no deeper)
_SHORT = 300


@dataclass
class FunctionInfo:
    """What was read: the output's name, the inputs (natural order), warnings, and the
    program (``None`` for a plain expression) or the SymPy expression (``None`` for a
    program)."""

    output: str
    inputs: list
    warnings: list = field(default_factory=list)
    program: Optional[Program] = None
    expr: Optional[sp.Expr] = None

    @property
    def input_symbols(self) -> list:
        return [symbol(n) for n in self.inputs]


@paused_gc
def read_function(text: str, output: Optional[str] = None) -> tuple[Graph, FunctionInfo]:
    """Read user text, an expression (``"x*y + sin(x)"``) or a program
    (``"h1 = sigmoid(w1*x); h2 = sigmoid(w2*h1)"``), into its graph. ``output`` chooses
    the output of a program. Raises :class:`~symderiv.language.parse.ParseError`."""
    if not isinstance(text, str):
        raise ParseError("expression must be text")
    if looks_like_program(text) or output is not None:
        program = parse_program(text, output)
        g = graph_from_program(program)
        return g, FunctionInfo(program.output, list(program.inputs), list(program.warnings), program=program)
    ast = parse_ast(text)
    expr = to_sympy(ast)
    g = Graph.from_ast(ast, validate=False)
    return g, FunctionInfo("f", natural_sorted(n.id for n in g.inputs()), [], expr=expr)
