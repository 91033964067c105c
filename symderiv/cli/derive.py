"""Commands on expressions and straight-line programs: grad, jacobian, hessian, dag."""
from __future__ import annotations

from symderiv.cli.common import (AT_HELP, DomainError, UsageError, add_format, add_function_args, budget_from, check_domain,
                                 check_finite, emit_json, read_function_arg, read_point, read_wrt, real_part,
                                 too_large_to_print)


def _expression_text(g, info, printer):
    """The function as one expression while printable, else the program's output name."""
    if info.expr is not None:
        return printer(info.expr)
    if g.printable(g.output):
        return printer(g.expr)
    return info.output


def add_grad(sub):
    p = sub.add_parser("grad", help="gradient of an expression or program (reverse accumulation over its graph)")
    add_function_args(p)
    p.add_argument("--wrt", help="variables, comma separated (default: all, in natural order)")
    p.add_argument("--at", help=AT_HELP)
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_grad)


def run_grad(args) -> int:
    from symderiv.calculus.reverse import COMPACT_LIMIT, gradient
    from symderiv.language.printing import to_latex, to_text
    g, info = read_function_arg(args)
    budget = budget_from(args)
    wrt = read_wrt(info.inputs, args.wrt)
    # every input's symbol: those of wrt when it is all of them (a long program has thousands)
    point = read_point(args.at, wrt if args.wrt is None else info.input_symbols)
    grad = gradient(info.expr, wrt, graph=g)
    values = None
    if point is not None:
        vals = g.forward(point)  # once, for the domain check and the reverse pass
        check_domain(g, point, info.output, vals=vals)
        values = grad.values(point, vals=vals)
        check_finite(values, [f"d{info.output}/d{v.name}" for v in wrt], point)
    limit = min(budget.max_nodes, COMPACT_LIMIT)
    compact = grad.is_compact(limit)
    if grad.is_undefined(limit):   # 0^x: its partial is 0^x log(0)
        raise DomainError(f"the derivative of {info.output} is undefined: written in the inputs it has "
                          f"an infinite or undefined part (such as log(0) or 1/0)")
    budget.check_time("gradient")
    # large results: the gradient as the adjoint program (tape), which stays linear; each
    # format printed only when shown
    want_text, want_latex = args.format != "latex", args.format != "text"
    shown_text: list = []
    shown_latex: list = []
    if compact:
        if want_text:
            shown_text = [to_text(c) for c in grad.closed_form]
        if want_latex:
            shown_latex = [to_latex(c) for c in grad.closed_form]
    else:
        if want_text:
            shown_text = grad.output_texts()
        if want_latex:
            shown_latex = grad.output_texts("latex")
    if args.format == "json":
        data = {
            "expression": _expression_text(g, info, to_text),
            "expression_latex": _expression_text(g, info, to_latex),
            "variables": [v.name for v in wrt],
            "gradient": dict(zip([v.name for v in wrt], shown_text)),
            "gradient_latex": dict(zip([v.name for v in wrt], shown_latex)),
            "closed_form": compact,
        }
        if info.program is not None:
            data["output"] = info.output
        if not compact:
            data["tape"] = [list(r) for r in grad.tape_rows()]
        if point is not None and values is not None:
            data["point"] = {k.name: v for k, v in point.items()}
            data["value"] = {v.name: real_part(x) for v, x in zip(wrt, values)}
        emit_json(data)
        return 0
    if not compact:
        rows = grad.tape_rows("latex" if args.format == "latex" else "text")
        note = (f"closed form omitted ({grad.closed_form_size} terms written out); "
                f"gradient as the reverse-accumulation tape ({len(rows)} lines):")
    if args.format == "latex":
        if not compact:
            print("% " + note)
            for s, r in rows:
                print(r"%s &= %s \\" % (s, r))
        for v, g_ in zip(wrt, shown_latex):
            print(r"\frac{\partial %s}{\partial %s} &= %s \\" % (
                to_latex(_symbol(info.output)), to_latex(v), g_))
        return 0
    if compact:
        print(f"{info.output} = {_expression_text(g, info, to_text)}")
    else:
        print(note)
        for s, r in rows:
            print(f"  {s} = {r}")
    name = info.output
    for i, (v, g_) in enumerate(zip(wrt, shown_text)):
        line = f"d{name}/d{v.name} = {g_}"
        if values is not None:
            line += f"    = {real_part(values[i]):.12g}"
        print(line)
    return 0


