"""Are two expressions the same function? Numeric probes first, then SymPy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import sympy as sp

from symderiv.calculus.budget import expands_small
from symderiv.language.names import natural_sorted
from symderiv.language.numeric import numeric
from symderiv.language.sympy_functions import to_elementary

# --------------------------------------------------------------------------------------

@dataclass
class Equivalence:
    verdict: str  # "equal" | "different" | "undecided"
    method: str  # "symbolic" | "numeric"
    counterexample: Optional[dict] = None  # {"point": {...}, "left": v, "right": v}
    probes: int = 0

    @property
    def equal(self) -> bool:
        return self.verdict == "equal"

    def __str__(self) -> str:
        from symderiv.calculus.display import equivalence_text
        return equivalence_text(self)

    def _repr_html_(self) -> str:
        from symderiv.calculus.display import equivalence_html
        return equivalence_html(self)

    def _repr_latex_(self) -> str:
        from symderiv.calculus.display import equivalence_latex
        return equivalence_latex(self)


def _probe_points(variables, n: int, seed: int):
    rng = np.random.default_rng(seed)
    pts = []
    for k in range(n):
        if k % 2 == 0:
            vals = rng.normal(0.0, 1.5, len(variables))
        else:
            vals = np.abs(rng.normal(0.0, 1.5, len(variables))) + 0.1
        pts.append(dict(zip(variables, vals)))
    return pts


def _precise(expr, point) -> Optional[float]:
    try:
        v = sp.N(expr.subs({k: sp.Float(float(x), 30) for k, x in point.items()}), 30)
        v = complex(v)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if abs(v.imag) > 1e-20 * max(1.0, abs(v.real)):
        return None
    return v.real


def equivalent(a, b, variables: Optional[Sequence[sp.Symbol]] = None, seed: int = 0,
               probes: int = 24, rtol: float = 1e-8) -> Equivalence:
    """Are ``a`` and ``b`` the same function? Numeric probes at random points find a
    difference (confirmed at 30 digits); otherwise SymPy tries to prove ``a - b = 0``;
    if it cannot, the probes' agreement decides ("equal", method "numeric")."""
    a, b = sp.sympify(a), sp.sympify(b)
    if variables is None:
        variables = natural_sorted(a.free_symbols | b.free_symbols)
    variables = list(variables)
    fa, fb = numeric(a, variables), numeric(b, variables)
    valid = 0
    with np.errstate(all="ignore"):
        for pt in _probe_points(variables, probes, seed):
            args = [pt[v] for v in variables]
            try:
                va, vb = complex(fa(*args)), complex(fb(*args))
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                continue
            if not (np.isfinite(va) and np.isfinite(vb)) or abs(va.imag) > 0 or abs(vb.imag) > 0:
                continue
            valid += 1
            va, vb = va.real, vb.real
            if abs(va - vb) > rtol * (1 + abs(va) + abs(vb)):
                pa, pb = _precise(a, pt), _precise(b, pt)
                if pa is not None and pb is not None and abs(pa - pb) > 1e-12 * (1 + abs(pa) + abs(pb)):
                    return Equivalence("different", "numeric",
                                       {"point": {v.name: float(pt[v]) for v in variables},
                                        "left": pa, "right": pb}, valid)
    try:
        diff = to_elementary(a - b)
        if sp.count_ops(diff) < 400 and expands_small(diff) and sp.simplify(diff) == 0:
            return Equivalence("equal", "symbolic", None, valid)
    except Exception:  # noqa: BLE001 - SymPy may give up; the probes still decide
        pass
    if valid >= 3:
        return Equivalence("equal", "numeric", None, valid)
    return Equivalence("undecided", "numeric", None, valid)
