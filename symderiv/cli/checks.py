"""Numerical verification: check, verify-answer."""
from __future__ import annotations

from typing import Any

from symderiv.cli.common import (AT_HELP, UsageError, add_format, add_function_args, check_domain, check_finite,
                                 emit_json, read_named_expr, read_point, read_wrt)


def natural_sorted(items):
    from symderiv.language.names import natural_sorted as ns
    return ns(items)


def add_check(sub):
    p = sub.add_parser("check", help="verify the symbolic gradient numerically "
                                     "(central, Richardson, complex step; kinks reported)")
    add_function_args(p, help_text='expression, e.g. "tanh(w*x) + relu(x - 1)"')
    p.add_argument("--wrt", help="variables, comma separated (default: all, sorted)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--at", help="check at this point: " + AT_HELP)
    where.add_argument("--points", type=int, default=None,
                       help="number of random points (default 10; standard normal * 1.5)")
    p.add_argument("--method", choices=["central", "richardson", "complex", "auto"], default="auto",
                   help="numeric method (default auto: complex step where the function allows it)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random points (default 0)")
    add_format(p)
    p.set_defaults(run=run_check)


def run_check(args) -> int:
    from symderiv import verify
    from symderiv.language.printing import to_text
    expr, fname = read_named_expr(args)
    wrt = read_wrt(expr, args.wrt)
    free = natural_sorted(expr.free_symbols | set(wrt))
    point = read_point(args.at, free)
    if point is not None:  # outside the domain of f or of its derivative: exit 1, as in grad
        from symderiv.calculus.reverse import gradient_values
        from symderiv.graph.core import Graph
        g = Graph.from_sympy(expr)
        check_domain(g, point)
        check_finite(gradient_values(g, wrt, point), [f"df/d{v.name}" for v in wrt], point)
    n_points = 10 if args.points is None else args.points
    if not 1 <= n_points <= 10_000:
        raise UsageError("--points must be between 1 and 10000")
    try:
        rec = verify.check_expression(expr, wrt, point=point, n_points=n_points,
                                      method=args.method, seed=args.seed)
    except verify.VerifyError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        data: dict[str, Any] = {"expression": to_text(expr), "variables": [v.name for v in wrt]}
        data.update(rec.to_dict())
        data["kink_points"] = data.pop("kinks")        # points: counts; the points themselves apart
        data["kinks"] = len(data["kink_points"])
        if point is not None:
            data["point"] = {k.name: float(v) for k, v in point.items()}
        data["method_description"] = verify.METHOD_DESCRIPTIONS[rec.method]
        data["relative_error_definition"] = verify.REL_ERROR_TEXT
        emit_json(data)
    else:
        where = (f"at {', '.join(f'{k.name}={v:g}' for k, v in point.items())}" if point is not None
                 else f"at {rec.points} random points (seed {rec.seed})")
        print(f"{fname} = {to_text(expr)}")
        print(f"method: {verify.METHOD_DESCRIPTIONS[rec.method]}; {where}")
        for d in rec.details:
            shown = d["derivative"]
            if len(shown) > 120:
                shown = f"{shown[:100]}... ({len(d['derivative'])} characters)"
            line = (f"d{fname}/d{d['variable']} = {shown}: max relative error "
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
        if rec.status == "undecided":
            print(f"UNDECIDED: {rec.reason}; a check that compares nothing proves nothing")
        else:
            verdict = "PASSED" if rec.passed else "FAILED"
            rel = "<=" if rec.passed else ">"
            print(f"{verdict}: max relative error {rec.max_rel_error:.3g} {rel} tolerance {rec.tolerance:g}")
        print(f"({verify.REL_ERROR_TEXT})")
    return 0 if rec.passed else 1


def add_verify_answer(sub):
    p = sub.add_parser("verify-answer", help="is a derivative (e.g. a student's answer) correct?")
    add_function_args(p, help_text='the function, e.g. "sigmoid(x)"')
    p.add_argument("--wrt", help="variable(s), comma separated (default: the only variable)")
    p.add_argument("--answer", action="append", required=True,
                   help="the derivative to check; repeat once per variable of --wrt")
    add_format(p)
    p.set_defaults(run=run_verify_answer)


def run_verify_answer(args) -> int:
    from symderiv.calculus.equivalence import Equivalence, equivalent
    from symderiv.calculus.reverse import gradient
    from symderiv import verify
    from symderiv.language.printing import to_text
    from symderiv.language.parse import ParseError, parse
    args.answer = [a.strip() for a in args.answer]  # a leading "-" arrives protected by a space
    expr, fname = read_named_expr(args)
    if args.wrt:
        wrt = read_wrt(expr, args.wrt)
    else:
        wrt = natural_sorted(expr.free_symbols)
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
    expected = gradient(expr, wrt).closed_form
    results, first_cx = [], None
    for v, exp_i, ans_i, text in zip(wrt, expected, answers, args.answer):
        variables = sorted(expr.free_symbols | exp_i.free_symbols | ans_i.free_symbols,
                           key=lambda s: s.name)
        eq = equivalent(exp_i, ans_i, variables, seed=0)
        cx = eq.counterexample
        if eq.verdict == "different":
            # only points where f itself is defined count (1/abs(x) is d/dx log(x) for x > 0)
            cx = verify.find_counterexample(exp_i, ans_i, variables, domain=expr)
            if cx is None:
                eq = Equivalence("equal", "numeric", None, eq.probes)
            elif cx["point"] is None:
                eq, cx = Equivalence("undecided", "numeric", None, eq.probes), None
        cx_out = None
        if cx is not None and eq.verdict != "equal":
            cx_out = {"variable": v.name,
                      "point": {getattr(k, "name", str(k)): float(x) for k, x in cx["point"].items()},
                      "expected": float(cx["left"]), "answer": float(cx["right"])}
            first_cx = first_cx or cx_out
        results.append({"variable": v.name, "passed": eq.verdict == "equal", "verdict": eq.verdict,
                        "method": eq.method, "expected": to_text(exp_i), "answer": text,
                        "counterexample": cx_out})
    correct = all(r["passed"] for r in results)
    if args.format == "json":
        emit_json({"passed": correct, "expression": to_text(expr), "variables": [v.name for v in wrt],
                   "expected": (results[0]["expected"] if len(results) == 1
                                else {r["variable"]: r["expected"] for r in results}),
                   "counterexample": first_cx, "results": results})
        return 0 if correct else 1
    for r in results:
        name = f"d{fname}/d{r['variable']}"
        if r["passed"]:
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
