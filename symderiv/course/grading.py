"""``symderiv grade KEY.json answers.csv --out grades.csv``: mark students' answers.

answers.csv has the columns ``student,question,answer``; grades.csv gets
``student,question,status,reason`` with status ``correct``, ``incorrect`` or ``invalid``.

* a number answer is read with ``float`` (or, e.g. ``3/4`` or ``exp(-1)``, by the safe
  parser and evaluated; it must then be a constant) and compared with the key's tolerance:
  correct if ``|answer - expected| <= max(abs, rel * |expected|)``; the reason gives the
  difference;
* an expression answer is read by the safe parser (``symderiv.language.parse``: a
  whitelist grammar, no ``eval``; length and nesting limits), may use only the key's
  variables, and is compared with the same equivalence check as ``verify-answer``
  (``calculus.equivalent``, then ``verify.find_counterexample``); a wrong answer gets a
  counterexample point;
* anything else - unreadable text, ``__import__('os')``, a 10 MB string, an expression
  nested a thousand deep, an unknown question - is ``invalid`` with a one-line reason.
  Every row is handled on its own: one bad answer never stops the rest of the class.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re

from symderiv.language.limits import BudgetError, InputError, read_limited
from symderiv.problems import ProblemError

#: longest answer text that is parsed at all (longer: invalid)
MAX_ANSWER_CHARS = 5000
#: the largest answers file read
MAX_FILE_BYTES = 200 * 1024 * 1024
GRADE_FIELDS = ["student", "question", "status", "reason"]


def read_key(path) -> dict:
    """{(student, question): entry} from key.json."""
    try:
        data = json.loads(read_limited(path, MAX_FILE_BYTES, "answer key"))
        entries = data["entries"] if isinstance(data, dict) else data
        return {(str(e["student"]), str(e["question"])): e for e in entries}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ProblemError(f"{path}: not an answer key written by 'symderiv sheet' ({exc})") from None


def read_answers(path) -> list[tuple[str, str, str]]:
    """(student, question, answer) rows; the header ``student,question,answer`` is required."""
    try:  # devices and pipes included: at most MAX_FILE_BYTES + 1 bytes are read
        text = read_limited(path, MAX_FILE_BYTES, "answers file", errors="replace")
    except (BudgetError, InputError) as exc:
        raise ProblemError(str(exc)) from None
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or [h.strip().lower() for h in header[:3]] != ["student", "question", "answer"]:
        raise ProblemError(f"{path}: the first line must be 'student,question,answer'")
    rows = []
    for r in reader:
        if not r or not any(c.strip() for c in r):
            continue
        r = (r + ["", "", ""])[:3]
        rows.append((r[0].strip(), r[1].strip(), r[2]))
    return rows


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n] + "..."


def _parse(text: str):
    from symderiv.language.parse import parse
    return parse(text)


def grade_number(entry: dict, answer: str) -> tuple[str, str]:
    expected = float(entry["expected"])
    text = answer.strip()
    if re.fullmatch(r"[+-]?\d+,\d+", text):  # a decimal comma (German)
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        expr = _parse(answer)
        if expr.free_symbols:
            return "invalid", f"a number is asked, got an expression in {', '.join(sorted(s.name for s in expr.free_symbols))}"
        value = float(expr.evalf(30))
    if not math.isfinite(value):
        return "invalid", "the answer is not a finite number"
    tol = max(float(entry["tolerance"]["abs"]), float(entry["tolerance"]["rel"]) * abs(expected))
    diff = value - expected
    if abs(diff) <= tol:
        return "correct", f"difference {diff:.3g} within tolerance {tol:.3g}"
    return "incorrect", f"difference {diff:.6g} exceeds tolerance {tol:.3g} (expected {expected:.6g})"


def grade_expression(entry: dict, answer: str) -> tuple[str, str]:
    from symderiv.calculus.equivalence import equivalent
    from symderiv import verify
    expected = _parse(entry["expected"])
    given = _parse(answer)
    allowed = set(entry.get("variables") or [s.name for s in expected.free_symbols])
    unknown = sorted(s.name for s in given.free_symbols if s.name not in allowed)
    if unknown:
        return "invalid", f"unknown variable(s) {', '.join(unknown)} (the answer may use {', '.join(sorted(allowed))})"
    variables = sorted(expected.free_symbols | given.free_symbols, key=lambda s: s.name)
    eq = equivalent(expected, given, variables, seed=0)
    if eq.verdict == "equal":
        how = "proved symbolically" if eq.method == "symbolic" else "agrees at random points"
        return "correct", f"equivalent to the expected expression ({how})"
    cx = verify.find_counterexample(expected, given, variables) if eq.verdict == "different" else None
    if cx is not None and cx.get("point"):
        pt = ", ".join(f"{getattr(k, 'name', k)} = {float(v):.6g}" for k, v in cx["point"].items())
        return "incorrect", (f"at {pt} the expected expression gives {float(cx['left']):.6g} "
                             f"but the answer gives {float(cx['right']):.6g}")
    if eq.verdict == "different" and eq.counterexample:
        c = eq.counterexample
        pt = ", ".join(f"{k} = {float(v):.6g}" for k, v in c["point"].items())
        return "incorrect", f"at {pt} the expected expression gives {c['left']:.6g} but the answer gives {c['right']:.6g}"
    return "invalid", "could not decide (too few points where both expressions are defined)"


def grade_one(entry, answer: str) -> tuple[str, str]:
    """(status, reason) of one answer; never raises for bad answers."""
    from symderiv.language.parse import ParseError
    if entry is None:
        return "invalid", "no such student/question in the key"
    if not answer.strip():
        return "invalid", "empty answer"
    if len(answer) > MAX_ANSWER_CHARS:
        return "invalid", f"answer longer than {MAX_ANSWER_CHARS} characters ({len(answer)})"
    try:
        if entry["kind"] == "number":
            return grade_number(entry, answer)
        return grade_expression(entry, answer)
    except ParseError as exc:
        return "invalid", f"cannot read the answer: {_short(str(exc), 120)}"
    except RecursionError:
        return "invalid", "answer nested too deeply"
    except Exception as exc:  # noqa: BLE001 - one student's answer must not stop the class
        return "invalid", f"cannot evaluate the answer ({type(exc).__name__}: {_short(str(exc))})"


def grade(key_path, answers_path) -> list[dict]:
    key = read_key(key_path)
    out = []
    for student, question, answer in read_answers(answers_path):
        status, reason = grade_one(key.get((student, question)), answer)
        out.append({"student": student, "question": question, "status": status,
                    "reason": " ".join(reason.split())})
    return out


def grades_csv(rows: list[dict]) -> bytes:
    """grades.csv; student and question come from the answers file and the reason may quote
    an answer, so cells that would be spreadsheet formulas get a leading quote
    (:mod:`symderiv.course.csvfile`)."""
    from symderiv.course.csvfile import csv_bytes
    return csv_bytes(GRADE_FIELDS, ([r[f] for f in GRADE_FIELDS] for r in rows))
