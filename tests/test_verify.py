"""Issue 3: verification (symderiv.verify, check_gradient, `check`, `verify-answer`)."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp

import symderiv
from symderiv.nn import mlp000c
from symderiv import verify
from symderiv.cli.main import main
from symderiv.language.parse import parse, symbol

w, x, y = symbol("w"), symbol("x"), symbol("y")


def run_json(capsys, argv):
    rc = main(argv + ["--format", "json"])
    out = capsys.readouterr().out
    return rc, json.loads(out)


def sig(t):
    return 1.0 / (1.0 + math.exp(-t))


# --------------------------------------------------------------------------------------
# the relative error and compare()
# --------------------------------------------------------------------------------------

def test_relative_error_definition():
    # |a - n| / max(|a|, |n|, tiny): a factor-2 error reads 0.5 (CS231n's convention)
    assert verify.relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1, rel=1e-12)
    assert verify.relative_error(2.0, 1.0) == pytest.approx(0.5, rel=1e-15)
    assert verify.relative_error(1.0, 2.0) == pytest.approx(0.5, rel=1e-15)
    assert verify.relative_error(0.0, 0.0) == 0.0
    assert verify.relative_error(-2.0, 2.0) == pytest.approx(2.0)
    assert verify.relative_error(1e-20, 0.0, tiny=1e-3) == pytest.approx(1e-17)


def test_compare_passes_and_fails_with_stated_tolerance():
    a = np.array([1.0, 2.0, 3.0])
    rec = verify.compare(a, a * (1 + 1e-10), "backprop vs central", tolerance=1e-8)
    assert rec.passed and rec.points == 3 and rec.tolerance == 1e-8
    assert rec.max_rel_error == pytest.approx(1e-10 / (1 + 1e-10), rel=1e-3)
    rec = verify.compare(a, a + np.array([0, 0, 0.3]), "monte carlo", tolerance=0.01)
    assert not rec.passed
    assert rec.max_abs_error == pytest.approx(0.3)
    assert rec.details[0]["index"] == 2
    assert json.dumps(rec.to_dict())  # JSON-safe
    with pytest.raises(verify.VerifyError):
        verify.compare([1.0, 2.0], [1.0], "x")


def test_record_to_dict_is_json_safe_with_nan():
    rec = verify.compare(np.array([1.0, np.nan]), np.array([1.0, 2.0]), "central")
    assert not rec.passed
    d = rec.to_dict()
    json.dumps(d, allow_nan=False)
    assert {"method", "points", "max_abs_error", "max_rel_error", "tolerance", "passed", "kinks",
            "seed", "details"} <= set(d)


# --------------------------------------------------------------------------------------
# check_expression and `symderiv check`
# --------------------------------------------------------------------------------------

def test_cli_check_acceptance_random_points(capsys):
    rc, data = run_json(capsys, ["check", "tanh(w*x) + relu(x - 1)", "--wrt", "w,x", "--points", "20"])
    assert rc == 0
    assert data["passed"] is True and data["points"] == 20
    assert data["kinks"] == 0 and data["kink_points"] == []  # random points avoid the kink
    assert data["max_rel_error"] <= data["tolerance"]
    assert {"passed", "method", "max_rel_error", "tolerance", "points", "kinks"} <= set(data)


def test_cli_check_text_states_tolerance_and_definition(capsys):
    rc = main(["check", "tanh(w*x) + relu(x - 1)", "--wrt", "w,x", "--points", "5", "--method", "central"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "tolerance 1e-06" in out and "PASSED" in out
    assert "|a - n| / max(|a|, |n|, tiny)" in out


@pytest.mark.parametrize("method", ["auto", "central", "richardson", "complex"])
def test_cli_check_at_kink_reports_kink_not_failure(capsys, method):
    rc, data = run_json(capsys, ["check", "tanh(w*x) + relu(x - 1)", "--wrt", "w,x",
                                 "--at", "x=1,w=0.3", "--method", method])
    assert rc == 0 and data["passed"] is True
    assert data["kinks"] == 1 and len(data["kink_points"]) == 1
    k = data["kink_points"][0]
    assert k["point"] == {"w": 0.3, "x": 1.0}
    assert "relu(x - 1)" in k["where"] and "step in x" in k["where"]
    by_var = {d["variable"]: d for d in data["details"]}
    assert by_var["x"]["kinks"] == 1 and by_var["w"]["kinks"] == 0 and by_var["w"]["points"] == 1


def test_cli_check_text_mentions_kink(capsys):
    rc = main(["check", "tanh(w*x) + relu(x - 1)", "--wrt", "w,x", "--at", "x=1,w=0.3"])
    out = capsys.readouterr().out
    assert rc == 0 and "kink at w=0.3, x=1" in out and "not counted as a failure" in out


@pytest.mark.parametrize("text", ["sigmoid(x)", "tanh(x)", "softplus(x)",
                                  "-log(exp(a)/(exp(a)+exp(b)+exp(c)))"])
def test_complex_step_below_1e_12(capsys, text):
    # "--" ends the options: the expression may start with a minus sign
    rc = main(["check", "--method", "complex", "--points", "20", "--seed", "3", "--format", "json",
               "--", text])
    data = json.loads(capsys.readouterr().out)
    assert rc == 0 and data["method"] == "complex"
    assert data["tolerance"] == 1e-12
    assert data["max_rel_error"] < 1e-12


@pytest.mark.parametrize("method,tol", [("central", 1e-6), ("richardson", 1e-9)])
def test_finite_difference_methods_reach_their_tolerance(method, tol):
    a, b, c = symbol("a"), symbol("b"), symbol("c")
    e = parse("-log(exp(a)/(exp(a)+exp(b)+exp(c)))")
    rec = verify.check_expression(e, [a, b, c], n_points=30, method=method, seed=1)
    assert rec.method == method and rec.tolerance == tol and rec.passed


def test_wrong_derivative_is_caught():
    e = parse("tanh(w*x)")
    wrong = [x * (1 - sp.tanh(w * x)), w * (1 - sp.tanh(w * x) ** 2)]  # d/dw lacks the square
    for method in ("central", "richardson", "complex"):
        rec = verify.check_expression(e, [w, x], gradient=wrong, n_points=10, method=method)
        assert not rec.passed
        bad = [d for d in rec.details if not d["passed"]]
        assert [d["variable"] for d in bad] == ["w"]
        worst = bad[0]["worst"]
        pw, px = worst["point"]["w"], worst["point"]["x"]
        assert worst["numeric"] == pytest.approx(px / math.cosh(pw * px) ** 2, rel=1e-5, abs=1e-9)


def test_small_wrong_factor_is_caught_by_complex_step():
    e = parse("sigmoid(x)")
    rec = verify.check_expression(e, [x], gradient=[sp.Float(1 + 1e-9) * sp.diff(e, x)],
                                  method="complex")
    assert not rec.passed and rec.max_rel_error == pytest.approx(1e-9, rel=0.01)


def test_wrong_derivative_at_a_kinked_point_still_caught_in_other_variable():
    e = parse("tanh(w*x) + relu(x - 1)")
    grad = [2 * x / sp.cosh(w * x) ** 2, w / sp.cosh(w * x) ** 2 + sp.Heaviside(x - 1)]
    rec = verify.check_expression(e, [w, x], gradient=grad, point={w: 0.3, x: 1.0}, method="central")
    assert not rec.passed and len(rec.kinks) == 1


@pytest.mark.parametrize("text,grad,point", [
    ("relu(x)", lambda: [sp.Heaviside(x)], {"x": 0.0}),        # gradcheck's false failure
    ("abs(x)", lambda: [sp.sign(x)], {"x": 0.0}),
    ("max(x, y)", lambda: [sp.Heaviside(x - y), sp.Heaviside(y - x)], {"x": 0.7, "y": 0.7}),
    ("hardtanh(x)", lambda: [sp.Heaviside(x + 1) * sp.Heaviside(1 - x)], {"x": 1.0}),
    ("relu(x)", lambda: [sp.Heaviside(x)], {"x": 1e-7}),       # kink within the step
])
def test_kinks_are_reported_not_failures(text, grad, point):
    # every variable sits at a kink: nothing is compared, so the check is undecided (issue 13)
    e = parse(text)
    syms = sorted(e.free_symbols, key=lambda s: s.name)
    pt = {s: point[s.name] for s in syms}
    for method in ("central", "richardson", "complex"):
        rec = verify.check_expression(e, syms, gradient=grad(), point=pt, method=method)
        if method == "complex" and point.get("x") == 1e-7:
            # the complex step does not move the real part: no kink within its step
            assert rec.kinks == [] and rec.passed and rec.status == "passed"
            continue
        assert rec.status == "undecided" and rec.passed is False, (method, rec.to_dict())
        assert rec.kinks and "kink" in rec.reason, (method, rec.to_dict())
        assert rec.summary().startswith("UNDECIDED: nothing was compared")
        assert all(d["status"] == "undecided" for d in rec.details)


def test_random_points_avoid_kinks_and_domain():
    e = parse("abs(x - 0.5) + log(y)")
    rec = verify.check_expression(e, [x, y], gradient=[sp.sign(x - 0.5), 1 / y], n_points=50,
                                  method="central")
    assert rec.passed and rec.kinks == [] and rec.points == 50


def test_seed_reproducible():
    e = parse("sin(x*y) + x^3")
    r1 = verify.check_expression(e, [x, y], n_points=5, method="central", seed=7)
    r2 = verify.check_expression(e, [x, y], n_points=5, method="central", seed=7)
    r3 = verify.check_expression(e, [x, y], n_points=5, method="central", seed=8)
    assert r1.to_dict() == r2.to_dict()
    assert r1.max_abs_error != r3.max_abs_error
    assert r1.seed == 7


def test_stationary_point_no_false_failure():
    x1, x2 = symbol("x1"), symbol("x2")
    e = parse("100*(x2 - x1^2)^2 + (1 - x1)^2")
    for method in ("central", "richardson", "complex"):
        rec = verify.check_expression(e, [x1, x2], point={x1: 1.0, x2: 1.0}, method=method)
        assert rec.passed, method


@pytest.mark.parametrize("argv,words", [
    (["check", "log(x)", "--at", "x=-1"], "f is not defined at x=-1: log(x) is not a number"),
    (["check", "sqrt(x)", "--at", "x=0"], "df/dx is not defined at x=0: its value is infinite"),
])
def test_check_outside_the_domain_exit_1(capsys, argv, words):
    """A point outside the domain of f (or of its derivative) fails the check: one line, exit 1."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"error: {words}") and captured.err.count("\n") == 1


