"""The tasks of sheet 004, Task 6 (Part 1 (i), (ii); Part 2 (i), (ii), (iii)): one function
per task, from the prepared maths to the statement, the questions, the worked solution with
the student's code, and the checks (sentences from ``messages/``)."""
from __future__ import annotations

import inspect

import numpy as np
import sympy as sp

from symderiv.documents.content import Code
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Result, Step
from symderiv.documents.notation import juxtaposed, normal, partial_expr, terms
from symderiv.problems.forward_backward.printing import dot, row
from symderiv.problems.nn_common import num, num_matrix
from symderiv.problems.spec import Part, Question
from symderiv.problems.toy_classifier import checks, student
from symderiv.problems.toy_classifier.figure import class1_paths, loss_plot, region_plot
from symderiv.problems.toy_classifier.maths import SIZES, TRAINING, Maths

Z = sp.Symbol("z", real=True)
Z0 = sp.Symbol("z_0", real=True)
SIGMA = sp.Function("sigma")
RELU = sp.Function("ReLU")
F = sp.Function("f")
E, E1, ETA = sp.Symbol("E"), sp.Symbol("E_1"), sp.Symbol("eta")
W1, B1, W2, B2 = (sp.Symbol(n) for n in ("W^(1)", "b^(1)", "W^(2)", "b^(2)"))
X0, X1, X2, S1, S2, Y = (sp.Symbol(n) for n in ("x^(0)", "x^(1)", "x^(2)", "s^(1)", "s^(2)", "y"))
D1, D2 = sp.Symbol("delta^(1)"), sp.Symbol("delta^(2)")
W11 = sp.Symbol("w_11^(1)")
DV1 = sp.Symbol("D^(1)")
MW2, MD2, MDV1 = sp.MatrixSymbol("W^(2)", 1, 3), sp.MatrixSymbol("delta^(2)", 1, 1), sp.MatrixSymbol("D^(1)", 3, 1)
MX0, MX1 = sp.MatrixSymbol("x^(0)", 2, 1), sp.MatrixSymbol("x^(1)", 3, 1)


def _exact(v):
    """A result as computed (the documents print it with six significant digits)."""
    return sp.Float(float(v))


def _u(v):
    """A number kept as written in a line of substituted numbers."""
    return sp.UnevaluatedExpr(num(v))


def _signed(v):
    """A number as a term of a sum: a negative one with its sign in front."""
    return -_u(-v) if v < 0 else _u(v)


def _code(*objs) -> Code:
    """The student's code of ``objs`` (functions or methods), as it ran."""
    return Code("\n".join(inspect.getsource(o) for o in objs), "Python")


def _activation(m: Maths):
    return RELU(Z) if m.activation == "relu" else SIGMA(Z)


def given(m: Maths) -> list:
    half = sp.Rational(1, 2)
    return [
        Msg("toy-classifier.given.network", d0=SIZES[0], d1=SIZES[1], d2=SIZES[2],
            s=sp.Eq(sp.Symbol("s^(l)"), sp.Symbol("W^(l)") * sp.Symbol("x^(l-1)") + sp.Symbol("b^(l)")),
            x=sp.Symbol("x^(l)"), l=sp.Symbol("l"), f=sp.Eq(F(Z), _activation(m)), relu=sp.Eq(RELU(Z), sp.Max(0, Z)),
            sig=sp.Eq(SIGMA(Z), 1 / (1 + sp.exp(-Z))), out=sp.Eq(X2, SIGMA(S2)),
            E=sp.Eq(E, half * (X2 - Y) ** 2), y=Y, x0=X0),
        Equation(W1, [num_matrix(m.net.W[0])]), Equation(B1, [num_matrix(m.net.b[0])]),
        Equation(W2, [num_matrix(m.net.W[1])]), Equation(B2, [num(m.net.b[1][0])]),
        Equation(X0, [num_matrix(m.x[0])]), Equation(Y, [num(m.y[0, 0])]),
    ]


