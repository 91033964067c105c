"""The tasks of sheet 001, Tutoraufgabe 6 (a)-(c): one function per task, from the prepared
maths to the statement, the questions, the worked solution and the checks (sentences from
``messages/``)."""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Step, Table
from symderiv.problems.gradient_flow_common import sigmoid_sup_steps, sym
from symderiv.problems.spec import Part, Question
from symderiv.problems.unstable import checks
from symderiv.problems.unstable.maths import Maths

A_, B_, W_ = sym("a"), sym("b"), sym("w")
ELL = sp.Function("ell")
E_, VAR = sp.Function("E"), sp.Function("V")
Q_, S_, q_ = sym("Q"), sym("S"), sym("q")
UM, UP = sym("a_-"), sym("a_+")
WSTAR = sym("w__*")
EXP = sp.Function("exp")   # exp(...) on the page, not e^(...) (exponents stay readable)


def _show(e):
    """``e`` with every exponential written as exp(...)."""
    return e.replace(lambda x: isinstance(x, sp.exp), lambda x: EXP(x.args[0])) if isinstance(e, sp.Basic) else e


def _b():
    from symderiv.layers import bounds as B
    return B


def _gm():
    from symderiv.problems import gradient_flow_maths as GM
    return GM


def _num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v), 4)


def _z():
    return notation.terms(W_ * A_, B_)


def _third():
    """The third derivative of the sigmoid at 0 (the second derivative of its derivative)."""
    z = sym("z")
    return sp.Subs(sp.Derivative(_b().SIGMA(z), (z, 3)), z, 0)


def _cond():
    return sp.GreaterThan(sp.Abs(W_ * _b().dsigma(_z())), 1)


def given(m: Maths) -> list:
    B = _b()
    z = sym("z")
    return [Msg("unstable.given.network", l=sym("l"), al=sym("a__l-1"), w=sym("w__l"), bl=sym("b__l"),
                zl=sp.Eq(sym("z__l"), notation.terms(sym("w__l") * sym("a__l-1"), sym("b__l"))),
                sg=sp.Eq(B.SIGMA(z), 1 / notation.terms(1, sp.exp(-z)))),
            Msg("unstable.given.short", a=A_, w=W_, b=B_, al=sym("a__l-1"), wl=sym("w__l"), bl=sym("b__l"),
                q=sp.Eq(q_, sp.Abs(W_ * B.dsigma(sym("z")))), z=sp.Eq(sym("z"), _z()))]


def _a_solution(m: Maths) -> list:
    from symderiv.layers import activations as A
    B, d = _b(), _gm().interval_derivation()
    act, crit, z0, z = sigmoid_sup_steps()
    W, u = d.W, d.u
    lim = [c for c in act.bounds.candidates if c.kind == "limit"]
    return [
        Step(Msg("unstable.a.sup", d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), z0=sp.Eq(z, z0),
                 sec=sp.Eq(_third(), crit.second), v=crit.value,
                 zinf=notation.tends(sp.Abs(z), sp.oo), l=lim[0].value),
             [Equation(0, [B.dsigma(z)], relation=r"\le"), Equation(B.dsigma(z), [act.sup], relation=r"\le")]),
        Step(Msg("unstable.a.solve", c=_cond(), a=A_, u=sp.Eq(u, sp.exp(-z)), ds=B.dsigma(z)),
             [Equation(B.dsigma(z), [d.dsig, d.dsig_u]), Equation(W * d.dsig_u, [1], relation=r"\ge"),
              Equation(d.inequality_poly, [0], relation=r"\le")]),
        Msg("unstable.a.roots", W=sp.Eq(W, sp.Abs(W_)),
            pos=sp.StrictGreaterThan(notation.power(notation.terms(1, u), 2), 0, evaluate=False),
            disc=d.discriminant, thr=notation.element(W, d.w_threshold), wl=sp.Lt(sp.Abs(W_), 4)),
        Equation(sym("u_-"), [d.roots[0]]),
        Equation(sym("u_+"), [d.roots[1]]),
        Msg("unstable.a.centre", p=sp.Eq(sym("u_-") * sym("u_+"), d.root_product),
            uin=notation.element(u, sp.Interval(sym("u_-"), sym("u_+"))),
            zin=notation.element(z, sp.Interval(-sp.log(sym("u_+")), sp.log(sym("u_+")))),
            zd=sp.Eq(z, _z()), a=A_, c=-B_ / W_, b0=sp.Eq(B_, 0)),
        Step(Msg("unstable.a.length", lz=sp.Eq(notation.terms(sp.log(sym("u_+")), -sp.log(sym("u_-"))) / W,
                                               2 * sp.log(sym("u_+")) / W, evaluate=False),
                 uu=sp.Eq(sym("u_-"), 1 / sym("u_+")), up=sym("u_+"), w4=sp.Ge(W, 4)),
             [Equation(ELL(W), [d.length_z / W, d.length])]),
        Result(Msg("unstable.result.length"), ELL(W), d.sheet_length),
        Step(Msg("unstable.a.numbers", w=sp.Eq(W_, _num(m.w)), b=sp.Eq(B_, _num(m.b))),
             [Equation(-B_ / W_, [sp.Float(-m.b / m.w, 6)], relation=r"\approx"),
              Equation(ELL(_num(abs(m.w))), [sp.Float(m.length, 6)], relation=r"\approx"),
              Equation(sp.Tuple(UM, UP), [sp.Tuple(notation.terms(-B_ / W_, -ELL(sp.Abs(W_)) / 2),
                                                   notation.terms(-B_ / W_, ELL(sp.Abs(W_)) / 2))])]),
        Result(Msg("unstable.result.length_value"), ELL(sp.Abs(W_)), sp.Float(m.length)),
        Result(Msg("unstable.result.ends"), sp.Tuple(UM, UP), sp.Tuple(sp.Float(m.ends[0]), sp.Float(m.ends[1]))),
    ]


