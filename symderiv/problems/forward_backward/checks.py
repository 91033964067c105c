"""The checks of sheet 004, Task 5: each computed value against an independent computation
(SymPy's derivative of the whole loss, evaluated with 40 digits; central differences), and the reconstructed weights
against the numbers the sheet's own solution prints."""
from __future__ import annotations

import numpy as np

from symderiv.problems.forward_backward.maths import (SHEET_UNEXPLAINED, SHEET_VALUES, Maths, central, network,
                                                      exact_network, passes, same_s1_other_w1)
from symderiv.problems.nn_common import compare_printed


def forward(m: Maths):
    """x^(1), x^(2) and E against SymPy's network evaluated with 40 digits (mpmath)."""
    from symderiv.verify import compare
    sym, _ = exact_network(m)
    return compare(np.concatenate([m.x1, m.x2, [m.E]]), np.array(sym), "SymPy", tolerance=1e-12)


def backprop_vs_sympy(m: Maths):
    """Every gradient entry of backpropagation against SymPy's derivative of the whole loss
    (derived once per network size, evaluated with 40 digits)."""
    from symderiv.verify import compare
    _, exact = exact_network(m)
    ours = [float(g[idx]) for l in (1, 2) for g in (m.gw[l - 1], m.gb[l - 1]) for idx in np.ndindex(g.shape)]
    return compare(ours, exact, "SymPy", tolerance=1e-12)


def backprop_vs_differences(m: Maths):
    """Every gradient entry against central differences of the loss."""
    from symderiv.verify import compare
    net = m.net
    params = net.get_params()
    ours: list = []
    num: list = []
    for l in (1, 2):
        for name, g in ((f"W{l}", m.gw[l - 1]), (f"b{l}", m.gb[l - 1])):
            num.extend(central(lambda: net.loss(m.x, m.y), params[name]).ravel())
            ours.extend(np.asarray(g).ravel())
    net.set_params(params)
    return compare(ours, num, "central", tolerance=1e-7)


def _printed_groups(m: Maths) -> dict:
    return {"x1": m.x1, "x2-y": m.x2 - m.y, "dsig2": m.x2 * (1 - m.x2), "gW2": m.gw[1], "gb2_1": m.gb[1][:1],
            "gW1": m.gw[0], "gb1": m.gb[0]}


def sheet_values(m: Maths) -> list:
    """(key, record): ours rounded to the sheet's decimals against each printed group."""
    ours = _printed_groups(m)
    return [(key, compare_printed(ours[key], printed, dec)) for key, (dec, printed) in SHEET_VALUES.items()]


def w1_not_identifiable(m: Maths):
    """A second ``W^(1)`` with the same ``s^(1)`` reproduces every printed value as well: the
    record compares the two networks' printed groups (they agree, so the sheet cannot tell
    the two first layers apart)."""
    from symderiv.verify import compare
    other = same_s1_other_w1(m)
    net, x, y = network({"w1": tuple(other.ravel()), "b1": tuple(m.b1), "w2": tuple(m.W2.ravel()),
                         "b2": tuple(m.b2), "x": tuple(m.x), "y": tuple(m.y)})
    p = passes(net, x, y)
    theirs = {"x1": p["x1"], "x2-y": p["x2"] - y, "dsig2": p["x2"] * (1 - p["x2"]), "gW2": p["gw"][1],
              "gb2_1": p["gb"][1][:1], "gW1": p["gw"][0], "gb1": p["gb"][0]}
    ours = _printed_groups(m)
    a = np.concatenate([np.ravel(ours[k]) for k in SHEET_VALUES])
    b = np.concatenate([np.ravel(theirs[k]) for k in SHEET_VALUES])
    return other, compare(a, b, "evaluation", tolerance=1e-9)


def unexplained_matrix_absent(m: Maths):
    """The printed 2 x 2 matrix of the dE/dw^(1) line is no 2 x 2 block (any two rows, any two
    columns) of W^(1), W^(2) or their transposes: 1 when absent, against 1."""
    from symderiv.verify import compare
    target = np.array(SHEET_UNEXPLAINED)
    found = False
    for M in (m.W1, m.W2, m.W1.T, m.W2.T):
        r, c = M.shape
        for i in range(r - 1):
            for j in range(c - 1):
                for k in range(i + 1, r):
                    for n in range(j + 1, c):
                        block = M[np.ix_([i, k], [j, n])]
                        found = found or bool(np.allclose(block, target))
    return compare([0.0 if found else 1.0], [1.0], "enumeration", tolerance=0.0)