def task_part1_i(m: Maths) -> Part:
    """Part 1 (i): ReLU, sigmoid and their derivatives; sigma and sigma' at z_0."""
    sig = float(student.sigmoid(m.z))
    dsig = float(student.dsigmoid(m.z))
    d_at = sp.Subs(sp.Derivative(SIGMA(Z), Z), Z, Z0)
    statement = [Msg("toy-classifier.p1i.statement"),
                 Msg("toy-classifier.p1i.evaluate", sig=SIGMA(Z), z0=sp.Eq(Z0, num(m.z)), s=SIGMA(Z0), d=d_at)]
    solution = [
        Step(Msg("toy-classifier.p1i.relu"), [Equation(RELU(Z), [sp.Max(0, Z)])]),
        Msg("toy-classifier.p1i.relu_prime", d1=sp.Eq(sp.Derivative(RELU(Z), Z), 1), c1=Z > 0,
            d0=sp.Eq(sp.Derivative(RELU(Z), Z), 0), c0=Z < 0, z=sp.Eq(Z, 0)),
        Step(Msg("toy-classifier.p1i.sigmoid"),
             [Equation(SIGMA(Z), [1 / (1 + sp.exp(-Z))]),
              Equation(sp.Derivative(SIGMA(Z), Z), [sp.exp(-Z) / (1 + sp.exp(-Z)) ** 2, row(SIGMA(Z), terms(1, -SIGMA(Z)))])]),
        Msg("toy-classifier.p1i.code"), _code(student.relu, student.drelu, student.sigmoid, student.dsigmoid),
        Step(Msg("toy-classifier.p1i.at", z0=sp.Eq(Z0, num(m.z))),
             [Equation(SIGMA(Z0), [1 / (1 + sp.exp(-Z0)), num(sig)]),
              Equation(d_at, [row(SIGMA(Z0), terms(1, -SIGMA(Z0))), dot(_u(sig), _u(1 - num(sig))), num(dsig)])]),
        Result(Msg("toy-classifier.result.sigma"), SIGMA(Z0), _exact(sig)),
        Result(Msg("toy-classifier.result.dsigma"), d_at, _exact(dsig)),
    ]
    points = [-3.0, -1.0, -0.25, 0.5, 2.0, m.z]
    found = [Check(Msg("toy-classifier.check.table", k=len(points)), checks.activations(points)),
             Check(Msg("toy-classifier.check.central"), checks.derivatives_central(points)),
             Check(Msg("toy-classifier.check.kink", z=sp.Eq(Z, 0)), checks.relu_kink()),
             Check(Msg("toy-classifier.check.sigma_at", z0=sp.Eq(Z0, num(m.z))), checks.sigmoid_at(m.z, [sig, dsig]))]
    questions = [Question("sigma_z0", Msg("toy-classifier.q.sigma", s=SIGMA(Z0)), float(sig), SIGMA(Z0)),
                 Question("dsigma_z0", Msg("toy-classifier.q.dsigma", d=d_at), float(dsig), d_at)]
    return Part(statement, solution, found, questions)


def _layer1(m: Maths) -> list:
    v = m.values
    fs = [F(sp.UnevaluatedExpr(num(s))) for s in v["s1"]]
    return [Equation(S1, [terms(juxtaposed(W1, X0), B1), terms(juxtaposed(num_matrix(m.net.W[0]), num_matrix(m.x[0])),
                                                         num_matrix(m.net.b[0])), num_matrix(v["s1"])]),
            Equation(X1, [F(S1), sp.Matrix(fs), num_matrix(v["x1"])])]


