"""Commands on expressions: grad, jacobian, hessian, dag."""
from __future__ import annotations

from symderiv.cli.common import _real, add_format, emit_json, read_expr, read_point, read_wrt


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
            "expression_latex": to_latex(expr),
            "variables": [v.name for v in wrt],
            "gradient": {v.name: to_text(g) for v, g in zip(wrt, shown)},
            "gradient_latex": {v.name: to_latex(g) for v, g in zip(wrt, shown)},
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
        data = ({"expression": to_text(exprs[0]), "expression_latex": to_latex(exprs[0])}
                if key == "hessian" else
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
