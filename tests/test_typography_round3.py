"""Typography findings of the proofreading round that the shared printers fix: names from code
in running text are set as code in every format, log axes spanning less than two powers of
ten get ticks at round numbers (pgfplots puts them at fractional exponents, 10^-0.2), and
the overfitting solution says why its plot uses a setting other than the best of its sweep."""
from __future__ import annotations

import re

import numpy as np

from symderiv.documents import latex_printer
from symderiv.documents.answers import plain_text
from symderiv.documents.html import text_html
from symderiv.documents.markdown import MarkdownPrinter
from symderiv.documents.model import Ident, Plot, Series, T


def _ticks(plot: Plot, lang: str = "de") -> dict:
    data = latex_printer.LatexPrinter(lang).doprint(plot)
    return {str(t["axis"]): (str(t["at"]), str(t["labels"])) for t in data["ticks"]}


def test_code_names_are_code_in_every_format_and_plain_in_plain_text():
    text = T("Implement Adam in {file}.", "Implementieren Sie Adam in {file}.", file=Ident("optim.py"))
    latex = str(latex_printer.inline_latex(text, "de"))
    assert latex == r"Implementieren Sie Adam in \texttt{optim.\allowbreak{}py}."
    assert text_html(text, "en") == "Implement Adam in <code>optim.py</code>."
    assert MarkdownPrinter("en").text(text) == "Implement Adam in `optim.py`."
    assert plain_text(text, "de") == "Implementieren Sie Adam in optim.py."   # Moodle, the key
    # a plain str stays text
    assert str(latex_printer.inline_latex(T("{f}", "{f}", f="optim.py"), "en")) == "optim.py"


def test_log_axis_within_a_decade_gets_round_ticks_as_siunitx_numbers():
    x = np.linspace(1.0, 3.0, 30)
    narrow = Plot([Series("a", x, 0.2 + 0.035 * x ** 2)], xmode="log", ymode="log")
    ticks = _ticks(narrow)
    # y from 0.235 to 0.515: 0.3, 0.4, 0.5 (1-2-5 gives only 0.5, too few)
    assert ticks["y"] == ("3e-1,4e-1,5e-1", r"{\num{0.3}},{\num{0.4}},{\num{0.5}}")
    assert ticks["x"] == ("1e0,2e0,3e0", r"{\num{1}},{\num{2}},{\num{3}}")
    # 1-2-5 where those are three or more (4.2e-4 to 7.5e-3: one power of ten inside)
    assert _ticks(Plot([Series("a", x, 1e-4 * 10 ** (x / 1.6))], ymode="log"))["y"][0] == "5e-4,1e-3,2e-3,5e-3"
    # two powers of ten or more: pgfplots' own ticks, nothing added
    assert _ticks(Plot([Series("a", x, 10 ** x)], ymode="log")) == {}
    assert _ticks(Plot([Series("a", x, 0.1 * x)], ymode="normal")) == {}
    # non-positive values do not count on a log axis
    assert _ticks(Plot([Series("a", [1, 2, 3], [0.0, 0.3, 0.6])], ymode="log"))["y"][0] == "3e-1,4e-1,5e-1,6e-1"


def test_plot_template_writes_the_ticks(tmp_path):
    from symderiv.documents.model import Solution, Task
    x = np.linspace(1.0, 3.0, 30)
    sol = Solution("t", T("Ticks", "Ticks"), tasks=[Task(T("t", "t"), [Plot([Series("a", x, 0.2 + 0.01 * x)],
                                                                            ymode="log")])])
    tex = sol.to_latex(lang="de")
    assert re.search(r"ymode=log,\s*ytick=\{21e-2,22e-2,23e-2\}, yticklabels=\{\{\\num\{0\.21\}\}", tex), tex[-2500:]


def test_overfitting_explains_the_plotted_setting_and_sets_the_file_as_code(rendered_reports, built_solutions):
    for lang in ("de", "en"):
        tex = rendered_reports[("overfitting", lang)]
        assert tex.count(r"\texttt{optim.\allowbreak{}py}") >= 2, lang   # statement and listing title
        assert "in optim.py" not in tex
    tex = rendered_reports[("overfitting", "en")]
    m = re.search(r"in the sweep above, ReLU with the Glorot scale reached a validation accuracy of "
                  r"\$\\num\{([0-9.]+)\}\$ \(the best setting there: \$\\num\{([0-9.]+)\}\$\)", tex)
    assert m, "the plotted setting is not explained"
    # both numbers are the sweep table's: the ReLU/Glorot row and the best validation accuracy
    sweep = tex[tex.index("Activation & Weight scale"):]
    sweep = sweep[:sweep.index(r"\bottomrule")]
    rows = re.findall(r"^(ReLU|Sigmoid) & (.+?) & .+? & \$\\num\{([0-9.]+)\}\$ \\\\$", sweep, re.M | re.I)
    assert len(rows) == 10
    glorot = [float(v) for a, s, v in rows if a == "ReLU" and s == "Glorot"]
    assert glorot == [float(m.group(1))]
    assert float(m.group(2)) == max(float(v) for _, _, v in rows)



def test_overfitting_says_when_the_plotted_setting_is_the_best_of_the_sweep():
    """A variant whose best setting is ReLU with the Glorot scale (the plotted one) says so,
    instead of naming the same accuracy twice."""
    from symderiv import problems
    from symderiv.course import build as B, variants as V
    sheet = B.plan(["overfitting"], seed=11, variants=1)[0]
    var = V.build_variant(problems.get("overfitting"), sheet.seed, B.taken_keys([sheet])["overfitting"],
                          first_attempt=sheet.attempts["overfitting"], own=sheet.keys["overfitting"])
    md = var.solution.to_markdown("en")
    # the sweep's rows: activation | scale | training | validation (the first table)
    rows = re.findall(r"^\| (ReLU|sigmoid) \| (.+?) \| .+? \| \$?([0-9.]+)\$? \|$", md, re.M | re.I)[:10]
    assert len(rows) == 10, md[:3000]
    top = max(rows, key=lambda r: float(r[2]))
    assert top[:2] == ("ReLU", "Glorot")
    assert "ReLU with the Glorot scale was also the best setting, with a validation accuracy of" in md
    assert "the best setting there" not in md
