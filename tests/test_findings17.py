"""The findings of issue 17 that are text, checked on the compiled documents.

One course sheet of every declared problem is built per language (exercise sheet and model
solution, one variant, LaTeX: one pdflatex run per document), and its PDF text is searched.
Every assertion names the finding it guards; the forbidden phrases are the ones the old
reports printed (quoted in issue 17), so each assertion fails on the old text."""
from __future__ import annotations

import re

import pytest

from symderiv import problems
from symderiv.problems.spec import SPECS

from helpers import pdf_text

problems.load_all()
DECLARED = sorted(SPECS)



@pytest.fixture(scope="module")
def docs(course_sheet):
    """``docs(lang)`` -> (exercise text, solution text) of one course sheet of every problem
    (the session's shared build, conftest.course_sheet)."""
    built: dict = {}

    def get(lang: str) -> tuple[str, str]:
        if lang not in built:
            out = course_sheet(lang)
            built[lang] = (pdf_text(out / "v01-exercise.pdf"), pdf_text(out / "v01-solution.pdf"))
        return built[lang]
    return get


def _absent(text: str, findings: dict[str, str]) -> list[str]:
    """The findings whose phrase is still in ``text`` (phrase -> finding)."""
    return [f"{finding}: {phrase!r}" for phrase, finding in findings.items() if phrase in text]


# ---------------------------------------------------------------------------------------
# Exercise sheets are not exercises
# ---------------------------------------------------------------------------------------

@pytest.mark.latex
@pytest.mark.parametrize("lang", ["de", "en"])
def test_sheet_has_no_internal_ids_paths_or_notes(docs, lang):
    ex, _ = docs(lang)
    # finding: students see internal ids (rosenbrock.q1, mlp-jacobians.q2)
    assert not re.search(r"\b[a-z]+(?:-[a-z]+)*\.q\d", ex), "internal question id on the sheet"
    # finding: 'Source: shared/seeds/000, b)' on the sheet
    assert "shared/seeds" not in ex and "seeds/0" not in ex
    # finding: notes meant for us (forward-backward's reconstructed weights, --param,
    # layer-partials' 'Die Größe [f]_1 des Blattes ist also F_1')
    assert _absent(ex, {
        "reconstructed": "notes: weights 'were reconstructed' on a student's sheet",
        "rekonstruiert": "notes: weights 'were reconstructed' on a student's sheet",
        "--param": "notes: 'can be changed with --param'",
        "des Blattes ist also": "notes: 'Die Größe [f]_1 des Blattes ist also F_1'",
        "Figure 1, which gives the weights": "notes: figure 1 of the original sheet is missing",
    }) == []
    # finding: internal parameter names (max_depth, trials) shown to students
    assert not re.search(r"\b(?:max_depth|trials)\b", ex)


@pytest.mark.latex
@pytest.mark.parametrize("lang", ["de", "en"])
def test_sheet_states_the_precision(docs, lang):
    ex, _ = docs(lang)
    # finding: no sheet says how precisely to answer (0.00109 for 0.00108796 graded wrong)
    assert ("gültige Ziffern" if lang == "de" else "significant digits") in ex
    # a question is a phrase that the precision continues: no "des Netzes. (auf 4 ...):"
    ex_flat = " ".join(ex.split())
    assert not re.search(r"\. \((?:auf|to) \d", ex_flat), re.findall(r".{40}\. \((?:auf|to) \d", ex_flat)[:3]


def test_question_labels_never_read_like_the_tasks_labels():
    """Under "Task 5 (ii)" the questions are (a), (b), ...; elsewhere (i), (ii), ... (the
    sources label their tasks with letters)."""
    from symderiv.documents.exercise import question_label
    assert [question_label(i, "Task 5 (ii)") for i in (1, 2, 4)] == ["(a)", "(b)", "(d)"]
    assert [question_label(i, "Aufgabe 2 (b)") for i in (1, 2, 4)] == ["(i)", "(ii)", "(iv)"]
    assert question_label(3, "Part 1 (i)") == "(c)" and question_label(3, "c)") == "(iii)"


