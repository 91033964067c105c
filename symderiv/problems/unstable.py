"""Sheet 001 Tutoraufgabe 6: unstable gradients.

(a) sigma' in [0, 1/4] and the interval of a with |w sigma'(w a + b)| >= 1 (derived, checked
against brentq); (b) its length as a function of |w| with the maximum marked, and why the
activation is unlikely to fall into it (a in (0, 1), a window of length <= 0.448 centred at
-b/w: checked on random (w, b) pairs); (c) mean and variance of Q under exactly the hint's
assumption (the sum of the logarithms is normal), with a uniform counterexample.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Grid, IntRange
from symderiv.problems.gradient_flow_common import relation_record, sigmoid_sup_steps, sym, zscore_record
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Solution, Step, T, Table, Task


# --------------------------------------------------------------------------------------
# 001 Tutoraufgabe 6: unstable gradients
# --------------------------------------------------------------------------------------

def _window_pairs(rng, count=200):
    """Random (w, b) with |w| in [4, 60] (both signs), the centre -b/w in (-1, 2) for most and
    b standard normal for the rest: (w, b, share of a in (0, 1) with |w sigma'(w a + b)| >= 1
    on a grid, exact overlap of the window with (0, 1), distance of -b/w from [0, 1],
    half the window length)."""
    from symderiv.layers import activations as A
    from symderiv.problems import gradient_flow_maths as GM
    a = np.linspace(0.0, 1.0, 100001)
    df = A.get("sigmoid").dnumpy   # sigma' itself (Activation.df also multiplies by ones: the same values)
    out = []
    for k in range(count):
        wv = float(rng.uniform(4.05, 60.0)) * (1 if k % 2 else -1)
        bv = -wv * float(rng.uniform(-1.0, 2.0)) if k % 4 else float(rng.normal())
        share = float(np.mean(np.abs(wv * df(wv * a + bv)) >= 1))
        lo, hi = GM.interval_numeric(wv, bv)
        overlap = max(0.0, min(hi, 1.0) - max(lo, 0.0))
        c = -bv / wv
        out.append((wv, bv, share, overlap, max(0.0, -c, c - 1.0), (hi - lo) / 2))
    return out


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
    from symderiv.problems import gradient_flow_maths as GM
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

    act, crit, z0, z = sigmoid_sup_steps()
    grid = np.linspace(-30, 30, 60001)
    d = GM.interval_derivation()
    W, u = d.W, d.u
    a_sym, b_sym, w_sym = sym("a"), sym("b"), sym("w")

    lim = [c for c in act.bounds.candidates if c.kind == "limit"]
    given = [T("One neuron per layer; {q} with {z} and the sigmoid {sg}; below {a} stands for {al}.",
               "Ein Neuron pro Schicht; {q} mit {z} und der Sigmoid-Funktion {sg}; im Folgenden steht {a} "
               "für {al}.",
               q=sp.Eq(sym("q"), sp.Abs(w_sym * B.dsigma(sym("z")))),
               z=sp.Eq(sym("z"), notation.terms(w_sym * a_sym, b_sym)), sg=sym("sigma"), a=a_sym,
               al=sym("a__l-1"))]

    # ---- (a)
    checks_len_d, checks_len_i = [], []
    centre_d, centre_i = [], []
    for wv, bv in ((4.2, 0.0), (5.0, 1.0), (6.894, -0.5), (10.0, 2.0), (-8.0, 0.3), (40.0, -3.0)):
        lo, hi = GM.interval_numeric(wv, bv)
        checks_len_d.append(float(GM.interval_length(abs(wv))))
        checks_len_i.append(hi - lo)
        centre_d.append(-bv / wv)
        centre_i.append((lo + hi) / 2)
    length_fn = sp.lambdify(W, d.length)
    um, up = sym("u_-"), sym("u_+")
    ell = sp.Function("ell")
    task_a = Task(T("(a) The derivative of the sigmoid and the interval",
                    "(a) Die Ableitung der Sigmoid-Funktion und das Intervall"), [
        Step(T("{d}, positive everywhere. Its only critical point (zero of the next derivative, "
               "solveset) is {z0}; there the second derivative is {sec} (maximum) and the value is "
               "{v}; the limits for {zinf} are {l}. Hence",
               "{d}, überall positiv. Ihr einziger kritischer Punkt (Nullstelle der nächsten Ableitung, "
               "solveset) ist {z0}; dort ist die zweite Ableitung {sec} (Maximum) und der Wert {v}; "
               "die Grenzwerte für {zinf} sind {l}. Also",
               d=sp.Eq(B.dsigma(z), act.derivative.subs(A.X, z)), z0=sp.Eq(z, z0),
               sec=sp.StrictLessThan(crit.second, 0, evaluate=False), v=crit.value,
               zinf=notation.tends(sp.Abs(z), sp.oo), l=lim[0].value),
             [Equation(0, [B.dsigma(z)], relation=r"\le"), Equation(B.dsigma(z), [act.sup], relation=r"\le")]),
        Check(T("maximum of {s} on a grid of 60001 points on {iv} = {q}",
                "Maximum von {s} auf einem Gitter aus 60001 Punkten auf {iv} = {q}",
                s=B.dsigma(z), iv=sp.Interval(-30, 30), q=act.sup),
              verify.compare(float(act.sup), float(act.df(grid).max()), "grid", tolerance=1e-9)),
        Check(T("{c} on the same grid", "{c} auf demselben Gitter", c=sp.Ge(B.dsigma(z), 0)),
              relation_record(act.df(grid), np.zeros_like(grid), r"\ge")),
        Step(T("Solve {c} for {a}. Substitute {u} in {ds}:",
               "Löse {c} nach {a} auf. Setze {u} in {ds} ein:",
               c=sp.GreaterThan(sp.Abs(w_sym * B.dsigma(notation.terms(w_sym * a_sym, b_sym))), 1), a=a_sym,
               u=sp.Eq(u, sp.exp(-z)), ds=B.dsigma(z)),
             [Equation(B.dsigma(z), [d.dsig, d.dsig_u]),
              Equation(W * d.dsig_u, [1], relation=r"\ge"),
              Equation(d.inequality_poly, [0], relation=r"\le")]),
        T("(writing {W} and multiplying by {pos}). The quadratic has real roots if and only if its "
          "discriminant {disc} is nonnegative, i.e. {thr}: for {wl} the condition never holds. The roots are",
          "(mit {W} und Multiplikation mit {pos}). Die quadratische Gleichung hat genau dann reelle "
          "Nullstellen, wenn ihre Diskriminante {disc} nichtnegativ ist, d. h. {thr}: Für {wl} gilt die "
          "Bedingung nie. Die Nullstellen sind",
          W=sp.Eq(W, sp.Abs(w_sym)), pos=sp.StrictGreaterThan(notation.power(notation.terms(1, u), 2), 0,
                                                             evaluate=False),
          disc=d.discriminant, thr=notation.element(W, d.w_threshold), wl=sp.Lt(sp.Abs(w_sym), 4)),
        Equation(um, [d.roots[0]]),
        Equation(up, [d.roots[1]]),
        T("with {p} (Vieta). So {uin}, i.e. {zin}, centred at 0; with {zd} the interval of {a} is "
          "centred at {c} (at the origin for {b0}) and has the length",
          "mit {p} (Vieta). Also {uin}, d. h. {zin}, zentriert um 0; mit {zd} ist das Intervall für {a} "
          "um {c} zentriert (im Ursprung für {b0}) und hat die Länge",
          p=sp.Eq(um * up, d.root_product), uin=notation.element(u, sp.Interval(um, up)),
          zin=notation.element(z, sp.Interval(-sp.log(up), sp.log(up))),
          zd=sp.Eq(z, notation.terms(w_sym * a_sym, b_sym)), a=a_sym, c=-b_sym / w_sym, b0=sp.Eq(b_sym, 0)),
        Result(T("interval length", "Intervalllänge"), ell(W), d.sheet_length),
        Step(T("This is the derived length {lz} (as {uu}); SymPy shows that {up} equals the sheet's "
               "log argument for {w4}:",
               "Das ist die hergeleitete Länge {lz} (da {uu}); SymPy zeigt, dass {up} für {w4} gleich "
               "dem Argument des Logarithmus im Blatt ist:",
               lz=sp.Eq(notation.terms(sp.log(up), -sp.log(um)) / W, 2 * sp.log(up) / W, evaluate=False),
               uu=sp.Eq(um, 1 / up), up=up, w4=sp.Ge(W, 4)),
             [Equation(ell(W), [d.length_z / W, d.length])]),
        Check(T("length formula vs. direct numeric solution (brentq) for 6 pairs {wb}",
                "Längenformel gegen direkte numerische Lösung (brentq) für 6 Paare {wb}", wb=sp.Tuple(w_sym, b_sym)),
              verify.compare(checks_len_d, checks_len_i, "brentq", tolerance=1e-9)),
        Check(T("centre {c} vs. numeric interval", "Mittelpunkt {c} gegen numerisches Intervall", c=-b_sym / w_sym),
              verify.compare(centre_d, centre_i, "brentq", tolerance=1e-9)),
        Check(T("derived length (roots {r}) = sheet formula at 6 values of {W}",
                "hergeleitete Länge (Nullstellen {r}) = Formel des Blatts an 6 Werten von {W}",
                r=sp.Tuple(um, up), W=W),
              verify.compare([float(length_fn(t)) for t in (4.2, 5.0, 6.9, 10.0, 8.0, 40.0)],
                             [float(GM.interval_length(t)) for t in (4.2, 5.0, 6.9, 10.0, 8.0, 40.0)],
                             "sympy", tolerance=1e-12)),
    ])

    # ---- (b)
    wstar, lmax, slope = GM.max_interval_length()
    ws = np.linspace(4, 40, 181)
    fine = np.linspace(4, 60, 560001)
    lv = GM.interval_length(fine)
    pairs = _window_pairs(np.random.default_rng(seed + 3))
    frac_grid = np.array([p[2] for p in pairs])
    frac_exact = np.array([p[3] for p in pairs])
    meets = frac_exact > 0
    dist = np.array([p[4] for p in pairs])
    half = np.array([p[5] for p in pairs])
    lm3 = sp.Float(lmax, 3)
    wmax = sym("w__*")
    task_b = Task(T("(b) The interval length as a function of {W}", "(b) Die Intervalllänge als Funktion von {W}",
                    W=sp.Abs(w_sym)), [
        Plot([Series(T("interval length", "Intervalllänge"), ws, GM.interval_length(ws)),
              Series(T("maximum", "Maximum"), [wstar], [lmax], "only marks, mark=*, mark size=2.5pt")],
             xlabel=sp.Abs(w_sym), ylabel=ell(sp.Abs(w_sym)),
             caption=T("Length of the interval of {a} with {c}; the dot marks the maximum {m}.",
                       "Länge des Intervalls der {a} mit {c}; der Punkt markiert das Maximum {m}.",
                       a=a_sym, c=sp.Ge(sp.Abs(w_sym * B.dsigma(notation.terms(w_sym * a_sym, b_sym))), 1),
                       m=sp.Tuple(sp.Float(wstar, 4), sp.Float(lmax, 4)))),
        T("Bounded scalar minimisation of the negative length (scipy) on {iv} gives the maximum {lm} "
          "at {ws}; there the derivative of the length is {sl}. The length tends to 0 for {w4} and "
          "behaves like {asym} for large {W}.",
          "Beschränkte skalare Minimierung der negativen Länge (scipy) auf {iv} liefert das Maximum "
          "{lm} bei {ws}; dort ist die Ableitung der Länge {sl}. Die Länge strebt für {w4} gegen 0 und "
          "verhält sich für große {W} wie {asym}.",
          iv=sp.Interval(4, 60), lm=sp.Float(lmax, 4), ws=sp.Eq(wmax, sp.Float(wstar, 4)), sl=slope,
          w4=notation.tends(W, 4), asym=2 * sp.log(W) / W, W=W),
        Result(T("maximum", "Maximum"), notation.optimum("max", sp.Ge(W, 4), ell(W)), sp.Float(f"{lmax:.4g}")),
        Result(T("maximising weight", "maximierendes Gewicht"),
               notation.optimum("argmax", sp.Ge(W, 4), ell(W)), sp.Float(f"{wstar:.4g}")),
        T("Why it is unlikely: {a} is itself a sigmoid output, so {ain}. The factor exceeds 1 only "
          "for {a} in the window of length {ell} centred at {c}. Hence (i) the window covers at most "
          "about {lm} of the possible values {iv}, and less for large {W}; (ii) it meets {iv} at all "
          "only if {c} lies within {h} of {iv}, that is, if {b} is about {wa} for some {ain}: the bias "
          "must be matched to the weight. For a weight and a bias that are not tuned to each other "
          "the factor {q} stays below 1, and vanishing gradients are the normal case.",
          "Warum es unwahrscheinlich ist: {a} ist selbst eine Ausgabe der Sigmoid-Funktion, also "
          "{ain}. Der Faktor übersteigt 1 nur für {a} im Fenster der Länge {ell} um {c}. Daher "
          "(i) überdeckt das Fenster höchstens etwa {lm} der möglichen Werte {iv}, für große {W} "
          "weniger; (ii) trifft es {iv} überhaupt nur, wenn {c} höchstens {h} von {iv} entfernt "
          "liegt, also wenn {b} ungefähr {wa} für ein {ain} ist: Der Bias muss auf das Gewicht "
          "abgestimmt sein. Für Gewicht und Bias, die nicht aufeinander abgestimmt sind, bleibt der "
          "Faktor {q} unter 1, und verschwindende Gradienten sind der Normalfall.",
          a=a_sym, ain=notation.element(a_sym, sp.Interval.open(0, 1)), ell=ell(W), c=-b_sym / w_sym,
          lm=lm3, iv=sp.Interval.open(0, 1), W=W, h=ell(W) / 2, b=b_sym, wa=-w_sym * a_sym, q=sym("q")),
        Check(T("maximum vs. a grid of 560001 points on {iv}", "Maximum gegen ein Gitter aus 560001 Punkten auf {iv}",
                iv=sp.Interval(4, 60)),
              verify.compare(lmax, float(lv.max()), "grid", tolerance=1e-8)),
        Check(T("maximising weight vs. grid (step 0.0001)", "maximierendes Gewicht gegen Gitter (Schrittweite 0,0001)"),
              verify.compare(wstar, float(fine[np.argmax(lv)]), "grid", tolerance=1e-5)),
        Check(T("derivative of the length at {ws} vanishes", "Ableitung der Länge bei {ws} verschwindet",
                ws=wmax),
              relation_record([abs(slope)], [1e-6], r"\le")),
        Check(T("share of {iv} with {c} (grid of 100001 points) = overlap of the window with {iv} "
                "to within two grid steps, {k} random pairs {wb}",
                "Anteil von {iv} mit {c} (Gitter aus 100001 Punkten) = Überlappung des Fensters mit {iv} "
                "bis auf zwei Gitterschritte, {k} zufällige Paare {wb}",
                iv=sp.Interval.open(0, 1), c=sp.Ge(sym("q"), 1), k=len(pairs), wb=sp.Tuple(w_sym, b_sym)),
              relation_record(np.abs(frac_grid - frac_exact), np.full(len(pairs), 2e-5), r"\le", "grid")),
        Check(T("(i) share at most {lm}, every pair", "(i) Anteil höchstens {lm}, jedes Paar", lm=lm3),
              relation_record(frac_exact, np.full(len(pairs), float(lm3)), r"\le")),
        Check(T("(ii) window meets {iv} only if {c} lies within {h} of {iv} ({k} pairs that meet it)",
                "(ii) Fenster trifft {iv} nur, wenn {c} höchstens {h} von {iv} entfernt ist ({k} Paare, "
                "die es treffen)", iv=sp.Interval.open(0, 1), c=-b_sym / w_sym, h=ell(W) / 2, k=int(meets.sum())),
              relation_record(dist[meets], half[meets], r"\le")),
    ])

    # ---- (c)
    lm = GM.lognormal_moments()
    mc = GM.monte_carlo(mu_v, s_v, K_v, samples=samples, seed=seed)
    yv, tv, Kq = sym("y"), lm.t, lm.K
    EQ = sp.Function("E")
    Var = sp.Function("Var")
    S, Q, q = sym("S"), sym("Q"), sym("q")
    m_s, v_s = sym("m"), sp.Symbol("v", positive=True)
    mgf_S = lm.mgf.subs({lm.mu: m_s, lm.s: v_s})
    mgf_Q = sp.simplify(lm.mgf.subs({lm.mu: Kq * lm.mu, lm.s: sp.sqrt(Kq) * lm.s}))
    logq = sp.log(q)
    routes = []
    for (mu_t, s_t, k_t) in ((mu_v, s_v, K_v), (0.3, 0.2, 3), (-2.0, 1.0, 2)):
        sub = {lm.mu: mu_t, lm.s: s_t, Kq: k_t}
        routes.append((float(mgf_Q.subs(tv, 1).subs(sub)), float(lm.mean.subs(sub))))
        routes.append((float((mgf_Q.subs(tv, 2) - mgf_Q.subs(tv, 1) ** 2).subs(sub)),
                       float(lm.variance_form.subs(sub))))
    uni = _uniform_example(mu_v, s_v, K_v, samples, seed)
    params_eq = sp.Tuple(sp.Eq(sym("mu"), sp.nsimplify(mu_v)), sp.Eq(lm.s, sp.nsimplify(s_v)), sp.Eq(Kq, K_v))
    task_c = Task(T("(c) Mean and variance of {Q}", "(c) Mittelwert und Varianz von {Q}", Q=Q), [
        Step(T("What is assumed. Given are independent, identically distributed {q} with {m} and {v}. "
               "For the sum {Sd} of the {K} logarithms, linearity and independence (the hint's remark "
               "on variances) give, without any further assumption,",
               "Was angenommen wird. Gegeben sind unabhängige, identisch verteilte {q} mit {m} und {v}. "
               "Für die Summe {Sd} der {K} Logarithmen folgt aus Linearität und Unabhängigkeit "
               "(die Bemerkung des Hinweises zu Varianzen) ohne weitere Annahme",
               q=sym("q__l"), m=sp.Eq(EQ(logq), lm.mu), v=sp.Eq(Var(logq), lm.s ** 2),
               Sd=sp.Eq(S, sp.Sum(sp.log(sp.IndexedBase("q")[sym("m")]), (sym("m"), sym("l") + 1, sym("L")))),
               K=sp.Eq(Kq, notation.terms(sym("L"), -sym("l")))),
             [Equation(EQ(S), [Kq * lm.mu]), Equation(Var(S), [Kq * lm.s ** 2])]),
        T("The hint adds exactly one assumption: {S} is normal, {law}, so that {Qd} is log-normal. It "
          "does not require each {lq} to be normal; that would be sufficient (a sum of independent "
          "normal variables is normal) but is a stronger assumption. For other distributions of {lq}, "
          "{S} is only approximately normal (central limit theorem), and the formulas below are "
          "approximations (an example follows).",
          "Der Hinweis fügt genau eine Annahme hinzu: {S} ist normalverteilt, {law}, sodass {Qd} "
          "log-normalverteilt ist. Er verlangt nicht, dass jedes {lq} normalverteilt ist; das wäre "
          "hinreichend (eine Summe unabhängiger normalverteilter Größen ist normalverteilt), aber eine "
          "stärkere Annahme. Für andere Verteilungen von {lq} ist {S} nur näherungsweise normalverteilt "
          "(zentraler Grenzwertsatz), und die Formeln unten sind Näherungen (ein Beispiel folgt).",
          S=S, law=notation.normal_variance(S, Kq * lm.mu, Kq * lm.s ** 2), Qd=sp.Eq(Q, sp.exp(S)), lq=logq),
        Step(T("The moment generating function of a normal variable {law}, by integrating against its density:",
               "Die momenterzeugende Funktion einer normalverteilten Größe {law}, durch Integration gegen "
               "ihre Dichte:", law=notation.normal_variance(S, m_s, v_s ** 2)),
             [Equation(EQ(sp.exp(tv * S)),
                       [sp.Integral(sp.exp(tv * yv) * sp.exp(-(yv - m_s) ** 2 / (2 * v_s ** 2))
                                    / sp.sqrt(2 * sp.pi * v_s ** 2), (yv, -sp.oo, sp.oo)), mgf_S])]),
        Step(T("With {m} and {v}, and {Qt}, for {t1} and {t2}:",
               "Mit {m} und {v} sowie {Qt}, für {t1} und {t2}:",
               m=sp.Eq(m_s, Kq * lm.mu), v=sp.Eq(v_s ** 2, Kq * lm.s ** 2), Qt=sp.Eq(Q ** tv, sp.exp(tv * S)),
               t1=sp.Eq(tv, 1), t2=sp.Eq(tv, 2)),
             [Equation(EQ(Q ** tv), [mgf_Q])]),
        Result(T("mean", "Mittelwert"), EQ(Q), lm.mean),
        Result(T("variance", "Varianz"), Var(Q), lm.variance_form),
        Table([T("", ""), T("exact", "exakt"), T("Monte Carlo", "Monte-Carlo"),
               T("standard error", "Standardfehler"), sp.Abs(sym("z"))],
              [[EQ(Q), mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.z_mean],
               [Var(Q), mc.var_exact, mc.var_estimate, mc.var_se, mc.z_var]],
              T("{p}; {n} samples of {K} normal logarithms each (NumPy, seed {seed}). Standard error of "
                "the variance from the derived fourth central moment.",
                "{p}; {n} Stichproben aus je {K} normalverteilten Logarithmen (NumPy, Startwert {seed}). "
                "Standardfehler der Varianz aus dem hergeleiteten vierten zentralen Moment.",
                p=params_eq, n=samples, K=Kq, seed=seed)),
        T("The spread is the problem: {r}, so for fixed {mu} and {s} the relative spread grows "
          "exponentially with the number {K} of factors, and the gradients of different layers "
          "differ by orders of magnitude.",
          "Das Problem ist die Streuung: {r}; bei festem {mu} und {s} wächst die relative Streuung also "
          "exponentiell mit der Anzahl {K} der Faktoren, und die Gradienten verschiedener Schichten "
          "unterscheiden sich um Größenordnungen.",
          r=sp.Eq(Var(Q) / EQ(Q) ** 2, notation.terms(sp.exp(Kq * lm.s ** 2), -1)), mu=lm.mu, s=lm.s, K=Kq),
        T("Example without the hint's assumption: {lq} uniform on {iv} has the same mean and variance, "
          "but {S} is not normal. Then exactly {eu} = {ev}, while the log-normal formula gives {el}: "
          "a relative difference of {rd}.",
          "Beispiel ohne die Annahme des Hinweises: {lq} gleichverteilt auf {iv} hat denselben Mittelwert "
          "und dieselbe Varianz, aber {S} ist nicht normalverteilt. Dann ist exakt {eu} = {ev}, während "
          "die Formel der Log-Normalverteilung {el} liefert: ein relativer Unterschied von {rd}.",
          lq=logq, iv=sp.Interval(notation.terms(lm.mu, -sp.sqrt(3) * lm.s), notation.terms(lm.mu, sp.sqrt(3) * lm.s)),
          S=S, eu=sp.Eq(EQ(Q), notation.power(uni["mgf_expr"], Kq)), ev=sp.Float(uni["exact"], 4),
          el=sp.Float(mc.mean_exact, 4), rd=sp.Float(uni["exact"] / mc.mean_exact - 1, 2)),
        Check(T("{e}: Monte Carlo within 4 standard errors", "{e}: Monte-Carlo innerhalb von 4 Standardfehlern", e=EQ(Q)),
              zscore_record(mc.mean_exact, mc.mean_estimate, mc.mean_se, mc.limit, samples)),
        Check(T("{e}: Monte Carlo within 4 standard errors", "{e}: Monte-Carlo innerhalb von 4 Standardfehlern",
                e=Var(Q)),
              zscore_record(mc.var_exact, mc.var_estimate, mc.var_se, mc.limit, samples)),
        Check(T("moment generating function vs. numerical integration (scipy quad), {t}",
                "momenterzeugende Funktion gegen numerische Integration (scipy quad), {t}",
                t=notation.element(tv, sp.FiniteSet(1, 2))),
              verify.compare([float(lm.mgf.subs({lm.mu: mu_v, lm.s: s_v, tv: t})) for t in (1, 2)],
                             [_quad_mgf(mu_v, s_v, t) for t in (1, 2)], "quad", tolerance=1e-9)),
        Check(T("moments from {law} = product of the factors' moments (each {lq} normal), 3 parameter sets",
                "Momente aus {law} = Produkt der Momente der Faktoren (jedes {lq} normalverteilt), "
                "3 Parametersätze", law=notation.normal_variance(S, Kq * lm.mu, Kq * lm.s ** 2), lq=logq),
              verify.compare([r[0] for r in routes], [r[1] for r in routes], "sympy", tolerance=1e-12)),
        Check(T("uniform {lq}: exact {e} vs. Monte Carlo within 4 standard errors",
                "gleichverteiltes {lq}: exaktes {e} gegen Monte-Carlo innerhalb von 4 Standardfehlern",
                lq=logq, e=EQ(Q)),
              zscore_record(uni["exact"], uni["estimate"], uni["se"], 4.0, samples)),
    ])
    return Solution("unstable-gradients",
                    T("Unstable gradients in deep neural networks", "Instabile Gradienten bei tiefen neuronalen Netzen"),
                    source="shared/seeds/001, Tutoraufgabe 6", given=given, tasks=[task_a, task_b, task_c])


def _quad_mgf(mu, sd, t):
    from scipy.integrate import quad
    val, _ = quad(lambda y: np.exp(t * y - (y - mu) ** 2 / (2 * sd ** 2)) / np.sqrt(2 * np.pi * sd ** 2),
                  mu - 40 * sd, mu + 40 * sd + t * sd ** 2, epsabs=0, epsrel=1e-12, limit=200)
    return float(val)


def _uniform_example(mu, sd, K, samples, seed):
    """log q uniform on [mu - sqrt(3) sd, mu + sqrt(3) sd] (same mean and variance): the exact
    E[Q] = (E[q])^K with E[q] from SymPy's integral, and a Monte Carlo estimate."""
    y = sp.Symbol("y", real=True)
    m, s = sp.Symbol("mu", real=True), sp.Symbol("s", positive=True)
    lo, hi = m - sp.sqrt(3) * s, m + sp.sqrt(3) * s
    integral = sp.integrate(sp.exp(y), (y, lo, hi)) / (hi - lo)
    Eq_ = sp.exp(m) * sp.sinh(sp.sqrt(3) * s) / (sp.sqrt(3) * s)   # the same, written with sinh
    if sp.simplify((integral - Eq_).rewrite(sp.exp)) != 0:
        raise ValueError("uniform E[q]: the sinh form differs from the integral")
    exact = float(integral.subs({m: mu, s: sd})) ** K
    rng = np.random.default_rng(seed + 21)
    r = np.sqrt(3) * sd
    Qs = np.exp(rng.uniform(mu - r, mu + r, size=(samples, K)).sum(axis=1))
    return {"mgf_expr": Eq_, "exact": exact, "estimate": float(Qs.mean()),
            "se": float(Qs.std(ddof=1) / np.sqrt(samples))}
