"""The fixed words of the documents, in German and English (one row per message).

Problems write their own sentences as :class:`symderiv.documents.content.Text` (both languages in
the problem module); the words every document shares (headings, table heads, captions)
live here. :func:`msg` looks one up; a document uses exactly one language, so a missing
translation is an error, never a silent fallback to the other language.
"""
from __future__ import annotations

#: the document languages (model.py re-exports this)
LANGS = ("de", "en")

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
    "seed": {"de": "Startwert des Zufallsgenerators", "en": "random seed"},
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
    "kink": {"de": "Knickstelle", "en": "kink"},
    "kinks": {"de": "Knickstellen", "en": "kinks"},
    "checks_summary": {"de": "{passed} von {total} numerischen Prüfungen bestanden.",
                       "en": "{passed} of {total} numerical checks passed."},
    "no_checks": {"de": "Dieses Dokument enthält keine numerische Prüfung.",
                  "en": "This document contains no numerical check."},
    # values
    "true": {"de": "wahr", "en": "true"},
    "false": {"de": "falsch", "en": "false"},
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

#: Verification methods as records name them (``VerificationRecord.method``) -> the
#: words printed in the check table. Names of functions and libraries (``numpy.interp``,
#: ``brentq``) are not in this table: they are printed as code, unchanged.
METHODS: dict[str, dict[str, str]] = {
    "central": {"de": "zentrale Differenzen", "en": "central differences"},
    "complex": {"de": "komplexer Schritt", "en": "complex step"},
    "richardson": {"de": "Richardson-Extrapolation", "en": "Richardson extrapolation"},
    "auto": {"de": "automatisch", "en": "automatic"},
    "numpy": {"de": "NumPy", "en": "NumPy"},
    "sympy": {"de": "SymPy", "en": "SymPy"},
    "grid": {"de": "Gitter", "en": "grid"},
    "matrix product": {"de": "Matrixprodukt", "en": "matrix product"},
    "backprop": {"de": "Backpropagation", "en": "backpropagation"},
    "summation": {"de": "Summation", "en": "summation"},
    "inequality": {"de": "Ungleichung", "en": "inequality"},
    "bound": {"de": "Schranke", "en": "bound"},
    "second implementation": {"de": "zweite Implementierung", "en": "second implementation"},
    "power iteration": {"de": "Potenzmethode", "en": "power iteration"},
    "enumeration": {"de": "Aufzählung", "en": "enumeration"},
    "tensor contraction": {"de": "Tensorkontraktion", "en": "tensor contraction"},
    "evaluation": {"de": "Auswertung", "en": "evaluation"},
    "error ratio": {"de": "Fehlerverhältnis", "en": "error ratio"},
    "reverse accumulation": {"de": "Rückwärtsakkumulation", "en": "reverse accumulation"},
    "recursion": {"de": "Rekursion", "en": "recursion"},
    "formula": {"de": "Formel", "en": "formula"},
    "counter": {"de": "Zähler", "en": "counter"},
    "exact": {"de": "exakt", "en": "exact"},
    "monte carlo": {"de": "Monte-Carlo", "en": "Monte Carlo"},
    "interval arithmetic": {"de": "Intervallarithmetik", "en": "interval arithmetic"},
    "bisection": {"de": "Bisektion", "en": "bisection"},
    "finite differences": {"de": "finite Differenzen", "en": "finite differences"},
    "forward accumulation": {"de": "Vorwärtsakkumulation", "en": "forward accumulation"},
    "kinks reported": {"de": "gemeldete Knicke", "en": "kinks reported"},
    "course values": {"de": "Kurswerte", "en": "course values"},
    "dense sampling": {"de": "dichte Abtastung", "en": "dense sampling"},
}


def method_name(method: str, lang: str):
    """(words, is_code): a verification method for the check table in ``lang``; a name
    not in :data:`METHODS` that looks like code (``numpy.linalg.eig``, ``brentq``) is
    returned unchanged with ``is_code=True``; anything else unchanged, not code."""
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (languages: {', '.join(LANGS)})")
    row = METHODS.get(method.strip().lower())
    if row is not None:
        return row[lang], False
    looks_like_code = bool(method) and " " not in method.strip() and (
        "." in method or "_" in method or method.islower())
    return method, looks_like_code


#: babel language names
BABEL = {"de": "ngerman", "en": "english"}
#: siunitx locales (DE: decimal comma; US: decimal point)
SIUNITX_LOCALE = {"de": "DE", "en": "US"}


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
