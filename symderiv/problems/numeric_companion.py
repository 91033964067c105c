"""The numeric companion of exercises 004 (tasks 5, 6) and 001 (Aufgabe 11).

* ``forward-backward`` (004 task 5): the forward pass and backpropagation of a small
  sigmoid network by hand, every intermediate value and every gradient, the chain-rule
  formulas derived by SymPy, each number checked (SymPy, finite differences).
* ``toy-classifier`` (004 task 6 iii): the reference network :class:`symderiv.nn.NeuralNetwork`
  trained by batch gradient descent on XOR-like or two-moons data with a sigmoid output
  neuron; loss curve, decision boundary, accuracy; gradients checked.
* ``overfitting`` (001 Aufgabe 11 a): an MLP of the modular layers trained with Adam on
  few images of scikit-learn's bundled 8x8 digits: training accuracy far above the
  validation accuracy.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.language.functions import sigmoid
from symderiv.documents.notation import partial
from symderiv.documents.model import (Check, Equation, Plot, Result, Series, Solution, Step, T, Table,
                        Task, fmt)
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid, IntRange, Seq



def U(v):
    """A number kept as written inside a formula (zero disappears: x - 0 is x)."""
    if v == 0:
        return sp.S.Zero
    return sp.UnevaluatedExpr(v)


def _num(v, digits: int = 6):
    """A number for display: integers exactly, else ``digits`` significant digits."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return sp.Integer(int(v))
    return sp.Float(float(fmt(v, digits)), digits)


def _num_matrix(a):
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    return sp.Matrix(a.shape[0], a.shape[1], lambda i, j: _num(a[i, j]))


def _sym(base: str, layer: int, *idx: int):
    sub = "".join(str(i + 1) for i in idx)
    return sp.Symbol(f"{base}_{sub}^({layer})" if sub else f"{base}^({layer})", real=True)


# ======================================================================================
# forward-backward (004 task 5)
# ======================================================================================

