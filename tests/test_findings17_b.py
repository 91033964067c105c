"""Proofreading findings (issue 17, second round) in the model solutions of overfitting,
relu-approximation, rosenbrock, skip-connections, toy-classifier, unstable-gradients and
vanishing-gradients, checked on the Markdown of the solution (the same catalog sentences as
the PDF, without LaTeX). Every assertion fails on the wording it replaced."""
from __future__ import annotations

import functools

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
