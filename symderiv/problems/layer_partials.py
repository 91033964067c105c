"""Exercise 002, task 1: partial derivatives of a layer, component by component.

f(x, W, b) = W x + b (x in R^n, W in R^{m x n}, b in R^m) and g(x, a, W, b) =
a^T ReLU(W x + b). Parts (a)-(f): the derivatives of [f]_1 w.r.t. x_j, W_ij and b_i, of
[ReLU(f)]_1 and [sigmoid(f)]_1 w.r.t. x_j, and of g w.r.t. x_j.

SymPy differentiates the index form (``Sum`` over ``Indexed`` symbols), which yields the
Kronecker deltas; the Heaviside function appears for ReLU, whose derivative is not defined
where its argument is 0. Every general formula is then specialised to concrete sizes
(default n = 3, m = 2), compared with ``sympy.diff`` of the fully written-out function
(``calculus.equivalent``) and checked numerically (``verify.check_expression``, complex
step, kinks reported); for (d) and (f) also at a point on the kink.
"""
from __future__ import annotations

import sympy as sp

from symderiv.calculus import tape as calculus
from symderiv import verify
from symderiv.language.functions import relu, sigmoid
from symderiv.documents.model import Check, Equation, Result, Solution, Step, T, Task
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import IntRange

I_, J_, K_ = sp.symbols("i j k", integer=True, positive=True)
N_, M_ = sp.symbols("n m", integer=True, positive=True)
W_, X_, B_, A_, F_ = (sp.IndexedBase(c) for c in "WxbaF")


def _inner(i):
    """[W x + b]_i in index form."""
    return sp.Sum(W_[i, K_] * X_[K_], (K_, 1, N_)) + B_[i]


def _drop_bounds(expr):
    """``Piecewise((e, j <= n), (0, True))`` -> ``e`` (the indices are in range)."""
    return expr.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0].expr)


class _Concrete:
    """The symbols of concrete sizes n, m: x1.., W11.., b1.., a1.."""

    def __init__(self, n: int, m: int):
        self.n, self.m = n, m
        self.x = [sp.Symbol(f"x{j}", real=True) for j in range(1, n + 1)]
        self.W = [[sp.Symbol(f"W{i}{j}", real=True) for j in range(1, n + 1)] for i in range(1, m + 1)]
        self.b = [sp.Symbol(f"b{i}", real=True) for i in range(1, m + 1)]
        self.a = [sp.Symbol(f"a{i}", real=True) for i in range(1, m + 1)]

    def of(self, expr, **idx):
        """Specialise an index expression: n, m and the given indices; Indexed -> symbols."""
        sub = {N_: self.n, M_: self.m}
        sub.update({sp.Symbol(k, integer=True, positive=True): v for k, v in idx.items()})
        e = expr.subs(sub).doit()

        def conv(ind):
            base, ix = ind.base.label.name, [int(t) for t in ind.indices]
            if base == "W":
                return self.W[ix[0] - 1][ix[1] - 1]
            return {"x": self.x, "b": self.b, "a": self.a}[base][ix[0] - 1]
        return e.replace(lambda t: isinstance(t, sp.Indexed), conv)

    def f(self, i):
        return sum(self.W[i - 1][k] * self.x[k] for k in range(self.n)) + self.b[i - 1]


def _part(label, title, lhs, expr, var, compact_sub, concrete: _Concrete, cases, wrt, seed,
          notes=(), kink_point=None):
    """One part: SymPy's derivative in index form (with Kronecker deltas), its evaluated
    form, the compact form, and the checks on concrete sizes."""
    raw = sp.diff(expr, var)
    result = _drop_bounds(raw.doit())
    compact = result
    for old, new in compact_sub:
        compact = compact.subs(old, new)
    rhs = [raw] if raw != result else []
    rhs.append(result)
    if compact != result:
        rhs.append(compact)
    blocks = [Step(T("SymPy differentiates the index form; the derivative of a sum picks out one "
                     "term through a Kronecker delta:",
                     "SymPy leitet die Indexform ab; die Ableitung einer Summe wählt über ein "
                     "Kronecker-Delta einen Summanden aus:"),
                   [Equation(lhs, rhs)])]
    blocks.extend(notes)
    blocks.append(Result(T("part ({label})", "Teil ({label})", label=label), lhs, compact))
    # concrete sizes: formula vs sympy.diff of the written-out function, and numerically
    conc_expr = cases["expr"]
    formulas, symbolic_ok = [], True
    for idx, v in zip(cases["indices"], wrt):
        formula = concrete.of(result, **idx)
        formulas.append(formula)
        eq = calculus.equivalent(formula, sp.diff(conc_expr, v), seed=seed)
        symbolic_ok &= eq.verdict == "equal"
    blocks.append(Step(T("Check with n = {n}, m = {m}: for every index the formula agrees with "
                         "sympy.diff of the written-out function {e}: {ok}.",
                         "Prüfung mit n = {n}, m = {m}: Für jeden Index stimmt die Formel mit "
                         "sympy.diff der ausgeschriebenen Funktion {e} überein: {ok}.",
                         n=concrete.n, m=concrete.m, e=conc_expr,
                         ok=T("yes", "ja") if symbolic_ok else T("NO", "NEIN"))))
    rec = verify.check_expression(conc_expr, wrt, gradient=formulas, n_points=8, seed=seed)
    if not symbolic_ok:
        rec.passed = False
    blocks.append(Check(T("({label}) formula vs numeric derivative, {k} partials, random points",
                          "({label}) Formel vs. numerische Ableitung, {k} Partielle, Zufallspunkte",
                          label=label, k=len(wrt)), rec))
    if kink_point is not None:
        at_kink = verify.check_expression(conc_expr, wrt, gradient=formulas, point=kink_point, seed=seed)
        # nothing can be compared at the kink (the check is undecided, never passed): the
        # claim checked is that every one of the partials was reported as a kink
        rec = verify.compare([len(at_kink.kinks)], [len(wrt)], "kinks reported", tolerance=0.0)
        rec.passed = rec.passed and at_kink.status == "undecided"
        rec.kinks = at_kink.kinks
        blocks.append(Check(T("({label}) at a point with [f]_1 = 0: reported as a kink",
                              "({label}) an einer Stelle mit [f]_1 = 0: als Knick gemeldet", label=label),
                            rec))
    return Task(title, blocks)


