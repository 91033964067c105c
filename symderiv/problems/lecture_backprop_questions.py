"""The questions of ``lecture-backprop`` on an exercise sheet, with the variant's numbers.

* task 2: dL/ds of the lecture's example at s = s0 (the value reverse accumulation on the
  graph gives) and the number of paths 2^d through a chain of d blocks v -> sin v + cos v
  (counted on the graph);
* task 3: for the loss of one neuron L(w) = (sigmoid(3/2 w - 3/10) - 1)^2 at w0: L'(w0) and
  the errors D(h) - L'(w0) of the forward and the central difference quotient with step h.

Every value is recomputed by a second method for the check rows: dL/ds and L'(w0) by
``sympy.diff`` evaluated to 30 digits, the errors by the difference quotients in 30-digit
arithmetic, the paths by 2^d.
"""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, T

#: tolerance of the difference-quotient errors: small numbers, the digits that matter
ERROR_TOL = {"abs": 1e-7, "rel": 1e-3}
EXACT = {"abs": 0.0, "rel": 0.0}


def _num(v: float):
    return sp.Integer(int(v)) if float(v) == int(v) else sp.Float(float(v))


def neuron_loss():
    """(w, L(w)) of task 3."""
    from symderiv.language.table import sigmoid  # the table gives the functions their derivatives
    w = sp.Symbol("w", real=True)
    return w, (sigmoid(sp.Rational(3, 2) * w - sp.Rational(3, 10)) - 1) ** 2


def given_text(s0: float, blocks: int, w0: float, h: float) -> T:
    s, v, u = sp.Symbol("s"), sp.Symbol("v"), sp.Symbol("u")
    f = sp.Symbol("f")
    w, Lw = neuron_loss()
    return T("For the questions: the lecture's example {L} with {f} at {s0}; a chain of {d} blocks {blk}, where "
             "{u} is the output of the block before (the first block takes {s}); and the loss of one neuron {Lw} "
             "at {w0} with the step {h}.",
             "Für die Fragen: das Beispiel der Vorlesung {L} mit {f} bei {s0}; eine Kette aus {d} Blöcken {blk}, "
             "wobei {u} die Ausgabe des vorigen Blocks ist (der erste Block erhält {s}); und der Loss eines "
             "Neurons {Lw} bei {w0} mit der Schrittweite {h}.", u=u,
             L=sp.Eq(sp.Symbol("L"), notation.terms(sp.tanh(f), f ** 2)),
             f=sp.Eq(f, notation.terms(sp.sin(s) * s ** 2, sp.exp(s))), s0=sp.Eq(s, _num(s0)),
             d=blocks, blk=sp.Eq(v, notation.terms(sp.sin(u), sp.cos(u))), s=s,
             Lw=sp.Eq(sp.Function("L")(w), Lw), w0=sp.Eq(w, _num(w0)), h=sp.Eq(sp.Symbol("h"), _num(h)))


def difference_values(w0: float, h: float) -> list[float]:
    """L'(w0), forward error, central error in float64 (as the student's calculator)."""
    from symderiv.language.numeric import numeric
    w, Lw = neuron_loss()
    import numpy as np
    f, df = numeric(Lw, [w]), numeric(sp.diff(Lw, w), [w])
    L = lambda t: float(np.real(f(t)))  # noqa: E731
    d = float(np.real(df(w0)))
    fwd = (L(w0 + h) - L(w0)) / h
    cen = (L(w0 + h) - L(w0 - h)) / (2 * h)
    return [d, fwd - d, cen - d]


def difference_exact(w0: float, h: float) -> list[float]:
    """The same three numbers from the exact expressions, evaluated to 30 digits."""
    w, Lw = neuron_loss()
    Lw = Lw.rewrite(sp.exp)
    W, H = sp.Rational(str(w0)), sp.Rational(str(h))
    d = sp.diff(Lw, w).subs(w, W)
    fwd = (Lw.subs(w, W + H) - Lw.subs(w, W)) / H
    cen = (Lw.subs(w, W + H) - Lw.subs(w, W - H)) / (2 * H)
    return [float(sp.N(e, 30)) for e in (d, fwd - d, cen - d)]


def lecture_derivative_exact(expr_text: str, s0: float) -> float:
    from symderiv.language.parse import parse
    e = parse(expr_text)
    s = next(v for v in e.free_symbols if v.name == "s")
    return float(sp.N(sp.diff(e, s).subs(s, sp.Rational(str(s0))), 30))


def answers_and_checks(dLds: float, paths: int, blocks: int, s0: float, w0: float, h: float,
                       expr_text: str) -> tuple[list, Check, Check]:
    """(answers, check row of task 2, check row of task 3)."""
    from symderiv import verify
    from symderiv.documents.answers import Answer
    w, _ = neuron_loss()
    diffs = difference_values(w0, h)
    Lf = sp.Function("L")
    D, Dc = sp.Function("D_f"), sp.Function("D_c")
    hs = sp.Symbol("h", positive=True)
    answers = [
        Answer(T("the lecture's example at the given point", "das Beispiel der Vorlesung im gegebenen Punkt"),
               dLds, notation.partial(sp.Symbol("L"), sp.Symbol("s")), task=2),
        Answer(T("number of paths from {s} to the output of the chain of {d} blocks",
                 "Anzahl der Pfade von {s} zum Ausgang der Kette aus {d} Blöcken", s=sp.Symbol("s"), d=blocks),
               paths, task=2, tolerance=EXACT),
        Answer(T("derivative of the neuron's loss at the given point", "Ableitung des Loss des Neurons im "
                 "gegebenen Punkt"), diffs[0], sp.Derivative(Lf(w), w), task=3),
        Answer(T("error of the forward difference quotient {D} with the given step",
                 "Fehler des Vorwärts-Differenzenquotienten {D} mit der gegebenen Schrittweite",
                 D=sp.Eq(D(hs), notation.terms(Lf(notation.terms(w, hs)), -Lf(w)) / hs)),
               diffs[1], notation.terms(D(hs), -sp.Derivative(Lf(w), w)), task=3, tolerance=ERROR_TOL),
        Answer(T("error of the central difference quotient {D} with the given step",
                 "Fehler des zentralen Differenzenquotienten {D} mit der gegebenen Schrittweite",
                 D=sp.Eq(Dc(hs), notation.terms(Lf(notation.terms(w, hs)), -Lf(notation.terms(w, -hs))) / (2 * hs))),
               diffs[2], notation.terms(Dc(hs), -sp.Derivative(Lf(w), w)), task=3, tolerance=ERROR_TOL),
    ]
    check2 = Check(T("the answers: {d} (reverse accumulation) vs. sympy.diff, 30 digits; paths counted on the "
                     "graph vs. {p}",
                     "die Antworten: {d} (Rückwärtsakkumulation) gegen sympy.diff, 30 Stellen; auf dem Graphen "
                     "gezählte Pfade gegen {p}",
                     d=notation.partial(sp.Symbol("L"), sp.Symbol("s")), p=notation.power(2, blocks)),
                   verify.compare([dLds, float(paths)], [lecture_derivative_exact(expr_text, s0), float(2 ** blocks)],
                                  "sympy.diff", tolerance=1e-12))
    check3 = Check(T("the answers of task 3 (float64) vs. the exact expressions evaluated to 30 digits",
                     "die Antworten zu Aufgabe 3 (float64) gegen die exakten Ausdrücke, auf 30 Stellen ausgewertet"),
                   verify.compare(diffs, difference_exact(w0, h), "exact", tolerance=1e-6))
    return answers, check2, check3
