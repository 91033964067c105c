"""The activation catalog: derived derivatives, sup/inf, kinks, ranges, the `bound` command."""
import json

import numpy as np
import pytest
import sympy as sp

from symderiv.layers import activations as A
from symderiv.cli.main import main
from symderiv.language.numeric import numeric
from symderiv.language.table import FUNCTIONS

NAMES = [r.name for r in A.ROWS]
GRID = np.linspace(-30, 30, 60001)  # step 1e-3


def run_json(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr().out
    assert rc == 0
    return json.loads(out)


# -- acceptance ------------------------------------------------------------------------

def test_bound_sigmoid_json(capsys):
    d = run_json(capsys, "bound", "sigmoid", "--format", "json")
    assert d["sup"] == "1/4" and d["sup_value"] == 0.25
    assert d["argsup"] == "0" and d["sup_attained"] is True
    assert d["inf"] == "0" and d["inf_attained"] is False
    assert sorted(d["inf_approached_at"]) == ["-oo", "oo"]
    assert d["kinks"] == []
    assert d["derivative_in_terms_of_f"] == "y*(1 - y)"
    assert d["range"] == "(0, 1)"
    for key in ("derivative", "sup", "argsup", "inf", "kinks"):
        assert key in d


def test_bound_tanh_json(capsys):
    d = run_json(capsys, "bound", "tanh", "--format", "json")
    assert (d["sup"], d["argsup"]) == ("1", "0")
    assert d["derivative_in_terms_of_f"] == "1 - y**2"
    assert d["range"] == "(-1, 1)"


def test_bound_relu_json(capsys):
    d = run_json(capsys, "bound", "relu", "--format", "json")
    assert d["sup"] == "1" and d["kinks"] == ["0"]
    assert d["one_sided_derivatives"]["0"] == {"left": "0", "right": "1"}
    assert d["argsup"] == "(0, oo)" and d["inf"] == "0" and d["arginf"] == "(-oo, 0)"
    assert d["range"] == "[0, oo)"


def test_bound_text_and_softmax(capsys):
    assert main(["bound", "relu"]) == 0
    out = capsys.readouterr().out
    assert "kink at x = 0: f'(x-) = 0, f'(x+) = 1" in out
    d = run_json(capsys, "bound", "softmax", "--format", "json")
    assert d["sup"] == "1/4" and d["inf"] == "-1/4" and d["shift_invariant"] is True


def test_bound_unknown_activation_exit_2(capsys):
    assert main(["bound", "swish"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown activation 'swish'") and err.count("\n") == 1


def test_aliases():
    assert A.canonical("Leaky-ReLU") == "leaky_relu" and A.canonical("linear") == "identity"


# -- derivatives vs finite differences ---------------------------------------------------

def _away_from_kinks(act, xs, margin=1e-3):
    mask = np.ones_like(xs, dtype=bool)
    for k in act.kinks:
        mask &= np.abs(xs - float(k.point)) > margin
    return xs[mask]


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    act = A.get(name)
    xs = _away_from_kinks(act, np.linspace(-6, 6, 241) + 0.0137)
    h = 1e-6
    fd = (act.f(xs + h) - act.f(xs - h)) / (2 * h)
    d = act.df(xs)
    assert np.all(np.abs(fd - d) <= 1e-7 * (1 + np.abs(d))), name


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_self_form_equals_derivative(name):
    act = A.get(name)
    xs = np.linspace(-8, 8, 101)
    via_f = numeric(act.derivative_self, [A.Y])(act.f(xs))
    assert np.allclose(via_f, act.df(xs), rtol=1e-12, atol=1e-15)
    # and symbolically
    assert sp.simplify(act.derivative_self.subs(A.Y, act.expr) - act.derivative) == 0


# -- sup / inf vs a dense grid ------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_sup_inf_against_dense_grid(name):
    act = A.get(name)
    defaults = {p: d for p, _, d in act.params}
    sup = float(act.sup.subs(defaults))
    inf = float(act.inf.subs(defaults))
    xs = _away_from_kinks(act, GRID)
    d = act.df(xs)
    assert d.max() <= sup + 1e-12 and d.min() >= inf - 1e-12
    # the grid comes close: the extrema are attained or approached (limits at +-30 within 1e-6)
    assert d.max() >= sup - 1e-6 and d.min() <= inf + 1e-6
    b = act.bounds
    for val, arg in ((sup, b.argsup), (inf, b.arginf)):
        if isinstance(arg, sp.FiniteSet):
            pts = np.array([float(p) for p in arg])
            assert np.allclose(act.df(pts), val, atol=1e-14)


def test_known_values_from_independent_grid():
    # GELU: sup/inf of the derivative at +-sqrt(2) (grid argmax), range min ~ -0.16997
    act = A.get("gelu")
    d = act.df(GRID)
    assert abs(GRID[np.argmax(d)] - np.sqrt(2)) < 1e-3 and abs(GRID[np.argmin(d)] + np.sqrt(2)) < 1e-3
    assert act.argsup == sp.FiniteSet(sp.sqrt(2))
    fmin = act.f(GRID).min()
    assert abs(float(act.range.inf) - fmin) < 1e-6
    assert act.range.sup == sp.oo


def test_critical_points_classified_by_second_derivative():
    act = A.get("sigmoid")
    crit = [c for c in act.bounds.candidates if c.kind == "critical"]
    assert len(crit) == 1 and crit[0].where == sp.FiniteSet(0)
    assert crit[0].classification == "local max" and crit[0].second == sp.Rational(-1, 8)
    # the second derivative of sigma' at 0 by differences
    e = 1e-3
    num = (act.df(e) + act.df(-e) - 2 * act.df(0.0)) / e**2
    assert abs(num - (-1 / 8)) < 1e-6


# -- kinks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["relu", "leaky_relu", "prelu", "hardtanh"])
def test_kinks_match_table_predicate_and_one_sided_differences(name):
    act = A.get(name)
    rule = FUNCTIONS[name]
    args = [A.X] + [p for p, _, _ in act.params]
    zero_set = sp.solveset(rule.kinks(*args), A.X, sp.S.Reals)
    assert {k.point for k in act.kinks} == set(zero_set)
    defaults = {p: d for p, _, d in act.params}
    h = 1e-7
    for k in act.kinks:
        p = float(k.point)
        left = (act.f(p) - act.f(p - h)) / h
        right = (act.f(p + h) - act.f(p)) / h
        assert abs(left - float(k.left.subs(defaults))) < 1e-6
        assert abs(right - float(k.right.subs(defaults))) < 1e-6
        assert abs(left - right) > 1e-3


@pytest.mark.parametrize("name", ["elu", "sigmoid", "gelu", "softplus", "identity"])
def test_no_kinks_where_differentiable(name):
    act = A.get(name)
    assert act.kinks == []
    # ELU: breakpoint at 0 exists, but one-sided derivatives agree numerically
    if name == "elu":
        assert act.breakpoints == [0]
        h = 1e-7
        left = (act.f(0.0) - act.f(-h)) / h
        right = (act.f(h) - act.f(0.0)) / h
        assert abs(left - right) < 1e-6


@pytest.mark.parametrize("name", NAMES)
def test_range_contains_grid_values(name):
    act = A.get(name)
    defaults = {p: d for p, _, d in act.params}
    rng = act.range.subs(defaults) if act.params else act.range
    ys = act.f(np.linspace(-20, 20, 4001))
    lo, hi = float(rng.inf), float(rng.sup)
    assert ys.min() >= lo - 1e-9 and ys.max() <= hi + 1e-9


# -- softmax ------------------------------------------------------------------------------

def test_softmax_jacobian_shift_and_stable_form():
    info = A.softmax_info(3)
    assert all(v == 0 for v in info.shift_difference)
    assert all(v == 0 for v in info.stable_difference)
    # the derived Jacobian equals diag(s) - s s^T at a random point, and finite differences
    rng = np.random.default_rng(1)
    z = rng.normal(size=3)
    J = np.array(numeric(info.jacobian, info.xs)(*z), dtype=float)
    assert np.allclose(J, A.np_softmax_jacobian(z), atol=1e-14)
    h = 1e-6
    fd = np.column_stack([(A.np_softmax(z + h * e) - A.np_softmax(z - h * e)) / (2 * h) for e in np.eye(3)])
    assert np.allclose(J, fd, atol=1e-9)
    # stable vs naive at large inputs: naive overflows, stable agrees with the shifted input
    big = np.array([1000.0, 1001.0, 999.0])
    assert np.all(np.isnan(A.np_softmax_naive(big)))
    assert np.allclose(A.np_softmax(big), A.np_softmax_naive(big - 1000.0))
    # the entry bounds: max of s(1-s) is 1/4 (grid)
    u = np.linspace(0, 1, 10001)
    assert abs((u * (1 - u)).max() - float(info.diag_bounds.sup)) < 1e-12
