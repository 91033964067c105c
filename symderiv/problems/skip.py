"""Sheet 002 Aufgabe 2: vanishing gradients and skip connections.

(a) do_N/dw_1 as a product; (b) vanishing/exploding explained with Aufgabe 1 (sigmoid
factors at most |w|/4, exploding needs |w| > 4 and fights saturation; ReLU factors are
w_i or 0); (c)-(e) a skip connection over layers 2..N-1; (f) residual connections for every
layer, whose product of factors (1 + w_i sigma'(s_i)) can itself explode. Every formula is
checked against sympy.diff and NumPy backprop, every claim by a check row.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid, IntRange
from symderiv.problems.gradient_flow_common import (formula_vs_diff_o, numpy_vs_formula_o, o_display_arrays,
                                                    relation_record, sym)
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Solution, Step, T, Task


def _sigmoid_factor_max(wabs, grid):
    """max over z of |w| sigma'(z) on a grid (the largest factor |w_i sigma'(s_i)|)."""
    from symderiv.layers import activations as A
    return float(abs(wabs) * A.get("sigmoid").df(grid).max())


def _window(wv, grid):
    """Measure of the set of o with |w sigma'(w o)| >= 1 on a grid (b = 0)."""
    from symderiv.layers import activations as A
    ok = np.abs(wv * A.get("sigmoid").df(wv * grid)) >= 1
    return float(ok.sum() * (grid[1] - grid[0]))


