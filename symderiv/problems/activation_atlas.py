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
from symderiv.problems.domains import Grid, IntRange
from symderiv.problems import atlas_questions as Q
from symderiv.documents.model import Check, Equation, Plot, Series, Solution, Step, T, Table, Task
from symderiv.problems.atlas_softmax import softmax_task


def _where(attained, argset, approached, x):
    if attained:
        if argset == sp.S.Reals or argset == sp.Interval(-sp.oo, sp.oo):
            return T("attained for every {x}", "angenommen für jedes {x}", x=x)
        if isinstance(argset, sp.FiniteSet) and len(argset) == 1:
            return T("attained at {p}", "angenommen bei {p}", p=sp.Eq(x, next(iter(argset))))
        return T("attained for {p}", "angenommen für {p}", p=notation.element(x, argset))
    pts = approached or []
    return T("not attained, approached for {p}", "nicht angenommen, angenähert für {p}",
             p=sp.Tuple(*[notation.tends(x, q) for q in pts]) if len(pts) > 1
             else notation.tends(x, pts[0]) if pts else sp.Symbol("?"))


#: the functions' names in both languages (the catalog's titles are English)
NAMES = {
    "sigmoid": ("Sigmoid (logistic function)", "Sigmoid-Funktion (logistische Funktion)"),
    "tanh": ("tanh (hyperbolic tangent)", "tanh (Tangens hyperbolicus)"),
    "hardtanh": ("Hard tanh", "Hard tanh"),
    "relu": ("ReLU (rectified linear unit)", "ReLU"),
    "leaky_relu": ("Leaky ReLU", "Leaky ReLU"),
    "prelu": ("Parametric ReLU (PReLU)", "Parametrische ReLU (PReLU)"),
    "softplus": ("Softplus", "Softplus"),
    "elu": ("ELU (exponential linear unit)", "ELU"),
    "gelu": ("GELU (Gaussian error linear unit)", "GELU"),
    "sin": ("sine", "Sinus"),
    "cos": ("cosine", "Kosinus"),
    "identity": ("identity (linear unit)", "Identität (lineare Einheit)"),
}


def _name(act) -> T:
    en, de = NAMES.get(act.name, (act.title, act.title))
    return T(en, de)


def _short(expr):
    """Floats in a printed expression rounded to 6 significant digits."""
    if isinstance(expr, sp.Basic):
        return expr.xreplace({f: sp.Float(f, 6) for f in expr.atoms(sp.Float)})
    return expr


def _tanh_steps(x):
    """tanh' by the quotient rule, step by step; every step equals SymPy's derivative."""
    sh, ch = sp.sinh(x), sp.cosh(x)
    steps = [(ch * ch - sh * sh) / ch ** 2, 1 / ch ** 2, 1 - sp.tanh(x) ** 2]
    ok = all(sp.simplify((e - sp.diff(sp.tanh(x), x)).rewrite(sp.exp)) == 0 for e in steps)
    return steps, ok


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
          params=[Param("M", 3, "hidden units for the symmetry count (1..5)", IntRange(1, 5)),
                  Param("a", 0.25, "parameter a of PReLU (0 < a < 1)", Grid(0.05, 0.5, 0.05)),
                  Param("x0", -0.5, "point x0 of the derivative questions (not 0, |x0| <= 5)",
                        Grid(-2.0, -0.25, 0.25))])
