"""Layer chains and activation bounds: net, bound."""
from __future__ import annotations

from symderiv.cli.common import UsageError, add_format, emit_json


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
    from symderiv import layers
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
            for f in c.factors:   # in the syntax grad prints (and parses), not LaTeX
                print(f"  {f.name:<{w}}  {layers.shape_str(f.shape):>12}  {f.term.text}")
            if c.tensor is not None:
                delta = f"delta{p[1:]}" if p[0] in "Wb" else "delta0"
                print(f"  tensor J_o({p}): {layers.shape_str(c.tensor.shape)}, entries {c.tensor.entries_text()};"
                      f" contracted: dL/d{p} = {delta}*{c.tensor.z.text}^T ({layers.shape_str(c.gradient_shape)})")
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


def add_bound(sub):
    p = sub.add_parser("bound", help="derivative, its sup/inf (where attained), kinks and range "
                                     "of a catalog activation")
    p.add_argument("activation", help="sigmoid, tanh, hardtanh, relu, leaky_relu, prelu, softplus, "
                                      "elu, gelu, sin, cos, identity, softmax")
    add_format(p, ("text", "json"))
    p.set_defaults(run=run_bound)


def run_bound(args) -> int:
    from symderiv.layers import activations as act
    from symderiv.layers import catalog_text
    try:
        name = act.canonical(args.activation)
    except act.CatalogError as exc:
        raise UsageError(str(exc)) from None
    data = catalog_text.softmax_json(act.softmax_info()) if name == "softmax" else catalog_text.to_json(act.get(name))
    if args.format == "json":
        emit_json(data)
        return 0
    for line in catalog_text.text_lines(data):
        print(line)
    return 0
