"""The checks of 001 Aufgabe 12: each derived result against an independent computation
(NumPy's matrix from the adjacency, numpy.linalg.eigvals and eig, NumPy matrix powers, random
vectors with entry sum 0 for the 1-norm contraction)."""
from __future__ import annotations

import numpy as np

from symderiv.problems.hyperlink import maths as M


def _compare(*args, **kw):
    from symderiv.verify import compare
    return compare(*args, **kw)


def h_matrix(m: M.Maths):
    return _compare(np.array(m.H.tolist(), dtype=float), m.Hf, "numpy", 1e-15)


def row_sums(m: M.Maths):
    return _compare([float(sum(m.H.row(i))) for i in range(m.n)], [1.0] * m.n, "summation", 1e-15)


def _match(exact: list, numeric) -> tuple[list, list]:
    """Pair every numeric eigenvalue with the nearest unused exact one (greedy)."""
    left = list(exact)
    a, b = [], []
    for z in sorted(numeric, key=lambda z: (-abs(z), np.angle(z))):
        k = int(np.argmin([abs(z - w) for w in left]))
        w = left.pop(k)
        a += [w.real, w.imag]
        b += [z.real, z.imag]
    return a, b


def eigenvalues(m: M.Maths, tol: float):
    spec = m.spec
    a, b = _match([e.approx for e in spec.eigenvalues for _ in range(e.multiplicity)], spec.numeric)
    return _compare(a, b, "numpy", tol)


def unit_count(m: M.Maths):
    return _compare(m.spec.unit_count, m.spec.numeric_unit_count, "numpy", 0.0)


def iterates(m: M.Maths):
    A, e0 = m.Hf.T, np.eye(m.n)[m.start - 1]
    its = m.orbit.iterates
    return _compare(np.array([[float(x) for x in v] for v in its]),
                    np.array([np.linalg.matrix_power(A, k) @ e0 for k in range(len(its))]), "numpy", 1e-12)


def period(m: M.Maths, k0: int):
    A, e0 = m.Hf.T, np.eye(m.n)[m.start - 1]
    base = np.linalg.matrix_power(A, k0) @ e0
    return _compare(np.linalg.matrix_power(A, m.orbit.period) @ base, base, "numpy", 1e-9)


def _zero_sum(m: M.Maths, count: int = 200) -> np.ndarray:
    X = np.random.default_rng(m.seed).normal(size=(m.n, count))
    return X - X.mean(axis=0)


def rank_one(m: M.Maths):
    """G^T x = alpha H^T x for vectors x with entry sum 0."""
    Gf, X = np.array(m.G.evalf(), dtype=float), _zero_sum(m)
    return _compare(Gf.T @ X, float(m.alpha) * m.Hf.T @ X, "numpy", 1e-12)


def contraction(m: M.Maths):
    """The 1-norm contraction ||H^T x||_1 <= ||x||_1 for x with entry sum 0 (the columns of
    H^T are nonnegative and sum to 1): the largest ratio over 200 random x is at most 1."""
    X = _zero_sum(m)
    ratio = float(np.max(np.abs(m.Hf.T @ X).sum(axis=0) / np.abs(X).sum(axis=0)))
    return _compare(ratio, min(ratio, 1.0 + 1e-12), "inequality", 0.0)


def stationary_eig(m: M.Maths):
    Gf = float(m.alpha) * m.Hf + (1 - float(m.alpha)) / m.n
    w, V = np.linalg.eig(Gf.T)
    vec = np.real(V[:, int(np.argmin(np.abs(w - 1)))])
    return _compare([float(x) for x in m.station], vec / vec.sum(), "eig", 1e-10)


def power_limit(m: M.Maths):
    return _compare(m.run.vector, [float(x) for x in m.station], "power iteration", 1e-10)


def bound(m: M.Maths):
    """||pi^k - pi||_1 <= alpha^k ||pi^0 - pi||_1 at every step (rounding slack 1e-13)."""
    errs, bnd = M.errors_and_bound(m)
    return _compare(errs, np.minimum(errs, bnd + 1e-13), "inequality", 1e-12)


def attained(m: M.Maths, upto: int = 60):
    """The bound against the iteration over the first steps: equal (the text says so) or not."""
    errs, bnd = M.errors_and_bound(m)
    k = min(upto, len(errs))
    return _compare(errs[:k], bnd[:k], "numpy", 1e-9)
