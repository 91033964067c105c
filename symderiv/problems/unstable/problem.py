"""Exercise sheet 001, Tutoraufgabe 6 (a)-(c): unstable gradients in a chain of single
neurons with the sigmoid. (a) 0 <= sigma' <= 1/4 and the interval of a = a^(l-1) with
|w sigma'(w a + b)| >= 1; (b) its length against |w|, the maximum, why a rarely lies in it;
(c) mean and variance of Q = q^(l+1) ... q^L under the hint's log-normal assumption. The
variant: the weight w and bias b of (a), and mu, s, K of (c).
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Grid, IntRange
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare
from symderiv.problems.unstable import maths, tasks

SPEC = declare(ProblemSpec(
    name="unstable-gradients",
    description="sigma' in [0, 1/4]; interval where |w sigma'(w a + b)| >= 1 and its maximal length; "
                "mean and variance of a product of log-normal factors (Monte Carlo check)",
    sheet="001",
    title="unstable.title",
    source="unstable.source",
    params=[Param("w", 6.0, "weight w of (a) (|w| > 4)", Grid(4.25, 30.0, 0.25)),
            Param("b", 1.0, "bias b of (a)", Grid(-3.0, 3.0, 0.25)),
            Param("mu", -1.0, "mean of log q", Grid(-2.0, 1.0, 0.5)),
            Param("s", 0.5, "standard deviation of log q (> 0)", Grid(0.2, 1.0, 0.1)),
            Param("K", 5, "number of factors L - l (1..50)", IntRange(2, 10))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("(a)", "unstable.a.title", tasks.task_a),
           TaskSpec("(b)", "unstable.b.title", tasks.task_b),
           TaskSpec("(c)", "unstable.c.title", tasks.task_c)],
    messages=Path(__file__).parent / "messages",
    lang="de",
    constraint=maths.constraint,
))
