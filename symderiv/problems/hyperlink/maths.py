"""The maths of 001 Aufgabe 12, as data (no prose): one variant's link graph, its hyperlink
matrix, the exact spectrum, the orbit of the plain iteration from the sheet's start
``pi^0 = e_n``, and the damped (PageRank) iteration.

The sheet's figure of the model internet is not part of its text, so its graph cannot be
recovered. Graph 1 is our guess (6 pages, 8 links, periodic with period 4, every page has an
outgoing link); the other graphs of the family are strongly connected periodic graphs on
6 pages with distinct characteristic polynomials (so the variants' answers differ).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symderiv.problems import ProblemError
from symderiv.problems.hyperlink import markov

PAGES = 6
FAMILY = 30


def _strongly_connected(edges, n: int) -> bool:
    def reach(adj):
        seen, todo = {1}, [1]
        while todo:
            i = todo.pop()
            for j in adj.get(i, ()):
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
        return len(seen) == n
    fwd: dict = {}
    bwd: dict = {}
    for i, j in edges:
        fwd.setdefault(i, []).append(j)
        bwd.setdefault(j, []).append(i)
    return reach(fwd) and reach(bwd)


def _periodic_graph(rng, n: int) -> list:
    """Pages in ``d`` classes visited in cyclic order (d = 2, 3 or 4): every link goes from a
    class to the next one, so every cycle has a length divisible by d (period >= d > 1)."""
    d = int(rng.choice([2, 3, 4]))
    cls = list(range(d)) + [int(c) for c in rng.integers(0, d, n - d)]
    rng.shuffle(cls)
    edges = []
    for i in range(1, n + 1):
        nxt = [j for j in range(1, n + 1) if cls[j - 1] == (cls[i - 1] + 1) % d]
        k = int(rng.integers(1, min(2, len(nxt)) + 1))
        edges += [(i, int(j)) for j in sorted(rng.choice(nxt, k, replace=False))]
    return edges


@lru_cache(maxsize=1)
def family() -> tuple:
    """The graphs of the variants (edge lists); the first is the guessed graph of the sheet."""
    guess, _ = markov.parse_edges(markov.DEFAULT_EDGES)
    graphs, polys = [guess], {markov.hyperlink_matrix(guess, PAGES).charpoly(markov.LAM).as_expr()}
    rng = np.random.default_rng(12)
    while len(graphs) < FAMILY:
        edges = _periodic_graph(rng, PAGES)
        if not _strongly_connected(edges, PAGES):
            continue
        poly = markov.hyperlink_matrix(edges, PAGES).charpoly(markov.LAM).as_expr()
        if poly not in polys:
            polys.add(poly)
            graphs.append(edges)
    return tuple(tuple(g) for g in graphs)


@dataclass
class Maths:
    graph: int
    edges: list
    n: int
    alpha: Any               # damping factor (exact rational)
    H: sp.Matrix
    Hf: np.ndarray           # H built independently (adjacency rows / out-degrees, NumPy)
    spec: Any                # markov.Spectrum
    start: int               # the page of pi^0 = e_start (the sheet: the last page)
    orbit: Any               # markov.Orbit
    G: sp.Matrix
    station: sp.Matrix
    run: Any                 # markov.PowerIteration
    seed: int

    @property
    def out(self) -> dict:
        links: dict = {}
        for i, j in self.edges:
            links.setdefault(i, []).append(j)
        return links


def numpy_h(edges, n: int) -> np.ndarray:
    """H independently of markov.hyperlink_matrix: adjacency rows divided by the out-degree."""
    A = np.zeros((n, n))
    for i, j in edges:
        A[i - 1, j - 1] = 1.0
    deg = A.sum(axis=1, keepdims=True)
    return np.divide(A, deg, out=np.zeros_like(A), where=deg > 0)


def prepare(params: dict, seed: int) -> Maths:
    k = int(params["graph"])
    if not 1 <= k <= FAMILY:
        raise ProblemError(f"parameter 'graph' must be a number from 1 to {FAMILY}")
    try:
        alpha = markov.damping_rational(float(params["damping"]))
    except ValueError as exc:
        raise ProblemError(f"parameter error: {exc}") from None
    edges = list(family()[k - 1])
    n = PAGES
    H = markov.hyperlink_matrix(edges, n)
    e0 = markov.unit_vector(n, n)
    G = markov.google_matrix(H, alpha)
    station = markov.stationary(G)
    return Maths(k, edges, n, alpha, H, numpy_h(edges, n), markov.spectrum(H), n,
                 markov.orbit(H, e0, steps=4 * n), G, station, markov.pagerank(G, e0, station), seed)


def errors_and_bound(m: Maths) -> tuple[np.ndarray, np.ndarray]:
    """||pi^k - pi||_1 of the damped iteration and the bound alpha^k ||pi^0 - pi||_1."""
    errs = np.array(m.run.errors)
    return errs, float(m.alpha) ** np.arange(len(errs)) * errs[0]


def bound_attained(m: Maths, upto: int = 60) -> bool:
    """Whether the bound holds with equality over the first ``upto`` steps (no cancellation:
    H^T keeps the 1-norm of pi^k - pi)."""
    errs, bound = errors_and_bound(m)
    k = min(upto, len(errs))
    return bool(np.all(np.abs(errs[:k] - bound[:k]) <= 1e-9 * bound[:k]))