def _symbol(name):
    from symderiv.language.parse import symbol
    return symbol(name)


def add_jacobian(sub):
    p = sub.add_parser("jacobian", help="Jacobian matrix of one or more expressions (or programs)")
    p.add_argument("exprs", nargs="*", metavar="EXPR", help="expressions or programs, one row each")
    p.add_argument("-f", "--file", action="append", help="read a row's expression or program from FILE")
    p.add_argument("--output", metavar="NAME", help="the assignment of each program that is its function")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N", help="largest symbolic result")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="time limit")
    p.add_argument("--wrt", help="variables, comma separated (default: all, in natural order)")
    p.add_argument("--at", help=AT_HELP)
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_jacobian)


def run_jacobian(args) -> int:
    import argparse

    import sympy as sp
    from symderiv.calculus.budget import BudgetError
    from symderiv.calculus.reverse import gradient
    from symderiv.language.names import natural_sorted
    texts = [("expr", e) for e in args.exprs] + [("file", f) for f in (args.file or [])]
    if not texts:
        raise UsageError("no function given: pass expressions, programs or -f FILE")
    read = []
    for kind, value in texts:
        one = argparse.Namespace(expr=value if kind == "expr" else None, file=value if kind == "file" else None,
                                 output=args.output)
        read.append(read_function_arg(one))
    budget = budget_from(args)
    names = natural_sorted(set().union(*[set(info.inputs) for _, info in read]))
    wrt = read_wrt(names, args.wrt)
    point = read_point(args.at, read_wrt(names, None))
    grads = [gradient(info.expr, wrt, graph=g) for g, info in read]
    if not all(gr.is_compact(budget.max_nodes) for gr in grads):
        if point is None:
            raise BudgetError("symbolic Jacobian too large to write out (raise the limit with "
                                       "--max-nodes); give --at for its values by reverse accumulation")
        values = []
        for i, ((g, _), gr) in enumerate(zip(read, grads)):
            check_domain(g, point, f"f{i + 1}")
            values.append([real_part(x) for x in gr.values(point)])
            check_finite(values[-1], [f"df{i + 1}/d{v.name}" for v in wrt], point)
        return _emit_numeric(args, "jacobian", values, [_expression_text(g, info, _text()) for g, info in read],
                             wrt, point)
    rows = []
    for gr in grads:
        rows.append(gr.closed_form)
        budget.check_time("Jacobian")
    exprs = [info.expr if info.expr is not None else g.expr for g, info in read]
    if point is not None:
        for i, (g, _) in enumerate(read):
            check_domain(g, point, f"f{i + 1}")
    return _emit_matrix(args, sp.Matrix(rows), exprs, wrt, point, "jacobian")


def _text():
    from symderiv.language.printing import to_text
    return to_text


def add_hessian(sub):
    p = sub.add_parser("hessian", help="Hessian matrix of an expression or program")
    add_function_args(p)
    p.add_argument("--wrt", help="variables, comma separated (default: all, in natural order)")
    p.add_argument("--at", help=AT_HELP + "; a Hessian too large to write "
                                "symbolically is then computed numerically (reverse pass with complex step)")
    add_format(p, ("text", "latex", "json"))
    p.set_defaults(run=run_hessian)


def run_hessian(args) -> int:
    from symderiv.calculus.budget import BudgetError
    from symderiv.calculus.matrices import hessian, hessian_values
    g, info = read_function_arg(args)
    budget = budget_from(args)
    wrt = read_wrt(info.inputs, args.wrt)
    point = read_point(args.at, info.input_symbols)
    if point is not None:
        check_domain(g, point, info.output)
    try:
        if info.expr is None and not g.printable(g.output):
            raise BudgetError(f"symbolic Hessian too large: {too_large_to_print(g)}; give --at for its "
                              f"values (complex step over the reverse pass)")
        expr = info.expr if info.expr is not None else g.expr
        H = hessian(expr, wrt, budget)
    except BudgetError:
        if point is None:
            raise
        return _emit_numeric_hessian(args, hessian_values(g, wrt, point, budget), g, info, wrt, point)
    return _emit_matrix(args, H, [expr], wrt, point, "hessian")


