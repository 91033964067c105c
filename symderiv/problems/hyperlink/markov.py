"""Hyperlink matrix and PageRank (exercise 001, Aufgabe 12).

A link graph on pages ``1..n`` is an edge list ``"1-2,1-3,..."`` (read with a regular
expression: integers only). The hyperlink matrix has ``h_ij = 1/|S_i|`` when page ``i``
links to page ``j`` (``|S_i|`` its number of outgoing links), else 0; SymPy keeps it exact.

* :func:`spectrum`: the characteristic polynomial, factored over the rationals; its exact
  eigenvalues; how many have ``|lambda| = 1``. For a (sub)stochastic matrix the eigenvalues
  on the unit circle are roots of unity, so an irreducible factor has roots of modulus 1
  exactly when it is a cyclotomic polynomial: the count is exact, not a float comparison.
* :func:`orbit`: the iteration ``pi^(k+1) = H^T pi^k`` in exact rationals; it finds the
  periodic orbit (``pi^(k0+p) = pi^k0``, period ``p > 1``: no convergence).
* :func:`google_matrix`, :func:`pagerank`: the damped iteration with teleportation,
  ``G = alpha S + (1 - alpha)/n 1 1^T`` (``S``: ``H`` with dangling rows replaced by the
  uniform row), its exact stationary vector (left eigenvector for eigenvalue 1) and the
  power iteration that converges to it with rate ``alpha``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import sympy as sp

#: default link graph (6 pages, every page has an outgoing link, strongly connected and
#: periodic with period 4: every cycle has length 4, e.g. 1-2-4-6-1, 1-3-5-6-1).
DEFAULT_EDGES = "1-2,1-3,2-4,3-4,3-5,4-6,5-6,6-1"
MAX_PAGES = 12
LAM = sp.Symbol("lambda")

_EDGE = re.compile(r"\s*(\d{1,3})\s*(?:-|->)\s*(\d{1,3})\s*")


class EdgeListError(ValueError):
    """Bad edge list (a usage error)."""


def parse_edges(text: str) -> tuple[list[tuple[int, int]], int]:
    """``"1-2, 2->3"`` -> ``([(1, 2), (2, 3)], n)`` with ``n`` the largest page number."""
    if not isinstance(text, str) or not text.strip():
        raise EdgeListError("the edge list is empty (write it like 1-2,2-3,3-1)")
    edges = []
    for pos, item in enumerate(text.split(","), start=1):
        if not item.strip():
            continue
        m = _EDGE.fullmatch(item)
        if not m:
            shown = item.strip()[:30]
            raise EdgeListError(f"edge {pos} '{shown}' is not of the form i-j with page numbers i, j")
        i, j = int(m.group(1)), int(m.group(2))
        if i < 1 or j < 1:
            raise EdgeListError(f"edge {pos} '{i}-{j}': pages are numbered from 1")
        if (i, j) in edges:
            raise EdgeListError(f"edge {pos} '{i}-{j}' is listed twice")
        edges.append((i, j))
    if not edges:
        raise EdgeListError("the edge list is empty (write it like 1-2,2-3,3-1)")
    n = max(max(e) for e in edges)
    if n > MAX_PAGES:
        raise EdgeListError(f"at most {MAX_PAGES} pages (got page {n})")
    return edges, n


def hyperlink_matrix(edges, n: int) -> sp.Matrix:
    """``h_ij = 1/|S_i|`` if page i links to page j, else 0 (exact rationals)."""
    out: dict[int, list[int]] = {}
    for i, j in edges:
        out.setdefault(i, []).append(j)
    H = sp.zeros(n, n)
    for i, targets in out.items():
        for j in targets:
            H[i - 1, j - 1] = sp.Rational(1, len(targets))
    return H


def dangling(H: sp.Matrix) -> list[int]:
    """Pages (1-based) without outgoing links (zero rows)."""
    return [i + 1 for i in range(H.rows) if all(x == 0 for x in H.row(i))]


# --------------------------------------------------------------------------------------
# spectrum
# --------------------------------------------------------------------------------------


def cyclotomic_order(poly: sp.Expr, x: sp.Symbol = LAM) -> Optional[int]:
    """``k`` if the monic irreducible ``poly`` is the cyclotomic polynomial Phi_k, else None."""
    p = sp.Poly(poly, x).monic()
    d = p.degree()
    if d < 1:
        return None
    for k in range(1, 4 * d * d + 3):
        if sp.totient(k) == d and sp.expand(p.as_expr() - sp.cyclotomic_poly(k, x)) == 0:
            return k
    return None


@dataclass
class Factor:
    poly: sp.Expr           # monic irreducible factor over Q
    multiplicity: int
    roots: list             # its exact roots (radicals) when the degree is at most 4, else []
    cyclotomic: Optional[int]  # k if poly = Phi_k (roots: primitive k-th roots of unity)


@dataclass
class Eigenvalue:
    value: object           # exact SymPy number, or a complex float (root of a factor of degree > 4)
    multiplicity: int
    modulus: object         # exact |value| (SymPy) or a float
    exact: bool
    approx: complex         # numerical value


@dataclass
class Spectrum:
    charpoly: sp.Expr       # det(lambda I - H), factored
    factors: list           # [Factor]
    eigenvalues: list       # [Eigenvalue], modulus descending
    unit_count: int         # eigenvalues with |lambda| = 1, with multiplicity (exact)
    numeric: np.ndarray     # numpy.linalg.eigvals(H)
    numeric_unit_count: int  # |lambda| within 1e-9 of 1, counted from numpy (independent)


def _order(z: complex):
    """Sort key: modulus descending, then argument in [0, 2 pi)."""
    return (-round(abs(z), 10), round(float(np.angle(z)) % (2 * np.pi), 10) if abs(z) > 1e-14 else 0.0)


def spectrum(H: sp.Matrix) -> Spectrum:
    cp = H.charpoly(LAM).as_expr()
    _, flist = sp.factor_list(cp, LAM)
    factors, eigen, count = [], [], 0
    for f, mult in flist:
        f = sp.Poly(f, LAM).monic().as_expr()
        deg = int(sp.degree(f, LAM))
        mult = int(mult)
        k = cyclotomic_order(f)
        if k is not None:
            count += mult * deg
        found = sp.roots(f, LAM) if deg <= 4 else {}
        if sum(found.values()) == deg:
            roots = list(found)
            factors.append(Factor(f, mult, roots, k))
            for r in roots:
                z = complex(sp.N(r, 20))
                modulus = sp.simplify(sp.Abs(r))
                eigen.append(Eigenvalue(r, mult * found[r], modulus, True, z))
        else:
            factors.append(Factor(f, mult, [], k))
            coeffs = [float(c) for c in sp.Poly(f, LAM).all_coeffs()]
            for z in np.roots(coeffs):
                eigen.append(Eigenvalue(complex(z), mult, float(abs(z)), False, complex(z)))
    eigen.sort(key=lambda e: _order(e.approx))
    num = np.linalg.eigvals(np.array(H.tolist(), dtype=float))
    ncount = int(np.sum(np.abs(np.abs(num) - 1) < 1e-9))
    return Spectrum(sp.factor(cp), factors, eigen, count, num, ncount)


# --------------------------------------------------------------------------------------
# the plain iteration: periodic orbit
# --------------------------------------------------------------------------------------


def unit_vector(n: int, page: int) -> sp.Matrix:
    v = sp.zeros(n, 1)
    v[page - 1] = 1
    return v


@dataclass
class Orbit:
    iterates: list          # exact pi^0 .. pi^K (sp.Matrix columns)
    exact: bool             # an exact repetition pi^(k0+p) = pi^k0 was found
    preperiod: int          # k0
    period: int             # p (1: the iteration reaches a fixed point, i.e. converges)
    converges: bool
    step_norms: list        # ||pi^(k+1) - pi^k||_1 (floats), k = 0..K-1
    limit_cycle: list = field(default_factory=list)  # the p vectors of the orbit (floats)


def orbit(H: sp.Matrix, start: sp.Matrix, steps: int = 24, numeric_steps: int = 4000) -> Orbit:
    """Iterate ``pi^(k+1) = H^T pi^k`` exactly; find the (eventual) period.

    If no exact repetition occurs within ``steps`` (eigenvalues with ``0 < |lambda| < 1``
    make the orbit only approach its limit cycle), the period is found numerically after
    ``numeric_steps`` float iterations as the smallest ``p`` with
    ``||pi^K - pi^(K-p)||_1 < 1e-10``.
    """
    HT = H.T
    its = [start]
    seen = {tuple(start): 0}
    found = None
    for k in range(1, steps + 1):
        its.append(HT * its[-1])
        key = tuple(its[-1])
        if found is None and key in seen:
            found = (seen[key], k - seen[key])
        seen.setdefault(key, k)
    norms = [float(sum(abs(a - b) for a, b in zip(its[k + 1], its[k]))) for k in range(steps)]
    if found is not None:
        k0, p = found
        cycle = [np.array([float(v) for v in its[k0 + r]]) for r in range(p)]
        return Orbit(its, True, k0, p, p == 1, norms, cycle)
    A = np.array(HT.tolist(), dtype=float)
    v = np.array([float(x) for x in start])
    hist = [v]
    for _ in range(numeric_steps):
        v = A @ v
        hist.append(v)
    n = H.rows
    period = None
    for p in range(1, n * n + 1):
        if np.sum(np.abs(hist[-1] - hist[-1 - p])) < 1e-10:
            period = p
            break
    if period is None:
        period = 0  # no period found (should not happen for a substochastic matrix)
    cycle = [hist[len(hist) - period + r] for r in range(period)] if period else []
    return Orbit(its, False, numeric_steps - period if period else numeric_steps, period,
                 period == 1, norms, cycle)


# --------------------------------------------------------------------------------------
# PageRank
# --------------------------------------------------------------------------------------


def damping_rational(alpha: float) -> sp.Rational:
    """The damping factor as an exact rational (``0.85 -> 17/20``)."""
    if not 0 < alpha < 1:
        raise ValueError("the damping factor must lie strictly between 0 and 1")
    return sp.Rational(repr(float(alpha))).limit_denominator(10**6)


def stochastic(H: sp.Matrix) -> sp.Matrix:
    """``S``: ``H`` with every dangling (zero) row replaced by the uniform row ``1/n``."""
    S = H.copy()
    n = H.rows
    for i in dangling(H):
        for j in range(n):
            S[i - 1, j] = sp.Rational(1, n)
    return S


def google_matrix(H: sp.Matrix, alpha) -> sp.Matrix:
    """``G = alpha S + (1 - alpha)/n 1 1^T`` (exact)."""
    n = H.rows
    a = sp.Rational(alpha)
    return a * stochastic(H) + (1 - a) / n * sp.ones(n, n)


def stationary(G: sp.Matrix) -> sp.Matrix:
    """The exact stationary vector: ``G^T pi = pi``, ``sum pi = 1``."""
    ns = (G.T - sp.eye(G.rows)).nullspace()
    if len(ns) != 1:
        raise ValueError("the eigenvalue 1 of G is not simple")
    v = ns[0]
    return sp.simplify(v / sum(v))


@dataclass
class PowerIteration:
    vector: np.ndarray      # final iterate
    iterations: int
    step_norms: list        # ||pi^(k+1) - pi^k||_1
    errors: list            # ||pi^k - pi||_1 against the exact stationary vector
    converged: bool


def pagerank(G: sp.Matrix, start: sp.Matrix, exact: Optional[sp.Matrix] = None,
             tol: float = 1e-12, max_iter: int = 2000) -> PowerIteration:
    """Power iteration ``pi^(k+1) = G^T pi^k`` in floats until ``||step||_1 < tol``."""
    A = np.array(G.T.tolist(), dtype=float)
    v = np.array([float(x) for x in start])
    ref = None if exact is None else np.array([float(x) for x in exact])
    steps, errors = [], []
    if ref is not None:
        errors.append(float(np.sum(np.abs(v - ref))))
    for k in range(1, max_iter + 1):
        w = A @ v
        steps.append(float(np.sum(np.abs(w - v))))
        v = w
        if ref is not None:
            errors.append(float(np.sum(np.abs(v - ref))))
        if steps[-1] < tol:
            return PowerIteration(v, k, steps, errors, True)
    return PowerIteration(v, max_iter, steps, errors, False)


# --------------------------------------------------------------------------------------
# drawing
# --------------------------------------------------------------------------------------


def to_tikz(edges, n: int, radius: float = 2.2) -> str:
    """The link graph as a complete ``tikzpicture`` (pages on a circle, links as arrows)."""
    lines = [r"\begin{tikzpicture}[>={Stealth[length=2.2mm]},"
             r" page/.style={circle, draw, thick, minimum size=7mm, inner sep=1pt}]"]
    for i in range(1, n + 1):
        ang = 90 - 360 * (i - 1) / n
        x, y = radius * np.cos(np.radians(ang)), radius * np.sin(np.radians(ang))
        lines.append(rf"  \node[page] (p{i}) at ({x:.3f},{y:.3f}) {{$S_{{{i}}}$}};")
    es = set(edges)
    for i, j in edges:
        if i == j:
            lines.append(rf"  \draw[->] (p{i}) to[loop above, looseness=6] (p{i});")
        elif (j, i) in es:
            lines.append(rf"  \draw[->] (p{i}) to[bend left=14] (p{j});")
        else:
            lines.append(rf"  \draw[->] (p{i}) -- (p{j});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
