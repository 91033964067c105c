"""Shared test helpers (imported by tests as ``from helpers import ...``; conftest.py only
holds fixtures).

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


def pdf_text(path) -> str:
    """The text of a PDF (pdftotext), with whitespace runs collapsed to single spaces."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    return " ".join(out.decode("utf-8", errors="replace").split())
