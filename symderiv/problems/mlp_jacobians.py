"""Exercise 000 c (with bonus): backpropagation through an MLP as a product of Jacobians.

MLP 784 -> 256 (tanh) -> 256 (tanh) -> 10 (softmax), loss L = -log z_y. The solution
gives the DAG of x, z1, z2, z3, y, L; the gradients of L w.r.t. x and b1 as products of
Jacobians with the size of every factor (and the cost of both evaluation orders); the
explicit Jacobians of the activations and of the loss, derived from their definitions by
SymPy on small symbolic vectors; the bonus gradient w.r.t. W1 through the third-order
tensor J_o(W) with entries delta_ik x_l; the numeric check of every chain at full size;
and the lecture's remark that linear activations collapse the network to one affine map.
All layer-level LaTeX comes from :mod:`symderiv.layers`; everything else is SymPy.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.calculus.equivalence import equivalent
from symderiv import layers, verify
from symderiv.documents import notation
from symderiv.documents.model import Check, Equation, Figure, Latex, Solution, Step, T, Table, Task
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, IntRange, Seq
from symderiv.problems.mlp_linear import task_check as _task_check, task_linear as _task_linear

SMALL = 3  # size of the symbolic vectors used to derive the Jacobians


def _network(params) -> layers.Network:
    try:
        sizes = [int(t) for t in str(params["layers"]).split(",") if t.strip()]
        acts = [t.strip() for t in str(params["activations"]).split(",") if t.strip()]
        return layers.Network(sizes, acts, params["loss"])
    except ValueError as exc:  # LayerError/ShapeError are ValueErrors too
        raise ProblemError(f"mlp-jacobians: {exc}") from None


def _drop_bounds(expr):
    """``Piecewise((e, k <= n), (0, True))`` -> ``e`` (indices are in range)."""
    return expr.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0].expr)


_VERDICT_DE = {"equal": "gleich", "different": "verschieden", "undecided": "unentschieden"}


def _param_symbol(p: str):
    """``x``, ``b1``, ``W1`` -> the symbols ``x``, ``b^(1)``, ``W^(1)``."""
    return sp.Symbol(p if len(p) == 1 else f"{p[0]}^({p[1:]})")


def _softmax_rule_rhs() -> str:
    """``diag(s) - s s^T`` from the layer table (the right-hand side of its rule)."""
    return layers.LAYERS["softmax"].rule


def _complex_step_jacobian(f, v, h=1e-20):
    v = np.asarray(v, dtype=float)
    cols = []
    for j in range(v.size):
        z = v.astype(complex)
        z[j] += 1j * h
        cols.append(np.atleast_1d(np.imag(f(z))) / h)
    return np.array(cols).T


def _sympy_matrix_value(M, subs):
    return np.array(M.subs(subs).evalf(30).tolist(), dtype=float)


# --------------------------------------------------------------------------------------

def _task_dag(net: layers.Network) -> Task:
    L = net.L
    blocks = [
        Step(T("The objective is computed along the chain from {x} through {z1}, ..., {zL} to {Ls}; "
               "the label {y} enters only the loss. Each layer computes {rec}. Each edge of the graph "
               "carries the Jacobian of its target with respect to its source; its size is written "
               "on the edge.",
               "Die Zielfunktion wird entlang der Kette von {x} über {z1}, ..., {zL} bis {Ls} berechnet; "
               "das Label {y} geht nur in den Loss ein. Jede Schicht berechnet {rec}. Jede Kante trägt "
               "die Jacobi-Matrix ihres Ziels nach ihrer Quelle; deren Größe steht an der Kante.",
               x=sp.Symbol("x"), z1=sp.Symbol("z^(1)"), zL=sp.Symbol(f"z^({L})"), Ls=sp.Symbol("L"),
               y=sp.Symbol("y"), rec=Latex(net.recursion_latex()))),
        Figure(layers.network_tikz(net),
               T("DAG of the objective with the Jacobian size on every edge.",
                 "DAG der Zielfunktion mit der Größe der Jacobi-Matrix an jeder Kante.")),
    ]
    rows = []
    for l in range(1, L + 1):
        a = net.activations[l - 1]
        rows.append([Latex(net.z(l - 1).latex), Latex(net.z(l).latex),
                     Latex(net.layer_map_latex(l)),
                     Latex(layers.shape_latex((net.sizes[l], net.sizes[l - 1]))), a.name])
    lf = net.loss_factor()
    rows.append([Latex(net.z(L).latex), sp.Symbol("L"), Latex(lf.symbol), Latex(layers.shape_latex(lf.shape)),
                 net.loss_rule.name])
    blocks.append(Table([T("from", "von"), T("to", "nach"), T("Jacobian", "Jacobi-Matrix"),
                         T("size", "Größe"), T("function", "Funktion")], rows,
                        T("Edges of the DAG.", "Kanten des DAG.")))
    return Task(T("Computation graph (DAG)", "Berechnungsgraph (DAG)"), blocks)


def _chain_blocks(net: layers.Network, chain: layers.Chain) -> list:
    blocks = [Equation(Latex(chain.lhs_latex()),
                       [Latex(chain.product_latex(symbols=True)), Latex(chain.sizes_latex()),
                        Latex(chain.product_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(layers.space_latex(chain.result_shape))],
                       relation=r"\in")]
    rows = [[f.name, Latex(f.symbol), Latex(f.latex), Latex(layers.shape_latex(f.shape))]
            for f in chain.factors]
    blocks.append(Table([T("factor", "Faktor"), T("Jacobian", "Jacobi-Matrix"),
                         T("explicitly", "explizit"), T("size", "Größe")], rows,
                        T("Factors of the chain for {p}, in order from the loss side; consecutive "
                          "sizes conform.",
                          "Faktoren der Kette für {p}, von der Loss-Seite her; aufeinanderfolgende "
                          "Größen passen zusammen.", p=_param_symbol(chain.param))))
    return blocks


def _task_chains(net: layers.Network) -> Task:
    blocks = [Step(T("By the multivariate chain rule the derivative of {L} with respect to an input "
                     "or parameter is the product of the Jacobians along the path from it to {L}. "
                     "The gradient is its transpose, a column vector.",
                     "Nach der mehrdimensionalen Kettenregel ist die Ableitung von {L} nach einer "
                     "Eingabe oder einem Parameter das Produkt der Jacobi-Matrizen entlang des Pfades "
                     "zu {L}. Der Gradient ist ihre Transponierte, ein Spaltenvektor.", L=sp.Symbol("L")))]
    for p in ("x", "b1"):
        blocks.extend(_chain_blocks(net, net.chain(p)))
    rows = []
    for p in ("x", "b1", "W1"):
        fl = net.chain(p).flops()
        rows.append([_param_symbol(p), fl['reverse'], fl['forward'],
                     round(fl['forward'] / max(fl['reverse'], 1))])
    blocks.append(Step(T("Evaluation order: multiplying from the loss side keeps a row vector "
                         "(vector-Jacobian products, as backpropagation does); multiplying from the "
                         "input side forms full matrices. For a vector of length {n} a diagonal factor "
                         "costs {n} multiply-adds, {soft} costs {three}.",
                         "Auswertungsreihenfolge: Von der Loss-Seite her bleibt das Zwischenergebnis "
                         "ein Zeilenvektor (Vektor-Jacobi-Produkte wie bei Backpropagation); von der "
                         "Eingabeseite her entstehen volle Matrizen. Für einen Vektor der Länge {n} kostet "
                         "ein diagonaler Faktor {n} Multiplikationen mit Addition, {soft} kostet {three}.",
                         n=sp.Symbol("n"), three=3 * sp.Symbol("n"), soft=Latex(_softmax_rule_rhs()))))
    blocks.append(Table([T("parameter", "Parameter"), T("loss side (multiply-adds)", "Loss-Seite (Mult.-Add.)"),
                         T("input side (multiply-adds)", "Eingabeseite (Mult.-Add.)"), T("ratio", "Verhältnis")],
                        rows, T("Cost of both evaluation orders.", "Kosten beider Auswertungsreihenfolgen.")))
    return Task(T("Gradients as products of Jacobians", "Gradienten als Produkte von Jacobi-Matrizen"), blocks)


def _elementwise_blocks(rule: layers.LayerRule, seed: int) -> list:
    t = sp.Symbol("t", real=True)
    f = rule.scalar(t)
    definition = f.rewrite(sp.exp) if rule.name != "identity" else t
    d_def = sp.diff(definition, t)
    d_rule = rule.derivative_at(t)
    eq = equivalent(d_def, d_rule, [t], seed=seed)
    o = sp.symbols(f"o_1:{SMALL + 1}", real=True)
    J = sp.Matrix([rule.scalar(v) for v in o]).jacobian(o)
    blocks = [Step(T("{name}: from the definition {f} = {defn} the derivative is {d}, which equals "
                     "{drule} (SymPy confirms: {verdict}). Component {i} of the output depends only "
                     "on component {i} of the input, so the Jacobian is diagonal; for three components:",
                     "{name}: Aus der Definition {f} = {defn} folgt die Ableitung {d}, gleich "
                     "{drule} (von SymPy bestätigt: {verdict_de}). Komponente {i} der Ausgabe hängt nur "
                     "von Komponente {i} der Eingabe ab, die Jacobi-Matrix ist also diagonal; für drei "
                     "Komponenten:",
                     name=rule.name, f=f, defn=definition, d=d_def, drule=d_rule, i=sp.Symbol("i"),
                     verdict=eq.verdict, verdict_de=_VERDICT_DE.get(eq.verdict, eq.verdict)),
                   [Equation(Latex(rule.jacobian_symbol_latex), [J])])]
    rng = np.random.default_rng(seed)
    v = rng.uniform(-0.9, 0.9, SMALL)
    derived = layers.layer_jacobian(rule.name, v)
    ref = _sympy_matrix_value(J, dict(zip(o, v)))
    cs = _complex_step_jacobian(lambda z: rule.forward(z), v)
    blocks.append(Check(T("Jacobian of {name}: the diagonal rule vs SymPy's Jacobian (3 components)",
                          "Jacobi-Matrix von {name}: die Diagonalregel gegen SymPys Jacobi-Matrix (3 Komponenten)",
                          name=rule.name), verify.compare(derived, ref, "sympy", tolerance=1e-12)))
    blocks.append(Check(T("Jacobian of {name}: rule vs complex step",
                          "Jacobi-Matrix von {name}: Regel gegen komplexen Schritt",
                          name=rule.name), verify.compare(derived, cs, "complex")))
    return blocks


def _softmax_blocks(seed: int) -> list:
    o = sp.symbols(f"o_1:{SMALL + 1}", real=True)
    s = sp.symbols(f"s_1:{SMALL + 1}", positive=True)
    den = sp.Add(*[sp.exp(v) for v in o])
    soft = [sp.exp(v) / den for v in o]
    J = sp.Matrix(soft).jacobian(o)
    S = sp.Matrix(SMALL, SMALL, lambda i, j: s[i] * (sp.KroneckerDelta(i, j) - s[j]))
    diff = (J - S.subs(dict(zip(s, soft)))).applyfunc(sp.simplify)
    proven = diff == sp.zeros(SMALL, SMALL)
    i, j, k = sp.symbols("i j k", integer=True)
    nn = sp.Symbol("n", integer=True, positive=True)
    si, sj = sp.IndexedBase("s")[i], sp.IndexedBase("s")[j]
    oj = sp.IndexedBase("o")[j]
    blocks = [
        Step(T("softmax: {sdef}. By the quotient rule {lhs} = {entry}: for {eq} the numerator "
               "depends on the variable as well, for {ne} only the denominator does. For three "
               "components SymPy's Jacobian of the definition is",
               "Softmax: {sdef}. Mit der Quotientenregel gilt {lhs} = {entry}: für {eq} hängt auch "
               "der Zähler von der Variablen ab, für {ne} nur der Nenner. Für drei Komponenten "
               "ist SymPys Jacobi-Matrix der Definition",
               sdef=sp.Eq(si, sp.exp(sp.IndexedBase("o")[i]) / sp.Sum(sp.exp(sp.IndexedBase("o")[k]),
                                                                      (k, 1, nn))),
               lhs=sp.Derivative(si, oj), entry=si * (sp.KroneckerDelta(i, j) - sj),
               eq=sp.Eq(i, j), ne=sp.Ne(i, j)),
             [Equation(Latex(layers.LAYERS["softmax"].jacobian_symbol_latex), [S])]),
        Step(T("and SymPy's Jacobian minus this matrix " + ("simplifies to the zero matrix. "
               if proven else "does not simplify to the zero matrix. ") + "In matrix notation {rule}, "
               "of size {nn}.",
               "und SymPys Jacobi-Matrix minus diese Matrix " + ("vereinfacht sich zur Nullmatrix. "
               if proven else "vereinfacht sich nicht zur Nullmatrix. ") + "In Matrixschreibweise "
               "{rule}, der Größe {nn}.", nn=Latex(layers.shape_latex(("n", "n"))),
               rule=Latex(layers.LAYERS["softmax"].rule_equation_latex))),
    ]
    rng = np.random.default_rng(seed + 1)
    v = rng.normal(0, 1.5, SMALL)
    derived = layers.layer_jacobian("softmax", v)
    ref = _sympy_matrix_value(J, dict(zip(o, v)))
    cs = _complex_step_jacobian(layers.softmax_np, v)
    blocks.append(Check(T("Jacobian of softmax: {r} vs SymPy's Jacobian",
                          "Jacobi-Matrix von Softmax: {r} gegen SymPys Jacobi-Matrix", r=Latex(_softmax_rule_rhs())),
                        verify.compare(derived, ref, "sympy", tolerance=1e-12)))
    blocks.append(Check(T("Jacobian of softmax: rule vs complex step",
                                          "Jacobi-Matrix von Softmax: Regel gegen komplexen Schritt"),
                        verify.compare(derived, cs, "complex")))
    return blocks


def _loss_blocks(net: layers.Network, seed: int) -> list:
    r = net.loss_rule
    # probabilities are positive (cross-entropy); outputs of other losses are any reals
    p = sp.symbols(f"p_1:{SMALL + 1}", **({"positive": True} if r.name == "ce" else {"real": True}))
    y = 2  # label (1-based) of the small example
    rng = np.random.default_rng(seed + 2)
    if r.target == "index":
        Ls = r.sympy_vector(list(p), y - 1)
        target_np = y - 1
        v = rng.dirichlet(np.ones(SMALL)) if r.name == "ce" else rng.normal(0, 1, SMALL)
        target_text = T("label {y}", "Label {y}", y=sp.Eq(sp.Symbol("y"), y))
    else:
        tv = [sp.Rational(1, 2), sp.Rational(-1, 4), sp.Rational(3, 4)]
        Ls = r.sympy_vector(list(p), tv)
        target_np = np.array([float(t) for t in tv])
        v = rng.normal(0, 1, SMALL)
        target_text = T("target {y}", "Ziel {y}", y=sp.Eq(sp.Symbol("y"), sp.Matrix(tv).T, evaluate=False))
    J = sp.Matrix([Ls]).jacobian(p)
    blocks = [Step(T("Loss {name}: for three classes and {target}, {L} and SymPy's Jacobian is",
                     "Loss {name}: für drei Klassen und {target} ist {L}, SymPys Jacobi-Matrix ist",
                     name=r.name, target=target_text, L=sp.Eq(sp.Symbol("L"), Ls)),
                   [Equation(Latex(r.jacobian_symbol_latex), [J])]),
              Step(T("In general: {rule} (size {s}, here {s2}).",
                     "Allgemein: {rule} (Größe {s}, hier {s2}).",
                     rule=Latex(r.rule), s=Latex(layers.shape_latex((1, "n"))),
                     s2=Latex(layers.shape_latex((1, net.sizes[-1])))))]
    derived = layers.layer_jacobian(r.name, v, target=target_np)
    ref = _sympy_matrix_value(J, dict(zip(p, v)))
    blocks.append(Check(T("Jacobian of the loss: rule vs SymPy's Jacobian",
                          "Jacobi-Matrix des Loss: Regel gegen SymPys Jacobi-Matrix"),
                        verify.compare(derived, ref, "sympy", tolerance=1e-12)))
    cs = _complex_step_jacobian(lambda z: r.forward(z, {"y": target_np}), v)
    blocks.append(Check(T("Jacobian of the loss: rule vs complex step",
                          "Jacobi-Matrix des Loss: Regel gegen komplexen Schritt"),
                        verify.compare(derived, cs, "complex")))
    return blocks


def _affine_blocks() -> list:
    i, j, k, l = sp.symbols("i j k l", integer=True, positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    W, x, b, o = (sp.IndexedBase(c) for c in "Wxbo")
    oi = sp.Sum(W[i, j] * x[j], (j, 1, n)) + b[i]
    return [Step(T("Affine map, componentwise {oi}: {dx} and {db}, so {rule}.",
                   "Affine Abbildung, komponentenweise {oi}: {dx} und {db}, also {rule}.",
                   rule=Latex(layers.LAYERS["affine"].rule),
                   oi=sp.Eq(o[i], oi),
                   dx=sp.Eq(sp.Derivative(o[i], x[l]), _drop_bounds(sp.diff(oi, x[l]).doit())),
                   db=sp.Eq(sp.Derivative(o[i], b[k]), _drop_bounds(sp.diff(oi, b[k]).doit()))))]


def _task_explicit(net: layers.Network, seed: int) -> Task:
    blocks = [Step(T("Every Jacobian below is derived by SymPy from the definition of the function "
                     "on vectors with three components and checked numerically against the layer "
                     "rule used in the chains.",
                     "Jede Jacobi-Matrix unten leitet SymPy aus der Definition der Funktion für "
                     "Vektoren mit drei Komponenten her; sie wird numerisch mit der Schichtregel "
                     "verglichen, die in den Ketten verwendet wird."))]
    blocks += _affine_blocks()
    seen = set()
    for l, a in enumerate(net.activations, 1):
        if a.name in seen or (net.fused and l == net.L):
            continue
        seen.add(a.name)
        blocks += _softmax_blocks(seed) if a.kind == "softmax" else _elementwise_blocks(a, seed)
    if net.fused:
        blocks += _softmax_blocks(seed)
    blocks += _loss_blocks(net, seed)
    return Task(T("Explicit Jacobians", "Explizite Jacobi-Matrizen"), blocks)


def _task_bonus(net: layers.Network, seed: int) -> Task:
    chain = net.chain("W1")
    tensor = chain.tensor
    i, j, k, l = sp.symbols("i j k l", integer=True, positive=True)
    m, n = sp.symbols("m n", integer=True, positive=True)
    W, x, b, o = (sp.IndexedBase(c) for c in "Wxbo")
    oi = sp.Sum(W[i, j] * x[j], (j, 1, n)) + b[i]
    d_tensor = _drop_bounds(sp.diff(oi, W[k, l]).doit())
    delta = sp.IndexedBase("delta__(1)")
    contraction = sp.Sum(delta[i] * d_tensor, (i, 1, m))
    contracted = _drop_bounds(contraction.doit())
    blocks = [
        Step(T("The derivative of the layer's affine map with respect to the matrix {W1} has three "
               "indices: SymPy gives {entry}, the Kronecker delta times the layer input. So {J} is "
               "a third-order tensor (not a matrix) with these entries, {outer}, of size {shape}:",
               "Die Ableitung der affinen Abbildung der Schicht nach der Matrix {W1} hat drei "
               "Indizes: SymPy liefert {entry}, das Kronecker-Delta mal die Eingabe der Schicht. "
               "{J} ist also ein Tensor dritter Stufe (keine Matrix) mit diesen Einträgen, {outer}, "
               "der Größe {shape}:", W1=sp.Symbol("W^(1)"),
               entry=sp.Eq(sp.Derivative(o[i], W[k, l]), d_tensor), J=Latex(chain.factors[-1].symbol),
               outer=Latex(tensor.latex), shape=Latex(layers.shape_latex(tensor.shape))),
             [Equation(Latex(chain.factors[-1].entries_symbol_latex()),
                       [Latex(tensor.entries_latex())]),
              Equation(Latex(chain.factors[-1].symbol), [Latex(tensor.latex)]),
              Equation(Latex(chain.factors[-1].symbol), [Latex(layers.space_latex(tensor.shape))],
                       relation=r"\in")]),
        Step(T("With the row vector of the chain up to {o1} (size {s}),",
               "Mit dem Zeilenvektor der Kette bis {o1} (Größe {s})", o1=sp.Symbol("o^(1)"),
               s=Latex(layers.shape_latex((1, net.sizes[1])))),
             [Equation(Latex(chain.delta_transposed_latex()), [Latex(chain.delta_row_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(chain.sizes_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(layers.space_latex(chain.result_shape))],
                       relation=r"\in")]),
        Step(T("the contraction over {i} gives {c} = {r}, i.e. the outer product of the "
               "backpropagated vector and the layer input (the leading 1 of the tensor of size {s} "
               "dropped):",
               "die Kontraktion über {i} ergibt {c} = {r}, also das äußere Produkt des "
               "zurückpropagierten Vektors mit der Eingabe der Schicht (die führende 1 des Tensors "
               "der Größe {s} entfällt):", i=i,
               c=contraction, r=contracted, s=Latex(layers.shape_latex((1, net.sizes[1], net.sizes[0])))),
             [Equation(Latex(chain.lhs_latex()), [Latex(chain.contracted_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(layers.space_latex(chain.gradient_shape))],
                       relation=r"\in")]),
    ]
    # explicit tensor on a small network of the same kind: contraction = delta x^T
    small = layers.Network([5] + [4] * (net.L - 1) + [3], [a.name for a in net.activations],
                           net.loss_rule.name)
    env = small.forward(small.init(seed + 3))
    c = small.chain("W1")
    blocks.append(Check(T("{g} on a small network ({sizes}): the tensor formed explicitly and "
                          "contracted vs the outer product {d}",
                          "{g} an einem kleinen Netz ({sizes}): der Tensor explizit gebildet und "
                          "kontrahiert gegen das äußere Produkt {d}", sizes="-".join(map(str, small.sizes)),
                          g=Latex(chain.lhs_latex()), d=sp.Symbol("delta^(1)") * sp.Symbol("x^T")),
                        verify.compare(c.evaluate(env), c.evaluate_dense(env), "tensor contraction",
                                       tolerance=1e-12)))
    return Task(T("Bonus: gradient with respect to {W} via a tensor",
                  "Bonus: Gradient nach {W} über einen Tensor", W=sp.Symbol("W^(1)")), blocks)


@register("mlp-jacobians",
          "MLP 784-256-256-10 (tanh, tanh, softmax, cross-entropy): DAG, Jacobian chains with sizes, "
          "explicit Jacobians, tensor gradient for W1, numeric check at full size",
          params=[Param("layers", "784,256,256,10", "layer sizes d0,...,dL", Seq(IntRange(2, 8), 4, sep=",")),
                  Param("activations", "tanh,tanh,softmax", "one activation per layer",
                        Seq(Choice(("tanh", "sigmoid", "relu")), 2, sep=",", last=("softmax",))),
                  Param("loss", "ce", "loss: ce, softmax_ce, l2, l2_half or l1")],
          source="shared/seeds/000, task c (with bonus); lecture 003", lang="de")
def build(params: dict, seed: int) -> Solution:
    net = _network(params)
    if net.L < 1:
        raise ProblemError("mlp-jacobians: the network needs at least one layer")
    given = [
        Step(T("An MLP {desc} (activations {acts}) with {rec}, trained to minimize the loss {loss}.",
               "Ein MLP {desc} (Aktivierungen {acts}) mit {rec}, trainiert durch Minimieren des Verlusts {loss}.",
               desc=notation.Arrows(*net.sizes), acts=", ".join(a.name for a in net.activations),
               rec=Latex(net.recursion_latex()), loss=Latex(net.loss_latex()))),
    ]
    tasks = [_task_dag(net), _task_chains(net), _task_explicit(net, seed), _task_bonus(net, seed),
             _task_check(net, seed), _task_linear(net, seed)]
    return Solution("mlp-jacobians",
                    T("Backpropagation through an MLP with Jacobians",
                      "Backpropagation durch ein MLP mit Jacobi-Matrizen"),
                    source="shared/seeds/000, c)", given=given, tasks=tasks, answers=_answers(net))


def _answers(net: layers.Network) -> list:
    """Questions of the exercise sheet: sizes and the cost of the loss-side evaluation
    (the numbers of the chain and cost tables of task 2)."""
    from symderiv.documents.answers import Answer
    exact = {"abs": 0.0, "rel": 0.0}
    (cx, cw), (L, x, W) = (net.chain("x"), net.chain("W1")), (sp.Symbol("L"), sp.Symbol("x"), _param_symbol("W1"))
    def entries(p):
        return T("number of entries of the gradient of {L} with respect to {p}",
                 "Anzahl der Einträge des Gradienten von {L} nach {p}", L=L, p=p)
    return [
        Answer(entries(x), int(np.prod(cx.gradient_shape)), task=2, tolerance=exact),
        Answer(entries(W), int(np.prod(cw.gradient_shape)), task=2, tolerance=exact),
        Answer(T("multiply-adds to evaluate the chain for {x} from the loss side",
                 "Multiplikationen mit Addition, um die Kette für {x} von der Loss-Seite her auszuwerten", x=x),
               int(cx.flops()["reverse"]), task=2, tolerance=exact),
    ]
