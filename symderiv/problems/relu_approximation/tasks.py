"""The source task of 004 Task 7 (ReLU interpolation): the given data and Task 7 itself,
from the prepared maths to the statement, the questions, the worked solution and the
checks (sentences from ``messages/``). The extensions are in :mod:`.tasks_ext`."""
from __future__ import annotations

import inspect

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, Code, Equation, Plot, Result, Series, Step, Table
from symderiv.problems.relu_approximation import approx, checks, student
from symderiv.problems.relu_approximation.maths import Maths
from symderiv.problems.relu_approximation.symbols import (A, B, BS, EPS, FI, H, I, J, LAM, N, NN, RELU, XS, F,
                                                          msg)
from symderiv.problems.spec import Part, Question


def network_sum(x, upper=N):
    return sp.Sum(notation.juxtaposed(LAM[J], RELU(x - BS[J])), (J, 1, upper))


def spacing():
    """h = (b - a)/(n - 1), in that order."""
    return sp.Eq(H, notation.terms(B, -A) / (N - 1), evaluate=False)


def given(m: Maths) -> list:
    x = m.x
    grid = sp.Eq(XS[I], notation.terms(A, sp.Mul(sp.UnevaluatedExpr(I - 1), H, evaluate=False)))
    bias = sp.Eq(BS[J], notation.terms(A, sp.Mul(sp.UnevaluatedExpr(J - 2), H, evaluate=False)))
    return [
        msg("given.network", f=F(x), ab=sp.Interval(A, B), n=N),
        Equation(NN(x), [network_sum(x)]),
        msg("given.weights", lam=notation.element(LAM[J], sp.Reals), b1=sp.Eq(BS[1], A - H),
            b2=sp.Eq(BS[2], A), bn=sp.Eq(BS[N], B - H), bj=bias),
        msg("given.grid", n=N, grid=grid, i=notation.element(I, notation.integer_range(1, N)),
            x1=sp.Eq(XS[1], A), xn=sp.Eq(XS[N], B), h=spacing()),
        msg("given.conditions", diff=sp.Eq(notation.terms(XS[I], -BS[J]), (I - J + 1) * H), j=J, xi=XS[I],
            jle=sp.Le(J, I), i=notation.element(I, notation.integer_range(1, N))),
        Equation(F(XS[I]), [H * sp.Sum((I - J + 1) * LAM[J], (J, 1, I))]),
        msg("given.variant", f=sp.Eq(F(x), m.f), ab=sp.Interval(m.a_expr, m.b_expr)),
    ]


def _system(m: Maths) -> list:
    rows = [Equation(F(XS[i]), [H * sp.Add(*[(i - j + 1) * LAM[j] for j in range(1, i + 1)])])
            for i in range(1, min(m.n, 4) + 1)]
    lam = sp.Matrix([LAM[j] for j in range(1, m.n + 1)])
    fv = sp.Matrix([FI[i] for i in range(1, m.n + 1)])
    return [
        Step(msg("t7.rows", i=I), rows),
        Step(msg("t7.matrix", n=sp.Eq(N, m.n), T=sp.Symbol("T"), tij=sp.Eq(sp.Function("T")(I, J), I - J + 1),
                 jle=sp.Le(J, I), fi=sp.Eq(FI[I], F(XS[I]))),
             [Equation(sp.MatMul(H, approx.toeplitz_matrix(m.n), lam, evaluate=False), [fv])]),
    ]


def _listing() -> Code:
    source = "import numpy as np\n\n\n" + "\n\n".join(
        inspect.getsource(fn) for fn in (student.relu_network, student.nn, student.max_error))
    return Code(source, "Python", msg("t7.listing"))


