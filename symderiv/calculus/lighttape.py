"""The reverse-accumulation tape planned without SymPy objects, and printed from templates.

:class:`Plan` is a value domain of the one reverse sweep (:func:`symderiv.graph.sweep.sweep`),
which decides for it, as for the SymPy tape, which adjoints need a line: an adjoint that is a number or a single symbol is passed on
(``vbar_3 = 1`` is no line), every other adjoint and every input's adjoint gets one. The
lines are printed from the rules' templates (:mod:`symderiv.language.templates`), so a tape
of 10,000 layers is planned and printed in linear time, without building SymPy objects.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import sympy as sp

from symderiv.graph.core import Graph
from symderiv.graph.rules import adjoint_name
from symderiv.graph.sweep import sweep
from symderiv.language.ops import CONST, INPUT
from symderiv.language.templates import fits, join_terms, product
from symderiv.language.names import paused_gc
from symderiv.language.printing import to_latex, to_text

# an adjoint value: ("num", Number) or ("sym", name of a node symbol or an adjoint symbol)
ONE = ("num", sp.S.One)
_MISSING = object()


_NAME_PRINTER = None


@lru_cache(maxsize=None)
def _latex_name(name: str) -> str:
    """A name in LaTeX as SymPy prints its symbol (``hbar_3`` -> ``\\hbar_{3}``), through one
    printer (no Symbol and no printer per name)."""
    global _NAME_PRINTER
    if _NAME_PRINTER is None:
        from sympy.printing.latex import LatexPrinter
        _NAME_PRINTER = LatexPrinter()
    return _NAME_PRINTER._deal_with_super_sub(name)


def _name(name: str, fmt: str) -> str:
    return name if fmt == "text" else _latex_name(name)


class Plan:
    """The tape planned by :func:`~symderiv.graph.sweep.sweep` in the domain of printed
    values: an adjoint is ``("num", Number)`` or ``("sym", name)``."""

    one = ONE
    skip_constants = True

    @paused_gc
    def __init__(self, g: Graph, wrt: list):
        self.g = g
        self.wrt = [getattr(v, "name", v) for v in wrt]  # the variables' names
        self._tpl: list = [_MISSING] * len(g.edge_dst)  # edge -> its local rule's template (None: by SymPy)
        self._kinds: dict = {}  # (op, arguments, parameter) -> the templates of its slots
        self._names: dict = {}  # fmt -> every node's name as an argument
        self.lines: list = []  # (node index, adjoint name, terms [(value, edge)] or a value)
        self.adj: list = sweep(g, self, wrt=self.wrt)

    def is_zero(self, a) -> bool:
        return a[0] == "num" and a[1] == 0

    def accumulate(self, n, terms):
        if len(terms) == 1 and n.op is not INPUT:  # the usual node: one child
            a, ei = terms[0]
            t = self._tpl[ei]
            if t is _MISSING:
                t = self._find_template(ei)
            if t is not None and t.kind == "expr":  # a line (what _simple finds, sooner)
                name = adjoint_name(n.id)
                self.lines.append((n.index, name, terms))
                return ("sym", name)
        simple = self._simple(terms)
        if simple is not None and n.op is not INPUT:
            return simple
        name = adjoint_name(n.id)
        self.lines.append((n.index, name, simple if simple is not None else terms))
        return ("sym", name)

    def _input_adjoint(self, name: str):
        i = self._input_index().get(name)
        a = self.adj[i] if i is not None else None
        return ("num", sp.S.Zero) if a is None else a

    def _input_index(self) -> dict:
        if getattr(self, "_inputs", None) is None:
            self._inputs = {n.id: n.index for n in self.g.inputs()}
        return self._inputs

    # ------------------------------------------------------------------ planning
    def _template(self, ei: int):
        t = self._tpl[ei]
        if t is _MISSING:
            t = self._tpl[ei] = self._find_template(ei)
        return t

    def _find_template(self, ei: int):
        """The templates of all the edges into the target of edge ``ei``, found at once
        (one lookup per kind of node: operation, number of arguments, parameter)."""
        g = self.g
        n = g.nodes[g.edge_dst[ei]]
        parents = n.parents
        k = len(parents)
        in_edges = g.in_edges[n.index]
        if k > 1 and (not fits(k) or (parents[0] == parents[1] if k == 2 else len(set(parents)) < k)):
            found: list = [None] * len(in_edges)  # partials that depend on argument identity: SymPy prints them
        else:
            key = (id(n.op), k, n.param)
            cached = self._kinds.get(key)
            if cached is None:
                cached = self._kinds[key] = [n.op.local_template(k, slot, n.param) for slot in range(k)]
            found = cached
        tpl = self._tpl
        for e, t in zip(in_edges, found):
            tpl[e] = t
        return tpl[ei]

    def _simple(self, terms):
        """The adjoint as a number or one symbol, if it is one; else None."""
        if not terms:
            return ("num", sp.S.Zero)
        if len(terms) == 1:
            a, ei = terms[0]
            t = self._tpl[ei]
            if t is _MISSING:
                t = self._find_template(ei)
            if t is None:
                return None
            if t.kind == "number":
                if a[0] == "num":
                    return ("num", a[1] * t.expr)
                return a if t.number == 1 else None
            if t.kind == "symbol" and a == ONE:
                dst = self.g.edge_dst[ei]
                node = self.g.nodes[dst if t.symbol == -1 else self.g.nodes[dst].parents[t.symbol]]
                return ("num", node.param) if node.op is CONST else ("sym", node.id)
            return None
        tpls = []
        for a, ei in terms:
            t = self._template(ei)
            if a[0] != "num" or t is None or t.kind != "number":
                return None
            tpls.append(t)
        return ("num", sp.Add(*[a[1] * t.expr for (a, _), t in zip(terms, tpls)]))

    # ------------------------------------------------------------------ printing
    def _arg_names(self, fmt: str) -> list:
        """Every node as an argument of a printed rule (names; constants by value)."""
        names = self._names.get(fmt)
        if names is None:
            if fmt == "text":  # a node's name is its id (a constant: its value)
                names = [n.id if n.op is not CONST else self._arg(n.index, fmt) for n in self.g.nodes]
            else:
                names = [self._arg(i, fmt) for i in range(len(self.g.nodes))]
            self._names[fmt] = names
        return names

    def _arg(self, i: int, fmt: str) -> str:
        n = self.g.nodes[i]
        if n.op is not CONST:
            return _name(n.id, fmt)
        v = n.param
        code = to_text(v) if fmt == "text" else to_latex(v)
        if v.is_Integer and v >= 0 or v.is_Symbol or v in (sp.pi, sp.E):
            return code
        return f"({code})" if fmt == "text" else rf"\left({code}\right)"

    def _value(self, a, fmt: str) -> str:
        if a[0] == "num":
            return to_text(a[1]) if fmt == "text" else to_latex(a[1])
        return _name(a[1], fmt)

    def _term(self, a, ei: int, fmt: str, names: Optional[list] = None) -> Optional[str]:
        """One term ``adjoint * local partial`` of an adjoint line, printed (``None``: zero);
        ``names``: :meth:`_arg_names` of ``fmt``."""
        t = self._tpl[ei]
        if t is _MISSING:
            t = self._template(ei)
        g = self.g
        if t is not None:
            number = t.number
            if number is not None and number == 0:
                return None
        if t is None or (a[0] == "num" and a != ONE) or (
                t.symbol >= 0 and g.nodes[g.nodes[g.edge_dst[ei]].parents[t.symbol]].op is CONST):
            e = g.edges[ei]
            value = a[1] if a[0] == "num" else sp.Symbol(a[1], real=True)
            expr = value * e.local
            if expr == 0:
                return None
            return to_text(expr) if fmt == "text" else to_latex(expr)
        if names is None:
            names = self._arg_names(fmt)
        dst = g.edge_dst[ei]
        code = (t.text_format if fmt == "text" else t.latex_format).format(
            *map(names.__getitem__, g.nodes[dst].parents), out=names[dst])
        if a is ONE or a == ONE:
            return code
        return product(a[1] if a[0] == "sym" and fmt == "text" else self._value(a, fmt), code, t, fmt)

    def forward_rows(self, fmt: str = "text") -> list:
        out = []
        names = self._arg_names(fmt)
        kinds: dict = {}
        nodes = self.g.nodes
        text = fmt == "text"
        for n in self.g.operations():
            parents = n.parents
            k = len(parents)
            key = (id(n.op), k, n.param)
            pattern = kinds.get(key)
            if pattern is None:  # the rule's format pattern ("": too many arguments, SymPy prints it)
                if fits(k):
                    t = n.op.template(k, n.param)
                    pattern = kinds[key] = t.text_format if text else t.latex_format
                else:
                    pattern = kinds[key] = ""
            if pattern:
                rhs = pattern.format(*map(names.__getitem__, parents), out="")
            else:
                rhs_expr = n.op.apply([nodes[p].sym for p in parents], n.param)
                rhs = to_text(rhs_expr) if text else to_latex(rhs_expr)
            out.append((names[n.index], rhs))
        return out

    def reverse_rows(self, fmt: str = "text") -> list:
        out = []
        term, value = self._term, self._value
        text = fmt == "text"
        names = self._arg_names(fmt)
        for _, name, body in self.lines:
            rhs: Optional[str]
            if isinstance(body, tuple):
                rhs = value(body, fmt)
            elif len(body) == 1:  # the usual line: one term
                a, ei = body[0]
                rhs = term(a, ei, fmt, names)
                if rhs is None:
                    rhs = "0"
            else:
                terms = [term(a, ei, fmt, names) for a, ei in body]
                rhs = join_terms([x for x in terms if x is not None], fmt)
            out.append((name if text else _latex_name(name), rhs))
        return out

    @paused_gc
    def rows(self, fmt: str = "text") -> list:
        return self.forward_rows(fmt) + self.reverse_rows(fmt)

    @paused_gc
    def outputs(self, fmt: str = "text") -> list:
        return [self._value(self._input_adjoint(v), fmt) for v in self.wrt]

    # ------------------------------------------------------------------ size
    def closed_form_depth(self) -> int:
        """Nesting depth of the closed forms (an upper estimate), without building them."""
        g = self.g
        node_depth = g.depths()
        depth_of: dict[str, int] = {}  # adjoint name -> depth

        def value_depth(a) -> int:
            if a[0] == "num":
                return 0
            return depth_of[a[1]] if a[1] in depth_of else node_depth[g.node_index(a[1])]

        for _, name, body in self.lines:
            if isinstance(body, tuple):
                depth_of[name] = value_depth(body)
                continue
            deepest = 0
            for a, ei in body:
                n = g.nodes[g.edge_dst[ei]]
                local = 3 + max([node_depth[n.index]] + [node_depth[p] for p in n.parents])
                deepest = max(deepest, value_depth(a) + 1, local)
            depth_of[name] = deepest + (1 if len(body) > 1 else 0)
        return max([value_depth(self._input_adjoint(v)) for v in self.wrt] + [0])

    def closed_form_size(self, cap: int) -> int:
        """Tree nodes of the closed forms written out, without building them."""
        g = self.g
        node_size = g.tree_sizes(cap)
        size_of: dict[str, int] = {}  # adjoint name -> size
        nodes, dst = g.nodes, g.edge_dst
        by_template: dict = {}  # id(template) -> (own nodes, ((placeholder, uses), ...))

        def value_size(a) -> int:
            if a[0] == "num":
                return 1
            return size_of.get(a[1], 1) if a[1] in size_of else node_size[g.node_index(a[1])]

        for _, name, body in self.lines:
            if isinstance(body, tuple):
                size_of[name] = value_size(body)
                continue
            total = 0
            for a, ei in body:
                t = self._template(ei)
                n = nodes[dst[ei]]
                if t is None:
                    local = sum(node_size[p] for p in n.parents) + node_size[n.index]
                else:  # as _template_size, with the template's counts looked up once per template
                    counts = by_template.get(id(t))
                    if counts is None:
                        own, mult = _template_counts(t.expr)
                        counts = by_template[id(t)] = (own, tuple(mult.items()))
                    own, mult = counts
                    parents = n.parents
                    local = own + sum(m * (node_size[n.index] if k == -1 else node_size[parents[k]]) for k, m in mult)
                if a[0] == "sym" and a[1] in size_of:
                    total += 1 + local + size_of[a[1]]
                else:
                    total += 1 + local + value_size(a)
            size_of[name] = min(cap, total)
        sizes = [value_size(self._input_adjoint(v)) for v in self.wrt]
        return min(cap, sum(sizes))


def _template_size(expr, arg_sizes, out_size) -> int:
    own, mult = _template_counts(expr)
    return own + sum(m * (out_size if k == -1 else arg_sizes[k]) for k, m in mult.items())


@lru_cache(maxsize=None)
def _template_counts(expr):
    """(tree nodes other than placeholders, {placeholder index (-1 output): uses})."""
    from symderiv.language.templates import ARGS, OUT
    own, stack = 0, [expr]
    mult: dict[int, int] = {}  # placeholder index -> uses
    while stack:
        e = stack.pop()
        if e == OUT:
            mult[-1] = mult.get(-1, 0) + 1
        elif e.is_Symbol and e in ARGS:
            k = ARGS.index(e)
            mult[k] = mult.get(k, 0) + 1
        else:
            own += 1
            stack.extend(e.args)
    return own, mult
