"""Sheet PDFs (LaTeX): compiled with the precompiled preamble; the exercise PDF has the
questions and no solution, the solution PDF has the answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import pdf_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.latex
def test_sheet_pdfs_exercise_without_solution(tmp_path, latex_required):
    from symderiv.course.build import build_course
    from symderiv.course.pdf import MARKER, Compiler
    from symderiv.problems.plugins import load_dir
    load_dir(ROOT / "examples" / "own_problem")
    r = build_course(["neuron-loss"], str(tmp_path), seed=3, variants=1, pdf=True, lang="de")
    ex, sol = pdf_text(tmp_path / "v01-exercise.pdf"), pdf_text(tmp_path / "v01-solution.pdf")
    assert "Übungsblatt" in ex and "(ii)" in ex and "Variante v01" in ex
    assert "neuron-loss" not in ex and "Quelle" not in ex and "examples/" not in ex  # nothing of ours
    for word in ("Ergebnis", "Numerische Prüfung", "Kettenregel"):
        assert word not in ex and word in sol, word
    numbers = [e for e in r["entries"] if e["kind"] == "number"]
    for e in numbers:  # decimal point or (German, siunitx) comma
        digits = f"{abs(e['expected']):.6g}"[:5]
        assert digits in sol or digits.replace(".", ",") in sol, digits
    # the format-file build gives the same text as a plain pdflatex run
    tex = (tmp_path / "v01-exercise.tex").read_text()
    assert MARKER in tex
    plain = Compiler(None).compile(tex, "plain")
    (tmp_path / "plain.pdf").write_bytes(plain)
    assert pdf_text(tmp_path / "plain.pdf") == ex
