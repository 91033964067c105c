"""The maths of sheet 002, Aufgabe 1, as data (no prose).

f(x, W, b) = W x + b (x in R^n, W in R^{m x n}, b in R^m), g(x, a, W, b) = a^T ReLU(W x + b),
F_i = [W x + b]_i. SymPy differentiates the index form (``Sum`` over ``Indexed`` symbols),
which yields the Kronecker deltas; the Heaviside step appears for ReLU. Every general formula
is specialised to the variant's sizes n, m (``Concrete``) for the checks.

The numerical questions are asked at a point (W, x, b, a) with decimal entries drawn from a
generator seeded with (n, m, numbers), kept only if every |F_i| >= 1/2 (away from the ReLU
kink). The checks use a second point, ``kink_point``, with F_1 = 0 exactly.
"""
from __future__ import annotations

from typing import Any

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import sympy as sp

from symderiv.language.table import relu, sigmoid  # the table gives the functions their derivatives
from symderiv.problems import ProblemError

I_, J_, K_ = sp.symbols("i j k", integer=True, positive=True)
N_, M_ = sp.symbols("n m", integer=True, positive=True)
W_, X_, B_, A_, F_ = (sp.IndexedBase(c) for c in "WxbaF")

#: entries of the question point (grids fine enough that the variants' answers differ)
W_VALUES = tuple(round(v, 2) for v in np.arange(-3.0, 3.001, 0.05) if abs(v) > 1e-9)
X_VALUES = tuple(round(v, 2) for v in np.arange(-2.0, 2.01, 0.25) if abs(v) > 1e-9)
B_VALUES = tuple(round(v, 2) for v in np.arange(-1.0, 1.01, 0.25))
A_VALUES = tuple(round(v, 2) for v in np.arange(-2.0, 2.01, 0.5) if abs(v) > 1e-9)
#: the smallest |F_i| allowed at the question point
MARGIN = 0.5


def inner(i):
    """[W x + b]_i in index form."""
    return sp.Sum(W_[i, K_] * X_[K_], (K_, 1, N_)) + B_[i]


def drop_bounds(expr):
    """``Piecewise((e, j <= n), (0, True))`` -> ``e`` (the indices are in range)."""
    return expr.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0].expr)


class Concrete:
    """The symbols of concrete sizes n, m: x1.., W11.., b1.., a1.."""

    def __init__(self, n: int, m: int):
        self.n, self.m = n, m
        self.x = [sp.Symbol(f"x{j}", real=True) for j in range(1, n + 1)]
        self.W = [[sp.Symbol(f"W{i}{j}", real=True) for j in range(1, n + 1)] for i in range(1, m + 1)]
        self.b = [sp.Symbol(f"b{i}", real=True) for i in range(1, m + 1)]
        self.a = [sp.Symbol(f"a{i}", real=True) for i in range(1, m + 1)]

    def of(self, expr, **idx):
        """Specialise an index expression: n, m and the given indices; Indexed -> symbols."""
        sub = {N_: self.n, M_: self.m}
        sub.update({sp.Symbol(k, integer=True, positive=True): v for k, v in idx.items()})
        e = expr.subs(sub).doit()

        def conv(ind):
            base, ix = ind.base.label.name, [int(t) for t in ind.indices]
            if base == "W":
                return self.W[ix[0] - 1][ix[1] - 1]
            return {"x": self.x, "b": self.b, "a": self.a}[base][ix[0] - 1]
        return e.replace(lambda t: isinstance(t, sp.Indexed), conv)

    def f(self, i):
        return sum(self.W[i - 1][k] * self.x[k] for k in range(self.n)) + self.b[i - 1]

    def g(self):
        return sum(self.a[i] * relu(self.f(i + 1)) for i in range(self.m))

    @property
    def weights(self) -> list:
        return [w for row in self.W for w in row]


