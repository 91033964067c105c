"""Worked solutions: problems, solve, report."""
from __future__ import annotations

import sys

from symderiv.cli.common import UsageError, read_params, add_format, emit_json


def add_problems(sub):
    p = sub.add_parser("problems", help="list the problems that 'solve' can write up")
    add_format(p, ("text", "json"))
    from symderiv.cli.course import add_problem_dirs
    add_problem_dirs(p)
    p.set_defaults(run=run_problems)


def run_problems(args) -> int:
    from symderiv.cli.course import load_problem_dirs
    from symderiv.problems import load_all
    load_problem_dirs(args)
    problems = sorted(load_all().values(), key=lambda p: p.name)
    if args.format == "json":
        emit_json([{"name": p.name, "source": p.source, "lang": p.lang, "description": p.description,
                    "params": {q.name: {"default": q.default, "help": q.help,
                                        "domain": q.domain.describe() if q.domain is not None else None}
                               for q in p.params}}
                   for p in problems])
        return 0
    width = max((len(p.name) for p in problems), default=4)
    swidth = max((len(p.source) for p in problems), default=0)
    for p in problems:
        print(f"{p.name:<{width}}  {p.source:<{swidth}}  {p.description}".rstrip())
    return 0


def add_solve(sub):
    p = sub.add_parser("solve", help="write the worked solution of a problem as LaTeX (and PDF)")
    p.add_argument("problem", help="problem name (see 'symderiv problems')")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", default=[],
                   help="set a parameter of the problem (repeatable)")
    p.add_argument("--lang", choices=["de", "en"], help="document language (default: the problem's)")
    p.add_argument("--out", default="reports", metavar="DIR", help="output directory (default reports/)")
    p.add_argument("--pdf", action="store_true", help="also compile the PDF (latexmk)")
    p.add_argument("--title", help="document title (default: the problem's title)")
    p.add_argument("--author", help="author line")
    p.add_argument("--seed", type=int, default=0, help="random seed of the problem (default 0)")
    from symderiv.cli.course import add_problem_dirs
    add_problem_dirs(p)
    p.set_defaults(run=run_solve)


def run_solve(args) -> int:
    from symderiv.cli.course import load_problem_dirs
    load_problem_dirs(args)
    from symderiv.documents import render as report
    from symderiv.course import reports
    params = read_params(args.param)
    prob, values, solution = reports.make_solution(args.problem, params, args.seed)
    lang = args.lang or prob.lang
    tex = report.render(solution, lang, args.title, args.author, values, args.seed)
    paths = report.emit(tex, args.out, args.problem, args.pdf)
    for path in paths:
        print(path)
    checks = solution.checks()
    bad = [c for c in checks if not getattr(c.record, "passed", False)]
    if bad:
        print(f"error: {len(bad)} of {len(checks)} numerical checks failed (see the check table)",
              file=sys.stderr)
        return 1
    return 0


def add_report(sub):
    p = sub.add_parser("report", help="build the reports of problems (all, or the ones named) and an index")
    p.add_argument("problems", nargs="*", metavar="PROBLEM", help="the problems to build (see 'symderiv problems')")
    p.add_argument("--all", action="store_true", help="build every registered problem")
    p.add_argument("--out", default="reports", metavar="DIR", help="output directory (default reports/)")
    p.add_argument("--pdf", action="store_true", help="also compile the PDFs (latexmk)")
    p.add_argument("--lang", choices=["de", "en", "both"], default="both",
                   help="languages (default both: files NAME.de.tex and NAME.en.tex)")
    p.add_argument("--author", help="author line of every document")
    p.add_argument("--seed", type=int, default=0, help="random seed of the problems (default 0)")
    p.set_defaults(run=run_report)


def run_report(args) -> int:
    from symderiv.course import reports
    langs = ["de", "en"] if args.lang == "both" else [args.lang]
    if bool(args.all) == bool(args.problems):
        raise UsageError("name the problems to build, or give --all (not both)")
    names = None if args.all else list(dict.fromkeys(args.problems))
    written, failures = reports.build_all(args.out, args.pdf, langs, author=args.author, seed=args.seed,
                                          names=names)
    print(f"wrote {len(written)} files to {args.out}")
    if failures:
        print(f"error: {len(failures)} failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0
