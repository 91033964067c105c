"""The safe parser: the language, its errors, and hostile input through the CLI."""
import os
import subprocess
import sys

import pytest
import sympy as sp

from symderiv.cli.main import main
from symderiv.language.parse import ParseError, parse, parse_point, symbol

x, y, x1, x2 = (symbol(n) for n in ("x", "y", "x1", "x2"))


@pytest.mark.parametrize("text, expected", [
    ("100*(x2 - x1^2)^2 + (1 - x1)^2", 100 * (x2 - x1**2) ** 2 + (1 - x1) ** 2),
    ("100(x2 - x1^2)^2 + (1 - x1)^2", 100 * (x2 - x1**2) ** 2 + (1 - x1) ** 2),
    ("f = 2x + 3", 2 * x + 3),
    ("f(x, y) = x*y", x * y),
    ("-x^2", -(x**2)),
    ("2^-1", sp.Rational(1, 2)),
    ("x^y^2", x ** (y**2)),
    ("x**3", x**3),
    ("1.5*x", sp.Rational(3, 2) * x),
    (".5e1", sp.Integer(5)),
    ("1e-3", sp.Rational(1, 1000)),
    ("ln(x) - log(x)", sp.S.Zero),
    ("exp(1) - e", sp.S.Zero),
    ("sin(pi)", sp.S.Zero),
    ("max(x, y, 1)", sp.Max(x, y, 1)),
    ("heaviside(x)", sp.Heaviside(x)),
    ("abs(x)", sp.Abs(x)),
    ("(x + y)(x - y)", (x + y) * (x - y)),
    ("w_3 * alpha", symbol("w_3") * symbol("alpha")),
    ("--x", x),
    ("+x", x),
])
def test_language(text, expected):
    assert sp.simplify(parse(text) - expected) == 0


def test_custom_functions_have_their_derivatives():
    from symderiv.language.sympy_functions import relu, sigmoid, softplus
    assert sp.simplify(sp.diff(parse("sigmoid(x)"), x) - sigmoid(x) * (1 - sigmoid(x))) == 0
    assert sp.diff(parse("relu(x)"), x) == sp.Heaviside(x)
    assert sp.diff(parse("softplus(x)"), x) == sigmoid(x)
    assert parse("relu(-2)") == 0 and parse("relu(3)") == 3
    assert isinstance(parse("relu(x)"), relu) and isinstance(parse("softplus(x)"), softplus)


@pytest.mark.parametrize("text, message, column", [
    ("foo(x)", "unknown function 'foo'", 1),
    ("x + foo(x)", "unknown function 'foo'", 5),
    ("sin(x", "missing ')'", 4),
    ("x)", "unbalanced ')'", 2),
    ("", "empty expression", None),
    ("x ^ 9999", "exponent too large", 3),
    ("max(x)", "takes at least 2", 1),
    ("sin(x, y)", "takes 1 argument", 1),
    ("exp", "needs arguments", 1),
    ("x y", "unexpected name 'y'", 3),
    ("x $ y", "unexpected character '$'", 3),
    ("x +", "unexpected end of input", 4),
])
def test_errors_have_message_and_column(text, message, column):
    with pytest.raises(ParseError) as err:
        parse(text)
    assert message in err.value.message
    assert err.value.column == column


def test_limits():
    with pytest.raises(ParseError, match="too long"):
        parse("x+" * 1_000_000 + "x")
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("(" * 1000 + "x" + ")" * 1000)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("-" * 1000 + "x")
    # depth 100 (the benchmark chain) is fine
    text = "x"
    for i in range(100):
        text = f"sigmoid(w{i}*{text})"
    assert parse(text).has(symbol("w99"))


def test_comments_anywhere_and_ascii_digits_only():
    assert parse("exp(x) # comment") == parse("exp(x)")
    assert parse("x^2  # comment (with ')') and 2x") == symbol("x") ** 2
    for text, col in (("\uff12x + 1", 1), ("x + \u0662", 5), ("x^\u00b2", 3)):
        with pytest.raises(ParseError, match="non-ASCII digit") as err:
            parse(text)
        assert err.value.column == col


def test_nested_powers_and_products_of_numbers_are_bounded():
    for text in ("(x^1000)^1000", "x^1000*x^1000", "(x^-600)^2"):
        with pytest.raises(ParseError, match="exponent too large"):
            parse(text)
    for text in ("10^1000*10^1000*10^1000", "10^1000*" * 400 + "x", "(2^1000)^1000"):
        with pytest.raises(ParseError, match="number too large"):
            parse(text)
    assert parse("10^1000*10^-1000*x") == symbol("x")
    assert parse("(x^10)^100") == symbol("x") ** 1000


