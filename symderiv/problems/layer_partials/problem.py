"""Exercise sheet 002, Aufgabe 1 (a)-(f): the partial derivatives of f = W x + b and of
g = a^T ReLU(W x + b), component by component (Kronecker delta, Heaviside step, sigmoid),
with values at a given point for (d)-(f)."""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import IntRange
from symderiv.problems.layer_partials import maths, tasks, tasks_f
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

P = "layer-partials."

SPEC = declare(ProblemSpec(
    name="layer-partials",
    description="Partial derivatives of f = Wx + b and g = a^T ReLU(Wx + b), component by component "
                "(Kronecker delta, Heaviside, sigmoid)",
    sheet="002",
    exercise="Aufgabe 1.",
    title=P + "title",
    source=P + "source",
    params=[Param("n", 3, "input size n (1..6)", IntRange(1, 6)),
            Param("m", 2, "output size m (1..6)", IntRange(1, 6)),
            Param("numbers", 1, "which set of numbers W, x, b, a the questions use (1..99)", IntRange(1, 20))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("(a)", P + "a.title", tasks.task_a),
           TaskSpec("(b)", P + "b.title", tasks.task_b),
           TaskSpec("(c)", P + "c.title", tasks.task_c),
           TaskSpec("(d)", P + "d.title", tasks.task_d),
           TaskSpec("(e)", P + "e.title", tasks.task_e),
           TaskSpec("(f)", P + "f.title", tasks_f.task_f)],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
