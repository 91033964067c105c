"""The numeric companion (symderiv.nn): train."""
from __future__ import annotations

import sys

from symderiv.cli.common import UsageError, add_format, emit_json


def add_train(sub):
    p = sub.add_parser("train", help="train an MLP (modular layers, Adam): CIFAR-10 batches "
                                     "from --data DIR, else the overfitting experiment on digits")
    p.add_argument("--data", metavar="DIR", help="directory with the CIFAR-10 python batches "
                   "(data_batch_1.., test_batch); default: scikit-learn's 8x8 digits")
    p.add_argument("--epochs", type=int, help="epochs (default 30 digits, 10 CIFAR-10)")
    p.add_argument("--hidden", default="100", help="hidden layer widths, e.g. 100,50 (default 100)")
    p.add_argument("--activation", choices=["relu", "sigmoid"], default="relu")
    p.add_argument("--lr", type=float, help="Adam learning rate (default 1e-2 digits, 1e-3 CIFAR-10)")
    p.add_argument("--batch-size", type=int, help="minibatch size (default 25 digits, 100 CIFAR-10)")
    p.add_argument("--num-training", type=int,
                   help="training images (default 50 digits; all but the validation images for CIFAR-10)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", metavar="FILE", help="write the accuracy curves (.json, else CSV)")
    add_format(p)
    p.set_defaults(run=run_train)


def run_train(args) -> int:
    from symderiv.nn.data import DataError
    from symderiv.nn.experiment import run_experiment, write_curves
    try:
        hidden = tuple(int(h) for h in args.hidden.split(",") if h.strip())
    except ValueError:
        raise UsageError(f"--hidden: cannot read '{args.hidden}' as comma separated widths") from None

    json_mode = args.format == "json"

    def progress(epoch, loss, tr, va):  # on stderr under --format json: stdout is the summary
        print(f"epoch {epoch:3d}/{total}  loss {loss:.4f}  train acc {tr:.4f}  val acc {va:.4f}",
              flush=True, file=sys.stderr if json_mode else sys.stdout)

    from symderiv.nn.experiment import CIFAR_DEFAULTS, DIGITS_DEFAULTS
    total = args.epochs if args.epochs is not None else \
        (CIFAR_DEFAULTS if args.data else DIGITS_DEFAULTS)["epochs"]
    try:
        res = run_experiment(args.data, epochs=args.epochs, hidden=hidden, learning_rate=args.lr,
                             num_training=args.num_training, batch_size=args.batch_size,
                             activation=args.activation, seed=args.seed, progress=progress)
        if args.out:
            write_curves(res, args.out)
    except DataError as exc:
        raise UsageError(str(exc)) from None
    if json_mode:
        emit_json({"dataset": res.dataset, "num_training": res.num_training,
                   "num_validation": res.num_validation, "hidden": list(res.hidden),
                   "activation": res.activation, "learning_rate": res.learning_rate,
                   "epochs": len(res.history.train_acc), "final_train_acc": res.final_train_acc,
                   "final_val_acc": res.final_val_acc, "test_acc": res.test_acc,
                   "written": [args.out] if args.out else []})
        return 0
    print(f"{res.dataset}: {res.num_training} training, {res.num_validation} validation images; "
          f"final train acc {res.final_train_acc:.4f}, val acc {res.final_val_acc:.4f}, "
          f"test acc {res.test_acc:.4f}")
    if args.out:
        print(f"wrote {args.out}")
    return 0