def test_parse_point():
    assert parse_point("x1=1.2, x2=-1") == {"x1": 1.2, "x2": -1.0}
    assert abs(parse_point("t=pi/2")["t"] - 1.5707963267948966) < 1e-15
    assert parse_point("a=-2*pi, b=e, c=1/4, d=.5e1, z=0e5") == {
        "a": -6.283185307179586, "b": 2.718281828459045, "c": 0.25, "d": 5.0, "z": 0.0}
    for bad, words in (("x=1,x=2", "given twice"), ("x=1e", "must be a number"), ("x=0x10", "must be a number"),
                       ("x=1e-400", "underflow"), ("x=1e-310", "underflow"), ("x=1e400", "too large"),
                       ("x=1/0", "divides by zero"), ("x=\uff11", "must be a number"), ("x=inf", "must be"),
                       ("x=nan", "must be"), ("x=1_0", "must be"), ("x=2pi", "must be"), ("x=", "must be")):
        with pytest.raises(ParseError, match=words):
            parse_point(bad)
    for bad in ("x", "x=y", "x=1,,", "1=2", "x=log(-1)"):
        with pytest.raises(ParseError):
            parse_point(bad)


HOSTILE = [
    "__import__('os').system('touch /tmp/symderiv_pwned')",
    "__import__",
    "__class__",
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__",
    "[].__class__.__mro__",
    "exec('1')",
    "eval('1+1')",
    "open('/etc/passwd')",
    "import os",
    "from os import system",
    "lambda: 1",
    "lambda x: x",
    "x if y else 1",
    "x and y",
    "not x",
    "'abc'",
    '"abc"',
    "x + 'a'",
    "b'x'",
    "f'{x}'",
    "x[0]",
    "x{1}",
    "x; y",
    "x = y = 1",
    "x == 1",
    "x < 1",
    "x @ y",
    "x % 2",
    "x // 2",
    "x & y",
    "~x",
    "2^99999999",
    "9^9^9^9",
    "x^(10^10)",
    "10^9999",
    "1e999999",
    "1" * 60,
    "(x",
    "x))",
    "((((x)))",
    ")(",
    "sin()",
    "sin(,x)",
    "max(x,)",
    "",
    "   ",
    "\t\n",
    "ｘ + 1",          # fullwidth x
    "х + 1",           # Cyrillic x
    "x − 1",           # unicode minus
    "x · y",           # middle dot
    "√x",
    "x\u200b+1",       # zero-width space
    "x\x00",
    "sigmoid(x)\u202e",
    "x\\y",
    "`ls`",
    "$(ls)",
    "sys.modules",
    "getattr(x, 'y')",
    "globals()",
    "Symbol('x')",
    "sympify('x')",
    "Integer(1)",
    "pi(1)",
    "e(2)",
    "1 2",
    "x.5",
    "2..3",
]


def test_at_least_fifty_hostile_inputs():
    assert len(HOSTILE) >= 50


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_exit_2_one_line_nothing_executed(text, capsys, monkeypatch):
    called = []

    def forbidden(*a, **k):
        called.append(a)
        raise AssertionError("must not be called")

    real_sympify = sp.sympify

    def sympify_no_text(a, *args, **kw):
        if isinstance(a, str):
            forbidden(a)
        return real_sympify(a, *args, **kw)

    monkeypatch.setattr(sp, "sympify", sympify_no_text)
    import sympy.parsing.sympy_parser as spp
    monkeypatch.setattr(spp, "parse_expr", forbidden)
    for argv in (["grad", text], ["dag", text]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2, (argv, err)
        assert err.startswith("error: ") and err.count("\n") == 1, err
    assert not called
    assert not os.path.exists("/tmp/symderiv_pwned")


def _run(*args):
    return subprocess.run([sys.executable, "-m", "symderiv", *args], capture_output=True, text=True, timeout=120)


def test_cli_error_line_and_exit_code():
    r = _run("grad", "x + foo(x)")
    assert r.returncode == 2
    assert r.stderr.strip() == "error: unknown function 'foo' at column 5"
    assert r.stdout == ""


@pytest.mark.parametrize("argv", [["grda", "x"], ["grad"], [], ["dag", "x", "--format", "pdf"],
                                  ["grad", "x", "--bogus"]])
def test_usage_errors_exit_2_without_traceback(argv):
    r = _run(*argv)
    assert r.returncode == 2
    line, = r.stderr.splitlines()        # one line, as every other error (no usage block)
    assert line.startswith("error: ") and line.endswith(" --help)"), line
    assert "Traceback" not in r.stderr


def test_printed_results_parse_back():
    from symderiv.language.printing import to_text
    from symderiv.calculus.reverse import gradient
    for text in ("relu(x - 1) + abs(x)", "max(x, y)^2", "sigmoid(w*x) + softplus(x)", "e^x / pi",
                 "tanh(y*x) + cosh(x) * sinh(y)"):
        e = parse(text)
        for g in gradient(e, [x, y]).closed_form:
            assert sp.simplify(parse(to_text(g)) - g) == 0  # the printed result reads back
