"""The code a student writes for the second bullet of 001 Aufgabe 11: Adam in ``optim.py``
(the course's interface ``adam(w, dw, config) -> (next_w, config)``), NumPy only. The model
solution lists this function as it is; the checks run it against the course's expected
values and against a second implementation."""
import numpy as np


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros(w.shape))
    config.setdefault("v", np.zeros(w.shape))
    config.setdefault("t", 0)

    b1, b2 = config["beta1"], config["beta2"]
    config["t"] += 1
    config["m"] = b1 * config["m"] + (1 - b1) * dw
    config["v"] = b2 * config["v"] + (1 - b2) * dw**2
    m_hat = config["m"] / (1 - b1 ** config["t"])
    v_hat = config["v"] / (1 - b2 ** config["t"])
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return next_w, config
