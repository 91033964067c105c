"""Exercise sheet 002 (Übungsblatt 11), Aufgabe 2 (a)-(f): vanishing gradients and skip
connections in the chain s_i = w_i o_(i-1) + b_i, o_i = sigma(s_i). The variant: the depth N,
the input x and one weight w for every layer of the three numerical questions (biases 0,
sigmoid).
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Grid, IntRange
from symderiv.problems.skip import maths, tasks
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

SPEC = declare(ProblemSpec(
    name="skip-connections",
    description="Chain s_i = w_i o_(i-1) + b_i, o_i = sigma(s_i): do_N/dw_1, skip connection over layers "
                "2..N-1, residual generalisation, gradient vs depth",
    sheet="002",
    exercise="Aufgabe 2.",
    title="skip.title",
    source="skip.source",
    params=[Param("N", 4, "depth of the numerical questions (3..6)", IntRange(3, 6)),
            Param("x", 1.0, "input x of the numerical questions", Grid(-2.0, 2.0, 0.25, exclude=(0.0,))),
            Param("w", 1.0, "weight of every layer in the numerical questions (biases 0)",
                  Grid(-2.0, 2.0, 0.25, exclude=(0.0,)))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("(a)", "skip.a.title", tasks.task_a),
           TaskSpec("(b)", "skip.b.title", tasks.task_b),
           TaskSpec("(c)", "skip.c.title", tasks.task_c),
           TaskSpec("(d)", "skip.d.title", tasks.task_d),
           TaskSpec("(e)", "skip.e.title", tasks.task_e),
           TaskSpec("(f)", "skip.f.title", tasks.task_f)],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
