"""Typography and language of every compiled report, in both languages.

Each rule of :mod:`symderiv.documents.proofread` runs on every report (built and compiled
once per session: the ``compiled_reports`` fixture in conftest.py), and each rule has a
unit test showing that it fails on a bad sample.

KNOWN_FAILURES lists the (problem, language, rule) combinations that fail today because of
problem *content* (sentences written in the problem modules), which is being fixed in
parallel; each is an expected failure with ``strict=True``, so a fixed entry turns the test
red until it is removed from the list. The list is meant to become empty.
"""
from __future__ import annotations

import pytest

from symderiv import problems as registry
from symderiv.documents import proofread
from symderiv.documents.model import LANGS

#: (problem, lang, rule) -> why it still fails. Problem content only: failures caused by
#: documents/ or the templates are fixed there, never listed here. To be emptied once the
#: content fixes of issue 11 are merged.
KNOWN_FAILURES: dict[tuple[str, str, str], str] = {
}

RULES = ("overfull", "plain_math", "prose_math", "english", "decimal_comma")


def _names():
    try:
        return sorted(registry.load_all())
    except Exception:  # noqa: BLE001 - test_report.test_every_problem_module_imports reports it
        return sorted(registry.PROBLEMS)


def _cases(rule, langs=LANGS):
    out = []
    for name in _names():
        for lang in langs:
            reason = KNOWN_FAILURES.get((name, lang, rule))
            marks = [pytest.mark.latex]
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            out.append(pytest.param(name, lang, id=f"{name}-{lang}", marks=marks))
    return out


def _report(compiled_reports, name, lang):
    r = compiled_reports[(name, lang)]
    assert not r["error"], r["error"]
    return r


# --------------------------------------------------------------------------------------
# the rules on every report
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, lang", _cases("overfull"))
def test_no_overfull_boxes(compiled_reports, name, lang):
    bad = proofread.overfull_boxes(_report(compiled_reports, name, lang)["log"])
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name, lang", _cases("plain_math"))
def test_no_maths_outside_math_mode(compiled_reports, name, lang):
    bad = proofread.plain_math(_report(compiled_reports, name, lang)["text"])
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name, lang", _cases("prose_math"))
def test_no_maths_set_as_running_text(compiled_reports, name, lang):
    bad = proofread.prose_math(_report(compiled_reports, name, lang)["runs"], lang)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name, lang", _cases("english", ("de",)))
def test_no_english_in_german_reports(compiled_reports, name, lang):
    r = _report(compiled_reports, name, lang)
    bad = proofread.english_words(r["text"], proofread.ALLOWED | r["identifiers"])
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name, lang", _cases("decimal_comma", ("de",)))
def test_decimal_comma_in_german_reports(compiled_reports, name, lang):
    bad = proofread.decimal_points(_report(compiled_reports, name, lang)["text"])
    assert not bad, "\n".join(bad)


def test_known_failures_name_real_cases():
    names = set(_names())
    for (name, lang, rule), reason in KNOWN_FAILURES.items():
        assert name in names and lang in LANGS and rule in RULES and reason, (name, lang, rule)


# --------------------------------------------------------------------------------------
# each rule fails on a bad sample (and passes on a good one)
# --------------------------------------------------------------------------------------

def test_overfull_rule_detects_wide_boxes():
    log = ("Overfull \\hbox (41.76608pt too wide) in paragraph at lines 207--207\n"
           "Overfull \\hbox (0.5pt too wide) in paragraph at lines 3--4\n"
           "Overfull \\vbox (12.0pt too high) has occurred while \\output is active\n"
           "Underfull \\hbox (badness 10000) in paragraph\n")
    bad = proofread.overfull_boxes(log)
    assert len(bad) == 2 and "41.76608pt" in bad[0] and "vbox" in bad[1]
    assert proofread.overfull_boxes("Overfull \\hbox (0.99pt too wide) in alignment") == []


@pytest.mark.parametrize("sample, rule", [
    ("we bound 4^(i-n-1)|h_(i-1)| from above", "subscript _("),
    ("the bound 4^(i-n-1) holds", "superscript ^("),
    ("J = diag(s) - s s^T (NumPy)", "transpose ^T"),
    ("for i != j the entry is", "operator !="),
    ("the loss is (1 + u)**2", "operator **"),
    ("... and the start value, True.", "Python True/False/None"),
    ("the result is None here", "Python True/False/None"),
    ("epsilon = 0.169971207479904", "long float"),
    ("0,020644485 und 0.04128897", "long float"),
    ("the error 1.22465e-16 is", "Python exponent"),
    ("where sigma = sigmoid", "spelled-out sigma ="),
    ("GELU(x) = x Phi(x)", "plain-text x Phi"),
    ("if x <= 0 then", "operator <=/>="),
])
def test_plain_math_rule_detects(sample, rule):
    bad = proofread.plain_math(sample)
    assert any(b.startswith(rule + ":") for b in bad), bad


