"""The tasks of sheet 000 a): one function per subtask ("1.", "2."), from the prepared maths
to the statement, the questions, the worked solution and the checks (sentences from
``messages/``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Step, Table
from symderiv.problems.gradient_flow_common import bounds_module, shown_number, sigmoid_sup_steps, sym
from symderiv.problems.spec import Part, Question
from symderiv.problems.vanishing import checks
from symderiv.problems.vanishing import maths as M
from symderiv.problems.vanishing.maths import Maths


_b = bounds_module
_num = shown_number



def _third(B, z):
    """The third derivative of the sigmoid at 0: the second derivative of sigma' at its
    critical point (the second derivative of the sigmoid there is 0)."""
    return sp.Subs(sp.Derivative(B.SIGMA(z), (z, 3)), z, 0)

def _asked(m: Maths, k: int):
    """The quantity a question asks for: dh_n/dw_k at the variant's n (concrete symbols)."""
    return notation.partial_expr(sym(f"h_{m.n}"), sym(f"w_{k}"))


def given(m: Maths) -> list:
    B = _b()
    n, i, w, h, x = B.n, B.i, B.w, B.h, B.x
    return [Msg("vanishing.given.network", x=notation.element(x, sp.Reals), n=n, hi=sp.Eq(h[i], B.SIGMA(w[i] * h[i - 1])),
                wi=w[i], sig=sym("sigma"), h0=sp.Eq(h[0], x), hn=h[n])]


def _layers(k: int):
    """{1, ..., k}, written out where the dots would stand for nothing ({1, 2}, not {1, ..., 2})."""
    return sp.FiniteSet(*range(1, k + 1)) if k <= 3 else notation.integer_range(1, k)


def _numbers(m: Maths) -> Msg:
    B = _b()
    return Msg("vanishing.numbers", s=sym("sigma"), n=sp.Eq(B.n, m.n), x=sp.Eq(B.x, _num(m.x)),
               w=sp.Eq(sym("w_j"), _num(m.w)), j=notation.element(sym("j"), _layers(m.n)))


def task_1(m: Maths) -> Part:
    """Sheet 000 a) 1.: dh_n/dw_i as a product; its values at the variant's numbers."""
    B = _b()
    n, i, j, w, h, x = B.n, B.i, B.j, B.w, B.h, B.x
    d1, dn = _asked(m, 1), _asked(m, m.n)
    statement = [Msg("vanishing.1.statement", d=notation.partial_expr(h[n], w[i]),
                     r=notation.element(i, notation.integer_range(1, n))),
                 _numbers(m), Msg("vanishing.1.evaluate", d1=d1, dn=dn)]
    chain = Equation(notation.partial(h[n], w[i]),
                     [B.partial_chain([(h[n], h[n - 1]), (h[i + 1], h[i]), (h[i], w[i])], dots_after=0)])
    forward = [Equation(sym(f"h_{k}"), [sp.Float(m.hs[k], 6)], relation=r"\approx") for k in range(1, m.n + 1)]
    solution = [
        Step(Msg("vanishing.1.chain", hn=h[n], wi=w[i], hi=h[i], i=i),
             [chain, Equation(notation.partial_expr(h[j], h[j - 1]), [w[j] * B.dsigma(w[j] * h[j - 1])]),
              Equation(notation.partial_expr(h[i], w[i]), [h[i - 1] * B.dsigma(w[i] * h[i - 1])])]),
        Result(Msg("vanishing.result.derivative", r=notation.element(i, notation.integer_range(1, n))),
               notation.partial(h[n], w[i]), m.dh),
        Step(Msg("vanishing.1.concrete", n=sp.Eq(n, m.n), hk=sym("h_k")),
             [Equation(_asked(m, k), [e]) for k, e in enumerate(m.concrete, 1)]),
        Step(Msg("vanishing.1.forward", x=sp.Eq(x, _num(m.x)), w=_num(m.w),
                 d=sp.Eq(B.dsigma(sym("z")), B.SIGMA(sym("z")) * (1 - B.SIGMA(sym("z"))))), forward),
        Result(Msg("vanishing.result.value_first"), d1, sp.Float(m.answers["d1"])),
        Result(Msg("vanishing.result.value_last"), dn, sp.Float(m.answers["dn"])),
    ]
    rng = notation.element(n, notation.integer_range(1, 6))
    found = [
        Check(Msg("vanishing.check.diff_sigmoid", r=rng, i=i, s=sym("sigma")), checks.formula_vs_diff(m, "sigmoid")),
        Check(Msg("vanishing.check.diff_tanh", r=rng, i=i, s=sym("sigma")), checks.formula_vs_diff(m, "tanh")),
        Check(Msg("vanishing.check.backprop", n=sp.Eq(n, 8)), checks.formula_vs_backprop(m)),
        Check(Msg("vanishing.check.answers"), checks.answers(m)),
    ]
    questions = [Question("d1", Msg("vanishing.q.value", d=d1), m.answers["d1"], d1),
                 Question("dn", Msg("vanishing.q.value", d=dn), m.answers["dn"], dn)]
    return Part(statement, solution, found, questions)


