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

from symderiv.calculus import tape as calculus
from symderiv import layers
from symderiv import verify
from symderiv.documents.model import Check, Equation, Figure, Latex, Solution, Step, T, Table, Task
from symderiv.problems import Param, ProblemError, register
from symderiv.problems.domains import Choice, IntRange, Seq

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
        Step(T("The objective is computed along the chain from x through z(1), ..., z({L}) to L; "
               "the label y enters only the loss. Each layer computes {rec}. Each edge of the graph "
               "carries the Jacobian of its target with respect to its source; its size is written "
               "on the edge.",
               "Die Zielfunktion wird entlang der Kette von x über z(1), ..., z({L}) bis L berechnet; "
               "das Label y geht nur in den Loss ein. Jede Schicht berechnet {rec}. Jede Kante trägt "
               "die Jacobi-Matrix ihres Ziels nach ihrer Quelle; deren Größe steht an der Kante.",
               L=L, rec=Latex(net.recursion_latex()))),
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
                          "Größen passen zusammen.", p=chain.param)))
    return blocks


def _task_chains(net: layers.Network) -> Task:
    blocks = [Step(T("By the multivariate chain rule the derivative of L with respect to an input "
                     "or parameter is the product of the Jacobians along the path from it to L. "
                     "The gradient is its transpose, a column vector.",
                     "Nach der mehrdimensionalen Kettenregel ist die Ableitung von L nach einer "
                     "Eingabe oder einem Parameter das Produkt der Jacobi-Matrizen entlang des Pfades "
                     "zu L. Der Gradient ist ihre Transponierte, ein Spaltenvektor."))]
    for p in ("x", "b1"):
        blocks.extend(_chain_blocks(net, net.chain(p)))
    rows = []
    for p in ("x", "b1", "W1"):
        fl = net.chain(p).flops()
        rows.append([p, f"{fl['reverse']:,}", f"{fl['forward']:,}",
                     f"{fl['forward'] / max(fl['reverse'], 1):.0f}"])
    blocks.append(Step(T("Evaluation order: multiplying from the loss side keeps a row vector "
                         "(vector-Jacobian products, as backpropagation does); multiplying from the "
                         "input side forms full matrices. Diagonal factors cost n per vector, "
                         "diag(s) - s s^T costs 3n.",
                         "Auswertungsreihenfolge: Von der Loss-Seite her bleibt das Zwischenergebnis "
                         "ein Zeilenvektor (Vektor-Jacobi-Produkte wie bei Backpropagation); von der "
                         "Eingabeseite her entstehen volle Matrizen. Diagonale Faktoren kosten n pro "
                         "Vektor, diag(s) - s s^T kostet 3n.")))
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
    eq = calculus.equivalent(d_def, d_rule, [t], seed=seed)
    o = sp.symbols(f"o_1:{SMALL + 1}", real=True)
    J = sp.Matrix([rule.scalar(v) for v in o]).jacobian(o)
    blocks = [Step(T("{name}: from the definition {f} = {defn} the derivative is {d}, which equals "
                     "{drule} (SymPy: {verdict}). Component i of the output depends only on "
                     "component i of the input, so the Jacobian is diagonal; for three components:",
                     "{name}: Aus der Definition {f} = {defn} folgt die Ableitung {d}, gleich "
                     "{drule} (SymPy: {verdict}). Komponente i der Ausgabe hängt nur von Komponente "
                     "i der Eingabe ab, die Jacobi-Matrix ist also diagonal; für drei Komponenten:",
                     name=rule.name, f=f, defn=definition, d=d_def, drule=d_rule, verdict=eq.verdict),
                   [Equation(Latex(rule.jacobian_symbol_latex), [J])])]
    rng = np.random.default_rng(seed)
    v = rng.uniform(-0.9, 0.9, SMALL)
    derived = layers.layer_jacobian(rule.name, v)
    ref = _sympy_matrix_value(J, dict(zip(o, v)))
    cs = _complex_step_jacobian(lambda z: rule.forward(z), v)
    blocks.append(Check(T("J of {name}: rule diag(f'(o)) vs SymPy's Jacobian (3 components)",
                          "J von {name}: Regel diag(f'(o)) vs. SymPy-Jacobi-Matrix (3 Komponenten)",
                          name=rule.name), verify.compare(derived, ref, "sympy", tolerance=1e-12)))
    blocks.append(Check(T("J of {name}: rule vs complex step", "J von {name}: Regel vs. komplexer Schritt",
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
        Step(T("softmax: {sdef}. By the quotient rule {lhs} = {entry}: for i = j the numerator "
               "depends on the variable as well, for i != j only the denominator does. For three "
               "components SymPy's Jacobian of the definition is",
               "Softmax: {sdef}. Mit der Quotientenregel gilt {lhs} = {entry}: für i = j hängt auch "
               "der Zähler von der Variablen ab, für i != j nur der Nenner. Für drei Komponenten "
               "ist SymPys Jacobi-Matrix der Definition",
               sdef=sp.Eq(si, sp.exp(sp.IndexedBase("o")[i]) / sp.Sum(sp.exp(sp.IndexedBase("o")[k]),
                                                                      (k, 1, nn))),
               lhs=sp.Derivative(si, oj), entry=si * (sp.KroneckerDelta(i, j) - sj)),
             [Equation(Latex(layers.LAYERS["softmax"].jacobian_symbol_latex), [S])]),
        Step(T("and J minus this matrix simplifies to the zero matrix ({ok}). In matrix notation "
               "{rule}, of size n x n.",
               "und J minus diese Matrix vereinfacht sich zur Nullmatrix ({ok}). In "
               "Matrixschreibweise {rule}, der Größe n x n.",
               ok=T("yes", "ja") if proven else T("no", "nein"),
               rule=Latex(layers.LAYERS["softmax"].rule_equation_latex))),
    ]
    rng = np.random.default_rng(seed + 1)
    v = rng.normal(0, 1.5, SMALL)
    derived = layers.layer_jacobian("softmax", v)
    ref = _sympy_matrix_value(J, dict(zip(o, v)))
    cs = _complex_step_jacobian(layers.softmax_np, v)
    blocks.append(Check(T("J of softmax: diag(s) - s s^T vs SymPy's Jacobian",
                          "J von Softmax: diag(s) - s s^T vs. SymPy-Jacobi-Matrix"),
                        verify.compare(derived, ref, "sympy", tolerance=1e-12)))
    blocks.append(Check(T("J of softmax: rule vs complex step", "J von Softmax: Regel vs. komplexer Schritt"),
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
        target_text = T("label y = {y}", "Label y = {y}", y=y)
    else:
        tv = [sp.Rational(1, 2), sp.Rational(-1, 4), sp.Rational(3, 4)]
        Ls = r.sympy_vector(list(p), tv)
        target_np = np.array([float(t) for t in tv])
        v = rng.normal(0, 1, SMALL)
        target_text = T("target y = {y}", "Ziel y = {y}", y=sp.Matrix(tv).T)
    J = sp.Matrix([Ls]).jacobian(p)
    blocks = [Step(T("Loss {name}: for three classes and {target}, L = {L} and SymPy's Jacobian is",
                     "Loss {name}: für drei Klassen und {target} ist L = {L}, SymPys Jacobi-Matrix ist",
                     name=r.name, target=target_text, L=Ls),
                   [Equation(Latex(r.jacobian_symbol_latex), [J])]),
              Step(T("In general: {rule} (size 1 x n, here 1 x {n}).",
                     "Allgemein: {rule} (Größe 1 x n, hier 1 x {n}).",
                     rule=Latex(r.rule), n=net.sizes[-1]))]
    derived = layers.layer_jacobian(r.name, v, target=target_np)
    ref = _sympy_matrix_value(J, dict(zip(p, v)))
    blocks.append(Check(T("J of the loss: rule vs SymPy's Jacobian", "J des Loss: Regel vs. SymPy-Jacobi-Matrix"),
                        verify.compare(derived, ref, "sympy", tolerance=1e-12)))
    cs = _complex_step_jacobian(lambda z: r.forward(z, {"y": target_np}), v)
    blocks.append(Check(T("J of the loss: rule vs complex step", "J des Loss: Regel vs. komplexer Schritt"),
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
        Step(T("The derivative of the layer's affine map with respect to the matrix W(1) has three "
               "indices: SymPy gives {entry}, the Kronecker delta times the layer input. So {J} is "
               "a third-order tensor, the outer product {outer}, of size {shape}:",
               "Die Ableitung der affinen Abbildung der Schicht nach der Matrix W(1) hat drei "
               "Indizes: SymPy liefert {entry}, das Kronecker-Delta mal die Eingabe der Schicht. "
               "{J} ist also ein Tensor dritter Stufe, das äußere Produkt {outer}, der Größe {shape}:",
               entry=sp.Eq(sp.Derivative(o[i], W[k, l]), d_tensor), J=Latex(chain.factors[-1].symbol),
               outer=Latex(tensor.latex), shape=layers.shape_str(tensor.shape)),
             [Equation(Latex(chain.factors[-1].entries_symbol_latex()),
                       [Latex(tensor.entries_latex())]),
              Equation(Latex(chain.factors[-1].symbol), [Latex(tensor.latex)]),
              Equation(Latex(chain.factors[-1].symbol), [Latex(layers.space_latex(tensor.shape))],
                       relation=r"\in")]),
        Step(T("With the row vector of the chain up to o(1) (size 1 x {m}),",
               "Mit dem Zeilenvektor der Kette bis o(1) (Größe 1 x {m})", m=net.sizes[1]),
             [Equation(Latex(chain.delta_transposed_latex()), [Latex(chain.delta_row_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(chain.sizes_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(layers.space_latex(chain.result_shape))],
                       relation=r"\in")]),
        Step(T("the contraction over i gives {c} = {r}, i.e. the outer product of the backpropagated "
               "vector and the layer input (the leading 1 of the 1 x {m} x {n} tensor dropped):",
               "die Kontraktion über i ergibt {c} = {r}, also das äußere Produkt des "
               "zurückpropagierten Vektors mit der Eingabe der Schicht (die führende 1 des "
               "1 x {m} x {n}-Tensors entfällt):",
               c=contraction, r=contracted, m=net.sizes[1], n=net.sizes[0]),
             [Equation(Latex(chain.lhs_latex()), [Latex(chain.contracted_latex())]),
              Equation(Latex(chain.lhs_latex()), [Latex(layers.space_latex(chain.gradient_shape))],
                       relation=r"\in")]),
    ]
    # explicit tensor on a small network of the same kind: contraction = delta x^T
    small = layers.Network([5] + [4] * (net.L - 1) + [3], [a.name for a in net.activations],
                           net.loss_rule.name)
    env = small.forward(small.init(seed + 3))
    c = small.chain("W1")
    blocks.append(Check(T("dL/dW1 on a small network ({sizes}): tensor J_o(W) formed explicitly and "
                          "contracted vs delta x^T",
                          "dL/dW1 an einem kleinen Netz ({sizes}): Tensor J_o(W) explizit gebildet und "
                          "kontrahiert vs. delta x^T", sizes="-".join(map(str, small.sizes))),
                        verify.compare(c.evaluate(env), c.evaluate_dense(env), "tensor contraction",
                                       tolerance=1e-12)))
    return Task(T("Bonus: gradient with respect to W(1) via a tensor",
                  "Bonus: Gradient nach W(1) über einen Tensor"), blocks)


def _task_check(net: layers.Network, seed: int) -> Task:
    res = net.check(seed=seed)
    env = net.forward(net.init(seed))
    blocks = [Step(T("At random parameters (seed {seed}, W ~ N(0, 1/d_in)), every chain is evaluated "
                     "with NumPy by vector-Jacobian products from the loss side and verified against "
                     "complex-step derivatives of the loss (random directions and sampled "
                     "coordinates of every array); the chains for x and b(1) are also evaluated "
                     "by forming the matrices from the input side. Loss at this point: {L}.",
                     "Bei zufälligen Parametern (Startwert {seed}, W ~ N(0, 1/d_in)) wird jede Kette "
                     "mit NumPy durch Vektor-Jacobi-Produkte von der Loss-Seite ausgewertet und mit "
                     "Ableitungen der Loss-Funktion im komplexen Schritt verglichen (zufällige "
                     "Richtungen und Stichproben von Koordinaten jedes Arrays); die Ketten für x und "
                     "b(1) werden zusätzlich durch Bilden der Matrizen von der Eingabeseite "
                     "berechnet. Loss an dieser Stelle: {L}.", seed=seed, L=res.loss)),
              Check(T("all chains (x, b, W of every layer) at full size vs complex step",
                      "alle Ketten (x, b, W jeder Schicht) in voller Größe vs. komplexer Schritt"),
                    res.record)]
    for p in ("x", "b1"):
        c = net.chain(p)
        blocks.append(Check(T("dL/d{p}: loss side (vectors) vs input side (matrices)",
                              "dL/d{p}: Loss-Seite (Vektoren) vs. Eingabeseite (Matrizen)", p=p),
                            verify.compare(c.evaluate(env), c.evaluate_dense(env), "matrix product",
                                           tolerance=1e-10)))
    return Task(T("Numerical check at full size", "Numerische Prüfung in voller Größe"), blocks)


def _task_linear(net: layers.Network, seed: int) -> Task:
    L, sizes = net.L, net.sizes
    Ws = [sp.MatrixSymbol("W^{(%d)}" % l, sizes[l], sizes[l - 1]) for l in range(1, L + 1)]
    bs = [sp.MatrixSymbol("b^{(%d)}" % l, sizes[l], 1) for l in range(1, L + 1)]
    x = sp.MatrixSymbol("x", sizes[0], 1)
    z = x
    for W, b in zip(Ws, bs):
        z = W * z + b
    expanded = sp.expand(z)
    Wp = sp.MatMul(*reversed(Ws))
    bp = sp.MatAdd(*[a for a in expanded.args if x not in a.free_symbols])
    # numeric: a network with identity activations equals W' x + b'
    lin = layers.Network(sizes, ["identity"] * L, "l2")
    vals = lin.init(seed + 4)
    Wn = vals["W1"]
    bn = vals["b1"]
    for l in range(2, L + 1):
        Wn = vals[f"W{l}"] @ Wn
        bn = vals[f"W{l}"] @ bn + vals[f"b{l}"]
    env = lin.forward(vals)
    c = lin.chain("x")
    blocks = [
        Step(T("With linear (identity) activations the layers compose to one affine map: "
               "expanding the composition gives",
               "Mit linearen (Identitäts-)Aktivierungen ergeben die Schichten zusammen eine affine "
               "Abbildung: Ausmultiplizieren der Verkettung ergibt"),
             [Equation(sp.MatrixSymbol("z^{(%d)}" % L, sizes[L], 1), [z, expanded])]),
        Step(T("so z({L}) = W' x + b' with W' = {Wp} (size {s}) and b' = {bp}: the network is no "
               "more expressive than a single affine layer, and its Jacobian w.r.t. x is W'.",
               "also z({L}) = W' x + b' mit W' = {Wp} (Größe {s}) und b' = {bp}: Das Netz ist nicht "
               "ausdrucksstärker als eine einzige affine Schicht, seine Jacobi-Matrix nach x ist W'.",
               L=L, Wp=Wp, bp=bp, s=layers.shape_str((sizes[-1], sizes[0])))),
        Check(T("identity activations at full size: network output vs W' x + b'",
                "Identitäts-Aktivierungen in voller Größe: Netzausgabe vs. W' x + b'"),
              verify.compare(env[f"z{L}"], Wn @ vals["x"] + bn, "matrix product", tolerance=1e-10)),
        Check(T("identity activations: chain dL/dx vs 2 (y_hat - y)^T W'",
                "Identitäts-Aktivierungen: Kette dL/dx vs. 2 (y_hat - y)^T W'"),
              verify.compare(c.evaluate(env), 2 * (env[f"z{L}"] - vals["y"]) @ Wn, "matrix product",
                             tolerance=1e-10)),
    ]
    return Task(T("Linear activations collapse the network", "Lineare Aktivierungen kollabieren das Netz"),
                blocks)


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
    desc = " -> ".join([str(net.sizes[0])] + [f"{d} ({a.name})" for d, a in zip(net.sizes[1:], net.activations)])
    given = [
        Step(T("An MLP {desc} with {rec}, trained to minimize the loss {loss}.",
               "Ein MLP {desc} mit {rec}, trainiert auf minimalen Loss {loss}.",
               desc=desc, rec=Latex(net.recursion_latex()), loss=Latex(net.loss_latex()))),
    ]
    tasks = [_task_dag(net), _task_chains(net), _task_explicit(net, seed), _task_bonus(net, seed),
             _task_check(net, seed), _task_linear(net, seed)]
    return Solution("mlp-jacobians",
                    T("Backpropagation through an MLP with Jacobians",
                      "Backpropagation durch ein MLP mit Jacobi-Matrizen"),
                    source="shared/seeds/000 c", given=given, tasks=tasks, answers=_answers(net))


def _answers(net: layers.Network) -> list:
    """Questions of the exercise sheet: sizes and the cost of the loss-side evaluation
    (the numbers of the chain and cost tables of task 2)."""
    from symderiv.documents.answers import Answer
    exact = {"abs": 0.0, "rel": 0.0}
    cx, cw = net.chain("x"), net.chain("W1")
    return [
        Answer(T("number of entries of the gradient of L with respect to x",
                 "Anzahl der Einträge des Gradienten von L nach x"),
               int(np.prod(cx.gradient_shape)), task=2, tolerance=exact),
        Answer(T("number of entries of the gradient of L with respect to W1",
                 "Anzahl der Einträge des Gradienten von L nach W1"),
               int(np.prod(cw.gradient_shape)), task=2, tolerance=exact),
        Answer(T("multiply-adds to evaluate the chain for x from the loss side",
                 "Multiplikationen und Additionen (Paare) für die Kette für x von der Loss-Seite her"),
               int(cx.flops()["reverse"]), task=2, tolerance=exact),
    ]
