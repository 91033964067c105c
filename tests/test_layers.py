"""Layer calculus (issue 5): every rule's Jacobian against finite differences and SymPy's
elementwise ``Matrix.jacobian``; network chains, shapes, costs, numeric checks, CLI."""
import json

import numpy as np
import pytest
import sympy as sp

import symderiv.cli.main as cli
from symderiv import layers
from symderiv.layers import LAYERS, Network, ShapeError, layer_jacobian

RNG = np.random.default_rng(12345)
# a point away from every kink (relu 0, hardtanh +-1): components in +-[0.15, 0.85]
POINT = np.array([0.31, -0.62, 0.47, -0.18])

ELEMENTWISE = [n for n, r in LAYERS.items() if r.kind == "elementwise"]


def central_jacobian(f, v, h=1e-6):
    """Dense Jacobian of f at v by central differences (rows: outputs)."""
    v = np.asarray(v, dtype=float)
    cols = []
    for j in range(v.size):
        e = np.zeros_like(v)
        e[j] = h
        cols.append((np.atleast_1d(f(v + e)) - np.atleast_1d(f(v - e))) / (2 * h))
    return np.array(cols).T


def sympy_jacobian(exprs, syms, values):
    """SymPy's elementwise Jacobian, evaluated with SymPy's own evalf."""
    J = sp.Matrix(exprs).jacobian(syms)
    sub = dict(zip(syms, [sp.Float(v, 30) for v in values]))
    return np.array([[float(sp.N(J[i, j].subs(sub), 20)) for j in range(J.shape[1])]
                     for i in range(J.shape[0])])


def test_table_has_every_layer_of_the_issue():
    expected = {"affine", "sigmoid", "tanh", "hardtanh", "relu", "leaky_relu", "prelu", "softplus",
                "elu", "gelu", "sin", "cos", "identity", "softmax", "l2", "l2_half", "l1", "ce",
                "softmax_ce"}
    assert expected <= set(LAYERS)


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_activation_jacobian_matches_fd_and_sympy(name):
    r = LAYERS[name]
    J = layer_jacobian(name, POINT)
    assert J.shape == (4, 4)
    fd = central_jacobian(lambda v: r.forward(v), POINT)
    np.testing.assert_allclose(J, fd, rtol=1e-6, atol=1e-8)
    syms = sp.symbols("a0:4", real=True)
    ref = sympy_jacobian(r.sympy_vector(list(syms)), syms, POINT)
    np.testing.assert_allclose(J, ref, rtol=1e-12, atol=1e-14)
    if name != "softmax":  # elementwise: a diagonal Jacobian
        assert np.count_nonzero(J - np.diag(np.diag(J))) == 0


def test_elementwise_derivatives_agree_with_known_closed_forms():
    a = POINT
    s = 1 / (1 + np.exp(-a))
    np.testing.assert_allclose(np.diag(layer_jacobian("sigmoid", a)), s * (1 - s), rtol=1e-13)
    np.testing.assert_allclose(np.diag(layer_jacobian("tanh", a)), 1 - np.tanh(a) ** 2, rtol=1e-13)
    np.testing.assert_allclose(np.diag(layer_jacobian("relu", a)), (a > 0).astype(float))
    np.testing.assert_allclose(np.diag(layer_jacobian("leaky_relu", a)), np.where(a > 0, 1, 0.01))
    np.testing.assert_allclose(np.diag(layer_jacobian("prelu", a)), np.where(a > 0, 1, 0.25))
    np.testing.assert_allclose(np.diag(layer_jacobian("identity", a)), np.ones(4))
    np.testing.assert_allclose(np.diag(layer_jacobian("cos", a)), -np.sin(a), rtol=1e-13)


def test_softmax_jacobian_is_diag_minus_outer_and_stable():
    a = np.array([1000.0, 999.0, 998.5])  # naive exp overflows
    s = np.exp(a - a.max()) / np.exp(a - a.max()).sum()
    J = layer_jacobian("softmax", a)
    assert np.all(np.isfinite(J))
    np.testing.assert_allclose(J, np.diag(s) - np.outer(s, s), rtol=1e-13)
    np.testing.assert_allclose(J.sum(axis=0), 0, atol=1e-15)  # rows of s sum to one


