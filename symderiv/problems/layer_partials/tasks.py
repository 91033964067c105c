"""The tasks of sheet 002, Aufgabe 1 (a)-(f): one function per task, from the prepared maths
to the statement, the questions, the worked solution and the checks (sentences from
``messages/``)."""
from __future__ import annotations

from typing import Sequence

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Result, Step
from symderiv.language.table import relu, sigmoid  # the table gives the functions their derivatives
from symderiv.problems.layer_partials import checks
from symderiv.problems.layer_partials.maths import A_, B_, F_, I_, J_, M_, N_, W_, X_, Maths, inner, values
from symderiv.problems.spec import Part, Question

P = "layer-partials."
T_ = sp.Symbol("t", real=True)
G = sp.Symbol("g")
RELU = sp.Function("ReLU")
Wm, xm, bm, am = (sp.MatrixSymbol("W", M_, N_), sp.MatrixSymbol("x", N_, 1), sp.MatrixSymbol("b", M_, 1),
                  sp.MatrixSymbol("a", M_, 1))


def _num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(round(float(v), 10))


def _mat(arr):
    return sp.Matrix(arr.shape[0], arr.shape[1] if arr.ndim == 2 else 1, [_num(v) for v in arr.ravel()])


def given(m: Maths) -> list:
    Rn, Rm, Rmn = (notation.power(sp.Reals, N_), notation.power(sp.Reals, M_),
                   notation.power(sp.Reals, notation.shape(M_, N_)))
    pt = m.point
    return [
        Msg(P + "given.functions", f=sp.Eq(sp.Function("f")(xm, Wm, bm), Wm * xm + bm, evaluate=False),
            x=notation.element(xm, Rn), W=notation.element(Wm, Rmn), b=notation.element(bm, Rm),
            a=notation.element(am, Rm),
            g=sp.Eq(sp.Function("g")(xm, am, Wm, bm), notation.juxtaposed(sp.Transpose(am), RELU(Wm * xm + bm)),
                    evaluate=False)),
        Msg(P + "given.components", F1=F_[1], Fi=sp.Eq(F_[I_], inner(I_)), i=I_, j=J_,
            gi=sp.Eq(G, sp.Sum(A_[I_] * RELU(F_[I_]), (I_, 1, M_)))),
        Msg(P + "given.activations", relu=sp.Eq(RELU(T_), sp.Max(0, T_)),
            sig=sp.Eq(sigmoid(T_), 1 / (1 + sp.exp(-T_)))),
        Msg(P + "given.point", n=sp.Eq(N_, m.n), m=sp.Eq(M_, m.m)),
        Equation(sp.Symbol("W"), [_mat(pt["W"])]), Equation(sp.Symbol("x"), [_mat(pt["x"])]),
        Equation(sp.Symbol("b"), [_mat(pt["b"])]), Equation(sp.Symbol("a"), [_mat(pt["a"])]),
    ]


def _derivation(m: Maths, key: str) -> list:
    p = m.parts[key]
    lhs = notation.partial(p.lhs_num, p.var)
    rhs = [p.raw] if p.raw != p.result else []
    rhs.append(p.result)
    if p.compact != p.result:
        rhs.append(p.compact)
    return [Step(Msg(P + "index_form"), [Equation(lhs, rhs)])]


def _result(m: Maths, key: str) -> Result:
    p = m.parts[key]
    return Result(Msg(P + "result.general", label=f"({key})"), notation.partial(p.lhs_num, p.var), p.compact)


def _formula_checks(m: Maths, key: str) -> list:
    p, c = m.parts[key], m.concrete
    return [Check(Msg(P + "check.sympy", n=sp.Eq(N_, c.n), m=sp.Eq(M_, c.m)), checks.against_sympy_diff(p, c, m.seed)),
            Check(Msg(P + "check.numeric", k=len(p.wrt)), checks.numeric(p, c, m.seed))]