def task_part1_ii(m: Maths) -> Part:
    """Part 1 (ii): Glorot initialisation, zero biases, the forward pass (test network)."""
    v = m.values
    d_in, d_out = sp.symbols("d_in d_out", positive=True)
    w, sd = sp.Symbol("w"), sp.Symbol("sigma_W")
    statement = [Msg("toy-classifier.p1ii.statement", w=w, law=normal(w, 0, sd),
                     sd=sp.Eq(sd, sp.sqrt(2 / (d_in + d_out))), di=d_in, do=d_out),
                 Msg("toy-classifier.p1ii.evaluate", x0=X0, s1=S1, x1=X1, s2=S2, x2=X2)]
    solution = [
        Msg("toy-classifier.p1ii.init", sd=sd, w=W1, sd1=sp.Eq(sd, sp.sqrt(sp.Rational(2, 5), evaluate=False)),
            sd2=sp.Eq(sd, sp.sqrt(sp.Rational(2, 4), evaluate=False))),
        _code(student.NeuralNetwork.__init__),
        Msg("toy-classifier.p1ii.forward", s=sp.Symbol("s^(l)"), x=sp.Symbol("x^(l)"), list1=sp.Symbol("s"), list2=sp.Symbol("x")),
        _code(student.NeuralNetwork.forward),
        Step(Msg("toy-classifier.p1ii.layer1", f=F(Z)), _layer1(m)),
        Step(Msg("toy-classifier.p1ii.layer2"),
             [Equation(S2, [terms(juxtaposed(W2, X1), B2),
                            terms(juxtaposed(num_matrix(m.net.W[1]), num_matrix(v["x1"])), _signed(m.net.b[1][0])),
                            num(v["s2"][0])]),
              Equation(X2, [SIGMA(S2), SIGMA(sp.UnevaluatedExpr(num(v["s2"][0]))), num(v["x2"][0])])]),
        Result(Msg("toy-classifier.result.s2"), S2, _exact(v["s2"][0])),
        Result(Msg("toy-classifier.result.x2"), X2, _exact(v["x2"][0])),
    ]
    found = [Check(Msg("toy-classifier.check.glorot", s=sp.sqrt(sp.Rational(2, 800), evaluate=False)),
                   checks.glorot(m.seed)),
             Check(Msg("toy-classifier.check.glorot_scale", s1=sp.sqrt(sp.Rational(2, 5), evaluate=False),
                       s2=sp.sqrt(sp.Rational(2, 4), evaluate=False)), checks.glorot_scale(m.seed)),
             Check(Msg("toy-classifier.check.forward", n=8), checks.forward(m))]
    questions = [Question("s2", Msg("toy-classifier.q.s2", s=S2), float(v["s2"][0]), S2),
                 Question("x2", Msg("toy-classifier.q.x2", x=X2), float(v["x2"][0]), X2)]
    return Part(statement, solution, found, questions)


