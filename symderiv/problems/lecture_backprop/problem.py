"""Lecture 003 (Neural Networks and Backpropagation), the backpropagation slides, as eight
parts in the slides' order ("Teil 1" ... "Teil 8", anchored at the slide headings):
difference quotients, the computation-graph example, paths against forward and reverse
accumulation, backpropagation on the example and on one neuron, the Jacobians of the L2
and L1 loss and of a = W x + b. The variant: the points, the chain's blocks, the neuron's
and the losses' numbers.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, Grid, IntRange, Seq
from symderiv.problems.lecture_backprop import maths, tasks, tasks_jac, tasks_paths
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

P = "lecture-backprop"

SPEC = declare(ProblemSpec(
    name=P,
    description="Lecture 003, backpropagation: difference quotients, the graph example with its paths, "
                "forward vs reverse accumulation (counted), one neuron, L2/L1 and affine Jacobians",
    sheet="003",
    title=f"{P}.title",
    source=f"{P}.source",
    params=[Param("w0", 0.5, "point w of the difference quotients", Grid(-2.0, 2.0, 0.02)),
            Param("h", 0.1, "step h of the difference quotients (0 < h <= 1)", Choice((0.05, 0.1, 0.2))),
            Param("s0", 0.7, "point s of the lecture's example", Grid(-1.5, 1.5, 0.02)),
            Param("blocks2", 3, "blocks sin u + cos u of the chain", IntRange(1, 12)),
            Param("blocks3", 1, "blocks sin u + cos u + exp u of the chain", IntRange(1, 7)),
            Param("nx", (1.0, -0.5, 2.0), "the neuron's inputs x1..x3", Seq(Grid(-2.0, 2.0, 0.1), 3)),
            Param("nw", (0.3, 0.8, -0.4), "the neuron's weights w1..w3", Seq(Grid(-1.0, 1.0, 0.1), 3)),
            Param("nb", 0.1, "the neuron's bias b", Grid(-1.0, 1.0, 0.1)),
            Param("nt", 1.0, "the neuron's target t", Choice((0.0, 1.0))),
            Param("yhat", (0.37, -0.82, 0.15), "network output yhat of the loss Jacobians",
                  Seq(Grid(-1.0, 1.0, 0.01), 3)),
            Param("y", (0.5, -0.5, 0.0), "ground truth y of the loss Jacobians", Seq(Grid(-1.0, 1.0, 0.5), 3)),
            Param("W", (1.0, -0.5, 2.0, 0.5, 1.5, -1.0), "W (2 x 3, by rows) of a = W x + b",
                  Seq(Grid(-2.0, 2.0, 0.5), 6)),
            Param("x", (0.4, -1.2, 0.7), "x of a = W x + b", Seq(Grid(-2.0, 2.0, 0.1), 3)),
            Param("g", (0.3, -0.4), "upstream gradient g = dL/da", Seq(Grid(-1.0, 1.0, 0.1, exclude=(0.0,)), 2))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("Teil 1", f"{P}.t1.title", tasks.task_differences, anchor="### Motivation: Backpropagation"),
           TaskSpec("Teil 2", f"{P}.t2.title", tasks.task_example,
                    anchor="## Ableitungen im Berechnungsgraph - Beispiele"),
           TaskSpec("Teil 3", f"{P}.t3.title", tasks_paths.task_paths, anchor="## Ableitungen im Berechnungsgraph"),
           TaskSpec("Teil 4", f"{P}.t4.title", tasks_paths.task_backprop, anchor="### Backpropagation - Beispiel 1"),
           TaskSpec("Teil 5", f"{P}.t5.title", tasks_jac.task_neuron, anchor="### Backpropagation - Beispiel 2"),
           TaskSpec("Teil 6", f"{P}.t6.title", tasks_jac.task_l2, anchor="#### Jacobi-Matrix für $L_2$ -Loss"),
           TaskSpec("Teil 7", f"{P}.t7.title", tasks_jac.task_l1, anchor="### Jacobi-Matrix für $L_1$ -Loss"),
           TaskSpec("Teil 8", f"{P}.t8.title", tasks_jac.task_affine,
                    anchor="#### Matrix-Multiplikation und Vektor-Addition")],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
