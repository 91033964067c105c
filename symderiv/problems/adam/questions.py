"""The questions of ``adam`` on an exercise sheet, with the numbers of the variant.

* task 2 (bias): ``E[m_3] = (1 - beta1^3) g`` and ``E[v_2] = (1 - beta2^2) (g^2 + sigma^2)`` for
  stationary gradients, and the ratio ``(1 - beta1) / sqrt(1 - beta2)`` of the first step
  without and with the bias correction;
* task 4 (step by step): ``mhat_2``, ``vhat_2`` and ``theta_2`` of the first coordinate of the
  worked example (``f = theta_1^2 + 10 theta_2^2`` from ``(1, 1)``).

The values come from the closed forms and from the float trace of Algorithm 1
(:func:`symderiv.problems.adam.bias.adam_trace`); the check rows recompute them by a second
method: the recursion of the means, one step of Algorithm 1 with and without correction,
and Algorithm 1 in exact arithmetic (SymPy rationals, square roots evaluated to 30 digits).
"""
from __future__ import annotations

import math

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, T

#: epsilon of the worked example (Algorithm 1's default)
EPS = 1e-8


def given_text(b1, b2, lr, gm, gs, th0, f, A) -> T:
    """The numbers of the variant as given data (shown on the exercise sheet)."""
    return T("The numbers: {b1}, {b2}; the stationary gradients of task 2 have the mean {g} and the standard "
             "deviation {s}; the example of task 4 minimises {f} from {th0} with {a} and {e}.",
             "Die Zahlen: {b1}, {b2}; die stationären Gradienten aus Aufgabe 2 haben den Mittelwert {g} und die "
             "Standardabweichung {s}; das Beispiel aus Aufgabe 4 minimiert {f} ab {th0} mit {a} und {e}.",
             b1=sp.Eq(A.beta1, sp.Float(b1)), b2=sp.Eq(A.beta2, sp.Float(b2)), g=sp.Eq(sp.Symbol("g"), sp.Float(gm)),
             s=sp.Eq(sp.Symbol("sigma"), sp.Float(gs)), f=f,
             th0=sp.Eq(A.theta[0], sp.Tuple(*[sp.Integer(int(v)) for v in th0]), evaluate=False),
             a=sp.Eq(A.alpha, sp.Float(lr)), e=sp.Eq(A.epsilon, notation.power(10, -8)))


def bias_values(b1, b2, gm, gs) -> list[float]:
    return [(1 - b1 ** 3) * gm, (1 - b2 ** 2) * (gm ** 2 + gs ** 2), (1 - b1) / math.sqrt(1 - b2)]


def bias_independent(b1, b2, gm, gs) -> list[float]:
    """E[m_3], E[v_2] by the recursion of the means; the ratio by one step of Algorithm 1
    with and without the correction (first gradient g = 1, epsilon = 0)."""
    m = v = 0.0
    ms, vs = [], []
    for _ in range(3):
        m = b1 * m + (1 - b1) * gm
        v = b2 * v + (1 - b2) * (gm ** 2 + gs ** 2)
        ms.append(m)
        vs.append(v)
    g1 = 1.0
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1 * g1
    raw = m1 / math.sqrt(v1)
    corrected = (m1 / (1 - b1)) / math.sqrt(v1 / (1 - b2))
    return [ms[2], vs[1], raw / corrected]


def exact_steps(th0: float, scale: int, lr, b1, b2, steps: int = 2) -> list:
    """Algorithm 1 on one coordinate of f = scale theta^2 in exact arithmetic:
    [(mhat_t, vhat_t, theta_t)] as 30-digit floats."""
    q = lambda v: sp.Rational(str(v))  # noqa: E731 - the decimal the student reads
    lr_, b1_, b2_, eps = q(lr), q(b1), q(b2), sp.Rational(1, 10 ** 8)
    th, m, v = q(th0), sp.Integer(0), sp.Integer(0)
    out = []
    for t in range(1, steps + 1):
        g = 2 * scale * th
        m = b1_ * m + (1 - b1_) * g
        v = b2_ * v + (1 - b2_) * g ** 2
        mh, vh = m / (1 - b1_ ** t), v / (1 - b2_ ** t)
        th = th - lr_ * mh / (sp.sqrt(vh) + eps)
        out.append(tuple(float(sp.N(e, 30)) for e in (mh, vh, th)))
    return out


def answers_and_checks(b1, b2, lr, gm, gs, trace, A) -> tuple[list, Check, Check]:
    """(answers, check row of task 2, check row of task 4)."""
    from symderiv.documents.answers import Answer
    from symderiv.verify import compare
    bias = bias_values(b1, b2, gm, gs)
    s2 = trace[1]
    step = [s2.mhat[0], s2.vhat[0], s2.theta[0]]
    first = T(", first coordinate", ", erste Koordinate")
    six = {"abs": 1e-6, "rel": 0.0}  # theta_2 is close to 1 - 2 alpha: the digits that matter
    answers = [
        Answer(T("expected first moment after three steps", "Erwartungswert des ersten Moments nach drei Schritten"),
               bias[0], A.Mean(A.m[3]), task=2),
        Answer(T("expected second moment after two steps", "Erwartungswert des zweiten Moments nach zwei Schritten"),
               bias[1], A.Mean(A.v[2]), task=2),
        Answer(T("first step without bias correction divided by the first step with it ({e} neglected)",
                 "erster Schritt ohne Bias-Korrektur geteilt durch den ersten Schritt mit ihr ({e} vernachlässigt)",
                 e=A.epsilon), bias[2], task=2),
        Answer(T("bias-corrected first moment after two steps{c}", "korrigiertes erstes Moment nach zwei "
                 "Schritten{c}", c=first), step[0], A.mhat[2], task=4),
        Answer(T("bias-corrected second moment after two steps{c}", "korrigiertes zweites Moment nach zwei "
                 "Schritten{c}", c=first), step[1], A.vhat[2], task=4),
        Answer(T("parameter after two steps{c}, to six decimal places", "Parameter nach zwei Schritten{c}, "
                 "auf sechs Nachkommastellen", c=first), step[2], A.theta[2], task=4, tolerance=six),
    ]
    check2 = Check(T("the answers {m3}, {v2} vs. the recursion of the means; the ratio of the first steps vs. "
                     "one step of Algorithm 1 with and without correction",
                     "die Antworten {m3}, {v2} gegen die Rekursion der Mittelwerte; das Verhältnis der ersten "
                     "Schritte gegen einen Schritt von Algorithmus 1 mit und ohne Korrektur",
                     m3=A.Mean(A.m[3]), v2=A.Mean(A.v[2])),
                   compare(bias, bias_independent(b1, b2, gm, gs), "recursion", 1e-12))
    exact = exact_steps(1.0, 1, lr, b1, b2)[1]
    check4 = Check(T("the answers {mh}, {vh}, {th} (first coordinate) vs. Algorithm 1 in exact arithmetic (SymPy)",
                     "die Antworten {mh}, {vh}, {th} (erste Koordinate) gegen Algorithmus 1 in exakter Arithmetik "
                     "(SymPy)", mh=A.mhat[2], vh=A.vhat[2], th=A.theta[2]),
                   compare(step, list(exact), "exact", 1e-12))
    return answers, check2, check4
