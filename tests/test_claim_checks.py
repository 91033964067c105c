"""The check rows added for issue 11's wrong statements: each fails on the old statement.

Every test states the old (wrong) claim, shows that the check used in the report rejects
it, and that the corrected claim passes; the values are computed, not typed.
"""
import numpy as np
import pytest
import sympy as sp

from symderiv.problems.gradient_flow_common import relation_record


# ----------------------------------------------------------------------------- notation

def test_notation_keeps_written_order_and_powers():
    from symderiv.documents import notation
    n, i = sp.symbols("n i", integer=True, positive=True)
    q = notation.power(sp.Rational(1, 4), notation.terms(n, -i, 1))
    # SymPy alone would print 4^{- n - i + 1}-like forms inside products
    assert sp.latex(q * sp.Abs(sp.Symbol("h"))) == r"\left|{h}\right| \left(\frac{1}{4}\right)^{n - i + 1}"
    assert sp.latex(notation.element(i, notation.integer_range(1, n))) == r"i \in \left\{1, \ldots, n\right\}"


def test_relation_record_strict_and_equality():
    assert relation_record([1.0, 2.0], [1.0, 3.0], r"\le").passed
    assert not relation_record([1.0, 2.0], [1.0, 3.0], "<").passed       # equality breaks "<"
    assert relation_record([0.0], [0.0], "=").passed
    assert not relation_record([2.0], [1.0], r"\le").passed


# ----------------------------------------------------------------------------- 000 a

def test_vanishing_second_relation_is_le_with_equality_at_i_n_and_h_0():
    from symderiv.problems.vanishing import checks as C, maths as V
    rows = V.weights_bound_cases(np.random.default_rng(7), 6)
    left = np.array([r[0] for r in rows])
    right = np.array([r[1] for r in rows])
    kinds = [r[2] for r in rows]
    assert C.REL_WEIGHTS == r"\le"
    assert "last" in kinds and "zero" in kinds
    # the old text printed "<": the boundary cases refute it
    assert not relation_record(left, right, "<").passed
    assert relation_record(left, right, C.REL_WEIGHTS).passed
    last = [k for k, kind in enumerate(kinds) if kind == "last"]
    assert np.array_equal(left[last], right[last])               # empty product = 1
    inner = [k for k, kind in enumerate(kinds) if kind == "inner"]
    assert np.all(left[inner] < right[inner])


def _sig(t):
    return 1 / (1 + np.exp(-t))


def test_vanishing_quarter_power_is_not_the_supremum_for_i_3():
    """The old text: (1/4)^(n-i+1) is a supremum, each factor comes arbitrarily close to 1/4.
    For n = i = 3, |dh_3/dw_3| = h_2 sigma'(w_3 h_2) with h_2 = sigma(w_2 h_1), h_1 in (0, 1),
    |w_2| < 1: so h_2 < sigma(1) and the supremum is sigma(1)/4 < 1/4."""
    from symderiv.problems.vanishing import checks as C, maths as V
    from symderiv.verify import compare
    best = V.optimised_last(np.random.default_rng(5), 3)
    assert best == pytest.approx(_sig(1.0) / 4, rel=1e-9)
    assert not compare(best, 0.25, "numpy", tolerance=1e-9).passed       # the old claim fails
    # brute force on a grid (independent of the optimiser): never above sigma(1)/4
    w = np.linspace(-0.999, 0.999, 41)
    W1, W2, W3, X = np.meshgrid(w, w, w, np.linspace(-40, 40, 41), indexing="ij")
    h1 = _sig(W1 * X)
    h2 = _sig(W2 * h1)
    d = np.abs(h2 * _sig(W3 * h2) * (1 - _sig(W3 * h2)))
    assert d.max() < _sig(1.0) / 4 < 0.25
    # i >= 3 at random points: below sigma(1) (1/4)^(n-i+1); the check row passes
    ratios = V.random_ratios(np.random.default_rng(1), 4, 3, _sig(1.0))
    assert ratios.max() < 1.0
    assert relation_record(ratios, np.ones_like(ratios), C.REL_COUPLED).passed
    # the sequence of the text approaches sigma(1)/4 from below
    ts, two, three = V.sequences()
    assert np.all(np.diff(three) > 0) and three[-1] < _sig(1.0) / 4
    assert three[-1] == pytest.approx(_sig(1.0) / 4, rel=1e-2)   # error about 1/t
    # n = i = 2: 1/4 is the supremum, ratio sigma(t/2)
    assert np.allclose(two, _sig(np.array(ts) / 2), rtol=1e-12)


