"""The catalog part of Teil 1 of the activation atlas: for every activation its formula,
derivative, the bounds of the derivative with where they are attained, the critical points
of the derivative, kinks, range, and a plot (sentences from ``messages/``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Equation, Plot, Series, Step, Table
from symderiv.problems.activation_atlas.maths import (ALPHA, attained_set, defaults, range_numeric,
                                                     simplified_derivative, smooth_breakpoints)

P = "activation-atlas."


def name(act) -> Msg:
    return Msg(P + "name." + act.name)


def short(expr):
    """Floats in a printed expression rounded to 6 significant digits."""
    if isinstance(expr, sp.Basic):
        return expr.xreplace({f: sp.Float(f, 6) for f in expr.atoms(sp.Float)})
    return expr


def shown(expr):
    """A catalog expression as printed: PReLU's parameter a written alpha (the lecture's)."""
    if isinstance(expr, sp.Basic):
        return expr.xreplace({s: ALPHA for s in expr.free_symbols if s.name == "a"})
    return expr


M_SYM = sp.Symbol("m")


def range_shown(act):
    """The range with a numeric endpoint (GELU's minimum) written as the symbol m."""
    rng = act.range
    if range_numeric(act):
        return sp.Interval(M_SYM, rng.end, rng.left_open, rng.right_open)
    return shown(rng)


def where(act, which: str, x):
    """Where sup/inf of f' is attained, as a sentence fragment."""
    b = act.bounds
    place = attained_set(act, which)
    if place is not None:
        if place == sp.S.Reals or place == sp.Interval(-sp.oo, sp.oo):
            return Msg(P + "where.every", x=x)
        if isinstance(place, sp.FiniteSet) and len(place) == 1:
            return Msg(P + "where.at", p=sp.Eq(x, next(iter(place))))
        return Msg(P + "where.on", p=notation.element(x, place))
    pts = (b.sup_approached if which == "sup" else b.inf_approached) or []
    if len(pts) > 1:
        return Msg(P + "where.approached2", p=notation.tends(x, pts[0]), q=notation.tends(x, pts[1]))
    return Msg(P + "where.approached", p=notation.tends(x, pts[0]))


def _tanh_steps(x):
    """tanh' by the quotient rule, step by step."""
    sh, ch = sp.sinh(x), sp.cosh(x)
    return [sp.Derivative(sh / ch, x), (ch * ch - sh * sh) / ch ** 2, 1 / ch ** 2, 1 - sp.tanh(x) ** 2]


def tanh_steps(x):
    return _tanh_steps(x)[1:]


def formulas(act, x) -> Step:
    from symderiv.layers import activations as A
    fx, fp = sp.Function("f")(x), sp.Derivative(sp.Function("f")(x), x)
    f_el = A._elementary(act.expr)
    eqs = [Equation(fx, [shown(act.expr)] + ([shown(f_el)] if f_el != act.expr else []))]
    d_rhs = [act.derivative]
    d_el = simplified_derivative(act.name)
    if d_el != act.derivative:
        d_rhs.append(d_el)
    if act.name == "tanh":
        d_rhs = _tanh_steps(x)
    eqs.append(Equation(fp, [shown(e) for e in d_rhs]))
    if act.derivative_self is not None:
        y = sp.Symbol("y")
        eqs.append(Equation(fp, [act.derivative_self], note=Msg(P + "self_form", y=sp.Eq(y, fx))))
    return Step(name(act), eqs)


def critical_lines(act, x) -> list:
    """The critical points of f' (zeros of f'') with f''' there: a maximum or minimum of f'."""
    f2, f3 = sp.Function("f")(x).diff(x, 2), sp.Function("f")(x).diff(x, 3)
    out: list = []
    for c in act.bounds.candidates:
        if c.kind != "critical" or c.second is None:
            continue
        for p in sorted(c.where, key=float):
            kind = "max" if float(c.second) < 0 else "min"
            out.append(Msg(P + f"critical.{kind}", p=sp.Eq(x, p), d2=sp.Eq(f2.subs(x, p), 0),
                           d3=sp.Eq(f3.subs(x, p), c.second), v=c.value))
    return out


def properties(act, x, alpha: float) -> list:
    b = act.bounds
    fp = sp.Derivative(sp.Function("f")(x), x)
    out: list = [Step(Msg(P + "bounds", ws=where(act, "sup", x), wi=where(act, "inf", x), f=sp.Symbol("f"),
                    r=range_shown(act)),
                [Equation(notation.sup_inf("sup", x, fp), [shown(short(b.sup))]),
                 Equation(notation.sup_inf("inf", x, fp), [shown(short(b.inf))])])]
    out += critical_lines(act, x)
    for value, at in range_numeric(act):
        out.append(Msg(P + "range_numeric", m=M_SYM, mv=sp.Float(value, 6), xv=sp.Float(at, 6), x=x))
    for k in act.kinks:
        out.append(Msg(P + "kink", p=sp.Eq(x, k.point), l=sp.Eq(notation.one_sided(sp.Function("f")(x), x, False),
                                                                 shown(k.left)),
                       r=sp.Eq(notation.one_sided(sp.Function("f")(x), x, True), shown(k.right))))
    for p in smooth_breakpoints(act):
        out.append(Msg(P + "smooth_at", p=sp.Eq(x, p)))
    if act.params:
        out.append(Msg(P + "param", a=notation.element(ALPHA, act.params[0][1]),
                       a0=sp.Eq(ALPHA, defaults(act, alpha)[act.params[0][0]])))
    if act.period is not None:
        out.append(Msg(P + "periodic", p=act.period))
    return out


def plot(act, x, alpha: float) -> Plot:
    pv = {p.name: float(v) for p, v in defaults(act, alpha).items()}
    xs = np.linspace(-2 * np.pi, 2 * np.pi, 97) if act.period is not None else np.linspace(-4, 4, 81)
    fy = act.f(xs, **pv)
    dy = act.df(xs, **pv).astype(float)
    for k in act.kinks:
        dy[np.isclose(xs, float(k.point), atol=1e-12)] = np.nan
    fx, fp = sp.Function("f")(x), sp.Derivative(sp.Function("f")(x), x)
    return Plot([Series(fx, xs, np.real(fy)), Series(fp, xs, dy, "thick, dashed")], xlabel=x,
                ylabel=Msg(P + "value"), caption=Msg(P + "plot_caption", n=name(act)))


def summary(acts, x) -> Table:
    fp = sp.Derivative(sp.Function("f")(x), x)
    rows = [[name(a), shown(short(a.bounds.sup)), shown(short(a.bounds.inf)),
             sp.FiniteSet(*[k.point for k in a.kinks]) if a.kinks else Msg(P + "none"), range_shown(a)]
            for a in acts]
    return Table([Msg(P + "col.function"), notation.sup_inf("sup", x, fp), notation.sup_inf("inf", x, fp),
                  Msg(P + "col.kinks"), Msg(P + "col.range")], rows,
                 Msg(P + "summary_caption", a=notation.element(ALPHA, sp.Interval.open(0, 1)), m=M_SYM))


def catalog_blocks(acts, x, alpha: float) -> list:
    theta = sp.Heaviside(x)
    blocks: list = [Msg(P + "heaviside", t=sp.Symbol("theta"), t1=sp.Eq(theta, 1), c1=sp.Gt(x, 0),
                        t0=sp.Eq(theta, 0), c0=sp.Lt(x, 0))]
    for act in acts:
        blocks.append(formulas(act, x))
        blocks.extend(properties(act, x, alpha))
        blocks.append(plot(act, x, alpha))
    return blocks + [summary(acts, x)]
