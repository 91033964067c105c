"""Parameter domains: where a problem's parameters may lie and how a variant samples them.

A :class:`~symderiv.problems.Param` may carry a ``domain``; :func:`sample` draws a value
from it with a ``numpy.random.Generator``. Every domain returns values of the parameter's
own type (the type of its default: int, float, str or a tuple of floats), so a sampled
variant goes through the same code as ``--param`` values. Domains are data:

* :class:`Grid` - a float from ``lo`` to ``hi`` on a grid of ``step`` (e.g. coordinates in
  [-2, 2] with one decimal); ``exclude`` removes values (e.g. 0);
* :class:`Choice` - one of a few values (e.g. weights in {-1, -0.5, 0.5, 1}, activations);
* :class:`IntRange` - an integer from ``lo`` to ``hi`` (both included);
* :class:`Seq` - ``length`` values of an element domain, as a tuple of floats or, with
  ``sep``, as text (``"3,4,2"``); ``length`` may itself be an :class:`IntRange`;
  ``last`` appends fixed elements (e.g. the softmax of the output layer).

Grids are exact decimals: a value is ``round(lo + k * step, 10)`` so that printing it
gives what a student can handle by hand (``0.7``, not ``0.7000000000000001``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence


class Domain:
    """Base class: ``sample(rng)`` -> one value; ``size()`` -> number of values (or None)."""

    def sample(self, rng) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def size(self) -> Optional[int]:
        return None

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Grid(Domain):
    lo: float
    hi: float
    step: float = 0.1
    exclude: tuple = ()

    def values(self) -> list[float]:
        count = int(round((self.hi - self.lo) / self.step)) + 1
        vals = [round(self.lo + k * self.step, 10) for k in range(count)]
        vals = [0.0 if v == 0 else v for v in vals]
        return [v for v in vals if not any(abs(v - e) < 1e-12 for e in self.exclude)]

    def sample(self, rng) -> float:
        vals = self.values()
        return float(vals[int(rng.integers(len(vals)))])

    def size(self) -> int:
        return len(self.values())

    def describe(self) -> str:
        text = f"[{self.lo:g}, {self.hi:g}] step {self.step:g}"
        return text + (f" except {', '.join(f'{e:g}' for e in self.exclude)}" if self.exclude else "")


@dataclass(frozen=True)
class Choice(Domain):
    options: tuple

    def sample(self, rng) -> Any:
        return self.options[int(rng.integers(len(self.options)))]

    def size(self) -> int:
        return len(self.options)

    def describe(self) -> str:
        return "{" + ", ".join(str(o) for o in self.options) + "}"


@dataclass(frozen=True)
class IntRange(Domain):
    lo: int
    hi: int

    def sample(self, rng) -> int:
        return int(rng.integers(self.lo, self.hi + 1))

    def size(self) -> int:
        return self.hi - self.lo + 1

    def describe(self) -> str:
        return f"{self.lo}..{self.hi}"


@dataclass(frozen=True)
class Seq(Domain):
    element: Domain
    length: Any  # int or IntRange
    sep: Optional[str] = None  # None: a tuple of floats; else text joined by sep
    last: tuple = ()

    def sample(self, rng) -> Any:
        n = self.length.sample(rng) if isinstance(self.length, Domain) else int(self.length)
        items = [self.element.sample(rng) for _ in range(n)] + list(self.last)
        if self.sep is None:
            return tuple(float(v) for v in items)
        return self.sep.join(_text(v) for v in items)

    def size(self) -> Optional[int]:
        k = self.element.size()
        if k is None:
            return None
        lengths = (range(self.length.lo, self.length.hi + 1) if isinstance(self.length, IntRange)
                   else [int(self.length)])
        return sum(k ** n for n in lengths)

    def describe(self) -> str:
        n = self.length.describe() if isinstance(self.length, Domain) else str(self.length)
        tail = f" then {', '.join(map(str, self.last))}" if self.last else ""
        return f"{n} x {self.element.describe()}{tail}"


def _text(v) -> str:
    if isinstance(v, float):
        return f"{v:g}" if v != int(v) else str(int(v))
    return str(v)


def sample(domain: Optional[Domain], default: Any, rng) -> Any:
    """A value of ``domain`` (the default when there is no domain), typed like ``default``."""
    if domain is None:
        return default
    v = domain.sample(rng)
    if isinstance(default, bool):
        return bool(v)
    if isinstance(default, int) and not isinstance(v, str):
        return int(v)
    if isinstance(default, float):
        return float(v)
    if isinstance(default, str) and not isinstance(v, str):
        return _text(v)
    return v


def param_text(value: Any) -> str:
    """A parameter value as ``--param`` text (and as shown in keys): ``1.5``, ``3``, ``1,0.5``."""
    if isinstance(value, tuple):
        return ",".join(_text(float(v)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


def variant_count(domains: Sequence[Optional[Domain]]) -> Optional[int]:
    """How many parameter combinations the domains allow (None: unknown/unbounded)."""
    total = 1
    for d in domains:
        if d is None:
            continue
        k = d.size()
        if k is None:
            return None
        total *= k
    return total
