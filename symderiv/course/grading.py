"""``symderiv grade KEY.json answers.csv --out grades.csv``: mark students' answers.

Grading is a batch job that no answer can stop or fool:

* the key is read with a size limit, without NaN/Infinity, and validated against its
  published JSON Schema (``symderiv/course/schemas/key.json``) before any answer is read:
  a negative or huge tolerance, a NaN value, an unknown ``kind`` exits 2 naming the first
  problem;
* the answers file (``student,question,answer``; ``,`` or ``;``) is read with a size
  limit (:data:`MAX_ANSWERS_BYTES`, devices included) and a deliberate CSV field limit;
* ids are compared after trimming surrounding spaces, case-sensitively (``S1010`` is not
  ``s1010``; the reason says so and names the near miss); an unknown student and an
  unknown question of a known student are told apart;
* when a student answers a question twice the last row counts; the earlier ones are
  ``superseded`` (reported, not graded);
* every answer is evaluated in a sandbox (:class:`symderiv.course.procs.Sandbox`): a
  forked child with a time budget per answer (:data:`ANSWER_BUDGET`) and a memory limit;
  past the budget the answer is ``invalid`` and the next one gets a fresh child. A number
  answer is a number or a short expression evaluated in float64
  (:mod:`symderiv.course.numbers`); an expression answer is read by the safe parser, may
  use only the key's variables, and is compared by the equivalence check of
  ``verify-answer`` (a wrong answer gets a counterexample point);
* a number is correct iff ``|answer - expected| <= allowed``, the tolerance policy of
  :class:`symderiv.documents.answers.Tolerance` (relative, with an absolute floor, never
  more than ``max_rel |expected|``).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Optional

from symderiv.course.csvfile import read_limited, read_rows
from symderiv.problems import ProblemError

#: longest answer text that is parsed at all (longer: invalid)
MAX_ANSWER_CHARS = 5000
#: the largest key and answers files read
MAX_KEY_BYTES = 64 * 1024 * 1024
MAX_ANSWERS_BYTES = 64 * 1024 * 1024
#: seconds one answer may take to be read and compared (then: invalid)
ANSWER_BUDGET = 5.0
#: memory one answer's evaluation may take beyond the grading process's own
ANSWER_MEMORY = 1 << 30
GRADE_FIELDS = ["student", "question", "status", "reason", "points", "max_points", "line"]
STATUSES = ("correct", "incorrect", "invalid", "superseded")
ID_RULE = "ids are compared exactly after trimming surrounding spaces; case matters"


@dataclass
class Key:
    entries: dict                       # (student, question) -> entry
    lang: Optional[str] = None
    questions: dict = field(default_factory=dict)  # student -> [question, ...] in key order


def key_schema() -> dict:
    return json.loads((resources.files("symderiv.course") / "schemas" / "key.json").read_text("utf-8"))


def _no_constant(name):
    raise ValueError(f"{name} is not a number in an answer key")


def _where(path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the top level"


def read_key(path) -> Key:
    """The key, validated (see the module docstring); :class:`ProblemError` otherwise."""
    import jsonschema
    text = read_limited(path, MAX_KEY_BYTES, "key", errors="strict")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProblemError(f"{path}: not an answer key written by 'symderiv sheet' ({exc})") from None
    validator = jsonschema.Draft202012Validator(key_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        e = errors[0]
        raise ProblemError(f"{path}: not a valid answer key: {_where(e.absolute_path)}: {e.message[:200]}")
    key = Key({}, data.get("lang"))
    for n, e in enumerate(data["entries"]):
        ident = (e["student"], e["question"])
        if ident in key.entries:
            raise ProblemError(f"{path}: not a valid answer key: entries[{n}]: student {ident[0]!r} has "
                               f"question {ident[1]!r} twice")
        key.entries[ident] = e
        key.questions.setdefault(e["student"], []).append(e["question"])
    return key


@dataclass
class Row:
    line: int
    student: str
    question: str
    answer: str


def read_answers(path) -> list[Row]:
    """The answer rows; the header ``student,question,answer`` is required. An answer longer
    than :data:`MAX_ANSWER_CHARS` is kept as its first characters (it is invalid anyway)."""
    rows = read_rows(path, MAX_ANSWERS_BYTES, "answers")
    if not rows or [h.strip().lower() for h in rows[0][1][:3]] != ["student", "question", "answer"]:
        raise ProblemError(f"{path}: the first line must be 'student,question,answer'")
    out = []
    for line, r in rows[1:]:
        r = (r + ["", "", ""])[:3]
        out.append(Row(line, r[0].strip(), r[1].strip(), r[2]))
    return out


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n] + "..."


def _parse(text: str):
    from symderiv.course.numbers import normalize
    from symderiv.language.parse import parse
    return parse(normalize(text))


def grade_number(entry: dict, answer: str, lang=None) -> tuple[str, str]:
    from symderiv.course.numbers import NotANumber, read_number
    from symderiv.documents.answers import Tolerance, decimal_text
    expected = float(entry["expected"])
    try:
        value = read_number(answer, lang)
    except NotANumber as exc:
        return "invalid", str(exc)
    tol = Tolerance.of(entry["tolerance"]).allowed(expected)
    diff = value - expected
    if abs(diff) <= tol:
        return "correct", f"difference {diff:.3g} within tolerance {decimal_text(tol)}"
    return "incorrect", f"difference {diff:.6g} exceeds tolerance {decimal_text(tol)} (expected {expected:.6g})"


def grade_expression(entry: dict, answer: str) -> tuple[str, str]:
    from symderiv import verify
    from symderiv.calculus.equivalence import equivalent
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


def precheck(answer: str) -> Optional[tuple[str, str]]:
    """The verdict of an answer that is not evaluated at all (empty, too long), or None."""
    if not answer.strip():
        return "invalid", "empty answer"
    if len(answer) > MAX_ANSWER_CHARS:
        return "invalid", f"answer longer than {MAX_ANSWER_CHARS} characters"
    return None


def grade_one(entry, answer: str, lang=None) -> tuple[str, str]:
    """(status, reason) of one answer, in this process (no time budget: see :func:`grade`);
    never raises for bad answers."""
    from symderiv.language.parse import ParseError
    if entry is None:
        return "invalid", "no such student/question in the key"
    early = precheck(answer)
    if early:
        return early
    try:
        if entry["kind"] == "number":
            return grade_number(entry, answer, lang)
        return grade_expression(entry, answer)
    except ParseError as exc:
        return "invalid", f"cannot read the answer: {_short(str(exc), 120)}"
    except RecursionError:
        return "invalid", "answer nested too deeply"
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - one student's answer must not stop the class
        return "invalid", f"cannot evaluate the answer ({type(exc).__name__}: {_short(str(exc))})"


def _near(name: str, names) -> str:
    low = [n for n in names if n.lower() == name.lower() and n != name]
    return f"; did you mean '{low[0]}'?" if low else ""


def unknown_reason(key: Key, student: str, question: str) -> Optional[str]:
    """Why (student, question) is not in the key (None: it is)."""
    if (student, question) in key.entries:
        return None
    if student not in key.questions:
        return f"unknown student '{_short(student, 40)}' (not in the key; {ID_RULE}{_near(student, key.questions)})"
    qs = key.questions[student]
    return (f"student '{student}' has no question '{_short(question, 40)}' in the key ({ID_RULE}"
            f"{_near(question, qs)})")


@dataclass
class Grading:
    """The outcome of a grading run: one row dict per answer row (in file order), and what
    the rows do not say by themselves."""

    rows: list
    key: Key
    missing_students: list          # in the key, no row at all
    unanswered: dict                # student (with some rows) -> questions without a graded answer
    duplicates: list                # (student, question, [lines]) answered more than once
    unknown: list                   # rows whose student or question is not in the key
    points: dict = field(default_factory=dict)  # the overrides: problem or question -> points


def points_of(entry: dict, overrides: dict) -> float:
    """The points of a question: ``overrides`` (question id, then problem), else the key's."""
    for k in (entry["question"], entry["problem"]):
        if k in overrides:
            return float(overrides[k])
    return float(entry.get("points", 1.0))


