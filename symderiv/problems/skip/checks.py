"""The checks of sheet 002, Aufgabe 2: each formula against sympy.diff of the nested network
and NumPy backprop, each claim by a relation or a comparison (grids, closed forms)."""
from __future__ import annotations

import numpy as np

from symderiv.problems.gradient_flow_common import formula_vs_diff_o, numpy_vs_formula_o, relation_record
from symderiv.problems.skip import maths as M
from symderiv.problems.skip.maths import Maths

SMALL_W = [0.5, 1.0, 2.0, 3.9, 4.0]
BIG_W = [4.5, 6.0, 10.0, 40.0]


def vs_diff(m: Maths, variant: str, lowest: int, offset: int, general: bool = False):
    from symderiv import verify
    d, i = formula_vs_diff_o(variant, range(lowest, 7 if not general else 6), m.seed + offset, general=general)
    return verify.compare(d, i, "sympy", tolerance=1e-12)


def vs_numpy(m: Maths, variant: str, offset: int):
    from symderiv import verify
    d, i = numpy_vs_formula_o(variant, 8, m.seed + offset)
    return verify.compare(d, i, "backprop", tolerance=1e-12)


def answer(m: Maths, k: int):
    """The answer k (NumPy backprop) against sympy.diff of the written-out network."""
    from symderiv import verify
    return verify.compare([m.values[k]], [M.sympy_values(m.N, m.x, m.w)[k]], "sympy", tolerance=1e-12)


def factor_small():
    grid = np.linspace(-30, 30, 60001)
    return relation_record([M.sigmoid_factor_max(v, grid) for v in SMALL_W], [1.0] * len(SMALL_W), r"\le")


def factor_big():
    grid = np.linspace(-30, 30, 60001)
    return relation_record([M.sigmoid_factor_max(v, grid) for v in BIG_W], [1.0] * len(BIG_W), ">")


def windows():
    """(grid window against the formula ell(|w|), window below 0.45, ell falling for |w| >= 7)."""
    from symderiv import verify
    from symderiv.problems import gradient_flow_maths as GM
    fine = np.linspace(-2, 2, 400001)
    num = [M.window(v, fine) for v in BIG_W]
    formula = [float(GM.interval_length(v)) for v in BIG_W]
    big = np.linspace(4.0, 200.0, 19601)                       # |w| in [4, 200], step 0.01
    ell = 2 / big * np.log(big / 2 * (1 + np.sqrt(1 - 4 / big)) - 1)
    tail = ell[big >= 7.0]                                      # past the maximum at 6.894
    return (verify.compare(num, formula, "grid", tolerance=1e-4),
            relation_record(list(ell), [0.45] * len(ell), "<"),
            relation_record(list(tail[1:]), list(tail[:-1]), "<"))


def relu(m: Maths):
    """(active units: backprop = x w^19 for w in {4/5, 1, 5/4}; a dead unit gives 0)."""
    from symderiv import verify
    rng = np.random.default_rng(m.seed + 9)
    rows = [M.relu_chain(rng, 20, sc) for sc in (0.8, 1.0, 1.25)]
    return (verify.compare([r[0] for r in rows], [r[1] for r in rows], "backprop", tolerance=1e-12),
            relation_record([abs(r[2]) for r in rows], [0.0] * 3, "=", method="exact"))


def relu_product_matters():
    """Weights alternating 2, 1/2 (half above 1): backprop = x prod w_i, and it stays at
    most 2|x|: no explosion (the old 'explodes exactly when the weights exceed 1' fails)."""
    from symderiv import verify
    g, formula, _ = M.relu_alternating()
    return (verify.compare([g], [formula], "backprop", tolerance=1e-12),
            relation_record([abs(g)], [2 * 1.5], r"\le"))


def central(m: Maths):
    from symderiv import verify
    return verify.compare(*M.central_differences(m.seed), "central")


def skip_above(m: Maths):
    return relation_record(m.profile["plain"][1:], m.profile["skip"][1:], "<")


def explodes():
    """(backprop = x/4 (3/2)^29 at N = 30, it exceeds 10^4)."""
    from symderiv import verify
    g, formula = M.residual_explodes(M.EXPLODE_DEPTH)
    return (verify.compare(g, formula, "backprop", tolerance=1e-12), relation_record([abs(g)], [1e4], ">"))
