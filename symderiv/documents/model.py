"""The Solution model: what a problem produces, as data (no LaTeX assembled here).

A problem returns a :class:`Solution`: a title, the given data, and tasks; each task is a
list of blocks. Blocks are data; :mod:`symderiv.documents.render` turns them into LaTeX
through the Jinja2 templates in ``templates/``.

Text in two languages: every sentence a problem writes is a :class:`Text` with an English
and a German version (the problem module is the message catalog for its own sentences;
fixed words of the documents live in ``documents/messages.py``). A Text may hold
placeholders ``{name}`` filled from ``args``: SymPy expressions are typeset as inline
math with ``sympy.latex``, floats with :func:`fmt`, plain strings are escaped.

Math comes as SymPy expressions, or as LaTeX produced by library code (``graph``,
``layers``: the ``Latex`` wrapper), never as LaTeX written by hand in a problem.

The blocks are defined in :mod:`symderiv.documents.content` and re-exported here; the
model holds data only, its HTML display is rendered by :mod:`symderiv.documents.html`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from symderiv.documents.content import (Check, Code, Equation, Figure, Inline, Plot, Result, Series, Step,
                                        T, Table, Task, Text, fmt)
from symderiv.documents.messages import LANGS
from symderiv.language.latex import Latex

__all__ = ["LANGS", "Latex", "Text", "T", "Inline", "Equation", "Step", "Result", "Table", "Figure", "Series",
           "Plot", "Check", "Task", "Solution", "fmt", "Code"]


@dataclass
class Solution:
    """A worked solution, as data: what ``symderiv.solve(name)`` and every problem return.

    ``name`` (the problem's), ``title`` (a :class:`Text` in English and German), ``source``
    (the sheet and task it answers), ``given`` (the blocks stating the data), ``tasks``
    (each a :class:`Task`: a title and its blocks: steps, equations, tables, figures,
    plots and :class:`Check` blocks with their verification records) and ``answers``
    (what a student gives, for sheets and grading). :meth:`checks` lists every numeric
    check; :meth:`to_html` renders it (a notebook shows that HTML); the LaTeX document is
    written by ``symderiv solve`` (:func:`symderiv.documents.render.render`).
    """

    name: str
    title: Text
    source: Union[str, Text] = ""  # e.g. T("shared/seeds/000, task b", "shared/seeds/000, Aufgabe b")
    given: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # documents.answers.Answer: what a student gives

    def checks(self) -> list:
        """Every Check block of the solution (given and tasks)."""
        out = [b for b in self.given if isinstance(b, Check)]
        for t in self.tasks:
            out.extend(b for b in t.blocks if isinstance(b, Check))
        return out

    def to_html(self, lang: str = "en") -> str:
        """The solution as HTML (MathJax maths ``\\( ... \\)``, text escaped): the one
        HTML renderer, :func:`symderiv.documents.html.solution_html`."""
        from symderiv.documents.html import solution_html
        return solution_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html("en")

    def __repr__(self) -> str:
        checks = self.checks()
        passed = sum(1 for c in checks if getattr(c.record, "passed", False))
        return (f"<Solution {self.name!r}: {len(self.tasks)} tasks, "
                f"{passed} of {len(checks)} checks passed>")
