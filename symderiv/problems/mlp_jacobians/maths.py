"""The maths of sheet 000, c) and Bonus, as data: the network (layer sizes, activations,
loss) from :mod:`symderiv.layers`, its chains of Jacobians, and small helpers for the
independent computations of the checks (complex step, SymPy evaluation)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from symderiv import layers
from symderiv.problems import ProblemError

SMALL = 3  # size of the symbolic vectors used to derive the Jacobians
#: every parameter of the network, in the order the solution shows their gradients
def parameters(net) -> list:
    return ["x"] + [f"{k}{l}" for l in range(1, net.L + 1) for k in ("b", "W")]


def network(params) -> layers.Network:
    try:
        sizes = [int(t) for t in str(params["layers"]).split(",") if t.strip()]
        acts = [t.strip() for t in str(params["activations"]).split(",") if t.strip()]
        return layers.Network(sizes, acts, params["loss"])
    except ValueError as exc:  # LayerError/ShapeError are ValueErrors too
        raise ProblemError(f"mlp-jacobians: {exc}") from None


def drop_bounds(expr):
    """``Piecewise((e, k <= n), (0, True))`` -> ``e`` (indices are in range)."""
    return expr.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0].expr)


def param_symbol(p: str):
    """``x``, ``b1``, ``W1`` -> the symbols ``x``, ``b^(1)``, ``W^(1)``."""
    return sp.Symbol(p if len(p) == 1 else f"{p[0]}^({p[1:]})")


def complex_step_jacobian(f, v, h=1e-20):
    v = np.asarray(v, dtype=float)
    cols = []
    for j in range(v.size):
        z = v.astype(complex)
        z[j] += 1j * h
        cols.append(np.atleast_1d(np.imag(f(z))) / h)
    return np.array(cols).T


def sympy_matrix_value(M, subs):
    return np.array(M.subs(subs).evalf(30).tolist(), dtype=float)


@dataclass
class Maths:
    net: layers.Network
    seed: int


def prepare(params: dict, seed: int) -> Maths:
    net = network(params)
    if net.L < 1:
        raise ProblemError("mlp-jacobians: the network needs at least one layer")
    return Maths(net, seed)
