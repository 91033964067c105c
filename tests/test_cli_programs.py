"""The CLI of issue 13: programs as input (argument, -f, stdin), --output, --at @FILE,
expressions starting with a minus, limits, exit codes."""
import io
import json

import numpy as np
import pytest

from symderiv.cli import main as cli_main
from symderiv.cli.main import main

CHAIN = "h1 = sigmoid(w1*x)\nh2 = sigmoid(w2*h1)\nh3 = sigmoid(w3*h2) + h1"


@pytest.mark.parametrize("argv, expected", [
    (["grad", "-x^2", "--at", "x=3"], "df/dx = -2*x    = -6"),
    (["grad", "-log(p)", "--at", "p=0.5"], "df/dp = -1/p    = -2"),
    (["grad", "--at", "p=0.25", "-log(p)"], "df/dp = -1/p    = -4"),
    (["grad", "-x*y", "--wrt", "y"], "df/dy = -x"),
])
def test_expression_starting_with_minus(argv, expected, capsys):
    assert main(argv) == 0
    assert expected in capsys.readouterr().out


def test_minus_for_every_expression_command(capsys):
    assert main(["dag", "-x*y"]) == 0
    assert "f = -x*y" in capsys.readouterr().out
    assert main(["hessian", "-x^2*y"]) == 0
    assert "[-2*y, -2*x]" in capsys.readouterr().out
    assert main(["jacobian", "-x", "-y*x"]) == 0
    assert "[-1, 0]" in capsys.readouterr().out
    assert main(["verify-answer", "-x^2", "--wrt", "x", "--answer", "-2*x"]) == 0
    capsys.readouterr()
    assert main(["check", "-x^3", "--at", "x=0.5"]) == 0


