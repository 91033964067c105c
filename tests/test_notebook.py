"""Notebook display, tested in a real Jupyter kernel: ``examples/notebook.ipynb`` is executed
by nbclient and its outputs must carry LaTeX, HTML and SVG with the expected content; the
executed notebook, exported with nbconvert, is opened in headless Chromium and its rendered
DOM is checked (``test_browser_*``, issue 20 item 7)."""
from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel imports this checkout's symderiv (not an installed copy)
    root = str(NOTEBOOK.parent.parent)
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([root] + ([before] if before else []))
    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
    return nb


@pytest.fixture(scope="module")
def outputs(executed):
    cells = [c for c in executed.cells if c.cell_type == "code"]
    return [next((o["data"] for o in c.outputs if o.get("output_type") == "execute_result"), {})
            for c in cells]


def test_expression_gradient_hessian_jacobian_as_latex(outputs):
    expr, grad, hess, jac = outputs[:4]
    assert r"\sigma" in expr["text/latex"] and "relu" in expr["text/latex"].lower()
    assert r"\frac{\partial f}{\partial x_{1}}" in grad["text/latex"]
    assert r"\frac{\partial f}{\partial x_{2}}" in grad["text/latex"]
    assert "1200" in hess["text/latex"]
    assert r"\cos" in jac["text/latex"]


def test_verification_record_as_html_table(outputs):
    html = outputs[4]["text/html"]
    assert "<table" in html and "complex" in html.lower()
    assert "passed" in html.lower()


def test_graph_as_svg_with_edge_labels(outputs):
    svg = outputs[5]["image/svg+xml"]
    assert "<svg" in svg and "cos(x)" in svg      # the local derivative of sin on its edge


def test_solution_as_html_with_mathjax(outputs):
    html = outputs[6]["text/html"]
    assert "Rosenbrock" in html and r"\(" in html


def test_solution_with_wide_tables_as_html(outputs):
    data = outputs[7]
    assert data["text/plain"] == "<Solution mlp-jacobians: 4 tasks, 22 of 22 checks passed>"
    assert r"\(256 \times 784\)</td>" in data["text/html"] and "table-layout:auto" in data["text/html"]


# --------------------------------------------------------------------------------------
# the exported notebook in a real browser: headless Chromium with Debian's MathJax
# --------------------------------------------------------------------------------------

from browser import render_dom  # noqa: E402  (tests/browser.py)


@pytest.fixture(scope="module")
def dom(executed, tmp_path_factory):
    return render_dom(executed, tmp_path_factory.mktemp("browser"))


@pytest.mark.browser
def test_browser_typesets_every_formula(dom):
    assert dom.body.get("data-mathjax") == "done"        # MathJax ran to its end
    errors = dom.select(".MathJax_Error, .mjx-merror, .MJXp-merror")
    assert errors == [] and "Math Processing Error" not in dom.get_text()
    assert len(dom.select("script[type^='math/tex']")) > 100  # every formula went through MathJax
    visible = " ".join(t for t in dom.find_all(string=True)
                       if t.parent.name not in ("script", "style", "textarea", "pre", "code"))
    assert "\\(" not in visible and "\\[" not in visible and "$$" not in visible


@pytest.mark.browser
def test_browser_shows_the_graph_and_the_solution_dag_as_svg(dom):
    # nbconvert embeds an SVG output as an image: the Graph's own SVG, drawn by the browser
    graph = dom.select("[data-mime-type='image/svg+xml'] img")
    assert len(graph) == 1 and int(graph[0]["data-natural-width"]) > 100
    prefix = "data:image/svg+xml;base64,"
    assert graph[0]["src"].startswith(prefix)
    svg = base64.b64decode(graph[0]["src"][len(prefix):]).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "cos(x)" in svg
    figures = dom.select(".symderiv-solution .symderiv-figure svg")
    assert len(figures) == 1 and figures[0].select("g.edge, line")   # rosenbrock's DAG, drawn


@pytest.mark.browser
def test_browser_solution_tables_are_intact(dom):
    solutions = dom.select(".symderiv-solution")
    assert len(solutions) == 2 and "MLP" in solutions[1].h3.get_text()
    tables = solutions[1].select("table")
    assert tables
    for table in tables:
        rows = table.select("tr")
        assert len({len(r.select("td, th")) for r in rows}) == 1   # every row as wide as the header
    # the layer size is one formula in one cell, on one line, inside its cell
    cells = [td for td in solutions[1].select("td")
             if any(s.string == "256 \\times 784" for s in td.select("script[type^='math/tex']"))]
    assert len(cells) >= 2
    for td in cells:
        assert len(td.select("script[type^='math/tex']")) == 1
        assert td.select_one(".mjx-chtml") is not None
    overflow = [float(td["data-overflow"]) for s in solutions for td in s.select("td, th")]
    assert len(overflow) > 50 and max(overflow) <= 0.5      # no formula reaches out of its cell
