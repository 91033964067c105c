"""The tasks of 001 Aufgabe 11 on the digits (Teil 1: overfitting with few training images;
Teil 3: the best accuracy), each with the CIFAR-10 command for the sheet's own data; Teil 2
(Adam) is in :mod:`.tasks_adam`. Sentences from ``messages/``."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.content import Code
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Plot, Result, Series, Step, Table
from symderiv.problems.nn_common import num
from symderiv.problems.overfitting import checks
from symderiv.problems.overfitting.maths import (BATCH, CHALLENGE_BATCH, CHALLENGE_EPOCHS, CHALLENGE_LR, LR,
                                                 SWEEP_EPOCHS, TARGET_TEST, TARGET_TRAIN, Maths, best)
from symderiv.problems.spec import Part, Question

P = "overfitting."
#: the commands for CIFAR-10 (the python batches in the directory cifar-10-batches-py)
COMMAND_1 = ("symderiv train --data cifar-10-batches-py --num-training 2500 \\\n"
             "    --hidden 100 --activation relu --lr 1e-3 --epochs 20 --batch-size 100 \\\n"
             "    --out curves-1.csv")
COMMAND_3 = ("symderiv train --data cifar-10-batches-py --num-training 20000 \\\n"
             "    --hidden 500,250 --activation relu --lr 1e-3 --epochs 20 --batch-size 200 \\\n"
             "    --out curves-3.csv")


def _act(name: str) -> Msg:
    return Msg(P + "act." + name)


def _scale(s):
    return Msg(P + "glorot") if s is None else num(s)


def _sizes(m: Maths) -> list:
    return [int(m.data["X_train"].shape[1]), int(m.params["hidden"]), 10]


def given(m: Maths) -> list:
    d = m.data
    n_tr, n_val, n_test = len(d["y_train"]), len(d["y_val"]), len(d["y_test"])
    return [Msg(P + "given.data", total=n_tr + n_val + n_test, px=int(d["X_train"].shape[1])),
            Msg(P + "given.split", n=n_tr, v=n_val, t=n_test)]


def _counts(m: Maths) -> tuple[int, int, list]:
    sizes = _sizes(m)
    count = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    per_epoch = -(-len(m.data["y_train"]) // BATCH)
    updates = int(m.params["epochs"]) * per_epoch
    N, U = sp.Symbol("N"), sp.Symbol("U")
    px, h = sizes[0], sizes[1]
    mul = lambda a, b: sp.Mul(a, b, evaluate=False)  # noqa: E731
    frac = sp.ceiling(sp.Mul(len(m.data["y_train"]), sp.Pow(BATCH, -1, evaluate=False), evaluate=False),
                      evaluate=False)
    nn, kk = sp.symbols("n k")
    steps = [Step(Msg(P + "a.count_steps", N=N, U=U, n=nn, k=kk, nk=notation.juxtaposed(nn, kk)),
                  [Equation(N, [notation.terms(mul(px, h), h, mul(h, 10), 10), count]),
                   Equation(U, [mul(int(m.params["epochs"]), frac), mul(int(m.params["epochs"]), per_epoch),
                                updates])])]
    return count, updates, steps


def _sweep_blocks(m: Maths) -> list:
    top, worst = best(m.sweep), min(m.sweep, key=lambda r: r.train_acc)
    lr_best = best(m.rates)
    glorot = sp.sqrt(sp.Mul(2, sp.Pow(notation.terms(sp.Symbol("n"), sp.Symbol("k")), -1), evaluate=False),
                     evaluate=False)
    return [
        Step(Msg(P + "a.sweep", h=int(m.params["hidden"]), lr=num(LR), e=SWEEP_EPOCHS, g=glorot,
                 nin=sp.Symbol("n"), nout=sp.Symbol("k"))),
        Table([Msg(P + "col.activation"), Msg(P + "col.scale"), Msg(P + "col.train"), Msg(P + "col.val")],
              [[_act(r.activation), _scale(r.scale), num(r.train_acc, 3), num(r.val_acc, 3)] for r in m.sweep],
              Msg(P + "a.sweep_caption", e=SWEEP_EPOCHS, n=len(m.data["y_train"]))),
        Msg(P + "a.best", a=_act(top.activation), s=_scale(top.scale), va=num(top.val_acc, 3),
            tr=num(top.train_acc, 3)),
        Msg(P + ("a.worst" if worst.scale is not None and worst.scale <= 0.01 else "a.worst_plain"),
            a=_act(worst.activation), s=_scale(worst.scale), tr=num(worst.train_acc, 3),
            d=num(m.spread0, 2), e=SWEEP_EPOCHS, lin=num(m.linear.train_acc, 3)),
        Table([Msg(P + "col.lr"), Msg(P + "col.train"), Msg(P + "col.val")],
              [[num(r.lr), num(r.train_acc, 3), num(r.val_acc, 3)] for r in m.rates],
              Msg(P + "a.rates_caption", a=_act(top.activation), s=_scale(top.scale), e=SWEEP_EPOCHS)),
        Msg(P + "a.rate_best", lr=num(lr_best.lr), va=num(lr_best.val_acc, 3)),
    ]


def _long_run(m: Maths, plotted) -> Msg:
    """What the plot shows, and where its setting (the task's, with the Glorot scale) stood
    in the sweep: the best setting, or below the best."""
    top = best(m.sweep)
    setting = (Msg(P + "a.plotted_setting_best", vg=num(plotted.val_acc, 3)) if top is plotted else
               Msg(P + "a.plotted_setting", vg=num(plotted.val_acc, 3), vb=num(top.val_acc, 3)))
    return Msg(P + "a.long_run", h=int(m.params["hidden"]), lr=num(LR), e=int(m.params["epochs"]), b=BATCH,
               setting=setting)


def _curves(m: Maths) -> tuple[list, dict]:
    h = m.main.history
    # the sweep's row of the plotted run's setting (its activation and weight scale)
    plotted = next(r for r in m.sweep if (r.activation, r.scale) == (m.main.activation, m.main.scale))
    va, vl = np.array(h.val_acc), np.array(h.val_loss)
    k_acc, k_loss = int(np.argmax(va)), int(np.argmin(vl))
    se = checks.accuracy_se(float(va[-1]), len(m.data["y_val"]))
    drop = float(va[k_acc] - va[-1])
    falls = drop > 2 * se
    gap = float(h.train_acc[-1] - va[-1])
    facts = {"falls": falls, "drop": drop, "se": se, "gap": gap, "k_loss": k_loss, "vl": vl}
    blocks = [
        _long_run(m, plotted),
        Plot([Series(Msg(P + "series.train"), h.epochs, h.train_acc),
              Series(Msg(P + "series.val"), h.epochs, h.val_acc, "thick, dashed")],
             xlabel=Msg(P + "axis.epoch"), ylabel=Msg(P + "axis.accuracy"), caption=Msg(P + "a.acc_caption")),
        Plot([Series(Msg(P + "series.train"), h.epochs, h.loss),
              Series(Msg(P + "series.val"), h.epochs, h.val_loss, "thick, dashed")],
             xlabel=Msg(P + "axis.epoch"), ylabel=Msg(P + "axis.loss"), ymode="log", caption=Msg(P + "a.loss_caption")),
        Msg(P + "a.gap", tr=num(h.train_acc[-1], 3), va=num(va[-1], 3), g=num(gap, 3), se=num(se, 2),
            nv=len(m.data["y_val"])),
        Msg(P + "a.loss", lmin=num(vl[k_loss], 3), kl=k_loss + 1, lend=num(vl[-1], 3)),
        Msg(P + ("a.acc_falls" if falls else "a.acc_level" if drop > 0 else "a.acc_peak_end"), vmax=num(va[k_acc], 3), kv=k_acc + 1,
            vend=num(va[-1], 3), d=num(drop, 2), se2=num(2 * se, 2)),
    ]
    return blocks, facts


def task_1(m: Maths) -> Part:
    """First bullet: activation, weight scale and learning rate; overfitting in the plot."""
    count, updates, count_steps = _counts(m)
    curves, f = _curves(m)
    h = m.main.history
    statement = [Msg(P + "a.statement", n=len(m.data["y_train"]), t=num(TARGET_TRAIN)),
                 Msg(P + "a.statement_network", px=_sizes(m)[0], h=int(m.params["hidden"]), lr=num(LR),
                     e=int(m.params["epochs"]), b=BATCH)]
    solution = _sweep_blocks(m) + curves + [
        Table([Msg(P + "col.quantity"), Msg(P + "col.required"), Msg(P + "col.digits")],
              [[Msg(P + "row.train_acc"), num(TARGET_TRAIN), num(h.train_acc[-1], 3)]], Msg(P + "a.target_caption")),
        Msg(P + "a.cifar"), Code(COMMAND_1, "bash", Msg(P + "a.cifar_caption")),
    ] + count_steps + [
        Result(Msg(P + "result.count"), sp.Symbol("N"), sp.Integer(count)),
        Result(Msg(P + "result.updates"), sp.Symbol("U"), sp.Integer(updates)),
    ]
    vl, kl = f["vl"], f["k_loss"]
    found = [
        Check(Msg(P + "check.best", k=len(m.sweep)), checks.best_by_validation(m.sweep, best(m.sweep))),
        Check(Msg(P + "check.best_rate", k=len(m.rates)), checks.best_by_validation(m.rates, best(m.rates))),
        Check(Msg(P + "check.linear", lin=num(m.linear.train_acc, 3),
                  tr=num(min(r.train_acc for r in m.sweep), 3)),
              checks.holds(True, m.linear.train_acc > min(r.train_acc for r in m.sweep))),
        Check(Msg(P + "check.gap", g=num(f["gap"], 3), se5=num(5 * f["se"], 2)), checks.holds(True, f["gap"] > 5 * f["se"])),
        Check(Msg(P + "check.acc_claim", d=num(f["drop"], 2), se2=num(2 * f["se"], 2)),
              checks.holds(f["falls"], f["drop"] > 2 * f["se"])),
        Check(Msg(P + "check.loss_rises"), checks.holds(True, bool(vl[-1] > vl[kl] and kl < len(vl) - 1))),
        Check(Msg(P + "check.target", a=num(TARGET_TRAIN)), checks.holds(True, h.train_acc[-1] >= TARGET_TRAIN)),
        Check(Msg(P + "check.gradient"), checks.layer_gradient(m)),
        Check(Msg(P + "check.counts", e=int(m.params["epochs"])), checks.counts(m, count, updates)),
    ]
    questions = [Question("parameters", Msg(P + "q.count"), count),  # counts: graded exactly
                 Question("updates", Msg(P + "q.updates"), updates)]
    return Part(statement, solution, found, questions)


def task_3(m: Maths) -> Part:
    """Third bullet: the best accuracy (on the digits here; the CIFAR-10 command)."""
    chosen = best(m.challenge)
    cd = m.challenge_data
    px = int(cd["X_train"].shape[1])
    arch = lambda r: notation.Arrows(*[sp.Integer(x) for x in (px, *r.hidden, 10)])  # noqa: E731
    statement = [Msg(P + "c.statement", t=num(TARGET_TEST))]
    solution = [
        Msg(P + "c.setup", n=len(cd["y_train"]), v=len(cd["y_val"]), t=len(cd["y_test"]), e=CHALLENGE_EPOCHS,
            b=CHALLENGE_BATCH, lr=num(CHALLENGE_LR)),
        Table([Msg(P + "col.activation"), Msg(P + "col.hidden"), Msg(P + "col.train"), Msg(P + "col.val")],
              [[_act(r.activation), arch(r), num(r.train_acc, 3), num(r.val_acc, 3)] for r in m.challenge],
              Msg(P + "c.caption", e=CHALLENGE_EPOCHS)),
        Msg(P + "c.chosen", a=_act(chosen.activation), h=arch(chosen), va=num(chosen.val_acc, 3),
            te=num(m.challenge_test, 3), t=len(cd["y_test"])),
        Msg(P + "c.cifar", t=num(TARGET_TEST)), Code(COMMAND_3, "bash", Msg(P + "c.cifar_caption")),
        Result(Msg(P + "result.challenge_test", t=len(cd["y_test"])), sp.Symbol("a"), sp.Float(m.challenge_test)),
    ]
    found = [
        Check(Msg(P + "check.best_arch", k=len(m.challenge)), checks.best_by_validation(m.challenge, chosen)),
        Check(Msg(P + "check.loader"), checks.cifar_loader()),
    ]
    return Part(statement, solution, found, [])
