"""The tasks of the Rosenbrock exercise: one function per task, from the prepared maths to
the statement, the questions, the worked solution and the checks (sentences from
``messages/``)."""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Figure, Result, Step, Table
from symderiv.problems.rosenbrock import checks
from symderiv.problems.rosenbrock.maths import (Maths, adjoint_steps, gradient, hessian, nodes_and_edges,
                                                 solved_in_order, stationary, values_at)
from symderiv.problems.spec import Part, Question

F = sp.Symbol("f")


def _point(m: Maths):
    return sp.Eq(sp.Tuple(m.x1, m.x2), sp.Tuple(*map(sp.Float, m.point_tuple)), evaluate=False)


def given(m: Maths) -> list:
    a, b = sp.symbols("a b")
    fx = sp.Function("f")(m.x1, m.x2)
    general = sp.Add(b * sp.UnevaluatedExpr(m.x2 - m.x1 ** 2) ** 2, sp.UnevaluatedExpr(a - m.x1) ** 2,
                     evaluate=False)
    return [Msg("rosenbrock.given.general", a=a, b=b), Equation(fx, [general]),
            Msg("rosenbrock.given.values", a=sp.Eq(a, m.a), b=sp.Eq(b, m.b)), Equation(fx, [m.f])]


def _graph_blocks(m: Maths) -> list:
    nodes, edges = nodes_and_edges(m)
    kinds = {k: Msg(f"rosenbrock.kind.{k}") for k in ("input", "constant", "operation")}
    p = m.point_tuple
    return [
        Msg("rosenbrock.b.dag", n=len(nodes), m=len(edges), f=F, u=sp.Symbol("u"), v=sp.Symbol("v")),
        Figure(m.graph.to_tikz(), Msg("rosenbrock.b.dag_caption", f=F), svg=m.graph),
        Table([Msg("rosenbrock.col.node"), Msg("rosenbrock.col.kind"), Msg("rosenbrock.col.computes"),
               Msg("rosenbrock.col.value_at", p=p)],
              [[s, kinds[k], rhs, v] for s, k, rhs, v in nodes], Msg("rosenbrock.b.nodes_caption")),
        Table([Msg("rosenbrock.col.edge"), Msg("rosenbrock.col.local"),
               Msg("rosenbrock.col.in_x", x=sp.Tuple(m.x1, m.x2)), Msg("rosenbrock.col.value_at", p=p)],
              [[notation.edge(*e), local, d, v] for e, local, d, v in edges], Msg("rosenbrock.b.edges_caption")),
        Msg("rosenbrock.b.constants", x1=m.x1, x2=m.x2),
    ]


def task_b(m: Maths) -> Part:
    """Sheet 000, b): the DAG, the edge derivatives, the gradient by the chain rule."""
    grad = gradient(m)
    at = values_at(grad, m.at)
    fx = sp.Function("f")(m.x1, m.x2)
    chain = [Equation(s, [c] + ([v] if v != c else []) + ([num] if num is not None else []))
             for s, c, v, num in adjoint_steps(m)]
    grad_at = notation.at(notation.nabla("f"), m.at)
    statement = [Msg("rosenbrock.b.statement", f=F, x1=m.x1, x2=m.x2, pow=sp.Symbol("x") ** sp.Symbol("e"),
                     e=sp.Symbol("e"), nabla=notation.nabla("f")),
                 Msg("rosenbrock.b.evaluate", p=_point(m))]
    solution = _graph_blocks(m) + [
        Step(Msg("rosenbrock.b.reverse", f=F, v=sp.Symbol("v"), p=m.point_tuple), chain),
        Result(Msg("rosenbrock.result.gradient"), notation.nabla(fx), sp.Matrix(grad)),
        Result(Msg("rosenbrock.result.gradient_at", p=_point(m)), grad_at, sp.Matrix([sp.Float(v) for v in at])),
    ]
    questions = [
        Question("df_dx1", Msg("rosenbrock.q.partial", x=m.x1), grad[0], notation.partial_expr(F, m.x1)),
        Question("df_dx1_at", Msg("rosenbrock.q.partial_at", x=m.x1, p=_point(m)), at[0],
                 notation.at(notation.partial_expr(F, m.x1), m.at)),
        Question("df_dx2_at", Msg("rosenbrock.q.partial_at", x=m.x2, p=_point(m)), at[1],
                 notation.at(notation.partial_expr(F, m.x2), m.at)),
    ]
    p = m.point_tuple
    found = [
        Check(Msg("rosenbrock.check.edges", p=p), checks.edges(m)),
        Check(Msg("rosenbrock.check.gradient_at", p=p), checks.gradient_at_point(m, grad)),
        Check(Msg("rosenbrock.check.gradient_random"), checks.gradient_random(m, grad)),
        Check(Msg("rosenbrock.check.reverse"), checks.reverse_equals_closed_form(m, grad)),
    ]
    return Part(statement, solution, found, questions)


