"""Lecture 003 (neural networks, activation functions): the activation atlas. The lecture
has no task labels: Teil 1 starts from the slide "Aktivierungsfunktionen - Übersicht"
(every activation: derivative, bounds of the derivative, kinks, range; the gradient of one
neuron), Teil 2 from "Aktivierungsfunktionen für Output Units" (softmax: Jacobian, stable
form, two classes as a sigmoid), Teil 3 from "Symmetrien im Parameter-Raum" (M! 2^M; the
sigmoid's sign flip absorbed by the bias). The variant: the neuron (w, b, x) and PReLU's
alpha, softmax's input, the output weight and bias of the sigmoid network.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.activation_atlas import maths, tasks
from symderiv.problems.domains import Grid
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

SPEC = declare(ProblemSpec(
    name="activation-atlas",
    description="Every catalog activation: formula, derivative, sup/inf of the derivative, kinks, range, "
                "plot; a neuron's gradient; softmax Jacobian, stable form, two classes; M! 2^M symmetries",
    sheet="003",
    title="activation-atlas.title",
    source="activation-atlas.source",
    params=[Param("w", -0.75, "weight w of the neuron (nonzero)", Grid(-2.0, 2.0, 0.25, exclude=(0.0,))),
            Param("b", 0.5, "bias b of the neuron", Grid(-1.0, 1.0, 0.25)),
            Param("x", 1.3, "input x of the neuron (nonzero)", Grid(-2.0, 2.0, 0.05, exclude=(0.0,))),
            Param("alpha", 0.25, "parameter alpha of PReLU (0 < alpha < 1)", Grid(0.05, 0.5, 0.05)),
            Param("z1", 0.5, "softmax input x1", Grid(-2.0, 2.0, 0.25)),
            Param("z2", 0.0, "softmax input x2", Grid(-2.0, 2.0, 0.25)),
            Param("z3", 1.0, "softmax input x3", Grid(-2.0, 2.0, 0.25)),
            Param("v1", 1.2, "output weight v1 of the sigmoid network (nonzero)", Grid(-2.0, 2.0, 0.1, exclude=(0.0,))),
            Param("c", -0.3, "output bias c of the sigmoid network", Grid(-1.0, 1.0, 0.1))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("Teil 1", "activation-atlas.t1.title", tasks.task_1,
                    anchor="### Aktivierungsfunktionen - Übersicht"),
           TaskSpec("Teil 2", "activation-atlas.t2.title", tasks.task_2,
                    anchor="### Aktivierungsfunktionen für Output Units"),
           TaskSpec("Teil 3", "activation-atlas.t3.title", tasks.task_3,
                    anchor="### Symmetrien im Parameter-Raum")],
    messages=Path(__file__).parent / "messages",
    lang="en",
    constraint=maths.constraint,
))