@register("layer-partials",
          "Partial derivatives of f = Wx + b and g = a^T ReLU(Wx + b), component by component "
          "(Kronecker delta, Heaviside, sigmoid)",
          params=[Param("n", 3, "input size used for the concrete checks", IntRange(1, 4)),
                  Param("m", 2, "output size used for the concrete checks", IntRange(1, 6))],
          source="shared/seeds/002, Aufgabe 1", lang="de")
def build(params: dict, seed: int) -> Solution:
    n, m = int(params["n"]), int(params["m"])
    if not (1 <= n <= 6 and 1 <= m <= 6):
        raise ProblemError("layer-partials: n and m must be between 1 and 6")
    c = _Concrete(n, m)
    # functions of x, W, b (so that SymPy prints partial derivatives)
    xs, Wsym, bs, asym = (sp.Symbol(c, real=True) for c in "xWba")
    f1 = sp.Function("f_1")(xs, Wsym, bs)
    g_sym = sp.Function("g")(xs, asym, Wsym, bs)
    Fi = F_[I_]
    f1_expr = _inner(1)
    i_inner = _inner(I_)
    x_j, W_ij, b_i = X_[J_], W_[I_, J_], B_[I_]
    t = sp.Symbol("t", real=True)
    compact = [(f1_expr, f1)]

    given = [
        Step(T("f(x, W, b) = W x + b with x in R^n, W in R^(m x n), b in R^m, and "
               "g(x, a, W, b) = a^T ReLU(W x + b). In components: {fi} and {g}. Below, {f1} and "
               "{Fi} denote the components of W x + b.",
               "f(x, W, b) = W x + b mit x in R^n, W in R^(m x n), b in R^m, und "
               "g(x, a, W, b) = a^T ReLU(W x + b). Komponentenweise: {fi} und {g}. Im Folgenden "
               "bezeichnen {f1} und {Fi} die Komponenten von W x + b.",
               fi=sp.Eq(Fi, i_inner), g=sp.Eq(g_sym, sp.Sum(A_[I_] * relu(Fi), (I_, 1, M_))),
               f1=sp.Eq(f1, f1_expr), Fi=Fi)),
        Step(T("ReLU(t) = max(0, t) has the derivative {H} (Heaviside: 1 for t > 0, 0 for t < 0); at "
               "t = 0 the one-sided derivatives 0 and 1 differ, so ReLU is not differentiable there.",
               "ReLU(t) = max(0, t) hat die Ableitung {H} (Heaviside: 1 für t > 0, 0 für t < 0); bei "
               "t = 0 sind die einseitigen Ableitungen 0 und 1 verschieden, ReLU ist dort nicht "
               "differenzierbar.", H=sp.Eq(sp.Derivative(relu(t), t), sp.diff(relu(t), t)))),
    ]

    def fx(i):
        return [dict(j=j) for j in range(1, n + 1)]

    tasks = []
    # (a)
    tasks.append(_part("a", T("(a) {d}", "(a) {d}", d=sp.Derivative(f1, x_j)),
                       sp.Derivative(f1, x_j), f1_expr, x_j, compact, c,
                       {"expr": c.f(1), "indices": fx(1)}, c.x, seed))
    # (b)
    idx_b = [dict(i=i, j=j) for i in range(1, m + 1) for j in range(1, n + 1)]
    tasks.append(_part("b", T("(b) {d}", "(b) {d}", d=sp.Derivative(f1, W_ij)),
                       sp.Derivative(f1, W_ij), f1_expr, W_ij, compact, c,
                       {"expr": c.f(1), "indices": idx_b}, [w for row in c.W for w in row], seed,
                       notes=[Step(T("Only the first row of W enters [f]_1: the derivative is x_j "
                                     "for i = 1 and 0 otherwise.",
                                     "Nur die erste Zeile von W geht in [f]_1 ein: Die Ableitung ist "
                                     "x_j für i = 1 und sonst 0."))]))
    # (c)
    tasks.append(_part("c", T("(c) {d}", "(c) {d}", d=sp.Derivative(f1, b_i)),
                       sp.Derivative(f1, b_i), f1_expr, b_i, compact, c,
                       {"expr": c.f(1), "indices": [dict(i=i) for i in range(1, m + 1)]}, c.b, seed))
    # (d)
    kink = {s: 0.0 for s in c.x + [w for row in c.W for w in row] + c.b + c.a}
    for k_, s in enumerate(c.x):
        kink[s] = 0.5 + 0.25 * k_
    for i_ in range(m):
        for j_ in range(n):
            kink[c.W[i_][j_]] = 0.3 * (i_ + 1) - 0.2 * j_ + 0.1
    kink[c.b[0]] = -sum(kink[c.W[0][j_]] * kink[c.x[j_]] for j_ in range(n))
    for i_ in range(1, m):
        kink[c.b[i_]] = 0.7
    tasks.append(_part(
        "d", T("(d) {d}", "(d) {d}", d=sp.Derivative(relu(f1), x_j)),
        sp.Derivative(relu(f1), x_j), relu(f1_expr), x_j, compact, c,
        {"expr": relu(c.f(1)), "indices": fx(1)}, c.x, seed,
        notes=[Step(T("Not defined where {cond} (for W_1j != 0): there the one-sided derivatives are "
                      "0 and W_1j. Elsewhere it is W_1j if [f]_1 > 0 and 0 if [f]_1 < 0.",
                      "Nicht definiert, wo {cond} (für W_1j != 0): Dort sind die einseitigen "
                      "Ableitungen 0 und W_1j. Sonst ist sie W_1j für [f]_1 > 0 und 0 für [f]_1 < 0.",
                      cond=sp.Eq(f1_expr, 0)))],
        kink_point=kink))
    # (e)
    sig_def = 1 / (1 + sp.exp(-t))
    d_def = sp.diff(sig_def, t)
    eq = calculus.equivalent(d_def, sigmoid(t) * (1 - sigmoid(t)), [t], seed=seed)
    tasks.append(_part(
        "e", T("(e) {d}", "(e) {d}", d=sp.Derivative(sigmoid(f1), x_j)),
        sp.Derivative(sigmoid(f1), x_j), sigmoid(f1_expr), x_j, compact, c,
        {"expr": sigmoid(c.f(1)), "indices": fx(1)}, c.x, seed,
        notes=[Step(T("From the definition {d}: {dd}, which equals {s} (SymPy: {v}); the derivative "
                      "is expressed through the sigmoid itself.",
                      "Aus der Definition {d}: {dd}, gleich {s} (SymPy: {v}); die Ableitung ist durch "
                      "die Sigmoid-Funktion selbst ausgedrückt.",
                      d=sp.Eq(sigmoid(t), sig_def), dd=sp.Eq(sp.Derivative(sigmoid(t), t), d_def),
                      s=sigmoid(t) * (1 - sigmoid(t)), v=eq.verdict))]))
    # (f)
    g_expr = sp.Sum(A_[I_] * relu(i_inner), (I_, 1, M_))
    g_conc = sum(c.a[i_] * relu(c.f(i_ + 1)) for i_ in range(m))
    tasks.append(_part(
        "f", T("(f) {d}", "(f) {d}", d=sp.Derivative(g_sym, x_j)),
        sp.Derivative(g_sym, x_j), g_expr, x_j, [(i_inner, Fi)], c,
        {"expr": g_conc, "indices": fx(1)}, c.x, seed,
        notes=[Step(T("Not defined where a component {Fi} = 0 with a_i W_ij != 0 (the kink of ReLU in "
                      "that component); everywhere else each component contributes a_i W_ij if "
                      "{Fi} > 0 and nothing if {Fi} < 0.",
                      "Nicht definiert, wo eine Komponente {Fi} = 0 mit a_i W_ij != 0 ist (Knick von "
                      "ReLU in dieser Komponente); sonst trägt jede Komponente a_i W_ij bei, falls "
                      "{Fi} > 0, und nichts, falls {Fi} < 0.", Fi=Fi))],
        kink_point=kink))
    return Solution("layer-partials",
                    T("Partial derivatives of a layer", "Partielle Ableitungen einer Schicht"),
                    source="shared/seeds/002, Aufgabe 1", given=given, tasks=tasks)
