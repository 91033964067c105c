"""Exercise 002, task 1: partial derivatives of a layer, component by component.

f(x, W, b) = W x + b (x in R^n, W in R^{m x n}, b in R^m) and g(x, a, W, b) =
a^T ReLU(W x + b). Parts (a)-(f): the derivatives of [f]_1 w.r.t. x_j, W_ij and b_i, of
[ReLU(f)]_1 and [sigmoid(f)]_1 w.r.t. x_j, and of g w.r.t. x_j.

SymPy differentiates the index form (``Sum`` over ``Indexed`` symbols), which yields the
Kronecker deltas; the Heaviside function appears for ReLU, whose derivative is not defined
where its argument is 0. Every general formula is then specialised to concrete sizes
(default n = 3, m = 2), compared with ``sympy.diff`` of the fully written-out function
(``equivalent``) and checked numerically (``verify.check_expression``, complex
step, kinks reported); for (d) and (f) also at a point on the kink.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.calculus.equivalence import equivalent
from symderiv import verify
from symderiv.language.sympy_functions import relu, sigmoid
from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Result, Solution, Step, T, Task
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import IntRange
from symderiv.problems import layer_partials_questions as Q

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
    blocks.extend(b for b in notes if not isinstance(b, Check))
    blocks.append(Result(T("part ({label})", "Teil ({label})", label=label), lhs, compact))
    # concrete sizes: formula vs sympy.diff of the written-out function, and numerically
    conc_expr = cases["expr"]
    formulas, symbolic_ok = [], True
    for idx, v in zip(cases["indices"], wrt):
        formula = concrete.of(result, **idx)
        formulas.append(formula)
        eq = equivalent(formula, sp.diff(conc_expr, v), seed=seed)
        symbolic_ok &= eq.verdict == "equal"
    diff_vals, formula_vals = _symbolic_agreement(formulas, [sp.diff(conc_expr, v) for v in wrt], conc_expr, seed)
    rec_sym = verify.compare(formula_vals, diff_vals, "sympy.diff", tolerance=1e-12)
    if not symbolic_ok:
        rec_sym.passed = False
    blocks.append(Check(T("({label}) formula vs sympy.diff of the written-out function, {n}, {m}, every index",
                          "({label}) Formel gegen sympy.diff der ausgeschriebenen Funktion, {n}, {m}, jeder Index",
                          label=label, n=sp.Eq(N_, concrete.n), m=sp.Eq(M_, concrete.m)), rec_sym))
    rec = verify.check_expression(conc_expr, wrt, gradient=formulas, n_points=8, seed=seed)
    blocks.append(Check(T("({label}) formula vs. numeric derivative, {k} partial derivatives, random points",
                          "({label}) Formel gegen numerische Ableitung, {k} partielle Ableitungen, Zufallspunkte",
                          label=label, k=len(wrt)), rec))
    if kink_point is not None:
        blocks.append(_kink_check(label, conc_expr, wrt, formulas, kink_point, concrete, seed))
    blocks.extend(b for b in notes if isinstance(b, Check))
    return Task(title, blocks)


def _kink_check(label, expr, wrt, formulas, point, concrete: _Concrete, seed) -> Check:
    """At a point with [Wx + b]_1 = 0 the partial in x_j has a kink exactly when W_1j != 0
    (one-sided derivatives 0 and a_1 W_1j); where W_1j = 0 it exists (F_1 does not move
    along x_j) and is compared. The claim checked: the variables reported as kinks are
    exactly those with W_1j != 0, and every other partial agrees with the numeric one."""
    at_kink = verify.check_expression(expr, wrt, gradient=formulas, point=point, seed=seed)
    import re
    hit = {m.group(1) for k in at_kink.kinks for m in [re.search(r"step in (\w+)\)", k["where"])] if m}
    reported = [1.0 if v.name in hit else 0.0 for v in wrt]
    expected = [1.0 if point[concrete.W[0][j]] != 0 else 0.0 for j in range(concrete.n)]
    rec = verify.compare(reported, expected, "kinks reported", tolerance=0.0)
    # nothing else to compare (undecided) when every partial is at its kink
    rec.passed = rec.passed and (at_kink.status == "undecided" if all(expected) else at_kink.passed)
    rec.kinks = at_kink.kinks
    zero = [j for j in range(concrete.n) if not expected[j]]
    if zero:
        xz = [concrete.x[j] for j in zero]
        wz = [sp.Eq(W_[1, j + 1], 0) for j in zero]
        return Check(T("({label}) at a point with {f0}: a kink in every {xj} with {w0}; the partial in "
                       "{xz} (where {wz}) exists and agrees with the numeric one",
                       "({label}) an einer Stelle mit {f0}: ein Knick in jedem {xj} mit {w0}; die partielle "
                       "Ableitung nach {xz} (wo {wz}) existiert und stimmt mit der numerischen überein",
                       label=label, f0=sp.Eq(F_[1], 0), xj=X_[J_], w0=sp.Ne(W_[1, J_], 0),
                       xz=sp.Tuple(*xz) if len(xz) > 1 else xz[0],
                       wz=sp.Tuple(*wz) if len(wz) > 1 else wz[0]), rec)
    return Check(T("({label}) at a point with {f0}: reported as a kink in every {xj} (all {w0})",
                   "({label}) an einer Stelle mit {f0}: als Knick in jedem {xj} gemeldet (alle {w0})",
                   label=label, f0=sp.Eq(F_[1], 0), xj=X_[J_], w0=sp.Ne(W_[1, J_], 0)), rec)


def _symbolic_agreement(formulas, diffs, expr, seed):
    """The specialised formulas and sympy.diff of the written-out function, evaluated at 4
    random points (values away from kinks; both are the same piecewise expressions there)."""
    from symderiv.language.numeric import numeric
    syms = sorted(expr.free_symbols, key=lambda t: t.name)
    rng = np.random.default_rng(seed + 31)
    a_vals, b_vals = [], []
    for f_, d_ in zip(formulas, diffs):
        F1, F2 = numeric(f_, syms), numeric(d_, syms)
        for _ in range(4):
            p = rng.normal(size=len(syms)) * 1.5
            a_vals.append(float(np.real(F1(*p))))
            b_vals.append(float(np.real(F2(*p))))
    return b_vals, a_vals


#: configurations with several components at their kink at x (n = 3): (W, b, a, x)
MULTI_KINKS = [
    ([[1, 0, 0], [-1, 0, 0]], [0, 0], [1, -1], [0, 0, 0]),            # g = x_1: differentiable
    ([[1, 0, 0], [1, 0, 0]], [0, 0], [1, 1], [0, 0.4, -0.3]),         # jump 2 in x_1
    ([[2, 1, 0], [-1, 3, 0], [0.5, 1, 1]], [0, 0, 1], [1, 2, -1], [0, 0, 0]),  # two kinks, jumps 4, 7, 0
    ([[2, 0, 0], [-1, 0, 0]], [0, 0], [1, -2], [0, 0.3, -0.7]),       # g = 2 x_1: jumps cancel
]


def multi_kink_rows(t: float = 1e-7):
    """For each configuration and each j: one-sided difference quotients of g and the
    formulas right = sum_(F_i>0) a_i W_ij + sum_(F_i=0) a_i max(W_ij, 0), left with min,
    jump = sum_(F_i=0) a_i |W_ij|. Returns lists (right_num, right_f, left_num, left_f,
    jump_num, jump_f, differentiable_j) over all (configuration, j)."""
    out = {k: [] for k in ("rn", "rf", "ln", "lf", "jn", "jf")}
    for W, b, a, x in MULTI_KINKS:
        W, b, a, x = (np.asarray(v, dtype=float) for v in (W, b, a, x))

        def g(xx):
            return float(a @ np.maximum(W @ xx + b, 0.0))
        F = W @ x + b
        zero, pos = np.abs(F) < 1e-12, F > 1e-12
        for j in range(len(x)):
            e = np.zeros(len(x))
            e[j] = t
            out["rn"].append((g(x + e) - g(x)) / t)
            out["ln"].append((g(x) - g(x - e)) / t)
            base = float(a[pos] @ W[pos, j])
            out["rf"].append(base + float(a[zero] @ np.maximum(W[zero, j], 0)))
            out["lf"].append(base + float(a[zero] @ np.minimum(W[zero, j], 0)))
            out["jf"].append(float(a[zero] @ np.abs(W[zero, j])))
            out["jn"].append(out["rn"][-1] - out["ln"][-1])
    return out


@register("layer-partials",
          "Partial derivatives of f = Wx + b and g = a^T ReLU(Wx + b), component by component "
          "(Kronecker delta, Heaviside, sigmoid)",
          params=[Param("n", 3, "input size used for the concrete checks (1..6)", IntRange(1, 6)),
                  Param("m", 2, "output size used for the concrete checks (1..6)", IntRange(1, 6)),
                  Param("numbers", 1, "which set of numbers W, x, b, a the questions use (1..99)", IntRange(1, 20))],
          source="shared/seeds/002, Aufgabe 1", lang="de")
def build(params: dict, seed: int) -> Solution:
    n, m = int(params["n"]), int(params["m"])
    if not (1 <= n <= 6 and 1 <= m <= 6):
        raise ProblemError("layer-partials: n and m must be between 1 and 6")
    c = _Concrete(n, m)
    numbers = int(params["numbers"])
    if not 1 <= numbers <= 99:
        raise ProblemError("layer-partials: numbers must be between 1 and 99")
    point = Q.question_point(n, m, numbers)
    Fi = F_[I_]
    F1 = F_[1]
    f1_expr = _inner(1)
    i_inner = _inner(I_)
    x_j, W_ij, b_i, a_i = X_[J_], W_[I_, J_], B_[I_], A_[I_]
    t = sp.Symbol("t", real=True)
    compact = [(f1_expr, F1)]
    Wm, xm, bm, am = (sp.MatrixSymbol("W", M_, N_), sp.MatrixSymbol("x", N_, 1), sp.MatrixSymbol("b", M_, 1),
                      sp.MatrixSymbol("a", M_, 1))
    relu_f = sp.Function("ReLU")
    g_sym = sp.Symbol("g")
    Rn, Rm, Rmn = (notation.power(sp.Reals, N_), notation.power(sp.Reals, M_),
                   notation.power(sp.Reals, notation.shape(M_, N_)))

    given = [
        Step(T("{f} with {x}, {W}, {b}, and {g} with {a}. One name for the components of {Wx} is used "
               "throughout: {Fi}; so the sheet's {f1} is {F1}, and {gi}.",
               "{f} mit {x}, {W}, {b}, und {g} mit {a}. Für die Komponenten von {Wx} wird durchgehend ein "
               "Name verwendet: {Fi}; die Größe {f1} des Blatts ist also {F1}, und {gi}.",
               f=sp.Eq(sp.Function("f")(xm, Wm, bm), Wm * xm + bm, evaluate=False), x=notation.element(xm, Rn),
               W=notation.element(Wm, Rmn), b=notation.element(bm, Rm), a=notation.element(am, Rm),
               g=sp.Eq(sp.Function("g")(xm, am, Wm, bm),
                       notation.juxtaposed(sp.Transpose(am), relu_f(Wm * xm + bm)), evaluate=False),
               Wx=Wm * xm + bm, Fi=sp.Eq(Fi, i_inner), f1=sp.Symbol("[f]_1"), F1=F1,
               gi=sp.Eq(g_sym, sp.Sum(a_i * relu_f(Fi), (I_, 1, M_))))),
        Step(T("{relu} has the derivative {H} (Heaviside step: 1 for {tp}, 0 for {tn}); at {t0} the "
               "one-sided derivatives 0 and 1 differ, so ReLU is not differentiable there.",
               "{relu} hat die Ableitung {H} (Heaviside-Funktion: 1 für {tp}, 0 für {tn}); bei {t0} sind die "
               "einseitigen Ableitungen 0 und 1 verschieden, ReLU ist dort nicht differenzierbar.",
               relu=sp.Eq(relu_f(t), sp.Max(0, t)), H=sp.Eq(sp.Derivative(relu(t), t), sp.diff(relu(t), t)),
               tp=sp.Gt(t, 0), tn=sp.Lt(t, 0), t0=sp.Eq(t, 0))),
        Q.given_step(point),
    ]

    def fx(i):
        return [dict(j=j) for j in range(1, n + 1)]

    tasks = []
    # (a)
    tasks.append(_part("a", T("(a) {d}", "(a) {d}", d=notation.partial(F1, x_j)),
                       notation.partial(F1, x_j), f1_expr, x_j, compact, c,
                       {"expr": c.f(1), "indices": fx(1)}, c.x, seed))
    # (b)
    idx_b = [dict(i=i, j=j) for i in range(1, m + 1) for j in range(1, n + 1)]
    tasks.append(_part("b", T("(b) {d}", "(b) {d}", d=notation.partial(F1, W_ij)),
                       notation.partial(F1, W_ij), f1_expr, W_ij, compact, c,
                       {"expr": c.f(1), "indices": idx_b}, [w for row in c.W for w in row], seed,
                       notes=[Step(T("Only the first row of {W} enters {F1}: the derivative is {xj} "
                                     "for {i1} and 0 otherwise.",
                                     "Nur die erste Zeile von {W} geht in {F1} ein: Die Ableitung ist "
                                     "{xj} für {i1} und sonst 0.", W=Wm, F1=F1, xj=x_j, i1=sp.Eq(I_, 1)))]))
    # (c)
    tasks.append(_part("c", T("(c) {d}", "(c) {d}", d=notation.partial(F1, b_i)),
                       notation.partial(F1, b_i), f1_expr, b_i, compact, c,
                       {"expr": c.f(1), "indices": [dict(i=i) for i in range(1, m + 1)]}, c.b, seed))
    # (d)
    # a point with F_1 = 0: exact decimals, so W_13 = 0 is exactly 0 (no kink in x_3 there)
    kink = {s_: 0.0 for s_ in c.x + [w for row in c.W for w in row] + c.b + c.a}
    for k_, s_ in enumerate(c.x):
        kink[s_] = 0.5 + 0.25 * k_
    for i_ in range(m):
        for j_ in range(n):
            kink[c.W[i_][j_]] = round(0.3 * (i_ + 1) - 0.2 * j_ + 0.1, 10) + 0.0
        kink[c.a[i_]] = 1.0 + 0.5 * i_   # a_1 != 0: g really has the kink of its first component
    kink[c.b[0]] = -sum(kink[c.W[0][j_]] * kink[c.x[j_]] for j_ in range(n))
    for i_ in range(1, m):
        kink[c.b[i_]] = 0.7
    W1j = W_[1, J_]
    tasks.append(_part(
        "d", T("(d) {d}", "(d) {d}", d=notation.partial(relu(F1), x_j)),
        notation.partial(relu(F1), x_j), relu(f1_expr), x_j, compact, c,
        {"expr": relu(c.f(1)), "indices": fx(1)}, c.x, seed,
        notes=[Step(T("Not defined where {cond} and {w0}: there the one-sided derivatives are 0 and {w}. "
                      "Elsewhere it is {w} if {pos} and 0 if {neg}.",
                      "Nicht definiert, wo {cond} und {w0}: Dort sind die einseitigen Ableitungen 0 und {w}. "
                      "Sonst ist sie {w} für {pos} und 0 für {neg}.",
                      cond=sp.Eq(F1, 0), w0=sp.Ne(W1j, 0), w=W1j, pos=sp.Gt(F1, 0), neg=sp.Lt(F1, 0)))],
        kink_point=kink))
    # (e)
    sig_def = 1 / (1 + sp.exp(-t))
    d_def = sp.diff(sig_def, t)
    eq = equivalent(d_def, sigmoid(t) * (1 - sigmoid(t)), [t], seed=seed)
    if eq.verdict != "equal":
        raise ProblemError("sigmoid' = sigmoid (1 - sigmoid) was not confirmed")
    tasks.append(_part(
        "e", T("(e) {d}", "(e) {d}", d=notation.partial(sigmoid(F1), x_j)),
        notation.partial(sigmoid(F1), x_j), sigmoid(f1_expr), x_j, compact, c,
        {"expr": sigmoid(c.f(1)), "indices": fx(1)}, c.x, seed,
        notes=[Step(T("From the definition {d} (SymPy confirms the last form; the derivative is expressed "
                      "through the sigmoid itself):",
                      "Aus der Definition {d} (SymPy bestätigt die letzte Form; die Ableitung ist durch die "
                      "Sigmoid-Funktion selbst ausgedrückt):", d=sp.Eq(sigmoid(t), sig_def)),
                    [Equation(sp.Derivative(sigmoid(t), t), [d_def, sigmoid(t) * (1 - sigmoid(t))])])]))
    # (f)
    g_expr = sp.Sum(A_[I_] * relu(i_inner), (I_, 1, M_))
    g_conc = sum(c.a[i_] * relu(c.f(i_ + 1)) for i_ in range(m))
    mk = multi_kink_rows()
    Wij = W_[I_, J_]
    right = notation.one_sided(g_sym, x_j, True)
    left = notation.one_sided(g_sym, x_j, False)
    on_pos = notation.big_operator("sum", sp.Gt(Fi, 0), a_i * Wij)
    ex = MULTI_KINKS[0]
    x1v = c.x[0]
    tasks.append(_part(
        "f", T("(f) {d}", "(f) {d}", d=notation.partial(g_sym, x_j)),
        notation.partial(g_sym, x_j), g_expr, x_j, [(i_inner, Fi)], c,
        {"expr": g_conc, "indices": fx(1)}, c.x, seed,
        notes=[Step(T("Away from the kinks ({nz} for every {i}) each component contributes {aw} if {pos} and "
                      "nothing if {neg}. At a point where several components sit at their kink, moving "
                      "{xj} by {t} changes {Fi} by {tw}; a component with {z} contributes {mx} from the "
                      "right and {mn} from the left. Hence",
                      "Abseits der Knicke ({nz} für jedes {i}) trägt jede Komponente {aw} bei, falls {pos}, "
                      "und nichts, falls {neg}. An einer Stelle, an der mehrere Komponenten im Knick liegen, "
                      "ändert eine Verschiebung von {xj} um {t} den Wert {Fi} um {tw}; eine Komponente mit "
                      "{z} trägt von rechts {mx} und von links {mn} bei. Also",
                      nz=sp.Ne(Fi, 0), i=I_, aw=a_i * Wij, pos=sp.Gt(Fi, 0), neg=sp.Lt(Fi, 0), xj=x_j, t=t,
                      Fi=Fi, tw=t * Wij, z=sp.Eq(Fi, 0), mx=a_i * sp.Max(Wij, 0), mn=a_i * sp.Min(Wij, 0)),
                    [Equation(right, [notation.terms(on_pos, notation.big_operator(
                        "sum", sp.Eq(Fi, 0), a_i * sp.Max(Wij, 0)))]),
                     Equation(left, [notation.terms(on_pos, notation.big_operator(
                         "sum", sp.Eq(Fi, 0), a_i * sp.Min(Wij, 0)))]),
                     Equation(notation.terms(right, -left),
                              [notation.big_operator("sum", sp.Eq(Fi, 0), a_i * sp.Abs(Wij))])]),
               T("The partial derivative exists exactly where this jump is 0, and then equals {on}. "
                 "A component at its kink with {aw0} does not by itself make it undefined: the jumps of "
                 "several components can cancel. Example: rows {r1} and {r2} of {W}, {b0}, {av}; at "
                 "{x0} both components are at their kink, the jump in {x1} is {jump}, and indeed {gx}, "
                 "that is {gy}, is differentiable.",
                 "Die partielle Ableitung existiert genau dort, wo dieser Sprung 0 ist, und ist dann {on}. "
                 "Eine Komponente im Knick mit {aw0} macht sie nicht allein undefiniert: Die Sprünge "
                 "mehrerer Komponenten können sich aufheben. Beispiel: Zeilen {r1} und {r2} von {W}, "
                 "{b0}, {av}; bei {x0} liegen beide Komponenten im Knick, der Sprung in {x1} ist {jump}, "
                 "und tatsächlich ist {gx}, also {gy}, differenzierbar.",
                 on=on_pos, aw0=sp.Ne(a_i * Wij, 0), r1=sp.Tuple(*ex[0][0]), r2=sp.Tuple(*ex[0][1]), W=Wm,
                 b0=sp.Eq(bm, sp.Integer(0), evaluate=False), av=sp.Eq(am, sp.Tuple(*ex[2]), evaluate=False),
                 x0=sp.Eq(xm, sp.Integer(0), evaluate=False),
                 x1=x1v, jump=sp.Eq(notation.terms(A_[1] * sp.Abs(W_[1, 1]), A_[2] * sp.Abs(W_[2, 1])),
                                    sp.Eq(notation.terms(sp.Mul(1, 1, evaluate=False), -1), 0), evaluate=False),
                 gx=sp.Eq(g_sym, notation.terms(relu_f(x1v), -relu_f(-x1v))), gy=sp.Eq(g_sym, x1v)),
               Check(T("one-sided derivatives (difference quotients) = the formulas for {rl}, "
                       "{k} configurations with several components at their kink, every {j}",
                       "einseitige Ableitungen (Differenzenquotienten) = die Formeln für {rl}, {k} "
                       "Konfigurationen mit mehreren Komponenten im Knick, jedes {j}",
                       rl=sp.Tuple(right, left), k=len(MULTI_KINKS), j=J_),
                     verify.compare(mk["rn"] + mk["ln"], mk["rf"] + mk["lf"], "finite differences", tolerance=1e-6)),
               Check(T("jump {d} = the sum over the components at their kink, same configurations",
                       "Sprung {d} = Summe über die Komponenten im Knick, dieselben Konfigurationen",
                       d=notation.terms(right, -left)),
                     verify.compare(mk["jn"], mk["jf"], "finite differences", tolerance=1e-6)),
               Check(T("the example: both one-sided derivatives in {x1} equal 1 ({g} differentiable)",
                       "das Beispiel: beide einseitigen Ableitungen nach {x1} sind 1 ({g} differenzierbar)",
                       x1=x1v, g=sp.Eq(g_sym, x1v)),
                     verify.compare([mk["rn"][0], mk["ln"][0]], [1.0, 1.0], "finite differences", tolerance=1e-6))],
        kink_point=kink))
    answers, answer_check = Q.answers_and_check(point, F_, W_, X_, B_, A_, relu, sigmoid)
    tasks[-1].blocks.append(answer_check)
    return Solution("layer-partials",
                    T("Partial derivatives of a layer", "Partielle Ableitungen einer Schicht"),
                    source="shared/seeds/002, Aufgabe 1", given=given, tasks=tasks, answers=answers)
