"""Exercise 001, Aufgabe 12: hyperlink matrix, its spectrum, the periodic power iteration
and the damped (PageRank) iteration that converges.

The mathematics is in :mod:`symderiv.markov`; this module assembles the Solution.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, IntRange
from symderiv.documents.model import (Check, Equation, Figure, Plot, Result, Series, Solution, Step, T,
                        Table, Task)


def _numpy_h(edges, n):
    """H built independently of markov.hyperlink_matrix: adjacency rows / out-degree."""
    A = np.zeros((n, n))
    for i, j in edges:
        A[i - 1, j - 1] = 1.0
    deg = A.sum(axis=1, keepdims=True)
    return np.divide(A, deg, out=np.zeros_like(A), where=deg > 0)


def _match(exact: list, numeric) -> tuple[list, list]:
    """Pair every numeric eigenvalue with the nearest unused exact one (greedy)."""
    left = list(exact)
    a, b = [], []
    for z in sorted(numeric, key=lambda z: (-abs(z), np.angle(z))):
        k = int(np.argmin([abs(z - w) for w in left]))
        w = left.pop(k)
        a += [w.real, w.imag]
        b += [z.real, z.imag]
    return a, b


def _vec(v) -> sp.Matrix:
    return sp.Matrix(v).T


def _pi(sup=None, n=None):
    """pi, pi^k, pi^(k+1), ... (SymPy's superscript naming ``pi__k``): a symbol, or an
    n x 1 vector when ``n`` is given."""
    name = "pi" if sup is None else f"pi__{sup}"
    return sp.MatrixSymbol(name, n, 1) if n is not None else sp.Symbol(name)


@register("hyperlink-matrix",
          "Hyperlink matrix: exact eigenvalues, |lambda| = 1, periodic power iteration, PageRank",
          source="001 Aufgabe 12", lang="de",
          params=[Param("edges", "1-2,1-3,2-4,3-4,3-5,4-6,5-6,6-1",
                        "links i-j (page i links to page j), comma separated"),
                  Param("start", 0, "page of the initial distribution pi^0 = e_start "
                        "(0: the last page; the sheet uses e_6)", IntRange(1, 6)),
                  Param("damping", 0.85, "damping factor alpha of PageRank", Choice((0.8, 0.85, 0.9))),
                  Param("steps", 8, "iterations shown in the table", IntRange(6, 10))])
def build(params: dict, seed: int) -> Solution:
    from symderiv.problems.hyperlink import markov
    from symderiv.verify import compare

    try:
        edges, n = markov.parse_edges(params["edges"])
        alpha = markov.damping_rational(params["damping"])
    except ValueError as exc:
        raise ProblemError(f"parameter error: {exc}") from None
    start = int(params["start"]) or n
    if not 1 <= start <= n:
        raise ProblemError(f"parameter 'start' must be a page from 1 to {n}")
    steps = int(params["steps"])
    if not 1 <= steps <= 40:
        raise ProblemError("parameter 'steps' must lie between 1 and 40")

    H = markov.hyperlink_matrix(edges, n)
    Hf = _numpy_h(edges, n)
    lam = markov.LAM
    k = sp.Symbol("k", integer=True, nonnegative=True)
    Hs = sp.MatrixSymbol("H", n, n)
    out: dict[int, list[int]] = {}
    for i, j in edges:
        out.setdefault(i, []).append(j)
    dangling = markov.dangling(H)

    given = [
        T("Model internet with {n} pages; page {i} links to page {j} for the links {e} (the "
          "figure of the original sheet is not part of its text; this graph, drawn below, stands "
          "in for it).",
          "Modell-Internet mit {n} Seiten; Seite {i} verlinkt auf Seite {j} für die Links {e} (die "
          "Abbildung des ursprünglichen Blatts ist nicht Teil seines Textes; dieser Graph, unten "
          "gezeichnet, steht für sie).",
          n=n, e=", ".join(f"{i}→{j}" for i, j in edges), i=sp.Symbol("i"), j=sp.Symbol("j")),
        Figure(markov.to_tikz(edges, n), T("The link graph.", "Der Linkgraph.")),
    ]

    # ---- task 1: H ---------------------------------------------------------------------
    t1 = Task(T("Hyperlink matrix", "Hyperlink-Matrix"))
    rows = [[sp.Symbol(f"S_{i}"),
             T("{t}", "{t}", t=", ".join(f"S{j}" for j in out.get(i, []))) if out.get(i) else T("none", "keine"),
             len(out.get(i, []))] for i in range(1, n + 1)]
    t1.blocks.append(Table([T("page", "Seite"), T("links to", "Links auf"), sp.Symbol("|S_i|")], rows))
    t1.blocks.append(Step(
        T("Row {i} of {H} distributes the weight of page {i} evenly over its {s} outgoing links: {h}.",
          "Zeile {i} von {H} verteilt das Gewicht der Seite {i} gleichmäßig auf ihre {s} ausgehenden "
          "Links: {h}.", i=sp.Symbol("i"), H=sp.Symbol("H"),
          s=sp.Symbol("|S_i|"), h=sp.Eq(sp.Symbol("h_{ij}"), 1 / sp.Symbol("|S_i|")))))
    t1.blocks.append(Result(T("Hyperlink matrix", "Hyperlink-Matrix"), sp.Symbol("H"), H))
    if dangling:
        t1.blocks.append(T("Pages without outgoing links (zero rows): {d}.",
                           "Seiten ohne ausgehende Links (Nullzeilen): {d}.",
                           d=", ".join(str(d) for d in dangling)))
    else:
        t1.blocks.append(T("Every page has an outgoing link, so every row sums to 1: {H} is "
                           "row-stochastic.",
                           "Jede Seite hat einen ausgehenden Link, jede Zeile hat also die Summe 1: "
                           "{H} ist zeilenstochastisch.", H=sp.Symbol("H")))
    t1.blocks.append(Check(T("{H} vs adjacency matrix divided by the out-degrees (NumPy)",
                             "{H} gegen Adjazenzmatrix geteilt durch die Ausgangsgrade (NumPy)", H=sp.Symbol("H")),
                           compare(np.array(H.tolist(), dtype=float), Hf, "numpy", 1e-15)))
    live = [i for i in range(n) if i + 1 not in dangling]
    t1.blocks.append(Check(T("row sums of {H} equal to 1 (pages with links)", "Zeilensummen von {H} gleich 1 (Seiten mit Links)",
                             H=sp.Symbol("H")),
                           compare([float(sum(H.row(i))) for i in live], [1.0] * len(live), "summation", 1e-15)))

    # ---- task 2: eigenvalues ---------------------------------------------------------
    t2 = Task(T("Eigenvalues", "Eigenwerte"))
    spec = markov.spectrum(H)
    t2.blocks.append(Step(
        T("The characteristic polynomial, factored over the rationals by SymPy:",
          "Das charakteristische Polynom, von SymPy über den rationalen Zahlen faktorisiert:"),
        [Equation(sp.Function("det")(lam * sp.Identity(n) - Hs), [spec.charpoly])]))
    cyc = [f for f in spec.factors if f.cyclotomic]
    if cyc:
        t2.blocks.append(Step(T(
            "The factors {facs} are cyclotomic polynomials (of orders {ks}); their roots are roots "
            "of unity, of modulus 1. The other factors are not cyclotomic, and an eigenvalue of "
            "modulus 1 of a (sub)stochastic matrix is always a root of unity, so no other "
            "eigenvalue has modulus 1.",
            "Die Faktoren {facs} sind Kreisteilungspolynome (der Ordnungen {ks}); ihre Nullstellen "
            "sind Einheitswurzeln vom Betrag 1. Die übrigen Faktoren sind keine "
            "Kreisteilungspolynome, und ein Eigenwert vom Betrag 1 einer (sub)stochastischen "
            "Matrix ist stets eine Einheitswurzel; kein weiterer Eigenwert hat also den Betrag 1.",
            facs=sp.FiniteSet(*[f.poly for f in cyc]),
            ks=", ".join(str(f.cyclotomic) for f in cyc))))
    rows = []
    for e in spec.eigenvalues:
        approx_value = sp.Float(e.approx.real, 6) + sp.I * sp.Float(e.approx.imag, 6)
        rows.append([e.value if e.exact else approx_value,
                     e.multiplicity, e.modulus if e.exact else float(e.modulus),
                     T("yes", "ja") if (e.exact and sp.simplify(e.modulus - 1) == 0) else T("no", "nein")])
    t2.blocks.append(Table([lam, T("multiplicity", "Vielfachheit"), sp.Abs(lam),
                            sp.Eq(sp.Abs(lam), 1)], rows,
                           caption=T("Eigenvalues of H (exact).", "Eigenwerte von H (exakt).")))
    t2.blocks.append(Result(T("Number of eigenvalues with {c} (with multiplicity)",
                              "Anzahl der Eigenwerte mit {c} (mit Vielfachheit)", c=sp.Eq(sp.Abs(lam), 1)),
                            notation.count_of(lam, sp.Eq(sp.Abs(lam), 1)), spec.unit_count))
    a, b = _match([e.approx for e in spec.eigenvalues for _ in range(e.multiplicity)], spec.numeric)
    # a multiple eigenvalue (a Jordan block of size m) is only accurate to about eps^(1/m)
    # in floating point: the tolerance follows the largest multiplicity
    mmax = max(e.multiplicity for e in spec.eigenvalues)
    tol = 500 * np.finfo(float).eps ** (1.0 / mmax)
    t2.blocks.append(Check(T("exact eigenvalues (real and imaginary parts) vs numpy.linalg.eigvals "
                             "(tolerance {tol}, {m} the largest multiplicity)",
                             "exakte Eigenwerte (Real- und Imaginärteil) gegen numpy.linalg.eigvals "
                             "(Toleranz {tol}, {m} die größte Vielfachheit)",
                             tol=500 * sp.Symbol("varepsilon") ** (1 / sp.Symbol("m")),
                             m=sp.Eq(sp.Symbol("m"), mmax)),
                           compare(a, b, "numpy", tol)))
    t2.blocks.append(Check(T("count of {c} vs numpy.linalg.eigvals ({c2})",
                             "Anzahl {c} gegen numpy.linalg.eigvals ({c2})", c=sp.Eq(sp.Abs(lam), 1),
                             c2=sp.Lt(sp.Abs(sp.Abs(lam) - 1), sp.Float(1e-9, 1))),
                           compare(spec.unit_count, spec.numeric_unit_count, "numpy", 0.0)))

    # ---- task 3: the plain iteration ---------------------------------------------------
    it_eq = sp.Eq(_pi("k+1"), Hs.T * _pi("k", n), evaluate=False)
    t3 = Task(T("The iteration {it}", "Die Iteration {it}", it=it_eq))
    e0 = markov.unit_vector(n, start)
    orb = markov.orbit(H, e0, steps=max(steps + 1, 4 * n))
    t3.blocks.append(Step(T("Start with {p0} (all weight on page {s}) and iterate {it}:",
                            "Start mit {p0} (das ganze Gewicht auf Seite {s}), Iteration {it}:",
                            p0=sp.Eq(sp.Transpose(_pi("0", n)), _vec(e0), evaluate=False), s=start,
                            it=it_eq)))
    rows = [[kk, _vec(orb.iterates[kk]), float(orb.step_norms[kk])] for kk in range(steps + 1)]
    t3.blocks.append(Table([k, sp.Transpose(_pi("k", n)), notation.norm(_pi("k+1") - sp.UnevaluatedExpr(_pi("k")))], rows,
                           caption=T("Exact iterates.", "Exakte Iterierte.")))
    p = orb.period
    if orb.converges:
        t3.blocks.append(T("For this graph the iteration settles: the iterates become constant "
                           "(period 1).",
                           "Für diesen Graphen kommt die Iteration zur Ruhe: die Iterierten werden "
                           "konstant (Periode 1)."))
    elif orb.exact:
        t3.blocks.append(Step(T(
            "The iterates repeat exactly: {rep} for all {k0}, while consecutive iterates "
            "differ ({diff}). The sequence cycles through {p} different distributions and has no "
            "limit: the iteration does not converge. The reason is the spectrum: the start "
            "vector has components along eigenvectors whose eigenvalues lie on the unit circle "
            "but differ from 1; those components rotate forever instead of decaying.",
            "Die Iterierten wiederholen sich exakt: {rep} für alle {k0}, während "
            "aufeinanderfolgende Iterierte verschieden sind ({diff}). Die Folge durchläuft {p} "
            "verschiedene Verteilungen und hat keinen Grenzwert: die Iteration konvergiert nicht. "
            "Der Grund ist das Spektrum: der Startvektor hat Anteile in Richtung von "
            "Eigenvektoren, deren Eigenwerte auf dem Einheitskreis liegen, aber ungleich 1 sind; "
            "diese Anteile rotieren ewig, statt abzuklingen.",
            rep=sp.Eq(_pi(f"k+{p}"), _pi("k")), k0=sp.Ge(k, orb.preperiod, evaluate=False),
            diff=sp.Ne(_pi("k+1"), _pi("k")), p=p)))
    else:
        t3.blocks.append(T(
            "The iterates approach a cycle of period {p} (found numerically after many steps) "
            "and keep changing: the iteration does not converge.",
            "Die Iterierten nähern sich einem Zyklus der Periode {p} (numerisch nach vielen "
            "Schritten bestimmt) und ändern sich weiter: die Iteration konvergiert nicht.", p=p))
    t3.blocks.append(Result(T("Period of the orbit", "Periode des Orbits"), sp.Symbol("p"), p))
    A = Hf.T
    e0f = np.eye(n)[start - 1]
    K = len(orb.iterates)
    t3.blocks.append(Check(T("exact iterates for {k} vs NumPy matrix powers", "exakte Iterierte für {k} gegen NumPy-Matrixpotenzen",
                             k=notation.element(sp.Symbol("k"), sp.Range(0, K))),
                           compare(np.array([[float(x) for x in v] for v in orb.iterates]),
                                   np.array([np.linalg.matrix_power(A, kk) @ e0f for kk in range(K)]),
                                   "numpy", 1e-12)))
    if p >= 1:
        k0 = orb.preperiod if orb.exact else 3000
        base = np.linalg.matrix_power(A, k0) @ e0f
        k0s = sp.Symbol("k_0")
        t3.blocks.append(Check(T("period: {a} vs {b} in NumPy, {k0}, {p}",
                                 "Periode: {a} gegen {b} in NumPy, {k0}, {p}",
                                 a=sp.MatPow(sp.MatrixSymbol("H", n, n).T, k0s + sp.Symbol("p")) * _pi("0", n), b=sp.MatPow(sp.MatrixSymbol("H", n, n).T, k0s) * _pi("0", n),
                                 k0=sp.Eq(k0s, k0), p=sp.Eq(sp.Symbol("p"), p)),
                               compare(np.linalg.matrix_power(A, p) @ base, base, "numpy", 1e-9)))

    # ---- task 4: PageRank ------------------------------------------------------------------
    t4 = Task(T("The damped iteration (PageRank)", "Die gedämpfte Iteration (PageRank)"))
    G = markov.google_matrix(H, alpha)
    one = notation.ones(n)
    Ss = sp.MatrixSymbol("S", n, n)
    t4.blocks.append(Step(
        T("With probability {a} the surfer follows a link, otherwise jumps to a page chosen "
          "uniformly; pages without links jump uniformly ({S} is {H} with such rows replaced by "
          "{u}). The Google matrix",
          "Mit Wahrscheinlichkeit {a} folgt der Surfer einem Link, sonst springt er zu einer "
          "gleichverteilt gewählten Seite; Seiten ohne Links springen gleichverteilt ({S} ist {H}, "
          "solche Zeilen ersetzt durch {u}). Die Google-Matrix",
          S=sp.Symbol("S"), H=sp.Symbol("H"), a=sp.Eq(sp.Symbol("alpha"), alpha), u=sp.Transpose(notation.ones(sp.Symbol("n"))) / sp.Symbol("n")),
        [Equation(sp.MatrixSymbol("G", n, n), [sp.Symbol("alpha") * Ss + (1 - sp.Symbol("alpha")) / n * one * one.T, G])]))
    station = markov.stationary(G)
    GTs, STs = sp.MatrixSymbol("G", n, n).T, Ss.T
    xs = sp.MatrixSymbol("x", n, 1)
    t4.blocks.append(Step(T(
        "has only positive entries, so (Perron-Frobenius) the eigenvalue 1 is simple. The bound "
        "{a} for the modulus of every other eigenvalue comes from the rank-one structure: for "
        "every vector {x} whose entries sum to 0 the rank-one part vanishes, {rank1}, and {S} "
        "maps these vectors to vectors whose entries sum to 0 (the columns of {S} sum to 1). So "
        "the eigenvalues of {G} other than 1 are {a} times eigenvalues of {S}, whose moduli are at "
        "most 1 (a stochastic matrix). Hence the iteration {it} converges from every start "
        "distribution, with {bound}. SymPy solves {eq} exactly:",
        "hat nur positive Einträge; nach Perron-Frobenius ist der Eigenwert 1 einfach. Die "
        "Schranke {a} für den Betrag jedes anderen Eigenwerts folgt aus der Rang-1-Struktur: für "
        "jeden Vektor {x}, dessen Einträge sich zu 0 summieren, verschwindet der Rang-1-Anteil, "
        "{rank1}, und {S} bildet diese Vektoren auf Vektoren mit Eintragssumme 0 ab (die Spalten "
        "von {S} summieren sich zu 1). Die Eigenwerte von {G} außer 1 sind also {a} mal "
        "Eigenwerte von {S}, deren Beträge höchstens 1 sind (eine stochastische Matrix). Daher "
        "konvergiert die Iteration {it} für jede Startverteilung, mit {bound}. SymPy löst {eq} exakt:",
        a=sp.Symbol("alpha"), x=xs, S=STs, G=GTs,
        rank1=sp.Eq(GTs * xs, sp.Symbol("alpha") * STs * xs, evaluate=False),
        it=sp.Eq(_pi("k+1"), sp.MatrixSymbol("G", n, n).T * _pi("k", n), evaluate=False),
        bound=sp.Le(notation.norm(_pi("k") - sp.UnevaluatedExpr(_pi())), sp.Symbol("alpha") ** k * notation.norm(_pi("0") - sp.UnevaluatedExpr(_pi()))),
        eq=sp.Eq(sp.MatrixSymbol("G", n, n).T * _pi(None, n), _pi(None, n), evaluate=False))))
    t4.blocks.extend(_rank_one_checks(G, alpha, n, xs, GTs, STs))
    t4.blocks.append(Result(T("Stationary distribution (PageRank)", "Stationäre Verteilung (PageRank)"),
                            sp.Transpose(_pi(None, n)), _vec(station)))
    t4.blocks.append(Step(T("Numerically: {v}.", "Numerisch: {v}.",
                            v=sp.Matrix([[sp.Float(float(x), 6) for x in station]]))))
    run = markov.pagerank(G, e0, station)
    t4.blocks.append(Step(T("The power iteration from {p0} reaches {tol} after {it} steps.",
                            "Die Potenzmethode ab {p0} erreicht {tol} nach {it} Schritten.",
                            p0=sp.Eq(_pi("0"), sp.Symbol(f"e_{start}")),
                            tol=sp.Lt(notation.norm(_pi("k+1") - sp.UnevaluatedExpr(_pi("k"))), sp.Float(1e-12, 2)),
                            it=run.iterations)))
    ks = np.arange(len(run.errors))
    bound_curve = float(alpha) ** ks * run.errors[0]
    show = ks <= min(len(ks) - 1, 120)
    errs = np.array(run.errors)
    t4.blocks.append(Plot(
        [Series(T("iteration", "Iteration"), ks[show], np.maximum(errs[show], 1e-17), "thick"),
         Series(T("bound", "Schranke"), ks[show], bound_curve[show], "dashed")],
        xlabel=k, ylabel=notation.norm(_pi("k") - sp.UnevaluatedExpr(_pi())), ymode="log",
        caption=T("Distance to the stationary vector: geometric convergence with rate {a}; unlike "
                  "the plain iteration, the damped one converges.",
                  "Abstand zum stationären Vektor: geometrische Konvergenz mit Rate {a}; anders als "
                  "die ungedämpfte Iteration konvergiert die gedämpfte.", a=sp.Symbol("alpha"))))
    # independent: numpy eigenvector of the float Google matrix
    S_f = Hf.copy()
    for d in dangling:
        S_f[d - 1, :] = 1.0 / n
    Gf = float(alpha) * S_f + (1 - float(alpha)) / n
    w, V = np.linalg.eig(Gf.T)
    vec = np.real(V[:, int(np.argmin(np.abs(w - 1)))])
    vec = vec / vec.sum()
    st_f = np.array([float(x) for x in station])
    GT = sp.MatrixSymbol("G", n, n).T
    pis = _pi(None, n)
    t4.blocks.append(Check(T("exact stationary vector vs eigenvector of {g} for eigenvalue 1 (numpy.linalg.eig)",
                             "exakter stationärer Vektor gegen Eigenvektor von {g} zum Eigenwert 1 (numpy.linalg.eig)",
                             g=GT),
                           compare(st_f, vec, "eig", 1e-10)))
    t4.blocks.append(Check(T("{e} (floating point)", "{e} (Gleitkomma)", e=sp.Eq(GT * pis, pis, evaluate=False)),
                           compare(Gf.T @ st_f, st_f, "numpy", 1e-12)))
    t4.blocks.append(Check(T("limit of the power iteration vs exact stationary vector",
                             "Grenzwert der Potenzmethode gegen exakten stationären Vektor"),
                           compare(run.vector, st_f, "power iteration", 1e-10)))
    bnd = sp.Le(notation.norm(_pi("k") - sp.UnevaluatedExpr(_pi())), sp.Symbol("alpha") ** k * notation.norm(_pi("0") - sp.UnevaluatedExpr(_pi())))
    t4.blocks.append(Check(T("error bound {b} holds at every step",
                             "Fehlerschranke {b} gilt in jedem Schritt", b=bnd),
                           compare(errs, np.minimum(errs, bound_curve + 1e-13), "inequality", 1e-12)))

    from symderiv.problems.nn_common import listing
    t2.blocks.append(listing(markov.spectrum, T("The eigenvalue code (symderiv/problems/hyperlink/markov.py)",
                                                "Der Code für die Eigenwerte (symderiv/problems/hyperlink/markov.py)")))
    t3.blocks.append(listing(markov.orbit, T("The iteration code (symderiv/problems/hyperlink/markov.py)",
                                             "Der Code der Iteration (symderiv/problems/hyperlink/markov.py)")))
    t4.blocks.append(listing(markov.pagerank, T("The power iteration (symderiv/problems/hyperlink/markov.py)",
                                                "Die Potenzmethode (symderiv/problems/hyperlink/markov.py)")))
    return Solution(
        name="hyperlink-matrix",
        title=T("Hyperlink structure and PageRank", "Hyperlink-Struktur und PageRank"),
        source="shared/seeds/001, Aufgabe 12",
        given=given, tasks=[t1, t2, t3, t4])


def _rank_one_checks(G, alpha, n, xs, GTs, STs) -> list:
    """The rank-one argument, numerically: G^T x = alpha S^T x on the zero-sum vectors, and
    every eigenvalue of G but the 1 has modulus at most alpha (with alpha times those of S)."""
    from symderiv.verify import compare
    Gf = np.array(G.evalf(), dtype=float)
    a = float(alpha)
    Sf = (Gf - (1 - a) / n) / a
    X = np.random.default_rng(0).normal(size=(n, 5))
    X -= X.mean(axis=0)  # entries of each column sum to 0
    lam_g = np.linalg.eigvals(Gf)
    lam_s = np.linalg.eigvals(Sf)
    others_g = np.delete(lam_g, np.argmin(np.abs(lam_g - 1)))
    others_s = np.delete(lam_s, np.argmin(np.abs(lam_s - 1)))
    key = lambda z: (round(abs(z), 9), round(z.real, 9), round(z.imag, 9))  # noqa: E731
    g_sorted = np.array(sorted(others_g, key=key))
    s_sorted = np.array(sorted(a * others_s, key=key))
    top = float(np.max(np.abs(others_g))) if len(others_g) else 0.0
    return [
        Check(T("{e} for 5 random vectors with entry sum 0", "{e} für 5 zufällige Vektoren mit Eintragssumme 0",
                e=sp.Eq(GTs * xs, sp.Symbol("alpha") * STs * xs, evaluate=False)),
              compare(Gf.T @ X, a * Sf.T @ X, "numpy", 1e-12)),
        Check(T("the eigenvalues of {G} other than 1 are {a} times those of {S}",
                "die Eigenwerte von {G} außer 1 sind {a} mal die von {S}", G=GTs, S=STs, a=sp.Symbol("alpha")),
              compare(np.r_[g_sorted.real, g_sorted.imag], np.r_[s_sorted.real, s_sorted.imag],
                      "eigvals", 1e-5)),  # repeated eigenvalues: error ~ sqrt(eps)
        Check(T("largest modulus of the other eigenvalues, {m}, is at most {a} (equality here)",
                "größter Betrag der anderen Eigenwerte, {m}, ist höchstens {a} (hier Gleichheit)",
                m=sp.Float(top, 6), a=sp.Eq(sp.Symbol("alpha"), alpha)),
              # equality is attained (S has other eigenvalues of modulus 1): rounding slack 1e-9
              compare(top, min(top, a * (1 + 1e-9)), "inequality", 0.0)),
    ]
