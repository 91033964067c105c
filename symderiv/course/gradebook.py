"""The gradebook of a grading run (``symderiv grade ... --out grades.csv``).

Beside ``grades.csv`` (one row per answer row: status, reason, points) it writes

* ``grades-students.csv``: per student of the key: points, total (the points of the
  student's questions), answered, correct, incorrect, invalid and missing questions (a
  student without any answer row is listed with everything missing);
* ``grades-questions.csv``: per question id (``problem.qN``, the same slot for every
  student): how many students have it, answered, correct, incorrect, invalid, and the most
  common wrong answer with its count;
* ``grades-moodle.csv``: for Moodle's "Import grades from CSV" (Grades > Import > CSV
  file): the identifier column (``--id-field``, default ``ID number``; the roster id must
  be the Moodle ID number, or use ``Email address``), then one column per grade item, one
  per problem, holding the student's points on it; students without any answer have empty
  cells, which Moodle leaves unchanged. Map each column to a grade item in the import.

With ``excel`` the CSV files for people (not the Moodle import) are written for Excel:
UTF-8 with a byte-order mark, ``;`` and a decimal comma for German, ``,`` for English.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from symderiv.course.grading import GRADE_FIELDS, Grading, counts, grades_csv

STUDENT_FIELDS = ["student", "points", "total", "answered", "correct", "incorrect", "invalid", "missing"]
QUESTION_FIELDS = ["question", "problem", "students", "answered", "correct", "incorrect", "invalid",
                   "most_common_wrong", "most_common_wrong_count"]


def file_names(out: Path) -> dict:
    out = Path(out)
    return {"grades": out, "students": out.with_name(out.stem + "-students.csv"),
            "questions": out.with_name(out.stem + "-questions.csv"),
            "moodle": out.with_name(out.stem + "-moodle.csv")}


def _graded(result: Grading) -> dict:
    """(student, question) -> the row that counts (superseded and unknown rows left out)."""
    return {(r["student"], r["question"]): r for r in result.rows
            if r["status"] in ("correct", "incorrect", "invalid") and (r["student"], r["question"]) in
            result.key.entries}


def _round(x: float) -> float:
    return round(float(x), 4)


def students(result: Grading) -> list[dict]:
    graded = _graded(result)
    out = []
    for s, qs in result.key.questions.items():
        rows = [graded[(s, q)] for q in qs if (s, q) in graded]
        c = Counter(r["status"] for r in rows)
        out.append({"student": s, "points": _round(sum(r["points"] for r in rows)),
                    "total": _round(sum(_max(result, s, q) for q in qs)),
                    "answered": len(rows), "correct": c["correct"], "incorrect": c["incorrect"],
                    "invalid": c["invalid"], "missing": len(qs) - len(rows)})
    return out


def _max(result: Grading, student: str, question: str) -> float:
    from symderiv.course.grading import points_of
    return points_of(result.key.entries[(student, question)], result.points)


def questions(result: Grading) -> list[dict]:
    graded = _graded(result)
    order: dict = {}
    for (s, q), e in result.key.entries.items():
        order.setdefault(q, {"problem": e["problem"], "students": 0, "rows": []})
        order[q]["students"] += 1
        if (s, q) in graded:
            order[q]["rows"].append(graded[(s, q)])
    out = []
    for q, d in order.items():
        c = Counter(r["status"] for r in d["rows"])
        wrong = Counter(" ".join(r["answer"].split()) for r in d["rows"] if r["status"] == "incorrect")
        common = wrong.most_common(1)[0] if wrong else ("", 0)
        out.append({"question": q, "problem": d["problem"], "students": d["students"], "answered": len(d["rows"]),
                    "correct": c["correct"], "incorrect": c["incorrect"], "invalid": c["invalid"],
                    "most_common_wrong": common[0], "most_common_wrong_count": common[1]})
    return out


def moodle_rows(result: Grading) -> tuple[list, list]:
    """(header, rows) of the Moodle grade import: id, then points per problem."""
    graded = _graded(result)
    problems = list(dict.fromkeys(e["problem"] for e in result.key.entries.values()))
    seen = {r["student"] for r in result.rows}
    rows = []
    for s, qs in result.key.questions.items():
        if s not in seen:
            rows.append([s] + [""] * len(problems))
            continue
        per = dict.fromkeys(problems, 0.0)
        for q in qs:
            r = graded.get((s, q))
            if r:
                per[result.key.entries[(s, q)]["problem"]] += r["points"]
        rows.append([s] + [_round(per[p]) for p in problems])
    return problems, rows


def write_gradebook(result: Grading, out: Path, excel: bool = False, lang: str = "en",
                    id_field: str = "ID number") -> list[str]:
    """Write the four files (all or nothing); returns their paths."""
    from symderiv.course.csvfile import csv_bytes
    from symderiv.documents.build import write_files
    names = file_names(out)
    problems, mrows = moodle_rows(result)
    files = {
        names["grades"].name: grades_csv(result.rows, excel=excel, lang=lang),
        names["students"].name: csv_bytes(STUDENT_FIELDS, ([r[f] for f in STUDENT_FIELDS] for r in students(result)),
                                          excel=excel, lang=lang),
        names["questions"].name: csv_bytes(QUESTION_FIELDS, ([r[f] for f in QUESTION_FIELDS]
                                                             for r in questions(result)), excel=excel, lang=lang),
        names["moodle"].name: csv_bytes([id_field] + problems, mrows),
    }
    write_files(names["grades"].parent, files)
    return [str(names[k]) for k in ("grades", "students", "questions", "moodle")]


def summary_json(result: Grading, written: list[str]) -> dict:
    return {
        "written": written, "answers": len(result.rows), "counts": counts(result.rows),
        "students": students(result), "questions": questions(result),
        "missing_students": result.missing_students,
        "unanswered": [{"student": s, "questions": qs} for s, qs in result.unanswered.items()],
        "duplicates": [{"student": s, "question": q, "lines": ls} for s, q, ls in result.duplicates],
        "unknown": [{"line": r.line, "student": r.student, "question": r.question} for r in result.unknown],
        "verdicts": [{f: r[f] for f in GRADE_FIELDS} for r in result.rows],
    }


def _table(header: list, rows: list) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]


def summary_text(result: Grading, written: list[str]) -> str:
    """The printed summary: a table per question, then the totals and what is missing."""
    c = counts(result.rows)
    qs = questions(result)
    out = _table(["question", "answered", "correct", "incorrect", "invalid", "most common wrong answer"],
                 [[q["question"], f"{q['answered']}/{q['students']}", q["correct"], q["incorrect"], q["invalid"],
                   (f"{q['most_common_wrong'][:30]} ({q['most_common_wrong_count']}x)"
                    if q["most_common_wrong_count"] else "")] for q in qs])
    st = students(result)
    mean = sum(s["points"] for s in st) / len(st) if st else 0.0
    out.append("")
    out.append(f"{len(result.rows)} answers: {c['correct']} correct, {c['incorrect']} incorrect, "
               f"{c['invalid']} invalid, {c['superseded']} superseded (a later row counts)")
    out.append(f"{len(st)} students in the key, mean {mean:.2f} points; {len(result.missing_students)} without any "
               f"answer, {len(result.unanswered)} with unanswered questions; {len(result.unknown)} rows with an "
               "unknown student or question (ids compared exactly after trimming spaces; case matters)")
    if result.missing_students:
        out.append("no answers from: " + ", ".join(result.missing_students[:20])
                   + (" ..." if len(result.missing_students) > 20 else ""))
    out.append("written: " + ", ".join(written))
    return "\n".join(out)
