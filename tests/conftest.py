"""Fixtures shared by the tests; helper functions live in ``tests/helpers.py``.

LaTeX tests: mark them ``@pytest.mark.latex`` and use the ``latex_required`` fixture.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from helpers import font_runs, pdf_text, prose_text, require_latex


@pytest.fixture
def latex_required():
    """Use in LaTeX tests: skips without the toolchain, fails instead under CI."""
    require_latex()


# --------------------------------------------------------------------------------------
# every report, built and compiled once per test session (both languages)
# --------------------------------------------------------------------------------------

def _compile_report(name: str, lang: str, tex: str) -> dict:
    from symderiv.documents import build
    import tempfile
    from pathlib import Path
    out = {"tex": tex, "log": "", "text": "", "error": ""}
    try:
        compiled = build.compile_document(tex, f"{name}.{lang}")
    except build.LatexError as exc:
        out["error"] = str(exc)
        return out
    out["log"] = compiled.log
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(compiled.pdf)
        out["runs"] = font_runs(pdf)       # (font, text): maths set in the text font
        out["text"] = prose_text(pdf, out["runs"])  # what the prose rules read: no listings
        out["full_text"] = pdf_text(pdf)
    return out


@pytest.fixture(scope="session")
def built_solutions():
    """{problem: (params, Solution)} for every registered problem, built once (seed 0)."""
    from symderiv import problems
    from symderiv.course import reports
    out = {}
    for name in sorted(problems.load_all()):
        _, values, solution = reports.make_solution(name)
        out[name] = (values, solution)
    return out


@pytest.fixture(scope="session")
def rendered_reports(built_solutions):
    """{(problem, lang): .tex} rendered exactly as ``symderiv report --all`` renders them."""
    from symderiv.documents import render
    from symderiv.documents.model import LANGS
    return {(name, lang): render.render(sol, lang, None, None, values, 0)
            for name, (values, sol) in built_solutions.items() for lang in LANGS}


@pytest.fixture(scope="session")
def compiled_reports(built_solutions, rendered_reports):
    """{(problem, lang): {"tex", "log", "text", "error", "solution", "identifiers"}} for
    every registered problem in both languages: each problem is built once, each document
    compiled once (pdflatex, reruns only when the log asks), LaTeX runs in parallel on all
    cores."""
    require_latex()
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {job: pool.submit(_compile_report, job[0], job[1], tex)
                   for job, tex in rendered_reports.items()}
        result = {job: f.result() for job, f in futures.items()}
    for (name, lang), r in result.items():
        values, solution = built_solutions[name]
        r["solution"] = solution
        # identifiers printed as code: the problem's name and its parameter names
        r["identifiers"] = {name, *name.split("-"), *values}
    return result


@pytest.fixture(scope="session")
def fresh_report_dir(tmp_path_factory):
    """``symderiv report --all`` (.tex only) run in a separate process with another hash
    seed: a second, independent build of every report."""
    import sys
    from pathlib import Path
    out = tmp_path_factory.mktemp("fresh-reports")
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONHASHSEED="12345",
               PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-m", "symderiv", "report", "--all", "--out", str(out)],
                          cwd=str(root), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return out


# --------------------------------------------------------------------------------------
# one course sheet of every declared problem, built once per language and test session
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def course_sheet(tmp_path_factory):
    """``course_sheet(lang)`` -> the output directory of ``build_course`` for one variant
    (seed 7) of every declared problem, with its PDFs: built once per language and session,
    shared by every module that reads a course's documents (test_problem_format,
    test_findings17, test_sheet_proofread)."""
    require_latex()
    built: dict = {}

    def get(lang: str):
        if lang not in built:
            from symderiv import problems
            from symderiv.course.build import build_course
            from symderiv.problems.spec import SPECS
            problems.load_all()
            out = tmp_path_factory.mktemp(f"course-{lang}")
            build_course(sorted(SPECS), str(out), seed=7, variants=1, lang=lang, pdf=True, jobs=2)
            built[lang] = out
        return built[lang]
    return get
