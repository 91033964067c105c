"""Moodle export of expression questions: the value at a check point (a NUMERICAL part),
which an equivalent rewritten answer reaches too; and the one HTML renderer it shares with
the notebook display."""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sympy as sp

from symderiv import problems
from symderiv.course import moodle as M
from symderiv.course import variants as V

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "own_problem"


@pytest.fixture(scope="module")
def own():
    from symderiv.problems.plugins import load_dir
    return load_dir(EXAMPLE)


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def _entry(expected, params=None, student="s1", variables=None):
    return {"student": student, "problem": "p", "question": "p.q1", "seed": 5, "kind": "expression",
            "expected": expected, "params": params or {}, "variables": variables,
            "tolerance": {"abs": 1e-6, "rel": 1e-3}}


def _parts(text):
    return re.findall(r"\{1:(NUMERICAL|SHORTANSWER):=(.*?)(?::([^:}]*))?\}", text)


def test_expression_becomes_its_value_at_a_check_point_which_a_rewritten_answer_reaches(own):
    prob = problems.get("neuron-loss")
    var = V.build_variant(prob, V.variant_seed(11, 1))
    entries = V.key_entries(var, "v01", "en")
    expr_entry = next(e for e in entries if e["kind"] == "expression")
    point, value = M.check_point(expr_entry)
    assert set(point) == {"w", "b"} and all(v in M.POINT_VALUES for v in point.values())
    assert (point["w"], point["b"]) != (float(var.params["w"]), float(var.params["b"]))
    # the same function written differently (sigmoid^2 - sigmoid^3 times dz/dw), evaluated
    # in plain Python: Moodle's NUMERICAL part accepts it, a text comparison would not
    x, y = float(var.params["x"]), float(var.params["y"])
    s = _sigmoid(point["w"] * x + point["b"])
    rewritten = 2 * (s - y) * s * (1 - s) * x
    assert rewritten == pytest.approx(value, rel=1e-9)
    q = ET.fromstring(M.question_xml(var, entries, "en", "v01"))
    text = q.find("questiontext/text").text
    parts = _parts(text)
    assert [p[0] for p in parts] == ["NUMERICAL"] * len(entries)
    k = entries.index(expr_entry)
    assert float(parts[k][1]) == pytest.approx(value, rel=1e-12)
    # the policy's tolerance, a clean decimal rounded down from 1e-3 |value|
    assert abs(rewritten - float(parts[k][1])) <= float(parts[k][2]) <= 1e-3 * abs(value)
    assert float(parts[k][2]) == pytest.approx(1e-3 * abs(value), rel=0.1) and len(parts[k][2]) <= 12
    assert "its value at" in text and "symderiv grade" in text
    assert f"w = {point['w']:g}" in text and f"b = {point['b']:g}" in text


def test_check_point_avoids_kinks_the_sheets_point_and_needs_two_agreeing_values():
    # relu(w - 0.3) has its kink at w = 0.3, a value of the grid: never chosen (for these
    # students the first draw has w = 0.3; without the kink test it would be taken)
    for student in ("s36", "s41", "s44", "s46", "s55"):
        point, value = M.check_point(_entry("relu(w - 0.3)*x", student=student))
        assert point["w"] != 0.3 and M.check_point(_entry("x*w", student=student))[0]["w"] == 0.3
        assert value == pytest.approx(max(point["w"] - 0.3, 0.0) * point["x"], rel=1e-12, abs=1e-15)
    # the sheet's own point is not reused
    for student in ("s36", "s41", "s44", "s46", "s55"):
        point, _ = M.check_point(_entry("w^2", params={"w": "0.3"}, student=student))
        assert point["w"] != 0.3
    # a point where the answer 0 would pass is no check: relu(w) is asked where w > 0
    # (for these students the first draw has w < 0)
    for student in ("s1", "s3", "s4", "s6", "s7"):
        assert M.check_point(_entry("w", student=student))[0]["w"] < 0
        point, value = M.check_point(_entry("relu(w)", student=student))
        assert point["w"] > 0 and value == pytest.approx(point["w"], rel=1e-12)
    # log needs a positive argument: a point with w > 0 is found
    point, value = M.check_point(_entry("log(w)"))
    assert point["w"] > 0 and value == pytest.approx(math.log(point["w"]), rel=1e-12)
    # the interval length of unstable-gradients is real only for W >= 4: ten times the grid
    point, value = M.check_point(_entry("2*log(W*(sqrt(1 - 4/W) + 1)/2 - 1)/W"))
    W = point["W"]
    assert W in (7.0, 13.0, 17.0)
    assert value == pytest.approx(2 * math.log(W * (math.sqrt(1 - 4 / W) + 1) / 2 - 1) / W, rel=1e-12)
    # nowhere real: no point, and the question falls back to a text comparison, saying so
    assert M.check_point(_entry("log(-w^2 - 1)")) is None
    part, before, after = M._cloze_part(_entry("log(-w^2 - 1)"), "de")
    assert part.startswith("{1:SHORTANSWER:=log(-w") and before == "" and "als Text" in after


def test_check_point_is_a_pure_function_and_german_text_has_decimal_commas(own):
    e = _entry("sigmoid(w*b) + w", params={"w": "0.5", "b": "1"})
    assert M.check_point(e) == M.check_point(dict(e))
    part, before, _ = M._cloze_part(e, "de")
    (point, value) = M.check_point(e)
    assert "sein Wert an der Stelle" in before and ";\\ " in before
    assert f"w = {point['w']:g}".replace(".", "{,}") in before
    assert float(_parts(part)[0][1]) == pytest.approx(_sigmoid(point["w"] * point["b"]) + point["w"], rel=1e-12)


def test_one_html_renderer_for_notebook_and_moodle():
    from symderiv.documents import html as H
    from symderiv.documents.model import Equation, Result, Solution, T, Task
    sol = Solution("t", T("A & B", "A & B"), tasks=[Task(T("one", "eins"), [
        T("We take {v} and {w}.", "Wir nehmen {v} und {w}.", v=0.25, w=3),
        Equation(sp.Symbol("y"), [sp.Float(1.5) * sp.Symbol("x")]),
        Result(T("the value", "der Wert"), sp.Symbol("y"), 2.5e-7)])])
    de = sol.to_html("de")
    assert de == H.solution_html(sol, "de") and sol._repr_html_() == H.solution_html(sol, "en")
    assert r"Wir nehmen \(0{,}25\) und 3." in de
    assert r"\[y = 1{,}5 x\]" in de
    assert r"<strong>Ergebnis: der Wert</strong>" in de and r"\[y = 2{,}5 \cdot 10^{-7}\]" in de
    assert "<h3>A &amp; B</h3>" in de and "\\num" not in de
    assert H.task_html(1, sol.tasks[0], "en") in sol.to_html("en")
