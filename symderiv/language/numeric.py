"""NumPy versions of the functions of the language, and :func:`numeric`.

:func:`numeric` turns any expression of the language into a NumPy function that also
works for complex arguments (complex-step differentiation): the kinked functions
branch on the real part, so ``abs``, ``max`` and friends stay analytic off their kinks.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import sympy as sp

from symderiv.language.sympy_functions import LEAKY_ALPHA, NUMPY_FORMS

# --------------------------------------------------------------------------------------
# NumPy versions (complex-safe: kinks branch on the real part)
# --------------------------------------------------------------------------------------

def _re(z):
    return np.real(z)


def np_sigmoid(z):
    if type(z) is float or type(z) is np.float64:  # one real number: only the branch np.where takes
        return _sigmoid_real(np.float64(z))
    z = np.asarray(z)
    if z.ndim == 0 and z.dtype == np.float64:
        return _sigmoid_real(z[()])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        pos = 1 / (1 + np.exp(-z))
        ez = np.exp(z)
        neg = ez / (1 + ez)
    return np.where(_re(z) >= 0, pos, neg)


def _sigmoid_real(z):
    """np_sigmoid of one float64: the same operations as the array formula's branch (no
    overflow on either side), as a 0-d array like np.where returns."""
    if z >= 0:
        return np.asarray(1 / (1 + np.exp(-z)))
    ez = np.exp(z)
    return np.asarray(ez / (1 + ez))


def np_softplus(z):
    z = np.asarray(z)
    if not np.iscomplexobj(z):
        return np.logaddexp(0, z)
    with np.errstate(over="ignore", invalid="ignore"):
        pos = z + np.log1p(np.exp(-z))
        neg = np.log1p(np.exp(z))
    return np.where(_re(z) > 0, pos, neg)


def np_heaviside(z):
    r = _re(np.asarray(z))
    return np.where(r > 0, 1.0, np.where(r < 0, 0.0, 0.5))


def np_relu(z):
    z = np.asarray(z)
    return np.where(_re(z) > 0, z, 0 * z)


def np_leaky_relu(z):
    z = np.asarray(z)
    return np.where(_re(z) > 0, z, float(LEAKY_ALPHA) * z)


def np_prelu(z, a):
    z = np.asarray(z)
    return np.where(_re(z) > 0, z, a * z)


def np_elu(z):
    z = np.asarray(z)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(_re(z) > 0, z, np.expm1(np.where(_re(z) > 0, 0 * z, z)))


def np_erf(z):
    from scipy.special import erf
    return erf(z)


def np_gelu(z):
    z = np.asarray(z)
    return z * (1 + np_erf(z / np.sqrt(2))) / 2


def np_hardtanh(z):
    z = np.asarray(z)
    r = _re(z)
    return np.where(r > 1, 1.0 + 0 * z, np.where(r < -1, -1.0 + 0 * z, z))


def np_abs(z):
    z = np.asarray(z)
    if not np.iscomplexobj(z):
        return np.abs(z)
    return z * np.sign(_re(z))


def np_sign(z):
    return np.sign(_re(np.asarray(z)))


def np_max(*args):
    out = np.asarray(args[0])
    for a in args[1:]:
        a = np.asarray(a)
        out = np.where(_re(a) > _re(out), a, out)
    return out


def np_min(*args):
    out = np.asarray(args[0])
    for a in args[1:]:
        a = np.asarray(a)
        out = np.where(_re(a) < _re(out), a, out)
    return out


def np_dirac(*args):
    return 0 * _re(np.asarray(args[0]))


class _cabs(sp.Function):
    pass


class _cmax(sp.Function):
    pass


class _cmin(sp.Function):
    pass


class _cheaviside(sp.Function):
    pass


class _csign(sp.Function):
    pass


class _cdirac(sp.Function):
    pass


class _cipow(sp.Function):
    pass


#: integer powers from this exponent on are evaluated by repeated squaring (see np_ipow)
IPOW_FROM = 100


def np_ipow(x, n):
    """``x**n`` for an integer ``n``; complex ``x`` by repeated squaring. NumPy's complex
    power takes the polar form from ``|n| >= 100`` on, whose rounding (~1e-16 of the value)
    drowns the complex step's imaginary part (``(x+y+z)^1000`` failed its check)."""
    n = int(n)
    x = np.asarray(x)
    if not np.iscomplexobj(x):
        return x ** float(n)
    out, base, m = np.ones_like(x), x, abs(n)
    while m:
        if m & 1:
            out = out * base
        m >>= 1
        if m:
            base = base * base
    return 1 / out if n < 0 else out


NUMPY_NAMESPACE = {
    "sigmoid": np_sigmoid, "relu": np_relu, "softplus": np_softplus,
    "leaky_relu": np_leaky_relu, "prelu": np_prelu, "elu": np_elu, "gelu": np_gelu,
    "hardtanh": np_hardtanh, "erf": np_erf,
    "_cabs": np_abs, "_cmax": np_max, "_cmin": np_min, "_cheaviside": np_heaviside,
    "_csign": np_sign, "_cdirac": np_dirac, "_cipow": np_ipow,
}

_REPLACE = ((sp.Abs, _cabs), (sp.Max, _cmax), (sp.Min, _cmin), (sp.sign, _csign))


def _for_numpy(expr: sp.Expr) -> sp.Expr:
    for head, repl in _REPLACE:
        if expr.has(head):
            expr = expr.replace(head, lambda *a, _r=repl: _r(*a))
    if expr.has(sp.Heaviside):
        expr = expr.replace(sp.Heaviside, lambda *a: _cheaviside(a[0]))
    if expr.has(sp.DiracDelta):
        expr = expr.replace(sp.DiracDelta, lambda *a: _cdirac(a[0]))
    def big(e):
        return e.is_Pow and e.exp.is_Integer and abs(e.exp) >= IPOW_FROM
    if any(big(p) for p in expr.atoms(sp.Pow)):
        expr = expr.replace(big, lambda e: _cipow(e.base, e.exp))
    return expr


def numeric(expr, symbols: Sequence[sp.Symbol]) -> Callable:
    """A NumPy function ``f(*values)`` of ``expr`` (works on arrays and complex input).

    The functions are memoised per process on ``(expr, symbols)`` (SymPy expressions are
    immutable and compare structurally, ``2.0*x != 2*x``): the variants of a course ask for
    the same expressions again and again, and printing + compiling is the expensive part.
    Unhashable input (a mutable Matrix) is lambdified every time."""
    expr, symbols = sp.sympify(expr), list(symbols)
    try:
        key = (expr, _frozen(symbols))
        hash(key)
    except TypeError:
        return _lambdify(expr, symbols)
    fn = _MEMO.get(key)
    if fn is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        fn = _MEMO[key] = _lambdify(expr, symbols)
    return fn


#: how many lambdified functions a process keeps (cleared when full)
MEMO_SIZE = 4096
_MEMO: dict = {}


def _frozen(args):
    return tuple(_frozen(a) if isinstance(a, (list, tuple)) else a for a in args)


def _lambdify(expr, symbols: list) -> Callable:
    # NumPy as the module object, not "numpy": lambdify would run "from numpy import *",
    # which loads NumPy's lazy submodules (numpy.f2py, numpy.testing: ~0.2 s of start-up)
    import numpy
    return sp.lambdify(symbols, _for_numpy(expr), modules=[{**NUMPY_FORMS, **NUMPY_NAMESPACE}, {"I": 1j}, numpy])


def clear_memo() -> None:
    """Forget the memoised functions (the benchmarks' uncached baseline)."""
    _MEMO.clear()
