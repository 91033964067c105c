"""Gradient, Jacobian, Hessian and equivalence of expressions.

The gradient comes from reverse accumulation over the computation graph, written as a
*tape*: the forward assignments ``v_k = op(parents)`` followed by the adjoint
assignments ``vbar_k = sum_children vbar_child * local(child, k)``, exactly the adjoint
program a tutor writes. Shared subexpressions stay shared, so the tape grows linearly
with the graph (``sympy.diff`` of a deep nested expression does not). Local derivatives
come from the rule tables, not from ``diff``. The closed form is the tape substituted
back into the inputs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional, Sequence

import numpy as np
import sympy as sp

from symderiv.language.numeric import numeric
from symderiv.language.sympy_functions import to_elementary
from symderiv.graph.core import Graph, adjoint_symbol


#: closed forms larger than this (tree nodes when written out) are shown as a tape
COMPACT_LIMIT = 20_000


@dataclass
class Gradient:
    """The gradient of ``expr`` with respect to ``wrt`` as a tape and in closed form."""

    expr: sp.Expr
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
        env = dict(self.graph.sym_to_expr)
        for sym, rhs in self.reverse:
            env[sym] = rhs.xreplace(env)
        return [sp.sympify(o).xreplace(env) for o in self.outputs]

    @cached_property
    def closed_form_size(self) -> int:
        """Number of tree nodes of the closed forms written out (what printing costs)."""
        memo: dict = {}

        def size(e):
            k = id(e)
            if k not in memo:
                memo[k] = 1 + sum(size(a) for a in e.args)
            return memo[k]

        return sum(size(e) for e in self.raw_closed_form)

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

    def values(self, point: dict) -> list:
        """Numeric gradient at ``point`` by reverse accumulation over the graph."""
        adj = self.graph.adjoints(point)
        by_name = {n.id: adj[n.index] for n in self.graph.inputs()}
        return [by_name.get(v.name, 0.0) for v in self.wrt]


def _tidy(e: sp.Expr) -> sp.Expr:
    """Small results get SymPy's simplify (kept only if shorter); large ones stay as
    substituted, since simplify costs more than it gives there."""
    if sp.count_ops(e) > 60:
        return e
    best = e
    for cand in (sp.factor_terms(e), sp.simplify(e)):
        if sp.count_ops(cand) < sp.count_ops(best):
            best = cand
    return best


def gradient(expr, wrt: Optional[Sequence[sp.Symbol]] = None, graph: Optional[Graph] = None) -> Gradient:
    """Reverse accumulation over the graph of ``expr`` (or the given ``graph``)."""
    expr = sp.sympify(expr)
    g = graph if graph is not None else Graph.from_sympy(expr)
    if wrt is None:
        wrt = sorted(expr.free_symbols, key=lambda s: s.name)
    wrt = list(wrt)
    wanted = {v.name for v in wrt}
    # which nodes depend on a wanted input
    reach = [False] * len(g.nodes)
    for n in g.nodes:
        if n.op == "input":
            reach[n.index] = n.id in wanted
        elif n.parents:
            reach[n.index] = any(reach[p] for p in n.parents)
    forward = [(n.sym, _node_rhs(g, n)) for n in g.operations()]
    adj: dict[int, sp.Expr] = {g.output: sp.S.One}
    reverse = []
    for n in reversed(g.nodes):
        if n.index == g.output or not reach[n.index] or n.op == "const":
            continue
        terms = []
        for ei in g.children[n.index]:
            e = g.edges[ei]
            a = adj.get(e.dst)
            if a is None or a == 0:
                continue
            terms.append(a * e.local if a != 1 else e.local)
        rhs = sp.Add(*terms)
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


def _node_rhs(g: Graph, n) -> sp.Expr:
    from symderiv.graph.rules import apply_op as _apply
    return _apply(n.op, n.name, n.param, [g.nodes[p].sym for p in n.parents])


def gradient_values(expr, wrt, point: dict) -> list:
    """Numeric gradient at ``point`` ({Symbol: float}) by reverse accumulation."""
    g = Graph.from_sympy(sp.sympify(expr))
    adj = g.adjoints(point)
    by_name = {n.id: adj[n.index] for n in g.inputs()}
    return [float(np.real(by_name.get(v.name, 0.0))) for v in wrt]


def jacobian(exprs: Sequence, wrt: Sequence[sp.Symbol]) -> sp.Matrix:
    """Jacobian matrix: row i is the gradient of ``exprs[i]`` (reverse accumulation)."""
    return sp.Matrix([gradient(e, wrt).closed_form for e in exprs])


def hessian(expr, wrt: Sequence[sp.Symbol]) -> sp.Matrix:
    """Hessian matrix (the Jacobian of the gradient; symmetric by construction)."""
    grad = gradient(expr, wrt).closed_form
    n = len(wrt)
    H = sp.zeros(n, n)
    for i in range(n):
        row = gradient(grad[i], wrt[i:]).closed_form if grad[i].free_symbols else [sp.S.Zero] * (n - i)
        for k, j in enumerate(range(i, n)):
            H[i, j] = H[j, i] = sp.expand(row[k]) if sp.count_ops(row[k]) < 60 else row[k]
    return H


def evaluate(expr, point: dict) -> float:
    """Value of ``expr`` at ``point`` ({Symbol: float}) as a float (NumPy)."""
    expr = sp.sympify(expr)
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    by_name = {(k.name if isinstance(k, sp.Symbol) else k): v for k, v in point.items()}
    missing = [s.name for s in syms if s.name not in by_name]
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    with np.errstate(all="ignore"):
        v = numeric(expr, syms)(*[by_name[s.name] for s in syms])
    return float(np.real(v))


# --------------------------------------------------------------------------------------
# equivalence
# --------------------------------------------------------------------------------------

@dataclass
class Equivalence:
    verdict: str  # "equal" | "different" | "undecided"
    method: str  # "symbolic" | "numeric"
    counterexample: Optional[dict] = None  # {"point": {...}, "left": v, "right": v}
    probes: int = 0

    @property
    def equal(self) -> bool:
        return self.verdict == "equal"


def _probe_points(variables, n: int, seed: int):
    rng = np.random.default_rng(seed)
    pts = []
    for k in range(n):
        if k % 2 == 0:
            vals = rng.normal(0.0, 1.5, len(variables))
        else:
            vals = np.abs(rng.normal(0.0, 1.5, len(variables))) + 0.1
        pts.append(dict(zip(variables, vals)))
    return pts


def _precise(expr, point) -> Optional[float]:
    try:
        v = sp.N(expr.subs({k: sp.Float(float(x), 30) for k, x in point.items()}), 30)
        v = complex(v)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if abs(v.imag) > 1e-20 * max(1.0, abs(v.real)):
        return None
    return v.real


def equivalent(a, b, variables: Optional[Sequence[sp.Symbol]] = None, seed: int = 0,
               probes: int = 24, rtol: float = 1e-8) -> Equivalence:
    """Are ``a`` and ``b`` the same function? Numeric probes at random points find a
    difference (confirmed at 30 digits); otherwise SymPy tries to prove ``a - b = 0``;
    if it cannot, the probes' agreement decides ("equal", method "numeric")."""
    a, b = sp.sympify(a), sp.sympify(b)
    if variables is None:
        variables = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    variables = list(variables)
    fa, fb = numeric(a, variables), numeric(b, variables)
    valid = 0
    with np.errstate(all="ignore"):
        for pt in _probe_points(variables, probes, seed):
            args = [pt[v] for v in variables]
            try:
                va, vb = complex(fa(*args)), complex(fb(*args))
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                continue
            if not (np.isfinite(va) and np.isfinite(vb)) or abs(va.imag) > 0 or abs(vb.imag) > 0:
                continue
            valid += 1
            va, vb = va.real, vb.real
            if abs(va - vb) > rtol * (1 + abs(va) + abs(vb)):
                pa, pb = _precise(a, pt), _precise(b, pt)
                if pa is not None and pb is not None and abs(pa - pb) > 1e-12 * (1 + abs(pa) + abs(pb)):
                    return Equivalence("different", "numeric",
                                       {"point": {v.name: float(pt[v]) for v in variables},
                                        "left": pa, "right": pb}, valid)
    try:
        diff = to_elementary(a - b)
        if sp.count_ops(diff) < 400 and sp.simplify(diff) == 0:
            return Equivalence("equal", "symbolic", None, valid)
    except Exception:  # noqa: BLE001 - SymPy may give up; the probes still decide
        pass
    if valid >= 3:
        return Equivalence("equal", "numeric", None, valid)
    return Equivalence("undecided", "numeric", None, valid)
