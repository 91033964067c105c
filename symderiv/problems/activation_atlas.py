"""Lecture 003 (activation functions): the activation atlas.

Every catalog function (:mod:`symderiv.activations`) with its formula, derivative (in terms
of the function itself where the lecture writes it so), the supremum and infimum of the
derivative with where they are attained, kinks with one-sided derivatives, the range, and a
plot of function and derivative in one axis. Then softmax (Jacobian, shift invariance,
stable form) and the parameter-space symmetries M! 2^M of a tanh layer. Every derived
property is checked numerically (finite differences, dense grids, enumeration).
"""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import IntRange
from symderiv.documents.model import Check, Equation, Plot, Series, Solution, Step, T, Table, Task


def _where(attained, argset, approached, x):
    if attained:
        if argset == sp.S.Reals or argset == sp.Interval(-sp.oo, sp.oo):
            return T("attained for every x", "angenommen für jedes x")
        if isinstance(argset, sp.FiniteSet) and len(argset) == 1:
            return T("attained at {p}", "angenommen bei {p}", p=sp.Eq(x, next(iter(argset))))
        return T("attained for {p}", "angenommen für {p}", p=sp.Contains(x, argset))
    pts = approached or []
    return T("not attained, approached for {p}", "nicht angenommen, Grenzwert für {p}",
             p=sp.Tuple(*[notation.tends(x, q) for q in pts]) if len(pts) > 1
             else notation.tends(x, pts[0]) if pts else sp.Symbol("?"))


def _plot_grid(act):
    if act.period is not None:
        return np.linspace(-2 * np.pi, 2 * np.pi, 97)
    return np.linspace(-4, 4, 81)


def _defaults(act):
    return {p: sp.nsimplify(d) for p, _, d in act.params}


@register("activation-atlas",
          "Every catalog activation: formula, derivative, sup/inf of the derivative, kinks, range, "
          "plot; softmax shift invariance and stable form; M! 2^M parameter symmetries",
          source="003", lang="en",
          params=[Param("M", 3, "hidden units for the symmetry count (1..5)", IntRange(1, 5))])