def test_program_argument_file_and_stdin(tmp_path, capsys, monkeypatch):
    assert main(["grad", CHAIN, "--at", "w1=1,w2=2,w3=0.5,x=0.3", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["output"] == "h3" and data["variables"] == ["w1", "w2", "w3", "x"]
    from_arg = data["value"]
    src = tmp_path / "net.txt"
    src.write_text(CHAIN + "\n")
    pts = tmp_path / "point.txt"
    pts.write_text("# the point\nw1 = 1\nw2=2\nw3=0.5\nx=0.3\n")
    assert main(["grad", "-f", str(src), "--at", f"@{pts}", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == from_arg
    monkeypatch.setattr("sys.stdin", io.StringIO(CHAIN))
    assert main(["grad", "-", "--at", f"@{pts}", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == from_arg
    # the reference: the same function written as one expression
    nested = "sigmoid(w3*sigmoid(w2*sigmoid(w1*x))) + sigmoid(w1*x)"
    assert main(["grad", nested, "--at", f"@{pts}", "--format", "json"]) == 0
    ref = json.loads(capsys.readouterr().out)["value"]
    assert from_arg == pytest.approx(ref, rel=1e-12)


def test_output_option_and_warnings(capsys):
    assert main(["grad", CHAIN, "--output", "h2", "--at", "w1=1,w2=2,x=0.3"]) == 0
    out, err = capsys.readouterr()
    assert "dh2/dw2" in out and "dh2/dw3" not in out
    assert "warning: line 3: 'h3' is assigned but the output 'h2' does not use it" in err
    assert main(["dag", CHAIN]) == 0
    text = capsys.readouterr().out
    assert text.count("h1 = sigmoid(") == 1  # one node however often used


@pytest.mark.parametrize("argv, message", [
    (["grad", "a = x\na = y"], "line 2: 'a' is assigned twice"),
    (["grad", "a = b; b = x"], "line 1: 'b' is used before its assignment"),
    (["grad", "a = x", "--output", "z"], "output 'z' is not assigned"),
    (["grad", "x", "--at", "@/nonexistent/file"], "cannot read"),
    (["grad", "x", "--max-nodes", "0"], "--max-nodes must be at least 1"),
])
def test_bad_input_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_hessian_of_deep_chain_is_bounded(capsys):
    chain = "h1 = tanh(w1*x)\n" + "\n".join(f"h{i} = tanh(w{i}*h{i - 1})" for i in range(2, 101))
    for extra in ([], ["--max-nodes", "1000000000"]):
        assert main(["hessian", chain, *extra]) == 2
        err = capsys.readouterr().err
        # the depth is the limit (no option raises it): the message must not send one to --max-nodes
        assert "too large" in err and "nested 200 levels deep" in err and "limit" in err and "--at" in err
        assert "--max-nodes" not in err and err.count("\n") == 1
    point = ",".join([f"w{i}=0.9" for i in range(1, 101)] + ["x=0.4"])
    assert main(["hessian", chain, "--wrt", "w1,w100,x", "--at", point, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    H = np.array(data["value"])
    assert data["symbolic"] is False and H.shape == (3, 3) and np.allclose(H, H.T)
    # reference: d^2/dx^2 of the chain by a NumPy forward pass with complex step on the derivative
    def dfdx(xv, h=1e-6):
        def f(z):
            for _ in range(100):
                z = np.tanh(0.9 * z)
            return z
        return (f(xv + h) - f(xv - h)) / (2 * h)
    assert H[2, 2] == pytest.approx((dfdx(0.4 + 1e-4) - dfdx(0.4 - 1e-4)) / 2e-4, rel=1e-4, abs=1e-10)


def test_internal_error_exit_3(monkeypatch, capsys):
    def broken(args):
        raise TypeError("boom")

    def add(sub):
        p = sub.add_parser("grad")
        p.add_argument("expr")
        p.set_defaults(run=broken)

    parser_argv = ["grad", "x"]
    monkeypatch.setattr(cli_main, "COMMANDS", [add])
    assert main(parser_argv) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (TypeError: boom)" in err and "bug" in err
    with pytest.raises(TypeError):
        main(parser_argv + ["--debug"])


def test_jacobian_of_deep_programs_numeric_with_at(capsys):
    deep = "h1 = tanh(w1*x)\n" + "\n".join(f"h{i} = tanh(w{i}*h{i - 1})" for i in range(2, 151))
    assert main(["jacobian", deep, "x*w1"]) == 2
    assert "--max-nodes" in capsys.readouterr().err
    point = ",".join([f"w{i}=0.9" for i in range(1, 151)] + ["x=0.4"])
    assert main(["jacobian", deep, "x*w1", "--wrt", "x,w1", "--at", point, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["symbolic"] is False and data["shape"] == [2, 2]
    assert data["value"][1] == [pytest.approx(0.9), pytest.approx(0.4)]  # d(x*w1)/dx, d(x*w1)/dw1
    z, dz = 0.4, 1.0  # forward mode by hand: d h_150 / dx
    for _ in range(150):
        z = np.tanh(0.9 * z)
        dz = dz * 0.9 * (1 - z ** 2)
    assert data["value"][0][0] == pytest.approx(dz, rel=1e-10)


def test_program_output_name_as_written(capsys):
    """dag and grad name the function as the program does (issue 20: ``y``, not ``f``),
    lower case as written; the Gradient's text, pretty and LaTeX forms too."""
    import sympy as sp

    import symderiv
    program = "h1 = sigmoid(w1*x); y = h1^2"
    assert main(["dag", program, "--at", "w1=0,x=2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "y = sigmoid(w1*x)**2"
    # sigmoid(0) = 1/2: dy/dw1 = 2 h1 h1 (1 - h1) x = 2 * 1/2 * 1/2 * 1/2 * 2 = 0.5
    assert out[-1] == "gradient (adjoints of the inputs): dy/dw1 = 0.5, dy/dx = 0"
    assert main(["dag", "x*y"]) == 0
    assert capsys.readouterr().out.startswith("f = x*y\n")
    # an output that is another name: the text and JSON say the output's name, the JSON's
    # "output" stays the id of the output node
    assert main(["dag", "h1 = w1*x; Out = h1^2; z = Out", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["name"], data["output"], data["expression"]) == ("z", "Out", "w1**2*x**2")
    assert main(["dag", "h1 = w1*x; Out = h1^2; z = Out"]) == 0
    assert capsys.readouterr().out.startswith("z = w1**2*x**2\n")
    g = symderiv.gradient(program, "x")
    assert str(g) == "dy/dx = 2*w1*(1 - sigmoid(w1*x))*sigmoid(w1*x)**2"
    assert sp.pretty(g, use_unicode=False).splitlines()[-1] == "dy/dx = 2*w1*(1 - sigmoid(w1*x))*sigmoid (w1*x)"
    assert sp.latex(g).startswith(r"\begin{aligned}\frac{\partial y}{\partial x} &= 2 w_{1}")
