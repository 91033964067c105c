"""The tasks of sheet 004, Task 5: (i) the forward pass, (ii) the gradients by
backpropagation; one function per task, from the prepared maths to the statement, the
questions, the worked solution and the checks (sentences from ``messages/``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Figure, Result, Step
from symderiv.documents.notation import partial, partial_expr
from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
from symderiv.problems.forward_backward import checks
from symderiv.documents.notation import terms
from symderiv.problems.forward_backward.figure import network_picture
from symderiv.problems.forward_backward.printing import dot, row
from symderiv.problems.forward_backward.maths import SHEET_UNEXPLAINED, SHEET_VALUES, Maths, same_s1_other_w1
from symderiv.problems.nn_common import U, layer_symbol as _sym, num as _num, num_matrix as _num_matrix
from symderiv.problems.spec import Part, Question

E = sp.Symbol("E")
Z = sp.Symbol("z", real=True)


def _vec(base: str, layer: int, n: int) -> list:
    return [_sym(base, layer, i) for i in range(n)]


def _symbols(m: Maths) -> dict:
    d0, d1, d2 = m.sizes
    return dict(X0=_vec("x", 0, d0), S1=_vec("s", 1, d1), X1=_vec("x", 1, d1), S2=_vec("s", 2, d2),
                X2=_vec("x", 2, d2), Y=[sp.Symbol(f"y_{i + 1}", real=True) for i in range(d2)],
                D1=_vec("delta", 1, d1), D2=_vec("delta", 2, d2),
                w1=[[_sym("w", 1, j, k) for k in range(d0)] for j in range(d1)],
                w2=[[_sym("w", 2, i, j) for j in range(d1)] for i in range(d2)],
                b1=_vec("b", 1, d1), b2=_vec("b", 2, d2))


def _loss(s: dict):
    return sp.Rational(1, 2) * sum((x - y) ** 2 for x, y in zip(s["X2"], s["Y"]))


def given(m: Maths) -> list:
    d0, d1, d2 = m.sizes
    l = sp.Symbol("l")
    return [
        Msg("forward-backward.given.network", d0=d0, d1=d1, d2=d2,
            sig=sp.Eq(sp.Function("sigma")(Z), 1 / (1 + sp.exp(-Z))),
            s=sp.Eq(sp.Symbol("s^(l)"), sp.Symbol("W^(l)") * sp.Symbol("x^(l-1)") + sp.Symbol("b^(l)")),
            xl=sp.Eq(sp.Symbol("x^(l)"), sigmoid(sp.Symbol("s^(l)"))), l=l,
            Ed=sp.Eq(E, _loss(_symbols(m))), y=sp.Symbol("y")),
        Equation(sp.Symbol("W^(1)"), [_num_matrix(m.W1)]),
        Equation(sp.Symbol("b^(1)"), [_num_matrix(m.b1)]),
        Equation(sp.Symbol("W^(2)"), [_num_matrix(m.W2)]),
        Equation(sp.Symbol("b^(2)"), [_num_matrix(m.b2)]),
        Equation(sp.Symbol("x^(0)"), [_num_matrix(m.x)]),
        Equation(sp.Symbol("y"), [_num_matrix(m.y)]),
    ]


def V(v):
    """A number kept as written in a line of substituted numbers (zeros too)."""
    return sp.UnevaluatedExpr(_num(v))


def _term(first, *rest):
    """A product of numbers as a term of a sum, its sign in front (a printed negative
    number would otherwise follow a plus sign)."""
    factors = [V(abs(first))] + [V(r) for r in rest]
    t = dot(*factors) if rest else factors[0]
    return -t if first < 0 else t


def _layer_step(layer, W, b, xin, Xin, S, Xo, s_val, x_val, ws, bs) -> Step:
    eqs = []
    for i in range(W.shape[0]):
        formula = terms(*[row(ws[i][k], Xin[k]) for k in range(W.shape[1])], bs[i])
        numbers = terms(*[_term(W[i, k], xin[k]) for k in range(W.shape[1])], _term(b[i]))
        eqs.append(Equation(S[i], [formula, numbers, _num(s_val[i])]))
    for i in range(W.shape[0]):
        eqs.append(Equation(Xo[i], [sigmoid(S[i]), sigmoid(U(_num(s_val[i]))), _num(x_val[i])]))
    return Step(Msg("forward-backward.i.layer", l=layer), eqs)


def _reconstruction(m: Maths) -> list:
    """The one plain statement, in the report of the sheet's own network, of what was guessed."""
    if not m.is_default:
        return []
    x0, W1 = sp.Symbol("x^(0)"), sp.Symbol("W^(1)")
    other = sp.Symbol("W'^(1)")
    return [Msg("forward-backward.i.reconstructed", W1=W1, W2=sp.Symbol("W^(2)"), b1=sp.Symbol("b^(1)"),
                b2=sp.Symbol("b^(2)"), x1=sp.Symbol("x^(1)"), x2y=sp.Symbol("x^(2)") - sp.Symbol("y")),
            Step(Msg("forward-backward.i.not_identifiable", W1=W1, x0=x0, other=other,
                     s1=sp.Eq(sp.Symbol("s^(1)"), W1 * x0 + sp.Symbol("b^(1)"))),
                 [Equation(other, [_num_matrix(same_s1_other_w1(m))])]),
            Step(Msg("forward-backward.i.unexplained", g=partial(E, W1), M=sp.Symbol("M")),
                 [Equation(sp.Symbol("M"), [sp.Matrix(SHEET_UNEXPLAINED).applyfunc(lambda v: sp.Float(v, 1))])]),
            Msg("forward-backward.i.unexplained_end", M=sp.Symbol("M"), W1=W1, W2=sp.Symbol("W^(2)"))]


