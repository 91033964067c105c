"""The checks of 001 Aufgabe 11: each result against an independent computation (returning
a VerificationRecord; no sentences)."""
from __future__ import annotations

import math
import os
import pickle
import tempfile

import numpy as np

from symderiv.problems.overfitting import bias as A
from symderiv.problems.overfitting.maths import EPS, Maths, example_gradient


def _compare(derived, independent, method: str, tolerance=None):
    from symderiv.verify import compare
    return compare(derived, independent, method, tolerance)


def holds(claim: bool, measured: bool):
    """A statement of the text (``claim``) against what the numbers say (``measured``)."""
    return _compare(float(claim), float(measured), "evaluation", 0.0)


# ---------------------------------------------------------------- Teil 1 and Teil 3

def layer_gradient(m: Maths):
    """The modular layers' gradient (affine, ReLU, softmax cross-entropy, L2) against
    central differences, on a small network and 16 images of the data."""
    from symderiv.nn.model import MLP
    from symderiv.verify import check_gradient
    small = MLP(64, [12], 10, activation="relu", reg=1e-3, seed=m.seed)
    Xb, yb = m.data["X_train"][:16], m.data["y_train"][:16]

    def f(p):
        small.params = p
        return small.loss(Xb, yb)[0]

    def g(p):
        small.params = p
        return small.loss(Xb, yb)[1]
    return check_gradient(f, g, {k: v.copy() for k, v in small.params.items()}, method="central", seed=m.seed)


def counts(m: Maths, count: int, updates: int):
    """The answers (parameter count, number of Adam updates) against the entries of the
    trained model's arrays and the updates counted during training."""
    return _compare([float(count), float(updates)],
                    [float(sum(v.size for v in m.main.model.params.values())), float(m.main.history.steps)],
                    "counter", 0.0)


def best_by_validation(runs: list, chosen):
    """The chosen setting's validation accuracy against the largest one of all settings."""
    return _compare(chosen.val_acc, max(r.val_acc for r in runs), "enumeration", 0.0)


def accuracy_se(p: float, n: int) -> float:
    """Standard error of an accuracy p measured on n images (binomial)."""
    return math.sqrt(max(p * (1 - p), 1e-12) / n)


def cifar_loader():
    """The CIFAR-10 loader on files in CIFAR-10's own format (python pickles with b'data':
    uint8 rows of 3072 values, the red, green and blue planes of 32 x 32 pixels one after
    the other, and b'labels'), written here: 5 training batches of 4 images and a test
    batch of 3; image i has red i, green i + 70 and blue i + 140 in every pixel. Compared:
    the counts, the labels, and the first pixel's three channels (features 1 to 3)."""
    from symderiv.nn.data import get_cifar10_data
    with tempfile.TemporaryDirectory(prefix="symderiv-cifar-") as d:
        for b in range(1, 7):
            ids = np.array([10 * b + i for i in range(4 if b < 6 else 3)])
            planes = [np.repeat((ids + off)[:, None], 1024, axis=1) for off in (0, 70, 140)]
            name = f"data_batch_{b}" if b < 6 else "test_batch"
            with open(os.path.join(d, name), "wb") as fh:
                pickle.dump({b"data": np.concatenate(planes, axis=1).astype(np.uint8),
                             b"labels": [int(i) % 10 for i in ids]}, fh)
        got = get_cifar10_data(d, num_training=16, num_validation=4, subtract_mean=False)
    ids = np.array([10 * b + i for b in range(1, 6) for i in range(4)], dtype=float)
    derived = [got["X_train"].shape[1], len(got["y_train"]), len(got["y_val"]), len(got["y_test"]),
               *got["y_train"].tolist(), *got["y_val"].tolist(), *got["X_train"][:, :3].ravel().tolist(),
               *got["X_test"][:, :3].ravel().tolist()]
    independent = [3072, 16, 4, 3, *(ids % 10).tolist(), *[[v + o for o in (0, 70, 140)] for v in ids[:16]],
                   *[[v + o for o in (0, 70, 140)] for v in (60.0, 61.0, 62.0)]]
    independent = independent[:24] + [x for row in independent[24:] for x in row]
    return _compare(np.array(derived, float), np.array(independent, float), "evaluation", 1e-12)


