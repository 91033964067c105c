"""Adam's bias correction (Kingma & Ba 2015, their Algorithm 1 and section 3), derived with SymPy.

With ``m_0 = 0`` and ``m_t = beta m_{t-1} + (1 - beta) g_t`` the moment estimate unrolls to
``m_t = (1 - beta) sum_{k=1}^t beta^(t-k) g_k``. For stationary gradients (``E[g_k] = g``
for all k) the expectation is a geometric series that SymPy sums:
``E[m_t] = (1 - beta) g sum_{k=1}^t beta^(t-k) = (1 - beta^t) g``. The same holds for
``v_t`` with ``g_k^2``: ``E[v_t] = (1 - beta_2^t) E[g^2]``. Dividing by ``1 - beta^t`` removes
the bias towards the zero initialisation: ``E[mhat_t] = g``, ``E[vhat_t] = E[g^2]``.

:func:`derive` does the algebra (summation, induction check, unrolled recursion for small t);
:func:`simulate` checks it by Monte Carlo on random stationary gradients (mean over runs
with its standard error); :func:`adam_trace` is an independent, scalar, step-by-step
implementation of Algorithm 1 (plain Python floats) that ``symderiv.nn.optim.adam`` is
compared against.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np
import sympy as sp

from symderiv.documents.notation import terms


class Mean(sp.Function):
    r"""The expectation operator, printed :math:`\mathbb{E}[\cdot]` (a display head only)."""

    nargs = 1

    def _latex(self, printer):
        return r"\mathbb{E}\left[%s\right]" % printer._print(self.args[0])


t = sp.Symbol("t", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
beta1 = sp.Symbol("beta_1", positive=True)
beta2 = sp.Symbol("beta_2", positive=True)
alpha = sp.Symbol("alpha", positive=True)
epsilon = sp.Symbol("epsilon", positive=True)
g = sp.Symbol("g", real=True)            # E[g_t] (stationary mean)
m = sp.IndexedBase("m")
v = sp.IndexedBase("v")
gt = sp.IndexedBase("g")
mhat = sp.IndexedBase("mhat")
vhat = sp.IndexedBase("vhat")
theta = sp.IndexedBase("theta")


@dataclass
class MomentDerivation:
    """The derivation of ``E[m_t]`` for one moment (first: ``g_t``, second: ``g_t^2``)."""

    beta: sp.Symbol
    estimate: sp.Indexed        # m_t (or v_t)
    sample: sp.Expr             # g_k (or g_k^2)
    mean: sp.Expr               # E[g_k] (or E[g_k^2]) as a symbol
    recursion: tuple            # (m_t, beta m_{t-1} + (1 - beta) g_t)
    unrolled: sp.Expr           # (1 - beta) Sum(beta^(t-k) g_k, (k, 1, t))
    expectation_sum: sp.Expr    # (1 - beta) * mean * Sum(beta^(t-k), (k, 1, t))
    series_value: sp.Expr       # SymPy's value of Sum(beta^(t-k), (k,1,t)) for beta != 1
    expectation: sp.Expr        # (1 - beta^t) * mean
    corrected: sp.Expr          # E[m_t] / (1 - beta^t) = mean
    induction_residual: sp.Expr  # closed(t) - (beta closed(t-1) + (1-beta) mean): 0
    base_case: sp.Expr          # closed(0) = 0 = m_0
    unrolled_checks: list = field(default_factory=list)  # [(t, m_t expanded, matches)]
    ok: bool = False


def _derive(beta, est, sample_of, mean_sym, tmax=6) -> MomentDerivation:
    value = sp.summation(beta ** (t - k), (k, 1, t))
    # SymPy returns a Piecewise (beta = 1 is the degenerate case t); take beta != 1
    value = sp.piecewise_fold(value)
    if isinstance(value, sp.Piecewise):
        value = value.args[-1][0]
    value = sp.simplify(value)
    closed = lambda tt: (1 - beta ** tt) * mean_sym  # noqa: E731
    derived = sp.simplify((1 - beta) * mean_sym * value)
    # shown in the form (1 - beta^t) E[.]; ok below requires derived == this
    expectation = closed(t)
    residual = sp.simplify(closed(t) - (beta * closed(t - 1) + (1 - beta) * mean_sym))
    base = closed(0)
    # unroll the recursion with symbolic samples; take expectations term by term
    checks = []
    samples = sp.symbols(f"x_1:{tmax + 1}")
    cur = sp.Integer(0)
    for tt in range(1, tmax + 1):
        cur = beta * cur + (1 - beta) * samples[tt - 1]
        mean_of = sp.expand(cur.subs({s: mean_sym for s in samples}))
        checks.append((tt, sp.expand(cur), sp.expand(mean_of - closed(tt)) == 0))
    ok = (sp.simplify(derived - expectation) == 0 and residual == 0 and base == 0
          and all(c[2] for c in checks))
    return MomentDerivation(
        beta=beta, estimate=est[t], sample=sample_of(k), mean=mean_sym,
        recursion=(est[t], beta * est[t - 1] + (1 - beta) * sample_of(t)),
        unrolled=(1 - beta) * sp.Sum(sp.Pow(beta, terms(t, -k)) * sample_of(k), (k, 1, t)),
        expectation_sum=(1 - beta) * mean_sym * sp.Sum(sp.Pow(beta, terms(t, -k)), (k, 1, t)),
        series_value=value, expectation=expectation,
        corrected=sp.simplify(expectation / (1 - beta ** t)),
        induction_residual=residual, base_case=base, unrolled_checks=checks, ok=bool(ok))


def derive(tmax: int = 6) -> tuple[MomentDerivation, MomentDerivation]:
    """Both moments: ``E[m_t] = (1 - beta_1^t) E[g]``, ``E[v_t] = (1 - beta_2^t) E[g^2]``."""
    first = _derive(beta1, m, lambda i: gt[i], Mean(gt[t]), tmax)
    second = _derive(beta2, v, lambda i: gt[i] ** 2, Mean(gt[t] ** 2), tmax)
    return first, second


def algorithm_steps() -> list[tuple]:
    """Algorithm 1 of Kingma & Ba as ``(lhs, rhs)`` assignments, in order."""
    return [
        (t, t + 1),
        (gt[t], sp.Function(r"\nabla_{\theta} f_t")(theta[t - 1])),
        (m[t], beta1 * m[t - 1] + (1 - beta1) * gt[t]),
        (v[t], beta2 * v[t - 1] + (1 - beta2) * gt[t] ** 2),
        (mhat[t], m[t] / (1 - beta1 ** t)),
        (vhat[t], v[t] / (1 - beta2 ** t)),
        (theta[t], terms(theta[t - 1], -alpha * mhat[t] / terms(sp.sqrt(vhat[t]), epsilon))),
    ]


# --------------------------------------------------------------------------------------
# Monte Carlo check
# --------------------------------------------------------------------------------------


@dataclass
class Simulation:
    g_mean: float
    g_std: float
    beta1: float
    beta2: float
    runs: int
    seed: int
    ts: list
    m_mean: np.ndarray       # mean over runs of m_t
    m_se: np.ndarray         # its standard error
    v_mean: np.ndarray
    v_se: np.ndarray
    m_pred: np.ndarray       # (1 - beta1^t) g
    v_pred: np.ndarray       # (1 - beta2^t) (g^2 + sigma^2)
    mhat_mean: np.ndarray    # mean of m_t / (1 - beta1^t)
    mhat_se: np.ndarray
    vhat_mean: np.ndarray
    vhat_se: np.ndarray

    @property
    def z_m(self):
        return (self.m_mean - self.m_pred) / self.m_se

    @property
    def z_v(self):
        return (self.v_mean - self.v_pred) / self.v_se

    @property
    def max_abs_z(self) -> float:
        return float(max(np.max(np.abs(self.z_m)), np.max(np.abs(self.z_v))))


def simulate(g_mean: float = 0.5, g_std: float = 1.0, b1: float = 0.9, b2: float = 0.999,
             steps: int = 10, runs: int = 20000, seed: int = 0) -> Simulation:
    """Run the two moment recursions on ``runs`` independent streams of Gaussian gradients
    ``g_t ~ N(g_mean, g_std^2)`` (stationary) and average over the runs."""
    if steps < 1 or runs < 2:
        raise ValueError("need at least one step and two runs")
    if not (0 <= b1 < 1 and 0 <= b2 < 1):
        raise ValueError("beta1 and beta2 must lie in [0, 1)")
    rng = np.random.default_rng(seed)
    G = g_mean + g_std * rng.standard_normal((runs, steps))
    mm = np.zeros(runs)
    vv = np.zeros(runs)
    M = np.empty((runs, steps))
    V = np.empty((runs, steps))
    for i in range(steps):
        mm = b1 * mm + (1 - b1) * G[:, i]
        vv = b2 * vv + (1 - b2) * G[:, i] ** 2
        M[:, i] = mm
        V[:, i] = vv
    ts = np.arange(1, steps + 1)
    c1 = 1 - b1 ** ts
    c2 = 1 - b2 ** ts
    se = lambda A: A.std(axis=0, ddof=1) / math.sqrt(runs)  # noqa: E731
    return Simulation(g_mean, g_std, b1, b2, runs, seed, ts.tolist(),
                      M.mean(axis=0), se(M), V.mean(axis=0), se(V),
                      c1 * g_mean, c2 * (g_mean ** 2 + g_std ** 2),
                      (M / c1).mean(axis=0), se(M / c1), (V / c2).mean(axis=0), se(V / c2))


# --------------------------------------------------------------------------------------
# an independent step-by-step Adam
# --------------------------------------------------------------------------------------


@dataclass
class AdamStep:
    t: int
    theta_prev: list
    g: list
    m: list
    v: list
    mhat: list
    vhat: list
    theta: list


def adam_trace(theta0: Sequence[float], grad: Callable, steps: int, lr: float = 1e-3,
               b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8,
               m0: Optional[Sequence[float]] = None, v0: Optional[Sequence[float]] = None,
               t0: int = 0) -> list[AdamStep]:
    """Algorithm 1, one scalar parameter at a time with Python floats (no NumPy).

    ``grad(theta_list) -> list`` gives the gradient at the current parameters. The counter
    is incremented first (``t <- t + 1``), then both moments are updated and corrected with
    ``1 - beta^t`` of the new ``t``.
    """
    th = [float(x) for x in theta0]
    mm = [0.0] * len(th) if m0 is None else [float(x) for x in m0]
    vv = [0.0] * len(th) if v0 is None else [float(x) for x in v0]
    tt = int(t0)
    out = []
    for _ in range(steps):
        tt = tt + 1
        gs = [float(x) for x in grad(th)]
        mm = [b1 * a + (1 - b1) * gi for a, gi in zip(mm, gs)]
        vv = [b2 * a + (1 - b2) * gi * gi for a, gi in zip(vv, gs)]
        mh = [a / (1 - b1 ** tt) for a in mm]
        vh = [a / (1 - b2 ** tt) for a in vv]
        new = [x - lr * a / (math.sqrt(b) + eps) for x, a, b in zip(th, mh, vh)]
        out.append(AdamStep(tt, th, gs, mm, vv, mh, vh, new))
        th = new
    return out


def run_optimizer(rule: Callable, theta0, grad: Callable, steps: int, config: dict) -> list:
    """Iterate ``rule(w, dw, config) -> (next_w, config)`` (the course interface)."""
    w = np.asarray(theta0, dtype=float)
    cfg = dict(config)
    out = []
    for _ in range(steps):
        w, cfg = rule(w, np.asarray(grad(list(w)), dtype=float), cfg)
        out.append((np.array(w, dtype=float), int(cfg.get("t", 0)),
                    np.array(cfg["m"], dtype=float), np.array(cfg["v"], dtype=float)))
    return out
