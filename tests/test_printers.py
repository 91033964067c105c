"""The document printers (issue 17 item 3, issue 20 display): one printer class per format
with a ``_print_<Block>`` method per block type; LaTeX (template data), HTML (MathJax) and
Markdown (``$..$``) from the same Solution; ``Solution.to_latex/to_html/to_markdown/write``."""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest
import sympy as sp

from symderiv.cli.main import main as cli_main
from symderiv.course import reports
from symderiv.documents import notation
from symderiv.documents.errors import OutputError, ReportError, TemplateError
from symderiv.documents.html import HtmlPrinter
from symderiv.documents.latex_printer import LatexPrinter
from symderiv.documents.markdown import MarkdownPrinter
from symderiv.documents.model import (Check, Code, Equation, Figure, Latex, Plot, Result, Series, Solution,
                                      Step, T, Table, Task)
from symderiv.documents.render import TEMPLATE_DIR, render, render_template

X1, X2 = sp.symbols("x_1 x_2")
PRINTERS = (LatexPrinter, HtmlPrinter, MarkdownPrinter)


def record(passed=True, rel=3.2e-9):
    return SimpleNamespace(method="complex", points=3, max_abs_error=rel, max_rel_error=rel,
                           tolerance=1e-6, passed=passed, kinks=[], seed=0)


def every_block():
    return [T("We square {x} for a < b | c.", "Wir quadrieren {x}.", x=X1),
            Step(T("Step {n}.", "Schritt {n}.", n=2), [Equation(sp.Symbol("y"), [X1 ** 2, 2.5])]),
            Equation(sp.Symbol("z"), [sp.Abs(X1) * sp.Float(1.5e-7)]),
            Result(T("value", "Wert"), sp.Symbol("y"), X1 ** 2 / 2),
            Table(["n", "value"], [[1, 0.25], [2, sp.Abs(X2)]], T("a table", "eine Tabelle")),
            Figure(r"\begin{tikzpicture}\end{tikzpicture}", T("a figure", "eine Abbildung")),
            Plot([Series("s", [0, 1], [0, 1])], caption=T("a plot", "ein Plot")),
            Check(T("derivative", "Ableitung"), record()),
            Code("x = 1\n", caption=T("code", "Code")),
            Latex(r"\nabla f"),
            "plain text"]


def test_one_method_per_block_type_in_every_printer():
    for printer in PRINTERS:
        for block in every_block():
            assert hasattr(printer, "_print_" + type(block).__name__), (printer, type(block))
            assert printer("en").doprint(block) is not None


def test_unknown_block_is_a_clear_error_naming_the_method_to_add():
    @dataclass
    class Appendix:
        text: str

    for printer in PRINTERS:
        with pytest.raises(TemplateError, match=rf"{printer.__name__}\._print_Appendix"):
            printer("en").doprint(Appendix("x"))
    with pytest.raises(ReportError, match="unknown language 'fr'"):
        HtmlPrinter("fr")


def test_a_new_block_type_is_one_method_per_printer(tmp_path):
    """What adding a block type takes: a ``_print_X`` method (and for LaTeX a template)."""
    @dataclass
    class Statement:
        text: object

    class MyLatex(LatexPrinter):
        def _print_Statement(self, b):
            return {"kind": "statement", "text": self.doprint(b.text)["text"]}

    class MyMarkdown(MarkdownPrinter):
        def _print_Statement(self, b):
            return "**" + self.text(b.text) + "**\n\n"

    (tmp_path / "blocks.tex").write_text((TEMPLATE_DIR / "blocks.tex").read_text())
    (tmp_path / "text.tex").write_text(r"\VAR{b.text}" + "\n")
    (tmp_path / "statement.tex").write_text(r"\textbf{\VAR{b.text}}" + "\n")
    data = MyLatex("de").blocks([Statement(T("Do {x}.", "Tu {x}.", x=X1)), T("after", "danach")])
    assert [d["kind"] for d in data] == ["statement", "text"]
    assert render_template("blocks.tex", {"blocks": data}, tmp_path) == "\\textbf{Tu $x_{1}$.}\ndanach\n"
    assert MyMarkdown("en").doprint(Statement(T("Do {x}.", "Tu {x}.", x=X1))) == "**Do $x_{1}$.**\n\n"


def test_latex_blocks_name_their_templates_and_checks_share_a_table():
    data = LatexPrinter("de").blocks(every_block() + [Check("c", record(False, 0.5))])
    kinds = [d["kind"] for d in data]
    assert kinds == ["text", "step", "equation", "result", "table", "figure", "plot", "checks", "code",
                     "math", "text", "checks"]
    assert all((TEMPLATE_DIR / f"{k}.tex").is_file() for k in kinds)
    assert data[2]["rows"][0]["body"] == r"= \num{1.5e-7} \left|{x_{1}}\right|"


