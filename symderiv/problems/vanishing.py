"""Sheet 000 a: vanishing gradients in the chain h_i = sigma(w_i h_(i-1)).

Task 1 derives dh_n/dw_i as a product (checked against sympy.diff and NumPy backprop).
Task 2 bounds it for the sigmoid (a chain of two inequalities whose printed relations are
checked on their boundary cases i = n and h_(i-1) = 0, and the i-only bound
(1/4)^(n-i+1), a supremum that is not attained) and for ReLU (|x| prod_(j != i) |w_j|,
no decay with the distance to the output; equality when every unit is active).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import IntRange
from symderiv.problems.gradient_flow_common import (formula_vs_diff_h, h_display_arrays,
                                                    random_weights, relation_record, sigmoid_sup_steps, sym)
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Solution, Step, T, Table, Task

#: the relations printed in task 2 (the same strings drive the check rows)
REL_SIGMA = r"\le"      # |dh_n/dw_i| <= (1/4)^(n-i+1) |h_(i-1)| prod |w_j|
REL_WEIGHTS = r"\le"    # ... <= (1/4)^(n-i+1) |h_(i-1)|: equality for i = n and h_(i-1) = 0
REL_RELU = r"\le"       # ReLU: |dh_n/dw_i| <= |x| prod_(j != i) |w_j|


def _weights_bound_cases(rng, depth):
    """Both sides of the second inequality, (1/4)^(n-i+1) |h_(i-1)| prod_(j>i) |w_j| vs
    (1/4)^(n-i+1) |h_(i-1)|, for every i of several chains: ``(left, right, kind)`` with kind
    'last' (i = n), 'zero' (h_(i-1) = 0: input x = 0, i = 1) or 'inner' (i < n, h != 0)."""
    from symderiv.layers import bounds as B
    rows = []
    for trial in range(4):
        wv = random_weights(rng, depth, 0.95)
        x0 = 0.0 if trial == 0 else float(rng.normal())
        hs, _ = B.np_h_chain_grads(wv, x0, "sigmoid")
        for m in range(1, depth + 1):
            c = 0.25 ** (depth - m + 1) * abs(hs[m - 1])
            kind = "last" if m == depth else ("zero" if hs[m - 1] == 0 else "inner")
            rows.append((c * float(np.prod(np.abs(wv[m:]))), c, kind))
    return rows


def _not_attained(rng, nn=3):
    """The ratio |dh_n/dw_i| / (1/4)^(n-i+1) for i >= 2: at random admissible points and at
    the largest value a bounded optimiser finds (|w_j| < 1, |x| <= 40); and along the
    sequence w_1 = 1/2, w_2 = 0, x = t (n = 2, i = 2) that approaches 1 as t grows."""
    from scipy.optimize import minimize
    from symderiv.layers import bounds as B
    # 2000 random points (w in (-1, 1)^n, then x in (-40, 40), drawn point by point): one
    # uniform draw with per-column bounds takes the same numbers from the generator
    draws = rng.uniform([-1.0] * nn + [-40.0], [1.0] * nn + [40.0], size=(2000, nn + 1))
    _, g = B.np_h_chain_grads_batch(draws[:, :nn], draws[:, nn], "sigmoid")
    ratios = list((np.abs(g[:, 1:]) / np.array([0.25 ** (nn - m + 1) for m in range(2, nn + 1)])).ravel())
    for m in range(2, nn + 1):
        def neg(p, m=m):
            _, g = B.np_h_chain_grads(np.tanh(p[:nn]), 40 * np.tanh(p[nn]), "sigmoid")
            return -abs(g[m - 1]) / 0.25 ** (nn - m + 1)
        best = min((minimize(neg, rng.normal(size=nn + 1), method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000})
                    for _ in range(5)), key=lambda r: r.fun)
        ratios.append(-float(best.fun))
    ts = [5.0, 10.0, 20.0, 40.0]
    seq = [abs(B.np_h_chain_grads([0.5, 0.0], t, "sigmoid")[1][1]) / 0.25 for t in ts]
    gap = [float(np.exp(-t / 2) / (1 + np.exp(-t / 2))) for t in ts]  # 1 - sigma(t/2)
    return np.array(ratios), ts, np.array(seq), np.array(gap)


@register("vanishing-gradients",
          "Chain h_i = sigma(w_i h_{i-1}): dh_n/dw_i as a product, sigmoid bound (1/4)^(n-i+1), ReLU",
          source="000 a", lang="de",
          params=[Param("n", 3, "depth shown with concrete formulas (1..6)", IntRange(2, 5)),
                  Param("depth", 10, "depth of the numeric example (2..40)", IntRange(4, 30))])
def build_vanishing(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv.layers import bounds as B
    from symderiv.language.numeric import numeric
    from symderiv import verify

    nn = int(params["n"])
    depth = int(params["depth"])
    if not 1 <= nn <= 6:
        raise ProblemError("parameter 'n' must be between 1 and 6")
    if not 2 <= depth <= 40:
        raise ProblemError("parameter 'depth' must be between 2 and 40")
    n, i, j = B.n, B.i, B.j
    w, h, x = B.w, B.h, B.x
    dh = B.dh_dw_symbolic()
    dq = notation.partial_expr(h[n], w[i])          # the quotient as a factor
    quarter_pow = notation.power(sp.Rational(1, 4), notation.terms(n, -i, 1))

    given = [
        T("A network with input {x}, {n} hidden layers {hi} with weights {wi}, an arbitrary "
          "elementwise activation {sig}, {h0}; the output is {hn}.",
          "Ein Netz mit Eingabe {x}, {n} versteckten Schichten {hi} mit Gewichten {wi}, einer "
          "beliebigen elementweisen Aktivierungsfunktion {sig} und {h0}; die Ausgabe ist {hn}.",
          x=notation.element(x, sp.Reals), n=n, hi=sp.Eq(h[i], B.SIGMA(w[i] * h[i - 1])), wi=w[i],
          sig=sym("sigma"), h0=sp.Eq(h[0], x), hn=h[n]),
    ]

    # ---- task 1: the derivative
    chain_eq = Equation(notation.partial(h[n], w[i]),
                        [B.partial_chain([(h[n], h[n - 1]), (h[i + 1], h[i]), (h[i], w[i])], dots_after=0)])
    disp = h_display_arrays(nn)
    concrete_eqs = [Equation(notation.partial(sym(f"h_{nn}"), sym(f"w_{idx}")),
                             [B.instantiate(dh, {n: nn, i: idx}, disp)]) for idx in range(1, nn + 1)]
    d_sig, i_sig = formula_vs_diff_h(range(1, 7), seed, "sigmoid")
    d_tanh, i_tanh = formula_vs_diff_h(range(1, 7), seed + 1, "tanh")
    rng = np.random.default_rng(seed)
    wv = random_weights(rng, depth, 0.95)
    x0 = float(rng.normal())
    hs_np, g_np = B.np_h_chain_grads(wv, x0, "sigmoid")
    dd = min(depth, 8)
    ws_c, _ = B.h_chain(dd, "sigmoid")
    f_form = [numeric(B.instantiate(dh, {n: dd, i: idx}, B.h_arrays(dd, "sigmoid"), act="sigmoid"),
                      [x] + ws_c) for idx in range(1, dd + 1)]
    _, g_small = B.np_h_chain_grads(wv[:dd], x0, "sigmoid")
    form_vals = [float(np.real(f(x0, *wv[:dd]))) for f in f_form]
    n_range = notation.element(n, notation.integer_range(1, 6))
    task1 = Task(T("Derivative of the output with respect to the weights",
                   "Ableitung der Ausgabe nach den Gewichten"), [
        Step(T("{hn} depends on {wi} only through {hi}; from layer {i} to the output every layer "
               "contributes one factor (chain rule):",
               "{hn} hängt von {wi} nur über {hi} ab; von Schicht {i} bis zur Ausgabe trägt jede "
               "Schicht einen Faktor bei (Kettenregel):", hn=h[n], wi=w[i], hi=h[i], i=i),
             [chain_eq,
              Equation(notation.partial_expr(h[j], h[j - 1]), [w[j] * B.dsigma(w[j] * h[j - 1])]),
              Equation(notation.partial_expr(h[i], w[i]), [h[i - 1] * B.dsigma(w[i] * h[i - 1])])]),
        Result(T("derivative for {r}", "Ableitung für {r}", r=notation.element(i, notation.integer_range(1, n))),
               notation.partial(h[n], w[i]), dh),
        Step(T("For {n} (SymPy differentiates the nested expression; written with the values {hk} "
               "of the layers):",
               "Für {n} (SymPy leitet den geschachtelten Ausdruck ab; geschrieben mit den Werten {hk} "
               "der Schichten):", n=sp.Eq(n, nn), hk=sym("h_k")), concrete_eqs),
        Check(T("product formula vs sympy.diff of the nested chain, {r}, every {i}, sigmoid as {s}",
                "Produktformel gegen sympy.diff der geschachtelten Kette, {r}, jedes {i}, Sigmoid als {s}",
                r=n_range, i=i, s=sym("sigma")),
              verify.compare(d_sig, i_sig, "sympy.diff", tolerance=1e-12)),
        Check(T("product formula vs sympy.diff, {r}, every {i}, tanh as {s}",
                "Produktformel gegen sympy.diff, {r}, jedes {i}, tanh als {s}", r=n_range, i=i, s=sym("sigma")),
              verify.compare(d_tanh, i_tanh, "sympy.diff", tolerance=1e-12)),
        Check(T("product formula vs NumPy reverse accumulation, {n}",
                "Produktformel gegen NumPy-Rückwärtsakkumulation, {n}", n=sp.Eq(n, dd)),
              verify.compare(form_vals, g_small.tolist(), "backprop", tolerance=1e-12)),
    ])

    # ---- task 2: sigmoid
    act, crit, z0, z = sigmoid_sup_steps()
    sup = act.sup
    bound_sym = B.sigmoid_bound_symbolic()   # evaluated in a check row
    bound_shown = quarter_pow * sp.Abs(h[i - 1]) * sp.Product(sp.Abs(w[j]), (j, i + 1, n))
    after_w = quarter_pow * sp.Abs(h[i - 1])
    bound_np = B.np_sigmoid_bound(wv, hs_np)
    grid = np.linspace(-30, 30, 60001)
    cases = _weights_bound_cases(np.random.default_rng(seed + 7), depth)
    left = np.array([c[0] for c in cases])
    right = np.array([c[1] for c in cases])
    kinds = np.array([c[2] for c in cases])
    boundary = (kinds == "last") | (kinds == "zero")
    ratios, ts, seq, gap = _not_attained(np.random.default_rng(seed + 11))
    wj, hprev = sp.Abs(w[j]), sp.Abs(h[i - 1])
    sig_task = [
        Step(T("For the sigmoid, {d}. Its derivative {s} has a single critical point {z0} (solveset); "
               "there the next derivative is {sec}, a maximum, and {s} tends to 0 for {zinf}. So the "
               "maximum {sup} of {s} is attained at {z0}:",
               "Für die Sigmoid-Funktion gilt {d}. Ihre Ableitung {s} hat einen einzigen kritischen "
               "Punkt {z0} (solveset); dort ist die nächste Ableitung {sec}, ein Maximum, und {s} "
               "strebt für {zinf} gegen 0. Das Maximum {sup} von {s} wird also bei {z0} angenommen:",
               d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), z0=sp.Eq(z, z0), s=B.dsigma(z),
               sec=sp.StrictLessThan(crit.second, 0, evaluate=False), zinf=notation.tends(sp.Abs(z), sp.oo), sup=sup),
             [Equation(0, [B.dsigma(z)], relation="<"), Equation(B.dsigma(z), [sup], relation=r"\le")]),
        Step(T("Each of the {k} factors {s} is at most {sup}, and {wl}:",
               "Jeder der {k} Faktoren {s} ist höchstens {sup}, und {wl}:",
               k=notation.terms(n, -i, 1), s=B.dsigma(w[j] * h[j - 1]), sup=sup, wl=sp.Lt(wj, 1)),
             [Equation(sp.Abs(dq), [bound_shown], relation=REL_SIGMA),
              Equation(bound_shown, [after_w], relation=REL_WEIGHTS)]),
        T("The second relation is an equality for {ie} (the product over {jr} is empty, so it equals 1) "
          "and for {h0}; it is strict only for {il} with {hn0}, because every {wl}.",
          "Die zweite Beziehung ist eine Gleichung für {ie} (das Produkt über {jr} ist leer, also 1) "
          "und für {h0}; echt kleiner ist sie nur für {il} mit {hn0}, weil jedes {wl} ist.",
          ie=sp.Eq(i, n), jr=notation.element(j, notation.integer_range(i + 1, n)),
          h0=sp.Eq(h[i - 1], 0), il=sp.Lt(i, n), hn0=sp.Ne(h[i - 1], 0), wl=sp.Lt(wj, 1)),
        Step(T("For {i2}, {hi} is a sigmoid value in {iv}; for {i1}, {h0x}. Hence",
               "Für {i2} ist {hi} ein Sigmoid-Wert in {iv}; für {i1} ist {h0x}. Also",
               i2=sp.Ge(i, 2), hi=h[i - 1], iv=sp.Interval.open(0, 1), i1=sp.Eq(i, 1), h0x=sp.Eq(h[0], x)),
             [Equation(sp.Abs(dq), [quarter_pow], relation="<", note=T("for {c}", "für {c}", c=sp.Ge(i, 2))),
              Equation(sp.Abs(notation.partial_expr(h[n], w[1])),
                       [notation.power(sp.Rational(1, 4), n) * sp.Abs(x)], relation=r"\le")]),
        T("The bound depends on the distance of layer {i} from the output: the last layer ({ie}) "
          "has the largest bound {sup}, and every layer closer to the input loses another factor 4. "
          "The gradient vanishes exponentially with the distance to the output.",
          "Die Schranke hängt vom Abstand der Schicht {i} zur Ausgabe ab: Die letzte Schicht ({ie}) "
          "hat die größte Schranke {sup}, jede Schicht näher am Eingang verliert einen weiteren "
          "Faktor 4. Der Gradient verschwindet exponentiell mit dem Abstand zur Ausgabe.",
          i=i, ie=sp.Eq(i, n), sup=sup),
        T("The bound {q} is a supremum that is not attained: equality would need {s} in every "
          "factor, {w1} and {h1} at once, but {wl} and {hi} lies in {iv}. Each factor {f} comes "
          "arbitrarily close to {sup} (for {wt} and {zt}) without reaching it; for {n2}, {i2} and {seq} "
          "the ratio of derivative and bound is {r}, which tends to 1 for {tt} and stays below 1.",
          "Die Schranke {q} ist ein Supremum, das nicht angenommen wird: Gleichheit verlangte "
          "gleichzeitig {s} in jedem Faktor, {w1} und {h1}, aber {wl} und {hi} liegt in {iv}. Jeder "
          "Faktor {f} kommt {sup} beliebig nahe (für {wt} und {zt}), ohne den Wert zu erreichen; für "
          "{n2}, {i2} und {seq} ist das Verhältnis von Ableitung und Schranke {r}, es strebt für {tt} gegen 1 "
          "und bleibt unter 1.",
          q=quarter_pow, s=sp.Eq(B.dsigma(z), sup), w1=sp.Eq(wj, 1), h1=sp.Eq(hprev, 1),
          wl=sp.Lt(wj, 1), hi=h[i - 1], iv=sp.Interval.open(0, 1), f=sp.Abs(w[j] * B.dsigma(z)),
          sup=sup, wt=notation.tends(wj, 1), zt=notation.tends(z, 0), n2=sp.Eq(n, 2), i2=sp.Eq(i, 2),
          seq=sp.Tuple(sp.Eq(w[1], sp.Rational(1, 2)), sp.Eq(w[2], 0), sp.Eq(x, sym("t"))),
          r=B.SIGMA(sym("t") / 2), tt=notation.tends(sym("t"), sp.oo)),
    ]

    # ---- task 2: ReLU
    relu = A.get("relu")
    wr = np.abs(wv)  # all units active: the bound is attained
    xr = abs(x0) + 0.5
    hs_r, g_r = B.np_h_chain_grads(wr, xr, "relu")
    hs_m, g_m = B.np_h_chain_grads(wv, xr, "relu")

    def relu_bound(ws_, x_):
        return np.array([abs(x_) * float(np.prod(np.abs(np.delete(ws_, m)))) for m in range(len(ws_))])
    rb_r, rb_m = relu_bound(wr, xr), relu_bound(wv, xr)
    full_r = np.array([hs_r[m - 1] * np.prod(wr[m:]) for m in range(1, depth + 1)])
    full_m = np.array([hs_m[m - 1] * np.prod(wv[m:]) for m in range(1, depth + 1)])
    relu_ok = list(g_r) + list(g_m)
    relu_expected = [full_r[m] if g_r[m] != 0 else 0.0 for m in range(depth)] + \
        [full_m[m] if g_m[m] != 0 else 0.0 for m in range(depth)]
    relu_zero = int(np.sum(g_m == 0))
    relu_b = notation.big_operator("prod", sp.Ne(j, i), wj) * sp.Abs(x)
    relu_task = [
        Step(T("ReLU: its derivative is {d}, with a kink at 0; off the kink it takes only the values "
               "{v}. So each factor {f} is 0 or 1: the derivative is exactly 0 (some pre-activation "
               "is negative) or",
               "ReLU: Ihre Ableitung ist {d}, mit einem Knick bei 0; außerhalb des Knicks nimmt sie "
               "nur die Werte {v} an. Jeder Faktor {f} ist also 0 oder 1: Die Ableitung ist exakt 0 "
               "(eine Voraktivierung ist negativ) oder",
               d=relu.derivative, v=B.relu_factor_set(), f=B.dsigma(w[j] * h[j - 1])),
             [Equation(notation.partial(h[n], w[i]), [sp.Product(w[j], (j, i + 1, n)) * h[i - 1]])]),
        Step(T("Since {r}, the layers below {i} give the first relation; hence, for every {i}, the second:",
               "Wegen {r} liefern die Schichten unterhalb von {i} die erste Beziehung; also gilt für "
               "jedes {i} die zweite:",
               r=sp.Le(sp.Abs(sp.Function("ReLU")(sym("t"))), sp.Abs(sym("t"))), i=i),
             [Equation(hprev, [sp.Abs(x) * sp.Product(wj, (j, 1, i - 1))], relation=r"\le"),
              Equation(sp.Abs(dq), [relu_b], relation=REL_RELU)]),
        T("Unlike the sigmoid there is no factor {q} that shrinks with the distance {d} to the "
          "output: the bound is the product of all other weights, for every layer alike. With {wl} "
          "it is below {ax}; for weights close to 1 the gradient neither vanishes nor explodes. "
          "Equality holds when every unit is active (e.g. {xp} and positive weights); an inactive "
          "unit sets the derivative of every layer below it exactly to 0.",
          "Anders als bei der Sigmoid-Funktion gibt es keinen Faktor {q}, der mit dem Abstand {d} "
          "zur Ausgabe schrumpft: Die Schranke ist für jede Schicht gleichermaßen das Produkt aller "
          "anderen Gewichte. Mit {wl} liegt sie unter {ax}; für Gewichte nahe 1 verschwindet der "
          "Gradient weder, noch explodiert er. Gleichheit gilt, wenn jede Einheit aktiv ist (etwa "
          "{xp} und positive Gewichte); eine inaktive Einheit setzt die Ableitung jeder Schicht "
          "unterhalb exakt auf 0.",
          q=quarter_pow, d=notation.terms(n, -i), wl=sp.Lt(wj, 1), ax=sp.Abs(x), xp=sp.Gt(x, 0)),
    ]

    rows = [[m, float(abs(g_np[m - 1])), float(bound_np[m - 1]), float(sup ** (depth - m + 1)),
             float(abs(g_r[m - 1])), float(rb_r[m - 1])] for m in range(1, depth + 1)]
    abs_d = sp.Abs(notation.partial_expr(sym("h_n"), sym("w_i")))
    idx_axis = np.arange(1, depth + 1)
    plot = Plot([Series(T("sigmoid", "Sigmoid"), idx_axis, np.abs(g_np)),
                 Series(T("sigmoid: bound", "Sigmoid: Schranke"), idx_axis, bound_np, "thick, dashed"),
                 Series(T("ReLU (= its bound)", "ReLU (= ihre Schranke)"), idx_axis,
                        np.where(np.abs(g_r) > 0, np.abs(g_r), np.nan))],
                xlabel=T("layer {i}", "Schicht {i}", i=i), ylabel=abs_d, ymode="log",
                caption=T("{n}, random weights {wb} (seed {s}); ReLU with the weights {wa} and {x}. "
                          "The ReLU values coincide with their bound (every unit active).",
                          "{n}, zufällige Gewichte {wb} (Startwert {s}); ReLU mit den Gewichten {wa} und "
                          "{x}. Die ReLU-Werte fallen mit ihrer Schranke zusammen (jede Einheit aktiv).",
                          n=sp.Eq(n, depth), wb=sp.Lt(sp.Abs(w[i]), sp.Float(0.95, 2)), s=seed,
                          wa=sp.Abs(w[i]), x=sp.Eq(x, sp.Float(xr, 4))))
    ireq = notation.element(i, notation.integer_range(1, n))
    task2 = Task(T("Sigmoid and ReLU: how large can the derivative be?",
                   "Sigmoid und ReLU: Wie groß kann die Ableitung werden?"), sig_task + relu_task + [
        Table([i, T("sigmoid {d}", "Sigmoid {d}", d=abs_d), T("bound", "Schranke"), quarter_pow,
               T("ReLU {d}", "ReLU {d}", d=abs_d), relu_b], rows,
              T("Random weights {wb}, {n}, {x} (ReLU: weights {wa}, {xr}; with the original signs "
                "{z} of the {n2} derivatives are exactly 0). The two ReLU columns agree: every unit is "
                "active, the bound is attained.",
                "Zufällige Gewichte {wb}, {n}, {x} (ReLU: Gewichte {wa}, {xr}; mit den ursprünglichen "
                "Vorzeichen sind {z} der {n2} Ableitungen exakt 0). Die beiden ReLU-Spalten stimmen "
                "überein: Jede Einheit ist aktiv, die Schranke wird angenommen.",
                wb=sp.Lt(sp.Abs(w[i]), sp.Float(0.95, 2)), n=sp.Eq(n, depth), x=sp.Eq(x, sp.Float(x0, 4)),
                wa=sp.Abs(w[i]), xr=sp.Eq(x, sp.Float(xr, 4)), z=relu_zero, n2=depth)),
        plot,
        Check(T("maximum of {s} = {sup} vs. a grid of 60001 points", "Maximum von {s} = {sup} gegen ein "
                "Gitter aus 60001 Punkten", s=B.dsigma(z), sup=sup),
              verify.compare(float(sup), float(act.df(grid).max()), "grid", tolerance=1e-9)),
        Check(T("sigmoid: first relation for every {i}", "Sigmoid: erste Beziehung für jedes {i}", i=ireq),
              relation_record(np.abs(g_np), bound_np, REL_SIGMA)),
        Check(T("second relation as printed, {nc} cases incl. {ie} and {h0}",
                "zweite Beziehung wie gedruckt, {nc} Fälle einschließlich {ie} und {h0}",
                nc=len(cases), ie=sp.Eq(i, n), h0=sp.Eq(h[i - 1], 0)),
              relation_record(left, right, REL_WEIGHTS)),
        Check(T("equality in the second relation for {ie} and {h0}",
                "Gleichheit in der zweiten Beziehung für {ie} und {h0}", ie=sp.Eq(i, n), h0=sp.Eq(h[i - 1], 0)),
              relation_record(left[boundary], right[boundary], "=")),
        Check(T("strict in the second relation for {il}, {hn0}", "echt kleiner in der zweiten Beziehung "
                "für {il}, {hn0}", il=sp.Lt(i, n), hn0=sp.Ne(h[i - 1], 0)),
              relation_record(left[~boundary], right[~boundary], "<")),
        Check(T("{q} not attained: ratio below 1 at 2000 random points and at the optimiser's "
                "maxima ({n3}, {i2})",
                "{q} nicht angenommen: Verhältnis unter 1 an 2000 Zufallspunkten und in den Maxima "
                "des Optimierers ({n3}, {i2})", q=quarter_pow, n3=sp.Eq(n, 3), i2=sp.Ge(i, 2)),
              relation_record(ratios, np.ones_like(ratios), "<")),
        Check(T("supremum approached: {g} for {ts}", "Supremum angenähert: {g} für {ts}",
                g=sp.Eq(1 - sym("r"), 1 - B.SIGMA(sym("t") / 2)), ts=sp.FiniteSet(*[int(t) for t in ts])),
              verify.compare(1 - seq, gap, "exact", tolerance=1e-6)),
        Check(T("sigmoid: bound evaluated from the formula vs NumPy bound",
                "Sigmoid: Schranke aus der Formel gegen NumPy-Schranke"),
              verify.compare([float(_eval_bound(bound_sym, depth, m, wv, hs_np)) for m in range(1, depth + 1)],
                             bound_np.tolist(), "sympy", tolerance=1e-12)),
        Check(T("ReLU: derivative (backprop) is 0 or {f} (both weight sets)",
                "ReLU: Ableitung (Backpropagation) ist 0 oder {f} (beide Gewichtssätze)",
                f=sp.Product(w[j], (j, i + 1, n)) * h[i - 1]),
              verify.compare(relu_ok, relu_expected, "exact", tolerance=1e-12)),
        Check(T("ReLU: relation {b} for every {i} (both weight sets)",
                "ReLU: Beziehung {b} für jedes {i} (beide Gewichtssätze)",
                b=sp.Le(sp.Abs(dq), relu_b), i=ireq),
              relation_record(np.abs(np.concatenate([g_r, g_m])), np.concatenate([rb_r, rb_m]), REL_RELU)),
        Check(T("ReLU: equality when every unit is active (positive weights)",
                "ReLU: Gleichheit, wenn jede Einheit aktiv ist (positive Gewichte)"),
              relation_record(np.abs(g_r), rb_r, "=")),
    ])
    return Solution("vanishing-gradients",
                    T("Effect of the activation function on the gradient",
                      "Auswirkungen der Aktivierungsfunktion auf den Gradienten"),
                    source="shared/seeds/000, a)", given=given, tasks=[task1, task2],
                    answers=_vanishing_answers(dh, nn))


def _vanishing_answers(sym, nn):
    """Questions of the exercise sheet: dh_n/dw_1 and dh_n/dw_n for sigma = sigmoid at the
    concrete n (expressions in x, w1..wn; the product formula they come from is checked
    against sympy.diff for n = 1..6 above) and dh_n/dw_1 at x = 1, w_j = 1/2."""
    from symderiv.documents.answers import Answer
    from symderiv.layers import bounds as B
    arrays = B.h_arrays(nn, "sigmoid")
    exprs = {k: B.instantiate(sym, {B.n: nn, B.i: k}, arrays, act="sigmoid") for k in sorted({1, nn})}
    x, hn, n_eq = sp.Symbol("x"), sp.Symbol(f"h_{nn}"), sp.Eq(sp.Symbol("n"), nn)
    ws = [sp.Symbol(f"w{j}") for j in range(1, nn + 1)]
    out = [Answer(T("with the sigmoid as {s} and {n}, as an expression in {v}",
                    "mit der Sigmoid-Funktion als {s} und {n}, als Ausdruck in {v}",
                    s=sp.Symbol("sigma"), n=n_eq, v=sp.Tuple(x, *ws)),
                  e, lhs=notation.partial_expr(hn, ws[k - 1]), task=1) for k, e in exprs.items()]
    at = {s: (1 if s.name == "x" else sp.Rational(1, 2)) for s in exprs[1].free_symbols}
    out.append(Answer(T("the value with the sigmoid as {s} and {n} at {x} and {w} for every {j}",
                        "der Wert mit der Sigmoid-Funktion als {s} und {n} bei {x} und {w} für jedes {j}",
                        s=sp.Symbol("sigma"), n=n_eq, x=sp.Eq(x, 1), w=sp.Eq(sp.Symbol("w_j"), sp.Float(0.5)),
                        j=sp.Symbol("j")),
                      float(exprs[1].subs(at)), lhs=notation.partial_expr(hn, ws[0]), task=1))
    return out


def _eval_bound(bound_sym, depth, m, wv, hs):
    from symderiv.layers import bounds as B
    e = _bound_at(bound_sym, depth, m)
    e = e.subs({B.w[k]: float(wv[k - 1]) for k in range(1, depth + 1)})
    e = e.subs({B.h[k]: float(hs[k]) for k in range(0, depth + 1)})
    return float(e)


@lru_cache(maxsize=1024)
def _bound_at(bound_sym, depth, m):
    """The bound's formula at concrete n and i, products expanded (it does not depend on
    the weights, so a process expands it once per (n, i))."""
    from symderiv.layers import bounds as B
    return bound_sym.subs({B.n: depth, B.i: m}).doit()
