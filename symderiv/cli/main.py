"""argparse front end. Imports of the heavy modules (sympy, numpy) stay inside the
command functions, so ``symderiv --help`` is quick.

Every subcommand is a pair ``add_NAME(sub)`` (builds its parser and sets ``run``) and
``run_NAME(args) -> int``; :data:`COMMANDS` lists the ``add_`` functions in help order.
Exit codes: 0 success, 1 a check failed, 2 bad input or usage. Bad input raises
:class:`UsageError` (or ``ParseError``/``ProblemError``/``ShapeError``): ``main`` prints one
line ``error: ...`` on stderr and returns 2.
"""
from __future__ import annotations

import argparse
import json
import sys


class UsageError(ValueError):
    """Bad input or usage: one line on stderr, exit 2."""


# --------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------

def add_format(p, choices=("text", "json"), default="text"):
    p.add_argument("--format", choices=list(choices), default=default,
                   help=f"output format (default {default})")


def emit_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default)
    sys.stdout.write("\n")


def _json_default(obj):
    import numpy as np
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


def read_expr(text: str):
    from symderiv.language.parse import parse
    return parse(text)


def read_wrt(expr, wrt: str | None):
    """The variables to differentiate by: ``--wrt x,y`` or all free symbols, sorted."""
    from symderiv.language.parse import parse_names, symbol
    if wrt:
        return [symbol(n) for n in parse_names(wrt)]
    return sorted(expr.free_symbols, key=lambda s: s.name)


def read_point(text: str | None, variables) -> dict | None:
    """``--at x=1,y=2`` -> {Symbol: float}; every free variable must get a value."""
    if text is None:
        return None
    from symderiv.language.parse import parse_point, symbol
    point = parse_point(text)
    missing = [v.name for v in variables if v.name not in point]
    if missing:
        raise UsageError(f"--at gives no value for {', '.join(missing)}")
    return {symbol(k): v for k, v in point.items()}


# --------------------------------------------------------------------------------------
# Foundation: grad, jacobian, hessian, dag
# --------------------------------------------------------------------------------------

def add_grad(sub):
    p = sub.add_parser("grad", help="gradient of an expression (reverse accumulation over its graph)")
    p.add_argument("expr", help='expression, e.g. "100*(x2 - x1^2)^2 + (1 - x1)^2"')
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    p.add_argument("--at", help="point, e.g. x1=1.2,x2=1")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_grad)


def run_grad(args) -> int:
    from symderiv.calculus import tape as calculus
    from symderiv.language.functions import to_latex, to_text
    expr = read_expr(args.expr)
    wrt = read_wrt(expr, args.wrt)
    point = read_point(args.at, sorted(expr.free_symbols, key=lambda s: s.name))
    grad = calculus.gradient(expr, wrt)
    values = grad.values(point) if point is not None else None
    compact = grad.is_compact()
    # large results: the gradient as the adjoint program (tape), which stays linear
    shown = grad.closed_form if compact else grad.outputs
    if args.format == "json":
        data = {
            "expression": to_text(expr),
            "variables": [v.name for v in wrt],
            "gradient": {v.name: to_text(g) for v, g in zip(wrt, shown)},
            "latex": {v.name: to_latex(g) for v, g in zip(wrt, shown)},
            "closed_form": compact,
        }
        if not compact:
            data["tape"] = [[to_text(s), to_text(r)] for s, r in grad.tape]
        if point is not None:
            data["point"] = {k.name: v for k, v in point.items()}
            data["value"] = {v.name: _real(x) for v, x in zip(wrt, values)}
        emit_json(data)
        return 0
    if not compact:
        note = (f"closed form omitted ({grad.closed_form_size} terms written out); "
                f"gradient as the reverse-accumulation tape ({len(grad.tape)} lines):")
    if args.format == "latex":
        if not compact:
            print("% " + note)
            for s, r in grad.tape:
                print(r"%s &= %s \\" % (to_latex(s), to_latex(r)))
        for v, g in zip(wrt, shown):
            print(r"\frac{\partial f}{\partial %s} &= %s \\" % (to_latex(v), to_latex(g)))
        return 0
    if compact:
        print(f"f = {to_text(expr)}")
    else:
        print(note)
        for s, r in grad.tape:
            print(f"  {to_text(s)} = {to_text(r)}")
    for i, (v, g) in enumerate(zip(wrt, shown)):
        line = f"df/d{v.name} = {to_text(g)}"
        if values is not None:
            line += f"    = {_real(values[i]):.12g}"
        print(line)
    return 0


