"""The course commands: ``sheet`` (exercise sheets, solutions, answer key, Moodle bank)
and ``grade`` (mark students' answers against the key)."""
from __future__ import annotations

import os
import sys

from symderiv.cli.common import UsageError, add_format, emit_json, language


def add_problem_dirs(p):
    p.add_argument("--problems", action="append", default=[], metavar="DIR", dest="problem_dirs",
                   help="also load the problems defined in every *.py of DIR (repeatable)")


def load_problem_dirs(args) -> None:
    from symderiv.problems.plugins import load_dir
    for d in getattr(args, "problem_dirs", None) or []:
        load_dir(d)


def add_sheet(sub):
    p = sub.add_parser("sheet", help="exercise sheets with per-student numbers, solutions, answer key, Moodle XML")
    p.add_argument("problem", nargs="+", help="problem names (see 'symderiv problems')")
    p.add_argument("--variants", type=int, help="number of variants (without --students)")
    p.add_argument("--students", metavar="ROSTER.csv", help="roster with the columns id,name: one sheet per student")
    p.add_argument("--seed", type=int, default=0, help="course seed (default 0)")
    p.add_argument("--lang", type=language, default="en", metavar="{de,en,...}",
                   help="language of the documents (default en; qps: a pseudo-locale that marks every catalog message)")
    p.add_argument("--moodle", metavar="QUIZ.xml", help="also write a Moodle XML question bank (one category "
                   "per question slot); a relative path is inside --out")
    p.add_argument("--pdf", action="store_true", help="also compile the PDFs")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    p.add_argument("--shard", metavar="K/N", help="build only the K-th of N disjoint slices of the sheets")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (locked while a build writes it)")
    add_problem_dirs(p)
    add_format(p)
    p.set_defaults(run=run_sheet)


def run_sheet(args) -> int:
    from symderiv.course.build import build_course, read_roster
    load_problem_dirs(args)
    if args.students and args.variants:
        raise UsageError("give either --variants N or --students ROSTER.csv, not both")
    if not args.students and not args.variants:
        raise UsageError("give --variants N or --students ROSTER.csv")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    roster = read_roster(args.students) if args.students else None
    result = build_course(args.problem, args.out, seed=args.seed, variants=args.variants, roster=roster,
                          lang=args.lang, pdf=args.pdf, moodle=args.moodle, jobs=args.jobs,
                          shard_spec=args.shard, problem_dirs=args.problem_dirs,
                          progress=lambda line: print(line, file=sys.stderr, flush=True))
    if args.format == "json":
        emit_json({"out": str(args.out), "sheets": result["sheets"], "entries": len(result["entries"]),
                   "problems": list(args.problem), "lang": args.lang, "shard": args.shard or "1/1",
                   "files": result["files"], "moodle": result["moodle"], "resampled": result["log"]})
        return 0
    print(f"{result['sheets']} sheets, {len(result['entries'])} answer-key entries in {args.out}"
          + (f"; Moodle bank {result['moodle']}" if result["moodle"] else "")
          + (f"; {len(result['log'])} variants resampled (see above)" if result["log"] else ""))
    return 0


def add_grade(sub):
    p = sub.add_parser("grade", help="mark students' answers (student,question,answer) against an answer key")
    p.add_argument("key", metavar="KEY.json", help="the key.json written by 'symderiv sheet'")
    p.add_argument("answers", metavar="ANSWERS.csv", help="CSV with the columns student,question,answer")
    p.add_argument("--out", required=True, metavar="GRADES.csv",
                   help="where to write the grades (per answer); the gradebook files go beside it")
    p.add_argument("--lang", choices=["de", "en"], help="the course's language (default: the key's): "
                   "'de' reads a decimal comma")
    p.add_argument("--answer-time", type=float, default=None, metavar="SECONDS",
                   help="time budget per answer (default 5); past it the answer is invalid")
    p.add_argument("--points", action="append", default=[], metavar="NAME=POINTS",
                   help="points of a problem or a question (e.g. rosenbrock=4, rosenbrock.q2=1; repeatable; "
                        "default: the key's, 1 per question)")
    p.add_argument("--id-field", default="ID number", metavar="HEADER",
                   help="header of the identifier column of the Moodle grade import (default 'ID number'; "
                        "or 'Email address', 'Username')")
    p.add_argument("--excel", action="store_true",
                   help="CSV files for Excel: UTF-8 with BOM, ';' and decimal comma for --lang de")
    add_format(p)
    p.set_defaults(run=run_grade)


def _points(items) -> dict:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            points = float(value)
        except ValueError:
            points = -1.0
        if not sep or not name.strip() or not 0 <= points <= 1000:
            raise UsageError(f"--points expects NAME=POINTS with 0 <= POINTS <= 1000, got '{item}'")
        out[name.strip()] = points
    return out


def _same_file(a, b) -> bool:
    from pathlib import Path
    try:
        return Path(a).resolve() == Path(b).resolve() or Path(a).samefile(b)
    except OSError:
        return False


def run_grade(args) -> int:
    from pathlib import Path
    from symderiv.course import gradebook as GB
    from symderiv.course.grading import ANSWER_BUDGET, grade_all
    if args.answer_time is not None and not 0 < args.answer_time <= 600:
        raise UsageError("--answer-time must be between 0 and 600 seconds")
    out = Path(args.out)
    if out.suffix.lower() != ".csv":
        raise UsageError(f"--out names the grades file, a .csv (got '{args.out}')")
    targets = GB.file_names(out)
    for t in targets.values():
        for src, what in ((args.key, "the key"), (args.answers, "the answers file")):
            if _same_file(t, src):
                raise UsageError(f"--out would overwrite {what} ({src}) with {t.name}")
    points = _points(args.points)
    result = grade_all(args.key, args.answers, lang=args.lang,
                       budget=args.answer_time or ANSWER_BUDGET, points=points,
                       progress=lambda line: print(line, file=sys.stderr, flush=True))
    written = GB.write_gradebook(result, out, excel=args.excel, lang=args.lang or result.key.lang or "en",
                                 id_field=args.id_field)
    if args.format == "json":
        emit_json(GB.summary_json(result, written))
    else:
        print(GB.summary_text(result, written))
    return 0
