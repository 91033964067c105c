"""Exercise sheet 000, exercise b): the Rosenbrock function f(x1, x2) = b (x2 - x1^2)^2 +
(a - x1)^2 (the sheet: a = 1, b = 100) as a computation graph; the gradient by reverse
accumulation along it. Beyond the sheet: the Hessian, and the minimum.

The example of the problem format (:mod:`symderiv.problems.spec`): ``maths.py`` computes,
``checks.py`` verifies, ``tasks.py`` turns both into statements, questions and the worked
solution, ``messages/`` holds the sentences.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, Grid
from symderiv.problems.rosenbrock import maths, tasks
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

SPEC = declare(ProblemSpec(
    name="rosenbrock",
    description="Rosenbrock function: DAG with edge derivatives, reverse accumulation, gradient, "
                "Hessian, minimum",
    sheet="000",
    title="rosenbrock.title",
    source="rosenbrock.source",
    params=[Param("a", 1.0, "constant a in (a - x1)^2", Grid(-2.0, 2.0, 0.25, exclude=(0.0,))),
            Param("b", 100.0, "factor b of (x2 - x1^2)^2 (nonzero)", Choice((0.5, 1.0, 2.0, 5.0, 10.0, 100.0))),
            Param("x1", 1.2, "evaluation point: x1", Grid(-2.0, 2.0, 0.1)),
            Param("x2", 1.0, "evaluation point: x2", Grid(-2.0, 2.0, 0.1))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("b)", "rosenbrock.b.title", tasks.task_b),
           TaskSpec("hessian", "rosenbrock.hessian.title", tasks.task_hessian, extension=True),
           TaskSpec("minimum", "rosenbrock.min.title", tasks.task_minimum, extension=True)],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
