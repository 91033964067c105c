"""Exercise 004, task 7: approximating a function with one hidden layer of ReLUs.

The mathematics is in :mod:`symderiv.approx`; this module assembles the Solution.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems.nn_common import listing
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, IntRange
from symderiv.documents.model import (Check, Equation, Plot, Result, Series, Solution, Step, T, Table,
                        Task)

MAX_N = 2000


def _read_number(name: str, text: str) -> tuple:
    """``(value, exact expression as written)``."""
    from symderiv.language.parse import ParseError, parse
    try:
        expr = parse(text)
    except ParseError as exc:
        raise ProblemError(f"parameter '{name}': {exc}") from None
    if expr.free_symbols:
        raise ProblemError(f"parameter '{name}' must be a number (like 0, pi/2), not '{text}'")
    try:
        value = float(sp.N(expr))
    except (TypeError, ValueError):
        raise ProblemError(f"parameter '{name}': '{text}' is not a real number") from None
    if not math.isfinite(value):
        raise ProblemError(f"parameter '{name}': '{text}' is not finite")
    return value, expr


def _read_function(text: str):
    from symderiv.language.parse import ParseError, parse, symbol
    x = symbol("x")
    try:
        expr = parse(text)
    except ParseError as exc:
        raise ProblemError(f"parameter 'f': {exc}") from None
    extra = sorted(s.name for s in expr.free_symbols if s != x)
    if extra:
        raise ProblemError(f"parameter 'f' may only use the variable x (found {', '.join(extra)})")
    return x, expr


def _read_ns(values) -> list[int]:
    out = []
    for v in values:
        if v != int(v) or not 2 <= v <= MAX_N:
            raise ProblemError(f"parameter 'ns': every n must be an integer from 2 to {MAX_N} (got {v:g})")
        out.append(int(v))
    if len(out) < 2:
        raise ProblemError("parameter 'ns' needs at least two values of n for the rate")
    return sorted(set(out))


def _smooth_on(f, x, a: float, b: float) -> bool:
    """False when a kinked function of f (abs, relu, max, ...) switches inside [a, b]."""
    from symderiv.language.numeric import numeric
    from symderiv.verify import kink_predicates
    xs = np.linspace(a, b, 20001)
    for _, pred in kink_predicates(f):
        with np.errstate(all="ignore"):
            vals = np.real(np.asarray(numeric(pred, [x])(xs), dtype=complex)) * np.ones_like(xs)
        if np.any(vals == 0) or np.any(np.sign(vals[1:]) != np.sign(vals[:-1])):
            return False
    return True


@lru_cache(maxsize=64)
def _error_study(f, x, a: float, b: float, ns: tuple, errors: tuple):
    """NN and numpy.interp on the sample points of every n (concatenated), and the dense
    maxima (20001 points per cell; None when f is reproduced exactly, ``errors`` within
    1e-9 of the values' scale). A pure function of f and the interval, so a process
    computes it once per choice of f, a, b."""
    from symderiv.problems.relu_approximation import approx
    fn = approx._as_function(f, x)
    nn_vals, interp_vals = [], []
    for nn in ns:
        apn = approx.relu_interpolant(fn, a, b, nn)
        xs_fine = np.linspace(a, b, 64 * (nn - 1) + 1)
        nn_vals.append(apn(xs_fine))
        interp_vals.append(np.interp(xs_fine, apn.grid, apn.f_values))
    nn_vals, interp_vals = np.concatenate(nn_vals), np.concatenate(interp_vals)
    for arr in (nn_vals, interp_vals):
        arr.setflags(write=False)
    scale = float(np.max(np.abs(interp_vals)))
    if max(errors) <= 1e-9 * max(scale, 1e-300):
        return nn_vals, interp_vals, None
    dense = tuple(approx.max_error_dense(approx.relu_interpolant(fn, a, b, nn), fn, per_interval=20001) for nn in ns)
    return nn_vals, interp_vals, dense


@register("relu-approximation",
          "ReLU interpolation: Toeplitz system, closed-form weights (second differences), O(h^2) error",
          source="004 task 7", lang="en",
          params=[Param("f", "sin(x)", "the function of x to approximate",
                        Choice(("sin(x)", "cos(x)", "exp(x)", "x^3", "tanh(x)", "sigmoid(x)"))),
                  Param("a", "0", "left end of the interval (a number, may use pi)"),
                  Param("b", "pi", "right end of the interval", Choice(("1", "2", "pi"))),
                  Param("n", 6, "number of neurons of the worked example", IntRange(4, 10)),
                  Param("ns", (5.0, 10.0, 20.0, 40.0, 80.0), "numbers of neurons for the error study")])
def build(params: dict, seed: int) -> Solution:
    from symderiv.problems.relu_approximation import approx
    from symderiv.verify import compare

    x, f = _read_function(params["f"])
    a, a_expr = _read_number("a", params["a"])
    b, b_expr = _read_number("b", params["b"])
    if not b > a:
        raise ProblemError("the interval needs a < b")
    n = int(params["n"])
    if not 2 <= n <= 40:
        raise ProblemError("parameter 'n' (worked example) must lie between 2 and 40")
    ns = _read_ns(params["ns"])
    try:
        ap = approx.relu_interpolant(f, a, b, n, var=x)
        conv = approx.convergence(f, a, b, ns, var=x)
    except ValueError as exc:
        raise ProblemError(f"cannot approximate f: {exc}") from None

    h, i, j = sp.symbols("h i j", positive=True)
    lam = sp.IndexedBase("lambda")
    fi = sp.IndexedBase("f")
    xs = sp.IndexedBase("x")
    bs = sp.IndexedBase("b")
    NN = sp.Function("NN")
    relu = sp.Function("ReLU")

    given = [
        T("Approximate {f} on [{a}, {b}] by a network with one hidden layer of {n} ReLU neurons, "
          "{nn}, on the equidistant grid {grid} with spacing {h} and biases {bias}.",
          "Approximiere {f} auf [{a}, {b}] durch ein Netz mit einer verdeckten Schicht aus {n} "
          "ReLU-Neuronen, {nn}, auf dem äquidistanten Gitter {grid} mit Abstand {h} und "
          "Biases {bias}.",
          f=sp.Eq(sp.Function("f")(x), f), a=a_expr, b=b_expr, n=sp.Symbol("n"),
          nn=sp.Eq(NN(x), sp.Sum(lam[j] * relu(x - bs[j]), (j, 1, sp.Symbol("n")))),
          grid=sp.Eq(xs[i], sp.Symbol("a") + (i - 1) * h),
          h=sp.Eq(h, (sp.Symbol("b") - sp.Symbol("a")) / (sp.Symbol("n") - 1)),
          bias=sp.Eq(bs[j], sp.Symbol("a") + (j - 2) * h)),
    ]

    # ---- task 1: the linear system -------------------------------------------------
    t1 = Task(T("The linear system", "Das lineare Gleichungssystem"))
    t1.blocks.append(Step(
        T("Since {diff}, the ReLU of neuron {j} is positive at {xi} exactly for {jle}, and "
          "the interpolation conditions {cond} read",
          "Wegen {diff} ist die ReLU des Neurons {j} in {xi} genau für {jle} positiv; die "
          "Interpolationsbedingungen {cond} lauten",
          diff=sp.Eq(xs[i] - bs[j], (i - j + 1) * h), xi=xs[i], jle=sp.Le(j, i), j=j,
          cond=sp.Eq(NN(xs[i]), fi[i])),
        [Equation(fi[i], [h * sp.Sum((i - j + 1) * lam[j], (j, 1, i))])]))
    k4 = min(n, 4)
    hs, fs, ls, A = approx.system(k4)
    t1.blocks.append(Step(
        T("As a matrix equation (shown for {k}); in general the matrix is the lower "
          "triangular Toeplitz matrix {T} with entries {tij} on and below the diagonal:",
          "Als Matrixgleichung (für {k}); allgemein ist die Matrix die untere "
          "Dreiecks-Toeplitz-Matrix {T} mit den Einträgen {tij} auf und unter der Diagonalen:",
          k=sp.Eq(sp.Symbol("n"), k4), T=sp.Symbol("T"), tij=sp.Eq(sp.Function("T")(i, j), i - j + 1)),
        [Equation(sp.MatMul(hs, approx.toeplitz_matrix(k4), sp.Matrix(ls), evaluate=False),
                  [sp.Matrix(fs)])]))

    # ---- task 2: closed form -------------------------------------------------------
    t2 = Task(T("Closed-form solution", "Geschlossene Lösung"))
    proof = approx.general_proof()
    nsym = sp.Symbol("n")
    L = sp.MatrixSymbol("L", nsym, nsym)
    S = sp.MatrixSymbol("S", nsym, nsym)
    Tm = sp.MatrixSymbol("T", nsym, nsym)
    I = sp.Identity(nsym)
    t2.blocks.append(Step(
        T("Let {L} be the lower triangular all-ones matrix. Then {l2} counts the {k} with {range}, "
          "so SymPy's sum gives the entries of {T} (for {jle}; both are zero above the diagonal):",
          "Sei {L} die untere Dreiecksmatrix aus Einsen. Dann zählt {l2} die {k} mit {range}; "
          "SymPys Summe liefert die Einträge von {T} (für {jle}; oberhalb der Diagonalen sind "
          "beide null):", L=sp.Symbol("L"), k=sp.Symbol("k"), T=sp.Symbol("T"),
          l2=sp.Eq(sp.Symbol("(L^2)_{ij}"), sp.Sum(sp.Symbol("L_{ik}") * sp.Symbol("L_{kj}"),
                                                    (sp.Symbol("k"), 1, nsym))),
          range=sp.And(sp.Le(j, sp.Symbol("k")), sp.Le(sp.Symbol("k"), i)), jle=sp.Le(j, i)),
        [Equation(sp.Symbol("(L^2)_{ij}"), [proof.l_squared_sum, proof.l_squared_value]),
         Equation(Tm, [L ** 2])]))
    t2.blocks.append(Step(
        T("With the shift {S} (ones on the first subdiagonal), row {i} of {isl} is row {i} of {L} "
          "minus row {i1} of {L}, which is the unit row {ei}: {isl_eq}. Hence {linv} and {tinv} is "
          "the second-difference operator:",
          "Mit der Verschiebung {S} (Einsen auf der ersten unteren Nebendiagonalen) ist Zeile {i} von "
          "{isl} gleich Zeile {i} von {L} minus Zeile {i1} von {L}, also der Einheitsvektor {ei}: "
          "{isl_eq}. Also ist {linv}, und {tinv} ist der Operator der zweiten Differenzen:",
          S=sp.Symbol("S"), L=sp.Symbol("L"), i=i, i1=i - 1,
          isl=(I - S) * L, ei=sp.Symbol("e_i"), isl_eq=sp.Eq((I - S) * L, I, evaluate=False),
          linv=sp.Eq(L ** -1, I - S, evaluate=False), tinv=Tm ** -1),
        [Equation(Tm ** -1, [(L ** -1) ** 2, (I - S) ** 2]),
         Equation(sp.Symbol("D_{%d}" % min(n, 5)), [approx.second_difference(min(n, 5))])]))
    t2.blocks.append(Step(
        T("Direct check for general {n}: row {i} of {d} has the entries {e1}, {e2} and {e3} in "
          "the columns {c}, so {dt}. For {ige} all three entries lie on or below the "
          "diagonal, where {tij}, and SymPy simplifies",
          "Direkte Probe für allgemeines {n}: Zeile {i} von {d} hat die Einträge {e1}, {e2} und {e3} "
          "in den Spalten {c}, also {dt}. Für {ige} liegen alle drei Einträge auf "
          "oder unter der Diagonalen, wo {tij} gilt, und SymPy vereinfacht",
          n=sp.Symbol("n"), i=i, e1=1, e2=-2, e3=1, c=sp.Tuple(i, i - 1, i - 2),
          d=sp.Eq(sp.Symbol("D"), (I - S) ** 2, evaluate=False),
          dt=sp.Eq(sp.Symbol("(DT)_{ij}"), proof.generic_entries, evaluate=False),
          ige=sp.Ge(i, j + 2), tij=sp.Eq(sp.Function("T")(i, j), i - j + 1)),
        [Equation(proof.generic_entries, [proof.generic, proof.generic_value])]))
    t2.blocks.append(Step(
        T("For {c1} the entry is {sub} = {zero}, for {c2} it is {tjj}, and for {c3} "
          "all three entries are zero: {dti} for every {n}.",
          "Für {c1} ist der Eintrag {sub} = {zero}, für {c2} ist er {tjj}, und für "
          "{c3} sind alle drei Einträge null: {dti} für jedes {n}.",
          c1=sp.Eq(i, j + 1), c2=sp.Eq(i, j), c3=sp.Lt(i, j), n=sp.Symbol("n"),
          sub=proof.first_sub, zero=proof.first_sub_value,
          tjj=sp.Eq(sp.Function("T")(j, j), proof.diagonal),
          dti=sp.Eq(sp.Symbol("D") * Tm, I, evaluate=False))))
    lam_closed = (fi[i] - 2 * fi[i - 1] + fi[i - 2]) / h
    t2.blocks.append(Result(T("Weights (with {f0})", "Gewichte (mit {f0})",
                              f0=sp.Eq(fi[0], sp.Eq(fi[-1], 0), evaluate=False)),
                            lam[i], lam_closed))
    t2.blocks.append(Step(T("So {l1} and {l2}.", "Also {l1} und {l2}.",
                            l1=sp.Eq(lam[1], fi[1] / h), l2=sp.Eq(lam[2], (fi[2] - 2 * fi[1]) / h))))
    cases = approx.small_cases(8)
    rows = [[c.n, sp.Eq(sp.Symbol(f"lambda_{c.n}"), c.solution[-1]),
             T("yes", "ja") if c.matches else T("NO", "NEIN"),
             T("yes", "ja") if (c.t_is_l_squared and c.inverse_is_d) else T("NO", "NEIN")]
            for c in cases]
    t2.blocks.append(Table(
        [sp.Symbol("n"), T("last weight, SymPy solve", "letztes Gewicht, SymPy-Lösung"),
         T("all weights as in the closed form", "alle Gewichte wie in der geschlossenen Form"),
         T("{a}, {b}", "{a}, {b}", a=sp.Eq(sp.Symbol("T"), sp.Symbol("L") ** 2),
           b=sp.Eq(sp.Symbol("D") * sp.Symbol("T"), sp.Symbol("I")))], rows,
        caption=T("The system solved exactly with SymPy for {n}.",
                  "Das System exakt mit SymPy gelöst für {n}.",
                  n=notation.element(sp.Symbol("n"), sp.Range(1, 9)))))
    # numeric checks: exact SymPy solutions and closed form vs numpy.linalg.solve
    rng = np.random.default_rng(seed)
    derived, independent = [], []
    for c in cases:
        hh, ff, _, _ = approx.system(c.n)
        fv = rng.normal(size=c.n)
        subs = {hh: 0.7, **{s: float(v) for s, v in zip(ff, fv)}}
        derived.extend(float(e.subs(subs)) for e in c.solution)
        Tn = approx.toeplitz_array(c.n)
        independent.extend(np.linalg.solve(0.7 * Tn, fv).tolist())
    t2.blocks.append(Check(T("SymPy's exact solutions ({n}, random {f}, {h}) vs numpy.linalg.solve",
                             "SymPys exakte Lösungen ({n}, zufällige {f}, {h}) gegen numpy.linalg.solve",
                             n=notation.element(sp.Symbol("n"), sp.Range(1, 9)), f=fi[i],
                             h=sp.Eq(h, sp.Float(0.7, 2))),
                           compare(derived, independent, "numpy.linalg.solve", 1e-9)))
    derived, independent = [], []
    for nn in sorted(set(ns + [n])):
        fv = rng.normal(size=nn)
        Tn = approx.toeplitz_array(nn)
        derived.extend(approx.closed_form(fv, 0.3).tolist())
        independent.extend(np.linalg.solve(0.3 * Tn, fv).tolist())
    t2.blocks.append(Check(T("closed form (second differences) vs numpy.linalg.solve, {m}",
                             "geschlossene Form (zweite Differenzen) gegen numpy.linalg.solve, {m}",
                             m=sp.Le(sp.Symbol("n"), max(ns + [n]))),
                           compare(derived, independent, "numpy.linalg.solve", 1e-8)))

    # ---- task 3: the worked example ------------------------------------------------
    t3 = Task(T("The approximation for {n}", "Die Approximation für {n}", n=sp.Eq(sp.Symbol("n"), n)))
    rows = [[k + 1, float(ap.grid[k]), float(ap.biases[k]), float(ap.f_values[k]), float(ap.lambdas[k])]
            for k in range(n)]
    t3.blocks.append(Table([i, xs[i], bs[i], fi[i], lam[i]], rows,
                           caption=T("Grid, biases and weights ({h}).",
                                     "Gitter, Biases und Gewichte ({h}).", h=sp.Eq(h, sp.Float(float(ap.h), 6)))))
    margin = 0.15 * (b - a)
    xx = np.linspace(a - margin, b + margin, 181)
    fn = approx._as_function(f, x)
    t3.blocks.append(Plot(
        [Series(T("{f}", "{f}", f=sp.Symbol("f")), xx, fn(xx), "thick"),
         Series(T("{NN}, {n}", "{NN}, {n}", NN=notation.operation("NN"), n=sp.Eq(sp.Symbol("n"), n)), xx, ap(xx), "dashed, thick"),
         Series(T("grid points", "Gitterpunkte"), ap.grid, ap.f_values, "only marks")],
        xlabel=x, ylabel="", caption=T("{f} and the ReLU network.", "{f} und das ReLU-Netz.", f=sp.Symbol("f"))))
    t3.blocks.append(Step(T(
        "Between neighbouring grid points no ReLU switches (the kinks {kinks} are grid points), "
        "so {NN} is linear there: {NN} is the piecewise linear interpolant of {f} on {ab}.",
        "Zwischen benachbarten Gitterpunkten schaltet keine ReLU (die Knicke {kinks} sind "
        "Gitterpunkte), {NN} ist dort linear: {NN} ist die stückweise lineare Interpolierende von {f} "
        "auf {ab}.", kinks=sp.Eq(bs[j + 1], xs[j]), NN=notation.operation("NN"), f=sp.Symbol("f"),
        ab=sp.Interval(sp.Symbol("a"), sp.Symbol("b"))))) 
    t3.blocks.append(Check(T("{c} at the grid points", "{c} in den Gitterpunkten", c=sp.Eq(NN(xs[i]), fi[i])),
                           compare(ap(ap.grid), ap.f_values, "evaluation", 1e-12)))
    inside = np.linspace(a, b, 1001)
    t3.blocks.append(Check(T("{NN} on {ab} vs piecewise linear interpolation (numpy.interp), {k} points",
                             "{NN} auf {ab} gegen stückweise lineare Interpolation (numpy.interp), {k} Punkte",
                             NN=notation.operation("NN"), ab=sp.Interval(sp.Symbol("a"), sp.Symbol("b")), k=1001),
                           compare(ap(inside), np.interp(inside, ap.grid, ap.f_values), "numpy.interp", 1e-10)))

    # ---- task 4: error against n ---------------------------------------------------
    t4 = Task(T("Maximum error against {n}", "Maximaler Fehler in Abhängigkeit von {n}", n=sp.Symbol("n")))
    rows = [[nn, float(hh), float(e), float(r)] for nn, hh, e, r in zip(conv.ns, conv.hs, conv.errors, conv.ratios)]
    err_sym = sp.Symbol("varepsilon")
    on_ab = sp.Contains(x, sp.Interval(sp.Symbol("a"), sp.Symbol("b")), evaluate=False)
    max_f2 = notation.optimum("max", on_ab, sp.Abs(sp.Derivative(sp.Function("f")(x), (x, 2))))
    t4.blocks.append(Table([sp.Symbol("n"), h, err_sym, err_sym / h ** 2], rows,
                           caption=T("Maximum error {eps} on the interval (per grid cell: the largest of 64 samples, "
                                       "refined by a bounded search between its neighbours).",
                                     "Maximaler Fehler {eps} auf dem Intervall (je Gitterzelle: der größte von 64 "
                                     "Abtastwerten, verfeinert durch eine beschränkte Suche zwischen seinen Nachbarn).",
                                     eps=sp.Eq(err_sym, notation.optimum("max", on_ab, sp.Abs(sp.Function("f")(x) - sp.Function("NN")(x)))))))
    ref = [conv.errors[0] * (hh / conv.hs[0]) ** 2 for hh in conv.hs]
    t4.blocks.append(Plot(
        [Series(T("max error", "max. Fehler"), conv.hs, conv.errors, "mark=*, thick"),
         Series(T("slope 2", "Steigung 2"), conv.hs, ref, "dashed")],
        xlabel=h, ylabel=err_sym, xmode="log", ymode="log",
        caption=T("Log-log plot: the error falls like {h2}.",
                  "Doppelt logarithmisch: der Fehler fällt wie {h2}.", h2=h ** 2)))
    t4.blocks.append(Result(T("Least-squares slope of {le} against {lh}",
                              "Steigung der Ausgleichsgeraden von {le} über {lh}",
                              le=sp.log(err_sym), lh=sp.log(h)),
                            sp.Symbol("p"), conv.slope))
    smooth = _smooth_on(f, x, a, b)
    # the error maxima come from NN on fine grids: NN there vs numpy.interp (independent)
    nn_vals, interp_vals, dense = _error_study(f, x, a, b, tuple(conv.ns), tuple(conv.errors))
    t4.blocks.append(Check(T("{NN} on the sample points of every {n} vs numpy.interp",
                             "{NN} an den Stützstellen jedes {n} gegen numpy.interp", NN=notation.operation("NN"),
                             n=sp.Symbol("n")),
                           compare(nn_vals, interp_vals, "numpy.interp", 1e-10)))
    t4.blocks.append(listing(approx.max_error, T("The maximum error (symderiv/problems/relu_approximation/approx.py)",
                                                 "Der maximale Fehler (symderiv/problems/relu_approximation/approx.py)")))
    exact = dense is None
    if exact:
        smooth = False
    if not exact:  # (for an f reproduced exactly both are rounding noise)
        t4.blocks.append(Check(T("{eps} for every {n} vs the maximum over 20001 equally spaced points per cell",
                                 "{eps} für jedes {n} gegen das Maximum über 20001 gleichabständige Punkte je Zelle",
                                 eps=err_sym, n=sp.Symbol("n")),
                               # a kink of f inside a cell: the dense grid misses it by up to
                               # one spacing, so only 1e-3 there; smooth f: 1e-7
                               compare(conv.errors, list(dense), "dense sampling", 1e-7 if smooth else 1e-3)))
    local = float(np.log(conv.errors[-2] / conv.errors[-1]) / np.log(conv.hs[-2] / conv.hs[-1])) if not exact else float("nan")
    if smooth:
        f2 = sp.diff(f, x, 2)
        t4.blocks.append(Step(
            T("Interpolation theory: on each cell the error of the linear interpolation is bounded "
              "as below, here with {f2} and {c}; the error is {oh2}, and {ratio} tends to {lim} "
              "when the maximum of {af2} lies inside the interval.",
              "Interpolationstheorie: Auf jeder Zelle ist der Fehler der linearen Interpolation wie "
              "unten beschränkt, hier mit {f2} und {c}; der Fehler ist {oh2}, und {ratio} strebt "
              "gegen {lim}, wenn das Maximum von {af2} im Inneren des Intervalls liegt.",
              f2=sp.Eq(sp.Derivative(sp.Function("f")(x), (x, 2)), f2), oh2=sp.O(h ** 2),
              ratio=err_sym / h ** 2, lim=max_f2 / 8, af2=sp.Abs(sp.Derivative(sp.Function("f")(x), (x, 2))),
              c=sp.Eq(max_f2 / 8, sp.Float(conv.bound, 6))),
            [Equation(err_sym, [h ** 2 / 8 * max_f2], relation=r"\le")]))
        e1, e2 = sp.Symbol("varepsilon_%d" % conv.ns[-2]), sp.Symbol("varepsilon_%d" % conv.ns[-1])
        h1, h2 = sp.Symbol("h_%d" % conv.ns[-2]), sp.Symbol("h_%d" % conv.ns[-1])
        t4.blocks.append(Step(T(
            "Observed order from the two finest grids: {p}.",
            "Beobachtete Ordnung aus den beiden feinsten Gittern: {p}.",
            p=sp.Eq(sp.log(e1 / e2) / sp.log(h1 / h2), sp.Float(local, 4), evaluate=False))))
        t4.blocks.append(Check(T("observed order (two finest grids) vs the theoretical order 2 (tolerance 0.02 relative)",
                                 "beobachtete Ordnung (zwei feinste Gitter) gegen die theoretische Ordnung 2 "
                                 "(Toleranz 0,02 relativ)"),
                               compare(local, 2.0, "error ratio", 0.02)))
        bound_h2 = np.array([conv.bound * hh ** 2 for hh in conv.hs])
        errs = np.array(conv.errors)
        t4.blocks.append(Check(T("{e} for every {n} (the maximum of {af2} sampled at 20001 points)",
                                 "{e} für jedes {n} (das Maximum von {af2} an 20001 Stellen abgetastet)",
                                 e=sp.Le(err_sym, h ** 2 / 8 * max_f2), n=sp.Symbol("n"),
                                 af2=sp.Abs(sp.Derivative(sp.Function("f")(x), (x, 2)))),
                               compare(errs, np.minimum(errs, bound_h2 * (1 + 1e-6)), "inequality", 1e-12)))
    elif exact:
        t4.blocks.append(Step(T(
            "The network reproduces f exactly up to rounding (f is linear on [a, b]).",
            "Das Netz gibt f bis auf Rundungsfehler exakt wieder (f ist linear auf [a, b]).")))
    else:
        t4.blocks.append(Step(T(
            "f has a kink in [a, b] (it is not twice differentiable there), so the O(h^2) theory "
            "does not apply: the measured slope {p} shows the rate for this f.",
            "f hat in [a, b] einen Knick (ist dort nicht zweimal differenzierbar); die Theorie "
            "für O(h^2) gilt nicht: die gemessene Steigung {p} zeigt die Rate für dieses f.",
            p=sp.Float(conv.slope, 4))))

    t3.blocks.insert(0, listing(approx.relu_interpolant, T(
        "The interpolation code: grid, biases and the weights from the closed form "
        "(symderiv/problems/relu_approximation/approx.py)",
        "Der Interpolationscode: Gitter, Schwellen und die Gewichte aus der geschlossenen Form "
        "(symderiv/problems/relu_approximation/approx.py)")))
    t3.blocks.insert(1, listing(approx.closed_form, T("The closed form of the weights",
                                                      "Die geschlossene Form der Gewichte")))
    from symderiv.problems.relu_approximation.questions import answers_and_check
    answers, answer_check = answers_and_check(ap, a_expr, b_expr)
    t3.blocks.append(answer_check)
    return Solution(
        name="relu-approximation",
        title=T("Approximating a function with ReLUs", "Approximation einer Funktion mit ReLUs"),
        source=T("shared/seeds/004, task 7", "shared/seeds/004, Aufgabe 7"),
        given=given, tasks=[t1, t2, t3, t4], answers=answers)
