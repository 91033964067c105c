"""Time `symderiv report --all --pdf` (every problem, both languages, PDFs and index).

Runs the command in a fresh process into a temporary directory and prints wall-clock time,
CPU time (user + system of the process and all its children: Python workers, pdflatex) and
the load average before and after, because on a shared machine the wall time depends on
the other jobs. With ``--baseline DIR`` the same command runs first from another checkout
(PYTHONPATH=DIR, e.g. an exported older commit) in the same session, for a ratio.

    python3 benchmarks/bench_reports.py [--baseline /tmp/base]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(pythonpath: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, PYTHONPATH=pythonpath)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "symderiv", "report", "--all", "--pdf", "--out", out],
                              cwd=pythonpath, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        pdfs = len(list(Path(out).glob("*.pdf")))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "pdfs": pdfs, "rc": proc.returncode,
            "load": (load0, os.getloadavg()[0])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", help="another checkout to time first (PYTHONPATH)")
    args = ap.parse_args()
    rows = []
    if args.baseline:
        rows.append(("baseline", run(args.baseline)))
    rows.append(("this checkout", run(str(ROOT))))
    print(f"{os.cpu_count()} cores")
    print("| build | wall | CPU (user+sys) | PDFs | exit | load avg before/after |")
    print("|---|---:|---:|---:|---:|---|")
    for name, r in rows:
        print(f"| {name} | {r['wall']:.0f} s | {r['cpu']:.0f} s | {r['pdfs']} | {r['rc']} | "
              f"{r['load'][0]:.1f} / {r['load'][1]:.1f} |")
    if len(rows) == 2:
        print(f"CPU ratio this/baseline: {rows[1][1]['cpu'] / rows[0][1]['cpu']:.2f}")


if __name__ == "__main__":
    main()