def _real(x) -> float:
    return float(complex(x).real)


def add_jacobian(sub):
    p = sub.add_parser("jacobian", help="Jacobian matrix of one or more expressions")
    p.add_argument("exprs", nargs="+", metavar="EXPR")
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    p.add_argument("--at", help="point, e.g. x=1,y=2")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_jacobian)


def run_jacobian(args) -> int:
    import sympy as sp
    from symderiv.calculus import tape as calculus
    exprs = [read_expr(e) for e in args.exprs]
    free = sorted(set().union(*[e.free_symbols for e in exprs]), key=lambda s: s.name)
    wrt = read_wrt(sp.Tuple(*exprs), args.wrt) if args.wrt else free
    point = read_point(args.at, free)
    J = calculus.jacobian(exprs, wrt)
    return _emit_matrix(args, J, exprs, wrt, point, "jacobian")


def add_hessian(sub):
    p = sub.add_parser("hessian", help="Hessian matrix of an expression")
    p.add_argument("expr")
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    p.add_argument("--at", help="point, e.g. x=1,y=2")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_hessian)


def run_hessian(args) -> int:
    from symderiv.calculus import tape as calculus
    expr = read_expr(args.expr)
    wrt = read_wrt(expr, args.wrt)
    point = read_point(args.at, sorted(expr.free_symbols, key=lambda s: s.name))
    H = calculus.hessian(expr, wrt)
    return _emit_matrix(args, H, [expr], wrt, point, "hessian")


def _emit_matrix(args, M, exprs, wrt, point, key) -> int:
    from symderiv.language.functions import to_latex, to_text
    rows = [[M[i, j] for j in range(M.shape[1])] for i in range(M.shape[0])]
    values = None
    if point is not None:
        from symderiv.calculus.tape import evaluate
        values = [[evaluate(c, point) for c in row] for row in rows]
    if args.format == "json":
        data = {"expressions": [to_text(e) for e in exprs], "variables": [v.name for v in wrt],
                key: [[to_text(c) for c in row] for row in rows],
                "latex": to_latex(M)}
        if values is not None:
            data["point"] = {k.name: v for k, v in point.items()}
            data["value"] = values
        emit_json(data)
    elif args.format == "latex":
        print(to_latex(M))
    else:
        for i, row in enumerate(rows):
            print("[" + ", ".join(to_text(c) for c in row) + "]")
        if values is not None:
            print("at " + ", ".join(f"{k.name}={v:g}" for k, v in point.items()) + ":")
            for row in values:
                print("[" + ", ".join(f"{v:.12g}" for v in row) + "]")
    return 0


def add_dag(sub):
    p = sub.add_parser("dag", help="computation graph with the local derivative on every edge")
    p.add_argument("expr")
    p.add_argument("--at", help="point: forward values, adjoints and edge values")
    add_format(p, ("text", "json", "dot", "tikz"))
    p.set_defaults(run=run_dag)


def run_dag(args) -> int:
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse_ast
    g = Graph.from_ast(parse_ast(args.expr))
    point = read_point(args.at, g.input_symbols()) if args.at else None
    if args.format == "json":
        emit_json(g.to_json(point))
    elif args.format == "dot":
        print(g.to_dot(point))
    elif args.format == "tikz":
        print(g.to_tikz(point))
    else:
        print(g.to_text(point))
    return 0


