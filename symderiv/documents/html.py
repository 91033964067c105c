r"""The Solution model as HTML with MathJax maths: the one HTML renderer.

Used by the notebook display (``Solution.to_html`` / ``_repr_html_``) and by the Moodle
export (question text and general feedback, :mod:`symderiv.course.moodle`).

* maths is typeset by the document printer of the PDF (:func:`~symderiv.documents.latex.math_latex`:
  floats rounded, German decimal comma, tuples with ``;`` beside decimal commas) and
  written as ``\( ... \)`` (inline) or ``\[ ... \]`` (display); siunitx's ``\num{..}``,
  which MathJax does not know, becomes a plain number (``{,}`` as the German decimal
  comma, ``\cdot 10^{k}`` for an exponent);
* every literal piece of text is HTML-escaped, maths too (a ``<`` in maths is ``&lt;``,
  which MathJax reads back as ``<``);
* tables and check rows are shown as HTML; figures and plots by their captions (the PDF
  has them drawn); code listings as ``<pre>``.
"""
from __future__ import annotations

import html
import re

from symderiv.documents.content import Check, Code, Equation, Figure, Latex, Plot, Result, Step, Table, Text
from symderiv.documents.errors import TemplateError
from symderiv.documents.latex import error_latex, math_latex
from symderiv.documents.messages import method_name, msg

__all__ = ["mathjax", "math_html", "text_html", "inline_html", "equation_html", "block_html",
           "blocks_html", "task_html", "solution_html"]

_NUM = re.compile(r"\\num\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _esc(text) -> str:
    return html.escape(str(text), quote=False)


def _num(body: str, lang: str) -> str:
    mant, _, exp = body.partition("e")
    if lang == "de":
        mant = mant.replace(".", "{,}")
    if not exp:
        return mant
    power = "10^{%d}" % int(exp)
    return power if mant in ("1", "") else ("-" + power if mant == "-1" else rf"{mant} \cdot {power}")


def mathjax(code, lang: str) -> str:
    """PDF maths -> MathJax maths: ``\\num{1.5e-7}`` as ``1.5 \\cdot 10^{-7}`` (German
    ``1{,}5 \\cdot 10^{-7}``)."""
    return _NUM.sub(lambda m: _num(m.group(1), lang), str(code))


def _math_code(value, lang: str) -> str:
    return _esc(mathjax(math_latex(value, lang), lang))


def math_html(value, lang: str, display: bool = False) -> str:
    """Any value of the model as MathJax maths, ``\\( .. \\)`` or ``\\[ .. \\]``."""
    code = _math_code(value, lang)
    return f"\\[{code}\\]" if display else f"\\({code}\\)"


def inline_html(value, lang: str) -> str:
    """A value in running text (as :func:`~symderiv.documents.latex.inline_latex`): text
    escaped, integers as digits, everything else as inline maths."""
    import numpy as np
    if isinstance(value, Text):
        return text_html(value, lang)
    if isinstance(value, str):
        return _esc(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, (Text, str)) for v in value):
        return ", ".join(inline_html(v, lang) for v in value)
    return math_html(value, lang)


def text_html(text, lang: str) -> str:
    """A :class:`Text` in ``lang`` with its placeholders typeset (a str is escaped)."""
    if text is None:
        return ""
    if not isinstance(text, Text):
        return inline_html(text, lang)
    s, out, pos = text.get(lang), [], 0
    for m in _PLACEHOLDER.finditer(s):
        if m.group(1) not in text.args:
            raise TemplateError(f"text {s[:50]!r}: no value for placeholder {{{m.group(1)}}}")
        out.append(_esc(s[pos:m.start()]))
        out.append(inline_html(text.args[m.group(1)], lang))
        pos = m.end()
    out.append(_esc(s[pos:]))
    return "".join(out)