@pytest.mark.parametrize("argv", [
    ["check", "x +"],
    ["check", "x*y", "--points", "0"],
    ["check", "x*y", "--at", "x=1"],
    ["check", "log(-x^2 - 1)"],
    ["check", "log(x)", "--at", "x=1e-7", "--method", "central"],
])
def test_check_bad_input_exit_2(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_check_subprocess_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "symderiv", "check", "x^2*y", "--points", "3"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "PASSED" in ok.stdout


# --------------------------------------------------------------------------------------
# verify-answer
# --------------------------------------------------------------------------------------

def test_verify_answer_correct(capsys):
    rc, data = run_json(capsys, ["verify-answer", "sigmoid(x)", "--wrt", "x",
                                 "--answer", "sigmoid(x)*(1 - sigmoid(x))"])
    assert rc == 0 and data["passed"] is True and data["counterexample"] is None
    # the expected derivative round-trips through the parser and is s(1 - s)
    e = parse(data["expected"])
    f = sp.lambdify([x], e.rewrite(sp.exp))
    assert f(0.3) == pytest.approx(sig(0.3) * (1 - sig(0.3)), rel=1e-12)


def test_verify_answer_incorrect(capsys):
    rc, data = run_json(capsys, ["verify-answer", "sigmoid(x)", "--wrt", "x", "--answer", "sigmoid(x)^2"])
    assert rc == 1 and data["passed"] is False
    cx = data["counterexample"]
    t = cx["point"]["x"]
    assert cx["expected"] == pytest.approx(sig(t) * (1 - sig(t)), rel=1e-9)
    assert cx["answer"] == pytest.approx(sig(t) ** 2, rel=1e-9)
    rc = main(["verify-answer", "sigmoid(x)", "--wrt", "x", "--answer", "sigmoid(x)^2"])
    out = capsys.readouterr().out
    assert rc == 1
    assert out.startswith("incorrect:") and "at x = " in out
    assert "correct derivative: df/dx = " in out and "sigmoid(x)" in out.splitlines()[1]
    assert len(out.strip().splitlines()) == 2


def test_verify_answer_equal_but_different_form(capsys):
    rc = main(["verify-answer", "sigmoid(x)", "--wrt", "x", "--answer", "exp(-x)/(1+exp(-x))^2"])
    out = capsys.readouterr().out
    assert rc == 0 and out.startswith("correct:")


def test_verify_answer_several_variables(capsys):
    rc, data = run_json(capsys, ["verify-answer", "x*y^2 + sin(x)", "--wrt", "x,y",
                                 "--answer", "y^2 + cos(x)", "--answer", "2*x*y"])
    assert rc == 0 and data["passed"] is True
    assert set(data["expected"]) == {"x", "y"}
    rc, data = run_json(capsys, ["verify-answer", "x*y^2 + sin(x)", "--wrt", "x,y",
                                 "--answer", "y^2 + cos(x)", "--answer", "x*y"])
    assert rc == 1 and data["counterexample"]["variable"] == "y"
    p = data["counterexample"]["point"]
    assert data["counterexample"]["answer"] == pytest.approx(p["x"] * p["y"], rel=1e-9)
    assert data["counterexample"]["expected"] == pytest.approx(2 * p["x"] * p["y"], rel=1e-9)
    assert [r["passed"] for r in data["results"]] == [True, False]


def test_verify_answer_only_on_the_domain_of_f(capsys):
    # 1/|x| equals d/dx log(x) wherever log(x) is defined
    assert main(["verify-answer", "log(x)", "--wrt", "x", "--answer", "1/abs(x)"]) == 0
    assert main(["verify-answer", "log(x)", "--wrt", "x", "--answer", "1/x^2"]) == 1
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["verify-answer", "x*y", "--wrt", "x,y", "--answer", "y"],
    ["verify-answer", "x*y", "--answer", "y"],
    ["verify-answer", "x", "--wrt", "x", "--answer", "1 +"],
    ["verify-answer", "x", "--wrt", "x", "--answer", "__import__('os')"],
])
def test_verify_answer_bad_input_exit_2(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


# --------------------------------------------------------------------------------------
# check_gradient on NumPy code
# --------------------------------------------------------------------------------------

SIZES = (20, 16, 16, 5)
B1_BUG = "one entry of b1 off by 10% of the largest db1 entry"


def make_mlp(seed=0, batch=8, sizes=SIZES, dtype=np.float64):
    return mlp000c.make(sizes, batch, seed, dtype)


mlp_loss, mlp_grad = mlp000c.loss, mlp000c.backprop


def test_mlp_backprop_is_right_independently():
    """The test network's backprop agrees with plain central differences written here."""
    P, X, labels = make_mlp()
    G = mlp_grad(P, X, labels)
    h = 1e-6
    for name, idx in (("W1", (3, 7)), ("b2", (5,)), ("W3", (4, 15))):
        Q = {k: v.copy() for k, v in P.items()}
        Q[name][idx] += h
        fp = mlp_loss(Q, X, labels)
        Q[name][idx] -= 2 * h
        fm = mlp_loss(Q, X, labels)
        assert (fp - fm) / (2 * h) == pytest.approx(G[name][idx], rel=1e-5, abs=1e-9)


@pytest.mark.parametrize("method", ["central", "complex", "auto"])
def test_check_gradient_passes_correct_mlp(method):
    P, X, labels = make_mlp()
    rec = symderiv.check_gradient(lambda Q: mlp_loss(Q, X, labels), lambda Q: mlp_grad(Q, X, labels),
                                  P, method=method)
    assert rec.passed, rec.summary()
    assert rec.method == ("complex" if method == "auto" else method)
    assert rec.max_rel_error <= rec.tolerance
    assert [d["name"] for d in rec.details] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert all(d["passed"] for d in rec.details)
    json.dumps(rec.to_dict(), allow_nan=False)


@pytest.mark.parametrize("bug,wrong", list(mlp000c.BUGS.items()))
@pytest.mark.parametrize("method", ["central", "complex"])
def test_check_gradient_catches_injected_errors(bug, wrong, method):
    P, X, labels = make_mlp()
    rec = verify.check_gradient(lambda Q: mlp_loss(Q, X, labels),
                                lambda Q: mlp_grad(Q, X, labels, bug), P, method=method)
    assert not rec.passed
    failing = {d["name"] for d in rec.details if not d["passed"]}
    assert failing == wrong
    for name in wrong:
        assert f"{name}: " in rec.summary() and "checked entries wrong" in rec.summary()


def test_check_gradient_b1_entry_pinpointed_when_all_coordinates_checked():
    P, X, labels = make_mlp()
    rec = verify.check_gradient(lambda Q: mlp_loss(Q, X, labels),
                                lambda Q: mlp_grad(Q, X, labels, B1_BUG), P, n_coords=16)
    b1 = next(d for d in rec.details if d["name"] == "b1")
    assert b1["coordinates"] == 16 and b1["coordinates_wrong"] == 1
    assert b1["wrong_entries"] == [[3]]
    assert "b1: 4 of 19 checked entries wrong (1 of 16 coordinates, 3 of 3 random directions)" \
        in rec.summary()
    assert rec.worst[0]["name"] == "b1" and rec.worst[0]["index"] == [3]


def test_check_gradient_shape_mismatch_is_reported():
    P, X, labels = make_mlp(sizes=(6, 4, 4, 3))

    def bad(Q):
        G = mlp_grad(Q, X, labels)
        G["W1"] = G["W1"].T
        return G
    rec = verify.check_gradient(lambda Q: mlp_loss(Q, X, labels), bad, P)
    assert not rec.passed
    assert "W1: gradient has shape (6, 4), parameter has shape (4, 6)" in rec.summary()


def test_check_gradient_plain_array_and_float32():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((30, 30)) / 6
    v = rng.standard_normal(30)

    def f(z):
        return np.sum(np.tanh(A.astype(z.dtype) @ z) ** 2) + np.sum(z ** 4) / 4

    def g(z):
        t = np.tanh(A.astype(z.dtype) @ z)
        return A.astype(z.dtype).T @ (2 * t * (1 - t ** 2)) + z ** 3
    rec64 = verify.check_gradient(f, g, v)
    assert rec64.passed and rec64.tolerance == 1e-6
    for seed in range(5):
        rec32 = verify.check_gradient(f, g, v.astype(np.float32), seed=seed)
        assert rec32.passed, rec32.summary()      # no false failure in float32
        assert rec32.tolerance > rec64.tolerance  # the tolerance widened
        assert rec32.method == "central"
    rec32 = verify.check_gradient(f, g, v.astype(np.float32), method="auto")
    assert rec32.method == "central"

    def g_wrong(z):
        return g(z) * 1.2
    assert not verify.check_gradient(f, g_wrong, v.astype(np.float32)).passed


def test_check_gradient_relu_kink_no_false_failure():
    x0 = np.array([0.0, 1e-9, -2e-9, 0.5, -0.3, 0.0])

    def f(z):
        return np.sum(np.maximum(z, 0) * np.arange(1, 7))

    def g(z):
        return (z > 0) * np.arange(1.0, 7.0)
    rec = verify.check_gradient(f, g, x0, n_directions=0)
    assert rec.passed, rec.summary()
    kinked = {next(iter(k["point"])) for k in rec.kinks}
    assert kinked == {"x[0]", "x[1]", "x[2]", "x[5]"}

    def g_wrong(z):
        return (z > 0) * 2.0 * np.arange(1.0, 7.0)
    rec = verify.check_gradient(f, g_wrong, x0, n_directions=0)
    assert not rec.passed
    assert rec.details[0]["coordinates_wrong"] == 1  # x[3] = 0.5: slope 4, claimed 8


def test_check_gradient_relu_network_with_kinks():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 5))
    W = rng.standard_normal((8, 5))
    W[0] = 0.0  # unit 0 sits exactly at the kink for every sample
    v = rng.standard_normal(8)

    def f(P):
        return np.mean(np.maximum(X @ P["W"].T, 0) @ P["v"])

    def g(P):
        pre = X @ P["W"].T
        return {"W": ((pre > 0) * P["v"]).T @ X / len(X), "v": np.maximum(pre, 0).mean(0)}
    rec = verify.check_gradient(f, g, {"W": W, "v": v}, n_coords=40, method="central")
    assert rec.passed, rec.summary()
    assert rec.kinks


