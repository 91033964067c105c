"""The maths of sheet 004, Task 6, as data (no prose), computed with the student's NumPy
code (:mod:`.student`): the activations at a point, the forward pass, backpropagation and
one step of gradient descent of a small test network with the variant's weights (what the
sheet's hint does with the weights of Task 5), and a 2-8-1 network trained on XOR-like
toy data with its decision region.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symderiv.problems import ProblemError
from symderiv.problems.toy_classifier import student

#: the training run of Part 2 (iii): data, network and gradient descent (not parameters of
#: the variant: a student's own run starts from other random weights, so no question asks
#: for its numbers)
TRAINING: dict[str, Any] = {"data": "xor", "n": 120, "noise": 0.35, "hidden": 8, "eta": 0.02,
                            "iterations": 2000}
#: cells per side of the grid the decision region is drawn on
GRID = 60
#: the test network: 2 inputs, 3 hidden neurons, 1 output
SIZES = (2, 3, 1)
DEFAULTS = {"activation": "relu", "z": 0.8, "w1": (0.5, -0.4, -0.3, 0.8, 0.9, 0.2),
            "b1": (0.1, -0.2, 0.3), "w2": (0.7, -0.6, 0.4), "b2": -0.1, "x": (1.2, -0.5), "y": 1.0,
            "eta": 2.0}


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
                     np.c_[1 - np.cos(t), 0.5 - np.sin(t)])  # type: ignore[assignment]  # numpy stubs: 3-argument np.where
        X = X + noise * rng.normal(size=(n, 2))
        y = k
    else:
        raise ProblemError(f"data set '{kind}' unknown (choose xor or moons)")
    return X, y.reshape(-1, 1).astype(float)


def test_network(p: dict) -> student.NeuralNetwork:
    """The student's network 2-3-1 with the parameters ``p`` (weights row by row)."""
    if p["activation"] not in ("relu", "sigmoid"):
        raise ProblemError(f"activation '{p['activation']}': the sheet's network uses relu or sigmoid")
    for key, size in (("w1", 6), ("b1", 3), ("w2", 3), ("x", 2)):
        if len(p[key]) != size:
            raise ProblemError(f"{key} needs {size} numbers, got {len(p[key])}")
    net = student.NeuralNetwork(list(SIZES), p["activation"], seed=0)
    net.W = [np.array(p["w1"], float).reshape(3, 2), np.array(p["w2"], float).reshape(1, 3)]
    net.b = [np.array(p["b1"], float), np.array([float(p["b2"])])]
    return net


def constraint(p: dict):
    """Why the parameters make no good test network (None: they do): with ReLU no
    pre-activation of the hidden layer may be 0 (ReLU has no derivative there), and
    the first must be positive, so that the gradient asked for is not 0."""
    if p["activation"] != "relu":
        return None
    s1 = np.array(p["w1"], float).reshape(3, 2) @ np.array(p["x"], float) + np.array(p["b1"], float)
    if np.any(np.abs(s1) < 0.05):
        return "a hidden pre-activation at the kink of ReLU"
    if s1[0] <= 0:
        return "the first hidden neuron is inactive"
    return None


@dataclass
class Training:
    """The run of Part 2 (iii): data, the trained network, its loss history, accuracies,
    and the decision region on a grid over the plotted range."""

    X: np.ndarray
    Y: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    initial: dict
    net: Any
    history: list
    accuracy: float
    accuracy_test: float
    lo: np.ndarray
    hi: np.ndarray
    edges: tuple
    inside: np.ndarray


@dataclass
class Maths:
    activation: str
    z: float
    net: Any                     #: the test network (student code) with the variant's weights
    x: np.ndarray                #: its input, shape (1, 2)
    y: np.ndarray                #: its target, shape (1, 1)
    eta: float
    values: dict                 #: s1, x1, s2, x2, E, delta1, delta2, gW, gb
    stepped: dict                #: W, b after one step, and s1, x1, s2, x2, E there
    training: Training
    seed: int
    extra: dict = field(default_factory=dict)


def passes(net, x, y) -> dict:
    """Forward pass, loss and backpropagation of the student's network at (x, y)."""
    gW, gb = net.backprop(x, y)
    s1, x1, s2, x2 = (np.array(v[0], float) for v in (net.s[1], net.x[1], net.s[2], net.x[2]))
    delta2 = (x2 - y[0]) * student.dsigmoid(s2)
    delta1 = (net.W[1].T @ delta2) * net.df(s1)
    return dict(s1=s1, x1=x1, s2=s2, x2=x2, E=float(0.5 * np.sum((x2 - y[0]) ** 2)),
                delta1=delta1, delta2=delta2, gW=[np.array(g) for g in gW], gb=[np.array(g) for g in gb])


def one_step(p: dict, x, y, eta: float) -> dict:
    """One call ``train(x, y, eta, iterations=1)`` on a fresh copy of the test network."""
    net = test_network(p)
    losses = net.train(x, y, eta=eta, iterations=1)
    after = passes(net, x, y)
    return dict(W=[w.copy() for w in net.W], b=[b.copy() for b in net.b], losses=losses, **after)


