"""The Solution model: what a problem produces, as data (no LaTeX assembled here).

A problem returns a :class:`Solution`: a title, the given data, and tasks; each task is a
list of blocks. Blocks are data; ``symderiv.report`` turns them into LaTeX through the
Jinja2 templates in ``templates/``.

Text in two languages: every sentence a problem writes is a :class:`Text` with an English
and a German version (the problem module is the message catalog for its own sentences;
fixed words of the documents live in ``symderiv/messages.py``). A Text may hold
placeholders ``{name}`` filled from ``args``: SymPy expressions are typeset as inline
math with ``sympy.latex``, floats with :func:`fmt`, plain strings are escaped.

Math comes as SymPy expressions, or as LaTeX produced by library code (``graph``,
``layers``: the ``Latex`` wrapper), never as LaTeX written by hand in a problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence, Union

from symderiv.language.latex import Latex

__all__ = ["LANGS", "Latex", "Text", "T", "Equation", "Step", "Result", "Table", "Figure", "Series",
           "Plot", "Check", "Task", "Solution", "fmt"]

LANGS = ("de", "en")


@dataclass
class Text:
    """One sentence or paragraph in both languages, with ``{placeholders}``."""

    en: str
    de: str
    args: dict = field(default_factory=dict)

    def get(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


def T(en: str, de: str, **args) -> Text:
    """Shorthand: ``T("The gradient is {g}.", "Der Gradient ist {g}.", g=expr)``."""
    return Text(en, de, args)


Inline = Union[Text, str]


@dataclass
class Equation:
    """A displayed chain ``lhs = rhs[0] = rhs[1] = ...`` (SymPy expressions or Latex).

    ``relation`` may be ``"="``, ``"<"``, ``"\\le"``, ``"\\approx"``, ``"\\in"`` ...
    (a LaTeX relation symbol; library constant, not user text).
    """

    lhs: Any
    rhs: Sequence[Any]
    relation: str = "="
    note: Optional[Text] = None


@dataclass
class Step:
    """A step of a derivation: an explanation and zero or more displayed equations."""

    text: Optional[Text] = None
    equations: list = field(default_factory=list)


@dataclass
class Result:
    """A boxed result: ``label: lhs = value``."""

    label: Text
    lhs: Any
    value: Any


@dataclass
class Table:
    """A table; cells are Text, str, numbers, SymPy expressions or Latex."""

    header: list
    rows: list
    caption: Optional[Text] = None


@dataclass
class Figure:
    """A TikZ picture produced by library code (e.g. ``Graph.to_tikz()``)."""

    tikz: str
    caption: Optional[Text] = None


@dataclass
class Series:
    label: Inline
    x: Sequence[float]
    y: Sequence[float]
    style: str = ""  # pgfplots options chosen by library code, e.g. "dashed"


@dataclass
class Plot:
    """A pgfplots axis with one or more series of points computed with NumPy."""

    series: list
    xlabel: Any = ""
    ylabel: Any = ""
    caption: Optional[Text] = None
    ymode: str = "normal"  # or "log"
    xmode: str = "normal"


@dataclass
class Check:
    """A numeric verification shown as a row of the check table.

    ``record`` is a ``symderiv.verify.VerificationRecord`` (attributes ``method``,
    ``points``, ``max_abs_error``, ``max_rel_error``, ``tolerance``, ``passed``,
    ``kinks``, ``seed``); ``what`` says what was checked.
    """

    what: Inline
    record: Any


@dataclass
class Task:
    title: Text
    blocks: list = field(default_factory=list)


@dataclass
class Solution:
    name: str
    title: Text
    source: str = ""  # e.g. "shared/seeds/000, task b"
    given: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # documents.answers.Answer: what a student gives

    def checks(self) -> list:
        """Every Check block of the solution (given and tasks)."""
        out = [b for b in self.given if isinstance(b, Check)]
        for t in self.tasks:
            out.extend(b for b in t.blocks if isinstance(b, Check))
        return out


def fmt(x: float, digits: int = 6) -> str:
    """Numbers in documents: ``digits`` significant digits, no exponent noise."""
    if x != x:
        return "nan"
    if x == 0:
        return "0"
    return f"{x:.{digits}g}"
