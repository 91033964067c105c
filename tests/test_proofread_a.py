"""Proofreading findings (issue 17, second reading) of activation-atlas, forward-backward,
hyperlink-matrix, layer-partials, lecture-backprop and mlp-jacobians.

Each test guards one finding and fails on the old text or value: the documents are read as
Markdown (the same Solution model, the same catalogs, no LaTeX run), the counts and the
layer-partials claim are recomputed here with plain NumPy."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest

from symderiv import problems
from symderiv.problems.spec import SPECS, assemble

problems.load_all()


def _markdown(name: str, lang: str, seed: int = 3, **params) -> str:
    spec = SPECS[name]
    values = {p.name: p.default for p in spec.params}
    values.update(params)
    return assemble(spec, values, seed).to_markdown(lang)


# ------------------------------------------------------------------ activation-atlas

def test_atlas_neuron_activation_is_negative_in_every_variant():
    """finding: with w x + b > 0, ELU' and PReLU' both made dz/dw the printed input x (the
    same answer twice, read off the sheet); the variants now keep the activation negative."""
    from symderiv.problems.activation_atlas import maths
    assert maths.constraint({"w": 0.75, "b": -1.0, "x": 1.85}) is not None   # a = 0.3875: the old v01
    assert maths.constraint({"w": -0.75, "b": 0.5, "x": 1.3}) is None        # a = -0.475: the default
    from symderiv.course import variants as V
    problem = problems.get("activation-atlas")
    drawn = [V.sample_variant(problem, seed) for seed in range(20)]
    assert all(float(p["w"]) * float(p["x"]) + float(p["b"]) < 0 for p in drawn)


def test_atlas_messages():
    from symderiv.documents.i18n import catalog
    for lang in ("de", "en"):
        cat = catalog(lang)
        # finding: 'approached for (x → −∞, x → ∞)', a tuple in prose
        assert "{q}" in cat["activation-atlas.where.approached2"]
        # finding: θ used in every derivative and never defined
        assert "Heaviside" in cat["activation-atlas.heaviside"]
        # finding: SymPy named in the worked solution's prose
        for key in ("t2.at_point", "softmax.jacobian", "softmax.shift"):
            assert "SymPy" not in cat["activation-atlas." + key], key
    # finding: 'die Ableitung … für die Aktivierungsfunktion Sigmoid-Funktion' / 'mit Parametrische ReLU'
    assert "für die Aktivierungsfunktion" not in catalog("de")["activation-atlas.q.neuron"]
    assert " by the weight" not in catalog("en")["activation-atlas.q.neuron"]


# ------------------------------------------------------------------ hyperlink-matrix

@pytest.fixture(scope="module")
def hyperlink_de():
    return _markdown("hyperlink-matrix", "de", graph=5), _markdown("hyperlink-matrix", "de", graph=1)


def test_hyperlink_google_matrix_defined_on_the_sheet(hyperlink_de):
    variant, _ = hyperlink_de
    # finding: the Zusatzaufgabe used 'der Google-Matrix G' without defining it
    statement = variant[variant.index("## Zusatzaufgabe 1"):]
    statement = statement[:statement.index("\n\n", statement.index("> "))]
    assert re.search(r"\$\$\n> G = \\alpha H \+ \\frac\{1 - \\alpha\}\{6\}", statement), statement


def test_hyperlink_no_exact_repetition_claimed_for_an_approached_cycle(hyperlink_de):
    variant, default = hyperlink_de
    # finding: graph 5's iterates only approach their 2-cycle (eigenvalues ±1/√2, ±i/2), yet
    # the solution said 'wiederholen sich exakt … für alle k ≥ 3998'
    assert "wiederholen sich exakt" not in variant and "3998" not in variant
    assert "wiederholen sich nicht exakt" in variant
    assert "wiederholen sich exakt" in default          # graph 1: exactly periodic from k = 0
    # finding: 'also verkürzt H^T die 1-Norm nicht' said the opposite of ‖H^T x‖ ≤ ‖x‖
    assert "verkürzt" not in default and "vergrößert" in default
    # finding: every variant's solution said the sheet's graph had been guessed
    assert "lässt sich also nicht rekonstruieren" not in variant
    assert "lässt sich also nicht rekonstruieren" in default


def test_hyperlink_graph5_never_repeats_exactly():
    """The fact behind the new sentence: 30 exact steps of graph 5 from e_6 never repeat."""
    from symderiv.problems.hyperlink import maths
    m = maths.prepare({"graph": 5, "damping": 0.85}, 3)
    its = [tuple(v) for v in m.orbit.iterates]
    assert not m.orbit.exact and len(set(its)) == len(its)


# ------------------------------------------------------------------ layer-partials

def test_layer_partials_derivative_where_jumps_cancel():
    """finding: 'the partial derivative exists exactly where this jump is 0, and then equals
    the sum over F_i > 0' - at the solution's own example (rows (1,0,0), (-1,0,0), b = 0,
    a = (1,-1), x = 0) no F_i is positive, the sum is 0, and g = x_1 has derivative 1."""
    W = np.array([[1.0, 0, 0], [-1.0, 0, 0]])
    a = np.array([1.0, -1.0])

    def g(x):
        return float(a @ np.maximum(W @ x, 0.0))
    h = 1e-6
    d = (g(np.array([h, 0, 0])) - g(np.array([-h, 0, 0]))) / (2 * h)
    F = W @ np.zeros(3)
    old = float(sum(W[i, 0] * a[i] for i in range(2) if F[i] > 0))
    right = old + float(sum(a[i] * max(W[i, 0], 0.0) for i in range(2) if F[i] == 0))
    assert d == pytest.approx(1.0) and old == 0.0 and right == pytest.approx(d)
    from symderiv.documents.i18n import catalog
    assert "und ist dann {on}." not in catalog("de")["layer-partials.f.example"]
    assert "and then equals {on}." not in catalog("en")["layer-partials.f.example"]


# ------------------------------------------------------------------ forward-backward

def test_forward_backward_figure_numbers_follow_the_locale():
    """finding: the German figure printed 0.182, -0.5 with decimal points."""
    import sympy as sp
    from symderiv.problems.forward_backward.figure import network_picture
    tikz = network_picture([[[sp.Eq(sp.Symbol("x"), sp.Float(0.182, 3))]], [[sp.Integer(1)]]],
                           [[[sp.Float(-0.5, 3)]]])
    assert r"\num{0.182}" in tikz and r"\num{-0.5}" in tikz
    labels = [re.sub(r"\\num\{[^}]*\}", "", m) for m in re.findall(r"\$([^$]*)\$", tikz)]
    assert not any(re.search(r"\d\.\d", lab) for lab in labels), labels


def test_forward_backward_formulas_not_set_as_text():
    md = _markdown("forward-backward", "de")
    # finding: '{f} = {fv}' and 'Ausgabe {x2} = {vec}' joined two formulas with a text '='
    assert re.search(r"Ausgabeschicht: \$\\frac\{\\partial E\}\{\\partial w\^\{\(2\)\}_\{kj\}\} = ", md)
    assert re.search(r"Welchen Wert hat die Ausgabe \$x\^\{\(2\)\} = ", md)
    # finding: 'des Netzes. (auf 4 gültige Ziffern': a period before the precision
    assert "des Netzes." not in md


# ------------------------------------------------------------------ lecture-backprop

def test_lecture_backprop_data_not_a_tuple_of_equations():
    md = _markdown("lecture-backprop", "de")
    # finding: 'Hier ist ((x1, x2, x3) = (…), (w1, …) = (…), b = 0,2, t = 1)'
    assert not re.search(r"Hier ist \$\\left\( \\left\(", md)
    assert re.search(r"Hier ist \$\\left\( x_\{1\}", md)
    assert not re.search(r"ihren Wert bei \$\\left\( \\left\(", md)
    # finding: internal words in the solution ('der Variante', 'Graphenmodul')
    assert "der Variante" not in md and "Graphenmodul" not in md
    # finding: '∂L/∂g = 1 = 1'
    assert "= 1 = 1" not in md


# ------------------------------------------------------------------ mlp-jacobians

def _costs(sizes):
    """N1 (loss side) and N2 (input side) of dL/dx by the rules the sheet states: diagonal
    factors n per column, softmax 3n per column, identity free, the rest as matrix products."""
    d = sizes
    L = len(d) - 1
    # factors from the input side: W1, D1, W2, D2, ..., W_L, S_L, J_L (a row of length d_L)
    n1 = 3 * d[L] + d[L] * d[L - 1]                     # J_L S_L (3n), then times W_L
    for l in range(L - 1, 0, -1):
        n1 += d[l] + d[l] * d[l - 1]                     # diagonal, then W_l
    n2, cols = 0, d[0]                                   # running product has d[l] x d0
    for l in range(1, L + 1):
        if l > 1:
            n2 += d[l] * d[l - 1] * cols                 # W_l times (d[l-1] x d0)
        n2 += (3 * d[l] if l == L else d[l]) * cols      # activation
    n2 += d[L] * cols                                    # the loss row
    return n1, n2


@pytest.mark.parametrize("sizes", ["784,256,256,10", "5,5,5,7", "3,8,2,6"])
def test_mlp_costs_follow_the_rules_on_the_sheet(sizes):
    """finding: N1, N2 depended on counting softmax's Jacobian as 3n, which the sheet never said."""
    spec = SPECS["mlp-jacobians"]
    values = {p.name: p.default for p in spec.params}
    values["layers"] = sizes
    sol = assemble(spec, values, 3)
    got = {a.key: a.value for a in sol.answers}
    n1, n2 = _costs([int(v) for v in sizes.split(",")])
    assert (got["cost_loss_side"], got["cost_input_side"]) == (n1, n2)
    md = sol.to_markdown("de")
    assert "von Softmax für einen Vektor der Länge $n$ entsprechend $3 n$" in md
    # finding: code names of activations in German prose ('Aktivierungen tanh, tanh, softmax')
    assert "tanh, tanh, Softmax)" in md
    # finding: 'die Zählregeln aus c))'
    assert "c))" not in md
    # finding: SymPy named in the worked prose
    assert "SymPys Jacobi-Matrix ist" not in md and "von SymPy bestätigt" not in md
