"""Checks of hand-written NumPy backprop: :func:`check_gradient` and :func:`assert_gradient`.

An entry (one sampled coordinate, or one random directional derivative) is *wrong* when

    |a - n| > atol + rtol * |n|        (a from grad_f, n numeric)

the criterion of ``numpy.allclose`` and PyTorch's ``gradcheck``. ``gradcheck`` uses
``atol=1e-5, rtol=1e-3`` by default with its own finite differences in float64; the default
here is stricter and adapts to the method: ``rtol`` is the method's tolerance for the dtype
(:data:`symderiv.verify.records.TOLERANCES`: float64 central differences 1e-6, complex step
1e-12; float32 central 1e-2), and ``atol`` is the numeric method's own error estimate for
that entry (rounding noise, plus twice the truncation error estimated at half the step when
a first look fails), at least ``rtol * 1e-3`` times the largest value of the array. Pass
``atol=1e-5, rtol=1e-3`` to get gradcheck's tolerance exactly; an explicit ``atol`` is used
as given (no error estimate is added).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Callable, Optional

import numpy as np

from symderiv.verify.differences import reexamine
from symderiv.verify.records import (COMPLEX_STEP, FLOOR_FRACTION, NOISE_FACTOR, TOLERANCES,
                                     VerificationRecord, VerifyError, dtype_name, error_floor,
                                     machine_eps, relative_error)
from symderiv.verify.userfunc import UserFunction, probe_complex

#: re-examine (kink? truncation error?) at most this many failures per array: a wrong
#: gradient fails everywhere, and each re-examination costs five evaluations of f
MAX_CONFIRMED = 2
#: the gradcheck reference point (documented, and used by the tests as an example)
GRADCHECK_ATOL, GRADCHECK_RTOL = 1e-5, 1e-3


def _fmt_shape(s):
    return "(" + ", ".join(str(int(t)) for t in s) + (",)" if len(s) == 1 else ")")


def _measure(prob, name, arr, gflat, idx, n_dir, method, rng):
    """The compared values of one array: random directions first, then the coordinates
    ``idx``. Each entry: ``analytic``, ``numeric``, ``noise`` (the numeric method's error
    estimate) and ``phi``/``h`` to re-examine it."""
    dn = dtype_name(arr.dtype)
    eps = machine_eps(arr.dtype)
    hc = COMPLEX_STEP[dn]
    cdtype = np.complex64 if dn == "float32" else np.complex128
    flat = arr.reshape(-1)
    base = arr.astype(np.float64)
    scale_x = max(1.0, float(np.max(np.abs(base)))) if base.size else 1.0
    out = []
    for k in range(n_dir):
        d = rng.standard_normal(arr.shape)
        d /= np.linalg.norm(d)
        t = eps ** (1 / 3) * scale_x
        if method == "complex":
            val = prob.complex_value({name: arr.astype(cdtype) + 1j * hc * d.astype(cdtype)})
            num = float(np.imag(val)) / hc
            ana = float(np.dot(gflat, d.reshape(-1)))
            noise = NOISE_FACTOR * eps * (float(np.sum(np.abs(gflat * d.reshape(-1)))) + abs(num))
        else:
            xp = (base + t * d).astype(arr.dtype)
            xm = (base - t * d).astype(arr.dtype)
            fp, fm = prob.value({name: xp}), prob.value({name: xm})
            num = (fp - fm) / (2 * t)
            delta = (xp.astype(np.float64) - xm.astype(np.float64)).reshape(-1)
            ana = float(np.dot(gflat, delta)) / (2 * t)
            noise = NOISE_FACTOR * eps * (max(abs(fp), abs(fm)) / t + float(np.sum(np.abs(gflat * delta))) / (2 * t))

        def phi(s, d=d):
            return prob.value({name: (base + s * d).astype(arr.dtype)})
        out.append({"name": name, "index": f"(direction {k + 1})", "analytic": ana, "numeric": num,
                    "noise": noise, "phi": phi, "h": t, "direction": True, "value": 0.0})
    zc = arr.astype(cdtype) if method == "complex" and idx.size else None
    for j in idx:
        orig = flat[j]
        h = eps ** (1 / 3) * max(1.0, abs(float(orig)))
        if zc is not None:  # the complex step
            zflat = zc.reshape(-1)
            zflat[j] = complex(float(orig), hc)
            val = prob.complex_value({name: zc})
            zflat[j] = float(orig)
            num = float(np.imag(val)) / hc
            noise = NOISE_FACTOR * eps * (abs(num) + abs(float(gflat[j])))
        else:
            xp_j, xm_j = arr.dtype.type(float(orig) + h), arr.dtype.type(float(orig) - h)
            flat[j] = xp_j
            fp = prob.value()
            flat[j] = xm_j
            fm = prob.value()
            flat[j] = orig
            step = float(xp_j) - float(xm_j)
            num = (fp - fm) / step
            noise = NOISE_FACTOR * eps * max(abs(fp), abs(fm)) * 2 / step

        def phi_at(s, j=j, orig=float(orig)):
            flat[j] = arr.dtype.type(orig + s)
            try:
                return prob.value()
            finally:
                flat[j] = arr.dtype.type(orig)
        out.append({"name": name, "index": [int(t) for t in np.unravel_index(int(j), arr.shape)],
                    "analytic": float(gflat[j]), "numeric": float(num), "noise": noise, "phi": phi_at,
                    "h": h, "direction": False, "value": float(orig)})
    return out


def _judge(entries, method, f0, eps, atol, rtol, kinks):
    """Mark every entry ``wrong`` or ``kink`` and give it ``allowed`` (atol + rtol |n|),
    ``abs_error`` and ``rel_error``. Failing entries get a second look (up to
    :data:`MAX_CONFIRMED` confirmed per array): a kink within the step is reported in
    ``kinks``, a truncation error of the central difference widens the automatic atol."""
    if not entries:
        return
    a = np.array([e["analytic"] for e in entries])
    n = np.array([e["numeric"] for e in entries])
    scale = float(np.max(np.maximum(np.abs(a), np.abs(n))[np.isfinite(a) & np.isfinite(n)], initial=0.0))

    def grade(e):
        e["abs_error"] = abs(e["analytic"] - e["numeric"])
        floor = FLOOR_FRACTION * scale * rtol
        e["atol"] = atol if atol is not None else max(e["noise"], floor)
        e["allowed"] = e["atol"] + rtol * abs(e["numeric"])
        e["rel_error"] = float(relative_error(e["analytic"], e["numeric"],
                                              error_floor(a, n, e["noise"], rtol if rtol > 0 else 1.0)))
        ok = math.isfinite(e["abs_error"]) and e["abs_error"] <= e["allowed"]
        e["wrong"] = not ok
        if not math.isfinite(e["rel_error"]):
            e["rel_error"] = math.inf
    for e in entries:
        e["kink"] = False
        grade(e)
    confirmed = 0
    for e in entries:
        if not e["wrong"]:
            continue
        if confirmed >= MAX_CONFIRMED:
            break
        nz = NOISE_FACTOR * eps * max(abs(f0), 1e-300) / e["h"] * 4
        non_smooth, jump, trunc = reexamine(e["phi"], e["h"], nz)
        if non_smooth and e["abs_error"] <= 2 * jump + nz:
            e["kink"], e["wrong"] = True, False
            where = ("along random direction " + e["index"][len("(direction "):-1]
                     if e["direction"] else "within the step")
            label = (f"{e['name']} {e['index']}" if e["direction"]
                     else f"{e['name']}[{', '.join(map(str, e['index']))}]")
            kinks.append({"point": {label: e["value"]},
                          "where": f"{label}: f is not smooth {where} "
                                   f"(one-sided slopes differ by {jump:.3g})"})
            continue
        if method != "complex":
            e["noise"] += 2 * trunc
            grade(e)
        confirmed += int(e["wrong"])


def _array_detail(name, arr, entries, n_coords_total):
    co = [e for e in entries if not e["direction"] and not e["kink"]]
    dr = [e for e in entries if e["direction"] and not e["kink"]]
    used = co + dr
    co_wrong = sum(e["wrong"] for e in co)
    dir_wrong = sum(e["wrong"] for e in dr)
    wrong = co_wrong + dir_wrong
    det = {"name": name, "shape": list(arr.shape), "coordinates": len(co) + sum(
        1 for e in entries if not e["direction"] and e["kink"]),
        "coordinates_wrong": co_wrong, "directions": sum(1 for e in entries if e["direction"]),
        "directions_wrong": dir_wrong, "kinks": sum(e["kink"] for e in entries),
        "max_rel_error": max((e["rel_error"] for e in used), default=0.0),
        "max_abs_error": max((e["abs_error"] for e in used), default=0.0),
        "passed": wrong == 0}
    if wrong:
        sampled = f"sampled coordinates (of {arr.size:,})" if n_coords_total < arr.size else "coordinates"
        det["message"] = (f"{name}: {wrong:,} of {len(used):,} checked entries wrong "
                          f"({co_wrong:,} of {len(co):,} {sampled}, {dir_wrong} of {len(dr)} "
                          f"random directions), max relative error {det['max_rel_error']:.2g}")
        det["wrong_entries"] = [e["index"] for e in co if e["wrong"]]
    return det


def check_gradient(f: Callable, grad_f: Callable, x, *, n_directions: int = 3,
                   n_coords: Optional[int] = 16, method: str = "central", seed: Optional[int] = 0,
                   atol: Optional[float] = None, rtol: Optional[float] = None,
                   n_worst: int = 5) -> VerificationRecord:
    """Verify ``grad_f`` (hand-written backprop) against numeric derivatives of ``f``.

    ``x`` is an array or a dict of named arrays (``{"W1": ..., "b1": ...}``); ``f(x)``
    returns a scalar and ``grad_f(x)`` an array (or dict with the same keys) of the same
    shapes. For each parameter array: ``n_directions`` directional derivatives along
    random unit directions (2 evaluations each) compared with ``grad . d``, plus
    ``n_coords`` randomly sampled coordinates (all of them when the array has at most
    ``n_coords`` entries, or when ``n_coords`` is None).

    An entry is wrong when ``|a - n| > atol + rtol |n|`` (module docstring: the defaults,
    and how they relate to PyTorch's gradcheck, ``atol=1e-5, rtol=1e-3``). ``method``:
    ``central``, ``complex`` (f must accept complex arrays) or ``auto`` (complex step if f
    propagates complex input consistently, else central).

    An array that could not be checked (``grad_f`` returned no gradient for it, or one of
    another shape) fails the check: the verdict names it first, before the counts of the
    arrays that were compared.

    The record counts every wrong entry (``wrong`` of ``checked``), lists the ``n_worst``
    worst (array, index, analytic and numeric value; coordinates before directions, largest
    relative error first, ties by largest ``|a - n|``) in ``worst``, and has one ``details``
    entry per array. ``str(record)`` is a readable report; :func:`assert_gradient` raises it.
    """
    if method not in ("central", "complex", "auto"):
        raise VerifyError(f"unknown method {method!r} (choose central, complex or auto)")
    nc = 0 if n_coords is None else n_coords
    if n_directions < 0 or nc < 0 or (n_coords is not None and n_directions + nc == 0):
        raise VerifyError("need at least one direction or coordinate per array")
    for label, v in (("atol", atol), ("rtol", rtol)):
        if v is not None and not (math.isfinite(v) and v >= 0):
            raise VerifyError(f"{label} must be a finite number >= 0, got {v!r}")
    prob = UserFunction(f, x)
    dtype = np.result_type(*prob.work.values())
    dn = dtype_name(dtype)
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
        resolved = "central" if dn == "float32" else probe_complex(prob, rng)
    tol = float(rtol) if rtol is not None else TOLERANCES[dn][resolved]

    details: list[dict[str, Any]] = []
    kinks: list[dict[str, Any]] = []
    counted: list[dict[str, Any]] = []
    for name, arr in prob.work.items():
        gk = grads.get(name)
        if gk is None or np.shape(gk) != arr.shape:
            msg = (f"{name}: grad_f returned no gradient" if gk is None else
                   f"{name}: gradient has shape {_fmt_shape(np.shape(gk))}, "
                   f"parameter has shape {_fmt_shape(arr.shape)}")
            details.append({"name": name, "shape": list(arr.shape), "passed": False, "message": msg,
                            "unchecked": True})
            continue
        gflat = np.real(np.asarray(gk)).astype(np.float64).reshape(-1)
        if n_coords is None or arr.size <= n_coords:
            idx = np.arange(arr.size)
        else:
            idx = np.sort(rng.choice(arr.size, size=n_coords, replace=False))
        entries = _measure(prob, name, arr, gflat, idx, n_directions if arr.size > 1 else 0,
                           resolved, rng)
        _judge(entries, resolved, f0, machine_eps(dtype), atol, tol, kinks)
        details.append(_array_detail(name, arr, entries, idx.size))
        counted.extend(e for e in entries if not e["kink"])

    wrong = [e for e in counted if e["wrong"]]
    # worst first: coordinates (entries with an index) before random directions, then the
    # largest relative error (to 3 digits), then the largest |a - n|
    wrong.sort(key=lambda e: (e["direction"], -float(f"{e['rel_error']:.3g}"), -e["abs_error"]))
    keys = ("name", "index", "analytic", "numeric", "abs_error", "allowed", "rel_error")
    worst = [{k: e[k] for k in keys} for e in wrong[:max(0, n_worst)]]
    total = sum(int(a.size) for a in prob.work.values())
    n_co = sum(d.get("coordinates", 0) for d in details)
    sampled = "" if n_co >= total else f"{n_co:,} of {total:,} coordinates sampled"
    passed = all(d.get("passed") for d in details)
    status, reason = "", ""
    if passed and not counted:
        status = "undecided"
        reason = (f"nothing was compared: all {len(kinks)} comparison(s) sat at a kink of f "
                  f"({kinks[0]['where']})" if kinks else "nothing was compared")
    return VerificationRecord(
        method=resolved, points=len(counted) + sum(d.get("kinks", 0) for d in details),
        max_abs_error=max((e["abs_error"] for e in counted), default=0.0),
        max_rel_error=max((e["rel_error"] for e in counted), default=0.0),
        tolerance=tol, passed=bool(passed), kinks=kinks, seed=seed, details=details,
        atol=atol, wrong=len(wrong), checked=len(counted), worst=worst, sampled=sampled,
        status=status, reason=reason)


def assert_gradient(f: Callable, grad_f: Callable, x, *, n_directions: int = 3,
                    n_coords: Optional[int] = 16, method: str = "central", seed: Optional[int] = 0,
                    atol: Optional[float] = None, rtol: Optional[float] = None,
                    n_worst: int = 5) -> VerificationRecord:
    """:func:`check_gradient` for tests (the same arguments): raise ``AssertionError``
    with the readable report (the count of wrong entries, the worst ones with array, index,
    analytic and numeric value) unless the check passed; return the record when it did."""
    rec = check_gradient(f, grad_f, x, n_directions=n_directions, n_coords=n_coords, method=method,
                         seed=seed, atol=atol, rtol=rtol, n_worst=n_worst)
    if not rec.passed:
        raise AssertionError(str(rec))
    return rec
