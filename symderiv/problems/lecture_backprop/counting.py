"""The computations behind the ``lecture-backprop`` report (lecture 003, part 3).

* :class:`Counting`: a float that counts the multiplications done with it, so that the
  operation counts of forward and reverse accumulation are *measured* by running the graph
  machinery (``Graph.tangents`` / ``Graph.adjoints``), not typed;
* :func:`accumulation_counts`: multiplications of path enumeration, forward accumulation
  (one sweep per input) and reverse accumulation (one sweep) on a graph;
* :func:`difference_errors`: errors of forward and central differences over a range of
  steps h (median over several points), the rounding-floor model and fitted log-log slopes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class Counting(float):
    """A float whose multiplications are counted in the class attribute ``count``."""

    count = 0

    def __mul__(self, other):
        Counting.count += 1
        return Counting(float(self) * float(other))

    __rmul__ = __mul__

    def __add__(self, other):
        return Counting(float(self) + float(other))

    __radd__ = __add__


def _counted(fn) -> tuple:
    Counting.count = 0
    out = fn()
    return out, Counting.count


@dataclass
class Counts:
    edges: int
    paths: int
    path_mults: int        # multiplications of the path enumeration (all paths, every input)
    forward_mults: int     # forward accumulation, one sweep per input
    reverse_mults: int     # reverse accumulation, one sweep
    forward_grad: list
    reverse_grad: list
    path_grad: list


def accumulation_counts(g, point: dict, wrt: list) -> Counts:
    """Run the three ways of computing the gradient of ``g`` w.r.t. the inputs ``wrt`` on
    counting floats and return the counted multiplications and the gradients."""
    vals = g.forward(point)
    evals = [Counting(float(np.real(v))) for v in g.edge_values(vals)]
    rev, n_rev = _counted(lambda: g.adjoints(point, vals, evals))
    fwd_grad, n_fwd = [], 0
    for v in wrt:
        tan, c = _counted(lambda v=v: g.tangents(point, v, vals, evals))
        fwd_grad.append(float(tan[g.output]))
        n_fwd += c
    path_grad, n_path, n_paths = [], 0, 0
    for v in wrt:
        def enumerate_paths(v=v):
            total = 0.0
            for p in g.paths(v):
                prod = Counting(1.0)
                for e in p:
                    prod = prod * evals[e]
                total = total + prod
            return total
        total, c = _counted(enumerate_paths)
        path_grad.append(float(total))
        n_path += c
        n_paths += g.path_count(v)
    return Counts(len(g.edges), n_paths, n_path, n_fwd, n_rev, fwd_grad,
                  [float(rev[g.node(v).index]) for v in wrt], path_grad)


@dataclass
class DifferenceErrors:
    h: np.ndarray
    forward: np.ndarray     # median relative error of (f(x+h) - f(x)) / h
    central: np.ndarray     # median relative error of (f(x+h) - f(x-h)) / (2h)
    floor: np.ndarray       # rounding model eps |f| / (h |f'|) (median)
    slopes: dict            # fitted log-log slopes: name -> (slope, h range)
    h_opt: dict             # step with the smallest error: name -> h


#: where each slope is fitted: truncation-dominated and rounding-dominated ranges of h
SLOPE_RANGES = {"forward, truncation": ("forward", 1e-6, 1e-2),
                "central, truncation": ("central", 1e-4, 1e-1),
                "forward, rounding": ("forward", 1e-15, 1e-10),
                "central, rounding": ("central", 1e-15, 1e-8)}


def difference_errors(f, df, xs, h=None) -> DifferenceErrors:
    """Relative errors of both difference quotients at the points ``xs`` for every step,
    the median over the points, and least-squares slopes of log10(error) on log10(h)."""
    h = np.logspace(-16, -1, 151) if h is None else np.asarray(h, dtype=float)
    xs = np.asarray(xs, dtype=float)
    exact = df(xs)
    eps = np.finfo(float).eps
    fwd = np.array([np.median(np.abs((f(xs + t) - f(xs)) / t - exact) / np.abs(exact)) for t in h])
    cen = np.array([np.median(np.abs((f(xs + t) - f(xs - t)) / (2 * t) - exact) / np.abs(exact)) for t in h])
    floor = np.array([np.median(eps * np.abs(f(xs)) / (t * np.abs(exact))) for t in h])
    slopes = {}
    for name, (which, lo, hi) in SLOPE_RANGES.items():
        err = fwd if which == "forward" else cen
        m = (h >= lo) & (h <= hi) & (err > 0)
        slopes[name] = (float(np.polyfit(np.log10(h[m]), np.log10(err[m]), 1)[0]), (lo, hi))
    return DifferenceErrors(h, fwd, cen, floor, slopes,
                            {"forward": float(h[np.argmin(fwd)]), "central": float(h[np.argmin(cen)])})
