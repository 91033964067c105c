"""The tasks of the activation atlas (lecture 003, no task labels: "Teil 1" from the slide
"Aktivierungsfunktionen - Übersicht", "Teil 2" from "Aktivierungsfunktionen für Output
Units", "Teil 3" from "Symmetrien im Parameter-Raum"): one function per task, from the
prepared maths to the statement, the questions, the worked solution and the checks
(sentences from ``messages/``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Result, Step
from symderiv.language.table import sigmoid
from symderiv.problems.activation_atlas import catalog as C
from symderiv.problems.activation_atlas import checks, softmax
from symderiv.problems.activation_atlas.maths import (ALPHA, ASKED, M_TANH, UNIT1, UNIT2, Maths, neuron_derivatives,
                                                      sigmoid_network, sigmoid_symmetry_steps, softmax_jacobian,
                                                      table_function, tanh_symmetries, two_class_steps)
from symderiv.problems.spec import Part, Question

P = "activation-atlas."
X = sp.Symbol("x")
A_, W_, B_, Z_ = sp.symbols("a w b z")
U = sp.Symbol("u")


def num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v), 6)


def given(m: Maths) -> list:
    hidden = [C.name(a) for a in m.acts if a.name != "identity"]
    return [Msg(P + "given.hidden", h=hidden), Msg(P + "given.output")]


def _neuron_statement(m: Maths) -> list:
    from symderiv.language.table import elu, prelu
    return [Msg(P + "t1.neuron", x=X, w=W_, b=B_, a=sp.Eq(A_, notation.terms(W_ * X, B_)),
                z=sp.Eq(Z_, sp.Function("f")(A_)), vals=sp.Tuple(sp.Eq(W_, num(m.w)), sp.Eq(B_, num(m.b)),
                                                                sp.Eq(X, num(m.x))),
                dz=notation.partial(Z_, W_), f=sp.Symbol("f")),
            Msg(P + "t1.elu_prelu", alpha=sp.Eq(ALPHA, num(m.alpha)), u=U, c1=sp.Ge(U, 0), c2=sp.Lt(U, 0),
                e1=sp.Eq(elu(U), U), e2=sp.Eq(elu(U), sp.exp(U) - 1),
                p1=sp.Eq(prelu(U, ALPHA), U), p2=sp.Eq(prelu(U, ALPHA), ALPHA * U))]


def _neuron_solution(m: Maths, derived: list) -> list:
    a_val = num(m.a)
    out: list = [Step(Msg(P + "t1.activation"), [Equation(A_, [notation.terms(num(m.w) * sp.UnevaluatedExpr(num(m.x)),
                                                                         num(m.b)), a_val])]),
           Step(Msg(P + "t1.chain", a=A_), [Equation(notation.partial(Z_, W_),
                                                     [sp.Derivative(sp.Function("f")(A_), A_) * X])])]
    fp = sp.Function("f")
    for (name, d, f_at, value), act in zip(derived, [next(a for a in m.acts if a.name == n) for n in ASKED]):
        f = table_function(name, sp.nsimplify(m.alpha))
        rule = sp.diff(f(U), U)
        out.append(Step(Msg(P + "t1.per_function", n=C.name(act), d=sp.Eq(sp.Derivative(fp(U), U), C.shown(rule))),
                        [Equation(notation.partial(Z_, W_), [sp.Mul(sp.Float(f_at, 6), num(m.x), evaluate=False),
                                                             sp.Float(value)])]))
        out.append(Result(Msg(P + "result.neuron", n=C.name(act)), notation.partial(Z_, W_), sp.Float(value)))
    return out


def task_1(m: Maths) -> Part:
    """Teil 1: every activation of the lecture; the gradient of one neuron for five of them."""
    from symderiv.layers import activations as A
    x = A.X
    derived = neuron_derivatives(m)
    values = [d[3] for d in derived]
    statement = [Msg(P + "t1.statement", f=sp.Symbol("f"), y=sp.Symbol("y"))] + _neuron_statement(m)
    solution = C.catalog_blocks(m.acts, x, m.alpha) + _neuron_solution(m, derived)
    found = [Check(Msg(P + "check.fd", n=C.name(a)), checks.derivative_vs_differences(a, m.alpha)) for a in m.acts]
    fp = sp.Derivative(sp.Function("f")(x), x)
    gelu = next(a for a in m.acts if a.name == "gelu")
    found += [
        Check(Msg(P + "check.tanh_steps"), checks.tanh_steps(C.tanh_steps(x), x)),
        Check(Msg(P + "check.sup", s=notation.sup_inf("sup", x, fp), iv=sp.Interval(-30, 30)),
              checks.bounds_vs_grid(m.acts, m.alpha, "sup")),
        Check(Msg(P + "check.inf", s=notation.sup_inf("inf", x, fp)), checks.bounds_vs_grid(m.acts, m.alpha, "inf")),
        Check(Msg(P + "check.attained", iv=sp.Interval(-6, 6)), checks.attained_sets(m.acts, m.alpha)),
        Check(Msg(P + "check.critical", d2=sp.Function("f")(x).diff(x, 2), d3=sp.Function("f")(x).diff(x, 3)),
              checks.critical_points(m.acts)),
        Check(Msg(P + "check.gelu_min", m=C.M_SYM), checks.range_minimum(float(gelu.range.start))),
        Check(Msg(P + "check.neuron_formula", alpha=ALPHA), checks.neuron_formulas(m, values)),
        Check(Msg(P + "check.neuron_fd", z=sp.Eq(Z_, sp.Function("f")(notation.terms(W_ * X, B_))), w=W_),
              checks.neuron_differences(m, values)),
    ]
    acts = {a.name: a for a in m.acts}
    questions = [Question(f"dz_dw_{name}", Msg(P + "q.neuron", n=C.name(acts[name])), v, notation.partial(Z_, W_))
                 for name, v in zip(ASKED, values)]
    return Part(statement, solution, found, questions)


def task_2(m: Maths) -> Part:
    """Teil 2: output units; softmax's Jacobian at the variant's input, the stable form,
    two classes as a sigmoid."""
    s1, x1, x2 = sp.symbols("s_1 x_1 x_2")
    xs = sp.Tuple(*sp.symbols("x_1:4"))
    point = sp.Eq(xs, sp.Tuple(*[num(v) for v in m.z]), evaluate=False)
    J = softmax_jacobian(m.z)
    statement = [Msg(P + "t2.statement", s=sp.Eq(sp.Symbol("s"), sp.Function("softmax")(sp.Symbol("x"))),
                     si=sp.Eq(sp.Symbol("s_i"), sp.exp(sp.Symbol("x_i")) / sp.Sum(sp.exp(sp.Symbol("x_j")),
                                                                                    (sp.Symbol("j"), 1, sp.Symbol("n")))),
                     d=notation.partial(sp.Symbol("s_i"), sp.Symbol("x_j")), l=sp.Eq(sp.Function("l")(X), X),
                     two=sp.Eq(s1, sigmoid(x1 - x2)), sig=sp.Function("sigma")(X)),
                 Msg(P + "t2.evaluate", p=point, s1=s1, x1=x1, x2=x2)]
    steps, _ = two_class_steps()
    solution = [Msg(P + "t2.linear", l=sp.Eq(sp.Function("l")(X), X), I=sp.Symbol("I"))] + softmax.definition_blocks() + [
        softmax.ranges_block(),
        Step(Msg(P + "t2.at_point", p=point), [Equation(sp.Symbol("J"), [J])]),
        Result(Msg(P + "result.j11"), notation.partial(s1, x1), J[0, 0]),
        Result(Msg(P + "result.j12"), notation.partial(s1, x2), J[0, 1]),
    ] + softmax.stable_blocks() + [
        Step(Msg(P + "t2.two_class", n2=sp.Eq(sp.Symbol("n"), 2)), [Equation(s1, steps)]),
        Result(Msg(P + "result.two_class"), s1, sigmoid(x1 - x2)),
    ]
    found = [Check(Msg(P + "check.j_point", p=point), checks.softmax_point(m.z, J)),
             Check(Msg(P + "check.two_class"), checks.two_class(steps))] + softmax.checks(m.seed)
    questions = [Question("j11", Msg(P + "q.j11", s1=s1, x1=x1), float(J[0, 0]), notation.partial(s1, x1)),
                 Question("j12", Msg(P + "q.j12", s1=s1, x2=x2), float(J[0, 1]), notation.partial(s1, x2))]
    return Part(statement, solution, found, questions)


def _network(m: Maths):
    v, c = sp.symbols("v_1 c")
    (w1, b1), (w2, b2, v2) = UNIT1, UNIT2
    y = sp.Function("y")(X)
    net = sp.Add(v * sigmoid(num(w1) * X + num(b1)), num(v2) * sigmoid(num(w2) * X + num(b2)), c, evaluate=False)
    return y, net, v, c


def task_3(m: Maths) -> Part:
    """Teil 3: symmetries in parameter space (tanh: M! 2^M; the sigmoid with the bias)."""
    Ms = sp.Symbol("M", integer=True, positive=True)
    y, net, v, c = _network(m)
    cp = sp.Symbol("c'")
    count = notation.juxtaposed(sp.factorial(Ms), notation.power(2, Ms))
    statement = [Msg(P + "t3.statement", M=Ms, c=count, tanh=sp.Eq(sp.tanh(-X, evaluate=False), -sp.tanh(X), evaluate=False),
                     sig=sp.Eq(sigmoid(-X), 1 - sigmoid(X))),
                 Msg(P + "t3.network", y=sp.Eq(y, net), v=sp.Eq(v, num(m.v1)), c=sp.Eq(c, num(m.c)), cp=cp)]
    steps = sigmoid_symmetry_steps()
    a = sp.Symbol("a")
    c_new = round(m.c + m.v1, 10)
    outs, ref, keys = tanh_symmetries(m.seed)
    solution = [
        Step(Msg(P + "t3.count", M=Ms, Mf=sp.factorial(Ms), tM=notation.power(2, Ms), c=count),
             [Equation(sp.tanh(-X, evaluate=False), [-sp.tanh(X)])]),
        Result(Msg(P + "result.count", m=sp.Eq(Ms, M_TANH)), count, sp.Integer(_count(M_TANH))),
        Step(Msg(P + "t3.sigmoid"), [Equation(steps[0], steps[1:])]),
        Step(Msg(P + "t3.absorb", a=a, v=v, c=c),
             [Equation(v * sigmoid(a), [notation.terms(v, -v * sigmoid(-a)),
                                        notation.terms(-v * sigmoid(-a), v)])]),
        Msg(P + "t3.flip", v=v, c=c, cp=sp.Eq(cp, notation.terms(c, v))),
        Result(Msg(P + "result.bias"), cp, sp.Float(c_new)),
    ]
    flipped, kept = sigmoid_network(m, True, True), sigmoid_network(m, False, False)
    xs = np.linspace(-3, 3, 25)
    from symderiv import verify
    found = [
        Check(Msg(P + "check.tanh_outputs", n=int(outs.shape[0]), s=m.seed),
              verify.compare(outs, np.broadcast_to(ref, outs.shape), "numpy", tolerance=1e-12)),
        Check(Msg(P + "check.count", c=count), verify.compare(float(_count(M_TANH)), float(keys), "enumeration",
                                                                tolerance=0.0)),
        Check(Msg(P + "check.sigmoid_steps"), checks.sigmoid_steps(steps)),
        Check(Msg(P + "check.absorbed", cp=sp.Eq(cp, notation.terms(c, v))),
              verify.compare(flipped(xs), kept(xs), "numpy", tolerance=1e-12)),
        Check(Msg(P + "check.not_absorbed", v=v),
              verify.compare(kept(xs) - sigmoid_network(m, True, False)(xs), np.full(xs.shape, m.v1), "numpy",
                             tolerance=1e-12)),
    ]
    questions = [Question("bias", Msg(P + "q.bias", cp=cp), float(c_new), cp)]
    return Part(statement, solution, found, questions)


def _count(M: int) -> int:
    import math
    return math.factorial(M) * 2 ** M
