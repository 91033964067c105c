"""The gradient by reverse accumulation over the computation graph, written as a *tape*.

The tape is the forward assignments ``v_k = op(parents)`` followed by the adjoint
assignments ``vbar_k = sum_children vbar_child * local(child, k)``, exactly the adjoint
program a tutor writes. Shared subexpressions stay shared, so the tape grows linearly
with the graph (``sympy.diff`` of a deep nested expression does not). Local derivatives
come from the rule tables, not from ``diff``. The closed form is the tape substituted
back into the inputs; its size is estimated from the tape first (dynamic programming over
the graph), so a closed form too large to print is never built.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional, Sequence

import sympy as sp

from symderiv.calculus.lighttape import Plan
from symderiv.graph.core import Graph
from symderiv.graph.sweep import Symbols, sweep
from symderiv.language.names import natural_sorted, paused_gc
from symderiv.language.parse import symbol

#: closed forms larger than this (tree nodes when written out) are shown as a tape
COMPACT_LIMIT = 20_000
#: deeper closed forms are shown as a tape (SymPy's printers recurse once per level)
MAX_PRINT_DEPTH = 100
#: tree sizes are counted up to this cap (exponential growth would make huge integers)
SIZE_CAP = 10**30


@dataclass
class Gradient:
    """The gradient of the graph's output with respect to ``wrt`` as a tape and in
    closed form. ``expr`` is the SymPy expression when one was given (``None`` for a
    program, whose nested expression is never built)."""

    expr: Optional[sp.Expr]
    wrt_names: list  # the names of the variables
    graph: Graph
    _wrt: Optional[list] = field(default=None, repr=False)

    @property
    def wrt(self) -> list:
        """The variables as SymPy symbols (made on first use: a program of 10,000 layers has
        10,000 weights, and its printed tape needs only their names)."""
        if self._wrt is None:
            self._wrt = [symbol(n) for n in self.wrt_names]
        return self._wrt

    @cached_property
    def plan(self) -> Plan:
        """The tape without SymPy objects: which adjoint lines, their terms, the outputs."""
        return Plan(self.graph, self.wrt_names)

    @cached_property
    def _sympy(self):
        return _sympy_tape(self.graph, self.wrt_names)

    @property
    def forward(self) -> list:
        """[(node symbol, expression of parent symbols)]"""
        return self._sympy[0]

    @property
    def reverse(self) -> list:
        """[(adjoint symbol, expression)]"""
        return self._sympy[1]

    @property
    def outputs(self) -> list:
        """Per wrt variable: its adjoint symbol, or 0 when the output does not depend on it."""
        return self._sympy[2]

    def tape_rows(self, fmt: str = "text") -> list:
        """Every line of the tape as ``(left, right)`` text (``fmt='text'``) or LaTeX,
        printed from the rules' templates (linear time, no SymPy objects)."""
        return self.plan.rows(fmt)

    def output_texts(self, fmt: str = "text") -> list:
        """Per wrt variable: the adjoint that holds its partial (or a number), printed."""
        return self.plan.outputs(fmt)

    @property
    def tape(self) -> list:
        """The forward and adjoint assignments (a list that displays as a table)."""
        from symderiv.calculus.display import Tape
        return Tape(self.forward + self.reverse, len(self.forward))

    @cached_property
    def raw_closed_form(self) -> list:
        """The tape substituted back into the inputs (shared subtrees stay shared)."""
        g = self.graph
        env: dict = {}
        for sym, rhs in self.reverse:
            env[sym] = g.in_inputs(rhs).xreplace(env)
        return [g.in_inputs(sp.sympify(o)).xreplace(env) for o in self.outputs]

    @cached_property
    def closed_form_size(self) -> int:
        """Tree nodes of the closed forms written out (what printing costs), counted on
        the planned tape without building them (capped at :data:`SIZE_CAP`)."""
        return self.plan.closed_form_size(SIZE_CAP)

    @cached_property
    def depth(self) -> int:
        """Nesting depth of the closed form (an upper estimate from the planned tape)."""
        return self.plan.closed_form_depth()

    def is_small(self, limit: int = COMPACT_LIMIT) -> bool:
        """Is the closed form small (and shallow) enough to write out?"""
        return self.closed_form_size <= limit and self.depth <= MAX_PRINT_DEPTH

    def is_compact(self, limit: int = COMPACT_LIMIT) -> bool:
        """Is the closed form small enough to print, and finite? (Else show the tape.)"""
        return self.is_small(limit) and not self.is_undefined(limit)

    def is_undefined(self, limit: int = COMPACT_LIMIT) -> bool:
        """Whether the small closed form has an infinite or undefined part (``zoo``, ``nan``,
        ``oo``): written in the inputs it can meet log(0) or 1/0 where the tape does not
        (``(x - x)^x`` is ``0^x``, whose partial SymPy writes ``0^x zoo``). A large one is
        not written out, so not judged."""
        return self.is_small(limit) and any(e.has(sp.zoo, sp.nan, sp.oo, -sp.oo) for e in self.raw_closed_form)

    @cached_property
    def closed_form(self) -> list:
        """Each partial derivative written in the inputs; small ones simplified."""
        if not self.is_compact():
            return self.raw_closed_form
        return [_tidy(e) for e in self.raw_closed_form]

    def function_ops(self) -> int:
        return sum(sp.count_ops(rhs) for _, rhs in self.forward)

    def tape_ops(self) -> int:
        """Operations of the adjoint part of the tape."""
        return sum(sp.count_ops(rhs) for _, rhs in self.reverse)

    def __str__(self) -> str:
        """``df/dx = ...`` (``dy/dx``: a program's output name) per variable, in the parser's
        syntax (the tape when large)."""
        from symderiv.language.printing import to_text
        f = self.graph.name
        if not self.is_compact():
            return f"gradient as a tape of {len(self.tape_rows())} lines; outputs " + ", ".join(
                f"d{f}/d{v} = {o}" for v, o in zip(self.wrt_names, self.output_texts()))
        return "; ".join(f"d{f}/d{v.name} = {to_text(g)}" for v, g in zip(self.wrt, self.closed_form))

    def _repr_latex_(self) -> str:
        """Notebook display: every partial derivative (the tape when the closed form is large)."""
        return f"${self._latex()}$"

    # SymPy's printers ask these first (its own _print_Gradient is sympy.vector's)
    def _latex(self, printer=None) -> str:
        from symderiv.calculus.display import gradient_latex
        return gradient_latex(self)

    def _sympystr(self, printer=None) -> str:
        return str(self)

    def _pretty(self, printer):
        from symderiv.calculus.display import gradient_pretty
        return gradient_pretty(self, printer)

    def values(self, point: dict, vals: Optional[list] = None) -> list:
        """Numeric gradient at ``point`` by reverse accumulation over the graph (``vals``:
        the node values at ``point``, when :meth:`Graph.forward` gave them already)."""
        adj = self.graph.adjoints(point, vals)
        by_name = {n.id: adj[n.index] for n in self.graph.inputs()}
        return [by_name.get(v, 0.0) for v in self.wrt_names]


