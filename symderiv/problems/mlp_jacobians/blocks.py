"""The worked steps of sheet 000, c): the DAG, the chains with their sizes, and the explicit
Jacobians derived by SymPy from the definitions (sentences from ``messages/``)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symderiv import layers
from symderiv.calculus.equivalence import equivalent
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Figure, Latex, Step, Table
from symderiv.problems.mlp_jacobians import checks
from symderiv.problems.mlp_jacobians.maths import SMALL, drop_bounds, param_symbol

P = "mlp-jacobians."
X, L_, T_ = sp.Symbol("x"), sp.Symbol("L"), sp.Symbol("t")


class Transposed(sp.Expr):
    """A transpose written with the sign the layer library uses (``^\\top``), so that one
    document does not mix two signs (SymPy prints ``Transpose`` with ``^T``)."""

    def _latex(self, printer):
        inner = printer._print(self.args[0])
        if isinstance(self.args[0], (sp.Symbol, sp.MatrixSymbol)):
            return r"{%s}^{\top}" % inner
        return r"\left(%s\right)^{\top}" % inner


def grouped(n: int) -> Latex:
    """An integer with siunitx's digit grouping (the number printers have none for integers)."""
    return Latex(r"\num{%d}" % int(n))


def dag(net: layers.Network) -> list:
    L = net.L
    rows = [[Latex(net.z(l - 1).latex), Latex(net.z(l).latex), Latex(net.layer_map_latex(l)),
             Latex(layers.shape_latex((net.sizes[l], net.sizes[l - 1])))] for l in range(1, L + 1)]
    lf = net.loss_factor()
    rows.append([Latex(net.z(L).latex), L_, Latex(lf.symbol), Latex(layers.shape_latex(lf.shape))])
    return [
        Msg(P + "c.dag", x=X, z1=sp.Symbol("z^(1)"), zL=sp.Symbol(f"z^({L})"), L=L_, y=sp.Symbol("y"),
            rec=Latex(net.recursion_latex())),
        Figure(layers.network_tikz(net), Msg(P + "c.dag_caption")),
        Table([Msg(P + "col.from"), Msg(P + "col.to"), Msg(P + "col.jacobian"), Msg(P + "col.size")], rows,
              Msg(P + "c.edges_caption")),
    ]


def chain(net: layers.Network, p: str) -> list:
    c = net.chain(p)
    rows = [[Latex(f.symbol), Latex(f.latex), Latex(layers.shape_latex(f.shape))] for f in c.factors]
    return [Equation(Latex(c.lhs_latex()), [Latex(c.product_latex(symbols=True)), Latex(c.sizes_latex()),
                                           Latex(c.product_latex())]),
            Equation(Latex(c.lhs_latex()), [Latex(layers.space_latex(c.result_shape))], relation=r"\in"),
            Table([Msg(P + "col.jacobian"), Msg(P + "col.explicit"), Msg(P + "col.size")], rows,
                  Msg(P + "c.factors_caption", p=param_symbol(p)))]


def costs(net: layers.Network, params: list) -> list:
    rows = []
    for p in params:
        fl = net.chain(p).flops()
        rows.append([param_symbol(p), grouped(fl["reverse"]), grouped(fl["forward"]),
                     grouped(round(fl["forward"] / max(fl["reverse"], 1)))])
    dL = net.sizes[-1]
    return [Msg(P + "c.order", n=sp.Symbol("n"), three=3 * sp.Symbol("n"), soft=Latex(layers.LAYERS["softmax"].rule),
                JL=Latex(net.loss_factor().symbol), d=dL, k=sp.Symbol("k"), dk=dL * sp.Symbol("k")),
            Table([Msg(P + "col.parameter"), Msg(P + "col.loss_side"), Msg(P + "col.input_side"),
                   Msg(P + "col.ratio")], rows, Msg(P + "c.costs_caption"))]