def task_part2_i(m: Maths) -> Part:
    """Part 2 (i): backpropagation; dE/db^(2) and dE/dw_11^(1) of the test network."""
    v = m.values
    x2, yv = num(v["x2"][0]), num(m.y[0, 0])
    db2, dw11 = float(v["gb"][1][0]), float(v["gW"][0][0, 0])
    fprime = sp.Derivative(F(Z), Z)
    statement = [Msg("toy-classifier.p2i.statement", E=E),
                 Msg("toy-classifier.p2i.evaluate", x0=X0, y=Y, w=W11, W=W1, g1=partial_expr(E, B2),
                     g2=partial_expr(E, W11))]
    if m.activation == "sigmoid":
        local = [sp.Matrix([dot(_u(x), _u(1 - num(x))) for x in v["x1"]]), num_matrix(v["x1"] * (1 - v["x1"]))]
    else:
        local = [sp.Matrix([sp.Integer(1 if float(s) > 0 else 0) for s in v["s1"]])]
    solution = [
        Msg("toy-classifier.p2i.rules", d2=D2, d1=D1, D=DV1, fp=sp.Subs(fprime, Z, S1),
            o=sp.HadamardProduct(sp.MatrixSymbol("a", 3, 1), sp.MatrixSymbol("b", 3, 1))),
        Step(None, [Equation(D2, [row(terms(X2, -Y), SIGMA(S2), terms(1, -SIGMA(S2))),
                                  row(terms(X2, -Y), X2, terms(1, -X2)),
                                  dot(_u(x2 - yv), _u(x2), _u(1 - x2)), num(v["delta2"][0])]),
            Equation(DV1, [sp.Subs(fprime, Z, S1)] + local),
            Equation(D1, [sp.HadamardProduct(MW2.T * MD2, MDV1), num_matrix(v["delta1"])]),
            Equation(partial_expr(E, W2), [juxtaposed(D2, MX1.T), num_matrix(v["gW"][1])]),
            Equation(partial_expr(E, B2), [D2, num(db2)]),
            Equation(partial_expr(E, W1), [juxtaposed(D1, MX0.T), num_matrix(v["gW"][0])]),
            Equation(partial_expr(E, B1), [D1, num_matrix(v["gb"][0])]),
            Equation(partial_expr(E, W11), [juxtaposed(sp.Symbol("delta_1^(1)"), sp.Symbol("x_1^(0)")),
                                            dot(_u(v["delta1"][0]), _u(m.x[0, 0])), num(dw11)])]),
        Msg("toy-classifier.p2i.code"),
        _code(student.NeuralNetwork.backprop),
        Result(Msg("toy-classifier.result.db2"), partial_expr(E, B2), _exact(db2)),
        Result(Msg("toy-classifier.result.dw11"), partial_expr(E, W11), _exact(dw11)),
    ]
    found = [Check(Msg("toy-classifier.check.by_hand", d=D2, w=W11), checks.backprop_by_hand(m)),
             Check(Msg("toy-classifier.check.backprop", E=E), checks.backprop_numeric(m))]
    questions = [Question("dE_db2", Msg("toy-classifier.q.gradient", g=partial_expr(E, B2)), float(db2),
                          partial_expr(E, B2)),
                 Question("dE_dw11", Msg("toy-classifier.q.gradient", g=partial_expr(E, W11)), float(dw11),
                          partial_expr(E, W11))]
    return Part(statement, solution, found, questions)


def _updates(m: Maths) -> list:
    v, st = m.values, m.stepped
    rows = [(W1, sp.Symbol("Wtilde^(1)"), m.net.W[0], v["gW"][0], st["W"][0]),
            (B1, sp.Symbol("btilde^(1)"), m.net.b[0], v["gb"][0], st["b"][0]),
            (W2, sp.Symbol("Wtilde^(2)"), m.net.W[1], v["gW"][1], st["W"][1]),
            (B2, sp.Symbol("btilde^(2)"), m.net.b[1], v["gb"][1], st["b"][1])]
    shown = lambda a: num_matrix(a) if np.size(a) > 1 else _u(np.ravel(a)[0])  # noqa: E731  b^(2) a number
    return [Equation(new, [terms(old, -juxtaposed(ETA, partial_expr(E, old))),
                           terms(shown(a), -dot(_u(m.eta), shown(g))), num_matrix(b) if np.size(b) > 1 else num(b[0])])
            for old, new, a, g, b in rows]


