"""Moodle XML question bank (``symderiv sheet --moodle quiz.xml``).

Format: Moodle's "Moodle XML format" (docs.moodle.org/en/Moodle_XML_format): a ``<quiz>``
of ``<question>`` elements. Per question slot (the j-th problem of the sheet) one
``type="category"`` question (``$course$/top/symderiv/NN PROBLEM``), then the variants of
that slot, one question per sheet, as R/exams' ``exams2moodle`` lays out a bank: a quiz
draws "a random question" from each slot's category (README: the quiz recipe). Which
student's sheet holds which variant stays in the key (``student``, ``params``) for the PDF
route.

Every question is a ``type="cloze"`` ("Embedded answers") with one part
``{1:NUMERICAL:=value:tolerance}`` per question of the variant; the tolerance is the
absolute one of the policy (:class:`symderiv.documents.answers.Tolerance`: never more than
a fraction of |value|), written as a plain decimal, and the question text states the
precision asked for (``to 4 significant digits (or 6 decimal places)``).

Expressions. Moodle cannot decide whether two expressions are the same function (that
needs STACK); a ``SHORTANSWER`` part compares text and would mark a correct but rewritten
answer wrong. So an expression question becomes a ``NUMERICAL`` part asking for the
value of the expression at a check point (:func:`check_point`): coordinates with one
decimal (or ten times those), not the sheet's own point, away from kinks, and a point
where the answer 0 would not pass. The value is computed twice, by SymPy in 30-digit
arithmetic and by the NumPy functions of the function table, and used only if both
agree. The question text says that the expression itself is graded by ``symderiv
grade``. Only if no point qualifies is the part a ``SHORTANSWER``, with a note that
Moodle compares it as text.

Text and maths are rendered by the one HTML renderer :mod:`symderiv.documents.html`
(MathJax ``\\( ... \\)``, numbers by the document printer, text escaped); the XML is
written by ``xml.etree`` (which escapes ``<``, ``&`` ...). The worked solution is the
general feedback (figures and plots by their captions; they are drawn in the PDF).
Output is deterministic: re-running gives the same bytes.
"""
from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from typing import Optional

from symderiv.documents.answers import question_phrase
from symderiv.documents.html import blocks_html, math_html, task_html, text_html
from symderiv.documents.model import Latex, T

_CLOZE_SPECIAL = re.compile(r'([\\}#~/"*{])')
#: coordinates of a check point: one decimal, none of them a typical parameter value
POINT_VALUES = (-1.7, -1.3, -0.7, -0.3, 0.3, 0.7, 1.3, 1.7)
#: draws of a check point before giving up (then: a SHORTANSWER part): a third from
#: POINT_VALUES, a third from their absolute values (log, square roots), a third from ten
#: times those (a domain such as W >= 4)
POINT_DRAWS = 60
#: the two evaluations of the value must agree to this relative error
AGREE_REL = 1e-9
#: a kink predicate (relu's argument ...) closer to 0 than this disqualifies a point
KINK_DISTANCE = 1e-3

EXPRESSION_NOTE = T("Moodle grades numbers only: for an expression, enter its value at the stated point; "
                    "the expression itself is graded separately (symderiv grade checks that it is the "
                    "same function).",
                    "Moodle bewertet nur Zahlen: bei einem Ausdruck gib seinen Wert an der angegebenen "
                    "Stelle ein; der Ausdruck selbst wird getrennt bewertet (symderiv grade prüft, ob er "
                    "dieselbe Funktion ist).")
VALUE_AT = T("its value at {point}", "sein Wert an der Stelle {point}")
AS_TEXT = T("(Moodle compares this answer as text)", "(Moodle vergleicht diese Antwort als Text)")


def _tolerance(entry: dict, value: Optional[float] = None) -> float:
    """The absolute tolerance of the policy (:class:`symderiv.documents.answers.Tolerance`)."""
    from symderiv.documents.answers import Tolerance
    return Tolerance.of(entry["tolerance"]).allowed(float(entry["expected"] if value is None else value))


