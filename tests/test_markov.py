"""Hyperlink matrix (exercise 001 A12): H, exact spectrum, periodic orbit, PageRank."""
import numpy as np
import pytest
import sympy as sp

from symderiv.problems.hyperlink import markov

CYCLE6 = "1-2,2-3,3-4,4-5,5-6,6-1"
PERIOD3 = "1-3,1-4,2-3,3-5,4-5,4-6,5-1,5-2,6-2"   # period 3, other eigenvalues 0 < |l| < 1


def numpy_h(edges, n):
    A = np.zeros((n, n))
    for i, j in edges:
        A[i - 1, j - 1] = 1
    deg = A.sum(axis=1, keepdims=True)
    return np.divide(A, deg, out=np.zeros_like(A), where=deg > 0)


def as_float(M):
    return np.array(M.tolist(), dtype=complex).real


def load(text):
    edges, n = markov.parse_edges(text)
    return edges, n, markov.hyperlink_matrix(edges, n)


def test_default_hyperlink_matrix():
    edges, n, H = load(markov.DEFAULT_EDGES)
    assert n == 6 and len(edges) == 8
    assert np.array_equal(as_float(H), numpy_h(edges, n))
    assert H[0, 1] == sp.Rational(1, 2) and H[3, 5] == 1
    assert all(sum(H.row(i)) == 1 for i in range(n))      # no dangling page
    assert markov.dangling(H) == []


@pytest.mark.parametrize("text", [markov.DEFAULT_EDGES, CYCLE6, PERIOD3, "1-2,2-1,2-2,3-1,3-2"])
def test_exact_eigenvalues_match_numpy(text):
    _, n, H = load(text)
    sp_ = markov.spectrum(H)
    exact = []
    for e in sp_.eigenvalues:
        z = complex(sp.N(e.value, 30)) if e.exact else e.value
        assert abs(abs(z) - float(sp.N(e.modulus))) < 1e-12
        exact += [z] * e.multiplicity
    assert len(exact) == n
    num = np.linalg.eigvals(numpy_h(*markov.parse_edges(text)))
    # match each numpy eigenvalue with an exact one (greedy nearest; zeros of a
    # nilpotent block are only accurate to ~sqrt(eps) in floating point)
    remaining = list(exact)
    for z in num:
        k = int(np.argmin([abs(z - w) for w in remaining]))
        assert abs(z - remaining.pop(k)) < 1e-6
    assert sp_.unit_count == sp_.numeric_unit_count


def test_unit_circle_counts():
    # default: period 4 -> 1, i, -1, -i;  6-cycle: all sixth roots of unity; period-3 graph: 3
    assert markov.spectrum(load(markov.DEFAULT_EDGES)[2]).unit_count == 4
    assert markov.spectrum(load(CYCLE6)[2]).unit_count == 6
    assert markov.spectrum(load(PERIOD3)[2]).unit_count == 3
    # a self-loop makes the chain aperiodic: only lambda = 1 stays on the circle
    assert markov.spectrum(load(CYCLE6 + ",1-1")[2]).unit_count == 1


def test_default_charpoly_and_cyclotomic_factors():
    s = markov.spectrum(load(markov.DEFAULT_EDGES)[2])
    lam = markov.LAM
    assert sp.expand(s.charpoly - lam**2 * (lam**4 - 1)) == 0
    orders = sorted(f.cyclotomic for f in s.factors if f.cyclotomic)
    assert orders == [1, 2, 4]
    assert markov.cyclotomic_order(lam**2 + lam + 1) == 3
    assert markov.cyclotomic_order(lam**2 + 2) is None


def test_plain_iteration_is_periodic():
    edges, n, H = load(markov.DEFAULT_EDGES)
    start = markov.unit_vector(n, 6)
    o = markov.orbit(H, start)
    assert o.exact and o.period == 4 and o.preperiod == 0 and not o.converges
    # independent: numpy powers of H^T applied to e_6
    A = numpy_h(edges, n).T
    e6 = np.eye(n)[5]
    for k in range(12):
        assert np.allclose([float(v) for v in o.iterates[k]], np.linalg.matrix_power(A, k) @ e6)
    assert np.allclose(np.linalg.matrix_power(A, 4) @ e6, e6)
    assert not np.allclose(A @ e6, e6)
    assert min(o.step_norms) > 0.5                       # never settles
    assert [float(v) for v in o.iterates[2]] == [0, 0.5, 0.5, 0, 0, 0]


