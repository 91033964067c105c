"""An example of a tutor's own problem (see docs/own-problems.md).

One sigmoid neuron with squared loss: L(w, b) = (sigmoid(w x + b) - y)^2 for one training
pair (x, y). The student derives the gradient and evaluates it at the given (w, b).
Use it with ``symderiv problems --problems examples/own_problem`` and
``symderiv sheet neuron-loss --problems examples/own_problem --variants 5 --out D``.
"""
import sympy as sp

import symderiv
from symderiv.documents.answers import Answer
from symderiv.documents.model import Check, Equation, Result, Solution, Step, T, Task
from symderiv.language.parse import parse, symbol
from symderiv.problems import Param, register
from symderiv.problems.domains import Choice, Grid
from symderiv import verify


def good_variant(params):
    """The constraint: None for a good exercise, else the reason (then it is resampled)."""
    if params["w"] == 0 and params["b"] == 0:
        return "w = b = 0 makes the neuron's output constant 1/2"
    return None


@register("neuron-loss", "One sigmoid neuron, squared loss: gradient with respect to w and b",
          source="examples/own_problem", lang="en", constraint=good_variant,
          params=[Param("x", 1.0, "input", Grid(-2.0, 2.0, 0.5, exclude=(0.0,))),
                  Param("y", 1.0, "target", Choice((0.0, 1.0))),
                  Param("w", 0.5, "weight at which the gradient is evaluated", Grid(-1.0, 1.0, 0.5)),
                  Param("b", 0.0, "bias at which the gradient is evaluated", Grid(-1.0, 1.0, 0.5))])
def build(params: dict, seed: int) -> Solution:
    # the loss as text for the safe parser, built from the numbers only
    loss = parse(f"(sigmoid(w*{params['x']!r} + b) - {params['y']!r})^2")
    w, b = symbol("w"), symbol("b")
    grad = symderiv.gradient(loss, [w, b]).closed_form
    point = {w: params["w"], b: params["b"]}
    at = symderiv.gradient(loss, [w, b], at=point)  # {name: value} by reverse accumulation
    values = [at["w"], at["b"]]
    L = sp.Function("L")(w, b)
    dL_dw, dL_db = sp.Derivative(L, w), sp.Derivative(L, b)
    return Solution(
        "neuron-loss", T("Gradient of a neuron's squared loss", "Gradient des quadratischen Fehlers eines Neurons"),
        source="examples/own_problem",
        given=[Equation(sp.Symbol("L"), [loss]),
               T("Evaluate at {p}.", "Werte aus bei {p}.", p=sp.Tuple(sp.Eq(w, point[w]), sp.Eq(b, point[b])))],
        tasks=[Task(T("Gradient", "Gradient"), [
            Step(T("Chain rule through the sigmoid:", "Kettenregel durch die Sigmoid-Funktion:"),
                 [Equation(sp.Derivative(sp.Symbol("L"), w), [grad[0]]),
                  Equation(sp.Derivative(sp.Symbol("L"), b), [grad[1]])]),
            Result(T("at the given point", "im gegebenen Punkt"), dL_dw, values[0]),
            Result(T("at the given point", "im gegebenen Punkt"), dL_db, values[1]),
            Check(T("gradient vs. numerical derivative", "Gradient gegen numerische Ableitung"),
                  verify.check_expression(loss, [w, b], gradient=grad, point=point, seed=seed)),
        ])],
        # maths in a sentence is a placeholder ({w}): typeset as maths, never typed as text;
        # lhs is what the sheet shows in front of the blank
        answers=[Answer(T("as an expression in {w} and {b}", "als Ausdruck in {w} und {b}", w=w, b=b),
                        grad[0], lhs=dL_dw, task=1),
                 Answer(T("at the given point", "im gegebenen Punkt"), values[0], lhs=dL_dw, task=1),
                 Answer(T("at the given point", "im gegebenen Punkt"), values[1], lhs=dL_db, task=1)])
