"""The fast reader of a program's usual line builds exactly the Ast of the full parser,
and leaves every other line (errors included) to it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symderiv.language.parse import ParseError, _Parser, parse_statement
from symderiv.language.statements import fast_statement

LINES = ["sigmoid(w1*x)", "sigmoid(w12*h11 + b12)", "-x*y/z - (a + b)*c", "max(x, y, 0.5) + e*pi",
         "tanh(-(x - 1)) / 2.5e-3", "+x", "- - x", "relu(x)*(1 - relu(x))", "exp(log(x1) + 3)", "((((x))))",
         "x + y + z + w - v", "1/(1 + exp(-w*x))", "sqrt(x*x + y*y)"]
ELSEWHERE = ["2x", "x^2", "x**2", "(a)(b)", "x y", "sin x", "sin", "pi(x)", "foo(x)", "x +", "(x", "x)", "",
             "   ", "lambda*x", "x, y", "max()", "sigmoid(x, y)", "x $ y", "_x", "２x", "1e400", "1" * 41]


def _full(text):
    p = _Parser(text)
    return p.parse(), {t for k, t, _ in p.tokens if k == "id"}


@pytest.mark.parametrize("text", LINES)
def test_usual_lines_are_read_fast_with_the_full_parsers_ast(text):
    fast = fast_statement(text)
    assert fast is not None
    ast, names = _full(text)
    assert fast[0] == ast
    assert fast[1] == {n for n in names if n not in ("sigmoid", "tanh", "max", "relu", "exp", "log", "sqrt", "e", "pi")}


@pytest.mark.parametrize("text", ELSEWHERE)
def test_other_lines_and_errors_go_to_the_full_parser(text):
    assert fast_statement(text) is None
    try:
        expected = _Parser(text).parse()
    except ParseError as err:
        with pytest.raises(ParseError) as got:
            parse_statement(text)
        assert (got.value.message, got.value.column) == (err.message, err.column)
    else:
        assert parse_statement(text)[0] == expected


_atom = st.sampled_from(["x", "y1", "w_2", "2", "0.5", "3e-2", "pi", "e"])


def _grow(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", " * ", " - "]), children).map("".join),
        children.map(lambda c: f"({c})"), children.map(lambda c: f"-{c}"),
        children.map(lambda c: f"sigmoid({c})"), st.tuples(children, children).map(lambda t: f"max({t[0]}, {t[1]})"))


@settings(max_examples=300, deadline=None)
@given(st.recursive(_atom, _grow, max_leaves=12))
def test_generated_lines_read_alike(text):
    fast = fast_statement(text)
    ast, names = _full(text)
    if fast is not None:
        assert fast[0] == ast
        assert fast[1] == names - {"sigmoid", "max", "pi", "e"}
    assert parse_statement(text)[0] == ast
