"""The tasks of 001 Aufgabe 12: the sheet's three bullets (hyperlink matrix, eigenvalues,
the plain iteration) form its one task "Aufgabe 12"; the damped iteration (PageRank) is an
extension. One function per block of the solution; sentences from ``messages/``."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Code, Equation, Figure, Plot, Result, Series, Step, Table
from symderiv.problems.hyperlink import checks, markov
from symderiv.problems.hyperlink.maths import Maths, bound_attained, errors_and_bound
from symderiv.problems.spec import Part, Question

LAM = markov.LAM
K = sp.Symbol("k", integer=True, nonnegative=True)
H = sp.Symbol("H")
ALPHA = sp.Symbol("alpha")


def _pi(sup=None, n=None):
    """pi, pi^k, ... (SymPy's superscript naming ``pi__k``): a symbol, or an n x 1 vector."""
    name = "pi" if sup is None else f"pi__{sup}"
    return sp.MatrixSymbol(name, n, 1) if n is not None else sp.Symbol(name)


def _page(i: int) -> sp.Symbol:
    return sp.Symbol(f"S_{i}")


def _dist(a, b):
    return notation.norm(a - sp.UnevaluatedExpr(b))


X = sp.Symbol("x")


def _charpoly(m: Maths, var=LAM):
    return sp.expand(m.H.charpoly(var).as_expr())


def given(m: Maths) -> list:
    return [Msg("hyperlink.given.graph", n=m.n, m=len(m.edges), a=sp.Symbol("S_i"), b=sp.Symbol("S_j")),
            Figure(markov.to_tikz(m.edges, m.n), Msg("hyperlink.given.caption"))]


def _matrix_blocks(m: Maths) -> list:
    Si = sp.Abs(sp.Symbol("S_i"))
    rows = [[_page(i), sp.FiniteSet(*[_page(j) for j in m.out.get(i, [])]), len(m.out.get(i, []))]
            for i in range(1, m.n + 1)]
    # the note on the guessed graph belongs to graph 1 only: a variant's graph is given on its sheet
    return [Msg("hyperlink.a12.guess")] * (m.graph == 1) + [
            Table([Msg("hyperlink.col.page"), Msg("hyperlink.col.links"), Si], rows),
            Step(Msg("hyperlink.a12.rows", i=sp.Symbol("i"), H=H, s=Si,
                     h=sp.Eq(sp.IndexedBase("h")[sp.Symbol("i"), sp.Symbol("j")], 1 / Si))),
            Result(Msg("hyperlink.result.H"), H, m.H),
            Msg("hyperlink.a12.stochastic", H=H)]


def _eigen_blocks(m: Maths) -> list:
    spec, n = m.spec, m.n
    out: list = [Step(Msg("hyperlink.a12.charpoly", chi=sp.Function("chi")(LAM), H=H, lam=LAM),
                [Equation(sp.Function("chi")(LAM), [_charpoly(m), spec.charpoly])])]
    cyc = [f for f in spec.factors if f.cyclotomic]
    out.append(Msg("hyperlink.a12.cyclotomic", facs=sp.FiniteSet(*[f.poly for f in cyc]),
                   ks=sp.FiniteSet(*[f.cyclotomic for f in cyc])))
    rows = [[e.value if e.exact else complex(e.approx), e.multiplicity,
             e.modulus if e.exact else float(e.modulus),
             Msg("hyperlink.yes" if e.exact and sp.simplify(e.modulus - 1) == 0 else "hyperlink.no")]
            for e in spec.eigenvalues]
    out += [Table([LAM, Msg("hyperlink.col.multiplicity"), sp.Abs(LAM), sp.Eq(sp.Abs(LAM), 1)], rows,
                  Msg("hyperlink.a12.eigen_caption", H=H)),
            Result(Msg("hyperlink.result.charpoly"), sp.Function("chi")(X), _charpoly(m, X)),
            Result(Msg("hyperlink.result.count", c=sp.Eq(sp.Abs(LAM), 1)),
                   notation.count_of(LAM, sp.Eq(sp.Abs(LAM), 1)), spec.unit_count),
            Code("import numpy as np\n\nH = np.array([\n%s\n])\nlam = np.linalg.eigvals(H)\n"
                 "print(np.round(lam, 6), np.sum(np.isclose(np.abs(lam), 1)))\n"
                 % ",\n".join("    [" + ", ".join(str(x) for x in m.H.row(i)) + "]" for i in range(m.n)),
                 "Python", Msg("hyperlink.a12.code"))]
    return out


def _iteration_blocks(m: Maths) -> list:
    n, orb = m.n, m.orbit
    it = sp.Eq(_pi("k+1"), sp.MatrixSymbol("H", n, n).T * _pi("k", n), evaluate=False)
    p0 = _start(m)
    rows = [[k, sp.Matrix(orb.iterates[k]).T, float(orb.step_norms[k])] for k in range(2 * orb.period + 2)]
    return [Step(Msg("hyperlink.a12.start", p0=p0, it=it)),
            Table([K, sp.Transpose(_pi("k", n)), _dist(_pi("k+1"), _pi("k"))], rows,
                  Msg("hyperlink.a12.iterates_caption")),
            _repetition(orb),
            Result(Msg("hyperlink.result.period"), sp.Symbol("p"), orb.period)]


def _repetition(orb) -> Msg:
    """Exact repetition from k0 on, or (eigenvalues with 0 < |lambda| < 1) only in the limit."""
    diff = sp.Ne(_pi("k+1"), _pi("k"))
    if orb.exact:
        return Msg("hyperlink.a12.periodic", rep=sp.Eq(_pi(f"k+{orb.period}"), _pi("k")),
                   k0=sp.Ge(K, orb.preperiod, evaluate=False), diff=diff, p=orb.period)
    lim = notation.tends(_dist(_pi(f"k+{orb.period}"), _pi("k")), 0)
    small = notation.element(sp.Abs(LAM), sp.Interval.open(0, 1))
    return Msg("hyperlink.a12.approaching", small=small, p=orb.period, lim=lim, kinf=notation.tends(K, sp.oo),
               diff=diff)


def google(n: int):
    """The Google matrix alpha H + (1 - alpha)/n 1 1^T, with (1 - alpha)/n kept together."""
    c = sp.Mul(1 - ALPHA, sp.Pow(n, -1, evaluate=False), evaluate=False)
    return notation.terms(ALPHA * sp.MatrixSymbol("H", n, n),
                          notation.juxtaposed(c, notation.ones(n) * notation.ones(n).T))


def _start(m: Maths):
    row = sp.ImmutableMatrix(markov.unit_vector(m.n, m.start).T)
    return sp.Eq(_pi("0", m.n), sp.Transpose(row), evaluate=False)


def task_h(m: Maths) -> Part:
    """First bullet: the hyperlink matrix."""
    Si = sp.Abs(sp.Symbol("S_i"))
    statement = [Msg("hyperlink.a12.statement_h", H=H, s=Si, S=sp.Symbol("S_i"), Sj=sp.Symbol("S_j"),
                     h=sp.IndexedBase("h")[sp.Symbol("i"), sp.Symbol("j")])]
    found = [Check(Msg("hyperlink.check.h", H=H), checks.h_matrix(m)),
             Check(Msg("hyperlink.check.rows", H=H), checks.row_sums(m))]
    return Part(statement, _matrix_blocks(m), found)


def task_eigen(m: Maths) -> Part:
    """Second bullet: the eigenvalues, how many have modulus 1."""
    statement = [Msg("hyperlink.a12.statement_eigen", H=H, lam=LAM, c=sp.Eq(sp.Abs(LAM), 1),
                     chi=sp.Function("chi")(X), x=X)]
    mmax = max(e.multiplicity for e in m.spec.eigenvalues)
    tol = max(1e-10, 5000 * np.finfo(float).eps ** (1.0 / mmax))
    found = [Check(Msg("hyperlink.check.eigen", tol=sp.Float(tol, 2), m=mmax), checks.eigenvalues(m, tol)),
             Check(Msg("hyperlink.check.count", c=sp.Eq(sp.Abs(LAM), 1)), checks.unit_count(m))]
    questions = [Question("charpoly", Msg("hyperlink.q.charpoly", chi=sp.Function("chi")(X)), _charpoly(m, X),
                          sp.Function("chi")(X))]
    return Part(statement, _eigen_blocks(m), found, questions)


def task_iteration(m: Maths) -> Part:
    """Third bullet: the plain iteration from the sheet's start does not converge."""
    it = sp.Eq(_pi("k+1"), sp.MatrixSymbol("H", m.n, m.n).T * _pi("k", m.n), evaluate=False)
    statement = [Msg("hyperlink.a12.statement_iteration", it=it, p0=_start(m), k=K)]
    k0 = m.orbit.preperiod if m.orbit.exact else 3000
    found = [Check(Msg("hyperlink.check.iterates", k=sp.Le(K, len(m.orbit.iterates) - 1)), checks.iterates(m)),
             Check(Msg("hyperlink.check.period", p=m.orbit.period, k0=k0), checks.period(m, k0))]
    return Part(statement, _iteration_blocks(m), found)


def _pagerank_plot(m: Maths) -> Plot:
    errs, bnd = errors_and_bound(m)
    ks = np.arange(len(errs))
    show = ks <= min(len(ks) - 1, 120)
    return Plot([Series(Msg("hyperlink.pr.series_iteration"), ks[show], np.maximum(errs[show], 1e-17), "thick"),
                 Series(Msg("hyperlink.pr.series_bound"), ks[show], bnd[show], "dashed")],
                xlabel=K, ylabel=_dist(_pi("k"), _pi()), ymode="log",
                caption=Msg("hyperlink.pr.caption_equal" if bound_attained(m) else "hyperlink.pr.caption_below",
                            a=ALPHA))


def task_pagerank(m: Maths) -> Part:
    """Beyond the sheet: the damped iteration converges (1-norm contraction), PageRank."""
    n = m.n
    GT, HT = sp.MatrixSymbol("G", n, n).T, sp.MatrixSymbol("H", n, n).T
    xs, one = sp.MatrixSymbol("x", n, 1), notation.ones(n)
    it = sp.Eq(_pi("k+1"), GT * _pi("k", n), evaluate=False)
    bnd = sp.Le(_dist(_pi("k"), _pi()), ALPHA ** K * _dist(_pi("0"), _pi()))
    statement = [Msg("hyperlink.pr.statement", a=sp.Eq(ALPHA, m.alpha), it=it, G=sp.MatrixSymbol("G", n, n)),
                 Equation(sp.MatrixSymbol("G", n, n), [google(n)]),
                 Msg("hyperlink.pr.statement_rest", pi=_pi(), p1=sp.Symbol("pi_1"), al=ALPHA, n=n, one=one)]
    contraction = sp.Le(notation.norm(HT * xs), notation.norm(xs))
    solution = [
        Step(Msg("hyperlink.pr.google", a=sp.Eq(ALPHA, m.alpha)),
             [Equation(sp.MatrixSymbol("G", n, n), [google(n), m.G])]),
        Msg("hyperlink.pr.contraction", x=xs, rank1=sp.Eq(GT * xs, ALPHA * HT * xs, evaluate=False),
            c=contraction, H=HT, bound=bnd, it=it, a=ALPHA),
        Msg("hyperlink.pr.eigen_only", a=ALPHA, G=sp.Symbol("G"), k=sp.Symbol("k")),
        Result(Msg("hyperlink.result.pagerank"), sp.Transpose(_pi(None, n)), sp.Matrix(m.station).T),
        Step(Msg("hyperlink.pr.numeric", v=sp.Matrix([[sp.Float(float(x), 6) for x in m.station]]),
                 it=m.run.iterations, tol=sp.Lt(_dist(_pi("k+1"), _pi("k")), sp.Float(1e-12, 2)))),
        _pagerank_plot(m),
        Result(Msg("hyperlink.result.pi1"), sp.Symbol("pi_1"), sp.Float(float(m.station[0]), 15)),
    ]
    found = [Check(Msg("hyperlink.check.rank1", e=sp.Eq(GT * xs, ALPHA * HT * xs, evaluate=False)), checks.rank_one(m)),
             Check(Msg("hyperlink.check.contraction", c=contraction), checks.contraction(m)),
             Check(Msg("hyperlink.check.stationary", g=GT), checks.stationary_eig(m)),
             Check(Msg("hyperlink.check.power"), checks.power_limit(m)),
             Check(Msg("hyperlink.check.bound", b=bnd), checks.bound(m))]
    if bound_attained(m):
        found.append(Check(Msg("hyperlink.check.attained"), checks.attained(m)))
    questions = [Question("pi1", Msg("hyperlink.q.pi1", p1=sp.Symbol("pi_1")), float(m.station[0]),
                          sp.Symbol("pi_1"), precision=4)]
    return Part(statement, solution, found, questions)
