"""Worked solutions: problems, solve, report.

Every command that writes documents names them per language (``NAME.LANG.tex``), so two
languages never overwrite each other; the default language of every command is
:data:`DEFAULT_LANG`.
"""
from __future__ import annotations

import re
import sys
import time
from typing import Any, Callable, Optional

from symderiv.cli.common import UsageError, add_format, emit_json, language, read_params

#: the default ``--lang`` of every command (solve, sheet; report builds both unless told):
#: English, the language of the command line's own messages and of the README, so a
#: command's output does not change language with the problem it is given
DEFAULT_LANG = "en"
LANG_HELP = ("document language: en or de (default en; qps: a pseudo-locale that marks every "
             "catalog message)")

_SOURCE = re.compile(r"^(?:shared/seeds/)?(?P<sheet>\d{3})\b[\s,]*(?P<task>.*)$")


def source_parts(source: str) -> tuple[str, str]:
    """A problem's source as (sheet, task label): ``"shared/seeds/002, Aufgabe 1"`` and
    ``"002 Aufgabe 1"`` are both ``("002", "Aufgabe 1")``; ``"003"`` is ``("003", "")``.
    The sheet is the number of its file in ``shared/seeds/``; short labels are written out
    as the sheet prints them (``"002 A2"`` is ``("002", "Aufgabe 2")``)."""
    m = _SOURCE.match(source.strip())
    if not m:
        return "", source.strip()
    task = m["task"].strip()
    for short, long in _TASK_LABELS:
        task = short.sub(long, task)
    return m["sheet"], task


#: short task labels as the sheets print them: "A2" Aufgabe 2, "T6" Tutoraufgabe 6, "b" b)
_TASK_LABELS = [(re.compile(r"^A(\d+)\b"), r"Aufgabe \1"), (re.compile(r"^T(\d+)\b"), r"Tutoraufgabe \1"),
                (re.compile(r"^([a-z])$"), r"\1)"), (re.compile(r"^([a-z]) \("), r"\1) (")]


def add_problems(sub):
    p = sub.add_parser("problems", help="list the problems that 'solve' can write up "
                                        "(name, seed sheet, task, description)")
    add_format(p, ("text", "json"))
    from symderiv.cli.course import add_problem_dirs
    add_problem_dirs(p)
    p.set_defaults(run=run_problems)


def run_problems(args) -> int:
    from symderiv.cli.course import load_problem_dirs
    from symderiv.problems import load_all
    load_problem_dirs(args)
    problems = sorted(load_all().values(), key=lambda p: p.name)
    rows = [(p, *source_parts(p.source)) for p in problems]
    if args.format == "json":
        emit_json([{"name": p.name, "source": p.source, "sheet": sheet, "task": task, "lang": p.lang,
                    "description": p.description,
                    "params": {q.name: {"default": q.default, "help": q.help,
                                        "domain": q.domain.describe() if q.domain is not None else None}
                               for q in p.params}}
                   for p, sheet, task in rows])
        return 0
    cells = [(p.name, f"sheet {sheet}" if sheet else "", task, p.description) for p, sheet, task in rows]
    widths = [max((len(c[i]) for c in cells), default=0) for i in range(3)]
    for c in cells:
        print("  ".join(f"{c[i]:<{widths[i]}}" for i in range(3)) + f"  {c[3]}".rstrip())
    return 0


def note_layout() -> None:
    """Say once, on stderr, when the graphs are laid out without Graphviz (the committed
    reports/ were made with dot: figures then differ from them)."""
    from symderiv.graph.layout import dot_available
    if not dot_available():
        print("note: Graphviz 'dot' not found: computation graphs use the built-in layered layout, "
              "so figures differ from reports made with dot (install graphviz)", file=sys.stderr)


def add_solve(sub):
    p = sub.add_parser("solve", help="write the worked solution of a problem as LaTeX (and PDF): "
                                     "OUT/PROBLEM.LANG.tex")
    p.add_argument("problem", help="problem name (see 'symderiv problems')")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", default=[],
                   help="set a parameter of the problem (repeatable)")
    p.add_argument("--lang", type=language, default=DEFAULT_LANG, metavar="{de,en,...}", help=LANG_HELP)
    p.add_argument("--out", default="reports", metavar="DIR", help="output directory (default reports/)")
    p.add_argument("--pdf", action="store_true", help="also compile the PDF (pdflatex); if that fails "
                                                      "the .tex is kept and the error names it")
    p.add_argument("--to", choices=["tex", "md"], default="tex",
                   help="output format: LaTeX (default) or Markdown with $...$ maths (NAME.LANG.md)")
    p.add_argument("--title", help="document title (default: the problem's title)")
    p.add_argument("--author", help="author line")
    p.add_argument("--seed", type=int, default=0, help="random seed of the problem (default 0)")
    add_format(p)
    from symderiv.cli.course import add_problem_dirs
    add_problem_dirs(p)
    p.set_defaults(run=run_solve)