def quotient_rule_form(definition, t, derivative):
    """The derivative of a quotient as the quotient rule writes it ((u' v - u v') / v^2,
    unevaluated); SymPy's ``diff`` of tanh's exponential form is a sum no student writes."""
    num, den = sp.fraction(definition)
    if den == 1 or not num.has(t) or not den.has(t):
        return derivative
    top = sp.Add(sp.Mul(sp.diff(num, t), den, evaluate=False), -sp.Mul(num, sp.diff(den, t), evaluate=False),
                 evaluate=False)
    return sp.Mul(top, sp.Pow(sp.Pow(den, 2, evaluate=False), -1, evaluate=False), evaluate=False)


def elementwise(rule, seed: int) -> tuple[list, list]:
    t = sp.Symbol("t", real=True)
    f = rule.scalar(t)
    definition = f.rewrite(sp.exp) if rule.name != "identity" else t
    d_def = sp.diff(definition, t)
    d_rule = rule.derivative_at(t)
    same = equivalent(d_def, d_rule, [t], seed=seed).verdict == "equal"
    o = sp.symbols(f"o_1:{SMALL + 1}", real=True)
    J = sp.Matrix([rule.scalar(v) for v in o]).jacobian(o)
    blocks = [Step(Msg(P + ("c.elementwise" if same else "c.elementwise_unconfirmed"), f=sp.Eq(f, definition),
                       d=quotient_rule_form(definition, t, d_def), drule=d_rule, i=sp.Symbol("i")),
                   [Equation(Latex(rule.jacobian_symbol_latex), [J])])]
    v = np.random.default_rng(seed).uniform(-0.9, 0.9, SMALL)
    found = [Check(Msg(P + "check.act_sympy", f=f), checks.rule_vs_sympy(rule.name, v, J, o)),
             Check(Msg(P + "check.act_complex", f=f), checks.rule_vs_complex(rule.name, v, rule.forward))]
    return blocks, found


@lru_cache(maxsize=1)
def _softmax_proof() -> tuple:
    """(o, J, S, proven): SymPy's Jacobian of softmax of three entries, the rule's matrix
    and whether they simplify to the same (symbolic: once per process)."""
    o = sp.symbols(f"o_1:{SMALL + 1}", real=True)
    s = sp.symbols(f"s_1:{SMALL + 1}", positive=True)
    den = sp.Add(*[sp.exp(v) for v in o])
    soft = [sp.exp(v) / den for v in o]
    J = sp.Matrix(soft).jacobian(o)
    S = sp.Matrix(SMALL, SMALL, lambda i, j: s[i] * (sp.KroneckerDelta(i, j) - s[j]))
    proven = (J - S.subs(dict(zip(s, soft)))).applyfunc(sp.simplify) == sp.zeros(SMALL, SMALL)
    return o, sp.ImmutableMatrix(J), sp.ImmutableMatrix(S), proven


def softmax(seed: int) -> tuple[list, list]:
    o, J, S, proven = _softmax_proof()
    J, S = sp.Matrix(J), sp.Matrix(S)   # mutable copies, as the blocks had them
    i, j, k = sp.symbols("i j k", integer=True)
    nn = sp.Symbol("n", integer=True, positive=True)
    si, sj, oj = sp.IndexedBase("s")[i], sp.IndexedBase("s")[j], sp.IndexedBase("o")[j]
    blocks = [
        Step(Msg(P + "c.softmax", sdef=sp.Eq(si, sp.exp(sp.IndexedBase("o")[i]) / sp.Sum(
                     sp.exp(sp.IndexedBase("o")[k]), (k, 1, nn))),
                 entry=sp.Eq(sp.Derivative(si, oj), si * (sp.KroneckerDelta(i, j) - sj), evaluate=False), eq=sp.Eq(i, j),
                 ne=sp.Ne(i, j), s=sp.Symbol("s")),
             [Equation(Latex(layers.LAYERS["softmax"].jacobian_symbol_latex), [S])]),
        Msg(P + ("c.softmax_proven" if proven else "c.softmax_unproven"), nn=Latex(layers.shape_latex(("n", "n"))),
            rule=Latex(layers.LAYERS["softmax"].rule_equation_latex)),
    ]
    v = np.random.default_rng(seed + 1).normal(0, 1.5, SMALL)
    found = [Check(Msg(P + "check.softmax_sympy", r=Latex(layers.LAYERS["softmax"].rule)),
                   checks.rule_vs_sympy("softmax", v, J, o)),
             Check(Msg(P + "check.softmax_complex"), checks.rule_vs_complex("softmax", v, layers.softmax_np))]
    return blocks, found