def test_vanishing_relu_bound_attained_when_all_active():
    from symderiv.layers import bounds as B
    w = np.array([0.9, 0.5, 0.8, 0.7])
    x0 = 1.3
    _, g = B.np_h_chain_grads(w, x0, "relu")
    bound = [x0 * np.prod(np.delete(w, m)) for m in range(4)]
    assert np.allclose(g, bound, rtol=1e-14)
    # the bound has no factor (1/4)^(n-i+1): layer 1 is not smaller than layer 4 here
    assert g[0] > g[3] * 0.25 ** 3


# ----------------------------------------------------------------------------- 002 A2

def test_skip_residual_product_explodes():
    from symderiv.problems.skip import maths as S
    g, formula = S.residual_explodes(30)
    assert formula == pytest.approx(0.25 * 1.5 ** 29)
    assert g == pytest.approx(formula, rel=1e-12) and g > 3e4


def test_skip_sigmoid_factor_needs_w_above_4_and_window_narrow():
    from symderiv.problems import gradient_flow_maths as GM
    from symderiv.problems.skip import maths as S
    grid = np.linspace(-30, 30, 60001)
    assert S.sigmoid_factor_max(4.0, grid) == pytest.approx(1.0)
    assert S.sigmoid_factor_max(3.9, grid) < 1 < S.sigmoid_factor_max(4.5, grid)
    fine = np.linspace(-2, 2, 400001)
    assert S.window(6.9, fine) == pytest.approx(float(GM.interval_length(6.9)), abs=2e-5)
    assert S.window(6.9, fine) < 0.45


def test_skip_relu_factors_are_w_or_zero():
    from symderiv.problems.skip import maths as S
    grad, expected, dead = S.relu_chain(np.random.default_rng(0), 20, 1.25)
    assert grad == pytest.approx(expected, rel=1e-12) and expected >= 0.5 * 1.25 ** 19   # x >= 0.5
    assert dead == 0.0


# ----------------------------------------------------------------------------- 001 T6

def test_unstable_window_share_at_most_max_length():
    from symderiv.problems import gradient_flow_maths as GM
    from symderiv.problems.unstable import maths as U
    pairs = U.window_pairs(np.random.default_rng(5), count=40)
    _, lmax, _ = GM.max_interval_length()
    assert lmax == pytest.approx(0.4477, abs=1e-4)
    shares = np.array([p[3] for p in pairs])
    assert shares.max() <= lmax and shares.max() > 0.1
    for p in pairs:   # meets (0, 1) only if -b/w is within half the window of [0, 1]
        if p[3] > 0:
            assert p[4] <= p[5]
        assert abs(p[2] - p[3]) <= 2e-5


def test_unstable_uniform_logs_differ_from_lognormal_formula():
    from symderiv.problems import gradient_flow_maths as GM
    from symderiv.problems.unstable import maths as U
    uni = U.uniform_example(-1.0, 0.5, 5, 20000, 0)
    lm = GM.lognormal_moments()
    lognormal = float(lm.mean.subs({lm.mu: -1, lm.s: sp.Rational(1, 2), lm.K: 5}))
    exact = (np.exp(-1.0) * np.sinh(np.sqrt(3) * 0.5) / (np.sqrt(3) * 0.5)) ** 5
    assert uni["exact"] == pytest.approx(exact, rel=1e-12)
    assert abs(uni["exact"] / lognormal - 1) > 0.01        # the hint's assumption matters


