"""The course build's speed measures give the same results as the work they save:
memoised lambdify / chain formulas / relu-approximation studies equal a fresh computation,
vectorised random points equal the point-by-point loop bit for bit, and shared figures
compiled once give PDFs with the same pages and words (issue: course workflow)."""
from __future__ import annotations

import subprocess

import numpy as np
import pytest
import sympy as sp

from symderiv.language import numeric as N
from symderiv.layers import bounds as B


def test_numeric_memo_returns_the_same_function_and_the_lambdify_values():
    x, y = sp.symbols("x y", real=True)
    e = sp.sin(x) * sp.exp(-y) + sp.Abs(x - y)
    f1 = N.numeric(e, [x, y])
    assert N.numeric(e, [x, y]) is f1            # memoised
    fresh = N._lambdify(e, [x, y])               # what numeric did before the memo
    pts = np.random.default_rng(0).normal(size=(2, 50))
    assert np.array_equal(f1(*pts), fresh(*pts))
    # structural keys: 2*x and 2.0*x are different expressions, other symbol orders differ
    assert N.numeric(2 * x, [x]) is not N.numeric(2.0 * x, [x])
    g = N.numeric(x - y, [y, x])
    assert g(1.0, 3.0) == 2.0 and N.numeric(x - y, [x, y])(1.0, 3.0) == -2.0
    # an unhashable argument (a mutable Matrix) still works, without the memo
    m = sp.Matrix([[x, y]])
    assert np.array_equal(np.asarray(N.numeric(m, [x, y])(1.0, 2.0)), np.array([[1.0, 2.0]]))
    # a generator of symbols is read once
    assert N.numeric(x * y, (s for s in (x, y)))(2.0, 3.0) == 6.0


def test_numeric_memo_is_bounded():
    x = sp.Symbol("x")
    old = N.MEMO_SIZE
    try:
        N.MEMO_SIZE = 3
        N.clear_memo()
        for k in range(7):
            N.numeric(x + k, [x])
        assert 1 <= len(N._MEMO) <= 3
    finally:
        N.MEMO_SIZE = old
        N.clear_memo()


def test_instantiate_memo_equals_a_fresh_instantiation_and_h_chain_gives_new_lists():
    sym = B.dh_dw_symbolic()
    for depth, idx, act in [(3, 1, "sigmoid"), (5, 4, "tanh"), (4, 2, None)]:
        arrays = B.h_arrays(depth, act)
        memo = B.instantiate(sym, {B.n: depth, B.i: idx}, arrays, act=act)
        B.clear_memo()
        assert memo == B._instantiate(sym, {B.n: depth, B.i: idx}, arrays, act)
        assert B.instantiate(sym, {B.n: depth, B.i: idx}, arrays, act=act) == memo
    ws, hs = B.h_chain(3, "sigmoid")
    ws.append("changed")
    hs.clear()
    ws2, hs2 = B.h_chain(3, "sigmoid")
    assert len(ws2) == 3 and len(hs2) == 4 and hs2[0] == B.x


def test_batch_chain_gradients_equal_the_scalar_ones_bit_for_bit():
    rng = np.random.default_rng(5)
    for act in ("sigmoid", "relu"):
        ws = rng.uniform(-1, 1, (300, 4))
        x0 = rng.uniform(-40, 40, 300)
        H, G = B.np_h_chain_grads_batch(ws, x0, act)
        for r in range(300):
            h, g = B.np_h_chain_grads(ws[r], x0[r], act)
            assert np.array_equal(h, H[r]) and np.array_equal(g, G[r])


def test_per_column_uniform_draws_equal_the_point_by_point_draws():
    nn = 3
    a = np.random.default_rng(11)
    draws = a.uniform([-1.0] * nn + [-40.0], [1.0] * nn + [40.0], size=(2000, nn + 1))
    b = np.random.default_rng(11)
    rows = [list(b.uniform(-1, 1, nn)) + [float(b.uniform(-40, 40))] for _ in range(2000)]
    assert np.array_equal(draws, np.array(rows))
    assert a.normal() == b.normal()   # the generator is left in the same state


def test_vanishing_random_ratios_equal_the_loop():
    """The batched random points of vanishing's check rows equal a point-by-point loop."""
    from symderiv.problems.vanishing import maths as V
    got = V.random_ratios(np.random.default_rng(123), 3, 2, 1.0)
    rng = np.random.default_rng(123)
    draws = rng.uniform([-1.0] * 3 + [-40.0], [1.0] * 3 + [40.0], size=(2000, 4))
    ref = []
    for row in draws:
        _, g = B.np_h_chain_grads(row[:3], float(row[3]), "sigmoid")
        ref += [abs(g[m - 1]) / 0.25 ** (3 - m + 1) for m in range(2, 4)]
    assert np.array_equal(got, np.array(ref))