def task_a(m: Maths) -> Part:
    """(a): 0 <= sigma' <= 1/4; the interval of a with |w sigma'(w a + b)| >= 1, its length and,
    for the variant's w and b, its length and ends."""
    B, d = _b(), _gm().interval_derivation()
    act, crit, z0, z = sigmoid_sup_steps()
    W = sp.Abs(W_)
    statement = [Msg("unstable.a.statement", s=sp.Eq(B.SIGMA(z), 1 / notation.terms(1, sp.exp(-z))),
                     iv=sp.Interval(0, sp.Rational(1, 4)),
                     r0=sp.Le(0, B.dsigma(z)), r1=sp.Le(B.dsigma(z), sp.Rational(1, 4)), z=notation.element(z, sp.Reals)),
                 Msg("unstable.a.interval", w4=sp.Ge(W, 4), c=_cond(), a=A_, ell=ELL(W), c0=-B_ / W_),
                 Equation(ELL(W), [d.sheet_length.subs(d.W, W)]),
                 Msg("unstable.a.evaluate", w=sp.Eq(W_, _num(m.w)), b=sp.Eq(B_, _num(m.b)), ell=ELL(W),
                     um=UM, up=UP, a=A_)]
    m1, m2, slope = checks.maximum(m)
    found = [
        Check(Msg("unstable.check.sup", s=B.dsigma(z), iv=sp.Interval(-30, 30), q=act.sup), checks.sup_grid()),
        Check(Msg("unstable.check.nonneg", c=sp.Ge(B.dsigma(z), 0)), checks.nonnegative()),
        Check(Msg("unstable.check.curvature", v=sp.Eq(_third(), crit.second), z=z0), checks.curvature(crit.second)),
        Check(Msg("unstable.check.lengths", wb=sp.Tuple(W_, B_)), checks.lengths()),
        Check(Msg("unstable.check.centres", c=-B_ / W_), checks.centres()),
        Check(Msg("unstable.check.derived", r=sp.Tuple(sym("u_-"), sym("u_+")), W=d.W), checks.derived_vs_sheet()),
        Check(Msg("unstable.check.ends", e=sp.Tuple(UM, UP)), checks.ends(m)),
    ]
    questions = [Question("length", Msg("unstable.q.length", x=ELL(W)), m.length, ELL(W)),
                 Question("lower", Msg("unstable.q.lower", x=UM), m.ends[0], UM),
                 Question("upper", Msg("unstable.q.upper", x=UP), m.ends[1], UP)]
    return Part(statement, _a_solution(m), found, questions)


