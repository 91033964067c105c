"""Engine regressions of issue 13: printers of powers of table functions, TikZ of function
nodes, natural variable order, linear cost of long sums, budgets, numeric Hessian."""
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp

from symderiv.calculus.budget import Budget, BudgetError
from symderiv.calculus.matrices import hessian, hessian_values
from symderiv.calculus.reverse import evaluate, gradient, gradient_values
from symderiv.cli.main import main
from symderiv.graph.core import Graph
from symderiv.language.names import natural_sorted
from symderiv.language.parse import parse, parse_ast, symbol
from symderiv.language.printing import to_latex, to_text
from symderiv.language.sympy_functions import CUSTOM_FUNCTIONS

x, y = symbol("x"), symbol("y")


@pytest.mark.parametrize("f", CUSTOM_FUNCTIONS, ids=lambda f: f.__name__)
def test_latex_of_power_of_table_function(f):
    call = f(x) if f.nargs == {1} else f(x, y)
    text = to_latex(call ** 3)
    assert text.endswith("^{3}") and text.count(r"\left(") == text.count(r"\right)")
    assert "^{3}" in to_latex(f(call ** 3) if f.nargs == {1} else f(call ** 3, y))


def test_cli_grad_sigmoid_of_power(capsys):
    assert main(["grad", "sigmoid((sigmoid(y))^3)", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert r"\sigma\left(y\right)^{3}" in out
    assert main(["grad", "sigmoid((sigmoid(y))^3)", "--at", "y=0.5"]) == 0
    out = capsys.readouterr().out
    s = 1 / (1 + np.exp(-0.5))
    s3 = s ** 3
    expected = (1 / (1 + np.exp(-s3))) * (1 - 1 / (1 + np.exp(-s3))) * 3 * s ** 2 * s * (1 - s)
    assert f"{expected:.12g}" in out


def test_tikz_function_node_labels():
    g = Graph.from_ast(parse_ast("x*y + sin(x) + prelu(x, y) + max(x, y, 2)"))
    labels = {n.name: n.latex for n in g.operations() if n.op == "call"}
    assert labels["sin"] == r"\sin{\left(\cdot \right)}"
    assert labels["prelu"] == r"\operatorname{PReLU}_{\cdot}\left(\cdot\right)"
    assert labels["max"] == r"\max\left(\cdot, \cdot, \cdot\right)"
    assert r"\dot" not in g.to_tikz()


@pytest.mark.latex
def test_tikz_with_function_nodes_compiles(tmp_path, latex_required):
    r = subprocess.run([sys.executable, "-m", "symderiv", "dag", "x*y+sin(x)+sigmoid(x)^2/tanh(y)",
                        "--at", "x=0.5,y=1", "--format", "tikz"], capture_output=True, text=True, check=True)
    assert r"\dot" not in r.stdout
    doc = "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n" + r.stdout + "\n\\end{document}\n"
    (tmp_path / "dag.tex").write_text(doc)
    res = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "dag.tex"],
                         cwd=tmp_path, capture_output=True, timeout=120)
    assert res.returncode == 0, res.stdout.decode(errors="replace")[-2000:]


def test_natural_order_of_variables():
    assert natural_sorted(["x10", "x2", "x1", "x", "w_10", "w_2"]) == ["w_2", "w_10", "x", "x1", "x2", "x10"]
    g = Graph.from_ast(parse_ast("x10 + x2*x1"))
    assert [n.id for n in g.inputs()] == ["x1", "x2", "x10"]
    grad = gradient(parse("x10 + 3*x2 + 5*x1"))
    assert [v.name for v in grad.wrt] == ["x1", "x2", "x10"]
    assert grad.closed_form == [5, 3, 1]


def test_long_sum_is_linear(monkeypatch):
    """Work of SymPy's Add on a sum of n variables (parse, graph, tape, closed form,
    printing) is linear: the terms handled by ``Add.flatten`` stay within a few times n
    (adding one term at a time handles n^2/2)."""
    n = 3000
    handled = []
    real = sp.Add.flatten.__func__

    def counting(cls, seq):
        handled.append(len(seq))
        return real(cls, seq)

    monkeypatch.setattr(sp.Add, "flatten", classmethod(counting))
    expr = parse(" + ".join(f"x{i}" for i in range(1, n + 1)))
    grad = gradient(expr)
    assert grad.closed_form == [1] * n
    assert [v.name for v in grad.wrt[:3]] == ["x1", "x2", "x3"] and grad.wrt[-1].name == f"x{n}"
    assert to_text(grad.graph.expr).startswith("x1 + x2 + x3 + ")
    assert sum(handled) < 10 * n, sum(handled)


def test_hessian_budget_and_numeric_hessian():
    text = "x"
    for i in range(1, 31):
        text = f"tanh(w{i}*{text})" if i > 1 else "tanh(w1*x)"
    expr = parse(text)
    wrt = natural_sorted(expr.free_symbols)
    with pytest.raises(BudgetError, match="nested about .* levels deep .*--at"):
        hessian(expr, wrt)
    small = parse("tanh(w3*tanh(w2*tanh(w1*x)))")
    with pytest.raises(BudgetError, match="--max-nodes"):
        hessian(small, natural_sorted(small.free_symbols), Budget(max_nodes=100))
    H = hessian(small, natural_sorted(small.free_symbols))  # within the default budget
    assert H.shape == (4, 4) and H == H.T
    point = {v: 0.3 + 0.01 * i for i, v in enumerate(wrt)}
    H = hessian_values(expr, wrt, point)
    # reference: central differences of the reverse-pass gradient
    g = Graph.from_sympy(expr)
    h = 1e-6
    for j in (0, 7, len(wrt) - 1):
        up = dict(point)
        dn = dict(point)
        up[wrt[j]] += h
        dn[wrt[j]] -= h
        col = (np.array(gradient_values(g, wrt, up)) - np.array(gradient_values(g, wrt, dn))) / (2 * h)
        assert np.allclose(H[:, j], col, rtol=1e-6, atol=1e-8)
    # small case against the symbolic Hessian
    rosen = parse("100*(x2 - x1^2)^2 + (1 - x1)^2")
    x1, x2 = symbol("x1"), symbol("x2")
    assert np.allclose(hessian_values(rosen, [x1, x2], {x1: 1.0, x2: 1.0}), [[802, -400], [-400, 200]])


def test_evaluate_deep_expression_through_graph():
    e = x
    for _ in range(399):
        e = sp.tanh(e)
    v = evaluate(e, {x: 0.7})
    ref = 0.7
    for _ in range(399):
        ref = np.tanh(ref)
    assert v == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("text", ["(-1)^(1/2)", "max(x, (-(1))^(1/2))", "log(-1)", "sqrt(-4)", "(-8)^(1/3) * x"])
def test_non_real_constants_are_bad_input(text):
    """Found by the printer property test: these parsed to expressions with I (which the
    text printer writes and the parser cannot read)."""
    from symderiv.language.parse import ParseError
    with pytest.raises(ParseError, match="not a real number"):
        parse(text)
    assert parse("(2 - 3)^2") == 1 and parse("x^(1/2)") == sp.sqrt(x)


def test_singular_point_gives_inf_not_an_exception():
    g = Graph.from_ast(parse_ast("((z2 - z10)^(1/2))^3 + 1/(x - y)"))
    adj = g.adjoints({"z2": 0.7, "z10": 0.7, "x": 1.0, "y": 1.0})
    assert np.isinf(adj[g.node("x").index]) and np.isnan(adj[g.node("z2").index])
