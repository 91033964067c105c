"""Teil 2 of 001 Aufgabe 11: Adam. The update rule (Kingma & Ba, their Algorithm 1), the
NumPy code a student writes, why the moments are bias-corrected (derived with SymPy,
checked by simulation), and the first steps of a worked example. Sentences from
``messages/``."""
from __future__ import annotations

import inspect

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.content import Code
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Ident, Plot, Result, Series, Step, Table
from symderiv.problems.nn_common import num
from symderiv.problems.overfitting import bias as A
from symderiv.problems.overfitting import checks, student
from symderiv.problems.overfitting.maths import EXAMPLE_SCALES, RUNS, Maths, derivation
from symderiv.problems.spec import Part, Question

P = "overfitting.b."
#: the course's file that the sheet asks the Adam function in
FILE = Ident("optim.py")
t, G, SIGMA = A.t, sp.Symbol("g"), sp.Symbol("sigma")
TH1, TH2 = sp.symbols("x y", real=True)
# the coordinate x of theta_t (theta_1, theta_2 would read as steps 1 and 2)
XT = sp.IndexedBase("x")


def _f():
    return sp.Eq(sp.Function("f")(TH1, TH2), EXAMPLE_SCALES[0] * TH1 ** 2 + EXAMPLE_SCALES[1] * TH2 ** 2)


def _first_step():
    """theta_1 = theta_0 - alpha g_1 / (|g_1| + epsilon), in this order."""
    return sp.Eq(A.theta[1], notation.terms(A.theta[0], -A.alpha * A.gt[1] / notation.terms(sp.Abs(A.gt[1]), A.epsilon)))


def _rules() -> list:
    return [Equation(lhs, [rhs], relation=r"\leftarrow") for lhs, rhs in A.algorithm_steps()]


def _statement(m: Maths) -> list:
    a = m.adam
    return [
        Msg(P + "statement", file=FILE),
        Step(Msg(P + "rules", m0=sp.Eq(A.m[0], 0), v0=sp.Eq(A.v[0], 0), t0=sp.Eq(t, 0, evaluate=False),
                 th=A.theta[t], g=A.gt[t]), _rules()),
        Msg(P + "numbers", b1=sp.Eq(A.beta1, num(a["b1"])), b2=sp.Eq(A.beta2, num(a["b2"])),
            st=sp.Eq(A.Mean(A.gt[t]), G), g=sp.Eq(G, num(a["gm"])), s=sp.Eq(SIGMA, num(a["gs"])),
            sd=SIGMA),
        Msg(P + "example", f=_f(), th0=sp.Eq(A.theta[0], sp.Tuple(1, 1), evaluate=False),
            a=sp.Eq(A.alpha, num(a["lr"])), e=sp.Eq(A.epsilon, notation.power(10, -8)), th1=TH1,
            th=sp.Eq(A.theta[t], sp.Tuple(XT[t], sp.IndexedBase("y")[t]), evaluate=False), t=t),
    ]


def _derivation(m: Maths) -> list:
    first, second = derivation()
    b1, g = A.beta1, A.gt
    rows = [[tt, sp.Add(*[(1 - b1) * b1 ** (tt - i) * g[i] for i in range(1, tt + 1)]),
             (1 - b1 ** tt) * G] for tt in range(1, 5)]
    res = notation.terms((1 - b1 ** t) * G, -b1 * (1 - b1 ** (t - 1)) * G, -(1 - b1) * G)
    return [
        Step(Msg(P + "unroll", m0=sp.Eq(A.m[0], 0)),
             [Equation(first.recursion[0], [first.recursion[1], first.unrolled])]),
        Table([t, A.m[t], A.Mean(A.m[t])], rows, Msg(P + "unroll_caption", st=sp.Eq(A.Mean(g[t]), G))),
        Step(Msg(P + "expectation", ne=sp.Ne(b1, 1)),
             [Equation(A.Mean(A.m[t]), [first.expectation_sum, (1 - b1) * first.mean * first.series_value,
                                        first.expectation])]),
        Step(Msg(P + "induction"), [Equation(res, [first.induction_residual]),
                                     Equation(sp.Mul(1 - sp.Pow(b1, 0, evaluate=False), G, evaluate=False),
                                              [first.base_case])]),
        Step(Msg(P + "second"), [Equation(A.Mean(A.v[t]), [second.expectation_sum, second.expectation])]),
        Result(Msg(P + "result.unbiased"), A.Mean(A.mhat[t]), first.corrected),
        Result(Msg(P + "result.unbiased2"), A.Mean(A.vhat[t]), second.corrected),
    ]


