"""The questions of ``layer-partials`` on an exercise sheet: concrete partial derivatives.

For the sizes n, m of the variant a point (W, x, b, a) with small decimal entries is drawn
from a generator seeded with (n, m, numbers) - the same parameters give the same numbers on
every machine - and kept only if every component F_i = [W x + b]_i is at least 1/2 away from 0
(the ReLU kink). The student evaluates four partial derivatives there:

* (b) dF_1/dW_1n = x_n,
* (d) d ReLU(F_1)/dx_n = W_1n H(F_1),
* (e) d sigmoid(F_1)/dx_1 = sigmoid(F_1) (1 - sigmoid(F_1)) W_11,
* (f) dg/dx_1 = sum_i a_i W_i1 H(F_i).

The values come from these formulas (NumPy); the check row compares them with central
differences of the written-out functions (a second method).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Step, T

#: entries of the question point
W_VALUES = (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)
X_VALUES = (-1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)
B_VALUES = (-1.0, -0.5, 0.0, 0.5, 1.0)
A_VALUES = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)
#: the smallest |F_i| allowed at the question point
MARGIN = 0.5


def question_point(n: int, m: int, numbers: int = 1) -> dict:
    """(W, x, b, a) as NumPy arrays, every |[W x + b]_i| >= MARGIN (deterministic in n, m and
    the number of the set of numbers)."""
    rng = np.random.default_rng([n, m, numbers, 2002])
    for _ in range(10_000):
        W = rng.choice(W_VALUES, size=(m, n))
        x = rng.choice(X_VALUES, size=n)
        b = rng.choice(B_VALUES, size=m)
        a = rng.choice(A_VALUES, size=m)
        F = W @ x + b
        if np.all(np.abs(F) >= MARGIN):
            return {"W": W, "x": x, "b": b, "a": a, "F": F}
    raise RuntimeError(f"no question point for n={n}, m={m}")  # pragma: no cover - never for 1..6


def _num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v))


def _sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def given_step(pt: dict) -> Step:
    """The point as given data (shown on the exercise sheet)."""
    W, x, b, a = (pt[k] for k in "Wxba")
    mat = lambda arr: sp.Matrix(arr.shape[0], arr.shape[1] if arr.ndim == 2 else 1,  # noqa: E731
                                [_num(v) for v in arr.ravel()])
    return Step(T("For the numerical questions the sizes are {n} and {m}, and the point is",
                  "Für die Zahlenfragen sind die Größen {n} und {m}, und der Punkt ist",
                  n=sp.Eq(sp.Symbol("n"), W.shape[1]), m=sp.Eq(sp.Symbol("m"), W.shape[0])),
                [Equation(sp.Symbol("W"), [mat(W)]), Equation(sp.Symbol("x"), [mat(x)]),
                 Equation(sp.Symbol("b"), [mat(b)]), Equation(sp.Symbol("a"), [mat(a)])])


def values(pt: dict) -> list[float]:
    """The four answers by the formulas of parts (b), (d), (e), (f)."""
    W, x, a, F = pt["W"], pt["x"], pt["a"], pt["F"]
    n = len(x)
    H = (F > 0).astype(float)
    s1 = _sigmoid(F[0])
    return [float(x[n - 1]), float(W[0, n - 1] * H[0]), float(s1 * (1 - s1) * W[0, 0]),
            float(np.sum(a * W[:, 0] * H))]


def numeric_values(pt: dict, h: float = 1e-6) -> list[float]:
    """The same four derivatives by central differences of the written-out functions."""
    W, x, b, a = (np.array(pt[k], dtype=float) for k in "Wxba")
    n = len(x)

    def F1(W_, x_):
        return float(W_[0] @ x_ + b[0])

    def g(x_):
        return float(a @ np.maximum(W @ x_ + b, 0.0))

    def dx(fun, j):
        e = np.zeros(n)
        e[j] = h
        return (fun(x + e) - fun(x - e)) / (2 * h)

    E = np.zeros_like(W)
    E[0, n - 1] = h
    return [(F1(W + E, x) - F1(W - E, x)) / (2 * h),
            dx(lambda x_: max(F1(W, x_), 0.0), n - 1),
            dx(lambda x_: float(_sigmoid(F1(W, x_))), 0),
            dx(g, 0)]


def answers_and_check(pt: dict, F_, W_, X_, B_, A_, relu, sigmoid) -> tuple[list, Check]:
    """The Answer objects (tasks 2, 4, 5, 6) and their check row."""
    from symderiv import verify
    from symderiv.documents.answers import Answer
    n = len(pt["x"])
    vals = values(pt)
    F1 = F_[1]
    g = sp.Symbol("g")
    exact = {"abs": 1e-9, "rel": 1e-9}
    tol = {"abs": 1e-4, "rel": 1e-3}
    out = [
        Answer(T("(b) at the given point", "(b) im gegebenen Punkt"), vals[0], notation.partial(F1, W_[1, n]), task=2, tolerance=exact),
        Answer(T("(d) at the given point", "(d) im gegebenen Punkt"), vals[1],
               notation.partial(relu(F1), X_[n]), task=4, tolerance=exact),
        Answer(T("(e) at the given point", "(e) im gegebenen Punkt"), vals[2],
               notation.partial(sigmoid(F1), X_[1]), task=5, tolerance=tol),
        Answer(T("(f) at the given point", "(f) im gegebenen Punkt"), vals[3],
               notation.partial(g, X_[1]), task=6, tolerance=exact),
    ]
    check = Check(T("the answers at the given point (formulas of (b), (d), (e), (f)) vs. central differences "
                    "of the written-out functions",
                    "die Antworten im gegebenen Punkt (Formeln aus (b), (d), (e), (f)) gegen zentrale "
                    "Differenzen der ausgeschriebenen Funktionen"),
                  verify.compare(vals, numeric_values(pt), "central"))
    return out, check
