"""check_gradient for engineers (issue 10, item 6): atol/rtol, the worst entries with their
values, full counts, assert_gradient and the readable record."""
from __future__ import annotations

import re

import numpy as np
import pytest

import symderiv
from symderiv import verify
from symderiv.nn import mlp000c

C = np.array([0.5, -2.0, 3.0, 0.0])
X0 = np.array([0.3, -1.1, 0.7, 2.0])


def linear(z):
    return np.sum(C * z)  # complex-safe: the complex step gives exactly C


def off_by(j, delta):
    def grad(z):
        g = C.copy()
        g[j] += delta
        return g
    return grad


@pytest.mark.parametrize("j,atol,rtol", [
    (1, 1e-5, 1e-3),    # gradcheck's defaults: allowed 1e-5 + 1e-3 * 2
    (1, 0.0, 1e-3),     # relative only
    (3, 1e-5, 0.0),     # absolute only, at a zero entry (|n| = 0)
    (2, 1e-7, 1e-6),
])
def test_atol_rtol_boundary(j, atol, rtol):
    allowed = atol + rtol * abs(C[j])
    for factor, ok in ((1 - 1e-6, True), (1 + 1e-6, False)):
        for sign in (1, -1):
            rec = verify.check_gradient(linear, off_by(j, sign * factor * allowed), X0,
                                        method="complex", n_directions=0, atol=atol, rtol=rtol)
            assert rec.passed is ok, (factor, sign, str(rec))
            assert rec.atol == atol and rec.tolerance == rtol
            assert rec.wrong == (0 if ok else 1) and rec.checked == 4
            if not ok:
                w = rec.worst[0]
                assert w["name"] == "x" and w["index"] == [j]
                assert w["numeric"] == C[j] and w["analytic"] == C[j] + sign * factor * allowed
                assert w["allowed"] == pytest.approx(allowed, rel=1e-12)


def test_default_tolerance_is_stricter_than_gradcheck():
    # an error of 1e-4 relative passes gradcheck's rtol 1e-3 but not the default (central: 1e-6)
    grad = off_by(2, 3e-4)
    assert verify.check_gradient(linear, grad, X0, atol=1e-5, rtol=1e-3).passed
    rec = verify.check_gradient(linear, grad, X0)
    assert not rec.passed and rec.tolerance == 1e-6 and rec.atol is None


def test_bad_tolerances_are_usage_errors():
    for kw in ({"atol": -1.0}, {"rtol": float("nan")}):
        with pytest.raises(verify.VerifyError):
            verify.check_gradient(linear, off_by(0, 0.0), X0, **kw)


def test_factor_two_bug_reads_one_half_and_counts_are_full():
    z = np.linspace(-1, 1, 1000) + 0.01

    def f(v):
        return 0.5 * np.sum(v ** 2)
    rec = verify.check_gradient(f, lambda v: 2 * v, z, n_coords=None, method="complex")
    assert not rec.passed
    assert rec.max_rel_error == pytest.approx(0.5, rel=1e-9)
    assert rec.wrong == 1003 and rec.checked == 1003  # every coordinate and 3 directions
    text = str(rec)
    assert "1,003 of 1,003 checked entries wrong" in text
    assert "worst 5 shown" in text
    assert len(rec.worst) == 5 and all(w["index"] is not None for w in rec.worst)
    # the worst coordinates are the largest |x|: |a - n| = |x| there
    assert rec.worst[0]["index"] == [999] and rec.worst[0]["analytic"] == pytest.approx(2 * z[999])
    assert rec.worst[0]["numeric"] == pytest.approx(z[999], rel=1e-12)


def test_sampled_coordinates_are_said():
    z = np.linspace(-1, 1, 500)
    rec = verify.check_gradient(lambda v: 0.5 * np.sum(v ** 2), lambda v: v, z, n_coords=20)
    assert rec.passed and rec.sampled == "20 of 500 coordinates sampled"
    assert "20 of 500 coordinates sampled" in str(rec)


def _mlp():
    P, X, labels = mlp000c.make((20, 16, 16, 5), 8, 0, np.float64)
    return P, (lambda Q: mlp000c.loss(Q, X, labels)), X, labels


