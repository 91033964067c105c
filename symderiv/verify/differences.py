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
    function is analytic (the NumPy functions of :func:`symderiv.language.numeric.numeric`
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


#: at most this many numbers (rows x columns) per call when blocks are evaluated together
BLOCK_LIMIT = 2_000_000


def call_blocks(F, blocks) -> list:
    """F at every row of several matrices, as few calls as memory allows: the graph of a
    large expression is walked once for all of them, not once per matrix."""
    out: list = []
    group: list = []
    count = 0

    def flush():
        if group:
            v = call(F, np.concatenate(group, axis=0))
            out.extend(np.split(v, np.cumsum([g.shape[0] for g in group])[:-1]))
            group.clear()
    for b in blocks:
        if group and count + b.size > BLOCK_LIMIT:
            flush()
            count = 0
        group.append(b)
        count += b.size
    flush()
    return out


def numeric_partials(F, X, idx, method):
    """Numeric partial derivatives along the coordinates ``idx`` at every row of X, and
    their error estimates, as arrays ``(rows, len(idx))``: the rounding noise plus twice the
    truncation error estimated from the same method at half the step (Richardson's error
    estimate). All perturbed points are evaluated together (:func:`call_blocks`)."""
    eps = machine_eps(np.float64)
    hs = [steps(method, X, i) for i in idx]
    if method == "complex":
        blocks = []
        for i, h in zip(idx, hs):
            Z = X.astype(np.complex128)
            Z[:, i] += 1j * h
            blocks.append(Z)
        D = np.array([np.imag(v) / h for v, h in zip(call_blocks(F, blocks), hs)]).T
        return D.reshape(X.shape[0], len(idx)), NOISE_FACTOR * eps * np.abs(D).reshape(X.shape[0], len(idx))
    levels = 2 if method == "central" else 3
    blocks, divs = [], []
    for i, h in zip(idx, hs):
        for k in range(levels):
            xp, xm = X.copy(), X.copy()
            xp[:, i] += h / 2 ** k
            xm[:, i] -= h / 2 ** k
            blocks += [xp, xm]
            divs.append(xp[:, i] - xm[:, i])
    vals = [np.real(v) for v in call_blocks(F, blocks)]
    D, noise = [], []
    for c in range(len(idx)):
        ds, ns = [], []
        for k in range(levels):
            fp, fm = vals[2 * (c * levels + k)], vals[2 * (c * levels + k) + 1]
            step = divs[c * levels + k]
            ds.append((fp - fm) / step)
            ns.append(NOISE_FACTOR * eps * np.maximum(np.abs(fp), np.abs(fm)) * 2 / step)
        if method == "central":
            D.append(ds[0])
            noise.append(ns[0] + 2 * (4 / 3) * np.abs(ds[0] - ds[1]))
        else:
            r1, r2 = (4 * ds[1] - ds[0]) / 3, (4 * ds[2] - ds[1]) / 3
            D.append(r1)
            noise.append((4 * ns[1] + ns[0]) / 3 + 2 * (16 / 15) * np.abs(r1 - r2))
    shape = (X.shape[0], len(idx))
    return np.array(D).T.reshape(shape), np.array(noise).T.reshape(shape)


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


