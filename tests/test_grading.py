"""symderiv grade: the key's own answers are correct, perturbed ones incorrect, equivalent
rewrites correct, hostile text invalid and never executed."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path


from symderiv.course import grading as G

ROOT = Path(__file__).resolve().parent.parent
KEY = [
    {"student": "s1", "problem": "p", "question": "p.q1", "expected": "2*x*sigmoid(w*x)", "kind": "expression",
     "variables": ["w", "x"], "tolerance": {"abs": 1e-6, "rel": 1e-3}, "params": {}, "text": "", "task": 1},
    {"student": "s1", "problem": "p", "question": "p.q2", "expected": 0.125, "kind": "number",
     "tolerance": {"abs": 1e-6, "rel": 1e-3}, "params": {}, "text": "", "task": 1},
    {"student": "s2", "problem": "p", "question": "p.q2", "expected": -3.5, "kind": "number",
     "tolerance": {"abs": 0.0, "rel": 0.0}, "params": {}, "text": "", "task": 1},
]


def _write(tmp_path, rows, **kw):
    (tmp_path / "key.json").write_text(json.dumps({"entries": KEY}))
    with open(tmp_path / "answers.csv", "w", newline="") as f:
        csv.writer(f).writerows([("student", "question", "answer")] + rows)
    return G.grade(tmp_path / "key.json", tmp_path / "answers.csv", **kw)


def _each(rows):
    """Every row graded on its own (no duplicates: one file per row)."""
    entries = {(e["student"], e["question"]): e for e in KEY}
    return [dict(zip(("status", "reason"), G.grade_one(entries.get((s, q)), a))) for s, q, a in rows]


def test_correct_incorrect_and_equivalent(tmp_path):
    out = _each([
        ("s1", "p.q1", "2*x*sigmoid(w*x)"),                 # the key's own answer
        ("s1", "p.q1", "x*2/(1 + exp(-w*x))"),              # rewritten, equivalent
        ("s1", "p.q1", "2*x*sigmoid(w*x) + 0.01*x"),        # wrong
        ("s1", "p.q2", "0.125"), ("s1", "p.q2", "1/8"),     # exact, as a fraction
        ("s1", "p.q2", "0,125"),                            # decimal comma
        ("s1", "p.q2", "0.12509"),                          # within rel 1e-3
        ("s1", "p.q2", "0.13"),                             # beyond tolerance
        ("s2", "p.q2", "-3.5"), ("s2", "p.q2", "-3.5000001"),
    ])
    assert [r["status"] for r in out] == ["correct", "correct", "incorrect", "correct", "correct", "correct",
                                          "correct", "incorrect", "correct", "incorrect"]
    assert "at " in out[2]["reason"] and "gives" in out[2]["reason"]  # a counterexample point
    assert "difference 0.005" in out[7]["reason"]


def test_hostile_and_malformed_answers_are_invalid_and_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    rows = [
        ("s1", "p.q1", f"__import__('os').system('touch {marker}')"),
        ("s1", "p.q2", f"__import__('os').system('touch {marker}')"),
        ("s1", "p.q1", "x" * 10_000_000),
        ("s1", "p.q1", "(" * 5000 + "x" + ")" * 5000),
        ("s1", "p.q1", "sin(" * 1000 + "x" + ")" * 1000),
        ("s1", "p.q1", "2*x*sigmoid(w*y)"),                  # unknown variable
        ("s1", "p.q1", "lambda: 1"), ("s1", "p.q2", ""), ("s1", "p.q2", "inf"),
        ("s9", "p.q2", "1"),                                 # not in the key
        ("s1", "p.q2", "0.125"),                             # and the class goes on
    ]
    out = _each(rows)
    assert [r["status"] for r in out] == ["invalid"] * 10 + ["correct"]
    assert not marker.exists()
    assert all(r["reason"] and "\n" not in r["reason"] for r in out)


def test_grade_command_writes_grades_csv(tmp_path):
    _write(tmp_path, [])
    (tmp_path / "answers.csv").write_text("student,question,answer\ns1,p.q2,0.125\ns1,p.q1,\"exec('1')\"\n")
    proc = subprocess.run([sys.executable, "-m", "symderiv", "grade", str(tmp_path / "key.json"),
                           str(tmp_path / "answers.csv"), "--out", str(tmp_path / "grades.csv")],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(open(tmp_path / "grades.csv")))
    assert [r["status"] for r in rows] == ["correct", "invalid"]
    assert list(rows[0]) == G.GRADE_FIELDS
    (tmp_path / "bad.csv").write_text("name,answer\n")
    proc = subprocess.run([sys.executable, "-m", "symderiv", "grade", str(tmp_path / "key.json"),
                           str(tmp_path / "bad.csv"), "--out", str(tmp_path / "g2.csv")],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2 and proc.stderr.startswith("error:") and "Traceback" not in proc.stderr


def test_key_written_by_sheet_grades_its_own_answers(tmp_path):
    from symderiv.course.build import build_course
    from symderiv.problems.plugins import load_dir
    load_dir(ROOT / "examples" / "own_problem")
    r = build_course(["neuron-loss"], str(tmp_path), seed=5, variants=2)
    right = [(e["student"], e["question"], str(e["expected"])) for e in r["entries"]]
    wrong = [(e["student"], e["question"], str(float(e["expected"]) * 1.01 + 0.01))
             for e in r["entries"] if e["kind"] == "number"]
    for name, rows in (("right.csv", right), ("wrong.csv", wrong)):
        with open(tmp_path / name, "w", newline="") as f:
            csv.writer(f).writerows([("student", "question", "answer")] + rows)
    assert [x["status"] for x in G.grade(tmp_path / "key.json", tmp_path / "right.csv")] == ["correct"] * len(right)
    assert {x["status"] for x in G.grade(tmp_path / "key.json", tmp_path / "wrong.csv")} == {"incorrect"}