@dataclass
class PartMaths:
    """One part (a)-(f): the quantity in index form, SymPy's derivative (raw, with the
    bounds dropped, and with [W x + b]_i written F_i), and the concrete check data."""

    label: str
    lhs_num: object      #: the differentiated quantity (in F)
    var: object          #: the variable (indexed)
    raw: object
    result: object
    compact: object
    concrete: object     #: the written-out function of concrete sizes
    indices: list        #: the index values to specialise the result to
    wrt: list            #: the concrete variables, in the order of ``indices``
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def formulas(self, c: Concrete) -> list:
        """The result specialised to every index (symbolic in the concrete symbols; worked
        out once per part and sizes, the parts of equal sizes are shared, see :func:`prepare`)."""
        key = (c.n, c.m)
        if key not in self._memo:
            self._memo[key] = tuple(c.of(self.result, **idx) for idx in self.indices)
        return list(self._memo[key])


def derive(label, lhs_num, expr, var, compact_sub, concrete, indices, wrt) -> PartMaths:
    raw = sp.diff(expr, var)
    result = drop_bounds(raw.doit())
    compact = result
    for old, new in compact_sub:
        compact = compact.subs(old, new)
    return PartMaths(label, lhs_num, var, raw, result, compact, concrete, indices, wrt)


def parts(c: Concrete) -> dict:
    """The six parts of the sheet."""
    n, m = c.n, c.m
    F1, f1 = F_[1], inner(1)
    xj = X_[J_]
    per_x = [dict(j=j) for j in range(1, n + 1)]
    cf = [(f1, F1)]
    return {
        "a": derive("a", F1, f1, xj, cf, c.f(1), per_x, c.x),
        "b": derive("b", F1, f1, W_[I_, J_], cf, c.f(1),
                    [dict(i=i, j=j) for i in range(1, m + 1) for j in range(1, n + 1)], c.weights),
        "c": derive("c", F1, f1, B_[I_], cf, c.f(1), [dict(i=i) for i in range(1, m + 1)], c.b),
        "d": derive("d", relu(F1), relu(f1), xj, cf, relu(c.f(1)), per_x, c.x),
        "e": derive("e", sigmoid(F1), sigmoid(f1), xj, cf, sigmoid(c.f(1)), per_x, c.x),
        "f": derive("f", sp.Symbol("g"), sp.Sum(A_[I_] * relu(inner(I_)), (I_, 1, M_)), xj,
                    [(inner(I_), F_[I_])], c.g(), per_x, c.x),
    }


def question_point(n: int, m: int, numbers: int = 1) -> dict:
    """(W, x, b, a) as NumPy arrays, every |[W x + b]_i| >= MARGIN (deterministic in n, m and
    the number of the set of numbers; F_1 < 0 in every fifth set, F_1 > 0 otherwise, so
    that ReLU'(F_1) must be computed and the answers of (d) differ between the variants)."""
    rng = np.random.default_rng([n, m, numbers, 2002])
    sign = -1.0 if numbers % 5 == 0 else 1.0   # F_1 < 0 (ReLU'(F_1) = 0) in every fifth set
    for _ in range(10_000):
        W = rng.choice(W_VALUES, size=(m, n))
        x = rng.choice(X_VALUES, size=n)
        b = rng.choice(B_VALUES, size=m)
        a = rng.choice(A_VALUES, size=m)
        F = W @ x + b
        if np.all(np.abs(F) >= MARGIN) and sign * F[0] > 0:
            return {"W": W, "x": x, "b": b, "a": a, "F": F}
    raise ProblemError(f"no question point for n={n}, m={m}")  # pragma: no cover - never for 1..6


def kink_point(c: Concrete) -> dict:
    """A point (concrete symbols -> exact decimals) with F_1 = 0 exactly and W_1j = 0 for
    j = 3 (when n >= 3): there g and ReLU(F_1) have a kink in x_j exactly when W_1j != 0."""
    n, m = c.n, c.m
    p = {}
    for k, s in enumerate(c.x):
        p[s] = 0.5 + 0.25 * k
    for i in range(m):
        for j in range(n):
            p[c.W[i][j]] = round(0.3 * (i + 1) - 0.2 * j + 0.1, 10) + 0.0
        p[c.a[i]] = 1.0 + 0.5 * i
    p[c.b[0]] = -sum(p[c.W[0][j]] * p[c.x[j]] for j in range(n))
    for i in range(1, m):
        p[c.b[i]] = 0.7
    return p


