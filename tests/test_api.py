"""The public API is the command line as Python calls (issue 20, items 1-2): the same
inputs (programs, wrt, at, points, budgets) under the same names, the same verdicts, and
result objects that print through SymPy's own printers and display in notebooks."""
from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import symderiv
from symderiv.calculus.budget import BudgetError
from symderiv.language.parse import ParseError
from symderiv.verify.records import VerifyError

ROOT = Path(__file__).resolve().parent.parent
x, y, w1 = sp.symbols("x y w1", real=True)


def cli_json(*argv) -> tuple[int, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "symderiv", *argv, "--format", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, json.loads(proc.stdout)


def test_every_name_is_exported_and_explicit():
    assert set(symderiv.__all__) == set(symderiv._API) | {"__version__"}
    for name in symderiv._API:
        fn = getattr(symderiv, name)
        if inspect.isfunction(fn):
            kinds = {p.kind for p in inspect.signature(fn).parameters.values()}
            assert inspect.Parameter.VAR_KEYWORD not in kinds, name   # no **options
            assert fn.__doc__, name


def test_gradient_takes_a_program_and_the_point_like_grad():
    g = symderiv.gradient("h1 = sigmoid(w1*x); y = h1^2")
    s = sp.Function("sigmoid")
    assert [v.name for v in g.wrt] == ["w1", "x"]
    want = 2 * x * sp.exp(-w1 * x) / (1 + sp.exp(-w1 * x)) ** 3
    got = g.closed_form[0].rewrite(sp.exp) if g.closed_form[0].has(s) else g.closed_form[0]
    assert abs(complex(got.subs({x: 0.7, w1: -0.4}).evalf()) - complex(want.subs({x: 0.7, w1: -0.4}))) < 1e-12
    values = symderiv.gradient("h1 = sigmoid(w1*x)\ny = h1^2", at="x=0.7,w1=-0.4")
    code, cli = cli_json("grad", "h1 = sigmoid(w1*x); y = h1^2", "--at", "x=0.7,w1=-0.4")
    assert code == 0 and values == pytest.approx(cli["value"], rel=1e-15)
    assert values["w1"] == pytest.approx(float(want.subs({x: 0.7, w1: -0.4})), rel=1e-12)
    # output chooses the assignment, as --output does
    assert symderiv.gradient("h1 = sigmoid(w1*x); y = h1^2", "w1", output="h1", at={"x": 1, "w1": 0})["w1"] \
        == pytest.approx(0.25)


def test_gradient_budget_names_the_option():
    chain = "; ".join(["h0 = x"] + [f"h{i} = sin(h{i - 1}) + h{i - 1}/2" for i in range(1, 40)])
    with pytest.raises(BudgetError, match="at="):
        symderiv.gradient(chain, max_nodes=1000)
    value = symderiv.gradient(chain, at={"x": 0.5})["x"]      # the values scale
    code, cli = cli_json("grad", chain, "--at", "x=0.5")
    assert code == 0 and value == cli["value"]["x"] != 0.0


def test_check_at_a_kink_is_undecided_as_on_the_command_line():
    rec = symderiv.check("abs(x)", at={"x": 0.0})
    code, cli = cli_json("check", "abs(x)", "--at", "x=0")
    assert (rec.status, rec.passed) == ("undecided", False)
    assert (code, cli["status"]) == (1, "undecided")
    rec = symderiv.check("tanh(w*x)", points=3, seed=2)
    code, cli = cli_json("check", "tanh(w*x)", "--points", "3", "--seed", "2")
    assert rec.passed and code == 0 and rec.points == cli["points"] == 3
    assert rec.max_rel_error == pytest.approx(cli["max_rel_error"], abs=1e-300)
    with pytest.raises(VerifyError, match="not both"):
        symderiv.check("x^2", at="x=1", points=3)
    assert not symderiv.check("h = x^2; y = 3*h", gradient=["6*x^2"]).passed


def test_matrices_symbolic_and_at_a_point():
    assert symderiv.jacobian("x*y; x + y", "x,y") == sp.Matrix([[y, x], [1, 1]])
    assert symderiv.jacobian(["h = x*y; f = h^2", "x + y"], "x,y", at="x=1,y=2").tolist() == [[8.0, 4.0], [1.0, 1.0]]
    assert symderiv.hessian("x^2*y", "x,y") == sp.Matrix([[2 * y, 2 * x], [2 * x, 0]])
    H = symderiv.hessian("h = x^2; f = h*y", at={"x": 1.0, "y": 2.0})
    assert H == pytest.approx(np.array([[4.0, 2.0], [2.0, 0.0]]), abs=1e-12)
    with pytest.raises(ParseError, match="no value for y"):
        symderiv.hessian("x^2*y", at={"x": 1.0})


def test_equivalent_and_its_display():
    eq = symderiv.equivalent("2*sigmoid(x) - 1", "tanh(x/2)")
    assert eq.verdict == "equal" and str(eq).startswith("equal")
    ne = symderiv.equivalent("sigmoid(x)", "sigmoid(x)^2")
    assert ne.verdict == "different"
    point = ne.counterexample["point"]["x"]
    assert f"x={point:.6g}" in str(ne) and "different" in ne._repr_html_()
    assert ne._repr_latex_().startswith(r"$\text{different")


def test_solve_takes_param_as_the_command_does():
    a = symderiv.solve("rosenbrock", "b=10,x1=1.2")
    b = symderiv.solve("rosenbrock", {"b": 10, "x1": 1.2})
    assert str(a.given) == str(b.given) and "10" in str(a.given)
    assert str(symderiv.solve("rosenbrock").given) != str(a.given)


def test_sympy_printers_accept_our_objects():
    g = symderiv.gradient("x*y + sin(x)")
    tex = sp.latex(g)
    assert r"\frac{\partial f}{\partial x} &= y + \cos{\left(x \right)}" in tex
    assert tex.startswith(r"\begin{aligned}") and "$" not in tex
    assert sp.pretty(g).splitlines() == ["df/dx = y + cos(x)", "df/dy = x         "]
    assert sp.sstr(g) == str(g) == "df/dx = y + cos(x); df/dy = x"
    assert g._repr_latex_() == f"${tex}$"
    tape = g.tape
    assert isinstance(tape, list) and len(tape) == len(g.forward) + len(g.reverse)
    html = tape._repr_html_()
    assert html.count("<tr>") == len(tape) + 1 and r"\(v_{1} = x y\)" in html
    assert sp.latex(tape).count("&=") == len(tape)


def test_graph_repr_counts():
    g = symderiv.dag("h1 = sigmoid(w1*x); y = h1^2")
    assert repr(g) == f"<Graph: {len(g.nodes)} nodes, {len(g.edges)} edges, output y>"
    assert (len(g.nodes), len(g.edges)) == (5, 4)
    assert "<svg" in g._repr_svg_()


def test_solution_repr_is_short():
    sol = symderiv.solve("rosenbrock")
    text = repr(sol)
    assert len(text) < 200 and "rosenbrock" in text and f"{len(sol.tasks)} tasks" in text
    assert symderiv.Solution.__doc__ and "to_html" in symderiv.Solution.__doc__
