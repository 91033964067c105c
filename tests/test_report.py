"""Reports: escaping, the Solution -> LaTeX conversion, templates, the LaTeX build, the CLI
commands problems/solve/report, and the Rosenbrock worked solution.

LaTeX tests are marked ``latex`` and use the ``latex_required`` fixture (conftest.py):
skipped without pdflatex/latexmk/pdftotext, failing instead under CI=true or
SYMDERIV_REQUIRE_LATEX=1.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import sympy as sp

from symderiv.cli.main import main as cli_main
from symderiv.course import reports
from symderiv.documents import equations, latex_printer as tdata, build, errors, latex, messages, render as report
from symderiv import problems as registry
from symderiv.documents.model import (Check, Equation, Figure, Plot, Result, Series, Solution,
                               Step, T, Table, Task)

from helpers import pdf_text

NASTY_TITLE = r"Blatt 3: 100% & $x_1$ #1 {a} \input{/etc/passwd}"
X1, X2 = sp.Symbol("x1", real=True), sp.Symbol("x2", real=True)


def record(passed=True, rel=1e-13):
    return SimpleNamespace(method="complex", points=3, max_abs_error=rel, max_rel_error=rel,
                           tolerance=1e-12, passed=passed, kinks=[], seed=0)


def small_solution(name="tiny", tikz=None) -> Solution:
    blocks = [Step(T("We square {x}.", "Wir quadrieren {x}.", x=X1), [Equation(sp.Symbol("y"), [X1**2])]),
              Check(T("derivative", "Ableitung"), record())]
    if tikz is not None:
        blocks.insert(0, Figure(tikz, T("a figure", "eine Abbildung")))
    return Solution(name, T("A tiny problem", "Ein kleines Problem"), source="test",
                    tasks=[Task(T("Square", "Quadrat"), blocks)])


def register_temp(monkeypatch, name, build, lang="en"):
    registry.load_all()
    monkeypatch.setitem(registry.PROBLEMS, name,
                        registry.Problem(name, f"test problem {name}", build, [], "test", lang))


def run_cli(argv, capsys):
    rc = cli_main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


# --------------------------------------------------------------------------------------
# escaping and text
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("char, expected", [
    ("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("$", r"\$"), ("&", r"\&"),
    ("#", r"\#"), ("^", r"\textasciicircum{}"), ("_", r"\_"), ("%", r"\%"),
    ("~", r"\textasciitilde{}"), ('"', r"\textquotedbl{}"),
])
def test_latex_escape_special_characters(char, expected):
    assert latex.latex_escape(f"a{char}b") == f"a{expected}b"


def test_latex_escape_makes_input_harmless():
    out = latex.latex_escape(NASTY_TITLE)
    # no control sequence of the input survives: every backslash starts one of our escapes
    commands = re.findall(r"\\([A-Za-z]+)", out)
    assert set(commands) <= {"textbackslash"}
    assert r"\input" not in out
    # braces and dollars are all escaped: no unescaped { } $ # % & left
    stripped = out.replace(r"\textbackslash{}", "")
    assert not re.search(r"(?<!\\)[{}$#%&]", stripped)


def test_latex_escape_unprintable_and_greek():
    assert latex.latex_escape("α ≤ β") == r"\ensuremath{\alpha} \ensuremath{\le} \ensuremath{\beta}"
    assert latex.latex_escape("a\u2603b") == "a?b"  # snowman: pdflatex cannot print it
    assert latex.latex_escape("Prüfung") == "Prüfung"


def test_text_placeholders_typeset_by_type():
    t = T("f = {f}, h = {h}, n = {n}, s = {s}", "x", f=X1**2, h=2.5e-7, n=3, s="a_b")
    out = latex.text_latex(t, "en")
    assert out == r"f = $x_{1}^{2}$, h = $\num{2.5e-7}$, n = 3, s = a\_b"


def test_text_missing_placeholder_is_a_report_error():
    with pytest.raises(errors.TemplateError, match="placeholder"):
        latex.text_latex(T("value {v}", "Wert {v}"), "de")


def test_number_latex():
    # rounded here, typeset by siunitx (decimal comma and \cdot 10^ come from the locale)
    assert latex.number_latex(0.5) == r"\num{0.5}"
    assert latex.number_latex(-3.2e-13, 3) == r"\num{-3.2e-13}"
    assert latex.number_latex(1e-12, 3) == r"\num{1e-12}"
    assert latex.number_latex(0.169971207479904) == r"\num{0.169971}"
    assert latex.number_latex(float("inf")) == r"\infty"


def test_sympy_floats_are_rounded_and_go_through_siunitx():
    expr = sp.Float("0.169971207479904") * X1 - sp.Float("2.5")
    code = latex.math_latex(expr, "de")
    assert r"\num{0.169971} x_{1}" in code and r"\num{2.5}" in code
    assert "0.169971207" not in code and not re.search(r"(?<!\{)\d\.\d", code.replace(r"\num{", "{"))


def test_rounding_noise_of_exact_zeros():
    # sin(pi) next to numbers of size 1 is noise; alone it has no scale and stays
    assert latex.denoise([1.0, np.sin(np.pi), -0.5]) == [1.0, 0.0, -0.5]
    assert latex.denoise([1e-16, 2e-16]) == [1e-16, 2e-16]
    assert latex.denoise([1.0, 1e-13]) == [1.0, 1e-13]  # above 64 eps: a real value
    arr = latex.math_latex(np.array([[1.0, 1.2246e-16], [0.25, 3.0]]), "en")
    assert r"\num{1.2246e-16}" not in arr and arr.count(r"\num{0}") == 1
    table = tdata.LatexPrinter("en").doprint(Table(["x", "sin x"], [[3.0, 0.14112], [np.pi, np.sin(np.pi)]]))
    assert table["rows"][1][1] == r"$\num{0}$"
    assert latex.number_latex(np.sin(np.pi)) == r"\num{1.22465e-16}"


def test_error_column_two_digits_and_floor():
    assert latex.error_latex(3.14159e-9) == r"\num{3.1e-9}"
    assert latex.error_latex(7.82e-17) == latex.error_latex(1.1e-16) == r"{<}\,\num{1e-14}"
    assert latex.error_latex(0.0) == r"\num{0}"


def test_booleans_are_words():
    assert latex.math_latex(True, "de") == r"\text{wahr}"
    assert latex.text_latex(T("start {b}", "Start {b}", b=False), "en") == r"start $\text{false}$"


def test_method_names_translated_or_code():
    assert messages.method_name("central", "de") == ("zentrale Differenzen", False)
    assert messages.method_name("numpy.linalg.eig", "de") == ("numpy.linalg.eig", True)
    row = tdata.LatexPrinter("de").doprint(Check("c", SimpleNamespace(method="complex", points=1, max_rel_error=0.0,
                                                                     tolerance=1e-12, passed=True, kinks=[])))
    assert row["rows"][0]["method"] == "komplexe Schrittweite"
    assert row["rows"][0]["tolerance"] == r"$\num{1e-12}$"


def test_long_sum_is_broken_into_lines():
    long = sp.expand((X1 + X2 + 1) ** 6)  # 28 terms
    eq = equations.equation_data(Equation(sp.Symbol("L"), [long]), "en")
    assert len(eq["rows"]) >= 3
    assert eq["fits"]
    joined = " ".join(r["body"] for r in eq["rows"])
    for term in long.as_ordered_terms():
        assert sp.latex(term).lstrip("-").strip() in joined
    # a short chain stays on one line
    short = equations.equation_data(Equation(sp.Symbol("y"), [X1 + 1, 3.0]), "en")
    assert [r["body"] for r in short["rows"]] == [r"= x_{1} + 1 = \num{3}"]


def test_plot_points_are_limited_and_nonfinite_jump():
    x = np.linspace(0.0, 1.0, 5000)
    y = np.where(x > 0.5, np.nan, x)
    d = tdata.LatexPrinter("en").doprint(Plot([Series("s", x, y)]))
    coords = re.findall(r"\(([^,]+),([^)]+)\)", d["series"][0]["coords"])
    assert len(coords) <= tdata.MAX_PLOT_POINTS
    assert coords[0] == ("0", "0") and coords[-1] == ("1", "nan")
    log = tdata.LatexPrinter("en").doprint(Plot([Series("s", [1, 2], [0.0, 10.0])], ymode="log"))
    assert log["series"][0]["coords"] == "(1,nan) (2,10)"


def test_check_rows_and_grouping():
    blocks = tdata.blocks_data([Check("a", record()), Check("b", record(False, 0.5)),
                                 T("x", "x"), Check("c", record())], "de")
    assert [b["kind"] for b in blocks] == ["checks", "text", "checks"]
    rows = blocks[0]["rows"]
    assert [r["passed"] for r in rows] == [True, False]
    assert rows[1]["max_rel_error"] == r"$\num{0.5}$"
    assert rows[0]["tolerance"] == r"$\num{1e-12}$"


def test_message_catalog_complete():
    from symderiv.documents.i18n import catalog
    assert set(catalog("de")) == set(catalog("en"))
    assert messages.msg("passed", "de") == "bestanden"
    assert messages.msg("checks_summary", "en", passed=2, total=3) == "2 of 3 numerical checks passed."


# --------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------

def test_template_refuses_unescaped_values(tmp_path):
    (tmp_path / "t.tex").write_text("line one\n\\VAR{value}\n")
    assert report.render_template("t.tex", {"value": latex.Tex(r"\alpha")}, tmp_path) == "line one\n\\alpha\n"
    with pytest.raises(errors.TemplateError, match=r"t\.tex line 2.*not LaTeX-safe"):
        report.render_template("t.tex", {"value": "raw $text"}, tmp_path)


def test_template_errors_name_file_and_line(tmp_path):
    (tmp_path / "bad.tex").write_text("a\nb\n\\BLOCK{ if x }\nno endif\n")
    with pytest.raises(errors.TemplateError, match=r"bad\.tex line \d"):
        report.render_template("bad.tex", {"x": True}, tmp_path)
    (tmp_path / "undef.tex").write_text("a\n\\VAR{missing.name}\n")
    with pytest.raises(errors.TemplateError, match=r"undef\.tex line 2: 'missing' is undefined"):
        report.render_template("undef.tex", {}, tmp_path)


def _broken_templates(tmp_path) -> Path:
    tdir = tmp_path / "templates"
    shutil.copytree(report.TEMPLATE_DIR, tdir)
    step = (tdir / "step.tex").read_text().splitlines()
    step.insert(2, r"\VAR{b.no_such_field}")
    (tdir / "step.tex").write_text("\n".join(step) + "\n")
    return tdir


def test_template_error_cli_exit_1_and_no_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(report, "TEMPLATE_DIR", _broken_templates(tmp_path))
    out = tmp_path / "out"
    rc, _, err = run_cli(["solve", "rosenbrock", "--out", str(out)], capsys)
    assert rc == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert re.match(r"error: template error in step\.tex line 3: .*no_such_field", lines[0])
    assert not out.exists() or list(out.iterdir()) == []


def test_languages_never_mix():
    _, values, sol = reports.make_solution("rosenbrock")
    de = report.render(sol, "de", params=values)
    en = report.render(sol, "en", params=values)
    assert r"\section*{b) Graphen und Kettenregel" in de and r"\section*{b) Graphs and the chain rule" in en
    assert r"\section*{Zusatzaufgabe 1: Die Hesse-{}Matrix}" in de and r"\section*{Further exercise 1: The Hessian" in en
    assert "[ngerman]{babel}" in de and "[english]{babel}" in en
    for word in ("Task ", "Verification", "Solution", "Given", "Result", "passed"):
        assert word not in de, word
    for word in ("Aufgabe", "Prüfprotokoll", "Lösung", "Gegeben", "Ergebnis", "bestanden"):
        assert word not in en, word


# --------------------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------------------

def test_write_files_leaves_nothing_on_failure(tmp_path, monkeypatch):
    calls = {"n": 0}
    real = os.fsync

    def flaky(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(build.os, "fsync", flaky)
    with pytest.raises(errors.ReportError, match="No space left"):
        build.write_files(tmp_path, {"a.tex": b"x", "a.pdf": b"y"})
    assert list(tmp_path.iterdir()) == []

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(build.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.write_files(tmp_path, {"a.tex": b"x"})
    assert list(tmp_path.iterdir()) == []


def test_parse_log_reads_file_line_errors():
    log = ("This is pdfTeX\n(./doc.tex \xe4\xf6 latin-1 noise\n"
           "./doc.tex:42: Undefined control sequence.\n"
           "l.42 \\undefinedthing\n\n").encode("latin-1").decode("utf-8", errors="replace")
    assert build.parse_log(log, "doc.tex") == ("doc.tex", 42, r"Undefined control sequence. (at: \undefinedthing)")
    assert build.parse_log("! Emergency stop.\nl.7 x\n", "d.tex") == ("d.tex", 7, "Emergency stop.")


# --------------------------------------------------------------------------------------
# CLI without LaTeX
# --------------------------------------------------------------------------------------

def test_problems_lists_every_problem(capsys):
    rc, out, _ = run_cli(["problems"], capsys)
    assert rc == 0
    lines = out.strip().splitlines()
    names = sorted(registry.load_all())
    assert [ln.split()[0] for ln in lines] == names
    ros = next(ln for ln in lines if ln.startswith("rosenbrock"))
    assert re.search(r"sheet 000\s+b\)\s+Rosenbrock", ros)
    # every source as sheet and task label, whatever way the problem wrote it
    from symderiv.cli.documents import source_parts
    assert source_parts("shared/seeds/002, Aufgabe 1") == source_parts("002 Aufgabe 1") == ("002", "Aufgabe 1")
    assert source_parts("002 A2") == ("002", "Aufgabe 2") and source_parts("001 T6") == ("001", "Tutoraufgabe 6")
    assert source_parts("003") == ("003", "") and source_parts("my notes") == ("", "my notes")
    from_seeds = [ln for ln in lines if re.match(r"(shared/seeds/)?\d{3}", registry.get(ln.split()[0]).source)]
    assert len(from_seeds) >= 13 and all(re.match(r"\S+\s+sheet \d{3}\s", ln) for ln in from_seeds)


@pytest.mark.parametrize("argv, message", [
    (["solve", "no-such-problem"], "unknown problem 'no-such-problem'"),
    (["solve", "rosenbrock", "--param", "b"], "--param expects KEY=VALUE"),
    (["solve", "rosenbrock", "--param", "c=1"], "has no parameter 'c'"),
    (["solve", "rosenbrock", "--param", "b=abc"], "cannot read 'abc' as float"),
    (["solve", "rosenbrock", "--param", "b=0"], "b must be nonzero"),
    (["solve", "rosenbrock", "--param", "x1=nan"], "cannot read 'nan'"),
])
def test_solve_bad_input_exit_2(argv, message, tmp_path, capsys):
    rc, _, err = run_cli(argv + ["--out", str(tmp_path / "o")], capsys)
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


def test_solve_writes_tex_only(tmp_path, capsys):
    rc, out, _ = run_cli(["solve", "rosenbrock", "--out", str(tmp_path), "--lang", "en",
                          "--title", NASTY_TITLE, "--author", "A & B"], capsys)
    assert rc == 0
    assert out.strip() == str(tmp_path / "rosenbrock.en.tex")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rosenbrock.en.tex"]
    tex = (tmp_path / "rosenbrock.en.tex").read_text()
    assert latex.latex_escape(NASTY_TITLE) in tex
    assert r"\input{/etc" not in tex
    assert r"\author{A \& B}" in tex


# --------------------------------------------------------------------------------------
# the Rosenbrock solution (values computed here by hand, not taken from the module)
# --------------------------------------------------------------------------------------

def _grad_by_hand(a, b, x1, x2):
    return [-2 * (a - x1) - 4 * b * x1 * (x2 - x1 ** 2), 2 * b * (x2 - x1 ** 2)]


def _hess_by_hand(a, b, x1, x2):
    return [[2 - 4 * b * (x2 - x1 ** 2) + 8 * b * x1 ** 2, -4 * b * x1], [-4 * b * x1, 2 * b]]


def _result(sol, key):
    """The result box whose label is the catalog message ``key``."""
    return next(blk for t in sol.tasks for blk in t.blocks
                if isinstance(blk, Result) and getattr(blk.label, "key", None) == key)


@pytest.mark.parametrize("a, b, x1, x2", [(1.0, 100.0, 1.2, 1.0), (2.0, 10.0, -0.5, 0.25), (-1.5, 3.0, 0.3, 2.0)])
def test_rosenbrock_values(a, b, x1, x2):
    _, _, sol = reports.make_solution("rosenbrock", {"a": str(a), "b": str(b), "x1": str(x1), "x2": str(x2)})
    checks = sol.checks()
    assert len(checks) >= 5 and all(c.record.passed for c in checks)
    grad_result = _result(sol, "rosenbrock.result.gradient")
    sym_x1, sym_x2 = sorted(grad_result.value.free_symbols, key=lambda s: s.name)
    at = {sym_x1: x1, sym_x2: x2}
    got = [float(g.subs(at)) for g in grad_result.value]
    assert got == pytest.approx(_grad_by_hand(a, b, x1, x2), rel=1e-12)
    at_point = _result(sol, "rosenbrock.result.gradient_at").value
    assert [float(v) for v in at_point] == pytest.approx(_grad_by_hand(a, b, x1, x2), rel=1e-12)
    # stationary point (a, a^2)
    point = next(blk for blk in sol.tasks[2].blocks if isinstance(blk, Result))
    assert [float(v) for v in point.value] == pytest.approx([a, a * a], rel=1e-12)
    # the Hessian at the point, in its own result box
    hess = _result(sol, "rosenbrock.result.hessian_at").value
    assert np.array(hess.tolist(), dtype=float) == pytest.approx(np.array(_hess_by_hand(a, b, x1, x2)), rel=1e-12)


def test_rosenbrock_default_gradient_and_edges():
    _, _, sol = reports.make_solution("rosenbrock")
    assert sol.source and sol.name == "rosenbrock"
    # 1.2, 1.0: df/dx1 = -2(1 - 1.2) - 400 * 1.2 * (1 - 1.44) = 211.6, df/dx2 = 200 (1 - 1.44) = -88
    at_point = _result(sol, "rosenbrock.result.gradient_at").value
    assert [float(v) for v in at_point] == pytest.approx([211.6, -88.0], rel=1e-12)
    # the DAG: x1^2, x2 - v1, v2^2, 100*v3, 1 - x1, v5^2, v4 + v6 -> 7 operations, 11 edges
    fig = next(blk for blk in sol.tasks[0].blocks if isinstance(blk, Figure))
    assert fig.tikz.count(r"\draw[->]") == 11
    labels = re.findall(r"\\node\[lab\] at \([^)]*\) \{\$([^$]+)\$\}", fig.tikz)
    assert len(labels) == 11 and all(d.strip() for d in labels)
    edge_table = [blk for blk in sol.tasks[0].blocks if isinstance(blk, Table)][1]
    assert len(edge_table.rows) == 11
    # the checks are the task's, for the appendix, not among its blocks
    assert sol.tasks[0].checks and not any(isinstance(b, Check) for t in sol.tasks for b in t.blocks)


# --------------------------------------------------------------------------------------
# LaTeX
# --------------------------------------------------------------------------------------

@pytest.mark.latex
def test_rosenbrock_pdf_german(latex_required, tmp_path, capsys):
    rc, out, err = run_cli(["solve", "rosenbrock", "--lang", "de", "--pdf", "--out", str(tmp_path)], capsys)
    assert rc == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rosenbrock.de.pdf", "rosenbrock.de.tex"]
    text = pdf_text(tmp_path / "rosenbrock.de.pdf")
    for words in ("b) Graphen", "Berechnungsgraph", "Gegeben", "Ergebnis: Gradient", "Prüfprotokoll",
                  "max. rel.", "Toleranz", "bestanden", "Abbildung 1", "Kante", "Hesse-Matrix",
                  "8 von 8 numerischen Prüfungen bestanden"):
        assert words in text, words
    assert "Task" not in text and "passed" not in text
    # the gradient: 200(-x1^2 + x2) and 211.6 / -88 at the check point
    assert "211,6" in text and "−88" in text and "211.6" not in text  # decimal comma (siunitx)
    assert re.search(r"∇f \(x1 , x2 \)", text)


@pytest.mark.latex
def test_rosenbrock_pdf_english_with_nasty_title(latex_required, tmp_path, capsys):
    rc, _, err = run_cli(["solve", "rosenbrock", "--lang", "en", "--pdf", "--out", str(tmp_path),
                          "--title", NASTY_TITLE, "--author", "Ä. Müller & Co"], capsys)
    assert rc == 0, err
    text = pdf_text(tmp_path / "rosenbrock.en.pdf")
    assert NASTY_TITLE in text
    assert "Ä. Müller & Co" in text
    for words in ("b) Graphs", "Computation graph", "Given", "Result: gradient", "Verification",
                  "max. rel.", "Tolerance", "passed", "Figure 1", "Edge"):
        assert words in text, words
    assert "Aufgabe" not in text and "bestanden" not in text


@pytest.mark.latex
def test_latex_error_exit_1_names_file_and_line(latex_required, tmp_path, monkeypatch, capsys):
    tikz = "\\begin{tikzpicture}\n\\node {ok};\n\\undefinedmacroxyz\n\\end{tikzpicture}"
    register_temp(monkeypatch, "broken", lambda params, seed: small_solution("broken", tikz))
    out = tmp_path / "out"
    rc, stdout, err = run_cli(["solve", "broken", "--pdf", "--out", str(out)], capsys)
    assert rc == 1 and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    m = re.match(r"error: LaTeX error in (.+) line (\d+): Undefined control sequence", lines[0])
    assert m, lines[0]
    assert m.group(1) == str(out / "broken.en.tex")
    tex = report.render(small_solution("broken", tikz), "en").splitlines()
    assert "\\undefinedmacroxyz" in tex[int(m.group(2)) - 1]
    # the .tex is kept (and the error says where); no PDF, no temporary file
    assert lines[0].endswith(f"(the LaTeX source is kept: {out / 'broken.en.tex'})")
    assert sorted(p.name for p in out.iterdir()) == ["broken.en.tex"]
    assert (out / "broken.en.tex").read_text().splitlines() == tex


@pytest.mark.latex
def test_report_all_keeps_going(latex_required, tmp_path, monkeypatch, capsys):
    def fail(params, seed):
        raise RuntimeError("deliberate failure")

    registry.load_all()
    monkeypatch.setattr(registry, "PROBLEMS", {
        "tiny": registry.Problem("tiny", "tiny", lambda p, s: small_solution(), [], "test", "en"),
        "failing": registry.Problem("failing", "fails", fail, [], "test", "en"),
        "zz-bad-check": registry.Problem("zz-bad-check", "check fails", lambda p, s: Solution(
            "zz", T("bad", "schlecht"), tasks=[Task(T("t", "t"), [Check("c", record(False, 0.5))])]),
            [], "test", "en"),
    })
    rc, out, err = run_cli(["report", "--all", "--pdf", "--lang", "en", "--out", str(tmp_path)], capsys)
    assert rc == 1
    # one line per job as it finishes (any order), counted, with the elapsed time
    lines = err.strip().splitlines()
    assert [ln[:5] for ln in lines[:3]] == ["[1/3]", "[2/3]", "[3/3]"]
    assert all(re.search(r" \[\d+\.\d s\]$", ln) for ln in lines[:4])
    assert re.search(r"\] tiny \(en\): ok \(1 check passed\)", err)
    assert re.search(r"\] failing \(en\): FAILED: RuntimeError: deliberate failure", err)
    assert re.search(r"\] zz-bad-check \(en\): 1 of 1 checks FAILED", err)
    assert lines[3].startswith("index (en): ok")
    assert err.strip().splitlines()[-1] == "error: 2 failed: failing (en), zz-bad-check (en)"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["index.en.pdf", "index.en.tex", "tiny.en.pdf", "tiny.en.tex",
                     "zz-bad-check.en.pdf", "zz-bad-check.en.tex"]
    index = pdf_text(tmp_path / "index.en.pdf")
    assert "tiny" in index and "build failed" in index and "A tiny problem" in index


def _registered():
    try:
        return sorted(registry.load_all())
    except Exception:  # noqa: BLE001 - reported by test_every_problem_module_imports
        return sorted(registry.PROBLEMS)


def test_every_problem_module_imports():
    assert "rosenbrock" in registry.load_all()


@pytest.mark.latex
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", _registered())
def test_every_problem_compiles(name, lang, compiled_reports):
    """Every problem, both languages (built and compiled once per session: conftest.py)."""
    r = compiled_reports[(name, lang)]
    checks = r["solution"].checks()
    assert checks, f"{name}: a Solution must contain at least one Check"
    failed = [c for c in checks if not c.record.passed]
    assert not failed, f"{name}: failed checks: {[latex.text_latex(c.what, lang) for c in failed]}"
    assert not r["error"], r["error"]
    if r["solution"].declared:  # the source's labels; the checks in the appendix
        # the label as the document prints it: its leading word through the catalog ("Teil 1 (i)": "Part 1 (i)")
        label = messages.task_label_text(r["solution"].tasks[0].label, lang)
        assert label in r["text"] and messages.msg("appendix_title", lang) in r["text"]
    else:
        assert f"{messages.msg('task', lang)} 1" in r["text"]
        assert messages.msg("numerical_check", lang) in r["text"]


def test_missing_latex_skips_or_fails_under_ci(monkeypatch):
    import helpers as conftest
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("SYMDERIV_REQUIRE_LATEX", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest.require_latex()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="pdflatex"):
        conftest.require_latex()
    monkeypatch.delenv("CI")
    monkeypatch.setenv("SYMDERIV_REQUIRE_LATEX", "1")
    with pytest.raises(pytest.fail.Exception):
        conftest.require_latex()


def test_build_api_uses_problem_language_and_params(tmp_path):
    paths = reports.build("rosenbrock", {"a": "2", "b": "10"}, out_dir=tmp_path)
    assert paths == [tmp_path / "rosenbrock.tex"]
    tex = paths[0].read_text()
    assert r"\section*{b) Graphen und Kettenregel" in tex  # rosenbrock's default language is German
    # f = 10 (x2 - x1^2)^2 + (2 - x1)^2 and its stationary point (2, 4)
    assert r"\left(2 - x_{1}\right)^{2} + 10 \left(x_{2} - x_{1}^{2}\right)^{2}" in tex
    assert r"\left( x_{1}, \  x_{2}\right) &= \left( 2, \  4\right)" in tex


# --------------------------------------------------------------------------------------
# notebook display (issue 10, item 4)
# --------------------------------------------------------------------------------------

def test_solution_repr_html_has_steps_mathjax_and_escaped_text():
    sol = Solution("tiny", T("A <tiny> & odd problem", "Ein <kleines> Problem"), tasks=[Task(
        T("Square", "Quadrat"),
        [Step(T("We square {x} for a < b.", "Wir quadrieren {x}.", x=X1), [Equation(sp.Symbol("y"), [X1**2, 2.5])]),
         Result(T("value", "Wert"), sp.Symbol("y"), X1**2 / 2),
         Check(T("derivative", "Ableitung"), record())])])
    h = sol._repr_html_()
    assert h.startswith("<div class='symderiv-solution' lang='en'>") and h.endswith("</div>")
    assert "<h3>A &lt;tiny&gt; &amp; odd problem</h3>" in h
    assert "<h4>Task 1: Square</h4>" in h
    assert r"<p>We square \(x_{1}\) for a &lt; b.</p>" in h
    assert r"<p>\[y = x_{1}^{2} = 2.5\]</p>" in h            # MathJax display maths, no \num
    assert r"<strong>Result: value</strong>" in h and r"\frac{x_{1}^{2}}{2}" in h
    assert "&#10003; derivative (complex step, " in h
    de = sol.to_html("de")
    assert "<h4>Aufgabe 1: Quadrat</h4>" in de and "komplexe Schrittweite" in de and "Task" not in de
    failed = Solution("f", T("f", "f"), tasks=[Task(T("t", "t"), [Check("c", record(False, 0.5))])])
    assert "&#10007; c" in failed._repr_html_()


def test_real_solution_repr_html_shows_every_task():
    _, _, sol = reports.make_solution("rosenbrock")
    h = sol._repr_html_()
    assert h.count("<h4>b) Graphs and the chain rule") == 1 and h.count("<h4>Further exercise ") == 2
    assert r"\nabla" in h and r"\num" not in h and "$" not in h
