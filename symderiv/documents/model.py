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

from symderiv.documents.messages import LANGS, method_name, msg
from symderiv.language.latex import Latex

__all__ = ["LANGS", "Latex", "Text", "T", "Equation", "Step", "Result", "Table", "Figure", "Series",
           "Plot", "Check", "Task", "Solution", "fmt", "Code"]


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
        """The solution as HTML for a notebook: steps, equations and results with
        MathJax-ready maths (``\\( ... \\)``, ``\\[ ... \\]``), text escaped, the checks
        as a table; figures and plots by their captions (the PDF has them drawn)."""
        h = [f"<div class='symderiv-solution' lang='{lang}'>",
             f"<h3>{_html_text(self.title, lang)}</h3>"]
        if self.given:
            h.append(f"<h4>{msg('given', lang)}</h4>")
            h.extend(_html_block(b, lang) for b in self.given)
        for i, task in enumerate(self.tasks, 1):
            h.append(f"<h4>{msg('task', lang)} {i}: {_html_text(task.title, lang)}</h4>")
            h.extend(_html_block(b, lang) for b in task.blocks)
        h.append("</div>")
        return "\n".join(x for x in h if x)

    def _repr_html_(self) -> str:
        return self.to_html("en")


# --------------------------------------------------------------------------------------
# HTML for notebooks. MathJax has no siunitx, so maths here is plain ``sympy.latex`` (the
# PDF path in documents/latex.py typesets numbers with siunitx instead).
# --------------------------------------------------------------------------------------

def _mathjax_num(match) -> str:
    """``\\num{1.5e-7}`` (siunitx, made for the PDF by notation.py) as MathJax maths."""
    mant, _, exp = match.group(1).partition("e")
    if not exp:
        return mant
    power = "10^{%d}" % int(exp)
    return power if mant in ("1", "") else ("-" + power if mant == "-1" else rf"{mant} \cdot {power}")


def _html_math(value) -> str:
    import html
    import re
    import numpy as np
    import sympy as sp
    if isinstance(value, Latex):
        code = re.sub(r"\\num\{([^{}]*)\}", _mathjax_num, value.code)
    elif isinstance(value, bool) or value is None:
        code = r"\text{%s}" % value
    elif isinstance(value, (int, np.integer)):
        code = str(int(value))
    elif isinstance(value, (float, np.floating)):
        code = fmt(float(value))
    elif isinstance(value, (sp.Basic, sp.MatrixBase, np.ndarray)):
        code = sp.latex(sp.Matrix(value) if isinstance(value, np.ndarray) else value)
    elif isinstance(value, (list, tuple)):
        code = r"\left(%s\right)" % ", ".join(_html_math(v)[2:-2] for v in value)
        return r"\(" + code + r"\)"
    else:
        code = r"\text{%s}" % value
    return r"\(" + html.escape(code, quote=False) + r"\)"


def _html_text(text, lang: str) -> str:
    import html
    import re
    if text is None:
        return ""
    if isinstance(text, str):
        return html.escape(text)
    if not isinstance(text, Text):
        return _html_math(text)
    s, out, pos = text.get(lang), [], 0
    for m in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", s):
        out.append(html.escape(s[pos:m.start()]))
        value = text.args.get(m.group(1), m.group(0))
        out.append(html.escape(value) if isinstance(value, str) else
                   _html_text(value, lang) if isinstance(value, Text) else _html_math(value))
        pos = m.end()
    out.append(html.escape(s[pos:]))
    return "".join(out)


def _html_equation(eq: "Equation") -> str:
    import html
    rhs = list(eq.rhs) if isinstance(eq.rhs, (list, tuple)) else [eq.rhs]
    rel = html.escape(eq.relation or "=", quote=False)
    parts = [_html_math(eq.lhs)[2:-2] if eq.lhs not in (None, "") else ""]
    parts += [f"{rel} {_html_math(r)[2:-2]}" for r in rhs]
    return r"<p>\[" + " ".join(parts) + r"\]</p>"


def _html_block(b, lang: str) -> str:
    if isinstance(b, Step):
        return "\n".join([f"<p>{_html_text(b.text, lang)}</p>" if b.text else ""]
                         + [_html_equation(e) for e in b.equations])
    if isinstance(b, Equation):
        return _html_equation(b)
    if isinstance(b, Result):
        return (f"<p><b>{msg('result', lang)}: {_html_text(b.label, lang)}</b></p>"
                + _html_equation(Equation(b.lhs, [b.value])))
    if isinstance(b, Table):
        head = "".join(f"<th>{_html_text(c, lang)}</th>" for c in b.header)
        rows = "".join("<tr>" + "".join(f"<td>{_html_text(c, lang)}</td>" for c in r) + "</tr>"
                       for r in b.rows)
        return f"<table><tr>{head}</tr>{rows}</table>" + (
            f"<p><i>{_html_text(b.caption, lang)}</i></p>" if b.caption else "")
    if isinstance(b, (Figure, Plot)):
        return f"<p><i>[{_html_text(b.caption, lang)}]</i></p>" if b.caption else ""
    if isinstance(b, Check):
        rec = b.record
        ok = bool(getattr(rec, "passed", False))
        return (f"<p class='{'passed' if ok else 'failed'}'>{'&#10003;' if ok else '&#10007;'} "
                f"{_html_text(b.what, lang)} ({_html_text(method_name(str(getattr(rec, 'method', '')), lang)[0], lang)}, "
                f"{_html_math(float(getattr(rec, 'max_rel_error', float('nan'))))})</p>")
    if isinstance(b, (Text, str)):
        return f"<p>{_html_text(b, lang)}</p>"
    if isinstance(b, Latex):
        return r"<p>\[" + _html_math(b)[2:-2] + r"\]</p>"
    return ""


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
