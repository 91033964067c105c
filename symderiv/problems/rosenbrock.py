"""Exercise sheet 000, task b: the Rosenbrock function as a computation graph.

f(x1, x2) = b (x2 - x1^2)^2 + (a - x1)^2 (the sheet: a = 1, b = 100). The worked solution:

1. the DAG of f built from + - * and natural powers only (from the parsed text, so the
   structure is the one written), every edge's local derivative (figure and table),
   each verified by the complex step on its node's operation;
2. reverse accumulation along the graph written out as the chain rule, node by node
   (adjoint = sum over outgoing edges of target adjoint times local derivative), the
   gradient, checked numerically (``verify.check_expression``);
3. beyond the sheet: the Hessian (checked against central differences of the gradient
   computed by reverse accumulation), the stationary point (a, a^2) from ``sympy.solve``
   (checked: the numeric gradient vanishes there) and its classification by the
   eigenvalues of the Hessian (checked against ``numpy.linalg.eigvalsh``).

This module is the example for problem authors: sentences are ``T(en, de, **args)``;
math is SymPy (or ``symderiv.notation`` / library LaTeX); every derived result gets a
``Check`` whose record comes from ``symderiv.verify``.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, Grid
from symderiv.documents.model import Check, Equation, Figure, Result, Solution, Step, T, Table, Task


def rosenbrock_text(a: float, b: float) -> str:
    """The expression as text for the parser, built from the two numbers only."""
    return f"{float(b)!r}*(x2 - x1^2)^2 + ({float(a)!r} - x1)^2"


def _op_expr(node, args):
    """A node's operation applied to SymPy arguments (independent of graph.py's code)."""
    from symderiv.language.table import FUNCTIONS
    ops = {"+": lambda u, v: u + v, "-": lambda u, v: u - v, "*": lambda u, v: u * v,
           "/": lambda u, v: u / v, "^": lambda u, v: u ** v}
    if node.op in ops:
        return ops[node.op](*args)
    if node.op == "neg":
        return -args[0]
    if node.op == "pow":
        return args[0] ** node.param
    if node.op == "call":
        return FUNCTIONS[node.name].sympy(*args)
    raise ValueError(f"unknown operation {node.op}")


def _edge_check(g, point: dict) -> tuple:
    """Each edge's local derivative (SymPy, evaluated) against the complex-step derivative
    of its target's operation with respect to the source, at ``point``."""
    from symderiv.calculus.reverse import evaluate
    from symderiv.language.numeric import numeric
    from symderiv.verify import compare
    vals = g.forward(point)
    derived, independent = [], []
    h = 1e-20
    for e in g.edges:
        dst = g.nodes[e.dst]
        args = [sp.Symbol(f"arg{k}", real=True) for k in range(len(dst.parents))]
        F = numeric(_op_expr(dst, args), args)
        z = [complex(vals[p]) for p in dst.parents]
        z[e.slot] += 1j * h
        independent.append(float(np.imag(F(*z))) / h)
        derived.append(evaluate(e.derivative, {s: point[s.name] for s in e.derivative.free_symbols}))
    return compare(derived, independent, "complex")


def _hessian_check(g, H, wrt, points: list) -> object:
    """Hessian (SymPy, evaluated) against central differences of the gradient computed
    numerically by reverse accumulation over the graph."""
    from symderiv.calculus.reverse import evaluate
    from symderiv.verify import compare
    derived, independent = [], []
    n = len(wrt)
    for p in points:
        for j, v in enumerate(wrt):
            h = np.finfo(float).eps ** (1 / 3) * max(1.0, abs(p[v.name]))
            plus, minus = dict(p), dict(p)
            plus[v.name] += h
            minus[v.name] -= h
            ap, am = g.adjoints(plus), g.adjoints(minus)
            for i in range(n):
                idx = g.node(wrt[i].name).index
                independent.append((float(np.real(ap[idx])) - float(np.real(am[idx]))) / (2 * h))
                derived.append(evaluate(H[i, j], {s: p[s.name] for s in H[i, j].free_symbols}))
    return compare(derived, independent, "central")


