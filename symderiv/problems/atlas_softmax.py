"""The softmax part of the activation atlas (lecture 003): components, Jacobian (entrywise
with the Kronecker delta, and as diag(s) - s s^T), the ranges of its entries with their
boundary cases (n = 2 versus n >= 3), shift invariance and the stable form.

Claims and their check rows:
* diagonal entries in (0, 1/4], the maximum 1/4 attained (at s_i = 1/2);
* off-diagonal entries in (-1/4, 0) for n >= 3: -1/4 is approached (x = (t, t, -t, ...),
  t -> oo) but not attained (random points and optimiser maxima for n = 3 and n = 5), 0 is
  not attained; for n = 2 the value -1/4 is attained (x_1 = x_2).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Step, T, Task
from symderiv.problems.gradient_flow_common import relation_record


def _np_softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _max_offdiag(rng, n, starts=6):
    """The largest s_1 s_2 a bounded optimiser finds for n inputs (|x_k| <= 8, so that the gap to 1/4 stays above rounding), and the
    values of s_i s_j (i != j) at 4000 random points."""
    from scipy.optimize import minimize
    vals = []
    for _ in range(4000):
        s = _np_softmax(rng.normal(0, 3, n))
        vals += [s[a] * s[b] for a in range(n) for b in range(n) if a != b]
    best = []
    for _ in range(starts):
        r = minimize(lambda p: -float(np.prod(_np_softmax(8 * np.tanh(p))[:2])), rng.normal(size=n),
                     method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 6000})
        best.append(-float(r.fun))
    return np.array(vals), max(best)


def softmax_task(seed: int) -> Task:
    from symderiv.layers import activations as A
    from symderiv import verify

    info = A.softmax_info(3)
    xs3 = info.xs
    i, j, k = sp.symbols("i j k", integer=True, positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    x, s = sp.IndexedBase("x"), sp.IndexedBase("s")
    svec = sp.MatrixSymbol("s", n, 1)
    smax = sp.Function("softmax")
    xv = sp.Symbol("x")
    c = sp.Symbol("c", real=True)
    quarter = sp.Rational(1, 4)
    rng = np.random.default_rng(seed)
    z = rng.normal(size=3)
    J_num = np.array(sp.lambdify(xs3, info.jacobian)(*z), dtype=float)
    hstep = 1e-6
    J_fd = np.column_stack([(A.np_softmax(z + hstep * e) - A.np_softmax(z - hstep * e)) / (2 * hstep)
                            for e in np.eye(3)])
    # entrywise form s_i (delta_ij - s_j) with SymPy's Kronecker delta
    sz = A.np_softmax(z)
    J_delta = np.array([[float((s[i] * (sp.KroneckerDelta(i, j) - s[j])).subs({i: a + 1, j: b + 1})
                               .subs({s[m + 1]: sz[m] for m in range(3)})) for b in range(3)] for a in range(3)])
    big_in = np.array([1000.0, 1001.0, 999.0])
    with np.errstate(all="ignore"):
        naive = A.np_softmax_naive(big_in)
    stable = A.np_softmax(big_in)
    small = A.np_softmax_naive(big_in - 1000.0)
    # boundary cases of the entries
    diag_at = float(A.np_softmax_jacobian(np.array([np.log(2.0), 0.0, 0.0]))[0, 0])
    two_at = float(A.np_softmax_jacobian(np.array([0.7, 0.7]))[0, 1])
    ts = [2.0, 4.0, 8.0, 16.0]
    approach = [quarter - float(_np_softmax(np.array([t, t, -t]))[0] * _np_softmax(np.array([t, t, -t]))[1])
                for t in ts]
    approach_exact = [float(quarter - (1 / (2 + sp.exp(-2 * sp.Float(t)))) ** 2) for t in ts]
    off3, best3 = _max_offdiag(rng, 3)
    off5, best5 = _max_offdiag(rng, 5)
    offs = np.concatenate([off3, off5, [best3, best5]])
    xi = x[i]
    diag_e, off_e = s[i] * (1 - s[i]), -s[i] * s[j]
    open_iv = sp.Interval.open(-quarter, 0)
    return Task(T("Softmax (output units)", "Softmax (Ausgabeeinheiten)"), [
        Step(T("For {n} inputs the components are, for every {ir},",
               "Für {n} Eingaben sind die Komponenten, für jedes {ir},",
               n=n, ir=notation.element(i, notation.integer_range(1, n))),
             [Equation(s[i], [sp.exp(xi) / sp.Sum(sp.exp(x[k]), (k, 1, n))])]),
        Step(T("Entrywise the quotient rule gives {J}, where {d} is the Kronecker delta (1 for {ij}, "
               "0 otherwise); as a matrix {M}. For {n3}, SymPy's derivatives of the components give:",
               "Komponentenweise liefert die Quotientenregel {J}, wobei {d} das Kronecker-Delta ist (1 für "
               "{ij}, sonst 0); als Matrix {M}. Für {n3} ergeben SymPys Ableitungen der Komponenten:",
               J=sp.Eq(notation.partial_expr(s[i], x[j]), s[i] * (sp.KroneckerDelta(i, j) - s[j])),
               d=sp.KroneckerDelta(i, j), ij=sp.Eq(i, j),
               M=sp.Eq(sp.Symbol("J"), notation.terms(notation.operation("diag", svec), -svec * svec.T)),
               n3=sp.Eq(n, 3)),
             [Equation(sp.Symbol("J"), [info.jacobian_form])]),
        T("The diagonal entries {dg} lie in {dr}; the maximum {q} is attained where {sh}. The "
          "off-diagonal entries {oe} are negative, since every {sp}. For {n2}, {sum2}, so {prod2} "
          "and {q2} is attained at {x12}: they lie in {r2}. For {n3} and every larger {n}, {sumn}, so "
          "{prodn}, which is below {q}: the entries lie in the open interval {r3}; {q2} is approached (for {xt} and "
          "{tinf}) but never attained, and 0 is not attained either.",
          "Die Diagonaleinträge {dg} liegen in {dr}; das Maximum {q} wird angenommen, wo {sh}. Die "
          "Nebendiagonaleinträge {oe} sind negativ, da jedes {sp} ist. Für {n2} gilt {sum2}, also "
          "{prod2}, und {q2} wird bei {x12} angenommen: Sie liegen in {r2}. Für {n3} und jedes größere "
          "{n} gilt {sumn}, also {prodn}, und das ist kleiner als {q}: Die Einträge liegen im offenen Intervall {r3}; {q2} wird "
          "angenähert (für {xt} und {tinf}), aber nie angenommen, und 0 ebenfalls nicht.",
          dg=diag_e, dr=sp.Interval.Lopen(0, info.diag_bounds.sup), q=quarter, sh=sp.Eq(s[i], sp.Rational(1, 2)),
          oe=off_e, sp=sp.Gt(s[i], 0), n2=sp.Eq(n, 2), sum2=sp.Eq(notation.terms(s[1], s[2]), 1),
          prod2=sp.Le(s[1] * s[2], quarter), q2=-quarter, x12=sp.Eq(x[1], x[2]), r2=sp.Interval.Ropen(-quarter, 0),
          n=n, n3=sp.Eq(n, 3), sumn=sp.Lt(notation.terms(s[i], s[j]), 1),
          prodn=sp.Le(s[i] * s[j], notation.power(notation.terms(s[i], s[j]) / 2, 2)), r3=open_iv,
          xt=sp.Eq(xv, sp.Tuple(sp.Symbol("t"), sp.Symbol("t"), -sp.Symbol("t"))),
          tinf=notation.tends(sp.Symbol("t"), sp.oo)),
        Step(T("Shift invariance: SymPy simplifies the difference to zero, for every constant {c}:",
               "Verschiebungsinvarianz: SymPy vereinfacht die Differenz für jede Konstante {c} zu null:", c=c),
             [Equation(notation.terms(smax(notation.terms(xv, c)), -smax(xv)), [info.shift_difference.T])]),
        T("Hence the stable form {st} gives the same values without overflow: for {x0}, {ex} overflows in "
          "double precision (the naive formula gives {nv}), while the stable form gives {res}.",
          "Daher liefert die stabile Form {st} dieselben Werte ohne Überlauf: Für {x0} läuft {ex} in "
          "doppelter Genauigkeit über (die naive Formel liefert {nv}), die stabile Form dagegen {res}.",
          st=smax(notation.terms(xv, -notation.optimum("max", i, xi))),
          x0=sp.Eq(xv, sp.Tuple(1000, 1001, 999)), ex=sp.exp(xi),
          nv=T("NaN" if np.all(np.isnan(naive)) else "finite values",
               "NaN" if np.all(np.isnan(naive)) else "endliche Werte"),
          res=sp.Tuple(*[sp.Float(v, 6) for v in stable])),
        Check(T("Jacobian (SymPy) vs. central differences at a random point",
                "Jacobi-Matrix (SymPy) gegen zentrale Differenzen in einem Zufallspunkt"),
              verify.compare(J_num, J_fd, "central")),
        Check(T("Jacobian (SymPy) = {M} (NumPy)", "Jacobi-Matrix (SymPy) = {M} (NumPy)",
                M=notation.terms(notation.operation("diag", svec), -svec * svec.T)),
              verify.compare(J_num, A.np_softmax_jacobian(z), "numpy", tolerance=1e-12)),
        Check(T("Jacobian (SymPy) = {e} with SymPy's Kronecker delta", "Jacobi-Matrix (SymPy) = {e} mit "
                "SymPys Kronecker-Delta", e=s[i] * (sp.KroneckerDelta(i, j) - s[j])),
              verify.compare(J_num, J_delta, "sympy", tolerance=1e-12)),
        Check(T("stable form at {a} = naive softmax of {b}", "stabile Form bei {a} = naive Softmax von {b}",
                a=sp.Tuple(1000, 1001, 999), b=sp.Tuple(0, 1, -1)),
              verify.compare(stable, small, "numpy", tolerance=1e-12)),
        Check(T("diagonal maximum {q} attained at {x0}", "Diagonalmaximum {q} angenommen bei {x0}",
                q=quarter, x0=sp.Eq(xv, sp.Tuple(sp.log(2), 0, 0))),
              verify.compare(diag_at, 0.25, "numpy", tolerance=1e-12)),
        Check(T("{n2}: off-diagonal entry {q} attained at {x12}", "{n2}: Nebendiagonaleintrag {q} angenommen "
                "bei {x12}", n2=sp.Eq(n, 2), q=-quarter, x12=sp.Eq(x[1], x[2])),
              verify.compare(two_at, -0.25, "numpy", tolerance=1e-12)),
        Check(T("{n3} and {n5}: {c} at 4000 random points each and at the optimiser's maxima (not attained)",
                "{n3} und {n5}: {c} an je 4000 Zufallspunkten und in den Maxima des Optimierers (nicht "
                "angenommen)", n3=sp.Eq(n, 3), n5=sp.Eq(n, 5), c=sp.Lt(s[i] * s[j], quarter)),
              relation_record(offs, np.full(offs.shape, 0.25), "<")),
        Check(T("{n3}: {q} approached, {g} at {x0} for {ts}", "{n3}: {q} angenähert, {g} bei {x0} für {ts}",
                n3=sp.Eq(n, 3), q=-quarter, x0=sp.Eq(xv, sp.Tuple(sp.Symbol("t"), sp.Symbol("t"), -sp.Symbol("t"))),
                g=sp.Eq(notation.terms(quarter, -s[1] * s[2]),
                        notation.terms(quarter, -notation.power(1 / (2 + sp.exp(-2 * sp.Symbol("t"))), 2))),
                ts=sp.FiniteSet(*[int(t) for t in ts])),
              verify.compare(approach, approach_exact, "numpy", tolerance=1e-9)),
        Check(T("off-diagonal entries {c} (0 not attained), same points", "Nebendiagonaleinträge {c} (0 nicht "
                "angenommen), dieselben Punkte", c=sp.Lt(off_e, 0)),
              relation_record(-offs, np.zeros(offs.shape), "<")),
    ])
