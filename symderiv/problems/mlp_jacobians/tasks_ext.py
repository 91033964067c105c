"""Beyond sheet 000, c): the gradient of every parameter as a product of Jacobians, and the
lecture's remark that with linear (identity) activations an MLP collapses to one affine map
(with the Jacobian of the squared loss derived)."""
from __future__ import annotations

import sympy as sp

from symderiv import layers, verify
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Latex, Result, Step
from symderiv.documents import notation
from symderiv.problems.mlp_jacobians import blocks, checks
from symderiv.problems.mlp_jacobians.blocks import Transposed
from symderiv.problems.mlp_jacobians.maths import Maths, param_symbol, parameters
from symderiv.problems.spec import Part

P = "mlp-jacobians."


def task_all_gradients(m: Maths) -> Part:
    net = m.net
    solution: list = [Msg(P + "all.intro", x=sp.Symbol("x"), b1=sp.Symbol("b^(1)"))]
    for p in parameters(net)[1:]:
        c = net.chain(p)
        solution.append(Equation(Latex(c.lhs_latex()), [Latex(c.product_latex(symbols=True)), Latex(c.sizes_latex())]))
        value = Latex(c.contracted_latex()) if c.tensor is not None else Latex(c.product_latex(symbols=True))
        solution.append(Result(Msg(P + "result.gradient", p=param_symbol(p)), Latex(c.lhs_latex()), value))
    solution += blocks.costs(net, parameters(net))
    res = checks.full_size(net, m.seed)
    found = [Check(Msg(P + "check.full_size", seed=m.seed, L=res.loss, var=1 / sp.Symbol("d_in")), res.record)]
    found += [Check(Msg(P + "check.costs", p=param_symbol(p)), checks.costs(net, p)) for p in parameters(net)]
    return Part([Msg(P + "all.statement")], solution, found)


def _l2() -> tuple:
    """L = sum_i (z_i - t_i)^2 for three components: SymPy's Jacobian, and 2 (z - t)^T."""
    z = sp.symbols("z_1:4", real=True)
    t = sp.symbols("t_1:4", real=True)
    Ls = sum((a - b) ** 2 for a, b in zip(z, t))
    J = sp.Matrix([Ls]).jacobian(z)
    rule = 2 * (sp.Matrix(z) - sp.Matrix(t)).T
    return Ls, J, rule, (J - rule).applyfunc(sp.expand) == sp.zeros(1, 3)


def task_linear(m: Maths) -> Part:
    net = m.net
    L, sizes = net.L, net.sizes
    Ws = [sp.MatrixSymbol("W^{(%d)}" % l, sizes[l], sizes[l - 1]) for l in range(1, L + 1)]
    bs = [sp.MatrixSymbol("b^{(%d)}" % l, sizes[l], 1) for l in range(1, L + 1)]
    x = sp.MatrixSymbol("x", sizes[0], 1)
    z = x
    for W, b in zip(Ws, bs):
        z = W * z + b
    expanded = sp.expand(z)
    Wp = sp.MatMul(*reversed(Ws))
    bp = sp.MatAdd(*[a for a in expanded.args if x not in a.free_symbols])
    lin = layers.Network(sizes, ["identity"] * L, "l2")
    vals = lin.init(m.seed + 4)
    Wn, bn = vals["W1"], vals["b1"]
    for l in range(2, L + 1):
        Wn, bn = vals[f"W{l}"] @ Wn, vals[f"W{l}"] @ bn + vals[f"b{l}"]
    env = lin.forward(vals)
    c = lin.chain("x")
    Wq, bq = sp.Symbol("W'"), sp.Symbol("b'")
    row = 2 * Transposed(notation.terms(sp.Symbol("z"), -sp.Symbol("t")))
    Ls, J, rule, same = _l2()
    JL = sp.Symbol("J_L")
    solution = [
        Step(Msg(P + "linear.expand"), [Equation(sp.MatrixSymbol("z^{(%d)}" % L, sizes[L], 1), [z, expanded])]),
        Msg(P + "linear.collapse", zl=sp.Eq(sp.Symbol(f"z^({L})"), Wq * sp.Symbol("x") + bq),
            Wd=sp.Eq(Wq, Wp, evaluate=False), bd=sp.Eq(bq, bp, evaluate=False), x=sp.Symbol("x"), W=Wq,
            s=Latex(layers.shape_latex((sizes[-1], sizes[0])))),
        Step(Msg(P + "linear.l2", L=sp.Eq(sp.Symbol("L"), Ls), t=sp.Symbol("t")),
             [Equation(JL, [J] + ([rule] if same else []))]),
        Result(Msg(P + "result.l2"), JL, row),
        Msg(P + "linear.gradient", g=notation.juxtaposed(row, Wq)),
    ]
    found = [
        Check(Msg(P + "check.linear_output", f=Wq * sp.Symbol("x") + bq),
              verify.compare(env[f"z{L}"], Wn @ vals["x"] + bn, "matrix product", tolerance=1e-10)),
        Check(Msg(P + "check.linear_chain", g=Latex(c.lhs_latex()), r=notation.juxtaposed(row, Wq)),
              verify.compare(c.evaluate(env), 2 * (env[f"z{L}"] - vals["y"]) @ Wn, "matrix product", tolerance=1e-10)),
    ]
    return Part([Msg(P + "linear.statement", x=sp.Symbol("x"), t=sp.Symbol("t"))], solution, found)
