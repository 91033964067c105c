"""Size and time limits of a derivation, said clearly.

Operations whose cost can explode (a symbolic Hessian of a deep chain, the closed form of
an exponentially growing expression) estimate their cost from the graph first and raise
:class:`BudgetError` naming the limit and the option that raises it, instead of running
for minutes. The CLI builds a :class:`Budget` from ``--max-nodes`` and ``--timeout``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

#: default limit on the size (tree nodes) of a symbolic result
MAX_NODES = 200_000


from symderiv.language.limits import BudgetError

__all__ = ["MAX_NODES", "MAX_EXPANDED_TERMS", "Budget", "BudgetError", "DEFAULT", "expanded_terms",
           "expands_small"]

#: largest number of terms (estimated) that ``expand``/``cancel``/``simplify`` may produce
MAX_EXPANDED_TERMS = 200


@dataclass
class Budget:
    """``max_nodes``: largest symbolic result (tree nodes written out) an operation may
    build; ``timeout``: seconds from the creation of the budget (``None``: no limit)."""

    max_nodes: int = MAX_NODES
    timeout: Optional[float] = None
    started: float = field(default_factory=time.monotonic)

    def check_size(self, what: str, size: int, hint: str = "") -> None:
        """Raise if ``size`` (estimated tree nodes) exceeds ``max_nodes``."""
        if size > self.max_nodes:
            more = f"; {hint}" if hint else ""
            raise BudgetError(f"{what} too large: about {_big(size)} nodes written out "
                              f"(limit {self.max_nodes}, raise it with --max-nodes){more}")

    def check_time(self, what: str) -> None:
        """Raise if the time limit has passed (call it between steps of long work)."""
        if self.timeout is not None and time.monotonic() - self.started > self.timeout:
            raise BudgetError(f"{what} stopped after the time limit of {self.timeout:g} s "
                              f"(raise it with --timeout)")


def _big(n: int) -> str:
    return f"{n}" if n < 10**12 else f"1e{len(str(n)) - 1}"


DEFAULT = Budget()


def expanded_terms(expr, cap: int = 10**12) -> int:
    """An upper estimate of the number of terms of ``expr`` written out as a sum of
    products (what ``expand``, ``cancel`` and ``simplify`` may build), without building
    it: a sum adds its terms' counts, a product multiplies them, a power of a sum of k
    terms to an integer n has the multinomial count C(n+k-1, k-1) (also for n < 0:
    ``cancel`` expands the denominator), a function counts its arguments. Counts stop at
    ``cap``. Iterative, shared subexpressions counted once each."""
    from math import comb
    memo: dict = {}
    stack = [(expr, False)]
    while stack:
        e, done = stack.pop()
        if e in memo:
            continue
        args = getattr(e, "args", ())
        if not done and args:
            stack.append((e, True))
            stack.extend((a, False) for a in args if a not in memo)
            continue
        if not args:
            n = 1
        elif e.is_Add:
            n = sum(memo[a] for a in args)
        elif e.is_Mul:
            n = 1
            for a in args:
                n = min(cap, n * memo[a])
        elif e.is_Pow and e.exp.is_Integer:
            k, p = memo[e.base], abs(int(e.exp))
            n = 1 if k == 1 else (cap if k >= cap or p >= cap else comb(p + k - 1, k - 1))
        elif e.is_Pow:
            n = memo[e.base] * memo[e.exp]
        else:
            n = sum(memo[a] for a in args)
        memo[e] = min(cap, max(1, n))
    return memo[expr]


def expands_small(expr, limit: int = MAX_EXPANDED_TERMS) -> bool:
    """May ``expr`` be expanded (``expand``, ``cancel``, ``simplify``)? Not when its
    estimated expanded size (:func:`expanded_terms`) is over ``limit`` terms: then the
    unexpanded form is kept."""
    return expanded_terms(expr, cap=limit + 1) <= limit
