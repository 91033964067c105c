"""The reference network of exercise 004 (task 6), with the sheet's interface.

``NeuralNetwork(sizes, activation="sigmoid", output_activation=None, seed=None)``:
``weights[l]`` has shape (d_out, d_in) and ``biases[l]`` shape (d_out,), the lecture's
``s^(l) = W^(l) x^(l-1) + b^(l)``, ``x^(l) = f(s^(l))``.  Weights are Glorot-normal,
``w_ij ~ N(0, 2 / (d_in + d_out))``; biases start at zero.

The activations and their derivatives are not retyped here: they come from the function
table of :mod:`symderiv.language.table` (the SymPy definition and the row's local derivative,
turned into NumPy functions by :func:`symderiv.language.numeric.numeric`), so the network uses
exactly the rules the symbolic engine uses.

The loss is the squared loss ``E = 1/2 sum ||x^(L) - y||^2``, summed over a batch.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional, Sequence

import numpy as np

__all__ = ["NeuralNetwork", "Activation", "activation", "ACTIVATION_NAMES", "squared_loss"]

#: the unary functions of the table usable as activations (plus "identity").
ACTIVATION_NAMES = ("sigmoid", "relu", "tanh", "softplus", "leaky_relu", "elu", "gelu",
                    "hardtanh", "identity")


@dataclass(frozen=True)
class Activation:
    """An activation ``f`` with ``derivative(s, out) = f'(s)`` (``out = f(s)`` may be
    reused, e.g. sigma' = out (1 - out))."""

    name: str
    f: Callable
    derivative: Callable


@lru_cache(maxsize=None)
def activation(name: str) -> Activation:
    """The activation ``name`` built from its row of :data:`symderiv.language.table.FUNCTIONS`."""
    if name == "identity":
        return Activation("identity", lambda s: _as_array(s).copy(),
                          lambda s, out: np.ones_like(_as_array(s)))
    if name not in ACTIVATION_NAMES:
        raise ValueError(f"unknown activation '{name}' (choose from {', '.join(ACTIVATION_NAMES)})")
    import sympy as sp

    from symderiv.language.numeric import numeric
    from symderiv.language.table import FUNCTIONS
    rule = FUNCTIONS[name]
    a, o = sp.Symbol("a", real=True), sp.Symbol("o", real=True)
    f_np = numeric(rule.apply([a]), [a])
    (local,) = rule.partials([a], o)
    d_np = numeric(local, [a, o])

    from symderiv.nn.layers import sigmoid_real
    # the table's sigmoid is np_sigmoid; for real arrays sigmoid_real gives its bits with one exp
    fast = sigmoid_real if name == "sigmoid" else None

    def f(s):
        s = _as_array(s)
        if fast is not None and s.dtype == np.float64 and s.ndim:
            return fast(s)
        return np.broadcast_to(np.asarray(f_np(s), dtype=s.dtype), s.shape).copy()

    def derivative(s, out):
        s = _as_array(s)
        return np.broadcast_to(np.asarray(d_np(s, out), dtype=s.dtype), s.shape).copy()

    return Activation(name, f, derivative)


def _as_array(v):
    """float64, or complex128 for complex input (the network is complex-safe, so its
    gradients can be checked with the complex step)."""
    v = np.asarray(v)
    return v.astype(complex if np.iscomplexobj(v) else float, copy=False)


def squared_loss(y_hat, y):
    """``1/2 sum (y_hat - y)^2`` over all entries (a batch's losses are summed); a float,
    or a complex number for complex input."""
    d = _as_array(y_hat) - _as_array(y)
    total = 0.5 * np.sum(d * d)
    return complex(total) if np.iscomplexobj(total) else float(total)