def _sigmoid_blocks(m: Maths) -> list:
    from symderiv.layers import activations as A
    B = _b()
    n, i, j, w, h, x = B.n, B.i, B.j, B.w, B.h, B.x
    act, crit, z0, z = sigmoid_sup_steps()
    sup = act.sup
    q = notation.power(sp.Rational(1, 4), notation.terms(n, -i, 1))
    dq = notation.partial_expr(h[n], w[i])
    wj = sp.Abs(w[j])
    shown = q * sp.Abs(h[i - 1]) * sp.Product(wj, (j, i + 1, n))
    return [
        Step(Msg("vanishing.2.sup", d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), z0=sp.Eq(z, z0),
                 s=B.dsigma(z), sec=sp.Eq(_third(B, z), crit.second),
                 zinf=notation.tends(sp.Abs(z), sp.oo), sup=sup),
             [Equation(0, [B.dsigma(z)], relation="<"), Equation(B.dsigma(z), [sup], relation=r"\le")]),
        Step(Msg("vanishing.2.factors", k=notation.terms(n, -i, 1), s=B.dsigma(w[j] * h[j - 1]), sup=sup,
                 wl=sp.Lt(wj, 1)),
             [Equation(sp.Abs(dq), [shown], relation=checks.REL_SIGMA),
              Equation(shown, [q * sp.Abs(h[i - 1])], relation=checks.REL_WEIGHTS)]),
        Msg("vanishing.2.equality", ie=sp.Eq(i, n), jr=notation.element(j, notation.integer_range(i + 1, n)),
            h0=sp.Eq(h[i - 1], 0), il=sp.Lt(i, n), hn0=sp.Ne(h[i - 1], 0), wl=sp.Lt(wj, 1)),
        Step(Msg("vanishing.2.hence", i2=sp.Ge(i, 2), hi=h[i - 1], iv=sp.Interval.open(0, 1), i1=sp.Eq(i, 1),
                 h0x=sp.Eq(h[0], x)),
             [Equation(sp.Abs(dq), [q], relation="<")]),
        Step(Msg("vanishing.2.hence_first", i1=sp.Eq(i, 1)),
             [Equation(sp.Abs(notation.partial_expr(h[n], w[1])),
                       [notation.power(sp.Rational(1, 4), n) * sp.Abs(x)], relation=r"\le")]),
        Msg("vanishing.2.distance", i=i, ie=sp.Eq(i, n), sup=sup),
    ] + _coupled_blocks(m, q, dq, sup)


def _coupled_blocks(m: Maths, q, dq, sup) -> list:
    """What is true about the bound: the factors are coupled; for i >= 3 it is not sharp."""
    B = _b()
    n, i, j, w, h, x = B.n, B.i, B.j, B.w, B.h, B.x
    zj, t = sym("z_j"), sym("t")
    s1 = B.SIGMA(1)
    return [
        Msg("vanishing.2.coupled", q=q, zj=sp.Eq(zj, w[j] * h[j - 1]), f=sp.Abs(w[j] * B.dsigma(zj)), sup=sup,
            w1=notation.tends(sp.Abs(w[j]), 1), z0=notation.tends(zj, 0), h0=notation.tends(h[j - 1], 0),
            j3=sp.Ge(j, 3), hj=h[j - 1], iv=sp.Interval.open(B.SIGMA(-1), s1),
            arg=sp.Lt(sp.Abs(w[j - 1] * h[j - 2]), 1)),
        Step(Msg("vanishing.2.sharper", i3=sp.Ge(i, 3), hi=sp.Lt(sp.Abs(h[i - 1]), s1)),
             [Equation(sp.Abs(dq), [s1 * q, sp.Float(float(M.sigma(1.0)), 4) * q], relation="<")]),
        Msg("vanishing.2.suprema", n3=sp.Eq(n, 3), i3=sp.Eq(i, 3), s=s1 / 4, sv=sp.Float(float(M.sigma(1.0)) / 4, 4),
            quarter=sp.Rational(1, 4),
            seq3=sp.Tuple(sp.Eq(w[1], sp.Rational(1, 2)), sp.Eq(x, t), sp.Eq(w[2], 1 - 1 / t), sp.Eq(w[3], 0)),
            n2=sp.Eq(n, 2), i2=sp.Eq(i, 2),
            seq2=sp.Tuple(sp.Eq(w[1], sp.Rational(1, 2)), sp.Eq(w[2], 0), sp.Eq(x, t)),
            r=B.SIGMA(t / 2), tt=notation.tends(t, sp.oo)),
    ]