def _ordinal_check(shown, k2, k1, x1, x2, a, seed):
    """The text names equation ``k2`` (0-based, in the order shown) as the one giving
    x2 = x1^2 and ``k1`` as the one then giving x1 = a. Solve the named equations (SymPy)
    and compare the solutions with x1^2 at random x1 and with a: a swapped ordinal fails
    (the other equation solved for x2 is x1^2 + (x1 - a) / (2 b x1))."""
    from symderiv.verify import compare
    sol2 = sp.solve(shown[k2][1], x2)
    rng = np.random.default_rng(seed)
    xs = rng.uniform(0.5, 2.0, 5)
    derived = [float(s.subs(x1, v)) for s in sol2 for v in xs]
    expected = [float(v ** 2) for _ in sol2 for v in xs]
    sol1 = sp.solve(shown[k1][1].subs(x2, x1 ** 2), x1)
    derived += [float(v) for v in sol1]
    expected += [float(a)] * len(sol1)
    if not sol2 or not sol1:
        derived, expected = [1.0], [0.0]
    return compare(derived, expected, "sympy.solve", tolerance=1e-12)


@register("rosenbrock",
          "Rosenbrock function: DAG with edge derivatives, reverse accumulation, gradient, "
          "Hessian, minimum",
          source="000 b", lang="de",
          params=[Param("a", 1.0, "constant a in (a - x1)^2", Grid(-2.0, 2.0, 0.5, exclude=(0.0,))),
                  Param("b", 100.0, "factor b of (x2 - x1^2)^2 (nonzero)", Choice((0.5, 1.0, 2.0, 5.0, 10.0, 100.0))),
                  Param("x1", 1.2, "check point: x1", Grid(-2.0, 2.0, 0.1)),
                  Param("x2", 1.0, "check point: x2", Grid(-2.0, 2.0, 0.1))])
