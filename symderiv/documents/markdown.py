r"""The Markdown printer: the Solution model as Markdown with ``$..$`` maths (MathJax and
KaTeX style: Jupyter, GitHub, pandoc).

Maths comes from the document printer of the PDF with plain numbers (as in HTML, see
:meth:`~symderiv.documents.printer.Printer.math_code`); text is escaped so that Markdown
prints it literally; tables are pipe tables (a ``|`` inside a cell is escaped); checks are
list items; figures and plots show their captions; code listings are fenced blocks.
"""
from __future__ import annotations

import re
from typing import Any

from symderiv.documents.content import Check, Code, Equation, Figure, Latex, Plot, Result, Step, Table, Task, Text
from symderiv.documents.latex import denoise_columns, error_latex
from symderiv.documents.messages import method_name, msg
from symderiv.documents.printer import Printer

__all__ = ["MarkdownPrinter"]

#: characters Markdown (or the maths in it) would read as syntax
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~])")


class MarkdownPrinter(Printer):
    """Blocks as Markdown paragraphs (each ends with a blank line)."""

    format = "Markdown"

    def escape(self, text: str) -> str:
        return _SPECIAL.sub(r"\\\1", " ".join(str(text).split("\n")))

    def code_name(self, name: str) -> str:
        return f"`{name}`" if "`" not in name else self.escape(name)

    def math(self, value: Any, display: bool = False) -> str:
        code = " ".join(self.math_code(value).split())
        return f"$$\n{code}\n$$" if display else f"${code}$"

    def _print_Equation(self, eq: Equation) -> str:
        rel, parts = self.equation_parts(eq)
        note = f"{self.text(eq.note)}\n\n" if eq.note else ""
        return "$$\n%s\n$$\n\n%s" % (" ".join(f" {rel} ".join(parts).split()), note)

    def _print_Step(self, b: Step) -> str:
        return (f"{self.text(b.text)}\n\n" if b.text else "") + "".join(
            self._print_Equation(e) for e in b.equations)

    def _print_Result(self, b: Result) -> str:
        eq = self._print_Equation(Equation(b.lhs, [b.value])).rstrip("\n")
        quoted = "\n".join("> " + line if line else ">" for line in eq.split("\n"))
        return f"> **{self.escape(msg('result', self.lang))}: {self.text(b.label)}**\n>\n{quoted}\n\n"

    def _cell(self, value: Any) -> str:
        if isinstance(value, (Text, str)):
            return self.inline(value)  # escape() already escapes "|"
        # in maths a "|" would end the cell: the same symbols by name
        return self.inline(value).replace(r"\|", r"\Vert ").replace("|", r"\vert ")

    def _print_Table(self, b: Table) -> str:
        rows = [[self._cell(c) for c in r] for r in denoise_columns(b.rows)]
        ncol = len(b.header) if b.header else max((len(r) for r in rows), default=1)
        header = [self._cell(c) for c in b.header] if b.header else [""] * ncol
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * ncol]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        caption = f"*{self.text(b.caption)}*\n\n" if b.caption else ""
        return "\n".join(lines) + "\n\n" + caption

    def _caption(self, caption) -> str:
        return f"*[{msg('figure', self.lang)}: {self.text(caption)}]*\n\n" if caption else ""

    def _print_Figure(self, b: Figure) -> str:
        return self._caption(b.caption)

    def _print_Plot(self, b: Plot) -> str:
        return self._caption(b.caption)

    def _print_Check(self, check: Check) -> str:
        rec = check.record
        ok = bool(getattr(rec, "passed", False))
        method = getattr(rec, "method", "")
        method = self.text(method) if isinstance(method, Text) else self.escape(method_name(str(method), self.lang)[0])
        error = error_latex(getattr(rec, "max_rel_error", float("nan")), self.lang)
        return f"- {'✓' if ok else '✗'} {self.text(check.what)} ({method}, ${error}$)\n\n"

    def _print_Code(self, b: Code) -> str:
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", b.source)), default=0))
        caption = f"*{self.text(b.caption)}*\n\n" if b.caption else ""
        return f"{fence}{b.language.lower()}\n{b.source.rstrip()}\n{fence}\n\n{caption}"

    def _print_Text(self, b: Text) -> str:
        return f"{self.text(b)}\n\n"

    _print_str = _print_Text

    def _print_Latex(self, b: Latex) -> str:
        return self.math(b, display=True) + "\n\n"

    def task(self, number: int, task: Task, tasks=()) -> str:
        """``## Task N: title`` (a declared task: its label, its statement quoted) and its blocks."""
        statement = "".join(f"> {line}\n" if line else ">\n" for line in self.blocks(task.statement).strip().split("\n"))
        return (f"## {self.task_heading(number, task, tasks)}\n\n" + (statement + "\n" if task.statement else "")
                + self.blocks(task.blocks))

    def _print_Task(self, task: Task) -> str:
        return self.task(1, task)

    def solution(self, solution) -> str:
        """A whole solution: title, source, given data, every task, the checks' summary."""
        out = [f"# {self.text(solution.title)}\n\n"]
        if solution.source:
            out.append(f"{self.escape(msg('source', self.lang))}: {self.text(solution.source)}\n\n")
        if solution.given:
            out.append(f"## {self.escape(msg('given', self.lang))}\n\n" + self.blocks(solution.given))
        out.extend(self.task(i, t, solution.tasks) for i, t in enumerate(solution.tasks, 1))
        appendix = self.appendix(solution)
        if appendix:  # a declared problem: the checks apart
            out.append(f"## {self.escape(msg('appendix_title', self.lang))}\n\n")
            out.extend(f"### {heading}\n\n{checks}" for heading, checks in appendix)
        checks = solution.checks()
        passed = sum(1 for c in checks if getattr(c.record, "passed", False))
        summary = (msg("checks_summary", self.lang, passed=passed, total=len(checks)) if checks
                   else msg("no_checks", self.lang))
        out.append(f"## {self.escape(msg('numerical_check', self.lang))}\n\n{self.escape(summary)}\n")
        return "".join(out)

    _print_Solution = solution