def test_unstable_curvature_row_fails_on_the_second_derivative():
    # issue 17: "the second derivative is -1/8" at z = 0; -1/8 is sigma'''(0), sigma''(0) = 0
    from symderiv.problems.unstable import checks as C
    assert C.curvature(-0.125).passed
    assert not C.curvature(0.0).passed and not C.curvature(0.125).passed


def test_unstable_questions_are_the_interval_and_the_moments():
    from symderiv import problems
    prob = problems.get("unstable-gradients")
    sol = prob.build(prob.coerce({"w": "7.5", "b": "-2", "mu": "0.5", "s": "0.3", "K": "4"}), 0)
    got = {a.key: float(a.value) for a in sol.answers}
    # independent: the condition |w sigma'(w a + b)| >= 1 on a fine grid of a
    a = np.linspace(-1.0, 2.0, 3_000_001)
    e = np.exp(-(7.5 * a - 2.0))
    inside = a[7.5 * e / (1 + e) ** 2 >= 1]
    assert got["lower"] == pytest.approx(inside.min(), abs=2e-6)
    assert got["upper"] == pytest.approx(inside.max(), abs=2e-6)
    assert got["length"] == pytest.approx(inside.max() - inside.min(), abs=4e-6)
    # log-normal with K mu = 2, K s^2 = 0.36
    assert got["mean"] == pytest.approx(np.exp(2.0 + 0.18), rel=1e-12)
    assert got["variance"] == pytest.approx((np.exp(0.36) - 1) * np.exp(4.0 + 0.36), rel=1e-12)


# ----------------------------------------------------------------------------- 000 b

def test_rosenbrock_ordinal_check_fails_when_swapped():
    from symderiv.problems.rosenbrock import checks as R
    x1, x2 = sp.symbols("x1 x2", real=True)
    f = 100 * (x2 - x1 ** 2) ** 2 + (1 - x1) ** 2
    shown = [(x2, sp.diff(f, x2)), (x1, sp.diff(f, x1))]
    assert R.ordinal(shown, 0, 1, x1, x2, 1, 0).passed           # "first gives x2 = x1^2"
    assert not R.ordinal(shown, 1, 0, x1, x2, 1, 0).passed       # the old, swapped text


# ----------------------------------------------------------------------------- 003

def test_softmax_offdiagonal_open_for_n3_closed_for_n2():
    from symderiv.layers import activations as A
    from symderiv.problems.activation_atlas import softmax as S
    off3, best3 = S._max_offdiag(np.random.default_rng(1), 3, starts=3)
    assert off3.max() < 0.25 and best3 < 0.25 and best3 > 0.2499
    assert float(A.np_softmax_jacobian(np.array([0.3, 0.3]))[0, 1]) == pytest.approx(-0.25, abs=1e-15)


def test_atlas_elu_sup_attained_at_zero_too(monkeypatch):
    """ELU's supremum 1 of the derivative is attained on [0, oo): the check of the printed
    sets passes, and fails for the old (0, oo)."""
    import sympy as sp
    from symderiv.layers import activations as A
    from symderiv.problems.activation_atlas import checks as C, maths as M
    elu = A.get("elu")
    assert M.attained_set(elu, "sup") == sp.Interval(0, sp.oo)
    assert C.attained_sets([elu], 0.25).passed
    monkeypatch.setitem(M._ATTAINED, ("elu", "sup"), sp.Interval.open(0, sp.oo))
    assert not C.attained_sets([elu], 0.25).passed


def test_atlas_sigmoid_second_and_third_derivative_at_zero():
    """sigma''(0) = 0 and the third derivative at 0 is -1/8: the check row fails for the
    old 'the second derivative is -1/8'."""
    from symderiv.layers import activations as A
    from symderiv.problems.activation_atlas import checks as C
    sig = A.get("sigmoid")
    assert C.critical_points([sig]).passed
    assert not C.critical_points([sig], printed=lambda c: (float(c.second), float(c.second))).passed


def test_atlas_gelu_minimum_is_not_the_rounded_number():
    from symderiv.layers import activations as A
    from symderiv.problems.activation_atlas import checks as C
    assert C.range_minimum(float(A.get("gelu").range.start)).passed
    assert not C.range_minimum(-0.169971).passed  # the old endpoint, shown as exact


