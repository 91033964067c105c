"""Exercise sheet 001, Aufgabe 11: its three unlabelled bullets. Teil 1: overfitting with few
training images (activation, initial weight scale, learning rate; what the plot shows);
Teil 2: Adam (the code, the bias correction derived and simulated, a worked example);
Teil 3: the best accuracy. CIFAR-10 is not on this machine: Teil 1 and 3 run on
scikit-learn's 8x8 digits, labelled as such, and give the command for CIFAR-10.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, Grid, IntRange
from symderiv.problems.overfitting import maths, tasks, tasks_adam
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

SPEC = declare(ProblemSpec(
    name="overfitting",
    description="Overfitting with few images (8x8 digits for CIFAR-10), Adam: NumPy code, bias "
                "correction derived and simulated, worked example; the best accuracy",
    sheet="001",
    title="overfitting.title",
    source="overfitting.source",
    params=[Param("num_training", 50, "training images of Teil 1", Choice((30, 40, 50, 60, 80))),
            Param("epochs", 80, "epochs of the long run of Teil 1", IntRange(60, 100)),
            Param("hidden", 100, "hidden ReLU neurons of Teil 1", IntRange(50, 150)),
            Param("beta1", 0.9, "Adam's decay rate of the first moment", Grid(0.8, 0.95, 0.005)),
            Param("beta2", 0.999, "Adam's decay rate of the second moment", Choice((0.99, 0.993, 0.995, 0.997, 0.998, 0.999))),
            Param("learning_rate", 0.1, "step size alpha of the worked example", Grid(0.01, 0.25, 0.01)),
            Param("g_mean", 0.5, "mean of the stationary gradients", Grid(-1.0, 1.0, 0.25, exclude=(0.0,))),
            Param("g_std", 1.0, "standard deviation of the stationary gradients", Grid(0.5, 2.0, 0.25))],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("Teil 1", "overfitting.a.title", tasks.task_1, anchor="In `run_overfitting.py`"),
           TaskSpec("Teil 2", "overfitting.b.title", tasks_adam.task_2, anchor="Das Adam-Optimierungsverfahren"),
           TaskSpec("Teil 3", "overfitting.c.title", tasks.task_3, anchor="Versuchen Sie als Herausforderung")],
    messages=Path(__file__).parent / "messages",
    lang="de",
    exercise="Aufgabe 11",
))
