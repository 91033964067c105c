"""Exercise sheet 000, exercise a): the effect of the activation function on the gradient in
the chain h_i = sigma(w_i h_(i-1)). 1.: dh_n/dw_i as a product; 2.: its bound for the
sigmoid with |w_i| < 1 (and what is true about that bound: the factors are coupled), and
for the ReLU. The variant: the depth n, the input x and one weight w for every layer of the
numerical questions.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Grid, IntRange
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare
from symderiv.problems.vanishing import maths, tasks

SPEC = declare(ProblemSpec(
    name="vanishing-gradients",
    description="Chain h_i = sigma(w_i h_{i-1}): dh_n/dw_i as a product, sigmoid bound (1/4)^(n-i+1), ReLU",
    sheet="000",
    exercise="a) Auswirkungen",
    title="vanishing.title",
    source="vanishing.source",
    params=[Param("n", 3, "depth of the questions (1..6)", IntRange(2, 5)),
            Param("x", 1.0, "input x of the questions", Grid(0.5, 3.0, 0.25)),
            Param("w", 0.5, "weight of every layer in the questions (0 < |w| < 1)", Grid(0.2, 0.95, 0.05))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("1.", "vanishing.1.title", tasks.task_1),
           TaskSpec("2.", "vanishing.2.title", tasks.task_2)],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
