"""004 task 6: the reference network :class:`symderiv.nn.NeuralNetwork` (the sheet's
interface: ReLU and sigmoid with their derivatives, Glorot-normal weights, zero biases, a
forward pass that keeps every ``s^(l)`` and ``x^(l)``, backpropagation and batch gradient
descent), shown as the code that ran, and trained on XOR-like or two-moons data with a
sigmoid output neuron: loss curve, decision region, training and test accuracy.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents.model import Check, Equation, Plot, Result, Series, Solution, Step, T, Table, Task
from symderiv.documents.notation import normal, partial
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid, IntRange
from symderiv.problems.nn_common import listing, num

#: the hidden activations the sheet has students implement (Part 1 (i))
HIDDEN = ("relu", "sigmoid")


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


def decision_region(predict, lo, hi, n: int = 40):
    """The region where ``predict`` (p of class 1) is at least 0.5, as rectangles: the
    cells of an ``n`` x ``n`` grid over ``[lo, hi]`` whose centre is classified 1, merged
    along each grid row into runs. Returns ``(x0, x1, y0, y1)`` per rectangle."""
    gx = np.linspace(lo[0], hi[0], n + 1)
    gy = np.linspace(lo[1], hi[1], n + 1)
    cx, cy = (gx[:-1] + gx[1:]) / 2, (gy[:-1] + gy[1:]) / 2
    XX, YY = np.meshgrid(cx, cy)
    inside = predict(np.c_[XX.ravel(), YY.ravel()]).reshape(n, n) >= 0.5
    rects = []
    for r in range(n):
        c = 0
        while c < n:
            if inside[r, c]:
                start = c
                while c < n and inside[r, c]:
                    c += 1
                # a sliver of overlap with the next row, so no seam shows between rows
                rects.append((gx[start], gx[c], gy[r], gy[r + 1] + 0.02 * (gy[1] - gy[0]) * (r < n - 1)))
            else:
                c += 1
    return rects


def region_series(rects, label, fill: str, per_series: int = 36) -> list:
    """Rectangles as filled pgfplots paths (``nan`` separates them; at most
    ``per_series`` rectangles per series, the first one carries the legend label)."""
    out = []
    for k in range(0, len(rects), per_series):
        xs, ys = [], []
        for x0, x1, y0, y1 in rects[k:k + per_series]:
            xs += [x0, x1, x1, x0, x0, x0]
            ys += [y0, y0, y1, y1, y0, np.nan]
        out.append(Series(label if k == 0 else "", xs, ys,
                          f"draw=none, fill={fill}, area legend" + ("" if k == 0 else ", forget plot")))
    return out


@register("toy-classifier",
          "Train the reference network on XOR-like (or two-moons) data: decision region, test accuracy",
          source="004 task 6", lang="en",
          params=[Param("data", "xor", "data set: xor or moons", Choice(("xor", "moons"))),
                  Param("n", 120, "number of training points", Choice((80, 100, 120, 140, 160))),
                  Param("noise", 0.35, "standard deviation of the noise", Grid(0.1, 0.35, 0.05)),
                  Param("hidden", 6, "hidden neurons", IntRange(5, 8)),
                  Param("activation", "relu", "hidden activation: relu or sigmoid"),
                  Param("eta", 0.02, "learning rate of batch gradient descent"),
                  Param("iterations", 3000, "gradient descent iterations")])
def build_toy_classifier(params: dict, seed: int) -> Solution:
    from symderiv.nn import NeuralNetwork
    from symderiv.nn import network
    from symderiv.verify import check_gradient, compare
    from symderiv.verify.records import TOLERANCES
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
    if act not in HIDDEN:
        raise ProblemError(f"activation '{act}': the sheet's network uses {' or '.join(HIDDEN)}")
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
    scaled = "complex" in rec1.method  # no kink near: complex step, exact up to backprop's rounding
    if scaled:  # its tolerance scaled by the cancellation of the sum over the data
        rec1 = check_gradient(f1, g1, {k: v.copy() for k, v in p1.items()}, method="complex", seed=seed,
                              rtol=TOLERANCES["float64"]["complex"] * _sum_condition(net, X, Y, p1))
    net.set_params(p1)
    kind = params["data"]
    z = sp.Symbol("z", real=True)


    given = [
        T("Training data: {n} points in the plane, {desc}, with Gaussian noise of standard "
          "deviation {noise} (NumPy, seed {seed}); a test set of the same size from seed {seed2}.",
          "Trainingsdaten: {n} Punkte in der Ebene, {desc_de}, mit normalverteiltem Rauschen der "
          "Standardabweichung {noise} (NumPy, Startwert {seed}); eine Testmenge gleicher Größe "
          "mit Startwert {seed2}.",
          n=n, noise=noise, seed=str(seed), seed2=str(seed + 1000),
          desc=T("XOR-like: four clusters centred at the corners of the square {sq}, class 1 "
                 "where both coordinates have the same sign", "", sq=sp.Interval(-1, 1) ** 2)
          if kind == "xor" else "two moons: two interleaved half circles",
          desc_de=T("", "XOR-artig: vier Haufen um die Ecken des Quadrats {sq}, Klasse 1 wo beide "
                        "Koordinaten dasselbe Vorzeichen haben", sq=sp.Interval(-1, 1) ** 2)
          if kind == "xor" else "zwei Monde: zwei verschränkte Halbkreise"),
        T("Network 2-{h}-1: {act} in the hidden layer, a single sigmoid output neuron (its output "
          "{p} is the probability of class 1), squared loss summed over the data, batch gradient "
          "descent with step size {eta} for {it} iterations.",
          "Netz 2-{h}-1: {act} in der verdeckten Schicht, ein einzelnes Sigmoid-Ausgabeneuron "
          "(seine Ausgabe {p} ist die Wahrscheinlichkeit der Klasse 1), quadratischer Fehler "
          "summiert über die Daten, Gradientenabstieg auf dem ganzen Datensatz mit Schrittweite "
          "{eta}, {it} Iterationen.",
          h=hidden, act="ReLU" if act == "relu" else "Sigmoid", eta=eta, it=iters,
          p=sp.Function("p")(sp.Symbol("x"))),
    ]
    part1 = _part1(network, z)
    part2 = _part2(network, history, rec0, rec1, scaled)
    lo, hi = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    rects = decision_region(lambda P: net.forward(P)[:, 0], lo, hi, n=40)
    cls0, cls1 = X[Y[:, 0] < 0.5], X[Y[:, 0] >= 0.5]
    half = sp.Rational(1, 2)
    pred = sp.Function("p")(sp.Symbol("x"))
    region_label = T("predicted 1", "Vorhersage 1")
    # every cell centre of the 40 x 40 grid: shaded (inside a drawn rectangle) exactly when
    # the network classifies it as 1
    mid = [(g[:-1] + g[1:]) / 2 for g in (np.linspace(lo[0], hi[0], 41), np.linspace(lo[1], hi[1], 41))]
    cells = np.c_[[a.ravel() for a in np.meshgrid(*mid)]].T
    shaded = np.zeros(len(cells), bool)
    for x0, x1, y0, y1 in rects:
        shaded |= (cells[:, 0] > x0) & (cells[:, 0] < x1) & (cells[:, 1] > y0) & (cells[:, 1] < y1)
    classified = net.forward(cells)[:, 0] >= 0.5
    part3 = Task(T("Part 2 (iii): prediction on toy data", "Teil 2 (iii): Vorhersage auf Spielzeugdaten"), [
        Plot(region_series(rects, region_label, "orange!25")
             + [Series(T("class 0", "Klasse 0"), cls0[:, 0], cls0[:, 1], "only marks, mark=o, mark size=1.5pt"),
                Series(T("class 1", "Klasse 1"), cls1[:, 0], cls1[:, 1], "only marks, mark=*, mark size=1.5pt")],
             xlabel=sp.Symbol("x_1"), ylabel=sp.Symbol("x_2"),
             caption=T("Training data and the decision region of the trained network: shaded where "
                       "{p} (the class of each cell of a 40 by 40 grid at its centre).",
                       "Trainingsdaten und das Entscheidungsgebiet des trainierten Netzes: schattiert, "
                       "wo {p} (die Klasse jeder Zelle eines 40 mal 40 Gitters in ihrer Mitte).",
                       p=sp.Ge(pred, half, evaluate=False))),
        Table([T("data", "Daten"), T("points", "Punkte"), T("accuracy", "Genauigkeit")],
              [[T("training", "Training"), n, num(acc, 4)], [T("test", "Test"), n, num(acc_test, 4)]],
              caption=T("Share of points classified correctly (class 1 where {p}).",
                        "Anteil richtig klassifizierter Punkte (Klasse 1 wo {p}).",
                        p=sp.Ge(pred, half, evaluate=False))),
        Result(T("Accuracy on the test set", "Genauigkeit auf der Testmenge"),
               T("test accuracy", "Testgenauigkeit"), num(acc_test, 4)),
        Check(T("the shaded cells are exactly the cells the network classifies as 1 (every cell centre)",
                "die schattierten Zellen sind genau die, die das Netz als 1 klassifiziert (jede Zellmitte)"),
              compare(shaded.astype(float), classified.astype(float), "NumPy", tolerance=0.0)),
    ])
    answers, answer_check = _questions(network, hidden, p0)
    part1.blocks.append(answer_check)
    return Solution("toy-classifier",
                    T("A neural network implementation: training on toy data and decision region",
                      "Implementierung eines neuronalen Netzes: Training auf Spielzeugdaten und "
                      "Entscheidungsgebiet"),
                    source=T("shared/seeds/004, task 6", "shared/seeds/004, Aufgabe 6"), given=given,
                    tasks=[part1, part2, part3], answers=answers)


def _questions(network, hidden: int, params0: dict):
    """The sheet's questions (the headline Result, the trained network's test accuracy, is
    not one: a student's own run differs): the number of trainable parameters of the 2-h-1 network and the Glorot
    standard deviations of both weight matrices. Checked against the network that ran
    (its arrays) and the sample standard deviation over 400 seeded networks."""
    from symderiv.documents.answers import Answer
    from symderiv.verify import compare
    count = 2 * hidden + hidden + hidden + 1
    sd = [float(np.sqrt(2 / (2 + hidden))), float(np.sqrt(2 / (hidden + 1)))]
    nets = [network.NeuralNetwork([2, hidden, 1], seed=k) for k in range(400)]
    sample = [float(np.std(np.concatenate([n_.weights[l].ravel() for n_ in nets]))) for l in (0, 1)]
    exact = {"abs": 0.0, "rel": 0.0}
    answers = [
        Answer(T("number of trainable parameters (weights and biases) of the given network",
                 "Anzahl der trainierbaren Parameter (Gewichte und Schwellen) des gegebenen Netzes"),
               count, task=1, tolerance=exact),
        Answer(T("Glorot standard deviation of the weights of the hidden layer",
                 "Glorot-Standardabweichung der Gewichte der verdeckten Schicht"), sd[0], sp.Symbol("sigma_1"), task=1),
        Answer(T("Glorot standard deviation of the weights of the output neuron",
                 "Glorot-Standardabweichung der Gewichte des Ausgabeneurons"), sd[1], sp.Symbol("sigma_2"), task=1),
    ]
    check = Check(T("the answers: parameter count vs the entries of the network's arrays; both standard "
                    "deviations vs the sample standard deviation over 400 seeded networks",
                    "die Antworten: Parameterzahl gegen die Einträge der Felder des Netzes; beide "
                    "Standardabweichungen gegen die Stichprobenstandardabweichung über 400 Netze mit Startwerten"),
                  compare([float(count)] + sd, [float(sum(v.size for v in params0.values()))] + sample,
                          "numpy", tolerance=0.05))
    return answers, check


def _part1(network, z) -> Task:
    from symderiv.language.table import FUNCTIONS
    eqs = []
    for name in HIDDEN:
        rule = FUNCTIONS[name]
        f = rule.sympy(z)
        (d,) = rule.local(z, f)
        eqs += [Equation(f, [sp.Max(0, z) if name == "relu" else _sigmoid_formula(z)]),
                Equation(sp.Derivative(f, z), [d])]
    d_in, d_out = sp.symbols("d_in d_out", positive=True)
    w, sd = sp.Symbol("w_ij"), sp.Symbol("sigma")

    big = network.NeuralNetwork([300, 500], seed=1)

    from symderiv.verify import compare
    return Task(T("Part 1: activations, initialisation, forward pass",
                  "Teil 1: Aktivierungen, Initialisierung, Vorwärtsdurchlauf"), [
        Step(T("(i) ReLU and sigmoid and their derivatives (the rows of the function table the "
               "network uses; the derivative of the sigmoid is written with its output, so the "
               "backward pass reuses the value of the forward pass; {th} is the step function, "
               "and at {z0} ReLU has no derivative):",
               "(i) ReLU und Sigmoid und ihre Ableitungen (die Zeilen der Funktionstabelle, die "
               "das Netz verwendet; die Ableitung der Sigmoidfunktion ist mit ihrem Funktionswert "
               "geschrieben, so dass der Rückwärtsdurchlauf den Wert des Vorwärtsdurchlaufs "
               "wiederverwendet; {th} ist die Sprungfunktion, und bei {z0} hat ReLU keine "
               "Ableitung):", th=sp.Heaviside(z), z0=sp.Eq(z, 0)), eqs),
        listing(network.activation, T("NumPy versions built from the table (symderiv/nn/network.py)",
                                      "Aus der Tabelle gebaute NumPy-Versionen (symderiv/nn/network.py)")),
        Step(T("(ii a, b) Glorot initialisation: every weight is drawn independently, {law}, "
               "with the standard deviation below ({di} and {do} are the numbers of input and "
               "output neurons of the layer); the biases start at zero.",
               "(ii a, b) Glorot-Initialisierung: jedes Gewicht wird unabhängig gezogen, {law}, "
               "mit der Standardabweichung unten ({di} und {do} sind die Anzahlen der Eingangs- "
               "und Ausgangsneuronen der Schicht); die Schwellen beginnen bei null.",
               law=normal(w, 0, sd), di=d_in, do=d_out),
             [Equation(sd, [sp.sqrt(2 / (d_in + d_out))])]),
        Check(T("standard deviation of the initial weights of a 300-500 layer against {s}",
                "Standardabweichung der Startgewichte einer 300-500-Schicht gegen {s}",
                s=sp.sqrt(sp.Rational(2, 800))),
              compare(float(np.std(big.weights[0])), float(np.sqrt(2 / 800)), "sample", tolerance=0.02)),
        Step(T("(ii c) The forward pass keeps every intermediate value, {s} and {x}:",
               "(ii c) Der Vorwärtsdurchlauf speichert jedes Zwischenergebnis, {s} und {x}:",
               s=sp.Eq(sp.Symbol("s^(l)"), sp.Symbol("W^(l)") * sp.Symbol("x^(l-1)") + sp.Symbol("b^(l)")),
               x=sp.Eq(sp.Symbol("x^(l)"), sp.Function("f")(sp.Symbol("s^(l)"))))),
        listing(network.NeuralNetwork.__init__, T("Initialisation (symderiv/nn/network.py)",
                                                  "Initialisierung (symderiv/nn/network.py)")),
        listing(network.NeuralNetwork.forward, T("Forward pass (symderiv/nn/network.py)",
                                                 "Vorwärtsdurchlauf (symderiv/nn/network.py)")),
    ])


def _sigmoid_formula(z):
    return 1 / (1 + sp.exp(-z))


def _sum_condition(net, X, Y, params) -> float:
    """How much the sum over the data cancels in the gradient at ``params``: the largest
    ``sum_i |g_i| / |sum_i g_i|`` over the entries (``g_i`` the gradient of sample i's term
    of E), between 1 and 10^4. Near a minimum the gradient is a small sum of larger terms,
    and backpropagation's rounding is relative to the terms, not to the small sum."""
    total = net.loss_and_gradient(X, Y)[1](params)
    terms = [net.loss_and_gradient(X[i:i + 1], Y[i:i + 1])[1](params) for i in range(len(X))]
    kappa = 1.0
    for k, tot in total.items():
        mass = sum(np.abs(t[k]) for t in terms)
        ok = np.abs(tot) > 0
        if ok.any():
            kappa = max(kappa, float(np.max(mass[ok] / np.abs(tot[ok]))))
    net.set_params(params)
    return min(kappa, 1e4)


