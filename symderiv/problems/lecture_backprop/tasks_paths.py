"""Teil 3 and Teil 4 of the lecture's backpropagation part: paths against forward and
reverse accumulation (counted multiplications), and backpropagation on the example."""
from __future__ import annotations

import sympy as sp

from symderiv.documents import notation
from symderiv.documents.i18n import Msg
from symderiv.documents.model import Check, Equation, Result, Step, Table
from symderiv.problems.gradient_flow_common import shown_number as num
from symderiv.problems.lecture_backprop import checks
from symderiv.problems.lecture_backprop import maths as M
from symderiv.problems.lecture_backprop.tasks import P, L, graph_defs, dL_of, f, g, h, s, u, x, y, z
from symderiv.problems.spec import Part, Question

v = sp.Symbol("v")
nsym, dsym, E = sp.Symbol("n"), sp.Symbol("d"), sp.Symbol("E")


def _blocks():
    return (sp.Eq(v, notation.terms(sp.sin(u), sp.cos(u))),
            sp.Eq(v, notation.terms(sp.sin(u), sp.cos(u), sp.exp(u))))


def _count(n: int) -> Msg:
    """'one block', '3 blocks' (the case the sentences need)."""
    return Msg(f"{P}.blocks.zero") if n == 0 else Msg(f"{P}.blocks.one") if n == 1 else Msg(f"{P}.blocks.many", n=n)


def _row(kind: str, n: int, c) -> list:
    label = {"example": Msg(f"{P}.row.example"), "neuron": Msg(f"{P}.row.neuron", n=sp.Eq(nsym, n)),
             "chain": Msg(f"{P}.row.chain", d=sp.Eq(dsym, n))}[kind]
    return [label, c.edges, c.paths, c.path_mults, c.forward_mults, c.reverse_mults]


def task_paths(m: M.Maths) -> Part:
    """Ableitungen im Berechnungsgraph: paths grow exponentially; dynamic programming."""
    rows = M.counts_table(m.seed)
    b2, b3 = _blocks()
    paths = M.chain_paths(m.two, m.three)
    count = sp.Symbol("N")
    statement = [Msg(f"{P}.t3.statement", b2=b2, b3=b3, a=_count(m.two), b=_count(m.three), u=u, s=s, N=count)]
    neuron = sp.Eq(L, notation.power(notation.terms(
        sp.Function("sigma")(sp.Sum(sp.Indexed("w", sp.Symbol("k")) * sp.Indexed("x", sp.Symbol("k")),
                                    (sp.Symbol("k"), 1, nsym))), -sp.Symbol("t")), 2))
    solution = [
        Msg(f"{P}.t3.ways", dv=notation.partial_expr(v, s), dL=notation.partial_expr(L, v)),
        Table([Msg(f"{P}.col.graph"), Msg(f"{P}.col.edges", E=sp.Abs(E)), Msg(f"{P}.col.paths"),
               Msg(f"{P}.col.by_paths"), Msg(f"{P}.col.forward"), Msg(f"{P}.col.reverse")],
              [_row(*r) for r in rows], Msg(f"{P}.t3.caption", L=neuron, n=nsym, b2=b2, d=dsym, s=s)),
        Msg(f"{P}.t3.compare", nE=nsym * sp.Abs(E), E=sp.Abs(E), n=nsym, n2=sp.GreaterThan(nsym, 2),
            n4=sp.GreaterThan(nsym, 4), d=dsym, pd=notation.power(2, dsym)),
        Step(Msg(f"{P}.t3.chain", a=_count(m.two), b=_count(m.three)), [
            Equation(count, [sp.Mul(notation.power(2, m.two), notation.power(3, m.three), evaluate=False), paths])]),
        Result(Msg(f"{P}.result.chain_paths", s=s), count, paths),
    ]
    found = [Check(Msg(f"{P}.check.t3_counted", nE=nsym * sp.Abs(E), E=sp.Abs(E)), checks.counted(rows)),
             Check(Msg(f"{P}.check.t3_same"), checks.same_gradient(rows)),
             Check(Msg(f"{P}.check.t3_cheaper", n2=sp.GreaterThan(nsym, 2)), checks.paths_cheaper_than_forward(rows)),
             Check(Msg(f"{P}.check.t3_dearer", n4=sp.GreaterThan(nsym, 4), d2=sp.GreaterThan(dsym, 2)),
                   checks.paths_dearer_than_reverse(rows)),
             Check(Msg(f"{P}.check.t3_chain", N=count), checks.chain_count(m.two, m.three, paths))]
    questions = [Question("chain_paths", Msg(f"{P}.q.chain_paths", s=s), paths, count)]  # a count: graded exactly
    return Part(statement, solution, found, questions)


