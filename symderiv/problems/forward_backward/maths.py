"""The maths of sheet 004, Task 5, as data (no prose): the forward pass and backpropagation of
a small fully connected sigmoid network with the squared loss, every intermediate value, and
the independent computations the checks compare them with (SymPy with 30 digits on the whole
loss, central differences).

The sheet's Figure 1 (the network with its weights) is not part of the seed text. Its
printed solution fixes the shape (``x^(1)`` has three entries, ``dE/dW^(2)`` is 2 x 3) and
about twenty rounded values. :data:`FB_DEFAULTS` are weights with one decimal that
reproduce those values after rounding (the smallest sum of absolute values among the
one-decimal weights in [-2, 2]). ``W^(1)`` is not identifiable from the printed values: with
``x^(0) = (1, 2)`` they depend on ``W^(1)`` only through ``s^(1) = W^(1) x^(0) + b^(1)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
from symderiv.problems import ProblemError
from symderiv.problems.nn_common import layer_symbol as _sym

FB_DEFAULTS = {
    "w1": (0.1, -0.1, -0.4, -1.0, 0.2, 1.0), "b1": (0.0, 0.0, 0.0),
    "w2": (0.4, -0.1, 0.0, 0.1, -0.4, -0.1), "b2": (-0.4, 1.1),
    "x": (1.0, 2.0), "y": (0.0, 1.0),
}

#: the values printed in the sheet's solution (seed 004, Task 5), with their decimals:
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

#: the matrix printed in the sheet's line for dE/dw^(1) ("(0.4 - 0.1)" over "0.2 - 0.5"),
#: which no factor of the computation reproduces
SHEET_UNEXPLAINED = [[0.4, -0.1], [0.2, -0.5]]


@dataclass
class Maths:
    """One variant: the network, its input and target, every value of both passes."""

    net: Any
    x: np.ndarray
    y: np.ndarray
    s1: np.ndarray
    x1: np.ndarray
    s2: np.ndarray
    x2: np.ndarray
    E: float
    gw: list
    gb: list
    delta1: np.ndarray
    delta2: np.ndarray
    is_default: bool
    seed: int

    @property
    def W1(self):
        return self.net.weights[0]

    @property
    def W2(self):
        return self.net.weights[1]

    @property
    def b1(self):
        return self.net.biases[0]

    @property
    def b2(self):
        return self.net.biases[1]

    @property
    def sizes(self):
        return self.net.sizes


def network(p: dict):
    """The network of the parameters ``p`` (weights row by row), with its input and target."""
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


def passes(net, x, y) -> dict:
    """Forward pass, loss, gradients and error signals of ``net`` at ``(x, y)``."""
    net.forward(x)  # keeps every intermediate s^(l), x^(l)
    s1, x1, s2, x2 = (np.array(v, float) for v in (net.s[1], net.x[1], net.s[2], net.x[2]))
    E = float(net.loss(x, y))
    gw, gb = net.backprop(x, y)
    delta2 = (x2 - y) * x2 * (1 - x2)
    delta1 = x1 * (1 - x1) * (net.weights[1].T @ delta2)
    return dict(s1=s1, x1=x1, s2=s2, x2=x2, E=E, gw=[np.array(g) for g in gw], gb=[np.array(g) for g in gb],
                delta1=delta1, delta2=delta2)


def prepare(params: dict, seed: int) -> Maths:
    net, x, y = network(params)
    default = all(tuple(float(v) for v in params[k]) == FB_DEFAULTS[k] for k in FB_DEFAULTS)
    return Maths(net, x, y, is_default=default, seed=seed, **passes(net, x, y))


@lru_cache(maxsize=None)
def symbolic_network(sizes: tuple) -> tuple:
    """The network of layer ``sizes`` with symbolic input x, target y, weights and biases:
    (argument symbols x, y, W^(1), b^(1), W^(2), b^(2) (rows in order), the symbolic outputs
    of each layer, the loss, SymPy's derivative of the loss in every weight and bias in
    that order). A function of the sizes alone: derived once per process."""
    xs = [sp.Symbol(f"x_{j + 1}", real=True) for j in range(sizes[0])]
    ys = [sp.Symbol(f"y_{i + 1}", real=True) for i in range(sizes[-1])]
    params, h, layers_out = [], list(xs), []
    for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        Ws = [[_sym("w", l, i, j) for j in range(d_in)] for i in range(d_out)]
        bs = [_sym("b", l, i) for i in range(d_out)]
        params += [w for row in Ws for w in row] + bs
        h = [sigmoid(sum(Ws[i][j] * h[j] for j in range(d_in)) + bs[i]) for i in range(d_out)]
        layers_out.append(h)
    E = sp.Rational(1, 2) * sum((h[i] - ys[i]) ** 2 for i in range(len(ys)))
    return (*xs, *ys, *params), layers_out, E, tuple(sp.diff(E, p) for p in params)


@lru_cache(maxsize=None)
def _mp_network(sizes: tuple) -> tuple:
    """(layer outputs and loss, gradient) of :func:`symbolic_network` as mpmath functions."""
    import mpmath
    args, layers_out, E, grad = symbolic_network(sizes)
    mods = [{"sigmoid": lambda z: 1 / (1 + mpmath.exp(-z))}, "mpmath"]
    return (sp.lambdify(args, [v for layer in layers_out for v in layer] + [E], modules=mods),
            sp.lambdify(args, list(grad), modules=mods))


#: decimal digits of the independent evaluation (the floats of values this exact are those
#: of SymPy's 30-digit subs/evalf, which these checks used before)
MP_DIGITS = 40


def exact_network(m: Maths) -> tuple:
    """(x^(1), x^(2) and E; every gradient entry, W^(1), b^(1), W^(2), b^(2) row by row) of
    :func:`symbolic_network` at the variant's numbers (exactly the floats), evaluated with
    mpmath at :data:`MP_DIGITS` digits and rounded to float."""
    import mpmath
    sizes = (m.net.weights[0].shape[1], *(W.shape[0] for W in m.net.weights))
    values = [*np.ravel(m.x), *np.ravel(m.y)]
    for W, b in zip(m.net.weights, m.net.biases):
        values += [*np.ravel(W), *np.ravel(b)]
    forward, gradient = _mp_network(sizes)
    with mpmath.workdps(MP_DIGITS):
        args = [mpmath.mpf(float(v)) for v in values]
        return [float(v) for v in forward(*args)], [float(v) for v in gradient(*args)]


def central(f, arr, h=1e-6):
    """Central differences of ``f()`` with respect to every entry of ``arr`` (changed in place)."""
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


def same_s1_other_w1(m: Maths, shift: float = 0.2):
    """Another first layer with the same ``s^(1)`` (``W^(1)`` changed along the null space of
    ``x^(0)``, ``b^(1)`` kept): every value the sheet prints is the same for it."""
    x = m.x
    d = np.zeros_like(x)
    if len(x) >= 2 and np.any(x != 0):
        k = int(np.argmax(np.abs(x)))
        o = (k + 1) % len(x)
        d[o], d[k] = shift, -shift * x[o] / x[k]
    return m.W1 + d[None, :]
