"""The tasks of the lecture's backpropagation part, Teil 1-4 (difference quotients, the
computation-graph example, paths versus accumulation, backpropagation on the example):
one function per task, from the prepared maths to statement, questions, worked solution
and checks (sentences from ``messages/``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Figure, Plot, Result, Series, Step, Table
from symderiv.problems.gradient_flow_common import shown_number as num
from symderiv.problems.lecture_backprop import checks, figure
from symderiv.problems.lecture_backprop import maths as M
from symderiv.problems.lecture_backprop.counting import SLOPE_RANGES
from symderiv.problems.spec import Part, Question

P = "lecture-backprop"
s, u, hs = sp.Symbol("s"), sp.Symbol("u"), sp.Symbol("h", positive=True)
w = M.W_
x, y, z, f, g, h, L = (sp.Symbol(n) for n in M.NAMES)
Lf, sigma = sp.Function("L"), sp.Function("sigma")
DPLUS, DZERO = sp.Function("D_+"), sp.Function("D_0")


def given(m: M.Maths) -> list:
    return [Msg(f"{P}.given.sigma", sg=sp.Eq(sigma(u), 1 / (1 + sp.exp(-u))), u=u)]


def dL_of(node):
    return notation.partial_expr(L, node)


# ----------------------------------------------------------------------------- Teil 1

#: the two difference quotients, each under its own name: (steps k, weights c, divisor)
#: for sum_k c_k L(w + k h) / divisor
QUOTIENTS = {"D_+": ((1, 0), (1, -1), hs), "D_0": ((1, -1), (1, -1), 2 * hs)}


def _at(k: int):
    return w if k == 0 else notation.terms(w, k * hs)


def quotients() -> dict:
    """The quotients as the solution shows them (from :data:`QUOTIENTS`)."""
    return {name: notation.terms(*[c * Lf(_at(k)) for k, c in zip(ks, cs)]) / div
            for name, (ks, cs, div) in QUOTIENTS.items()}


def task_differences(m: M.Maths) -> Part:
    """Motivation: Backpropagation: the naive approach, difference quotients."""
    _, Lw = M.neuron_loss()
    shownL = sp.Pow(notation.terms(sigma(notation.terms(sp.Rational(3, 2) * w, -sp.Rational(3, 10))), -1), 2)
    d, ef, ec = M.difference_values(m.w0, m.h)
    q = quotients()
    dL = sp.Derivative(Lf(w), w)
    point = sp.Tuple(sp.Eq(w, num(m.w0)), sp.Eq(hs, num(m.h)))
    statement = [Msg(f"{P}.t1.statement", L=sp.Eq(Lf(w), shownL), Dp=sp.Eq(DPLUS(hs), q["D_+"]),
                     D0=sp.Eq(DZERO(hs), q["D_0"]), p=point, d=dL)]
    de = M.difference_curves()
    veps = sp.Symbol("varepsilon")
    solution = [
        Step(Msg(f"{P}.t1.taylor"), [
            Equation(DPLUS(hs), [q["D_+"]], note=Msg(f"{P}.t1.err_forward", e=sp.Eq(
                notation.terms(DPLUS(hs), -dL), notation.terms(hs / 2 * sp.Derivative(Lf(w), (w, 2)), sp.Order(hs ** 2))))),
            Equation(DZERO(hs), [q["D_0"]], note=Msg(f"{P}.t1.err_central", e=sp.Eq(
                notation.terms(DZERO(hs), -dL), notation.terms(hs ** 2 / 6 * sp.Derivative(Lf(w), (w, 3)),
                                                               sp.Order(hs ** 4)))))]),
        Step(Msg(f"{P}.t1.numbers", p=point), [
            Equation(dL, [sp.Float(d)]), Equation(DPLUS(hs), [sp.Float(d + ef)]), Equation(DZERO(hs), [sp.Float(d + ec)])]),
        Result(Msg(f"{P}.result.derivative"), dL, sp.Float(d)),
        Result(Msg(f"{P}.result.err_forward"), notation.terms(DPLUS(hs), -dL), sp.Float(ef)),
        Result(Msg(f"{P}.result.err_central"), notation.terms(DZERO(hs), -dL), sp.Float(ec)),
        Msg(f"{P}.t1.rounding", L=L, e=veps * sp.Abs(L), h=hs, r=veps * sp.Abs(L) / hs,
            hf=sp.Eq(hs, sp.sqrt(veps)), hc=sp.Eq(hs, sp.root(veps, 3))),
        Plot([Series(Msg(f"{P}.t1.series_forward"), de.h, de.forward),
              Series(Msg(f"{P}.t1.series_central"), de.h, de.central),
              Series(Msg(f"{P}.t1.series_floor"), de.h, de.floor, "dashed")],
             xlabel=Msg(f"{P}.t1.xlabel", h=hs), ylabel=Msg(f"{P}.t1.ylabel"), xmode="log", ymode="log",
             caption=Msg(f"{P}.t1.plot_caption", k=M.CURVE_POINTS, w=notation.element(w, sp.Interval(-2, 2)),
                         eps=sp.Eq(veps, sp.Float(2.0 ** -52, 3)), m1=sp.Integer(-1))),
    ]
    expected = {"forward, truncation": 1, "central, truncation": 2, "forward, rounding": -1, "central, rounding": -1}
    found = [Check(Msg(f"{P}.check.t1_exact"), checks.differences_exact(m, [d, ef, ec])),
             Check(Msg(f"{P}.check.t1_names", Dp=DPLUS(hs), D0=DZERO(hs)),
                   checks.quotients_by_name(m, QUOTIENTS, ef, ec))]
    for k, (_, lo, hi) in SLOPE_RANGES.items():
        found.append(Check(Msg(f"{P}.check.t1_slope.{k.replace(', ', '_')}", h=hs,
                               lo=notation.power(10, int(round(np.log10(lo)))),
                               hi=notation.power(10, int(round(np.log10(hi)))), e=sp.Integer(expected[k])),
                           checks.slopes(de, k, expected[k])))
    found += [Check(Msg(f"{P}.check.t1_hopt", hf=sp.sqrt(veps), hc=sp.root(veps, 3)), checks.optimal_steps(de)),
              Check(Msg(f"{P}.check.t1_below"), checks.central_below(de))]
    questions = [
        Question("derivative", Msg(f"{P}.q.derivative", p=sp.Eq(w, num(m.w0))), d, dL),
        Question("error_forward", Msg(f"{P}.q.err_forward", Dp=DPLUS(hs), p=point), ef, notation.terms(DPLUS(hs), -dL)),
        Question("error_central", Msg(f"{P}.q.err_central", D0=DZERO(hs), p=point), ec, notation.terms(DZERO(hs), -dL)),
    ]
    return Part(statement, solution, found, questions)


# ----------------------------------------------------------------------------- Teil 2

def graph_defs():
    shown = {"x": sp.sin(s), "y": s ** 2, "z": sp.exp(s), "f": notation.terms(x * y, z), "g": sp.tanh(f),
             "h": f ** 2, "L": notation.terms(g, h)}
    return sp.Tuple(*[sp.Eq(sp.Symbol(n), e) for n, e in shown.items()])


def task_example(m: M.Maths) -> Part:
    """Ableitungen im Berechnungsgraph - Beispiele: the graph, df/ds, the six paths."""
    vals = M.example_values(m.s0)
    loc = M.local_values(vals)
    dfds = loc[0] * loc[3] + loc[1] * loc[4] + loc[2] * loc[5]
    prods = M.path_products(vals, loc)
    at = sp.Eq(s, num(m.s0))
    dfs = notation.partial_expr(f, s)
    chain3 = notation.terms(*[notation.juxtaposed(notation.partial_expr(f, v), notation.partial_expr(v, s))
                              for v in (x, y, z)])
    statement = [Msg(f"{P}.t2.statement", defs=graph_defs(), s=s, L=L, f=f, at=at, df=dfs, dL=dL_of(s))]
    rows = [[sp.Tuple(*[sp.Symbol(n) for n in p]), sp.Float(v)] for p, v in zip(M.example_paths(), prods)]
    solution = [
        Figure(figure.tikz(), Msg(f"{P}.t2.caption")),
        Step(Msg(f"{P}.t2.df", at=at, s=s, f=f), [Equation(dfs, [chain3, notation.terms(y * sp.cos(s), x * 2 * s, z),
                                                      s ** 2 * sp.cos(s) + 2 * s * sp.sin(s) + sp.exp(s),
                                                      sp.Float(dfds)])]),
        Result(Msg(f"{P}.result.df", at=at, f=f), notation.at(dfs, {s: num(m.s0)}), sp.Float(dfds)),
        Msg(f"{P}.t2.paths", n=len(prods), s=s, L=L),
        Table([Msg(f"{P}.col.path"), Msg(f"{P}.col.product", at=at)], rows, Msg(f"{P}.t2.table_caption", dL=dL_of(s))),
        Result(Msg(f"{P}.result.paths_example", N=sp.Symbol("N"), s=s, L=L), sp.Symbol("N"), len(prods)),
        Result(Msg(f"{P}.result.path_sum", at=at), notation.at(dL_of(s), {s: num(m.s0)}), sp.Float(sum(prods))),
    ]
    found = [Check(Msg(f"{P}.check.t2_edges", at=at), checks.edge_labels(m, loc)),
             Check(Msg(f"{P}.check.t2_df", f=f), checks.against_sympy(M.S ** 2 * sp.sin(M.S) + sp.exp(M.S), m.s0, dfds)),
             Check(Msg(f"{P}.check.t2_paths"), checks.example_graph_numbers(m, prods)),
             Check(Msg(f"{P}.check.t2_figure"), figure.check_record())]
    questions = [Question("df_ds", Msg(f"{P}.q.df", at=at), dfds, dfs)]
    return Part(statement, solution, found, questions)
