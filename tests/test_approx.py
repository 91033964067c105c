"""ReLU interpolation (exercise 004 task 7): closed form, proof, approximation, O(h^2)."""
import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from symderiv.problems.relu_approximation import approx

X = sp.Symbol("x", real=True)


def numpy_toeplitz(n):
    i, j = np.indices((n, n))
    return np.where(j <= i, i - j + 1, 0).astype(float)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 20, 80])
def test_closed_form_solves_the_system(n):
    rng = np.random.default_rng(n)
    f = rng.normal(size=n)
    h = 0.37
    expected = np.linalg.solve(h * numpy_toeplitz(n), f)
    got = approx.closed_form(f, h)
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-9 * np.max(np.abs(expected)))
    # the list form (SymPy / plain numbers) gives the same numbers
    assert np.allclose(approx.closed_form(list(f), h), expected, rtol=1e-9, atol=1e-7)


def test_first_lambdas_by_hand():
    # f = (1, 4, 9, 16), h = 1/2: 1/h * (1, 4-2, 9-8+1, 16-18+4)
    lam = approx.closed_form(np.array([1.0, 4.0, 9.0, 16.0]), 0.5)
    assert lam.tolist() == [2.0, 4.0, 4.0, 4.0]


@pytest.mark.parametrize("n", [1, 4, 9, 30])
def test_matrices_numerically(n):
    T = numpy_toeplitz(n)
    L = np.tril(np.ones((n, n)))
    S = np.eye(n, k=-1)
    assert np.array_equal(np.array(approx.toeplitz_matrix(n).tolist(), dtype=float), T)
    assert np.array_equal(L @ L, T)
    D = (np.eye(n) - S) @ (np.eye(n) - S)
    assert np.array_equal(D @ T, np.eye(n))
    assert np.array_equal(np.array(approx.second_difference(n).tolist(), dtype=float), D)


def test_small_cases_exact_solve_matches_closed_form_and_numpy():
    cases = approx.small_cases(8)
    assert [c.n for c in cases] == list(range(1, 9))
    assert all(c.matches and c.t_is_l_squared and c.inverse_is_d for c in cases)
    # the symbolic solution, evaluated at random numbers, equals numpy's solve
    rng = np.random.default_rng(0)
    case = cases[-1]
    h, f, _, _ = approx.system(8)
    fv = rng.normal(size=8)
    subs = {h: sp.Rational(3, 10), **{s: sp.Float(v, 30) for s, v in zip(f, fv)}}
    got = np.array([float(e.subs(subs)) for e in case.solution])
    assert np.allclose(got, np.linalg.solve(0.3 * numpy_toeplitz(8), fv), rtol=1e-10)


def test_general_proof():
    p = approx.general_proof()
    assert p.ok
    assert sp.simplify(p.l_squared_value - (p.i - p.j + 1)) == 0
    assert p.generic_value == 0 and p.first_sub_value == 0 and p.diagonal == 1
    # the unevaluated generic entry really is (i-j+1) - 2(i-j) + (i-j-1): check at numbers
    for iv, jv in [(5, 1), (9, 3), (12, 10)]:
        assert p.generic.doit().subs({p.i: iv, p.j: jv}) == (iv - jv + 1) - 2 * (iv - jv) + (iv - jv - 1)


def test_network_is_the_piecewise_linear_interpolant():
    ap = approx.relu_interpolant(sp.sin(X), 0.0, math.pi, 12, var=X)
    assert ap.h == pytest.approx(math.pi / 11)
    assert ap.biases[0] == pytest.approx(-ap.h) and ap.biases[1] == 0.0
    assert np.allclose(ap(ap.grid), np.sin(ap.grid), atol=1e-12)
    xs = np.linspace(0, math.pi, 1001)
    assert np.allclose(ap(xs), np.interp(xs, ap.grid, np.sin(ap.grid)), atol=1e-12)
    assert np.allclose(ap.lambdas, ap.lambdas_solve, atol=1e-10)
    # left of b_1 every ReLU is off
    assert ap(-ap.h - 0.1) == 0.0


