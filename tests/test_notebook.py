"""Notebook display, tested in a real Jupyter kernel: ``examples/notebook.ipynb`` is executed
by nbclient and its outputs must carry LaTeX, HTML and SVG with the expected content."""
from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "notebook.ipynb"


@pytest.fixture(scope="module")
def outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    cells = [c for c in nb.cells if c.cell_type == "code"]
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
