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


class BudgetError(ValueError):
    """An operation would exceed its size or time limit (bad input for the CLI: exit 2)."""


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
