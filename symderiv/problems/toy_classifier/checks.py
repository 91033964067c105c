"""The checks of sheet 004, Task 6: the student's code (:mod:`.student`) against
:class:`symderiv.nn.NeuralNetwork` (a second implementation, built from the function table),
against numeric derivatives, against SymPy, and the drawn decision region against the
network at every cell of the grid."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.problems.toy_classifier import student
from symderiv.problems.toy_classifier.maths import TRAINING, Maths, covered, test_network


def reference(W: list, b: list, activation: str):
    """symderiv's network with the given weights (hidden ``activation``, sigmoid output)."""
    from symderiv.nn import NeuralNetwork
    net = NeuralNetwork([W[0].shape[1]] + [w.shape[0] for w in W], activation=activation,
                        output_activation="sigmoid", seed=0)
    net.weights, net.biases = [w.copy() for w in W], [v.copy() for v in b]
    return net


def activations(points):
    """The student's four functions against the rows of the function table."""
    from symderiv.nn.network import activation
    from symderiv.verify import compare
    s = np.asarray(points, float)
    derived: list = []
    independent: list = []
    for name, f, d in (("relu", student.relu, student.drelu), ("sigmoid", student.sigmoid, student.dsigmoid)):
        ref = activation(name)
        out = ref.f(s)
        derived += list(f(s)) + list(d(s))
        independent += list(out) + list(ref.derivative(s, out))
    return compare(derived, independent, "second implementation", tolerance=1e-12)


def derivatives_central(points):
    """relu_prime and sigmoid_prime against central differences of relu and sigmoid."""
    from symderiv.verify import compare
    s = np.asarray([v for v in points if abs(v) > 1e-3], float)
    h = 1e-6
    derived = np.r_[student.drelu(s), student.dsigmoid(s)]
    numeric = np.r_[(student.relu(s + h) - student.relu(s - h)) / (2 * h),
                    (student.sigmoid(s + h) - student.sigmoid(s - h)) / (2 * h)]
    return compare(derived, numeric, "central")


def sigmoid_at(z: float, shown: list):
    """sigma(z) and sigma'(z) as shown against SymPy with 30 digits."""
    from symderiv.verify import compare
    t = sp.Symbol("t", real=True)
    sig = 1 / (1 + sp.exp(-t))
    exact = [sig.subs(t, sp.Float(z, 30)), sp.diff(sig, t).subs(t, sp.Float(z, 30))]
    return compare(shown, [float(sp.N(e, 30)) for e in exact], "sympy")


def relu_kink():
    """What the text says the code does at the kink: drelu(0) is 0."""
    from symderiv.verify import compare
    return compare(float(student.drelu(np.array([0.0]))[0]), 0.0, "evaluation", tolerance=0.0)


def glorot(seed: int):
    """The standard deviation of the student's initial weights of a 300-500 layer (150 000
    weights) against sqrt(2/800), and its largest initial bias (plus 1) against 1."""
    from symderiv.verify import compare
    net = student.NeuralNetwork([300, 500], seed=seed)
    return compare([float(np.std(net.W[0])), float(np.abs(net.b[0]).max()) + 1.0],
                   [float(np.sqrt(2 / 800)), 1.0], "numpy", tolerance=0.02)


def glorot_scale(seed: int):
    """The student's initial weights of the test network 2-3-1, divided by sqrt(2/5) and
    sqrt(2/4), against the standard normal numbers its generator draws (the same seed):
    the scale of each layer is exactly the standard deviation the text gives."""
    from symderiv.verify import compare
    net = student.NeuralNetwork([2, 3, 1], seed=seed)
    rs = np.random.RandomState(seed)
    z1, z2 = rs.normal(0.0, 1.0, size=(3, 2)), rs.normal(0.0, 1.0, size=(1, 3))
    return compare(np.r_[net.W[0].ravel() / np.sqrt(2 / 5), net.W[1].ravel() / np.sqrt(2 / 4)],
                   np.r_[z1.ravel(), z2.ravel()], "numpy", tolerance=1e-12)


def forward(m: Maths):
    """s^(1), x^(1), s^(2), x^(2) of the student's forward pass against symderiv's network."""
    from symderiv.verify import compare
    ref = reference(m.net.W, m.net.b, m.activation)
    ref.forward(m.x[0])
    v = m.values
    return compare(np.r_[v["s1"], v["x1"], v["s2"], v["x2"]],
                   np.r_[ref.s[1], ref.x[1], ref.s[2], ref.x[2]], "second implementation", tolerance=1e-12)


def _loss_and_gradient(W: list, b: list, activation: str, X, Y):
    """(f, grad_f) for check_gradient: f is symderiv's loss (complex-safe), grad_f the
    student's backprop."""
    ref = reference(W, b, activation)
    f = ref.loss_and_gradient(X, Y)[0]
    net = student.NeuralNetwork([W[0].shape[1]] + [w.shape[0] for w in W], activation)

    def grad(params):
        net.W = [np.real(params[f"W{l + 1}"]) for l in range(len(W))]
        net.b = [np.real(params[f"b{l + 1}"]) for l in range(len(W))]
        gW, gb = net.backprop(X, Y)
        out = {}
        for l in range(len(W)):
            out[f"W{l + 1}"], out[f"b{l + 1}"] = gW[l], gb[l]
        return out

    params = {}
    for l in range(len(W)):
        params[f"W{l + 1}"], params[f"b{l + 1}"] = W[l].copy(), b[l].copy()
    return f, grad, params