def task_b(m: Maths) -> Part:
    """(b): the length against |w| with its maximum (numerically); why a rarely lies in the window."""
    import numpy as np
    GM = _gm()
    W, Wa = GM.interval_derivation().W, sp.Abs(W_)
    ws = np.linspace(4, 40, 181)
    lm3 = sp.Float(m.lmax, 3)
    share = max(0.0, min(m.ends[1], 1.0) - max(m.ends[0], 0.0))
    solution = [
        Plot([Series(Msg("unstable.series.length"), ws, GM.interval_length(ws)),
              Series(Msg("unstable.series.max"), [m.wstar], [m.lmax], "only marks, mark=*, mark size=2.5pt")],
             xlabel=Wa, ylabel=ELL(Wa),
             caption=Msg("unstable.b.caption", a=A_, c=_cond(), m=sp.Tuple(sp.Float(m.wstar, 4), sp.Float(m.lmax, 4)))),
        Msg("unstable.b.max", iv=sp.Interval(4, 60), lm=sp.Float(m.lmax, 4), ws=sp.Eq(WSTAR, sp.Float(m.wstar, 4)),
            sl=sp.Float(m.slope, 2), w4=notation.tends(W, 4), asym=2 * sp.log(Wa) / Wa, W=Wa),
        Result(Msg("unstable.result.max"), ELL(WSTAR), sp.Float(f"{m.lmax:.4g}")),
        Result(Msg("unstable.result.argmax"), WSTAR, sp.Float(f"{m.wstar:.4g}")),
        Msg("unstable.b.why", a=A_, ain=notation.element(A_, sp.Interval.open(0, 1)), ell=ELL(W), c=-B_ / W_,
            lm=lm3, iv=sp.Interval.open(0, 1), W=W, h=ELL(W) / 2, b=B_, wa=-W_ * A_, q=q_),
        Msg("unstable.b.variant", w=sp.Eq(W_, _num(m.w)), b=sp.Eq(B_, _num(m.b)), iv=sp.Interval.open(0, 1),
            p=sp.Float(share, 3)),
    ]
    g, le, meet, k, met = checks.windows(m)
    mx, arg, slope = checks.maximum(m)
    iv = sp.Interval.open(0, 1)
    found = [
        Check(Msg("unstable.check.max", iv=sp.Interval(4, 60)), mx),
        Check(Msg("unstable.check.argmax"), arg),
        Check(Msg("unstable.check.slope", ws=sym("w__*")), slope),
        Check(Msg("unstable.check.share", iv=iv, c=sp.Ge(q_, 1), k=k, wb=sp.Tuple(W_, B_)), g),
        Check(Msg("unstable.check.share_max", lm=lm3), le),
        Check(Msg("unstable.check.meets", iv=iv, c=-B_ / W_, h=ELL(W) / 2, k=met), meet),
    ]
    statement = [Msg("unstable.b.statement", ell=ELL(Wa), W=Wa, a=A_)]
    return Part(statement, solution, found)


def _c_statement(m: Maths) -> list:
    lm = _gm().lognormal_moments()
    L, ll = sym("L"), sym("l")
    return [Msg("unstable.c.model", q=sym("q__l"), qd=sp.Eq(sym("q__l"), sp.Abs(sym("w__l") * _b().dsigma(sym("z__l")))),
                Q=sp.Eq(Q_, EXP(sp.Sum(sp.log(sym("q__m")), (sym("m"), ll + 1, L)))),
                K=sp.Eq(lm.K, notation.terms(L, -ll))),
            Msg("unstable.c.statement", mu=lm.mu, s2=lm.s ** 2, lq=sp.log(sym("q__l")), e=E_(Q_), v=VAR(Q_), Q=Q_),
            Msg("unstable.c.hint", Q=Q_, S=sp.Sum(sp.log(sym("q__m")), (sym("m"), ll + 1, L))),
            Msg("unstable.c.evaluate", mu=sp.Eq(lm.mu, _num(m.mu)), s=sp.Eq(lm.s, _num(m.s)), K=sp.Eq(lm.K, m.K),
                e=E_(Q_), v=VAR(Q_))]


def task_c(m: Maths) -> Part:
    """(c): mean and variance of Q under the hint's assumption, and for the variant."""
    found = [Check(Msg("unstable.check.mc", e=E_(Q_)), checks.monte_carlo(m)[0]),
             Check(Msg("unstable.check.mc", e=VAR(Q_)), checks.monte_carlo(m)[1]),
             Check(Msg("unstable.check.answers"), checks.answers(m)),
             Check(Msg("unstable.check.mgf", t=notation.element(sym("t"), sp.FiniteSet(1, 2))), checks.mgf(m)),
             Check(Msg("unstable.check.routes", lq=sp.log(q_)), checks.routes(m)),
             Check(Msg("unstable.check.uniform", lq=sp.log(q_), e=E_(Q_)), checks.uniform(m))]
    questions = [Question("mean", Msg("unstable.q.mean", x=E_(Q_)), m.mean, E_(Q_)),
                 Question("variance", Msg("unstable.q.variance", x=VAR(Q_)), m.var, VAR(Q_))]
    return Part(_c_statement(m), _c_solution(m), found, questions)