def build(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv import verify

    M = int(params["M"])
    if not 1 <= M <= 5:
        raise ProblemError("parameter 'M' must be between 1 and 5")
    a_prelu, x0 = float(params["a"]), float(params["x0"])
    if not 0 < a_prelu < 1:
        raise ProblemError("parameter 'a' must lie strictly between 0 and 1")
    if x0 == 0 or abs(x0) > 5:
        raise ProblemError("parameter 'x0' must not be 0 (a kink of ReLU-like functions) and |x0| <= 5")
    x = A.X
    acts = A.catalog()

    given = [T("The activation functions of the lecture (hidden units: {h}; output units: the identity "
               "and softmax). All properties below are derived by SymPy (derivative, critical points "
               "of the derivative with the sign of the next derivative, one-sided limits at kinks "
               "and at ±∞) and checked numerically.",
               "Die Aktivierungsfunktionen der Vorlesung (versteckte Einheiten: {h}; Ausgabeeinheiten: "
               "Identität und Softmax). Alle Eigenschaften unten leitet SymPy her (Ableitung, kritische "
               "Punkte der Ableitung mit dem Vorzeichen der nächsten Ableitung, einseitige Grenzwerte "
               "an Knicken und bei ±∞) und sie werden numerisch geprüft.",
               h=[_name(a) for a in acts if a.name != "identity"])]

    # ---------------------------------------------------------------- task 1: the catalog
    blocks = []
    summary_rows = []
    fd_checks = []
    sup_d, sup_i, inf_d, inf_i = [], [], [], []
    big = np.linspace(-30, 30, 60001)
    fx_, fp_ = sp.Function("f")(x), sp.Derivative(sp.Function("f")(x), x)
    y = sp.Symbol("y")
    tanh_steps, tanh_ok = _tanh_steps(x)
    for act in acts:
        dflt = _defaults(act)
        if act.name == "prelu":   # the variant's parameter
            dflt = {p: sp.nsimplify(a_prelu) for p in dflt}
        pv = {p.name: float(v) for p, v in dflt.items()}
        f_el = A._elementary(act.expr)
        eqs = [Equation(sp.Function("f")(x), [act.expr, f_el] if f_el != act.expr else [act.expr])]
        d_rhs = [act.derivative]
        d_el = act.derivative_elementary
        if not d_el.has(sp.Heaviside):
            d_el = sp.simplify(d_el)
        if d_el != act.derivative:
            d_rhs.append(d_el)
        if act.name == "tanh":   # the quotient rule step by step (checked in _tanh_steps)
            d_rhs = [sp.Derivative(sp.sinh(x) / sp.cosh(x), x)] + tanh_steps
        eqs.append(Equation(fp_, d_rhs))
        if act.derivative_self is not None:
            eqs.append(Equation(fp_, [act.derivative_self], note=T(
                "with {y}, as the lecture writes it", "mit {y}, wie in der Vorlesung", y=sp.Eq(y, fx_))))
        b = act.bounds
        texts = [Step(T("Bounds of the derivative: the supremum is {ws}, the infimum {wi}. Range of {f}: {r}.",
                        "Schranken der Ableitung: Das Supremum ist {ws}, das Infimum {wi}. Wertebereich von "
                        "{f}: {r}.", r=_short(act.range), f=sp.Symbol("f"),
                        ws=_where(b.sup_attained, b.argsup, b.sup_approached, x),
                        wi=_where(b.inf_attained, b.arginf, b.inf_approached, x)),
                      [Equation(notation.sup_inf("sup", x, fp_), [_short(b.sup)]),
                       Equation(notation.sup_inf("inf", x, fp_), [_short(b.inf)])])]
        if act.kinks:
            for k in act.kinks:
                texts.append(T("Kink at {p}: one-sided derivatives {l} and {r}.",
                               "Knick bei {p}: einseitige Ableitungen {l} und {r}.",
                               p=sp.Eq(x, k.point), l=sp.Eq(notation.one_sided(fx_, x, False), k.left),
                               r=sp.Eq(notation.one_sided(fx_, x, True), k.right)))
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
        fy = act.f(xs, **pv)
        dy = act.df(xs, **pv).astype(float)
        for k in act.kinks:
            dy[np.isclose(xs, float(k.point), atol=1e-12)] = np.nan
        plot = Plot([Series(fx_, xs, np.real(fy)), Series(fp_, xs, dy,
                                                           "thick, dashed")],
                    xlabel=x, ylabel=T("value", "Wert"),
                    caption=T("{n}: function and derivative.", "{n}: Funktion und Ableitung.", n=_name(act)))
        blocks.append(Step(_name(act), eqs))
        blocks.extend(texts)
        blocks.append(plot)
        # derivative vs central differences, away from kinks
        pts = np.linspace(-5, 5, 101) + 0.0123
        for k in act.kinks:
            pts = pts[np.abs(pts - float(k.point)) > 1e-3]
        h = 1e-6
        fd = (act.f(pts + h, **pv) - act.f(pts - h, **pv)) / (2 * h)
        fd_checks.append(Check(T("{n}: derivative vs. central differences", "{n}: Ableitung gegen zentrale Differenzen",
                                 n=_name(act)), verify.compare(act.df(pts, **pv), fd, "central")))
        sup_d.append(float(b.sup.subs(dflt)))
        inf_d.append(float(b.inf.subs(dflt)))
        grid = big
        for k in act.kinks:
            grid = grid[np.abs(grid - float(k.point)) > 1e-9]
        dv = act.df(grid, **pv)
        sup_i.append(float(dv.max()))
        inf_i.append(float(dv.min()))
        summary_rows.append([_name(act), _short(b.sup), _short(b.inf),
                             sp.FiniteSet(*[k.point for k in act.kinks]) if act.kinks else T("none", "keine"),
                             _short(act.range)])
    task1 = Task(T("The activation functions", "Die Aktivierungsfunktionen"), blocks + [
        Table([T("function", "Funktion"), notation.sup_inf("sup", x, fp_), notation.sup_inf("inf", x, fp_),
               T("kinks", "Knicke"), T("range", "Wertebereich")], summary_rows,
              T("Summary (PReLU with parameter {a}).", "Übersicht (PReLU mit Parameter {a}).",
                a=notation.element(sp.Symbol("a"), sp.Interval.open(0, 1)))),
        *fd_checks,
        Check(T("tanh: every step of the quotient rule vs SymPy's derivative (simplified difference 0)",
                "tanh: jeder Schritt der Quotientenregel gegen SymPys Ableitung (vereinfachte Differenz 0)"),
              verify.compare([float(e.subs(x, v)) for e in tanh_steps for v in (-2.0, 0.3, 1.7)],
                             [1 - float(np.tanh(v)) ** 2 for _ in tanh_steps for v in (-2.0, 0.3, 1.7)],
                             "sympy", tolerance=1e-12) if tanh_ok else verify.compare([1.0], [0.0], "sympy")),
        Check(T("{s} of all functions vs. a grid of 60001 points on {iv}",
                "{s} aller Funktionen gegen ein Gitter aus 60001 Punkten auf {iv}",
                s=notation.sup_inf("sup", x, fp_), iv=sp.Interval(-30, 30)),
              verify.compare(sup_d, sup_i, "grid", tolerance=1e-6)),
        Check(T("{s} of all functions vs. the same grid", "{s} aller Funktionen gegen dasselbe Gitter",
                s=notation.sup_inf("inf", x, fp_)),
              verify.compare(inf_d, inf_i, "grid", tolerance=1e-6)),
    ])
    names = {a.name: _name(a) for a in acts}
    q_blocks, q_values = Q.task1_blocks(x0, a_prelu, names)
    task1.blocks.extend(q_blocks)

    # ---------------------------------------------------------------- task 2: softmax
    task2 = softmax_task(seed)
    task2.blocks.append(Q.softmax_check(x0))
    rng = np.random.default_rng(seed)
    rng.normal(size=3)  # the softmax task's random point (keeps the symmetry networks as before)

    # ---------------------------------------------------------------- task 3: symmetries
    xx = sp.Symbol("x", real=True)
    odd = sp.simplify(sp.tanh(-xx) + sp.tanh(xx))
    from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
    sig_sym = sp.simplify((sigmoid(-xx) - (1 - sigmoid(xx))).rewrite(sp.exp))
    count = sp.factorial(M) * 2 ** M
    Msym = sp.Symbol("M", integer=True, positive=True)
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
        Step(T("tanh is odd and the sigmoid satisfies {r} (SymPy simplifies both differences to 0):",
               "tanh ist ungerade, und die Sigmoid-Funktion erfüllt {r} (SymPy vereinfacht beide "
               "Differenzen zu 0):", r=sp.Eq(sigmoid(-xx), 1 - sigmoid(xx))),
             [Equation(sp.Add(sp.tanh(-xx, evaluate=False), sp.tanh(xx), evaluate=False), [odd]),
              Equation(notation.terms(sigmoid(-xx), -notation.terms(1, -sigmoid(xx))), [sig_sym])]),
        T("In a layer with {M} tanh units, permuting the units (with their incoming weights, biases and "
          "outgoing weights) gives {Mf} parameter vectors, and flipping the signs of the incoming "
          "weights, the bias and the outgoing weights of any subset of units gives {tM}: together {c} "
          "parameter vectors with the same function; for {m}: {n}.",
          "In einer Schicht mit {M} tanh-Einheiten ergibt das Permutieren der Einheiten (mit ihren "
          "eingehenden Gewichten, Biases und ausgehenden Gewichten) {Mf} Parametervektoren, und der "
          "Vorzeichenwechsel der eingehenden Gewichte, des Bias und der ausgehenden Gewichte einer "
          "beliebigen Teilmenge der Einheiten {tM}: zusammen {c} Parametervektoren mit derselben "
          "Funktion; für {m}: {n}.",
          M=Msym, Mf=sp.factorial(Msym), tM=notation.power(2, Msym),
          c=notation.juxtaposed(sp.factorial(Msym), notation.power(2, Msym)), m=sp.Eq(Msym, M), n=int(count)),
        T("Each equivalent minimum therefore appears {n} times per layer.",
          "Jedes Minimum tritt daher pro Schicht {n}-mal äquivalent auf.", n=int(count)),
        Check(T("all {n} transformed networks give the same outputs (20 random inputs, seed {s})",
                "alle {n} transformierten Netze liefern dieselben Ausgaben (20 Zufallseingaben, Startwert {s})",
                n=int(count), s=seed),
              verify.compare(outs, np.broadcast_to(ref, outs.shape), "numpy", tolerance=1e-12)),
        Check(T("number of distinct parameter vectors = {c}", "Anzahl verschiedener Parametervektoren = {c}",
                c=notation.juxtaposed(sp.factorial(Msym), notation.power(2, Msym))),
              verify.compare(float(len(keys)), float(count), "enumeration", tolerance=0.0)),
    ])
    return Solution("activation-atlas", T("Activation functions: an atlas", "Aktivierungsfunktionen: ein Atlas"),
                    source="shared/seeds/003", given=given + [Q.given_text(x0, a_prelu, M)],
                    tasks=[task1, task2, task3], answers=Q.answers(x0, a_prelu, M, q_values, names))
