"""Straight-line programs as input (issue 13): parsing, errors, shared nodes, the tape of a
deep chain against a NumPy reverse pass, no recursion on the input size."""
import sys

import numpy as np
import pytest
import sympy as sp

from symderiv.calculus.reverse import gradient
from symderiv.graph.program import read_function
from symderiv.language.parse import ParseError, parse, symbol
from symderiv.language.program import ProgramError, looks_like_program, parse_program

# the sheets' own definitions
CHAIN = """h1 = sigmoid(w1*x)
h2 = sigmoid(w2*h1)
h3 = sigmoid(w3*h2)"""
SKIP = "h1 = sigmoid(w1*x); h2 = sigmoid(w2*h1); h3 = sigmoid(w3*h2) + h1"
# 2-3-2 network of 004 T5: hidden layer of 3 sigmoid units, 2 linear outputs, squared loss
NET = """
s1 = a11*x1 + a12*x2 + b1      # hidden layer
s2 = a21*x1 + a22*x2 + b2
s3 = a31*x1 + a32*x2 + b3
z1 = sigmoid(s1); z2 = sigmoid(s2); z3 = sigmoid(s3)
o1 = c11*z1 + c12*z2 + c13*z3   # output layer
o2 = c21*z1 + c22*z2 + c23*z3
E = (o1 - y1)^2/2 + (o2 - y2)^2/2
"""


def nested(text: str) -> sp.Expr:
    """The program as one nested expression (only for small programs, as a reference)."""
    env = {}
    for a in parse_program(text).assignments:
        env[a.name] = parse(a.text).xreplace({symbol(k): v for k, v in env.items()})
    return env[a.name]


@pytest.mark.parametrize("text", [CHAIN, SKIP, NET])
def test_program_gradient_equals_nested_expression(text):
    g, info = read_function(text)
    expr = nested(text)
    wrt = [symbol(n) for n in info.inputs]
    assert set(info.inputs) == {s.name for s in expr.free_symbols}
    grad = gradient(g, wrt)
    ref = gradient(expr, wrt)
    rng = np.random.default_rng(1)
    point = {v: float(rng.normal()) for v in wrt}
    assert np.allclose(grad.values(point), ref.values(point), rtol=1e-12, atol=1e-14)
    for closed, v in zip(grad.closed_form, wrt):  # closed form of the program's tape
        assert float(closed.subs(point)) == pytest.approx(float(sp.diff(expr, v).subs(point)), rel=1e-9, abs=1e-12)


def test_shared_names_are_one_node():
    g, info = read_function(SKIP)
    assert info.output == "h3" and info.inputs == ["w1", "w2", "w3", "x"]
    ids = [n.id for n in g.nodes]
    assert ids.count("h1") == 1 and ids.count("h2") == 1 and ids.count("h3") == 1
    h1 = g.node("h1")
    assert len(g.children[h1.index]) == 2  # feeds w2*h1 and the skip connection
    text = g.to_text()
    assert "h1 = sigmoid(" in text and "h3 = " in text
    rows = dict(gradient(g).tape_rows())
    assert rows["h1"] == "sigmoid(v1)" and "hbar_1" in rows


def test_output_and_warnings():
    g, info = read_function("a = x*y; b = sin(x); c = a + 1", output="a")
    assert info.output == "a" and info.inputs == ["x", "y"]
    assert info.warnings == ["line 1: 'b' is assigned but the output 'a' does not use it",
                             "line 1: 'c' is assigned but the output 'a' does not use it"]
    assert [n.id for n in g.operations()] == ["a"]
    g, info = read_function("a = x^2\nb = 3\nf = a*b")
    assert info.warnings == [] and info.inputs == ["x"]
    assert gradient(g).closed_form == [6 * symbol("x")]


