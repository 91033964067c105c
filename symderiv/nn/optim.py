"""First-order update rules (exercise 001, Aufgabe 11), with the course's interface.

Each rule is ``rule(w, dw, config=None) -> (next_w, config)``: ``w`` the parameters,
``dw`` the gradient of the loss with respect to ``w`` (same shape), ``config`` a dict of
hyperparameters and state that the caller passes back on the next step.  The keys and
defaults are those of the course code (CS231n's ``optim.py``):

=============  ==========================================================================
rule           config keys (default)
=============  ==========================================================================
sgd            learning_rate (1e-2)
sgd_momentum   learning_rate (1e-2), momentum (0.9), velocity (zeros)
rmsprop        learning_rate (1e-2), decay_rate (0.99), epsilon (1e-8), cache (zeros)
adam           learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8),
               m (zeros), v (zeros), t (0)
=============  ==========================================================================

:func:`adam` is Algorithm 1 of Kingma & Ba (2015) exactly: the step counter ``t`` is
incremented *before* the moments are updated, and both moment estimates are
bias-corrected with ``1 - beta^t`` of the new ``t``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["sgd", "sgd_momentum", "rmsprop", "adam", "RULES"]


def _config(config):
    return {} if config is None else config


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: ``w - learning_rate * dw``."""
    config = _config(config)
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return next_w, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum: ``v = momentum v - learning_rate dw``; ``w + v``."""
    config = _config(config)
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity")
    if v is None:
        v = np.zeros_like(w, dtype=float)
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config


def rmsprop(w, dw, config=None):
    """RMSProp: a moving average of squared gradients scales each parameter's step.

    ``cache = decay_rate cache + (1 - decay_rate) dw^2``;
    ``w - learning_rate dw / (sqrt(cache) + epsilon)``.
    """
    config = _config(config)
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache")
    if cache is None:
        cache = np.zeros_like(w, dtype=float)
    cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None):
    """Adam (Kingma & Ba 2015, Algorithm 1).

    ``t <- t + 1``; ``m = beta1 m + (1 - beta1) g``; ``v = beta2 v + (1 - beta2) g^2``;
    ``m_hat = m / (1 - beta1^t)``; ``v_hat = v / (1 - beta2^t)``;
    ``w - learning_rate m_hat / (sqrt(v_hat) + epsilon)``.
    """
    config = _config(config)
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    m = config.get("m")
    v = config.get("v")
    if m is None:
        m = np.zeros_like(w, dtype=float)
    if v is None:
        v = np.zeros_like(w, dtype=float)
    t = config.get("t", 0) + 1
    b1, b2 = config["beta1"], config["beta2"]
    m = b1 * m + (1 - b1) * dw
    v = b2 * v + (1 - b2) * dw**2
    m_hat = m / (1 - b1**t)
    v_hat = v / (1 - b2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["m"], config["v"], config["t"] = m, v, t
    return next_w, config


#: name -> update rule (for ``symderiv train --optimizer``).
RULES = {"sgd": sgd, "sgd_momentum": sgd_momentum, "rmsprop": rmsprop, "adam": adam}
