"""Parts of the mlp-jacobians report (exercise 000 c): the numerical check of every chain
at full size, and the lecture's remark that with linear (identity) activations an MLP
collapses to one affine map."""
from __future__ import annotations

import sympy as sp

from symderiv.documents.model import Check, Equation, Latex, Step, T, Task
from symderiv.layers import rules as layers
from symderiv import verify


def task_check(net: layers.Network, seed: int) -> Task:
    res = net.check(seed=seed)
    env = net.forward(net.init(seed))
    blocks = [Step(T("At random parameters (seed {seed}, every weight normally distributed with mean 0 "
                     "and variance {var}), every chain is evaluated "
                     "with NumPy by vector-Jacobian products from the loss side and verified against "
                     "complex-step derivatives of the loss (random directions and sampled "
                     "coordinates of every array); the chains for {x} and {b1} are also evaluated "
                     "by forming the matrices from the input side. Loss at this point: {L}.",
                     "Bei zufälligen Parametern (Startwert {seed}, jedes Gewicht normalverteilt mit "
                     "Mittelwert 0 und Varianz {var}) wird jede Kette "
                     "mit NumPy durch Vektor-Jacobi-Produkte von der Loss-Seite ausgewertet und mit "
                     "Ableitungen der Loss-Funktion im komplexen Schritt verglichen (zufällige "
                     "Richtungen und Stichproben von Koordinaten jedes Arrays); die Ketten für {x} und "
                     "{b1} werden zusätzlich durch Bilden der Matrizen von der Eingabeseite "
                     "berechnet. Loss an dieser Stelle: {L}.", seed=seed, L=res.loss,
                     var=1 / sp.Symbol("d_in"), x=sp.Symbol("x"), b1=sp.Symbol("b^(1)"))),
              Check(T("all chains (input, weights and biases of every layer) at full size vs complex step",
                      "alle Ketten (Eingabe, Gewichte und Schwellen jeder Schicht) in voller Größe "
                      "gegen komplexen Schritt"),
                    res.record)]
    for p in ("x", "b1"):
        c = net.chain(p)
        blocks.append(Check(T("{g}: loss side (vectors) vs input side (matrices)",
                              "{g}: Loss-Seite (Vektoren) gegen Eingabeseite (Matrizen)", g=Latex(c.lhs_latex())),
                            verify.compare(c.evaluate(env), c.evaluate_dense(env), "matrix product",
                                           tolerance=1e-10)))
    return Task(T("Numerical check at full size", "Numerische Prüfung in voller Größe"), blocks)


def task_linear(net: layers.Network, seed: int) -> Task:
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
    Wq, bq = sp.Symbol("W'"), sp.Symbol("b'")
    blocks = [
        Step(T("With linear (identity) activations the layers compose to one affine map: "
               "expanding the composition gives",
               "Mit linearen (Identitäts-)Aktivierungen ergeben die Schichten zusammen eine affine "
               "Abbildung: Ausmultiplizieren der Verkettung ergibt"),
             [Equation(sp.MatrixSymbol("z^{(%d)}" % L, sizes[L], 1), [z, expanded])]),
        Step(T("so {zl} with {Wd} (size {s}) and {bd}: the network is no more expressive than a "
               "single affine layer, and its Jacobian with respect to {x} is {W}.",
               "also {zl} mit {Wd} (Größe {s}) und {bd}: Das Netz ist nicht ausdrucksstärker als "
               "eine einzige affine Schicht, seine Jacobi-Matrix nach {x} ist {W}.",
               zl=sp.Eq(sp.Symbol(f"z^({L})"), Wq * sp.Symbol("x") + bq), Wd=sp.Eq(Wq, Wp, evaluate=False),
               bd=sp.Eq(bq, bp, evaluate=False), x=sp.Symbol("x"), W=Wq,
               s=Latex(layers.shape_latex((sizes[-1], sizes[0]))))),
        Check(T("identity activations at full size: network output vs {f}",
                "Identitäts-Aktivierungen in voller Größe: Netzausgabe gegen {f}", f=Wq * sp.Symbol("x") + bq),
              verify.compare(env[f"z{L}"], Wn @ vals["x"] + bn, "matrix product", tolerance=1e-10)),
        Check(T("identity activations: the chain for {g} vs {r} (squared loss)",
                "Identitäts-Aktivierungen: die Kette für {g} gegen {r} (quadratischer Fehler)",
                g=Latex(c.lhs_latex()),
                r=2 * sp.Transpose(sp.MatrixSymbol("z", 1, 1) - sp.MatrixSymbol("y", 1, 1)) * sp.MatrixSymbol("W'", 1, 1)),
              verify.compare(c.evaluate(env), 2 * (env[f"z{L}"] - vals["y"]) @ Wn, "matrix product",
                             tolerance=1e-10)),
    ]
    return Task(T("Linear activations collapse the network", "Lineare Aktivierungen kollabieren das Netz"),
                blocks)
