"""Exercise sheet 004, Task 7: approximating a function with one hidden layer of ReLUs.
The network NN(x) = sum_j lambda_j ReLU(x - b_j) through the grid points (x_i, f(x_i)):
the linear system h T lambda = f of the sheet's equation (1), its solution for one
variant, and experiments with n. Beyond the sheet: the closed form of the weights
(second differences) and the O(h^2) order of the error.

``maths.py`` computes (with the linear algebra in ``approx.py``), ``checks.py``
verifies, ``tasks.py`` and ``tasks_ext.py`` turn both into statements, questions and
the worked solution, ``student.py`` is the NumPy program the sheet asks for (printed
and run), ``messages/`` holds the sentences.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, IntRange
from symderiv.problems.relu_approximation import maths, tasks, tasks_ext
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

SPEC = declare(ProblemSpec(
    name="relu-approximation",
    description="ReLU interpolation: Toeplitz system, closed-form weights (second differences), O(h^2) error",
    sheet="004",
    title="relu-approximation.title",
    source="relu-approximation.source",
    params=[Param("f", "sin(x)", "the function of x to approximate",
                  Choice(("sin(x)", "cos(x)", "exp(x)", "x^3", "tanh(x)", "sigmoid(x)"))),
            Param("a", "0", "left end of the interval (a number, may use pi)",
                  Choice(("-1", "-1/2", "0", "1/2", "1"))),
            Param("b", "pi", "right end of the interval (a number, may use pi)",
                  Choice(("pi/2", "2", "5/2", "pi"))),
            Param("n", 6, "number of neurons", IntRange(4, 10))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("Task 7", "relu-approximation.t7.title", tasks.task_7),
           TaskSpec("closed", "relu-approximation.closed.title", tasks_ext.task_closed_form, extension=True),
           TaskSpec("error", "relu-approximation.error.title", tasks_ext.task_error, extension=True)],
    messages=Path(__file__).parent / "messages",
    lang="en",
))