# --------------------------------------------------------------------------------------
# (other issues add their commands below: add_X / run_X, then list add_X in COMMANDS)
# --------------------------------------------------------------------------------------


# issue 7: numeric companion (symderiv.nn)

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
    p.set_defaults(run=run_train)


def run_train(args) -> int:
    from symderiv.nn.data import DataError
    from symderiv.nn.experiment import run_experiment, write_curves
    try:
        hidden = tuple(int(h) for h in args.hidden.split(",") if h.strip())
    except ValueError:
        raise UsageError(f"--hidden: cannot read '{args.hidden}' as comma separated widths") from None

    def progress(epoch, loss, tr, va):
        print(f"epoch {epoch:3d}/{total}  loss {loss:.4f}  train acc {tr:.4f}  val acc {va:.4f}",
              flush=True)

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
    print(f"{res.dataset}: {res.num_training} training, {res.num_validation} validation images; "
          f"final train acc {res.final_train_acc:.4f}, val acc {res.final_val_acc:.4f}, "
          f"test acc {res.test_acc:.4f}")
    if args.out:
        print(f"wrote {args.out}")
    return 0


def add_net(sub):
    p = sub.add_parser("net", help="Jacobian chains of an MLP: factors with shapes, evaluation cost, numeric check")
    p.add_argument("--layers", required=True, help="layer sizes, e.g. 784,256,256,10")
    p.add_argument("--activations", required=True, help="one per layer, e.g. tanh,tanh,softmax")
    p.add_argument("--loss", default="ce", help="ce, softmax_ce, l2, l2_half or l1 (default ce)")
    p.add_argument("--wrt", help="parameters, e.g. x,b1,W1 (default: all)")
    p.add_argument("--check", action="store_true",
                   help="evaluate every chain with NumPy at random parameters and verify it numerically")
    p.add_argument("--seed", type=int, default=0, help="seed of the random parameters (default 0)")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_net)