def backprop_numeric(m: Maths):
    """The student's gradients of E at the test point against numeric derivatives of E."""
    from symderiv.verify import check_gradient
    f, g, p = _loss_and_gradient(m.net.W, m.net.b, m.activation, m.x, m.y)
    return check_gradient(f, g, p, method="auto", seed=m.seed)


def backprop_by_hand(m: Maths):
    """The hand formulas delta^(2) and delta_1^(1) x_1^(0) against the student's arrays."""
    from symderiv.verify import compare
    v = m.values
    return compare([v["delta2"][0], v["delta1"][0] * m.x[0, 0]], [v["gb"][1][0], v["gW"][0][0, 0]], "backprop",
                   tolerance=1e-12)


def one_step(m: Maths, params: dict):
    """One call of the student's train against symderiv's train on a copy of the test
    network: every parameter after the step, and the loss there."""
    from symderiv.verify import compare
    ref = reference(test_network(params).W, test_network(params).b, m.activation)
    history = ref.train(m.x, m.y, eta=m.eta, iterations=1)
    st = m.stepped
    derived = np.r_[np.concatenate([w.ravel() for w in st["W"]] + list(st["b"])), st["E"]]
    independent = np.r_[np.concatenate([w.ravel() for w in ref.weights] + list(ref.biases)), history[-1]]
    return compare(derived, independent, "second implementation", tolerance=1e-12)


def _sum_condition(W, b, activation, X, Y) -> float:
    """How much the sum over the data cancels in the gradient: the largest
    ``sum_i |g_i| / |sum_i g_i|`` over the entries, between 1 and 10^4. Near a minimum the
    gradient is a small sum of larger terms, and rounding is relative to the terms."""
    total = _loss_and_gradient(W, b, activation, X, Y)
    terms = [_loss_and_gradient(W, b, activation, X[i:i + 1], Y[i:i + 1]) for i in range(len(X))]
    g_total = total[1](total[2])
    g_terms = [t[1](t[2]) for t in terms]
    kappa = 1.0
    for k, tot in g_total.items():
        mass = sum(np.abs(g[k]) for g in g_terms)
        ok = np.abs(tot) > 0
        if ok.any():
            kappa = max(kappa, float(np.max(mass[ok] / np.abs(tot[ok]))))
    return min(kappa, 1e4)


def training_gradient(m: Maths, which: str):
    """The student's gradient of E over the training data at the initial or the trained
    weights against numeric derivatives. Returns (record, scaled): with the complex step,
    at the trained weights its tolerance is scaled by the cancellation of the sum."""
    from symderiv.verify import check_gradient
    from symderiv.verify.records import TOLERANCES
    t = m.training
    W, b = (t.initial["W"], t.initial["b"]) if which == "initial" else (t.net.W, t.net.b)
    f, g, p = _loss_and_gradient(W, b, m.activation, t.X, t.Y)
    rec = check_gradient(f, g, p, method="auto", seed=m.seed)
    if which == "initial" or "complex" not in rec.method:
        return rec, False
    rtol = TOLERANCES["float64"]["complex"] * _sum_condition(W, b, m.activation, t.X, t.Y)
    return check_gradient(f, g, p, method="complex", seed=m.seed, rtol=rtol), True


def training_history(m: Maths):
    """The loss after every step of the student's training against symderiv's train from
    the same initial weights."""
    from symderiv.verify import compare
    t = m.training
    ref = reference(t.initial["W"], t.initial["b"], m.activation)
    history = ref.train(t.X, t.Y, eta=TRAINING["eta"], iterations=len(t.history) - 1)
    return compare(t.history, history, "second implementation", tolerance=1e-8)


def accuracies(m: Maths):
    """The shares of correctly classified training and test points against symderiv's
    network with the trained weights."""
    from symderiv.verify import compare
    t = m.training
    ref = reference(t.net.W, t.net.b, m.activation)
    shares = [float(np.mean((ref.forward(X)[:, 0] >= 0.5) == (Y[:, 0] >= 0.5)))
              for X, Y in ((t.X, t.Y), (t.X_test, t.Y_test))]
    return compare([t.accuracy, t.accuracy_test], shares, "second implementation", tolerance=0.0)


def region(m: Maths, paths: list):
    """The drawn class-1 region (the filled paths, nonzero rule) against symderiv's network
    at the centre of every cell of the grid: shaded exactly where it predicts class 1."""
    from symderiv.verify import compare
    t = m.training
    cx, cy = ((e[:-1] + e[1:]) / 2 for e in t.edges)
    XX, YY = np.meshgrid(cx, cy)
    centres = np.c_[XX.ravel(), YY.ravel()]
    ref = reference(t.net.W, t.net.b, m.activation)
    classified = ref.forward(centres)[:, 0] >= 0.5
    shaded = np.zeros(len(centres), bool)
    for xs, ys in paths:
        shaded |= covered(xs, ys, centres)
    return compare(shaded.astype(float), classified.astype(float), "grid", tolerance=0.0)