def _uniform_mean(lm):
    """E[q] for log q uniform on [mu - sqrt(3) s, mu + sqrt(3) s], as exp differences."""
    r = sp.sqrt(3) * lm.s
    return notation.terms(EXP(notation.terms(lm.mu, r)), -EXP(notation.terms(lm.mu, -r))) / (2 * r)


def _c_solution(m: Maths) -> list:
    lm = _gm().lognormal_moments()
    mc, uni = m.mc, m.uni
    yv, tv, Kq = sym("y"), lm.t, lm.K
    m_s, v_s = sym("m"), sp.Symbol("v", positive=True)
    mgf_q = sp.simplify(lm.mgf.subs({lm.mu: Kq * lm.mu, lm.s: sp.sqrt(Kq) * lm.s}))
    logq = sp.log(q_)
    law = notation.normal_variance(S_, Kq * lm.mu, Kq * lm.s ** 2)
    sub = {lm.mu: sp.nsimplify(m.mu), lm.s: sp.nsimplify(m.s), Kq: m.K}
    return [
        Step(Msg("unstable.c.linear", S=sp.Eq(S_, sp.Sum(sp.log(sym("q__m")), (sym("m"), sym("l") + 1, sym("L")))), K=Kq),
             [Equation(E_(S_), [Kq * lm.mu]), Equation(VAR(S_), [Kq * lm.s ** 2])]),
        Msg("unstable.c.assumption", S=S_, law=law, Qd=sp.Eq(Q_, EXP(S_)), lq=logq),
        Step(Msg("unstable.c.mgf", law=notation.normal_variance(S_, m_s, v_s ** 2)),
             [Equation(E_(EXP(tv * S_)),
                       [_show(sp.Integral(sp.exp(tv * yv) * sp.exp(-(yv - m_s) ** 2 / (2 * v_s ** 2))
                                          / sp.sqrt(2 * sp.pi * v_s ** 2), (yv, -sp.oo, sp.oo))),
                        _show(lm.mgf.subs({lm.mu: m_s, lm.s: v_s}))])]),
        Step(Msg("unstable.c.moments", m=sp.Eq(m_s, Kq * lm.mu), v=sp.Eq(v_s ** 2, Kq * lm.s ** 2),
                 Qt=sp.Eq(Q_ ** tv, EXP(tv * S_)), t1=sp.Eq(tv, 1), t2=sp.Eq(tv, 2)),
             [Equation(E_(Q_ ** tv), [_show(mgf_q)])]),
        Result(Msg("unstable.result.mean"), E_(Q_), _show(lm.mean)),
        Result(Msg("unstable.result.variance"), VAR(Q_), _show(lm.variance_form)),
        Step(Msg("unstable.c.numbers", mu=sp.Eq(lm.mu, _num(m.mu)), s=sp.Eq(lm.s, _num(m.s)), K=sp.Eq(Kq, m.K)),
             [Equation(E_(Q_), [_show(lm.mean.subs(sub, simultaneous=True))]),
              Equation(VAR(Q_), [_show(lm.variance_form.subs(sub))])]),
        Result(Msg("unstable.result.mean_value"), E_(Q_), sp.Float(m.mean)),
        Result(Msg("unstable.result.variance_value"), VAR(Q_), sp.Float(m.var)),
        Table([Msg("unstable.table.quantity"), Msg("unstable.table.exact"), Msg("unstable.table.mc"),
               Msg("unstable.table.se"), sp.Abs(sym("z"))],
              [[E_(Q_), mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.z_mean],
               [VAR(Q_), mc.var_exact, mc.var_estimate, mc.var_se, mc.z_var]],
              Msg("unstable.table.caption", n=mc.samples, K=Kq)),
        Msg("unstable.c.spread", r=sp.Eq(VAR(Q_) / E_(Q_) ** 2, notation.terms(EXP(Kq * lm.s ** 2), -1)),
            mu=lm.mu, s=lm.s, K=Kq),
        Msg("unstable.c.uniform", lq=logq, iv=sp.Interval(notation.terms(lm.mu, -sp.sqrt(3) * lm.s),
                                                          notation.terms(lm.mu, sp.sqrt(3) * lm.s)),
            S=S_, eu=sp.Eq(E_(Q_), notation.power(_uniform_mean(lm), Kq)), ev=sp.Float(uni["exact"], 4),
            el=sp.Float(m.mean, 4), rd=sp.Float(uni["exact"] / m.mean - 1, 2)),
    ]
