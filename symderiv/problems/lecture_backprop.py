"""Lecture 003, part 3 (backpropagation): what no other report covers.

1. The Jacobians of the L1 loss (sign, with the kink at a zero residual) and of the affine
   map a = W x + b (W, the identity, and the 3-index array delta_ik x_l), derived by SymPy
   and checked numerically.
2. Forward versus reverse accumulation on the lecture's example graph and on a neuron with
   n weights: multiplications counted by running the graph machinery on counting floats
   (:mod:`symderiv.problems.lecture_backprop_maths`) and checked against |E| and n |E|;
   the number of paths doubling with every block of a deeper graph.
3. The lecture's naive approach, difference quotients: forward differences have error O(h),
   central differences O(h^2), until rounding (about eps / h) takes over; a log-log plot with
   the rounding floor and a fitted slope for each regime.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Figure, Plot, Series, Solution, Step, T, Table, Task
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid, IntRange
from symderiv.problems.gradient_flow_common import relation_record
from symderiv.problems import lecture_backprop_questions as Q
from symderiv.problems.lecture_backprop_maths import SLOPE_RANGES, accumulation_counts, difference_errors

#: the lecture's example: s -> x, y, z -> f -> g, h -> L (x = sin s, y = s^2, z = exp s,
#: f = x y + z, g = tanh f, h = f^2, L = g + h); six paths from s to L
LECTURE_GRAPH = "tanh(sin(s)*s^2 + exp(s)) + (sin(s)*s^2 + exp(s))^2"


def _neuron_text(n: int) -> str:
    return "(sigmoid(" + " + ".join(f"w{k}*x{k}" for k in range(1, n + 1)) + ") - y)^2"


def _diamonds(d: int):
    """s, then d blocks v -> sin(v) + cos(v): 2^d paths from s to the output."""
    s = sp.Symbol("s", real=True)
    e = s
    for _ in range(d):
        e = sp.sin(e) + sp.cos(e)
    return e


def _l1_task(seed):
    from symderiv import verify
    n = 3
    yh = [sp.Symbol(f"yhat{k}", real=True) for k in range(1, n + 1)]
    yy = [sp.Symbol(f"y{k}", real=True) for k in range(1, n + 1)]
    L1 = sum(sp.Abs(a - b) for a, b in zip(yh, yy))
    J = [sp.diff(L1, v) for v in yh]
    rng = np.random.default_rng(seed)
    pt = {v: float(t) for v, t in zip(yh + yy, rng.normal(size=2 * n))}
    rec = verify.check_expression(L1, yh, gradient=J, n_points=10, seed=seed)
    shown_pts = [{v: float(t) for v, t in zip(yh + yy, rng.normal(size=2 * n))} for _ in range(10)]
    at_kink = dict(pt)
    at_kink[yh[0]] = pt[yy[0]]
    F = sp.lambdify(yh + yy, L1)
    t = 1e-7
    base = [at_kink[v] for v in yh + yy]
    up, dn = list(base), list(base)
    up[0] += t
    dn[0] -= t
    right, left = (F(*up) - F(*base)) / t, (F(*base) - F(*dn)) / t
    sign0 = float(J[0].subs(at_kink))
    i = sp.Symbol("i", integer=True, positive=True)
    nn = sp.Symbol("n", integer=True, positive=True)
    yhat_i, y_i = sp.IndexedBase("yhat")[i], sp.IndexedBase("y")[i]
    return [
        Step(T("The L1 loss {L} is a function of {yh}. For real {u}, SymPy differentiates {au} to "
               "{su}; so, for {n3}:",
               "Der L1-Loss {L} ist eine Funktion von {yh}. Für reelles {u} leitet SymPy {au} zu {su} "
               "ab; für {n3} also:",
               L=sp.Eq(sp.Symbol("L_1"), sp.Sum(sp.Abs(notation.terms(yhat_i, -y_i)), (i, 1, nn))),
               yh=sp.IndexedBase("yhat"),
               u=sp.Symbol("u"), au=sp.Abs(sp.Symbol("u", real=True)),
               su=sp.diff(sp.Abs(sp.Symbol("u", real=True)), sp.Symbol("u", real=True)), n3=sp.Eq(nn, 3)),
             [Equation(sp.Symbol("J_L1"), [sp.Matrix([[sp.sign(notation.terms(a, -b)) for a, b in zip(yh, yy)]])])]),
        T("A matrix of size {s}, one row. Where a residual is zero, {z}, the loss has a kink: the one-sided "
          "derivatives are {m} and {p}, and the lecture's value {s0} is a convention (it lies between "
          "them and is what automatic differentiation libraries return).",
          "Eine Matrix der Größe {s}, eine Zeile. Wo ein Residuum null ist, {z}, hat der Loss einen Knick: "
          "Die einseitigen Ableitungen sind {m} und {p}, und der Wert {s0} der Vorlesung ist eine "
          "Konvention (er liegt zwischen beiden und ist, was Bibliotheken für automatisches "
          "Differenzieren liefern).",
          s=notation.shape(1, nn), z=sp.Eq(yhat_i, y_i), m=sp.Integer(-1), p=sp.Integer(1),
          s0=sp.Eq(sp.sign(sp.Integer(0), evaluate=False), 0, evaluate=False)),
        Check(T("the row shown vs SymPy's derivative of {L}, {k} random points", "die gezeigte Zeile gegen SymPys "
                "Ableitung von {L}, {k} Zufallspunkte", L=sp.Symbol("L_1"), k=10),
              verify.compare([float(sp.sign(pv[a_] - pv[b_])) for pv in shown_pts for a_, b_ in zip(yh, yy)],
                             [float(e.subs(pv)) for pv in shown_pts for e in J], "sympy", tolerance=0.0)),
        Check(T("{J} vs. numerical derivative, 10 random points", "{J} gegen numerische Ableitung, 10 Zufallspunkte",
                J=sp.Symbol("J_L1")), rec),
        Check(T("at {z}: one-sided derivatives {p} and {m}, SymPy's {s0}",
                "bei {z}: einseitige Ableitungen {p} und {m}, SymPys {s0}", z=sp.Eq(yh[0], yy[0]), p=sp.Integer(1),
                m=sp.Integer(-1), s0=sp.Eq(sp.sign(sp.Integer(0), evaluate=False), 0, evaluate=False)),
              verify.compare([right, left, sign0], [1.0, -1.0, 0.0], "finite differences", tolerance=1e-6)),
    ]


def _affine_task(seed):
    from symderiv import verify
    m, n = 2, 3
    W = sp.Matrix(m, n, lambda r, c: sp.Symbol(f"W{r + 1}{c + 1}", real=True))
    x = sp.Matrix([sp.Symbol(f"x{c + 1}", real=True) for c in range(n)])
    b = sp.Matrix([sp.Symbol(f"b{r + 1}", real=True) for r in range(m)])
    a = W * x + b
    Jx, Jb = a.jacobian(x), a.jacobian(b)
    i, k, l_ = sp.symbols("i k l", integer=True, positive=True)
    derived, formula = [], []
    for r in range(m):
        for kk in range(m):
            for ll in range(n):
                derived.append(sp.diff(a[r], W[kk, ll]))
                formula.append(sp.KroneckerDelta(r, kk) * x[ll])
    rng = np.random.default_rng(seed + 1)
    syms = list(W) + list(x) + list(b)
    pt = dict(zip(syms, rng.normal(size=len(syms))))
    gvec = rng.normal(size=m)
    # contraction of the 3-index array with an upstream gradient g: g x^T, vs central differences
    Lg = sum(float(gvec[r]) * a[r] for r in range(m))
    F = sp.lambdify(syms, Lg)
    base = [pt[s_] for s_ in syms]
    fd = []
    for idx in range(m * n):
        up, dn = list(base), list(base)
        up[idx] += 1e-6
        dn[idx] -= 1e-6
        fd.append((F(*up) - F(*dn)) / 2e-6)
    outer = np.outer(gvec, [pt[v] for v in x]).ravel()
    mm, nn = sp.symbols("m n", integer=True, positive=True)
    Wm, xm, bm = sp.MatrixSymbol("W", mm, nn), sp.MatrixSymbol("x", nn, 1), sp.MatrixSymbol("b", mm, 1)
    am = sp.MatrixSymbol("a", mm, 1)
    g_row = sp.MatrixSymbol("g", mm, 1)
    return [
        Step(T("For {a} with {Wd}: the Jacobian with respect to {x} is {W} ({s1}), with respect to {b} the "
               "identity ({s2}); the derivative with respect to the matrix {W} has three indices. For "
               "{mn}, SymPy's derivatives of the components:",
               "Für {a} mit {Wd}: Die Jacobi-Matrix nach {x} ist {W} ({s1}), nach {b} die Einheitsmatrix "
               "({s2}); die Ableitung nach der Matrix {W} hat drei Indizes. Für {mn} ergeben SymPys "
               "Ableitungen der Komponenten:",
               a=sp.Eq(am, Wm * xm + bm), Wd=notation.element(Wm, notation.power(sp.Reals, notation.shape(mm, nn))),
               W=Wm, x=xm, b=bm, s1=notation.shape(mm, nn), s2=notation.shape(mm, mm),
               mn=sp.Tuple(sp.Eq(mm, m), sp.Eq(nn, n))),
             [Equation(notation.partial(am, xm), [Jx]), Equation(notation.partial(am, bm), [Jb]),
              Equation(notation.partial_expr(sp.Indexed("a", i), sp.Indexed("W", k, l_)),
                       [sp.KroneckerDelta(i, k) * sp.Indexed("x", l_)])]),
        T("Here {d} is the Kronecker delta. The derivative with respect to {W} is an array with {s} "
          "entries, not a matrix; multiplied with an upstream gradient {g} (the derivative of the loss "
          "with respect to {a}, as a column) over the index {i}, it gives the {s2} matrix {gx}: the "
          "gradient with respect to {W} is an outer product.",
          "Dabei ist {d} das Kronecker-Delta. Die Ableitung nach {W} ist ein Feld mit {s} Einträgen, "
          "keine Matrix; multipliziert mit einem Gradienten {g} von oben (der Ableitung des Losses nach "
          "{a}, als Spalte) über den Index {i}, ergibt sie die {s2}-Matrix {gx}: Der Gradient nach {W} ist "
          "ein äußeres Produkt.",
          d=sp.KroneckerDelta(i, k), W=Wm, s=notation.shape(mm, mm, nn), g=g_row, a=am, i=i,
          s2=notation.shape(mm, nn), gx=g_row * xm.T),
        Check(T("{J} = {W} and {Jb} = identity (SymPy, exact)", "{J} = {W} und {Jb} = Einheitsmatrix (SymPy, exakt)",
                J=notation.partial(am, xm), W=Wm, Jb=notation.partial(am, bm)),
              verify.compare([float((Jx - W).norm()), float((Jb - sp.eye(m)).norm())], [0.0, 0.0], "sympy",
                             tolerance=0.0)),
        Check(T("all {k} entries {d} = SymPy's derivatives, at a random point",
                "alle {k} Einträge {d} = SymPys Ableitungen, in einem Zufallspunkt", k=m * m * n,
                d=sp.KroneckerDelta(i, k) * sp.Indexed("x", l_)),
              verify.compare([float(e.subs(pt)) for e in derived], [float(e.subs(pt)) for e in formula], "sympy",
                             tolerance=1e-12)),
        Check(T("contraction {gx} vs. central differences of {gl}", "Kontraktion {gx} gegen zentrale Differenzen "
                "von {gl}", gx=g_row * xm.T, gl=g_row.T * am),
              verify.compare(outer, fd, "central")),
    ]


def _accumulation_task(seed, sizes, s0=0.7):
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse_ast
    from symderiv import verify
    rng = np.random.default_rng(seed + 2)
    g = Graph.from_ast(parse_ast(LECTURE_GRAPH))
    lc = accumulation_counts(g, {"s": s0}, ["s"])
    rows, fwd_c, rev_c, fwd_f, rev_f, grads_f, grads_r = [], [], [], [], [], [], []
    for n in sizes:
        gn = Graph.from_ast(parse_ast(_neuron_text(n)))
        point = {f"w{k}": float(v) for k, v in zip(range(1, n + 1), rng.normal(size=n))}
        point.update({f"x{k}": float(v) for k, v in zip(range(1, n + 1), rng.normal(size=n))})
        point["y"] = 1.0
        c = accumulation_counts(gn, point, [f"w{k}" for k in range(1, n + 1)])
        rows.append([n, c.edges, c.forward_mults, c.reverse_mults, c.path_mults])
        fwd_c.append(c.forward_mults)
        rev_c.append(c.reverse_mults)
        fwd_f.append(n * c.edges)
        rev_f.append(c.edges)
        grads_f += c.forward_grad + c.path_grad
        grads_r += c.reverse_grad + c.reverse_grad
    depths = list(range(1, 9))
    dg = [Graph.from_sympy(_diamonds(d)) for d in depths]
    path_counts = [gd.path_count("s") for gd in dg]
    dcount = [accumulation_counts(gd, {"s": 0.3}, ["s"]) for gd in dg[:6]]
    nsym, E = sp.Symbol("n", integer=True, positive=True), sp.Symbol("E")
    Ev = sp.Abs(E)
    return Task(T("Forward versus reverse accumulation", "Vorwärts- gegen Rückwärtsakkumulation"), [
        T("The lecture's example: {s} influences {L} through {x}, {y} and {z}, which meet in {f}, which "
          "feeds {g} and {h}. Here {defs}. Multiplying out the chain rule gives one product per path; "
          "the graph has {p} paths from {s} to {L}:",
          "Das Beispiel der Vorlesung: {s} wirkt über {x}, {y} und {z} auf {L}; sie treffen sich in {f}, "
          "das {g} und {h} speist. Hier ist {defs}. Ausmultiplizieren der Kettenregel ergibt ein Produkt "
          "pro Pfad; der Graph hat {p} Pfade von {s} nach {L}:",
          s=sp.Symbol("s"), L=sp.Symbol("L"), x=sp.Symbol("x"), y=sp.Symbol("y"), z=sp.Symbol("z"),
          f=sp.Symbol("f"), g=sp.Symbol("g"), h=sp.Symbol("h"), p=lc.paths,
          defs=sp.Tuple(sp.Eq(sp.Symbol("x"), sp.sin(sp.Symbol("s"))), sp.Eq(sp.Symbol("y"), sp.Symbol("s") ** 2),
                        sp.Eq(sp.Symbol("z"), sp.exp(sp.Symbol("s"))),
                        sp.Eq(sp.Symbol("f"), notation.terms(sp.Symbol("x") * sp.Symbol("y"), sp.Symbol("z"))),
                        sp.Eq(sp.Symbol("g"), sp.tanh(sp.Symbol("f"))), sp.Eq(sp.Symbol("h"), sp.Symbol("f") ** 2),
                        sp.Eq(sp.Symbol("L"), notation.terms(sp.Symbol("g"), sp.Symbol("h"))))),
        Figure(g.to_tikz(), T("The example as a computation graph (nodes numbered by the graph machinery).",
                              "Das Beispiel als Berechnungsgraph (Knoten nummeriert vom Graphenmodul)."), svg=g),
        T("Dynamic programming avoids the paths: forward accumulation carries {ds} from the input to the "
          "output, one sweep per input, one multiplication per edge; reverse accumulation (backpropagation) "
          "first evaluates the graph, then carries {dL} from the output back, one sweep for all inputs. "
          "The multiplications below were counted while the graph module ran (counting floats):",
          "Dynamische Programmierung vermeidet die Pfade: Die Vorwärtsakkumulation trägt {ds} vom Eingang "
          "zum Ausgang, ein Durchlauf pro Eingabe, eine Multiplikation pro Kante; die Rückwärtsakkumulation "
          "(Backpropagation) wertet zuerst den Graphen aus und trägt dann {dL} vom Ausgang zurück, ein "
          "Durchlauf für alle Eingaben. Die Multiplikationen unten wurden beim Lauf des Graphenmoduls "
          "gezählt (zählende Gleitkommazahlen):",
          ds=notation.partial_expr(sp.Symbol("v"), sp.Symbol("s")), dL=notation.partial_expr(sp.Symbol("L"), sp.Symbol("v"))),
        Table([T("graph", "Graph"), T("edges {E}", "Kanten {E}", E=Ev), T("forward", "vorwärts"),
               T("reverse", "rückwärts"), T("all paths", "alle Pfade")],
              [[T("example, 1 input", "Beispiel, 1 Eingabe"), lc.edges, lc.forward_mults, lc.reverse_mults,
                lc.path_mults]] + [[T("neuron, {n}", "Neuron, {n}", n=sp.Eq(nsym, r[0]))] + r[1:] for r in rows],
              T("Counted multiplications for the gradient. Neuron: {L} with respect to the {n} weights.",
                "Gezählte Multiplikationen für den Gradienten. Neuron: {L} nach den {n} Gewichten.",
                L=sp.Eq(sp.Symbol("L"), notation.power(notation.terms(
                    sp.Function("sigma")(sp.Sum(sp.Indexed("w", sp.Symbol("k")) * sp.Indexed("x", sp.Symbol("k")),
                                                (sp.Symbol("k"), 1, nsym))), -sp.Symbol("y")), 2)), n=nsym)),
        T("Forward accumulation costs {nE} multiplications, reverse accumulation {E} independently of {n}: "
          "for the gradient of a loss with many parameters reverse accumulation is {n} times cheaper. "
          "Enumerating paths is worse still: every block {blk} doubles the number of paths, "
          "{pc} for {d} blocks, while the edges grow only linearly.",
          "Die Vorwärtsakkumulation kostet {nE} Multiplikationen, die Rückwärtsakkumulation {E}, unabhängig "
          "von {n}: Für den Gradienten eines Losses mit vielen Parametern ist die Rückwärtsakkumulation "
          "{n}-mal günstiger. Pfade aufzuzählen ist noch schlechter: Jeder Block {blk} verdoppelt die "
          "Anzahl der Pfade, {pc} bei {d} Blöcken, während die Kanten nur linear wachsen.",
          nE=nsym * Ev, E=Ev, n=nsym, blk=sp.Eq(sp.Symbol("v"), notation.terms(sp.sin(sp.Symbol("u")), sp.cos(sp.Symbol("u")))),
          pc=notation.power(2, sp.Symbol("d")), d=sp.Symbol("d")),
        Check(T("counted forward multiplications = {nE}, {k} neurons", "gezählte Multiplikationen vorwärts = {nE}, "
                "{k} Neuronen", nE=nsym * Ev, k=len(sizes)),
              verify.compare(fwd_c, fwd_f, "counter", tolerance=0.0)),
        Check(T("counted reverse multiplications = {E}, same neurons", "gezählte Multiplikationen rückwärts = {E}, "
                "dieselben Neuronen", E=Ev),
              verify.compare(rev_c + [lc.reverse_mults], rev_f + [lc.edges], "counter", tolerance=0.0)),
        Check(T("all three ways give the same gradient", "alle drei Wege liefern denselben Gradienten"),
              verify.compare(grads_f + lc.forward_grad + lc.path_grad, grads_r + lc.reverse_grad * 2, "reverse accumulation",
                             tolerance=1e-12)),
        Check(T("number of paths {pc}, {dr}", "Anzahl der Pfade {pc}, {dr}", pc=notation.power(2, sp.Symbol("d")),
                dr=notation.element(sp.Symbol("d"), notation.integer_range(1, depths[-1]))),
              verify.compare(path_counts, [2 ** d for d in depths], "counter", tolerance=0.0)),
        Check(T("reverse accumulation is not more expensive than path enumeration ({dr})",
                "Rückwärtsakkumulation ist nicht teurer als die Pfadaufzählung ({dr})",
                dr=notation.element(sp.Symbol("d"), notation.integer_range(1, 6))),
              relation_record([c.reverse_mults for c in dcount], [c.path_mults for c in dcount], r"\le")),
    ])


def _differences_task(points):
    from symderiv import verify
    w = sp.Symbol("w", real=True)
    from symderiv.language.numeric import numeric
    from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
    Lw = (sigmoid(sp.Rational(3, 2) * w - sp.Rational(3, 10)) - 1) ** 2
    f, df = numeric(Lw, [w]), numeric(sp.diff(Lw, w), [w])
    xs = np.linspace(-2, 2, points) + 0.0137
    de = difference_errors(lambda v: np.real(f(v)), lambda v: np.real(df(v)), xs)
    eps = float(np.finfo(float).eps)
    theory = {"forward": eps ** 0.5, "central": eps ** (1 / 3)}
    expected = {"forward, truncation": 1.0, "central, truncation": 2.0, "forward, rounding": -1.0,
                "central, rounding": -1.0}
    hs = sp.Symbol("h", positive=True)
    names = {"forward, truncation": ("forward differences, truncation", "Vorwärtsdifferenzen, Abschneidefehler"),
             "central, truncation": ("central differences, truncation", "zentrale Differenzen, Abschneidefehler"),
             "forward, rounding": ("forward differences, rounding", "Vorwärtsdifferenzen, Rundung"),
             "central, rounding": ("central differences, rounding", "zentrale Differenzen, Rundung")}
    checks = [Check(T("slope of the {n} part, {h} from {lo} to {hi}: {e}",
                      "Steigung des Teils {n}, {h} von {lo} bis {hi}: {e}",
                      n=T(*names[k]), h=hs, lo=notation.power(10, int(round(np.log10(lo)))),
                      hi=notation.power(10, int(round(np.log10(hi)))), e=sp.Integer(int(expected[k]))),
                    verify.compare(de.slopes[k][0], expected[k], "evaluation", tolerance=0.05 if "trunc" in k else 0.1))
              for k, (_, lo, hi) in SLOPE_RANGES.items()]
    ratio = [abs(np.log10(de.h_opt[k] / theory[k])) for k in ("forward", "central")]
    quotient = sp.Function("D")
    Lf = sp.Function("L")
    veps = sp.Symbol("varepsilon")
    return Task(T("Difference quotients: error {a} and {b}", "Differenzenquotienten: Fehler {a} und {b}",
                  a=sp.Order(hs), b=sp.Order(hs ** 2)), [
        Step(T("The lecture's naive approach approximates a derivative by difference quotients. For the loss "
               "of one neuron, {L}, Taylor's theorem gives",
               "Der naive Ansatz der Vorlesung nähert eine Ableitung durch Differenzenquotienten an. Für den "
               "Loss eines Neurons, {L}, liefert der Satz von Taylor",
               L=sp.Eq(sp.Function("L")(w), Lw)),
             [Equation(quotient(hs), [notation.terms(Lf(notation.terms(w, hs)), -Lf(w)) / hs],
                       note=T("forward: error {e}", "vorwärts: Fehler {e}",
                              e=sp.Eq(notation.terms(quotient(hs), -sp.Derivative(sp.Function("L")(w), w)),
                                      notation.terms(hs / 2 * sp.Derivative(sp.Function("L")(w), (w, 2)),
                                                     sp.Order(hs ** 2))))),
              Equation(quotient(hs), [notation.terms(Lf(notation.terms(w, hs)), -Lf(notation.terms(w, -hs))) / (2 * hs)],
                       note=T("central: error {e}", "zentral: Fehler {e}",
                              e=sp.Eq(notation.terms(quotient(hs), -sp.Derivative(sp.Function("L")(w), w)),
                                      notation.terms(hs ** 2 / 6 * sp.Derivative(sp.Function("L")(w), (w, 3)),
                                                     sp.Order(hs ** 4)))))]),
        T("In floating point each value of {L} carries a rounding error of about {e}; divided by {h} this "
          "gives an error of about {r} that grows as {h} shrinks (the rounding floor). The smallest total "
          "error is reached near {hf} for forward and near {hc} for central differences.",
          "In Gleitkommaarithmetik trägt jeder Wert von {L} einen Rundungsfehler von etwa {e}; geteilt durch "
          "{h} ergibt das einen Fehler von etwa {r}, der mit kleinerem {h} wächst (die Rundungsschranke). Der "
          "kleinste Gesamtfehler liegt bei etwa {hf} für Vorwärts- und bei etwa {hc} für zentrale Differenzen.",
          L=sp.Symbol("L"), e=sp.Symbol("varepsilon") * sp.Abs(sp.Symbol("L")), h=hs,
          r=sp.Symbol("varepsilon") * sp.Abs(sp.Symbol("L")) / hs,
          hf=sp.Eq(hs, sp.sqrt(veps)), hc=sp.Eq(hs, sp.root(veps, 3))),
        Plot([Series(T("forward differences", "Vorwärtsdifferenzen"), de.h, de.forward),
              Series(T("central differences", "zentrale Differenzen"), de.h, de.central),
              Series(T("rounding floor", "Rundungsschranke"), de.h, de.floor, "dashed")],
             xlabel=T("step {h}", "Schrittweite {h}", h=hs), ylabel=T("relative error", "relativer Fehler"),
             xmode="log", ymode="log",
             caption=T("Median relative error over {k} points {w}; {eps}. Slopes: forward 1, central 2 "
                       "(truncation), both about {m1} left of their minimum (rounding): there both curves lie on the "
                       "rounding floor and on each other.",
                       "Median des relativen Fehlers über {k} Punkte {w}; {eps}. Steigungen: vorwärts 1, "
                       "zentral 2 (Abschneidefehler), links vom Minimum beide etwa {m1} (Rundung): Dort liegen "
                       "beide Kurven auf der Rundungsschranke und aufeinander.",
                       k=points, w=notation.element(w, sp.Interval(-2, 2)),
                       eps=sp.Eq(veps, sp.Float(eps, 3)), m1=sp.Integer(-1))),
        *checks,
        Check(T("step of the smallest error within a factor 10 of {hf} (forward) and {hc} (central)",
                "Schrittweite des kleinsten Fehlers bis auf einen Faktor 10 bei {hf} (vorwärts) und {hc} "
                "(zentral)", hf=sp.sqrt(veps), hc=sp.root(veps, 3)),
              relation_record(ratio, [1.0, 1.0], r"\le", "grid")),
        Check(T("central below forward at every step of the truncation range", "zentral unter vorwärts bei "
                "jeder Schrittweite des Abschneidebereichs"),
              relation_record(de.central[(de.h >= 1e-6) & (de.h <= 1e-2)],
                              de.forward[(de.h >= 1e-6) & (de.h <= 1e-2)], "<")),
    ])


@register("lecture-backprop",
          "Lecture 003, backpropagation: L1 and affine Jacobians, forward vs reverse accumulation with "
          "counted operations, O(h) vs O(h^2) difference quotients with the rounding floor",
          source="003", lang="de",
          params=[Param("sizes", (1.0, 2.0, 4.0, 8.0, 16.0), "numbers of weights of the neuron example"),
                  Param("points", 21, "points for the difference-quotient errors (5..201)", IntRange(11, 61)),
                  Param("s0", 0.7, "point s of the lecture's example", Grid(-1.0, 1.5, 0.1)),
                  Param("blocks", 8, "blocks of the chain whose paths are counted (1..12)", IntRange(3, 10)),
                  Param("w0", 0.5, "point w of the difference quotients in the questions", Grid(-2.0, 2.0, 0.25)),
                  Param("h", 0.1, "step h of the difference quotients in the questions (0 < h <= 1)",
                        Choice((0.05, 0.1, 0.2)))])
def build(params: dict, seed: int) -> Solution:
    sizes = [int(v) for v in params["sizes"]]
    points = int(params["points"])
    if not sizes or any(v < 1 or v > 64 or v != int(v) for v in params["sizes"]):
        raise ProblemError("parameter 'sizes' must be whole numbers between 1 and 64")
    if not 5 <= points <= 201:
        raise ProblemError("parameter 'points' must be between 5 and 201")
    s0, blocks, w0, h = float(params["s0"]), int(params["blocks"]), float(params["w0"]), float(params["h"])
    if not (abs(s0) <= 5 and abs(w0) <= 10 and 1 <= blocks <= 12 and 0 < h <= 1):
        raise ProblemError("parameters: |s0| <= 5, |w0| <= 10, blocks 1..12 and 0 < h <= 1")
    task1 = Task(T("Jacobians of the L1 loss and of the affine map", "Jacobi-Matrizen des L1-Loss und der affinen "
                   "Abbildung"), _l1_task(seed) + _affine_task(seed))
    task2, task3 = _accumulation_task(seed, sizes, s0), _differences_task(points)
    answers, check2, check3 = _questions(s0, blocks, w0, h)
    task2.blocks.append(check2)
    task3.blocks.append(check3)
    return Solution("lecture-backprop",
                    T("Backpropagation: Jacobians, accumulation and difference quotients",
                      "Backpropagation: Jacobi-Matrizen, Akkumulation und Differenzenquotienten"),
                    source="shared/seeds/003", given=[
                        T("Lecture 003, part on backpropagation: the parts not covered by the other reports.",
                          "Vorlesung 003, Teil Backpropagation: die Teile, die die anderen Lösungen nicht abdecken."),
                        Q.given_text(s0, blocks, w0, h)],
                    tasks=[task1, task2, task3], answers=answers)


def _questions(s0: float, blocks: int, w0: float, h: float):
    """The sheet's questions: dL/ds of the example by reverse accumulation on its graph, the
    paths of the block chain counted on its graph, and the difference quotients."""
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse_ast
    g = Graph.from_ast(parse_ast(LECTURE_GRAPH))
    dLds = accumulation_counts(g, {"s": s0}, ["s"]).reverse_grad[0]
    paths = Graph.from_sympy(_diamonds(blocks)).path_count("s")
    return Q.answers_and_checks(dLds, paths, blocks, s0, w0, h, LECTURE_GRAPH)
