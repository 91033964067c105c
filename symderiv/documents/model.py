"""The Solution model: what a problem produces, as data (no LaTeX assembled here).

A problem returns a :class:`Solution`: a title, the given data, and tasks; each task is a
list of blocks. Blocks are data, printed by one printer class per format
(:mod:`symderiv.documents.printer`): LaTeX through the Jinja2 templates in ``templates/``,
HTML, Markdown.

Text in two languages: every sentence a problem writes is a :class:`Text` with an English
and a German version (the problem module is the message catalog for its own sentences;
fixed words of the documents live in ``documents/messages.py``). A Text may hold
placeholders ``{name}`` filled from ``args``: SymPy expressions are typeset as inline
math with ``sympy.latex``, floats with :func:`fmt`, plain strings are escaped.

Math comes as SymPy expressions, or as LaTeX produced by library code (``graph``,
``layers``: the ``Latex`` wrapper), never as LaTeX written by hand in a problem.

The blocks are defined in :mod:`symderiv.documents.content` and re-exported here; the
model holds data only, its display is the printers' (:meth:`Solution.to_html` ...).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from symderiv.documents.content import (Check, Code, Equation, Figure, Ident, Inline, Plot, Result, Series,
                                        Step, T, Table, Task, Text, fmt)
from symderiv.documents.messages import LANGS
from symderiv.language.latex import Latex

__all__ = ["LANGS", "Latex", "Text", "T", "Ident", "Inline", "Equation", "Step", "Result", "Table", "Figure", "Series",
           "Plot", "Check", "Task", "Solution", "fmt", "Code"]


#: file suffix -> printer method of :meth:`Solution.write`
FORMATS = {".tex": "to_latex", ".html": "to_html", ".md": "to_markdown"}


@dataclass(repr=False)
class Solution:
    """A worked solution: what a problem builds, as data (title, given data, tasks of blocks,
    the answers a student gives), printed by one printer per format.

    >>> sol = symderiv.solve("rosenbrock")          # doctest: +SKIP
    >>> sol                                          # doctest: +SKIP
    <Solution rosenbrock: 6 tasks, 12 of 12 checks passed>
    >>> sol.write("rosenbrock.en.md", lang="en")     # doctest: +SKIP

    :meth:`to_latex` (the complete .tex document), :meth:`to_html` (MathJax maths; also the
    notebook display), :meth:`to_markdown` (``$..$`` maths), :meth:`write` (the format from
    the file's suffix). ``lang``: ``"en"`` or ``"de"``.
    """

    name: str
    title: Text
    source: Union[str, Text] = ""  # e.g. T("shared/seeds/000, task b", "shared/seeds/000, Aufgabe b")
    given: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # documents.answers.Answer: what a student gives
    declared: bool = False  # built from a declared problem (tasks with statements, checks apart)

    def checks(self) -> list:
        """Every Check block of the solution (given and tasks)."""
        out = [b for b in self.given if isinstance(b, Check)]
        for t in self.tasks:
            out.extend(b for b in t.blocks if isinstance(b, Check))
            out.extend(t.checks)
        return out

    def __repr__(self) -> str:
        checks = self.checks()
        passed = sum(1 for c in checks if getattr(c.record, "passed", False))
        return (f"<Solution {self.name}: {len(self.tasks)} task{'s' * (len(self.tasks) != 1)}, "
                f"{passed} of {len(checks)} checks passed>")

    def to_latex(self, lang: str = "en") -> str:
        """The complete LaTeX document (as ``symderiv solve`` writes it)."""
        from symderiv.documents.render import render
        return render(self, lang)

    def to_html(self, lang: str = "en") -> str:
        """HTML with MathJax maths ``\\( ... \\)``, text escaped, the computation graph as
        inline SVG (:class:`symderiv.documents.html.HtmlPrinter`)."""
        from symderiv.documents.html import HtmlPrinter
        return HtmlPrinter(lang).solution(self)

    def to_markdown(self, lang: str = "en") -> str:
        """Markdown with ``$ ... $`` maths (:class:`symderiv.documents.markdown.MarkdownPrinter`)."""
        from symderiv.documents.markdown import MarkdownPrinter
        return MarkdownPrinter(lang).solution(self)

    def write(self, path, lang: str = "en"):
        """Write the solution to ``path`` in the format of its suffix (``.tex``, ``.html``,
        ``.md``), atomically; returns the path."""
        from pathlib import Path

        from symderiv.documents.build import write_files
        from symderiv.documents.errors import OutputError
        path = Path(path)
        method = FORMATS.get(path.suffix.lower())
        if method is None:
            raise OutputError(f"cannot tell the format of '{path}': the suffix must be one of "
                              f"{', '.join(FORMATS)}")
        text = getattr(self, method)(lang)
        write_files(path.parent if str(path.parent) else ".", {path.name: text.encode("utf-8")})
        return path

    def _repr_html_(self) -> str:
        return self.to_html("en")
