"""Reproducible reports: building twice gives the same bytes, and the committed reports/
are what a fresh ``symderiv report --all`` writes (issue 11)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from symderiv import problems as registry
from symderiv.documents.model import LANGS

REPORTS = Path(__file__).resolve().parents[1] / "reports"


def _names():
    try:
        return sorted(registry.load_all())
    except Exception:  # noqa: BLE001 - test_report.test_every_problem_module_imports reports it
        return sorted(registry.PROBLEMS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", _names())
def test_two_builds_give_identical_tex(name, lang, rendered_reports, fresh_report_dir):
    """This process's build against a separate process (another PYTHONHASHSEED)."""
    fresh = (fresh_report_dir / f"{name}.{lang}.tex").read_bytes()
    here = rendered_reports[(name, lang)].encode("utf-8")
    if here != fresh:
        diff = next(i for i, (a, b) in enumerate(zip(here.splitlines(), fresh.splitlines())) if a != b)
        pytest.fail(f"{name}.{lang}.tex differs between two builds at line {diff + 1}")


#: the measured error of a check row: the number before the tolerance and the verdict
_CHECK_ERROR = re.compile(r"(& \$\\num\{)[^}]*(\}\$ & \$\\num\{[^}]*\}\$ & \\sym(?:pass|fail)\{\})")
#: the y value of a plot coordinate ``(x,y)``
_PLOT_Y = re.compile(r"\(([-+0-9.e]+),[-+0-9.e]+\)")


def machine_independent(tex: str) -> str:
    """``tex`` without the numbers that measure floating-point rounding on this CPU: the
    error column of the check tables (always below the tolerance printed next to it) and the
    y values of plotted data (the x values, the number of points and everything else stay).
    NumPy's SIMD kernels and OpenBLAS pick code paths by CPU (AVX2 vs AVX-512), so these
    digits differ between machines while every other byte of a report does not."""
    tex = _CHECK_ERROR.sub(r"\1*\2", tex)
    return "\n".join(_PLOT_Y.sub(r"(\1,*)", line) if "coordinates {" in line else line
                     for line in tex.split("\n"))


def test_machine_independent_masks_only_measured_rounding():
    row = r"a & NumPy & 12 & $\num{2e-6}$ & $\num{7.5e-6}$ & \sympass{} \\"
    assert machine_independent(row) == r"a & NumPy & 12 & $\num{*}$ & $\num{7.5e-6}$ & \sympass{} \\"
    plot = r"\addplot[thick] coordinates {(1e-16,1) (0.1,0.0623115)};"
    assert machine_independent(plot) == r"\addplot[thick] coordinates {(1e-16,*) (0.1,*)};"
    # a changed tolerance, point count, x value or sentence is still a difference
    assert machine_independent(row.replace("7.5e-6", "1e-5")) != machine_independent(row)
    assert machine_independent(row.replace("& 12 &", "& 13 &")) != machine_independent(row)
    assert machine_independent(plot.replace("(0.1,", "(0.2,")) != machine_independent(plot)
    assert machine_independent("Wert $\\num{2e-6}$.") == "Wert $\\num{2e-6}$."


def test_committed_reports_equal_a_fresh_build(fresh_report_dir):
    """reports/ were written on one machine; a fresh build on this one must give the same
    bytes up to :func:`machine_independent` (same machine: byte-identical, test above)."""
    fresh = {p.name: p.read_text(encoding="utf-8") for p in fresh_report_dir.glob("*.tex")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in REPORTS.glob("*.tex")}
    assert sorted(committed) == sorted(fresh)
    stale = sorted(name for name in fresh
                   if machine_independent(committed[name]) != machine_independent(fresh[name]))
    assert not stale, f"reports/ is not what 'symderiv report --all' writes now: {stale}"



def test_committed_reports_say_which_layout_made_them():
    for path in sorted(REPORTS.glob("*.tex")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if not path.name.startswith("index."):
            assert first == "% symderiv: computation graphs laid out by Graphviz dot", path.name


def test_a_build_without_graphviz_says_so_once(tmp_path):
    """No ``dot`` on the PATH: the built-in layout draws the graphs, the .tex says so in its
    first line, and the command says it once on stderr."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, PYTHONPATH=str(REPORTS.parent), PATH=str(tmp_path / "empty"))
    proc = subprocess.run([sys.executable, "-m", "symderiv", "report", "rosenbrock", "unstable-gradients", "--out",
                           str(tmp_path)], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    notes = [ln for ln in proc.stderr.splitlines() if ln.startswith("note:")]
    assert notes == ["note: Graphviz 'dot' not found: computation graphs use the built-in layered layout, "
                     "so figures differ from reports made with dot (install graphviz)"]
    tex = (tmp_path / "rosenbrock.en.tex").read_text(encoding="utf-8")
    assert tex.startswith("% symderiv: computation graphs laid out by the built-in layered layout "
                          "(Graphviz dot not found)\n")
    # apart from the figures' geometry, the report is the committed one
    committed = (REPORTS / "rosenbrock.en.tex").read_text(encoding="utf-8").split("\n")[1:]
    fresh = tex.split("\n")[1:]
    assert len(fresh) > 0 and sum(a != b for a, b in zip(committed, fresh)) < len(committed) // 4