def test_formula_vs_diff_h_equals_a_fresh_derivation():
    from symderiv.problems.gradient_flow_common import _h_formula_and_diff, formula_vs_diff_h
    got = formula_vs_diff_h(range(1, 4), 9, "tanh")
    rng = np.random.default_rng(9)
    sym = B.dh_dw_symbolic()
    derived, independent = [], []
    for depth in range(1, 4):
        ws, hs = B._h_chain.__wrapped__(depth, "tanh")
        arrays = {B.w: [None] + list(ws), B.h: list(hs)}
        for idx in range(1, depth + 1):
            f1 = sp.lambdify([B.x] + list(ws), B._instantiate(sym, {B.n: depth, B.i: idx}, arrays, "tanh"))
            f2 = sp.lambdify([B.x] + list(ws), sp.diff(hs[depth], ws[idx - 1]))
            for _ in range(3):
                p = [rng.normal()] + list(rng.uniform(-1.5, 1.5, depth))
                derived.append(float(np.real(f1(*p))))
                independent.append(float(np.real(f2(*p))))
    assert np.allclose(got[0], derived, rtol=1e-14, atol=0) and np.allclose(got[1], independent, rtol=1e-14, atol=0)
    assert _h_formula_and_diff(2, 1, "tanh")[0] is _h_formula_and_diff(2, 1, "tanh")[0]


def test_relu_approximation_memos_equal_fresh_results():
    from symderiv.problems.relu_approximation import approx
    x = sp.Symbol("x", real=True)
    cached = approx.convergence(sp.sin(x), 0.0, float(np.pi), (5, 10, 20), var=x)
    fresh = approx._convergence(sp.sin(x), 0.0, float(np.pi), [5, 10, 20], x, None, 64)
    assert cached == fresh and cached is not approx.convergence(sp.sin(x), 0.0, float(np.pi), (5, 10, 20), var=x)
    cached.errors.append(1.0)   # a caller's change does not reach the memo
    assert approx.convergence(sp.sin(x), 0.0, float(np.pi), (5, 10, 20), var=x) == fresh
    cases = approx.small_cases(4)
    fresh_cases = approx._small_cases.__wrapped__(4)
    assert [(c.n, c.solution, c.matches, c.t_is_l_squared, c.inverse_is_d) for c in cases] == \
        [(c.n, c.solution, c.matches, c.t_is_l_squared, c.inverse_is_d) for c in fresh_cases]
    assert all(c.matches and c.t_is_l_squared and c.inverse_is_d for c in cases)
    t = approx.toeplitz_matrix(6)
    assert t == sp.Matrix(6, 6, lambda i, j: i - j + 1 if j <= i else 0)
    t[0, 0] = 7                 # a mutable copy: the next call is unchanged
    assert approx.toeplitz_matrix(6)[0, 0] == 1
    assert np.array_equal(approx.toeplitz_array(6), np.array(approx.toeplitz_matrix(6).tolist(), dtype=float))


def test_blas_single_thread_limits_openblas():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from symderiv.course.build import blas_single_thread
    with blas_single_thread():
        infos = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        assert infos and all(i["num_threads"] == 1 for i in infos)


# --------------------------------------------------------------------------------------
# shared figures
# --------------------------------------------------------------------------------------

FIG = "\\begin{tikzpicture}\\draw (0,0) -- (%s,1) node[right] {$x^%s$};\\end{tikzpicture}"


def _doc(*figs, other=""):
    body = "".join(f"\\begin{{figure}}[H]\n\\centering\n\\begin{{symfit}}\n{f}\n\\end{{symfit}}\n"
                   "\\caption{c}\n\\end{figure}\n" for f in figs)
    return body + other


def test_figures_are_found_only_in_the_figure_template_context():
    from symderiv.course import figures as F
    inline = "\\begin{center}\n" + FIG % (9, 9) + "\n\\end{center}\n"
    body = _doc(FIG % (1, 1), FIG % (2, 2), other=inline)
    found = F.figures_of("P", body)
    assert [s for _, s in found] == [FIG % (1, 1), FIG % (2, 2)]
    assert F.figures_of("Q", body)[0][0] != found[0][0]          # the preamble is part of the key
    docs = [("P", _doc(FIG % (1, 1), FIG % (2, 2))), ("P", _doc(FIG % (1, 1), FIG % (3, 3))), ("P", _doc(FIG % (2, 2)))]
    shared = F.shared(docs)
    assert sorted(shared["P"].values()) == sorted([FIG % (1, 1), FIG % (2, 2)])
    assert [len(b) for b in F.batches(shared["P"], 4)] == [1, 1]
    placed = {k: F.Placed("f.pdf", 1, 100, 200, 3) for k in shared["P"]}
    out, files = F.substitute("P", docs[1][1], placed)
    assert files == {"f.pdf"} and "\\pdfximage width 100sp height 200sp depth 3sp page 1 {f.pdf}" in out
    assert FIG % (3, 3) in out and FIG % (1, 1) not in out


