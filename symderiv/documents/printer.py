"""The base of the document printers: one printer class per output format, one method per
block type, dispatched on the block's class name as SymPy's printers do.

``printer.doprint(block)`` calls ``printer._print_<ClassName>(block)``, walking the block's
classes (``Tex`` is printed by ``_print_str`` unless a printer has ``_print_Tex``). A block
type without a method is a clear :class:`TemplateError` naming the printer and the method to
write. The printers:

* :class:`symderiv.documents.latex_printer.LatexPrinter`: template data for the Jinja2
  templates (each block a dict whose ``kind`` names its template ``<kind>.tex``);
* :class:`symderiv.documents.html.HtmlPrinter`: HTML with MathJax maths ``\\( .. \\)``
  (notebooks, Moodle);
* :class:`symderiv.documents.markdown.MarkdownPrinter`: Markdown with ``$..$`` maths.

Adding a block type (a dataclass in :mod:`symderiv.documents.content`) is adding one
``_print_<Name>`` method to each printer (and, for LaTeX, a template ``<kind>.tex``).
"""
from __future__ import annotations

import re
from typing import Any

from symderiv.documents.content import Ident, Text
from symderiv.documents.errors import ReportError, TemplateError
from symderiv.documents.locales import LOCALES

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

__all__ = ["Printer"]


class Printer:
    """One output format. ``lang``: the document language (``"de"`` or ``"en"``)."""

    #: the format's name, for messages
    format = "document"

    def __init__(self, lang: str = "en") -> None:
        if lang not in LOCALES:
            raise ReportError(f"unknown language '{lang}' (languages: {', '.join(LOCALES)})")
        self.lang = lang

    def doprint(self, block: Any) -> Any:
        """``block`` in this format, by the method ``_print_<type(block).__name__>``."""
        for cls in type(block).__mro__[:-1]:  # never ``_print_object``
            method = getattr(self, "_print_" + cls.__name__, None)
            if method is not None:
                return method(block)
        name = type(block).__name__
        raise TemplateError(f"the {self.format} printer cannot print a block of type {name} "
                            f"(add {type(self).__name__}._print_{name})")

    # text with maths: the formats that typeset maths with MathJax (HTML, Markdown) share
    # this; a format gives ``escape`` (literal text) and ``math`` (inline or display maths)

    def escape(self, text: str) -> str:
        raise NotImplementedError(f"{type(self).__name__}.escape")

    def math(self, value: Any, display: bool = False) -> str:
        raise NotImplementedError(f"{type(self).__name__}.math")

    def code_name(self, name: str) -> str:
        """A name from code (:class:`~symderiv.documents.content.Ident`) in running text."""
        return self.escape(name)

    def math_code(self, value: Any) -> str:
        """``value`` as MathJax maths source: the document's maths printer with plain
        numbers (MathJax has no siunitx): ``1{,}5 \\cdot 10^{-7}`` in German."""
        from symderiv.documents.latex import math_latex
        return math_latex(value, self.lang, plain=True)

    def inline(self, value: Any) -> str:
        """A value in running text: text escaped, integers as digits, the rest as maths."""
        import numpy as np
        if isinstance(value, Text):
            return self.text(value)
        if isinstance(value, Ident):
            return self.code_name(value)
        if isinstance(value, str):
            return self.escape(value)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return str(int(value))
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, (Text, str)) for v in value):
            return ", ".join(self.inline(v) for v in value)
        return self.math(value)

    def text(self, text: Any) -> str:
        """A :class:`Text` in the printer's language, its ``{placeholders}`` typeset by
        :meth:`inline` (None is empty; anything else is :meth:`inline`)."""
        if text is None:
            return ""
        if not isinstance(text, Text):
            return self.inline(text)
        s, out, pos = text.get(self.lang), [], 0
        for m in _PLACEHOLDER.finditer(s):
            if m.group(1) not in text.args:
                raise TemplateError(f"text {s[:50]!r}: no value for placeholder {{{m.group(1)}}}")
            out.append(self.escape(s[pos:m.start()]))
            out.append(self.inline(text.args[m.group(1)]))
            pos = m.end()
        out.append(self.escape(s[pos:]))
        return "".join(out)

    def blocks(self, blocks: Any) -> Any:
        """A list of blocks, printed one after another (text formats; LaTeX returns data)."""
        return "".join(self.doprint(b) for b in blocks)

    def equation_parts(self, eq: Any) -> tuple:
        """(relation, [maths source of lhs and each right-hand side]) of an Equation block, for
        the formats that typeset maths with MathJax."""
        no_lhs = eq.lhs is None or (isinstance(eq.lhs, str) and eq.lhs == "")
        rhs = list(eq.rhs) if isinstance(eq.rhs, (list, tuple)) else [eq.rhs]
        return eq.relation or "=", ([] if no_lhs else [self.math_code(eq.lhs)]) + [self.math_code(r) for r in rhs]

    def task_heading(self, number: int, task: Any, tasks: Any = ()) -> str:
        """A task's heading: ``Task N: title``; a declared task under its source label
        (``b) title``) or, beyond the sheet, ``Further exercise K: title``."""
        from symderiv.documents.messages import msg, task_label_text
        if getattr(task, "label", None) is None:
            return f"{self.escape(msg('task', self.lang))} {number}: {self.text(task.title)}"
        if task.extension:
            n = [t for t in tasks if t.extension].index(task) + 1 if task in tasks else 1
            return f"{self.escape(msg('further_exercise', self.lang, n=n))}: {self.text(task.title)}"
        return f"{self.escape(task_label_text(task.label, self.lang))} {self.text(task.title)}"

    def appendix(self, solution: Any) -> list[tuple[str, str]]:
        """The verification appendix of a declared problem: (task heading, its checks printed)
        for every task with checks, in order; the formats wrap them in their own markup."""
        return [(self.task_heading(i, t, solution.tasks), self.blocks(t.checks))
                for i, t in enumerate(solution.tasks, 1) if t.checks]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lang={self.lang!r})"