def test_html_and_markdown_print_numbers_without_siunitx():
    blocks = every_block()
    h = HtmlPrinter("de").blocks(blocks)
    md = MarkdownPrinter("de").blocks(blocks)
    for out in (h, md):
        assert r"\num" not in out
        assert r"1{,}5 \cdot 10^{-7}" in out and "0{,}25" in out and r"3{,}2 \cdot 10^{-9}" in out
    assert r"\(\frac{x_{1}^{2}}{2}\)" not in h and r"\[y = \frac{x_{1}^{2}}{2}\]" in h
    assert "> **Ergebnis: Wert**\n>\n> $$\n> y = \\frac{x_{1}^{2}}{2}\n> $$\n\n" in md


def test_evaluated_at_prints_its_point_in_each_printer():
    at = notation.at(notation.nabla("f"), {X1: 1.2, "x_2": 1.0})
    eq = Equation(at, [np.array([1.0, 2.0])])
    assert LatexPrinter("de").doprint(eq)["rows"][0]["lhs"] == r"\left.\nabla f\right|_{x_{1}=\num{1.2};\ x_{2}=\num{1}}"
    assert r"\left.\nabla f\right|_{x_{1}=1{,}2;\ x_{2}=1}" in HtmlPrinter("de").doprint(eq)
    assert r"\left.\nabla f\right|_{x_{1}=1.2;\ x_{2}=1}" in MarkdownPrinter("en").doprint(eq)


def test_html_tables_do_not_break_and_figures_draw_their_svg():
    h = HtmlPrinter("en").doprint(Table(["shape", "name"], [[Latex(r"256 \times 784"), "W1"]]))
    assert "table-layout:auto" in h
    cell = h[h.index(r"\(256"):]
    assert h[:h.index(r"\(256")].endswith("white-space:nowrap'>") and cell.startswith(r"\(256 \times 784\)</td>")
    assert "white-space:nowrap'>W1" not in h           # text cells may wrap

    class Drawn:
        def _repr_svg_(self):
            return "<svg><text>cos(x)</text></svg>"
    fig = HtmlPrinter("en").doprint(Figure("tikz", T("graph", "Graph"), svg=Drawn()))
    assert "<svg><text>cos(x)</text></svg>" in fig and "<i>graph</i>" in fig
    assert HtmlPrinter("en").doprint(Figure("tikz", T("graph", "Graph"))) == "<p><i>[graph]</i></p>"


def test_markdown_escapes_text_and_keeps_tables_intact():
    md = MarkdownPrinter("en")
    assert md.doprint(T("a_b * c | {x}", "", x=X1)) == r"a\_b \* c \| $x_{1}$" + "\n\n"
    table = md.doprint(Table(["n", "abs"], [[1, sp.Abs(X2)], [2, Latex(r"\|x\|")]]))
    lines = table.strip().split("\n")
    assert lines[:2] == ["| n | abs |", "|---|---|"]
    assert lines[2] == r"| 1 | $\left\vert {x_{2}}\right\vert $ |" and lines[3] == r"| 2 | $\Vert x\Vert $ |"
    assert md.doprint(Code("s = '```'\n")).startswith("````python\ns = '```'\n````")


def small() -> Solution:
    return Solution("tiny", T("A <tiny> problem", "Ein Problem"), given=[T("Given {x}.", "Gegeben {x}.", x=X1)],
                    tasks=[Task(T("Square", "Quadrat"), every_block())])


def test_solution_display_methods_and_repr(tmp_path):
    sol = small()
    assert repr(sol) == "<Solution tiny: 1 task, 1 of 1 checks passed>"
    assert len(repr(reports.make_solution("rosenbrock")[2])) < 80
    assert "worked solution" in Solution.__doc__
    assert sol.to_latex("de") == render(sol, "de") and r"\documentclass" in sol.to_latex().split("\n")[1]
    md = sol.to_markdown("de")
    assert md.startswith("# Ein Problem\n\n## Gegeben\n\nGegeben $x_{1}$.\n\n## Aufgabe 1: Quadrat\n\n")
    assert md.endswith("## Numerische Prüfung\n\n1 von 1 numerischen Prüfungen bestanden.\n")
    for suffix, text in ((".tex", sol.to_latex("de")), (".html", sol.to_html("de")), (".md", md)):
        path = sol.write(tmp_path / f"tiny.de{suffix}", lang="de")
        assert path.read_text(encoding="utf-8") == text
    with pytest.raises(OutputError, match="suffix must be one of .tex, .html, .md"):
        sol.write(tmp_path / "tiny.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.de.html", "tiny.de.md", "tiny.de.tex"]


def test_real_solution_html_has_the_graph_as_inline_svg():
    _, _, sol = reports.make_solution("rosenbrock")
    h = sol.to_html("en")
    assert h.count("<svg") == 1 and "symderiv-figure" in h and r"\num" not in h


