"""The questions of ``relu-approximation`` on an exercise sheet: the grid spacing h and the
weights lambda_1, lambda_2, lambda_n of the worked example (n neurons), which a student
gets from f at the grid points with a calculator. (The fitted slope of the error study is
not asked: it needs the maximum errors of many networks.) The values are the closed form
(second differences / h); the check row compares them with numpy.linalg.solve of the
Toeplitz system and h with (b - a)/(n - 1) in exact arithmetic.
"""
from __future__ import annotations

import sympy as sp

from symderiv.documents.model import Check, T


def answers_and_check(ap, a_expr, b_expr) -> tuple[list, Check]:
    from symderiv.documents.answers import Answer
    from symderiv.verify import compare
    n = ap.n
    lam = sp.IndexedBase("lambda")
    vals = [float(ap.h), float(ap.lambdas[0]), float(ap.lambdas[1]), float(ap.lambdas[-1])]
    h_exact = float(sp.N((sp.sympify(b_expr) - sp.sympify(a_expr)) / (n - 1), 30))
    other = [h_exact, float(ap.lambdas_solve[0]), float(ap.lambdas_solve[1]), float(ap.lambdas_solve[-1])]
    answers = [Answer(T("grid spacing of the network with {n} neurons", "Gitterabstand des Netzes mit {n} Neuronen",
                        n=n), vals[0], sp.Symbol("h"), task=3)]
    answers += [Answer(T("weight of neuron {j} of the network with {n} neurons",
                         "Gewicht des Neurons {j} des Netzes mit {n} Neuronen", j=j, n=n), v, lam[j], task=3)
                for j, v in zip((1, 2, n), vals[1:])]
    check = Check(T("the answers {h}, {l1}, {l2}, {ln}: the closed form vs numpy.linalg.solve of the system, {h} "
                    "vs {hab} exactly",
                    "die Antworten {h}, {l1}, {l2}, {ln}: die geschlossene Form gegen numpy.linalg.solve des "
                    "Systems, {h} gegen {hab} exakt",
                    h=sp.Symbol("h"), l1=lam[1], l2=lam[2], ln=lam[n],
                    hab=(sp.Symbol("b") - sp.Symbol("a")) / (sp.Symbol("n") - 1)),
                  compare(vals, other, "numpy.linalg.solve", 1e-9))
    return answers, check
