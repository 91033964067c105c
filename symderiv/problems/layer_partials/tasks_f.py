"""Task (f) of sheet 002, Aufgabe 1: the partial derivative of g = a^T ReLU(W x + b),
with the one-sided derivatives where several components sit at their kink."""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Step
from symderiv.problems.layer_partials import checks
from symderiv.problems.layer_partials.maths import A_, F_, I_, J_, MULTI_KINKS, W_, X_, Maths
from symderiv.problems.layer_partials.tasks import (G, P, RELU, T_, _kink_checks, _num, _plain, _point_value,
                                                    am, bm, xm)
from symderiv.problems.spec import Part


def _one_sided_step() -> Step:
    Fi, a_i, Wij, x_j = F_[I_], A_[I_], W_[I_, J_], X_[J_]
    right, left = notation.one_sided(G, x_j, True), notation.one_sided(G, x_j, False)
    on_pos = notation.big_operator("sum", sp.Gt(Fi, 0), a_i * Wij)
    return Step(Msg(P + "f.kinks", nz=sp.Ne(Fi, 0), i=I_, aw=a_i * Wij, pos=sp.Gt(Fi, 0), neg=sp.Lt(Fi, 0),
                    xj=x_j, t=T_, Fi=Fi, tw=notation.juxtaposed(Wij, T_), z=sp.Eq(Fi, 0), mx=a_i * sp.Max(Wij, 0),
                    mn=a_i * sp.Min(Wij, 0)),
                [Equation(right, [notation.terms(on_pos, notation.big_operator("sum", sp.Eq(Fi, 0),
                                                                               a_i * sp.Max(Wij, 0)))]),
                 Equation(left, [notation.terms(on_pos, notation.big_operator("sum", sp.Eq(Fi, 0),
                                                                              a_i * sp.Min(Wij, 0)))]),
                 Equation(notation.terms(right, -left), [notation.big_operator("sum", sp.Eq(Fi, 0),
                                                                               a_i * sp.Abs(Wij))])])


def _example() -> Msg:
    Fi, a_i, Wij = F_[I_], A_[I_], W_[I_, J_]
    ex = MULTI_KINKS[0]
    x1 = sp.Symbol("x1", real=True)
    return Msg(P + "f.example", on=notation.big_operator("sum", sp.Gt(Fi, 0), a_i * Wij),
               aw0=sp.Ne(a_i * Wij, 0), r1=sp.Tuple(*ex[0][0]), r2=sp.Tuple(*ex[0][1]), W=sp.Symbol("W"),
               b0=sp.Eq(bm, sp.Integer(0), evaluate=False), av=sp.Eq(am, sp.Tuple(*ex[2]), evaluate=False),
               x0=sp.Eq(xm, sp.Integer(0), evaluate=False), x1=x1,
               jump=sp.Eq(notation.terms(A_[1] * sp.Abs(W_[1, 1]), A_[2] * sp.Abs(W_[2, 1])),
                          sp.Eq(notation.terms(sp.Mul(1, 1, evaluate=False), -1), 0), evaluate=False),
               gx=sp.Eq(G, notation.terms(RELU(x1), -RELU(-x1))), gy=sp.Eq(G, x1))


def task_f(m: Maths) -> Part:
    part = _plain(m, "f", [_one_sided_step(), _example()])
    box, q, row = _point_value(m, "f", 2, notation.partial(G, X_[1]), 1)
    part.statement.append(Msg(P + "at_point", j=sp.Eq(J_, 1)))
    F = m.point["F"]
    part.solution += [Msg(P + "f.value", F=sp.Eq(sp.Symbol("F"), sp.Tuple(*[_num(v) for v in F]), evaluate=False)), box]
    both, jump, example = checks.multi_kinks()
    right, left = notation.one_sided(G, X_[J_], True), notation.one_sided(G, X_[J_], False)
    part.checks += _kink_checks(m, "f") + [
        Check(Msg(P + "check.one_sided", rl=sp.Tuple(right, left), k=len(MULTI_KINKS), j=J_), both),
        Check(Msg(P + "check.jump", d=notation.terms(right, -left)), jump),
        Check(Msg(P + "check.example", x1=X_[1], g=sp.Eq(G, X_[1])), example),
        row]
    part.questions.append(q)
    return part
