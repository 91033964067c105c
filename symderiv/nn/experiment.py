"""The training experiment behind ``symderiv train`` (exercise 001, Aufgabe 11).

With CIFAR-10 batches in a local directory it trains an MLP of the modular layers with
Adam on them; without, it runs the overfitting experiment on scikit-learn's bundled
8x8 digits: few training images (default 50), so the training accuracy climbs far above
the validation accuracy.  The accuracy curves are written to a JSON or CSV file through a
temporary file and a rename.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from symderiv.nn.data import DataError, get_cifar10_data, load_digits_data
from symderiv.nn.model import MLP, TrainHistory, accuracy, train_classifier

__all__ = ["ExperimentResult", "run_experiment", "write_curves", "DIGITS_DEFAULTS", "CIFAR_DEFAULTS"]

#: defaults of the digits overfitting experiment and of CIFAR-10 training
DIGITS_DEFAULTS: dict[str, Any] = {"num_training": 50, "num_validation": 500, "learning_rate": 1e-2,
                   "epochs": 30, "batch_size": 25, "hidden": (100,)}
CIFAR_DEFAULTS: dict[str, Any] = {"num_training": None, "num_validation": None, "learning_rate": 1e-3,
                  "epochs": 10, "batch_size": 100, "hidden": (100,)}


@dataclass
class ExperimentResult:
    dataset: str          # "digits" or "cifar10"
    num_training: int
    num_validation: int
    hidden: tuple
    activation: str
    learning_rate: float
    history: TrainHistory
    test_acc: float

    @property
    def final_train_acc(self) -> float:
        return self.history.train_acc[-1]

    @property
    def final_val_acc(self) -> float:
        return self.history.val_acc[-1]

    def to_json(self) -> dict:
        return {
            "dataset": self.dataset, "num_training": self.num_training,
            "num_validation": self.num_validation, "hidden": list(self.hidden),
            "activation": self.activation, "learning_rate": self.learning_rate,
            "optimizer": "adam",
            "epochs": self.history.epochs, "loss": self.history.loss,
            "train_acc": self.history.train_acc, "val_acc": self.history.val_acc,
            "test_acc": None if math.isnan(self.test_acc) else self.test_acc,
        }


def run_experiment(data_dir: Optional[str] = None, epochs: Optional[int] = None,
                   hidden: Optional[Sequence[int]] = None, learning_rate: Optional[float] = None,
                   num_training: Optional[int] = None, batch_size: Optional[int] = None,
                   activation: str = "relu", seed: int = 0,
                   progress: Optional[Callable] = None) -> ExperimentResult:
    defaults = CIFAR_DEFAULTS if data_dir else DIGITS_DEFAULTS
    epochs = defaults["epochs"] if epochs is None else int(epochs)
    hidden = tuple(defaults["hidden"] if hidden is None else hidden)
    lr = defaults["learning_rate"] if learning_rate is None else float(learning_rate)
    batch_size = defaults["batch_size"] if batch_size is None else int(batch_size)
    if epochs < 1:
        raise DataError("--epochs must be at least 1")
    if batch_size < 1:
        raise DataError("--batch-size must be at least 1")
    if not (lr > 0 and math.isfinite(lr)):
        raise DataError("--lr must be a positive number")
    if any(h < 1 for h in hidden):
        raise DataError("--hidden widths must be positive integers")
    if data_dir:
        data = get_cifar10_data(data_dir, num_training=num_training)
        dataset, classes = "cifar10", 10
    else:
        n_tr = defaults["num_training"] if num_training is None else int(num_training)
        data = load_digits_data(n_tr, defaults["num_validation"], seed=seed)
        dataset, classes = "digits", 10
    model = MLP(data["X_train"].shape[1], hidden, classes, activation=activation, seed=seed)
    hist = train_classifier(model, data, epochs=epochs, batch_size=batch_size,
                            learning_rate=lr, update_rule="adam", seed=seed, progress=progress)
    test_acc = accuracy(model, data["X_test"], data["y_test"])
    return ExperimentResult(dataset, len(data["y_train"]), len(data["y_val"]), hidden,
                            activation, lr, hist, test_acc)


def write_curves(result: ExperimentResult, path: str) -> None:
    """JSON if ``path`` ends in ``.json``, else CSV (epoch, loss, train_acc, val_acc);
    written to a temporary file in the same directory, then renamed."""
    if path.lower().endswith(".json"):
        text = json.dumps(result.to_json(), indent=2, allow_nan=False) + "\n"
    else:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["epoch", "loss", "train_acc", "val_acc"])
        for e, l, tr, va in result.history.rows():
            w.writerow([e, repr(float(l)), repr(float(tr)), repr(float(va))])
        text = buf.getvalue()
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise DataError(f"cannot write '{path}': directory '{directory}' does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".symderiv-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
