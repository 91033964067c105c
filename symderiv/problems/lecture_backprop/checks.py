"""The checks of the lecture's backpropagation part: each derived result against an
independent computation (30-digit evaluation of SymPy's derivatives, complex steps through
the forward pass, central differences, the graph module's own counts)."""
from __future__ import annotations

import cmath

import numpy as np
import sympy as sp

from symderiv.problems.gradient_flow_common import relation_record
from symderiv.problems.lecture_backprop import maths as M


def _compare(derived, expected, method, tolerance=None):
    from symderiv.verify import compare
    if tolerance is None:
        return compare(list(map(float, derived)), list(map(float, expected)), method)
    return compare(list(map(float, derived)), list(map(float, expected)), method, tolerance=tolerance)


# ----------------------------------------------------------------------------- Teil 1

def differences_exact(m: M.Maths, shown: list[float]):
    """The three answers (float64) against the exact expressions at 30 digits."""
    w, Lw = M.neuron_loss()
    W, H = sp.Rational(str(m.w0)), sp.Rational(str(m.h))
    d = sp.diff(Lw, w).subs(w, W)
    fwd = (Lw.subs(w, W + H) - Lw.subs(w, W)) / H
    cen = (Lw.subs(w, W + H) - Lw.subs(w, W - H)) / (2 * H)
    return _compare(shown, [sp.N(e, 30) for e in (d, fwd - d, cen - d)], "exact", 1e-6)


def quotients_by_name(m: M.Maths, named: dict, forward: float, central: float):
    """The quotients as the solution defines them, looked up by their names and evaluated
    with the variant's numbers: the first name must give the forward, the second the
    central quotient (two quotients under one name fail: the second lookup finds the
    definition of the other)."""
    w, Lw = M.neuron_loss()
    hs = sp.Symbol("h", positive=True)
    W, H = sp.Rational(str(m.w0)), sp.Rational(str(m.h))
    values = []
    for ks, cs, div in named.values():
        e = sum(c * Lw.subs(w, W + k * H) for k, c in zip(ks, cs)) / div.subs(hs, H)
        values.append(float(sp.N(e, 30)))
    if len(values) != 2:
        values = [values[0], values[0]]
    d = M.difference_values(m.w0, m.h)[0]
    return _compare([v - d for v in values], [forward, central], "evaluation", 1e-6)


def slopes(de, key: str, expected: float):
    return _compare([de.slopes[key][0]], [expected], "evaluation", 0.05 if "trunc" in key else 0.1)


def optimal_steps(de):
    eps = float(np.finfo(float).eps)
    theory = {"forward": eps ** 0.5, "central": eps ** (1 / 3)}
    return relation_record([abs(np.log10(de.h_opt[k] / theory[k])) for k in ("forward", "central")],
                           [1.0, 1.0], r"\le", "grid")


def central_below(de):
    keep = (de.h >= 1e-6) & (de.h <= 1e-2)
    return relation_record(de.central[keep], de.forward[keep], "<", "inequality")


# ----------------------------------------------------------------------------- Teil 2-4

def _forward_pass(s0: complex, bump: str = "", t: complex = 0j) -> dict:
    """The example's forward pass in complex arithmetic, adding ``t`` to node ``bump``."""
    v = {"s": s0 + (t if bump == "s" else 0)}
    rules = {"x": lambda: cmath.sin(v["s"]), "y": lambda: v["s"] ** 2, "z": lambda: cmath.exp(v["s"]),
             "f": lambda: v["x"] * v["y"] + v["z"], "g": lambda: cmath.tanh(v["f"]), "h": lambda: v["f"] ** 2,
             "L": lambda: v["g"] + v["h"]}
    for n, rule in rules.items():
        v[n] = rule() + (t if bump == n else 0)
    return v