def test_check_gradient_reproducible_and_bad_input():
    P, X, labels = make_mlp(sizes=(6, 4, 4, 3))
    a = verify.check_gradient(lambda Q: mlp_loss(Q, X, labels), lambda Q: mlp_grad(Q, X, labels), P, seed=4)
    b = verify.check_gradient(lambda Q: mlp_loss(Q, X, labels), lambda Q: mlp_grad(Q, X, labels), P, seed=4)
    assert a.to_dict() == b.to_dict()
    with pytest.raises(verify.VerifyError):
        verify.check_gradient(lambda z: z, lambda z: z, np.ones(3))  # f not scalar
    with pytest.raises(verify.VerifyError):
        verify.check_gradient(lambda z: 0.0, lambda z: z, np.ones(3), method="forward")


def test_check_gradient_auto_falls_back_to_central_for_non_analytic_code():
    v = np.array([0.7, -1.3, 2.1, -0.4])

    def f(z):
        return np.sum(np.abs(z) ** 3)  # np.abs of a complex array is the modulus: no complex step

    def g(z):
        return 3 * z * np.abs(z)
    rec = verify.check_gradient(f, g, v, method="auto")
    assert rec.method == "central" and rec.passed, rec.summary()
    # the complex step forced onto it: the modulus is real, the imaginary part is lost
    with pytest.raises(verify.VerifyError):
        verify.check_gradient(f, g, v, method="complex")

    def f_conj(z):
        return np.sum(z * np.conj(z) * z)  # complex, but not analytic: |z|^2 z
    def g_conj(z):
        return 3 * z ** 2
    assert verify.check_gradient(f_conj, g_conj, v, method="central").passed
    assert verify.check_gradient(f_conj, g_conj, v, method="auto").method == "central"
    assert not verify.check_gradient(f_conj, g_conj, v, method="complex").passed


