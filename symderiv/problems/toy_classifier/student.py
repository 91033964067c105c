"""The NumPy code a student writes for sheet 004, Task 6 (the template's interface:
``NeuralNetwork`` with ``__init__``, ``forward``, ``backprop(x, y)`` and
``train(x, y, eta=.01, iterations=100)``). It is the code that computes the numbers of the
model solution, and the solution shows it (``inspect.getsource``), piece by piece, under
the task that asks for it. The checks compare it with :class:`symderiv.nn.NeuralNetwork`,
an implementation built from the function table, and with numeric derivatives.

Inputs are batches: ``x`` has shape (N, d_0), ``y`` shape (N, d_L); the loss is the squared
loss summed over the batch. Kept free of symderiv imports and of comments (what a student
hands in, in every language of the documents).
"""
import numpy as np


def relu(s):
    return np.maximum(0.0, s)


def drelu(s):
    return (s > 0).astype(float)


def sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


def dsigmoid(s):
    return sigmoid(s) * (1.0 - sigmoid(s))


class NeuralNetwork:
    def __init__(self, sizes, activation="relu", seed=None):
        rng = np.random.RandomState(seed)
        if activation == "relu":
            self.f, self.df = relu, drelu
        else:
            self.f, self.df = sigmoid, dsigmoid
        self.W = [rng.normal(0.0, np.sqrt(2.0 / (din + dout)), size=(dout, din))
                  for din, dout in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(dout) for dout in sizes[1:]]

    def forward(self, x):
        self.s, self.x = [None], [x]
        L = len(self.W)
        for l in range(1, L + 1):
            s = self.x[l - 1] @ self.W[l - 1].T + self.b[l - 1]
            self.s.append(s)
            self.x.append(sigmoid(s) if l == L else self.f(s))
        return self.x[L]

    def backprop(self, x, y):
        out = self.forward(x)
        L = len(self.W)
        dW, db = [None] * L, [None] * L
        delta = (out - y) * dsigmoid(self.s[L])
        for l in range(L, 0, -1):
            dW[l - 1] = delta.T @ self.x[l - 1]
            db[l - 1] = delta.sum(axis=0)
            if l > 1:
                delta = (delta @ self.W[l - 1]) * self.df(self.s[l - 1])
        return dW, db

    def train(self, x, y, eta=.01, iterations=100):
        losses = []
        for _ in range(iterations):
            dW, db = self.backprop(x, y)
            losses.append(0.5 * np.sum((self.x[-1] - y) ** 2))
            for l in range(len(self.W)):
                self.W[l] = self.W[l] - eta * dW[l]
                self.b[l] = self.b[l] - eta * db[l]
        losses.append(0.5 * np.sum((self.forward(x) - y) ** 2))
        return losses


def classify(net, xedges, yedges):
    cx = (xedges[:-1] + xedges[1:]) / 2
    cy = (yedges[:-1] + yedges[1:]) / 2
    XX, YY = np.meshgrid(cx, cy)
    p = net.forward(np.c_[XX.ravel(), YY.ravel()])
    return (p[:, 0] >= 0.5).reshape(len(cy), len(cx))
