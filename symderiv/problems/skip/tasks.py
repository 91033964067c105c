"""The tasks of sheet 002, Aufgabe 2 (a)-(f): one function per task, from the prepared maths
to the statement, the questions, the worked solution and the checks (sentences from
``messages/``)."""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Step
from symderiv.problems.gradient_flow_common import bounds_module, shown_number, o_display_arrays, sym
from symderiv.problems.skip import checks
from symderiv.problems.skip import maths as M
from symderiv.problems.skip.maths import Maths
from symderiv.problems.spec import Part, Question


_b = bounds_module
_num = shown_number


def _asked(m: Maths):
    return notation.partial_expr(sym(f"o_{m.N}"), sym("w_1"))


def given(m: Maths) -> list:
    B = _b()
    N, i, w, b, s, o, x = B.N, B.i, B.w, B.b, B.s, B.o, B.x
    return [
        Msg("skip.given.network", N=N, x=notation.element(x, sp.Reals),
            ir=notation.element(i, notation.integer_range(1, N))),
        Step(Msg("skip.given.formula1"), [Equation(s[i], [sp.Function("f_i")(o[i - 1]),
                                                         notation.terms(w[i] * o[i - 1], b[i])])]),
        Step(Msg("skip.given.formula2"), [Equation(o[i], [B.SIGMA(s[i])])]),
        Msg("skip.given.sigma", sg=sym("sigma"), o0=sp.Eq(o[0], x)),
        Msg("skip.given.numbers", sg=sym("sigma"), N=sp.Eq(N, m.N), x=sp.Eq(x, _num(m.x)),
            wi=sp.Eq(w[i], _num(m.w)), bi=sp.Eq(b[i], 0)),
    ]


def _numbers(m: Maths, variant: str, key: str, k: int) -> list:
    """The forward values at the numbers and the answer in a result box."""
    o = M.forward(m.N, m.x, m.w, variant)
    return [Step(Msg("skip.forward"), [Equation(sym(f"o_{j}"), [sp.Float(o[j], 6)], relation=r"\approx")
                                       for j in range(1, m.N + 1)]),
            Result(Msg(f"skip.result.{key}"), _asked(m), sp.Float(m.values[k]))]


def _concrete(m: Maths, formula) -> Step:
    B = _b()
    return Step(Msg("skip.concrete", n=sp.Eq(B.N, m.N)),
                [Equation(_asked(m), [B.instantiate(formula, {B.N: m.N}, o_display_arrays(m.N))])])


def task_a(m: Maths) -> Part:
    """(a): do_N/dw_1 as a product; its value at the numbers."""
    B = _b()
    N, i, w, s, o, x = B.N, B.i, B.w, B.s, B.o, B.x
    d = _asked(m)
    statement = [Msg("skip.a.statement", d=notation.partial_expr(o[N], w[1]), s=s[i], w=w[i],
                     ir=notation.element(i, notation.integer_range(1, N)), x=x, ds=sp.Symbol("sigmaprime")),
                 Msg("skip.evaluate", d=d)]
    solution = [
        Step(Msg("skip.a.chain", w1=w[1], s1=s[1], f=sp.Eq(notation.partial_expr(o[i], o[i - 1]), w[i] * B.dsigma(s[i]))),
             [Equation(notation.partial(o[1], w[1]), [x * B.dsigma(s[1])])]),
        Result(Msg("skip.result.derivative"), notation.partial(o[N], w[1]), m.plain),
        _concrete(m, m.plain),
    ] + _numbers(m, "plain", "plain", 0)
    r = notation.element(N, notation.integer_range(1, 6))
    found = [Check(Msg("skip.check.diff", f=Msg("skip.name.product"), r=r, sg=sym("sigma")), checks.vs_diff(m, "plain", 1, 0)),
             Check(Msg("skip.check.numpy", f=Msg("skip.name.product"), n=sp.Eq(N, 8)), checks.vs_numpy(m, "plain", 0)),
             Check(Msg("skip.check.answer"), checks.answer(m, 0))]
    return Part(statement, solution, found, [Question("plain", Msg("skip.q.plain", d=d), m.values[0], d)])


