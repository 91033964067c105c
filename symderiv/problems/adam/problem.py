"""Exercise 001, Aufgabe 11 (Adam): Algorithm 1 of Kingma & Ba and its bias correction.

The mathematics is in :mod:`symderiv.adam_bias`; this module assembles the Solution.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid
from symderiv.documents.model import (Check, Equation, Plot, Result, Series, Solution, Step, T, Table,
                        Task)

#: the worked example: f(theta) = theta_1^2 + 10 theta_2^2 (badly scaled on purpose)
EXAMPLE_SCALES = (1, 10)


def _vec(values) -> tuple:
    return tuple(float(v) for v in values)


@register("adam",
          "Adam (Kingma & Ba, Algorithm 1): bias correction derived symbolically, Monte Carlo check",
          source="001 Aufgabe 11", lang="de",
          params=[Param("beta1", 0.9, "decay rate of the first moment", Choice((0.8, 0.85, 0.9, 0.95))),
                  Param("beta2", 0.999, "decay rate of the second moment", Choice((0.99, 0.995, 0.999))),
                  Param("learning_rate", 0.1, "step size alpha of the worked example", Choice((0.01, 0.05, 0.1, 0.2))),
                  Param("g_mean", 0.5, "mean of the simulated stationary gradients", Grid(-1.0, 1.0, 0.25, exclude=(0.0,))),
                  Param("g_std", 1.0, "standard deviation of the simulated gradients"),
                  Param("runs", 20000, "Monte Carlo runs"),
                  Param("steps", 10, "time steps of the simulation")])
def build(params: dict, seed: int) -> Solution:
    from symderiv.problems.adam import bias as A
    from symderiv.problems.adam import questions as Q
    from symderiv.verify import compare

    b1, b2 = float(params["beta1"]), float(params["beta2"])
    lr = float(params["learning_rate"])
    gm, gs = float(params["g_mean"]), float(params["g_std"])
    runs, steps = int(params["runs"]), int(params["steps"])
    if not (0 < b1 < 1 and 0 < b2 < 1):
        raise ProblemError("beta1 and beta2 must lie strictly between 0 and 1")
    if not 0 < lr <= 10:
        raise ProblemError("learning_rate must lie in (0, 10]")
    if gs <= 0 or not abs(gm) < 1e6 or gs > 1e6:
        raise ProblemError("g_std must be positive and g_mean, g_std moderate")
    if not 100 <= runs <= 200000:
        raise ProblemError("runs must lie between 100 and 200000")
    if not 1 <= steps <= 50:
        raise ProblemError("steps must lie between 1 and 50")

    t = A.t
    m, v, g, mhat, vhat, theta = A.m, A.v, A.gt, A.mhat, A.vhat, A.theta
    T50 = notation.element(t, sp.Range(1, 51))  # the steps of the symbolic checks
    beta1, beta2 = A.beta1, A.beta2
    first, second = A.derive()
    Eg, Eg2 = first.mean, second.mean

    given = [
        T("Adam (Kingma & Ba 2015) keeps exponential moving averages of the gradient {m} and of "
          "its square {v}, both started at zero, and divides them by {c1} and {c2}. Why? We derive "
          "the expectations for stationary gradients ({st} for all t), verify them by simulation "
          "and check the optimizer of symderiv.nn.optim step by step.",
          "Adam (Kingma & Ba 2015) bildet exponentiell gleitende Mittel des Gradienten {m} und "
          "seines Quadrats {v}, beide mit null gestartet, und teilt sie durch {c1} bzw. {c2}. "
          "Warum? Wir leiten die Erwartungswerte für stationäre Gradienten her ({st} für alle t), "
          "prüfen sie durch Simulation und kontrollieren den Optimierer aus symderiv.nn.optim "
          "Schritt für Schritt.",
          m=m[t], v=v[t], c1=1 - beta1 ** t, c2=1 - beta2 ** t,
          st=sp.Eq(A.Mean(g[t]), sp.Symbol("g"))),
    ]

    # ---- task 1: Algorithm 1 ---------------------------------------------------------------
    t1 = Task(T("Algorithm 1 of Kingma & Ba", "Algorithmus 1 von Kingma & Ba"))
    t1.blocks.append(Step(
        T("Initialisation: {m0}, {v0}, {t0}. Then, as long as {th} has not converged:",
          "Initialisierung: {m0}, {v0}, {t0}. Dann, solange {th} nicht konvergiert ist:",
          m0=sp.Eq(m[0], 0), v0=sp.Eq(v[0], 0), t0=sp.Eq(t, 0, evaluate=False), th=theta[t]),
        [Equation(lhs, [rhs], relation=r"\leftarrow") for lhs, rhs in A.algorithm_steps()]))
    t1.blocks.append(T(
        "The counter {t} is incremented first, so the first update uses {t1}, and both "
        "corrections use the new {t}: {m1}. Default values: {a}, {b1}, {b2} and {e}.",
        "Der Zähler {t} wird zuerst erhöht, die erste Aktualisierung verwendet also {t1}, und "
        "beide Korrekturen verwenden das neue {t}: {m1}. Standardwerte: {a}, {b1}, {b2} und {e}.",
        t=t, t1=sp.Eq(t, 1, evaluate=False), m1=sp.Eq(mhat[1], m[1] / (1 - beta1)),
        a=sp.Eq(A.alpha, sp.Float(0.001, 3)), b1=sp.Eq(beta1, sp.Float(0.9, 2)),
        b2=sp.Eq(beta2, sp.Float(0.999, 3)), e=sp.Eq(A.epsilon, notation.power(10, -8))))

    # ---- task 2: derivation ----------------------------------------------------------------
    t2 = Task(T("Bias of the moment estimates", "Verzerrung der Momentschätzer"))
    t2.blocks.append(Step(
        T("Unrolling the recursion from {m0} gives a weighted sum of all gradients so far:",
          "Abrollen der Rekursion ab {m0} ergibt eine gewichtete Summe aller bisherigen Gradienten:",
          m0=sp.Eq(m[0], 0)),
        [Equation(first.recursion[0], [first.recursion[1], first.unrolled])]))
    xs = sp.symbols(f"x_1:{len(first.unrolled_checks) + 1}")
    rows = []
    for tt, mt, ok in first.unrolled_checks[:4]:
        # SymPy's expanded coefficient of g_i, shown as (1 - beta1) beta1^(t-i) once proven equal
        same = all(sp.expand(mt.coeff(xs[i - 1]) - (1 - beta1) * beta1 ** (tt - i)) == 0
                   for i in range(1, tt + 1))
        shown = sp.Add(*[(1 - beta1) * beta1 ** (tt - i) * g[i] for i in range(1, tt + 1)])
        rows.append([tt, shown, T("yes", "ja") if (ok and same) else T("NO", "NEIN")])
    t2.blocks.append(Table([t, m[t], T("mean = {c}", "Mittel = {c}", c=(1 - beta1 ** t) * Eg)], rows,
                           caption=T("The recursion unrolled by SymPy; the last column: the expectation "
                                     "of the expanded sum equals the closed form.",
                                     "Die Rekursion, von SymPy abgerollt; letzte Spalte: der Erwartungswert "
                                     "der ausmultiplizierten Summe ist die geschlossene Form.")))
    t2.blocks.append(Step(
        T("The expectation is linear; with stationary gradients every term has the same mean, and "
          "SymPy sums the geometric series (for {ne}):",
          "Der Erwartungswert ist linear; bei stationären Gradienten haben alle Terme denselben "
          "Mittelwert, und SymPy summiert die geometrische Reihe (für {ne}):",
          ne=sp.Ne(beta1, 1)),
        [Equation(A.Mean(m[t]), [first.expectation_sum,
                                 (1 - beta1) * Eg * first.series_value, first.expectation])]))
    base_eq = sp.Eq(sp.Mul(1 - sp.Pow(beta1, 0, evaluate=False), sp.Symbol("g"), evaluate=False),
                    first.base_case, evaluate=False)
    res_lhs = sp.Add((1 - beta1 ** t) * sp.Symbol("g"), -beta1 * (1 - beta1 ** (t - 1)) * sp.Symbol("g"),
                     -(1 - beta1) * sp.Symbol("g"), evaluate=False)
    t2.blocks.append(Step(
        T("Induction check: the closed form satisfies the recursion of the means and the start value:",
          "Induktionsprobe: die geschlossene Form erfüllt die Rekursion der Mittelwerte und den Startwert:"),
        [Equation(res_lhs, [first.induction_residual]), Equation(base_eq.lhs, [base_eq.rhs])]))
    # the start value is shown as an equation with the value 0 (never as a Python boolean)
    t2.blocks.append(Check(T("start value of the closed form: {b}", "Startwert der geschlossenen Form: {b}",
                             b=base_eq),
                           compare(float(base_eq.rhs), 0.0, "SymPy", 0.0)))
    t2.blocks.append(Step(
        T("The same computation with the squared gradients gives the second moment:",
          "Dieselbe Rechnung mit den quadrierten Gradienten ergibt das zweite Moment:"),
        [Equation(A.Mean(v[t]), [second.expectation_sum, second.expectation])]))
    t2.blocks.append(Result(T("Bias-corrected estimates are unbiased",
                              "Die korrigierten Schätzer sind erwartungstreu"),
                            A.Mean(mhat[t]), [A.Mean(m[t]) / (1 - beta1 ** t), first.corrected][-1]))
    t2.blocks.append(Result(T("The corrected second moment is unbiased too",
                              "Auch das korrigierte zweite Moment ist erwartungstreu"),
                            A.Mean(vhat[t]), second.corrected))
    ratio_sym = (1 - beta1) / sp.sqrt(1 - beta2)
    ratio_val = float(ratio_sym.subs({beta1: b1, beta2: b2}))
    t2.blocks.append(Step(T(
        "Why it matters: in the first step {m1} and {v1}. Without correction the first step "
        "would be {ratio} times as long as the corrected step {step} (with {b}).",
        "Warum das wichtig ist: im ersten Schritt ist {m1} und {v1}. Ohne Korrektur wäre der erste "
        "Schritt {ratio}-mal so lang wie der korrigierte Schritt {step} (mit {b}).",
        m1=sp.Eq(m[1], (1 - beta1) * g[1]), v1=sp.Eq(v[1], (1 - beta2) * g[1] ** 2),
        ratio=sp.Eq(ratio_sym, sp.Float(ratio_val, 4)),
        step=sp.Eq(theta[1], theta[0] - A.alpha * g[1] / (sp.Abs(g[1]) + A.epsilon)),
        b=sp.Tuple(sp.Eq(beta1, sp.Float(b1, 6)), sp.Eq(beta2, sp.Float(b2, 6))))))
    # numeric checks of the algebra
    ts = np.arange(1, 51)
    series = np.array([float(first.series_value.subs({beta1: b1, t: int(tt)})) for tt in ts])
    explicit = np.array([sum(b1 ** (tt - kk) for kk in range(1, tt + 1)) for tt in ts])
    t2.blocks.append(Check(T("SymPy's geometric series vs the explicit sum, {t}",
                             "SymPys geometrische Reihe gegen die explizite Summe, {t}", t=T50),
                           compare(series, explicit, "summation", 1e-12)))
    mean_rec, out1, out2 = 0.0, [], []
    vrec = 0.0
    for tt in ts:
        mean_rec = b1 * mean_rec + (1 - b1) * gm
        vrec = b2 * vrec + (1 - b2) * (gm ** 2 + gs ** 2)
        out1.append(mean_rec)
        out2.append(vrec)
    closed1 = [float(first.expectation.subs({beta1: b1, t: int(tt), Eg: gm})) for tt in ts]
    closed2 = [float(second.expectation.subs({beta2: b2, t: int(tt), Eg2: gm ** 2 + gs ** 2})) for tt in ts]
    t2.blocks.append(Check(T("closed forms of the means vs the recursion of the means, {t}",
                             "geschlossene Formen der Mittelwerte gegen die Rekursion der Mittelwerte, {t}", t=T50),
                           compare(closed1 + closed2, out1 + out2, "recursion", 1e-12)))

    # ---- task 3: Monte Carlo -----------------------------------------------------------------
    t3 = Task(T("Simulation with random stationary gradients", "Simulation mit zufälligen stationären Gradienten"))
    sim = A.simulate(gm, gs, b1, b2, steps, runs, seed)
    t3.blocks.append(T(
        "{runs} independent runs with {dist} (seed {seed}); per {t} the mean over the runs, its "
        "standard error (SE) and the deviation from the prediction in standard errors (z).",
        "{runs} unabhängige Läufe mit {dist} (Startwert {seed} des Zufallsgenerators); je {t} der Mittelwert über die Läufe, "
        "sein Standardfehler (SE) und die Abweichung von der Vorhersage in Standardfehlern (z).",
        runs=runs, seed=seed, t=t,
        dist=notation.normal(sp.Symbol("g_t"), sp.Float(gm, 4), sp.Float(gs, 4))))
    rows = [[tt, float(sim.m_mean[i]), float(sim.m_se[i]), float(sim.m_pred[i]), float(sim.z_m[i]),
             float(sim.v_mean[i]), float(sim.v_pred[i]), float(sim.z_v[i])]
            for i, tt in enumerate(sim.ts)]
    zsym = sp.Symbol("z")
    t3.blocks.append(Table(
        [t, sp.Symbol("mbar_t"), T("SE", "SE"), (1 - beta1 ** t) * sp.Symbol("g"), zsym,
         sp.Symbol("vbar_t"), (1 - beta2 ** t) * Eg2, zsym], rows,
        caption=T("Monte Carlo means against the derived expectations.",
                  "Monte-Carlo-Mittelwerte gegen die hergeleiteten Erwartungswerte.")))
    t3.blocks.append(Plot(
        [Series(T("mean of {m}", "Mittel von {m}", m=m[t]), sim.ts, sim.m_mean, "mark=*"),
         Series(T("{p}", "{p}", p=(1 - beta1 ** t) * sp.Symbol("g")), sim.ts, sim.m_pred, "dashed"),
         Series(T("mean of {m}", "Mittel von {m}", m=mhat[t]), sim.ts, sim.mhat_mean, "mark=square*"),
         Series(T("g", "g"), sim.ts, [gm] * len(sim.ts), "dotted")],
        xlabel=t, ylabel="",
        caption=T("The uncorrected first moment starts near zero; the corrected one is centred on {g}.",
                  "Das unkorrigierte erste Moment startet nahe null; das korrigierte liegt um {g}.",
                  g=sp.Symbol("g"))))

    def within_se(mean, pred, se, nse=4.5):
        """All |mean_t - pred_t| <= nse SE_t: a relative tolerance per t; the record shows
        the time step closest to (or beyond) its own tolerance, and counts all steps."""
        mean = np.asarray(mean, dtype=float)
        pred = np.broadcast_to(np.asarray(pred, dtype=float), mean.shape)
        se = np.asarray(se, dtype=float)
        denom = np.maximum(np.abs(mean), np.abs(pred))  # verify's relative error: |a - b| / max(|a|, |b|)
        rel = np.abs(mean - pred) / denom
        tol = nse * se / denom
        worst = int(np.argmax(rel / tol))
        rec = compare(mean[worst], pred[worst], f"Monte Carlo ({runs} runs)", float(tol[worst]))
        rec.points = int(mean.size)
        return rec

    t3.blocks.append(Check(T("mean of {m} vs {p} at every {t} (tolerance: {k} standard errors; "
                             "the step nearest its limit is shown)",
                             "Mittel von {m} gegen {p} für jedes {t} (Toleranz: {k} Standardfehler; "
                             "gezeigt ist der Schritt, der seiner Grenze am nächsten ist)",
                             m=m[t], p=(1 - beta1 ** t) * sp.Symbol("g"), t=t, k=4.5),
                           within_se(sim.m_mean, sim.m_pred, sim.m_se)))
    t3.blocks.append(Check(T("mean of {v} vs {p} at every {t} (tolerance: {k} standard errors)",
                             "Mittel von {v} gegen {p} für jedes {t} (Toleranz: {k} Standardfehler)",
                             v=v[t], p=(1 - beta2 ** t) * Eg2, t=t, k=4.5),
                           within_se(sim.v_mean, sim.v_pred, sim.v_se)))
    t3.blocks.append(Check(T("mean of {m} vs {g} at every {t} (tolerance: {k} standard errors)",
                             "Mittel von {m} gegen {g} für jedes {t} (Toleranz: {k} Standardfehler)", m=mhat[t],
                             g=sp.Symbol("g"), t=t, k=4.5),
                           within_se(sim.mhat_mean, gm, sim.mhat_se)))

    # ---- task 4: worked example ----------------------------------------------------------
    t4 = Task(T("Adam step by step", "Adam Schritt für Schritt"))
    th1, th2 = sp.symbols("theta_1 theta_2", real=True)
    fexpr = EXAMPLE_SCALES[0] * th1 ** 2 + EXAMPLE_SCALES[1] * th2 ** 2
    grad_exprs = [sp.diff(fexpr, th1), sp.diff(fexpr, th2)]
    grad_np = sp.lambdify([th1, th2], grad_exprs, "math")

    def grad(th):
        return list(grad_np(*th))
    theta0 = [1.0, 1.0]
    n_show = 6
    trace = A.adam_trace(theta0, grad, n_show, lr=lr, b1=b1, b2=b2)
    t4.blocks.append(Step(
        T("Minimise {f} from {th0} with {a}; the gradient is {grad}. Although the two gradient "
          "components differ by a factor of 10, both coordinates take the same steps: Adam divides "
          "each component by its own root mean square, so rescaling one coordinate's gradient "
          "does not change its step.",
          "Minimiere {f} ab {th0} mit {a}; der Gradient ist {grad}. Obwohl sich die beiden "
          "Gradientenkomponenten um den Faktor 10 unterscheiden, machen beide Koordinaten dieselben "
          "Schritte: Adam teilt jede Komponente durch ihren eigenen quadratischen Mittelwert, eine "
          "Skalierung des Gradienten einer Koordinate ändert ihren Schritt also nicht.",
          f=sp.Eq(sp.Function("f")(th1, th2), fexpr),
          th0=sp.Eq(sp.Symbol("theta_0"), sp.Tuple(*[sp.Integer(int(x)) for x in theta0])),
          a=sp.Eq(A.alpha, sp.Float(lr, 6)), grad=sp.Tuple(*grad_exprs))))
    rows = [[s.t, _vec(s.g), _vec(s.m), _vec(s.v), _vec(s.mhat), _vec(s.vhat), _vec(s.theta)] for s in trace]
    t4.blocks.append(Table([t, g[t], m[t], v[t], mhat[t], vhat[t], theta[t]], rows,
                           caption=T("Algorithm 1 by hand (plain Python floats, one parameter at a time).",
                                     "Algorithmus 1 von Hand (einfache Python-Gleitkommazahlen, Parameter "
                                     "für Parameter).")))
    s1 = trace[0]
    hand = [theta0[i] - lr * s1.g[i] / (abs(s1.g[i]) + 1e-8) for i in range(2)]
    t4.blocks.append(Check(T("first step vs {e}", "erster Schritt gegen {e}",
                             e=sp.Eq(theta[1], theta[0] - A.alpha * g[1] / (sp.Abs(g[1]) + A.epsilon))),
                           compare(s1.theta, hand, "formula", 1e-14)))
    try:
        from symderiv.nn import optim
    except ImportError:  # pragma: no cover - nn is written concurrently
        optim = None
    if optim is not None and hasattr(optim, "adam"):
        cfg = {"learning_rate": lr, "beta1": b1, "beta2": b2, "epsilon": 1e-8}
        nsteps = 50
        got = A.run_optimizer(optim.adam, theta0, grad, nsteps, cfg)
        ref = A.adam_trace(theta0, grad, nsteps, lr=lr, b1=b1, b2=b2)
        derived = np.concatenate([np.concatenate([w, mm, vv]) for w, _, mm, vv in got])
        independent = np.concatenate([np.array(s.theta + s.m + s.v) for s in ref])
        t4.blocks.append(Check(T("symderiv.nn.optim.adam vs the step-by-step Algorithm 1 ({n} steps: "
                                 "parameters, {m}, {v})",
                                 "symderiv.nn.optim.adam gegen Algorithmus 1 Schritt für Schritt ({n} "
                                 "Schritte: Parameter, {m}, {v})", n=nsteps, m=sp.Symbol("m"), v=sp.Symbol("v")),
                               compare(derived, independent, "second implementation", 1e-12)))
        counters = [tt for _, tt, _, _ in got]
        t4.blocks.append(Check(T("step counter {t} of symderiv.nn.optim.adam, {r}",
                                 "Schrittzähler {t} von symderiv.nn.optim.adam, {r}", t=t,
                                 r=notation.element(t, sp.Range(1, nsteps + 1))),
                               compare(counters, [s.t for s in ref], "counter", 0.0)))
        # the course's check configuration (CS231n test_optim: 4x5 linspace arrays, t = 5)
        N, D = 4, 5
        w = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
        dw = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)
        mm = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
        vv = np.linspace(0.7, 0.5, num=N * D).reshape(N, D)
        nw, c = optim.adam(w.copy(), dw, {"learning_rate": 1e-2, "m": mm.copy(), "v": vv.copy(), "t": 5})
        r = A.adam_trace(w.ravel(), lambda th: dw.ravel(), 1, lr=1e-2, m0=mm.ravel(), v0=vv.ravel(), t0=5)[0]
        t4.blocks.append(Check(T("course check configuration (linspace arrays of size {s}, {t}): next {w}, {m}, {v}",
                                 "Prüfkonfiguration des Kurses (linspace-Felder der Größe {s}, {t}): nächstes {w}, "
                                 "{m}, {v}", s=notation.shape(N, D), t=sp.Eq(t, 5), w=sp.Symbol("w"),
                                 m=sp.Symbol("m"), v=sp.Symbol("v")),
                               compare(np.concatenate([nw.ravel(), c["m"].ravel(), c["v"].ravel()]),
                                       np.array(r.theta + r.m + r.v), "second implementation", 1e-12)))
    else:
        t4.blocks.append(T("symderiv.nn.optim.adam is not available in this installation; only the "
                           "step-by-step reference was run.",
                           "symderiv.nn.optim.adam ist in dieser Installation nicht verfügbar; nur die "
                           "Schritt-für-Schritt-Referenz wurde ausgeführt."))

    answers, check2, check4 = Q.answers_and_checks(b1, b2, lr, gm, gs, trace, A)
    t2.blocks.append(check2)
    t4.blocks.append(check4)
    given.append(Q.given_text(b1, b2, lr, gm, gs, theta0, sp.Eq(sp.Function("f")(th1, th2), fexpr), A))
    return Solution(
        name="adam",
        title=T("Adam: algorithm and bias correction", "Adam: Algorithmus und Bias-Korrektur"),
        source="shared/seeds/001, Aufgabe 11; Kingma & Ba (2015), Algorithm 1",
        given=given, tasks=[t1, t2, t3, t4], answers=answers)