def edge_labels(m: M.Maths, local_vals: list):
    """Each edge label of the figure (in the lecture's names, at s0) against the complex
    step of its target's rule with respect to its source."""
    t = 1e-20
    base = _forward_pass(complex(m.s0))
    independent = []
    for src, dst in M.EXAMPLE_EDGES:
        v = dict(base)
        v[src] = v[src] + 1j * t
        local = {"x": lambda: cmath.sin(v["s"]), "y": lambda: v["s"] ** 2, "z": lambda: cmath.exp(v["s"]),
                 "f": lambda: v["x"] * v["y"] + v["z"], "g": lambda: cmath.tanh(v["f"]),
                 "h": lambda: v["f"] ** 2, "L": lambda: v["g"] + v["h"]}[dst]()
        independent.append(local.imag / t)
    return _compare(local_vals, independent, "complex")


def adjoints(m: M.Maths, adj: dict):
    """dL/d node by reverse accumulation against the complex step of L with the node's
    value bumped (everything after it recomputed)."""
    t = 1e-20
    names = ["s", "x", "y", "z", "f", "g", "h"]
    independent = [_forward_pass(complex(m.s0), n, 1j * t)["L"].imag / t for n in names]
    return _compare([adj[n] for n in names], independent, "complex")


def against_sympy(expr, s0: float, shown: float):
    """A derivative with respect to s at s0 against sympy.diff evaluated to 30 digits."""
    return _compare([shown], [sp.N(sp.diff(expr, M.S).subs(M.S, sp.Rational(str(s0))), 30)], "sympy", 1e-12)


def example_graph_numbers(m: M.Maths, products: list):
    g = M.example_graph()
    adj = g.adjoints({"s": m.s0})
    rev = float(np.real(adj[g.node("s").index]))
    return _compare([float(len(products)), sum(products)], [float(g.path_count("s")), rev], "reverse accumulation",
                    1e-12)


def counted(rows: list):
    """Forward accumulation n |E|, reverse |E| multiplications; the same gradient three ways."""
    fwd = [c.forward_mults for _, _, c in rows] + [c.reverse_mults for _, _, c in rows]
    formula = [n * c.edges if k == "neuron" else c.edges for k, n, c in rows] + [c.edges for _, _, c in rows]
    return _compare(fwd, formula, "counter", 0.0)


def same_gradient(rows: list):
    a = [v for _, _, c in rows for v in c.forward_grad + c.path_grad]
    b = [v for _, _, c in rows for v in c.reverse_grad + c.reverse_grad]
    return _compare(a, b, "reverse accumulation", 1e-12)


def paths_cheaper_than_forward(rows: list):
    """Neurons with n >= 2 weights: path enumeration needs fewer multiplications than
    forward accumulation (the old text called it 'worse still')."""
    sel = [c for k, n, c in rows if k == "neuron" and n >= 2]
    return relation_record([c.path_mults for c in sel], [c.forward_mults for c in sel], "<", "counter")


def paths_dearer_than_reverse(rows: list):
    """Neurons with n >= 4 weights and chains of d >= 2 blocks: path enumeration needs more
    multiplications than reverse accumulation."""
    sel = [c for k, n, c in rows if (k == "neuron" and n >= 4) or (k == "chain" and n >= 2)]
    return relation_record([c.path_mults for c in sel], [c.reverse_mults for c in sel], ">", "counter")


def chain_count(two: int, three: int, counted_paths: int):
    return _compare([counted_paths], [2 ** two * 3 ** three], "counter", 0.0)


# ----------------------------------------------------------------------------- Teil 5

def neuron_locals(nr: dict):
    """The local derivatives dL/dz, dz/da, dy_i/dw_i, dy_i/dx_i against complex steps."""
    t = 1e-20
    z, a = nr["z"], nr["a"]
    derived = [nr["dL_dz"], nr["dz_da"]] + list(nr["x"]) + list(nr["w"])
    independent = [((z + 1j * t - nr["t"]) ** 2).imag / t, (1 / (1 + cmath.exp(-(a + 1j * t)))).imag / t]
    independent += [((w + 1j * t) * x).imag / t for w, x in zip(nr["w"], nr["x"])]
    independent += [(w * (x + 1j * t)).imag / t for w, x in zip(nr["w"], nr["x"])]
    return _compare(derived, independent, "complex")


