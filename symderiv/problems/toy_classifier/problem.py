"""Sheet 004, Task 6 (a neural network implementation): Part 1 (i) ReLU and sigmoid with
their derivatives, (ii) Glorot initialisation, zero biases and the forward pass; Part 2 (i)
backpropagation, (ii) batch gradient descent, (iii) training on toy data with a sigmoid
output neuron and the decision region. The code is the NumPy code a student writes
(:mod:`.student`); the questions ask what that code gives for a small test network with the
variant's weights (as the sheet's hints test it with the weights of Task 5), computed by
hand in the solution and checked against a second implementation and numeric derivatives.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, Grid, Seq
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare
from symderiv.problems.toy_classifier import maths, tasks
from symderiv.problems.toy_classifier.maths import DEFAULTS

_W = Grid(-1.0, 1.0, 0.1, exclude=(0.0,))
_B = Grid(-1.0, 1.0, 0.1)

SPEC = declare(ProblemSpec(
    name="toy-classifier",
    description="A neural network in NumPy: activations, Glorot initialisation, forward pass, backprop and "
                "gradient descent checked on a test network; training on XOR-like toy data, decision region",
    sheet="004",
    title="toy-classifier.title",
    source="toy-classifier.source",
    params=[Param("activation", DEFAULTS["activation"], "hidden activation: relu or sigmoid",
                  Choice(("relu", "sigmoid"))),
            Param("z", DEFAULTS["z"], "point z_0 for sigma and its derivative", Grid(-4.0, 4.0, 0.01, exclude=(0.0,))),
            Param("w1", DEFAULTS["w1"], "W^(1) of the test network, row by row (6 numbers)", Seq(_W, 6)),
            Param("b1", DEFAULTS["b1"], "b^(1) of the test network (3 numbers)", Seq(_B, 3)),
            Param("w2", DEFAULTS["w2"], "W^(2) of the test network (3 numbers)", Seq(_W, 3)),
            Param("b2", DEFAULTS["b2"], "b^(2) of the test network", _B),
            Param("x", DEFAULTS["x"], "input x^(0) of the test network (2 numbers)", Seq(Grid(-2.0, 2.0, 0.1), 2)),
            Param("y", DEFAULTS["y"], "target y: 0 or 1", Choice((0.0, 1.0))),
            Param("eta", DEFAULTS["eta"], "step size of the one gradient step", Grid(0.5, 5.0, 0.5))],
    prepare=maths.prepare,
    given=tasks.given,
    exercise="Task 6",
    tasks=[TaskSpec("Teil 1 (i)", "toy-classifier.p1i.title", tasks.task_part1_i, anchor="(i) Implement the ReLU"),
           TaskSpec("Teil 1 (ii)", "toy-classifier.p1ii.title", tasks.task_part1_ii, anchor="(ii) The class"),
           TaskSpec("Teil 2 (i)", "toy-classifier.p2i.title", tasks.task_part2_i, anchor="(i) Implement backprop"),
           TaskSpec("Teil 2 (ii)", "toy-classifier.p2ii.title", tasks.task_part2_ii, anchor="(ii) Implement a"),
           TaskSpec("Teil 2 (iii)", "toy-classifier.p2iii.title", tasks.task_part2_iii, anchor="(iii) Test your")],
    messages=Path(__file__).parent / "messages",
    lang="en",
    constraint=maths.constraint,
))
