"""The gradebook of 'symderiv grade' (issue 18, step 2): grades, per-student summary,
per-question statistics, Moodle's grade import, Excel-friendly CSV, JSON output."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from symderiv.cli.common import schema

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}


def _entry(student, q, expected, points=None):
    e = {"student": student, "problem": q.split(".")[0], "question": q, "expected": expected, "kind": "number",
         "tolerance": {"abs": 1e-6, "rel": 1e-3}}
    if points is not None:
        e["points"] = points
    return e


@pytest.fixture()
def course(tmp_path):
    """Four students (Jürgen's id has an umlaut-free id, the name is not in the key), two
    problems; s3 answers nothing, s2 answers twice, a row names an unknown student."""
    entries = [_entry(s, q, v, 2.0 if q == "p.q1" else None)
               for s in ("s1", "s2", "s3", "s4") for q, v in (("p.q1", 1.5), ("p.q2", -2.0), ("r.q1", 0.25))]
    key = {"format": "symderiv-key/1", "lang": "de", "entries": entries}
    (tmp_path / "key.json").write_text(json.dumps(key))
    rows = [("s1", "p.q1", "1,5"), ("s1", "p.q2", "−2"), ("s1", "r.q1", "0.25"),
            ("s2", "p.q1", "1"), ("s2", "p.q1", "1.5"),             # duplicate: the last counts
            ("s2", "p.q2", "2"),                                     # wrong (the sign)
            ("s4", "p.q2", "2"), ("s4", "r.q1", "abc"),              # wrong, invalid; p.q1 unanswered
            ("s9", "p.q1", "1.5"), ("s1", "p.q7", "1")]              # unknown student / question
    with open(tmp_path / "answers.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("student", "question", "answer")] + rows)
    return tmp_path


def _run(*args):
    return subprocess.run([sys.executable, "-m", "symderiv", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=120)


def _csv(path, delimiter=","):
    return list(csv.DictReader(io.StringIO(Path(path).read_bytes().decode("utf-8-sig")), delimiter=delimiter))


def test_summary_statistics_and_moodle_import(course):
    proc = _run("grade", course / "key.json", course / "answers.csv", "--out", course / "g" / "grades.csv",
                "--points", "r=3", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, schema("grade"))
    assert data["counts"] == {"correct": 4, "incorrect": 2, "invalid": 3, "superseded": 1}
    assert data["missing_students"] == ["s3"]
    assert data["duplicates"] == [{"student": "s2", "question": "p.q1", "lines": [5, 6]}]
    assert [u["student"] for u in data["unknown"]] == ["s9", "s1"]
    assert {u["student"]: u["questions"] for u in data["unanswered"]} == {"s2": ["r.q1"], "s4": ["p.q1"]}
    students = {r["student"]: r for r in _csv(course / "g" / "grades-students.csv")}
    # points: p.q1 2 (the key), p.q2 1 (default), r.q1 3 (--points r=3); total 6 each
    assert (students["s1"]["points"], students["s1"]["total"], students["s1"]["missing"]) == ("6", "6", "0")
    assert (students["s2"]["points"], students["s2"]["answered"], students["s2"]["missing"]) == ("2", "2", "1")
    assert (students["s3"]["points"], students["s3"]["missing"]) == ("0", "3")
    assert (students["s4"]["points"], students["s4"]["incorrect"], students["s4"]["invalid"]) == ("0", "1", "1")
    questions = {r["question"]: r for r in _csv(course / "g" / "grades-questions.csv")}
    q2 = questions["p.q2"]
    assert (q2["students"], q2["answered"], q2["correct"], q2["incorrect"]) == ("4", "3", "1", "2")
    assert (q2["most_common_wrong"], q2["most_common_wrong_count"]) == ("2", "2")
    moodle = _csv(course / "g" / "grades-moodle.csv")
    assert list(moodle[0]) == ["ID number", "p", "r"]
    assert [(m["ID number"], m["p"], m["r"]) for m in moodle] == [("s1", "3", "3"), ("s2", "2", "0"),
                                                                  ("s3", "", ""), ("s4", "0", "0")]
    grades = _csv(course / "g" / "grades.csv")
    assert [g["status"] for g in grades][:5] == ["correct", "correct", "correct", "superseded", "correct"]


def test_printed_table_and_excel_files(course):
    proc = _run("grade", course / "key.json", course / "answers.csv", "--out", course / "grades.csv", "--excel",
                "--id-field", "Email address")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["question", "answered", "correct", "incorrect", "invalid", "most", "common",
                                "wrong", "answer"]
    assert lines[3].split()[:5] == ["p.q2", "3/4", "1", "2", "0"]
    assert "no answers from: s3" in proc.stdout
    raw = (course / "grades-students.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw                 # BOM, Excel line ends
    assert raw.splitlines()[0] == b"\xef\xbb\xbfstudent;points;total;answered;correct;incorrect;invalid;missing"
    # the Moodle import stays plain CSV (Moodle reads it, not Excel)
    assert (course / "grades-moodle.csv").read_bytes().startswith(b"Email address,p,r\n")
    proc = _run("grade", course / "key.json", course / "answers.csv", "--out", course / "en.csv", "--excel",
                "--lang", "en", "--points", "p.q1=0.5")
    assert proc.returncode == 0, proc.stderr
    rows = _csv(course / "en-students.csv")
    assert rows[0]["points"] == "2" and rows[0]["total"] == "2.5"  # "1,5" is refused in English


def test_excel_german_uses_a_decimal_comma(course):
    proc = _run("grade", course / "key.json", course / "answers.csv", "--out", course / "de.csv", "--excel",
                "--points", "p.q1=0.5")
    assert proc.returncode == 0, proc.stderr
    rows = _csv(course / "de-students.csv", delimiter=";")
    assert rows[0]["points"] == "2,5"


@pytest.mark.parametrize("bad", ["--points=x", "--points=p=-1", "--answer-time=0"])
def test_bad_options_exit_2(course, bad):
    proc = _run("grade", course / "key.json", course / "answers.csv", "--out", course / "g.csv", bad)
    assert proc.returncode == 2 and proc.stderr.startswith("error:")