def _kink_checks(m: Maths, key: str) -> list:
    """The kink rows: the check point is printed in the row (it is not the question point)."""
    c, pt = m.concrete, m.kink
    zero = [j for j in range(c.n) if pt[c.W[0][j]] == 0]
    shown = dict(w=sp.Eq(sp.Tuple(*[W_[1, j + 1] for j in range(c.n)]), sp.Tuple(*[_num(pt[c.W[0][j]]) for j in range(c.n)]),
                       evaluate=False),
                 x=sp.Eq(sp.Symbol("x"), sp.Tuple(*[_num(pt[v]) for v in c.x]), evaluate=False), b=sp.Eq(B_[1], _num(pt[c.b[0]])), f0=sp.Eq(F_[1], 0),
                 xj=X_[J_], w0=sp.Ne(W_[1, J_], 0))
    rec = checks.kinks(m.parts[key], m)
    if zero:
        xz = [X_[j + 1] for j in zero]
        wz = [sp.Eq(W_[1, j + 1], 0) for j in zero]
        row = Check(Msg(P + "check.kink_exists", xz=xz[0] if len(xz) == 1 else sp.Tuple(*xz),
                        wz=wz[0] if len(wz) == 1 else sp.Tuple(*wz), **shown), rec)
    else:
        row = Check(Msg(P + "check.kink_all", **shown), rec)
    return [row, Check(Msg(P + "check.kink_point", f0=sp.Eq(F_[1], 0)), checks.kink_point_is_as_stated(m, zero))]


def _point_value(m: Maths, key: str, k: int, lhs, x_index: int) -> tuple:
    """The result box and the question of a value at the given point, and its check row."""
    v = values(m.point)[k]
    j = sp.Eq(J_, x_index)
    box = Result(Msg(P + "result.at_point", label=f"({key})", j=j), lhs, sp.Float(v))
    q = Question(f"{key}_at", Msg(P + "q.at_point", j=j), v, lhs, precision=4)
    num = checks.numeric_values(m.point)[k]
    from symderiv import verify
    row = Check(Msg(P + "check.at_point", label=f"({key})"), verify.compare([v], [num], "central"))
    return box, q, row


def _plain(m: Maths, key: str, notes: Sequence = ()) -> Part:
    p = m.parts[key]
    statement = [Msg(P + f"{key}.statement", d=notation.partial(p.lhs_num, p.var), j=J_, i=I_,
                     rf=RELU(sp.Symbol("f")), sf=sigmoid(sp.Symbol("f")))]
    return Part(statement, _derivation(m, key) + list(notes) + [_result(m, key)], _formula_checks(m, key))


def task_a(m: Maths) -> Part:
    return _plain(m, "a")


def task_b(m: Maths) -> Part:
    return _plain(m, "b", [Msg(P + "b.note", W=Wm, F1=F_[1], xj=X_[J_], i1=sp.Eq(I_, 1))])


def task_c(m: Maths) -> Part:
    return _plain(m, "c")


def task_d(m: Maths) -> Part:
    W1j, F1 = W_[1, J_], F_[1]
    part = _plain(m, "d", [Msg(P + "d.note", cond=sp.Eq(F1, 0), w0=sp.Ne(W1j, 0), w=W1j, pos=sp.Gt(F1, 0),
                                neg=sp.Lt(F1, 0), H=sp.Eq(sp.Derivative(relu(T_), T_), sp.diff(relu(T_), T_)))])
    box, q, row = _point_value(m, "d", 0, notation.partial(relu(F1), X_[m.n]), m.n)
    part.statement.append(Msg(P + "at_point", j=sp.Eq(J_, m.n)))
    part.solution += [Msg(P + "d.value", F1=sp.Eq(F1, _num(m.point["F"][0]))), box]
    part.checks += _kink_checks(m, "d") + [row]
    part.questions.append(q)
    return part


def task_e(m: Maths) -> Part:
    from symderiv.calculus.equivalence import equivalent
    F1 = F_[1]
    sig_def = 1 / (1 + sp.exp(-T_))
    d_def = sp.diff(sig_def, T_)
    part = _plain(m, "e", [Step(Msg(P + "e.note", d=sp.Eq(sigmoid(T_), sig_def)),
                                [Equation(sp.Derivative(sigmoid(T_), T_), [d_def, sigmoid(T_) * (1 - sigmoid(T_))])])])
    box, q, row = _point_value(m, "e", 1, notation.partial(sigmoid(F1), X_[1]), 1)
    part.statement.append(Msg(P + "at_point", j=sp.Eq(J_, 1)))
    part.solution += [Msg(P + "e.value", F1=sp.Eq(F1, _num(m.point["F"][0]))), box]
    from symderiv import verify
    rec = verify.check_expression(sig_def, [T_], gradient=[sigmoid(T_) * (1 - sigmoid(T_))], n_points=8, seed=m.seed)
    if equivalent(d_def, sigmoid(T_) * (1 - sigmoid(T_)), [T_], seed=m.seed).verdict != "equal":
        rec.passed = False
    part.checks += [Check(Msg(P + "check.sigmoid", s=sigmoid(T_) * (1 - sigmoid(T_))), rec), row]
    part.questions.append(q)
    return part