def run_solve(args) -> int:
    from symderiv.cli.course import load_problem_dirs
    load_problem_dirs(args)
    from symderiv.course import reports
    from symderiv.documents import render as report
    from symderiv.documents.build import compile_pdf
    from symderiv.documents.errors import ReportError
    params = read_params(args.param)
    if args.to == "md" and args.pdf:
        raise UsageError("--pdf needs --to tex (a PDF is compiled from the LaTeX)")
    prob, values, solution = reports.make_solution(args.problem, params, args.seed)
    stem = f"{args.problem}.{args.lang}"
    if args.to == "md":
        from symderiv.documents.build import write_files
        paths = write_files(args.out, {f"{stem}.md": solution.to_markdown(args.lang).encode("utf-8")})
    else:
        note_layout()
        tex = report.render(solution, args.lang, args.title, args.author, values, args.seed)
        paths = report.emit(tex, args.out, stem)  # the .tex first: kept if LaTeX fails
        if args.pdf:
            try:
                paths.append(compile_pdf(paths[0]))
            except ReportError as exc:
                raise ReportError(f"{exc} (the LaTeX source is kept: {paths[0]})") from None
    checks = solution.checks()
    bad = [c for c in checks if not getattr(c.record, "passed", False)]
    if args.format == "json":
        emit_json({"problem": args.problem, "lang": args.lang, "seed": args.seed,
                   "params": {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()},
                   "written": [str(p) for p in paths], "checks": len(checks),
                   "checks_passed": len(checks) - len(bad), "passed": not bad})
    else:
        for path in paths:
            print(path)
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
    p.add_argument("--pdf", action="store_true", help="also compile the PDFs (pdflatex)")
    p.add_argument("--lang", choices=["de", "en", "both"], default="both",
                   help="languages (default both: files NAME.de.tex and NAME.en.tex)")
    p.add_argument("--author", help="author line of every document")
    p.add_argument("--seed", type=int, default=0, help="random seed of the problems (default 0)")
    add_format(p)
    p.set_defaults(run=run_report)


def progress_printer(total: int, json_mode: bool = False) -> tuple[Callable[[str], None], Callable[[], None]]:
    """(callback, close) for the progress lines of a build: each line is printed on stderr
    as its job finishes, with the elapsed time; on a terminal under a tqdm progress bar of
    ``total`` steps (one per line). ``close`` ends the bar."""
    started = time.monotonic()
    bar: Any = None
    if sys.stderr.isatty() and not json_mode:
        from tqdm import tqdm
        bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)

    def line(text: str) -> None:
        text = f"{text} [{time.monotonic() - started:.1f} s]"
        if bar is not None:
            bar.write(text, file=sys.stderr)
            bar.update(1)
        else:
            print(text, file=sys.stderr, flush=True)

    def close() -> None:
        if bar is not None:
            bar.close()
    return line, close


def run_report(args) -> int:
    from symderiv import problems
    from symderiv.course import reports
    langs = ["de", "en"] if args.lang == "both" else [args.lang]
    if bool(args.all) == bool(args.problems):
        raise UsageError("name the problems to build, or give --all (not both)")
    names: Optional[list] = None if args.all else list(dict.fromkeys(args.problems))
    count = len(problems.load_all()) if names is None else len(names)
    note_layout()
    progress, close = progress_printer(count * len(langs) + (len(langs) if names is None else 0),
                                       args.format == "json")
    try:
        written, failures = reports.build_all(args.out, args.pdf, langs, author=args.author, seed=args.seed,
                                              names=names, progress=progress)
    finally:
        close()
    if args.format == "json":
        built = sorted(problems.load_all()) if names is None else names
        files = {p.name for p in written}
        ext = ".pdf" if args.pdf else ".tex"
        emit_json({"out": str(args.out), "languages": langs, "written": [str(p) for p in sorted(written)],
                   "reports": [{"problem": n, "lang": lang, "file": f"{n}.{lang}{ext}" if f"{n}.{lang}{ext}" in files
                                else None, "passed": f"{n} ({lang})" not in failures}
                               for n in built for lang in langs],
                   "failures": sorted(failures), "passed": not failures})
    else:
        print(f"wrote {len(written)} files to {args.out}")
    if failures:
        print(f"error: {len(failures)} failed: {', '.join(sorted(failures))}", file=sys.stderr)
        return 1
    return 0
