"""Gradient-flow chains, products for symbolic depth, bounds, intervals, log-normal moments."""
import numpy as np
import pytest
import sympy as sp

from symderiv.layers import bounds as B
from symderiv.problems import gradient_flow_maths as GM
from symderiv.language.numeric import numeric


# -- 000 a: h_i = sigma(w_i h_{i-1}) -------------------------------------------------------

def test_symbolic_n_prints_as_product():
    e = B.dh_dw_symbolic()
    text = str(e)
    assert "Product(sigma'(h[j - 1]*w[j])*w[j], (j, i + 1, n))" in text
    assert "sigma'(h[i - 1]*w[i])*h[i - 1]" in text
    assert isinstance(e, sp.Mul) and any(isinstance(a, sp.Product) for a in e.args)
    assert r"\prod_{j=i + 1}^{n}" in sp.latex(e)


@pytest.mark.parametrize("depth", range(1, 7))
def test_symbolic_n_agrees_with_concrete_n_generic_sigma(depth):
    e = B.dh_dw_symbolic()
    for idx in range(1, depth + 1):
        concrete = B.dh_dw_concrete(depth, idx)
        assert concrete.has(B.dsigma)
        sym = B.instantiate(e, {B.n: depth, B.i: idx}, B.h_arrays(depth))
        assert sp.expand(concrete - sym) == 0, (depth, idx)


def test_concrete_chain_against_numpy_backprop_and_differences():
    depth = 5
    ws_sym, hs = B.h_chain(depth, "sigmoid")
    rng = np.random.default_rng(3)
    wv = rng.uniform(-1, 1, depth)
    x0 = 0.7
    hs_np, grads = B.np_h_chain_grads(wv, x0, "sigmoid")
    sym = B.dh_dw_symbolic()
    f = numeric(hs[depth], [B.x] + ws_sym)
    for idx in range(1, depth + 1):
        d = B.instantiate(sym, {B.n: depth, B.i: idx}, B.h_arrays(depth, "sigmoid"), act="sigmoid")
        val = float(numeric(d, [B.x] + ws_sym)(x0, *wv))
        hstep = 1e-6
        wp, wm = wv.copy(), wv.copy()
        wp[idx - 1] += hstep
        wm[idx - 1] -= hstep
        fd = (f(x0, *wp) - f(x0, *wm)) / (2 * hstep)
        assert abs(val - grads[idx - 1]) < 1e-14
        assert abs(val - fd) < 1e-9


def test_sigmoid_bound_holds_and_is_tight():
    # the symbolic bound (sup sigma' from the catalog) at n = 5 equals the NumPy bound
    sym = B.sigmoid_bound_symbolic()
    wv = np.array([0.3, -0.8, 0.5, 0.9, -0.2])
    hs, _ = B.np_h_chain_grads(wv, 1.5, "sigmoid")
    for idx in range(1, 6):
        e = sym.subs({B.n: 5, B.i: idx}).doit()
        e = e.subs({B.w[m]: wv[m - 1] for m in range(1, 6)}).subs({B.h[m]: hs[m] for m in range(0, 6)})
        assert abs(float(e) - B.np_sigmoid_bound(wv, hs)[idx - 1]) < 1e-15
        assert abs(float(e) - 0.25 ** (6 - idx) * np.prod(np.abs(wv[idx:])) * abs(hs[idx - 1])) < 1e-15
    rng = np.random.default_rng(0)
    for _ in range(50):
        depth = int(rng.integers(1, 12))
        wv = rng.uniform(-1, 1, depth)
        x0 = rng.normal() * 3
        hs, g = B.np_h_chain_grads(wv, x0, "sigmoid")
        bound = B.np_sigmoid_bound(wv, hs)
        assert np.all(np.abs(g) <= bound * (1 + 1e-12))
    # tight when every pre-activation is near 0 (sigma' -> 1/4): tiny weights
    wv = np.full(6, 1e-4)
    hs, g = B.np_h_chain_grads(wv, 1.0, "sigmoid")
    ratio = np.abs(g) / B.np_sigmoid_bound(wv, hs)
    assert np.all(ratio > 0.9999)


def test_relu_factors_zero_or_weights():
    assert B.relu_factor_set() == sp.FiniteSet(0, 1)
    rng = np.random.default_rng(5)
    zero = nonzero = 0
    for _ in range(200):
        depth = 6
        wv = rng.uniform(-1, 1, depth)
        x0 = rng.normal()
        hs, g = B.np_h_chain_grads(wv, x0, "relu")
        for idx in range(1, depth + 1):
            full = hs[idx - 1] * np.prod(wv[idx:])
            if g[idx - 1] == 0:
                zero += 1
            else:
                nonzero += 1
                assert abs(g[idx - 1] - full) <= 1e-15 * max(1, abs(full))
    assert zero > 0 and nonzero > 0


# -- 002 A2: o-chain, skip, residual ------------------------------------------------------

@pytest.mark.parametrize("variant,depths", [("plain", range(1, 7)), ("skip", range(3, 7)),
                                            ("residual", range(1, 7))])
def test_o_chain_symbolic_agrees_with_concrete(variant, depths):
    e = B.do_dw_symbolic(variant)
    for depth in depths:
        concrete = B.do_dw_concrete(depth, 1, variant=variant)
        sym = B.instantiate(e, {B.N: depth}, B.o_arrays(B.o_chain(depth, variant=variant)))
        assert sp.expand(concrete - sym) == 0, (variant, depth)


