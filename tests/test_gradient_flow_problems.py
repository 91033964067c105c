"""The gradient-flow problems build, pass their checks, render in both languages."""
import numpy as np
import pytest
import sympy as sp

from symderiv.documents import render as report
from symderiv.course import reports
from symderiv.cli.main import main
from symderiv.documents.model import Plot, Result

NAMES = ["vanishing-gradients", "skip-connections", "unstable-gradients", "activation-atlas"]


@pytest.fixture(scope="module")
def solutions():
    out = {}
    for name in NAMES:
        out[name] = reports.make_solution(name, {}, 0)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_builds_checks_pass_and_renders(solutions, name):
    prob, values, sol = solutions[name]
    checks = sol.checks()
    assert len(checks) >= 4
    failed = [c.what for c in checks if not c.record.passed]
    assert not failed, failed
    for lang in ("de", "en"):
        tex = report.render(sol, lang, None, None, values, 0)
        assert r"\begin{document}" in tex and "tikzpicture" in tex


def _results(sol):
    return [b for t in sol.tasks for b in t.blocks if isinstance(b, Result)]


def test_unstable_reports_maximum_and_argmax(solutions):
    _, _, sol = solutions["unstable-gradients"]
    vals = [r.value for r in _results(sol) if isinstance(r.value, sp.Float)]
    # independent: the sheet's formula on a fine grid
    w = np.linspace(4, 30, 260001)
    L = 2 / w * np.log(w / 2 * (1 + np.sqrt(1 - 4 / w)) - 1)
    assert float(f"{L.max():.4g}") in [float(v) for v in vals]
    assert float(f"{w[np.argmax(L)]:.4g}") in [float(v) for v in vals]


def test_vanishing_result_is_the_product(solutions):
    _, _, sol = solutions["vanishing-gradients"]
    res = _results(sol)[0].value
    assert "Product(sigma'(h[j - 1]*w[j])*w[j], (j, i + 1, n))" in str(res)


def test_skip_plot_shows_skip_above_plain(solutions):
    _, _, sol = solutions["skip-connections"]
    plots = [b for t in sol.tasks for b in t.blocks if isinstance(b, Plot)]
    plain, skip = plots[0].series[0].y, plots[0].series[1].y
    assert skip[-1] > 1e3 * plain[-1]


def test_atlas_axes_count(solutions):
    _, _, sol = solutions["activation-atlas"]
    plots = [b for t in sol.tasks for b in t.blocks if isinstance(b, Plot)]
    assert len(plots) <= 13 and all(len(p.series) == 2 for p in plots)


def test_bad_parameter_exit_2(capsys):
    assert main(["solve", "vanishing-gradients", "--param", "n=9", "--out", "/tmp/never"]) == 2
    assert "between 1 and 6" in capsys.readouterr().err
