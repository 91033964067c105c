"""Teil 5-8 of the lecture's backpropagation part: the single neuron's backpropagation with
its local derivatives, the Jacobians of the L2 and the L1 loss, and of the affine map."""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Result, Step
from symderiv.problems.gradient_flow_common import shown_number as num
from symderiv.problems.lecture_backprop import checks
from symderiv.problems.lecture_backprop import maths as M
from symderiv.problems.lecture_backprop.tasks import P
from symderiv.problems.spec import Part, Question

sigma = sp.Function("sigma")
L, a, b, t, zs = sp.symbols("L a b t z")
xi, wi, yi = (sp.IndexedBase(n) for n in "xwy")
i, k, l_ = sp.symbols("i k l", integer=True, positive=True)
X = [sp.Symbol(f"x_{j}") for j in (1, 2, 3)]
Wv = [sp.Symbol(f"w_{j}") for j in (1, 2, 3)]
Y = [sp.Symbol(f"y_{j}") for j in (1, 2, 3)]
YH = [sp.Symbol(f"yhat_{j}") for j in (1, 2, 3)]


def _vec(values) -> sp.Tuple:
    return sp.Tuple(*[num(v) for v in values])


def _row(values) -> sp.Matrix:
    return sp.Matrix([[sp.Float(v) if not float(v).is_integer() else sp.Integer(int(v)) for v in values]])


def task_neuron(m: M.Maths) -> Part:
    """Backpropagation - Beispiel 2: one neuron, every local derivative."""
    nr = m.neuron
    d = notation.partial_expr
    data = dict(dx=sp.Eq(sp.Tuple(*X), _vec(nr["x"])), dw=sp.Eq(sp.Tuple(*Wv), _vec(nr["w"])), db=sp.Eq(b, num(nr["b"])),
                dt=sp.Eq(t, num(nr["t"])))
    statement = [Msg(f"{P}.t5.statement", y=sp.Eq(yi[i], wi[i] * xi[i]), a=sp.Eq(a, notation.terms(Y[0], Y[1], Y[2], b)),
                     z=sp.Eq(zs, sigma(a)), L=sp.Eq(L, notation.power(notation.terms(zs, -t), 2)), i=i, t=t, sg=sp.Symbol("sigma"), **data)]
    local = [(d(L, zs), 2 * notation.terms(zs, -t), nr["dL_dz"]), (d(zs, a), zs * (1 - zs), nr["dz_da"]),
             (d(a, b), sp.Integer(1), 1.0), (d(a, yi[i]), sp.Integer(1), 1.0),
             (d(yi[i], wi[i]), xi[i], None), (d(yi[i], xi[i]), wi[i], None)]
    solution = [
        Step(Msg(f"{P}.t5.forward"), [Equation(a, [sp.Float(nr["a"])]), Equation(zs, [sp.Float(nr["z"])]),
                                      Equation(L, [sp.Float(nr["L"])])]),
        Step(Msg(f"{P}.t5.local"), [Equation(q, [e] + ([sp.Float(v)] if v is not None and e != 1 else []))
                                    for q, e, v in local]),
        Msg(f"{P}.t5.slide", one=sp.Integer(1), dw=d(yi[i], wi[i]), x=xi[i], dx=d(yi[i], xi[i]), w=wi[i]),
        Step(Msg(f"{P}.t5.backward"), [
            Equation(d(L, a), [notation.juxtaposed(d(L, zs), d(zs, a)), sp.Float(nr["dL_da"])]),
            Equation(d(L, b), [d(L, a), sp.Float(nr["dL_db"])]),
            Equation(d(L, wi[i]), [notation.juxtaposed(d(L, a), xi[i])]),
            Equation(d(L, xi[i]), [notation.juxtaposed(d(L, a), wi[i])])]),
        Result(Msg(f"{P}.result.dLa"), d(L, a), sp.Float(nr["dL_da"])),
        Result(Msg(f"{P}.result.dLb"), d(L, b), sp.Float(nr["dL_db"])),
        Result(Msg(f"{P}.result.dLw"), sp.Tuple(*[d(L, v) for v in Wv]), sp.Tuple(*map(sp.Float, nr["dL_dw"]))),
        Result(Msg(f"{P}.result.dLx"), sp.Tuple(*[d(L, v) for v in X]), sp.Tuple(*map(sp.Float, nr["dL_dx"]))),
    ]
    found = [Check(Msg(f"{P}.check.t5_local"), checks.neuron_locals(nr)),
             Check(Msg(f"{P}.check.t5_gradient"), checks.neuron_gradient(nr))]
    questions = [Question("dL_da", Msg(f"{P}.q.neuron"), nr["dL_da"], d(L, a)),
                 Question("dL_dw2", Msg(f"{P}.q.neuron"), nr["dL_dw"][1], d(L, Wv[1])),
                 Question("dL_dx3", Msg(f"{P}.q.neuron"), nr["dL_dx"][2], d(L, X[2]))]
    return Part(statement, solution, found, questions)


def _loss_data(m: M.Maths) -> dict:
    """The point of the loss Jacobians, one formula per vector (not a tuple of equations)."""
    return dict(dyh=sp.Eq(sp.Tuple(*YH), _vec(m.yhat)), dy=sp.Eq(sp.Tuple(*Y), _vec(m.y)))