def test_plain_math_rule_passes_typeset_text():
    # what pdftotext gives for typeset maths: h_{i-1} -> "hi−1", 0.0703776 (7 digits), 10^-16
    good = ("Für i < n gilt hi−1 ≤ 4i−n−1 , ε = 0,0703776 und 1,2 · 10−16 ; 8 von 8 bestanden; "
            "0,000711114 hat 6 signifikante Stellen, 1234,567 sieben.")
    assert proofread.plain_math(good) == []


ROMAN, ITALIC, MONO = "ABCDEF+LMRoman10-Regular", "ABCDEF+LMMathItalic10-Regular", "ABCDEF+LMMono10-Regular"


@pytest.mark.parametrize("text, lang, rule", [
    ("Seite i verlinkt auf Seite j für die Links", "de", "letter as text"),
    ("Row i of H distributes the weight", "en", "letter as text"),
    ("Faktoren der Kette für x, von der Loss-Seite her", "de", "letter as text"),
    ("Zeilensummen von H = 1 (Seiten mit Links)", "de", "= after a word"),
    ("(a) Formel = sympy.diff der Ableitung", "de", "= after a word"),
    ("exakte Iterierte k = 0..24 gegen NumPy", "de", "ASCII range"),
    ("Ein MLP 784 -> 256 (tanh) -> 10", "de", "ASCII arrow"),
    ("mit den Einträgen i - j + 1 auf und unter", "de", "operator between letters"),
])
def test_prose_math_rule_detects(text, lang, rule):
    bad = proofread.prose_math([(ROMAN, text)], lang)
    assert any(b.startswith(rule + ":") for b in bad), bad


def test_prose_math_rule_passes_typeset_maths_and_code():
    runs = [(ROMAN, "Seite "), (ITALIC, "i"), (ROMAN, " verlinkt auf Seite "), (ITALIC, "j"),
            (ROMAN, ") = tanh ("), (ROMAN, "Testgenauigkeit = 0,95; z. B. die Teile (a) und (b)."),
            (MONO, "for i in range(n): x = i -> y")]
    assert proofread.prose_math(runs, "de") == []
    # English has the words "a" and "I"; German has none of one letter
    assert proofread.prose_math([(ROMAN, "This is a network I trained")], "en") == []
    assert proofread.prose_math([(ROMAN, "ist a Netz")], "de") != []


def test_english_rule_detects_untranslated_words():
    bad = proofread.english_words("Prüfung: 3 Punkte, passed (residual) und the Gradient")
    assert {b.split(":")[0] for b in bad} == {"passed", "the"}
    assert proofread.english_words("Task 5 ist gelöst") != []  # catalog word "task"
    # names, technical terms and German words that look English are allowed
    ok = "Adam mit ReLU und softmax; die Jacobi-Matrix ist in Ordnung, also fast fertig."
    assert proofread.english_words(ok) == []


def test_english_vocabulary_excludes_german_words():
    vocab = proofread.english_vocabulary()
    assert {"passed", "task", "the", "tolerance", "central"} <= vocab
    assert not {"status", "problem", "in", "die", "also", "summation", "adam"} & vocab


def test_decimal_comma_rule_detects_points():
    bad = proofread.decimal_points("Wert 211.6 bei (1,2, 1); 0,95 und 1.2")
    assert [b.split(":")[0] for b in bad] == ["211.6", "1.2"]
    # dotted names and version strings are not numbers
    assert proofread.decimal_points("numpy.linalg.eig, siunitx 3.2.0, Datei a1.tex, 1,5") == []


# --------------------------------------------------------------------------------------
# wording and our own identifiers (each pattern shown to fire)
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "die Nebendiagonaleinträge sind null", "Das Supremum ist angenommen bei 0",
    "zählende Gleitkommazahlen", "Methode: komplexer Schritt", "die Schwellen b", "Abrollen der Rekursion",
    "eine Induktionsprobe", "der Plot zeigt", "mit solveset", "nach Algorithm 1", "Monte Carlo (20000 Läufe)",
    "ist eine Gleichung für i = n", "Die Lösung des Blattes druckt diese Werte",
    "Seiten ohne Links springen", "Tutoraufgabe 6", "der Verlust sinkt, der Loss steigt"])
def test_german_wording_rule_fires(bad):
    from symderiv.documents.proofread import wording
    assert wording(bad, "de"), bad


def test_german_wording_rule_passes_good_text():
    from symderiv.documents.proofread import wording
    good = ("Die Nichtdiagonaleinträge sind null. Das Supremum wird in 0 angenommen. "
            "Methode: komplexe Schrittweite. Aufgabe 6. Der Verlust sinkt.")
    assert wording(good, "de") == []
    assert wording("Exercise 1 (Aufgabe 1)", "en") and wording("Exercise 1", "en") == []


@pytest.mark.parametrize("bad", ["see check_expression here", "rosenbrock.q1", "Source: shared/seeds/000, b)",
                                 "question .q2 asks", "max_depth = 30"])
def test_code_identifier_rule_fires(bad):
    from symderiv.documents.proofread import code_identifiers
    assert code_identifiers(bad), bad


def test_code_identifier_rule_passes_maths_and_words():
    from symderiv.documents.proofread import code_identifiers
    assert code_identifiers("x_1 = 2, w_i and h_(i-1); Aufgabe 1 (a), Seite 3; 0.5_x") == []
