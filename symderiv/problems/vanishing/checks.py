"""The checks of sheet 000 a): each derived result against an independent computation
(sympy.diff of the nested chain, NumPy reverse accumulation, grids, an optimiser, exact
limits); each printed relation against its boundary cases."""
from __future__ import annotations

import numpy as np

from symderiv.problems.gradient_flow_common import formula_vs_diff_h, relation_record
from symderiv.problems.vanishing import maths as M
from symderiv.problems.vanishing.maths import Maths

#: the relations printed in task 2 (the same strings drive the check rows)
REL_SIGMA = r"\le"      # |dh_n/dw_i| <= (1/4)^(n-i+1) |h_(i-1)| prod |w_j|
REL_WEIGHTS = r"\le"    # ... <= (1/4)^(n-i+1) |h_(i-1)|: equality for i = n and h_(i-1) = 0
REL_RELU = r"\le"       # ReLU: |dh_n/dw_i| <= |x| prod_(j != i) |w_j|
REL_COUPLED = "<"       # i >= 3: |dh_n/dw_i| < sigma(1) (1/4)^(n-i+1)


def formula_vs_diff(m: Maths, act: str):
    from symderiv import verify
    d, i = formula_vs_diff_h(range(1, 7), m.seed + (act == "tanh"), act)
    return verify.compare(d, i, "sympy", tolerance=1e-12)


def formula_vs_backprop(m: Maths):
    """The instantiated product formula (n = 8) against NumPy reverse accumulation."""
    from symderiv import verify
    from symderiv.language.numeric import numeric
    from symderiv.layers import bounds as B
    ex = m.example
    dd = 8
    ws_c, _ = B.h_chain(dd, "sigmoid")
    arrays = B.h_arrays(dd, "sigmoid")
    vals = [float(np.real(numeric(B.instantiate(m.dh, {B.n: dd, B.i: k}, arrays, act="sigmoid"), [B.x] + ws_c)(
        ex["x"], *ex["w"][:dd]))) for k in range(1, dd + 1)]
    _, g = B.np_h_chain_grads(ex["w"][:dd], ex["x"], "sigmoid")
    return verify.compare(vals, g.tolist(), "backprop", tolerance=1e-12)


def answers(m: Maths):
    """The three answers (NumPy backprop) against the product formula evaluated exactly."""
    from symderiv import verify
    exact = [M.formula_at_numbers(m, 1, "sigmoid"), M.formula_at_numbers(m, m.n, "sigmoid"),
             M.formula_at_numbers(m, 1, "relu")]
    return verify.compare([m.answers[k] for k in ("d1", "dn", "relu")], exact, "sympy", tolerance=1e-12)


def curvature(value):
    """``value``, printed as the third derivative of the sigmoid at 0, against sympy.diff
    (one declaration: unstable's check)."""
    from symderiv.problems.unstable.checks import curvature as sigmoid_curvature
    return sigmoid_curvature(value)


def sup_grid(sup):
    from symderiv import verify
    from symderiv.layers import activations as A
    grid = np.linspace(-30, 30, 60001)
    return verify.compare(float(sup), float(A.get("sigmoid").df(grid).max()), "grid", tolerance=1e-9)


def first_relation(m: Maths):
    return relation_record(np.abs(m.example["g"]), m.example["bound"], REL_SIGMA)


def second_relation(m: Maths):
    """(all cases, boundary cases (equality), inner cases (strict), number of cases)."""
    cases = M.weights_bound_cases(np.random.default_rng(m.seed + 7), M.DEPTH)
    left = np.array([c[0] for c in cases])
    right = np.array([c[1] for c in cases])
    kinds = np.array([c[2] for c in cases])
    edge = (kinds == "last") | (kinds == "zero")
    return (relation_record(left, right, REL_WEIGHTS), relation_record(left[edge], right[edge], "="),
            relation_record(left[~edge], right[~edge], "<"), len(cases))


def below_quarter_power(m: Maths):
    """i >= 2: |dh_n/dw_i| < (1/4)^(n-i+1) at random points, n = 3, 4, 5."""
    rng = np.random.default_rng(m.seed + 11)
    r = np.concatenate([M.random_ratios(rng, nn, 2, 1.0) for nn in (3, 4, 5)])
    return relation_record(r, np.ones_like(r), "<")


def coupled_bound(m: Maths):
    """i >= 3: |dh_n/dw_i| < sigma(1) (1/4)^(n-i+1) at random points, n = 3, 4, 5."""
    rng = np.random.default_rng(m.seed + 13)
    r = np.concatenate([M.random_ratios(rng, nn, 3, float(M.sigma(1.0))) for nn in (3, 4, 5)])
    return relation_record(r, np.ones_like(r), REL_COUPLED)


def supremum_three(m: Maths):
    """n = i = 3: the optimiser's largest |dh_3/dw_3| equals sigma(1)/4 (1/4 fails)."""
    from symderiv import verify
    best = M.optimised_last(np.random.default_rng(m.seed + 17), 3)
    return verify.compare(best, float(M.sigma(1.0)) / 4, "numpy", tolerance=1e-9)


def sequences():
    """(n = i = 2: 1 - ratio = 1 - sigma(t/2); n = i = 3: value = sigma((1 - 1/t) sigma(t/2))/4)."""
    from symderiv import verify
    ts, two, three = M.sequences()
    gap = [float(np.exp(-t / 2) / (1 + np.exp(-t / 2))) for t in ts]
    exact3 = [float(M.sigma((1 - 1 / t) * M.sigma(t / 2)) / 4) for t in ts]
    return ts, (verify.compare(list(1 - two), gap, "exact", tolerance=1e-6),
                verify.compare(list(three), exact3, "exact", tolerance=1e-12))


def bound_formula(m: Maths):
    from symderiv import verify
    from symderiv.layers import bounds as B
    ex = m.example
    sym = B.sigmoid_bound_symbolic()
    return verify.compare([M.eval_bound(sym, M.DEPTH, k, ex["w"], ex["hs"]) for k in range(1, M.DEPTH + 1)],
                          ex["bound"].tolist(), "sympy", tolerance=1e-12)


def relu_values(m: Maths):
    """ReLU backprop is 0 or h_(i-1) prod_(j>i) w_j (both weight sets)."""
    from symderiv import verify
    ex = m.example
    got, expected = [], []
    for ws, g in ((np.abs(ex["w"]), ex["g_relu"]), (ex["w"], ex["g_mixed"])):
        full = M.relu_full(ws, ex["xr"])
        got += list(g)
        expected += [full[k] if g[k] != 0 else 0.0 for k in range(len(g))]
    return verify.compare(got, expected, "exact", tolerance=1e-12)


def relu_relation(m: Maths):
    ex = m.example
    return relation_record(np.abs(np.concatenate([ex["g_relu"], ex["g_mixed"]])),
                           np.concatenate([ex["rb_relu"], ex["rb_mixed"]]), REL_RELU)


def relu_equality(m: Maths):
    return relation_record(np.abs(m.example["g_relu"]), m.example["rb_relu"], "=")