def loss(net: layers.Network, seed: int) -> tuple[list, list]:
    """The loss's Jacobian for three classes; a target vector is called t (y is the label)."""
    r = net.loss_rule
    p = sp.symbols(f"p_1:{SMALL + 1}", **({"positive": True} if r.name == "ce" else {"real": True}))
    rng = np.random.default_rng(seed + 2)
    target_np: Any  # the label (an index) or the target vector
    if r.target == "index":
        label = 2
        Ls, target_np = r.sympy_vector(list(p), label - 1), label - 1
        v = rng.dirichlet(np.ones(SMALL)) if r.name == "ce" else rng.normal(0, 1, SMALL)
        target = Msg(P + "c.label", y=sp.Eq(sp.Symbol("y"), label))
    else:
        tv = [sp.Rational(1, 2), sp.Rational(-1, 4), sp.Rational(3, 4)]
        Ls, target_np = r.sympy_vector(list(p), tv), np.array([float(t) for t in tv])
        v = rng.normal(0, 1, SMALL)
        target = Msg(P + "c.target", t=sp.Eq(T_, sp.Matrix(tv).T, evaluate=False))
    J = sp.Matrix([Ls]).jacobian(p)
    blocks = [target, Step(Msg(P + "c.loss", L=sp.Eq(L_, Ls)), [Equation(Latex(r.jacobian_symbol_latex), [J])])]
    if r.target == "index":
        blocks.append(Msg(P + "c.loss_general", rule=Latex(r.rule), s=Latex(layers.shape_latex((1, "n"))),
                          s2=Latex(layers.shape_latex((1, net.sizes[-1])))))
    found = [Check(Msg(P + "check.loss_sympy"), checks.rule_vs_sympy(r.name, v, J, p, target=target_np)),
             Check(Msg(P + "check.loss_complex"),
                   checks.rule_vs_complex(r.name, v, lambda z: r.forward(z, {"y": target_np}), target=target_np))]
    return blocks, found


def affine() -> list:
    i, j, k, l = sp.symbols("i j k l", integer=True, positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    W, x, b, o = (sp.IndexedBase(c) for c in "Wxbo")
    oi = sp.Sum(W[i, j] * x[j], (j, 1, n)) + b[i]
    return [Msg(P + "c.affine", rule=Latex(layers.LAYERS["affine"].rule), oi=sp.Eq(o[i], oi),
                dx=sp.Eq(sp.Derivative(o[i], x[l]), drop_bounds(sp.diff(oi, x[l]).doit())),
                db=sp.Eq(sp.Derivative(o[i], b[k]), drop_bounds(sp.diff(oi, b[k]).doit())))]


def explicit(net: layers.Network, seed: int) -> tuple[list, list]:
    blocks: list = [Msg(P + "c.explicit")] + affine()
    found: list = []
    seen = set()
    for l, a in enumerate(net.activations, 1):
        if a.name in seen or (net.fused and l == net.L):
            continue
        seen.add(a.name)
        b, c = softmax(seed) if a.kind == "softmax" else elementwise(a, seed)
        blocks, found = blocks + b, found + c
    if net.fused:
        b, c = softmax(seed)
        blocks, found = blocks + b, found + c
    b, c = loss(net, seed)
    return blocks + b, found + c