def test_atlas_sigmoid_symmetry_and_bias():
    """sigma(-x) = 1 - sigma(x) step by step (the reading 1 + sigma(x) of the old line
    fails); the sign flip of a sigmoid unit needs the output bias c + v1."""
    import sympy as sp
    from symderiv.language.table import sigmoid
    from symderiv.problems.activation_atlas import checks as C, maths as M
    x = sp.Symbol("x", real=True)
    steps = M.sigmoid_symmetry_steps()
    assert C.sigmoid_steps(steps).passed and not C.sigmoid_steps([1 + sigmoid(x)]).passed
    m = M.Maths(1.0, 0.0, 1.0, 0.25, (0.0, 0.0, 0.0), v1=1.3, c=-0.4, seed=0)
    xs = np.linspace(-3, 3, 13)
    assert np.allclose(M.sigmoid_network(m, True, True)(xs), M.sigmoid_network(m, False, False)(xs), atol=1e-13)
    assert not np.allclose(M.sigmoid_network(m, True, False)(xs), M.sigmoid_network(m, False, False)(xs))


def test_lecture_backprop_counts_and_slopes():
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse_ast
    from symderiv.problems.lecture_backprop import maths as L
    from symderiv.problems.lecture_backprop.counting import accumulation_counts, difference_errors
    g = Graph.from_ast(parse_ast(L.neuron_text(4)))
    pt = {f"w{k}": 0.1 * k for k in range(1, 5)}
    pt.update({f"x{k}": 1.0 - 0.2 * k for k in range(1, 5)})
    pt["y"] = 1.0
    c = accumulation_counts(g, pt, [f"w{k}" for k in range(1, 5)])
    assert c.edges == 18 and c.reverse_mults == 18 and c.forward_mults == 4 * 18
    assert np.allclose(c.forward_grad, c.reverse_grad) and np.allclose(c.path_grad, c.reverse_grad)
    lg = Graph.from_ast(parse_ast(L.LECTURE_GRAPH))
    assert lg.path_count("s") == 6
    assert Graph.from_sympy(L.chain_expr(5, 0)).path_count("s") == 32
    assert Graph.from_sympy(L.chain_expr(2, 3)).path_count("s") == 4 * 27
    de = difference_errors(np.sin, np.cos, np.linspace(0.2, 1.2, 7))
    assert de.slopes["forward, truncation"][0] == pytest.approx(1.0, abs=0.05)
    assert de.slopes["central, truncation"][0] == pytest.approx(2.0, abs=0.1)
    assert de.slopes["forward, rounding"][0] == pytest.approx(-1.0, abs=0.2)


def test_toy_classifier_region_check_compares_every_cell_both_ways(monkeypatch):
    """The figure's shaded paths against the network at all 60 x 60 cell centres: it
    passes for the drawn region and fails when one run of cells is left out of the figure,
    or when the paths are torn the way the printer's thinning tore the old ones (every
    second point dropped)."""
    from symderiv import problems
    from symderiv.problems.toy_classifier import checks, figure
    from symderiv.problems.toy_classifier.maths import prepare
    prob = problems.get("toy-classifier")

    def region_check(sol):
        return next(c for c in sol.checks() if "shaded" in c.what.get("en"))

    ok = region_check(prob.build(prob.coerce({}), 0))
    assert ok.record.passed and ok.record.points == 3600
    m = prepare(prob.coerce({}), 0)
    paths = figure.class1_paths(m)
    assert checks.region(m, paths).passed
    assert not checks.region(m, [(xs[::2], ys[::2]) for xs, ys in paths]).passed
    real = figure.decision_runs
    monkeypatch.setattr(figure, "decision_runs", lambda *a, **k: real(*a, **k)[1:])
    assert not region_check(prob.build(prob.coerce({}), 0)).record.passed