def equation_html(eq: Equation, lang: str) -> str:
    """``lhs = r0 = r1 ...`` as display maths, its note as a paragraph."""
    rel = eq.relation or "="
    no_lhs = eq.lhs is None or (isinstance(eq.lhs, str) and eq.lhs == "")
    parts = [] if no_lhs else [math_latex(eq.lhs, lang)]
    rhs = list(eq.rhs) if isinstance(eq.rhs, (list, tuple)) else [eq.rhs]
    body = _esc(mathjax(f" {rel} ".join(parts + [math_latex(r, lang) for r in rhs]), lang))
    note = f"<p>{text_html(eq.note, lang)}</p>" if eq.note else ""
    return f"<p>\\[{body}\\]</p>{note}"


def _check_html(check: Check, lang: str) -> str:
    rec = check.record
    ok = bool(getattr(rec, "passed", False))
    method = getattr(rec, "method", "")
    method = text_html(method, lang) if isinstance(method, Text) else _esc(method_name(str(method), lang)[0])
    error = _esc(mathjax(error_latex(getattr(rec, "max_rel_error", float("nan"))), lang))
    return (f"<p class='{'passed' if ok else 'failed'}'>{'&#10003;' if ok else '&#10007;'} "
            f"{text_html(check.what, lang)} ({method}, \\({error}\\))</p>")


def block_html(b, lang: str) -> str:
    """One block of a task (or of ``given``) as HTML."""
    if isinstance(b, Step):
        return (f"<p>{text_html(b.text, lang)}</p>" if b.text else "") + "".join(
            equation_html(e, lang) for e in b.equations)
    if isinstance(b, Equation):
        return equation_html(b, lang)
    if isinstance(b, Result):
        return (f"<p><strong>{_esc(msg('result', lang))}: {text_html(b.label, lang)}</strong></p>"
                + equation_html(Equation(b.lhs, [b.value]), lang))
    if isinstance(b, Table):
        head = "".join(f"<th>{inline_html(c, lang)}</th>" for c in b.header)
        rows = "".join("<tr>" + "".join(f"<td>{inline_html(c, lang)}</td>" for c in r) + "</tr>"
                       for r in b.rows)
        caption = f"<p><i>{text_html(b.caption, lang)}</i></p>" if b.caption else ""
        return f"<table><tr>{head}</tr>{rows}</table>{caption}"
    if isinstance(b, (Figure, Plot)):
        return f"<p><i>[{text_html(b.caption, lang)}]</i></p>" if b.caption else ""
    if isinstance(b, Check):
        return _check_html(b, lang)
    if isinstance(b, Code):
        caption = f"<p><i>{text_html(b.caption, lang)}</i></p>" if b.caption else ""
        return f"<pre><code>{_esc(b.source.rstrip())}</code></pre>{caption}"
    if isinstance(b, (Text, str)):
        return f"<p>{text_html(b, lang)}</p>"
    if isinstance(b, Latex):
        return f"<p>{math_html(b, lang, display=True)}</p>"
    raise TemplateError(f"cannot render a block of type {type(b).__name__}")


def blocks_html(blocks, lang: str) -> str:
    return "".join(block_html(b, lang) for b in blocks)


def task_html(number: int, task, lang: str) -> str:
    """``<h4>Task N: title</h4>`` and the task's blocks."""
    return f"<h4>{_esc(msg('task', lang))} {number}: {text_html(task.title, lang)}</h4>" + blocks_html(task.blocks, lang)


def solution_html(solution, lang: str = "en") -> str:
    """A whole solution (title, given data, every task) in a ``<div>``."""
    h = [f"<div class='symderiv-solution' lang='{_esc(lang)}'>", f"<h3>{text_html(solution.title, lang)}</h3>"]
    if solution.given:
        h.append(f"<h4>{_esc(msg('given', lang))}</h4>" + blocks_html(solution.given, lang))
    h.extend(task_html(i, t, lang) for i, t in enumerate(solution.tasks, 1))
    h.append("</div>")
    return "\n".join(h)
