"""Build worked solutions: one problem, or every registered problem plus an index.

This sits above the problems registry and the documents layer; rendering itself knows
nothing of problems or of the command line (progress goes through a callback).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Optional

from symderiv.documents.model import LANGS, Solution
from symderiv.documents.render import ReportError, emit, render, render_index


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


def build_all(out_dir="reports", pdf: bool = False, langs: Iterable[str] = LANGS,
              title: Optional[str] = None, author: Optional[str] = None, seed: int = 0,
              progress=None, passes: Optional[int] = None,
              names: Optional[list] = None) -> tuple[list[Path], list[str]]:
    """Every registered problem in every language of ``langs`` (files ``NAME.LANG.tex``)
    plus ``index.LANG.tex``. A failing problem is reported and the others still build.

    Returns (written paths, failures); a failure is a problem (in one language) that did
    not build, or whose numerical checks did not all pass (its report is still written).
    """
    from symderiv import problems
    progress = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    langs = list(langs)
    if names is None:
        names = sorted(problems.load_all())
    else:
        for name in names:
            problems.get(name)  # an unknown name is a usage error before anything is built
    written: list[Path] = []
    failures: list[str] = []
    entries: dict[str, list] = {lang: [] for lang in langs}
    total = len(names)

    def failed(name, lang, label, exc):
        text = " ".join(str(exc).split()) or type(exc).__name__
        if not hasattr(exc, "exit_code") and not isinstance(exc, ValueError):
            text = f"{type(exc).__name__}: {text}"
        failures.append(f"{name} ({lang})")
        entries[lang].append({"name": name, "file": "", "error": text})
        progress(f"{label}: FAILED: {text}")

    for i, name in enumerate(names, 1):
        try:
            prob, values, solution = make_solution(name, {}, seed)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - report and keep going
            for lang in langs:
                failed(name, lang, f"[{i}/{total}] {name} ({lang})", exc)
            continue
        checks = solution.checks()
        bad = [c for c in checks if not getattr(c.record, "passed", False)]
        for lang in langs:
            stem, label = f"{name}.{lang}", f"[{i}/{total}] {name} ({lang})"
            try:
                tex = render(solution, lang, None, author, values, seed)
                written += emit(tex, out_dir, stem, pdf, passes)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # noqa: BLE001 - report and keep going
                failed(name, lang, label, exc)
                continue
            entries[lang].append({"name": name, "file": stem + (".pdf" if pdf else ".tex"),
                                  "solution": solution})
            if bad:
                failures.append(f"{name} ({lang})")
                progress(f"{label}: {len(bad)} of {len(checks)} checks FAILED")
            else:
                progress(f"{label}: ok ({len(checks)} {'check' if len(checks) == 1 else 'checks'} passed)")
    for lang in langs:
        try:
            index = render_index(entries[lang], lang, title, author)
            written += emit(index, out_dir, f"index.{lang}", pdf, passes)
            progress(f"index ({lang}): ok")
        except ReportError as exc:
            failures.append(f"index ({lang})")
            progress(f"index ({lang}): FAILED: {exc}")
    return written, failures