class NeuralNetwork:
    """A fully connected network ``sizes = [d_0, d_1, ..., d_L]``.

    After :meth:`forward`, ``self.s[l]`` and ``self.x[l]`` hold the intermediates
    ``s^(l)`` (pre-activations, ``l = 1..L``; ``s[0]`` is ``None``) and ``x^(l)``
    (``x[0]`` the input), for one sample (shape (d_l,)) or a batch (shape (N, d_l)).
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid",
                 output_activation: Optional[str] = None, seed: Optional[int] = None):
        sizes = [int(d) for d in sizes]
        if len(sizes) < 2 or any(d < 1 for d in sizes):
            raise ValueError("sizes needs at least two positive layer widths, e.g. [2, 2, 2]")
        self.sizes = sizes
        self.activation_name = activation
        self.output_activation_name = output_activation or activation
        self._hidden = globals()["activation"](activation)
        self._output = globals()["activation"](self.output_activation_name)
        rng = np.random.default_rng(seed)
        self.weights = [rng.normal(0.0, np.sqrt(2.0 / (d_in + d_out)), size=(d_out, d_in))
                        for d_in, d_out in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.zeros(d_out) for d_out in sizes[1:]]
        self.s: list = []
        self.x: list = []

    @property
    def num_layers(self) -> int:
        return len(self.weights)

    def _act(self, l: int) -> Activation:
        """Activation of layer ``l`` (1-based)."""
        return self._output if l == self.num_layers else self._hidden

    def forward(self, x):
        """The output ``x^(L)``; keeps ``s^(l)`` and ``x^(l)`` in ``self.s``, ``self.x``."""
        x = _as_array(x)
        if x.ndim not in (1, 2) or x.shape[-1] != self.sizes[0]:
            raise ValueError(f"input must have shape ({self.sizes[0]},) or (N, {self.sizes[0]}), "
                             f"got {x.shape}")
        self.s, self.x = [None], [x]
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            s = x @ W.T + b  # (d_out,) for one sample, (N, d_out) for a batch
            x = self._act(l).f(s)
            self.s.append(s)
            self.x.append(x)
        return x

    def loss(self, x, y) -> float:
        return squared_loss(self.forward(x), y)

    def backprop(self, x, y):
        """Gradients ``(grads_w, grads_b)`` of ``E = 1/2 sum ||x^(L) - y||^2``.

        ``delta^(L) = (x^(L) - y) * f'(s^(L))``, ``delta^(l) = (W^(l+1)^T delta^(l+1)) *
        f'(s^(l))``; ``dE/dW^(l) = delta^(l) x^(l-1)^T`` (summed over the batch),
        ``dE/db^(l) = delta^(l)``.
        """
        y_hat = self.forward(x)
        y = _as_array(y).reshape(y_hat.shape)
        L = self.num_layers
        grads_w: list = [None] * L
        grads_b: list = [None] * L
        delta = (y_hat - y) * self._act(L).derivative(self.s[L], self.x[L])
        for l in range(L, 0, -1):
            x_prev = self.x[l - 1]
            if delta.ndim == 1:
                grads_w[l - 1] = np.outer(delta, x_prev)
                grads_b[l - 1] = delta.copy()
            else:
                grads_w[l - 1] = delta.T @ x_prev
                grads_b[l - 1] = delta.sum(axis=0)
            if l > 1:
                delta = (delta @ self.weights[l - 1]) * self._act(l - 1).derivative(self.s[l - 1],
                                                                                    self.x[l - 1])
        return grads_w, grads_b

    def train(self, x, y, eta: float = 0.01, iterations: int = 100) -> list:
        """Batch gradient descent on the whole of ``(x, y)``.

        Returns the loss history: ``history[k]`` is the loss after ``k`` updates,
        ``k = 0..iterations`` (so ``history[0]`` is the initial loss).
        """
        history = []
        for _ in range(int(iterations)):
            grads_w, grads_b = self.backprop(x, y)  # runs forward: self.x[-1] is current
            history.append(squared_loss(self.x[-1], _as_array(y).reshape(self.x[-1].shape)))
            for l in range(self.num_layers):
                self.weights[l] -= eta * grads_w[l]
                self.biases[l] -= eta * grads_b[l]
        history.append(self.loss(x, y))
        return history

    def predict(self, x):
        return self.forward(x)

    # -- parameters as named arrays (for symderiv.check_gradient) ---------------------

    def get_params(self) -> dict:
        """``{"W1": weights[0], "b1": biases[0], ...}`` (the arrays themselves)."""
        out = {}
        for l in range(self.num_layers):
            out[f"W{l + 1}"] = self.weights[l]
            out[f"b{l + 1}"] = self.biases[l]
        return out

    def set_params(self, params: dict) -> None:
        self.weights = [params[f"W{l + 1}"] for l in range(self.num_layers)]
        self.biases = [params[f"b{l + 1}"] for l in range(self.num_layers)]

    def loss_and_gradient(self, x, y):
        """``(f, grad_f)`` of the parameters (dicts as :meth:`get_params`) at the data
        ``(x, y)``, the form :func:`symderiv.check_gradient` takes. Both set the
        network's parameters to their argument."""
        def f(params):
            self.set_params(params)
            return self.loss(x, y)

        def grad_f(params):
            self.set_params(params)
            gw, gb = self.backprop(x, y)
            out = {}
            for l in range(self.num_layers):
                out[f"W{l + 1}"], out[f"b{l + 1}"] = gw[l], gb[l]
            return out
        return f, grad_f
