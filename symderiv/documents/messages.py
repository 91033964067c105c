"""The fixed words of the documents, in German and English (one row per message).

Problems write their own sentences as :class:`symderiv.solution.Text` (both languages in
the problem module); the words every document shares (headings, table heads, captions)
live here. :func:`msg` looks one up; a document uses exactly one language, so a missing
translation is an error, never a silent fallback to the other language.
"""
from __future__ import annotations

from symderiv.documents.model import LANGS

#: key -> {"de": ..., "en": ...}. Plain text (no LaTeX); report.py escapes it.
MESSAGES: dict[str, dict[str, str]] = {
    # headings
    "task": {"de": "Aufgabe", "en": "Task"},
    "solution": {"de": "Lösung", "en": "Solution"},
    "worked_solution": {"de": "Musterlösung", "en": "Worked solution"},
    "given": {"de": "Gegeben", "en": "Given"},
    "result": {"de": "Ergebnis", "en": "Result"},
    "numerical_check": {"de": "Numerische Prüfung", "en": "Numerical check"},
    "source": {"de": "Quelle", "en": "Source"},
    "exercise_sheet": {"de": "Übungsblatt", "en": "exercise sheet"},
    "problem": {"de": "Problem", "en": "Problem"},
    "parameters": {"de": "Parameter", "en": "Parameters"},
    "seed": {"de": "Zufallsstartwert", "en": "random seed"},
    # check table
    "check_what": {"de": "Prüfung", "en": "Check"},
    "method": {"de": "Methode", "en": "Method"},
    "points": {"de": "Punkte", "en": "Points"},
    "max_rel_error": {"de": "max. rel. Fehler", "en": "max. rel. error"},
    "max_abs_error": {"de": "max. abs. Fehler", "en": "max. abs. error"},
    "tolerance": {"de": "Toleranz", "en": "Tolerance"},
    "status": {"de": "Status", "en": "Status"},
    "passed": {"de": "bestanden", "en": "passed"},
    "failed": {"de": "nicht bestanden", "en": "failed"},
    "kink": {"de": "Knick", "en": "kink"},
    "kinks": {"de": "Knicke", "en": "kinks"},
    "checks_summary": {"de": "{passed} von {total} numerischen Prüfungen bestanden.",
                       "en": "{passed} of {total} numerical checks passed."},
    "no_checks": {"de": "Dieses Dokument enthält keine numerische Prüfung.",
                  "en": "This document contains no numerical check."},
    # floats
    "figure": {"de": "Abbildung", "en": "Figure"},
    "table": {"de": "Tabelle", "en": "Table"},
    # index document
    "index_title": {"de": "Musterlösungen: Übersicht", "en": "Worked solutions: index"},
    "index_intro": {"de": "Die folgenden Musterlösungen wurden von symderiv hergeleitet und "
                          "numerisch geprüft.",
                    "en": "The following worked solutions were derived and numerically "
                          "checked by symderiv."},
    "file": {"de": "Datei", "en": "File"},
    "title": {"de": "Titel", "en": "Title"},
    "checks": {"de": "Prüfungen", "en": "Checks"},
    "build_failed": {"de": "Erstellung fehlgeschlagen", "en": "build failed"},
    "generated_by": {"de": "Erzeugt mit symderiv", "en": "Generated with symderiv"},
}

#: babel language names
BABEL = {"de": "ngerman", "en": "english"}


def msg(key: str, lang: str, **args) -> str:
    """The message ``key`` in ``lang`` (``"de"`` or ``"en"``), with ``{args}`` filled in."""
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (languages: {', '.join(LANGS)})")
    text = MESSAGES[key][lang]
    return text.format(**args) if args else text


def catalog(lang: str) -> dict[str, str]:
    """All messages in one language (what the templates receive as ``msg``)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (languages: {', '.join(LANGS)})")
    return {key: row[lang] for key, row in MESSAGES.items()}
