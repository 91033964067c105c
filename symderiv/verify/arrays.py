"""Checks of hand-written NumPy backprop: :func:`check_gradient`."""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Callable, Optional

import numpy as np

from symderiv.verify.differences import reexamine
from symderiv.verify.records import (COMPLEX_STEP, NOISE_FACTOR, TOLERANCES, VerificationRecord,
                                     VerifyError, dtype_name, error_floor, machine_eps,
                                     relative_error)

MAX_CONFIRMED = 2  # check_gradient: stop re-examining an array's failures after this many


class _Problem:
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


def _fmt_shape(s):
    return "(" + ", ".join(str(int(t)) for t in s) + (",)" if len(s) == 1 else ")")


def check_gradient(f: Callable, grad_f: Callable, x, *, n_directions: int = 3, n_coords: int = 16,
                   method: str = "central", seed: Optional[int] = 0,
                   rtol: Optional[float] = None) -> VerificationRecord:
    """Verify ``grad_f`` (hand-written backprop) against numeric derivatives of ``f``.

    ``x`` is an array or a dict of named arrays (``{"W1": ..., "b1": ...}``); ``f(x)``
    returns a scalar and ``grad_f(x)`` an array (or dict with the same keys) of the same
    shapes. For each parameter array: ``n_directions`` directional derivatives along
    random unit directions of that array (2 evaluations each) compared with
    ``grad . d``, plus ``n_coords`` randomly sampled coordinates (all of them when the
    array has at most ``n_coords`` entries). ``details`` has one entry per array; the
    summary names the wrong arrays, e.g. ``"b1: relative error 0.41 on 16/16 coordinates"``.
    ``method``: ``central``, ``complex`` (f must accept complex arrays) or ``auto``
    (complex step if f propagates complex input consistently, else central). ``rtol``
    overrides the tolerance of the method and dtype.
    """
    if method not in ("central", "complex", "auto"):
        raise VerifyError(f"unknown method {method!r} (choose central, complex or auto)")
    if n_directions < 0 or n_coords < 0 or n_directions + n_coords == 0:
        raise VerifyError("need at least one direction or coordinate per array")
    prob = _Problem(f, x)
    dtype = np.result_type(*prob.work.values())
    dn = dtype_name(dtype)
    eps = machine_eps(dtype)
    f0 = prob.value()
    if not math.isfinite(f0):
        raise VerifyError("f is not finite at x")

    g_in = {k: v.copy() for k, v in prob.work.items()}
    g = grad_f(g_in["x"]) if prob.single else grad_f(g_in)
    grads = {"x": g} if prob.single else (dict(g) if isinstance(g, Mapping) else None)
    if grads is None:
        raise VerifyError("grad_f must return a dict with the same keys as x")
    rng = np.random.default_rng(seed)

    resolved = method
    if method == "auto":
        resolved = "central" if dn == "float32" else _probe_complex(prob, rng)
    tol = float(rtol) if rtol is not None else TOLERANCES[dn][resolved]
    hc = COMPLEX_STEP[dn]
    cdtype = np.complex64 if dn == "float32" else np.complex128

    details, kinks = [], []
    all_rel, all_abs, n_checks = [], [], 0
    for name, arr in prob.work.items():
        det = {"name": name, "shape": list(arr.shape)}
        gk = grads.get(name)
        if gk is None:
            det.update(passed=False, message=f"{name}: grad_f returned no gradient")
            details.append(det)
            all_rel.append(np.inf)
            continue
        gk = np.asarray(gk)
        if gk.shape != arr.shape:
            det.update(passed=False, message=f"{name}: gradient has shape {_fmt_shape(gk.shape)}, "
                                             f"parameter has shape {_fmt_shape(arr.shape)}")
            details.append(det)
            all_rel.append(np.inf)
            continue
        if np.iscomplexobj(gk):
            gk = np.real(gk)
        gk = gk.astype(np.float64)
        flat = arr.reshape(-1)
        gflat = gk.reshape(-1)
        base = arr.astype(np.float64)
        scale_x = max(1.0, float(np.max(np.abs(base)))) if base.size else 1.0

        # -- directional checks -----------------------------------------------------------
        dir_a, dir_n, dir_noise, dir_kink = [], [], [], []
        for _ in range(n_directions if arr.size > 1 else 0):
            d = rng.standard_normal(arr.shape)
            d /= np.linalg.norm(d)
            if resolved == "complex":
                val = prob.complex_value({name: arr.astype(cdtype) + 1j * hc * d.astype(cdtype)})
                num = float(np.imag(val)) / hc
                ana = float(np.dot(gflat, d.reshape(-1)))
                noise = NOISE_FACTOR * eps * (float(np.sum(np.abs(gflat * d.reshape(-1)))) + abs(num))
                t = eps ** (1 / 3) * scale_x
            else:
                t = eps ** (1 / 3) * scale_x
                xp = (base + t * d).astype(arr.dtype)
                xm = (base - t * d).astype(arr.dtype)
                fp, fm = prob.value({name: xp}), prob.value({name: xm})
                num = (fp - fm) / (2 * t)
                delta = xp.astype(np.float64) - xm.astype(np.float64)
                ana = float(np.dot(gflat, delta.reshape(-1))) / (2 * t)
                noise = NOISE_FACTOR * eps * (max(abs(fp), abs(fm)) / t
                                              + float(np.sum(np.abs(gflat * delta.reshape(-1)))) / (2 * t))
            dir_a.append(ana)
            dir_n.append(num)
            dir_noise.append(noise)
            dir_kink.append((d, t))
        # -- sampled coordinates ----------------------------------------------------------
        if arr.size <= n_coords:
            idx = np.arange(arr.size)
        else:
            idx = np.sort(rng.choice(arr.size, size=n_coords, replace=False))
        co_a, co_n, co_noise, co_h = [], [], [], []
        zc = arr.astype(cdtype) if resolved == "complex" and idx.size else None
        for j in idx:
            orig = flat[j]
            if resolved == "complex":
                zflat = zc.reshape(-1)
                zflat[j] = complex(float(orig), hc)
                val = prob.complex_value({name: zc})
                zflat[j] = float(orig)
                num = float(np.imag(val)) / hc
                noise = NOISE_FACTOR * eps * (abs(num) + abs(float(gflat[j])))
                h = eps ** (1 / 3) * max(1.0, abs(float(orig)))
            else:
                h = eps ** (1 / 3) * max(1.0, abs(float(orig)))
                xp_j = arr.dtype.type(float(orig) + h)
                xm_j = arr.dtype.type(float(orig) - h)
                flat[j] = xp_j
                fp = prob.value()
                flat[j] = xm_j
                fm = prob.value()
                flat[j] = orig
                step = float(xp_j) - float(xm_j)
                num = (fp - fm) / step
                noise = NOISE_FACTOR * eps * max(abs(fp), abs(fm)) * 2 / step
            co_a.append(float(gflat[j]))
            co_n.append(num)
            co_noise.append(noise)
            co_h.append(h)

        co_a, co_n = np.array(co_a), np.array(co_n)
        dir_a, dir_n = np.array(dir_a), np.array(dir_n)
        co_rel = relative_error(co_a, co_n, error_floor(co_a, co_n, np.array(co_noise), tol)) if co_a.size else co_a
        dir_rel = np.array([float(relative_error(a_, n_, error_floor(a_, n_, nz, tol)))
                            for a_, n_, nz in zip(dir_a, dir_n, dir_noise)])
        co_rel = np.where(np.isfinite(co_rel), co_rel, np.inf)
        dir_rel = np.where(np.isfinite(dir_rel), dir_rel, np.inf)

        # -- failing comparisons: a second look (kink? within the truncation error?) ----------
        # until MAX_CONFIRMED failures are confirmed: a wrong gradient fails everywhere
        co_k = np.zeros(co_a.shape, dtype=bool)
        confirmed = 0
        for c in np.nonzero(co_rel > tol)[0]:
            if confirmed >= MAX_CONFIRMED:
                break
            j = int(idx[c])
            orig = float(flat[j])

            def phi(s, j=j, orig=orig):
                flat[j] = arr.dtype.type(orig + s)
                try:
                    return prob.value()
                finally:
                    flat[j] = arr.dtype.type(orig)
            h = co_h[c]
            nz = NOISE_FACTOR * eps * max(abs(f0), 1e-300) / h * 4
            kinked, jump, trunc = reexamine(phi, h, nz)
            err = abs(co_a[c] - co_n[c])
            if kinked and err <= 2 * jump + nz:
                co_k[c] = True
                pos = np.unravel_index(j, arr.shape)
                label = f"{name}[{', '.join(str(int(t)) for t in pos)}]"
                kinks.append({"point": {label: orig},
                              "where": f"{label}: f is not smooth within the step "
                                       f"(one-sided slopes differ by {jump:.3g})"})
                continue
            if resolved != "complex":
                co_noise[c] += 2 * trunc
                co_rel[c] = float(relative_error(co_a[c], co_n[c],
                                                 error_floor(co_a, co_n, co_noise[c], tol)))
            confirmed += int(co_rel[c] > tol)
        dir_k = np.zeros(dir_a.shape, dtype=bool)
        confirmed = 0
        for c in np.nonzero(dir_rel > tol)[0]:
            if confirmed >= MAX_CONFIRMED:
                break
            d, t = dir_kink[c]

            def phi(s, d=d):
                return prob.value({name: (base + s * d).astype(arr.dtype)})
            nz = NOISE_FACTOR * eps * max(abs(f0), 1e-300) / t * 4
            kinked, jump, trunc = reexamine(phi, t, nz)
            if kinked and abs(dir_a[c] - dir_n[c]) <= 2 * jump + nz:
                dir_k[c] = True
                kinks.append({"point": {f"{name} (direction {c + 1})": 0.0},
                              "where": f"{name}: f is not smooth within the step along random "
                                       f"direction {c + 1} (one-sided slopes differ by {jump:.3g})"})
                continue
            if resolved != "complex":
                dir_noise[c] += 2 * trunc
                dir_rel[c] = float(relative_error(dir_a[c], dir_n[c],
                                                  error_floor(dir_a[c], dir_n[c], dir_noise[c], tol)))
            confirmed += int(dir_rel[c] > tol)

        co_use, dir_use = co_rel[~co_k], dir_rel[~dir_k]
        co_wrong = int(np.sum(co_use > tol))
        dir_wrong = int(np.sum(dir_use > tol))
        rels = np.concatenate([co_use, dir_use])
        abss = np.concatenate([np.abs(co_a - co_n)[~co_k], np.abs(dir_a - dir_n)[~dir_k]])
        abss = np.where(np.isfinite(abss), abss, np.inf)
        mr = float(rels.max()) if rels.size else 0.0
        det.update(coordinates=int(idx.size), coordinates_wrong=co_wrong, directions=int(dir_a.size),
                   directions_wrong=dir_wrong, kinks=int(co_k.sum() + dir_k.sum()),
                   max_rel_error=mr, max_abs_error=float(abss.max()) if abss.size else 0.0,
                   passed=co_wrong == 0 and dir_wrong == 0)
        if co_wrong:
            sampled = "sampled " if idx.size < arr.size else ""
            det["message"] = (f"{name}: relative error {float(co_use.max()):.2g} on "
                              f"{co_wrong}/{int(co_use.size)} {sampled}coordinates")
            if dir_wrong:
                det["message"] += f" and {dir_wrong}/{int(dir_use.size)} random directions"
            bad = [int(idx[c]) for c in np.nonzero(co_rel > tol)[0] if not co_k[c]][:5]
            det["wrong_entries"] = [[int(t) for t in np.unravel_index(j, arr.shape)] for j in bad]
        elif dir_wrong:
            det["message"] = (f"{name}: relative error {float(dir_use.max()):.2g} along "
                              f"{dir_wrong}/{int(dir_use.size)} random directions "
                              f"(0/{int(co_use.size)} sampled coordinates wrong)")
        details.append(det)
        all_rel.extend(rels.tolist())
        all_abs.extend(abss.tolist())
        n_checks += int(idx.size + dir_a.size)

    all_rel_a = np.array(all_rel, dtype=np.float64)
    passed = all(d.get("passed") for d in details)
    return VerificationRecord(
        method=resolved, points=n_checks,
        max_abs_error=float(max(all_abs)) if all_abs else 0.0,
        max_rel_error=float(all_rel_a.max()) if all_rel_a.size else 0.0,
        tolerance=tol, passed=bool(passed), kinks=kinks, seed=seed, details=details)


def _probe_complex(prob: _Problem, rng) -> str:
    """'complex' if f propagates complex input and its complex-step derivative agrees with
    central differences along a random direction of the first array, else 'central'."""
    name, arr = next(iter(prob.work.items()))
    d = np.random.default_rng(rng.integers(2**32)).standard_normal(arr.shape)
    d /= max(np.linalg.norm(d), 1e-300)
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