# ---------------------------------------------------------------- Teil 2

def student_course_values(student_adam):
    """The student's Adam against the course's expected values (test_optim.py)."""
    from symderiv.nn.course_values import ADAM_EXPECTED, adam_input
    w, dw, cfg = adam_input()
    next_w, cfg = student_adam(w, dw, cfg)
    ours = np.concatenate([next_w.ravel(), cfg["m"].ravel(), cfg["v"].ravel()])
    theirs = np.concatenate([np.ravel(ADAM_EXPECTED[k]) for k in ("next_w", "m", "v")])
    return _compare(ours, theirs, "course values", 1e-6)


def student_vs_trace(m: Maths, student_adam, steps: int = 50):
    """The student's Adam (NumPy arrays) against Algorithm 1 written out with Python floats,
    one coordinate at a time, ``steps`` steps of the worked example: parameters, m, v."""
    a = m.adam
    cfg = {"learning_rate": a["lr"], "beta1": a["b1"], "beta2": a["b2"], "epsilon": EPS}
    w = np.array([1.0, 1.0])
    got = []
    for _ in range(steps):
        w, cfg = student_adam(w, np.array(example_gradient(list(w))), cfg)
        got.append(np.concatenate([w, cfg["m"], cfg["v"]]))
    ref = A.adam_trace([1.0, 1.0], example_gradient, steps, lr=a["lr"], b1=a["b1"], b2=a["b2"], eps=EPS)
    return _compare(np.concatenate(got), np.concatenate([np.array(s.theta + s.m + s.v) for s in ref]),
                    "second implementation", 1e-12)


def package_vs_student(m: Maths, student_adam, steps: int = 50):
    """symderiv's own optimizer (which trained the networks of Teil 1 and 3) against the
    student's code on the worked example."""
    from symderiv.nn import optim
    a = m.adam
    out = []
    for rule in (optim.adam, student_adam):
        cfg = {"learning_rate": a["lr"], "beta1": a["b1"], "beta2": a["b2"], "epsilon": EPS}
        w = np.array([1.0, 1.0])
        for _ in range(steps):
            w, cfg = rule(w, np.array(example_gradient(list(w))), cfg)
        out.append(np.concatenate([w, cfg["m"], cfg["v"]]))
    return _compare(out[0], out[1], "second implementation", 1e-12)


def same_steps(m: Maths):
    """Both coordinates of the worked example take the same steps (the claim of the text):
    theta_2 against theta_1 over the steps shown."""
    tr = m.adam["trace"]
    return _compare([s.theta[1] for s in tr], [s.theta[0] for s in tr], "evaluation", 1e-6)


def first_step(m: Maths):
    """The first step of the trace against theta_0 - alpha g_1 / (|g_1| + epsilon)."""
    s1, lr = m.adam["trace"][0], m.adam["lr"]
    hand = [1.0 - lr * g / (abs(g) + EPS) for g in s1.g]
    return _compare(s1.theta, hand, "formula", 1e-14)


def exact_steps(lr, b1, b2, steps: int = 2) -> list:
    """Algorithm 1 on the first coordinate (f = theta^2 from 1) in exact arithmetic
    (SymPy rationals of the decimals a student reads; roots to 30 digits)."""
    import sympy as sp
    q = lambda v: sp.Rational(str(v))  # noqa: E731
    lr_, b1_, b2_, eps = q(lr), q(b1), q(b2), sp.Rational(1, 10 ** 8)
    th, mm, vv = sp.Integer(1), sp.Integer(0), sp.Integer(0)
    out = []
    for t in range(1, steps + 1):
        g = 2 * th
        mm = b1_ * mm + (1 - b1_) * g
        vv = b2_ * vv + (1 - b2_) * g ** 2
        mh, vh = mm / (1 - b1_ ** t), vv / (1 - b2_ ** t)
        th = th - lr_ * mh / (sp.sqrt(vh) + eps)
        out.append(tuple(float(sp.N(e, 30)) for e in (mh, vh, th)))
    return out