def _num(x: float) -> str:
    """A number as Moodle reads it: a plain decimal (no float noise, no exponent)."""
    from symderiv.documents.answers import decimal_text
    return decimal_text(x)


def _own_point(params: dict) -> dict:
    """The sheet's parameters that are numbers (a check point must differ from them)."""
    out = {}
    for k, v in (params or {}).items():
        try:
            out[k] = float(v)
        except (TypeError, ValueError):
            pass
    return out


def _real(value) -> Optional[float]:
    c = complex(value)
    if not (math.isfinite(c.real) and math.isfinite(c.imag)) or abs(c.imag) > 1e-12 * max(1.0, abs(c.real)):
        return None
    return c.real


def check_point(entry: dict) -> Optional[tuple[dict, float]]:
    """``({variable: value}, value of the expected expression there)`` for an expression
    entry of the key, or None if no point qualifies (see the module docstring). The draw is
    a pure function of (student, problem, seed): the questions of a variant in the same
    variables get the same point."""
    import numpy as np
    import sympy as sp
    from symderiv.course.variants import derive_seed
    from symderiv.language.numeric import numeric
    from symderiv.language.parse import parse
    from symderiv.verify.kinks import kink_predicates
    expr = parse(entry["expected"])
    order = list(entry.get("params") or {})  # the problem's order of its parameters, then by name
    syms = sorted(expr.free_symbols, key=lambda s: (order.index(s.name) if s.name in order else len(order), s.name))
    if not syms:
        return None
    own = _own_point(entry.get("params", {}))
    kinks = [pred for _, pred in kink_predicates(expr)]
    fast = numeric(expr, syms)
    rng = np.random.default_rng(derive_seed("moodle-point", entry["student"], entry["problem"], entry.get("seed", 0)))
    for draw in range(POINT_DRAWS):
        values = [float(v) for v in rng.choice(POINT_VALUES, len(syms))]
        if draw >= POINT_DRAWS // 3:  # maybe a log or a square root: positive values
            values = [abs(v) for v in values]
        if draw >= 2 * POINT_DRAWS // 3:  # maybe a domain away from 0
            values = [round(10 * v, 6) for v in values]
        if all(own.get(s.name) == v for s, v in zip(syms, values)):
            continue
        exact = {s: sp.Rational(repr(v)) for s, v in zip(syms, values)}
        try:
            if any(abs(complex(sp.N(pred.subs(exact), 30))) < KINK_DISTANCE for pred in kinks):
                continue
            slow = _real(sp.N(expr.subs(exact), 30))          # SymPy, 30 digits
            with np.errstate(all="ignore"):
                quick = _real(fast(*values))                  # NumPy, the function table
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if slow is None or quick is None or abs(slow - quick) > AGREE_REL * max(abs(slow), abs(quick)):
            continue
        if abs(slow) <= _tolerance(entry, slow):  # the answer 0 would pass: no check
            continue
        return {s.name: v for s, v in zip(syms, values)}, float(f"{slow:.12g}")
    return None


def _point_latex(point: dict, lang: str) -> Latex:
    import sympy as sp
    from symderiv.documents.latex import number_latex, sympy_latex, tuple_separator
    sep = tuple_separator(lang, True) + r"\ "
    return Latex(sep.join(f"{sympy_latex(sp.Symbol(k), lang=lang)} = {number_latex(v, 6, lang)}" for k, v in point.items()))


def _cloze_part(entry: dict, lang: str) -> tuple[str, str, str]:
    """(the embedded answer, HTML before it, HTML after it)."""
    if entry["kind"] == "number":
        return "{1:NUMERICAL:=%s:%s}" % (_num(entry["expected"]), _num(_tolerance(entry))), "", ""
    found = check_point(entry)
    if found is None:
        return ("{1:SHORTANSWER:=%s}" % _CLOZE_SPECIAL.sub(r"\\\1", entry["expected"]), "",
                " " + text_html(AS_TEXT, lang))
    point, value = found
    asked = text_html(T(VALUE_AT.en, VALUE_AT.de, point=_point_latex(point, lang)), lang)
    return "{1:NUMERICAL:=%s:%s}" % (_num(value), _num(_tolerance(entry, value))), f" &#8212; {asked}", ""


