"""Sheet 001 Tutoraufgabe 6: unstable gradients."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.gradient_flow_common import (bound_record, formula_vs_diff_h, formula_vs_diff_o,
                                                    h_display_arrays, numpy_vs_formula_o, o_display_arrays,
                                                    random_weights, sigmoid_sup_steps, sym, zscore_record)
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Solution, Step, T, Table, Task


# --------------------------------------------------------------------------------------
# 001 Tutoraufgabe 6: unstable gradients
# --------------------------------------------------------------------------------------

@register("unstable-gradients",
          "sigma' in [0, 1/4]; interval where |w sigma'(w a + b)| >= 1 and its maximal length; "
          "mean and variance of a product of log-normal factors (Monte Carlo check)",
          source="001 T6", lang="de",
          params=[Param("mu", -1.0, "mean of log q"),
                  Param("s", 0.5, "standard deviation of log q (> 0)"),
                  Param("K", 5, "number of factors L - l (1..50)"),
                  Param("samples", 200000, "Monte Carlo samples (1000..2000000)")])
def build_unstable(params: dict, seed: int) -> Solution:
    from symderiv.layers import activations as A
    from symderiv.layers import bounds as B
    from symderiv.verify import checks as verify

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

    act, crit, z0, z = sigmoid_sup_steps()
    grid = np.linspace(-30, 30, 60001)
    d = B.interval_derivation()
    W, u = d.W, d.u
    wabs = sym("|w|")
    a_sym, b_sym, w_sym = sym("a"), sym("b"), sym("w")

    given = [T("One neuron per layer; {q} with {z}, sigmoid σ.", "Ein Neuron pro Schicht; {q} mit {z}, Sigmoid σ.",
               q=sp.Eq(sym("q"), sp.Abs(w_sym * B.dsigma(sym("z")))), z=sp.Eq(sym("z"), w_sym * a_sym + b_sym))]

    # ---- (a)
    lim = [c for c in act.bounds.candidates if c.kind == "limit"]
    checks_len_d, checks_len_i = [], []
    centre_d, centre_i = [], []
    for wv, bv in ((4.2, 0.0), (5.0, 1.0), (6.894, -0.5), (10.0, 2.0), (-8.0, 0.3), (40.0, -3.0)):
        lo, hi = B.interval_numeric(wv, bv)
        checks_len_d.append(float(B.interval_length(abs(wv))))
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
              bound_record(np.minimum(act.df(grid), 0.0), np.zeros_like(grid), "bound")),
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
        Equation(sym("u_-"), [d.roots[0]]),
        Equation(sym("u_+"), [d.roots[1]]),
        T("with {p} (Vieta). So {uin}, i.e. z lies in [-log u+, log u+], centred at 0; with z = w a + b "
          "the interval of a is centred at -b/w (at the origin for b = 0) and has the length",
          "mit {p} (Vieta). Also {uin}, d.h. z liegt in [-log u+, log u+], zentriert um 0; mit z = w a + b "
          "ist das Intervall für a um -b/w zentriert (im Ursprung für b = 0) und hat die Länge",
          p=sp.Eq(sym("u_-") * sym("u_+"), d.root_product),
          uin=sp.Contains(u, sp.Interval(sym("u_-"), sym("u_+")))),
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
                             [float(B.interval_length(t)) for t in (4.2, 5.0, 6.9, 10.0, 8.0, 40.0)],
                             "sympy", tolerance=1e-12)),
    ])

    # ---- (b)
    wstar, lmax, slope = B.max_interval_length()
    ws = np.linspace(4, 40, 181)
    fine = np.linspace(4, 60, 560001)
    lv = B.interval_length(fine)
    task_b = Task(T("(b) The interval length as a function of |w|", "(b) Die Intervalllänge als Funktion von |w|"), [
        Plot([Series(T("interval length", "Intervalllänge"), ws, B.interval_length(ws))],
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
        Result(T("maximum", "Maximum"), notation.optimum("max", sp.GreaterThan(wabs, 4), sym("ell")), sp.Float(f"{lmax:.4g}")),
        Result(T("argmax", "Argmax"), notation.optimum("argmax", sp.GreaterThan(wabs, 4), sym("ell")), sp.Float(f"{wstar:.4g}")),
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
              bound_record([slope], [1e-6], "|l'(argmax)| <= 1e-6")),
    ])

    # ---- (c)
    lm = B.lognormal_moments()
    mc = B.monte_carlo(mu_v, s_v, K_v, samples=samples, seed=seed)
    yv = sym("y")
    tv = lm.t
    Kq = lm.K
    EQ = sp.Function("E")
    task_c = Task(T("(c) Mean and variance of Q", "(c) Mittelwert und Varianz von Q"), [
        Step(T("The moment generating function of log q ~ N(μ, s²), by integrating against the normal density:",
               "Die momenterzeugende Funktion von log q ~ N(μ, s²), durch Integration gegen die Normalverteilungsdichte:"),
             [Equation(EQ(sym("q") ** tv),
                       [sp.Integral(sp.exp(tv * yv) * sp.exp(-(yv - lm.mu) ** 2 / (2 * lm.s ** 2))
                                    / sp.sqrt(2 * sp.pi * lm.s ** 2), (yv, -sp.oo, sp.oo)), lm.mgf])]),
        Step(T("The K = L - l factors are independent, so the expectation of the product is the "
               "product of the expectations (used for t = 1 and t = 2):",
               "Die K = L - l Faktoren sind unabhängig, also ist der Erwartungswert des Produkts das "
               "Produkt der Erwartungswerte (verwendet für t = 1 und t = 2):"),
             [Equation(EQ(sym("Q") ** tv), [lm.mgf ** Kq])]),
        Result(T("mean", "Mittelwert"), EQ(sym("Q")), lm.mean),
        Result(T("variance", "Varianz"), sp.Function("Var")(sym("Q")), lm.variance_form),
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
              zscore_record(mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.limit, samples)),
        Check(T("Var[Q]: Monte Carlo within 4 standard errors", "Var[Q]: Monte Carlo innerhalb von 4 Standardfehlern"),
              zscore_record(mc.var_exact, mc.var_estimate, mc.var_se, mc.limit, samples)),
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