def _relu_chain(rng, depth, scale):
    """ReLU chain with positive weights |w_i| = scale (every unit active for x > 0) and one
    with a dead unit: (gradient, expected x prod_(i>=2) w_i), (gradient with a dead unit)."""
    from symderiv.layers import bounds as B
    ws = np.full(depth, float(scale))
    bs = np.zeros(depth)
    x0 = float(abs(rng.normal()) + 0.5)
    _, gw, _ = B.np_o_chain_grads(ws, bs, x0, "relu")
    dead_b = bs.copy()
    dead_b[depth // 2] = -1e3  # s < 0: the unit is inactive
    _, gd, _ = B.np_o_chain_grads(ws, dead_b, x0, "relu")
    return float(gw[0]), x0 * float(scale) ** (depth - 1), float(gd[0])


def _residual_explodes(depth, weight=2.0, x0=1.0):
    """Residual chain with w_i = weight and biases b_i = -w_i o_(i-1) (so s_i = 0, sigma' = 1/4):
    every factor 1 + w_i sigma'(s_i) is 1 + weight/4; do_N/dw_1 (NumPy backprop) and the
    closed form x/4 (1 + weight/4)^(N-1)."""
    from symderiv.layers import bounds as B
    ws = np.full(depth, weight)
    bs = np.zeros(depth)
    o_prev = x0
    for m in range(depth):  # forward once to choose the biases
        bs[m] = -ws[m] * o_prev
        o_prev = (o_prev if m >= 1 else 0.0) + 0.5
    _, gw, _ = B.np_o_chain_grads(ws, bs, x0, "sigmoid", "residual")
    return float(gw[0]), x0 / 4 * (1 + weight / 4) ** (depth - 1)


def _concrete_and_checks(formula, NN, disp, name, lowest, vs_diff, vs_numpy):
    """The formula for N = NN, and its check rows against sympy.diff (N = lowest..6) and
    NumPy backprop (N = 8)."""
    from symderiv.layers import bounds as B
    from symderiv import verify
    N = B.N
    return [
        Step(T("For {n}:", "Für {n}:", n=sp.Eq(N, NN)),
             [Equation(notation.partial(sym(f"o_{NN}"), sym("w_1")), [B.instantiate(formula, {N: NN}, disp)])]),
        Check(T("{f} vs sympy.diff of the nested network, {r}, sigmoid as {sg}",
                "{f} gegen sympy.diff des geschachtelten Netzes, {r}, Sigmoid als {sg}", f=name,
                r=notation.element(N, notation.integer_range(lowest, 6)), sg=sym("sigma")),
              verify.compare(*vs_diff, "sympy.diff", tolerance=1e-12)),
        Check(T("{f} vs NumPy reverse accumulation, {n}", "{f} gegen NumPy-Rückwärtsakkumulation, {n}", f=name,
                n=sp.Eq(N, 8)),
              verify.compare(*vs_numpy, "backprop", tolerance=1e-12)),
    ]


@register("skip-connections",
          "Chain s_i = w_i o_(i-1) + b_i, o_i = sigma(s_i): do_N/dw_1, skip connection over layers "
          "2..N-1, residual generalisation, gradient vs depth",
          source="002 A2", lang="de",
          params=[Param("N", 4, "depth shown with concrete formulas (3..6)", IntRange(3, 6)),
                  Param("max_depth", 30, "largest depth of the gradient-vs-depth plot (4..60)", IntRange(10, 30)),
                  Param("trials", 40, "random networks per depth (5..200)", Choice((20, 40))),
                  Param("x", 1.0, "input x of the numerical questions", Grid(-2.0, 2.0, 0.5, exclude=(0.0,))),
                  Param("w", 1.0, "weight of every layer in the numerical questions (biases 0)",
                        Grid(-2.0, 2.0, 0.5, exclude=(0.0,)))])
def build_skip(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv.layers import bounds as B
    from symderiv.problems import gradient_flow_maths as GM
    from symderiv.problems import skip_questions as SQ
    from symderiv import verify

    NN = int(params["N"])
    max_depth = int(params["max_depth"])
    trials = int(params["trials"])
    x_q, w_q = float(params["x"]), float(params["w"])
    if not (abs(x_q) <= 10 and abs(w_q) <= 10):
        raise ProblemError("parameters 'x' and 'w' must lie in [-10, 10]")
    if not 3 <= NN <= 6:
        raise ProblemError("parameter 'N' must be between 3 and 6")
    if not 4 <= max_depth <= 60:
        raise ProblemError("parameter 'max_depth' must be between 4 and 60")
    if not 5 <= trials <= 200:
        raise ProblemError("parameter 'trials' must be between 5 and 200")
    N, i, k = B.N, B.i, B.k
    w, b, s, o, x = B.w, B.b, B.s, B.o, B.x
    sig = B.SIGMA
    z = sym("z")
    Nm1 = notation.terms(N, -1)

    given = [
        T("{N} layers with one neuron each, scalar input {x}: for {ir}",
          "{N} Layer mit je einem Neuron, skalare Eingabe {x}: für {ir}",
          N=N, x=notation.element(x, sp.Reals), ir=notation.element(i, notation.integer_range(1, N))),
        Step(T("formula (1):", "Formel (1):"), [Equation(s[i], [notation.terms(w[i] * o[i - 1], b[i])])]),
        Step(T("formula (2):", "Formel (2):"), [Equation(o[i], [sig(s[i])])]),
        T("with an arbitrary activation {sg} and {o0}.", "mit beliebiger Aktivierungsfunktion {sg} und {o0}.",
          sg=sym("sigma"), o0=sp.Eq(o[0], x)),
        *SQ.given_blocks(B, x_q, w_q),
    ]

    plain = B.do_dw_symbolic("plain")
    skip = B.do_dw_symbolic("skip")
    resid = B.do_dw_symbolic("residual", general=True)
    disp = o_display_arrays(NN)

    d_p, i_p = formula_vs_diff_o("plain", range(1, 7), seed)
    n_p, b_p = numpy_vs_formula_o("plain", 8, seed)
    task_a = Task(T("(a) Derivative of the output with respect to {w1}", "(a) Ableitung des Outputs nach {w1}",
                    w1=w[1]), [
        Step(T("{w1} enters only through {s1}; each later layer contributes {f} (chain rule):",
               "{w1} geht nur über {s1} ein; jedes spätere Layer trägt {f} bei (Kettenregel):",
               w1=w[1], s1=s[1], f=sp.Eq(notation.partial_expr(o[i], o[i - 1]), w[i] * B.dsigma(s[i]))),
             [Equation(notation.partial(o[1], w[1]), [x * B.dsigma(s[1])])]),
        Result(T("derivative", "Ableitung"), notation.partial(o[N], w[1]), plain),
        *_concrete_and_checks(plain, NN, disp, T("product formula", "Produktformel"), 1, (d_p, i_p), (n_p, b_p)),
    ])

    # ---- (b) with Aufgabe 1
    act = A.get("sigmoid")
    grid = np.linspace(-30, 30, 60001)
    small_w = [0.5, 1.0, 2.0, 3.9, 4.0]
    big_w = [4.5, 6.0, 10.0, 40.0]
    fine = np.linspace(-2, 2, 400001)
    win_num = [_window(v, fine) for v in big_w]
    win_formula = [float(GM.interval_length(v)) for v in big_w]
    rng = np.random.default_rng(seed + 9)
    relu_rows = [_relu_chain(rng, 20, sc) for sc in (0.8, 1.0, 1.25)]
    fac = w[i] * B.dsigma(s[i])
    task_b = Task(T("(b) Vanishing and exploding gradients", "(b) Verschwindende und explodierende Gradienten"), [
        T("The derivative is {g} times a product of {K} factors {f}. If they are smaller than 1 in "
          "magnitude, the product shrinks exponentially with {N} (vanishing gradient); if larger "
          "than 1, it grows exponentially (exploding gradient). Which case occurs depends on "
          "{ds}, which Aufgabe 1 gives for both activations.",
          "Die Ableitung ist {g} mal ein Produkt aus {K} Faktoren {f}. Sind sie betragsmäßig kleiner "
          "als 1, schrumpft das Produkt exponentiell mit {N} (verschwindender Gradient); sind sie "
          "größer als 1, wächst es exponentiell (explodierender Gradient). Welcher Fall eintritt, "
          "hängt von {ds} ab, das Aufgabe 1 für beide Aktivierungsfunktionen liefert.",
          g=x * B.dsigma(s[1]), K=Nm1, f=fac, N=N, ds=B.dsigma(s[i])),
        Step(T("Sigmoid (Aufgabe 1 (e)): {d}, with the maximum {sup} at {z0}. Hence",
               "Sigmoid (Aufgabe 1 (e)): {d}, mit dem Maximum {sup} bei {z0}. Also",
               d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), sup=act.sup, z0=sp.Eq(z, 0)),
             [Equation(sp.Abs(fac), [sp.Abs(w[i]) / 4], relation=r"\le")]),
        T("so every factor is below 1 when {wl}: the gradient vanishes. Exploding needs {wg}, and "
          "even then only in a narrow window: a large weight makes {s} large unless {oi} is close to "
          "{c}, and {ds} decays like {e} (saturation). The set of {oi} with {cond} has the length "
          "{ell} of Tutoraufgabe 6 (001), at most about 0.45 and shrinking for large {wa}.",
          "also ist jeder Faktor kleiner als 1, wenn {wl}: Der Gradient verschwindet. Explodieren "
          "verlangt {wg}, und selbst dann nur in einem schmalen Fenster: Ein großes Gewicht macht {s} "
          "groß, außer {oi} liegt nahe bei {c}, und {ds} fällt wie {e} ab (Sättigung). Die Menge der "
          "{oi} mit {cond} hat die Länge {ell} aus Tutoraufgabe 6 (001), höchstens etwa 0,45 und "
          "schrumpfend für große {wa}.",
          wl=sp.Lt(sp.Abs(w[i]), 4), wg=sp.Gt(sp.Abs(w[i]), 4), s=sp.Abs(s[i]), oi=o[i - 1],
          c=-b[i] / w[i], ds=B.dsigma(s[i]), e=sp.exp(-sp.Abs(s[i])),
          cond=sp.Ge(sp.Abs(fac), 1), ell=sp.Function("ell")(sp.Abs(w[i])), wa=sp.Abs(w[i])),
        Step(T("ReLU (Aufgabe 1 (d)): off the kink {d}, so every factor is {w} or 0:",
               "ReLU (Aufgabe 1 (d)): außerhalb des Knicks ist {d}, also ist jeder Faktor {w} oder 0:",
               d=sp.Contains(B.dsigma(s[i]), B.relu_factor_set()), w=w[i]),
             [Equation(notation.partial(o[N], w[1]),
                       [x * sp.Product(w[i], (i, 2, N))], note=T("if every unit is active",
                                                                  "wenn jede Einheit aktiv ist"))]),
        T("With active units the product explodes exactly when the weights exceed 1 in magnitude "
          "(all {w1}: it grows like {p}) and vanishes when they are below 1; there is no saturation "
          "factor. A single dead unit ({sn}) sets the whole derivative to 0.",
          "Mit aktiven Einheiten explodiert das Produkt genau dann, wenn die Gewichte betragsmäßig "
          "größer als 1 sind (alle {w1}: es wächst wie {p}), und verschwindet, wenn sie kleiner als "
          "1 sind; einen Sättigungsfaktor gibt es nicht. Eine einzige tote Einheit ({sn}) setzt die "
          "ganze Ableitung auf 0.",
          w1=sp.Gt(sp.Abs(w[i]), 1), p=notation.power(sp.Abs(sym("w")), Nm1), sn=sp.Lt(s[i], 0)),
        Check(T("sigmoid: largest factor {m} for {wv} (grid)",
                "Sigmoid: größter Faktor {m} für {wv} (Gitter)",
                m=sp.Le(sp.Abs(fac), 1), wv=sp.Contains(sp.Abs(w[i]), sp.FiniteSet(*[sp.nsimplify(v) for v in small_w]))),
              relation_record([_sigmoid_factor_max(v, grid) for v in small_w], [1.0] * len(small_w), r"\le")),
        Check(T("sigmoid: largest factor {m} for {wv} (grid)",
                "Sigmoid: größter Faktor {m} für {wv} (Gitter)",
                m=sp.Gt(sp.Abs(fac), 1), wv=sp.Contains(sp.Abs(w[i]), sp.FiniteSet(*[sp.nsimplify(v) for v in big_w]))),
              relation_record([_sigmoid_factor_max(v, grid) for v in big_w], [1.0] * len(big_w), ">")),
        Check(T("window of {oi} with {cond} (grid, step 0.00001) = {ell}",
                "Fenster der {oi} mit {cond} (Gitter, Schrittweite 0,00001) = {ell}",
                oi=o[i - 1], cond=sp.Ge(sp.Abs(fac), 1), ell=sp.Function("ell")(sp.Abs(w[i]))),
              verify.compare(win_num, win_formula, "grid", tolerance=1e-4)),
        Check(T("window below 0.45 for {wv}", "Fenster unter 0,45 für {wv}",
                wv=sp.Contains(sp.Abs(w[i]), sp.FiniteSet(*[sp.nsimplify(v) for v in big_w]))),
              relation_record(win_formula, [0.45] * len(win_formula), "<")),
        Check(T("ReLU, active units, {n}: backprop = {f} for {wv}",
                "ReLU, aktive Einheiten, {n}: Backpropagation = {f} für {wv}",
                n=sp.Eq(N, 20), f=x * notation.power(sym("w"), 19), wv=sp.Contains(sym("w"), sp.FiniteSet(
                    sp.Rational(4, 5), 1, sp.Rational(5, 4)))),
              verify.compare([r[0] for r in relu_rows], [r[1] for r in relu_rows], "backprop", tolerance=1e-12)),
        Check(T("ReLU: a dead unit gives exactly 0", "ReLU: eine tote Einheit ergibt exakt 0"),
              relation_record([abs(r[2]) for r in relu_rows], [0.0] * 3, "=")),
    ])

    task_c = Task(T("(c) The architecture with a skip connection", "(c) Die Architektur mit Skip Connection"), [
        T("The skip connection carries {o1} past the layers {r} and adds it to the input of layer {N} "
          "(the form chosen here). Formulas (1) and (2) stay for {il}; for {iN}:",
          "Die Skip Connection führt {o1} an den Layern {r} vorbei und addiert es zur Eingabe von "
          "Layer {N} (die hier gewählte Form). Die Formeln (1) und (2) bleiben für {il}; für {iN} gilt:",
          o1=o[1], r=notation.integer_range(2, Nm1), N=N, il=sp.Lt(i, N), iN=sp.Eq(i, N)),
        Step(T("formula (1) for {iN}:", "Formel (1) für {iN}:", iN=sp.Eq(i, N)),
             [Equation(s[N], [notation.terms(w[N] * o[N - 1], b[N], o[1])])]),
        Step(T("formula (2) for {iN} (unchanged):", "Formel (2) für {iN} (unverändert):", iN=sp.Eq(i, N)),
             [Equation(o[N], [sig(s[N])])]),
    ])

    d_s, i_s = formula_vs_diff_o("skip", range(3, 7), seed + 2)
    n_s, b_s = numpy_vs_formula_o("skip", 8, seed + 2)
    long_t, short_t = skip.args if any(isinstance(t, sp.Product) for t in skip.args[0].args) \
        else (skip.args[1], skip.args[0])
    task_d = Task(T("(d) Derivative with the skip connection", "(d) Ableitung mit Skip Connection"), [
        Step(T("Now {w1} reaches {sN} on two paths: through the layers {r} (as before) and directly "
               "via {o1}:",
               "Jetzt erreicht {w1} {sN} auf zwei Wegen: durch die Layer {r} (wie bisher) und direkt "
               "über {o1}:", w1=w[1], sN=s[N], o1=o[1], r=notation.integer_range(2, Nm1)),
             [Equation(notation.partial(o[N], w[1]),
                       [B.dsigma(s[N]) * (w[N] * notation.partial_expr(o[N - 1], w[1])
                                          + notation.partial_expr(o[1], w[1]))])]),
        Result(T("long path + short path", "langer Pfad + kurzer Pfad"), notation.partial(o[N], w[1]), skip),
        *_concrete_and_checks(skip, NN, disp, T("skip formula", "Skip-Formel"), 3, (d_s, i_s), (n_s, b_s)),
    ])

    depths = list(range(3, max_depth + 1))
    prof = B.depth_profile(depths, "sigmoid", trials=trials, seed=seed)
    # finite-difference check of the NumPy backprop used for the plot (one random network)
    rng = np.random.default_rng(seed + 5)
    fd_d, fd_i = [], []
    for variant in ("plain", "skip", "residual"):
        wv, bv, x0 = rng.normal(size=12), rng.normal(size=12), rng.normal()
        _, gw, _ = B.np_o_chain_grads(wv, bv, x0, "sigmoid", variant)
        hstep = 1e-6
        wp, wm = wv.copy(), wv.copy()
        wp[0] += hstep
        wm[0] -= hstep
        fd = (B.np_o_chain_grads(wp, bv, x0, "sigmoid", variant)[0]
              - B.np_o_chain_grads(wm, bv, x0, "sigmoid", variant)[0]) / (2 * hstep)
        fd_d.append(float(gw[0]))
        fd_i.append(float(fd))
    last = len(depths) - 1
    med = T("median of {d}", "Median von {d}", d=sp.Abs(notation.partial_expr(sym("o_N"), sym("w_1"))))
    task_e = Task(T("(e) Effect of the skip connection", "(e) Wirkung der Skip Connection"), [
        T("{sp} is the short path; it contains only the two factors {d1} and {dN}, independently of {N}, and "
          "does not shrink with the depth. The gradient of the first layer no longer vanishes (the "
          "long path still does; an exploding long path is not prevented).",
          "{sp} ist der kurze Pfad; er enthält unabhängig von {N} nur die zwei Faktoren {d1} und {dN} und "
          "schrumpft nicht mit der Tiefe. Der Gradient des ersten Layers verschwindet nicht mehr (der "
          "lange Pfad schon; ein explodierender langer Pfad wird nicht verhindert).",
          sp=short_t,           d1=B.dsigma(s[1]), dN=B.dsigma(s[N]), N=N),
        Plot([Series(T("without skip connection", "ohne Skip Connection"), depths, prof["plain"]),
              Series(T("with skip connection", "mit Skip Connection"), depths, prof["skip"]),
              Series(T("residual network (f)", "Residualnetz (f)"), depths, prof["residual"], "thick, dashed")],
             xlabel=T("depth {N}", "Tiefe {N}", N=N), ylabel=med, ymode="log",
             caption=T("Sigmoid, {t} random networks per depth: {ws}, {bs}, {x} standard normal (seed {s}).",
                       "Sigmoid, {t} zufällige Netze pro Tiefe: {ws}, {bs}, {x} standardnormalverteilt (Startwert {s}).",
                       t=trials, s=seed, ws=w[i], bs=b[i], x=x)),
        T("At depth {d}: median {p} without and {q} with the skip connection.",
          "Bei Tiefe {d}: Median {p} ohne und {q} mit Skip Connection.",
          d=depths[last], p=prof["plain"][last], q=prof["skip"][last]),
        Check(T("NumPy backprop of the plot vs. central differences (without, with skip, residual; {n})",
                "NumPy-Backpropagation des Plots gegen zentrale Differenzen (ohne, mit Skip Connection, "
                "Residualnetz; {n})", n=sp.Eq(N, 12)),
              verify.compare(fd_d, fd_i, "central")),
        Check(T("skip above plain at every depth {d} (medians)",
                "mit Skip Connection über ohne bei jeder Tiefe {d} (Mediane)", d=sp.Ge(N, 4)),
              relation_record(prof["plain"][1:], prof["skip"][1:], "<")),
    ])

    d_r, i_r = formula_vs_diff_o("residual", range(2, 6), seed + 3, general=True)
    ex_depth = 30
    g_ex, g_formula = _residual_explodes(ex_depth)
    task_f = Task(T("(f) Favourable gradients for every layer", "(f) Günstige Gradienten für jedes Layer"), [
        T("Give every layer its own bypass (residual connection): {oi} for {i2} ({o1} as before). "
          "Then for every layer {k}:",
          "Jedes Layer erhält eine eigene Umgehung (Residualverbindung): {oi} für {i2} ({o1} wie "
          "bisher). Dann gilt für jedes Layer {k}:",
          oi=sp.Eq(o[i], o[i - 1] + sig(s[i])), i2=sp.Ge(i, 2), o1=sp.Eq(o[1], sig(s[1])), k=k),
        Result(T("residual network", "Residualnetz"), notation.partial(o[N], w[k]), resid),
        T("Multiplying out the product gives one term per path from layer {k} to the output; the term "
          "of the path along the identities leaves {g}, which does not depend on the depth. "
          "Alternatively (dense connections), connect every early layer output {oj} directly to "
          "the input of layer {N}, which gives each {fj} a short path as in (d).",
          "Ausmultiplizieren des Produkts ergibt einen Term pro Pfad von Layer {k} zum Output; der "
          "Term des Pfads entlang der Identitäten lässt {g} übrig, unabhängig von der Tiefe. "
          "Alternativ (dichte Verbindungen) verbindet man jede frühe Layer-Ausgabe {oj} direkt mit "
          "der Eingabe von Layer {N}, so erhält jedes {fj} wie in (d) einen kurzen Pfad.",
          k=k, g=o[k - 1] * B.dsigma(s[k]), oj=sym("o_j"), N=N, fj=sym("f_j")),
        T("The other terms do not go away: the product of the factors {f} can itself explode. Each "
          "factor lies between {lo} and {hi}; with {w2} and {s0} each factor is {v}, so for {k1} "
          "and {n} the derivative is {ex}.",
          "Die übrigen Terme verschwinden nicht: Das Produkt der Faktoren {f} kann selbst explodieren. "
          "Jeder Faktor liegt zwischen {lo} und {hi}; mit {w2} und {s0} ist jeder Faktor {v}, für {k1} "
          "und {n} ist die Ableitung also {ex}.",
          f=notation.terms(1, w[i] * B.dsigma(s[i])), lo=notation.terms(1, -sp.Abs(w[i]) / 4),
          hi=notation.terms(1, sp.Abs(w[i]) / 4),
          w2=sp.Eq(w[i], 2), s0=sp.Eq(s[i], 0), v=sp.Rational(3, 2), k1=sp.Eq(k, 1), n=sp.Eq(N, ex_depth),
          ex=sp.Eq(sp.Mul(sp.UnevaluatedExpr(x / 4), notation.power(sp.Rational(3, 2), ex_depth - 1),
                          evaluate=False),
                   sp.Float(g_formula, 4) * x, evaluate=False)),
        Check(T("residual formula vs sympy.diff, {r}, every {k}, sigmoid as {sg}",
                "Formel des Residualnetzes gegen sympy.diff, {r}, jedes {k}, Sigmoid als {sg}",
                r=notation.element(N, notation.integer_range(2, 5)), k=k, sg=sym("sigma")),
              verify.compare(d_r, i_r, "sympy.diff", tolerance=1e-12)),
        Check(T("exploding example: backprop = {ex} for {n}, {x1}",
                "explodierendes Beispiel: Backpropagation = {ex} für {n}, {x1}",
                ex=sp.Mul(sp.UnevaluatedExpr(x / 4), notation.power(sp.Rational(3, 2), ex_depth - 1),
                          evaluate=False),
                n=sp.Eq(N, ex_depth), x1=sp.Eq(x, 1)),
              verify.compare(g_ex, g_formula, "backprop", tolerance=1e-12)),
        Check(T("it explodes: {ex} for {n}", "es explodiert: {ex} für {n}",
                ex=sp.Gt(sp.Abs(notation.partial_expr(sym("o_N"), sym("w_1"))), 10 ** 4), n=sp.Eq(N, ex_depth)),
              relation_record([abs(g_ex)], [1e4], ">")),
    ])
    answers, answer_check = SQ.answers_and_check(B, NN, x_q, w_q)
    task_f.blocks.append(answer_check)
    return Solution("skip-connections",
                    T("Vanishing gradients and skip connections", "Verschwindende Gradienten und Skip Connections"),
                    source="shared/seeds/002, Aufgabe 2", given=given,
                    tasks=[task_a, task_b, task_c, task_d, task_e, task_f], answers=answers)
