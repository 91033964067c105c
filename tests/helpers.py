"""Shared test helpers (imported by tests as ``from helpers import ...``; conftest.py only
holds fixtures).

LaTeX tests: mark them ``@pytest.mark.latex`` and use the ``latex_required`` fixture (or
call :func:`require_latex`). Without pdflatex/latexmk (and pdftotext) they are skipped,
except when ``CI=true`` or ``SYMDERIV_REQUIRE_LATEX=1``: then a missing toolchain fails
the test, so CI cannot pass by silently skipping every document build.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest

LATEX_TOOLS = ("pdflatex", "latexmk", "pdftotext", "pdftohtml")


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


#: typewriter fonts: program listings and identifiers, exempt from the prose rules
_CODE_FONT = re.compile(r"Mono|cmtt|Typewriter|Courier", re.I)


def font_runs(path) -> list[tuple[str, str]]:
    """The PDF's text as ``(font family, text)`` runs, in reading order (poppler's
    ``pdftohtml -xml`` names the font of every run: ``LMRoman10``, ``LMMathItalic10``...)."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-enc", "UTF-8", str(path)],
                         check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    xml = xml.decode("utf-8", errors="replace")
    fonts = {m.group(1): m.group(2)
             for m in re.finditer(r'<fontspec id="(\d+)"[^>]*family="([^"]*)"', xml)}
    return [(fonts.get(m.group(1), ""), html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
            for m in re.finditer(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml, re.S)]


def prose_text(path, runs=None) -> str:
    """The text of a PDF without what is set in a typewriter font (program listings and
    identifiers: code, not prose), whitespace collapsed."""
    runs = font_runs(path) if runs is None else runs
    return " ".join(" ".join(text for font, text in runs if not _CODE_FONT.search(font)).split())