def example_answers(m: Maths):
    a = m.adam
    return _compare([a["mhat2"], a["vhat2"], a["theta2"]], list(exact_steps(a["lr"], a["b1"], a["b2"])[1]),
                    "exact", 1e-12)


def bias_answers(m: Maths):
    """E[m_3], E[v_2] by the recursion of the means; the ratio by one step of Algorithm 1
    with and without the correction (first gradient 1, epsilon = 0)."""
    a = m.adam
    b1, b2, gm, gs = a["b1"], a["b2"], a["gm"], a["gs"]
    mm = vv = 0.0
    ms, vs = [], []
    for _ in range(3):
        mm = b1 * mm + (1 - b1) * gm
        vv = b2 * vv + (1 - b2) * (gm ** 2 + gs ** 2)
        ms.append(mm)
        vs.append(vv)
    m1, v1 = 1 - b1, 1 - b2
    ratio = (m1 / math.sqrt(v1)) / ((m1 / (1 - b1)) / math.sqrt(v1 / (1 - b2)))
    return _compare([a["m3"], a["v2"], a["ratio"]], [ms[2], vs[1], ratio], "recursion", 1e-12)


def series(first, b1: float, tmax: int = 50):
    """SymPy's sum of the geometric series against the explicit sum, t = 1..tmax."""
    got = [float(first.series_value.subs({A.beta1: b1, A.t: tt})) for tt in range(1, tmax + 1)]
    explicit = [sum(b1 ** (tt - kk) for kk in range(1, tt + 1)) for tt in range(1, tmax + 1)]
    return _compare(got, explicit, "summation", 1e-12)


def closed_forms(first, second, a: dict, tmax: int = 50):
    """The closed forms of E[m_t], E[v_t] against the recursion of the means, t = 1..tmax."""
    b1, b2, gm, g2 = a["b1"], a["b2"], a["gm"], a["gm"] ** 2 + a["gs"] ** 2
    mr = vr = 0.0
    rec, closed = [], []
    for tt in range(1, tmax + 1):
        mr, vr = b1 * mr + (1 - b1) * gm, b2 * vr + (1 - b2) * g2
        rec += [mr, vr]
        closed += [float(first.expectation.subs({A.beta1: b1, A.t: tt, first.mean: gm})),
                   float(second.expectation.subs({A.beta2: b2, A.t: tt, second.mean: g2}))]
    return _compare(closed, rec, "recursion", 1e-12)


def unrolled(first):
    """The unrolled sums for t = 1..6 (SymPy, expanded) against the closed form of the mean:
    every coefficient of g_k is (1 - beta_1) beta_1^(t-k), and the mean is (1 - beta_1^t) g."""
    import sympy as sp
    xs = sp.symbols(f"x_1:{len(first.unrolled_checks) + 1}")
    good = [bool(ok) and all(sp.expand(mt.coeff(xs[i - 1]) - (1 - A.beta1) * A.beta1 ** (tt - i)) == 0
                             for i in range(1, tt + 1)) for tt, mt, ok in first.unrolled_checks]
    return _compare([float(g) for g in good], [1.0] * len(good), "sympy", 0.0)


def monte_carlo(mean, pred, se, runs: int, nse: float = 4.5):
    """The simulated means against the prediction at every step t, each within ``nse``
    standard errors. The record shows the step with the largest relative error
    (|a - b| / max(|a|, |b|)), with that step's own tolerance; it passes when every step
    lies within its tolerance."""
    mean = np.asarray(mean, dtype=float)
    pred = np.broadcast_to(np.asarray(pred, dtype=float), mean.shape)
    se = np.asarray(se, dtype=float)
    denom = np.maximum(np.abs(mean), np.abs(pred))
    rel = np.abs(mean - pred) / denom
    tol = nse * se / denom
    worst = int(np.argmax(rel))
    rec = _compare(mean[worst], pred[worst], "monte carlo", float(tol[worst]))
    rec.points = int(mean.size)
    rec.passed = bool(np.all(rel <= tol))
    return rec, worst + 1