def test_assert_gradient_message_names_array_index_and_values():
    P, f, X, labels = _mlp()
    bug = "one entry of b1 off by 10% of the largest db1 entry"
    with pytest.raises(AssertionError) as info:
        symderiv.assert_gradient(f, lambda Q: mlp000c.backprop(Q, X, labels, bug), P)
    msg = str(info.value)
    rec = verify.check_gradient(f, lambda Q: mlp000c.backprop(Q, X, labels, bug), P)
    w = rec.worst[0]
    assert w["name"] == "b1" and w["index"] == [3]
    good = mlp000c.backprop(P, X, labels)["b1"][3]
    bad = mlp000c.backprop(P, X, labels, bug)["b1"][3]
    assert w["analytic"] == bad and w["numeric"] == pytest.approx(good, rel=1e-6)
    assert f"{rec.wrong} of {rec.checked} checked entries wrong" in msg
    line = next(s for s in msg.splitlines() if s.strip().startswith("b1[3]:"))
    a, n = (float(v) for v in re.findall(r"[an] = (\S+),", line))
    assert a == pytest.approx(bad, rel=1e-9) and n == pytest.approx(good, rel=1e-6)
    # a correct gradient: no exception, the record is returned
    rec = symderiv.assert_gradient(f, lambda Q: mlp000c.backprop(Q, X, labels), P)
    assert rec.passed and rec.wrong == 0


def test_str_of_a_passing_record_is_one_readable_line():
    rec = verify.check_gradient(linear, off_by(0, 0.0), X0, method="complex")
    text = str(rec)
    assert text.startswith("passed: max relative error") and "\n" not in text
    assert "complex" in text and "tolerance 1e-12" in text


def test_repr_html_is_the_check_table_escaped():
    def f(P):
        return np.sum(C * P["w<1>&"])
    params = {"w<1>&": X0}
    good = {"w<1>&": C}
    rec = verify.check_gradient(f, lambda P: good, params, method="complex")
    html = rec._repr_html_()
    assert "<th>method</th>" in html and "<td>complex</td>" in html
    assert "<th>max relative error</th>" in html and "<th>tolerance</th>" in html
    assert "passed</b>" in html and f"<td>{rec.points:,}</td>" in html
    bad = verify.check_gradient(f, lambda P: {"w<1>&": C * 2}, params, method="complex", n_directions=0)
    html = bad._repr_html_()
    assert "FAILED</b>" in html and "3 of 4 checked entries wrong" in html  # C[3] = 0 stays right
    assert "w&lt;1&gt;&amp;[2]" in html and "w<1>" not in html  # the name is escaped
    assert "<td>6</td><td>3</td>" in html  # entry x[2]: analytic 6, numeric 3
    assert "worst 3 shown" in html


def test_unchecked_arrays_fail_first():
    """A missing gradient or one of the wrong shape is a failure, named before the counts
    of the arrays that were compared (never "FAILED: 0 of 18 entries wrong" alone)."""
    rng = np.random.default_rng(0)
    x = {"W1": rng.normal(size=(5, 3)), "b2": rng.normal(size=2), "W2": rng.normal(size=(5, 3))}

    def f(p):
        return float(np.sum(p["W1"] ** 2) + np.sum(p["b2"] ** 3) + np.sum(np.sin(p["W2"])))

    def grad(p):
        return {"W1": 2 * p["W1"], "W2": np.cos(p["W2"]).T}

    rec = verify.check_gradient(f, grad, x)
    assert (rec.passed, rec.status, rec.wrong, rec.checked) == (False, "failed", 0, 18)
    head = str(rec).splitlines()[0]
    assert head.startswith("check FAILED (central): 2 of 3 arrays not checked (b2: grad_f returned no "
                           "gradient; W2: gradient has shape (3, 5), parameter has shape (5, 3)); "
                           "in the others 0 of 18 checked entries wrong")
    assert rec.summary().startswith("check FAILED: 2 of 3 arrays not checked (b2: ")
    html = rec._repr_html_()
    assert html.index("b2: grad_f returned no gradient") < html.index("0 of 18 checked entries wrong")
    with pytest.raises(AssertionError, match="2 of 3 arrays not checked"):
        symderiv.assert_gradient(f, grad, x)
    grad_ok = {"W1": 2 * x["W1"], "b2": 3 * x["b2"] ** 2, "W2": np.cos(x["W2"])}
    assert verify.check_gradient(f, lambda p: grad_ok, x).passed