def _emit_numeric_hessian(args, H, g, info, wrt, point) -> int:
    from symderiv.language.printing import to_text
    values = [[float(x) for x in row] for row in H]
    check_finite([x for row in values for x in row], ["a second derivative"] * len(wrt) ** 2, point)
    return _emit_numeric(args, "hessian", values, [_expression_text(g, info, to_text)], wrt, point)


def _emit_numeric(args, key, values, exprs, wrt, point) -> int:
    """A matrix too large to write symbolically: its values at the point."""
    import sympy as sp
    from symderiv.language.printing import to_latex
    if args.format == "json":
        data = ({"expression": exprs[0], "expression_latex": exprs[0]} if key == "hessian" else
                {"expressions": exprs, "expressions_latex": exprs})
        data.update({"variables": [v.name for v in wrt], "shape": [len(values), len(wrt)],
                     key: [[f"{x:.17g}" for x in row] for row in values],
                     f"{key}_latex": to_latex(sp.Matrix(values)), "symbolic": False,
                     "point": {k.name: v for k, v in point.items()}, "value": values})
        emit_json(data)
        return 0
    how = "complex step over the reverse pass" if key == "hessian" else "reverse accumulation"
    print(f"symbolic {key} too large to write out; its values by {how}:")
    print("at " + ", ".join(f"{k.name}={v:g}" for k, v in point.items()) + ":")
    for row in values:
        print("[" + ", ".join(f"{v:.12g}" for v in row) + "]")
    return 0


def _emit_matrix(args, M, exprs, wrt, point, key) -> int:
    from symderiv.language.printing import to_latex, to_text
    rows = [[M[i, j] for j in range(M.shape[1])] for i in range(M.shape[0])]
    values = None
    if point is not None:
        from symderiv.calculus.reverse import evaluate
        values = [[evaluate(c, point) for c in row] for row in rows]
        check_finite([x for row in values for x in row],
                     [f"entry ({i + 1}, {j + 1})" for i in range(len(rows)) for j in range(len(rows[0]))], point)
    if args.format == "json":
        data: dict[str, object] = (
            {"expression": to_text(exprs[0]), "expression_latex": to_latex(exprs[0])} if key == "hessian" else
            {"expressions": [to_text(e) for e in exprs], "expressions_latex": [to_latex(e) for e in exprs]})
        data.update({"variables": [v.name for v in wrt], "shape": [int(M.shape[0]), int(M.shape[1])],
                     key: [[to_text(c) for c in row] for row in rows], f"{key}_latex": to_latex(M)})
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
    add_function_args(p)
    p.add_argument("--at", help=AT_HELP + " (forward values, adjoints and edge values)")
    add_format(p, ("text", "json", "dot", "tikz"))
    p.set_defaults(run=run_dag)


def run_dag(args) -> int:
    g, info = read_function_arg(args)
    point = read_point(args.at, g.input_symbols()) if args.at else None
    if point is not None:
        check_domain(g, point, info.output)
    if args.format == "json":
        data = g.to_json(point)
        if point is not None:  # inf/nan are null in JSON: say which (sqrt(x) at 0: its edge)
            bad = [f"{kind} {i.get('id') or i.get('from') + '->' + i.get('to')} {key}"
                   for kind in ("nodes", "edges") for i in data.get(kind, ()) for key in ("value", "adjoint")
                   if key in i and i[key] is None]
            if bad:
                data["non_finite"] = f"not finite numbers (inf or nan), written as null: {', '.join(bad)}"
        emit_json(data)
    elif args.format == "dot":
        print(g.to_dot(point))
    elif args.format == "tikz":
        print(g.to_tikz(point))
    else:
        print(g.to_text(point))
    return 0
