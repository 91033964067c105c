r"""Numeric derivatives of expressions evaluated row-wise: steps, central differences,
Richardson extrapolation, the complex step, and the one-sided re-examination of a failure.

Methods
-------
``central``
    :math:`(f(x + h e_i) - f(x - h e_i)) / (2h)` with a per-coordinate step
    :math:`h_i = \epsilon^{1/3} \max(1, |x_i|)` (:math:`\epsilon` the machine epsilon of
    the dtype); the divisor is the step actually represented, ``(x+h) - (x-h)``.
``richardson``
    central differences at :math:`h` and :math:`h/2` combined as
    :math:`(4 D(h/2) - D(h)) / 3` (error :math:`O(h^4)`), :math:`h_i = \epsilon^{1/5}\max(1,|x_i|)`.
``complex``
    complex step :math:`\operatorname{Im} f(x + i h e_i) / h` with :math:`h = 10^{-20}`
    (float32: :math:`10^{-8}`): no subtraction, so no cancellation; valid where the
    function is analytic (the NumPy functions of :func:`symderiv.language.functions.numeric`
    are: the kinked ones branch on the real part).
``auto``
    complex step when the function propagates complex input, else Richardson
    (expressions) or central differences (NumPy code in float32).

Random points (standard normal times 1.5) come from ``numpy.random.default_rng(seed)``:
the same seed gives the same points.
"""
from __future__ import annotations

import warnings

import numpy as np

from symderiv.verify.records import (COMPLEX_STEP, NOISE_FACTOR, RANDOM_SCALE, STEP_EXPONENT,
                                     dtype_name, machine_eps)


def call(F, X):
    """F(*columns) as a float/complex array of length len(X)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = F(*[X[:, j] for j in range(X.shape[1])])
    return np.broadcast_to(np.asarray(v), (X.shape[0],)).copy()



def random_points(rng, n, m):
    return rng.standard_normal((n, m)) * RANDOM_SCALE


def steps(method, X, i, dtype=np.float64):
    if method == "complex":
        return np.full(X.shape[0], COMPLEX_STEP[dtype_name(dtype)])
    return machine_eps(dtype) ** STEP_EXPONENT[method] * np.maximum(1.0, np.abs(X[:, i]))


def central(F, X, i, h):
    xp, xm = X.copy(), X.copy()
    xp[:, i] += h
    xm[:, i] -= h
    fp, fm = np.real(call(F, xp)), np.real(call(F, xm))
    step = xp[:, i] - xm[:, i]
    d = (fp - fm) / step
    noise = NOISE_FACTOR * machine_eps(np.float64) * np.maximum(np.abs(fp), np.abs(fm)) * 2 / step
    return d, noise


def numeric_partial(F, X, i, method):
    """Numeric partial derivative along coordinate i at every row of X, and its error
    estimate: the rounding noise plus twice the truncation error estimated from the same
    method at half the step (Richardson's error estimate)."""
    h = steps(method, X, i)
    if method == "central":
        d1, n1 = central(F, X, i, h)
        d2, n2 = central(F, X, i, h / 2)
        return d1, n1 + 2 * (4 / 3) * np.abs(d1 - d2)
    if method == "richardson":
        d1, n1 = central(F, X, i, h)
        d2, n2 = central(F, X, i, h / 2)
        d4, n4 = central(F, X, i, h / 4)
        r1, r2 = (4 * d2 - d1) / 3, (4 * d4 - d2) / 3
        return r1, (4 * n2 + n1) / 3 + 2 * (16 / 15) * np.abs(r1 - r2)
    Z = X.astype(np.complex128)
    Z[:, i] += 1j * h
    v = call(F, Z)
    d = np.imag(v) / h
    return d, NOISE_FACTOR * machine_eps(np.float64) * np.abs(d)



def complex_ok(F, X) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            v = call(F, X.astype(np.complex128) + 1e-20j)
    except Exception:  # noqa: BLE001 - any failure means: no complex step
        return False
    r = np.real(call(F, X))
    return bool(np.iscomplexobj(v) and np.all(np.isfinite(v)) and np.allclose(np.real(v), r, rtol=1e-12,
                                                                              atol=1e-300))


def reexamine(phi, h, noise_h):
    """A second look at phi (f along the checked coordinate or direction, as a function of
    the step s) within |s| <= h: is it non-smooth there, and how large is the truncation
    error of the central difference at h?  Non-smooth: the one-sided differences at h and
    h/2 violate R - L = 2 (R2 - L2), which holds up to O(h^2) for smooth phi.
    Returns (non_smooth, jump, truncation_estimate)."""
    f0, fp, fm = phi(0.0), phi(h), phi(-h)
    fp2, fm2 = phi(h / 2), phi(-h / 2)
    R, L = (fp - f0) / h, (f0 - fm) / h
    R2, L2 = (fp2 - f0) / (h / 2), (f0 - fm2) / (h / 2)
    resid = abs((R - L) - 2 * (R2 - L2))
    jump = max(abs(R - L), abs(R2 - L2), resid)
    trunc = (4 / 3) * abs((fp - fm) / (2 * h) - (fp2 - fm2) / h)
    return resid > 8 * noise_h, jump, trunc