def _relu_blocks(m: Maths) -> list:
    from symderiv.layers import activations as A
    B = _b()
    n, i, j, w, h, x = B.n, B.i, B.j, B.w, B.h, B.x
    wj = sp.Abs(w[j])
    dq = notation.partial_expr(h[n], w[i])
    relu_b = notation.big_operator("prod", sp.Ne(j, i), wj) * sp.Abs(x)
    return [
        Step(Msg("vanishing.2.relu", d=A.get("relu").derivative, v=B.relu_factor_set(), f=B.dsigma(w[j] * h[j - 1])),
             [Equation(notation.partial(h[n], w[i]), [sp.Product(w[j], (j, i + 1, n)) * h[i - 1]])]),
        Step(Msg("vanishing.2.relu_bound", r=sp.Le(sp.Abs(sp.Max(0, sym("t"))), sp.Abs(sym("t"))), i=i),
             [Equation(sp.Abs(h[i - 1]), [sp.Abs(x) * sp.Product(wj, (j, 1, i - 1))], relation=r"\le"),
              Equation(sp.Abs(dq), [relu_b], relation=checks.REL_RELU)]),
        Msg("vanishing.2.relu_compare", q=notation.power(sp.Rational(1, 4), notation.terms(n, -i, 1)),
            d=notation.terms(n, -i), wl=sp.Lt(wj, 1), ax=sp.Abs(x), xp=sp.Gt(x, 0)),
        Step(Msg("vanishing.2.relu_numbers", x=sp.Gt(x, 0), w=sp.Gt(sym("w_j"), 0)),
             [Equation(_asked(m, 1), [sp.Mul(*[sym(f"w_{k}") for k in range(2, m.n + 1)], sym("x"))])]),
        Result(Msg("vanishing.result.relu"), _asked(m, 1), sp.Float(m.answers["relu"])),
    ]


def _example_blocks(m: Maths) -> list:
    B = _b()
    n, i, w, x = B.n, B.i, B.w, B.x
    ex = m.example
    q = notation.power(sp.Rational(1, 4), notation.terms(n, -i, 1))
    abs_d = sp.Abs(notation.partial_expr(sym("h_n"), sym("w_i")))
    relu_b = notation.big_operator("prod", sp.Ne(B.j, i), sp.Abs(w[B.j])) * sp.Abs(x)
    rows = [[k, float(abs(ex["g"][k - 1])), float(ex["bound"][k - 1]), float(0.25 ** (M.DEPTH - k + 1)),
             float(abs(ex["g_relu"][k - 1])), float(ex["rb_relu"][k - 1])] for k in range(1, M.DEPTH + 1)]
    axis = np.arange(1, M.DEPTH + 1)
    wb = sp.Lt(sp.Abs(w[i]), sp.Float(M.WEIGHT_BOUND, 2))
    return [
        Table([i, Msg("vanishing.col.sigmoid", d=abs_d), Msg("vanishing.col.bound"), q,
               Msg("vanishing.col.relu", d=abs_d), relu_b], rows,
              Msg("vanishing.table.caption", wb=wb, n=sp.Eq(n, M.DEPTH), x=sp.Eq(x, sp.Float(ex["x"], 4)),
                  wa=sp.Abs(w[i]), xr=sp.Eq(x, sp.Float(ex["xr"], 4)), z=int(np.sum(ex["g_mixed"] == 0)),
                  n2=M.DEPTH)),
        Plot([Series(Msg("vanishing.series.sigmoid"), axis, np.abs(ex["g"])),
              Series(Msg("vanishing.series.bound"), axis, ex["bound"], "thick, dashed"),
              Series(Msg("vanishing.series.relu"), axis, np.where(np.abs(ex["g_relu"]) > 0, np.abs(ex["g_relu"]), np.nan))],
             xlabel=Msg("vanishing.axis.layer", i=i), ylabel=abs_d, ymode="log",
             caption=Msg("vanishing.plot.caption", n=sp.Eq(n, M.DEPTH), wb=wb, wa=sp.Abs(w[i]),
                         x=sp.Eq(x, sp.Float(ex["xr"], 4)))),
    ]


