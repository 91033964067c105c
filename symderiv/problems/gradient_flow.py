"""Gradient flow: vanishing/exploding gradients (000 a), skip connections (002 task 2),
unstable gradients (001 Tutoraufgabe 6).

The mathematics is in :mod:`symderiv.bounds` and :mod:`symderiv.activations`; this module
assembles the Solutions. Every formula shown is checked numerically: the symbolic-depth
products against ``sympy.diff`` of the nested expression and against NumPy reverse
accumulation, bounds against NumPy values, the interval length against a direct numeric
solution of the inequality, the log-normal moments against Monte Carlo.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid, IntRange
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Solution, Step, T, Table, Task


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def _bound_record(values, bounds, what="bound"):
    """A VerificationRecord for inequalities |value| <= bound (relative excess <= 0)."""
    from symderiv.verify import VerificationRecord
    v = np.abs(np.asarray(values, dtype=float)).ravel()
    b = np.asarray(bounds, dtype=float).ravel()
    excess = np.where(b > 0, (v - b) / np.where(b > 0, b, 1.0), np.where(v > 0, np.inf, 0.0))
    worst = float(max(0.0, excess.max())) if excess.size else 0.0
    return VerificationRecord(method=what, points=int(v.size),
                              max_abs_error=float(max(0.0, (v - b).max())) if v.size else 0.0,
                              max_rel_error=worst, tolerance=1e-12, passed=bool(worst <= 1e-12))


def _zscore_record(exact, estimate, se, limit, samples):
    """Monte Carlo: passed when |estimate - exact| <= limit standard errors; the relative
    error shown is |estimate - exact| / |exact|, the tolerance limit * se / |exact|."""
    from symderiv.verify import VerificationRecord
    diff = abs(estimate - exact)
    return VerificationRecord(method=f"Monte Carlo ({limit:g} SE)", points=int(samples),
                              max_abs_error=float(diff), max_rel_error=float(diff / abs(exact)),
                              tolerance=float(limit * se / abs(exact)), passed=bool(diff <= limit * se))


def _sym(name):
    return sp.Symbol(name, real=True)


def _random_weights(rng, count, bound=1.0):
    return rng.uniform(-bound, bound, count)


def _h_display_arrays(depth):
    """w[m] -> w_m, h[m] -> h_m (h_0 = x) for showing concrete-n formulas compactly."""
    from symderiv.layers import bounds as B
    ws = [None] + [_sym(f"w_{m}") for m in range(1, depth + 1)]
    hs = [B.x] + [_sym(f"h_{m}") for m in range(1, depth + 1)]
    return {B.w: ws, B.h: hs}


def _o_display_arrays(depth):
    from symderiv.layers import bounds as B
    return {B.w: [None] + [_sym(f"w_{m}") for m in range(1, depth + 1)],
            B.b: [None] + [_sym(f"b_{m}") for m in range(1, depth + 1)],
            B.s: [None] + [_sym(f"s_{m}") for m in range(1, depth + 1)],
            B.o: [B.x] + [_sym(f"o_{m}") for m in range(1, depth + 1)]}


def _formula_vs_diff_h(depths, seed, act="sigmoid", points=3):
    """Values of the symbolic-n product (instantiated) vs sympy.diff of the nested chain,
    for every depth and every i, at random points (the activation substituted)."""
    from symderiv.layers import bounds as B
    from symderiv.language.functions import numeric
    rng = np.random.default_rng(seed)
    sym = B.dh_dw_symbolic()
    derived, independent = [], []
    for depth in depths:
        ws, hs = B.h_chain(depth, act)
        arrays = B.h_arrays(depth, act)
        for idx in range(1, depth + 1):
            f1 = numeric(B.instantiate(sym, {B.n: depth, B.i: idx}, arrays, act=act), [B.x] + ws)
            f2 = numeric(sp.diff(hs[depth], ws[idx - 1]), [B.x] + ws)
            for _ in range(points):
                p = [rng.normal()] + list(rng.uniform(-1.5, 1.5, depth))
                derived.append(float(np.real(f1(*p))))
                independent.append(float(np.real(f2(*p))))
    return derived, independent


def _formula_vs_diff_o(variant, depths, seed, act="sigmoid", general=False, points=3):
    from symderiv.layers import bounds as B
    from symderiv.language.functions import numeric
    rng = np.random.default_rng(seed)
    sym = B.do_dw_symbolic(variant, general=general)
    derived, independent = [], []
    for depth in depths:
        ch = B.o_chain(depth, act, variant)
        arrays = B.o_arrays(ch)
        syms = [B.x] + ch["w"] + ch["b"]
        for idx in (range(1, depth + 1) if general else [1]):
            ints = {B.N: depth, B.k: idx} if general else {B.N: depth}
            f1 = numeric(B.instantiate(sym, ints, arrays, act=act), syms)
            f2 = numeric(sp.diff(ch["o"][depth], ch["w"][idx - 1]), syms)
            for _ in range(points):
                p = [rng.normal()] + list(rng.normal(0, 1.5, 2 * depth))
                derived.append(float(np.real(f1(*p))))
                independent.append(float(np.real(f2(*p))))
    return derived, independent


def _numpy_vs_formula_o(variant, depth, seed, act="sigmoid"):
    from symderiv.layers import bounds as B
    from symderiv.language.functions import numeric
    rng = np.random.default_rng(seed + 17)
    ch = B.o_chain(depth, act, variant)
    syms = [B.x] + ch["w"] + ch["b"]
    f1 = numeric(B.instantiate(B.do_dw_symbolic(variant), {B.N: depth}, B.o_arrays(ch), act=act), syms)
    derived, independent = [], []
    for _ in range(5):
        wv, bv, x0 = rng.normal(0, 1.5, depth), rng.normal(size=depth), rng.normal()
        derived.append(float(np.real(f1(x0, *wv, *bv))))
        independent.append(float(B.np_o_chain_grads(wv, bv, x0, act, variant)[1][0]))
    return derived, independent


def _sigmoid_sup_steps():
    """The catalog's derivation of sup sigma' = 1/4 (critical point, second derivative, limits)."""
    from symderiv.layers import activations as A
    act = A.get("sigmoid")
    crit = [c for c in act.bounds.candidates if c.kind == "critical"][0]
    z = sp.Symbol("z", real=True)
    point = next(iter(crit.where))
    return act, crit, point, z


# --------------------------------------------------------------------------------------
# 000 a: vanishing gradients in the chain h_i = sigma(w_i h_{i-1})
# --------------------------------------------------------------------------------------

@register("vanishing-gradients",
          "Chain h_i = sigma(w_i h_{i-1}): dh_n/dw_i as a product, sigmoid bound (1/4)^(n-i+1), ReLU",
          source="000 a", lang="de",
          params=[Param("n", 3, "depth shown with concrete formulas (1..6)", IntRange(2, 5)),
                  Param("depth", 10, "depth of the numeric example (2..40)", IntRange(4, 30))])
def build_vanishing(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv.layers import bounds as B
    from symderiv.documents import notation
    from symderiv import verify

    nn = int(params["n"])
    depth = int(params["depth"])
    if not 1 <= nn <= 6:
        raise ProblemError("parameter 'n' must be between 1 and 6")
    if not 2 <= depth <= 40:
        raise ProblemError("parameter 'depth' must be between 2 and 40")
    n, i, j = B.n, B.i, B.j
    w, h, x = B.w, B.h, B.x
    sym = B.dh_dw_symbolic()

    given = [
        T("A network with input {x}, n hidden layers {hi} with weights {wi}, an arbitrary "
          "elementwise activation {sig}, {h0}; the output is {hn}.",
          "Ein Netz mit Eingabe {x}, n versteckten Schichten {hi} mit Gewichten {wi}, einer "
          "beliebigen elementweisen Aktivierungsfunktion {sig} und {h0}; die Ausgabe ist {hn}.",
          x=x, hi=sp.Eq(h[i], B.SIGMA(w[i] * h[i - 1])), wi=w[i], sig=B.SIGMA(x),
          h0=sp.Eq(h[0], x), hn=h[n]),
    ]

    # ---- task 1: the derivative
    chain_eq = Equation(notation.partial(h[n], w[i]),
                        [B.partial_chain([(h[n], h[n - 1]), (h[i + 1], h[i]), (h[i], w[i])], dots_after=0)])
    concrete_eqs = []
    disp = _h_display_arrays(nn)
    for idx in range(1, nn + 1):
        concrete_eqs.append(Equation(notation.partial(_sym(f"h_{nn}"), _sym(f"w_{idx}")),
                                     [B.instantiate(sym, {n: nn, i: idx}, disp)]))
    d_sig, i_sig = _formula_vs_diff_h(range(1, 7), seed, "sigmoid")
    d_tanh, i_tanh = _formula_vs_diff_h(range(1, 7), seed + 1, "tanh")
    rng = np.random.default_rng(seed)
    wv = _random_weights(rng, depth, 0.95)
    x0 = float(rng.normal())
    hs_np, g_np = B.np_h_chain_grads(wv, x0, "sigmoid")
    ws_c, hs_c = B.h_chain(depth if depth <= 8 else 8, "sigmoid")
    dd = len(ws_c)
    from symderiv.language.functions import numeric
    f_form = [numeric(B.instantiate(sym, {n: dd, i: idx}, B.h_arrays(dd, "sigmoid"),
                                                  act="sigmoid"), [x] + ws_c) for idx in range(1, dd + 1)]
    _, g_small = B.np_h_chain_grads(wv[:dd], x0, "sigmoid")
    form_vals = [float(np.real(f(x0, *wv[:dd]))) for f in f_form]
    task1 = Task(T("Derivative of the output with respect to the weights",
                   "Ableitung der Ausgabe nach den Gewichten"), [
        Step(T("{hn} depends on {wi} only through {hi}; from layer i to the output every layer "
               "contributes one factor (chain rule):",
               "{hn} hängt von {wi} nur über {hi} ab; von Schicht i bis zur Ausgabe trägt jede "
               "Schicht einen Faktor bei (Kettenregel):", hn=h[n], wi=w[i], hi=h[i]),
             [chain_eq,
              Equation(notation.partial_expr(h[j], h[j - 1]), [w[j] * B.dsigma(w[j] * h[j - 1])]),
              Equation(notation.partial_expr(h[i], w[i]), [h[i - 1] * B.dsigma(w[i] * h[i - 1])])]),
        Result(T("derivative for i in {1, ..., n}", "Ableitung für i aus {1, ..., n}"),
               notation.partial(h[n], w[i]), sym),
        Step(T("For n = {n} (SymPy differentiates the nested expression; written with the "
               "values {hk} of the layers):",
               "Für n = {n} (SymPy leitet den geschachtelten Ausdruck ab; geschrieben mit den "
               "Werten {hk} der Schichten):", n=nn, hk=_sym("h_k")), concrete_eqs),
        Check(T("product formula = sympy.diff of the nested chain, n = 1..6, all i (sigma = sigmoid)",
                "Produktformel = sympy.diff der geschachtelten Kette, n = 1..6, alle i (sigma = Sigmoid)"),
              verify.compare(d_sig, i_sig, "sympy.diff", tolerance=1e-12)),
        Check(T("product formula = sympy.diff, n = 1..6, all i (sigma = tanh)",
                "Produktformel = sympy.diff, n = 1..6, alle i (sigma = tanh)"),
              verify.compare(d_tanh, i_tanh, "sympy.diff", tolerance=1e-12)),
        Check(T("product formula = NumPy reverse accumulation, n = {n}",
                "Produktformel = NumPy-Rückwärtsakkumulation, n = {n}", n=dd),
              verify.compare(form_vals, g_small.tolist(), "backprop", tolerance=1e-12)),
    ])

    # ---- task 2: sigmoid and ReLU bounds
    act, crit, z0, z = _sigmoid_sup_steps()
    sup = act.sup
    bound_sym = B.sigmoid_bound_symbolic()
    bound_np = B.np_sigmoid_bound(wv, hs_np)
    grid = np.linspace(-30, 30, 60001)
    relu = A.get("relu")
    wr = np.abs(wv)  # ReLU example: positive weights (a negative one kills every later unit)
    hs_r, g_r = B.np_h_chain_grads(wr, abs(x0) + 0.5, "relu")
    full_r = np.array([hs_r[m - 1] * np.prod(wr[m:]) for m in range(1, depth + 1)])
    # and one with mixed signs: derivatives are exactly 0 below a dead unit
    hs_m, g_m = B.np_h_chain_grads(wv, abs(x0) + 0.5, "relu")
    full_m = np.array([hs_m[m - 1] * np.prod(wv[m:]) for m in range(1, depth + 1)])
    relu_ok = list(g_r) + list(g_m)
    relu_expected = [full_r[m] if g_r[m] != 0 else 0.0 for m in range(depth)] + \
        [full_m[m] if g_m[m] != 0 else 0.0 for m in range(depth)]
    relu_zero = int(np.sum(g_m == 0))
    rows = []
    for m in range(1, depth + 1):
        rows.append([m, float(abs(g_np[m - 1])), float(bound_np[m - 1]),
                     float(sup ** (depth - m + 1)), float(abs(g_r[m - 1]))])
    idx_axis = np.arange(1, depth + 1)
    plot = Plot([Series(T("sigmoid: |dh_n/dw_i|", "Sigmoid: |dh_n/dw_i|"), idx_axis, np.abs(g_np)),
                 Series(T("sigmoid: bound", "Sigmoid: Schranke"),
                        idx_axis, bound_np, "thick, dashed"),
                 Series(T("ReLU: |dh_n/dw_i|", "ReLU: |dh_n/dw_i|"), idx_axis,
                        np.where(np.abs(g_r) > 0, np.abs(g_r), np.nan))],
                xlabel=T("layer i", "Schicht i"), ylabel=T("magnitude", "Betrag"), ymode="log",
                caption=T("n = {n}, random weights |w_i| < 0.95 (seed {s}); ReLU with the weights |w_i|.",
                          "n = {n}, zufällige Gewichte |w_i| < 0,95 (Seed {s}); ReLU mit den Gewichten |w_i|.",
                          n=depth, s=seed))
    task2 = Task(T("Sigmoid and ReLU: how large can the derivative be?",
                   "Sigmoid und ReLU: Wie groß kann die Ableitung werden?"), [
        Step(T("For the sigmoid, {d}. Its derivative vanishes only at {z0} (solveset), where the "
               "second derivative of {s} is {sec} < 0: a maximum. Towards ±∞ it tends to 0. Hence:",
               "Für die Sigmoid-Funktion gilt {d}. Ihre Ableitung verschwindet nur bei {z0} (solveset), "
               "dort ist die zweite Ableitung von {s} gleich {sec} < 0: ein Maximum. Für ±∞ strebt sie "
               "gegen 0. Also:",
               d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), z0=sp.Eq(z, z0),
               s=B.dsigma(z), sec=crit.second),
             [Equation(B.dsigma(z), [sup], relation=r"\le"),
              Equation(B.dsigma(z), [0], relation=">")]),
        Step(T("With |σ'| ≤ 1/4 in each of the n - i + 1 factors σ' and |w_j| < 1:",
               "Mit |σ'| ≤ 1/4 in jedem der n - i + 1 Faktoren σ' und |w_j| < 1:"),
             [Equation(sp.Abs(sym), [bound_sym], relation=r"\le"),
              Equation(bound_sym, [sup ** (n - i + 1) * sp.Abs(h[i - 1])], relation="<")]),
        T("For i ≥ 2, h_(i-1) is a sigmoid value in (0, 1), so the derivative is smaller than "
          "(1/4)^(n-i+1); for i = 1 it is smaller than (1/4)^n |x|. The largest possible value "
          "belongs to the last layer (i = n, bound 1/4); every layer closer to the input loses "
          "another factor 4: the gradient vanishes exponentially with the distance to the output.",
          "Für i ≥ 2 ist h_(i-1) ein Sigmoid-Wert in (0, 1), also ist die Ableitung kleiner als "
          "(1/4)^(n-i+1); für i = 1 kleiner als (1/4)^n |x|. Der größte mögliche Wert gehört zur "
          "letzten Schicht (i = n, Schranke 1/4); jede Schicht näher am Eingang verliert einen "
          "weiteren Faktor 4: Der Gradient verschwindet exponentiell mit dem Abstand zur Ausgabe."),
        Step(T("ReLU: its derivative is {d} with a kink at 0; off the kink it takes only the values {v}. "
               "So each factor σ'(w_j h_(j-1)) is 0 or 1: the derivative is either exactly 0 (some "
               "pre-activation negative) or",
               "ReLU: Ihre Ableitung ist {d} mit einem Knick bei 0; außerhalb des Knicks nimmt sie nur "
               "die Werte {v} an. Jeder Faktor σ'(w_j h_(j-1)) ist also 0 oder 1: Die Ableitung ist "
               "entweder exakt 0 (eine Voraktivierung negativ) oder",
               d=relu.derivative, v=B.relu_factor_set()),
             [Equation(notation.partial(h[n], w[i]),
                       [sp.Product(w[j], (j, i + 1, n)) * h[i - 1]])]),
        T("There is no factor 1/4 per layer: with |w_j| < 1 the bound is the product of the "
          "weights alone, prod |w_j| |h_(i-1)|; for weights near 1 the gradient does not vanish, "
          "but inactive units set it exactly to 0.",
          "Es gibt keinen Faktor 1/4 pro Schicht: Mit |w_j| < 1 ist die Schranke nur das Produkt "
          "der Gewichte, prod |w_j| |h_(i-1)|; für Gewichte nahe 1 verschwindet der Gradient nicht, "
          "aber inaktive Einheiten setzen ihn exakt auf 0."),
        Table([T("i", "i"), T("sigmoid |dh_n/dw_i|", "Sigmoid |dh_n/dw_i|"), T("bound", "Schranke"),
               T("(1/4)^(n-i+1)", "(1/4)^(n-i+1)"), T("ReLU |dh_n/dw_i|", "ReLU |dh_n/dw_i|")], rows,
              T("Random weights |w_i| < 0.95, n = {n}, x = {x} (ReLU: weights |w_i|, x = {xr}; with the "
                "original signs {z} of the {n} derivatives are exactly 0).",
                "Zufällige Gewichte |w_i| < 0,95, n = {n}, x = {x} (ReLU: Gewichte |w_i|, x = {xr}; mit den "
                "ursprünglichen Vorzeichen sind {z} der {n} Ableitungen exakt 0).",
                n=depth, x=x0, xr=abs(x0) + 0.5, z=relu_zero)),
        plot,
        Check(T("sup of sigma' = 1/4 vs. a grid of 60001 points",
                "sup von sigma' = 1/4 gegen ein Gitter aus 60001 Punkten"),
              verify.compare(float(sup), float(act.df(grid).max()), "grid", tolerance=1e-9)),
        Check(T("sigmoid: |dh_n/dw_i| <= bound for all i", "Sigmoid: |dh_n/dw_i| <= Schranke für alle i"),
              _bound_record(g_np, bound_np, "bound")),
        Check(T("sigmoid: bound evaluated from the formula = NumPy bound",
                "Sigmoid: Schranke aus der Formel = NumPy-Schranke"),
              verify.compare([float(_eval_bound(bound_sym, depth, m, wv, hs_np)) for m in range(1, depth + 1)],
                             bound_np.tolist(), "sympy", tolerance=1e-12)),
        Check(T("ReLU: derivative (backprop) is 0 or h_(i-1) prod w_j (both weight sets)",
                "ReLU: Ableitung (Backprop) ist 0 oder h_(i-1) prod w_j (beide Gewichtssätze)"),
              verify.compare(relu_ok, relu_expected, "exact", tolerance=1e-12)),
    ])
    return Solution("vanishing-gradients",
                    T("Effect of the activation function on the gradient",
                      "Auswirkungen der Aktivierungsfunktion auf den Gradienten"),
                    source="shared/seeds/000, a)", given=given, tasks=[task1, task2],
                    answers=_vanishing_answers(sym, nn))


def _vanishing_answers(sym, nn):
    """Questions of the exercise sheet: dh_n/dw_1 and dh_n/dw_n for sigma = sigmoid at the
    concrete n (expressions in x, w1..wn; the product formula they come from is checked
    against sympy.diff for n = 1..6 above) and dh_n/dw_1 at x = 1, w_j = 1/2."""
    from symderiv.documents.answers import Answer
    from symderiv.layers import bounds as B
    arrays = B.h_arrays(nn, "sigmoid")
    exprs = {k: B.instantiate(sym, {B.n: nn, B.i: k}, arrays, act="sigmoid") for k in sorted({1, nn})}
    out = [Answer(T("dh_{n}/dw_{i} for σ = sigmoid and n = {n}, as an expression in x, w1, ..., w{n}",
                    "dh_{n}/dw_{i} für σ = Sigmoid und n = {n}, als Ausdruck in x, w1, ..., w{n}",
                    n=nn, i=k), e, task=1) for k, e in exprs.items()]
    at = {s: (1 if s.name == "x" else sp.Rational(1, 2)) for s in exprs[1].free_symbols}
    out.append(Answer(T("the value of dh_{n}/dw_1 (σ = sigmoid, n = {n}) at x = 1 and w1 = ... = w{n} = 0.5",
                        "der Wert von dh_{n}/dw_1 (σ = Sigmoid, n = {n}) bei x = 1 und w1 = ... = w{n} = 0,5",
                        n=nn), float(exprs[1].subs(at)), task=1))
    return out


def _eval_bound(bound_sym, depth, m, wv, hs):
    from symderiv.layers import bounds as B
    e = bound_sym.subs({B.n: depth, B.i: m}).doit()
    e = e.subs({B.w[k]: float(wv[k - 1]) for k in range(1, depth + 1)})
    e = e.subs({B.h[k]: float(hs[k]) for k in range(0, depth + 1)})
    return float(e)


# --------------------------------------------------------------------------------------
# 002 A2: vanishing gradients and skip connections
# --------------------------------------------------------------------------------------

@register("skip-connections",
          "Chain s_i = w_i o_(i-1) + b_i, o_i = sigma(s_i): do_N/dw_1, skip connection over layers "
          "2..N-1, residual generalisation, gradient vs depth",
          source="002 A2", lang="de",
          params=[Param("N", 4, "depth shown with concrete formulas (3..6)", IntRange(3, 6)),
                  Param("max_depth", 30, "largest depth of the gradient-vs-depth plot (4..60)", IntRange(10, 30)),
                  Param("trials", 40, "random networks per depth (5..200)", Choice((20, 40)))])
def build_skip(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv.layers import bounds as B
    from symderiv.documents import notation
    from symderiv import verify

    NN = int(params["N"])
    max_depth = int(params["max_depth"])
    trials = int(params["trials"])
    if not 3 <= NN <= 6:
        raise ProblemError("parameter 'N' must be between 3 and 6")
    if not 4 <= max_depth <= 60:
        raise ProblemError("parameter 'max_depth' must be between 4 and 60")
    if not 5 <= trials <= 200:
        raise ProblemError("parameter 'trials' must be between 5 and 200")
    N, i, k = B.N, B.i, B.k
    w, b, s, o, x = B.w, B.b, B.s, B.o, B.x
    sig = B.SIGMA

    given = [
        T("N layers with one neuron each, scalar input {x}: for i = 1, ..., N",
          "N Layer mit je einem Neuron, skalare Eingabe {x}: für i = 1, ..., N", x=x),
        Equation(s[i], [w[i] * o[i - 1] + b[i]]),
        Equation(o[i], [sig(s[i])]),
        T("with an arbitrary activation σ and {o0}.", "mit beliebiger Aktivierungsfunktion σ und {o0}.",
          o0=sp.Eq(o[0], x)),
    ]

    plain = B.do_dw_symbolic("plain")
    skip = B.do_dw_symbolic("skip")
    resid = B.do_dw_symbolic("residual", general=True)
    disp = _o_display_arrays(NN)

    d_p, i_p = _formula_vs_diff_o("plain", range(1, 7), seed)
    n_p, b_p = _numpy_vs_formula_o("plain", 8, seed)
    task_a = Task(T("(a) Derivative of the output with respect to w_1", "(a) Ableitung des Outputs nach w_1"), [
        Step(T("{w1} enters only through {s1}; each later layer contributes {f} (chain rule):",
               "{w1} geht nur über {s1} ein; jedes spätere Layer trägt {f} bei (Kettenregel):",
               w1=w[1], s1=s[1], f=sp.Eq(notation.partial_expr(o[i], o[i - 1]), w[i] * B.dsigma(s[i]))),
             [Equation(notation.partial(o[1], w[1]), [x * B.dsigma(s[1])])]),
        Result(T("derivative", "Ableitung"), notation.partial(o[N], w[1]), plain),
        Step(T("For N = {n}:", "Für N = {n}:", n=NN),
             [Equation(notation.partial(_sym(f"o_{NN}"), _sym("w_1")),
                       [B.instantiate(plain, {N: NN}, disp)])]),
        Check(T("product formula = sympy.diff of the nested network, N = 1..6 (sigma = sigmoid)",
                "Produktformel = sympy.diff des geschachtelten Netzes, N = 1..6 (sigma = Sigmoid)"),
              verify.compare(d_p, i_p, "sympy.diff", tolerance=1e-12)),
        Check(T("product formula = NumPy reverse accumulation, N = 8",
                "Produktformel = NumPy-Rückwärtsakkumulation, N = 8"),
              verify.compare(n_p, b_p, "backprop", tolerance=1e-12)),
    ])

    act = A.get("sigmoid")
    grid = np.linspace(-30, 30, 60001)
    task_b = Task(T("(b) Vanishing and exploding gradients", "(b) Vanishing- und Exploding-Gradient"), [
        T("The derivative is a product of N - 1 factors {f} (times {g}). If they are smaller than 1 "
          "in magnitude, the product shrinks exponentially with N (vanishing gradient); if larger "
          "than 1, it grows exponentially (exploding gradient). For the sigmoid (task 1: {d}) every "
          "factor σ' is at most {sup} (at {z0}), so |w_i σ'(s_i)| < 1 whenever |w_i| < 4: the first "
          "layer learns exponentially slower than the last.",
          "Die Ableitung ist ein Produkt aus N - 1 Faktoren {f} (mal {g}). Sind sie betragsmäßig "
          "kleiner als 1, schrumpft das Produkt exponentiell mit N (Vanishing Gradient); sind sie "
          "größer als 1, wächst es exponentiell (Exploding Gradient). Für die Sigmoid-Funktion "
          "(Aufgabe 1: {d}) ist jeder Faktor σ' höchstens {sup} (bei {z0}), also |w_i σ'(s_i)| < 1, "
          "sobald |w_i| < 4: Das erste Layer lernt exponentiell langsamer als das letzte.",
          f=w[i] * B.dsigma(s[i]), g=x * B.dsigma(s[1]),
          d=sp.Eq(B.dsigma(_sym("z")), act.derivative.subs(A.X, _sym("z"))), sup=act.sup,
          z0=sp.Eq(_sym("z"), next(iter(act.argsup)))),
        Check(T("sup of sigmoid' = 1/4 vs. a grid of 60001 points",
                "sup von Sigmoid' = 1/4 gegen ein Gitter aus 60001 Punkten"),
              verify.compare(float(act.sup), float(act.df(grid).max()), "grid", tolerance=1e-9)),
    ])

    task_c = Task(T("(c) The architecture with a skip connection", "(c) Die Architektur mit Skip Connection"), [
        T("The skip connection carries {o1} past layers 2 to N-1 and adds it to the input of layer N "
          "(the form chosen here). Formulas (1) and (2) stay for i < N; for i = N:",
          "Die Skip Connection führt {o1} an den Layern 2 bis N-1 vorbei und addiert es zur Eingabe "
          "von Layer N (die hier gewählte Form). Die Formeln (1) und (2) bleiben für i < N; für i = N:",
          o1=o[1]),
        Equation(s[N], [w[N] * o[N - 1] + b[N] + o[1]]),
        Equation(o[N], [sig(s[N])]),
    ])

    d_s, i_s = _formula_vs_diff_o("skip", range(3, 7), seed + 2)
    n_s, b_s = _numpy_vs_formula_o("skip", 8, seed + 2)
    long_t, short_t = skip.args if any(isinstance(t, sp.Product) for t in skip.args[0].args) \
        else (skip.args[1], skip.args[0])
    task_d = Task(T("(d) Derivative with the skip connection", "(d) Ableitung mit Skip Connection"), [
        Step(T("Now {w1} reaches {sN} on two paths: through layers 2, ..., N-1 (as before) and "
               "directly via {o1}:",
               "Jetzt erreicht {w1} {sN} auf zwei Wegen: durch die Layer 2, ..., N-1 (wie bisher) "
               "und direkt über {o1}:", w1=w[1], sN=s[N], o1=o[1]),
             [Equation(notation.partial(o[N], w[1]),
                       [B.dsigma(s[N]) * (w[N] * notation.partial_expr(o[N - 1], w[1])
                                          + notation.partial_expr(o[1], w[1]))])]),
        Result(T("long path + short path", "langer Pfad + kurzer Pfad"), notation.partial(o[N], w[1]), skip),
        Step(T("For N = {n}:", "Für N = {n}:", n=NN),
             [Equation(notation.partial(_sym(f"o_{NN}"), _sym("w_1")),
                       [B.instantiate(skip, {N: NN}, disp)])]),
        Check(T("skip formula = sympy.diff, N = 3..6 (sigma = sigmoid)",
                "Skip-Formel = sympy.diff, N = 3..6 (sigma = Sigmoid)"),
              verify.compare(d_s, i_s, "sympy.diff", tolerance=1e-12)),
        Check(T("skip formula = NumPy reverse accumulation, N = 8",
                "Skip-Formel = NumPy-Rückwärtsakkumulation, N = 8"),
              verify.compare(n_s, b_s, "backprop", tolerance=1e-12)),
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
    task_e = Task(T("(e) Effect of the skip connection", "(e) Wirkung der Skip Connection"), [
        T("The short path {sp} contains only two factors σ', independently of N: it does not shrink "
          "with the depth. The gradient of the first layer no longer vanishes (the long path still "
          "does; an exploding long path is not prevented).",
          "Der kurze Pfad {sp} enthält unabhängig von N nur zwei Faktoren σ': Er schrumpft nicht mit "
          "der Tiefe. Der Gradient des ersten Layers verschwindet nicht mehr (der lange Pfad "
          "schon; ein explodierender langer Pfad wird nicht verhindert).", sp=short_t),
        Plot([Series(T("without skip", "ohne Skip"), depths, prof["plain"]),
              Series(T("with skip", "mit Skip"), depths, prof["skip"]),
              Series(T("residual", "residual"), depths, prof["residual"],
                     "thick, dashed")],
             xlabel=T("depth N", "Tiefe N"), ylabel=T("median |do_N/dw_1|", "Median |do_N/dw_1|"),
             ymode="log",
             caption=T("Sigmoid, {t} random networks per depth: w_i, b_i, x standard normal (seed {s}).",
                       "Sigmoid, {t} zufällige Netze pro Tiefe: w_i, b_i, x standardnormalverteilt (Seed {s}).",
                       t=trials, s=seed)),
        T("At depth {d}: median {p} without and {q} with the skip connection.",
          "Bei Tiefe {d}: Median {p} ohne und {q} mit Skip Connection.",
          d=depths[last], p=prof["plain"][last], q=prof["skip"][last]),
        Check(T("NumPy backprop of the plot vs. central differences (plain, skip, residual; N = 12)",
                "NumPy-Backprop des Plots gegen zentrale Differenzen (ohne, Skip, residual; N = 12)"),
              verify.compare(fd_d, fd_i, "central")),
    ])

    d_r, i_r = _formula_vs_diff_o("residual", range(2, 6), seed + 3, general=True)
    task_f = Task(T("(f) Favourable gradients for every layer", "(f) Günstige Gradienten für jedes Layer"), [
        T("Give every layer its own bypass (residual connection): {oi} for i ≥ 2 ({o1} as before). "
          "Then for every layer k:",
          "Jedes Layer erhält einen eigenen Umweg (Residual Connection): {oi} für i ≥ 2 ({o1} wie "
          "bisher). Dann gilt für jedes Layer k:",
          oi=sp.Eq(o[i], o[i - 1] + sig(s[i])), o1=sp.Eq(o[1], sig(s[1]))),
        Result(T("residual network", "Residual-Netz"), notation.partial(o[N], w[k]), resid),
        T("Multiplying out the product gives one term per path from layer k to the output; the term "
          "1·1·…·1 (the path along the identities) leaves {g}, which does not depend on the depth. "
          "Alternatively (dense connections), connect every early layer o_j directly to the input of "
          "layer N, which gives each f_j a short path of length one as in (d).",
          "Ausmultiplizieren des Produkts ergibt einen Term pro Pfad von Layer k zum Output; der Term "
          "1·1·…·1 (der Pfad entlang der Identitäten) lässt {g} übrig, unabhängig von der Tiefe. "
          "Alternativ (dichte Verbindungen) verbindet man jedes frühe Layer o_j direkt mit der Eingabe "
          "von Layer N, so erhält jedes f_j wie in (d) einen kurzen Pfad.",
          g=o[k - 1] * B.dsigma(s[k])),
        Check(T("residual formula = sympy.diff, N = 2..5, all k (sigma = sigmoid)",
                "Residual-Formel = sympy.diff, N = 2..5, alle k (sigma = Sigmoid)"),
              verify.compare(d_r, i_r, "sympy.diff", tolerance=1e-12)),
    ])
    return Solution("skip-connections",
                    T("Vanishing gradients and skip connections", "Verschwindende Gradienten und Skip Connections"),
                    source="shared/seeds/002, Aufgabe 2", given=given,
                    tasks=[task_a, task_b, task_c, task_d, task_e, task_f])


# --------------------------------------------------------------------------------------
# 001 Tutoraufgabe 6: unstable gradients
# --------------------------------------------------------------------------------------

@register("unstable-gradients",
          "sigma' in [0, 1/4]; interval where |w sigma'(w a + b)| >= 1 and its maximal length; "
          "mean and variance of a product of log-normal factors (Monte Carlo check)",
          source="001 T6", lang="de",
          params=[Param("mu", -1.0, "mean of log q", Grid(-2.0, 1.0, 0.5)),
                  Param("s", 0.5, "standard deviation of log q (> 0)", Grid(0.2, 1.0, 0.1)),
                  Param("K", 5, "number of factors L - l (1..50)", IntRange(2, 10)),
                  Param("samples", 200000, "Monte Carlo samples (1000..2000000)")])
def build_unstable(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv.layers import bounds as B
    from symderiv.problems import gradient_flow_maths as M
    from symderiv import verify

    mu_v, s_v, K_v, samples = float(params["mu"]), float(params["s"]), int(params["K"]), int(params["samples"])
    if s_v <= 0:
        raise ProblemError("parameter 's' must be positive")
    if not 1 <= K_v <= 50:
        raise ProblemError("parameter 'K' must be between 1 and 50")
    if not 1000 <= samples <= 2_000_000:
        raise ProblemError("parameter 'samples' must be between 1000 and 2000000")
    if K_v * s_v ** 2 > 4 or abs(K_v * mu_v) > 200:
        raise ProblemError("K s^2 must be at most 4 and |K mu| at most 200 (else the Monte Carlo "
                           "variance estimate is meaningless)")

    act, crit, z0, z = _sigmoid_sup_steps()
    grid = np.linspace(-30, 30, 60001)
    d = M.interval_derivation()
    W, u = d.W, d.u
    wabs = _sym("|w|")
    a_sym, b_sym, w_sym = _sym("a"), _sym("b"), _sym("w")

    given = [T("One neuron per layer; {q} with {z}, sigmoid σ.", "Ein Neuron pro Schicht; {q} mit {z}, Sigmoid σ.",
               q=sp.Eq(_sym("q"), sp.Abs(w_sym * B.dsigma(_sym("z")))), z=sp.Eq(_sym("z"), w_sym * a_sym + b_sym))]

    # ---- (a)
    lim = [c for c in act.bounds.candidates if c.kind == "limit"]
    checks_len_d, checks_len_i = [], []
    centre_d, centre_i = [], []
    for wv, bv in ((4.2, 0.0), (5.0, 1.0), (6.894, -0.5), (10.0, 2.0), (-8.0, 0.3), (40.0, -3.0)):
        lo, hi = M.interval_numeric(wv, bv)
        checks_len_d.append(float(M.interval_length(abs(wv))))
        checks_len_i.append(hi - lo)
        centre_d.append(-bv / wv)
        centre_i.append((lo + hi) / 2)
    length_fn = sp.lambdify(W, d.length)
    task_a = Task(T("(a) The derivative of the sigmoid and the interval", "(a) Die Ableitung der Sigmoid-Funktion und das Intervall"), [
        Step(T("{d} > 0. Its only critical point (zero of the next derivative, solveset) is {z0}; "
               "there the second derivative is {sec} < 0 (maximum) and the value is {v}; the limits "
               "at ±∞ are {l}. Hence",
               "{d} > 0. Ihr einziger kritischer Punkt (Nullstelle der nächsten Ableitung, solveset) ist "
               "{z0}; dort ist die zweite Ableitung {sec} < 0 (Maximum) und der Wert {v}; die Grenzwerte "
               "bei ±∞ sind {l}. Also",
               d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), z0=sp.Eq(z, z0), sec=crit.second,
               v=crit.value, l=lim[0].value),
             [Equation(B.dsigma(z), [act.sup], relation=r"\le"),
              Equation(B.dsigma(z), [0], relation=r"\ge")]),
        Check(T("max of sigma' on a grid of 60001 points on [-30, 30] = 1/4",
                "Max von sigma' auf einem Gitter aus 60001 Punkten auf [-30, 30] = 1/4"),
              verify.compare(float(act.sup), float(act.df(grid).max()), "grid", tolerance=1e-9)),
        Check(T("sigma' >= 0 on the same grid", "sigma' >= 0 auf demselben Gitter"),
              _bound_record(np.minimum(act.df(grid), 0.0), np.zeros_like(grid), "bound")),
        Step(T("Solve {c} for a. Substitute {u} (> 0) in σ'(z):",
               "Löse {c} nach a auf. Setze {u} (> 0) in σ'(z) ein:",
               c=sp.GreaterThan(sp.Abs(w_sym * B.dsigma(w_sym * a_sym + b_sym)), 1), u=sp.Eq(u, sp.exp(-z))),
             [Equation(B.dsigma(z), [d.dsig, d.dsig_u]),
              Equation(W * d.dsig_u, [1], relation=r"\ge"),
              Equation(d.inequality_poly, [0], relation=r"\le")]),
        T("(writing W = |w|, and multiplying by (1 + u)^2 > 0). The quadratic has real roots iff its "
          "discriminant {disc} is nonnegative, i.e. {thr}: for |w| < 4 the condition never holds. The roots are",
          "(mit W = |w| und Multiplikation mit (1 + u)^2 > 0). Die quadratische Gleichung hat genau dann "
          "reelle Nullstellen, wenn ihre Diskriminante {disc} nichtnegativ ist, d.h. {thr}: Für |w| < 4 "
          "gilt die Bedingung nie. Die Nullstellen sind",
          disc=d.discriminant, thr=sp.Contains(W, d.w_threshold)),
        Equation(_sym("u_-"), [d.roots[0]]),
        Equation(_sym("u_+"), [d.roots[1]]),
        T("with {p} (Vieta). So {uin}, i.e. z lies in [-log u+, log u+], centred at 0; with z = w a + b "
          "the interval of a is centred at -b/w (at the origin for b = 0) and has the length",
          "mit {p} (Vieta). Also {uin}, d.h. z liegt in [-log u+, log u+], zentriert um 0; mit z = w a + b "
          "ist das Intervall für a um -b/w zentriert (im Ursprung für b = 0) und hat die Länge",
          p=sp.Eq(_sym("u_-") * _sym("u_+"), d.root_product),
          uin=sp.Contains(u, sp.Interval(_sym("u_-"), _sym("u_+")))),
        Result(T("interval length", "Intervalllänge"), sp.Function("ell")(W), d.sheet_length),
        Step(T("This is the derived length (log u+ - log u-) / W = 2 log(u+) / W (as u- = 1/u+); SymPy "
               "shows that u+ equals the sheet's log argument for W ≥ 4:",
               "Das ist die hergeleitete Länge (log u+ - log u-) / W = 2 log(u+) / W (da u- = 1/u+); SymPy "
               "zeigt, dass u+ für W ≥ 4 gleich dem Argument des Logarithmus im Blatt ist:"),
             [Equation(sp.Function("ell")(W), [d.length_z / W, d.length])]),
        Check(T("length formula vs. direct numeric solution (brentq) for 6 pairs (w, b)",
                "Längenformel gegen direkte numerische Lösung (brentq) für 6 Paare (w, b)"),
              verify.compare(checks_len_d, checks_len_i, "brentq", tolerance=1e-9)),
        Check(T("centre -b/w vs. numeric interval", "Mittelpunkt -b/w gegen numerisches Intervall"),
              verify.compare(centre_d, centre_i, "brentq", tolerance=1e-9)),
        Check(T("derived length (roots u+-) = sheet formula at 6 values of |w|",
                "hergeleitete Länge (Nullstellen u+-) = Formel des Blatts an 6 Werten von |w|"),
              verify.compare([float(length_fn(t)) for t in (4.2, 5.0, 6.9, 10.0, 8.0, 40.0)],
                             [float(M.interval_length(t)) for t in (4.2, 5.0, 6.9, 10.0, 8.0, 40.0)],
                             "sympy", tolerance=1e-12)),
    ])

    # ---- (b)
    wstar, lmax, slope = M.max_interval_length()
    ws = np.linspace(4, 40, 181)
    fine = np.linspace(4, 60, 560001)
    lv = M.interval_length(fine)
    task_b = Task(T("(b) The interval length as a function of |w|", "(b) Die Intervalllänge als Funktion von |w|"), [
        Plot([Series(T("interval length", "Intervalllänge"), ws, M.interval_length(ws))],
             xlabel=T("|w|", "|w|"), ylabel=T("length", "Länge"),
             caption=T("Length of the interval of a with |w σ'(w a + b)| ≥ 1.",
                       "Länge des Intervalls der a mit |w σ'(w a + b)| ≥ 1.")),
        T("Bounded scalar minimisation of the negative length (scipy) on [4, 60] gives the maximum "
          "{lm} at {ws} (4 significant digits: {lm4} at |w| ≈ {ws4}); there the derivative of the "
          "length is {sl}. The length tends to 0 for |w| → 4 and like 2 log|w| / |w| for large |w|.",
          "Beschränkte skalare Minimierung der negativen Länge (scipy) auf [4, 60] liefert das Maximum "
          "{lm} bei {ws} (4 signifikante Stellen: {lm4} bei |w| ≈ {ws4}); dort ist die Ableitung der "
          "Länge {sl}. Die Länge strebt für |w| → 4 gegen 0 und für große |w| wie 2 log|w| / |w|.",
          lm=lmax, ws=wstar, lm4=f"{lmax:.4g}", ws4=f"{wstar:.4g}", sl=slope),
        Result(T("maximum", "Maximum"), notation.optimum("max", sp.GreaterThan(wabs, 4), _sym("ell")), sp.Float(f"{lmax:.4g}")),
        Result(T("argmax", "Argmax"), notation.optimum("argmax", sp.GreaterThan(wabs, 4), _sym("ell")), sp.Float(f"{wstar:.4g}")),
        T("So a^(l-1) must lie in an interval of length at most about {lm4} — a narrow window; "
          "it is unlikely that it does, and even then only for |w| of moderate size. The usual "
          "case is |w σ'| < 1: vanishing rather than exploding gradients.",
          "Also muss a^(l-1) in einem Intervall der Länge höchstens etwa {lm4} liegen — ein schmales "
          "Fenster; es ist unwahrscheinlich, dass es das tut, und selbst dann nur für mittelgroße |w|. "
          "Der Normalfall ist |w σ'| < 1: eher verschwindende als explodierende Gradienten.",
          lm4=f"{lmax:.4g}"),
        Check(T("maximum vs. a grid of 560001 points on [4, 60]", "Maximum gegen ein Gitter aus 560001 Punkten auf [4, 60]"),
              verify.compare(lmax, float(lv.max()), "grid", tolerance=1e-8)),
        Check(T("argmax vs. grid (step 1e-4)", "Argmax gegen Gitter (Schrittweite 1e-4)"),
              verify.compare(wstar, float(fine[np.argmax(lv)]), "grid", tolerance=1e-5)),
        Check(T("derivative of the length at the argmax = 0", "Ableitung der Länge im Argmax = 0"),
              _bound_record([slope], [1e-6], "|l'(argmax)| <= 1e-6")),
    ])

    # ---- (c)
    lm = M.lognormal_moments()
    mc = M.monte_carlo(mu_v, s_v, K_v, samples=samples, seed=seed)
    yv = _sym("y")
    tv = lm.t
    Kq = lm.K
    EQ = sp.Function("E")
    task_c = Task(T("(c) Mean and variance of Q", "(c) Mittelwert und Varianz von Q"), [
        Step(T("The moment generating function of log q ~ N(μ, s²), by integrating against the normal density:",
               "Die momenterzeugende Funktion von log q ~ N(μ, s²), durch Integration gegen die Normalverteilungsdichte:"),
             [Equation(EQ(_sym("q") ** tv),
                       [sp.Integral(sp.exp(tv * yv) * sp.exp(-(yv - lm.mu) ** 2 / (2 * lm.s ** 2))
                                    / sp.sqrt(2 * sp.pi * lm.s ** 2), (yv, -sp.oo, sp.oo)), lm.mgf])]),
        Step(T("The K = L - l factors are independent, so the expectation of the product is the "
               "product of the expectations (used for t = 1 and t = 2):",
               "Die K = L - l Faktoren sind unabhängig, also ist der Erwartungswert des Produkts das "
               "Produkt der Erwartungswerte (verwendet für t = 1 und t = 2):"),
             [Equation(EQ(_sym("Q") ** tv), [lm.mgf ** Kq])]),
        Result(T("mean", "Mittelwert"), EQ(_sym("Q")), lm.mean),
        Result(T("variance", "Varianz"), sp.Function("Var")(_sym("Q")), lm.variance_form),
        T("(SymPy: {v} minus this form simplifies to 0.) The sum log q^(l+1) + ... + log q^L is "
          "normal with mean Kμ and variance Ks², so Q is log-normal; the same result follows from "
          "the log-normal formulas.",
          "(SymPy: {v} minus diese Form vereinfacht sich zu 0.) Die Summe log q^(l+1) + ... + log q^L "
          "ist normalverteilt mit Mittelwert Kμ und Varianz Ks², also ist Q log-normalverteilt; dasselbe "
          "Ergebnis folgt aus den Formeln der Log-Normalverteilung.", v=lm.variance),
        Table([T("", ""), T("exact", "exakt"), T("Monte Carlo", "Monte Carlo"),
               T("standard error", "Standardfehler"), T("|z|", "|z|")],
              [[T("E[Q]", "E[Q]"), mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.z_mean],
               [T("Var[Q]", "Var[Q]"), mc.var_exact, mc.var_estimate, mc.var_se, mc.z_var]],
              T("μ = {mu}, s = {s}, K = {K}; {n} samples of K normal logarithms (NumPy, seed {seed}). "
                "Standard error of the variance from the derived fourth central moment.",
                "μ = {mu}, s = {s}, K = {K}; {n} Stichproben aus K normalverteilten Logarithmen "
                "(NumPy, Seed {seed}). Standardfehler der Varianz aus dem hergeleiteten vierten "
                "zentralen Moment.", mu=mu_v, s=s_v, K=K_v, n=samples, seed=seed)),
        T("The spread is the problem: for fixed μ and s the variance grows like exp(K s²) relative "
          "to the squared mean, so the gradients of different layers differ by orders of magnitude.",
          "Das Problem ist die Streuung: Bei festem μ und s wächst die Varianz relativ zum Quadrat "
          "des Mittelwerts wie exp(K s²), die Gradienten verschiedener Schichten unterscheiden sich "
          "also um Größenordnungen."),
        Check(T("E[Q]: Monte Carlo within 4 standard errors", "E[Q]: Monte Carlo innerhalb von 4 Standardfehlern"),
              _zscore_record(mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.limit, samples)),
        Check(T("Var[Q]: Monte Carlo within 4 standard errors", "Var[Q]: Monte Carlo innerhalb von 4 Standardfehlern"),
              _zscore_record(mc.var_exact, mc.var_estimate, mc.var_se, mc.limit, samples)),
        Check(T("moment generating function vs. numerical integration (scipy quad), t = 1, 2",
                "momenterzeugende Funktion gegen numerische Integration (scipy quad), t = 1, 2"),
              verify.compare([float(lm.mgf.subs({lm.mu: mu_v, lm.s: s_v, tv: t})) for t in (1, 2)],
                             [_quad_mgf(mu_v, s_v, t) for t in (1, 2)], "quad", tolerance=1e-9)),
    ])
    return Solution("unstable-gradients",
                    T("Unstable gradients in deep neural networks", "Instabile Gradienten bei tiefen neuronalen Netzen"),
                    source="shared/seeds/001, Tutoraufgabe 6", given=given, tasks=[task_a, task_b, task_c])


def _quad_mgf(mu, sd, t):
    from scipy.integrate import quad
    val, _ = quad(lambda y: np.exp(t * y - (y - mu) ** 2 / (2 * sd ** 2)) / np.sqrt(2 * np.pi * sd ** 2),
                  mu - 40 * sd, mu + 40 * sd + t * sd ** 2, epsabs=0, epsrel=1e-12, limit=200)
    return float(val)