def grade_all(key_path, answers_path, lang: Optional[str] = None, budget: Optional[float] = ANSWER_BUDGET,
              points: Optional[dict] = None, progress: Optional[Callable[[str], None]] = None) -> Grading:
    """Grade every row (see the module docstring). ``budget``: seconds per answer in the
    sandbox (None: in this process, no limit); ``points``: problem or question -> points."""
    from symderiv.course.procs import Crashed, Sandbox, Timeout
    key = read_key(key_path)
    rows = read_answers(answers_path)
    lang = lang or key.lang
    points = points or {}
    last = {(r.student, r.question): i for i, r in enumerate(rows)}
    lines: dict = {}
    for r in rows:
        lines.setdefault((r.student, r.question), []).append(r.line)
    out, unknown = [], []
    sandbox = None
    if budget:
        import symderiv.calculus.equivalence  # noqa: F401 - loaded once, before the sandbox forks
        import symderiv.language.numeric  # noqa: F401
        import symderiv.verify  # noqa: F401
        sandbox = Sandbox(grade_one, budget, ANSWER_MEMORY)
    try:
        for i, r in enumerate(rows):
            entry = key.entries.get((r.student, r.question))
            max_points = points_of(entry, points) if entry else 0.0
            why = unknown_reason(key, r.student, r.question)
            if why:
                status, reason = "invalid", why
                unknown.append(r)
            elif last[(r.student, r.question)] != i:
                status, reason = "superseded", (f"line {rows[last[(r.student, r.question)]].line} answers the "
                                                "same question again (the last row counts)")
            else:
                verdict = precheck(r.answer)
                if verdict is not None:
                    status, reason = verdict
                elif sandbox is None:
                    status, reason = grade_one(entry, r.answer, lang)
                else:
                    try:
                        status, reason = sandbox(entry, r.answer, lang)
                    except Timeout:
                        status, reason = "invalid", f"evaluating the answer took longer than {budget:g} s"
                    except MemoryError:
                        status, reason = "invalid", "evaluating the answer needs too much memory"
                    except (Crashed, RuntimeError) as exc:
                        status, reason = "invalid", f"cannot evaluate the answer ({_short(str(exc)) or 'crashed'})"
            out.append({"student": r.student, "question": r.question, "status": status,
                        "reason": " ".join(reason.split()), "line": r.line, "answer": _short(r.answer, 80),
                        "max_points": max_points, "points": max_points if status == "correct" else 0.0})
            if progress and (i + 1) % 100 == 0:
                progress(f"[{i + 1}/{len(rows)}] answers graded")
    finally:
        if sandbox is not None:
            sandbox.close()
    answered = {(r["student"], r["question"]) for r in out if r["status"] in ("correct", "incorrect", "invalid")}
    students_seen = {r.student for r in rows}
    missing = [s for s in key.questions if s not in students_seen]
    unanswered = {s: [q for q in qs if (s, q) not in answered] for s, qs in key.questions.items()
                  if s in students_seen}
    unanswered = {s: qs for s, qs in unanswered.items() if qs}
    dups = [(s, q, ls) for (s, q), ls in lines.items() if len(ls) > 1]
    return Grading(out, key, missing, unanswered, dups, unknown, points)


def grade(key_path, answers_path, **kwargs) -> list[dict]:
    """The graded rows of :func:`grade_all`."""
    return grade_all(key_path, answers_path, **kwargs).rows


def counts(rows: list[dict]) -> dict:
    c = Counter(r["status"] for r in rows)
    return {s: c.get(s, 0) for s in STATUSES}


def grades_csv(rows: list[dict], **style) -> bytes:
    """grades.csv; student and question come from the answers file and the reason may quote
    an answer, so cells that would be spreadsheet formulas get a leading quote
    (:mod:`symderiv.course.csvfile`)."""
    from symderiv.course.csvfile import csv_bytes
    return csv_bytes(GRADE_FIELDS, ([r[f] for f in GRADE_FIELDS] for r in rows), **style)