def build(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv import verify

    M = int(params["M"])
    if not 1 <= M <= 5:
        raise ProblemError("parameter 'M' must be between 1 and 5")
    x = A.X
    acts = A.catalog()

    given = [T("The activation functions of the lecture (hidden units: {h}; output units: identity "
               "and softmax). All properties below are derived by SymPy (derivative, critical points "
               "of the derivative with the sign of the next derivative, one-sided limits at kinks "
               "and at ±∞) and checked numerically.",
               "Die Aktivierungsfunktionen der Vorlesung (versteckte Einheiten: {h}; Ausgabeeinheiten: "
               "Identität und Softmax). Alle Eigenschaften unten leitet SymPy her (Ableitung, kritische "
               "Punkte der Ableitung mit dem Vorzeichen der nächsten Ableitung, einseitige Grenzwerte "
               "an Knicken und bei ±∞) und sie werden numerisch geprüft.",
               h=", ".join(a.title for a in acts if a.name != "identity"))]

    # ---------------------------------------------------------------- task 1: the catalog
    blocks = []
    summary_rows = []
    fd_checks = []
    sup_d, sup_i, inf_d, inf_i = [], [], [], []
    big = np.linspace(-30, 30, 60001)
    for act in acts:
        dflt = _defaults(act)
        f_el = A._elementary(act.expr)
        eqs = [Equation(sp.Function("f")(x), [act.expr, f_el] if f_el != act.expr else [act.expr])]
        d_rhs = [act.derivative]
        d_el = act.derivative_elementary
        if not d_el.has(sp.Heaviside):
            d_el = sp.simplify(d_el)
        if d_el != act.derivative:
            d_rhs.append(d_el)
        eqs.append(Equation(sp.Derivative(sp.Function("f")(x), x), d_rhs))
        if act.derivative_self is not None:
            eqs.append(Equation(sp.Symbol("f'"), [act.derivative_self], note=T(
                "with y = f(x), as the lecture writes it", "mit y = f(x), wie in der Vorlesung")))
        b = act.bounds
        texts = [T("{name}: sup f' = {sup}, {ws}; inf f' = {inf}, {wi}. Range of f: {r}.",
                   "{name}: sup f' = {sup}, {ws}; inf f' = {inf}, {wi}. Wertebereich von f: {r}.",
                   name=act.title, sup=b.sup, inf=b.inf, r=act.range,
                   ws=_where(b.sup_attained, b.argsup, b.sup_approached, x),
                   wi=_where(b.inf_attained, b.arginf, b.inf_approached, x))]
        if act.kinks:
            for k in act.kinks:
                texts.append(T("Kink at {p}: one-sided derivatives {l} and {r}.",
                               "Knick bei {p}: einseitige Ableitungen {l} und {r}.",
                               p=sp.Eq(x, k.point), l=sp.Eq(sp.Symbol("f'(x^-)"), k.left),
                               r=sp.Eq(sp.Symbol("f'(x^+)"), k.right)))
        elif act.breakpoints:
            texts.append(T("Differentiable everywhere: at {p} the one-sided derivatives agree.",
                           "Überall differenzierbar: bei {p} stimmen die einseitigen Ableitungen überein.",
                           p=sp.FiniteSet(*act.breakpoints)))
        if act.params:
            texts.append(T("Parameter {a} (learned; plot with {a0}).", "Parameter {a} (gelernt; Plot mit {a0}).",
                           a=sp.Contains(act.params[0][0], act.params[0][1]),
                           a0=sp.Eq(act.params[0][0], dflt[act.params[0][0]])))
        if act.period is not None:
            texts.append(T("Periodic with period {p}; the points repeat with this period.",
                           "Periodisch mit Periode {p}; die Stellen wiederholen sich mit dieser Periode.",
                           p=act.period))
        xs = _plot_grid(act)
        fy = act.f(xs)
        dy = act.df(xs).astype(float)
        for k in act.kinks:
            dy[np.isclose(xs, float(k.point), atol=1e-12)] = np.nan
        plot = Plot([Series(T("f", "f"), xs, np.real(fy)), Series(T("f'", "f'"), xs, dy, "thick, dashed")],
                    xlabel="x", caption=T("{n}: function and derivative.", "{n}: Funktion und Ableitung.",
                                          n=act.title))
        blocks.append(Step(T("{n} ({d})", "{n} ({d})", n=act.title, d=act.row.description), eqs))
        blocks.extend(texts)
        blocks.append(plot)
        # derivative vs central differences, away from kinks
        pts = np.linspace(-5, 5, 101) + 0.0123
        for k in act.kinks:
            pts = pts[np.abs(pts - float(k.point)) > 1e-3]
        h = 1e-6
        fd = (act.f(pts + h) - act.f(pts - h)) / (2 * h)
        fd_checks.append(Check(T("{n}: derivative vs. central differences", "{n}: Ableitung gegen zentrale Differenzen",
                                 n=act.title), verify.compare(act.df(pts), fd, "central")))
        sup_d.append(float(b.sup.subs(dflt)))
        inf_d.append(float(b.inf.subs(dflt)))
        grid = big
        for k in act.kinks:
            grid = grid[np.abs(grid - float(k.point)) > 1e-9]
        dv = act.df(grid)
        sup_i.append(float(dv.max()))
        inf_i.append(float(dv.min()))
        summary_rows.append([act.title, b.sup, b.inf,
                             sp.FiniteSet(*[k.point for k in act.kinks]) if act.kinks else T("none", "keine"),
                             act.range])
    task1 = Task(T("The activation functions", "Die Aktivierungsfunktionen"), blocks + [
        Table([T("function", "Funktion"), T("sup f'", "sup f'"), T("inf f'", "inf f'"),
               T("kinks", "Knicke"), T("range", "Wertebereich")], summary_rows,
              T("Summary (PReLU with parameter a in (0, 1)).", "Übersicht (PReLU mit Parameter a in (0, 1)).")),
        *fd_checks,
        Check(T("sup f' of all functions vs. a grid of 60001 points on [-30, 30]",
                "sup f' aller Funktionen gegen ein Gitter aus 60001 Punkten auf [-30, 30]"),
              verify.compare(sup_d, sup_i, "grid", tolerance=1e-6)),
        Check(T("inf f' of all functions vs. the same grid", "inf f' aller Funktionen gegen dasselbe Gitter"),
              verify.compare(inf_d, inf_i, "grid", tolerance=1e-6)),
    ])

    # ---------------------------------------------------------------- task 2: softmax
    info = A.softmax_info(3)
    c = sp.Symbol("c", real=True)
    xs3 = info.xs
    smax = sp.Function("softmax")
    rng = np.random.default_rng(seed)
    z = rng.normal(size=3)
    J_num = np.array(sp.lambdify(xs3, info.jacobian)(*z), dtype=float)
    hstep = 1e-6
    J_fd = np.column_stack([(A.np_softmax(z + hstep * e) - A.np_softmax(z - hstep * e)) / (2 * hstep)
                            for e in np.eye(3)])
    big_in = np.array([1000.0, 1001.0, 999.0])
    with np.errstate(all="ignore"):
        naive = A.np_softmax_naive(big_in)
    stable = A.np_softmax(big_in)
    small = A.np_softmax_naive(big_in - 1000.0)
    uu = np.linspace(0, 1, 10001)
    task2 = Task(T("Softmax (output units)", "Softmax (Ausgabeeinheiten)"), [
        Step(T("For n = 3 inputs, SymPy differentiates the components {s}; the Jacobian is "
               "diag(s) - s s^T:",
               "Für n = 3 Eingaben leitet SymPy die Komponenten {s} ab; die Jacobi-Matrix ist "
               "diag(s) - s s^T:", s=sp.Eq(sp.Symbol("s_i"), info.s[0].subs(xs3[0], sp.Symbol("x_i")))),
             [Equation(sp.Symbol("J"), [info.jacobian_form])]),
        T("Its diagonal entries s_i(1 - s_i) lie in (0, {d}] (maximum at s_i = 1/2), the off-diagonal "
          "entries -s_i s_j in [{o}, 0).",
          "Ihre Diagonaleinträge s_i(1 - s_i) liegen in (0, {d}] (Maximum bei s_i = 1/2), die "
          "Nebendiagonaleinträge -s_i s_j in [{o}, 0).", d=info.diag_bounds.sup, o=info.offdiag_bounds.inf),
        Step(T("Shift invariance: SymPy simplifies the difference to zero, for every constant c:",
               "Verschiebungsinvarianz: SymPy vereinfacht die Differenz für jede Konstante c zu null:"),
             [Equation(smax(sp.Symbol("x") + c) - smax(sp.Symbol("x")), [info.shift_difference.T])]),
        T("Hence the stable form softmax(x - max_i x_i) gives the same values without overflow: for "
          "x = (1000, 1001, 999), exp(x_i) overflows in float64 (the naive formula gives {nv}), while "
          "the stable form gives {st}.",
          "Daher liefert die stabile Form softmax(x - max_i x_i) dieselben Werte ohne Überlauf: Für "
          "x = (1000, 1001, 999) läuft exp(x_i) in float64 über (die naive Formel liefert {nv}), "
          "die stabile Form dagegen {st}.",
          nv=T("NaN" if np.all(np.isnan(naive)) else "finite values", "NaN" if np.all(np.isnan(naive)) else "endliche Werte"),
          st=stable),
        Check(T("Jacobian (SymPy) vs. central differences at a random point",
                "Jacobi-Matrix (SymPy) gegen zentrale Differenzen in einem Zufallspunkt"),
              verify.compare(J_num, J_fd, "central")),
        Check(T("Jacobian (SymPy) = diag(s) - s s^T (NumPy)", "Jacobi-Matrix (SymPy) = diag(s) - s s^T (NumPy)"),
              verify.compare(J_num, A.np_softmax_jacobian(z), "numpy", tolerance=1e-12)),
        Check(T("stable form at (1000, 1001, 999) = naive softmax of (0, 1, -1)",
                "stabile Form bei (1000, 1001, 999) = naive Softmax von (0, 1, -1)"),
              verify.compare(stable, small, "numpy", tolerance=1e-12)),
        Check(T("max of s(1 - s) on a grid of 10001 points = 1/4", "Max von s(1 - s) auf einem Gitter aus 10001 Punkten = 1/4"),
              verify.compare(float(info.diag_bounds.sup), float((uu * (1 - uu)).max()), "grid", tolerance=1e-12)),
    ])

    # ---------------------------------------------------------------- task 3: symmetries
    xx = sp.Symbol("x", real=True)
    odd = sp.simplify(sp.tanh(-xx) + sp.tanh(xx))
    from symderiv.language.functions import sigmoid
    sig_sym = sp.simplify((sigmoid(-xx) - (1 - sigmoid(xx))).rewrite(sp.exp))
    count = sp.factorial(M) * 2 ** M
    D, K = 2, 2
    W = rng.normal(size=(M, D))
    bvec = rng.normal(size=M)
    V = rng.normal(size=(K, M))
    cvec = rng.normal(size=K)
    X = rng.normal(size=(20, D))

    def net(W_, b_, V_):
        return np.tanh(X @ W_.T + b_) @ V_.T + cvec

    ref = net(W, bvec, V)
    outs, keys = [], set()
    for perm in itertools.permutations(range(M)):
        for signs in itertools.product((1.0, -1.0), repeat=M):
            sg = np.array(signs)
            W2 = (W[list(perm)].T * sg).T
            b2 = bvec[list(perm)] * sg
            V2 = V[:, list(perm)] * sg
            outs.append(net(W2, b2, V2))
            keys.add(tuple(np.round(np.concatenate([W2.ravel(), b2, V2.ravel()]), 12)))
    outs = np.array(outs)
    task3 = Task(T("Symmetries in parameter space", "Symmetrien im Parameterraum"), [
        Step(T("tanh is odd and the sigmoid satisfies σ(-x) = 1 - σ(x) (SymPy simplifies both differences to 0):",
               "tanh ist ungerade und die Sigmoid-Funktion erfüllt σ(-x) = 1 - σ(x) (SymPy vereinfacht "
               "beide Differenzen zu 0):"),
             [Equation(sp.Add(sp.tanh(-xx, evaluate=False), sp.tanh(xx), evaluate=False), [odd]),
              Equation(sigmoid(-xx) - (1 - sigmoid(xx)), [sig_sym])]),
        T("In a layer with M tanh units, permuting the units (with their incoming weights, biases and "
          "outgoing weights) gives M! parameter vectors, and flipping the signs of the incoming "
          "weights, the bias and the outgoing weights of any subset of units gives 2^M: together {c} "
          "parameter vectors with the same function; for M = {m}: {n}.",
          "In einer Schicht mit M tanh-Einheiten ergibt das Permutieren der Einheiten (mit ihren "
          "eingehenden Gewichten, Biases und ausgehenden Gewichten) M! Parametervektoren, und das "
          "Vorzeichenwechseln der eingehenden Gewichte, des Bias und der ausgehenden Gewichte einer "
          "beliebigen Teilmenge der Einheiten 2^M: zusammen {c} Parametervektoren mit derselben "
          "Funktion; für M = {m}: {n}.",
          c=sp.factorial(sp.Symbol("M")) * 2 ** sp.Symbol("M"), m=M, n=int(count)),
        T("Each equivalent minimum therefore appears {n} times per layer.",
          "Jedes Minimum tritt daher pro Schicht {n}-mal äquivalent auf.", n=int(count)),
        Check(T("all {n} transformed networks give the same outputs (20 random inputs, seed {s})",
                "alle {n} transformierten Netze liefern dieselben Ausgaben (20 Zufallseingaben, Seed {s})",
                n=int(count), s=seed),
              verify.compare(outs, np.broadcast_to(ref, outs.shape), "numpy", tolerance=1e-12)),
        Check(T("number of distinct parameter vectors = M! 2^M", "Anzahl verschiedener Parametervektoren = M! 2^M"),
              verify.compare(float(len(keys)), float(count), "enumeration", tolerance=0.0)),
    ])
    return Solution("activation-atlas", T("Activation functions: an atlas", "Aktivierungsfunktionen: ein Atlas"),
                    source="shared/seeds/003 (lecture: activation functions)", given=given,
                    tasks=[task1, task2, task3])