def task_i(m: Maths) -> Part:
    """Task 5 (i): the forward pass of x^(0); the value of x^(2)."""
    s = _symbols(m)
    x2 = sp.Symbol("x^(2)")
    solution = _reconstruction(m) + [
        _layer_step(1, m.W1, m.b1, m.x, s["X0"], s["S1"], s["X1"], m.s1, m.x1, s["w1"], s["b1"]),
        _layer_step(2, m.W2, m.b2, m.x1, s["X1"], s["S2"], s["X2"], m.s2, m.x2, s["w2"], s["b2"]),
        Result(Msg("forward-backward.result.output"), x2, _num_matrix(m.x2)),
        Step(Msg("forward-backward.i.loss"), [Equation(E, [_loss(s), sp.Rational(1, 2) * sp.UnevaluatedExpr(terms(*[
            sp.Pow(terms(V(a), -V(b)), 2, evaluate=False) for a, b in zip(m.x2, m.y)])), _num(m.E)])]),
    ]
    statement = [Msg("forward-backward.i.statement", x0=sp.Symbol("x^(0)"),
                     vec=sp.Eq(x2, sp.Tuple(*s["X2"]), evaluate=False))]
    questions = [Question(f"x2_{i + 1}", Msg("forward-backward.q.output", x=s["X2"][i]), float(_num(m.x2[i])),
                          s["X2"][i]) for i in range(len(m.x2))]
    found = [Check(Msg("forward-backward.check.forward", n=len(m.x1) + len(m.x2) + 1, x1=sp.Symbol("x^(1)"),
                       x2=x2, E=E), checks.forward(m))]
    return Part(statement, solution, found, questions)


def _output_steps(m: Maths, s: dict) -> list:
    d1, d2 = m.sizes[1], m.sizes[2]
    dE = [sp.diff(_loss(s), s["X2"][i]) for i in range(d2)]
    dsig = sp.diff(sigmoid(Z), Z)
    first = Step(Msg("forward-backward.ii.derivatives"),
                 [Equation(partial(E, s["X2"][i]), [dE[i]]) for i in range(d2)]
                 + [Equation(sp.Derivative(sigmoid(Z), Z), [dsig])])   # the table's derivative, once
    eqs = []
    for i in range(d2):
        formula = row(terms(s["X2"][i], -s["Y"][i]), s["X2"][i], terms(1, -s["X2"][i]))
        xv, yv = V(m.x2[i]), V(m.y[i])
        numbers = dot(terms(xv, -yv), xv, terms(1, -xv))
        eqs.append(Equation(s["D2"][i], [partial(E, s["S2"][i]), formula, numbers, _num(m.delta2[i])]))
    delta = Step(Msg("forward-backward.ii.delta2", d=sp.Symbol("delta^(2)"),
                     sig=sp.Eq(sigmoid(sp.Symbol("s^(2)")), sp.Symbol("x^(2)"))), eqs)
    eqs = []
    for i in range(d2):
        for j in range(d1):
            eqs.append(Equation(partial(E, s["w2"][i][j]), [row(s["D2"][i], s["X1"][j]),
                dot(V(m.delta2[i]), V(m.x1[j])), _num(m.gw[1][i, j])]))
        eqs.append(Equation(partial(E, s["b2"][i]), [s["D2"][i], _num(m.gb[1][i])]))
    weights = Step(Msg("forward-backward.ii.output_weights",
                       f=sp.Eq(partial_expr(E, sp.Symbol("w_kj^(2)")), row(sp.Symbol("delta_k^(2)"), sp.Symbol("x_j^(1)")),
                               evaluate=False),
                       g=sp.Eq(partial_expr(E, sp.Symbol("b_k^(2)")), sp.Symbol("delta_k^(2)"), evaluate=False)), eqs)
    return [first, delta, weights]


