"""The MLP of exercise 000 c written by hand in NumPy: tanh, tanh, softmax cross-entropy
(mean over the batch), with its backpropagation, as an engineer would write it.

It is the reference for :func:`symderiv.check_gradient` (tests and
``benchmarks/bench_check_gradient.py``), together with the deliberately wrong gradients
that a check must catch (:data:`BUGS`). Parameters are ``W{l}`` of shape (d_l, d_{l-1})
and ``b{l}``; inputs ``X`` are (batch, d_0), labels are integers.
"""
from __future__ import annotations

import numpy as np

SIZES = (784, 256, 256, 10)

#: name -> the parameter arrays whose gradient the bug makes wrong
BUGS = {
    "one entry of b1 off by 10% of the largest db1 entry": {"b1"},
    "W2 gradient transposed": {"W2"},          # needs a square W2
    "W1 gradient transposed, reshaped": {"W1"},
    "missing tanh derivative (layer 2)": {"W1", "b1", "W2", "b2"},
}


def make(sizes=SIZES, batch=8, seed=0, dtype=np.float64):
    """Random parameters (scaled by 1/sqrt(fan-in)), inputs and labels."""
    rng = np.random.default_rng(seed)
    P = {}
    for layer in range(1, len(sizes)):
        P[f"W{layer}"] = (rng.standard_normal((sizes[layer], sizes[layer - 1]))
                          / np.sqrt(sizes[layer - 1])).astype(dtype)
        P[f"b{layer}"] = (0.1 * rng.standard_normal(sizes[layer])).astype(dtype)
    X = rng.standard_normal((batch, sizes[0])).astype(dtype)
    labels = rng.integers(0, sizes[-1], batch)
    return P, X, labels


def loss(P, X, labels):
    """Mean cross-entropy of softmax(W3 tanh(W2 tanh(W1 x + b1) + b2) + b3); complex-safe
    (the max shift uses the real part), so complex-step checks can use it."""
    z1 = np.tanh(X @ P["W1"].T + P["b1"])
    z2 = np.tanh(z1 @ P["W2"].T + P["b2"])
    o = z2 @ P["W3"].T + P["b3"]
    m = np.real(o).max(axis=1, keepdims=True)
    lse = np.log(np.exp(o - m).sum(axis=1)) + m[:, 0]
    return np.mean(lse - o[np.arange(len(labels)), labels])


def backprop(P, X, labels, bug=None):
    """The gradient of :func:`loss` by hand; ``bug`` (a key of :data:`BUGS`) injects an error."""
    if bug is not None and bug not in BUGS:
        raise ValueError(f"unknown bug '{bug}'")
    B = len(labels)
    z1 = np.tanh(X @ P["W1"].T + P["b1"])
    z2 = np.tanh(z1 @ P["W2"].T + P["b2"])
    o = z2 @ P["W3"].T + P["b3"]
    p = np.exp(o - o.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d3 = p.copy()
    d3[np.arange(B), labels] -= 1
    d3 /= B
    G = {"W3": d3.T @ z2, "b3": d3.sum(0)}
    d2 = (d3 @ P["W3"]) * (1 - z2 ** 2)
    if bug == "missing tanh derivative (layer 2)":
        d2 = d3 @ P["W3"]
    G["W2"], G["b2"] = d2.T @ z1, d2.sum(0)
    d1 = (d2 @ P["W2"]) * (1 - z1 ** 2)
    G["W1"], G["b1"] = d1.T @ X, d1.sum(0)
    if bug == "one entry of b1 off by 10% of the largest db1 entry":
        G["b1"] = G["b1"].copy()
        G["b1"][3] += 0.1 * np.abs(G["b1"]).max()
    if bug == "W2 gradient transposed":
        G["W2"] = G["W2"].T.copy()
    if bug == "W1 gradient transposed, reshaped":
        G["W1"] = G["W1"].T.copy().reshape(G["W1"].shape)
    return G
