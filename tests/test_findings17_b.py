"""Proofreading findings (issue 17, second round) in the model solutions of overfitting,
relu-approximation, rosenbrock, skip-connections, toy-classifier, unstable-gradients and
vanishing-gradients, checked on the Markdown of the solution (the same catalog sentences as
the PDF, without LaTeX). Every assertion fails on the wording it replaced."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from symderiv.course import reports


@functools.lru_cache(maxsize=None)
def markdown(name: str, lang: str, params: tuple = ()) -> str:
    _, _, sol = reports.make_solution(name, dict(params))
    return sol.to_markdown(lang)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_overfitting_example_coordinates_are_not_step_indices(lang):
    """theta_1, theta_2 were the coordinates of the example and theta_t the step: 'theta_2 =
    0.5628 (theta_1)' read as the second coordinate. The coordinates are x and y now."""
    md = markdown("overfitting", lang)
    assert r"f{\left(x,y \right)} = x^{2} + 10 y^{2}" in md
    assert r"\theta}_{t} = \left( {x}_{t}, \ {y}_{t}\right)" in md
    assert "theta_{1}" not in md and r"\theta_{1}" not in md
    # the sheet has no commands: the given data says the model solution has them
    assert ("nennt die Musterlösung" if lang == "de" else "the model solution gives the commands") in md
    assert "Netz des Diagramms" not in md and "network of the plot" not in md
    if lang == "de":
        assert "macht einen Schritt von 4 mal 5" not in md


@pytest.mark.parametrize("lang", ["de", "en"])
def test_vanishing_condition_stands_before_its_relation(lang):
    """'for i >= 2' was a note after the display and was left alone at the top of a page:
    the condition is now part of the sentence that leads into the relation."""
    md = markdown("vanishing-gradients", lang, (("n", "2"),))
    lead = "Also gilt für $i \\geq 2$" if lang == "de" else "Hence, for $i \\geq 2$,"
    assert lead in md
    # {1, ..., 2} for the layers of a two-layer variant
    assert r"j \in \left\{1, 2\right\}" in md and r"\left\{1, \ldots, 2\right\}" not in md
    if lang == "de":
        # 'erreicht' means attained: the supremum is approached, not reached
        assert "erreicht, aber nicht angenommen" not in md


@pytest.mark.parametrize("lang", ["de", "en"])
def test_skip_needs_no_exercise_of_another_sheet(lang):
    """'with the help of (a) and exercise 1' / 'Sigmoid (exercise 1 (e))': on a course sheet
    'Aufgabe 1' is another problem. The statement names what it means; the conditions
    |w_i| >= 4 and 'every unit active' lead into their displays instead of trailing them."""
    md = markdown("skip-connections", lang)
    for old in ("Aufgabe 1", "exercise 1", "wenn jede Einheit aktiv ist\n", "if every unit is active\n"):
        assert old not in md
    assert ("der Ableitungen der Sigmoid- und der ReLU-Funktion" if lang == "de"
            else "derivatives of the sigmoid and the ReLU function") in md


@pytest.mark.parametrize("lang", ["de", "en"])
def test_toy_classifier_wording(lang):
    """The forward pass keeps every s^(l), x^(l) (it printed s^(1), x^(1)); the accuracy is
    a count of points ('den Anteil 1 der 120 Trainingspunkte'); no question ends in a full
    stop before its precision ('Der Wert σ(z0). (auf 4 ...')."""
    md = markdown("toy-classifier", lang)
    assert "$s^{(l)}$" in md and "$x^{(l)}$" in md
    assert "den Anteil" not in md and "the share 1 of" not in md
    from symderiv.problems.toy_classifier import problem
    po = (Path(problem.__file__).parent / "messages" / f"{lang}.po").read_text(encoding="utf-8")
    assert not re.search(r'msgid "toy-classifier\.q\.\w+"\nmsgstr "[^"]*\."\n', po)
    # an update written as an equation, 'θ = θ − η ∂E/∂θ'
    assert r"\theta = \theta -" not in md
    assert ("um " if lang == "de" else "by ") + r"$- \eta\, \frac{\partial E}{\partial \theta}$" in md
    if lang == "de":
        assert "Sigmoidfunktion" not in md


@pytest.mark.parametrize("lang", ["de", "en"])
def test_unstable_numbers_and_prose(lang):
    """'(µ = 1, s = 0,6, K = 6)' mixed the decimal comma with the tuple's commas; the
    sentence 'and has the length (as u- = 1/u+). SymPy shows ...' named our tools and ended
    without its length; '(scipy)' in the prose of (b)."""
    md = markdown("unstable-gradients", lang, (("s", "0.6"),))
    if lang == "de":
        assert r"$\mu = -1$, $s = 0{,}6$ und $K = 5$" in md
        assert "SymPy zeigt" not in md and "hat die Länge\n" not in md
    else:
        assert "SymPy shows" not in md and "has the length\n" not in md
    assert "(scipy)" not in md


def test_relu_program_comments_are_not_english_in_german():
    """The German solution printed the program with English comments ('# grid spacing',
    'the matrix of equation (1)'): its comments are formulas now, the same in every language."""
    md = markdown("relu-approximation", "de")
    for old in ("grid spacing", "the matrix of equation", "at every point of x", "per grid cell", "Grid, biases"):
        assert old not in md
    assert "# T(i, j) = i - j + 1 (j <= i), 0 (j > i)" in md and "an Stützstellen:" in md


def test_unstable_factor_notation_is_the_sheets():
    """q^l (the sheet's superscript) in the definition but q_m in the sum of Q: one notation."""
    md = markdown("unstable-gradients", "en")
    assert r"\log{\left(q^{m} \right)}" in md and "q_{m}" not in md


def test_relu_second_difference_entries_are_maths():
    """'die Einträge 1, -2 und 1': the -2 was set as text with a hyphen."""
    md = markdown("relu-approximation", "de")
    assert "$1$, $-2$ und $1$" in md and "1, -2 und 1" not in md