def _words_per_page(pdf: bytes, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [sorted(subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout.split()) for k in range(1, pages + 1)]


FIXED_GRAPH_PROBLEM = '''
import sympy as sp
from symderiv.documents.answers import Answer
from symderiv.documents.model import Figure, Result, Solution, T, Task
from symderiv.problems import Param, register
from symderiv.problems.domains import IntRange
from symderiv.problems.hyperlink import markov


@register("fixed-graph", "a fixed link graph, the out-degree of a page", source="test", lang="en",
          params=[Param("page", 1, "page", IntRange(1, 6))])
def build(params, seed):
    edges, n = markov.parse_edges(markov.DEFAULT_EDGES)
    page = int(params["page"])
    deg = sum(1 for i, _ in edges if i == page)
    fig = Figure(markov.to_tikz(edges, n), T("The link graph.", "Der Linkgraph."))
    lhs = sp.Symbol("d")
    return Solution("fixed-graph", T("Out-degree", "Ausgangsgrad"), source="test",
                    given=[T("Page {p}.", "Seite {p}.", p=page), fig],
                    tasks=[Task(T("Out-degree", "Ausgangsgrad"), [Result(T("out-degree", "Ausgangsgrad"), lhs, deg)])],
                    answers=[Answer(T("the out-degree", "der Ausgangsgrad"), deg, lhs, 1)])
'''


@pytest.mark.latex
def test_shared_figures_compile_once_and_give_the_same_pages_and_words(tmp_path, latex_required, monkeypatch):
    from symderiv.course import figures as F
    from symderiv.course.build import build_course
    from symderiv.course.pdf import MARKER, Compiler
    # a problem whose figure (a fixed graph) stands in the given of the exercise and of the
    # solution of every sheet (the declared problems' solutions need two LaTeX passes for their
    # references to the verification tables, so their figures are typeset inline)
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "fixed_graph.py").write_text(FIXED_GRAPH_PROBLEM)
    from symderiv import problems
    from symderiv.problems.plugins import load_dir
    monkeypatch.setattr(problems, "PROBLEMS", dict(problems.load_all()))  # "fixed-graph" only here
    load_dir(tmp_path / "own")
    lines = []
    build_course(["fixed-graph"], str(tmp_path / "reuse"), seed=2, variants=2, pdf=True, progress=lines.append,
                 problem_dirs=[str(tmp_path / "own")])
    build_course(["fixed-graph"], str(tmp_path / "inline"), seed=2, variants=2, pdf=True, reuse_figures=False,
                 problem_dirs=[str(tmp_path / "own")])
    note = [line for line in lines if line.startswith("figures:")]
    assert note, lines
    compiled, total = int(note[0].split()[1]), int(note[0].split("(")[1].split()[0])
    assert 1 <= compiled < total        # the link graph of every sheet, compiled once
    for stem in ("v01-exercise", "v01-solution", "v02-solution"):
        a = (tmp_path / "inline" / f"{stem}.pdf").read_bytes()
        b = (tmp_path / "reuse" / f"{stem}.pdf").read_bytes()
        assert (tmp_path / "inline" / f"{stem}.tex").read_bytes() == (tmp_path / "reuse" / f"{stem}.tex").read_bytes()
        assert _words_per_page(a, tmp_path, "a") == _words_per_page(b, tmp_path, "b")
    # the placed box has the size TeX gave the picture: compile one figure both ways
    tex = (tmp_path / "inline" / "v01-solution.tex").read_text()
    pre, body = tex.split(MARKER, 1)
    figs = dict(F.figures_of(pre, body))
    comp = Compiler(str(tmp_path / "fmt"))
    placed = comp.compile_figures(pre, figs, str(tmp_path))
    assert sorted(placed) == sorted(figs) and all(p.width > 0 and p.height > 0 for p in placed.values())
    b = comp.compile(tex, "b", figures=placed, figure_dir=str(tmp_path))
    assert _words_per_page(comp.compile(tex, "a"), tmp_path, "a") == _words_per_page(b, tmp_path, "b")