def task_part2_ii(m: Maths) -> Part:
    """Part 2 (ii): batch gradient descent; the loss after one step on (x^(0), y)."""
    st = m.stepped
    xt2 = sp.Symbol("xtilde^(2)")
    x2, yv = num(st["x2"][0]), num(m.y[0, 0])
    statement = [Msg("toy-classifier.p2ii.statement"),
                 Msg("toy-classifier.p2ii.evaluate", eta=sp.Eq(ETA, num(m.eta)), x0=X0, y=Y, E1=E1)]
    solution = [
        Msg("toy-classifier.p2ii.batch", E=E, u=-juxtaposed(ETA, partial_expr(E, sp.Symbol("theta"))),
            theta=sp.Symbol("theta")),
        _code(student.NeuralNetwork.train),
        Step(Msg("toy-classifier.p2ii.step", eta=sp.Eq(ETA, num(m.eta))), _updates(m)),
        Step(Msg("toy-classifier.p2ii.again"),
             [Equation(sp.Symbol("stilde^(1)"), [num_matrix(st["s1"])]),
              Equation(sp.Symbol("xtilde^(1)"), [num_matrix(st["x1"])]),
              Equation(sp.Symbol("stilde^(2)"), [num(st["s2"][0])]),
              Equation(xt2, [num(st["x2"][0])]),
              Equation(E1, [sp.Rational(1, 2) * (xt2 - Y) ** 2, sp.Rational(1, 2) * sp.UnevaluatedExpr(
                  terms(sp.UnevaluatedExpr(x2), -sp.UnevaluatedExpr(yv))) ** 2, num(st["E"])])]),
        Msg("toy-classifier.p2ii.compare", E=E, e0=num(m.values["E"]), E1=E1, e1=num(st["E"])),
        Result(Msg("toy-classifier.result.E1"), E1, _exact(st["E"])),
    ]
    found = [Check(Msg("toy-classifier.check.one_step", n=6 + 3 + 3 + 1, E1=E1), checks.one_step(m, m.extra["params"]))]
    questions = [Question("E1", Msg("toy-classifier.q.E1", E1=E1), float(st["E"]), E1)]
    return Part(statement, solution, found, questions)


def task_part2_iii(m: Maths) -> Part:
    """Part 2 (iii): training on XOR-like toy data; the loss, the decision region, accuracy."""
    t, T = m.training, TRAINING
    f = _activation(m)
    data = [Msg("toy-classifier.p2iii.data", n=T["n"], sq=sp.Interval(-1, 1) ** 2, noise=T["noise"]),
            Msg("toy-classifier.p2iii.network", h=T["hidden"], f=sp.Eq(F(Z), f), eta=sp.Eq(ETA, T["eta"]),
                it=T["iterations"], p=sp.Function("p")(sp.Symbol("x")))]
    paths = class1_paths(m)
    rec0, _ = checks.training_gradient(m, "initial")
    rec1, scaled = checks.training_gradient(m, "trained")
    p = sp.Function("p")(sp.Symbol("x"))
    solution = [
        Msg("toy-classifier.p2iii.run"),
        loss_plot(m),
        Msg("toy-classifier.p2iii.fell", a=num(t.history[0], 4), b=num(t.history[-1], 4)),
        Msg("toy-classifier.p2iii.grid", n=len(t.edges[0]) - 1),
        _code(student.classify),
        region_plot(m, paths),
        Step(Msg("toy-classifier.p2iii.accuracy", ge=sp.Ge(p, sp.Rational(1, 2), evaluate=False),
                 a=num(t.accuracy, 4), b=num(t.accuracy_test, 4), n=T["n"],
                 ka=int(round(t.accuracy * T["n"])), kb=int(round(t.accuracy_test * T["n"])))),
        Result(Msg("toy-classifier.result.accuracy"), Msg("toy-classifier.result.accuracy_lhs"),
               num(t.accuracy_test, 4)),
    ]
    found = [Check(Msg("toy-classifier.check.history", k=len(t.history)), checks.training_history(m)),
             Check(Msg("toy-classifier.check.initial", E=E), rec0),
             Check(Msg("toy-classifier.check.trained_scaled" if scaled else "toy-classifier.check.trained",
                       E=E, c=10_000), rec1),
             Check(Msg("toy-classifier.check.accuracy", n=T["n"]), checks.accuracies(m)),
             Check(Msg("toy-classifier.check.region", n=t.inside.size), checks.region(m, paths))]
    return Part([Msg("toy-classifier.p2iii.statement")], solution, found, [], data)
