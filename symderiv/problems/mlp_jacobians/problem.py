"""Exercise sheet 000, c) and its Bonus: an MLP 784-256-256-10 (tanh, tanh, softmax,
cross-entropy) as a DAG; the gradients for x and b^(1) as products of Jacobians with their
sizes; the explicit Jacobians from the definitions; the Bonus gradient for W^(1) through a
third-order tensor. Beyond the sheet: every parameter's gradient, and linear activations."""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import Choice, IntRange, Seq
from symderiv.problems.mlp_jacobians import maths, tasks, tasks_ext
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

P = "mlp-jacobians."

SPEC = declare(ProblemSpec(
    name="mlp-jacobians",
    description="MLP 784-256-256-10 (tanh, tanh, softmax, cross-entropy): DAG, Jacobian chains with sizes, "
                "explicit Jacobians, tensor gradient for W1, numeric check at full size",
    sheet="000",
    title=P + "title",
    source=P + "source",
    params=[Param("layers", "784,256,256,10", "layer sizes d0,...,dL", Seq(IntRange(2, 8), 4, sep=",")),
            Param("activations", "tanh,tanh,softmax", "one activation per layer",
                  Seq(Choice(("tanh", "sigmoid", "relu")), 2, sep=",", last=("softmax",))),
            Param("loss", "ce", "loss: ce, softmax_ce, l2, l2_half or l1")],
    prepare=maths.prepare,
    given=tasks.given,
    tasks=[TaskSpec("c)", P + "c.title", tasks.task_c),
           TaskSpec("Bonus", P + "bonus.title", tasks.task_bonus),
           TaskSpec("all", P + "all.title", tasks_ext.task_all_gradients, extension=True),
           TaskSpec("linear", P + "linear.title", tasks_ext.task_linear, extension=True)],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
