"""Adam bias correction (Kingma & Ba, Algorithm 1): symbolic derivation, Monte Carlo, steps
(001 Aufgabe 11, Teil 2 of the overfitting problem)."""
import math

import numpy as np
import pytest
import sympy as sp

from symderiv.problems.overfitting import bias as A


@pytest.fixture(scope="module")
def derivation():
    return A.derive()


def test_derivation_holds(derivation):
    first, second = derivation
    assert first.ok and second.ok
    assert first.induction_residual == 0 and first.base_case == 0
    assert sp.simplify(first.corrected - first.mean) == 0
    assert sp.simplify(second.corrected - second.mean) == 0


@pytest.mark.parametrize("b", [0.5, 0.9, 0.999])
def test_geometric_series_value(derivation, b):
    first, _ = derivation
    for tt in range(1, 25):
        explicit = sum(b ** (tt - kk) for kk in range(1, tt + 1))
        got = float(first.series_value.subs({A.beta1: b, A.t: tt}))
        assert got == pytest.approx(explicit, rel=1e-12)
        # and the expectation factor (1 - b) * sum = 1 - b^t
        assert (1 - b) * explicit == pytest.approx(1 - b ** tt, rel=1e-12)


def test_unrolled_coefficients(derivation):
    first, _ = derivation
    samples = sp.symbols("x_1:7")
    for tt, mt, ok in first.unrolled_checks:
        assert ok
        for kk in range(1, tt + 1):
            coeff = sp.expand(mt).coeff(samples[kk - 1])
            # (1 - beta) beta^(t-k) at beta = 0.9
            assert float(coeff.subs(A.beta1, 0.9)) == pytest.approx(0.1 * 0.9 ** (tt - kk), rel=1e-12)


def test_monte_carlo_matches_the_expectation():
    sim = A.simulate(g_mean=0.5, g_std=1.0, b1=0.9, b2=0.999, steps=10, runs=20000, seed=1)
    # predictions by hand at t = 1 and t = 2
    assert sim.m_pred[0] == pytest.approx(0.1 * 0.5)
    assert sim.m_pred[1] == pytest.approx((1 - 0.81) * 0.5)
    assert sim.v_pred[0] == pytest.approx(0.001 * 1.25)
    assert sim.max_abs_z < 4.5
    # bias-corrected estimates are unbiased: within 4.5 standard errors of g and E[g^2]
    assert np.all(np.abs(sim.mhat_mean - 0.5) < 4.5 * sim.mhat_se)
    assert np.all(np.abs(sim.vhat_mean - 1.25) < 4.5 * sim.vhat_se)
    # the uncorrected first moment is biased towards 0 far beyond its standard error at t = 1
    assert (0.5 - sim.m_mean[0]) / sim.m_se[0] > 50


def test_monte_carlo_detects_a_wrong_prediction():
    sim = A.simulate(g_mean=0.5, g_std=1.0, b1=0.9, b2=0.999, steps=5, runs=20000, seed=2)
    wrong = (sim.m_mean - (1 - 0.9 ** (np.arange(1, 6) + 1)) * 0.5) / sim.m_se
    assert np.max(np.abs(wrong)) > 10


def test_first_step_by_hand():
    # t=1: mhat = g, vhat = g^2, so theta_1 = theta_0 - lr g / (|g| + eps)
    tr = A.adam_trace([1.0, -2.0], lambda th: [2 * x for x in th], 1, lr=0.1, eps=1e-8)
    s = tr[0]
    assert s.t == 1
    assert s.mhat == pytest.approx([2.0, -4.0], rel=1e-14)
    assert s.vhat == pytest.approx([4.0, 16.0], rel=1e-14)
    assert s.theta == pytest.approx([1 - 0.1 * 2 / (2 + 1e-8), -2 + 0.1 * 4 / (4 + 1e-8)], rel=1e-14)


