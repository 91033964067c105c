"""The course build's speed measures give the same results as the work they save:
memoised lambdify / chain formulas / relu-approximation studies equal a fresh computation,
vectorised random points equal the point-by-point loop bit for bit (issue: course workflow)."""
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
# many documents per pdflatex run
# --------------------------------------------------------------------------------------

def _words_per_page(pdf: bytes, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [sorted(subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout.split()) for k in range(1, pages + 1)]


def _meta(pdf: bytes):
    import io
    from pypdf import PdfReader
    r = PdfReader(io.BytesIO(pdf))
    titles = []

    def walk(items):
        for it in items:
            walk(it) if isinstance(it, list) else titles.append((str(it.title), r.get_destination_page_number(it)))
    walk(r.outline)
    return r.metadata.get("/Title"), r.metadata.get("/Author"), titles


def test_batches_keep_two_workers_busy_and_every_shard_cuts_the_same_ones():
    from symderiv.course.build import Sheet, batch_size, batches, shard
    assert [batch_size(n) for n in (1, 2, 3, 4, 6, 9, 10, 11, 500)] == [2, 2, 2, 2, 3, 5, 5, 5, 5]
    plan = [Sheet(i, f"v{i:02d}", "", 0, f"v{i:02d}") for i in range(1, 7)]  # 6 sheets: batches of 3
    assert [[s.label for s in b] for b in batches(plan, batch_size(6))] == [["v01", "v02", "v03"],
                                                                            ["v04", "v05", "v06"]]
    assert [s.label for s in shard(plan, 2, 2)] == ["v04", "v05", "v06"]
    assert [s.label for s in shard(plan, 1, 2) + shard(plan, 2, 2)] == [s.label for s in plan]


def test_pdf_strings_of_the_batch_driver_are_read_back():
    from symderiv.course.batch import pdf_string, read_docs
    assert pdf_string(r"\376\377\000J\000\366\000r\000g") == "Jörg"
    assert pdf_string(r"Exercise sheet\(1\)") == "Exercise sheet(1)"
    starts, meta, end = read_docs("doc a 0\ntitle a \\376\\377\\000x\ndoc b 3\nend 5\n")
    assert starts == [("a", 0), ("b", 3)] and meta == {"a": {"title": "x"}} and end == 5
    with pytest.raises(ValueError):
        read_docs("doc a 0\n")                      # a batch that stopped half way


@pytest.mark.latex
def test_batched_pdfs_have_the_pages_words_and_metadata_of_a_single_build(tmp_path, latex_required):
    """One pdflatex run for the sheets of a batch, split per document: every PDF has the
    pages, words (the references to the verification tables resolved), title, author and
    outline that the document compiled on its own (plain pdflatex, rerun for references) has."""
    from symderiv.course.build import batch_size, build_course
    from symderiv.documents.build import compile_document
    roster = [("s1", "Jörg Müller"), ("s2", "=Zoë \"Ø\" O'Neil")]
    assert batch_size(len(roster)) >= len(roster)     # both sheets in one batch
    build_course(["rosenbrock", "hyperlink-matrix"], str(tmp_path / "out"), seed=2, roster=roster, pdf=True,
                 lang="de")
    for stem in ("s1-exercise", "s1-solution", "s2-exercise", "s2-solution"):
        tex = (tmp_path / "out" / f"{stem}.tex").read_text()
        alone = compile_document(tex, stem)
        batched = (tmp_path / "out" / f"{stem}.pdf").read_bytes()
        words = _words_per_page(batched, tmp_path, "b")
        assert words == _words_per_page(alone.pdf, tmp_path, "a"), stem
        assert _meta(batched) == _meta(alone.pdf), stem
        if stem.endswith("solution"):
            assert alone.passes == 1 and "\\ref{" not in tex   # results name their tables by number
            text = " ".join(w for page in words for w in page)
            assert "A.1" in text and "??" not in text
    assert _meta((tmp_path / "out" / "s2-solution.pdf").read_bytes())[1].startswith("=Zoë")


@pytest.mark.latex
def test_a_batch_splits_per_document_and_names_the_document_of_a_latex_error(tmp_path, latex_required):
    import io
    from pypdf import PdfReader
    from symderiv.course.pdf import MARKER, Compiler
    from symderiv.documents.errors import LatexError
    pre = "\\documentclass{article}\n\\usepackage[pdfusetitle]{hyperref}\n"
    def doc(title, text):
        return pre + MARKER + "\\title{" + title + "}\\author{B}\n\\begin{document}\n\\maketitle\n" + text + \
            "\n\\end{document}\n"
    comp = Compiler(str(tmp_path / "fmt"))
    pdfs = comp.compile_batch({"a": doc("A", "one\\newpage two"), "b": doc("Zoë", "three \\ref{x}")},
                              {"b": {"x": "A.7"}})
    pages = {k: PdfReader(io.BytesIO(v)) for k, v in pdfs.items()}
    assert [len(pages[k].pages) for k in "ab"] == [2, 1]
    assert pages["b"].metadata["/Title"] == "Zoë" and pages["a"].metadata["/Title"] == "A"
    assert "three A.7" in pages["b"].pages[0].extract_text() and "1" in pages["b"].pages[0].extract_text()
    with pytest.raises(LatexError, match=r"^LaTeX error in out/b\.tex line 7: Undefined control sequence"):
        comp.compile_batch({"a": doc("A", "one"), "b": doc("B", "\\nosuchmacro")},
                           display={"a": "out/a.tex", "b": "out/b.tex"})


def test_skip_depth_profile_over_all_trials_at_once_equals_the_trial_by_trial_one_bit_for_bit():
    from symderiv.layers import bounds as B
    from symderiv.problems.skip import maths as M
    for seed in (0, 7, 12345):
        expected = B.depth_profile(list(range(3, 13)), "sigmoid", trials=10, seed=seed)
        assert M.depth_profile(list(range(3, 13)), 10, seed) == expected
        assert expected["plain"][0] != expected["skip"][0] != expected["residual"][0]