# ---------------------------------------------------------------------------------------
# Model solutions: wrong statements (old wording in both languages)
# ---------------------------------------------------------------------------------------

WRONG = {
    "en": {
        "is a supremum that is not attained": "vanishing-gradients: unattained supremum",
        "simplifies both differences": "activation-atlas: 'σ(−x) − 1 − σ(x) = 0' (brackets missing)",
        "Enumerating paths is worse still": "lecture-backprop: 'Enumerating paths is worse still'",
        "explodes exactly when the weights exceed": "skip-connections: explodes exactly when the "
                                                    "weights exceed 1 (only the product matters)",
        "test accuracy (c)": "overfitting: 'test accuracy (c), on CIFAR-10 ... 0.821' (digits result)",
        "validation accuracy peaks at": "overfitting: 'peaks at 0.78 ... falls to 0.776' as evidence",
        "where the network is almost linear": "overfitting: 'almost linear' explains 0.18 accuracy",
        "simplest weights": "forward-backward: 'the simplest weights ... reproduce every number'",
        "Monte Carlo (20000 runs)": "adam: method 'Monte Carlo (20000 runs)'",
        "the second derivative is −": "unstable-gradients: 'the second derivative is −1/8' (σ‴(0))",
        "there the next derivative is": "vanishing-gradients: 'the next derivative is −1/8' (σ‴(0))",
        "maximum lies inside": "relu-approximation: 'when the maximum lies inside the interval'",
        "Jacobian size on every edge": "mlp-jacobians: caption 'Jacobian size on every edge'",
        "S2, S3": "hyperlink: plain-text 'S2, S3'",
        "13777928192": "mlp-jacobians: 13777928192 without digit grouping",
        "Aufgabe": "English reports carry 'Aufgabe 1 (e)'",
        "Tutoraufgabe": "English reports carry 'Tutoraufgabe'",
        "lru_cache": "symderiv's own source (lru_cache) in a model solution",
        "lambdify": "symderiv's own source (SymPy lambdify) in a model solution",
        "solveset": "'solveset' in prose",
    },
    "de": {
        "beliebig nahe (für": "vanishing-gradients: jeder Faktor kommt 1/4 beliebig nahe",
        "ein Supremum, das nicht angenommen wird": "vanishing-gradients: unattained supremum",
        "vereinfacht beide Differenzen": "activation-atlas: 'σ(−x) − 1 − σ(x) = 0'",
        "Pfade aufzuzählen ist noch schlechter": "lecture-backprop: 'Enumerating paths is worse'",
        "explodiert das Produkt genau dann": "skip-connections: explodes exactly when the weights "
                                             "exceed 1",
        "Testgenauigkeit (c)": "overfitting: 'test accuracy (c), on CIFAR-10 ... 0.821'",
        "ist in Epoche 30 am größten": "overfitting: 'peaks at 0.78 ... falls to 0.776'",
        "wo das Netz fast linear ist": "overfitting: 'almost linear' explanation",
        "einfachsten Gewichte": "forward-backward: 'the simplest weights ... reproduce every number'",
        "Monte Carlo (": "German: 'Monte Carlo (20000 runs)'",
        "nächste Ableitung −": "vanishing-gradients: 'die nächste Ableitung ist −1/8' (σ‴(0))",
        "Maximum im Inneren": "relu-approximation: 'when the maximum lies inside the interval'",
        "S2, S3": "hyperlink: plain-text 'S2, S3'",
        "13777928192": "mlp-jacobians: 13777928192 without digit grouping",
        "Algorithm 1": "German: 'Algorithm 1'",
        "Nebendiagonaleintr": "German: 'Nebendiagonaleinträge' (Nichtdiagonaleinträge)",
        "Das Supremum ist angenommen": "German: 'Das Supremum ist angenommen bei'",
        "zählende Gleitkomma": "German: 'zählende Gleitkommazahlen'",
        "komplexer Schritt": "German: 'komplexer Schritt' as a method name",
        "Schwellen": "German: 'Schwellen' for biases",
        "ist eine Gleichung für": "German: 'ist eine Gleichung für i = n' (Gleichheit)",
        "druckt diese Werte": "German: 'Die Lösung des Blattes druckt diese Werte'",
        "solche Zeilen ersetzt durch": "German: '(S ist H, solche Zeilen ersetzt durch …)'",
        "Seiten ohne Links springen": "German: 'Seiten ohne Links springen'",
        "Abrollen der Rekursion": "German: 'Abrollen der Rekursion'",
        "Induktionsprobe": "German: 'Induktionsprobe'",
        "solveset": "German: 'solveset' in prose",
        "lru_cache": "symderiv's own source (lru_cache) in a model solution",
        "lambdify": "symderiv's own source (SymPy lambdify) in a model solution",
    },
}


