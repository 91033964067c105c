"""The tasks of sheet 000, c) and Bonus: one function per task, from the network to the
statement, the questions, the worked solution and the checks (sentences from ``messages/``)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv import layers
from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Latex, Result, Step
from symderiv.problems.mlp_jacobians import blocks, checks
from symderiv.problems.mlp_jacobians.maths import Maths, drop_bounds, param_symbol
from symderiv.problems.spec import Part, Question

P = "mlp-jacobians."
X, L_ = sp.Symbol("x"), sp.Symbol("L")


def given(m: Maths) -> list:
    net = m.net
    label = [Msg(P + "given.label", y=sp.Symbol("y"), d=net.sizes[-1])] if net.loss_rule.target == "index" else \
        [Msg(P + "given.target", t=sp.Symbol("t"))]
    return [Msg(P + "given.mlp", desc=notation.Arrows(*net.sizes), acts=[Msg(P + "act." + a.name) for a in net.activations],
                rec=Latex(net.recursion_latex()), loss=Latex(net.loss_latex()))] + label


def _cost_questions(net) -> tuple[list, list]:
    fl = net.chain("x").flops()
    n_rev, n_fwd = sp.Symbol("N_1"), sp.Symbol("N_2")
    boxes = [Result(Msg(P + "result.cost_loss"), n_rev, sp.Integer(fl["reverse"])),
             Result(Msg(P + "result.cost_input"), n_fwd, sp.Integer(fl["forward"]))]
    qs = [Question("cost_loss_side", Msg(P + "q.cost_loss"), int(fl["reverse"]), n_rev),  # counts: graded exactly
          Question("cost_input_side", Msg(P + "q.cost_input"), int(fl["forward"]), n_fwd)]
    return boxes, qs


def _counting_rules() -> dict:
    """The placeholders of the counting rules the sheet states (softmax's structured Jacobian,
    ordinary matrix products)."""
    p, q, r, n = sp.symbols("p q r n")
    return dict(soft=Latex(layers.LAYERS["softmax"].rule), n=n, three=3 * n, pqr=p * q * r,
                pq=notation.shape(p, q), qr=notation.shape(q, r))


def task_c(m: Maths) -> Part:
    """Sheet 000, c): the DAG, the chains for x and b^(1) with sizes, the explicit Jacobians."""
    net = m.net
    statement = [Msg(P + "c.statement", x=X, z=[sp.Symbol(f"z^({l})") for l in range(1, net.L + 1)],
                     y=sp.Symbol("y"), L=L_, gx=Latex(net.chain("x").lhs_latex()),
                     gb=Latex(net.chain("b1").lhs_latex())),
                 Msg(P + "c.statement_cost", gx=Latex(net.chain("x").lhs_latex()),
                     n1=sp.Symbol("N_1"), n2=sp.Symbol("N_2"), **_counting_rules())]
    solution = blocks.dag(net) + [Msg(P + "c.chain_rule", L=L_)]
    for p in ("x", "b1"):
        c = net.chain(p)
        solution += blocks.chain(net, p)
        solution.append(Result(Msg(P + "result.gradient", p=param_symbol(p)), Latex(c.lhs_latex()),
                               Latex(c.product_latex(symbols=True))))
    explicit, found = blocks.explicit(net, m.seed)
    boxes, questions = _cost_questions(net)
    solution += explicit + blocks.costs(net, ["x", "b1", "W1"]) + boxes
    res = checks.full_size(net, m.seed)
    found += [Check(Msg(P + "check.full_size", seed=m.seed, L=res.loss, var=1 / sp.Symbol("d_in")), res.record)]
    found += [Check(Msg(P + "check.orders", g=Latex(net.chain(p).lhs_latex())), checks.both_orders(net, m.seed, p))
              for p in ("x", "b1")]
    found += [Check(Msg(P + "check.costs", p=sp.Symbol("x")), checks.costs(net, "x"))]
    return Part(statement, solution, found, questions)


def task_bonus(m: Maths) -> Part:
    """Sheet 000, Bonus: the gradient for W^(1) through the tensor J_o(W^(1))."""
    net = m.net
    c = net.chain("W1")
    tensor, J = c.tensor, Latex(c.factors[-1].symbol)
    i, j, k, l = sp.symbols("i j k l", integer=True, positive=True)
    mm, n = sp.symbols("m n", integer=True, positive=True)
    W, x, b, o = (sp.IndexedBase(s) for s in "Wxbo")
    oi = sp.Sum(W[i, j] * x[j], (j, 1, n)) + b[i]
    d_tensor = drop_bounds(sp.diff(oi, W[k, l]).doit())
    delta = sp.IndexedBase("delta__(1)")
    contraction = sp.Sum(delta[i] * d_tensor, (i, 1, mm))
    size = int(np.prod(tensor.shape))
    n_t, n_f = sp.Symbol("N_J"), sp.Symbol("N_3")
    forward = int(c.flops()["forward"])
    solution = [
        Step(Msg(P + "bonus.tensor", W1=sp.Symbol("W^(1)"), entry=sp.Eq(sp.Derivative(o[i], W[k, l]), d_tensor),
                 J=J, outer=Latex(tensor.latex), shape=Latex(layers.shape_latex(tensor.shape))),
             [Equation(Latex(c.factors[-1].entries_symbol_latex()), [Latex(tensor.entries_latex())]),
              Equation(J, [Latex(tensor.latex)]),
              Equation(J, [Latex(layers.space_latex(tensor.shape))], relation=r"\in")]),
        Result(Msg(P + "result.tensor_entries"), n_t, sp.Integer(size)),
        Step(Msg(P + "bonus.row", o1=sp.Symbol("o^(1)"), s=Latex(layers.shape_latex((1, net.sizes[1])))),
             [Equation(Latex(c.delta_transposed_latex()), [Latex(c.delta_row_latex())]),
              Equation(Latex(c.lhs_latex()), [Latex(c.sizes_latex())])]),
        Step(Msg(P + "bonus.contraction", i=i, c=contraction, r=drop_bounds(contraction.doit()),
                 s=Latex(layers.shape_latex((1, net.sizes[1], net.sizes[0])))),
             [Equation(Latex(c.lhs_latex()), [Latex(c.contracted_latex())])]),
        Result(Msg(P + "result.gradient_W1"), Latex(c.lhs_latex()), Latex(c.contracted_latex())),
        Msg(P + "bonus.input_side", J=J, d=sp.Symbol("delta^(1)")),
        Result(Msg(P + "result.cost_input"), n_f, sp.Integer(forward)),
    ]
    small, rec = checks.tensor(net, m.seed)
    found = [Check(Msg(P + "check.tensor", g=Latex(c.lhs_latex()), sizes=notation.Arrows(*small.sizes),
                       d=Latex(c.contracted_latex())), rec)]
    statement = [Msg(P + "bonus.statement", g=Latex(c.lhs_latex()), W1=sp.Symbol("W^(1)"), J=J),
                 Msg(P + "bonus.statement_count", J=J, n=n_t, g=Latex(c.lhs_latex()), N=n_f)]
    found.append(Check(Msg(P + "check.costs", p=sp.Symbol("W^(1)")), checks.costs(net, "W1")))
    # a count, graded exactly (N_J takes too few values over the variants for a key question)
    return Part(statement, solution, found,
                [Question("cost_input_side_W1", Msg(P + "q.cost_input_W1", g=Latex(c.lhs_latex())), forward, n_f)])
