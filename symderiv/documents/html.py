r"""The HTML printer: the Solution model as HTML with MathJax maths.

Used by the notebook display (``Solution.to_html`` / ``_repr_html_``) and by the Moodle
export (question text and general feedback, :mod:`symderiv.course.moodle`).

* maths is typeset by the document printer of the PDF (:func:`~symderiv.documents.latex.math_latex`:
  floats rounded, German decimal comma, tuples with ``;`` beside decimal commas) with plain
  numbers instead of siunitx's ``\num`` (which MathJax does not know: ``{,}`` as the German
  decimal comma, ``\cdot 10^{k}`` for an exponent), written as ``\( ... \)`` (inline) or
  ``\[ ... \]`` (display);
* every literal piece of text is HTML-escaped, maths too (a ``<`` in maths is ``&lt;``,
  which MathJax reads back as ``<``);
* the layout survives a notebook exported with nbconvert: styles are inline (no style
  sheet to lose), tables are laid out by their content (``table-layout: auto``, which
  JupyterLab's ``fixed`` would otherwise break) and a cell of maths never wraps; figures
  with an SVG (the computation graph) are drawn inline, other figures and plots show
  their captions (the PDF has them drawn); code listings are ``<pre>``.
"""
from __future__ import annotations

import html
from typing import Any

from symderiv.documents.content import Check, Code, Equation, Figure, Latex, Plot, Result, Step, Table, Task, Text
from symderiv.documents.latex import denoise_columns, error_latex
from symderiv.documents.messages import method_name, msg
from symderiv.documents.printer import Printer

__all__ = ["HtmlPrinter", "math_html", "text_html", "blocks_html", "task_html", "solution_html"]

#: inline styles (kept by nbconvert and Moodle, unlike a style sheet)
TABLE_STYLE = "table-layout:auto;border-collapse:collapse;margin:0.5em 0"
CELL_STYLE = "padding:0.2em 0.7em;text-align:left;vertical-align:top;border-bottom:1px solid #ddd"
MATH_CELL_STYLE = CELL_STYLE + ";white-space:nowrap"


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=False)


