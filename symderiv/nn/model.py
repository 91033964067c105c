"""A multi-layer perceptron built from the modular layers, and its training loop with the
update rules of :mod:`symderiv.nn.optim` (exercise 001, Aufgabe 11).

``MLP(input_dim, hidden_dims, num_classes, activation="relu")``: logical layers
affine -> activation, then a final affine layer and the softmax cross-entropy loss.
:func:`train_classifier` runs minibatch training for a number of epochs and records the
loss and the training/validation accuracies after every epoch.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from symderiv.nn import layers, optim

__all__ = ["MLP", "TrainHistory", "train_classifier", "accuracy"]


#: rows per forward pass of :meth:`MLP.predict`
PREDICT_BATCH = 1000


class MLP:
    """Parameters ``params["W1"], params["b1"], ...`` with ``W`` of shape (d_in, d_out).

    ``weight_scale=None`` initialises each ``W`` Glorot-normal, ``N(0, 2/(d_in+d_out))``
    (as the reference network); a number uses ``N(0, weight_scale^2)`` (the course code).
    ``reg`` adds the L2 penalty ``reg/2 sum ||W||^2``.
    """

    def __init__(self, input_dim: int, hidden_dims: Sequence[int], num_classes: int,
                 activation: str = "relu", weight_scale: Optional[float] = None,
                 reg: float = 0.0, seed: Optional[int] = None):
        if activation not in layers.ACTIVATIONS:
            raise ValueError(f"unknown activation '{activation}' (choose from "
                             f"{', '.join(layers.ACTIVATIONS)})")
        dims = [int(input_dim), *[int(h) for h in hidden_dims], int(num_classes)]
        if any(d < 1 for d in dims):
            raise ValueError("layer widths must be positive")
        self.dims = dims
        self.activation = activation
        self.reg = float(reg)
        rng = np.random.default_rng(seed)
        self.params: dict = {}
        for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
            std = np.sqrt(2.0 / (d_in + d_out)) if weight_scale is None else float(weight_scale)
            self.params[f"W{i}"] = rng.normal(0.0, std, size=(d_in, d_out))
            self.params[f"b{i}"] = np.zeros(d_out)

    @property
    def num_layers(self) -> int:
        return len(self.dims) - 1

    def loss(self, X, y=None):
        """Scores (N, C) if ``y`` is None, else ``(loss, grads)`` with grads like params."""
        fwd, bwd = layers.ACTIVATIONS[self.activation]
        caches = []
        out = np.asarray(X, dtype=float)
        for i in range(1, self.num_layers):
            a, fc = layers.affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            out, ac = fwd(a)
            caches.append((fc, ac))
        L = self.num_layers
        scores, fc_last = layers.affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])
        if y is None:
            return scores
        loss, dscores = layers.softmax_loss(scores, y)
        grads = {}
        dout, grads[f"W{L}"], grads[f"b{L}"] = layers.affine_backward(dscores, fc_last)
        for i in range(L - 1, 0, -1):
            fc, ac = caches[i - 1]
            dout, grads[f"W{i}"], grads[f"b{i}"] = layers.affine_backward(bwd(dout, ac), fc)
        if self.reg:
            for i in range(1, L + 1):
                W = self.params[f"W{i}"]
                loss += 0.5 * self.reg * float(np.sum(W * W))
                grads[f"W{i}"] = grads[f"W{i}"] + self.reg * W
        return float(loss), grads

    def predict(self, X, batch_size: int = PREDICT_BATCH):
        X = np.asarray(X, dtype=float)
        return np.concatenate([np.argmax(self.loss(X[i:i + batch_size]), axis=1)
                               for i in range(0, X.shape[0], batch_size)]) if len(X) else np.zeros(0, int)


def accuracy(model: MLP, X, y) -> float:
    y = np.asarray(y)
    return float(np.mean(model.predict(X) == y)) if len(y) else float("nan")


@dataclass
class TrainHistory:
    epochs: list = field(default_factory=list)
    loss: list = field(default_factory=list)       # mean minibatch loss of the epoch
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)   # loss on the validation set (no L2 term)
    steps: int = 0                                  # parameter updates made (minibatches seen)

    def rows(self):
        return list(zip(self.epochs, self.loss, self.train_acc, self.val_acc))


def train_classifier(model: MLP, data: dict, epochs: int = 10, batch_size: int = 100,
                     learning_rate: float = 1e-3, update_rule: str = "adam",
                     seed: Optional[int] = None,
                     progress: Optional[Callable[[int, float, float, float], None]] = None
                     ) -> TrainHistory:
    """Minibatch training on ``data["X_train"], data["y_train"]``; after every epoch the
    accuracies on the training set and on ``data["X_val"], data["y_val"]`` are recorded
    (and passed to ``progress(epoch, loss, train_acc, val_acc)``)."""
    if update_rule not in optim.RULES:
        raise ValueError(f"unknown update rule '{update_rule}'")
    rule = optim.RULES[update_rule]
    X, y = np.asarray(data["X_train"], dtype=float), np.asarray(data["y_train"])
    n = X.shape[0]
    batch_size = max(1, min(int(batch_size), n))
    configs = {k: {"learning_rate": float(learning_rate)} for k in model.params}
    rng = np.random.default_rng(seed)
    hist = TrainHistory()
    for epoch in range(1, int(epochs) + 1):
        order = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            loss, grads = model.loss(X[idx], y[idx])
            losses.append(loss)
            for k in model.params:
                model.params[k], configs[k] = rule(model.params[k], grads[k], configs[k])
            hist.steps += 1
        tr = accuracy(model, X, y)
        va, val_loss = _validation(model, data)
        hist.epochs.append(epoch)
        hist.loss.append(float(np.mean(losses)))
        hist.train_acc.append(tr)
        hist.val_acc.append(va)
        hist.val_loss.append(val_loss)
        if progress is not None:
            progress(epoch, hist.loss[-1], tr, va)
    return hist


def _validation(model: MLP, data: dict) -> tuple:
    """(accuracy, loss) on the validation set. Up to :data:`PREDICT_BATCH` rows the scores
    ``predict`` computes are those of ``model.loss(X_val)`` (the same forward pass on the
    same array), so one pass gives both, bit for bit; larger sets take both passes."""
    Xv = np.asarray(data["X_val"], dtype=float)
    if not 0 < len(Xv) <= PREDICT_BATCH:
        return accuracy(model, data["X_val"], data["y_val"]), \
            layers.softmax_loss(model.loss(data["X_val"]), data["y_val"])[0]
    scores = model.loss(Xv)
    va = float(np.mean(np.argmax(scores, axis=1) == np.asarray(data["y_val"])))
    return va, layers.softmax_loss(scores, data["y_val"])[0]