def task_b(m: Maths) -> Part:
    """(b): vanishing and exploding gradients with (a) and the derivatives of sigmoid and ReLU."""
    from symderiv.layers import activations as A
    B = _b()
    N, i, w, b, s, o, x = B.N, B.i, B.w, B.b, B.s, B.o, B.x
    z = sym("z")
    act = A.get("sigmoid")
    fac = w[i] * B.dsigma(s[i])
    W = sp.Abs(w[i])
    ell = sp.Function("ell")(W)
    ell_form = 2 / W * sp.log(W / 2 * (1 + sp.sqrt(1 - 4 / W)) - 1)
    solution = [
        Msg("skip.b.product", g=x * B.dsigma(s[1]), K=notation.terms(N, -1), f=fac, N=N, ds=B.dsigma(s[i])),
        Step(Msg("skip.b.sigmoid", d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), sup=act.sup, z0=sp.Eq(z, 0)),
             [Equation(sp.Abs(fac), [W / 4], relation=r"\le")]),
        Msg("skip.b.window", wl=sp.Lt(W, 4), wg=sp.Gt(W, 4), s=sp.Abs(s[i]), oi=o[i - 1], c=sp.Eq(s[i], 0),
            ds=B.dsigma(s[i]), e=sp.exp(-sp.Abs(s[i])), cond=sp.Ge(sp.Abs(fac), 1), ell=ell, w4=sp.Ge(W, 4)),
        Equation(ell, [ell_form]),
        Msg("skip.b.window_size", ell=ell, wa=W, oi=o[i - 1]),
        Step(Msg("skip.b.relu", d=sp.Contains(B.dsigma(s[i]), B.relu_factor_set()), w=w[i]),
             [Equation(notation.partial(o[N], w[1]), [x * sp.Product(w[i], (i, 2, N))])]),
        Msg("skip.b.relu_product", p=sp.Product(sp.Abs(w[i]), (i, 2, N)), alt=sp.Tuple(2, sp.Rational(1, 2)),
            w1=sp.Gt(W, 1), sn=sp.Lt(s[i], 0)),
    ]
    fin = sp.FiniteSet
    win, below, falls = checks.windows()
    relu_ok, dead = checks.relu(m)
    alt_eq, alt_le = checks.relu_product_matters()
    found = [
        Check(Msg("skip.check.factor", m=sp.Le(sp.Abs(fac), 1), wv=sp.Contains(W, fin(*map(sp.nsimplify, checks.SMALL_W)))),
              checks.factor_small()),
        Check(Msg("skip.check.factor", m=sp.Gt(sp.Abs(fac), 1), wv=sp.Contains(W, fin(*map(sp.nsimplify, checks.BIG_W)))),
              checks.factor_big()),
        Check(Msg("skip.check.window", oi=o[i - 1], cond=sp.Ge(sp.Abs(fac), 1), ell=ell), win),
        Check(Msg("skip.check.window_small", ell=ell, wv=sp.Contains(W, sp.Interval(4, 200))), below),
        Check(Msg("skip.check.window_falls", ell=ell, wv=sp.Contains(W, sp.Interval(7, 200))), falls),
        Check(Msg("skip.check.relu", n=sp.Eq(N, 20), f=x * notation.power(sym("w"), 19),
                  wv=sp.Contains(sym("w"), fin(sp.Rational(4, 5), 1, sp.Rational(5, 4)))), relu_ok),
        Check(Msg("skip.check.dead"), dead),
        Check(Msg("skip.check.alternating", n=sp.Eq(N, 20), f=x * sp.Product(w[i], (i, 2, N))), alt_eq),
        Check(Msg("skip.check.alternating_bound", b=sp.Le(sp.Abs(notation.partial_expr(o[N], w[1])), 2 * sp.Abs(x)),
                  x=sp.Eq(x, sp.Rational(3, 2))), alt_le),
    ]
    return Part([Msg("skip.b.statement")], solution, found)


def task_c(m: Maths) -> Part:
    """(c): formulas (1) and (2) for i = N with the skip connection."""
    B = _b()
    N, i, w, b, s, o = B.N, B.i, B.w, B.b, B.s, B.o
    Nm1 = notation.terms(N, -1)
    statement = [Msg("skip.c.statement", r=notation.integer_range(2, Nm1), iN=sp.Eq(i, N))]
    solution = [
        Msg("skip.c.form", o1=o[1], r=notation.integer_range(2, Nm1), N=N, il=sp.Lt(i, N), iN=sp.Eq(i, N)),
        Result(Msg("skip.result.formula1", iN=sp.Eq(i, N)), s[N], notation.terms(w[N] * o[N - 1], b[N], o[1])),
        Step(Msg("skip.c.formula2", iN=sp.Eq(i, N)), [Equation(o[N], [B.SIGMA(s[N])])]),
    ]
    return Part(statement, solution)


def task_d(m: Maths) -> Part:
    """(d): do_N/dw_1 with the skip connection; its value at the numbers."""
    B = _b()
    N, w, b, s, o = B.N, B.w, B.b, B.s, B.o
    Nm1 = notation.terms(N, -1)
    d = _asked(m)
    statement = [Msg("skip.d.statement", d=notation.partial_expr(o[N], w[1]),
                     sN=sp.Eq(s[N], notation.terms(w[N] * o[N - 1], b[N], o[1]))), Msg("skip.evaluate", d=d)]
    solution = [
        Step(Msg("skip.d.paths", w1=w[1], sN=s[N], o1=o[1], r=notation.integer_range(2, Nm1)),
             [Equation(notation.partial(o[N], w[1]),
                       [B.dsigma(s[N]) * (w[N] * notation.partial_expr(o[N - 1], w[1]) + notation.partial_expr(o[1], w[1]))])]),
        Result(Msg("skip.result.paths"), notation.partial(o[N], w[1]), m.skip),
        _concrete(m, m.skip),
    ] + _numbers(m, "skip", "skip", 1)
    r = notation.element(N, notation.integer_range(3, 6))
    found = [Check(Msg("skip.check.diff", f=Msg("skip.name.skip"), r=r, sg=sym("sigma")), checks.vs_diff(m, "skip", 3, 2)),
             Check(Msg("skip.check.numpy", f=Msg("skip.name.skip"), n=sp.Eq(N, 8)), checks.vs_numpy(m, "skip", 2)),
             Check(Msg("skip.check.answer"), checks.answer(m, 1))]
    return Part(statement, solution, found, [Question("skip", Msg("skip.q.skip", d=d), m.values[1], d)])