def test_residual_general_layer_and_skip_is_long_plus_short():
    e = B.do_dw_symbolic("residual", general=True)
    for depth in range(2, 6):
        for kk in range(1, depth + 1):
            c = B.do_dw_concrete(depth, kk, variant="residual")
            sym = B.instantiate(e, {B.N: depth, B.k: kk}, B.o_arrays(B.o_chain(depth, variant="residual")))
            assert sp.expand(c - sym) == 0
    skip = B.do_dw_symbolic("skip")
    assert isinstance(skip, sp.Add) and len(skip.args) == 2
    assert sum(isinstance(a, sp.Mul) and any(isinstance(t, sp.Product) for t in a.args) for a in skip.args) == 1


@pytest.mark.parametrize("variant", ["plain", "skip", "residual"])
def test_numpy_chain_grads_vs_differences(variant):
    rng = np.random.default_rng(7)
    depth = 7
    wv, bv, x0 = rng.normal(size=depth), rng.normal(size=depth), 0.4
    _, gw, gb = B.np_o_chain_grads(wv, bv, x0, "tanh", variant)
    h = 1e-6
    for m in range(depth):
        for arr, g in ((wv, gw), (bv, gb)):
            p, q = arr.copy(), arr.copy()
            p[m] += h
            q[m] -= h
            args_p = (p, bv) if arr is wv else (wv, p)
            args_q = (q, bv) if arr is wv else (wv, q)
            fd = (B.np_o_chain_grads(*args_p, x0, "tanh", variant)[0]
                  - B.np_o_chain_grads(*args_q, x0, "tanh", variant)[0]) / (2 * h)
            assert abs(fd - g[m]) < 1e-8 * (1 + abs(g[m]))


def test_depth_profile_skip_keeps_gradient():
    prof = B.depth_profile([4, 16], "sigmoid", trials=30, seed=0)
    assert prof["plain"][1] < prof["plain"][0] * 1e-4      # vanishes with depth
    assert prof["skip"][1] > prof["plain"][1] * 1e3         # the short path survives
    assert prof["residual"][1] > prof["plain"][1] * 1e3


# -- 001 T6: interval, length, its maximum --------------------------------------------------

def test_interval_derivation():
    d = GM.interval_derivation()
    W, u = d.W, d.u
    assert sp.simplify(d.dsig_u - u / (1 + u) ** 2) == 0
    assert d.w_threshold == sp.Interval(4, sp.oo)
    assert d.root_product == 1
    assert d.sheet_difference == 0
    f = sp.lambdify(W, d.length)
    for wv in (4.5, 6.0, 8.0, 20.0):
        assert abs(f(wv) - GM.interval_length(wv)) < 1e-12


@pytest.mark.parametrize("wv,bv", [(4.2, 0.0), (6.0, 1.0), (8.0, 0.5), (-10.0, -2.0), (40.0, 3.0)])
def test_interval_length_formula_vs_direct_solution(wv, bv):
    lo, hi = GM.interval_numeric(wv, bv)
    assert abs((hi - lo) - GM.interval_length(abs(wv))) < 1e-10
    assert abs((lo + hi) / 2 - (-bv / wv)) < 1e-10  # centred at -b/w
    # inside the interval the inequality holds, outside it fails
    sig = lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2  # noqa: E731
    for a, inside in (((lo + hi) / 2, True), (lo - 1e-3, False), (hi + 1e-3, False)):
        assert (abs(wv * sig(wv * a + bv)) >= 1) == inside
    assert GM.interval_numeric(3.9) is None


def test_maximum_of_interval_length():
    wstar, lmax, slope = GM.max_interval_length()
    grid = np.linspace(4, 60, 560001)
    vals = GM.interval_length(grid)
    assert abs(vals.max() - lmax) < 1e-8
    assert abs(grid[np.argmax(vals)] - wstar) < 1e-3
    assert abs(slope) < 1e-6
    # 4 significant digits (independent grid values)
    assert float(f"{grid[np.argmax(vals)]:.4g}") == float(f"{wstar:.4g}")
    assert float(f"{vals.max():.4g}") == float(f"{lmax:.4g}")


# -- 001 T6 (c): log-normal product --------------------------------------------------------

def test_lognormal_moments_derived():
    lm = GM.lognormal_moments()
    assert lm.form_difference == 0
    # mgf against numeric integration at sample parameters (scipy quad)
    from scipy.integrate import quad
    mu, sd, t = -0.3, 0.7, 1.7
    val, _ = quad(lambda y: np.exp(t * y - (y - mu) ** 2 / (2 * sd**2)) / np.sqrt(2 * np.pi * sd**2),
                  mu - 40 * sd, mu + 40 * sd + t * sd**2)
    got = float(lm.mgf.subs({lm.mu: mu, lm.s: sd, lm.t: t}))
    assert abs(got - val) < 1e-10 * val


@pytest.mark.parametrize("mu,sd,K,seed", [(-0.5, 0.3, 5, 0), (0.1, 0.2, 10, 1), (-1.0, 0.5, 3, 2)])
def test_lognormal_monte_carlo(mu, sd, K, seed):
    mc = GM.monte_carlo(mu, sd, K, samples=200_000, seed=seed)
    assert mc.passed, mc
    assert mc.z_mean <= 4 and mc.z_var <= 4
    # the closed forms at these parameters
    assert abs(mc.mean_exact - np.exp(K * mu + K * sd**2 / 2)) < 1e-12 * mc.mean_exact
    assert abs(mc.var_exact - (np.exp(K * sd**2) - 1) * np.exp(2 * K * mu + K * sd**2)) < 1e-12 * mc.var_exact


def test_monte_carlo_detects_wrong_moments():
    # the check can fail: with the wrong mean (no s^2/2 term) the z-score explodes
    mc = GM.monte_carlo(-0.5, 0.3, 5, samples=200_000, seed=0)
    wrong = np.exp(5 * -0.5)
    assert abs(mc.mean_estimate - wrong) / mc.mean_se > 4