def build(params: dict, seed: int) -> Solution:
    from symderiv.calculus.matrices import hessian
    from symderiv.calculus.reverse import evaluate, gradient, gradient_values
    from symderiv.documents import notation
    from symderiv import verify
    from symderiv.graph.core import Graph
    from symderiv.language.parse import parse, parse_ast, symbol

    a_f, b_f = float(params["a"]), float(params["b"])
    if b_f == 0:
        raise ProblemError("parameter b must be nonzero (for b = 0, f does not depend on x2)")
    text = rosenbrock_text(a_f, b_f)
    a, b = parse(repr(a_f)), parse(repr(b_f))  # exact decimals, as in the graph
    g = Graph.from_ast(parse_ast(text))
    f = g.expr
    x1, x2 = symbol("x1"), symbol("x2")
    wrt = [x1, x2]
    fx = sp.Function("f")(x1, x2)
    check_point = {"x1": float(params["x1"]), "x2": float(params["x2"])}
    pt_sym = {x1: check_point["x1"], x2: check_point["x2"]}
    pt_tuple = (check_point["x1"], check_point["x2"])

    given = [
        Equation(fx, [f]),
        T("with {a} and {b}; numbers are checked at the point {xp}.",
          "mit {a} und {b}; Zahlenwerte werden im Punkt {xp} geprüft.",
          a=sp.Eq(sp.Symbol("a"), a), b=sp.Eq(sp.Symbol("b"), b),
          xp=sp.Eq(sp.Tuple(x1, x2), sp.Tuple(*map(sp.Float, pt_tuple)), evaluate=False)),
    ]

    # ---------------------------------------------------------------- task 1: the DAG
    vals = g.forward(check_point)
    evals = g.edge_values(vals)
    node_rows = []
    for n in g.nodes:
        if n.op == "input":
            kind = T("input", "Eingabe")
            rhs = n.sym
        elif n.op == "const":
            kind = T("constant", "Konstante")
            rhs = n.sym
        else:
            kind = T("operation", "Operation")
            rhs = _op_expr(n, [g.nodes[p].sym for p in n.parents])
        # a constant is shown as the figure shows it: by its value (its id c1, c2 ... is internal)
        node_rows.append([n.sym, kind, rhs, float(np.real(vals[n.index]))])
    edge_rows = [[notation.edge(g.nodes[e.src].sym, g.nodes[e.dst].sym),
                  e.local, e.derivative, float(np.real(evals[e.index]))] for e in g.edges]
    edge_record = _edge_check(g, check_point)
    task1 = Task(T("Computation graph (DAG) and local derivatives",
                   "Berechnungsgraph (DAG) und lokale Ableitungen"), [
        Step(T("We write {f} as a sequence of elementary operations using only addition, subtraction, "
               "multiplication and powers with natural exponents. Every node computes one operation "
               "of the values of its predecessors; the edge from a node {u} to a node {v} carries the "
               "local derivative of {v} with respect to {u}. The graph has {n} nodes and {m} edges.",
               "Wir schreiben {f} als Folge elementarer Operationen, die nur Addition, Subtraktion, "
               "Multiplikation und Potenzen mit natürlichen Exponenten verwenden. Jeder Knoten "
               "berechnet eine Operation aus den Werten seiner Vorgänger; die Kante von einem Knoten "
               "{u} zu einem Knoten {v} trägt die lokale Ableitung von {v} nach {u}. Der Graph hat {n} "
               "Knoten und {m} Kanten.",
               n=len(g.nodes), m=len(g.edges), f=sp.Symbol("f"), u=sp.Symbol("u"), v=sp.Symbol("v"))),
        Figure(g.to_tikz(), T("Computation graph of {f}; each edge is labelled with its local derivative.",
                              "Berechnungsgraph von {f}; jede Kante ist mit ihrer lokalen Ableitung "
                              "beschriftet.", f=sp.Symbol("f")), svg=g),
        Table([T("Node", "Knoten"), T("Kind", "Art"), T("Computes", "Berechnet"),
               T("Value at {p}", "Wert bei {p}", p=pt_tuple)], node_rows,
              T("Nodes in topological order (forward pass).",
                "Knoten in topologischer Reihenfolge (Vorwärtsdurchlauf).")),
        Table([T("Edge", "Kante"), T("Local derivative", "Lokale Ableitung"),
               T("In {x}", "In {x}", x=sp.Tuple(x1, x2)), T("Value at {p}", "Wert bei {p}", p=pt_tuple)], edge_rows,
              T("Every edge with its local derivative (target by source).",
                "Jede Kante mit ihrer lokalen Ableitung (Ziel nach Quelle).")),
        T("Edges leaving a constant carry a local derivative as well; they do not contribute to "
          "the gradient with respect to {x1} and {x2}.",
          "Auch Kanten, die von einer Konstanten ausgehen, tragen eine lokale Ableitung; zum "
          "Gradienten nach {x1} und {x2} tragen sie nicht bei.", x1=x1, x2=x2),
        Check(T("local derivative of every edge at {p}", "lokale Ableitung jeder Kante bei {p}",
                p=pt_tuple), edge_record),
    ])

    # ---------------------------------------------------------------- task 2: reverse accumulation
    from symderiv.graph.core import adjoint_symbol
    grad = gradient(f, wrt, graph=g)
    adj_num = g.adjoints(check_point, vals, evals)
    adj_sym: dict[int, sp.Symbol] = {}
    adj_expr: dict[int, sp.Expr] = {}
    chain_steps = []
    for n in reversed(g.nodes):
        if n.op == "const":
            continue
        sym = adjoint_symbol(n.id)
        adj_sym[n.index] = sym
        if n.index == g.output:
            adj_expr[n.index] = sp.S.One
            chain_steps.append(Equation(sym, [sp.S.One]))
            continue
        terms, terms_in_x = [], []
        for ei in g.children[n.index]:
            e = g.edges[ei]
            target = adj_sym[e.dst]
            if e.local == 1:
                terms.append(target)
            elif e.local == -1:
                terms.append(-target)
            else:
                terms.append(sp.Mul(target, sp.UnevaluatedExpr(e.local), evaluate=False))
            terms_in_x.append(adj_expr[e.dst] * e.derivative)
        value_x = sp.factor(sp.Add(*terms_in_x))
        adj_expr[n.index] = value_x
        chain = sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]
        rhs = [chain]
        if value_x != chain:
            rhs.append(value_x)
        if not value_x.is_Number:
            rhs.append(float(np.real(adj_num[n.index])))
        chain_steps.append(Equation(sym, rhs))
    closed = list(grad.closed_form)
    grad_at = [float(v) for v in gradient_values(f, wrt, pt_sym)]
    rec_point = verify.check_expression(f, wrt, gradient=closed, point=pt_sym, seed=seed)
    rec_random = verify.check_expression(f, wrt, gradient=closed, n_points=10, seed=seed)
    adj_inputs = [float(np.real(adj_num[g.node(v.name).index])) for v in wrt]
    closed_at = [evaluate(c, pt_sym) for c in closed]
    rec_reverse = verify.compare(closed_at, adj_inputs, "reverse accumulation")
    task2 = Task(T("Reverse accumulation along the graph (chain rule)",
                   "Rückwärtsakkumulation entlang des Graphen (Kettenregel)"), [
        Step(T("The adjoint of a node {v} is the derivative of {f} with respect to {v}. The output "
               "has adjoint 1. Going backwards through the graph, the adjoint of a node is the "
               "sum, over its outgoing edges, of the target's adjoint times the edge's local "
               "derivative (chain rule). The adjoints of the inputs are the partial derivatives "
               "of {f}. Node by node, with the value at {p}:",
               "Die Adjungierte eines Knotens {v} ist die Ableitung von {f} nach {v}. Der Ausgang hat "
               "die Adjungierte 1. Rückwärts durch den Graphen ist die Adjungierte eines Knotens "
               "die Summe über seine ausgehenden Kanten von Adjungierter des Ziels mal lokaler "
               "Ableitung der Kante (Kettenregel). Die Adjungierten der Eingaben sind die "
               "partiellen Ableitungen von {f}. Knoten für Knoten, mit dem Wert bei {p}:",
               p=pt_tuple, f=sp.Symbol("f"), v=sp.Symbol("v")), chain_steps),
        Result(T("gradient", "Gradient"), notation.nabla(fx), sp.Matrix(closed)),
        Step(T("At the check point:", "Im Prüfpunkt:"),
             [Equation(notation.at(notation.nabla("f"), pt_sym), [np.array(grad_at)])]),
        Check(T("gradient at {p}", "Gradient bei {p}", p=pt_tuple), rec_point),
        Check(T("gradient at 10 random points", "Gradient an 10 Zufallspunkten"), rec_random),
        Check(T("adjoints of the inputs (reverse accumulation) = closed form",
                "Adjungierte der Eingaben (Rückwärtsakkumulation) = geschlossene Form"), rec_reverse),
    ])

    # ---------------------------------------------------------------- task 3: Hessian
    H = hessian(f, wrt)
    H_at = np.array([[evaluate(H[i, j], pt_sym) for j in range(2)] for i in range(2)])
    rng = np.random.default_rng(seed)
    hess_points = [check_point] + [{"x1": float(u), "x2": float(v)}
                                   for u, v in rng.uniform(-2.0, 2.0, size=(4, 2))]
    rec_hess = _hessian_check(g, H, wrt, hess_points)
    task3 = Task(T("Hessian matrix", "Hesse-Matrix"), [
        Step(T("Differentiating the gradient once more gives the (symmetric) Hessian matrix:",
               "Nochmaliges Ableiten des Gradienten ergibt die (symmetrische) Hesse-Matrix:"),
             [Equation(notation.hessian_symbol(fx), [H]),
              Equation(notation.at(notation.hessian_symbol("f"), pt_sym), [H_at])]),
        Check(T("Hessian vs. central differences of the gradient (reverse accumulation) at {k} points",
                "Hesse-Matrix gegen zentrale Differenzen des Gradienten (Rückwärtsakkumulation) "
                "an {k} Punkten", k=len(hess_points)), rec_hess),
    ])

    # ---------------------------------------------------------------- task 4: stationary point
    sols = sp.solve(closed, wrt, dict=True)
    if len(sols) != 1 or set(sols[0]) != set(wrt):
        raise ProblemError(f"expected one isolated stationary point, sympy found {sols}")
    sol = sols[0]
    p_star = (sol[x1], sol[x2])
    expected = (a, a ** 2)
    if sp.simplify(p_star[0] - expected[0]) != 0 or sp.simplify(p_star[1] - expected[1]) != 0:
        raise ProblemError(f"stationary point {p_star} is not (a, a^2) = {expected}")
    H_star = H.subs(sol)
    eig = H_star.eigenvals()
    eig_list = []
    for lam, mult in eig.items():
        eig_list += [sp.nsimplify(lam)] * mult
    eig_list.sort(key=lambda e: float(e))
    eig_float = [float(e) for e in eig_list]
    H_star_float = np.array(H_star.tolist(), dtype=float)
    rec_eig = verify.compare(eig_float, np.linalg.eigvalsh(H_star_float).tolist(), "eigvalsh")
    star_sym = {x1: float(p_star[0]), x2: float(p_star[1])}
    rec_zero = verify.check_expression(f, wrt, gradient=[sp.S.Zero, sp.S.Zero], point=star_sym, seed=seed)
    lam1, lam2 = sp.symbols("lambda1 lambda2", real=True)
    if all(e > 0 for e in eig_list):
        verdict = T("Both eigenvalues are positive: the Hessian is positive definite, so {p} is a "
                    "strict local minimum. Since {f} is a sum of squares ({bpos}), {fge}, and {fp}: "
                    "it is the global minimum.",
                    "Beide Eigenwerte sind positiv: Die Hesse-Matrix ist positiv definit, also ist {p} "
                    "ein striktes lokales Minimum. Da {f} eine Summe von Quadraten ist ({bpos}), gilt "
                    "{fge} und {fp}: Es ist das globale Minimum.", p=p_star, f=sp.Symbol("f"),
                    fge=sp.GreaterThan(sp.Symbol("f"), 0),
                    bpos=sp.StrictGreaterThan(sp.Symbol("b"), 0), fp=sp.Eq(sp.Function("f")(*p_star), 0))
        label = T("stationary point (minimum)", "stationärer Punkt (Minimum)")
    elif all(e < 0 for e in eig_list):
        verdict = T("Both eigenvalues are negative: the Hessian is negative definite, {p} is a local maximum.",
                    "Beide Eigenwerte sind negativ: Die Hesse-Matrix ist negativ definit, {p} ist ein "
                    "lokales Maximum.", p=p_star)
        label = T("stationary point (maximum)", "stationärer Punkt (Maximum)")
    elif any(e > 0 for e in eig_list) and any(e < 0 for e in eig_list):
        verdict = T("The eigenvalues have opposite signs: the Hessian is indefinite, {p} is a saddle point.",
                    "Die Eigenwerte haben verschiedene Vorzeichen: Die Hesse-Matrix ist indefinit, "
                    "{p} ist ein Sattelpunkt.", p=p_star)
        label = T("stationary point (saddle point)", "stationärer Punkt (Sattelpunkt)")
    else:
        verdict = T("An eigenvalue is zero: the Hessian alone does not decide the type of {p}.",
                    "Ein Eigenwert ist null: Die Hesse-Matrix allein entscheidet den Typ von {p} nicht.",
                    p=p_star)
        label = T("stationary point", "stationärer Punkt")
    # the equations in the order shown; the ordinals in the text are computed from this order
    shown = [(x2, closed[1]), (x1, closed[0])]
    ordinal = [("first", "erste"), ("second", "zweite")]
    by_x2 = [k for k, (_, e) in enumerate(shown) if sp.solve(e, x2) == [x1 ** 2]]
    if len(by_x2) != 1:
        raise ProblemError("expected exactly one equation that gives x2 = x1^2")
    k2 = by_x2[0]
    k1 = 1 - k2
    rec_order = _ordinal_check(shown, k2, k1, x1, x2, a, seed)
    task4 = Task(T("Stationary point and its classification",
                   "Stationärer Punkt und seine Klassifikation"), [
        Step(T("Setting both partial derivatives to zero (sympy.solve):",
               "Beide partiellen Ableitungen werden null gesetzt (sympy.solve):"),
             [Equation(notation.partial("f", v), [e, 0]) for v, e in shown]),
        T("The " + ordinal[k2][0] + " equation gives {e2} (as {b}); then the " + ordinal[k1][0]
          + " gives {e1}.",
          "Die " + ordinal[k2][1] + " Gleichung ergibt {e2} (wegen {b}); damit liefert die "
          + ordinal[k1][1] + " {e1}.",
          e2=sp.Eq(x2, x1**2), e1=sp.Eq(x1, a), b=sp.Ne(sp.Symbol("b"), 0)),
        Result(label, sp.Tuple(x1, x2), sp.Tuple(*p_star)),
        Step(T("The Hessian at this point and its eigenvalues:",
               "Die Hesse-Matrix in diesem Punkt und ihre Eigenwerte:"),
             [Equation(notation.at(notation.hessian_symbol("f"), {x1: p_star[0], x2: p_star[1]}), [H_star]),
              Equation(sp.Tuple(lam1, lam2), [sp.Tuple(*eig_list)]),
              Equation(sp.Tuple(lam1, lam2), [tuple(eig_float)], relation=r"\approx")]),
        verdict,
        Check(T("the equation named " + ordinal[k2][0] + " gives {e2}, then the " + ordinal[k1][0] + " gives {e1}",
                "die " + ordinal[k2][1] + " genannte Gleichung ergibt {e2}, dann die " + ordinal[k1][1]
                + " {e1}", e2=sp.Eq(x2, x1**2), e1=sp.Eq(x1, a)), rec_order),
        Check(T("gradient vanishes at {p}", "Gradient verschwindet bei {p}", p=p_star), rec_zero),
        Check(T("eigenvalues of the Hessian at {p}", "Eigenwerte der Hesse-Matrix bei {p}", p=p_star),
              rec_eig),
    ])

    return Solution("rosenbrock",
                    T("The Rosenbrock function: computation graph, chain rule and gradient",
                      "Die Rosenbrock-Funktion: Berechnungsgraph, Kettenregel und Gradient"),
                    source="shared/seeds/000, b)", given=given, tasks=[task1, task2, task3, task4])