def test_check_gradient_complex_step_needs_complex_code():
    def f(z):
        return float(np.sum(z ** 2))  # float() rejects complex input
    with pytest.raises(verify.VerifyError, match="method='central'"):
        verify.check_gradient(f, lambda z: 2 * z, np.ones(3), method="complex")

    def f_real(z):
        return np.sum(np.real(z) ** 2)  # drops the imaginary part
    with pytest.raises(verify.VerifyError, match="imaginary part"):
        verify.check_gradient(f_real, lambda z: 2 * z, np.ones(3), method="complex")
    assert verify.check_gradient(f_real, lambda z: 2 * z, np.ones(3), method="auto").passed


# --------------------------------------------------------------------------------------
# issue 13: undecided checks, deep and large expressions
# --------------------------------------------------------------------------------------

def test_relu_at_its_kink_only_is_undecided_never_passed():
    e = parse("relu(x)")
    rec = verify.check_expression(e, [x], point={x: 0.0})
    assert rec.status == "undecided" and not rec.passed and rec.points == 1
    assert "relu(x)" in rec.reason and rec.to_dict()["status"] == "undecided"
    # one variable at its kink, another compared: decided by the compared one
    e2 = parse("relu(x) + y^2")
    rec2 = verify.check_expression(e2, [x, y], point={x: 0.0, y: 0.5})
    assert rec2.status == "passed" and rec2.passed
    assert [d["status"] for d in rec2.details] == ["undecided", "passed"]