def _example(m: Maths) -> list:
    ap = m.ap
    rows = [[k + 1, float(ap.grid[k]), float(ap.biases[k]), float(ap.f_values[k]), float(ap.lambdas[k])]
            for k in range(m.n)]
    length = m.b_expr if m.a_expr == 0 else notation.terms(m.b_expr, -m.a_expr)
    h_chain = [length / (m.n - 1), m.h_exact]
    h_chain = [e for k, e in enumerate(h_chain) if k == 0 or e != h_chain[k - 1]]
    return [
        Step(msg("t7.spacing", n=sp.Eq(N, m.n)), [Equation(H, h_chain), Equation(H, [sp.Float(ap.h)], r"\approx")]),
        Table([I, XS[I], BS[I], FI[I], LAM[I]], rows, msg("t7.table_caption", n=sp.Eq(N, m.n))),
        Result(msg("result.h", n=sp.Eq(N, m.n)), H, sp.Float(float(ap.h))),
        Result(msg("result.weight", n=sp.Eq(N, m.n)), LAM[1], sp.Float(float(ap.lambdas[0]))),
        Result(msg("result.weight", n=sp.Eq(N, m.n)), LAM[2], sp.Float(float(ap.lambdas[1]))),
        Result(msg("result.weight", n=sp.Eq(N, m.n)), LAM[m.n], sp.Float(float(ap.lambdas[-1]))),
    ]


def _figure(m: Maths) -> list:
    ap, x = m.ap, m.x
    margin = 0.15 * (m.b - m.a)
    xx = np.linspace(m.a - margin, m.b + margin, 181)
    return [
        Plot([Series(msg("series.f", f=F(x)), xx, m.fn(xx), "thick"),
              Series(msg("series.nn", nn=NN(x), n=sp.Eq(N, m.n)), xx, ap(xx), "dashed, thick"),
              Series(msg("series.grid"), ap.grid, ap.f_values, "only marks")],
             xlabel=x, ylabel="", caption=msg("t7.plot_caption", f=F(x), nn=NN(x))),
        Step(msg("t7.interpolant", kinks=sp.Eq(BS[J + 1], XS[J]), nn=NN(x), f=F(x), ab=sp.Interval(A, B))),
    ]


def _experiment(m: Maths) -> list:
    c, x = m.conv, m.x
    rows = [[nn, float(hh), float(e)] for nn, hh, e in zip(c.ns, c.hs, c.errors)]
    return [Step(msg("t7.experiment", m=N, eps=EPS, diff=sp.Abs(F(x) - NN(x)), x=notation.element(x, sp.Interval(A, B)))),
            Table([N, H, EPS], rows, msg("t7.experiment_caption", eps=EPS)),
            msg("t7.experiment_exact" if m.exact else "t7.experiment_falls", f=F(x))]


def task_7(m: Maths) -> Part:
    """004 Task 7: the linear system, its solution for the variant, experiments with n."""
    n_eq = sp.Eq(N, m.n)
    statement = [msg("t7.statement", l1=LAM[1], ln=LAM[N], n=N),
                 msg("t7.variant", f=sp.Eq(F(m.x), m.f), ab=sp.Interval(m.a_expr, m.b_expr), n=n_eq, h=H,
                     l1=LAM[1], l2=LAM[2], ln=LAM[m.n])]
    solution = _system(m) + [_listing()] + _example(m) + _figure(m) + _experiment(m)
    ap = m.ap
    questions = [Question("h", msg("q.h", h=H, n=n_eq), float(ap.h), H),
                 Question("lambda1", msg("q.weight", lam=LAM[1], n=n_eq), float(ap.lambdas[0]), LAM[1]),
                 Question("lambda2", msg("q.weight", lam=LAM[2], n=n_eq), float(ap.lambdas[1]), LAM[2]),
                 Question("lambda_n", msg("q.weight", lam=LAM[m.n], n=n_eq), float(ap.lambdas[-1]), LAM[m.n])]
    found = [
        Check(msg("check.answers", h=H, l1=LAM[1], l2=LAM[2], ln=LAM[m.n], hab=spacing().rhs),
              checks.answers(m)),
        Check(msg("check.student", n=n_eq), checks.student_program(m)),
        Check(msg("check.grid", c=sp.Eq(NN(XS[I]), F(XS[I]))), checks.grid_values(m)),
        Check(msg("check.interp", nn=NN(m.x), ab=sp.Interval(A, B), k=1001), checks.interpolant(m)),
        Check(msg("check.study_interp", nn=NN(m.x), n=N), checks.study_interp(m)),
    ]
    if not m.exact:  # (for an f reproduced exactly the errors are rounding noise)
        found += [Check(msg("check.dense", eps=EPS, n=N), checks.study_dense(m)),
                  Check(msg("check.student_errors", eps=EPS), checks.student_errors(m))]
    return Part(statement, solution, found, questions)
