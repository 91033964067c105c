"""The questions of the problems that had none (issue 12): activation-atlas, overfitting's
Adam part (formerly the problem adam), layer-partials, skip-connections and lecture-backprop.

Every expected value of the answer key is recomputed here from the key's parameters by
plain Python/NumPy (formulas written out in this file, not the problem modules' code), so a
wrong value in a problem fails here; the exercise sheet asks every question and shows no
answer; the layer-partials kink check behind the widened domain (n = 5, 6) is exercised.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from symderiv import problems
from symderiv.course import build as B
from symderiv.course import variants as V

NEW = ["activation-atlas", "layer-partials", "skip-connections", "lecture-backprop"]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("answers")
    B.build_course(NEW, str(out), seed=7, variants=2, lang="de")
    entries = json.loads((out / "key.json").read_text())["entries"]
    return out, entries


def _sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t))


# ------------------------------------------------------------------ independent values

def _atlas(p):
    # Teil 1: z = f(w x + b), dz/dw = f'(a) x for sigmoid, tanh, softplus, ELU (alpha = 1), PReLU
    w, b, x, al = (float(p[k]) for k in ("w", "b", "x", "alpha"))
    a = w * x + b
    s = _sigmoid(a)
    neuron = [x * s * (1 - s), x / math.cosh(a) ** 2, x * s, x * (1.0 if a > 0 else math.exp(a)),
              x * (1.0 if a > 0 else al)]
    # Teil 2: the first row of softmax's Jacobian at (z1, z2, z3)
    e = [math.exp(float(p[k])) for k in ("z1", "z2", "z3")]
    s1, s2 = e[0] / sum(e), e[1] / sum(e)
    # Teil 3: flipping the signs of the first sigmoid unit, the output bias absorbs v1
    return neuron + [s1 - s1 * s1, -s1 * s2, float(p["c"]) + float(p["v1"])]


def _adam(p):
    """Teil 2 of overfitting: E[m_3], E[v_2], the first-step ratio, mhat_2, vhat_2, theta_2."""
    b1, b2, lr = float(p["beta1"]), float(p["beta2"]), float(p["learning_rate"])
    g, sd = float(p["g_mean"]), float(p["g_std"])
    # Algorithm 1 for theta_1 of f = theta_1^2 + 10 theta_2^2 from theta_1 = 1
    th, m, v = 1.0, 0.0, 0.0
    for t in (1, 2):
        grad = 2 * th
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
        th -= lr * mh / (math.sqrt(vh) + 1e-8)
    return [(1 - b1 ** 3) * g, (1 - b2 ** 2) * (g * g + sd * sd), (1 - b1) / math.sqrt(1 - b2), mh, vh, th]


def _layer(p):
    from symderiv.problems.layer_partials.maths import question_point
    n, m = int(p["n"]), int(p["m"])
    pt = question_point(n, m, int(p["numbers"]))  # the given numbers (shown on the sheet)
    W, x, b, a = pt["W"], pt["x"], pt["b"], pt["a"]
    F = [sum(W[i, k] * x[k] for k in range(n)) + b[i] for i in range(m)]
    assert (F[0] < 0) == (int(p["numbers"]) % 5 == 0)  # ReLU'(F_1) is 0 in every fifth set only
    s1 = _sigmoid(F[0])
    # (d) dReLU(F_1)/dx_n, (e) dsigma(F_1)/dx_1, (f) dg/dx_1
    return [W[0, n - 1] if F[0] > 0 else 0.0, s1 * (1 - s1) * W[0, 0],
            sum(a[i] * W[i, 0] for i in range(m) if F[i] > 0)]


def _skip(p):
    N, x, w = int(p["N"]), float(p["x"]), float(p["w"])

    def out(w1, kind):
        o = [x]
        for k in range(1, N + 1):
            s = (w1 if k == 1 else w) * o[k - 1]
            if kind == "skip" and k == N:
                s += o[1]
            o.append(_sigmoid(s) + (o[k - 1] if kind == "residual" and k >= 2 else 0.0))
        return o[N]
    h = 1e-5
    return [(out(w + h, k) - out(w - h, k)) / (2 * h) for k in ("plain", "skip", "residual")]


def _lecture(p):
    """The 15 questions of the lecture's backpropagation part, in the order of its parts:
    difference quotients, the graph example, the chain's paths, backpropagation on the
    example, the neuron, the L2 Jacobian, the affine map."""
    w0, h, s0 = float(p["w0"]), float(p["h"]), float(p["s0"])

    def L(w):
        return (_sigmoid(1.5 * w - 0.3) - 1) ** 2
    u = _sigmoid(1.5 * w0 - 0.3)
    dL = 2 * (u - 1) * u * (1 - u) * 1.5
    out = [dL, (L(w0 + h) - L(w0)) / h - dL, (L(w0 + h) - L(w0 - h)) / (2 * h) - dL]
    # x = sin s, y = s^2, z = e^s, f = x y + z, L = tanh f + f^2
    f = math.sin(s0) * s0 ** 2 + math.exp(s0)
    df = math.cos(s0) * s0 ** 2 + 2 * s0 * math.sin(s0) + math.exp(s0)
    dLf = 1 - math.tanh(f) ** 2 + 2 * f
    out += [df, 2.0 ** int(p["blocks2"]) * 3.0 ** int(p["blocks3"]), dLf, dLf * df]
    # neuron: a = sum w_i x_i + b, z = sigmoid(a), L = (z - t)^2
    def vec(v):  # the key holds a vector as "0.2,-1.8,0.2"
        return [float(t) for t in (v.split(",") if isinstance(v, str) else v)]
    x, w, b, t = vec(p["nx"]), vec(p["nw"]), float(p["nb"]), float(p["nt"])
    z = _sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b)
    da = 2 * (z - t) * z * (1 - z)
    out += [da, da * x[1], da * w[2]]
    out += [2 * (a - c) for a, c in zip(vec(p["yhat"]), vec(p["y"]))]
    W, xa, g = vec(p["W"]), vec(p["x"]), vec(p["g"])  # W by rows, 2 x 3
    out += [g[1] * xa[2], g[0] * W[0] + g[1] * W[3]]
    return out


INDEPENDENT = {"activation-atlas": _atlas, "layer-partials": _layer,
               "skip-connections": _skip, "lecture-backprop": _lecture}


def test_every_expected_value_matches_an_independent_computation(course):
    _, entries = course
    for name in NEW:
        for student in ("v01", "v02"):
            rows = [e for e in entries if e["problem"] == name and e["student"] == student]
            want = INDEPENDENT[name](rows[0]["params"])
            assert len(rows) == len(want), name
            for e, w in zip(rows, want):
                assert e["kind"] == "number", e
                assert e["expected"] == pytest.approx(w, rel=1e-6, abs=1e-9), (name, e["question"], e["params"])
                # the key's own tolerance accepts the true value, and rejects a value 1 % off
                tol = max(e["tolerance"]["abs"], e["tolerance"]["rel"] * abs(w))
                assert abs(e["expected"] - w) <= tol
                if abs(w) > 1e-4:
                    assert abs(1.01 * w - e["expected"]) > tol


def test_the_two_variants_differ_and_questions_depend_on_the_numbers(course):
    _, entries = course
    for name in NEW:
        by = {s: [e["expected"] for e in entries if e["problem"] == name and e["student"] == s]
              for s in ("v01", "v02")}
        params = {s: next(e["params"] for e in entries if e["problem"] == name and e["student"] == s)
                  for s in ("v01", "v02")}
        assert params["v01"] != params["v02"] and by["v01"] != by["v02"], name


def test_exercise_sheet_asks_every_question_and_shows_no_answer(course):
    from symderiv.course.sheets import _expected_latex
    from symderiv.documents.latex import latex_escape
    out, entries = course
    for student in ("v01", "v02"):
        ex = (out / f"{student}-exercise.tex").read_text()
        sol = (out / f"{student}-solution.tex").read_text()
        body = ex[ex.index(r"\begin{document}"):]
        mine = [e for e in entries if e["student"] == student]
        assert body.count(r"\item[(") == len(mine)  # every question, labelled (i), (ii), ...
        for e in mine:
            assert latex_escape(e["question"]) not in body  # ids stay in the key
            assert e["text"].split(" ")[0] in body  # the question's own words (German)
            answer = _expected_latex(e, "de")
            assert answer in sol
            if len(answer) > 12:  # short numbers (1, 2, 0,5) may be given data
                assert answer not in body, (e["question"], answer)
        assert "Numerical check" not in body and r"\sympass{}" not in body
        # the given data of the numerical questions, in German
        assert "Für die Zahlenfragen" in body


def test_layer_partials_kinks_at_every_size():
    """n = 1..6: the kink check claims a kink exactly where W_1j != 0 (W_13 = 0 at the
    kink point: the partial in x_3 exists there) and passes; its row names that point."""
    prob = problems.get("layer-partials")
    for n in (1, 3, 5, 6):
        sol = prob.build({"n": n, "m": 2, "numbers": 1}, 0)
        kinks = [c for c in sol.checks() if "kink in every" in c.what.en]
        assert len(kinks) == 2 and all(c.record.passed for c in kinks), n
        has_zero = n >= 3
        assert all(("exists" in c.what.en) == has_zero for c in kinks)
        assert all(len(c.record.kinks) == (n - 1 if has_zero else n) for c in kinks)
        # the row states its own point (W_1j = 0.4 - 0.2 (j - 1), x_j = 0.25 (j + 1), F_1 = 0 for j = 1, .., n)
        row = kinks[0].what.args
        w = [0.4 - 0.2 * j for j in range(n)]
        x = [0.5 + 0.25 * j for j in range(n)]
        assert [float(v) for v in row["w"].rhs] == pytest.approx(w)
        assert [float(v) for v in row["x"].rhs] == pytest.approx(x)
        assert float(row["b"].rhs) == pytest.approx(-sum(u * v for u, v in zip(w, x)))
        # and the given point of the questions is another one (the row says so)
        assert "not the point of the questions" in kinks[0].what.en


def test_the_kink_check_fails_when_it_claims_too_much(monkeypatch):
    """If W_13 = 0 were claimed to be a kink (the old claim), the check would fail."""
    from symderiv.problems.layer_partials import checks as LP
    real = LP.verify.compare

    def claim_all(derived, independent, method, *a, **k):
        if method == "kinks reported":
            independent = [1.0] * len(independent)
        return real(derived, independent, method, *a, **k)

    monkeypatch.setattr(LP.verify, "compare", claim_all)
    sol = problems.get("layer-partials").build({"n": 5, "m": 2, "numbers": 1}, 0)
    failed = [c for c in sol.checks() if not c.record.passed]
    assert len(failed) == 2 and all("kink" in c.what.en for c in failed)


def test_adam_monte_carlo_row_shows_the_largest_relative_error():
    """Each simulated mean lies within 4.5 standard errors of its prediction at every step;
    the row shows the step with the largest relative error (|a - b| / max(|a|, |b|)) and
    that step's tolerance (the old row showed the step nearest its limit as if it were the
    maximum: 0.0097 where the maximum over t was 0.012)."""
    prob = problems.get("overfitting")
    params = prob.coerce({"beta1": "0.85", "g_mean": "0.75", "learning_rate": "0.2", "g_std": "1"})
    from symderiv.problems.overfitting import maths as M
    from symderiv.problems.overfitting.tasks_adam import _simulation
    m = M.Maths(params, 1965288998, *[None] * 10, M.adam_maths(params, 1965288998))
    _, mc = _simulation(m)
    assert len(mc) == 3 and all(c.record.passed for c in mc)
    # independently: the moment recursion over 20000 runs of N(0.75, 1) gradients, same seed
    rng = np.random.default_rng(1965288998)
    G = 0.75 + rng.standard_normal((20000, 10))
    mm, means, ses = np.zeros(20000), [], []
    for i in range(10):
        mm = 0.85 * mm + 0.15 * G[:, i]
        means.append(mm.mean())
        ses.append(mm.std(ddof=1) / math.sqrt(20000))
    pred = [(1 - 0.85 ** t) * 0.75 for t in range(1, 11)]
    rel = [abs(a - b) / max(abs(a), abs(b)) for a, b in zip(means, pred)]
    k = int(np.argmax(rel))
    rec = mc[0].record
    assert rec.max_rel_error == pytest.approx(rel[k], rel=1e-9) and rec.points == 10
    assert rec.tolerance == pytest.approx(4.5 * ses[k] / max(abs(means[k]), abs(pred[k])), rel=1e-9)
    assert mc[0].what.args["w"].rhs == k + 1


def _toy_by_hand(p: dict) -> list:
    """The test network of toy-classifier (2-3-1, hidden ReLU or sigmoid, sigmoid output,
    E = (x2 - y)^2 / 2) in scalar arithmetic: sigma(z0), sigma'(z0), s2, x2, dE/db2,
    dE/dw11 and the loss after one step of gradient descent."""
    sig = _sigmoid
    relu = p["activation"] == "relu"
    f = (lambda s: max(0.0, s)) if relu else sig
    df = (lambda s: 1.0 if s > 0 else 0.0) if relu else (lambda s: sig(s) * (1 - sig(s)))
    x, y, eta = list(p["x"]), float(p["y"]), float(p["eta"])

    def passes(W1, b1, W2, b2):
        s1 = [W1[2 * j] * x[0] + W1[2 * j + 1] * x[1] + b1[j] for j in range(3)]
        h = [f(s) for s in s1]
        s2 = sum(W2[j] * h[j] for j in range(3)) + b2
        o = sig(s2)
        d2 = (o - y) * o * (1 - o)
        d1 = [W2[j] * d2 * df(s1[j]) for j in range(3)]
        grads = ([d1[j] * x[k] for j in range(3) for k in range(2)], d1, [d2 * v for v in h], d2)
        return s2, o, 0.5 * (o - y) ** 2, grads

    params = (list(p["w1"]), list(p["b1"]), list(p["w2"]), float(p["b2"]))
    s2, o, _, (gW1, gb1, gW2, gb2) = passes(*params)
    stepped = ([a - eta * g for a, g in zip(params[0], gW1)], [a - eta * g for a, g in zip(params[1], gb1)],
               [a - eta * g for a, g in zip(params[2], gW2)], params[3] - eta * gb2)
    z = float(p["z"])
    return [sig(z), sig(z) * (1 - sig(z)), s2, o, gb2, gW1[0], passes(*stepped)[2]]


def test_toy_classifier_and_relu_approximation_questions():
    """Their questions are what a student computes by hand (not a trained accuracy, not a
    fitted slope), recomputed here from the key's parameters."""
    toy = V.build_variant(problems.get("toy-classifier"), V.variant_seed(11, 1))
    got = [e["expected"] for e in V.key_entries(toy, "v01", "en")]
    assert got == pytest.approx(_toy_by_hand(toy.params), rel=1e-9)
    assert all(c.record.passed for c in toy.solution.checks())

    relu = V.build_variant(problems.get("relu-approximation"), V.variant_seed(11, 1))
    p = relu.params
    f = {"sin(x)": math.sin, "cos(x)": math.cos, "exp(x)": math.exp, "x^3": lambda t: t ** 3,
         "tanh(x)": math.tanh, "sigmoid(x)": _sigmoid}[p["f"]]
    a = {"-1": -1.0, "-1/2": -0.5, "0": 0.0, "1/2": 0.5, "1": 1.0}[p["a"]]
    b, n = {"pi/2": math.pi / 2, "2": 2.0, "5/2": 2.5, "pi": math.pi}[p["b"]], int(p["n"])
    hh = (b - a) / (n - 1)
    fv = [f(a + k * hh) for k in range(n)]
    want = [hh, fv[0] / hh, (fv[1] - 2 * fv[0]) / hh, (fv[-1] - 2 * fv[-2] + fv[-3]) / hh]
    got = [e["expected"] for e in V.key_entries(relu, "v01", "en")]
    assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    assert all(c.record.passed for c in relu.solution.checks())


def test_overfitting_asks_what_a_student_can_count():
    """Parameter count and number of Adam updates (not the trained network's accuracy, which
    depends on the run), and the six Adam questions of Teil 2, recomputed from the key's
    parameters; the check counts the updates made in training and fails if the formula or
    the count is off."""
    var = V.build_variant(problems.get("overfitting"), V.variant_seed(11, 2))
    n, epochs, h = int(var.params["num_training"]), int(var.params["epochs"]), int(var.params["hidden"])
    got = [e["expected"] for e in V.key_entries(var, "v01", "de")]
    assert got[:2] == [64 * h + h + h * 10 + 10, epochs * math.ceil(n / 25)]
    assert got[2:] == pytest.approx(_adam(var.params), rel=1e-9)
    check = next(c for c in var.solution.checks() if c.what.key == "overfitting.check.counts")
    assert check.record.passed and check.record.points == 2
    assert all(c.record.passed for c in var.solution.checks())
    from symderiv.nn.model import MLP, train_classifier
    from symderiv.nn.data import load_digits_data
    hist = train_classifier(MLP(64, [5], 10, seed=0), load_digits_data(n, 20, seed=0), epochs=2, batch_size=25)
    assert hist.steps == 2 * math.ceil(n / 25)
