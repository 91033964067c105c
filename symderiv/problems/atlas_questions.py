"""The questions of ``activation-atlas`` on an exercise sheet, with the variant's numbers.

* task 1: f'(x0) for the sigmoid, tanh, softplus, ELU and PReLU (parameter a of the variant;
  x0 < 0, where ELU and PReLU are not the identity),
* task 2: the Jacobian entries d s_1/d x_1 and d s_1/d x_2 of softmax at (x0, 0, 1),
* task 3: the number M! 2^M of parameter vectors with the same function.

The values come from the catalog (:mod:`symderiv.layers.activations`, SymPy's derivatives
made numeric) and from ``diag(s) - s s^T``; the check rows recompute them by the textbook
formulas (sigma (1 - sigma), 1 - tanh^2, sigma, the pieces of ELU and PReLU) and by central
differences of softmax. The count is checked by enumeration in task 3 itself.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, T, Table

#: the functions asked about in task 1 (catalog names) and how a question names them
ASKED = ("sigmoid", "tanh", "softplus", "elu", "prelu")
QUESTIONS = {
    "sigmoid": ("derivative of the sigmoid at the given point", "Ableitung der Sigmoid-Funktion an der gegebenen Stelle"),
    "tanh": ("derivative of tanh at the given point", "Ableitung von tanh an der gegebenen Stelle"),
    "softplus": ("derivative of softplus at the given point", "Ableitung von Softplus an der gegebenen Stelle"),
    "elu": ("derivative of ELU at the given point", "Ableitung von ELU an der gegebenen Stelle"),
    "prelu": ("derivative of PReLU with the given parameter at the given point",
              "Ableitung von PReLU mit dem gegebenen Parameter an der gegebenen Stelle"),
}


def _num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v))


def softmax_point(x0: float) -> np.ndarray:
    return np.array([x0, 0.0, 1.0])


def given_text(x0: float, a: float, M: int) -> T:
    x, av = sp.Symbol("x"), sp.Symbol("a")
    xs = sp.Tuple(*sp.symbols("x_1:4"))
    return T("For the questions: the point {x0}, PReLU with the parameter {a}, softmax {s} at the input {z}, and "
             "a layer of {M} tanh units.",
             "Für die Fragen: die Stelle {x0}, PReLU mit dem Parameter {a}, Softmax {s} an der Eingabe {z} und eine "
             "Schicht aus {M} tanh-Einheiten.",
             x0=sp.Eq(x, _num(x0)), a=sp.Eq(av, _num(a)), s=sp.Tuple(*sp.symbols("s_1:4")),
             z=sp.Eq(xs, sp.Tuple(*[_num(v) for v in softmax_point(x0)]), evaluate=False), M=M)


def catalog_values(x0: float, a: float) -> list[float]:
    from symderiv.layers import activations as A
    return [float(np.real(A.get(n).df(np.array([x0]), a=a)[0])) for n in ASKED]


def formula_values(x0: float, a: float) -> list[float]:
    """The same derivatives by the textbook formulas (plain math, no SymPy)."""
    s = 1.0 / (1.0 + math.exp(-x0))
    return [s * (1 - s), 1 - math.tanh(x0) ** 2, s, 1.0 if x0 > 0 else math.exp(x0), 1.0 if x0 > 0 else a]


def softmax_values(x0: float) -> list[float]:
    from symderiv.layers import activations as A
    J = A.np_softmax_jacobian(softmax_point(x0))
    return [float(J[0, 0]), float(J[0, 1])]


def softmax_differences(x0: float, h: float = 1e-6) -> list[float]:
    from symderiv.layers import activations as A
    z = softmax_point(x0)
    out = []
    for j in (0, 1):
        e = np.zeros(3)
        e[j] = h
        out.append(float((A.np_softmax(z + e)[0] - A.np_softmax(z - e)[0]) / (2 * h)))
    return out


def task1_blocks(x0: float, a: float, names: dict) -> tuple[list, list[float]]:
    """A table of the asked derivatives at x0 and its check row; the values."""
    from symderiv import verify
    vals = catalog_values(x0, a)
    x = sp.Symbol("x")
    fp = sp.Derivative(sp.Function("f")(x), x)
    table = Table([T("function", "Funktion"), fp],
                  [[names[n], v] for n, v in zip(ASKED, vals)],
                  T("The derivatives of the questions at {x0} (PReLU with {a}).",
                    "Die Ableitungen der Fragen an der Stelle {x0} (PReLU mit {a}).",
                    x0=sp.Eq(x, _num(x0)), a=sp.Eq(sp.Symbol("a"), _num(a))))
    check = Check(T("the answers at {x0}: the catalog's derivatives vs. the formulas {f} (sigmoid, tanh, "
                    "softplus), {e} (ELU for {neg}) and {p} (PReLU for {neg}), {one} for {pos}",
                    "die Antworten an der Stelle {x0}: die Ableitungen des Katalogs gegen die Formeln {f} "
                    "(Sigmoid, tanh, Softplus), {e} (ELU für {neg}) und {p} (PReLU für {neg}), {one} für {pos}",
                    x0=sp.Eq(x, _num(x0)), e=sp.exp(x), p=sp.Symbol("a"), neg=sp.Lt(x, 0), pos=sp.Gt(x, 0),
                    one=sp.Integer(1),
                    f=sp.Tuple(sp.Symbol("sigma") * (1 - sp.Symbol("sigma")), 1 - sp.tanh(x) ** 2, sp.Symbol("sigma"))),
                  verify.compare(vals, formula_values(x0, a), "formula", tolerance=1e-12))
    return [table, check], vals


def softmax_check(x0: float) -> Check:
    from symderiv import verify
    return Check(T("the answers: the Jacobian entries {j} at {z} vs. central differences",
                   "die Antworten: die Einträge {j} der Jacobi-Matrix bei {z} gegen zentrale Differenzen",
                   j=sp.Tuple(sp.Symbol("J_11"), sp.Symbol("J_12")),
                   z=sp.Tuple(*[_num(v) for v in softmax_point(x0)])),
                 verify.compare(softmax_values(x0), softmax_differences(x0), "central"))


def answers(x0: float, a: float, M: int, task1_values: list[float], names: dict) -> list:
    from symderiv.documents.answers import Answer
    x = sp.Symbol("x")
    exact = {"abs": 0.0, "rel": 0.0}
    out = [Answer(T(*QUESTIONS[n]), v, notation.at(sp.Derivative(sp.Function("f")(x), x), {x: _num(x0)}), task=1)
           for n, v in zip(ASKED, task1_values)]
    J = softmax_values(x0)
    s1, xs = sp.Symbol("s_1"), [sp.Symbol("x_1"), sp.Symbol("x_2")]
    out += [Answer(T("softmax at the given input: Jacobian entry in row 1, column 1", "Softmax an der gegebenen "
                     "Eingabe: Eintrag der Jacobi-Matrix in Zeile 1, Spalte 1"), J[0], notation.partial(s1, xs[0]), task=2),
            Answer(T("softmax at the given input: Jacobian entry in row 1, column 2", "Softmax an der gegebenen "
                     "Eingabe: Eintrag der Jacobi-Matrix in Zeile 1, Spalte 2"), J[1], notation.partial(s1, xs[1]), task=2),
            Answer(T("number of parameter vectors with the same function (the given layer)",
                     "Anzahl der Parametervektoren mit derselben Funktion (die gegebene Schicht)"),
                   math.factorial(M) * 2 ** M, task=3, tolerance=exact)]
    return out
