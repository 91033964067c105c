r"""Verification records: the relative error, the tolerances and :class:`VerificationRecord`.

Relative error (the one definition used everywhere)
---------------------------------------------------
For a derived value ``a`` and a numeric value ``n``::

    rel = |a - n| / max(|a|, |n|, tiny)

(the convention of CS231n's gradient check: a factor-2 error reads 0.5). ``tiny`` keeps
components that are (nearly) zero from dividing by (nearly) zero. It is the larger of
(1) ``1e-3`` times the largest ``max(|a|, |n|)`` among the values compared together
(the components of one gradient at one point, or one parameter array), (2) the numeric
method's own error estimate divided by its tolerance, so that a disagreement within the
numeric method's own error is never a failure (the estimate is the rounding noise, e.g.
``64 eps |f| / h`` for central differences, plus twice the truncation error estimated by
repeating the method at half the step) and (3) ``1e-300``. A derived value is accepted
when ``rel <= tolerance``.

Tolerances (:data:`TOLERANCES`, relative, per method and dtype): float64 central 1e-6,
Richardson 1e-9, complex step 1e-12; float32 central 1e-2, Richardson 1e-3, complex 1e-5.
Every record states the tolerance it used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from symderiv.verify.display import entry_label, record_html

#: Relative tolerances per dtype and method.
TOLERANCES = {
    "float64": {"central": 1e-6, "richardson": 1e-9, "complex": 1e-12},
    "float32": {"central": 1e-2, "richardson": 1e-3, "complex": 1e-5},
}
#: Step exponents: h = eps ** p * max(1, |x|).
STEP_EXPONENT = {"central": 1 / 3, "richardson": 1 / 5}
COMPLEX_STEP = {"float64": 1e-20, "float32": 1e-8}
FLOOR_FRACTION = 1e-3
NOISE_FACTOR = 64.0
TINY = 1e-300
METHODS = ("central", "richardson", "complex", "auto")
RANDOM_SCALE = 1.5

REL_ERROR_TEXT = ("relative error = |a - n| / max(|a|, |n|, tiny), a derived, n numeric; "
                  "tiny = max(1e-3 * largest max(|a|, |n|) compared together, "
                  "numeric error estimate / tolerance)")


#: How each method is described in reports and CLI output.
METHOD_DESCRIPTIONS = {
    "central": "central differences, h = eps^(1/3) max(1, |x|)",
    "richardson": "Richardson extrapolation of central differences at h and h/2, h = eps^(1/5) max(1, |x|)",
    "complex": "complex step Im f(x + ih)/h, h = 1e-20",
}


class VerifyError(ValueError):
    """The verification cannot be carried out (bad input): one-line message."""


# --------------------------------------------------------------------------------------
# The record
# --------------------------------------------------------------------------------------

def _json_safe(obj):
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [_json_safe(v) for v in obj.tolist()]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        return v if math.isfinite(v) else None
    if obj is None or isinstance(obj, str):
        return obj
    return str(obj)


@dataclass
class VerificationRecord:
    """The outcome of one verification; templates show method, points, max_rel_error,
    tolerance and passed. ``kinks`` lists ``{"point": {name: value}, "where": text}``.

    ``status`` is ``"passed"``, ``"failed"`` or ``"undecided"`` (nothing could be compared,
    e.g. every point sat at a kink; ``passed`` is then False and ``reason`` says why).
    Array checks also fill ``atol`` (None: the numeric method's own error estimate),
    ``wrong`` and ``checked`` (the full counts) and ``worst`` (the worst wrong entries, each
    ``{"name", "index", "analytic", "numeric", "abs_error", "allowed", "rel_error"}``);
    ``sampled`` says when only some coordinates were compared.
    """

    method: str
    points: int
    max_abs_error: float
    max_rel_error: float
    tolerance: float
    passed: bool
    kinks: list = field(default_factory=list)
    seed: Optional[int] = None
    details: list = field(default_factory=list)
    status: str = ""
    reason: str = ""
    atol: Optional[float] = None
    wrong: Optional[int] = None
    checked: Optional[int] = None
    worst: list = field(default_factory=list)
    sampled: str = ""

    def __post_init__(self):
        if not self.status:
            self.status = "passed" if self.passed else "failed"
        if self.status == "undecided":
            self.passed = False

    def to_dict(self) -> dict:
        return _json_safe({
            "method": self.method, "points": self.points,
            "max_abs_error": self.max_abs_error, "max_rel_error": self.max_rel_error,
            "tolerance": self.tolerance, "atol": self.atol, "passed": self.passed,
            "status": self.status, "reason": self.reason or None, "kinks": self.kinks,
            "wrong": self.wrong, "checked": self.checked, "worst": self.worst,
            "sampled": self.sampled or None,
            "seed": self.seed, "details": self.details, "summary": self.summary(),
        })

    def _counts(self) -> str:
        text = f"{self.wrong:,} of {self.checked:,} checked entries wrong"
        unchecked = self.unchecked()
        if not unchecked:
            return text
        arrays = sum(1 for d in self.details if isinstance(d, dict))
        return (f"{len(unchecked)} of {arrays} arrays not checked ({'; '.join(unchecked)}); "
                f"in the others {text}")

    def unchecked(self) -> list:
        """The messages of the arrays that could not be compared at all (no gradient, or
        one of the wrong shape): failures, named before everything else."""
        return [d["message"] for d in self.details if isinstance(d, dict) and d.get("unchecked")]

    def summary(self) -> str:
        """One line: the verdict with its numbers, or the wrong parameters/variables."""
        if self.status == "undecided":
            return f"UNDECIDED: {self.reason}"
        failing = [str(d["message"]) for d in self.details if isinstance(d, dict) and d.get("passed") is False
                   and d.get("message") and not d.get("unchecked")]
        if self.unchecked():
            return "; ".join([f"check FAILED: {self._counts()}"] + failing)
        if failing:
            text = "; ".join(failing)
            if self.wrong is not None and self.worst:
                w = self.worst[0]
                text = (f"{self._counts()}: {text}; worst {entry_label(w)}: analytic "
                        f"{w['analytic']:.6g}, numeric {w['numeric']:.6g}")
            return text
        verdict = "passed" if self.passed else "FAILED"
        text = (f"{verdict}: max relative error {self.max_rel_error:.3g} "
                f"(tolerance {self.tolerance:.3g}, {self.method}, {self.points} check(s))")
        if self.kinks:
            text += f", {len(self.kinks)} at kinks (not counted)"
        if self.sampled:
            text += f"; {self.sampled}"
        return text

    def __str__(self):
        lines = [self.summary()]
        if self.status == "failed" and self.wrong is not None:
            atol = "auto (the numeric method's error estimate)" if self.atol is None else f"{self.atol:g}"
            lines = [f"check FAILED ({self.method}): {self._counts()}"
                     + (f" ({self.sampled})" if self.sampled else "")
                     + f"; an entry is wrong when |a - n| > atol + rtol |n| (rtol {self.tolerance:g}, "
                       f"atol {atol})"]
            lines += [d["message"] for d in self.details
                      if d.get("passed") is False and d.get("message") and not d.get("unchecked")]
            if self.worst:
                lines.append(f"worst {len(self.worst)} shown (a analytic, n numeric):")
                for w in self.worst:
                    lines.append(f"  {entry_label(w)}: a = {w['analytic']:.10g}, n = {w['numeric']:.10g}, "
                                 f"|a - n| = {w['abs_error']:.3g}, relative error {w['rel_error']:.3g}")
        elif self.kinks and self.status != "undecided":
            lines += [f"  kink: {k['where']}" for k in self.kinks[:5]]
            if len(self.kinks) > 5:
                lines.append(f"  ... {len(self.kinks) - 5} more kinks")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The check table for Jupyter (:func:`symderiv.verify.display.record_html`)."""
        return record_html(self)


def relative_error(a, n, tiny=TINY):
    """``|a - n| / max(|a|, |n|, tiny)`` elementwise (the package's one definition: a
    factor-2 error reads 0.5, opposite signs read up to 2)."""
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        denom = np.maximum(np.maximum(np.abs(a), np.abs(n)), tiny)
        return np.abs(a - n) / denom


def error_floor(a, n, noise=0.0, tol=1.0):
    """The ``tiny`` of the relative error for values compared together (see module doc)."""
    a = np.abs(np.asarray(a, dtype=np.float64))
    n = np.abs(np.asarray(n, dtype=np.float64))
    s = np.maximum(a, n)
    s = s[np.isfinite(s)]
    scale = float(s.max()) if s.size else 0.0
    return np.maximum(np.maximum(FLOOR_FRACTION * scale, np.asarray(noise, dtype=np.float64) / tol), TINY)


def dtype_name(dtype) -> str:
    return "float32" if np.dtype(dtype) == np.float32 else "float64"


def tolerance_for(method: str, dtype=np.float64) -> float:
    return TOLERANCES[dtype_name(dtype)][method]


def machine_eps(dtype) -> float:
    return float(np.finfo(np.float32 if dtype_name(dtype) == "float32" else np.float64).eps)


def compare(derived, independent, method: str, tolerance: Optional[float] = None,
            dtype=np.float64) -> VerificationRecord:
    """Record that a value derived one way equals one computed independently.

    ``derived`` and ``independent`` are floats or arrays of the same shape. The relative
    error is the package's definition with ``tiny = max(1e-3 * max(|a|, |n|), 1e-300)``;
    ``tolerance`` defaults to the table value of ``method`` when it names a numeric
    method, else 1e-9.
    """
    a = np.asarray(derived, dtype=np.float64)
    n = np.asarray(independent, dtype=np.float64)
    if a.shape != n.shape:
        raise VerifyError(f"cannot compare shapes {a.shape} and {n.shape}")
    if tolerance is None:
        tolerance = TOLERANCES[dtype_name(dtype)].get(method, 1e-9)
    tol = float(tolerance)
    af, nf = a.reshape(-1), n.reshape(-1)
    if af.size == 0:
        return VerificationRecord(method, 0, 0.0, 0.0, tol, True)
    absd = np.abs(af - nf)
    rel = relative_error(af, nf, error_floor(af, nf))
    bad = ~np.isfinite(rel)
    rel = np.where(bad, np.inf, rel)
    absd = np.where(np.isfinite(absd), absd, np.inf)
    order = np.argsort(-rel, kind="stable")[:10]
    details = [{"index": (int(i) if a.ndim <= 1 else [int(t) for t in np.unravel_index(i, a.shape)]),
                "derived": float(af[i]), "independent": float(nf[i]),
                "abs_error": float(absd[i]), "rel_error": float(rel[i])} for i in order]
    max_rel = float(rel.max())
    return VerificationRecord(method=method, points=int(af.size), max_abs_error=float(absd.max()),
                              max_rel_error=max_rel, tolerance=tol,
                              passed=bool(np.all(rel <= tol)), details=details)


