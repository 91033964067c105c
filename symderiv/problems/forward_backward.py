"""004 task 5: the forward pass and backpropagation of the sheet's 2-3-2 sigmoid network
by hand, every intermediate value and every gradient, the chain-rule formulas derived by
SymPy, each number checked (SymPy, finite differences) and compared with the numbers the
sheet's own solution prints.

The sheet's Figure 1 (the network with its weights) is not part of the seed text. Its
printed solution fixes the shape (``x^(1)`` has three entries, ``dE/dW^(2)`` is 2 x 3) and
about twenty rounded values. :data:`FB_DEFAULTS` are weights with one decimal that
reproduce every one of them after rounding; they were found by an exhaustive search over
one-decimal weights in [-2, 2] (the smallest sum of absolute values among the solutions;
``x^(1)_1 = 0.48`` forces ``s^(1)_1 = -0.1``, ``0.08`` forces ``s^(1)_2`` in {-2.4, -2.5},
``0.90`` forces ``s^(1)_3 = 2.2``). The check rows compare each printed value.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents.model import Check, Equation, Figure, Result, Solution, Step, T, Table, Task
from symderiv.documents.notation import partial
from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid, Seq
from symderiv.problems.nn_common import U, compare_printed, layer_symbol as _sym
from symderiv.problems.nn_common import num as _num, num_matrix as _num_matrix

FB_DEFAULTS = {
    "w1": (0.1, -0.1, -0.4, -1.0, 0.2, 1.0), "b1": (0.0, 0.0, 0.0),
    "w2": (0.4, -0.1, 0.0, 0.1, -0.4, -0.1), "b2": (-0.4, 1.1),
    "x": (1.0, 2.0), "y": (0.0, 1.0),
}

#: the values printed in the sheet's solution (seed 004, task 5), with their decimals:
#: name -> (decimals, values). ``dE/db^(2)`` shows only its first entry in the text.
SHEET_VALUES = {
    "x1": (2, [0.48, 0.08, 0.90]),
    "x2-y": (2, [0.45, -0.26]),
    "dsig2": (2, [0.25, 0.19]),
    "gW2": (2, [[0.05, 0.01, 0.10], [-0.02, 0.00, -0.05]]),
    "gb2_1": (2, [0.11]),
    "gW1": (3, [[0.010, 0.019], [0.001, 0.001], [0.000, 0.001]]),
    "gb1": (3, [0.010, 0.001, 0.000]),
}


def _fb_network(p):
    from symderiv.nn import NeuralNetwork
    x, y = np.array(p["x"], float), np.array(p["y"], float)
    b1, b2 = np.array(p["b1"], float), np.array(p["b2"], float)
    d0, d1, d2 = len(x), len(b1), len(b2)
    if d0 < 1 or d1 < 1 or d2 < 1:
        raise ProblemError("x, b1 and b2 must not be empty")
    if len(y) != d2:
        raise ProblemError(f"y has {len(y)} entries, the output layer (b2) {d2}")
    if len(p["w1"]) != d1 * d0:
        raise ProblemError(f"w1 needs {d1}*{d0} = {d1 * d0} entries (row by row), got {len(p['w1'])}")
    if len(p["w2"]) != d2 * d1:
        raise ProblemError(f"w2 needs {d2}*{d1} = {d2 * d1} entries (row by row), got {len(p['w2'])}")
    if d0 * d1 + d1 * d2 > 64:
        raise ProblemError("the hand computation is meant for small networks (at most 64 weights)")
    net = NeuralNetwork([d0, d1, d2], activation="sigmoid", seed=0)
    net.weights = [np.array(p["w1"], float).reshape(d1, d0), np.array(p["w2"], float).reshape(d2, d1)]
    net.biases = [b1, b2]
    return net, x, y


def _central(f, arr, h=1e-6):
    g = np.zeros_like(arr)
    for i in np.ndindex(arr.shape):
        old = arr[i]
        arr[i] = old + h
        fp = f()
        arr[i] = old - h
        fm = f()
        arr[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


def _symbolic_network(net, x, y):
    """The network with symbolic parameters: (parameter symbols per array, the symbolic
    outputs of each layer as functions of the parameters, the loss)."""
    syms = {}
    h = [sp.Float(v, 30) for v in x]
    layers_out = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        Ws = [[_sym("w", l, i, j) for j in range(W.shape[1])] for i in range(W.shape[0])]
        bs = [_sym("b", l, i) for i in range(W.shape[0])]
        syms[f"W{l}"], syms[f"b{l}"] = Ws, bs
        h = [sigmoid(sum(Ws[i][j] * h[j] for j in range(W.shape[1])) + bs[i]) for i in range(W.shape[0])]
        layers_out.append(h)
    E = sp.Rational(1, 2) * sum((h[i] - sp.Float(y[i], 30))**2 for i in range(len(y)))
    values = {}
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        for i in range(W.shape[0]):
            values[syms[f"b{l}"][i]] = sp.Float(b[i], 30)
            for j in range(W.shape[1]):
                values[syms[f"W{l}"][i][j]] = sp.Float(W[i, j], 30)
    return syms, layers_out, E, values


@register("forward-backward",
          "The sheet's 2-3-2 sigmoid network by hand: forward pass and backpropagation, every value checked",
          source="004 task 5", lang="en",
          params=[Param("w1", FB_DEFAULTS["w1"], "W^(1) row by row (d1*d0 numbers)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 6)),
                  Param("b1", FB_DEFAULTS["b1"], "b^(1)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 3)),
                  Param("w2", FB_DEFAULTS["w2"], "W^(2) row by row (d2*d1 numbers)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 6)),
                  Param("b2", FB_DEFAULTS["b2"], "b^(2)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 2)),
                  Param("x", FB_DEFAULTS["x"], "input x^(0)", Seq(Grid(-2.0, 2.0, 0.5), 2)),
                  Param("y", FB_DEFAULTS["y"], "target y", Seq(Choice((0.0, 1.0)), 2))])
def build_forward_backward(params: dict, seed: int) -> Solution:
    from symderiv.verify import check_gradient, compare
    params_in = params
    net, x, y = _fb_network(params)
    W1, W2 = net.weights
    b1, b2 = net.biases
    d0, d1, d2 = net.sizes
    net.forward(x)  # keeps every intermediate s^(l), x^(l)
    s1, x1, s2, x2 = net.s[1], net.x[1], net.s[2], net.x[2]
    E = net.loss(x, y)
    gw, gb = net.backprop(x, y)
    delta2 = (x2 - y) * x2 * (1 - x2)
    delta1 = x1 * (1 - x1) * (W2.T @ delta2)

    X0 = [_sym("x", 0, k) for k in range(d0)]
    S1 = [_sym("s", 1, j) for j in range(d1)]
    X1 = [_sym("x", 1, j) for j in range(d1)]
    S2 = [_sym("s", 2, i) for i in range(d2)]
    X2 = [_sym("x", 2, i) for i in range(d2)]
    Y = [sp.Symbol(f"y_{i + 1}", real=True) for i in range(d2)]
    D1 = [_sym("delta", 1, j) for j in range(d1)]
    D2 = [_sym("delta", 2, i) for i in range(d2)]
    w1s = [[_sym("w", 1, j, k) for k in range(d0)] for j in range(d1)]
    w2s = [[_sym("w", 2, i, j) for j in range(d1)] for i in range(d2)]
    b1s = [_sym("b", 1, j) for j in range(d1)]
    b2s = [_sym("b", 2, i) for i in range(d2)]
    Esym = sp.Symbol("E")
    loss_expr = sp.Rational(1, 2) * sum((X2[i] - Y[i])**2 for i in range(d2))

    given = [
        T("A fully connected network with {d0} inputs, {d1} hidden and {d2} output neurons and "
          "sigmoid activations in both layers. The sheet's Figure 1, which gives the weights, is "
          "missing from the text of the sheet; its printed solution shows that the network has "
          "three hidden neurons. The weights below were reconstructed: they are the simplest "
          "weights with one decimal that reproduce every number printed in the sheet's solution "
          "after rounding (compared in the check rows of task (ii)); all of them can be changed "
          "with --param. Layer {l} computes {s} and {xl}; the loss is the squared loss {E}.",
          "Ein vollständig verbundenes Netz mit {d0} Eingängen, {d1} verdeckten und {d2} "
          "Ausgabeneuronen und Sigmoid-Aktivierung in beiden Schichten. Abbildung 1 des Blattes, "
          "die die Gewichte angibt, fehlt im Text des Blattes; seine gedruckte Lösung zeigt, dass "
          "das Netz drei verdeckte Neuronen hat. Die Gewichte unten wurden rekonstruiert: es sind "
          "die einfachsten Gewichte mit einer Nachkommastelle, die nach dem Runden jede in der "
          "Lösung des Blattes gedruckte Zahl wiedergeben (verglichen in den Prüfzeilen von "
          "Teil (ii)); alle lassen sich mit --param ändern. Schicht {l} berechnet {s} und {xl}; "
          "der Fehler ist der quadratische Fehler {E}.",
          l=sp.Symbol("l"),
          d0=d0, d1=d1, d2=d2,
          s=sp.Eq(sp.Symbol("s^(l)"), sp.Symbol("W^(l)") * sp.Symbol("x^(l-1)") + sp.Symbol("b^(l)")),
          xl=sp.Eq(sp.Symbol("x^(l)"), sigmoid(sp.Symbol("s^(l)"))),
          E=sp.Eq(Esym, loss_expr)),
        Equation(sp.Symbol("W^(1)"), [_num_matrix(W1)]),
        Equation(sp.Symbol("b^(1)"), [_num_matrix(b1)]),
        Equation(sp.Symbol("W^(2)"), [_num_matrix(W2)]),
        Equation(sp.Symbol("b^(2)"), [_num_matrix(b2)]),
        Equation(sp.Symbol("x^(0)"), [_num_matrix(x)]),
        Equation(sp.Symbol("y"), [_num_matrix(y)]),
    ]

    # ---------------- (i) forward pass
    fwd = Task(T("(i) Forward pass", "(i) Vorwärtsdurchlauf"))
    for layer, (W, b, xin, Xin, S, Xo, s_val, x_val, ws, bs) in enumerate(
            [(W1, b1, x, X0, S1, X1, s1, x1, w1s, b1s), (W2, b2, x1, X1, S2, X2, s2, x2, w2s, b2s)],
            start=1):
        eqs = []
        for i in range(W.shape[0]):
            formula = sum(ws[i][k] * Xin[k] for k in range(W.shape[1])) + bs[i]
            numbers = formula.subs({**{ws[i][k]: U(_num(W[i, k])) for k in range(W.shape[1])},
                                    **{Xin[k]: U(_num(xin[k])) for k in range(W.shape[1])},
                                    bs[i]: U(_num(b[i]))})
            eqs.append(Equation(S[i], [formula, numbers, _num(s_val[i])]))
        for i in range(W.shape[0]):
            eqs.append(Equation(Xo[i], [sigmoid(S[i]), sigmoid(U(_num(s_val[i]))), _num(x_val[i])]))
        fwd.blocks.append(Step(T("Layer {l}: weighted sums, then the sigmoid.",
                                 "Schicht {l}: gewichtete Summen, dann die Sigmoidfunktion.", l=layer), eqs))
    fwd.blocks.append(Step(T("The loss:", "Der Fehler:"), [Equation(Esym, [
        loss_expr, loss_expr.subs({**{X2[i]: U(_num(x2[i])) for i in range(d2)},
                                   **{Y[i]: U(_num(y[i])) for i in range(d2)}}), _num(E)])]))
    fwd.blocks.append(Result(T("Output of the network", "Ausgabe des Netzes"),
                             sp.Symbol("x^(2)"), _num_matrix(x2)))

    # independent forward pass: SymPy with 30 digits
    syms, sym_layers, E_sym, values = _symbolic_network(net, x, y)
    sym_fwd = np.array([float(v.subs(values).evalf(30)) for layer in sym_layers for v in layer]
                       + [float(E_sym.subs(values).evalf(30))])
    fwd.blocks.append(Check(T("forward pass: {n} values {x1}, {x2}, {E} against SymPy (30 digits)",
                              "Vorwärtsdurchlauf: {n} Werte {x1}, {x2}, {E} gegen SymPy (30 Stellen)",
                              n=len(sym_fwd), x1=sp.Symbol("x^(1)"), x2=sp.Symbol("x^(2)"), E=Esym),
                            compare(np.concatenate([x1, x2, [E]]), sym_fwd, "SymPy", tolerance=1e-12)))

    # ---------------- (ii) backpropagation
    bwd = Task(T("(ii) Gradients by backpropagation", "(ii) Gradienten durch Backpropagation"))
    # the chain-rule formulas, derived by SymPy from the definitions
    z = sp.Symbol("z", real=True)
    dsig = sp.diff(sigmoid(z), z)  # sigma(z) (1 - sigma(z)), from the function table
    dE_dx2 = [sp.diff(loss_expr, X2[i]) for i in range(d2)]
    bwd.blocks.append(Step(
        T("The derivative of the loss with respect to the output and of the sigmoid (SymPy):",
          "Die Ableitung des Fehlers nach der Ausgabe und die der Sigmoidfunktion (SymPy):"),
        [Equation(partial(Esym, X2[i]), [dE_dx2[i]]) for i in range(d2)]
        + [Equation(sp.Derivative(sigmoid(z), z), [dsig, dsig.subs(sigmoid(z), sp.Symbol("sigma"))])]))

    d2_formula = [dE_dx2[i] * dsig.subs(sigmoid(z), X2[i]) for i in range(d2)]
    eqs = []
    for i in range(d2):
        numbers = d2_formula[i].subs({X2[i]: U(_num(x2[i])), Y[i]: U(_num(y[i]))})
        eqs.append(Equation(D2[i], [partial(Esym, S2[i]), d2_formula[i], numbers, _num(delta2[i])]))
    bwd.blocks.append(Step(T("Output layer: the error signal {d} (chain rule through the loss and "
                             "the sigmoid, using {sig}).",
                             "Ausgabeschicht: das Fehlersignal {d} (Kettenregel durch Fehler und "
                             "Sigmoid, mit {sig}).",
                             d=sp.Symbol("delta^(2)"),
                             sig=sp.Eq(sigmoid(sp.Symbol("s^(2)")), sp.Symbol("x^(2)"))), eqs))
    eqs = []
    for i in range(d2):
        for j in range(d1):
            eqs.append(Equation(partial(Esym, w2s[i][j]),
                                [D2[i] * X1[j], U(_num(delta2[i])) * U(_num(x1[j])), _num(gw[1][i, j])]))
        eqs.append(Equation(partial(Esym, b2s[i]), [D2[i], _num(gb[1][i])]))
    bwd.blocks.append(Step(T("Weights and biases of the output layer: {f} = {fv} and {g} = {gv}.",
                             "Gewichte und Schwellen der Ausgabeschicht: {f} = {fv} und {g} = {gv}.",
                             f=partial(Esym, sp.Symbol("w_ij^(2)")), fv=sp.Symbol("delta_i^(2)") * sp.Symbol("x_j^(1)"),
                             g=partial(Esym, sp.Symbol("b_i^(2)")), gv=sp.Symbol("delta_i^(2)")), eqs))

    eqs = []
    for j in range(d1):
        formula = dsig.subs(sigmoid(z), X1[j]) * sum(w2s[i][j] * D2[i] for i in range(d2))
        numbers = formula.subs({X1[j]: U(_num(x1[j])), **{w2s[i][j]: U(_num(W2[i, j])) for i in range(d2)},
                                **{D2[i]: U(_num(delta2[i])) for i in range(d2)}})
        eqs.append(Equation(D1[j], [partial(Esym, S1[j]), formula, numbers, _num(delta1[j])]))
    bwd.blocks.append(Step(T("Hidden layer: the error signal flows back through the weights "
                             "{W} and the sigmoid's derivative, {f}.",
                             "Verdeckte Schicht: das Fehlersignal fließt durch die Gewichte "
                             "{W} und die Ableitung der Sigmoidfunktion zurück, {f}.", W=sp.Symbol("W^(2)"),
                             f=sp.Eq(sp.Symbol("delta_j^(1)"),
                                     sp.Symbol("x_j^(1)") * (1 - sp.Symbol("x_j^(1)")) *
                                     sp.Sum(sp.Symbol("w_ij^(2)") * sp.Symbol("delta_i^(2)"),
                                            (sp.Symbol("i"), 1, d2)))), eqs))
    eqs = []
    for j in range(d1):
        for k in range(d0):
            eqs.append(Equation(partial(Esym, w1s[j][k]),
                                [D1[j] * X0[k], U(_num(delta1[j])) * U(_num(x[k])), _num(gw[0][j, k])]))
        eqs.append(Equation(partial(Esym, b1s[j]), [D1[j], _num(gb[0][j])]))
    bwd.blocks.append(Step(T("Weights and biases of the hidden layer: {f} = {fv} and {g} = {gv}.",
                             "Gewichte und Schwellen der verdeckten Schicht: {f} = {fv} und {g} = {gv}.",
                             f=partial(Esym, sp.Symbol("w_jk^(1)")), fv=sp.Symbol("delta_j^(1)") * sp.Symbol("x_k^(0)"),
                             g=partial(Esym, sp.Symbol("b_j^(1)")), gv=sp.Symbol("delta_j^(1)")), eqs))

    for l, (g, gbv) in enumerate(zip(gw, gb), start=1):
        bwd.blocks.append(Result(T("Gradient with respect to {W}", "Gradient nach {W}",
                                   W=sp.Symbol(f"W^({l})")),
                                 partial(Esym, sp.Symbol(f"W^({l})")), _num_matrix(g)))
        bwd.blocks.append(Result(T("Gradient with respect to {b}", "Gradient nach {b}",
                                   b=sp.Symbol(f"b^({l})")),
                                 partial(Esym, sp.Symbol(f"b^({l})")), _num_matrix(gbv)))

    # every gradient entry: backprop, central differences, SymPy on the whole loss
    params = net.get_params()
    f_loss = lambda: net.loss(x, y)  # noqa: E731
    rows, ours, sym_vals = [], [], []
    for l in (1, 2):
        for name, sym_arr, g in ((f"W{l}", syms[f"W{l}"], gw[l - 1]), (f"b{l}", syms[f"b{l}"], gb[l - 1])):
            num = _central(f_loss, params[name])
            for idx in np.ndindex(g.shape):
                s = sym_arr[idx[0]][idx[1]] if len(idx) == 2 else sym_arr[idx[0]]
                exact = float(sp.diff(E_sym, s).subs(values).evalf(30))
                rows.append([s, float(g[idx]), float(num[idx]), float(exact)])
                ours.append(g[idx])
                sym_vals.append(exact)
    bwd.blocks.append(Table([T("parameter", "Parameter"), T("backpropagation", "Backpropagation"),
                             T("central difference", "zentrale Differenz"),
                             T("SymPy: derivative of the whole loss", "SymPy: Ableitung des ganzen Fehlers")],
                            rows, caption=T("Every gradient entry computed three ways.",
                                            "Jeder Gradienteneintrag auf drei Wegen berechnet.")))
    bwd.blocks.append(Check(T("backpropagation vs SymPy derivative of the loss (all {n} entries)",
                              "Backpropagation gegen SymPy-Ableitung des Fehlers (alle {n} Einträge)", n=len(ours)),
                            compare(ours, sym_vals, "SymPy", tolerance=1e-12)))
    f, grad_f = net.loss_and_gradient(x, y)
    for name in params:
        fixed = {k: v.copy() for k, v in params.items()}

        def f_one(p, name=name, fixed=fixed):
            return f({**fixed, name: p})

        def g_one(p, name=name, fixed=fixed):
            return grad_f({**fixed, name: p})[name]
        rec = check_gradient(f_one, g_one, params[name].copy(), method="central", seed=seed)
        bwd.blocks.append(Check(T("{d}: backpropagation against finite differences",
                                  "{d}: Backpropagation gegen finite Differenzen",
                                  d=partial(Esym, sp.Symbol(f"{name[0]}^({name[1:]})"))), rec))
    net.set_params(params)
    bwd.blocks.append(_diagram(net, x, y, delta1, delta2))
    if all(tuple(params_in[k]) == FB_DEFAULTS[k] for k in FB_DEFAULTS):
        bwd.blocks.extend(_sheet_checks(x1, x2, y, gw, gb))
    return Solution("forward-backward",
                    T("A simple neural network: forward pass and backpropagation",
                      "Ein einfaches neuronales Netz: Vorwärtsdurchlauf und Backpropagation"),
                    source=T("shared/seeds/004, task 5", "shared/seeds/004, Aufgabe 5"), given=given, tasks=[fwd, bwd])


def _diagram(net, x, y, delta1, delta2) -> Figure:
    """The network with every intermediate value (the sheet's Figure 1, completed)."""
    from symderiv.layers.diagram import network_tikz
    d = lambda v: _num(v, 3)  # noqa: E731  three significant digits in the picture
    nodes = [[[sp.Eq(_sym("x", 0, k), d(x[k]))] for k in range(len(x))]]
    for l, delta in ((1, delta1), (2, delta2)):
        layer = []
        for i in range(net.sizes[l]):
            lines = [sp.Eq(_sym("b", l, i), d(net.biases[l - 1][i])),
                     sp.Eq(_sym("s", l, i), d(net.s[l][i])),
                     sp.Eq(_sym("x", l, i), d(net.x[l][i])),
                     sp.Eq(_sym("delta", l, i), d(delta[i]))]
            if l == 2:
                lines.insert(3, sp.Eq(sp.Symbol(f"y_{i + 1}"), d(y[i])))
            layer.append(lines)
        nodes.append(layer)
    edges = [[[d(W[i, j]) for j in range(W.shape[1])] for i in range(W.shape[0])] for W in net.weights]
    return Figure(network_tikz(nodes, edges),
                  T("The network with its (reconstructed) weights on the edges and every value of "
                    "the forward pass ({s}, {x}) and of the backward pass ({d}) at the neurons, "
                    "rounded to three significant digits.",
                    "Das Netz mit seinen (rekonstruierten) Gewichten an den Kanten und allen Werten "
                    "des Vorwärtsdurchlaufs ({s}, {x}) und des Rückwärtsdurchlaufs ({d}) an den "
                    "Neuronen, auf drei signifikante Stellen gerundet.",
                    s=sp.Symbol("s^(l)"), x=sp.Symbol("x^(l)"), d=sp.Symbol("delta^(l)")))


def _sheet_checks(x1, x2, y, gw, gb) -> list:
    """One check row per group of values printed in the sheet's solution: ours, rounded
    to the sheet's decimals, must equal the printed numbers."""
    ours = {"x1": x1, "x2-y": x2 - y, "dsig2": x2 * (1 - x2), "gW2": gw[1], "gb2_1": gb[1][:1],
            "gW1": gw[0], "gb1": gb[0]}
    names = {"x1": sp.Symbol("x^(1)"), "x2-y": sp.Symbol("x^(2)") - sp.Symbol("y"),
             "dsig2": sp.Symbol("x^(2)") * (1 - sp.Symbol("x^(2)")), "gW2": partial("E", "W^(2)"),
             "gb2_1": partial("E", "b_1^(2)"), "gW1": partial("E", "W^(1)"), "gb1": partial("E", "b^(1)")}
    rows = [T("The sheet's solution prints these values (the entries of {s} are printed as "
              "{a} and {b}); ours, rounded to the same number of decimals, agree with every "
              "one of them:",
              "Die Lösung des Blattes druckt diese Werte (die Einträge von {s} als {a} und {b}); "
              "unsere, auf gleich viele Nachkommastellen gerundet, stimmen mit jedem überein:",
              s=sp.Symbol("x^(2)") * (1 - sp.Symbol("x^(2)")), a=sp.Float(0.25, 2), b=sp.Float(0.19, 2))]
    for key, (dec, printed) in SHEET_VALUES.items():
        rows.append(Check(T("{v}: sheet {p}", "{v}: Blatt {p}", v=names[key],
                            p=_num_matrix(np.asarray(printed, float), 3)),
                          compare_printed(ours[key], printed, dec)))
    return rows