def _numbers(m: Maths) -> list:
    a = m.adam
    b1, b2 = A.beta1, A.beta2
    Eg2 = A.Mean(A.gt[t] ** 2)
    ratio = (1 - b1) / sp.sqrt(1 - b2)
    return [
        Step(Msg(P + "numbers_steps", e2=sp.Eq(Eg2, G ** 2 + SIGMA ** 2)),
             [Equation(A.Mean(A.m[3]), [(1 - b1 ** 3) * G, num(a["m3"])]),
              Equation(A.Mean(A.v[2]), [(1 - b2 ** 2) * (G ** 2 + SIGMA ** 2), num(a["v2"])])]),
        Result(Msg(P + "result.m3"), A.Mean(A.m[3]), sp.Float(a["m3"])),
        Result(Msg(P + "result.v2"), A.Mean(A.v[2]), sp.Float(a["v2"])),
        Step(Msg(P + "why", m1=sp.Eq(A.m[1], (1 - b1) * A.gt[1]), v1=sp.Eq(A.v[1], (1 - b2) * A.gt[1] ** 2),
                 step=_first_step())),
        Result(Msg(P + "result.ratio"), ratio, sp.Float(a["ratio"])),
    ]


def _simulation(m: Maths) -> tuple[list, list]:
    sim, b1, b2 = m.adam["sim"], A.beta1, A.beta2
    Eg2 = A.Mean(A.gt[t] ** 2)
    mbar, vbar = sp.Symbol("mbar_t"), sp.Symbol("vbar_t")
    rows = [[tt, num(sim.m_mean[i], 4), num(sim.m_pred[i], 4), num(sim.v_mean[i], 4), num(sim.v_pred[i], 4)]
            for i, tt in enumerate(sim.ts)]
    blocks = [
        Msg(P + "simulation", runs=RUNS, t=t, mbar=mbar, vbar=vbar,
            dist=notation.normal(A.gt[t], num(m.adam["gm"]), num(m.adam["gs"]))),
        Table([t, mbar, (1 - b1 ** t) * G, vbar, (1 - b2 ** t) * Eg2], rows, Msg(P + "simulation_caption")),
        Plot([Series(Msg(P + "series.m", m=A.m[t]), sim.ts, sim.m_mean, "only marks, mark=*"),
              Series(Msg(P + "series.pred", p=(1 - b1 ** t) * G), sim.ts, sim.m_pred, "dashed"),
              Series(Msg(P + "series.mhat", m=A.mhat[t]), sim.ts, sim.mhat_mean, "only marks, mark=square*"),
              Series(Msg(P + "series.g", g=G), sim.ts, [m.adam["gm"]] * len(sim.ts), "thick, dotted")],
             xlabel=t, ylabel="", caption=Msg(P + "plot_caption", g=G)),
    ]
    found = []
    for key, mean, pred, se, sym, p in (
            ("mc_m", sim.m_mean, sim.m_pred, sim.m_se, A.m[t], (1 - b1 ** t) * G),
            ("mc_v", sim.v_mean, sim.v_pred, sim.v_se, A.v[t], (1 - b2 ** t) * Eg2),
            ("mc_mhat", sim.mhat_mean, m.adam["gm"], sim.mhat_se, A.mhat[t], G)):
        rec, worst = checks.monte_carlo(mean, pred, se, RUNS)
        found.append(Check(Msg(P + "check.mc", m=sym, p=p, t=t, k=4.5, runs=RUNS, w=sp.Eq(t, worst)), rec))
    return blocks, found


