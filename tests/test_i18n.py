"""Message catalogs (gettext .po read with Babel) and the locale table."""
from __future__ import annotations

import pytest

from symderiv.documents import i18n, locales
from symderiv.documents.i18n import CatalogError, Msg, pseudo
from symderiv.documents.latex import text_latex


def test_every_language_has_every_message():
    en = set(i18n.catalog("en"))
    for code in locales.LOCALES:
        assert set(i18n.catalog(code)) == en, code


def test_message_lookup_and_placeholders():
    assert i18n.message("passed", "de") == "bestanden"
    assert i18n.message("checks_summary", "en", passed=2, total=3) == "2 of 3 numerical checks passed."


def test_missing_message_is_an_error_not_a_fallback():
    with pytest.raises(CatalogError, match="nonexistent.id"):
        Msg("nonexistent.id").get("de")
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        i18n.message("passed", "xx")


def test_pseudo_locale_marks_and_keeps_placeholders():
    assert pseudo("The {f} is here") == "‹Thé {f} ís héré›"
    assert i18n.message("passed", "qps") == "‹pásséd›"


def test_msg_is_text_for_the_printers():
    import sympy as sp
    m = Msg("checks_summary", passed=sp.Integer(2), total=sp.Integer(3))
    assert text_latex(m, "de") == r"$2$ von $3$ numerischen Prüfungen bestanden."
    assert text_latex(m, "qps").startswith("‹")


def test_duplicate_id_across_catalogs_is_refused(tmp_path):
    for lang in locales.LOCALES:
        if locales.LOCALES[lang].pseudo_of is None:
            (tmp_path / f"{lang}.po").write_text('msgid "passed"\nmsgstr "x"\n', encoding="utf-8")
    saved = list(i18n._DIRS)
    try:
        i18n.register_catalog(tmp_path)
        with pytest.raises(CatalogError, match="defined twice"):
            i18n.catalog("en")
    finally:
        i18n._DIRS[:] = saved
        i18n._catalog.cache_clear()


def test_locale_table_drives_typography():
    assert locales.locale("de").tuple_separator(True) == ";"
    assert locales.locale("en").tuple_separator(True) == ","
    assert "qps" not in locales.LANGS and set(locales.LANGS) == {"de", "en"}


def test_a_source_task_label_is_printed_in_the_document_language():
    from symderiv.documents.messages import task_label_text
    assert task_label_text("Aufgabe 2 (a)", "en") == "Exercise 2 (a)"
    assert task_label_text("Aufgabe 2 (a)", "de") == "Aufgabe 2 (a)"
    assert task_label_text("Task 5 (i)", "de") == "Aufgabe 5 (i)"
    assert task_label_text("Teil 1", "en") == "Part 1"
    assert task_label_text("(b)", "en") == "(b)" and task_label_text("b)", "de") == "b)"
    assert task_label_text("Aufgaben", "en") == "Aufgaben"   # only a whole word is a label word
    assert task_label_text("Task 5 (i)", "qps").startswith("‹")


def test_a_sum_is_printed_starting_with_a_positive_term():
    """Issue 17: SymPy's order gave "(- x_1^2 + x_2)", "beta^{-k + t}", "(-a + b)/(n - 1)"."""
    import sympy as sp
    from symderiv.documents.latex import sympy_latex
    x1, x2, a, b, n, t, k = sp.symbols("x_1 x_2 a b n t k")
    assert sympy_latex(100 * (x2 - x1**2)**2 + (1 - x1)**2) == \
        r"\left(1 - x_{1}\right)^{2} + 100 \left(x_{2} - x_{1}^{2}\right)^{2}"
    assert sympy_latex((b - a) / (n - 1)) == r"\frac{b - a}{n - 1}"
    assert sympy_latex(sp.Symbol("beta")**(t - k)) == r"\beta^{t - k}"
    assert sympy_latex(-x1 - 2) == r"-2 - x_{1}"            # (a - x_1) at a = -2
    assert sympy_latex(-x1 - x2) == r"- x_{1} - x_{2}"


def test_large_integers_are_grouped_in_threes():
    """Issue 17: mlp-jacobians printed 13777928192 without digit grouping."""
    import sympy as sp
    from symderiv.documents.latex import sympy_latex
    assert sympy_latex(sp.Integer(13777928192)) == r"\num{13777928192}"      # siunitx groups
    assert sympy_latex(sp.Integer(13777928192), plain=True) == r"13\,777\,928\,192"
    assert sympy_latex(sp.Integer(784) * sp.Symbol("n")) == "784 n"


def test_no_english_message_uses_the_german_sheet_words():
    """Issue 17: the English reports carried "Aufgabe 1 (e)", "Tutoraufgabe"; the source
    line of hyperlink-matrix said "Exercise sheet 001, Aufgabe 12"."""
    import symderiv.problems  # noqa: F401  - registers every problem's catalog
    from symderiv.documents.i18n import catalog
    from symderiv.documents.proofread import wording
    symderiv.problems.load_all()
    german = {k: v for k, v in catalog("en").items()
              if not k.startswith("label.") and wording(v, "en")}
    assert german == {}


def test_german_messages_address_the_reader_formally():
    """The sheets say "Berechnen Sie ..."; the sheet footer said "deine Zahlen sind nur
    deine": one register, the formal "Sie", in every German message."""
    import re
    import symderiv.problems
    from symderiv.documents.i18n import catalog
    symderiv.problems.load_all()
    informal = {k: v for k, v in catalog("de").items()
                if re.search(r"\b(?:du|dein\w*|dir|dich|euch|euer\w*)\b", v, re.IGNORECASE)}
    assert informal == {}
    assert "Ihr Blatt" in catalog("de")["sheet.footer"]


def test_german_tuples_with_a_decimal_anywhere_use_semicolons():
    """"(µ = 1, s = 0,6, K = 6)" and "((0,05; 0,01), (0; 1))" mixed the decimal comma with
    the tuple's commas: a decimal anywhere in an entry makes the separator a semicolon."""
    import sympy as sp
    from symderiv.documents.latex import inline_latex
    mu, s = sp.symbols("mu s")
    assert str(inline_latex((sp.Eq(mu, 1), sp.Eq(s, sp.Float(0.6)), 6), "de")).count(";") == 2
    nested = str(inline_latex(((0.05, 0.01), (sp.Float(-0.02), 0)), "de"))
    assert nested.count(";") == 3 and "," not in nested.replace(r",\allowbreak", "")
    assert ";" not in str(inline_latex((1000, 1001, 999), "de"))     # integers keep commas
    assert ";" not in str(inline_latex((sp.Eq(s, sp.Float(0.6)), 1), "en"))
