"""Grading as a batch job (issue 18, step 1): no answer stops or fools it; the key is
validated; duplicates, unknown ids, missing students; input limits; the tolerance policy."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symderiv.course import grading as G
from symderiv.course.numbers import NotANumber, read_number
from symderiv.documents.answers import Tolerance, clean_down, decimal_text

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
HOSTILE = ["exp(exp(exp(exp(100))))", "9^9^9^9", "(x^1000)^1000", "7" * 1_000_000]


def _entry(student, q, expected, kind="number", **kw):
    e = {"student": student, "problem": q.split(".")[0], "question": q, "expected": expected, "kind": kind,
         "tolerance": {"abs": 1e-6, "rel": 1e-3, "max_rel": 0.01}, "params": {}, "text": "", "task": 1}
    if kind == "expression":
        e["variables"] = ["w", "x"]
    e.update(kw)
    return e


def _files(tmp_path, entries, rows, lang=None):
    key = {"format": "symderiv-key/1", "entries": entries}
    if lang:
        key["lang"] = lang
    (tmp_path / "key.json").write_text(json.dumps(key))
    with open(tmp_path / "answers.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("student", "question", "answer")] + rows)
    return tmp_path / "key.json", tmp_path / "answers.csv"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "symderiv", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=120)


def test_200_rows_with_hostile_answers_finish_and_are_invalid(tmp_path):
    entries, rows = [], []
    for i in range(200):
        sid = f"s{i:03d}"
        kind = "expression" if i % 50 == 7 else "number"
        entries.append(_entry(sid, "p.q1", "2*x*sigmoid(w*x)" if kind == "expression" else -0.5 - i, kind))
        if i < len(HOSTILE):
            rows.append((sid, "p.q1", HOSTILE[i]))
        elif kind == "expression":
            rows.append((sid, "p.q1", "(x^1000)^1000" if i == 7 else "x*2/(1 + exp(-w*x))"))
        else:
            rows.append((sid, "p.q1", str(-0.5 - i)))
    key, answers = _files(tmp_path, entries, rows)
    t0 = time.monotonic()
    proc = _cli("grade", key, answers, "--out", tmp_path / "grades.csv", "--format", "json")
    elapsed = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    verdicts = out["verdicts"]
    assert len(verdicts) == 200
    assert [v["status"] for v in verdicts[:4]] == ["invalid"] * 4
    assert "finite" in verdicts[0]["reason"] and "exponent too large" in verdicts[1]["reason"]
    # (x^1000)^1000: refused by the parser's exponent bound (nested powers multiply)
    assert "exponent too large" in verdicts[2]["reason"] and "longer than" in verdicts[3]["reason"]
    assert verdicts[7]["status"] == "invalid"   # (x^1000)^1000 as an expression: past the exponent bound
    assert all(v["status"] == "correct" for v in verdicts[8:])
    print(f"200 rows graded in {elapsed:.1f} s")  # acceptance: < 30 s (not asserted: no timed asserts)


def test_one_slow_answer_costs_at_most_the_budget(tmp_path, monkeypatch):
    """The sandbox kills an evaluation past its budget and the next answer is graded."""
    from symderiv.course.procs import Sandbox, Timeout

    def slow(x):
        if x == "slow":
            while True:
                pass
        return x * 2

    with Sandbox(slow, 0.5) as box:
        assert box(3) == 6
        with pytest.raises(Timeout):
            box("slow")
        assert box(4) == 8  # a fresh child


@pytest.mark.parametrize("text,lang,value", [("−0,5", "de", -0.5), ("-0,5", "de", -0.5), ("−2", "en", -2.0),
                                             ("0,125", None, 0.125), ("3/4", "en", 0.75), ("1e-3", "en", 1e-3),
                                             ("\u22122.5e1", "de", -25.0)])
def test_numbers_read(text, lang, value):
    assert read_number(text, lang) == value


@pytest.mark.parametrize("text", ["0x10", "1_000", "0b1", "inf", "nan", "2x", "exp(exp(exp(exp(100))))"])
def test_python_syntax_and_non_numbers_are_refused(text):
    with pytest.raises(NotANumber):
        read_number(text, "de")
    assert G.grade_one(_entry("s", "p.q1", 16.0), text)[0] == "invalid"


def test_decimal_comma_only_in_a_german_or_unstated_course():
    with pytest.raises(NotANumber):
        read_number("0,5", "en")
    assert G.grade_one(_entry("s", "p.q1", -0.5), "−0,5", "de")[0] == "correct"


def test_tolerance_policy_is_capped_and_clean():
    t = Tolerance.of({"abs": 1e-4, "rel": 1e-3})
    assert t.allowed(8.74318016842e-05) < 8.74318016842e-05 * 0.011  # 0 is not within it
    assert abs(0 - 8.74318016842e-05) > t.allowed(8.74318016842e-05)
    assert repr(Tolerance().allowed(498.6)) == "0.49"                  # not 0.49860000000000004
    assert clean_down(0.49860000000000004) == 0.49 and clean_down(1.0) == 1.0
    assert decimal_text(8.7e-07) == "0.00000087" and decimal_text(1200.0) == "1200"
    assert Tolerance.of_precision(3, 5).as_dict() == {"abs": 1e-05, "rel": 0.01, "max_rel": 0.01}
    assert Tolerance().allowed(0.0) == 1e-06                          # a zero value: the absolute floor


@pytest.mark.parametrize("change,message", [
    (lambda e: e["tolerance"].update(abs=-1e-6), "entries[0].tolerance.abs"),
    (lambda e: e["tolerance"].update(rel=1e308), "entries[0].tolerance.rel"),
    (lambda e: e.update(expected=float("nan")), "NaN"),
    (lambda e: e.update(kind="python"), "entries[0].kind"),
    (lambda e: e.pop("tolerance"), "'tolerance' is a required property"),
])
def test_tampered_key_exits_2_before_grading(tmp_path, change, message):
    e = _entry("s1", "p.q1", 0.5)
    change(e)
    key, answers = _files(tmp_path, [e], [("s1", "p.q1", "0.5")])
    proc = _cli("grade", key, answers, "--out", tmp_path / "g.csv")
    assert proc.returncode == 2 and proc.stderr.startswith("error:") and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "g.csv").exists()


def test_out_equal_to_an_input_exits_2(tmp_path):
    key, answers = _files(tmp_path, [_entry("s1", "p.q1", 0.5)], [("s1", "p.q1", "0.5")])
    before = answers.read_bytes()
    for out in (answers, tmp_path / "." / "answers.csv"):
        proc = _cli("grade", key, answers, "--out", out)
        assert proc.returncode == 2 and "overwrite the answers file" in proc.stderr
    assert answers.read_bytes() == before


def test_duplicates_unknown_ids_and_missing_students(tmp_path):
    entries = [_entry(s, q, 1.5) for s in ("s1", "s2", "s3") for q in ("p.q1", "p.q2")]
    rows = [("s1", "p.q1", "1"), ("s1", "p.q1", "1.5"),           # the last row counts
            (" s1 ", "p.q2", "1.5"),                               # trimmed
            ("S1", "p.q2", "1.5"),                                 # case matters
            ("s2", "p.q9", "1.5"), ("s9", "p.q1", "1.5")]
    key, answers = _files(tmp_path, entries, rows)
    result = G.grade_all(key, answers)
    status = [r["status"] for r in result.rows]
    assert status == ["superseded", "correct", "correct", "invalid", "invalid", "invalid"]
    assert "line 3" in result.rows[0]["reason"]
    assert "unknown student 'S1'" in result.rows[3]["reason"] and "did you mean 's1'" in result.rows[3]["reason"]
    assert "case matters" in result.rows[3]["reason"]
    assert "student 's2' has no question 'p.q9'" in result.rows[4]["reason"]
    assert "unknown student 's9'" in result.rows[5]["reason"]
    assert result.duplicates == [("s1", "p.q1", [2, 3])]
    assert result.missing_students == ["s3"]
    assert result.unanswered == {"s2": ["p.q1", "p.q2"]}


@pytest.mark.parametrize("which", ["key", "answers"])
def test_devices_and_oversized_inputs_are_refused(tmp_path, which, monkeypatch):
    key, answers = _files(tmp_path, [_entry("s1", "p.q1", 0.5)], [("s1", "p.q1", "0.5")])
    args = {"key": key, "answers": answers}
    args[which] = "/dev/zero"
    proc = _cli("grade", args["key"], args["answers"], "--out", tmp_path / "g.csv")
    assert proc.returncode == 2 and "larger than the limit" in proc.stderr, proc.stderr


def test_a_field_longer_than_csv_default_is_read(tmp_path):
    """csv's default field limit is 128 KB: a longer answer is invalid, not a crash."""
    key, answers = _files(tmp_path, [_entry("s1", "p.q1", 0.5)], [("s1", "p.q1", "1" * 300_000)])
    rows = G.grade(key, answers)
    assert rows[0]["status"] == "invalid" and "longer than" in rows[0]["reason"]


def test_roster_device_and_long_field(tmp_path):
    from symderiv.course.build import read_roster
    from symderiv.problems import ProblemError
    with pytest.raises(ProblemError, match="larger than the limit"):
        read_roster("/dev/zero")
    (tmp_path / "r.csv").write_text("id,name\ns1," + "x" * 200_000 + "\n")
    with pytest.raises(ProblemError, match="name longer than 200"):
        read_roster(tmp_path / "r.csv")


def test_answers_saved_by_german_excel_are_read(tmp_path):
    """A BOM and ';' (what German Excel saves as 'CSV UTF-8'), a decimal comma inside."""
    key, _ = _files(tmp_path, [_entry("s1", "p.q1", -0.5), _entry("s1", "p.q2", 2.0)], [], lang="de")
    answers = tmp_path / "excel.csv"
    answers.write_bytes("\ufeffstudent;question;answer\r\ns1;p.q1;−0,5\r\ns1;p.q2;2\r\n".encode("utf-8"))
    assert [r["status"] for r in G.grade(key, answers)] == ["correct", "correct"]