def run_net(args) -> int:
    from symderiv.layers import rules as layers
    try:
        sizes = [int(t) for t in args.layers.split(",") if t.strip()]
    except ValueError:
        raise UsageError(f"--layers: expected comma-separated integers, got '{args.layers}'") from None
    acts = [t.strip() for t in args.activations.split(",") if t.strip()]
    if args.seed < 0:
        raise UsageError(f"--seed must be non-negative, got {args.seed}")
    try:
        net = layers.Network(sizes, acts, args.loss)
        params = net.read_wrt(args.wrt)
        chains = {p: net.chain(p) for p in params}
    except layers.LayerError as exc:
        raise UsageError(str(exc)) from None
    check = None
    if args.check:
        n_params = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes) - 1))
        if n_params > 20_000_000:
            raise UsageError(f"--check: {n_params} parameters is too many to check (limit 20,000,000)")
        check = net.check(params, seed=args.seed)
    if args.format == "json":
        data = {"network": {"layers": sizes, "activations": [a.name for a in net.activations],
                            "loss": net.loss_rule.name, "fused": net.fused,
                            "loss_rule": net.loss_rule.description},
                "chains": {p: c.to_json() for p, c in chains.items()},
                "tensor": {p: layers.tensor_json(c.tensor) for p, c in chains.items() if c.tensor},
                "flops": {p: c.flops() for p, c in chains.items()}}
        if check is not None:
            r = check.record

            def num(v):
                v = float(v)
                return v if v == v and abs(v) != float("inf") else None
            data["check"] = {"passed": check.passed, "max_rel_error": num(check.max_rel_error),
                             "max_abs_error": num(r.max_abs_error), "method": str(r.method),
                             "tolerance": float(r.tolerance), "points": int(r.points),
                             "seed": args.seed, "loss": check.loss}
        emit_json(data)
    elif args.format == "latex":
        print(r"\begin{align*}")
        rows = []
        for p, c in chains.items():
            lhs = r"\frac{\partial L}{\partial %s}" % c.param_latex
            rows.append(r"%s &= %s \in \mathbb{R}^{%s}" % (lhs, c.sizes_latex(), layers.shape_latex(c.result_shape)))
            rows.append(r"&= %s" % c.product_latex())
            if c.tensor is not None:
                rows.append(r"&= %s \in \mathbb{R}^{%s},\quad \left(J_{o^{(%s)}}(W^{(%s)})\right)_{ikl} = %s"
                            % (c.contracted_latex(), layers.shape_latex(c.gradient_shape), p[1:], p[1:],
                               c.tensor.entries_latex()))
        print(" \\\\\n".join(rows))
        print(r"\end{align*}")
    else:
        desc = " -> ".join([str(sizes[0])] + [f"{d} ({a.name})" for d, a in zip(sizes[1:], net.activations)])
        print(f"network {desc}, loss {net.loss_rule.name}: {net.loss_rule.description}")
        for p, c in chains.items():
            print()
            print(f"dL/d{p} = " + " . ".join(f.name for f in c.factors)
                  + f"    result {layers.shape_str(c.result_shape)}")
            w = max(len(f.name) for f in c.factors)
            for f in c.factors:
                print(f"  {f.name:<{w}}  {layers.shape_str(f.shape):>12}  {f.latex}")
            if c.tensor is not None:
                print(f"  tensor J_o({p}): {layers.shape_str(c.tensor.shape)}, entries {c.tensor.entries_latex()};"
                      f" contracted: dL/d{p} = {c.contracted_latex()} ({layers.shape_str(c.gradient_shape)})")
            fl = c.flops()
            print(f"  multiply-adds: loss side (vector-Jacobian products) {fl['reverse']:,}; "
                  f"input side (forming matrices) {fl['forward']:,}; cheapest: {fl['cheapest']}")
        if check is not None:
            r = check.record
            print()
            print(f"check ({r.method}, seed {args.seed}, {r.points} points): "
                  f"{'passed' if check.passed else 'FAILED'}, max relative error {check.max_rel_error:.3g}"
                  f" (tolerance {float(r.tolerance):.3g})")
    if check is not None and not check.passed:
        return 1
    return 0


# issue 6: gradient flow (activation catalog bounds)

def add_bound(sub):
    p = sub.add_parser("bound", help="derivative, its sup/inf (where attained), kinks and range "
                                     "of a catalog activation")
    p.add_argument("activation", help="sigmoid, tanh, hardtanh, relu, leaky_relu, prelu, softplus, "
                                      "elu, gelu, sin, cos, identity, softmax")
    add_format(p, ("text", "json"))
    p.set_defaults(run=run_bound)


def run_bound(args) -> int:
    from symderiv.layers import activations as act
    try:
        name = act.canonical(args.activation)
    except act.CatalogError as exc:
        raise UsageError(str(exc)) from None
    data = act.softmax_json(act.softmax_info()) if name == "softmax" else act.to_json(act.get(name))
    if args.format == "json":
        emit_json(data)
        return 0
    for line in act.text_lines(data):
        print(line)
    return 0


# issue 4: reports (problems, solve, report)

def add_problems(sub):
    p = sub.add_parser("problems", help="list the problems that 'solve' can write up")
    add_format(p, ("text", "json"))
    p.set_defaults(run=run_problems)


def run_problems(args) -> int:
    from symderiv.problems import load_all
    problems = sorted(load_all().values(), key=lambda p: p.name)
    if args.format == "json":
        emit_json([{"name": p.name, "source": p.source, "lang": p.lang, "description": p.description,
                    "params": {q.name: {"default": q.default, "help": q.help} for q in p.params}}
                   for p in problems])
        return 0
    width = max((len(p.name) for p in problems), default=4)
    swidth = max((len(p.source) for p in problems), default=0)
    for p in problems:
        print(f"{p.name:<{width}}  {p.source:<{swidth}}  {p.description}".rstrip())
    return 0


def _read_params(items) -> dict:
    params = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param expects KEY=VALUE, got '{item}'")
        params[key.strip()] = value.strip()
    return params