def test_quadratic_error_is_h_squared_over_four():
    # interpolating x^2 linearly: error (x - x_i)(x_{i+1} - x), largest h^2/4 at midpoints
    for n in (3, 6, 11):
        ap = approx.relu_interpolant(X**2, -1.0, 2.0, n, var=X)
        assert approx.max_error(ap, X**2, var=X) == pytest.approx(ap.h**2 / 4, rel=1e-10)


def test_linear_function_is_exact():
    ap = approx.relu_interpolant(3 * X - 1, 0.0, 1.0, 7, var=X)
    assert approx.max_error(ap, 3 * X - 1, var=X) < 1e-12


def test_convergence_rate_sin():
    c = approx.convergence(sp.sin(X), 0.0, math.pi, var=X)
    assert c.ns == [5, 10, 20, 40, 80]
    assert 1.9 < c.slope < 2.1
    assert c.bound == pytest.approx(1 / 8, rel=1e-6)       # max|sin''| / 8
    assert all(e <= c.bound * h**2 * (1 + 1e-9) for e, h in zip(c.errors, c.hs))
    # asymptotically error / h^2 -> max|f''| / 8 = 1/8
    assert c.ratios[-1] == pytest.approx(0.125, abs=1e-3)
    # halving h divides the error by about 4
    assert 3.8 < c.errors[-2] / c.errors[-1] < 4.2


def test_bad_input():
    with pytest.raises(ValueError):
        approx.relu_interpolant(sp.sin(X), 0.0, 1.0, 1, var=X)
    with pytest.raises(ValueError):
        approx.relu_interpolant(sp.sin(X), 1.0, 0.0, 5, var=X)
    with pytest.raises(ValueError):
        approx.relu_interpolant(1 / X, 0.0, 1.0, 5, var=X)


# ---- the problem (report) ---------------------------------------------------------------

def _solution(**params):
    from symderiv.course import reports
    return reports.make_solution("relu-approximation", params, 0)


def test_problem_default_all_checks_pass():
    from symderiv.documents.model import Result
    _, values, sol = _solution()
    checks = sol.checks()
    assert len(checks) >= 7 and all(c.record.passed for c in checks)
    slope = [b.value for t in sol.tasks for b in t.blocks if isinstance(b, Result) and b.lhs == sp.Symbol("p")]
    assert len(slope) == 1 and 1.9 < slope[0] < 2.1


@pytest.mark.parametrize("params", [{"f": "exp(x)", "a": "-1", "b": "2"}, {"f": "abs(x-1)"},
                                    {"f": "abs(x+5)"}, {"f": "x^2", "n": "3"}, {"f": "3*x - 1"}])
def test_problem_other_functions_pass(params):
    _, _, sol = _solution(**params)
    assert all(c.record.passed for c in sol.checks())


@pytest.mark.parametrize("params", [{"f": "sin(y)"}, {"f": "__import__('os')"}, {"a": "pi", "b": "0"},
                                    {"a": "1", "b": "1"}, {"n": "41"}, {"n": "1"}, {"f": "1/x"}, {"b": "x"}])
def test_problem_bad_parameters(params):
    from symderiv.problems import ProblemError
    with pytest.raises(ProblemError):
        _solution(**params)