def _text_el(parent, tag: str, value: str, fmt_attr: str = "html"):
    el = ET.SubElement(parent, tag, {"format": fmt_attr}) if fmt_attr else ET.SubElement(parent, tag)
    ET.SubElement(el, "text").text = value
    return el


def _precision_html(entry: dict, lang: str) -> str:
    from symderiv.documents.answers import Tolerance, precision_text
    return html.escape(f" ({precision_text(Tolerance.of(entry['tolerance']), lang)})", quote=False)


def question_name(problem: str, label: str) -> str:
    """The question's name in the bank (the key's ``student`` says whose variant it is)."""
    return f"{problem} {label}"


def question_xml(variant, entries: list[dict], lang: str, label: str) -> str:
    """One variant as a Moodle ``<question type="cloze">`` (embedded answers: one part per
    question, each with its precision), serialized."""
    from symderiv.course.sheets import exercise_given
    sol = variant.solution
    q = ET.Element("question", {"type": "cloze"})
    name = ET.SubElement(q, "name")
    ET.SubElement(name, "text").text = question_name(variant.problem, label)
    intro = f"<p><strong>{text_html(sol.title, lang)}</strong></p>" + blocks_html(exercise_given(sol.given), lang)
    items = []
    for a, e in zip(variant.answers, entries):
        lhs = f" {math_html(a.lhs, lang)} =" if a.lhs is not None else ""
        part, before, after = _cloze_part(e, lang)
        items.append(f"<li>{question_phrase(text_html(a.question, lang))}{before}{_precision_html(e, lang)}:{lhs} "
                     f"{html.escape(part, quote=False)}{after}</li>")
    note = f"<p>{text_html(EXPRESSION_NOTE, lang)}</p>" if any(e["kind"] == "expression" for e in entries) else ""
    _text_el(q, "questiontext", intro + "<ol>" + "".join(items) + "</ol>" + note)
    feedback = "".join(task_html(i, t, lang) for i, t in enumerate(sol.tasks, 1))
    _text_el(q, "generalfeedback", feedback)
    ET.SubElement(q, "defaultgrade").text = str(len(entries))
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    return ET.tostring(q, encoding="unicode")


CATEGORY_INFO = T("Slot {slot} of the quiz: the {n} variants of '{problem}' (symderiv). In the quiz, add "
                  "'a random question' from this category for slot {slot}.",
                  "Platz {slot} des Tests: die {n} Varianten von '{problem}' (symderiv). Im Test für Platz {slot} "
                  "'eine Zufallsfrage' aus dieser Kategorie hinzufügen.")


def category_path(slot: int, problem: str) -> str:
    return f"$course$/top/symderiv/{slot:02d} {problem}"


def bank_xml(problem_names: list[str], per_sheet: list[list[str]], lang: str = "en") -> bytes:
    """The question bank: one category per question slot (the j-th problem of the sheet,
    ``$course$/top/symderiv/NN problem``) holding the variants of that slot
    (``per_sheet[i][j]``: sheet i, problem j), as R/exams' exams2moodle does."""
    quiz = ET.Element("quiz")
    for j, name in enumerate(problem_names):
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        c = ET.SubElement(cat, "category")
        ET.SubElement(c, "text").text = category_path(j + 1, name)
        info = CATEGORY_INFO.get(lang).format(slot=j + 1, n=len(per_sheet), problem=name)
        _text_el(cat, "info", f"<p>{html.escape(info, quote=False)}</p>")
        for sheet in per_sheet:
            quiz.append(ET.fromstring(sheet[j]))
    ET.indent(quiz, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n"
