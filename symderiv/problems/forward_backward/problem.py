"""Sheet 004, Task 5 (a simple neural network): the forward pass (i) and the gradients by
backpropagation (ii) of a 2-3-2 sigmoid network with the squared loss, by hand, every value
checked. The weights of the sheet's own network are a reconstruction (see :mod:`.maths`)."""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, Grid, Seq
from symderiv.problems.forward_backward import maths, tasks
from symderiv.problems.forward_backward.maths import FB_DEFAULTS
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

_W = Choice((-1.0, -0.5, 0.5, 1.0))

SPEC = declare(ProblemSpec(
    name="forward-backward",
    description="The sheet's 2-3-2 sigmoid network by hand: forward pass and backpropagation, every value checked",
    sheet="004",
    title="forward-backward.title",
    source="forward-backward.source",
    params=[Param("w1", FB_DEFAULTS["w1"], "W^(1) row by row (d1*d0 numbers)", Seq(_W, 6)),
            Param("b1", FB_DEFAULTS["b1"], "b^(1)", Seq(_W, 3)),
            Param("w2", FB_DEFAULTS["w2"], "W^(2) row by row (d2*d1 numbers)", Seq(_W, 6)),
            Param("b2", FB_DEFAULTS["b2"], "b^(2)", Seq(_W, 2)),
            Param("x", FB_DEFAULTS["x"], "input x^(0)", Seq(Grid(-2.0, 2.0, 0.5), 2)),
            Param("y", FB_DEFAULTS["y"], "target y", Seq(Choice((0.0, 1.0)), 2))],
    prepare=maths.prepare,
    given=tasks.given,
    exercise="Task 5",
    tasks=[TaskSpec("Task 5 (i)", "forward-backward.i.title", tasks.task_i, anchor="(i)"),
           TaskSpec("Task 5 (ii)", "forward-backward.ii.title", tasks.task_ii, anchor="(ii)")],
    messages=Path(__file__).parent / "messages",
    lang="en",
))
