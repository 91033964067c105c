"""Shared test helpers.

LaTeX tests: mark them ``@pytest.mark.latex`` and use the ``latex_required`` fixture (or
call :func:`require_latex`). Without pdflatex/latexmk (and pdftotext) they are skipped,
except when ``CI=true`` or ``SYMDERIV_REQUIRE_LATEX=1``: then a missing toolchain fails
the test, so CI cannot pass by silently skipping every document build.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

LATEX_TOOLS = ("pdflatex", "latexmk", "pdftotext")


def latex_is_required() -> bool:
    return (os.environ.get("CI", "").lower() == "true"
            or os.environ.get("SYMDERIV_REQUIRE_LATEX", "") not in ("", "0"))


def require_latex(tools=LATEX_TOOLS) -> None:
    """Skip (or, under CI / SYMDERIV_REQUIRE_LATEX=1, fail) when a LaTeX tool is missing."""
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    text = f"LaTeX toolchain missing: {', '.join(missing)}"
    if latex_is_required():
        pytest.fail(text + " (required: CI=true or SYMDERIV_REQUIRE_LATEX=1)", pytrace=False)
    pytest.skip(text)


@pytest.fixture
def latex_required():
    """Use in LaTeX tests: skips without the toolchain, fails instead under CI."""
    require_latex()


def pdf_text(path) -> str:
    """The text of a PDF (pdftotext), with whitespace runs collapsed to single spaces."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    return " ".join(out.decode("utf-8", errors="replace").split())


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
        out["text"] = pdf_text(pdf)
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