def test_check_gradient_with_every_entry_at_a_kink_is_undecided():
    rec = verify.check_gradient(lambda z: np.sum(np.maximum(z, 0)), lambda z: (z > 0) * 1.0,
                                np.zeros(3), n_directions=0)
    assert rec.status == "undecided" and not rec.passed and rec.checked == 0
    assert len(rec.kinks) == 3 and "kink" in rec.reason
    with pytest.raises(AssertionError, match="UNDECIDED"):
        verify.assert_gradient(lambda z: np.sum(np.maximum(z, 0)), lambda z: (z > 0) * 1.0,
                               np.zeros(3), n_directions=0)


def _nested(fn, depth, inner):
    from symderiv.language.parse import deep_recursion
    deep_recursion()  # SymPy's own recursive walks need it, as after parsing such an input
    e = inner
    for _ in range(depth):
        e = fn(e)
    return e


# built unevaluated: SymPy's evaluation of 399 levels takes seconds, the structure is the same
def _tanh(t):
    return sp.tanh(t, evaluate=False)


def _quarter_exp(t):  # exp(t)/4
    return sp.Mul(sp.Rational(1, 4), sp.exp(t, evaluate=False), evaluate=False)


@pytest.mark.parametrize("fn", [_tanh, _quarter_exp])
def test_deep_expression_gets_a_verdict_through_the_graph(fn):
    e = _nested(fn, 399, x)  # lambdify fails here: "too many nested parentheses"
    rec = verify.check_expression(e, [x], n_points=3, seed=1)
    assert rec.passed and rec.status == "passed" and rec.points == 3
    assert rec.details[0]["derivative"] == "reverse accumulation on the graph"
    assert rec.kinks == []  # a smooth chain
    wrong = verify.check_expression(e, [x], gradient=[sp.Integer(1)], point={x: 0.3})
    assert not wrong.passed and wrong.status == "failed"