@pytest.mark.parametrize("text, message, line", [
    ("a = x\na = y", "'a' is assigned twice (first on line 1)", 2),
    ("a = b\nb = x", "'b' is used before its assignment on line 2", 1),
    ("a = a + 1", "'a' is used in its own assignment", 1),
    ("sin = x", "'sin' is a function", 1),
    ("pi = 3", "'pi' is a constant", 1),
    ("a = x +\nb = a", "unexpected end of input", 1),
    ("a = x\nb = y = 2", "unexpected '='", 2),
    ("x + 1\ny = 2", "expected 'name = expression'", 1),
    ("a = x\n\nb = __import__(x)", "names may not start with '_'", 3),
    ("a = x/0", "division by zero", 1),
    ("a = 1; b = log(a - 1)", "undefined", 1),
])
def test_program_errors(text, message, line):
    with pytest.raises(ProgramError) as err:
        read_function(text)
    assert message in str(err.value) and err.value.line == line
    assert str(err.value).startswith(f"line {line}: ")


def test_undefined_output():
    with pytest.raises(ProgramError, match="output 'z' is not assigned"):
        read_function("a = x", output="z")
    assert isinstance(ProgramError("x"), ParseError)


def test_looks_like_program():
    assert looks_like_program("a = x; b = a")
    assert looks_like_program("a = x\nb = a")
    assert looks_like_program("f = x^2")
    assert not looks_like_program("x^2 + y")
    assert not looks_like_program("f(x, y) = x*y")  # a left-hand side the expression parser drops


def chain_program(n: int) -> str:
    return "\n".join(["h1 = sigmoid(w1*x)"] + [f"h{i} = sigmoid(w{i}*h{i - 1})" for i in range(2, n + 1)])


def numpy_reverse(ws: np.ndarray, x: float):
    """Hand-written forward and reverse pass of the chain: dh_n/dw_i and dh_n/dx."""
    h = [x]
    for w in ws:
        h.append(1 / (1 + np.exp(-w * h[-1])))
    gw = np.zeros(len(ws))
    hbar = 1.0
    for i in range(len(ws) - 1, -1, -1):
        sbar = hbar * h[i + 1] * (1 - h[i + 1])
        gw[i] = sbar * h[i]
        hbar = sbar * ws[i]
    return gw, hbar


def test_deep_chain_program_equals_numpy_reverse_pass():
    n = 2000
    rng = np.random.default_rng(0)
    ws = rng.uniform(0.5, 2.0, n)
    point = {f"w{i}": ws[i - 1] for i in range(1, n + 1)}
    point["x"] = 0.3
    ref_w, ref_x = numpy_reverse(ws, 0.3)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # Python's default, below the 4,000 levels of the chain: no recursion over it
    try:
        g, info = read_function(chain_program(n))
        grad = gradient(g)
        got = grad.values(point)
        compact = grad.is_compact()
        rows = grad.tape_rows()
        dot, listing = g.to_dot(), g.to_text()
    finally:
        sys.setrecursionlimit(limit)
    names = [v.name for v in grad.wrt]
    assert names[:3] == ["w1", "w2", "w3"] and names[-1] == "x"
    assert np.all(ref_w[-10:] > 1e-12)  # the last layers' partials are far from underflow
    assert np.allclose(np.real(got[:n]), ref_w, rtol=1e-10, atol=1e-280)
    assert np.real(got[n]) == pytest.approx(ref_x, rel=1e-10)
    assert not compact  # shown as the tape
    assert len(rows) == 5 * n  # forward: 2 per layer; adjoints: vbar, hbar, wbar per layer (xbar for h_0)
    assert rows[0] == ("v1", "w1*x") and (f"h{n}", f"sigmoid(v{2 * n - 1})") in rows
    text = dict(rows)
    assert text["xbar"] == "vbar_1*w1" and text["hbar_1"] == "vbar_3*w2"
    assert dot.count("->") == len(g.edges)  # exporters iterate, no recursion
    assert len(listing.splitlines()) > 3 * n and listing.startswith(f"h{n}: the expression in the inputs is too large")
