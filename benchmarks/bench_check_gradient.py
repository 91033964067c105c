"""check_gradient on the 784-256-256-10 tanh/tanh/softmax cross-entropy MLP of exercise
000 c (269,322 parameters) against hand-written NumPy backprop: time of one full check
(median of several runs; baseline: one forward + backward pass in the same process) and
detection of deliberately wrong gradients.

    python benchmarks/bench_check_gradient.py            # batch 32, 7 runs per case
    python benchmarks/bench_check_gradient.py --quick    # 3 runs per case

Writes the table into benchmarks/RESULTS.md (section "## check_gradient").
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# one BLAS thread: on the shared 2-core machine, threads contending with other jobs make
# every timing (baseline and check alike) several times slower and erratic
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symderiv.nn import mlp000c  # noqa: E402
from symderiv.verify import check_gradient  # noqa: E402

SECTION = "## check_gradient"
SIZES = mlp000c.SIZES


def make(batch, seed=0):
    return mlp000c.make(SIZES, batch, seed)


loss, backprop = mlp000c.loss, mlp000c.backprop
CASES = [(None, set())] + list(mlp000c.BUGS.items())


def median_time(fn, runs):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 runs per case")
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    runs = 3 if args.quick else 7
    P, X, labels = make(args.batch)
    n_params = sum(v.size for v in P.values())
    t_fb, _ = median_time(lambda: (loss(P, X, labels), backprop(P, X, labels)), 21)
    t_f, _ = median_time(lambda: loss(P, X, labels), 21)
    print(f"{n_params} parameters, batch {args.batch}: forward {t_f*1e3:.2f} ms, "
          f"forward+backward {t_fb*1e3:.2f} ms", flush=True)
    rows = []
    for method in ("central", "complex"):
        for bug, wrong in CASES:
            def run():
                return check_gradient(lambda Q: loss(Q, X, labels), lambda Q: backprop(Q, X, labels, bug),
                                      P, method=method, seed=0)
            t, rec = median_time(run, runs)
            failing = {d["name"] for d in rec.details if not d["passed"]}
            detected = (rec.passed if bug is None else (not rec.passed and failing == wrong))
            rows.append((method, bug or "correct gradient", t, t / t_fb, rec, failing, detected))
            print(f"{method:8s} {bug or 'correct':38s} {t*1e3:8.0f} ms  {t / t_fb:6.0f}x  "
                  f"passed={rec.passed} flagged={sorted(failing)} ok={detected}  {rec.summary()}",
                  flush=True)
    write_results(rows, n_params, args.batch, t_f, t_fb, runs)


def write_results(rows, n_params, batch, t_f, t_fb, runs):
    full = 2 * n_params * t_f
    lines = [SECTION, "",
             f"`symderiv.check_gradient` on the 784-256-256-10 tanh/tanh/softmax cross-entropy MLP "
             f"({n_params:,} parameters, batch {batch}) against hand-written NumPy backprop. Per "
             "parameter array: 3 directional checks along random unit directions + 16 sampled "
             "coordinates (default settings). Median of "
             f"{runs} runs, same process, one BLAS thread, 2-core machine shared with other jobs "
             "(timings noisy). "
             f"Baseline in the same process: one forward pass {t_f*1e3:.2f} ms, one forward+backward "
             f"pass {t_fb*1e3:.2f} ms; central differences on every coordinate would take "
             f"2 x {n_params:,} forward passes = about {full:.0f} s.", "",
             "| method | gradient | time | x (forward+backward) | passed | arrays flagged | expected | max rel. error | tolerance |",
             "|---|---|---:|---:|---|---|---|---:|---:|"]
    for method, bug, t, ratio, rec, failing, detected in rows:
        lines.append(f"| {method} | {bug} | {t*1e3:.0f} ms | {ratio:.0f}x | {rec.passed} | "
                     f"{', '.join(sorted(failing)) or '-'} | {'yes' if detected else 'NO'} | "
                     f"{rec.max_rel_error:.2g} | {rec.tolerance:g} |")
    lines += ["", "Messages (complex step):", ""]
    for method, bug, t, ratio, rec, failing, detected in rows:
        if method == "complex":
            lines.append(f"- {bug}: {rec.summary()}")
    lines.append("")
    from results import write_section
    write_section(SECTION, lines)


if __name__ == "__main__":
    main()