def test_skip_relu_only_the_product_of_the_weights_matters():
    """The old text: 'the product explodes exactly when the weights exceed 1 in magnitude'.
    ReLU, every unit active: do_N/dw_1 = x prod_(i>=2) w_i. Weights alternating 2, 1/2 (half
    of them above 1) keep it at most 2|x| for every depth; the check rows pass."""
    from symderiv.layers import bounds as B
    from symderiv.problems.skip import checks as C
    x0 = 1.5
    for depth in (10, 20, 40):
        ws = np.array([2.0 if k % 2 == 0 else 0.5 for k in range(depth)])
        g = B.np_o_chain_grads(ws, np.zeros(depth), x0, "relu")[1][0]
        assert abs(g) <= 2 * x0 and g == pytest.approx(x0 * np.prod(ws[1:]), rel=1e-14)
    eq, le = C.relu_product_matters()
    assert eq.passed and le.passed
    # the old claim would make the alternating chain explode: it stays at x0 (depth 20)
    assert not relation_record([abs(B.np_o_chain_grads(np.array([2.0, 0.5] * 10), np.zeros(20), x0, "relu")[1][0])],
                               [1e3], ">").passed


def test_lecture_backprop_check_rows_fail_on_the_old_statements():
    """Issue 17: the check rows behind lecture-backprop's corrected statements fail on the
    old ones: two difference quotients under one name, a figure label crossed by its edge,
    and 'enumerating paths is worse still' (than forward accumulation) for the neurons."""
    from symderiv.problems.lecture_backprop import checks as C
    from symderiv.problems.lecture_backprop import figure as F
    from symderiv.problems.lecture_backprop import maths as M
    from symderiv.problems.lecture_backprop.tasks import QUOTIENTS
    from symderiv.problems.gradient_flow_common import relation_record
    params = {"w0": 0.5, "h": 0.1, "s0": 0.7, "blocks2": 2, "blocks3": 1, "nx": (1.0, -0.5, 2.0),
              "nw": (0.3, 0.8, -0.4), "nb": 0.1, "nt": 1.0, "yhat": (0.37, -0.82, 0.15), "y": (0.5, -0.5, 0.0),
              "W": (1.0, -0.5, 2.0, 0.5, 1.5, -1.0), "x": (0.4, -1.2, 0.7), "g": (0.3, -0.4)}
    import math
    m = M.prepare(params, 0)
    d, ef, ec = M.difference_values(m.w0, m.h)
    # independent: L(w) = (sigmoid(1.5 w - 0.3) - 1)^2 by hand
    def L(w):
        return (1 / (1 + math.exp(-(1.5 * w - 0.3))) - 1) ** 2
    assert ef == pytest.approx((L(0.6) - L(0.5)) / 0.1 - d, rel=1e-9)
    assert ec == pytest.approx((L(0.6) - L(0.4)) / 0.2 - d, rel=1e-9)
    assert C.quotients_by_name(m, QUOTIENTS, ef, ec).passed
    one_name = {"D": QUOTIENTS["D_0"]}  # the old text: both called D(h), the later definition wins
    assert not C.quotients_by_name(m, one_name, ef, ec).passed
    assert F.geometry() == []
    old = dict(F.ANCHOR)
    try:
        F.ANCHOR[("s", "x")] = "south west"  # the label on the other side: its own edge crosses it
        assert any("crossed by edge s-x" in p for p in F.geometry())
    finally:
        F.ANCHOR.clear()
        F.ANCHOR.update(old)
    rows = M.counts_table(0)
    assert C.paths_cheaper_than_forward(rows).passed
    neurons = [c for k, n, c in rows if k == "neuron" and n >= 2]
    # one product per path, one multiplication per edge of it: w_k -> w_k x_k, then the '+'
    # nodes of the left-nested sum it passes (n - 1 for k = 1, n - k + 1 after), then
    # sigmoid, '- y' and the square
    by_hand = [sum(4 + (n - 1 if k == 1 else n - k + 1) for k in range(1, n + 1)) for n in (2, 4, 8, 16)]
    assert [c.path_mults for c in neurons] == by_hand
    assert not relation_record([c.path_mults for c in neurons], [c.forward_mults for c in neurons], ">").passed
