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

from dataclasses import dataclass
from functools import cached_property
from typing import Optional, Sequence

import numpy as np
import sympy as sp

from symderiv.graph.core import Graph
from symderiv.graph.rules import adjoint_symbol, apply_op
from symderiv.language.names import natural_sorted
from symderiv.language.numeric import numeric

#: closed forms larger than this (tree nodes when written out) are shown as a tape
COMPACT_LIMIT = 20_000
#: tree sizes are counted up to this cap (exponential growth would make huge integers)
SIZE_CAP = 10**30


@dataclass
class Gradient:
    """The gradient of the graph's output with respect to ``wrt`` as a tape and in
    closed form. ``expr`` is the SymPy expression when one was given (``None`` for a
    program, whose nested expression is never built)."""

    expr: Optional[sp.Expr]
    wrt: list
    graph: Graph
    forward: list  # [(node symbol, expression of parent symbols)]
    reverse: list  # [(adjoint symbol, expression)]
    outputs: list  # per wrt variable: adjoint symbol, or 0 when expr does not depend on it

    @property
    def tape(self) -> list:
        return self.forward + self.reverse

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
        the tape without building them (capped at :data:`SIZE_CAP`)."""
        g = self.graph
        node_size = g.tree_sizes(SIZE_CAP)
        leaf = {n.sym: node_size[n.index] for n in g.nodes if n.sym is not None and n.sym.is_Symbol}
        for sym, rhs in self.reverse:
            leaf[sym] = _size(rhs, leaf)
        return min(SIZE_CAP, sum(_size(sp.sympify(o), leaf) for o in self.outputs))

    def is_compact(self, limit: int = COMPACT_LIMIT) -> bool:
        """Is the closed form small enough to print? (Else show the tape.)"""
        return self.closed_form_size <= limit

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
        """``df/dx = ...`` per variable, in the parser's syntax (the tape when large)."""
        from symderiv.language.printing import to_text
        if not self.is_compact():
            return f"gradient as a tape of {len(self.tape)} lines; outputs " + ", ".join(
                f"df/d{v.name} = {to_text(sp.sympify(o))}" for v, o in zip(self.wrt, self.outputs))
        return "; ".join(f"df/d{v.name} = {to_text(g)}" for v, g in zip(self.wrt, self.closed_form))

    def _repr_latex_(self) -> str:
        """Notebook display: every partial derivative (the tape when the closed form is large)."""
        from symderiv.language.printing import to_latex
        rows = []
        if not self.is_compact():
            rows += [f"{to_latex(s)} &= {to_latex(r)}" for s, r in self.tape[:60]]
            if len(self.tape) > 60:
                rows.append(r"&\;\vdots")
        shown = self.closed_form if self.is_compact() else self.outputs
        rows += [r"\frac{\partial f}{\partial %s} &= %s" % (to_latex(v), to_latex(sp.sympify(g)))
                 for v, g in zip(self.wrt, shown)]
        return r"$\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$"

    def values(self, point: dict) -> list:
        """Numeric gradient at ``point`` by reverse accumulation over the graph."""
        adj = self.graph.adjoints(point)
        by_name = {n.id: adj[n.index] for n in self.graph.inputs()}
        return [by_name.get(v.name, 0.0) for v in self.wrt]


def _size(expr: sp.Expr, leaf: dict) -> int:
    """Tree size of ``expr`` with the given sizes of its leaf symbols (iterative)."""
    total, stack = 0, [expr]
    while stack:
        e = stack.pop()
        if e in leaf:
            total += leaf[e]
        else:
            total += 1
            stack.extend(e.args)
    return min(total, SIZE_CAP)


def _tidy(e: sp.Expr) -> sp.Expr:
    """Small results get a cheap tidy-up (kept only if shorter); large ones stay as
    substituted. ``factor_terms``/``cancel``/``together`` instead of ``simplify``:
    ``simplify`` imports ``sympy.physics.units`` and costs seconds on results that the
    reverse pass already gives in a short form."""
    if e.is_Atom or sp.count_ops(e) > 60:
        return e
    best = e
    for tidy in (sp.factor_terms, sp.cancel):
        try:
            cand = tidy(e)
        except (sp.PolynomialError, TypeError, ValueError):  # e.g. functions of non-commuting args
            continue
        if sp.count_ops(cand) < sp.count_ops(best):
            best = cand
    return best


def gradient(expr=None, wrt: Optional[Sequence[sp.Symbol]] = None, graph: Optional[Graph] = None) -> Gradient:
    """Reverse accumulation over the graph of ``expr`` (or the given ``graph``; ``expr``
    may also be a :class:`Graph`). ``wrt`` defaults to the graph's inputs in natural order."""
    if isinstance(expr, Graph):
        expr, graph = None, expr
    if expr is not None:
        expr = sp.sympify(expr)
    g = graph if graph is not None else Graph.from_sympy(expr)
    if wrt is None:
        wrt = natural_sorted(g.input_symbols())
    wrt = list(wrt)
    wanted = {v.name for v in wrt}
    # which nodes depend on a wanted input
    reach = [False] * len(g.nodes)
    for n in g.nodes:
        if n.op == "input":
            reach[n.index] = n.id in wanted
        elif n.parents:
            reach[n.index] = any(reach[p] for p in n.parents)
    forward = [(n.sym, apply_op(n.op, n.name, n.param, [g.nodes[p].sym for p in n.parents]))
               for n in g.operations()]
    adj: dict[int, sp.Expr] = {g.output: sp.S.One}
    reverse = []
    one = sp.S.One
    for n in reversed(g.nodes):
        if n.index == g.output or not reach[n.index] or n.op == "const":
            continue
        terms = []
        for ei in g.children[n.index]:
            e = g.edges[ei]
            a = adj.get(e.dst)
            if a is None or a == 0:
                continue
            terms.append(e.local if a is one else (a if e.local is one else a * e.local))
        rhs = terms[0] if len(terms) == 1 else sp.Add(*terms)
        if rhs.is_Number or rhs.is_Symbol:
            adj[n.index] = rhs  # no need for a tape line
            if n.op == "input":
                sym = adjoint_symbol(n.id)
                reverse.append((sym, rhs))
                adj[n.index] = sym
            continue
        sym = adjoint_symbol(n.id)
        reverse.append((sym, rhs))
        adj[n.index] = sym
    index = {n.id: n.index for n in g.inputs()}
    outputs = [adj.get(index[v.name], sp.S.Zero) if v.name in index else sp.S.Zero for v in wrt]
    return Gradient(expr, wrt, g, forward, reverse, outputs)


def gradient_values(expr, wrt, point: dict) -> list:
    """Numeric gradient at ``point`` ({Symbol: float}) by reverse accumulation."""
    g = expr if isinstance(expr, Graph) else Graph.from_sympy(sp.sympify(expr))
    adj = g.adjoints(point)
    by_name = {n.id: adj[n.index] for n in g.inputs()}
    return [float(np.real(by_name.get(v.name, 0.0))) for v in wrt]


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
        with np.errstate(all="ignore"):
            return float(np.real(numeric(expr, syms)(*[by_name[s.name] for s in syms])))
    return float(np.real(g.forward(by_name)[g.output]))
