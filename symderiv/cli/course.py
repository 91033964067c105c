"""The course commands: ``sheet`` (exercise sheets, solutions, answer key, Moodle bank)
and ``grade`` (mark students' answers against the key)."""
from __future__ import annotations

import os
import sys

from symderiv.cli.common import UsageError, language


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
    p.add_argument("--moodle", metavar="QUIZ.xml", help="also write a Moodle XML question bank")
    p.add_argument("--pdf", action="store_true", help="also compile the PDFs")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    p.add_argument("--shard", metavar="K/N", help="build only the K-th of N disjoint slices of the sheets")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    add_problem_dirs(p)
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
    print(f"{result['sheets']} sheets, {len(result['entries'])} answer-key entries in {args.out}"
          + (f"; {len(result['log'])} variants resampled (see above)" if result["log"] else ""))
    return 0


def add_grade(sub):
    p = sub.add_parser("grade", help="mark students' answers (student,question,answer) against an answer key")
    p.add_argument("key", metavar="KEY.json", help="the key.json written by 'symderiv sheet'")
    p.add_argument("answers", metavar="ANSWERS.csv", help="CSV with the columns student,question,answer")
    p.add_argument("--out", required=True, metavar="GRADES.csv", help="where to write the grades")
    p.set_defaults(run=run_grade)


def run_grade(args) -> int:
    from pathlib import Path
    from symderiv.course.grading import grade, grades_csv
    from symderiv.course.doclib import write_files
    rows = grade(args.key, args.answers)
    out = Path(args.out)
    write_files(out.parent, {out.name: grades_csv(rows)})
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("correct", "incorrect", "invalid")}
    print(f"{len(rows)} answers: {counts['correct']} correct, {counts['incorrect']} incorrect, "
          f"{counts['invalid']} invalid -> {out}")
    return 0