def task_e(m: Maths) -> Part:
    """(e): the effect of the skip connection; median gradient against the depth."""
    B = _b()
    N, i, w, b, s, x = B.N, B.i, B.w, B.b, B.s, B.x
    short = [t for t in m.skip.args if not any(isinstance(a, sp.Product) for a in sp.preorder_traversal(t))][0]
    last = len(m.depths) - 1
    med = Msg("skip.e.median", d=sp.Abs(notation.partial_expr(sym("o_N"), sym("w_1"))))
    solution = [
        Msg("skip.e.short", sp=short, d1=B.dsigma(s[1]), dN=B.dsigma(s[N]), N=N),
        Plot([Series(Msg("skip.series.plain"), m.depths, m.profile["plain"]),
              Series(Msg("skip.series.skip"), m.depths, m.profile["skip"]),
              Series(Msg("skip.series.residual"), m.depths, m.profile["residual"], "thick, dashed")],
             xlabel=Msg("skip.axis.depth", N=N), ylabel=med, ymode="log",
             caption=Msg("skip.e.caption", t=M.TRIALS, ws=w[i], bs=b[i], x=x)),
        Msg("skip.e.numbers", d=m.depths[last], p=m.profile["plain"][last], q=m.profile["skip"][last]),
    ]
    found = [Check(Msg("skip.check.central", n=sp.Eq(N, 12)), checks.central(m)),
             Check(Msg("skip.check.above", d=sp.Ge(N, 4)), checks.skip_above(m))]
    return Part([Msg("skip.e.statement")], solution, found)


def task_f(m: Maths) -> Part:
    """(f): residual connections for every layer; the value at the numbers."""
    B = _b()
    N, i, k, w, s, o, x = B.N, B.i, B.k, B.w, B.s, B.o, B.x
    sig = B.SIGMA
    d = _asked(m)
    g_ex, g_formula = M.residual_explodes(M.EXPLODE_DEPTH)
    ex = sp.Mul(sp.UnevaluatedExpr(x / 4), notation.power(sp.Rational(3, 2), M.EXPLODE_DEPTH - 1), evaluate=False)
    statement = [Msg("skip.f.statement", fj=sp.Function("f_j")(o[sym("j") - 1]), j1=sp.Gt(sym("j"), 1)),
                 Msg("skip.f.evaluate", oi=sp.Eq(o[i], o[i - 1] + sig(s[i])), i2=sp.Ge(i, 2), o1=sp.Eq(o[1], sig(s[1])), d=d)]
    solution = [
        Msg("skip.f.residual", oi=sp.Eq(o[i], o[i - 1] + sig(s[i])), i2=sp.Ge(i, 2), o1=sp.Eq(o[1], sig(s[1])), k=k),
        Result(Msg("skip.result.residual_formula"), notation.partial(o[N], w[k]), m.resid),
        Msg("skip.f.paths", k=k, g=o[k - 1] * B.dsigma(s[k]), oj=o[sym("j")], N=N, fj=sp.Function("f_j")(o[sym("j") - 1])),
        Msg("skip.f.explode", f=notation.terms(1, w[i] * B.dsigma(s[i])), lo=notation.terms(1, -sp.Abs(w[i]) / 4),
            hi=notation.terms(1, sp.Abs(w[i]) / 4), w2=sp.Eq(w[i], 2), s0=sp.Eq(s[i], 0), v=sp.Rational(3, 2),
            k1=sp.Eq(k, 1), n=sp.Eq(N, M.EXPLODE_DEPTH), ex=sp.Eq(ex, sp.Float(g_formula, 4) * x, evaluate=False)),
    ] + _numbers(m, "residual", "residual", 2)
    eq, big = checks.explodes()
    found = [
        Check(Msg("skip.check.diff_residual", r=notation.element(N, notation.integer_range(2, 5)), k=k, sg=sym("sigma")),
              checks.vs_diff(m, "residual", 2, 3, general=True)),
        Check(Msg("skip.check.explode", ex=ex, n=sp.Eq(N, M.EXPLODE_DEPTH), x1=sp.Eq(x, 1)), eq),
        Check(Msg("skip.check.explodes", ex=sp.Gt(sp.Abs(notation.partial_expr(sym("o_N"), sym("w_1"))), 10 ** 4),
                  n=sp.Eq(N, M.EXPLODE_DEPTH)), big),
        Check(Msg("skip.check.answer"), checks.answer(m, 2)),
    ]
    return Part(statement, solution, found, [Question("residual", Msg("skip.q.residual", d=d), m.values[2], d)])
