"""The content blocks of a Solution, as data: sentences in two languages, equations,
steps, results, tables, figures, plots, checks, tasks, code listings (no rendering here).

:mod:`symderiv.documents.model` re-exports every name with the :class:`Solution` itself;
the renderers (``latex``, ``html``) import the blocks from here, so the model can hand
its display to a renderer without an import cycle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

from symderiv.language.latex import Latex

if TYPE_CHECKING:
    import numpy.typing as npt

#: the coordinates of a plotted series: a sequence of numbers or a NumPy array
Numbers = Union[Sequence[float], "npt.NDArray[Any]"]

__all__ = ["Latex", "Text", "T", "Ident", "Inline", "Equation", "Step", "Result", "Table", "Figure", "Series",
           "Plot", "Check", "Task", "fmt", "Code"]


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


class Ident(str):
    """A name from code in running text (a file ``optim.py``, a function ``adam``): set in
    typewriter type where the format has one (LaTeX ``\\texttt``, HTML ``<code>``, Markdown
    backticks); a plain string everywhere else (Moodle's plain text, the answer key)."""

    __slots__ = ()


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
    """A TikZ picture produced by library code (e.g. ``Graph.to_tikz()``).

    ``svg``: the same picture for HTML, optional: an SVG string, or an object that draws
    itself as SVG (``_repr_svg_()``, e.g. the :class:`~symderiv.graph.core.Graph`; drawn
    only when HTML is printed). Without it HTML shows the caption.
    """

    tikz: str
    caption: Optional[Text] = None
    svg: Any = None


@dataclass
class Series:
    label: Inline
    x: Numbers
    y: Numbers
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
    """A task: its title and the blocks of its solution. A declared problem
    (:mod:`symderiv.problems.spec`) adds the source's ``label``, the ``statement`` a
    student reads, the task's own ``given`` data, and its ``checks`` (printed in the
    verification appendix, not between the steps); ``extension``: beyond the source sheet."""

    title: Text
    blocks: list = field(default_factory=list)
    label: Optional[str] = None
    statement: list = field(default_factory=list)
    given: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    extension: bool = False


def fmt(x: float, digits: int = 6) -> str:
    """Numbers in documents: ``digits`` significant digits, no exponent noise."""
    if x != x:
        return "nan"
    if x == 0:
        return "0"
    return f"{x:.{digits}g}"


@dataclass
class Code:
    """A program listing: ``source`` is the text of code that ran (read with
    ``inspect.getsource`` by the problem, never retyped), typeset with ``listings``."""

    source: str
    language: str = "Python"
    caption: Optional[Text] = None
