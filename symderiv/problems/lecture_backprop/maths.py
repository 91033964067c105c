"""The maths of the lecture's backpropagation part (sheet 003), as data (no prose): one
variant's numbers for the difference quotients, the computation-graph example, the path
counts, the single neuron, the L2/L1 loss Jacobians and the affine map."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError
from symderiv.problems.lecture_backprop.counting import accumulation_counts, difference_errors

#: the lecture's example: s -> x, y, z -> f -> g, h -> L; six paths from s to L
LECTURE_GRAPH = "tanh(sin(s)*s^2 + exp(s)) + (sin(s)*s^2 + exp(s))^2"
#: numbers of weights of the neurons whose operations are counted
NEURON_SIZES = (1, 2, 4, 8, 16)
#: points over which the error curves of the difference quotients are taken (median)
CURVE_POINTS = 21

S, W_ = sp.Symbol("s", real=True), sp.Symbol("w", real=True)
NAMES = "x y z f g h L".split()


def neuron_text(n: int) -> str:
    return "(sigmoid(" + " + ".join(f"w{k}*x{k}" for k in range(1, n + 1)) + ") - y)^2"


def chain_expr(two: int, three: int):
    """``two`` blocks v -> sin v + cos v, then ``three`` blocks v -> sin v + cos v + exp v,
    starting from s: 2^two 3^three paths from s to the output."""
    e = S
    for _ in range(two):
        e = sp.sin(e) + sp.cos(e)
    for _ in range(three):
        e = sp.sin(e) + sp.cos(e) + sp.exp(e)
    return e


def neuron_loss():
    """(w, L(w)) of the difference quotients: one sigmoid neuron, weight w, input 3/2,
    bias -3/10, target 1, squared error."""
    return W_, (1 / (1 + sp.exp(-(sp.Rational(3, 2) * W_ - sp.Rational(3, 10)))) - 1) ** 2


def example_defs() -> dict:
    """The lecture's example, node by node (lecture names -> SymPy in earlier names)."""
    x, y, z, f, g, h = sp.symbols("x y z f g h", real=True)
    return {"x": sp.sin(S), "y": S ** 2, "z": sp.exp(S), "f": x * y + z, "g": sp.tanh(f), "h": f ** 2,
            "L": g + h}


#: edges of the example: (source, target)
EXAMPLE_EDGES = [("s", "x"), ("s", "y"), ("s", "z"), ("x", "f"), ("y", "f"), ("z", "f"), ("f", "g"),
                 ("f", "h"), ("g", "L"), ("h", "L")]


def example_locals() -> list:
    """The local derivative of every edge, written in the lecture's node names (as the
    figure shows them): d target / d source."""
    sym = {n: sp.Symbol(n, real=True) for n in ["s"] + NAMES}
    shown = {("s", "x"): sp.cos(S), ("s", "y"): 2 * S, ("s", "z"): sp.exp(S), ("x", "f"): sym["y"],
             ("y", "f"): sym["x"], ("z", "f"): sp.Integer(1), ("f", "g"): 1 - sym["g"] ** 2,
             ("f", "h"): 2 * sym["f"], ("g", "L"): sp.Integer(1), ("h", "L"): sp.Integer(1)}
    return [shown[e] for e in EXAMPLE_EDGES]


def example_values(s0: float) -> dict:
    """The forward pass of the example at s = s0 (lecture names -> floats)."""
    vals = {"s": s0}
    for n, e in example_defs().items():
        vals[n] = float(e.subs({sp.Symbol(k, real=True): v for k, v in vals.items()}).subs(S, s0))
    return vals


def example_adjoints(vals: dict, local_vals: list) -> dict:
    """Reverse accumulation on the example (Backpropagation - Beispiel 1): dL/d node, from
    L back to s, each the sum over the outgoing edges of adjoint times local derivative."""
    adj = {"L": 1.0}
    for node in ["h", "g", "f", "z", "y", "x", "s"]:
        adj[node] = sum(adj[t] * local_vals[k] for k, (src, t) in enumerate(EXAMPLE_EDGES) if src == node)
    return adj


@dataclass
class Maths:
    w0: float
    h: float
    s0: float
    two: int
    three: int
    neuron: dict            # x, w (3 each), b, t and the forward/backward values
    yhat: tuple
    y: tuple
    W: Any                  # 2 x 3 (NumPy)
    x: tuple
    g: tuple
    seed: int
    extra: dict = field(default_factory=dict)


def _vector(params: dict, name: str, n: int) -> tuple:
    v = tuple(float(t) for t in params[name])
    if len(v) != n or not all(np.isfinite(v)) or max(abs(t) for t in v) > 100:
        raise ProblemError(f"parameter '{name}' must be {n} numbers of magnitude at most 100")
    return v


def neuron_pass(x: tuple, w: tuple, b: float, t: float) -> dict:
    """Forward and backward pass of the single neuron y_i = w_i x_i, a = sum y_i + b,
    z = sigmoid(a), L = (z - t)^2 (Backpropagation - Beispiel 2)."""
    y = [wi * xi for wi, xi in zip(w, x)]
    a = sum(y) + b
    z = 1.0 / (1.0 + np.exp(-a))
    dz = 2.0 * (z - t)
    da = dz * z * (1.0 - z)
    return {"x": x, "w": w, "b": b, "t": t, "y": y, "a": a, "z": z, "L": (z - t) ** 2, "dL_dz": dz,
            "dz_da": z * (1.0 - z), "dL_da": da, "dL_db": da, "dL_dy": [da] * 3,
            "dL_dw": [da * xi for xi in x], "dL_dx": [da * wi for wi in w]}