def test_orbit_found_numerically_when_not_exact():
    edges, n, H = load(PERIOD3)
    o = markov.orbit(H, markov.unit_vector(n, 6), steps=12)
    assert not o.exact and o.period == 3 and not o.converges
    A = numpy_h(edges, n).T
    v = np.linalg.matrix_power(A, 3000) @ np.eye(n)[5]
    assert np.allclose(np.linalg.matrix_power(A, 3) @ v, v, atol=1e-12)
    assert not np.allclose(A @ v, v, atol=1e-3)


def test_aperiodic_chain_converges():
    _, n, H = load(CYCLE6 + ",1-1")
    o = markov.orbit(H, markov.unit_vector(n, 6), steps=10)
    assert o.period == 1 and o.converges


def test_pagerank_default():
    edges, n, H = load(markov.DEFAULT_EDGES)
    alpha = markov.damping_rational(0.85)
    assert alpha == sp.Rational(17, 20)
    G = markov.google_matrix(H, alpha)
    assert all(sum(G.row(i)) == 1 for i in range(n))
    pi = markov.stationary(G)
    assert sum(pi) == 1 and all(x > 0 for x in pi)
    assert sp.simplify(G.T * pi - pi) == sp.zeros(n, 1)
    # independent: numpy eigenvector of the float Google matrix for eigenvalue 1
    Gf = 0.85 * numpy_h(edges, n) + 0.15 / n
    w, V = np.linalg.eig(Gf.T)
    v = np.real(V[:, np.argmin(np.abs(w - 1))])
    v = v / v.sum()
    assert np.allclose([float(x) for x in pi], v, atol=1e-12)
    run = markov.pagerank(G, markov.unit_vector(n, 6), pi)
    assert run.converged
    assert np.allclose(run.vector, v, atol=1e-10)
    # contraction: ||pi^k - pi||_1 <= alpha^k ||pi^0 - pi||_1
    for k, err in enumerate(run.errors):
        assert err <= 0.85**k * run.errors[0] + 1e-13


def test_dangling_pages_get_uniform_rows():
    edges, n, H = load("1-2,1-3,2-3")
    assert markov.dangling(H) == [3]
    S = markov.stochastic(H)
    assert list(S.row(2)) == [sp.Rational(1, 3)] * 3
    pi = markov.stationary(markov.google_matrix(H, sp.Rational(17, 20)))
    assert sum(pi) == 1


@pytest.mark.parametrize("text", ["", " , ", "1-a", "1-2;2-3", "0-1", "1-2,1-2", "1-99", "import os",
                                  "1-2-3", "-1-2", "1e1-2"])
def test_bad_edge_lists(text):
    with pytest.raises(markov.EdgeListError):
        markov.parse_edges(text)


def test_edge_list_spelling():
    assert markov.parse_edges(" 1 -> 2, 2-1 ,") == ([(1, 2), (2, 1)], 2)


def test_bad_damping():
    for a in (0.0, 1.0, 1.5, -0.2):
        with pytest.raises(ValueError):
            markov.damping_rational(a)


# ---- the problem (declared: symderiv/problems/hyperlink/) -------------------------------

def _solution(**params):
    from symderiv.course import reports
    return reports.make_solution("hyperlink-matrix", params, 0)


def _results(sol):
    from symderiv.documents.model import Result
    return {str(b.lhs): b.value for t in sol.tasks for b in t.blocks if isinstance(b, Result)}


def test_problem_default_is_the_guessed_graph():
    _, _, sol = _solution()
    assert all(c.record.passed for c in sol.checks()) and len(sol.checks()) >= 12
    res = _results(sol)
    edges, n = markov.parse_edges(markov.DEFAULT_EDGES)
    Hf = numpy_h(edges, n)
    assert np.array_equal(np.array(res["H"].tolist(), dtype=float), Hf)
    assert res["p"] == 4 and res["#{lambda : Eq(Abs(lambda), 1)}"] == 4
    # characteristic polynomial: NumPy's coefficients of det(x I - H)
    coeffs = [float(c) for c in sp.Poly(res["chi(x)"], sp.Symbol("x")).all_coeffs()]
    assert np.allclose(coeffs, np.poly(Hf), atol=1e-12)
    # PageRank: independent float eigenvector of 0.85 H + 0.15/6
    Gf = 0.85 * Hf + 0.15 / n
    w, V = np.linalg.eig(Gf.T)
    v = np.real(V[:, np.argmin(np.abs(w - 1))])
    got = np.array([float(x) for x in res["pi.T"]])
    assert np.allclose(got, v / v.sum(), atol=1e-12)
    assert abs(res["pi_1"] - (v / v.sum())[0]) < 1e-12


