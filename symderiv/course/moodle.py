"""Moodle XML question bank (``symderiv sheet --moodle quiz.xml``).

Format: Moodle's "Moodle XML format" (docs.moodle.org/en/Moodle_XML_format): a ``<quiz>``
of ``<question>`` elements. Per problem one ``type="category"`` question
(``$course$/top/symderiv/PROBLEM``), then per variant (sheet) one question:

* ``type="numerical"`` when the variant asks exactly one number: ``<answer
  fraction="100">`` with the value and ``<tolerance>`` (absolute: the larger of the key's
  ``abs`` and ``rel * |value|``);
* ``type="cloze"`` otherwise: one embedded part per question, ``{1:NUMERICAL:=v:tol}`` for
  numbers and ``{1:SHORTANSWER:=text}`` for expressions (Moodle compares short answers as
  text; symbolic equivalence is what ``symderiv grade`` does - or STACK).

Maths is ``\\( ... \\)`` (inline) and ``\\[ ... \\]`` (display) for MathJax, typeset by the
same functions as the LaTeX documents; all other text is HTML-escaped, and the XML is
written by ``xml.etree`` (which escapes ``<``, ``&`` ...). The worked solution (its text,
equations and results; tables, figures and the check table are in the PDF) is the general
feedback. Output is deterministic: re-running gives the same bytes.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from symderiv.documents.model import Equation, Result, Step, Text, fmt
from symderiv.course.doclib import math_latex

_CLOZE_SPECIAL = re.compile(r'([\\}#~/"*{])')


def mathjax(code: str, lang: str) -> str:
    """PDF maths -> MathJax maths: siunitx's ``\\num{..}`` (not in MathJax) as plain
    numbers, with the decimal comma ``{,}`` in German."""
    from symderiv.documents.model import _mathjax_num

    def num(m):
        text = _mathjax_num(m)
        return text.replace(".", "{,}") if lang == "de" else text

    return re.sub(r"\\num\{([^{}]*)\}", num, code)


def _math(value, lang: str, display: bool = False) -> str:
    code = html.escape(mathjax(str(math_latex(value, lang)), lang), quote=False)
    return f"\\[{code}\\]" if display else f"\\({code}\\)"


def text_html(text, lang: str) -> str:
    """A Text (or str) as HTML: literal parts escaped, math placeholders as ``\\(..\\)``."""
    if text is None:
        return ""
    if isinstance(text, str):
        return html.escape(text, quote=False)
    if not isinstance(text, Text):
        return _math(text, lang)
    s, out, pos = text.get(lang), [], 0
    for m in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", s):
        out.append(html.escape(s[pos:m.start()], quote=False))
        v = text.args.get(m.group(1))
        if isinstance(v, (Text, str)):
            out.append(text_html(v, lang))
        elif isinstance(v, int) and not isinstance(v, bool):
            out.append(str(v))
        elif isinstance(v, float):
            out.append(html.escape(fmt(v)))
        else:
            out.append(_math(v, lang))
        pos = m.end()
    out.append(html.escape(s[pos:], quote=False))
    return "".join(out)


def _equation_html(eq: Equation, lang: str) -> str:
    rel = eq.relation or "="
    parts = [str(math_latex(eq.lhs, lang))] if eq.lhs is not None and eq.lhs != "" else []
    rhs = eq.rhs if isinstance(eq.rhs, (list, tuple)) else [eq.rhs]
    body = mathjax(f" {rel} ".join(parts + [str(math_latex(r, lang)) for r in rhs]), lang)
    note = f"<p>{text_html(eq.note, lang)}</p>" if eq.note else ""
    return f"<p>\\[{html.escape(body, quote=False)}\\]</p>{note}"


def blocks_html(blocks, lang: str) -> str:
    out = []
    for b in blocks:
        if isinstance(b, (Text, str)):
            out.append(f"<p>{text_html(b, lang)}</p>")
        elif isinstance(b, Equation):
            out.append(_equation_html(b, lang))
        elif isinstance(b, Step):
            if b.text is not None:
                out.append(f"<p>{text_html(b.text, lang)}</p>")
            out.extend(_equation_html(e, lang) for e in b.equations)
        elif isinstance(b, Result):
            out.append(f"<p><strong>{text_html(b.label, lang)}</strong></p>"
                       + _equation_html(Equation(b.lhs, [b.value]), lang))
    return "".join(out)


def _tolerance(entry: dict) -> float:
    v = abs(float(entry["expected"]))
    return max(float(entry["tolerance"]["abs"]), float(entry["tolerance"]["rel"]) * v)


def _num(x: float) -> str:
    return repr(float(x))


def _cloze_part(entry: dict) -> str:
    if entry["kind"] == "number":
        return "{1:NUMERICAL:=%s:%s}" % (_num(entry["expected"]), _num(_tolerance(entry)))
    return "{1:SHORTANSWER:=%s}" % _CLOZE_SPECIAL.sub(r"\\\1", entry["expected"])


def _text_el(parent, tag: str, value: str, fmt_attr: str = "html"):
    el = ET.SubElement(parent, tag, {"format": fmt_attr}) if fmt_attr else ET.SubElement(parent, tag)
    ET.SubElement(el, "text").text = value
    return el


def question_xml(variant, entries: list[dict], lang: str, label: str) -> str:
    """One variant as a Moodle ``<question>`` (numerical or cloze), serialized."""
    from symderiv.course.sheets import exercise_given
    sol = variant.solution
    numerical = len(entries) == 1 and entries[0]["kind"] == "number"
    q = ET.Element("question", {"type": "numerical" if numerical else "cloze"})
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = f"{sol.name} {label}"
    intro = f"<p><strong>{text_html(sol.title, lang)}</strong></p>" + blocks_html(exercise_given(sol.given), lang)
    items = []
    for a, e in zip(variant.answers, entries):
        lhs = f" {_math(a.lhs, lang)} =" if a.lhs is not None else ""
        part = "" if numerical else " " + html.escape(_cloze_part(e), quote=False)
        items.append(f"<li>{text_html(a.question, lang)}:{lhs}{part}</li>")
    _text_el(q, "questiontext", intro + "<ol>" + "".join(items) + "</ol>")
    feedback = "".join(f"<h4>{text_html(t.title, lang)}</h4>{blocks_html(t.blocks, lang)}" for t in sol.tasks)
    _text_el(q, "generalfeedback", feedback)
    ET.SubElement(q, "defaultgrade").text = str(len(entries) if not numerical else 1)
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    if numerical:
        e = entries[0]
        ans = ET.SubElement(q, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        ET.SubElement(ans, "text").text = _num(e["expected"])
        ET.SubElement(ans, "tolerance").text = _num(_tolerance(e))
        fb = ET.SubElement(ans, "feedback", {"format": "html"})
        ET.SubElement(fb, "text").text = ""
        ET.SubElement(q, "unitgradingtype").text = "0"
        ET.SubElement(q, "showunits").text = "3"
    return ET.tostring(q, encoding="unicode")


def bank_xml(problem_names: list[str], per_sheet: list[list[str]]) -> bytes:
    """The question bank: per problem a category, then that problem's question of every
    sheet (``per_sheet[i][j]``: sheet i, problem j)."""
    quiz = ET.Element("quiz")
    for j, name in enumerate(problem_names):
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        c = ET.SubElement(cat, "category")
        ET.SubElement(c, "text").text = f"$course$/top/symderiv/{name}"
        for sheet in per_sheet:
            quiz.append(ET.fromstring(sheet[j]))
    ET.indent(quiz, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n"