def prepare(params: dict, seed: int) -> Maths:
    w0, h, s0 = float(params["w0"]), float(params["h"]), float(params["s0"])
    two, three = int(params["blocks2"]), int(params["blocks3"])
    if not (abs(w0) <= 10 and 0 < h <= 1 and abs(s0) <= 3):
        raise ProblemError("parameters: |w0| <= 10, 0 < h <= 1 and |s0| <= 3")
    if not (0 <= two <= 12 and 0 <= three <= 8 and two + three >= 1):
        raise ProblemError("parameters: blocks2 in 0..12, blocks3 in 0..8, at least one block")
    nx, nw = _vector(params, "nx", 3), _vector(params, "nw", 3)
    nb, nt = float(params["nb"]), float(params["nt"])
    if not (abs(nb) <= 100 and abs(nt) <= 100):
        raise ProblemError("parameters: |nb| <= 100 and |nt| <= 100")
    W = np.array(_vector(params, "W", 6)).reshape(2, 3)
    return Maths(w0, h, s0, two, three, neuron_pass(nx, nw, nb, nt),
                 _vector(params, "yhat", 3), _vector(params, "y", 3), W, _vector(params, "x", 3),
                 _vector(params, "g", 2), seed)


# ----------------------------------------------------------------------------- Teil 1

def difference_values(w0: float, h: float) -> list[float]:
    """L'(w0), D+(h) - L'(w0), D0(h) - L'(w0) in float64 (as a student's calculator)."""
    w, Lw = neuron_loss()
    f, df = sp.lambdify(w, Lw, "math"), sp.lambdify(w, sp.diff(Lw, w), "math")
    d = df(w0)
    return [d, (f(w0 + h) - f(w0)) / h - d, (f(w0 + h) - f(w0 - h)) / (2 * h) - d]


def difference_curves():
    """Median relative errors of both quotients over a range of steps (the plot)."""
    w, Lw = neuron_loss()
    f, df = sp.lambdify(w, Lw, "numpy"), sp.lambdify(w, sp.diff(Lw, w), "numpy")
    return difference_errors(f, df, np.linspace(-2, 2, CURVE_POINTS) + 0.0137)


# ----------------------------------------------------------------------------- Teil 2-4

def example_graph():
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse_ast
    return Graph.from_ast(parse_ast(LECTURE_GRAPH))


def example_paths() -> list[list[str]]:
    """The paths from s to L, as node names."""
    out = []

    def walk(node, path):
        if node == "L":
            out.append(path)
        for src, t in EXAMPLE_EDGES:
            if src == node:
                walk(t, path + [t])
    walk("s", ["s"])
    return out


def path_products(vals: dict, local_vals: list) -> list[float]:
    index = {e: k for k, e in enumerate(EXAMPLE_EDGES)}
    return [float(np.prod([local_vals[index[(a, b)]] for a, b in zip(p, p[1:])])) for p in example_paths()]


def local_values(vals: dict) -> list[float]:
    subs = {sp.Symbol(k, real=True): v for k, v in vals.items() if k != "s"}
    return [float(e.subs(subs).subs(S, vals["s"])) for e in example_locals()]


def counts_table(seed: int) -> list:
    """(label kind, n, Counts) for the example, the neurons and chains of 1..6 blocks."""
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse_ast
    rng = np.random.default_rng(seed + 2)
    rows = [("example", 1, accumulation_counts(example_graph(), {"s": 0.7}, ["s"]))]
    for n in NEURON_SIZES:
        gn = Graph.from_ast(parse_ast(neuron_text(n)))
        point = {f"w{k}": float(v) for k, v in zip(range(1, n + 1), rng.normal(size=n))}
        point.update({f"x{k}": float(v) for k, v in zip(range(1, n + 1), rng.normal(size=n))})
        point["y"] = 1.0
        rows.append(("neuron", n, accumulation_counts(gn, point, [f"w{k}" for k in range(1, n + 1)])))
    for d in (1, 2, 4, 6):
        rows.append(("chain", d, accumulation_counts(Graph.from_sympy(chain_expr(d, 0)), {"s": 0.3}, ["s"])))
    return rows


def chain_paths(two: int, three: int) -> int:
    """Paths from s to the output of the variant's chain, counted on its graph."""
    from symderiv.graph.core import Graph
    return int(Graph.from_sympy(chain_expr(two, three)).path_count("s"))


# ----------------------------------------------------------------------------- Teil 6-8

def l2_jacobian(yhat: tuple, y: tuple) -> list[float]:
    return [round(2.0 * (a - b), 12) for a, b in zip(yhat, y)]


def l1_jacobian(yhat: tuple, y: tuple) -> list[int]:
    return [int(np.sign(a - b)) for a, b in zip(yhat, y)]


def affine_gradients(W, x: tuple, g: tuple) -> tuple:
    """dL/dW = g^T x^T (2 x 3), dL/dx = g W (1 x 3), dL/db = g for a = W x + b and the
    upstream row g = dL/da."""
    gv, xv = np.asarray(g), np.asarray(x)
    return np.outer(gv, xv), gv @ W, gv
