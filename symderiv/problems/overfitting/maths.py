"""The maths of 001 Aufgabe 11, as data (no prose).

Teil 1 and Teil 3 need CIFAR-10, which is not on this machine: the runs here use
scikit-learn's bundled 8x8 digits (every number they give is a digits number); the CIFAR-10
commands are in the messages. Teil 2: Adam, the bias correction derived with SymPy
(:mod:`.bias`), a Monte Carlo simulation of the moments, and one coordinate of a worked
example step by step.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from symderiv.problems import ProblemError
from symderiv.problems.overfitting import bias as A

#: the sweep of Teil 1: hidden activation x initial weight scale (None: Glorot), short runs
SWEEP_SCALES = (1e-3, 1e-2, 1e-1, 1.0, None)
SWEEP_EPOCHS = 10
#: the learning rates tried for the best setting of the sweep
SWEEP_RATES = (1e-3, 1e-2, 1e-1)
#: the digits runs: Adam's learning rate, minibatch size, validation images
LR, BATCH, NUM_VAL = 1e-2, 25, 500
#: the sheet's targets: >= 60 % training accuracy (first bullet), >= 40 % test accuracy (third)
TARGET_TRAIN, TARGET_TEST = 0.6, 0.4
#: Teil 3 on the digits: training images, epochs, minibatch, the architectures compared
CHALLENGE_TRAIN, CHALLENGE_EPOCHS, CHALLENGE_BATCH, CHALLENGE_LR = 800, 15, 100, 3e-3
ARCHITECTURES = (("sigmoid", (100,)), ("relu", (100,)), ("relu", (100, 50)))
#: Teil 2: the simulation (runs, steps) and the worked example f = 1 theta_1^2 + 10 theta_2^2
RUNS, STEPS, EXAMPLE_SCALES, EPS = 20000, 10, (1, 10), 1e-8


@dataclass
class Run:
    activation: str
    hidden: tuple
    scale: Any          # weight scale (None: Glorot)
    lr: float
    history: Any
    model: Any

    @property
    def train_acc(self) -> float:
        return float(self.history.train_acc[-1])

    @property
    def val_acc(self) -> float:
        return float(self.history.val_acc[-1])


@dataclass
class Maths:
    params: dict
    seed: int
    data: dict
    sweep: list          # Run per activation x scale
    rates: list          # Run per learning rate, for the best setting of the sweep
    main: Run            # the long run whose curves show overfitting
    test_acc: float
    linear: Run          # softmax regression, for the explanation of the worst setting
    spread0: float       # std over the training images of the worst setting's hidden outputs, at the start
    challenge: list      # Run per architecture (Teil 3)
    challenge_data: dict
    challenge_test: float
    adam: dict           # Teil 2


def _digits(n_tr: int, seed: int) -> dict:
    from symderiv.nn.data import DataError, load_digits_data
    try:
        return load_digits_data(n_tr, NUM_VAL, seed=seed)
    except DataError as exc:
        raise ProblemError(str(exc)) from None


def train(data: dict, activation: str, hidden, scale, lr: float, epochs: int, batch: int, seed: int) -> Run:
    from symderiv.nn.model import MLP, train_classifier
    model = MLP(data["X_train"].shape[1], list(hidden), 10, activation=activation, weight_scale=scale, seed=seed)
    h = train_classifier(model, data, epochs=epochs, batch_size=batch, learning_rate=lr, seed=seed)
    return Run(activation, tuple(hidden), scale, lr, h, model)


def best(runs: list) -> Run:
    """The setting with the largest validation accuracy (ties: the earlier one)."""
    return max(runs, key=lambda r: r.val_acc)


def hidden_spread(data: dict, run: Run, seed: int) -> float:
    """Standard deviation over the training images of the hidden outputs of ``run``'s
    setting at the start (fresh weights, same seed), averaged over the hidden neurons."""
    from symderiv.nn import layers
    from symderiv.nn.model import MLP
    model = MLP(data["X_train"].shape[1], list(run.hidden), 10, activation=run.activation,
                weight_scale=run.scale, seed=seed)
    z = data["X_train"] @ model.params["W1"] + model.params["b1"]
    a, _ = layers.ACTIVATIONS[run.activation][0](z)
    return float(np.mean(np.std(a, axis=0)))


def check_params(p: dict) -> None:
    if not 10 <= p["num_training"] <= 1000:
        raise ProblemError("num_training must lie between 10 and 1000")
    if not 2 <= p["epochs"] <= 300:
        raise ProblemError("epochs must lie between 2 and 300")
    if not 1 <= p["hidden"] <= 1000:
        raise ProblemError("hidden must lie between 1 and 1000")
    if not (0 < p["beta1"] < 1 and 0 < p["beta2"] < 1):
        raise ProblemError("beta1 and beta2 must lie strictly between 0 and 1")
    if not 0 < p["learning_rate"] <= 10:
        raise ProblemError("learning_rate must lie in (0, 10]")
    if not (p["g_std"] > 0 and abs(p["g_mean"]) < 1e6 and p["g_std"] < 1e6):
        raise ProblemError("g_std must be positive and g_mean, g_std moderate")


def _one_thread():
    """BLAS on one thread: these matrices are small, and threads only contend."""
    import contextlib
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def prepare(params: dict, seed: int) -> Maths:
    check_params(params)
    with _one_thread():
        return _prepare(params, seed)


def _prepare(params: dict, seed: int) -> Maths:
    n_tr, hidden, epochs = int(params["num_training"]), int(params["hidden"]), int(params["epochs"])
    data = _digits(n_tr, seed)
    sweep = [train(data, act, (hidden,), s, LR, SWEEP_EPOCHS, BATCH, seed)
             for act in ("sigmoid", "relu") for s in SWEEP_SCALES]
    top = best(sweep)
    rates = [train(data, top.activation, top.hidden, top.scale, lr, SWEEP_EPOCHS, BATCH, seed) for lr in SWEEP_RATES]
    main = train(data, "relu", (hidden,), None, LR, epochs, BATCH, seed)
    from symderiv.nn.model import accuracy
    test_acc = accuracy(main.model, data["X_test"], data["y_test"])
    worst = min(sweep, key=lambda r: r.train_acc)
    linear = train(data, "relu", (), None, LR, SWEEP_EPOCHS, BATCH, seed)
    cdata = _digits(CHALLENGE_TRAIN, seed)
    challenge = [train(cdata, act, hid, None, CHALLENGE_LR, CHALLENGE_EPOCHS, CHALLENGE_BATCH, seed)
                 for act, hid in ARCHITECTURES]
    chosen = best(challenge)
    ctest = accuracy(chosen.model, cdata["X_test"], cdata["y_test"])
    return Maths(params, seed, data, sweep, rates, main, test_acc, linear, hidden_spread(data, worst, seed),
                 challenge, cdata, ctest, adam_maths(params, seed))


# --------------------------------------------------------------------------------------
# Teil 2: Adam
# --------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def derivation():
    """Both moments' derivation (SymPy; the same for every variant)."""
    return A.derive()


def example_gradient(theta: list) -> list:
    """The gradient of f = 1 theta_1^2 + 10 theta_2^2."""
    return [2.0 * EXAMPLE_SCALES[0] * theta[0], 2.0 * EXAMPLE_SCALES[1] * theta[1]]


def adam_maths(params: dict, seed: int) -> dict:
    b1, b2, lr = float(params["beta1"]), float(params["beta2"]), float(params["learning_rate"])
    gm, gs = float(params["g_mean"]), float(params["g_std"])
    trace = A.adam_trace([1.0, 1.0], example_gradient, 6, lr=lr, b1=b1, b2=b2, eps=EPS)
    s2 = trace[1]
    return {
        "b1": b1, "b2": b2, "lr": lr, "gm": gm, "gs": gs,
        "sim": A.simulate(gm, gs, b1, b2, STEPS, RUNS, seed),
        "trace": trace,
        "m3": (1 - b1 ** 3) * gm,
        "v2": (1 - b2 ** 2) * (gm ** 2 + gs ** 2),
        "ratio": (1 - b1) / math.sqrt(1 - b2),
        "mhat2": s2.mhat[0], "vhat2": s2.vhat[0], "theta2": s2.theta[0],
    }