def test_affine_jacobians_3x4():
    W = RNG.standard_normal((3, 4))
    b = RNG.standard_normal(3)
    x = POINT
    Jx = layer_jacobian("affine", x, W=W, b=b, wrt="x")
    Jb = layer_jacobian("affine", x, W=W, b=b, wrt="b")
    JW = layer_jacobian("affine", x, W=W, b=b, wrt="W")
    np.testing.assert_allclose(Jx, central_jacobian(lambda v: W @ v + b, x), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(Jb, central_jacobian(lambda v: W @ x + v, b), rtol=1e-7, atol=1e-9)
    assert JW.shape == (3, 3, 4)
    fdW = central_jacobian(lambda w: w.reshape(3, 4) @ x + b, W.ravel()).reshape(3, 3, 4)
    np.testing.assert_allclose(JW, fdW, rtol=1e-7, atol=1e-9)
    # SymPy elementwise on symbols
    xs = sp.symbols("x0:4", real=True)
    Ws = sp.Matrix(3, 4, lambda i, j: sp.Symbol(f"w{i}{j}", real=True))
    bs = sp.symbols("b0:3", real=True)
    o = LAYERS["affine"].sympy_vector(list(xs), W=Ws, b=list(bs))
    sub = {**dict(zip(xs, x)), **{Ws[i, j]: W[i, j] for i in range(3) for j in range(4)},
           **dict(zip(bs, b))}
    refx = np.array(sp.Matrix(o).jacobian(xs).subs(sub), dtype=float)
    refb = np.array(sp.Matrix(o).jacobian(bs).subs(sub), dtype=float)
    refW = np.array(sp.Matrix(o).jacobian(list(Ws)).subs(sub), dtype=float).reshape(3, 3, 4)
    np.testing.assert_allclose(Jx, refx, rtol=1e-14)
    np.testing.assert_allclose(Jb, refb)
    np.testing.assert_allclose(JW, refW, rtol=1e-14)
    # entries delta_ik x_l
    for i, k, l in [(0, 0, 2), (1, 2, 3), (2, 2, 0)]:
        assert JW[i, k, l] == (x[l] if i == k else 0.0)


@pytest.mark.parametrize("name", ["l2", "l2_half", "l1", "ce", "softmax_ce"])
def test_loss_jacobian_matches_fd_and_sympy(name):
    r = LAYERS[name]
    if r.target == "index":
        target = 2
        v = np.array([0.1, 0.2, 0.3, 0.4]) if name == "ce" else POINT
        tsym = 2
    else:
        target = np.array([0.5, 0.1, -0.2, 0.9])
        v = POINT
        tsym = [sp.Float(t) for t in target]
    J = layer_jacobian(name, v, target=target)
    assert J.shape == (1, 4)
    fd = central_jacobian(lambda u: r.forward(u, {"y": target}), v)
    np.testing.assert_allclose(J, fd, rtol=1e-6, atol=1e-8)
    syms = sp.symbols("p0:4", real=True)
    ref = sympy_jacobian([r.sympy_vector(list(syms), tsym)], syms, v)
    np.testing.assert_allclose(J, ref, rtol=1e-12, atol=1e-14)


def test_loss_rules_closed_forms():
    yhat, y = POINT, np.array([0.5, 0.1, -0.2, 0.9])
    np.testing.assert_allclose(layer_jacobian("l2", yhat, target=y)[0], 2 * (yhat - y))
    np.testing.assert_allclose(layer_jacobian("l2_half", yhat, target=y)[0], yhat - y)
    np.testing.assert_allclose(layer_jacobian("l1", yhat, target=y)[0], np.sign(yhat - y))
    p = np.array([0.1, 0.2, 0.3, 0.4])
    np.testing.assert_allclose(layer_jacobian("ce", p, target=2)[0], [0, 0, -1 / 0.3, 0])
    s = np.exp(POINT) / np.exp(POINT).sum()
    np.testing.assert_allclose(layer_jacobian("softmax_ce", POINT, target=1)[0], s - [0, 1, 0, 0],
                               rtol=1e-13)


# ---------------------------------------------------------------------------- networks

def full_size():
    return Network([784, 256, 256, 10], ["tanh", "tanh", "softmax"], "ce")


def test_chain_factor_shapes_of_exercise_000c():
    net = full_size()
    cx = net.chain("x")
    assert [f.name for f in cx.factors] == ["loss", "softmax", "W3", "tanh'", "W2", "tanh'", "W1"]
    assert [layers.shape_str(f.shape) for f in cx.factors] == [
        "1x10", "10x10", "10x256", "256x256", "256x256", "256x256", "256x784"]
    assert cx.result_shape == (1, 784)
    cb = net.chain("b1")
    assert cb.result_shape == (1, 256)
    assert cb.factors[-1].shape == (256, 256)
    cw = net.chain("W1")
    assert cw.tensor.shape == (256, 256, 784)
    assert cw.gradient_shape == (256, 784)
    assert net.chain("W3").factors[-1].shape == (10, 10, 256)


def test_flops_counts_for_x():
    fl = full_size().chain("x").flops()
    # loss side: softmax diag (10) + outer (10 + 10), then W3, diag, W2, diag, W1 on a vector
    assert fl["reverse"] == 30 + 10 * 256 + 256 + 256 * 256 + 256 + 256 * 784
    # input side: W1 given; diag*W1, W2*(256x784), diag, W3*(256x784), softmax, loss row
    k = 784
    assert fl["forward"] == 256 * k + 256 * 256 * k + 256 * k + 10 * 256 * k + 30 * k + 10 * k
    assert fl["cheapest"] == "reverse"


def test_shape_mismatch_raises():
    with pytest.raises(ShapeError, match="3 activations do not match 2"):
        Network([784, 256, 10], ["tanh", "tanh", "softmax"], "ce")
    with pytest.raises(ShapeError):
        layers.Chain("x", "x", [layers.Factor("A", "A", layers.Dense("A", "A", 2, 3)),
                                layers.Factor("B", "B", layers.Dense("B", "B", 4, 5))], (5,))


def test_bad_descriptions_are_layer_errors():
    with pytest.raises(layers.LayerError):
        Network([3, 2], ["nosuch"], "l2")
    with pytest.raises(layers.LayerError):
        Network([3, 2], ["tanh"], "ce")  # cross-entropy needs probabilities
    with pytest.raises(layers.LayerError):
        Network([3, 2], ["tanh"], "softmax_ce")
    with pytest.raises(layers.LayerError):
        Network([3, 2], ["tanh"], "l2").read_wrt("W7")


NETS = [
    ([4, 5, 3], ["tanh", "softmax"], "ce"),
    ([4, 5, 3], ["sigmoid", "softmax"], "softmax_ce"),
    ([3, 4, 4, 2], ["relu", "elu", "identity"], "l2"),
    ([3, 4, 2], ["gelu", "sin"], "l2_half"),
    ([3, 4, 2], ["softplus", "cos"], "l1"),
    ([3, 4, 2], ["leaky_relu", "prelu"], "l2"),
    ([3, 4, 2], ["hardtanh", "sigmoid"], "ce"),
]


@pytest.mark.parametrize("sizes,acts,loss", NETS)
def test_small_chains_match_finite_differences_and_dense_products(sizes, acts, loss):
    net = Network(sizes, acts, loss)
    vals = net.init(seed=3)
    env = net.forward(vals)
    for p in net.parameters():
        chain = net.chain(p)
        g = chain.evaluate(env)
        assert g.shape == np.shape(vals[p])
        np.testing.assert_allclose(chain.evaluate_dense(env), g, rtol=1e-12, atol=1e-14)

        def f(flat, _p=p):
            v = dict(vals)
            v[_p] = flat.reshape(np.shape(vals[_p]))
            return net.loss(v)
        fd = central_jacobian(f, np.ravel(vals[p]))[0]
        np.testing.assert_allclose(g.ravel(), fd, rtol=1e-5, atol=1e-8)


def test_collapsed_linear_network_has_product_of_weights():
    net = Network([4, 3, 3, 2], ["identity", "identity", "identity"], "l2_half")
    vals = net.init(seed=1)
    W = vals["W3"] @ vals["W2"] @ vals["W1"]
    b = vals["W3"] @ (vals["W2"] @ vals["b1"] + vals["b2"]) + vals["b3"]
    env = net.forward(vals)
    np.testing.assert_allclose(env["z3"], W @ vals["x"] + b, rtol=1e-13)
    # dL/dx = (yhat - y)^T W3 W2 W1
    np.testing.assert_allclose(net.chain("x").evaluate(env), (env["z3"] - vals["y"]) @ W, rtol=1e-12)


def test_full_size_check_passes():
    res = full_size().check(["x", "b1", "W1"], seed=0)
    assert res.passed
    assert res.max_rel_error < 1e-6


def test_full_size_check_catches_a_wrong_rule(monkeypatch):
    # drop the activation derivative: every diag factor becomes the identity
    monkeypatch.setattr(layers.Diag, "vjp", lambda self, g, env: g)
    res = full_size().check(["b1"], seed=0)
    assert not res.passed


def test_tikz_dag_lists_every_node():
    tikz = layers.network_tikz(full_size())
    assert tikz.startswith(r"\begin{tikzpicture}") and tikz.rstrip().endswith(r"\end{tikzpicture}")
    for key in ["(x)", "(z1)", "(z2)", "(z3)", "(L)", "(y)", "(W1)"]:
        assert key in tikz
    assert r"256 \times 784" in tikz


# ---------------------------------------------------------------------------- CLI

ACCEPT = ["net", "--layers", "784,256,256,10", "--activations", "tanh,tanh,softmax", "--loss", "ce",
          "--wrt", "x,b1,W1", "--format", "json"]


def test_cli_acceptance_json(capsys):
    assert cli.main(ACCEPT) == 0
    data = json.loads(capsys.readouterr().out)
    fx = data["chains"]["x"]
    assert [f["shape"] for f in fx["factors"]] == [
        [1, 10], [10, 10], [10, 256], [256, 256], [256, 256], [256, 256], [256, 784]]
    assert fx["result_shape"] == [1, 784]
    assert data["chains"]["b1"]["result_shape"] == [1, 256]
    assert data["tensor"]["W1"]["shape"] == [256, 256, 784]
    assert data["chains"]["W1"]["tensor"]["shape"] == [256, 256, 784]
    assert "delta" in data["tensor"]["W1"]["entries"]
    assert data["flops"]["x"]["reverse"] < data["flops"]["x"]["forward"]
    assert "check" not in data


def test_cli_check_passes_at_full_size(capsys):
    assert cli.main(ACCEPT + ["--check"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["check"]["passed"] is True
    assert data["check"]["max_rel_error"] < 1e-6


def test_cli_check_failure_exits_1(monkeypatch, capsys):
    monkeypatch.setattr(layers.Diag, "vjp", lambda self, g, env: g)
    code = cli.main(["net", "--layers", "6,5,3", "--activations", "tanh,softmax", "--check",
                     "--format", "json"])
    assert code == 1
    assert json.loads(capsys.readouterr().out)["check"]["passed"] is False


@pytest.mark.parametrize("argv,needle", [
    (["--layers", "784,256,10", "--activations", "tanh,tanh,softmax"], "3 activations do not match 2"),
    (["--layers", "784,x,10", "--activations", "tanh,softmax"], "--layers"),
    (["--layers", "4,3", "--activations", "swish"], "unknown layer"),
    (["--layers", "4,3", "--activations", "tanh", "--loss", "ce"], "probabilities"),
    (["--layers", "4,3", "--activations", "softmax", "--wrt", "W2"], "no parameter 'W2'"),
    (["--layers", "4,0,3", "--activations", "tanh,softmax"], "positive"),
])
def test_cli_bad_input_exit_2(argv, needle, capsys):
    assert cli.main(["net"] + argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err
    assert len(err.strip().splitlines()) == 1


def test_cli_text_and_latex(capsys):
    assert cli.main(["net", "--layers", "4,3,2", "--activations", "relu,softmax",
                     "--loss", "softmax_ce", "--wrt", "W1"]) == 0
    out = capsys.readouterr().out
    assert "J_o(W1)" in out and "3x3x4" in out and "3x4" in out
    assert cli.main(["net", "--layers", "4,3,2", "--activations", "relu,softmax",
                     "--loss", "softmax_ce", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(r"\begin{align*}") and r"\delta_{ik}" in out and r"\otimes" not in out


# ---------------------------------------------------------------------------- problems

@pytest.fixture(scope="module")
def solutions():
    from symderiv.course import reports
    out = {}
    for name in ("mlp-jacobians", "layer-partials"):
        prob, values, sol = reports.make_solution(name, {}, seed=0)
        out[name] = (prob, values, sol)
    return out


@pytest.mark.parametrize("name", ["mlp-jacobians", "layer-partials"])
def test_problem_checks_all_pass(solutions, name):
    prob, values, sol = solutions[name]
    assert prob.lang == "de"
    checks = sol.checks()
    assert len(checks) >= 8
    assert all(c.record.passed for c in checks), [c.what.en for c in checks if not c.record.passed]


def test_mlp_jacobians_content(solutions):
    from symderiv.documents import render as report
    _, values, sol = solutions["mlp-jacobians"]
    assert [t.label for t in sol.tasks if not t.extension] == ["c)", "Bonus"]
    tex = report.render(sol, "en", None, None, values, 0)
    for needle in [r"\begin{tikzpicture}", "(z3)", "(L)", "(y)",              # DAG
                   r"256 \times 784", r"1 \times 10", r"10 \times 10",        # sizes
                   r"1 - \tanh^{2}", r"s_{1} \left(1 - s_{1}\right)",      # explicit Jacobians
                   r"\delta_{ik}\, {x}_{l}", r"256 \times 256 \times 784",   # bonus tensor
                   r"\delta^{(1)}\, {x}^{\top}", r"W^{(3)} W^{(2)} W^{(1)}",  # contraction, collapse
                   r"\num{13777928192}"]:                                     # grouped by siunitx
        assert needle in tex, needle
    # one transpose sign; no plain-text factor names; the caption does not claim every edge
    assert "x^T" not in tex and "x^{T}" not in tex and "tanh’" not in tex and "tanh'" not in tex
    assert "on every edge" not in tex
    # a target vector is t, the label y: the squared loss's Jacobian 2 (z - t)^T is derived
    assert r"2 \left(z - t\right)^{\top}" in tex and "^{T}" not in tex
    # every parameter's gradient stands in a result box (x, b1 in c), W1 in the Bonus, the rest beyond)
    from symderiv.documents.model import Result
    boxed = [r.lhs.latex if hasattr(r.lhs, "latex") else str(r.lhs) for t in sol.tasks for r in t.blocks
             if isinstance(r, Result)]
    for p in ("x", "b^{(1)}", "b^{(2)}", "b^{(3)}", "W^{(1)}", "W^{(2)}", "W^{(3)}"):
        assert any(r"\partial " + p in b for b in boxed), p
    # the costs: both orders recounted here from the layer sizes (784-256-256-10, tanh, tanh, softmax, ce)
    # loss side for x: softmax 3*10, W3 10*256, tanh' 256, W2 256*256, tanh' 256, W1 256*784
    rev_x = 3 * 10 + 10 * 256 + 256 + 256 * 256 + 256 + 256 * 784
    assert [a.value for a in sol.answers][0] == rev_x
    # the full-size check covers every parameter array of the network
    full = [c for c in sol.checks() if "full size" in c.what.en and "complex" in c.what.en][0]
    assert {d["name"] for d in full.record.details} == {"x", "b1", "b2", "b3", "W1", "W2", "W3"}


def test_layer_partials_content(solutions):
    from symderiv.documents import render as report
    _, values, sol = solutions["layer-partials"]
    assert [t.label for t in sol.tasks] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    tex = report.render(sol, "de", None, None, values, 0)
    assert r"\delta_{1 i}" in tex and r"\delta_{j k}" in tex and r"\theta" in tex
    assert r"\left(1 - \sigma" in tex
    # the sigmoid is stated (given data and the statement of (e)), no note about the sheet
    assert "logistische" in tex and "des Blatts" not in tex and "des Blattes" not in tex
    # at the kink point W_13 = 0: kinks in x_1 and x_2 only, the partial in x_3 exists
    kinks = [c for c in sol.checks() if "at the point with" in c.what.en and "kink" in c.what.en]
    assert len(kinks) == 2 and all(c.record.passed and len(c.record.kinks) == 2 for c in kinks)
    assert all("exists" in c.what.en for c in kinks)
    # (d)-(f): the values at the given point stand in result boxes (recomputed here)
    from symderiv.documents.model import Result
    from symderiv.problems.layer_partials.maths import question_point
    pt = question_point(3, 2, 1)
    W, x, b, a = pt["W"], pt["x"], pt["b"], pt["a"]
    F = W @ x + b
    s1 = 1 / (1 + np.exp(-F[0]))
    want = {"(d)": W[0, 2] * (F[0] > 0), "(e)": s1 * (1 - s1) * W[0, 0], "(f)": float(np.sum(a * W[:, 0] * (F > 0)))}
    for t in sol.tasks[3:]:
        boxed = [float(r.value) for r in t.blocks if isinstance(r, Result) and getattr(r.value, "is_number", False)]
        assert boxed == [pytest.approx(want[t.label], rel=1e-12)], t.label


def test_layer_partials_several_kinks_at_once():
    """(f): the jump of the one-sided derivatives is the sum over the components at their
    kink of a_i |W_ij|; W rows (1,0,0), (-1,0,0), b = 0, a = (1,-1): g = x_1 is
    differentiable at 0 although both components sit at their kink (the old statement
    'not defined where F_i = 0 with a_i W_ij != 0' would call it undefined)."""
    from symderiv.problems.layer_partials.maths import MULTI_KINKS, multi_kink_rows
    rows = multi_kink_rows()
    assert MULTI_KINKS[0][:3] == ([[1, 0, 0], [-1, 0, 0]], [0, 0], [1, -1])
    # example: right and left derivative in x_1 both 1, jump 0
    assert rows["rn"][0] == pytest.approx(1.0, abs=1e-9) and rows["ln"][0] == pytest.approx(1.0, abs=1e-9)
    assert rows["jf"][:3] == [0.0, 0.0, 0.0]
    # second configuration: the jumps add up (a = (1,1)): 2 in x_1
    assert rows["jf"][3] == 2.0 and rows["jn"][3] == pytest.approx(2.0, abs=1e-6)
    # third: two kinks with jumps 4, 7, 0 in x_1, x_2, x_3
    assert rows["jf"][6:9] == [4.0, 7.0, 0.0]
    assert np.allclose(rows["jn"], rows["jf"], atol=1e-6)
    # every check row of the report passes, including the three new ones
    from symderiv.course import reports
    _, _, sol = reports.make_solution("layer-partials")
    new = [c for c in sol.checks() if "several components" in c.what.en or "the example" in c.what.en or "jump" in c.what.en]
    assert len(new) == 3 and all(c.record.passed for c in new)


def test_problem_bad_params_exit_2(capsys, tmp_path):
    assert cli.main(["solve", "mlp-jacobians", "--param", "layers=784,256,10",
                     "--out", str(tmp_path)]) == 2
    assert "3 activations" in capsys.readouterr().err
    assert cli.main(["solve", "layer-partials", "--param", "n=9", "--out", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("acts,loss", [("relu,gelu,softmax", "softmax_ce"),
                                       ("leaky_relu,softplus,cos", "l1"),
                                       ("sigmoid,hardtanh,identity", "l2")])
def test_mlp_jacobians_other_networks_verify(acts, loss):
    from symderiv.course import reports
    _, _, sol = reports.make_solution("mlp-jacobians", {"layers": "12,6,5,3", "activations": acts,
                                                       "loss": loss}, seed=1)
    checks = sol.checks()
    assert checks and all(c.record.passed for c in checks), \
        [c.what.en for c in checks if not c.record.passed]


def test_net_text_is_in_the_syntax_of_grad(capsys):
    """``net`` prints its factors as ``grad`` prints expressions (parseable text, no LaTeX)."""
    import re
    from symderiv.language.parse import parse
    assert cli.main(["net", "--layers", "4,3,2", "--activations", "relu,tanh", "--loss", "l2",
                     "--wrt", "W1"]) == 0
    out = capsys.readouterr().out
    assert "\\" not in out and "{" not in out
    rows = {ln.split()[0]: ln.split(None, 2)[2] for ln in out.splitlines()[3:7]}
    assert rows == {"loss": "(2*(z2 - y))^T", "tanh'": "diag(1 - tanh(o2)**2)", "W2": "W2",
                    "relu'": "diag(heaviside(o1))"}
    for inner in re.findall(r"diag\((.*)\)$", out, re.M):
        parse(inner)                                   # grad's parser reads it
    assert "contracted: dL/dW1 = delta1*x^T (3x4)" in out