def task_hessian(m: Maths) -> Part:
    """Beyond the sheet: the Hessian, symbolic and at the point."""
    H = hessian(m)
    H_at = sp.Matrix(2, 2, lambda i, j: sp.Float(values_at([H[i, j]], m.at)[0]))
    fx = sp.Function("f")(m.x1, m.x2)
    H_sym = notation.hessian_symbol("f")
    at_sym = notation.at(H_sym, m.at)
    points = checks.hessian_points(m)
    return Part(
        [Msg("rosenbrock.hessian.statement", H=H_sym, f=F, p=_point(m))],
        [Step(Msg("rosenbrock.hessian.derive"), [Equation(notation.hessian_symbol(fx), [H])]),
         Result(Msg("rosenbrock.result.hessian"), notation.hessian_symbol(fx), H),
         Result(Msg("rosenbrock.result.hessian_at", p=_point(m)), at_sym, H_at)],
        [Check(Msg("rosenbrock.check.hessian", k=len(points)), checks.hessian(m, H, points))],
        [Question("h11_at", Msg("rosenbrock.q.hessian_entry", i=1, j=1, p=_point(m)), float(H_at[0, 0])),
         Question("h12_at", Msg("rosenbrock.q.hessian_entry", i=1, j=2, p=_point(m)), float(H_at[0, 1]))])


def _verdict(eig: list) -> str:
    if all(e > 0 for e in eig):
        return "minimum"
    if all(e < 0 for e in eig):
        return "maximum"
    if any(e > 0 for e in eig) and any(e < 0 for e in eig):
        return "saddle"
    return "undecided"


def task_minimum(m: Maths) -> Part:
    """Beyond the sheet: the stationary point and its classification."""
    grad = gradient(m)
    st = stationary(m, grad)
    p_star, H_star, eig = st["point"], st["hessian"], st["eigenvalues"]
    shown, k2 = solved_in_order(grad, m)
    lam = sp.symbols("lambda1 lambda2", real=True)
    kind = _verdict(eig)
    at_star = {m.x1: p_star[0], m.x2: p_star[1]}
    solution = [
        Step(Msg("rosenbrock.min.solve"), [Equation(notation.partial("f", v), [e, 0]) for v, e in shown]),
        Msg(f"rosenbrock.min.order{k2}", e2=sp.Eq(m.x2, m.x1 ** 2), e1=sp.Eq(m.x1, m.a), b=sp.Ne(sp.Symbol("b"), 0)),
        Result(Msg(f"rosenbrock.result.stationary_{kind}"), sp.Tuple(m.x1, m.x2), sp.Tuple(*p_star)),
        Step(Msg("rosenbrock.min.eigen"),
             [Equation(notation.at(notation.hessian_symbol("f"), at_star), [H_star]),
              Equation(sp.Tuple(*lam), [sp.Tuple(*eig)]),
              Equation(sp.Tuple(*lam), [tuple(float(e) for e in eig)], relation=r"\approx")]),
        Msg(f"rosenbrock.min.verdict_{kind}", p=p_star, f=F, fge=sp.GreaterThan(F, 0),
            bpos=sp.StrictGreaterThan(sp.Symbol("b"), 0), fp=sp.Eq(sp.Function("f")(*p_star), 0)),
        Result(Msg("rosenbrock.result.eigenvalues"), sp.Tuple(*lam), sp.Tuple(*[sp.Float(float(e)) for e in eig])),
    ]
    found = [
        Check(Msg(f"rosenbrock.check.order{k2}", e2=sp.Eq(m.x2, m.x1 ** 2), e1=sp.Eq(m.x1, m.a)),
              checks.ordinal(shown, k2, 1 - k2, m.x1, m.x2, m.a, m.seed)),
        Check(Msg("rosenbrock.check.vanishes", p=p_star), checks.vanishes(m, p_star)),
        Check(Msg("rosenbrock.check.eigenvalues", p=p_star), checks.eigenvalues(eig, H_star)),
    ]
    questions = [Question(f"lambda{i + 1}", Msg(f"rosenbrock.q.lambda{i + 1}"), float(eig[i]), lam[i])
                 for i in range(2)]
    statement = [Msg("rosenbrock.min.statement", f=F, lam=sp.LessThan(*lam))]
    return Part(statement, solution, found, questions)