def region_edges(X: np.ndarray):
    """The plotted range (the data with a margin of 0.3) and the edges of the grid cells,
    which reach a fifth of the range beyond it on every side (the axis adds its own
    margin; the shading is clipped to the axis, so it covers the whole plot)."""
    lo, hi = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    pad = 0.2 * (hi - lo)
    edges = tuple(np.linspace(lo[k] - pad[k], hi[k] + pad[k], GRID + 1) for k in range(2))
    return lo, hi, edges


def train(activation: str, seed: int, kind: str = TRAINING["data"], iterations: int = TRAINING["iterations"]):
    t = TRAINING
    X, Y = make_toy_data(kind, t["n"], t["noise"], seed)
    X_test, Y_test = make_toy_data(kind, t["n"], t["noise"], seed + 1000)
    net = student.NeuralNetwork([2, t["hidden"], 1], activation, seed=seed)
    initial = {"W": [w.copy() for w in net.W], "b": [b.copy() for b in net.b]}
    history = net.train(X, Y, eta=t["eta"], iterations=iterations)
    acc = float(np.mean((net.forward(X) >= 0.5) == (Y >= 0.5)))
    acc_test = float(np.mean((net.forward(X_test) >= 0.5) == (Y_test >= 0.5)))
    lo, hi, edges = region_edges(X)
    inside = student.classify(net, *edges)
    return Training(X, Y, X_test, Y_test, initial, net, [float(v) for v in history], acc, acc_test,
                    lo, hi, edges, inside)


def prepare(params: dict, seed: int) -> Maths:
    net = test_network(params)
    eta = float(params["eta"])
    if not 0 < eta <= 100:
        raise ProblemError("eta must lie in (0, 100]")
    x, y = np.array([params["x"]], float), np.array([[float(params["y"])]])
    values = passes(net, x, y)
    return Maths(params["activation"], float(params["z"]), net, x, y, eta, values,
                 one_step(params, x, y, eta), train(params["activation"], seed), seed, {"params": dict(params)})


def decision_runs(inside: np.ndarray, edges: tuple) -> list:
    """The cells classified 1 as rectangles ``(x0, x1, y0, y1)``: each grid row's runs of
    such cells merged."""
    gx, gy = edges
    rects = []
    for r in range(inside.shape[0]):
        c = 0
        while c < inside.shape[1]:
            if inside[r, c]:
                start = c
                while c < inside.shape[1] and inside[r, c]:
                    c += 1
                # a sliver of overlap with the row above: no seam between separate fills
                rects.append((gx[start], gx[c], gy[r], gy[r + 1] + 0.02 * (gy[1] - gy[0]) * (r + 1 < inside.shape[0])))
            else:
                c += 1
    return rects


def decision_region(predict, lo, hi, n: int = 40) -> list:
    """The region where ``predict`` (p of class 1) is at least 0.5, as the rectangles of
    :func:`decision_runs` on an ``n`` x ``n`` grid over ``[lo, hi]``."""
    edges = (np.linspace(lo[0], hi[0], n + 1), np.linspace(lo[1], hi[1], n + 1))
    cx, cy = ((e[:-1] + e[1:]) / 2 for e in edges)
    XX, YY = np.meshgrid(cx, cy)
    return decision_runs(predict(np.c_[XX.ravel(), YY.ravel()]).reshape(n, n) >= 0.5, edges)


def filled_path(rects: list) -> tuple[list, list]:
    """One closed path that fills every rectangle and nothing else: each rectangle is drawn
    counter-clockwise from its lower left corner, and the path walks from corner to corner
    and back the same way, so the connecting segments enclose no area (nonzero rule)."""
    xs, ys = [], []
    corners = [(x0, y0) for x0, _, y0, _ in rects]
    for x0, x1, y0, y1 in rects:
        xs += [x0, x1, x1, x0, x0]
        ys += [y0, y0, y1, y1, y0]
    back = corners[-2::-1]
    return xs + [c[0] for c in back], ys + [c[1] for c in back]


def covered(xs: list, ys: list, points: np.ndarray) -> np.ndarray:
    """Which points lie inside the filled path under the nonzero rule: the winding number
    of the closed polygon around each point (the crossing rule of Sunday's algorithm)."""
    px, py = np.asarray(xs, float), np.asarray(ys, float)
    ax, ay = px, py
    bx, by = np.roll(px, -1), np.roll(py, -1)
    wind = np.zeros(len(points), int)
    for k in range(len(px)):
        up = (ay[k] <= points[:, 1]) & (by[k] > points[:, 1])
        down = (ay[k] > points[:, 1]) & (by[k] <= points[:, 1])
        cross = (bx[k] - ax[k]) * (points[:, 1] - ay[k]) - (points[:, 0] - ax[k]) * (by[k] - ay[k])
        wind += (up & (cross > 0)).astype(int) - (down & (cross < 0)).astype(int)
    return wind != 0