def sigmoid_np(t):
    return 1.0 / (1.0 + np.exp(-t))


def values(pt: dict) -> list[float]:
    """The answers of (d), (e), (f) by the formulas: dReLU(F_1)/dx_n = W_1n H(F_1),
    dsigma(F_1)/dx_1 = sigma(F_1) (1 - sigma(F_1)) W_11, dg/dx_1 = sum_i a_i W_i1 H(F_i)."""
    W, x, a, F = pt["W"], pt["x"], pt["a"], pt["F"]
    n = len(x)
    H = (F > 0).astype(float)
    s1 = sigmoid_np(F[0])
    return [float(W[0, n - 1] * H[0]), float(s1 * (1 - s1) * W[0, 0]), float(np.sum(a * W[:, 0] * H))]


#: configurations with several components at their kink at x (n = 3): (W, b, a, x)
MULTI_KINKS: list[tuple[Any, Any, Any, Any]] = [
    ([[1, 0, 0], [-1, 0, 0]], [0, 0], [1, -1], [0, 0, 0]),            # g = x_1: differentiable
    ([[1, 0, 0], [1, 0, 0]], [0, 0], [1, 1], [0, 0.4, -0.3]),         # jump 2 in x_1
    ([[2, 1, 0], [-1, 3, 0], [0.5, 1, 1]], [0, 0, 1], [1, 2, -1], [0, 0, 0]),  # two kinks, jumps 4, 7, 0
    ([[2, 0, 0], [-1, 0, 0]], [0, 0], [1, -2], [0, 0.3, -0.7]),       # g = 2 x_1: jumps cancel
]


def multi_kink_rows(t: float = 1e-7):
    """For each configuration and each j: one-sided difference quotients of g and the
    formulas right = sum_(F_i>0) a_i W_ij + sum_(F_i=0) a_i max(W_ij, 0), left with min,
    jump = sum_(F_i=0) a_i |W_ij|. Returns lists (right_num, right_f, left_num, left_f,
    jump_num, jump_f) over all (configuration, j)."""
    out: dict[str, list] = {k: [] for k in ("rn", "rf", "ln", "lf", "jn", "jf")}
    for W, b, a, x in MULTI_KINKS:
        W, b, a, x = (np.asarray(v, dtype=float) for v in (W, b, a, x))

        def g(xx):
            return float(a @ np.maximum(W @ xx + b, 0.0))
        F = W @ x + b
        zero, pos = np.abs(F) < 1e-12, F > 1e-12
        for j in range(len(x)):
            e = np.zeros(len(x))
            e[j] = t
            out["rn"].append((g(x + e) - g(x)) / t)
            out["ln"].append((g(x) - g(x - e)) / t)
            base = float(a[pos] @ W[pos, j])
            out["rf"].append(base + float(a[zero] @ np.maximum(W[zero, j], 0)))
            out["lf"].append(base + float(a[zero] @ np.minimum(W[zero, j], 0)))
            out["jf"].append(float(a[zero] @ np.abs(W[zero, j])))
            out["jn"].append(out["rn"][-1] - out["ln"][-1])
    return out


@dataclass
class Maths:
    n: int
    m: int
    concrete: Concrete
    parts: dict
    point: dict          #: the question point (NumPy arrays)
    kink: dict           #: the check point with F_1 = 0 (concrete symbols -> floats)
    seed: int


def prepare(params: dict, seed: int) -> Maths:
    n, m, numbers = int(params["n"]), int(params["m"]), int(params["numbers"])
    if not (1 <= n <= 6 and 1 <= m <= 6):
        raise ProblemError("layer-partials: n and m must be between 1 and 6")
    if not 1 <= numbers <= 99:
        raise ProblemError("layer-partials: numbers must be between 1 and 99")
    c, ps = _symbolic(n, m)
    return Maths(n, m, c, ps, question_point(n, m, numbers), kink_point(c), seed)


@lru_cache(maxsize=None)
def _symbolic(n: int, m: int) -> tuple:
    """The concrete symbols and the six parts of sizes n, m: symbolic, the same for every
    variant of these sizes (derived once per process; nothing mutates them)."""
    c = Concrete(n, m)
    return c, parts(c)
