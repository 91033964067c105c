"""001 Aufgabe 11: (a) overfitting with few training images, with the weight-scale,
activation and learning-rate choice the sheet asks to tune (a measured sweep); (b) the
Adam update rule of ``symderiv/nn/optim.py`` shown as the code that ran, next to the
expected values of the course's ``test_optim`` check.

Data: scikit-learn's bundled 8x8 digits replace CIFAR-10 (which is not on disk; ``symderiv
train --data DIR`` trains on CIFAR-10 batches).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents.model import Check, Plot, Result, Series, Solution, Step, T, Table, Task
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, IntRange
from symderiv.problems.nn_common import listing, num

#: the sweep of (a): hidden activation x initial weight scale (None: Glorot), short runs
SWEEP_SCALES = (1e-3, 1e-2, 1e-1, 1.0, None)
SWEEP_EPOCHS = 10
#: the sheet's targets: >= 60 % training accuracy in (a), >= 40 % test accuracy in (c)
TARGET_TRAIN, TARGET_TEST = 0.6, 0.4


def _sweep(data, hidden, lr, seed):
    from symderiv.nn.model import MLP, train_classifier
    rows = []
    for act in ("sigmoid", "relu"):
        for scale in SWEEP_SCALES:
            model = MLP(64, [hidden], 10, activation=act, weight_scale=scale, seed=seed)
            h = train_classifier(model, data, epochs=SWEEP_EPOCHS, batch_size=25,
                                 learning_rate=lr, seed=seed)
            rows.append((act, scale, h.train_acc[-1], h.val_acc[-1]))
    return rows


@register("overfitting",
          "Overfitting: an MLP (modular layers, Adam) on few 8x8 digits; weight-scale sweep; Adam code",
          source="001 Aufgabe 11", lang="de",
          params=[Param("num_training", 50, "training images", Choice((30, 40, 50, 60, 80))),
                  Param("epochs", 80, "epochs", IntRange(60, 100)),
                  Param("hidden", 100, "hidden neurons (one ReLU layer)"),
                  Param("lr", 1e-2, "Adam learning rate")])
def build_overfitting(params: dict, seed: int) -> Solution:
    from symderiv.nn import optim
    from symderiv.nn.course_values import ADAM_EXPECTED, adam_input
    from symderiv.nn.data import DataError, load_digits_data
    from symderiv.nn.experiment import DIGITS_DEFAULTS
    from symderiv.nn.model import MLP, accuracy, train_classifier
    from symderiv.verify import check_gradient, compare
    if not 10 <= params["num_training"] <= 1000:
        raise ProblemError("num_training must lie between 10 and 1000")
    if not 2 <= params["epochs"] <= 300:
        raise ProblemError("epochs must lie between 2 and 300")
    if not 1 <= params["hidden"] <= 1000:
        raise ProblemError("hidden must lie between 1 and 1000")
    if not 0 < params["lr"] <= 1:
        raise ProblemError("lr must lie in (0, 1]")
    n_tr, hidden, lr = params["num_training"], params["hidden"], params["lr"]
    try:
        data = load_digits_data(n_tr, DIGITS_DEFAULTS["num_validation"], seed=seed)
    except DataError as exc:
        raise ProblemError(str(exc)) from None
    sweep = _sweep(data, hidden, lr, seed)
    model = MLP(64, [hidden], 10, activation="relu", seed=seed)
    batch = int(DIGITS_DEFAULTS["batch_size"])
    h = train_classifier(model, data, epochs=params["epochs"], batch_size=batch,
                         learning_rate=lr, seed=seed)
    test_acc = accuracy(model, data["X_test"], data["y_test"])
    va, vl = np.array(h.val_acc), np.array(h.val_loss)
    k_acc, k_loss = int(np.argmax(va)), int(np.argmin(vl))

    # the modular layers' gradient, checked on a small batch of the data
    small = MLP(64, [12], 10, activation="relu", reg=1e-3, seed=seed)
    Xb, yb = data["X_train"][:16], data["y_train"][:16]

    def f(p):
        small.params = p
        return small.loss(Xb, yb)[0]

    def g(p):
        small.params = p
        return small.loss(Xb, yb)[1]
    rec = check_gradient(f, g, {k: v.copy() for k, v in small.params.items()}, method="central", seed=seed)

    n_val, n_test = len(data["y_val"]), len(data["y_test"])
    given = [
        T("Data: the 8 by 8 images of handwritten digits bundled with scikit-learn ({total} images, "
          "10 classes, {px} grey values scaled to the interval from 0 to 1), the substitute for "
          "CIFAR-10, which is not on disk (the command symderiv train --data DIR trains on "
          "CIFAR-10). Only {n} images are used for training, {v} for validation and the other "
          "{t} for the test (shuffled with seed {seed}).",
          "Daten: die 8 mal 8 Pixel großen Bilder handgeschriebener Ziffern, die scikit-learn "
          "mitbringt ({total} Bilder, 10 Klassen, {px} Grauwerte zwischen 0 und 1), Ersatz für "
          "CIFAR-10, das nicht lokal vorliegt (der Befehl symderiv train --data DIR trainiert auf "
          "CIFAR-10). Nur {n} Bilder dienen dem Training, {v} der Validierung und die übrigen {t} "
          "dem Test (gemischt mit Startwert {seed}).",
          n=n_tr, v=n_val, t=n_test, seed=str(seed), total=n_tr + n_val + n_test,
          px=int(data["X_train"].shape[1])),
        T("The network: {px} inputs, one hidden layer of {h} ReLU neurons and {c} outputs (weights "
          "and biases in every layer), trained with Adam for {e} epochs in minibatches of {b} "
          "images (the last minibatch of an epoch may be smaller).",
          "Das Netz: {px} Eingaben, eine verdeckte Schicht aus {h} ReLU-Neuronen und {c} Ausgaben "
          "(Gewichte und Schwellen in jeder Schicht), trainiert mit Adam über {e} Epochen in "
          "Minibatches aus {b} Bildern (der letzte Minibatch einer Epoche kann kleiner sein).",
          px=int(data["X_train"].shape[1]), h=hidden, c=10, e=int(params["epochs"]), b=batch),
    ]
    answers, answer_check = _questions(model, h, [int(data["X_train"].shape[1]), hidden, 10], n_tr, batch,
                                       int(params["epochs"]))
    scale_name = lambda s: T("Glorot", "Glorot") if s is None else num(s)  # noqa: E731
    best = max(sweep, key=lambda r: (r[2], r[3]))
    worst = min(sweep, key=lambda r: r[2])
    t_sweep = Task(T("(a) Activation, weight scale and learning rate",
                     "(a) Aktivierung, Gewichtsskalierung und Lernrate"), [
        Step(T("The sheet asks to tune the type of activation, the scaling parameter of the initial "
               "weights (each weight is drawn from a normal distribution with mean 0 and this "
               "standard deviation) and the learning rate. Measured: one hidden layer of {h} "
               "neurons, Adam with learning rate {lr}, {e} epochs each, for both activations and "
               "five scales (Glorot: standard deviation {g}).",
               "Das Blatt verlangt, den Typ der Aktivierung, den Skalierungsparameter der "
               "Startgewichte (jedes Gewicht wird normalverteilt mit Mittelwert 0 und dieser "
               "Standardabweichung gezogen) und die Lernrate anzupassen. Gemessen: eine verdeckte "
               "Schicht mit {h} Neuronen, Adam mit Lernrate {lr}, je {e} Epochen, für beide "
               "Aktivierungen und fünf Skalierungen (Glorot: Standardabweichung {g}).",
               h=hidden, lr=lr, e=SWEEP_EPOCHS,
               g=sp.sqrt(2 / (sp.Symbol("d_in") + sp.Symbol("d_out"))))),
        Table([T("activation", "Aktivierung"), T("weight scale", "Gewichtsskalierung"),
               T("training accuracy", "Trainingsgenauigkeit"), T("validation accuracy", "Validierungsgenauigkeit")],
              [["ReLU" if a == "relu" else "Sigmoid", scale_name(s), num(tr, 3), num(v, 3)]
               for a, s, tr, v in sweep],
              caption=T("Accuracies after {e} epochs.", "Genauigkeiten nach {e} Epochen.", e=SWEEP_EPOCHS)),
        Step(T("The scale matters most for the sigmoid: small weights keep every hidden neuron near "
               "the middle of the sigmoid, where the network is almost linear, while large weights "
               "saturate it. The best setting of the sweep is {a} with scale {s} (training accuracy "
               "{tr}); the worst {a2} with scale {s2} ({tr2}). The run below uses ReLU with Glorot "
               "scale and learning rate {lr}.",
               "Die Skalierung wirkt am stärksten bei der Sigmoidfunktion: kleine Gewichte halten "
               "jedes verdeckte Neuron in der Mitte der Sigmoidfunktion, wo das Netz fast linear "
               "ist, große Gewichte sättigen es. Die beste Einstellung der Messreihe ist {a} mit "
               "Skalierung {s} (Trainingsgenauigkeit {tr}); die schlechteste {a2} mit Skalierung "
               "{s2} ({tr2}). Der Lauf unten verwendet ReLU mit Glorot-Skalierung und Lernrate {lr}.",
               a="ReLU" if best[0] == "relu" else "Sigmoid", s=scale_name(best[1]), tr=num(best[2], 3),
               a2="ReLU" if worst[0] == "relu" else "Sigmoid", s2=scale_name(worst[1]),
               tr2=num(worst[2], 3), lr=lr)),
    ])
    spread = {a: max(r[2] for r in sweep if r[0] == a) - min(r[2] for r in sweep if r[0] == a)
              for a in ("sigmoid", "relu")}
    t_sweep.blocks.append(Check(
        T("the spread of the training accuracy over the scales is larger for the sigmoid ({s}) "
          "than for ReLU ({r})", "die Spannweite der Trainingsgenauigkeit über die Skalierungen ist "
          "bei der Sigmoidfunktion ({s}) größer als bei ReLU ({r})",
          s=num(spread["sigmoid"], 3), r=num(spread["relu"], 3)),
        compare(float(spread["sigmoid"] > spread["relu"]), 1.0, "comparison", 0.0)))
    curves = Task(T("(a) Overfitting in the plot", "(a) Overfitting im Plot"), [
        Plot([Series(T("training", "Training"), h.epochs, h.train_acc),
              Series(T("validation", "Validierung"), h.epochs, h.val_acc, "thick, dashed")],
             xlabel=T("epoch", "Epoche"), ylabel=T("accuracy", "Genauigkeit"),
             caption=T("Classification accuracy after each epoch.", "Klassifikationsgenauigkeit nach jeder Epoche.")),
        Plot([Series(T("training", "Training"), h.epochs, h.loss),
              Series(T("validation", "Validierung"), h.epochs, h.val_loss, "thick, dashed")],
             xlabel=T("epoch", "Epoche"), ylabel=T("cross-entropy", "Kreuzentropie"), ymode="log",
             caption=T("Loss after each epoch.", "Fehler nach jeder Epoche.")),
        _overfitting_text(h, va, vl, k_acc, k_loss, n_tr, n_test, test_acc),
        Check(T("the validation accuracy falls after its peak", "die Validierungsgenauigkeit fällt nach ihrem Maximum")
              if va[-1] < va[k_acc] else
              T("the validation accuracy is largest at the end", "die Validierungsgenauigkeit ist am Ende am größten"),
              compare(float(va[-1] < va.max()) if va[-1] < va[k_acc] else float(va[-1] == va.max()), 1.0,
                      "comparison", 0.0)),
        Check(T("the validation loss rises after its minimum", "der Validierungsfehler steigt nach seinem Minimum"),
              compare(float(vl[-1] > vl[k_loss] and k_loss < len(vl) - 1), 1.0, "comparison", 0.0)),
        Table([T("quantity", "Größe"), T("the sheet asks for", "das Blatt verlangt"), T("ours", "unser Wert")],
              [[T("training accuracy (a)", "Trainingsgenauigkeit (a)"), num(TARGET_TRAIN), num(h.train_acc[-1], 3)],
               [T("test accuracy (c), on CIFAR-10", "Testgenauigkeit (c), auf CIFAR-10"), num(TARGET_TEST),
                num(test_acc, 3)]],
              caption=T("The accuracies the sheet requires and ours (on the digits, not on CIFAR-10).",
                        "Die vom Blatt verlangten Genauigkeiten und unsere (auf den Ziffern, nicht auf CIFAR-10).")),
        Check(T("training accuracy at least the required {a}", "Trainingsgenauigkeit mindestens die verlangten {a}",
                a=num(TARGET_TRAIN)), compare(float(h.train_acc[-1] >= TARGET_TRAIN), 1.0, "comparison", 0.0)),
        Result(T("Validation accuracy at the end", "Validierungsgenauigkeit am Ende"),
               T("accuracy", "Genauigkeit"), num(va[-1], 3)),
        Check(T("gradient of the modular layers (affine, ReLU, softmax cross-entropy, L2)",
                "Gradient der modularen Schichten (affin, ReLU, Softmax-Kreuzentropie, L2)"), rec),
        answer_check,
    ])
    w, dw, cfg = adam_input()
    next_w, cfg = optim.adam(w, dw, cfg)
    ARRAY_SYMBOL = {"next_w": sp.Symbol("w'"), "m": sp.Symbol("m"), "v": sp.Symbol("v")}
    ours = {"next_w": next_w, "m": cfg["m"], "v": cfg["v"]}
    adam_task = Task(T("(b) Adam in optim.py", "(b) Adam in optim.py"), [
        listing(optim.adam, T("The update rule that trained the network above (symderiv/nn/optim.py)",
                              "Die Update-Regel, die das Netz oben trainiert hat (symderiv/nn/optim.py)")),
        Step(T("The course's test_optim.py runs one step from {n} by {d} arrays of equally spaced "
               "values ({w} from {w0} to {w1}, the gradient from {g0} to {g1}, {m} from {m0} to {m1}, "
               "{v} from {v0} to {v1}) at step {t} with learning rate {lr} and compares with expected "
               "values published with the course code (not printed on the sheet; kept in "
               "symderiv/nn/course_values.py). The first row of each array:",
               "Das test_optim.py des Kurses macht einen Schritt von {n} mal {d} Feldern "
               "gleichabständiger Werte aus ({w} von {w0} bis {w1}, der Gradient von {g0} bis {g1}, "
               "{m} von {m0} bis {m1}, {v} von {v0} bis {v1}) in Schritt {t} mit Lernrate {lr} und "
               "vergleicht mit erwarteten Werten, die mit dem Kurscode veröffentlicht sind (nicht auf "
               "dem Blatt gedruckt; im Paket symderiv abgelegt). Die erste Zeile jedes Feldes:",
               **_setup_values(*adam_input()))),
        Table([T("array", "Feld"), T("column", "Spalte"), T("course", "Kurs"), T("ours", "unser Wert")],
              [[ARRAY_SYMBOL[key], j + 1, num(ADAM_EXPECTED[key][0][j], 8), num(ours[key][0, j], 8)]
               for key in ("next_w", "m", "v") for j in range(5)]),
        Check(T("all {k} values of the course check (next {w}, {m}, {v})",
                "alle {k} Werte der Kursprüfung (nächstes {w}, {m}, {v})", k=60, w=ARRAY_SYMBOL["next_w"],
                m=ARRAY_SYMBOL["m"], v=ARRAY_SYMBOL["v"]),
              compare(np.concatenate([ours[k].ravel() for k in ("next_w", "m", "v")]),
                      np.concatenate([np.ravel(ADAM_EXPECTED[k]) for k in ("next_w", "m", "v")]),
                      "course values", tolerance=1e-6)),
    ])
    return Solution("overfitting",
                    T("Training with few images: overfitting, weight scale, Adam",
                      "Training mit wenigen Bildern: Overfitting, Gewichtsskalierung, Adam"),
                    source="shared/seeds/001, Aufgabe 11", given=given, tasks=[t_sweep, curves, adam_task],
                    answers=answers)


def _questions(model, hist, sizes: list, n_tr: int, batch: int, epochs: int):
    """What a student computes from the given data (the accuracies depend on the machine and
    the run): the number of parameters and of Adam updates; checked against the model's
    arrays and the updates counted during training."""
    from symderiv.documents.answers import Answer
    from symderiv.verify import compare
    count = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    updates = epochs * -(-n_tr // batch)
    exact = {"abs": 0.0, "rel": 0.0}
    answers = [Answer(T("number of weights and biases of the network", "Anzahl der Gewichte und Schwellen "
                        "des Netzes"), count, task=2, tolerance=exact),
               Answer(T("number of parameter updates (Adam steps) during the training",
                        "Anzahl der Parameter-Updates (Adam-Schritte) im Training"), updates, task=2,
                      tolerance=exact)]
    check = Check(T("the answers: parameter count vs the entries of the model's arrays; updates "
                    "{e} times {c} vs the updates counted in training",
                    "die Antworten: Parameterzahl gegen die Einträge der Felder des Modells; Updates "
                    "{e} mal {c} gegen die im Training gezählten Updates",
                    e=epochs, c=sp.ceiling(sp.Rational(n_tr, batch))),
                  compare([float(count), float(updates)],
                          [float(sum(v.size for v in model.params.values())), float(hist.steps)],
                          "counting", tolerance=0.0))
    return answers, check


def _setup_values(w, dw, cfg) -> dict:
    """The numbers of the course's Adam check for the sentence describing it, read from the
    arrays that ran (shape, first and last value of each linspace, step, learning rate)."""
    first_last = {"w": w, "g": dw, "m": cfg["m"], "v": cfg["v"]}
    out = {"n": int(w.shape[0]), "d": int(w.shape[1]), "t": int(cfg["t"]), "lr": num(cfg["learning_rate"]),
           "w": sp.Symbol("w"), "m": sp.Symbol("m"), "v": sp.Symbol("v")}
    for key, arr in first_last.items():
        out[key + "0"], out[key + "1"] = num(arr.flat[0]), num(arr.flat[-1])
    return out


def _overfitting_text(h, va, vl, k_acc, k_loss, n_tr, n_test, test_acc) -> Step:
    """What the plots show; the sentence on the validation accuracy says whether it fell
    after its peak (checked in the row that follows)."""
    falls = va[-1] < va[k_acc]
    acc_en = ("the validation accuracy peaks at {vmax} in epoch {kv} and then falls to {vend}"
              if falls else "the validation accuracy no longer improves and ends at its best value {vend}")
    acc_de = ("die Validierungsgenauigkeit ist in Epoche {kv} am größten ({vmax}) und fällt dann auf {vend}"
              if falls else "die Validierungsgenauigkeit verbessert sich nicht mehr und endet bei ihrem "
                            "besten Wert {vend}")
    return Step(T("Overfitting shows in the plots: the training accuracy reaches {tr} while the "
                  "validation accuracy stays far below; " + acc_en + "; the validation loss is "
                  "smallest ({lmin}) in epoch {kl} and then rises to {lend} while the training loss "
                  "keeps falling. The network memorises the {n} training images. On the {t} test "
                  "images it reaches {te}.",
                  "Overfitting zeigt sich in den Plots: die Trainingsgenauigkeit erreicht {tr}, die "
                  "Validierungsgenauigkeit bleibt weit darunter; " + acc_de + "; der "
                  "Validierungsfehler ist in Epoche {kl} am kleinsten ({lmin}) und steigt dann auf "
                  "{lend}, während der Trainingsfehler weiter sinkt. Das Netz lernt die {n} "
                  "Trainingsbilder auswendig. Auf den {t} Testbildern erreicht es {te}.",
                  tr=num(h.train_acc[-1], 3), vmax=num(va[k_acc], 3), kv=k_acc + 1,
                  vend=num(va[-1], 3), lmin=num(vl[k_loss], 3), kl=k_loss + 1, lend=num(vl[-1], 3),
                  n=n_tr, t=n_test, te=num(test_acc, 3)))
