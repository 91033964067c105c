"""Beyond 004 Task 7: the closed form of the weights (the matrix of equation (1) is L^2,
its inverse the second-difference operator) and the order of the error."""
from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Step, Table
from symderiv.problems.relu_approximation import approx, checks
from symderiv.problems.relu_approximation.maths import (Maths, N_LIMIT, observed_order,
                                                        second_derivative_maximum)
from symderiv.problems.relu_approximation.symbols import A, B, EPS, FI, H, I, J, K, LAM, N, NN, F, msg
from symderiv.problems.spec import Part

_T, _L, _S, _D = (sp.Symbol(s) for s in ("T", "L", "S", "D"))


def _generic():
    """(i - j + 1) - 2 (i - j) + (i - j - 1), in the order of the rows of D."""
    U = sp.UnevaluatedExpr
    return notation.terms(I - J + 1, sp.Mul(-2, U(I - J), evaluate=False), I - J - 1)


def _last_weight(c):
    """h lambda_n of SymPy's exact solution, its terms from f_n down."""
    hh, ff, _, _ = approx.system(c.n)
    index = {s: k for k, s in enumerate(ff)}
    terms = sorted(sp.Add.make_args(sp.expand(c.solution[-1] * hh)),
                   key=lambda t: -max(index[s] for s in t.free_symbols))
    return sp.Eq(sp.Mul(hh, sp.Symbol(f"lambda_{c.n}"), evaluate=False), notation.terms(*terms), evaluate=False)


def _proof_steps(proof) -> list:
    Tm, L, S = (sp.MatrixSymbol(s, N, N) for s in ("T", "L", "S"))
    Id = sp.Identity(N)
    l2 = MatrixElement(L ** 2, I, J)
    dt = MatrixElement(sp.MatrixSymbol("D", N, N) * Tm, I, J)
    Tf = sp.Function("T")
    return [
        Step(msg("closed.l_squared", L=_L, l2=sp.Eq(l2, sp.Sum(L[I, K] * L[K, J], (K, 1, N))),
                 k=K, r1=sp.Le(J, K), r2=sp.Le(K, I), T=_T, jle=sp.Le(J, I)),
             [Equation(l2, [proof.l_squared_sum, proof.l_squared_value]), Equation(Tm, [L ** 2])]),
        Step(msg("closed.inverse", S=_S, L=_L, i=I, i1=I - 1, isl=(Id - S) * L, ei=sp.Symbol("e_i"),
                 isl_eq=sp.Eq((Id - S) * L, Id, evaluate=False), linv=sp.Eq(L ** -1, Id - S, evaluate=False),
                 tinv=Tm ** -1),
             [Equation(Tm ** -1, [(L ** -1) ** 2, (Id - S) ** 2])]),
        Step(msg("closed.direct", n=N, i=I, e1=sp.Integer(1), e2=sp.Integer(-2), e3=sp.Integer(1), c=sp.Tuple(I, I - 1, I - 2),
                 d=sp.Eq(_D, (Id - S) ** 2, evaluate=False),
                 dt=sp.Eq(dt, notation.terms(Tf(I, J), -2 * Tf(I - 1, J), Tf(I - 2, J)),
                          evaluate=False),
                 ige=sp.Ge(I, J + 2), tij=sp.Eq(Tf(I, J), I - J + 1)),
             [Equation(dt, [_generic(), proof.generic_value])]),
        Step(msg("closed.other_rows", c1=sp.Eq(I, J + 1), c2=sp.Eq(I, J), c3=sp.Lt(I, J), n=N,
                 sub=sp.Eq(notation.terms(2, sp.Mul(-2, sp.UnevaluatedExpr(1), evaluate=False)), proof.first_sub_value,
                         evaluate=False),
                 tjj=sp.Eq(Tf(J, J), proof.diagonal), dti=sp.Eq(_D * Tm, Id, evaluate=False))),
    ]


def _weights() -> list:
    closed = notation.terms(FI[I], -2 * FI[I - 1], FI[I - 2]) / H
    return [
        Result(msg("result.closed", f0=sp.Eq(FI[0], 0), fm1=sp.Eq(FI[-1], 0),
                   i=notation.element(I, notation.integer_range(1, N))), LAM[I], closed),
        Step(msg("closed.first", l1=sp.Eq(LAM[1], FI[1] / H),
                 l2=sp.Eq(LAM[2], notation.terms(FI[2], -2 * FI[1]) / H, evaluate=False))),
    ]


def _small_cases_table(cases) -> Table:
    yes, no = msg("yes"), msg("no")
    rows = [[c.n, _last_weight(c), yes if c.matches else no,
             yes if (c.t_is_l_squared and c.inverse_is_d) else no] for c in cases]
    return Table([N, msg("col.last_weight", h=H), msg("col.all_weights"),
                  msg("col.identities", a=sp.Eq(_T, _L ** 2), b=sp.Eq(_D * _T, sp.Symbol("I")))], rows,
                 msg("closed.table_caption", n=notation.element(N, notation.integer_range(cases[0].n, cases[-1].n)),
                     n2=sp.Ge(N, 2), m=N))