def _tidy(e: sp.Expr) -> sp.Expr:
    """Small results get a cheap tidy-up (kept only if shorter); large ones stay as
    substituted. ``factor_terms``/``cancel``/``together`` instead of ``simplify``:
    ``simplify`` imports ``sympy.physics.units`` and costs seconds on results that the
    reverse pass already gives in a short form."""
    if e.is_Atom or sp.count_ops(e) > 60:
        return e
    best = e
    from symderiv.calculus.budget import expands_small
    for tidy in (sp.factor_terms, sp.cancel) if expands_small(e) else (sp.factor_terms,):  # cancel expands
        try:
            cand = tidy(e)
        except (sp.PolynomialError, TypeError, ValueError):  # e.g. functions of non-commuting args
            continue
        if sp.count_ops(cand) < sp.count_ops(best):
            best = cand
    return best


@paused_gc
def gradient(expr=None, wrt: Optional[Sequence[sp.Symbol]] = None, graph: Optional[Graph] = None) -> Gradient:
    """Reverse accumulation over the graph of ``expr`` (or the given ``graph``; ``expr``
    may also be a :class:`Graph`). ``wrt`` defaults to the graph's inputs in natural order.

    The tape is planned without SymPy objects (:class:`~symderiv.calculus.lighttape.Plan`);
    its SymPy form (``forward``, ``reverse``, ``outputs``) is built on first use."""
    if isinstance(expr, Graph):
        expr, graph = None, expr
    if expr is not None:
        expr = sp.sympify(expr)
    g = graph if graph is not None else Graph.from_sympy(expr)
    if wrt is None:
        return Gradient(expr, natural_sorted(n.id for n in g.inputs()), g)
    wrt = list(wrt)
    return Gradient(expr, [v.name for v in wrt], g, wrt)


def _sympy_tape(g: Graph, wrt: list):  # wrt: names
    """The tape as SymPy expressions: forward lines, adjoint lines, outputs (one
    :func:`~symderiv.graph.sweep.sweep` in the :class:`~symderiv.graph.sweep.Symbols` domain)."""
    forward = [(n.sym, n.op.apply([g.nodes[p].sym for p in n.parents], n.param)) for n in g.operations()]
    domain = Symbols(g)
    adj = sweep(g, domain, wrt=wrt)
    index = {n.id: n.index for n in g.inputs()}
    outputs = [adj[index[v]] if v in index and adj[index[v]] is not None else sp.S.Zero for v in wrt]
    return forward, domain.lines, outputs


def gradient_values(expr, wrt, point: dict) -> list:
    """Numeric gradient at ``point`` ({Symbol: float}) by reverse accumulation."""
    g = expr if isinstance(expr, Graph) else Graph.from_sympy(sp.sympify(expr))
    adj = g.adjoints(point)
    by_name = {n.id: adj[n.index] for n in g.inputs()}
    return [float(complex(by_name.get(v.name, 0.0)).real) for v in wrt]


def evaluate(expr, point: dict) -> float:
    """Value of ``expr`` at ``point`` ({Symbol: float}) as a float, by a forward pass over
    its graph (no ``lambdify`` of one deep expression: that fails beyond ~100 nested
    parentheses)."""
    expr = sp.sympify(expr)
    by_name = {(k.name if isinstance(k, sp.Symbol) else k): v for k, v in point.items()}
    missing = [s.name for s in expr.free_symbols if s.name not in by_name]
    if missing:
        raise ValueError(f"no value for {', '.join(natural_sorted(missing))}")
    try:
        g = Graph.from_sympy(expr)
    except ValueError:  # a head outside the function table (e.g. DiracDelta): NumPy
        syms = natural_sorted(expr.free_symbols)
        import numpy as np
        from symderiv.language.numeric import numeric
        with np.errstate(all="ignore"):
            return float(np.real(numeric(expr, syms)(*[by_name[s.name] for s in syms])))
    return float(complex(g.forward(by_name)[g.output]).real)
