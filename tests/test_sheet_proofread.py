"""The course documents proofread as the reports are: one German and one English sheet
(exercise and solution document) with a variant of every declared problem,
compiled and checked with every rule of :mod:`symderiv.documents.proofread` (overfull
boxes, maths as program text, maths set in the text font, English words and decimal points
in German)."""
from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import font_runs, prose_text
from symderiv.documents import proofread


def _compile(tex: str, name: str) -> dict:
    from symderiv.documents import build
    compiled = build.compile_document(tex, name)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(compiled.pdf)
        runs = font_runs(pdf)
        return {"log": compiled.log, "runs": runs, "text": prose_text(pdf, runs)}


@pytest.fixture(scope="module")
def sheets(course_sheet):
    """The exercise and solution .tex of the session's shared course sheet (every declared
    problem, conftest.course_sheet), compiled once more here for the log and the font runs."""
    docs = {(lang, kind): (course_sheet(lang) / f"v01-{kind}.tex").read_text(encoding="utf-8")
            for lang in ("de", "en") for kind in ("exercise", "solution")}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(_compile, tex, f"sheet-{key[0]}-{key[1]}") for key, tex in docs.items()}
        return {key: f.result() for key, f in futures.items()}


CASES = [(lang, kind) for lang in ("de", "en") for kind in ("exercise", "solution")]


@pytest.mark.latex
@pytest.mark.parametrize("lang, kind", CASES)
def test_sheet_has_no_overfull_boxes(sheets, lang, kind):
    bad = proofread.overfull_boxes(sheets[(lang, kind)]["log"])
    assert not bad, "\n".join(bad)


@pytest.mark.latex
@pytest.mark.parametrize("lang, kind", CASES)
def test_sheet_sets_maths_as_maths(sheets, lang, kind):
    doc = sheets[(lang, kind)]
    bad = proofread.plain_math(doc["text"]) + proofread.prose_math(doc["runs"], lang)
    assert not bad, "\n".join(bad)


@pytest.mark.latex
@pytest.mark.parametrize("kind", ("exercise", "solution"))
def test_german_sheet_is_german(sheets, kind):
    doc = sheets[("de", kind)]
    bad = proofread.english_words(doc["text"]) + proofread.decimal_points(doc["text"])
    assert not bad, "\n".join(bad)
