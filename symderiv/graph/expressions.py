"""The expressions of a graph's nodes written in the inputs, built on demand without
recursion, and their sizes (what printing them would cost). A mixin of
:class:`~symderiv.graph.core.Graph`."""
from __future__ import annotations

from typing import Iterable, Optional

import sympy as sp

from symderiv.graph.nodes import NodeTable


_SUM_OPS = ("+", "-", "neg")
_FAMILY = {"+": 1, "-": 1, "neg": 1, "*": 2, "/": 2}
#: expressions in the inputs are printed up to this size and depth, else the node ids
PRINT_LIMIT = 20_000
PRINT_DEPTH = 100  # SymPy's printers use ~5 frames a level: within Python's default stack


class Expressions(NodeTable):
    def __init__(self) -> None:
        super().__init__()
        self._printable: Optional[list[bool]] = None
        self._sym_index: Optional[dict[sp.Symbol, int]] = None

    def build_expressions(self, targets: Optional[Iterable[int]] = None) -> None:
        """Build the subexpressions (in the inputs) of ``targets`` (default: every node) and
        of what they need, parents first, without recursion. A sum gathers the terms of the
        sums it alone uses into one ``Add``: adding one term at a time would re-flatten the
        growing sum each time (quadratic in the number of terms)."""
        nodes = self.nodes
        if targets is None:
            need = [True] * len(nodes)
        else:
            need = [False] * len(nodes)
            targets = list(targets)
            stack = [i for i in targets if nodes[i]._expr is None]
            while stack:
                i = stack.pop()
                if need[i]:
                    continue
                need[i] = True
                stack.extend(p for p in nodes[i].parents if nodes[p]._expr is None and not need[p])
        target_set = set(range(len(nodes))) if targets is None else set(targets)

        def absorbed(i: int) -> bool:  # a sum used once, by a sum: gathered into its user
            return (nodes[i].op in _SUM_OPS and len(self.children[i]) == 1 and i not in target_set
                    and nodes[self.edge_dst[self.children[i][0]]].op in _SUM_OPS)

        for n in nodes:  # topological order: parents first
            if not need[n.index] or n._expr is not None or (targets is not None and absorbed(n.index)):
                continue
            if n.op == "input":
                n._expr = n.sym
                continue
            if n.op not in _SUM_OPS:
                n._expr = n.op.apply([nodes[p].expr for p in n.parents], n.param)
                continue
            terms: list[sp.Expr] = []
            todo = [(n.index, 1)]  # (node, its sign in the sum)
            while todo:
                i, sign = todo.pop()
                m = nodes[i]
                if i != n.index and not (m._expr is None and absorbed(i)):
                    terms.append(m.expr if sign > 0 else -m.expr)
                elif m.op == "neg":
                    todo.append((m.parents[0], -sign))
                else:
                    todo.append((m.parents[1], -sign if m.op == "-" else sign))
                    todo.append((m.parents[0], sign))
            n._expr = sp.Add(*terms)

    @property
    def sym_to_expr(self) -> dict:
        """Node symbol -> subexpression in the inputs, for every operation node."""
        self.build_expressions()
        return {n.sym: n._expr for n in self.nodes if not n.op.is_leaf}

    def in_inputs(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` (in node symbols) written in the inputs: only the node symbols it
        contains are built and substituted."""
        by_sym = self._by_sym()
        used = [by_sym[s] for s in expr.free_symbols if s in by_sym]
        if not used:
            return expr
        self.build_expressions(used)
        return expr.xreplace({self.nodes[i].sym: self.nodes[i]._expr for i in used})

    def tree_sizes(self, cap: int) -> list[int]:
        """Tree nodes of every node's subexpression written out in the inputs (shared
        subexpressions counted at every use, as a printed formula repeats them), capped."""
        size = [1] * len(self.nodes)
        for n in self.nodes:
            if n.parents:
                size[n.index] = min(cap, 1 + (n.op == "pow") + sum(size[p] for p in n.parents))
        return size

    def depths(self) -> list[int]:
        """Nesting depth of every node's expression: the longest path from a leaf, where a
        sum of a sum (a product of a product) adds no level, as SymPy flattens them."""
        nodes = self.nodes
        d = [0] * len(nodes)
        for n in nodes:
            if n.parents:
                fam = _FAMILY.get(n.op.kind)
                d[n.index] = max(d[p] + (0 if fam is not None and _FAMILY.get(nodes[p].op.kind) == fam else 1)
                                 for p in n.parents)
        return d

    def depth(self) -> int:
        return self.depths()[self.output]

    def printable(self, index: int) -> bool:
        """Is node ``index``'s expression small and shallow enough to print in the inputs
        (SymPy's printers recurse once per level)?"""
        if self._printable is None:
            sizes, depths = self.tree_sizes(PRINT_LIMIT + 1), self.depths()
            self._printable = [s <= PRINT_LIMIT and d <= PRINT_DEPTH for s, d in zip(sizes, depths)]
        return self._printable[index]

    def _by_sym(self) -> dict[sp.Symbol, int]:
        if self._sym_index is None:
            self._sym_index = {n.sym: n.index for n in self.nodes if not n.op.is_leaf}
        return self._sym_index