class HtmlPrinter(Printer):
    """Blocks as HTML strings; :meth:`solution` prints a whole Solution in a ``<div>``."""

    format = "HTML"

    def escape(self, text: str) -> str:
        return _esc(text)

    def code_name(self, name: str) -> str:
        return f"<code>{_esc(name)}</code>"

    def math(self, value: Any, display: bool = False) -> str:
        """Any value of the model as MathJax maths, ``\\( .. \\)`` or ``\\[ .. \\]``."""
        code = _esc(self.math_code(value))
        return f"\\[{code}\\]" if display else f"\\({code}\\)"

    def _print_Equation(self, eq: Equation) -> str:
        """``lhs = r0 = r1 ...`` as display maths, its note as a paragraph."""
        rel, parts = self.equation_parts(eq)
        note = f"<p>{self.text(eq.note)}</p>" if eq.note else ""
        return f"<p>\\[{_esc(f' {rel} '.join(parts))}\\]</p>{note}"

    def _print_Step(self, b: Step) -> str:
        return (f"<p>{self.text(b.text)}</p>" if b.text else "") + "".join(
            self._print_Equation(e) for e in b.equations)

    def _print_Result(self, b: Result) -> str:
        return (f"<p><strong>{_esc(msg('result', self.lang))}: {self.text(b.label)}</strong></p>"
                + self._print_Equation(Equation(b.lhs, [b.value])))

    def _cell(self, value: Any, tag: str = "td") -> str:
        style = CELL_STYLE if isinstance(value, (Text, str)) else MATH_CELL_STYLE
        return f"<{tag} style='{style}'>{self.inline(value)}</{tag}>"

    def _print_Table(self, b: Table) -> str:
        head = "".join(self._cell(c, "th") for c in b.header)
        rows = "".join("<tr>" + "".join(self._cell(c) for c in r) + "</tr>" for r in denoise_columns(b.rows))
        caption = f"<p><i>{self.text(b.caption)}</i></p>" if b.caption else ""
        return (f"<div style='overflow-x:auto'><table style='{TABLE_STYLE}'>"
                f"{'<tr>' + head + '</tr>' if head else ''}{rows}</table></div>{caption}")

    def _print_Figure(self, b: Figure) -> str:
        caption = f"<p><i>{self.text(b.caption)}</i></p>" if b.caption else ""
        svg = b.svg._repr_svg_() if hasattr(b.svg, "_repr_svg_") else b.svg
        if not svg:
            return f"<p><i>[{self.text(b.caption)}]</i></p>" if b.caption else ""
        return f"<div class='symderiv-figure' style='overflow-x:auto'>{svg}</div>{caption}"

    def _print_Plot(self, b: Plot) -> str:
        return f"<p><i>[{self.text(b.caption)}]</i></p>" if b.caption else ""

    def _print_Check(self, check: Check) -> str:
        rec = check.record
        ok = bool(getattr(rec, "passed", False))
        method = getattr(rec, "method", "")
        method = self.text(method) if isinstance(method, Text) else _esc(method_name(str(method), self.lang)[0])
        error = _esc(error_latex(getattr(rec, "max_rel_error", float("nan")), self.lang))
        return (f"<p class='{'passed' if ok else 'failed'}'>{'&#10003;' if ok else '&#10007;'} "
                f"{self.text(check.what)} ({method}, \\({error}\\))</p>")

    def _print_Code(self, b: Code) -> str:
        caption = f"<p><i>{self.text(b.caption)}</i></p>" if b.caption else ""
        return f"<pre><code>{_esc(b.source.rstrip())}</code></pre>{caption}"

    def _print_Text(self, b: Text) -> str:
        return f"<p>{self.text(b)}</p>"

    _print_str = _print_Text

    def _print_Latex(self, b: Latex) -> str:
        return f"<p>{self.math(b, display=True)}</p>"

    def task(self, number: int, task: Task, tasks=()) -> str:
        """``<h4>Task N: title</h4>`` (a declared task: its label and statement) and the
        task's blocks."""
        statement = (f"<blockquote>{self.blocks(task.statement)}</blockquote>" if task.statement else "")
        return f"<h4>{self.task_heading(number, task, tasks)}</h4>" + statement + self.blocks(task.blocks)

    def _print_Task(self, task: Task) -> str:
        return self.task(1, task)

    def solution(self, solution) -> str:
        """A whole solution (title, given data, every task) in a ``<div>``."""
        h = [f"<div class='symderiv-solution' lang='{_esc(self.lang)}'>", f"<h3>{self.text(solution.title)}</h3>"]
        if solution.given:
            h.append(f"<h4>{_esc(msg('given', self.lang))}</h4>" + self.blocks(solution.given))
        h.extend(self.task(i, t, solution.tasks) for i, t in enumerate(solution.tasks, 1))
        appendix = self.appendix(solution)
        if appendix:  # a declared problem: the checks apart
            h.append(f"<h4>{_esc(msg('appendix_title', self.lang))}</h4>")
            h.extend(f"<p>{heading}</p>{checks}" for heading, checks in appendix)
        h.append("</div>")
        return "\n".join(h)

    _print_Solution = solution


# shorthands for the Moodle export
def math_html(value: Any, lang: str, display: bool = False) -> str:
    return HtmlPrinter(lang).math(value, display)


def text_html(text: Any, lang: str) -> str:
    return HtmlPrinter(lang).text(text)


def blocks_html(blocks, lang: str) -> str:
    return HtmlPrinter(lang).blocks(blocks)


def task_html(number: int, task: Task, lang: str) -> str:
    return HtmlPrinter(lang).task(number, task)


def solution_html(solution, lang: str = "en") -> str:
    return HtmlPrinter(lang).solution(solution)