def test_deep_tanh_chain_value_matches_numpy():
    from symderiv.verify.evaluate import GraphGradient, evaluator
    e = _nested(_tanh, 399, x)
    X = np.array([[0.3], [-1.1]])
    F = evaluator(e, [x])
    v = X[:, 0].copy()
    d = np.ones_like(v)
    for _ in range(399):
        v = np.tanh(v)
        d = d * (1 - v ** 2)
    assert np.allclose(F(X[:, 0]), v, rtol=1e-13, atol=0)
    assert np.allclose(GraphGradient(e, [x], [x]).values(X)[:, 0], d, rtol=1e-12, atol=0)


def test_find_counterexample_on_a_deep_expression():
    e = _nested(_tanh, 399, x)
    assert verify.find_counterexample(e, e, [x]) is None
    cx = verify.find_counterexample(e, e + 1e-3, [x])
    assert cx is not None and cx["right"] == pytest.approx(cx["left"] + 1e-3, rel=1e-9)


def test_sum_of_3000_variables_samples_the_variables():
    xs = [symbol(f"x{i}") for i in range(3000)]
    e = sp.Add(*xs)
    rec = verify.check_expression(e, xs, n_points=2, method="central")
    assert rec.passed and rec.sampled == "32 of 3,000 variables sampled (seed 0)"
    assert len(rec.details) == 32 and "32 of 3,000 variables sampled" in rec.summary()
    wrong = verify.check_expression(e, xs, gradient=[sp.Integer(2)] * 3000, n_points=2,
                                    method="central")
    assert not wrong.passed and len(wrong.details) == 32
    assert all(d["worst"]["derived"] == 2.0 and d["worst"]["numeric"] == pytest.approx(1.0)
               for d in wrong.details)
