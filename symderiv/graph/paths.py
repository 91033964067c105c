"""Paths from an input to the output of a graph (counts by dynamic programming, the paths
themselves for small graphs). A mixin of :class:`~symderiv.graph.core.Graph`."""
from __future__ import annotations

from typing import Iterable, Optional

import sympy as sp

from symderiv.graph.nodes import NodeTable
from symderiv.language.ops import INPUT


class Paths(NodeTable):
    def __init__(self) -> None:
        super().__init__()
        self._path_counts: Optional[list[int]] = None

    def reaches(self, input_ids: Iterable[str]) -> list[bool]:
        """Per node: does it depend on one of the inputs ``input_ids`` (a path from it)?
        One pass in topological order."""
        wanted = set(input_ids)
        reach = [False] * len(self.nodes)
        for i, n in enumerate(self.nodes):
            parents = n.parents
            if not parents:
                reach[i] = n.op is INPUT and n.id in wanted
            elif len(parents) == 1:
                reach[i] = reach[parents[0]]
            else:
                for p in parents:
                    if reach[p]:
                        reach[i] = True
                        break
        return reach

    def path_count(self, input_id: str) -> int:
        """Number of paths from the input to the output."""
        return self.path_counts()[self.node_index(input_id)]

    def path_counts(self) -> list[int]:
        """Number of paths from every node to the output (one reverse pass)."""
        if self._path_counts is None:
            count = [0] * len(self.nodes)
            count[self.output] = 1
            for n in reversed(self.nodes):
                if n.index != self.output:
                    count[n.index] = sum(count[self.edge_dst[ei]] for ei in self.children[n.index])
            self._path_counts = count
        return self._path_counts

    def paths(self, input_id: str, limit: int = 1000) -> list[list[int]]:
        """The paths (lists of edge indices) from the input to the output."""
        if self.path_count(input_id) > limit:
            raise ValueError(f"more than {limit} paths from {input_id}")
        src = self.node(input_id).index
        out: list[list[int]] = []
        stack: list[tuple[int, list[int]]] = [(src, [])]  # depth-first, without recursion (paths can be long)
        while stack:
            node, acc = stack.pop()
            if node == self.output:
                out.append(acc)
                continue
            for ei in reversed(self.children[node]):
                stack.append((self.edge_dst[ei], acc + [ei]))
        return out

    def path_products(self, input_id: str) -> list[sp.Expr]:
        """Product of the local derivatives (in the inputs) along each path."""
        return [sp.Mul(*[self.edges[e].derivative for e in p]) for p in self.paths(input_id)]