def task_l2(m: M.Maths) -> Part:
    """Jacobi-Matrix für L2-Loss."""
    L2, J = sp.Symbol("L_2"), sp.Symbol("J_{L_2}")
    n = sp.Symbol("n")
    yh, yy = sp.IndexedBase("yhat"), sp.IndexedBase("y")
    jac = M.l2_jacobian(m.yhat, m.y)
    statement = [Msg(f"{P}.t6.statement", L=sp.Eq(L2, sp.Sum(notation.power(notation.terms(yh[i], -yy[i]), 2), (i, 1, n))), J=J,
                     s=notation.shape(1, n), n3=sp.Eq(n, 3), **_loss_data(m))]
    general = sp.Matrix([[2 * notation.terms(v, -w_) for v, w_ in zip(YH, Y)]])
    solution = [
        Step(Msg(f"{P}.t6.derive", L=L2), [Equation(J, [general])]),
        Result(Msg(f"{P}.result.l2"), J, _row(jac)),
    ]
    found = [Check(Msg(f"{P}.check.t6", J=J), checks.l2(m, jac))]
    questions = [Question(f"dL2_dyhat{j + 1}", Msg(f"{P}.q.jac_entry", J=J), jac[j], notation.partial_expr(L2, YH[j]))
                 for j in range(3)]
    return Part(statement, solution, found, questions)


def task_l1(m: M.Maths) -> Part:
    """Jacobi-Matrix für L1-Loss, with the kink at a zero residual."""
    L1, J = sp.Symbol("L_1"), sp.Symbol("J_{L_1}")
    n, r = sp.Symbol("n"), sp.Symbol("r")
    yh, yy = sp.IndexedBase("yhat"), sp.IndexedBase("y")
    jac = M.l1_jacobian(m.yhat, m.y)
    statement = [Msg(f"{P}.t7.statement", L=sp.Eq(L1, sp.Sum(sp.Abs(notation.terms(yh[i], -yy[i])), (i, 1, n))), J=J,
                     **_loss_data(m))]
    solution = [
        Step(Msg(f"{P}.t7.derive", r=r, ar=sp.Abs(r), sr=sp.sign(r)),
             [Equation(J, [sp.Matrix([[sp.sign(notation.terms(v, -w_)) for v, w_ in zip(YH, Y)]])])]),
        Result(Msg(f"{P}.result.l1"), J, sp.Matrix([jac])),
        Msg(f"{P}.t7.kink", z=sp.Eq(yh[i], yy[i]), m=sp.Integer(-1), p=sp.Integer(1),
            s0=sp.Eq(sp.sign(sp.Integer(0), evaluate=False), 0, evaluate=False)),
    ]
    found = [Check(Msg(f"{P}.check.t7", J=J), checks.l1(m, jac)),
             Check(Msg(f"{P}.check.t7_kink", r=r, p=sp.Integer(1), m=sp.Integer(-1),
                       s0=sp.Eq(sp.sign(sp.Integer(0), evaluate=False), 0, evaluate=False)), checks.kink())]
    return Part(statement, solution, found, [])


def task_affine(m: M.Maths) -> Part:
    """Matrix-Multiplikation und Vektor-Addition: the Jacobians of a = W x + b."""
    Wm, xm, bm, am = sp.MatrixSymbol("W", 2, 3), sp.MatrixSymbol("x", 3, 1), sp.MatrixSymbol("b", 2, 1), sp.MatrixSymbol("a", 2, 1)
    gm = sp.MatrixSymbol("g", 1, 2)
    Ws, xs, gs = sp.symbols("W x g")
    dW, dx, _ = M.affine_gradients(m.W, m.x, m.g)
    statement = [Msg(f"{P}.t8.statement", a=sp.Eq(am, Wm * xm + bm), g=sp.Eq(gm, notation.partial_expr(L, am), evaluate=False), L=L, b=bm, x=xm,
                     W=Wm),
                 Equation(Ws, [sp.Matrix(2, 3, lambda r, c: num(m.W[r, c]))]),
                 Equation(xs, [sp.Matrix(list(map(num, m.x)))]),
                 Equation(gs, [sp.Matrix([list(map(num, m.g))])])]
    ai, Wkl = sp.Indexed("a", i), sp.Indexed("W", k, l_)
    solution = [
        Step(Msg(f"{P}.t8.jacobians"), [Equation(notation.partial(am, xm), [Wm]),
                                        Equation(notation.partial(am, bm), [sp.Identity(2)]),
                                        Equation(notation.partial_expr(ai, Wkl), [sp.KroneckerDelta(i, k) * sp.Indexed("x", l_)])]),
        Msg(f"{P}.t8.tensor", s=notation.shape(2, 2, 3), gx=gm.T * xm.T, d=sp.KroneckerDelta(i, k), g=gm, i=i, W=Wm),
        Step(Msg(f"{P}.t8.numbers"), [Equation(notation.partial(L, Wm), [gm.T * xm.T]),
                                      Equation(notation.partial(L, xm), [gm * Wm])]),
        Result(Msg(f"{P}.result.aff_W", W=Wm), notation.partial(L, Wm), sp.Matrix(dW.tolist()).applyfunc(sp.Float)),
        Result(Msg(f"{P}.result.aff_x", x=xm), notation.partial(L, xm), sp.Matrix([list(dx)]).applyfunc(sp.Float)),
    ]
    found = [Check(Msg(f"{P}.check.t8_symbolic", W=Wm), checks.affine_symbolic()),
             Check(Msg(f"{P}.check.t8_numeric"), checks.affine_numeric(m, dW, dx))]
    questions = [Question("dL_dW23", Msg(f"{P}.q.dLW", W=Ws), float(dW[1, 2]), notation.partial_expr(L, sp.Indexed(Ws, 2, 3))),
                 Question("dL_dx1", Msg(f"{P}.q.dLx", x=xs), float(dx[0]), notation.partial_expr(L, sp.Indexed(xs, 1)))]
    return Part(statement, solution, found, questions)