FB_DEFAULTS = {
    "w1": (0.5, -0.2, 0.3, 0.4), "b1": (0.1, -0.2),
    "w2": (0.6, -0.4, -0.1, 0.9), "b2": (0.0, 0.2),
    "x": (1.0, 2.0), "y": (0.0, 1.0),
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
          "A 2-2-2 sigmoid network by hand: forward pass and backpropagation, every value checked",
          source="004 task 5", lang="en",
          params=[Param("w1", FB_DEFAULTS["w1"], "W^(1) row by row (d1*d0 numbers)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 4)),
                  Param("b1", FB_DEFAULTS["b1"], "b^(1)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 2)),
                  Param("w2", FB_DEFAULTS["w2"], "W^(2) row by row (d2*d1 numbers)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 4)),
                  Param("b2", FB_DEFAULTS["b2"], "b^(2)", Seq(Choice((-1.0, -0.5, 0.5, 1.0)), 2)),
                  Param("x", FB_DEFAULTS["x"], "input x^(0)", Seq(Grid(-2.0, 2.0, 0.5), 2)),
                  Param("y", FB_DEFAULTS["y"], "target y", Seq(Choice((0.0, 1.0)), 2))])
def build_forward_backward(params: dict, seed: int) -> Solution:
    from symderiv.verify import check_gradient, compare
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
          "sigmoid activations in both layers (the sheet's Figure 1 is not part of the text; "
          "these are the default values, all of them can be changed with --param). Layer l "
          "computes {s} and {xl}; the loss is the squared loss {E}.",
          "Ein vollständig verbundenes Netz mit {d0} Eingängen, {d1} verdeckten und {d2} "
          "Ausgabeneuronen und Sigmoid-Aktivierung in beiden Schichten (Abbildung 1 des Blattes "
          "ist nicht im Text enthalten; dies sind die voreingestellten Werte, alle lassen sich "
          "mit --param ändern). Schicht l berechnet {s} und {xl}; der Fehler ist der "
          "quadratische Fehler {E}.",
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
                rows.append([s, fmt(g[idx], 8), fmt(num[idx], 8), fmt(exact, 8)])
                ours.append(g[idx])
                sym_vals.append(exact)
    bwd.blocks.append(Table([T("parameter", "Parameter"), T("backpropagation", "Backpropagation"),
                             T("central difference", "zentrale Differenz"),
                             T("SymPy: derivative of the whole loss", "SymPy: Ableitung des ganzen Fehlers")],
                            rows, caption=T("Every gradient entry computed three ways.",
                                            "Jeder Gradienteneintrag auf drei Wegen berechnet.")))
    bwd.blocks.append(Check(T("backpropagation = SymPy derivative of the loss (all {n} entries)",
                              "Backpropagation = SymPy-Ableitung des Fehlers (alle {n} Einträge)", n=len(ours)),
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
    return Solution("forward-backward",
                    T("A simple neural network: forward pass and backpropagation",
                      "Ein einfaches neuronales Netz: Vorwärtsdurchlauf und Backpropagation"),
                    source="shared/seeds/004, task 5", given=given, tasks=[fwd, bwd])


# ======================================================================================
# toy-classifier (004 task 6 iii)
# ======================================================================================

def make_toy_data(kind: str, n: int, noise: float, seed: int):
    """``(X (n, 2), y (n, 1))``, labels 0/1. ``xor``: four Gaussian blobs at (+-1, +-1),
    class 1 where both coordinates have the same sign; ``moons``: two interleaved half
    circles."""
    rng = np.random.default_rng(seed)
    if kind == "xor":
        centres = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], float)
        labels = np.array([1, 1, 0, 0])
        k = np.arange(n) % 4
        X = centres[k] + noise * rng.normal(size=(n, 2))
        y = labels[k]
    elif kind == "moons":
        k = np.arange(n) % 2
        t = rng.uniform(0, np.pi, size=n)
        X = np.where(k[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                     np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
        X = X + noise * rng.normal(size=(n, 2))
        y = k
    else:
        raise ProblemError(f"data set '{kind}' unknown (choose xor or moons)")
    return X, y.reshape(-1, 1).astype(float)


def decision_boundary(predict, lo, hi, n: int = 40):
    """Points where ``predict`` (p of class 1) crosses 0.5, by linear interpolation along
    the rows and columns of an ``n`` x ``n`` grid over ``[lo, hi]``."""
    gx = np.linspace(lo[0], hi[0], n)
    gy = np.linspace(lo[1], hi[1], n)
    XX, YY = np.meshgrid(gx, gy)
    P = predict(np.c_[XX.ravel(), YY.ravel()]).reshape(n, n) - 0.5
    pts = []
    for r in range(n):  # along x in row r
        for c in range(n - 1):
            a, b = P[r, c], P[r, c + 1]
            if a == 0 or a * b < 0:
                t = a / (a - b) if a != b else 0.0
                pts.append((gx[c] + t * (gx[c + 1] - gx[c]), gy[r]))
    for c in range(n):  # along y in column c
        for r in range(n - 1):
            a, b = P[r, c], P[r + 1, c]
            if a * b < 0:
                t = a / (a - b)
                pts.append((gx[c], gy[r] + t * (gy[r + 1] - gy[r])))
    return np.array(pts).reshape(-1, 2)


@register("toy-classifier",
          "Train the reference network on XOR-like (or two-moons) data: loss curve, decision boundary",
          source="004 task 6 (iii)", lang="en",
          params=[Param("data", "xor", "data set: xor or moons", Choice(("xor", "moons"))),
                  Param("n", 120, "number of training points", Choice((80, 100, 120, 140, 160))),
                  Param("noise", 0.35, "standard deviation of the noise", Grid(0.1, 0.35, 0.05)),
                  Param("hidden", 6, "hidden neurons", IntRange(5, 8)),
                  Param("activation", "tanh", "hidden activation (sigmoid, relu, tanh, ...)"),
                  Param("eta", 0.02, "learning rate of batch gradient descent"),
                  Param("iterations", 3000, "gradient descent iterations")])
def build_toy_classifier(params: dict, seed: int) -> Solution:
    from symderiv.nn import NeuralNetwork
    from symderiv.nn.network import ACTIVATION_NAMES
    from symderiv.verify import check_gradient
    n, hidden, iters = params["n"], params["hidden"], params["iterations"]
    eta, noise, act = params["eta"], params["noise"], params["activation"]
    if not 8 <= n <= 2000:
        raise ProblemError("n must lie between 8 and 2000")
    if not 1 <= hidden <= 100:
        raise ProblemError("hidden must lie between 1 and 100")
    if not 1 <= iters <= 20000:
        raise ProblemError("iterations must lie between 1 and 20000")
    if not (0 < eta <= 10):
        raise ProblemError("eta must lie in (0, 10]")
    if not (0 <= noise <= 5):
        raise ProblemError("noise must lie in [0, 5]")
    if act not in ACTIVATION_NAMES or act == "identity":
        raise ProblemError(f"activation '{act}' unknown (choose from {', '.join(ACTIVATION_NAMES[:-1])})")
    X, Y = make_toy_data(params["data"], n, noise, seed)
    X_test, Y_test = make_toy_data(params["data"], n, noise, seed + 1000)
    net = NeuralNetwork([2, hidden, 1], activation=act, output_activation="sigmoid", seed=seed)
    f0, g0 = net.loss_and_gradient(X, Y)
    p0 = {k: v.copy() for k, v in net.get_params().items()}
    rec0 = check_gradient(f0, g0, p0, method="auto", seed=seed)
    net.set_params({k: v.copy() for k, v in p0.items()})
    history = net.train(X, Y, eta=eta, iterations=iters)
    acc = float(np.mean((net.forward(X) >= 0.5) == (Y >= 0.5)))
    acc_test = float(np.mean((net.forward(X_test) >= 0.5) == (Y_test >= 0.5)))
    p1 = {k: v.copy() for k, v in net.get_params().items()}
    f1, g1 = net.loss_and_gradient(X, Y)
    rec1 = check_gradient(f1, g1, {k: v.copy() for k, v in p1.items()}, method="auto", seed=seed)
    net.set_params(p1)

    lo, hi = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    boundary = decision_boundary(lambda P: net.forward(P)[:, 0], lo, hi, n=30)
    cls0, cls1 = X[Y[:, 0] < 0.5], X[Y[:, 0] >= 0.5]
    kind = params["data"]

    given = [
        T("Training data: {n} points in the plane, {desc}, with Gaussian noise of standard "
          "deviation {noise} (NumPy, seed {seed}); a test set of the same size from seed {seed2}.",
          "Trainingsdaten: {n} Punkte in der Ebene, {desc_de}, mit normalverteiltem Rauschen der "
          "Standardabweichung {noise} (NumPy, Startwert {seed}); eine Testmenge gleicher Größe "
          "mit Startwert {seed2}.",
          n=n, noise=noise, seed=str(seed), seed2=str(seed + 1000),
          desc="XOR-like: four clusters at (+-1, +-1), class 1 where both coordinates have the same sign"
          if kind == "xor" else "two moons: two interleaved half circles",
          desc_de="XOR-artig: vier Haufen bei (+-1, +-1), Klasse 1 wo beide Koordinaten dasselbe "
                  "Vorzeichen haben" if kind == "xor" else "zwei Monde: zwei verschränkte Halbkreise"),
        T("Network 2-{h}-1: {act} in the hidden layer, a single sigmoid output neuron p(x) "
          "(the probability of class 1), Glorot-normal initial weights, zero biases; squared "
          "loss summed over the data, batch gradient descent with step size {eta} for {it} iterations.",
          "Netz 2-{h}-1: {act} in der verdeckten Schicht, ein einzelnes Sigmoid-Ausgabeneuron p(x) "
          "(die Wahrscheinlichkeit der Klasse 1), Glorot-normalverteilte Startgewichte, Schwellen "
          "null; quadratischer Fehler summiert über die Daten, Gradientenabstieg (ganzer Datensatz) "
          "mit Schrittweite {eta}, {it} Iterationen.",
          h=hidden, act=act, eta=eta, it=iters),
    ]
    task1 = Task(T("Training", "Training"), [
        Plot([Series(T("loss E", "Fehler E"), np.arange(len(history)), history)],
             xlabel=T("iteration", "Iteration"), ylabel="E", ymode="log",
             caption=T("Loss during batch gradient descent.", "Fehler während des Gradientenabstiegs.")),
        Step(T("The loss fell from {a} to {b}.", "Der Fehler sank von {a} auf {b}.",
               a=float(history[0]), b=float(history[-1]))),
        Check(T("gradient of E at the initial weights (backprop)", "Gradient von E bei den Startgewichten (Backprop)"), rec0),
        Check(T("gradient of E at the trained weights (backprop)", "Gradient von E bei den trainierten Gewichten (Backprop)"), rec1),
    ])
    task2 = Task(T("Prediction", "Vorhersage"), [
        Plot([Series(T("class 0", "Klasse 0"), cls0[:, 0], cls0[:, 1], "only marks, mark=o, mark size=1.5pt"),
              Series(T("class 1", "Klasse 1"), cls1[:, 0], cls1[:, 1], "only marks, mark=*, mark size=1.5pt"),
              Series(T("p(x) = 0.5", "p(x) = 0,5"), boundary[:, 0], boundary[:, 1],
                     "only marks, mark=x, mark size=1pt")],
             xlabel=sp.Symbol("x_1"), ylabel=sp.Symbol("x_2"),
             caption=T("Training data and the decision boundary p(x) = 0.5 of the trained network "
                       "(found on a 30 x 30 grid).",
                       "Trainingsdaten und die Entscheidungsgrenze p(x) = 0,5 des trainierten Netzes "
                       "(auf einem 30 x 30-Gitter bestimmt).")),
        Table([T("data", "Daten"), T("points", "Punkte"), T("accuracy", "Genauigkeit")],
              [[T("training", "Training"), n, fmt(acc, 4)], [T("test", "Test"), n, fmt(acc_test, 4)]],
              caption=T("Share of points classified correctly (class 1 where p(x) >= 0.5).",
                        "Anteil richtig klassifizierter Punkte (Klasse 1 wo p(x) >= 0,5).")),
        Result(T("Final accuracy", "Erreichte Genauigkeit"), T("accuracy (training)", "Genauigkeit (Training)"),
               _num(acc, 4)),
    ])
    return Solution("toy-classifier",
                    T("A neural network on toy data: training and decision boundary",
                      "Ein neuronales Netz auf Spielzeugdaten: Training und Entscheidungsgrenze"),
                    source="shared/seeds/004, task 6 (iii)", given=given, tasks=[task1, task2])


# ======================================================================================
# overfitting (001 Aufgabe 11 a)
# ======================================================================================

@register("overfitting",
          "Overfitting: an MLP (modular layers, Adam) on few 8x8 digits, training vs validation accuracy",
          source="001 Aufgabe 11", lang="de",
          params=[Param("num_training", 50, "training images", Choice((30, 40, 50, 60, 80))),
                  Param("epochs", 30, "epochs", IntRange(20, 40)),
                  Param("hidden", 100, "hidden neurons (one ReLU layer)"),
                  Param("lr", 1e-2, "Adam learning rate")])
def build_overfitting(params: dict, seed: int) -> Solution:
    from symderiv.nn.data import DataError
    from symderiv.nn.experiment import DIGITS_DEFAULTS, run_experiment
    from symderiv.nn.model import MLP
    from symderiv.verify import check_gradient
    if not 10 <= params["num_training"] <= 1000:
        raise ProblemError("num_training must lie between 10 and 1000")
    if not 1 <= params["epochs"] <= 200:
        raise ProblemError("epochs must lie between 1 and 200")
    if not 1 <= params["hidden"] <= 1000:
        raise ProblemError("hidden must lie between 1 and 1000")
    try:
        res = run_experiment(None, epochs=params["epochs"], hidden=(params["hidden"],),
                             learning_rate=params["lr"], num_training=params["num_training"],
                             seed=seed)
    except DataError as exc:
        raise ProblemError(str(exc)) from None
    h = res.history
    gap = res.final_train_acc - res.final_val_acc

    # the modular layers' gradient, checked on a small batch of the data
    from symderiv.nn.data import load_digits_data
    data = load_digits_data(res.num_training, DIGITS_DEFAULTS["num_validation"], seed=seed)
    model = MLP(64, [12], 10, activation="relu", reg=1e-3, seed=seed)
    Xb, yb = data["X_train"][:16], data["y_train"][:16]

    def f(p):
        model.params = p
        return model.loss(Xb, yb)[0]

    def g(p):
        model.params = p
        return model.loss(Xb, yb)[1]
    rec = check_gradient(f, g, {k: v.copy() for k, v in model.params.items()}, method="central", seed=seed)

    given = [
        T("Data: the 8x8 images of handwritten digits bundled with scikit-learn (1797 images, "
          "10 classes, 64 grey values scaled to [0, 1]; the substitute for CIFAR-10 when it is "
          "not on disk: the command symderiv train --data DIR trains on CIFAR-10). Only {n} images are used "
          "for training, {v} for validation (shuffled with seed {seed}).",
          "Daten: die 8x8-Bilder handgeschriebener Ziffern, die scikit-learn mitbringt (1797 "
          "Bilder, 10 Klassen, 64 Grauwerte in [0, 1]; Ersatz für CIFAR-10, wenn es nicht lokal "
          "vorliegt: der Befehl symderiv train --data DIR trainiert auf CIFAR-10). Nur {n} Bilder dienen "
          "dem Training, {v} der Validierung (gemischt mit Startwert {seed}).",
          n=res.num_training, v=res.num_validation, seed=str(seed)),
        T("Network: affine - ReLU - affine - softmax with {h} hidden neurons (the modular layers "
          "of symderiv.nn.layers), cross-entropy loss, Adam with learning rate {lr}, minibatches "
          "of {b}, {e} epochs.",
          "Netz: affin - ReLU - affin - Softmax mit {h} verdeckten Neuronen (die modularen "
          "Schichten aus symderiv.nn.layers), Kreuzentropie, Adam mit Lernrate {lr}, "
          "Minibatches der Größe {b}, {e} Epochen.",
          h=params["hidden"], lr=params["lr"], b=DIGITS_DEFAULTS["batch_size"], e=params["epochs"]),
    ]
    step = max(1, len(h.epochs) // 10)
    idx = sorted(set(list(range(step - 1, len(h.epochs), step)) + [len(h.epochs) - 1]))
    rows = [[h.epochs[i], fmt(h.loss[i], 4), fmt(h.train_acc[i], 4), fmt(h.val_acc[i], 4)] for i in idx]
    task = Task(T("Training and validation accuracy", "Trainings- und Validierungsgenauigkeit"), [
        Plot([Series(T("training", "Training"), h.epochs, h.train_acc),
              Series(T("validation", "Validierung"), h.epochs, h.val_acc, "thick, dashed")],
             xlabel=T("epoch", "Epoche"), ylabel=T("accuracy", "Genauigkeit"),
             caption=T("Classification accuracy after each epoch.",
                       "Klassifikationsgenauigkeit nach jeder Epoche.")),
        Table([T("epoch", "Epoche"), T("loss", "Fehler"), T("training acc.", "Trainingsgen."),
               T("validation acc.", "Validierungsgen.")], rows),
        Result(T("Training accuracy", "Trainingsgenauigkeit"), T("accuracy", "Genauigkeit"),
               _num(res.final_train_acc, 4)),
        Result(T("Validation accuracy", "Validierungsgenauigkeit"), T("accuracy", "Genauigkeit"),
               _num(res.final_val_acc, 4)),
        Step(T("Overfitting shows in the plot as the gap between the curves: the training accuracy "
               "reaches {tr} while the validation accuracy stays at {va} (a gap of {gap}); the "
               "network memorises the {n} training images instead of learning what generalises. "
               "On the remaining {t} images (test) it reaches {te}.",
               "Overfitting zeigt sich im Plot als Lücke zwischen den Kurven: die "
               "Trainingsgenauigkeit erreicht {tr}, die Validierungsgenauigkeit bleibt bei {va} "
               "(Abstand {gap}); das Netz lernt die {n} Trainingsbilder auswendig, statt zu "
               "lernen, was verallgemeinert. Auf den übrigen {t} Bildern (Test) erreicht es {te}.",
               tr=fmt(res.final_train_acc, 4), va=fmt(res.final_val_acc, 4), gap=fmt(gap, 4),
               n=res.num_training, t=1797 - res.num_training - res.num_validation,
               te=fmt(res.test_acc, 4))),
        Check(T("gradient of the modular layers (affine, ReLU, softmax cross-entropy, L2)",
                "Gradient der modularen Schichten (affin, ReLU, Softmax-Kreuzentropie, L2)"), rec),
    ])
    return Solution("overfitting",
                    T("Overfitting with few training images", "Overfitting bei wenigen Trainingsbildern"),
                    source="shared/seeds/001, Aufgabe 11", given=given, tasks=[task])