def _hidden_steps(m: Maths, s: dict) -> list:
    d0, d1, d2 = m.sizes
    eqs = []
    for j in range(d1):
        xj = s["X1"][j]
        formula = row(xj, terms(1, -xj), terms(*[row(s["w2"][i][j], s["D2"][i]) for i in range(d2)]))
        xv = V(m.x1[j])
        numbers = dot(xv, terms(1, -xv), terms(*[_term(m.W2[i, j], m.delta2[i]) for i in range(d2)]))
        eqs.append(Equation(s["D1"][j], [partial(E, s["S1"][j]), formula, numbers, _num(m.delta1[j])]))
    xj = sp.Symbol("x_j^(1)")
    sum_rule = sp.Eq(sp.Symbol("delta_j^(1)"), row(xj, terms(1, -xj), sp.Sum(
        row(sp.Symbol("w_kj^(2)"), sp.Symbol("delta_k^(2)")), (sp.Symbol("k"), 1, d2))))
    delta = Step(Msg("forward-backward.ii.delta1", W=sp.Symbol("W^(2)"), f=sum_rule), eqs)
    eqs = []
    for j in range(d1):
        for k in range(d0):
            eqs.append(Equation(partial(E, s["w1"][j][k]), [row(s["D1"][j], s["X0"][k]),
                dot(V(m.delta1[j]), V(m.x[k])), _num(m.gw[0][j, k])]))
        eqs.append(Equation(partial(E, s["b1"][j]), [s["D1"][j], _num(m.gb[0][j])]))
    weights = Step(Msg("forward-backward.ii.hidden_weights",
                       f=sp.Eq(partial_expr(E, sp.Symbol("w_jn^(1)")), row(sp.Symbol("delta_j^(1)"), sp.Symbol("x_n^(0)")),
                               evaluate=False),
                       g=sp.Eq(partial_expr(E, sp.Symbol("b_j^(1)")), sp.Symbol("delta_j^(1)"), evaluate=False)), eqs)
    return [delta, weights]


def _figure(m: Maths) -> Figure:
    d = lambda v: _num(v, 3)  # noqa: E731  three significant digits in the picture
    nodes = [[[sp.Eq(_sym("x", 0, k), d(m.x[k]))] for k in range(len(m.x))]]
    for l, (delta, s_, x_) in ((1, (m.delta1, m.s1, m.x1)), (2, (m.delta2, m.s2, m.x2))):
        layer = []
        for i in range(m.sizes[l]):
            lines = [sp.Eq(_sym("b", l, i), d(m.net.biases[l - 1][i])), sp.Eq(_sym("s", l, i), d(s_[i])),
                     sp.Eq(_sym("x", l, i), d(x_[i])), sp.Eq(_sym("delta", l, i), d(delta[i]))]
            if l == 2:
                lines.insert(3, sp.Eq(sp.Symbol(f"y_{i + 1}"), d(m.y[i])))
            layer.append(lines)
        nodes.append(layer)
    edges = [[[d(W[i, j]) for j in range(W.shape[1])] for i in range(W.shape[0])] for W in m.net.weights]
    return Figure(network_picture(nodes, edges), Msg("forward-backward.figure", s=sp.Symbol("s^(l)"),
                                                      x=sp.Symbol("x^(l)"), d=sp.Symbol("delta^(l)")))