@pytest.mark.latex
@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_finding_of_issue_17_in_the_documents(docs, lang):
    ex, so = docs(lang)
    assert _absent(ex + " " + so, WRONG[lang]) == []


@pytest.mark.latex
def test_german_method_names_and_terms(docs):
    ex, so = docs("de")
    text = ex + " " + so
    # finding: English method names in German check tables ('comparison', 'counting', 'sample')
    # and 'Plot' in German prose (code listings write 'samples', not these words)
    assert re.findall(r"\b(?:comparison|counting|sample|Plot)\b", text) == []
    # finding: 'Verlust' and 'Loss' mixed (the seeds write 'Loss')
    assert "Loss" in text and not re.search(r"Verlust", text), "Verlust beside Loss"


@pytest.mark.latex
def test_facts_the_fixes_state(docs):
    _, so = docs("en")
    # finding: layer-partials' kink rows '(where W1,3 = 0)' against the given W1,3 = -2: the
    # check point is said to be its own
    assert "chosen for this check, not the point of the questions" in so
    # finding: the GELU range endpoint -0.169971 shown as exact
    assert "rounded to six digits" in so
    # finding: hyperlink's bound ‖πᵏ−π‖₁ ≤ αᵏ‖π⁰−π‖₁ from the eigenvalue moduli: the 1-norm
    # contraction of the column-stochastic matrix is what gives it
    assert "contracts the 1-norm" in so
    # finding: 003 'sigmoid ≈ two-class softmax of x1 − x2' missing
    assert "two classes" in so
    # finding: mlp-jacobians' caption 'Jacobian size on every edge' where parameter edges carry none
    assert "the edges from the parameters and from the label are not labelled" in so
    # finding: 'the second derivative is −1/8' (σ‴(0)): the curvature of σ′ at 0 is named as the
    # sigmoid's third derivative, and a check row compares it with sympy.diff
    assert "the third derivative of the sigmoid" in so
    _, so_de = docs("de")
    assert "die dritte Ableitung der Sigmoid-Funktion" in so_de


def test_vanishing_curvature_row_fails_on_the_old_value():
    """finding: 'the second derivative is -1/8' (it is sigma'(z)'s, i.e. the sigmoid's third
    derivative at 0; the sigmoid's second derivative there is 0): the check row printed beside
    the sentence passes on -1/8 and fails on 0."""
    from symderiv.problems.vanishing import checks
    assert checks.curvature(-0.125).passed
    assert not checks.curvature(0.0).passed


@pytest.mark.latex
def test_the_generated_by_note_is_on_the_first_page(course_sheet):
    """The note stood at the end of the text, where it could take a page of its own (the
    forward-backward report ended with a page holding only "Erzeugt mit symderiv.")."""
    import subprocess
    for lang, note in (("de", "diese Zahlen gelten nur für Ihr Blatt"), ("en", "your numbers are your own")):
        for kind in ("exercise", "solution"):
            pdf = course_sheet(lang) / f"v01-{kind}.pdf"
            pages = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout
                     for p in (1, 2)]
            assert note in " ".join(pages[0].split()) and note not in pages[1], (lang, kind)


@pytest.mark.latex
def test_figures_are_numbered_per_problem_like_tables(docs):
    """A course solution numbered its tables per problem but its figures across problems
    ("Abbildung 11" next to "Tabelle 1"): both start again at 1 in every problem."""
    _, so = docs("en")
    flat = " ".join(so.split())
    assert flat.count("Figure 1:") >= 3 and flat.count("Table 1:") >= 3