def test_solve_to_markdown(tmp_path, capsys):
    rc = cli_main(["solve", "rosenbrock", "--to", "md", "--lang", "en", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert rc == 0 and out.strip() == str(tmp_path / "rosenbrock.en.md") and err == ""
    md = (tmp_path / "rosenbrock.en.md").read_text(encoding="utf-8")
    assert md.startswith("# ") and "## b) Graphs and the chain rule" in md and r"\nabla" in md and r"\num" not in md
    assert "## Further exercise 1: The Hessian matrix" in md and "## Verification" in md
    assert "| Node | " in md or "|---|" in md
    rc = cli_main(["solve", "rosenbrock", "--to", "md", "--pdf", "--out", str(tmp_path)])
    _, err = capsys.readouterr()
    assert rc == 2 and err.strip() == "error: --pdf needs --to tex (a PDF is compiled from the LaTeX)"


def test_layer_rules_print_the_heaviside_step_as_H():
    from symderiv.layers import rules
    assert rules._tex_of(sp.Heaviside(rules._P) ** 2, "o") == r"\left(H\left({o}\right)\right)^{2}"
    assert rules._tex_of(rules._P * sp.Heaviside(-rules._P), "o") == r"{o} H\left(- {o}\right)"


def test_an_equation_chain_does_not_repeat_a_form_that_prints_the_same():
    """Issue 17 (forward-backward): "d/dz sigma(z) = (1 - sigma(z)) sigma(z) = (1 - sigma(z)) sigma(z)",
    two forms the problem wrote apart that SymPy prints in one order."""
    import sympy as sp
    from symderiv.documents.content import Equation
    from symderiv.documents.equations import equation_data
    x = sp.Symbol("x")
    rows = equation_data(Equation(sp.Symbol("y"), [x * (1 - x), (1 - x) * x, 3]), "en")["rows"]
    assert [str(r["body"]) for r in rows] == [r"= x \left(1 - x\right) = 3"]


def test_given_data_sets_short_equations_side_by_side():
    """A network's given matrices and vectors: as many to a row of one align* as fit the
    line (they took one display each, spread over a page); a long or annotated equation
    keeps its own display, and text between equations starts a new group."""
    from symderiv.documents.content import Equation
    from symderiv.documents.latex_printer import given_data
    from symderiv.documents.model import T
    W, b, x = sp.Matrix([[1, 2], [3, 4]]), sp.Matrix([5, 6]), sp.Matrix([7, 8])
    long = sum(sp.Symbol(f"a_{i}") * sp.Symbol(f"x_{i}") for i in range(40))
    blocks = [Equation(sp.Symbol("W"), [W]), Equation(sp.Symbol("b"), [b]), Equation(sp.Symbol("x"), [x]),
              Equation(sp.Symbol("y"), [long]), T("Und:", "And:"), Equation(sp.Symbol("c"), [sp.Integer(1)])]
    data = given_data(blocks, "en")
    assert [d["kind"] for d in data] == ["equation", "equation", "text", "equation"]
    first = data[0]["rows"]
    assert len(first) == 1 and str(first[0]["lhs"]) == "W"                    # three pairs, one row
    assert [str(p["lhs"]) for p in first[0]["more"]] == ["b", "x"]
    assert all("more" not in r for r in data[1]["rows"])                      # the long one alone
    wide = [Equation(sp.Symbol(f"M_{i}"), [sp.Matrix([[1, 2, 3, 4, 5, 6]])]) for i in range(4)]
    rows = given_data(wide, "en")[0]["rows"]
    assert 1 < len(rows) < 4                                  # wrapped onto further rows


def test_a_long_product_is_cut_at_its_outermost_dots_not_scaled_down():
    """mlp-jacobians' Jacobian chains were boxes scaled to the line width (small print):
    a product too long for a line continues on the next with "\\cdot"; a dot inside a group
    or a matrix is not a cut, and a sum of products is not cut at its dots."""
    from symderiv.documents.content import Equation
    from symderiv.documents.latex_printer import blocks_data
    from symderiv.documents.model import Latex
    factor = r"\operatorname{diag}\left(1 - \tanh^{2}\left(o^{(%d)}\right)\right) \cdot W^{(%d)}"
    chain = r" \cdot ".join(factor % (i, i) for i in range(1, 6)) + r" \cdot \left[\begin{matrix}1 \cdot 2\end{matrix}\right]"
    d = blocks_data([Equation(Latex("J"), [Latex(chain)])], "en")[0]
    bodies = [str(r["body"]) for r in d["rows"]]
    assert d["fits"] and len(bodies) > 1
    assert all(b.startswith(r"\quad \cdot ") for b in bodies[1:])
    assert r"\begin{matrix}1 \cdot 2\end{matrix}" in "".join(bodies)
    assert "".join(bodies).replace(r"\quad \cdot ", r" \cdot ").count(r"\cdot") == chain.count(r"\cdot")
    summed = r" + ".join(factor % (i, i) for i in range(1, 6))
    d = blocks_data([Equation(Latex("S"), [Latex(summed)])], "en")[0]
    assert not any(r"\quad \cdot" in str(r["body"]) for r in d["rows"])