def add_solve(sub):
    p = sub.add_parser("solve", help="write the worked solution of a problem as LaTeX (and PDF)")
    p.add_argument("problem", help="problem name (see 'symderiv problems')")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", default=[],
                   help="set a parameter of the problem (repeatable)")
    p.add_argument("--lang", choices=["de", "en"], help="document language (default: the problem's)")
    p.add_argument("--out", default="reports", metavar="DIR", help="output directory (default reports/)")
    p.add_argument("--pdf", action="store_true", help="also compile the PDF (latexmk)")
    p.add_argument("--title", help="document title (default: the problem's title)")
    p.add_argument("--author", help="author line")
    p.add_argument("--seed", type=int, default=0, help="random seed of the problem (default 0)")
    p.set_defaults(run=run_solve)


def run_solve(args) -> int:
    from symderiv.documents import render as report
    from symderiv.course import reports
    params = _read_params(args.param)
    prob, values, solution = reports.make_solution(args.problem, params, args.seed)
    lang = args.lang or prob.lang
    tex = report.render(solution, lang, args.title, args.author, values, args.seed)
    paths = report.emit(tex, args.out, args.problem, args.pdf)
    for path in paths:
        print(path)
    checks = solution.checks()
    bad = [c for c in checks if not getattr(c.record, "passed", False)]
    if bad:
        print(f"error: {len(bad)} of {len(checks)} numerical checks failed (see the check table)",
              file=sys.stderr)
        return 1
    return 0


def add_report(sub):
    p = sub.add_parser("report", help="build the reports of all problems and an index")
    p.add_argument("--all", action="store_true", required=True, help="build every registered problem")
    p.add_argument("--out", default="reports", metavar="DIR", help="output directory (default reports/)")
    p.add_argument("--pdf", action="store_true", help="also compile the PDFs (latexmk)")
    p.add_argument("--lang", choices=["de", "en", "both"], default="both",
                   help="languages (default both: files NAME.de.tex and NAME.en.tex)")
    p.add_argument("--author", help="author line of every document")
    p.add_argument("--seed", type=int, default=0, help="random seed of the problems (default 0)")
    p.set_defaults(run=run_report)