def _checks_2(m: Maths) -> list:
    B = _b()
    n, i, j, w, h = B.n, B.i, B.j, B.w, B.h
    act, crit, z0, _ = sigmoid_sup_steps()
    z = sym("z")
    q = notation.power(sp.Rational(1, 4), notation.terms(n, -i, 1))
    ireq = notation.element(i, notation.integer_range(1, n))
    dq = notation.partial_expr(h[n], w[i])
    le, eq, lt, nc = checks.second_relation(m)
    ts, (seq2, seq3) = checks.sequences()
    relu_b = notation.big_operator("prod", sp.Ne(j, i), sp.Abs(w[j])) * sp.Abs(B.x)
    sizes = notation.element(n, sp.FiniteSet(3, 4, 5))
    return [
        Check(Msg("vanishing.check.sup", s=B.dsigma(z), sup=act.sup), checks.sup_grid(act.sup)),
        Check(Msg("vanishing.check.curvature", v=sp.Eq(_third(B, z), crit.second), z=sp.Eq(z, z0)),
              checks.curvature(crit.second)),
        Check(Msg("vanishing.check.first", i=ireq), checks.first_relation(m)),
        Check(Msg("vanishing.check.second", nc=nc, ie=sp.Eq(i, n), h0=sp.Eq(h[i - 1], 0)), le),
        Check(Msg("vanishing.check.second_eq", ie=sp.Eq(i, n), h0=sp.Eq(h[i - 1], 0)), eq),
        Check(Msg("vanishing.check.second_lt", il=sp.Lt(i, n), hn0=sp.Ne(h[i - 1], 0)), lt),
        Check(Msg("vanishing.check.below", q=q, n=sizes, i2=sp.Ge(i, 2)), checks.below_quarter_power(m)),
        Check(Msg("vanishing.check.coupled", b=sp.Lt(sp.Abs(dq), B.SIGMA(1) * q), n=sizes, i3=sp.Ge(i, 3)),
              checks.coupled_bound(m)),
        Check(Msg("vanishing.check.sup3", s=B.SIGMA(1) / 4, n3=sp.Eq(n, 3), i3=sp.Eq(i, 3)), checks.supremum_three(m)),
        Check(Msg("vanishing.check.seq2", n2=sp.Eq(n, 2), i2=sp.Eq(i, 2), g=sp.Eq(1 - sym("r"), 1 - B.SIGMA(sym("t") / 2)),
                  ts=sp.FiniteSet(*[int(t) for t in ts])), seq2),
        Check(Msg("vanishing.check.seq3", n3=sp.Eq(n, 3), i3=sp.Eq(i, 3), ts=sp.FiniteSet(*[int(t) for t in ts])), seq3),
        Check(Msg("vanishing.check.bound_formula"), checks.bound_formula(m)),
        Check(Msg("vanishing.check.relu_values", f=sp.Product(w[j], (j, i + 1, n)) * h[i - 1]), checks.relu_values(m)),
        Check(Msg("vanishing.check.relu_relation", b=sp.Le(sp.Abs(dq), relu_b), i=ireq), checks.relu_relation(m)),
        Check(Msg("vanishing.check.relu_equality"), checks.relu_equality(m)),
    ]


def task_2(m: Maths) -> Part:
    """Sheet 000 a) 2.: the bound for the sigmoid with |w_i| < 1, and for the ReLU."""
    B = _b()
    n, i, j, w, h, x = B.n, B.i, B.j, B.w, B.h, B.x
    d1 = _asked(m, 1)
    statement = [Msg("vanishing.2.statement", s=sym("sigma"), d=notation.partial_expr(h[n], w[i]), i=i,
                     wl=sp.Lt(sp.Abs(w[j]), 1), j=notation.element(j, notation.integer_range(1, n)),
                     relu=sp.Eq(sp.Function("sigma")(x), sp.Max(0, x))),
                 Msg("vanishing.2.evaluate", d1=d1)]
    solution = _sigmoid_blocks(m) + _relu_blocks(m) + _example_blocks(m)
    questions = [Question("relu", Msg("vanishing.q.relu", d=d1), m.answers["relu"], d1)]
    return Part(statement, solution, _checks_2(m), questions)
