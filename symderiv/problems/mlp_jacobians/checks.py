"""The checks of sheet 000, c) and Bonus: each Jacobian rule against SymPy's Jacobian of the
definition and against complex-step derivatives; the contracted tensor against the tensor
formed explicitly; every chain at full size against complex-step derivatives of the loss;
both evaluation orders against each other; the collapse of linear networks."""
from __future__ import annotations

import numpy as np

from symderiv import layers, verify
from symderiv.problems.mlp_jacobians.maths import complex_step_jacobian, sympy_matrix_value


def rule_vs_sympy(name: str, v, J, syms, target=None):
    derived = layers.layer_jacobian(name, v) if target is None else layers.layer_jacobian(name, v, target=target)
    return verify.compare(derived, sympy_matrix_value(J, dict(zip(syms, v))), "sympy", tolerance=1e-12)


def rule_vs_complex(name: str, v, forward, target=None):
    derived = layers.layer_jacobian(name, v) if target is None else layers.layer_jacobian(name, v, target=target)
    return verify.compare(derived, complex_step_jacobian(forward, v), "complex")


def tensor(net, seed: int):
    """On a small network of the same kind: the tensor formed explicitly and contracted
    against the outer product."""
    small = layers.Network([5] + [4] * (net.L - 1) + [3], [a.name for a in net.activations], net.loss_rule.name)
    env = small.forward(small.init(seed + 3))
    c = small.chain("W1")
    return small, verify.compare(c.evaluate(env), c.evaluate_dense(env), "tensor contraction", tolerance=1e-12)


def full_size(net, seed: int):
    return net.check(seed=seed)


def both_orders(net, seed: int, p: str):
    env = net.forward(net.init(seed))
    c = net.chain(p)
    return verify.compare(c.evaluate(env), c.evaluate_dense(env), "matrix product", tolerance=1e-10)


def costs(net, p: str):
    """The multiply-adds of both orders counted factor by factor here (loss side: the row
    vector J_L is the start, each further factor one vector-Jacobian product; input side:
    each factor times the matrix so far, J_L last) against the chain's own count."""
    c = net.chain(p)
    fl = c.flops()
    k = int(np.prod(c.factors[-1].shape[1:]))
    rev = sum(f.term.vjp_cost() for f in c.factors[1:])
    fwd = sum(f.term.matmul_cost(k) for f in c.factors[:-1])
    return verify.compare([fl["reverse"], fl["forward"]], [rev, fwd], "counter", tolerance=0.0)
