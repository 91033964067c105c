"""The per-variant speed measures of the course build compute the values they replace:
bit for bit where the operations are the same (one-exp sigmoid, shared validation pass,
in-place ReLU, sigma' only near the window), to the float of a 30-digit evaluation where
the evaluation changed (skip-connections' sympy.diff values by mpmath), and the symbolic
memos equal a fresh derivation (issue 18, step 5)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.language.numeric import np_sigmoid


def test_one_exp_sigmoid_gives_the_bits_of_np_sigmoid():
    from symderiv.nn.layers import sigmoid_forward, sigmoid_real
    rng = np.random.default_rng(0)
    for scale in (1e-300, 1e-8, 1.0, 7.0, 40.0, 700.0, 1e6):
        x = rng.normal(size=10_007) * scale
        x[:9] = [0.0, -0.0, np.inf, -np.inf, 709.8, -745.2, -709.8, 37.0, -37.0]
        for arr in (x, x[::3], x[:10_000].reshape(100, 100)):
            assert sigmoid_real(arr).tobytes() == np_sigmoid(arr).tobytes()
    assert np.isnan(sigmoid_real(np.array([np.nan])))[0]
    assert sigmoid_forward(np.array([0.0, 2.0]))[0].tolist() == np_sigmoid(np.array([0.0, 2.0])).tolist()
    # other dtypes and 0-d arrays are np_sigmoid's
    z = np.array([1 + 1e-20j, -3.0 + 0j])
    assert np.array_equal(sigmoid_real(z), np_sigmoid(z))
    assert sigmoid_real(np.float64(-2.5)) == np_sigmoid(-2.5)


def test_network_sigmoid_uses_the_same_bits():
    from symderiv.nn.network import activation
    x = np.linspace(-50, 50, 1001)
    f = activation("sigmoid").f
    assert f(x).tobytes() == np_sigmoid(x).tobytes()
    assert f(0.5) == np_sigmoid(0.5) and f(np.array(0.5)).shape == ()


def _reference_training(model, data, epochs, batch_size, learning_rate, seed):
    """train_classifier as it was: accuracy and the validation loss as two passes."""
    from symderiv.nn import layers, optim
    from symderiv.nn.model import accuracy
    X, y = np.asarray(data["X_train"], dtype=float), np.asarray(data["y_train"])
    configs = {k: {"learning_rate": float(learning_rate)} for k in model.params}
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            idx = order[start:start + batch_size]
            _, grads = model.loss(X[idx], y[idx])
            for k in model.params:
                model.params[k], configs[k] = optim.adam(model.params[k], grads[k], configs[k])
        out.append((accuracy(model, X, y), accuracy(model, data["X_val"], data["y_val"]),
                    layers.softmax_loss(model.loss(data["X_val"]), data["y_val"])[0]))
    return out


def test_training_shares_the_validation_pass_bit_for_bit():
    from symderiv.nn import model as M
    rng = np.random.default_rng(3)
    data = {"X_train": rng.normal(size=(60, 8)), "y_train": rng.integers(0, 3, 60),
            "X_val": rng.normal(size=(40, 8)), "y_val": rng.integers(0, 3, 40)}
    for act in ("sigmoid", "relu"):
        a = M.MLP(8, [7], 3, activation=act, weight_scale=0.5, seed=1)
        b = M.MLP(8, [7], 3, activation=act, weight_scale=0.5, seed=1)
        hist = M.train_classifier(a, data, epochs=4, batch_size=16, learning_rate=0.05, seed=2)
        ref = _reference_training(b, data, 4, 16, 0.05, 2)
        assert list(zip(hist.train_acc, hist.val_acc, hist.val_loss)) == ref
        assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    # more rows than one prediction batch: both passes as before
    big = dict(data, X_val=rng.normal(size=(M.PREDICT_BATCH + 5, 8)), y_val=rng.integers(0, 3, M.PREDICT_BATCH + 5))
    model = M.MLP(8, [5], 3, seed=4)
    acc, loss = M._validation(model, big)
    assert acc == M.accuracy(model, big["X_val"], big["y_val"])
    assert loss == M.layers.softmax_loss(model.loss(big["X_val"]), big["y_val"])[0]


def test_relu_network_in_place_equals_the_relu_of_a_copy():
    from symderiv.problems.relu_approximation import approx
    ap = approx.relu_interpolant(sp.sin(sp.Symbol("x")), -0.5, 2.5, 9, var=sp.Symbol("x"))
    xs = np.linspace(-0.5, 2.5, 20001)
    before = approx._relu(xs[:, None] - ap.biases) @ ap.lambdas
    assert ap(xs).tobytes() == before.tobytes()
    assert ap(1.0) == float(approx._relu(np.array(1.0)[..., None] - ap.biases) @ ap.lambdas)


def test_unstable_window_mask_equals_the_whole_grid():
    from symderiv.layers import activations as A
    from symderiv.problems.unstable import maths as U
    df = A.get("sigmoid").dnumpy
    a = np.linspace(0.0, 1.0, 100001)
    rng = np.random.default_rng(11)
    for k in range(60):
        wv = float(rng.uniform(4.0, 80.0)) * (1 if k % 2 else -1)
        bv = -wv * float(rng.uniform(-1.5, 2.5)) if k % 3 else float(rng.normal() * 4)
        t = wv * a + bv
        assert np.array_equal(U._window_mask(wv, t, df), np.abs(wv * df(wv * a + bv)) >= 1)


def test_skip_values_by_mpmath_are_the_floats_of_the_30_digit_evalf():
    from symderiv.problems.skip import maths as S
    rng = np.random.default_rng(5)
    grid = [v / 4 for v in range(-8, 9) if v]
    cases = [(3, 1.0, 1.0), (6, -2.0, 2.0), (4, 0.1, -0.3)]   # 0.1, 0.3: read as exact decimals
    cases += [(int(rng.integers(3, 7)), float(rng.choice(grid)), float(rng.choice(grid))) for _ in range(6)]
    for depth, x0, w0 in cases:
        x, ws, ds = S._written_out(depth)
        point = {x: sp.Rational(str(x0)), **{wk: sp.Rational(str(w0)) for wk in ws}}
        before = tuple(float(sp.N(d.subs(point), 30)) for d in ds)
        assert S.sympy_values.__wrapped__(depth, x0, w0) == before, (depth, x0, w0)


def test_layer_partials_symbolic_parts_are_shared_and_equal_a_fresh_derivation():
    from symderiv.problems.layer_partials import checks as C, maths as L
    m1 = L.prepare({"n": 3, "m": 2, "numbers": 1}, 1)
    m2 = L.prepare({"n": 3, "m": 2, "numbers": 7}, 2)
    assert m1.parts is m2.parts and m1.concrete is m2.concrete
    fresh_c = L.Concrete(3, 2)
    fresh = L.parts(fresh_c)
    for key, p in m1.parts.items():
        assert p.formulas(m1.concrete) == [fresh_c.of(fresh[key].result, **i) for i in fresh[key].indices]
        assert p.formulas(m1.concrete) is not p.formulas(m1.concrete)       # a new list each time
        assert list(C._diffs(p.concrete, tuple(p.wrt))) == [sp.diff(fresh[key].concrete, v) for v in fresh[key].wrt]


def _fb_reference(m):
    """forward-backward's SymPy values as they were computed before: the network with the
    variant's numbers as 30-digit Floats, sympy.diff per entry, subs and evalf(30)."""
    from symderiv.language.table import sigmoid
    from symderiv.problems.nn_common import layer_symbol as sym
    values, syms, h, outs = {}, {}, [sp.Float(v, 30) for v in m.x], []
    for l, (W, b) in enumerate(zip(m.net.weights, m.net.biases), start=1):
        Ws = [[sym("w", l, i, j) for j in range(W.shape[1])] for i in range(W.shape[0])]
        bs = [sym("b", l, i) for i in range(W.shape[0])]
        syms[l] = (Ws, bs)
        h = [sigmoid(sum(Ws[i][j] * h[j] for j in range(W.shape[1])) + bs[i]) for i in range(W.shape[0])]
        outs += h
        for i in range(W.shape[0]):
            values[bs[i]] = sp.Float(b[i], 30)
            for j in range(W.shape[1]):
                values[Ws[i][j]] = sp.Float(W[i, j], 30)
    E = sp.Rational(1, 2) * sum((h[i] - sp.Float(m.y[i], 30)) ** 2 for i in range(len(m.y)))
    fwd = [float(v.subs(values).evalf(30)) for v in outs + [E]]
    grad = [float(sp.diff(E, s).subs(values).evalf(30))
            for l in (1, 2) for s in [w for row in syms[l][0] for w in row] + syms[l][1]]
    return fwd, grad


