"""The maths of the Rosenbrock exercise, as data (no prose): the DAG of
f(x1, x2) = b (x2 - x1^2)^2 + (a - x1)^2 built from + - * and natural powers, its edge
derivatives, reverse accumulation node by node, the gradient, the Hessian and the
stationary point; and the independent computations the checks compare them with.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError


def rosenbrock_text(a: float, b: float) -> str:
    """The expression as text for the parser, built from the two numbers only."""
    return f"{float(b)!r}*(x2 - x1^2)^2 + ({float(a)!r} - x1)^2"


@dataclass
class Maths:
    """One variant's maths. ``point``: the evaluation point (names -> floats)."""

    a: Any
    b: Any
    graph: Any
    f: Any
    x1: sp.Symbol
    x2: sp.Symbol
    point: dict
    seed: int
    extra: dict = field(default_factory=dict)

    @property
    def wrt(self) -> list:
        return [self.x1, self.x2]

    @property
    def at(self) -> dict:
        """The evaluation point with symbols as keys."""
        return {self.x1: self.point["x1"], self.x2: self.point["x2"]}

    @property
    def point_tuple(self) -> tuple:
        return (self.point["x1"], self.point["x2"])


def prepare(params: dict, seed: int) -> Maths:
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse, parse_ast, symbol
    a_f, b_f = float(params["a"]), float(params["b"])
    if b_f == 0:
        raise ProblemError("parameter b must be nonzero (for b = 0, f does not depend on x2)")
    g = Graph.from_ast(parse_ast(rosenbrock_text(a_f, b_f)))
    return Maths(parse(repr(a_f)), parse(repr(b_f)), g, g.expr, symbol("x1"), symbol("x2"),
                 {"x1": float(params["x1"]), "x2": float(params["x2"])}, seed)


def op_expr(node, args):
    """A node's operation applied to SymPy arguments (independent of graph.py's code)."""
    from symderiv.language.table import FUNCTIONS
    ops = {"+": lambda u, v: u + v, "-": lambda u, v: u - v, "*": lambda u, v: u * v,
           "/": lambda u, v: u / v, "^": lambda u, v: u ** v}
    if node.op in ops:
        return ops[node.op](*args)
    if node.op == "neg":
        return -args[0]
    if node.op == "pow":
        return args[0] ** node.param
    if node.op == "call":
        return FUNCTIONS[node.name].sympy(*args)
    raise ValueError(f"unknown operation {node.op}")


def nodes_and_edges(m: Maths) -> tuple[list, list]:
    """(node rows, edge rows): (node, kind, what it computes, value) in topological order,
    (edge, local derivative, in x1 and x2, value) for every edge; at the point."""
    g = m.graph
    vals = g.forward(m.point)
    evals = g.edge_values(vals)
    nodes = []
    for n in g.nodes:
        kind = {"input": "input", "const": "constant"}.get(n.op, "operation")
        rhs = n.sym if kind != "operation" else op_expr(n, [g.nodes[p].sym for p in n.parents])
        nodes.append((n.sym, kind, rhs, float(np.real(vals[n.index]))))
    edges = [((g.nodes[e.src].sym, g.nodes[e.dst].sym), e.local, e.derivative, float(np.real(evals[e.index])))
             for e in g.edges]
    return nodes, edges


class _ChainRule:
    """The sweep's domain for the worked solution: an adjoint is (its symbol, its value in
    x1 and x2); ``accumulate`` also records the chain-rule line of every node."""

    skip_constants = True

    def __init__(self, numeric: list):
        self.numeric = numeric
        self.lines: list = []

    @property
    def one(self):
        return (None, sp.S.One)

    def is_zero(self, adjoint) -> bool:
        return False

    def start(self, graph):
        from symderiv.graph.rules import adjoint_symbol
        out = graph.nodes[graph.output]
        self.graph = graph
        self.lines.append((adjoint_symbol(out.id), sp.S.One, sp.S.One, None))
        return (adjoint_symbol(out.id), sp.S.One)

    def accumulate(self, node, terms):
        from symderiv.graph.rules import adjoint_symbol
        sym = adjoint_symbol(node.id)
        shown, in_x = [], []
        for (target, value), ei in terms:
            e = self.graph.edges[ei]
            shown.append(target if e.local == 1 else -target if e.local == -1 else
                         sp.Mul(target, sp.UnevaluatedExpr(e.local), evaluate=False))
            in_x.append(value * e.derivative)
        value = sp.factor(sp.Add(*in_x))
        chain = sp.Add(*shown, evaluate=False) if len(shown) > 1 else shown[0]
        num = None if value.is_Number else float(np.real(self.numeric[node.index]))
        self.lines.append((sym, chain, value, num))
        return (sym, value)


def adjoint_steps(m: Maths) -> list[tuple]:
    """Reverse accumulation written out (the one sweep of :mod:`symderiv.graph.sweep` with
    a domain that records each line): per node (output first, constants skipped) its
    adjoint symbol, the chain-rule sum over outgoing edges, that sum in x1 and x2, and its
    value at the point (None where the adjoint is a number)."""
    from symderiv.graph.sweep import sweep
    domain = _ChainRule(m.graph.adjoints(m.point))
    sweep(m.graph, domain, seed=domain.start(m.graph))
    return domain.lines


def gradient(m: Maths) -> list:
    """The gradient (closed form, by reverse accumulation over the graph)."""
    from symderiv.calculus.reverse import gradient as reverse_gradient
    return list(reverse_gradient(m.f, m.wrt, graph=m.graph).closed_form)


def values_at(exprs, point: dict) -> list[float]:
    from symderiv.calculus.reverse import evaluate
    return [evaluate(e, {s: point[s] for s in e.free_symbols}) for e in exprs]


def hessian(m: Maths):
    from symderiv.calculus.matrices import hessian as sym_hessian
    return sym_hessian(m.f, m.wrt)


def stationary(m: Maths, grad: list) -> dict:
    """The one stationary point (sympy.solve), checked to be (a, a^2); the Hessian there and
    its eigenvalues (exact, sorted). ProblemError if SymPy finds anything else."""
    sols = sp.solve(grad, m.wrt, dict=True)
    if len(sols) != 1 or set(sols[0]) != set(m.wrt):
        raise ProblemError(f"expected one isolated stationary point, sympy found {sols}")
    sol = sols[0]
    p_star = (sol[m.x1], sol[m.x2])
    if sp.simplify(p_star[0] - m.a) != 0 or sp.simplify(p_star[1] - m.a ** 2) != 0:
        raise ProblemError(f"stationary point {p_star} is not (a, a^2)")
    H_star = hessian(m).subs(sol)
    eig = []
    for lam, mult in H_star.eigenvals().items():
        eig += [sp.nsimplify(lam)] * mult
    eig.sort(key=float)
    return {"point": p_star, "hessian": H_star, "eigenvalues": eig}


def solved_in_order(grad: list, m: Maths) -> tuple[list, int]:
    """The two equations in the order the solution shows them (d/dx2 first), and the
    position of the one that gives x2 = x1^2."""
    shown = [(m.x2, grad[1]), (m.x1, grad[0])]
    by_x2 = [k for k, (_, e) in enumerate(shown) if sp.solve(e, m.x2) == [m.x1 ** 2]]
    if len(by_x2) != 1:
        raise ProblemError("expected exactly one equation that gives x2 = x1^2")
    return shown, by_x2[0]
