r"""Closed-form gradient-flow results: chains, their products and bounds.

Chains (exercise sheets 000 a, 002 task 2):

* ``h``-chain (000 a): :math:`h_0 = x`, :math:`h_i = \sigma(w_i h_{i-1})`, output :math:`h_n`.
* ``o``-chain (002 A2): :math:`o_0 = x`, :math:`s_i = w_i o_{i-1} + b_i`, :math:`o_i = \sigma(s_i)`.
  Skip variant (002 c-f), the form chosen here: the skip connection carries :math:`o_1`
  past layers 2..N-1 into the input of layer N,
  :math:`s_N = w_N o_{N-1} + b_N + o_1` (N >= 3). Residual variant (the generalisation of
  (f)): :math:`o_1 = \sigma(s_1)`, :math:`o_i = o_{i-1} + \sigma(s_i)` for i >= 2.

For a generic :math:`\sigma` (``sympy.Function('sigma')``) or a catalog activation, the
derivatives are computed for a concrete depth by building the nested expression and
differentiating (``sympy.diff``), and for a symbolic depth as a ``sympy.Product``;
:func:`instantiate` turns the symbolic-depth formula into the concrete one so both can be
compared. :class:`dsigma` stands for :math:`\sigma'` (SymPy writes it as
``Subs(Derivative(sigma(xi), xi), xi, arg)``; :func:`normalize` converts).

The interval and log-normal maths of sheet 001 T6 sit beside its problem, in
:mod:`symderiv.problems.gradient_flow_maths`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import numpy as np
import sympy as sp

SIGMA = sp.Function("sigma")


class dsigma(sp.Function):
    r"""The derivative :math:`\sigma'` of the generic activation, at its argument."""

    nargs = 1

    def _latex(self, printer):
        return r"\sigma'\left(%s\right)" % printer._print(self.args[0])

    def _sympystr(self, printer):
        return "sigma'(%s)" % printer._print(self.args[0])


# symbolic depth and indices
n, N = sp.symbols("n N", integer=True, positive=True)
i, j, k = sp.symbols("i j k", integer=True, positive=True)
w = sp.IndexedBase("w", real=True)
b = sp.IndexedBase("b", real=True)
h = sp.IndexedBase("h", real=True)
s = sp.IndexedBase("s", real=True)
o = sp.IndexedBase("o", real=True)
x = sp.Symbol("x", real=True)


def weight_symbols(count, name="w"):
    return [sp.Symbol(f"{name}{m}", real=True) for m in range(1, count + 1)]


def _activation(act):
    """(sigma(z) builder, sigma'(z) builder) for None (generic) or a catalog name."""
    if act is None:
        return SIGMA, dsigma
    from symderiv.layers import activations
    a = activations.get(act)
    if a.params:
        defaults = {p: sp.nsimplify(d) for p, _, d in a.params}
        f_expr = a.expr.subs(defaults)
        d_expr = a.derivative.subs(defaults)
    else:
        f_expr, d_expr = a.expr, a.derivative
    X = activations.X
    return (lambda z: f_expr.subs(X, z)), (lambda z: d_expr.subs(X, z))


def normalize(expr):
    """Replace SymPy's ``Subs(Derivative(sigma(xi), xi), xi, arg)`` by ``dsigma(arg)``."""
    def is_dsig(e):
        return (isinstance(e, sp.Subs) and isinstance(e.expr, sp.Derivative)
                and e.expr.expr.func == SIGMA and len(e.point) == 1)

    expr = expr.replace(is_dsig, lambda e: dsigma(e.point[0]))
    # sigma'(symbol) appears as a plain Derivative
    return expr.replace(lambda e: isinstance(e, sp.Derivative) and e.expr.func == SIGMA
                        and len(e.variables) == 1 and e.expr.args == e.variables,
                        lambda e: dsigma(e.variables[0]))


# --------------------------------------------------------------------------------------
# 000 a: h_i = sigma(w_i h_{i-1})
# --------------------------------------------------------------------------------------

def h_chain(depth: int, act=None):
    """(ws, hs): the weight symbols w1..wn and h_0 = x, ..., h_n (nested expressions).
    Memoised per process (new lists each call; the expressions are immutable)."""
    ws, hs = _h_chain(int(depth), act)
    return list(ws), list(hs)


@lru_cache(maxsize=256)
def _h_chain(depth: int, act):
    f, _ = _activation(act)
    ws = weight_symbols(depth)
    hs = [x]
    for m in range(depth):
        hs.append(f(ws[m] * hs[-1]))
    return tuple(ws), tuple(hs)


def dh_dw_concrete(depth: int, idx: int, act=None):
    """d h_n / d w_i for a concrete n by differentiating the nested expression."""
    ws, hs = h_chain(depth, act)
    return normalize(sp.diff(hs[depth], ws[idx - 1]))


def dh_dw_symbolic():
    r"""d h_n / d w_i for symbolic n, i:
    :math:`\prod_{j=i+1}^{n} w_j \sigma'(w_j h_{j-1}) \cdot h_{i-1} \sigma'(w_i h_{i-1})`."""
    return sp.Product(w[j] * dsigma(w[j] * h[j - 1]), (j, i + 1, n)) * h[i - 1] * dsigma(w[i] * h[i - 1])


def instantiate(expr, subs_int: dict, arrays: dict, act=None):
    """A symbolic-depth formula at concrete integers: substitute the integers, expand the
    products (``doit``), replace ``w[m]`` etc. by the concrete ``arrays[w][m]`` and
    ``dsigma`` by the activation's derivative (kept as ``dsigma`` for the generic one).

    A pure function of its arguments, memoised per process: the variants of a course
    instantiate the same formulas at the same few depths again and again."""
    try:
        key = (expr, tuple(sorted(subs_int.items(), key=str)),
               tuple(sorted(((k, tuple(v)) for k, v in arrays.items()), key=lambda kv: str(kv[0]))), act)
        hash(key)
    except TypeError:
        return _instantiate(expr, subs_int, arrays, act)
    out = _INSTANTIATED.get(key)
    if out is None:
        if len(_INSTANTIATED) >= 2048:
            _INSTANTIATED.clear()
        out = _INSTANTIATED[key] = _instantiate(expr, subs_int, arrays, act)
    return out


_INSTANTIATED: dict = {}


def clear_memo() -> None:
    """Forget the memoised chains and instantiated formulas (benchmark baseline)."""
    _INSTANTIATED.clear()
    _h_chain.cache_clear()


def _instantiate(expr, subs_int: dict, arrays: dict, act=None):
    e = expr.subs(subs_int).doit()

    def repl(ind):
        base, (m,) = ind.base, ind.indices
        return arrays[base][int(m)]

    e = e.replace(lambda t: isinstance(t, sp.Indexed), repl)
    if act is not None:
        _, dz = _activation(act)
        e = e.replace(dsigma, lambda z: dz(z))
    return e


def h_arrays(depth, act=None):
    ws, hs = h_chain(depth, act)
    return {w: [None] + ws, h: hs}


def sigmoid_bound_symbolic():
    r"""The bound of 000 a.2 for the sigmoid, with sup sigma' taken from the catalog:
    :math:`|\partial h_n/\partial w_i| \le (\sup\sigma')^{n-i+1} \prod_{j=i+1}^n |w_j|\,|h_{i-1}|`."""
    from symderiv.layers import activations
    sup = activations.get("sigmoid").sup
    return sup ** (n - i + 1) * sp.Product(sp.Abs(w[j]), (j, i + 1, n)) * sp.Abs(h[i - 1])


def relu_factor_set():
    """The values of ReLU's derivative off the kink (from the catalog): {0, 1}."""
    from symderiv.layers import activations
    a = activations.get("relu")
    return sp.FiniteSet(a.inf, a.sup)


def np_h_chain_grads(ws, x0, act="sigmoid"):
    """NumPy: h_n and d h_n / d w_i (i = 1..n) by reverse accumulation."""
    f, df = _np_activation(act)
    ws = np.asarray(ws, dtype=float)
    hs = [float(x0)]
    zs = []
    for wi in ws:
        zs.append(wi * hs[-1])
        hs.append(float(f(zs[-1])))
    grads = np.zeros(len(ws))
    adj = 1.0
    for m in range(len(ws) - 1, -1, -1):
        g = adj * float(df(zs[m]))
        grads[m] = g * hs[m]
        adj = g * ws[m]
    return np.array(hs), grads


def np_h_chain_grads_batch(ws, x0, act="sigmoid"):
    """:func:`np_h_chain_grads` for many chains at once: ``ws`` of shape (points, n),
    ``x0`` of shape (points,); returns ``hs`` (points, n+1) and ``grads`` (points, n). The
    same operations in the same order, elementwise, so every row equals the scalar result."""
    f, df = _np_activation(act)
    ws = np.asarray(ws, dtype=float)
    hs = [np.asarray(x0, dtype=float)]
    zs = []
    for col in range(ws.shape[1]):
        zs.append(ws[:, col] * hs[-1])
        hs.append(np.asarray(f(zs[-1]), dtype=float))
    grads = np.zeros(ws.shape)
    adj = np.ones(ws.shape[0])
    for m in range(ws.shape[1] - 1, -1, -1):
        g = adj * np.asarray(df(zs[m]), dtype=float)
        grads[:, m] = g * hs[m]
        adj = g * ws[:, m]
    return np.stack(hs, axis=1), grads


def _np_activation(act):
    """(f, f') of a catalog activation as NumPy functions of one argument (the catalog's
    own functions at the default parameters, without the broadcasting wrapper of
    ``Activation.f``, which multiplies by 1 - an exact operation)."""
    from symderiv.layers import activations
    a = activations.get(act)
    if a.params:
        return a.f, a.df
    return a.numpy, a.dnumpy


def np_sigmoid_bound(ws, hs):
    """(1/4)^(n-i+1) prod_{j>i} |w_j| |h_{i-1}| for i = 1..n (NumPy)."""
    ws = np.abs(np.asarray(ws, dtype=float))
    nn = len(ws)
    out = np.zeros(nn)
    for m in range(1, nn + 1):
        out[m - 1] = 0.25 ** (nn - m + 1) * np.prod(ws[m:]) * abs(hs[m - 1])
    return out


# --------------------------------------------------------------------------------------
# 002 A2: s_i = w_i o_{i-1} + b_i, o_i = sigma(s_i); skip and residual variants
# --------------------------------------------------------------------------------------

PLAIN, SKIP, RESIDUAL = "plain", "skip", "residual"


def o_chain(depth: int, act=None, variant: str = PLAIN):
    """Concrete chain: dict with 'w', 'b' (symbol lists, 1-based via index m-1), 's', 'o'
    (lists with o[0] = x, s[0] unused)."""
    f, _ = _activation(act)
    if variant == SKIP and depth < 3:
        raise ValueError("the skip connection bypasses layers 2..N-1: needs N >= 3")
    ws = weight_symbols(depth)
    bs = weight_symbols(depth, "b")
    ss, os_ = [None], [x]
    for m in range(1, depth + 1):
        sm = ws[m - 1] * os_[m - 1] + bs[m - 1]
        if variant == SKIP and m == depth:
            sm = sm + os_[1]
        ss.append(sm)
        om = f(sm)
        if variant == RESIDUAL and m >= 2:
            om = os_[m - 1] + om
        os_.append(om)
    return {"w": ws, "b": bs, "s": ss, "o": os_}


def o_arrays(chain):
    return {w: [None] + chain["w"], b: [None] + chain["b"], s: chain["s"], o: chain["o"]}


def do_dw_concrete(depth: int, idx: int = 1, act=None, variant: str = PLAIN):
    c = o_chain(depth, act, variant)
    return normalize(sp.diff(c["o"][depth], c["w"][idx - 1]))


def do_dw_symbolic(variant: str = PLAIN, general: bool = False):
    r"""d o_N / d w_1 (or d o_N / d w_k with ``general``) for symbolic N.

    plain:    :math:`x\sigma'(s_1) \prod_{i=2}^N w_i\sigma'(s_i)`
    skip:     long path :math:`x\sigma'(s_1) \prod_{i=2}^{N-1} w_i\sigma'(s_i)\, w_N\sigma'(s_N)`
              plus short path :math:`x\sigma'(s_1)\sigma'(s_N)`
    residual: :math:`o_{k-1}\sigma'(s_k) \prod_{i=k+1}^N (1 + w_i\sigma'(s_i))`
    """
    kk = k if general else sp.S.One
    first = o[kk - 1] * dsigma(s[kk]) if general else x * dsigma(s[1])
    if variant == PLAIN:
        return first * sp.Product(w[i] * dsigma(s[i]), (i, kk + 1, N))
    if variant == SKIP:
        if general:
            raise ValueError("the skip formula is stated for w_1")
        long = first * sp.Product(w[i] * dsigma(s[i]), (i, 2, N - 1)) * w[N] * dsigma(s[N])
        short = first * dsigma(s[N])
        return sp.Add(long, short, evaluate=False)
    if variant == RESIDUAL:
        return first * sp.Product(1 + w[i] * dsigma(s[i]), (i, kk + 1, N))
    raise ValueError(f"unknown variant {variant!r}")


def np_o_chain_grads(ws, bs, x0, act="sigmoid", variant: str = PLAIN):
    """NumPy forward and reverse pass: (o_N, d o_N / d w (array), d o_N / d b (array))."""
    from symderiv.layers import activations
    a = activations.get(act)
    ws = np.asarray(ws, dtype=float)
    bs = np.asarray(bs, dtype=float)
    depth = len(ws)
    os_ = [float(x0)]
    ss = [0.0]
    for m in range(1, depth + 1):
        sm = ws[m - 1] * os_[m - 1] + bs[m - 1]
        if variant == SKIP and m == depth:
            sm += os_[1]
        ss.append(sm)
        om = float(a.f(sm))
        if variant == RESIDUAL and m >= 2:
            om += os_[m - 1]
        os_.append(om)
    adj = np.zeros(depth + 1)
    adj[depth] = 1.0
    gw = np.zeros(depth)
    gb = np.zeros(depth)
    for m in range(depth, 0, -1):
        gs = adj[m] * float(a.df(ss[m]))
        gw[m - 1] = gs * os_[m - 1]
        gb[m - 1] = gs
        adj[m - 1] += gs * ws[m - 1]
        if variant == SKIP and m == depth:
            adj[1] += gs
        if variant == RESIDUAL and m >= 2:
            adj[m - 1] += adj[m]
    return os_[depth], gw, gb


def depth_profile(depths, act="sigmoid", trials: int = 50, seed: int = 0, weight_scale: float = 1.0):
    """Median |d o_N / d w_1| over random weights (w ~ N(0, weight_scale^2), b ~ N(0, 1),
    x ~ N(0, 1); ``numpy.random.default_rng(seed)``) for each depth: plain, skip, residual."""
    rng = np.random.default_rng(seed)
    out: dict[str, list] = {PLAIN: [], SKIP: [], RESIDUAL: []}
    for depth in depths:
        vals: dict[str, list] = {v: [] for v in out}
        for _ in range(trials):
            ws = rng.normal(0, weight_scale, depth)
            bs = rng.normal(0, 1, depth)
            x0 = rng.normal()
            for v in out:
                if v == SKIP and depth < 3:
                    vals[v].append(abs(np_o_chain_grads(ws, bs, x0, act, PLAIN)[1][0]))
                    continue
                vals[v].append(abs(np_o_chain_grads(ws, bs, x0, act, v)[1][0]))
        for v in out:
            out[v].append(float(np.median(vals[v])))
    return out


def partial_chain(pairs, dots_after: Optional[int] = None):
    r"""LaTeX of a chain-rule product of partial quotients, in the given order:
    ``[(h_n, h_{n-1}), (h_{i+1}, h_i), (h_i, w_i)]`` with ``\cdots`` after position
    ``dots_after`` (a :class:`symderiv.language.latex.Latex`; SymPy would reorder the factors)."""
    from symderiv.language.latex import Latex
    parts = []
    for m, (num, den) in enumerate(pairs):
        parts.append(r"\frac{\partial %s}{\partial %s}" % (sp.latex(num), sp.latex(den)))
        if dots_after is not None and m == dots_after:
            parts.append(r"\cdots")
    return Latex(r"\,".join(parts))
