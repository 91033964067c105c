"""The questions of ``skip-connections`` on an exercise sheet.

With the variant's depth N, input x and one weight w for every layer (biases 0, sigma the
sigmoid) the student evaluates do_N/dw_1 for the plain chain (part a), with the skip
connection s_N = w_N o_(N-1) + b_N + o_1 (part d) and for the residual network
o_i = o_(i-1) + sigma(s_i), i >= 2 (part f). The values come from NumPy backprop
(:func:`symderiv.layers.bounds.np_o_chain_grads`); the check row compares them with
``sympy.diff`` of the written-out nested network, evaluated exactly (a second method).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Step, T

VARIANTS = ("plain", "skip", "residual")


def _num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v))


def given_blocks(B, x0: float, w0: float) -> list:
    """Formulas (3), (4) and the numbers of the questions (shown on the exercise sheet)."""
    N, i, w, b, s, o, x = B.N, B.i, B.w, B.b, B.s, B.o, B.x
    sig = B.SIGMA
    return [
        Step(T("formula (3), the skip connection of the questions (only in layer {N}):",
               "Formel (3), die Skip Connection der Fragen (nur in Layer {N}):", N=N),
             [Equation(s[N], [notation.terms(w[N] * o[N - 1], b[N], o[1])])]),
        Step(T("formula (4), the residual network of the questions (for {i2}):",
               "Formel (4), das Residualnetz der Fragen (für {i2}):", i2=sp.Ge(i, 2)),
             [Equation(o[i], [notation.terms(o[i - 1], sig(s[i]))])]),
        T("For the numerical questions {sg} is the sigmoid, {x0}, and every layer has {wi} and {bi}.",
          "Für die Zahlenfragen ist {sg} die Sigmoid-Funktion, {x0}, und jedes Layer hat {wi} und {bi}.",
          sg=sp.Symbol("sigma"), x0=sp.Eq(x, _num(x0)), wi=sp.Eq(w[i], _num(w0)), bi=sp.Eq(b[i], 0)),
    ]


def backprop_values(depth: int, x0: float, w0: float) -> list[float]:
    from symderiv.layers import bounds as B
    return [float(B.np_o_chain_grads(np.full(depth, w0), np.zeros(depth), x0, "sigmoid", v)[1][0])
            for v in VARIANTS]


def sympy_values(depth: int, x0: float, w0: float) -> list[float]:
    """do_N/dw_1 by sympy.diff of the written-out networks, evaluated to 30 digits."""
    x = sp.Symbol("x", real=True)
    ws = sp.symbols(f"w1:{depth + 1}", real=True)
    sig = lambda t: 1 / (1 + sp.exp(-t))  # noqa: E731
    out = []
    for variant in VARIANTS:
        o = [x]
        for k in range(1, depth + 1):
            s_k = ws[k - 1] * o[k - 1]
            if variant == "skip" and k == depth:
                s_k = s_k + o[1]
            o_k = sig(s_k) + (o[k - 1] if variant == "residual" and k >= 2 else 0)
            o.append(o_k)
        d = sp.diff(o[depth], ws[0])
        point = {x: sp.Rational(str(x0)), **{wk: sp.Rational(str(w0)) for wk in ws}}
        out.append(float(sp.N(d.subs(point), 30)))
    return out


def answers_and_check(B, depth: int, x0: float, w0: float) -> tuple[list, Check]:
    from symderiv import verify
    from symderiv.documents.answers import Answer
    o, w = B.o, B.w
    vals = backprop_values(depth, x0, w0)
    lhs = notation.partial(o[depth], w[1])
    tol = {"abs": 0.0, "rel": 1e-3}  # the values can be small: relative tolerance only
    answers = [
        Answer(T("(a) at the given numbers, depth {n}", "(a) bei den gegebenen Zahlen, Tiefe {n}", n=depth),
               vals[0], lhs, task=1, tolerance=tol),
        Answer(T("(d) with the skip connection of formula (3), at the given numbers",
                 "(d) mit der Skip Connection aus Formel (3), bei den gegebenen Zahlen"),
               vals[1], lhs, task=4, tolerance=tol),
        Answer(T("(f) for the residual network of formula (4), at the given numbers",
                 "(f) für das Residualnetz aus Formel (4), bei den gegebenen Zahlen"),
               vals[2], lhs, task=6, tolerance=tol),
    ]
    check = Check(T("the answers at the given numbers (without, with skip connection, residual): NumPy "
                    "backprop vs. sympy.diff of the written-out network",
                    "die Antworten bei den gegebenen Zahlen (ohne, mit Skip Connection, Residualnetz): "
                    "NumPy-Backpropagation gegen sympy.diff des ausgeschriebenen Netzes"),
                  verify.compare(vals, sympy_values(depth, x0, w0), "sympy.diff", tolerance=1e-12))
    return answers, check
