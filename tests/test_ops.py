"""One declaration per operation: every operation is an Op whose rules sit beside each other,
and a new activation declared here in one place works everywhere (parser, gradient, check,
LaTeX, NumPy, the activation catalog)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import symderiv
from symderiv.graph.core import Graph
from symderiv.graph.program import read_function
from symderiv.language import ops
from symderiv.language.parse import parse, parse_ast, symbol
from symderiv.language.sympy_functions import sigmoid
from symderiv.language.table import FUNCTIONS, declare_function, undeclare_function
from symderiv.layers import activations


def _swish_np(z):
    z = np.asarray(z)
    return z / (1 + np.exp(-z))


@pytest.fixture(scope="module")
def swish():
    """swish(x) = x sigmoid(x), declared once; its derivative rule reuses the output
    (swish' = out + sigmoid(x) (1 - out))."""
    op = declare_function(
        "swish", lambda x: x / (1 + sp.exp(-x)),
        lambda a, o: (o + sigmoid(a) * (1 - o),),
        latex=r"\operatorname{swish}", numpy=_swish_np,
        description="swish x sigmoid(x)", catalog=("Swish", "x sigmoid(x)"))
    yield op
    undeclare_function("swish")  # the other tests (reports, the catalog) see the built-in table
    assert "swish" not in FUNCTIONS and "swish" not in [r.name for r in activations.rows()]


def _swish_prime(x):
    s = 1 / (1 + math.exp(-x))
    return s + x * s * (1 - s)


def test_declared_activation_in_grad_check_latex_numpy_catalog(swish):
    x, y = symbol("x"), symbol("y")
    # the parser knows it; the gradient (tape and closed form) uses the declared rule
    grad = symderiv.gradient("swish(x*y) + x", "x,y")
    point = {x: 0.7, y: -1.3}
    d = _swish_prime(0.7 * -1.3)
    assert grad.values(point) == pytest.approx([d * -1.3 + 1, d * 0.7], rel=1e-14)
    closed = [float(g.subs(point).evalf()) for g in grad.closed_form]
    assert closed == pytest.approx([d * -1.3 + 1, d * 0.7], rel=1e-12)
    assert any("swish" in rhs for _, rhs in grad.tape_rows())
    # sympy.diff of the SymPy function takes the same rule (its fdiff)
    e = parse("swish(x)")
    assert float(sp.diff(e, x).subs(x, 0.4)) == pytest.approx(_swish_prime(0.4), rel=1e-14)
    # check: the numeric verification passes, and a wrong derivative is caught
    assert symderiv.check("swish(x*y)", "x,y").passed
    wrong = symderiv.check("swish(x)", "x", gradient=["sigmoid(x)"])
    assert not wrong.passed
    # LaTeX: the declared name, in a formula and in the tape
    assert sp.latex(parse("swish(x)^2")) == r"\operatorname{swish}\left(x\right)^{2}"
    assert r"\operatorname{swish}" in grad._repr_latex_()
    # NumPy: the graph's forward pass and lambdify use the declared NumPy form
    g, _ = read_function("h = swish(w*x)")
    vals = g.forward({"w": 2.0, "x": 0.25})
    assert vals[g.output] == pytest.approx(0.5 / (1 + math.exp(-0.5)), rel=1e-15)
    from symderiv.language.numeric import numeric
    f = numeric(parse("swish(x)"), [x])
    assert np.allclose(f(np.array([-1.0, 0.0, 2.0])), _swish_np(np.array([-1.0, 0.0, 2.0])), rtol=1e-15)
    # the activation catalog derives its properties (derivative, no kinks, range)
    act = activations.get("swish")
    assert act.title == "Swish"
    assert act.kinks == []
    assert float(act.derivative.subs(activations.X, 0.4)) == pytest.approx(_swish_prime(0.4), rel=1e-12)
    assert "swish" in [a.name for a in activations.catalog()]
    assert np.allclose(act.df(np.array([0.3, -2.0])), [_swish_prime(0.3), _swish_prime(-2.0)], rtol=1e-13)


def test_every_operation_is_one_op_with_its_rules():
    a, b, o = sp.symbols("a b o")
    for op in list(ops.ARITHMETIC.values()) + [ops.POWC] + list(FUNCTIONS.values()):
        assert op == op.kind and str(op) == op.kind
    # the SymPy form, the partials and the NumPy forms of one op agree with each other
    for op in list(ops.ARITHMETIC.values()) + [FUNCTIONS[n] for n in ("sigmoid", "tanh", "softplus", "elu")]:
        args = [sp.Symbol(f"a{i}", positive=True) for i in range(op.arity[0])]
        out = op.apply(args)
        point = {s: 0.3 + 0.4 * i for i, s in enumerate(args)}
        nums = [point[s] for s in args]
        assert complex(op.value(nums)) == pytest.approx(complex(out.subs(point).evalf()), rel=1e-14)
        for slot, (rule, num) in enumerate(zip(op.partials(args, out), op.dvalues(nums, op.value(nums)))):
            expected = float(sp.diff(out, args[slot]).subs(point).evalf())
            assert float(rule.subs(point).evalf()) == pytest.approx(expected, rel=1e-13)
            assert float(num) == pytest.approx(expected, rel=1e-13)


def test_graph_nodes_refer_to_their_op():
    g = Graph.from_ast(parse_ast("sigmoid(x*y)^2 - x"))
    kinds = sorted(n.op for n in g.operations())
    assert kinds == ["*", "-", "call", "pow"]
    call = next(n for n in g.operations() if n.op == "call")
    assert call.op is FUNCTIONS["sigmoid"] and call.label == "sigmoid"
    assert next(n for n in g.operations() if n.op == "pow").latex == r"(\cdot)^{2}"
    assert g.to_dict()["nodes"][-1]["op"] in ("-", "pow", "*", "call")


def test_a_graph_pickles_with_its_ops_by_reference():
    import pickle
    g, _ = read_function("h = sigmoid(w*x)^2 - x")
    copy = pickle.loads(pickle.dumps(g))
    assert [n.op for n in copy.nodes] == [n.op for n in g.nodes]
    assert all(a.op is b.op for a, b in zip(copy.nodes, g.nodes))
    s = 1 / (1 + math.exp(-2.0))
    assert copy.forward({"w": 1.0, "x": 2.0})[copy.output] == pytest.approx(s * s - 2.0, rel=1e-15)