def test_problem_cli_bad_input_exit_2(capsys):
    import symderiv.cli.main as cli
    assert cli.main(["solve", "relu-approximation", "--param", "f=os.system(1)", "--out", "/nonexistent"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1


def test_max_error_is_the_true_maximum_not_a_sample():
    import numpy as np
    from symderiv.problems.relu_approximation import approx as A
    from symderiv.verify import compare
    ap = A.relu_interpolant(np.sin, 0.0, np.pi, 5)
    eps = A.max_error(ap, np.sin)
    assert eps == pytest.approx(0.0703776226, abs=1e-9)
    dense = A.max_error_dense(ap, np.sin, per_interval=20001)
    assert compare([eps], [dense], "dense sampling", 1e-7).passed
    assert not compare([0.0703762], [dense], "dense sampling", 1e-7).passed  # the old 64-sample value


# ---- issue 17: the findings on this problem --------------------------------------------

def test_limit_of_the_error_ratio_holds_with_the_maximum_at_an_end():
    """eps/h^2 -> max|f''|/8 needs no interior maximum (the old text said it did): for
    exp on [0, 2] |f''| = exp is largest at x = 2, an end; the limit is e^2/8 all the same,
    and the report's check row says so (it fails for a limit other than e^2/8)."""
    from symderiv.problems.relu_approximation import checks, maths
    m = maths.prepare({"f": "exp(x)", "a": "0", "b": "2", "n": 6}, 0)
    f2max, where = maths.second_derivative_maximum(m)
    assert where == 2.0 and f2max == pytest.approx(math.exp(2), rel=1e-12)
    # independently: the largest error of linear interpolation on 1000 cells, over 400 points per cell
    grid = np.linspace(0.0, 2.0, 1001)
    t = np.linspace(0.0, 2.0, 400 * 1000 + 1)
    ratio = np.max(np.abs(np.exp(t) - np.interp(t, grid, np.exp(grid)))) / (2.0 / 1000) ** 2
    assert ratio == pytest.approx(math.exp(2) / 8, rel=2e-3)
    assert checks.limit(m, math.exp(2) / 8).passed
    assert not checks.limit(m, math.exp(2) / 8 * 0.9).passed
    for lang in ("en", "de"):
        text = open(Path(checks.__file__).parent / "messages" / f"{lang}.po", encoding="utf-8").read()
        assert "when the maximum" not in text and "im Inneren des Intervalls liegt" not in text.replace("\n", " ")


def test_the_table_of_exact_solutions_starts_at_two_neurons():
    """A grid of n points has the spacing (b - a)/(n - 1) only for n >= 2: the table of exact
    solutions has no row n = 1, and its check row fails on such a row."""
    from symderiv.documents.model import Table
    from symderiv.problems.relu_approximation import checks
    _, _, sol = _solution()
    closed = next(t for t in sol.tasks if t.label == "closed")
    table = next(b for b in closed.blocks if isinstance(b, Table))
    assert [r[0] for r in table.rows] == [2, 3, 4, 5, 6, 7, 8]
    cases = approx.small_cases(8)
    assert checks.spacing_defined(cases[1:], 0.0, math.pi).passed
    assert not checks.spacing_defined(cases, 0.0, math.pi).passed      # the old table, with n = 1


def test_spacing_is_printed_as_b_minus_a(tmp_path):
    """h = (b - a)/(n - 1), not SymPy's (-a + b)/(n - 1), in the given data and in every row."""
    import symderiv.cli.main as cli
    assert cli.main(["solve", "relu-approximation", "--to", "md", "--out", str(tmp_path)]) == 0
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert r"h = \frac{b - a}{n - 1}" in text
    assert "- a + b" not in text and "-a + b" not in text


def test_the_printed_program_gives_the_weights_of_the_closed_form():
    """The NumPy program of the solution, run: its weights for sin on [0, pi], n = 6, are the
    second differences of sin at the grid points divided by h (computed here by hand)."""
    from symderiv.problems.relu_approximation import student
    h = math.pi / 5
    fv = [math.sin(k * h) for k in range(6)]
    want = [fv[0] / h, (fv[1] - 2 * fv[0]) / h] + [(fv[k] - 2 * fv[k - 1] + fv[k - 2]) / h for k in range(2, 6)]
    x, biases, lam = student.relu_network(np.sin, 0.0, math.pi, 6)
    assert np.allclose(lam, want, rtol=1e-10, atol=1e-12)
    assert np.allclose(biases, [-h + k * h for k in range(6)], atol=1e-14)
    assert student.max_error(np.sin, 0.0, math.pi, 5) == pytest.approx(0.0703776226, rel=1e-4)
