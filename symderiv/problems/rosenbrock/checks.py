"""The checks of the Rosenbrock exercise: each derived result against an independent
computation (complex step on a node's own operation, central differences of the numeric
reverse pass, NumPy's eigvalsh, sympy.solve on the named equation)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.problems.rosenbrock.maths import Maths, op_expr


def edges(m: Maths):
    """Each edge's local derivative (SymPy, evaluated) against the complex-step derivative
    of its target's operation with respect to the source."""
    from symderiv.calculus.reverse import evaluate
    from symderiv.language.numeric import numeric
    from symderiv.verify import compare
    g = m.graph
    vals = g.forward(m.point)
    derived, independent = [], []
    h = 1e-20
    for e in g.edges:
        dst = g.nodes[e.dst]
        args = [sp.Symbol(f"arg{k}", real=True) for k in range(len(dst.parents))]
        F = numeric(op_expr(dst, args), args)
        z = [complex(vals[p]) for p in dst.parents]
        z[e.slot] += 1j * h
        independent.append(float(np.imag(F(*z))) / h)
        derived.append(evaluate(e.derivative, {s: m.point[s.name] for s in e.derivative.free_symbols}))
    return compare(derived, independent, "complex")


def gradient_at_point(m: Maths, grad: list):
    from symderiv import verify
    return verify.check_expression(m.f, m.wrt, gradient=grad, point=m.at, seed=m.seed)


def gradient_random(m: Maths, grad: list):
    from symderiv import verify
    return verify.check_expression(m.f, m.wrt, gradient=grad, n_points=10, seed=m.seed)


def reverse_equals_closed_form(m: Maths, grad: list):
    """The adjoints of the inputs from the numeric reverse pass against the closed form."""
    from symderiv.calculus.reverse import evaluate
    from symderiv.verify import compare
    adj = m.graph.adjoints(m.point)
    numeric = [float(np.real(adj[m.graph.node(v.name).index])) for v in m.wrt]
    return compare([evaluate(c, m.at) for c in grad], numeric, "reverse accumulation")


def hessian_points(m: Maths) -> list[dict]:
    rng = np.random.default_rng(m.seed)
    return [m.point] + [{"x1": float(u), "x2": float(v)} for u, v in rng.uniform(-2.0, 2.0, size=(4, 2))]


def hessian(m: Maths, H, points: list[dict]):
    """The Hessian (SymPy, evaluated) against central differences of the gradient computed
    numerically by reverse accumulation over the graph."""
    from symderiv.calculus.reverse import evaluate
    from symderiv.verify import compare
    g, wrt = m.graph, m.wrt
    derived, independent = [], []
    for p in points:
        for j, v in enumerate(wrt):
            h = np.finfo(float).eps ** (1 / 3) * max(1.0, abs(p[v.name]))
            plus, minus = dict(p), dict(p)
            plus[v.name] += h
            minus[v.name] -= h
            ap, am = g.adjoints(plus), g.adjoints(minus)
            for i in range(len(wrt)):
                idx = g.node(wrt[i].name).index
                independent.append((float(np.real(ap[idx])) - float(np.real(am[idx]))) / (2 * h))
                derived.append(evaluate(H[i, j], {s: p[s.name] for s in H[i, j].free_symbols}))
    return compare(derived, independent, "central")


def ordinal(shown, k2, k1, x1, x2, a, seed):
    """The text names equation ``k2`` (0-based, in the order shown) as the one giving
    x2 = x1^2 and ``k1`` as the one then giving x1 = a. Solve the named equations (SymPy)
    and compare the solutions with x1^2 at random x1 and with a: a swapped ordinal fails
    (the other equation solved for x2 is x1^2 + (x1 - a) / (2 b x1))."""
    from symderiv.verify import compare
    sol2 = sp.solve(shown[k2][1], x2)
    rng = np.random.default_rng(seed)
    xs = rng.uniform(0.5, 2.0, 5)
    derived = [float(s.subs(x1, v)) for s in sol2 for v in xs]
    expected = [float(v ** 2) for _ in sol2 for v in xs]
    sol1 = sp.solve(shown[k1][1].subs(x2, x1 ** 2), x1)
    derived += [float(v) for v in sol1]
    expected += [float(a)] * len(sol1)
    if not sol2 or not sol1:
        derived, expected = [1.0], [0.0]
    return compare(derived, expected, "sympy.solve", tolerance=1e-12)


def vanishes(m: Maths, p_star):
    from symderiv import verify
    star = {m.x1: float(p_star[0]), m.x2: float(p_star[1])}
    return verify.check_expression(m.f, m.wrt, gradient=[sp.S.Zero, sp.S.Zero], point=star, seed=m.seed)


def eigenvalues(eig: list, H_star):
    from symderiv.verify import compare
    return compare([float(e) for e in eig], np.linalg.eigvalsh(np.array(H_star.tolist(), dtype=float)).tolist(),
                   "eigvalsh")