def neuron_gradient(nr: dict):
    """dL/dw, dL/dx, dL/db by backpropagation against central differences of L."""
    def loss(v):
        w, x, b = v[:3], v[3:6], v[6]
        return (1 / (1 + np.exp(-(float(np.dot(w, x)) + b))) - nr["t"]) ** 2
    base = np.array(list(nr["w"]) + list(nr["x"]) + [nr["b"]], dtype=float)
    fd = []
    for k in range(7):
        e = np.zeros(7)
        e[k] = 1e-6
        fd.append((loss(base + e) - loss(base - e)) / 2e-6)
    return _compare(list(nr["dL_dw"]) + list(nr["dL_dx"]) + [nr["dL_db"]], fd, "central")


# ----------------------------------------------------------------------------- Teil 6-8

def _central(F, base: np.ndarray) -> list[float]:
    out = []
    for k in range(base.size):
        e = np.zeros(base.size)
        e[k] = 1e-6
        out.append((F(base + e) - F(base - e)) / 2e-6)
    return out


def l2(m: M.Maths, J: list):
    y = np.array(m.y)
    return _compare(J, _central(lambda v: float(np.sum((v - y) ** 2)), np.array(m.yhat)), "central")


def l1(m: M.Maths, J: list):
    """sign(yhat - y) against one-sided differences of L1 (away from a kink both sides
    agree; at a kink the row shows 0, between the one-sided -1 and 1)."""
    y = np.array(m.y)
    F = lambda v: float(np.sum(np.abs(v - y)))  # noqa: E731
    base, out = np.array(m.yhat), []
    for k in range(3):
        e = np.zeros(3)
        e[k] = 1e-7
        right, left = (F(base + e) - F(base)) / 1e-7, (F(base) - F(base - e)) / 1e-7
        out.append((right + left) / 2)
    return _compare(J, out, "finite differences", 1e-6)


def kink():
    """At a zero residual: the one-sided derivatives of |u| are 1 and -1, sign(0) = 0."""
    F = abs
    right, left = (F(1e-7) - F(0.0)) / 1e-7, (F(0.0) - F(-1e-7)) / 1e-7
    return _compare([right, left, float(sp.sign(0))], [1.0, -1.0, 0.0], "finite differences", 1e-9)


def affine_symbolic():
    """SymPy's Jacobians of a = W x + b (2 x 3): W, the identity, delta_ik x_l."""
    W = sp.Matrix(2, 3, lambda r, c: sp.Symbol(f"W{r}{c}", real=True))
    x = sp.Matrix([sp.Symbol(f"x{c}", real=True) for c in range(3)])
    b = sp.Matrix([sp.Symbol(f"b{r}", real=True) for r in range(2)])
    a = W * x + b
    bad = [(a.jacobian(x) - W).norm(), (a.jacobian(b) - sp.eye(2)).norm()]
    bad += [sp.diff(a[i], W[k, l_]) - sp.KroneckerDelta(i, k) * x[l_]
            for i in range(2) for k in range(2) for l_ in range(3)]
    return _compare([abs(sp.simplify(v)) for v in bad], [0.0] * len(bad), "sympy", 0.0)


def affine_numeric(m: M.Maths, dW, dx):
    """g x^T and g W against central differences of L = g . (W x + b)."""
    g = np.array(m.g)
    x0, W0 = np.array(m.x), np.asarray(m.W)
    fw = _central(lambda v: float(g @ (v.reshape(2, 3) @ x0)), W0.ravel())
    fx = _central(lambda v: float(g @ (W0 @ v)), x0)
    return _compare(list(np.ravel(dW)) + list(dx), fw + fx, "central")
