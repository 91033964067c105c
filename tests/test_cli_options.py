"""Command-line options of issue 13: several --param assignments, report NAME..., undecided checks."""
from __future__ import annotations

import pytest

import symderiv.cli.main as cli
from symderiv.cli.common import UsageError, read_params


def test_param_takes_several_assignments_and_values_with_commas():
    assert read_params(["x1=2,x2=3"]) == {"x1": "2", "x2": "3"}
    assert read_params(["layers=784,256,10,loss=l2", "b=10"]) == {
        "layers": "784,256,10", "loss": "l2", "b": "10"}
    with pytest.raises(UsageError):
        read_params(["x1"])


def test_solve_reads_several_params(tmp_path, capsys):
    from symderiv.course import reports
    _, values, _ = reports.make_solution("rosenbrock", read_params(["x1=2,x2=3"]))
    assert values["x1"] == 2.0 and values["x2"] == 3.0


def test_report_builds_a_chosen_subset(tmp_path, capsys):
    assert cli.main(["report", "rosenbrock", "--lang", "en", "--out", str(tmp_path)]) == 0
    # no index of one problem: it would replace the course's index (reports/index.*.tex)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rosenbrock.en.tex"]
    assert cli.main(["report", "--out", str(tmp_path)]) == 2              # neither names nor --all
    assert cli.main(["report", "no-such", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()


def test_check_that_compares_nothing_is_undecided(capsys):
    assert cli.main(["check", "relu(x)", "--at", "x=0"]) == 1
    out = capsys.readouterr().out
    assert "UNDECIDED" in out and "PASSED" not in out


def test_leading_minus_expressions_and_answers(capsys):
    # which options take a value is read from the command's parser, not from a list
    assert cli.main(["verify-answer", "-x^2", "--wrt", "x", "--answer", "-2*x"]) == 0
    assert "correct: -2*x is" in capsys.readouterr().out
    assert cli.main(["check", "-x^3", "--points", "3"]) == 0
    assert cli.main(["grad", "--wrt", "x", "-x^2", "--at", "x=-1"]) == 0
    assert "= 2" in capsys.readouterr().out
    with pytest.raises(SystemExit):          # an unknown long option is still argparse's error
        cli.main(["grad", "--bogus", "x"])


def test_function_named_as_the_user_wrote_it(capsys):
    """A program's output keeps its name (and case) in every command that prints it."""
    assert cli.main(["check", "h = x^2; Loss = 3*h", "--points", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Loss = 3*x**2" and out[2].startswith("dLoss/dx = 6*x: ")
    assert cli.main(["grad", "h1 = sigmoid(w1*x); y = h1^2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "y = sigmoid(w1*x)**2" and out[1].startswith("dy/dw1 = ")
    assert cli.main(["verify-answer", "h = x^2; y = 3*h", "--wrt", "x", "--answer", "6*x"]) == 0
    assert "is dy/dx of" in capsys.readouterr().out
    assert cli.main(["check", "x^2", "--points", "2"]) == 0
    assert capsys.readouterr().out.startswith("f = x**2\n")


def test_an_undefined_derivative_is_a_domain_error_not_a_printed_zoo(capsys):
    """(x - x)^x is 0^x; its derivative written in the inputs is 0^x log(0), which grad
    printed as "df/dx = 0**x*zoo" with exit 0. It is undefined: one line, exit 1."""
    for text in ("(x - x)^x", "0^x"):
        assert cli.main(["grad", text]) == 1
        out, err = capsys.readouterr()
        assert "zoo" not in out + err and "undefined" in err and err.count("\n") == 1
    assert cli.main(["grad", "2^x"]) == 0 and "log(2)" in capsys.readouterr().out