def task_closed_form(m: Maths) -> Part:
    """Beyond the sheet: T = L^2, T^-1 = (I - S)^2, the weights as second differences."""
    proof = approx.general_proof()
    cases = [c for c in approx.small_cases(8) if c.n >= 2]   # n = 1 has no grid spacing
    statement = [msg("closed.statement", T=_T, L=_L, lam=LAM[I], f=FI[I], h=H)]
    solution = _proof_steps(proof) + _weights() + [_small_cases_table(cases)]
    rng_n = notation.element(N, notation.integer_range(cases[0].n, cases[-1].n))
    found = [
        Check(msg("check.small_cases", n=rng_n, f=FI[I], h=sp.Eq(H, sp.Float(0.7, 2))),
              checks.small_cases_solve(cases, m.seed)),
        Check(msg("check.spacing", n=rng_n, m=N, h=sp.Eq(H, notation.terms(B, -A) / (N - 1), evaluate=False),
                  prod=sp.Eq(sp.Mul(sp.UnevaluatedExpr(N - 1), H, evaluate=False), notation.terms(B, -A), evaluate=False)),
              checks.spacing_defined(cases, m.a, m.b)),
        Check(msg("check.closed_form", m=sp.Le(N, max(max(m.conv.ns), m.n))), checks.closed_form_solve(m, m.seed)),
    ]
    return Part(statement, solution, found, [])


def _theory(m: Maths, f2max: float, where: float) -> tuple[list, list]:
    x = m.x
    d2 = sp.Abs(sp.Derivative(F(x), (x, 2)))
    max_f2 = sp.Symbol("M")
    bound_value = f2max / 8
    observed = observed_order(m)
    ns = m.conv.ns
    e1, e2 = sp.Symbol(f"varepsilon_{ns[-2]}"), sp.Symbol(f"varepsilon_{ns[-1]}")
    h1, h2 = sp.Symbol(f"h_{ns[-2]}"), sp.Symbol(f"h_{ns[-1]}")
    steps = [
        Step(msg("error.theory", f2=sp.Eq(sp.Derivative(F(x), (x, 2)), sp.diff(m.f, x, 2)), oh2=sp.O(H ** 2),
                 M=max_f2, d2=d2, x=notation.element(x, sp.Interval(A, B)), h=H, cell=H ** 2 / 8, f=F(x)),
             [Equation(EPS, [H ** 2 / 8 * max_f2], relation=r"\le")]),
        Step(msg("error.limit", ratio=EPS / H ** 2, lim=max_f2 / 8, M=max_f2, where=sp.Eq(x, sp.Float(where, 4)),
                 c=sp.Eq(max_f2 / 8, sp.Float(bound_value, 6)))),
        Step(msg("error.observed"), [Equation(sp.log(e1 / e2) / sp.log(h1 / h2), [sp.Float(observed, 6)],
                                              relation=r"\approx")]),
    ]
    found = [
        Check(msg("check.order"), checks.order(m, observed)),
        Check(msg("check.bound", e=sp.Le(EPS, H ** 2 / 8 * max_f2), n=N, M=max_f2), checks.bound(m, bound_value)),
        Check(msg("check.limit", ratio=EPS / H ** 2, n=sp.Eq(N, N_LIMIT), lim=max_f2 / 8, M=max_f2,
                  where=sp.Eq(x, sp.Float(where, 4))), checks.limit(m, bound_value)),
    ]
    return steps, found


def task_error(m: Maths) -> Part:
    """Beyond the sheet: the maximum error falls like h^2 (for f twice differentiable)."""
    c, x = m.conv, m.x
    rows = [[nn, float(hh), float(e), float(r)] for nn, hh, e, r in zip(c.ns, c.hs, c.errors, c.ratios)]
    ref = [c.errors[0] * (hh / c.hs[0]) ** 2 for hh in c.hs]
    statement = [msg("error.statement", eps=EPS, diff=sp.Abs(F(x) - NN(x)), x=notation.element(x, sp.Interval(A, B)),
                     n=N, ns=sp.Tuple(*c.ns), p=sp.Symbol("p"),
                     hp=H ** sp.Symbol("p"))]
    solution = [
        Table([N, H, EPS, EPS / H ** 2], rows, msg("error.table_caption")),
        Plot([Series(msg("series.error"), c.hs, c.errors, "mark=*, thick"),
              Series(msg("series.slope2"), c.hs, ref, "dashed")],
             xlabel=H, ylabel=EPS, xmode="log", ymode="log", caption=msg("error.plot_caption", h2=H ** 2)),
        Result(msg("result.slope", le=sp.log(EPS), lh=sp.log(H)), sp.Symbol("p"), sp.Float(c.slope)),
    ]
    found: list = []
    if m.smooth:
        f2max, where = second_derivative_maximum(m)
        steps, found = _theory(m, f2max, where)
        solution += steps
    elif m.exact:
        solution.append(Step(msg("error.exact", f=F(x), ab=sp.Interval(A, B))))
    else:
        solution.append(Step(msg("error.kink", f=F(x), ab=sp.Interval(A, B), oh2=sp.O(H ** 2),
                                 p=sp.Float(c.slope, 4))))
    return Part(statement, solution, found, [])
