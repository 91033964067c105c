"""The maths of the activation atlas (lecture 003), as data (no prose): the catalog's
analysis of every activation (derivative, sup/inf of the derivative and where they are
attained, kinks, range), the gradient of one neuron for five activations, softmax at the
variant's input, the two-class softmax as a sigmoid, and the parameter-space symmetries
(tanh: M! 2^M; sigmoid: sign flips absorbed by the output bias).

Every activation comes from the function table (:mod:`symderiv.language.table`).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import sympy as sp

from symderiv.language.table import FUNCTIONS, elu, prelu, sigmoid, softplus
from symderiv.problems import ProblemError

#: the activations of the neuron questions, in the lecture's order (catalog names)
ASKED = ("sigmoid", "tanh", "softplus", "elu", "prelu")
#: the hidden units of the symmetry count (fixed: the lecture's M, and a layer of three)
M_TANH = 3
#: the sigmoid network of the bias question: unit 1 (w, b), unit 2 (w, b, v)
UNIT1 = (1.5, -0.5)
UNIT2 = (-1.0, 0.25, 0.75)

W, X, B = sp.symbols("w x b", real=True)
ALPHA = sp.Symbol("alpha", positive=True)


def table_function(name: str, alpha=ALPHA):
    """The activation ``name`` as a function of one SymPy argument (the function table's)."""
    if name == "prelu":
        return lambda u: prelu(u, alpha)
    return {"sigmoid": sigmoid, "softplus": softplus, "elu": elu}.get(name) or FUNCTIONS[name].sympy


@dataclass
class Maths:
    """One variant: the neuron (w, b, x) and PReLU's alpha; the softmax input z; the
    output weight v1 and output bias c of the sigmoid network."""

    w: float
    b: float
    x: float
    alpha: float
    z: tuple
    v1: float
    c: float
    seed: int
    acts: list = field(default_factory=list)

    @property
    def a(self) -> float:
        """The neuron's activation a = w x + b."""
        return round(self.w * self.x + self.b, 10)


def constraint(params: dict):
    a = float(params["w"]) * float(params["x"]) + float(params["b"])
    if abs(a) < 1e-9:
        return "the activation w x + b is 0 (a kink of ELU and PReLU)"
    if a > 0:
        return "the activation w x + b is positive (ELU and PReLU would both give the input x itself)"
    return None


def prepare(params: dict, seed: int) -> Maths:
    from symderiv.layers import activations as A
    p = {k: float(params[k]) for k in ("w", "b", "x", "alpha", "v1", "c")}
    if not 0 < p["alpha"] < 1:
        raise ProblemError("parameter 'alpha' must lie strictly between 0 and 1")
    reason = constraint(params)
    if reason:
        raise ProblemError(reason)
    z = tuple(float(params[k]) for k in ("z1", "z2", "z3"))
    return Maths(p["w"], p["b"], p["x"], p["alpha"], z, p["v1"], p["c"], seed, A.catalog())


# ------------------------------------------------------------------ the catalog

def defaults(act, alpha: float) -> dict:
    """The parameter values of a row (PReLU: the variant's alpha)."""
    return {p: sp.nsimplify(alpha if act.name == "prelu" else d) for p, _, d in act.params}


def smooth_breakpoints(act) -> list:
    """The breakpoints of a row where the one-sided derivatives agree (no kink)."""
    kinks = {k.point for k in act.kinks}
    return [p for p in act.breakpoints if p not in kinks]


def derivative_at(act, point) -> sp.Expr:
    """f'(point) at a breakpoint without a kink: the common one-sided limit."""
    from symderiv.layers import activations as A
    return sp.limit(act.derivative_elementary, A.X, point, "-")


@lru_cache(maxsize=None)
def simplified_derivative(name: str) -> sp.Expr:
    """The elementary form of the catalog row's f', simplified unless it has a Heaviside
    (once per process: it does not depend on a variant's numbers)."""
    from symderiv.layers import activations as A
    d = A.get(name).derivative_elementary
    return d if d.has(sp.Heaviside) else sp.simplify(d)


_ATTAINED: dict = {}


def attained_set(act, which: str):
    """Cached :func:`_attained_set` (per row name and bound)."""
    key = (act.name, which)
    if key not in _ATTAINED:
        _ATTAINED[key] = _attained_set(act, which)
    return _ATTAINED[key]


def _attained_set(act, which: str):
    """Where sup (``which="sup"``) or inf of f' is attained, including the breakpoints
    without a kink where f' takes that value (ELU: f'(0) = 1 = sup, so [0, oo)); None if
    not attained."""
    b = act.bounds
    value, attained, where = (b.sup, b.sup_attained, b.argsup) if which == "sup" else \
        (b.inf, b.inf_attained, b.arginf)
    extra = [p for p in smooth_breakpoints(act) if sp.simplify(derivative_at(act, p) - value) == 0]
    if not attained and not extra:
        return None
    out = where if attained else sp.S.EmptySet
    for p in extra:
        out = sp.Union(out, sp.FiniteSet(p))
    return out


def range_numeric(act) -> list:
    """The endpoints of the range that are numbers without a closed form (GELU's minimum):
    [(value, where)] with the point where it is attained (bounded minimiser)."""
    from scipy.optimize import minimize_scalar
    out = []
    rng = act.range
    if isinstance(rng, sp.Interval) and isinstance(rng.start, sp.Float):
        r = minimize_scalar(lambda t: float(act.f(np.array([t]))[0]), bounds=(-3.0, 0.0), method="bounded",
                            options={"xatol": 1e-12})
        out.append((float(rng.start), float(r.x)))
    return out


def neuron_derivatives(m: Maths) -> list[tuple]:
    """For each asked activation f: (name, dz/dw as SymPy, f'(a), dz/dw) at the variant,
    z = f(w x + b); SymPy's derivative of the table's function."""
    out = []
    at = {W: m.w, X: m.x, B: m.b}
    for name in ASKED:
        f = table_function(name, sp.nsimplify(m.alpha))
        d = sp.diff(f(W * X + B), W)
        u = sp.Symbol("u", real=True)
        fp = sp.diff(f(u), u).subs(u, m.a)
        out.append((name, d, float(sp.N(fp, 20)), float(sp.N(d.subs(at), 20))))
    return out


# ------------------------------------------------------------------ softmax

def softmax_np(z):
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()


def softmax_jacobian(z) -> sp.Matrix:
    """d s_i / d x_j at z by SymPy (the derivative of the components), as floats."""
    xs = sp.symbols("x1:4", real=True)
    den = sum(sp.exp(v) for v in xs)
    s = [sp.exp(v) / den for v in xs]
    J = sp.Matrix(3, 3, lambda i, j: sp.diff(s[i], xs[j]))
    at = dict(zip(xs, z))
    return sp.Matrix(3, 3, lambda i, j: sp.Float(float(sp.N(J[i, j].subs(at), 20))))


def two_class_steps() -> tuple[list, sp.Expr]:
    """s_1 of two classes rewritten step by step into sigma(x_1 - x_2); the steps and the
    last one (sigmoid from the table)."""
    x1, x2 = sp.symbols("x_1 x_2", real=True)
    s1 = sp.exp(x1) / (sp.exp(x1) + sp.exp(x2))
    steps = [s1, 1 / (1 + sp.exp(x2) / sp.exp(x1)), 1 / (1 + sp.exp(x2 - x1)), sigmoid(x1 - x2)]
    return steps, s1


# ------------------------------------------------------------------ symmetries

def sigmoid_symmetry_steps() -> list:
    """sigma(-x) rewritten into 1 - sigma(x), step by step (each step an expression in x)."""
    x = sp.Symbol("x", real=True)
    e = sp.exp(-x)
    return [sigmoid(-x), 1 / (1 + sp.exp(x)), e / (e + 1), sp.Add(1, -1 / (1 + e), evaluate=False),
            1 - sigmoid(x)]


def sigmoid_network(m: Maths, flip: bool, absorb: bool):
    """y(x) = v1 sigma(w1 x + b1) + v2 sigma(w2 x + b2) + c as a NumPy function; ``flip``:
    the signs of w1, b1 and v1 changed; ``absorb``: the output bias c + v1 (c otherwise)."""
    s = -1.0 if flip else 1.0
    w1, b1 = UNIT1
    w2, b2, v2 = UNIT2
    c = m.c + (m.v1 if absorb else 0.0)

    def sig(t):
        return 1.0 / (1.0 + np.exp(-t))
    return lambda x: s * m.v1 * sig(s * (w1 * x + b1)) + v2 * sig(w2 * x + b2) + c


def tanh_symmetries(seed: int, M: int = M_TANH) -> tuple:
    """A random network x -> V tanh(W x + b) + c with M hidden units: the outputs of all
    M! 2^M permuted and sign-flipped parameter vectors at 20 random inputs, the reference
    output, and the number of distinct parameter vectors."""
    rng = np.random.default_rng(seed)
    W_, b_, V_, c_ = rng.normal(size=(M, 2)), rng.normal(size=M), rng.normal(size=(2, M)), rng.normal(size=2)
    Xs = rng.normal(size=(20, 2))

    def net(W2, b2, V2):
        return np.tanh(Xs @ W2.T + b2) @ V2.T + c_
    outs, keys = [], set()
    for perm in itertools.permutations(range(M)):
        for signs in itertools.product((1.0, -1.0), repeat=M):
            sg, p = np.array(signs), list(perm)
            W2, b2, V2 = (W_[p].T * sg).T, b_[p] * sg, V_[:, p] * sg
            outs.append(net(W2, b2, V2))
            keys.add(tuple(np.round(np.concatenate([W2.ravel(), b2, V2.ravel()]), 12)))
    return np.array(outs), net(W_, b_, V_), len(keys)