def task_backprop(m: M.Maths) -> Part:
    """Backpropagation - Beispiel 1: the adjoints of the example, from L back to s."""
    vals = M.example_values(m.s0)
    loc = M.local_values(vals)
    adj = M.example_adjoints(vals, loc)
    at = sp.Eq(s, num(m.s0))
    lines = [(g, [sp.Integer(1)]), (h, [sp.Integer(1)]),
             (f, [notation.terms(notation.juxtaposed(dL_of(g), notation.partial_expr(g, f)),
                                 notation.juxtaposed(dL_of(h), notation.partial_expr(h, f))),
                  notation.terms(1 - g ** 2, 2 * f)]),
             (x, [notation.juxtaposed(dL_of(f), notation.partial_expr(f, x)), notation.juxtaposed(dL_of(f), y)]),
             (y, [notation.juxtaposed(dL_of(f), notation.partial_expr(f, y)), notation.juxtaposed(dL_of(f), x)]),
             (z, [notation.juxtaposed(dL_of(f), notation.partial_expr(f, z)), dL_of(f)]),
             (s, [notation.terms(*[notation.juxtaposed(dL_of(n), notation.partial_expr(n, s)) for n in (x, y, z)]),
                  notation.terms(notation.juxtaposed(dL_of(x), sp.cos(s)), notation.juxtaposed(dL_of(y), 2 * s),
                                 notation.juxtaposed(dL_of(z), z))])]
    statement = [Msg(f"{P}.t4.statement", defs=graph_defs(), at=at, x=x, y=y, z=z, dLs=dL_of(s), dLf=dL_of(f), dLg=dL_of(g), dLh=dL_of(h))]
    solution = [
        Table([Msg(f"{P}.col.node"), Msg(f"{P}.col.value", at=at)],
              [[sp.Symbol(n), sp.Float(vals[n])] for n in ["s"] + M.NAMES], Msg(f"{P}.t4.forward_caption", at=at)),
        Step(Msg(f"{P}.t4.sweep"), [Equation(dL_of(n), rhs + [sp.Float(adj[n.name])] * (not rhs[-1].is_Number)) for n, rhs in lines]),
        Result(Msg(f"{P}.result.dLf", at=at, L=L, f=f), notation.at(dL_of(f), {s: num(m.s0)}), sp.Float(adj["f"])),
        Result(Msg(f"{P}.result.dLs", at=at, L=L, s=s), notation.at(dL_of(s), {s: num(m.s0)}), sp.Float(adj["s"])),
        Msg(f"{P}.t4.paths", n=6, s=s, L=L),
    ]
    f_of_s = M.S ** 2 * sp.sin(M.S) + sp.exp(M.S)
    found = [Check(Msg(f"{P}.check.t4_adjoints", at=at, L=L), checks.adjoints(m, adj)),
             Check(Msg(f"{P}.check.t4_sympy", dLs=dL_of(s)), checks.against_sympy(sp.tanh(f_of_s) + f_of_s ** 2, m.s0,
                                                                               adj["s"]))]
    questions = [Question("dL_df", Msg(f"{P}.q.dLf", at=at), adj["f"], dL_of(f)),
                 Question("dL_ds", Msg(f"{P}.q.dLs", at=at), adj["s"], dL_of(s))]
    return Part(statement, solution, found, questions)
