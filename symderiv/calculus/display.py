"""How the calculus results show themselves: in notebooks (``_repr_html_``,
``_repr_latex_``) and through SymPy's own printers (``sympy.latex``, ``sympy.pretty``,
``str``).

SymPy's printers dispatch on the class name (``_print_Gradient`` belongs to
``sympy.vector``); an object with a ``_latex``, ``_pretty`` or ``_sympystr`` method is
asked first, so :class:`~symderiv.calculus.reverse.Gradient` and :class:`Tape` define those
and delegate here (so their parameters are typed ``Any`` here: importing those classes
would be an import cycle). Every piece of text in HTML is escaped; maths is MathJax ``\\( ... \\)``.
"""
from __future__ import annotations

from html import escape
from typing import Any

import sympy as sp
from sympy.printing.pretty.stringpict import prettyForm, stringPict

#: tape lines shown in a notebook before the rest is elided
SHOWN_LINES = 60


class Tape(list):
    """The reverse-accumulation tape: ``[(symbol, expression)]``, the forward assignments
    (the first ``n_forward``) and then the adjoint assignments. A list, which displays
    itself as a table in notebooks and as aligned equations through ``sympy.latex``."""

    def __init__(self, lines: list, n_forward: int) -> None:
        super().__init__(lines)
        self.n_forward = n_forward

    def _latex(self, printer: Any = None) -> str:
        rows = [f"{sp.latex(s)} &= {sp.latex(r)}" for s, r in self[:SHOWN_LINES]]
        if len(self) > SHOWN_LINES:
            rows.append(r"&\;\vdots")
        return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"

    def _sympystr(self, printer: Any = None) -> str:
        return "\n".join(f"{s} = {r}" for s, r in self)

    def _repr_latex_(self) -> str:
        return f"${self._latex()}$"

    def _repr_html_(self) -> str:
        """A table: line, the assigned symbol, its expression; forward part, then adjoints."""
        parts = ['<table class="symderiv-tape">', "<tr><th>#</th><th>line</th><th>part</th></tr>"]
        for i, (s, r) in enumerate(self[:SHOWN_LINES]):
            part = "forward" if i < self.n_forward else "adjoint"
            maths = escape(f"{sp.latex(s)} = {sp.latex(r)}")
            parts.append(f"<tr><td>{i + 1}</td><td>\\({maths}\\)</td><td>{part}</td></tr>")
        if len(self) > SHOWN_LINES:
            parts.append(f'<tr><td colspan="3">... {len(self) - SHOWN_LINES:,} more lines</td></tr>')
        parts.append("</table>")
        return "\n".join(parts)


def gradient_latex(grad: Any) -> str:
    """The partial derivatives as ``aligned`` LaTeX (the tape first when the closed form is
    too large to print), without math delimiters."""
    from symderiv.language.parse import symbol
    from symderiv.language.printing import to_latex
    rows = []
    if not grad.is_compact():
        tape = grad.tape_rows("latex")
        rows += [f"{s} &= {r}" for s, r in tape[:SHOWN_LINES]]
        if len(tape) > SHOWN_LINES:
            rows.append(r"&\;\vdots")
        shown = grad.output_texts("latex")
    else:
        shown = [to_latex(g) for g in grad.closed_form]
    f = to_latex(symbol(grad.graph.name))  # f, or a program's output name
    rows += [r"\frac{\partial %s}{\partial %s} &= %s" % (f, to_latex(v), g) for v, g in zip(grad.wrt, shown)]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def gradient_pretty(grad: Any, printer: Any) -> prettyForm:
    """``sympy.pretty(gradient)``: one line ``df/dx = ...`` (``dy/dx``: a program's output
    name) per variable, SymPy's 2-D
    layout for each partial (the tape's text when the closed form is too large)."""
    if not grad.is_compact():
        lines = [f"{s} = {r}" for s, r in grad.tape_rows()[:SHOWN_LINES]]
        lines += [f"d{grad.graph.name}/d{v.name} = {o}" for v, o in zip(grad.wrt, grad.output_texts())]
        return prettyForm("\n".join(lines))
    forms = [printer._print(sp.Eq(sp.Symbol(f"d{grad.graph.name}/d{v.name}"), g, evaluate=False))
             for v, g in zip(grad.wrt, grad.closed_form)]
    if len(forms) < 2:  # stringPict.stack needs two pictures
        return forms[0] if forms else prettyForm("")
    width = max(f.width() for f in forms)  # left-aligned: pad each line on the right
    padded = [stringPict(*f.right(" " * (width - f.width()))) if f.width() < width else f for f in forms]
    return prettyForm(*stringPict.stack(*padded))


def equivalence_text(eq: Any) -> str:
    """One line: the verdict, how it was reached, the counterexample if there is one."""
    how = {"symbolic": "proved symbolically", "numeric": f"numeric, {eq.probes} probe point(s)"}.get(
        eq.method, eq.method)
    text = f"{eq.verdict} ({how})"
    cx = eq.counterexample
    if cx:
        where = ", ".join(f"{k}={v:.6g}" for k, v in cx["point"].items())
        text += f": at {where} the left side is {cx['left']:.10g}, the right side {cx['right']:.10g}"
    return text


def equivalence_html(eq: Any) -> str:
    """The verdict as a small HTML table (method, probes, counterexample)."""
    colour = {"equal": "#1a7f37", "different": "#cf222e"}.get(eq.verdict, "#9a6700")
    rows = [("verdict", f'<b style="color:{colour}">{escape(eq.verdict)}</b>'),
            ("method", escape(eq.method)), ("probe points", escape(str(eq.probes)))]
    cx = eq.counterexample
    if cx:
        rows.append(("counterexample", escape(", ".join(f"{k} = {v:.6g}" for k, v in cx["point"].items()))))
        rows.append(("left, right", escape(f"{cx['left']:.10g}, {cx['right']:.10g}")))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="symderiv-equivalence">{body}</table>'


def equivalence_latex(eq: Any) -> str:
    r"""``\text{equal (proved symbolically)}`` and the like, for ``_repr_latex_``."""
    return r"$\text{%s}$" % equivalence_text(eq).replace("_", r"\_")  # names, numbers, words