def _part2(network, history, rec0, rec1, scaled: bool) -> Task:
    L = sp.Symbol("L")
    d = lambda l: sp.MatrixSymbol(f"delta^({l})", 3, 1)  # noqa: E731
    D = lambda l: sp.MatrixSymbol(f"D^({l})", 3, 1)  # noqa: E731
    W = lambda l: sp.MatrixSymbol(f"W^({l})", 3, 3)  # noqa: E731
    xv = lambda l: sp.MatrixSymbol(f"x^({l})", 3, 1)  # noqa: E731
    y = sp.MatrixSymbol("y", 3, 1)
    E, eta = sp.Symbol("E"), sp.Symbol("eta")
    return Task(T("Part 2: backpropagation and training", "Teil 2: Backpropagation und Training"), [
        Step(T("(i) With {D} the vector of the activation's derivatives at {s} ({o} is the "
               "elementwise product), backpropagation runs from the output layer {L} to the first:",
               "(i) Mit dem Vektor {D} der Ableitungen der Aktivierung an den Stellen {s} ({o} ist "
               "das elementweise Produkt) läuft die Backpropagation von der Ausgabeschicht {L} "
               "zur ersten:", D=D("l"), s=sp.Symbol("s^(l)"), L=L,
               o=sp.HadamardProduct(sp.MatrixSymbol("a", 3, 1), sp.MatrixSymbol("b", 3, 1))),
             [Equation(d("L"), [sp.HadamardProduct(xv("L") - y, D("L"))]),
              Equation(d("l"), [sp.HadamardProduct(W("l+1").T * d("l+1"), D("l"))]),
              Equation(partial(E, "W^(l)"), [d("l") * xv("l-1").T]),
              Equation(partial(E, "b^(l)"), [d("l")])]),
        listing(network.NeuralNetwork.backprop, T("Backpropagation (symderiv/nn/network.py)",
                                                  "Backpropagation (symderiv/nn/network.py)")),
        Step(T("(ii) Batch gradient descent: the gradients are summed over all data, then every "
               "parameter takes a step {u}.",
               "(ii) Gradientenabstieg auf dem ganzen Datensatz: die Gradienten werden über alle "
               "Daten summiert, dann macht jeder Parameter einen Schritt {u}.",
               u=sp.Eq(sp.Symbol("W^(l)"), sp.Symbol("W^(l)") - eta * sp.Derivative(
                   sp.Function("E")(sp.Symbol("W^(l)")), sp.Symbol("W^(l)")), evaluate=False))),
        listing(network.NeuralNetwork.train, T("Training (symderiv/nn/network.py)",
                                               "Training (symderiv/nn/network.py)")),
        Plot([Series(T("loss", "Fehler"), np.arange(len(history)), history)],
             xlabel=T("iteration", "Iteration"), ylabel=sp.Symbol("E"), ymode="log",
             caption=T("Loss during batch gradient descent.", "Fehler während des Gradientenabstiegs.")),
        Step(T("The loss fell from {a} to {b}.", "Der Fehler sank von {a} auf {b}.",
               a=num(history[0], 4), b=num(history[-1], 4))),
        Check(T("gradient of {E} at the initial weights (backpropagation)",
                "Gradient von {E} bei den Startgewichten (Backpropagation)", E=E), rec0),
        Check(T("gradient of {E} at the trained weights (backpropagation; the complex step's tolerance "
                "times the cancellation of the sum over the data, at most {c})",
                "Gradient von {E} bei den trainierten Gewichten (Backpropagation; Toleranz des komplexen "
                "Schritts mal die Auslöschung der Summe über die Daten, höchstens {c})", E=E, c=10_000)
              if scaled else
              T("gradient of {E} at the trained weights (backpropagation)",
                "Gradient von {E} bei den trainierten Gewichten (Backpropagation)", E=E), rec1),
    ])