def _example(m: Maths) -> list:
    a, tr = m.adam, m.adam["trace"]
    rows = [[s.t, num(s.g[0], 4), num(s.m[0], 4), num(s.v[0], 4), num(s.mhat[0], 6), num(s.vhat[0], 6),
             num(s.theta[0], 7)] for s in tr]
    return [
        Step(Msg(P + "example_steps", f=_f(), grad=sp.Tuple(*[sp.diff(_f().rhs, v) for v in (TH1, TH2)]),
                 th1=TH1, th2=TH2)),
        Table([t, A.gt[t], A.m[t], A.v[t], A.mhat[t], A.vhat[t], XT[t]], rows,
              Msg(P + "example_caption", th1=TH1)),
        Result(Msg(P + "result.mhat2", th1=TH1), A.mhat[2], sp.Float(a["mhat2"])),
        Result(Msg(P + "result.vhat2", th1=TH1), A.vhat[2], sp.Float(a["vhat2"])),
        Result(Msg(P + "result.theta2", th1=TH1, th=sp.Symbol("theta")), XT[2], sp.Float(a["theta2"])),
    ]


def task_2(m: Maths) -> Part:
    """Second bullet: Adam in optim.py, tested against the course's values."""
    first, second = derivation()
    a = m.adam
    caption = Msg(P + "code_caption", fn=Ident(student.adam.__name__), file=FILE)
    code = [Msg(P + "code_intro"), Code(inspect.getsource(student.adam), "Python", caption),
            Msg(P + "code_test")]
    sim_blocks, mc = _simulation(m)
    solution = code + _derivation(m) + _numbers(m) + sim_blocks + _example(m)
    found = [
        Check(Msg(P + "check.course"), checks.student_course_values(student.adam)),
        Check(Msg(P + "check.trace", n=50), checks.student_vs_trace(m, student.adam)),
        Check(Msg(P + "check.package", n=50), checks.package_vs_student(m, student.adam)),
        Check(Msg(P + "check.unrolled"), checks.unrolled(first)),
        Check(Msg(P + "check.series", r=notation.element(t, sp.Range(1, 51))), checks.series(first, a["b1"])),
        Check(Msg(P + "check.closed", r=notation.element(t, sp.Range(1, 51))), checks.closed_forms(first, second, a)),
        Check(Msg(P + "check.bias_answers", m3=A.Mean(A.m[3]), v2=A.Mean(A.v[2])), checks.bias_answers(m)),
        *mc,
        Check(Msg(P + "check.first_step", e=_first_step()), checks.first_step(m)),
        Check(Msg(P + "check.same_steps", th1=TH1, th2=TH2), checks.same_steps(m)),
        Check(Msg(P + "check.example", mh=A.mhat[2], vh=A.vhat[2], th=XT[2]), checks.example_answers(m)),
    ]
    questions = [
        Question("m3", Msg(P + "q.m3"), a["m3"], A.Mean(A.m[3])),
        Question("v2", Msg(P + "q.v2"), a["v2"], A.Mean(A.v[2])),
        Question("ratio", Msg(P + "q.ratio", e=A.epsilon), a["ratio"]),
        Question("mhat2", Msg(P + "q.mhat2", th1=TH1), a["mhat2"], A.mhat[2]),
        Question("vhat2", Msg(P + "q.vhat2", th1=TH1), a["vhat2"], A.vhat[2]),
        Question("theta2", Msg(P + "q.theta2", th1=TH1, th=sp.Symbol("theta")), a["theta2"], XT[2], precision=7),
    ]
    return Part(_statement(m), solution, found, questions)
