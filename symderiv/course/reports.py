"""Build worked solutions: one problem, or every registered problem plus an index.

This sits above the problems registry and the documents layer; rendering itself knows
nothing of problems or of the command line (progress goes through a callback).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, Optional

from symderiv.documents.model import LANGS, Solution
from symderiv.documents.build import compile_source, emit, write_files
from symderiv.documents.errors import ReportError
from symderiv.documents.render import render, render_index


def make_solution(problem_name: str, params: Optional[dict] = None, seed: int = 0):
    """(problem, coerced params, Solution): ``params`` are strings as given to ``--param``."""
    from symderiv import problems
    prob = problems.get(problem_name)
    values = prob.coerce(params or {})
    solution = prob.build(values, seed)
    if not isinstance(solution, Solution):
        raise ReportError(f"problem '{problem_name}' returned {type(solution).__name__}, not a Solution")
    return prob, values, solution


def build(problem_name: str, params: Optional[dict] = None, lang: Optional[str] = None,
          out_dir="reports", pdf: bool = False, title: Optional[str] = None,
          author: Optional[str] = None, seed: int = 0, stem: Optional[str] = None,
          passes: Optional[int] = None) -> list[Path]:
    """Build one problem's report: ``OUT/STEM.tex`` (+ ``.pdf``); returns the paths.

    ``params`` are strings (as from ``--param k=v``); ``lang`` defaults to the problem's
    language; ``stem`` defaults to the problem name.
    """
    prob, values, solution = make_solution(problem_name, params, seed)
    lang = lang or prob.lang
    tex = render(solution, lang, title, author, values, seed)
    return emit(tex, out_dir, stem or problem_name, pdf, passes)


def _problem_job(name: str, langs: list, author, seed: int, pdf: bool, passes, out_dir) -> dict:
    """Build one problem and its documents in every language (runs in a worker process):
    returns what the parent writes and reports, never a half-written file."""
    out: dict = {"name": name, "error": "", "docs": {}}
    try:
        prob, values, solution = make_solution(name, {}, seed)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        out["error"] = _error_text(exc)
        return out
    checks = solution.checks()
    out["summary"] = {"title": solution.title, "source": solution.source, "total": len(checks),
                      "passed": sum(1 for c in checks if getattr(c.record, "passed", False))}
    for lang in langs:
        stem = f"{name}.{lang}"
        try:
            tex = render(solution, lang, None, author, values, seed)
            files = {f"{stem}.tex": tex.encode("utf-8")}
            if pdf:
                files[f"{stem}.pdf"] = compile_source(tex, stem, passes, display_name=str(Path(out_dir) / f"{stem}.tex"))
            out["docs"][lang] = {"files": files, "error": ""}
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - reported by the parent
            out["docs"][lang] = {"files": {}, "error": _error_text(exc)}
    return out


def _error_text(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if not hasattr(exc, "exit_code") and not isinstance(exc, ValueError):
        text = f"{type(exc).__name__}: {text}"
    return text


def _run_jobs(names, job_args, workers: int):
    """Yield the job results as the jobs finish (so progress is printed as it happens;
    the caller sorts what must be in a fixed order). With several workers the problems
    are built in forked processes (problems are CPU-bound Python; LaTeX runs inside each
    job); without fork (or with one worker) they are built here, one after the other."""
    import multiprocessing
    if workers > 1 and len(names) > 1 and "fork" in multiprocessing.get_all_start_methods():
        from concurrent.futures import ProcessPoolExecutor, as_completed
        ctx = multiprocessing.get_context("fork")
        from symderiv.course.procs import worker_init
        with ProcessPoolExecutor(max_workers=min(workers, len(names)), mp_context=ctx,
                                 initializer=worker_init) as pool:
            futures = [pool.submit(_problem_job, name, *job_args) for name in names]
            for f in as_completed(futures):
                yield f.result()
    else:
        for name in names:
            yield _problem_job(name, *job_args)


def build_all(out_dir="reports", pdf: bool = False, langs: Iterable[str] = LANGS,
              title: Optional[str] = None, author: Optional[str] = None, seed: int = 0,
              progress=None, passes: Optional[int] = None,
              workers: Optional[int] = None, names: Optional[list] = None) -> tuple[list[Path], list[str]]:
    """Every registered problem in every language of ``langs`` (files ``NAME.LANG.tex``)
    plus ``index.LANG.tex``; with ``names``, only those problems and no index (an index of
    a few problems would replace the whole course's, e.g. in ``reports/``). A failing
    problem is reported and the others still build.
    Problems are built in parallel (``workers``, default: the number of cores).

    Returns (written paths, failures); a failure is a problem (in one language) that did
    not build, or whose numerical checks did not all pass (its report is still written).
    """
    from symderiv import problems
    progress = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    langs = list(langs)
    with_index = names is None
    if names is None:
        names = sorted(problems.load_all())
    else:
        for name in names:
            problems.get(name)  # an unknown name is a usage error before anything is built
    written: list[Path] = []
    failures: list[str] = []
    entries: dict[str, list] = {lang: [] for lang in langs}
    total = len(names)
    workers = workers or os.cpu_count() or 1

    def failed(name, lang, label, text):
        failures.append(f"{name} ({lang})")
        entries[lang].append({"name": name, "file": "", "error": text})
        progress(f"{label}: FAILED: {text}")

    job_args = (langs, author, seed, pdf, passes, str(out_dir))
    for i, result in enumerate(_run_jobs(names, job_args, workers), 1):
        name = result["name"]
        if result["error"]:
            for lang in langs:
                failed(name, lang, f"[{i}/{total}] {name} ({lang})", result["error"])
            continue
        summary = result["summary"]
        for lang in langs:
            label = f"[{i}/{total}] {name} ({lang})"
            doc = result["docs"][lang]
            try:
                if doc["error"]:
                    raise ReportError(doc["error"])
                written += write_files(out_dir, doc["files"])
            except ReportError as exc:
                failed(name, lang, label, doc["error"] or _error_text(exc))
                continue
            entries[lang].append({"name": name, "file": f"{name}.{lang}" + (".pdf" if pdf else ".tex"),
                                  **summary})
            if summary["passed"] < summary["total"]:
                failures.append(f"{name} ({lang})")
                progress(f"{label}: {summary['total'] - summary['passed']} of {summary['total']} checks FAILED")
            else:
                n = summary["total"]
                progress(f"{label}: ok ({n} {'check' if n == 1 else 'checks'} passed)")
    if not with_index:
        return written, failures
    for lang in langs:
        entries[lang].sort(key=lambda e: names.index(e["name"]))  # jobs finish in any order
        try:
            index = render_index(entries[lang], lang, title, author)
            written += emit(index, out_dir, f"index.{lang}", pdf, passes)
            progress(f"index ({lang}): ok")
        except ReportError as exc:
            failures.append(f"index ({lang})")
            progress(f"index ({lang}): FAILED: {exc}")
    return written, failures