def test_forward_backward_values_by_mpmath_are_the_floats_of_the_30_digit_evalf():
    from symderiv import problems
    from symderiv.course.variants import sample_variant
    from symderiv.problems.forward_backward import maths as FB
    prob = problems.get("forward-backward")
    for seed in range(6):
        m = FB.prepare(sample_variant(prob, seed) if seed else dict(FB.FB_DEFAULTS), seed)
        assert FB.exact_network(m) == _fb_reference(m)


def test_sympy_latex_memo_prints_what_a_fresh_printer_prints():
    from symderiv.documents import latex as L
    x = sp.Symbol("x")
    exprs = [sp.Float(0.123456789, 3) * x, sp.Float(0.123456789, 15) * x, sp.Integer(2) * x, sp.Float(2.0) * x,
             sp.Symbol("y", real=True) + 1, sp.Symbol("y") + 1, sp.Tuple(sp.Float(1.5), 2), sp.true]
    for lang in ("en", "de"):
        for inline in (False, True):
            for plain in (False, True):
                fresh = [L._printer(inline, lang, plain).doprint(e) for e in exprs]
                fresh = [L._LEFT_RIGHT.sub("", c) if inline else c for c in fresh]
                assert [L.sympy_latex(e, inline, lang, plain) for e in exprs] == fresh
                assert [L.sympy_latex(e, inline, lang, plain) for e in exprs] == fresh   # hits
    assert L.sympy_latex(sp.Float(0.123456789, 3) * x) != L.sympy_latex(sp.Float(0.123456789, 15) * x)
    assert L.sympy_latex(sp.Matrix([[x, 1]])) == L._printer(False, "en", False).doprint(sp.Matrix([[x, 1]]))
    assert L._memo_key((1.0, 2), False, "en", False) is None          # Python values: 1 == 1.0
