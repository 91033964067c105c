"""Modular layers as forward/backward pairs with caches (exercise 001, Aufgabe 11).

The course code (CS231n style) treats each operation as a layer: ``*_forward`` returns
``(out, cache)`` and ``*_backward(dout, cache)`` returns the gradient(s) of the loss with
respect to the inputs, given the upstream gradient ``dout`` of the same shape as ``out``.
A logical layer of a network is an affine layer ``z = x W + b`` followed by a pointwise
activation layer.  Shapes (batch first, as in the course): ``x`` (N, d_1, ..., d_k) is
flattened to (N, D); ``w`` (D, M); ``b`` (M,).

Note: the reference network of exercise 004 (:mod:`symderiv.nn.network`) stores its
weights the other way round, (d_out, d_in), as in the lecture's ``s = W x + b``.
"""
from __future__ import annotations

import numpy as np

from symderiv.language.numeric import np_sigmoid

__all__ = [
    "affine_forward", "affine_backward", "relu_forward", "relu_backward",
    "sigmoid_forward", "sigmoid_backward", "sigmoid_real", "softmax_loss",
    "affine_relu_forward", "affine_relu_backward",
    "affine_sigmoid_forward", "affine_sigmoid_backward", "ACTIVATIONS",
]


def affine_forward(x, w, b):
    """``out = x.reshape(N, D) @ w + b``; cache ``(x, w, b)``."""
    x = np.asarray(x, dtype=float)
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    """Gradients of the affine layer: ``dx = dout w^T`` (reshaped like x),
    ``dw = x^T dout``, ``db = sum_n dout``."""
    x, w, b = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    """``max(0, x)`` elementwise; cache ``x``."""
    x = np.asarray(x, dtype=float)
    return np.maximum(0.0, x), x


def relu_backward(dout, cache):
    """``dout * H(x)`` with the convention ReLU'(0) = 0 (the course code's ``x > 0``)."""
    x = cache
    return dout * (x > 0)


def sigmoid_forward(x):
    """Logistic sigmoid elementwise (stable for large |x|); cache the output."""
    out = sigmoid_real(np.asarray(x, dtype=float))
    return out, out


def sigmoid_real(x):
    """:func:`~symderiv.language.numeric.np_sigmoid` of a float64 array with one ``exp``
    instead of two, bit for bit: its branch for ``x >= 0`` is ``1 / (1 + exp(-x))``, the
    other ``exp(x) / (1 + exp(x))``, and ``-x`` (resp. ``x``) is exactly ``-|x|`` where that
    branch is taken, so both read ``e = exp(-|x|)``. Other dtypes go to ``np_sigmoid``."""
    x = np.asarray(x)
    if x.dtype != np.float64 or x.ndim == 0:
        return np_sigmoid(x)
    e = np.exp(-np.abs(x))
    d = 1 + e
    return np.where(x >= 0, 1 / d, e / d)


def sigmoid_backward(dout, cache):
    """``dout * sigma (1 - sigma)``, from the cached output."""
    s = cache
    return dout * s * (1 - s)


def softmax_loss(x, y):
    """Softmax cross-entropy, averaged over the batch.

    ``x`` (N, C) class scores, ``y`` (N,) integer labels in ``0..C-1``.  Returns
    ``(loss, dx)`` with ``loss = -1/N sum_n log softmax(x_n)[y_n]`` and
    ``dx = (softmax(x) - onehot(y)) / N``.  Stable: the row maximum is subtracted
    before exponentiating (log-sum-exp).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=int)
    n = x.shape[0]
    shifted = x - x.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_z
    loss = -log_p[np.arange(n), y].sum() / n
    dx = np.exp(log_p)
    dx[np.arange(n), y] -= 1
    dx /= n
    return loss, dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)


def affine_sigmoid_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, s_cache = sigmoid_forward(a)
    return out, (fc_cache, s_cache)


def affine_sigmoid_backward(dout, cache):
    fc_cache, s_cache = cache
    return affine_backward(sigmoid_backward(dout, s_cache), fc_cache)


#: activation name -> (forward, backward) layer pair (for :class:`symderiv.nn.model.MLP`).
ACTIVATIONS = {
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
}
