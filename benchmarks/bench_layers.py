"""Layer chains on the 784-256-256-10 tanh/tanh/softmax cross-entropy MLP (exercise 000 c).

Times, in one process (median of several runs), relative to hand-written NumPy backprop:

* all gradients (x, b1..b3, W1..W3) by evaluating the structured Jacobian chains from the
  loss side (``layers.Chain.evaluate``: vector-Jacobian products);
* dL/dx by forming the matrices from the input side (``Chain.evaluate_dense``);
* the full numeric check (``Network.check``: verify.check_gradient, complex step).

    python benchmarks/bench_layers.py           # print
    python benchmarks/bench_layers.py --write   # also update benchmarks/RESULTS.md
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symderiv import layers  # noqa: E402

SECTION = "## Layer chains (784-256-256-10)"


def handwritten(v):
    """Plain NumPy forward + backward (the baseline)."""
    o1 = v["W1"] @ v["x"] + v["b1"]
    z1 = np.tanh(o1)
    o2 = v["W2"] @ z1 + v["b2"]
    z2 = np.tanh(o2)
    o3 = v["W3"] @ z2 + v["b3"]
    e = np.exp(o3 - o3.max())
    s = e / e.sum()
    g3 = s.copy()
    g3[v["y"]] -= 1.0
    g2 = (v["W3"].T @ g3) * (1 - z2 ** 2)
    g1 = (v["W2"].T @ g2) * (1 - z1 ** 2)
    return {"x": v["W1"].T @ g1, "b1": g1, "b2": g2, "b3": g3,
            "W1": np.outer(g1, v["x"]), "W2": np.outer(g2, z1), "W3": np.outer(g3, z2)}


def timeit(fn, runs):
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    net = layers.Network([784, 256, 256, 10], ["tanh", "tanh", "softmax"], "ce")
    vals = net.init(0)
    params = net.parameters()

    t_base, ref = timeit(lambda: handwritten(vals), args.runs)

    def chains():
        env = net.forward(vals)
        return {p: net.chain(p).evaluate(env) for p in params}
    t_chain, got = timeit(chains, args.runs)
    err = max(float(np.max(np.abs(got[p] - ref[p]))) for p in params)
    env = net.forward(vals)
    cx = net.chain("x")
    t_dense, dense = timeit(lambda: cx.evaluate_dense(env), max(1, args.runs // 2))
    t_check, res = timeit(lambda: net.check(seed=0), 3)
    fl = cx.flops()
    rows = [
        ("hand-written NumPy backprop (baseline)", t_base, "-"),
        ("all 7 chains, loss side (vector-Jacobian products)", t_chain, f"max abs diff to baseline {err:.1e}"),
        ("dL/dx only, input side (forming matrices)", t_dense,
         f"multiply-adds {fl['forward']:,} vs {fl['reverse']:,} from the loss side"),
        ("full numeric check of all chains (complex step)", t_check,
         f"passed={res.passed}, max rel. error {res.max_rel_error:.1e}"),
    ]
    lines = [SECTION, "",
             "`symderiv net` chains on the exercise-000c MLP, batch 1, median of runs in one process "
             "(2-core machine shared with other jobs; timings noisy).", "",
             "| what | time | x baseline | note |", "|---|---:|---:|---|"]
    for name, t, note in rows:
        lines.append(f"| {name} | {t * 1e3:.2f} ms | {t / t_base:.1f}x | {note} |")
    lines.append("")
    print("\n".join(lines))
    if args.write:
        from results import write_section
        write_section(SECTION, lines)


if __name__ == "__main__":
    main()
