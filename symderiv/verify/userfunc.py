"""The user's NumPy function for :func:`symderiv.verify.arrays.check_gradient`: a working
copy of its parameters perturbed in place, complex evaluation for the complex step, and the
probe that decides whether the complex step applies (``method="auto"``)."""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np

from symderiv.verify.records import (NOISE_FACTOR, TOLERANCES, VerifyError, error_floor, machine_eps,
                                     relative_error)


class UserFunction:
    """The user's f with a working copy of its parameters, perturbed in place."""

    def __init__(self, f, x):
        self.single = not isinstance(x, Mapping)
        params = {"x": x} if self.single else dict(x)
        if not params:
            raise VerifyError("no parameters given")
        self.work = {}
        for k, v in params.items():
            arr = np.array(v, copy=True)
            if arr.dtype not in (np.float32, np.float64):
                if np.iscomplexobj(arr):
                    raise VerifyError(f"{k}: parameters must be real")
                arr = arr.astype(np.float64)
            self.work[str(k)] = np.ascontiguousarray(arr)
        self.f = f
        self.calls = 0

    def value(self, override=None):
        args = self.work if not override else {**self.work, **override}
        self.calls += 1
        with np.errstate(all="ignore"):
            out = self.f(args["x"]) if self.single else self.f(args)
        out = np.asarray(out)
        if out.size != 1:
            raise VerifyError(f"f must return a scalar, got shape {out.shape}")
        return out.reshape(()).item()

    def complex_value(self, override):
        """f at complex parameters (complex step); a clear error if f cannot take them."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", np.exceptions.ComplexWarning)
                val = self.value(override)
        except VerifyError:
            raise
        except Exception as exc:  # noqa: BLE001 - the user's code rejected complex input
            raise VerifyError(f"f cannot evaluate complex parameters for the complex step "
                              f"({type(exc).__name__}: {exc}); use method='central'") from None
        if not isinstance(val, complex):
            raise VerifyError("f drops the imaginary part of complex parameters; the complex step "
                              "needs f to propagate it (use method='central')")
        return val


def probe_complex(prob: UserFunction, rng) -> str:
    """'complex' if f propagates complex input and its complex-step derivative agrees with
    central differences along a random direction of the first array, else 'central'."""
    name, arr = next(iter(prob.work.items()))
    d = np.random.default_rng(rng.integers(2**32)).standard_normal(arr.shape)
    d /= max(float(np.linalg.norm(d)), 1e-300)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            val = prob.value({name: arr.astype(np.complex128) + 1e-20j * d})
    except Exception:  # noqa: BLE001
        return "central"
    if not isinstance(val, complex) or not math.isfinite(abs(val)):
        return "central"
    eps = machine_eps(np.float64)
    t = eps ** (1 / 3) * max(1.0, float(np.max(np.abs(arr))))
    fp, fm = prob.value({name: arr + t * d}), prob.value({name: arr - t * d})
    num_c = val.imag / 1e-20
    num_r = (fp - fm) / (2 * t)
    noise = NOISE_FACTOR * eps * max(abs(fp), abs(fm)) / t
    tol = TOLERANCES["float64"]["central"]
    rel = float(relative_error(num_c, num_r, error_floor(num_c, num_r, noise, tol)))
    return "complex" if rel <= tol else "central"