def test_course_reference_values():
    # CS231n test_optim / exercise 001 A11: 4x5 linspace arrays, t = 5, learning rate 1e-2;
    # the expected next_w, v, m as published by the course (8 digits)
    N, D = 4, 5
    w = np.linspace(-0.4, 0.6, num=N * D)
    dw = np.linspace(-0.6, 0.4, num=N * D)
    m = np.linspace(0.6, 0.9, num=N * D)
    v = np.linspace(0.7, 0.5, num=N * D)
    s = A.adam_trace(w, lambda th: dw, 1, lr=1e-2, m0=m, v0=v, t0=5)[0]
    expected_next_w = [
        [-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
        [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
        [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
        [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459]]
    expected_v = [
        [0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
        [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
        [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
        [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966]]
    expected_m = [
        [0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
        [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
        [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
        [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85]]
    assert s.t == 6
    assert np.allclose(np.reshape(s.theta, (N, D)), expected_next_w, rtol=1e-6, atol=1e-8)
    assert np.allclose(np.reshape(s.v, (N, D)), expected_v, rtol=1e-6, atol=1e-8)
    assert np.allclose(np.reshape(s.m, (N, D)), expected_m, rtol=1e-6, atol=1e-8)


def test_nn_optim_adam_matches_the_trace():
    optim = pytest.importorskip("symderiv.nn.optim")
    grad = lambda th: [2 * th[0] - 1.0, 6 * th[1] ** 3, math.sin(th[2])]  # noqa: E731
    theta0 = [1.5, -0.7, 2.0]
    cfg = {"learning_rate": 0.05, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    got = A.run_optimizer(optim.adam, theta0, grad, 25, cfg)
    ref = A.adam_trace(theta0, grad, 25, lr=0.05)
    for (w, tt, mm, vv), s in zip(got, ref):
        assert tt == s.t
        assert np.allclose(w, s.theta, rtol=1e-12, atol=1e-15)
        assert np.allclose(mm, s.m, rtol=1e-12, atol=1e-15)
        assert np.allclose(vv, s.v, rtol=1e-12, atol=1e-15)


def test_algorithm_steps_order():
    steps = A.algorithm_steps()
    assert steps[0] == (A.t, A.t + 1)            # t is incremented first
    lhs = [s[0] for s in steps]
    assert lhs[2:] == [A.m[A.t], A.v[A.t], A.mhat[A.t], A.vhat[A.t], A.theta[A.t]]
    # the correction uses the new t: mhat_t = m_t / (1 - beta1^t)
    assert steps[4][1] == A.m[A.t] / (1 - A.beta1 ** A.t)


def test_bad_simulation_input():
    with pytest.raises(ValueError):
        A.simulate(b1=1.0)
    with pytest.raises(ValueError):
        A.simulate(runs=1)


# ---- the problem (report) ---------------------------------------------------------------

def _solution(**params):
    from symderiv.course import reports
    return reports.make_solution("overfitting", params, 0)


def test_problem_default_all_checks_pass():
    _, _, sol = _solution()
    checks = sol.checks()
    assert len(checks) >= 6 and all(c.record.passed for c in checks)
    keys = {c.what.key for c in checks}
    # the package's optimizer and the student's code were really checked (course values too)
    assert {"overfitting.b.check.package", "overfitting.b.check.course", "overfitting.b.check.trace"} <= keys


def test_problem_other_parameters():
    _, _, sol = _solution(beta1="0.5", beta2="0.9", learning_rate="0.01", g_mean="-2", g_std="0.3")
    assert all(c.record.passed for c in sol.checks())


@pytest.mark.parametrize("params", [{"beta1": "1"}, {"beta2": "0"}, {"runs": "5"}, {"num_training": "5"},
                                    {"learning_rate": "-1"}, {"g_std": "0"}, {"beta1": "x"}])
def test_problem_bad_parameters(params):
    from symderiv.problems import ProblemError
    with pytest.raises(ProblemError):
        _solution(**params)