def run_report(args) -> int:
    from symderiv.course import reports
    langs = ["de", "en"] if args.lang == "both" else [args.lang]
    written, failures = reports.build_all(args.out, args.pdf, langs, author=args.author, seed=args.seed)
    print(f"wrote {len(written)} files to {args.out}")
    if failures:
        print(f"error: {len(failures)} failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


# issue 3: verification (symderiv.verify)

def add_check(sub):
    p = sub.add_parser("check", help="verify the symbolic gradient numerically "
                                     "(central, Richardson, complex step; kinks reported)")
    p.add_argument("expr", help='expression, e.g. "tanh(w*x) + relu(x - 1)"')
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--at", help="check at this point, e.g. x=1,w=0.3")
    where.add_argument("--points", type=int, default=None,
                       help="number of random points (default 10; standard normal * 1.5)")
    p.add_argument("--method", choices=["central", "richardson", "complex", "auto"], default="auto",
                   help="numeric method (default auto: complex step where the function allows it)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random points (default 0)")
    add_format(p)
    p.set_defaults(run=run_check)


def run_check(args) -> int:
    from symderiv.verify import checks as verify
    from symderiv.language.functions import to_text
    expr = read_expr(args.expr)
    wrt = read_wrt(expr, args.wrt)
    free = sorted(expr.free_symbols | set(wrt), key=lambda s: s.name)
    point = read_point(args.at, free)
    n_points = 10 if args.points is None else args.points
    if not 1 <= n_points <= 10_000:
        raise UsageError("--points must be between 1 and 10000")
    try:
        rec = verify.check_expression(expr, wrt, point=point, n_points=n_points,
                                      method=args.method, seed=args.seed)
    except verify.VerifyError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        data = {"expression": to_text(expr), "variables": [v.name for v in wrt]}
        data.update(rec.to_dict())
        data["method_description"] = verify.METHOD_DESCRIPTIONS[rec.method]
        data["relative_error"] = verify.REL_ERROR_TEXT
        emit_json(data)
    else:
        where = (f"at {', '.join(f'{k.name}={v:g}' for k, v in point.items())}" if point is not None
                 else f"at {rec.points} random points (seed {rec.seed})")
        print(f"f = {to_text(expr)}")
        print(f"method: {verify.METHOD_DESCRIPTIONS[rec.method]}; {where}")
        for d in rec.details:
            shown = d["derivative"]
            if len(shown) > 120:
                shown = f"{shown[:100]}... ({len(d['derivative'])} characters)"
            line = (f"df/d{d['variable']} = {shown}: max relative error "
                    f"{d['max_rel_error']:.3g} at {d['points']} point(s)")
            if d["kinks"]:
                line += f", {d['kinks']} at a kink"
            if d.get("worst"):
                w = d["worst"]
                pt = ", ".join(f"{k}={v:.6g}" for k, v in w["point"].items())
                line += f"; worst at {pt}: derived {w['derived']:.12g}, numeric {w['numeric']:.12g}"
            print(line)
        for k in rec.kinks:
            pt = ", ".join(f"{n}={v:g}" for n, v in k["point"].items())
            print(f"kink at {pt}: {k['where']} - reported, not counted as a failure")
        verdict = "PASSED" if rec.passed else "FAILED"
        rel = "<=" if rec.passed else ">"
        print(f"{verdict}: max relative error {rec.max_rel_error:.3g} {rel} tolerance {rec.tolerance:g}")
        print(f"({verify.REL_ERROR_TEXT})")
    return 0 if rec.passed else 1


def add_verify_answer(sub):
    p = sub.add_parser("verify-answer", help="is a derivative (e.g. a student's answer) correct?")
    p.add_argument("expr", help='the function, e.g. "sigmoid(x)"')
    p.add_argument("--wrt", help="variable(s), comma separated (default: the only variable)")
    p.add_argument("--answer", action="append", required=True,
                   help="the derivative to check; repeat once per variable of --wrt")
    add_format(p)
    p.set_defaults(run=run_verify_answer)


def run_verify_answer(args) -> int:
    from symderiv.calculus import tape as calculus
    from symderiv.verify import checks as verify
    from symderiv.language.functions import to_text
    from symderiv.language.parse import ParseError, parse
    expr = read_expr(args.expr)
    if args.wrt:
        wrt = read_wrt(expr, args.wrt)
    else:
        wrt = sorted(expr.free_symbols, key=lambda s: s.name)
        if len(wrt) != len(args.answer):
            raise UsageError("say which variables the answers are for: --wrt x (or --wrt x,y "
                             "with one --answer per variable)")
    if len(args.answer) != len(wrt):
        raise UsageError(f"--wrt names {len(wrt)} variable(s) but {len(args.answer)} --answer given "
                         f"(repeat --answer once per variable)")
    answers = []
    for i, text in enumerate(args.answer):
        try:
            answers.append(parse(text))
        except ParseError as exc:
            raise UsageError(f"--answer {text!r}: {exc}") from None
    expected = calculus.gradient(expr, wrt).closed_form
    results, first_cx = [], None
    for v, exp_i, ans_i, text in zip(wrt, expected, answers, args.answer):
        variables = sorted(expr.free_symbols | exp_i.free_symbols | ans_i.free_symbols,
                           key=lambda s: s.name)
        eq = calculus.equivalent(exp_i, ans_i, variables, seed=0)
        cx = eq.counterexample
        if eq.verdict == "different":
            # only points where f itself is defined count (1/abs(x) is d/dx log(x) for x > 0)
            cx = verify.find_counterexample(exp_i, ans_i, variables, domain=expr)
            if cx is None:
                eq = calculus.Equivalence("equal", "numeric", None, eq.probes)
            elif cx["point"] is None:
                eq, cx = calculus.Equivalence("undecided", "numeric", None, eq.probes), None
        cx_out = None
        if cx is not None and eq.verdict != "equal":
            cx_out = {"variable": v.name,
                      "point": {getattr(k, "name", str(k)): float(x) for k, x in cx["point"].items()},
                      "expected": float(cx["left"]), "answer": float(cx["right"])}
            first_cx = first_cx or cx_out
        results.append({"variable": v.name, "correct": eq.verdict == "equal", "verdict": eq.verdict,
                        "method": eq.method, "expected": to_text(exp_i), "answer": text,
                        "counterexample": cx_out})
    correct = all(r["correct"] for r in results)
    if args.format == "json":
        emit_json({"correct": correct, "expression": to_text(expr), "variables": [v.name for v in wrt],
                   "expected": (results[0]["expected"] if len(results) == 1
                                else {r["variable"]: r["expected"] for r in results}),
                   "counterexample": first_cx, "results": results})
        return 0 if correct else 1
    for r in results:
        name = f"df/d{r['variable']}"
        if r["correct"]:
            how = ("proved symbolically" if r["method"] == "symbolic"
                   else "agrees at random points; not proved symbolically")
            print(f"correct: {r['answer']} is {name} of {to_text(expr)} ({how})")
        elif r["verdict"] == "undecided":
            print(f"undecided: found too few points where f is defined to compare {r['answer']} "
                  f"with {name}")
            print(f"the derivative: {name} = {r['expected']}")
        else:
            line = f"incorrect: {r['answer']} is not {name} of {to_text(expr)}"
            c = r["counterexample"]
            if c is not None:
                pt = ", ".join(f"{k} = {x:.6g}" for k, x in c["point"].items())
                line += (f": at {pt} the derivative is {c['expected']:.6g} but the answer gives "
                         f"{c['answer']:.6g}")
            print(line)
            print(f"correct derivative: {name} = {r['expected']}")
    return 0 if correct else 1


COMMANDS = [add_grad, add_jacobian, add_hessian, add_dag, add_train, add_net, add_problems, add_solve, add_report, add_bound, add_check, add_verify_answer]


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version
    try:
        __version__ = version("symderiv")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
        __version__ = "unknown"
    parser = argparse.ArgumentParser(
        prog="symderiv",
        description="Derive the calculus of neural networks symbolically, verify it "
                    "numerically, write it up as LaTeX worked solutions.")
    parser.add_argument("--version", action="version", version=f"symderiv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def _bad_input_types():
    from symderiv.language.parse import ParseError
    types = [UsageError, ParseError]
    try:
        from symderiv.problems import ProblemError
        types.append(ProblemError)
    except ImportError:  # pragma: no cover
        pass
    try:
        from symderiv.layers.rules import ShapeError
        types.append(ShapeError)
    except ImportError:
        pass
    if "symderiv.documents.render" in sys.modules:
        from symderiv.documents.render import OutputError
        types.append(OutputError)
    return tuple(types)


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        if isinstance(exc, _bad_input_types()):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, RecursionError):
            print("error: expression too deeply nested to process", file=sys.stderr)
            return 2
        if isinstance(exc, (ValueError, TypeError, ArithmeticError)) and getattr(args, "command", "") in (
                "grad", "jacobian", "hessian", "dag", "check", "verify-answer"):
            print(f"error: cannot process input: {exc}".splitlines()[0], file=sys.stderr)
            return 2
        if getattr(exc, "exit_code", None) is not None:
            print(f"error: {exc}".splitlines()[0], file=sys.stderr)
            return int(exc.exit_code)
        print(f"error: internal error ({type(exc).__name__}): {exc}".splitlines()[0], file=sys.stderr)
        if __import__("os").environ.get("SYMDERIV_DEBUG"):
            raise
        return 1


def entry() -> None:  # pragma: no cover
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