def _questions_ii(m: Maths, s: dict) -> list:
    d0, d1, d2 = m.sizes
    picks = [("dE_dw2_11", s["w2"][0][0], m.gw[1][0, 0]), (f"dE_db2_{d2}", s["b2"][-1], m.gb[1][-1]),
             (f"dE_dw1_1{d0}", s["w1"][0][-1], m.gw[0][0, -1]), (f"dE_db1_{d1}", s["b1"][-1], m.gb[0][-1])]
    return [Question(key, Msg("forward-backward.q.gradient", E=E, p=p), float(_num(v)), partial(E, p))
            for key, p, v in picks]


def _sheet_checks(m: Maths) -> list:
    if not m.is_default:
        return []
    X1, X2 = sp.Symbol("x^(1)"), sp.Symbol("x^(2)")
    names = {"x1": X1, "x2-y": X2 - sp.Symbol("y"), "dsig2": X2 * (1 - X2), "gW2": partial(E, sp.Symbol("W^(2)")),
             "gb2_1": partial(E, sp.Symbol("b_1^(2)")), "gW1": partial(E, sp.Symbol("W^(1)")),
             "gb1": partial(E, sp.Symbol("b^(1)"))}
    rows = []
    for key, rec in checks.sheet_values(m):
        dec, printed = SHEET_VALUES[key]
        rows.append(Check(Msg("forward-backward.check.sheet", v=names[key], d=dec, p=_printed(printed, dec)), rec))
    other, rec = checks.w1_not_identifiable(m)
    rows.append(Check(Msg("forward-backward.check.w1", W1=sp.Symbol("W^(1)"), other=sp.Symbol("W'^(1)")), rec))
    rows.append(Check(Msg("forward-backward.check.unexplained", M=_printed(SHEET_UNEXPLAINED, 1),
                          W1=sp.Symbol("W^(1)"), W2=sp.Symbol("W^(2)")), checks.unexplained_matrix_absent(m)))
    return rows


def _printed(values, dec: int):
    """Printed values as a (nested) tuple with the sheet's decimals: no matrix brackets that
    would have to stretch inside a line of text."""
    a = np.asarray(values, float)
    if a.ndim == 1:
        return sp.Tuple(*[sp.Float(f"{v:.{dec}f}", dec + 1) for v in a])
    return sp.Tuple(*[_printed(row, dec) for row in a])


def task_ii(m: Maths) -> Part:
    """Task 5 (ii): the gradients of all parameters by backpropagation."""
    s = _symbols(m)
    d0, d1, d2 = m.sizes
    results = []
    for l, (g, gbv) in enumerate(zip(m.gw, m.gb), start=1):
        results.append(Result(Msg("forward-backward.result.gradient", W=sp.Symbol(f"W^({l})")),
                              partial(E, sp.Symbol(f"W^({l})")), _num_matrix(g)))
        results.append(Result(Msg("forward-backward.result.gradient", W=sp.Symbol(f"b^({l})")),
                              partial(E, sp.Symbol(f"b^({l})")), _num_matrix(gbv)))
    solution = _output_steps(m, s) + _hidden_steps(m, s) + results + [_figure(m)]
    statement = [Msg("forward-backward.ii.statement", E=E, W1=sp.Symbol("W^(1)"), b1=sp.Symbol("b^(1)"),
                     W2=sp.Symbol("W^(2)"), b2=sp.Symbol("b^(2)")),
                 Msg("forward-backward.ii.entries", w2=s["w2"][0][0], W2=sp.Symbol("W^(2)"), w1=s["w1"][0][-1],
                     W1=sp.Symbol("W^(1)"), k=d0, b2=s["b2"][-1], B2=sp.Symbol("b^(2)"), i=d2, b1=s["b1"][-1],
                     B1=sp.Symbol("b^(1)"), j=d1)]
    found = [Check(Msg("forward-backward.check.sympy", n=sum(g.size for g in m.gw + m.gb)),
                   checks.backprop_vs_sympy(m)),
             Check(Msg("forward-backward.check.differences", n=sum(g.size for g in m.gw + m.gb)),
                   checks.backprop_vs_differences(m))] + _sheet_checks(m)
    return Part(statement, solution, found, _questions_ii(m, s))