def test_the_family_is_periodic_strongly_connected_with_distinct_charpolys():
    from symderiv.problems.hyperlink import maths
    graphs = maths.family()
    assert len(graphs) == maths.FAMILY and list(graphs[0]) == markov.parse_edges(markov.DEFAULT_EDGES)[0]
    polys = set()
    for edges in graphs:
        Hf = numpy_h(edges, 6)
        assert np.allclose(Hf.sum(axis=1), 1)                       # every page has a link
        reach = np.linalg.matrix_power(np.eye(6) + (Hf > 0), 6) > 0
        assert reach.all()                                          # strongly connected
        P = np.linalg.matrix_power(Hf.T, 600)
        assert np.abs(P @ Hf.T - P).max() > 0.1                     # the plain iteration cycles
        polys.add(tuple(np.round(np.poly(Hf), 9)))
    assert len(polys) == len(graphs)


@pytest.mark.parametrize("graph", [2, 7, 19, 30])
def test_problem_other_graphs(graph):
    _, _, sol = _solution(graph=str(graph))
    assert all(c.record.passed for c in sol.checks())
    res = _results(sol)
    from symderiv.problems.hyperlink import maths
    Hf = numpy_h(maths.family()[graph - 1], 6)
    lam = np.linalg.eigvals(Hf)
    assert res["#{lambda : Eq(Abs(lambda), 1)}"] == int(np.sum(np.abs(np.abs(lam) - 1) < 1e-9)) == res["p"]


@pytest.mark.parametrize("params", [{"graph": "0"}, {"graph": "31"}, {"damping": "1.2"}, {"damping": "0"}])
def test_problem_bad_parameters(params):
    from symderiv.problems import ProblemError
    with pytest.raises(ProblemError):
        _solution(**params)


def test_the_damped_bound_rests_on_the_1_norm_contraction():
    """Issue 17: the bound ||pi^k - pi||_1 <= alpha^k ||pi^0 - pi||_1 needs the 1-norm
    contraction of the column-stochastic H^T, and the text says so; the check row fails for
    a matrix whose columns sum to more than 1; the plot caption says when the curves coincide."""
    import dataclasses
    from symderiv.documents.i18n import Msg
    from symderiv.problems.hyperlink import checks, maths
    m = maths.prepare({"graph": 1, "damping": 0.85}, 0)
    assert checks.contraction(m).passed
    assert not checks.contraction(dataclasses.replace(m, Hf=1.5 * m.Hf)).passed
    assert "1-norm" in Msg("hyperlink.pr.contraction").en and "1-Norm" in Msg("hyperlink.pr.contraction").de
    assert "eigenvalues alone do not give" in Msg("hyperlink.pr.eigen_only").en
    # graph 1: iteration and bound coincide (each error is exactly alpha times the previous one)
    errs = np.array(m.run.errors[:40])
    assert np.allclose(errs[1:] / errs[:-1], 0.85, rtol=1e-9) and maths.bound_attained(m)
    other = maths.prepare({"graph": 2, "damping": 0.85}, 0)
    e2 = np.array(other.run.errors[:40])
    assert np.all(e2[1:] <= 0.85 * e2[:-1] + 1e-13) and not maths.bound_attained(other)
    captions = {str(b.caption.key) for t in _solution()[2].tasks for b in t.blocks if type(b).__name__ == "Plot"}
    assert captions == {"hyperlink.pr.caption_equal"}


def test_old_wording_is_gone():
    from symderiv.documents import render as report
    _, values, sol = _solution()
    de, en = (report.render(sol, lang, None, None, values, 0) for lang in ("de", "en"))
    for bad in ("S_{i|}", "Seiten ohne Links springen", "solche Zeilen ersetzt", "S2, S3"):
        assert bad not in de and bad not in en
    assert "fehlt" in de and "missing" in en


def test_problem_renders_in_both_languages():
    from symderiv.documents import latex, render as report
    _, values, sol = _solution()
    de, en = (report.render(sol, lang, None, None, values, 0) for lang in ("de", "en"))
    assert latex.latex_escape("Hyperlink-Matrix") in de and "Hyperlink matrix" not in de
    assert "Hyperlink matrix" in en and latex.latex_escape("Hyperlink-Matrix") not in en
