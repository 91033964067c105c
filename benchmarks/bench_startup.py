"""Start-up: the process wall time of small commands against ``python -c "import sympy"``
(the floor of anything that uses SymPy) and ``python -c pass``, and what each command
imports. Runs alternate between the commands (so load on the shared machine hits all
alike); medians.

    python benchmarks/bench_startup.py            # 9 runs each
    python benchmarks/bench_startup.py --runs 5

Writes the table into benchmarks/RESULTS.md (section "## Start-up").
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.results import write_section  # noqa: E402

SECTION = "## Start-up"
PY = sys.executable
CASES = [
    ("python -c pass", [PY, "-c", "pass"]),
    ('python -c "import sympy"', [PY, "-c", "import sympy"]),
    # SymPy's first general sum imports sympy.tensor.tensor (Add.flatten): the floor of any
    # command that writes a sum with SymPy
    ('python -c "import sympy; x + y"', [PY, "-c", "import sympy; sympy.Symbol('x') + sympy.Symbol('y')"]),
    # a SymPy-free route's floor: SymEngine's import (it imports numpy)
    ('python -c "import symengine"', [PY, "-c", "import symengine"]),
    ("symderiv --help", [PY, "-m", "symderiv", "--help"]),
    ("symderiv --version", [PY, "-m", "symderiv", "--version"]),
    ('symderiv grad "x*y"', [PY, "-m", "symderiv", "grad", "x*y"]),
    ('symderiv grad "x*y + sin(x)"', [PY, "-m", "symderiv", "grad", "x*y + sin(x)"]),
    ('symderiv dag "x*y + sin(x)"', [PY, "-m", "symderiv", "dag", "x*y + sin(x)"]),
    ('symderiv check "x*y + sin(x)"', [PY, "-m", "symderiv", "check", "x*y + sin(x)"]),
]
BASELINE = 'python -c "import sympy"'
PROBE = ("import sys, runpy; sys.argv = ['symderiv', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('symderiv', run_name='__main__')\n"
         "except SystemExit:\n    pass\n"
         "m = sys.modules\n"
         "print(' '.join(n for n in ('sympy', 'numpy', 'sympy.tensor.tensor', 'numpy.f2py', 'scipy', "
         "'matplotlib', 'jinja2') if n in m), file=sys.stderr)")


def _imports(argv: list) -> str:
    if argv[1] != "-m":
        return "-"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([PY, "-c", PROBE, *argv[3:]], capture_output=True, text=True, env=env, cwd=ROOT)
    return r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "none of them"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules cached (__pycache__)
    for _, argv in CASES:  # warm-up: caches and byte code
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
    times: dict = {name: [] for name, _ in CASES}
    for _ in range(args.runs):
        for name, argv in CASES:
            t0 = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times[BASELINE])
    load = os.getloadavg()[0]
    lines = [SECTION, "",
             f"Process wall time, median of {args.runs} runs alternating between the commands (2-core machine "
             f"shared with other jobs, load average {load:.1f} at the end; above 1 the timings are noisy, the ratios "
             f"more telling), "
             f"Python {sys.version.split()[0]}. "
             f"`imports` lists which of sympy, numpy, sympy.tensor.tensor, numpy.f2py, scipy, matplotlib, "
             f"jinja2 the command has loaded when it ends. Byte code cached (as installed), one warm-up run each. "
             f"SymPy itself loads sympy.tensor.tensor on its first general sum (`Add.flatten`).", "",
             "| command | median | min | x `import sympy` | imports |", "|---|---:|---:|---:|---|"]
    for name, argv in CASES:
        med = statistics.median(times[name])
        lines.append(f"| `{name}` | {med * 1000:.0f} ms | {min(times[name]) * 1000:.0f} ms | "
                     f"{med / base:.2f}x | {_imports(argv)} |")
    lines.append("")
    print("\n".join(lines))
    write_section(SECTION, lines)


if __name__ == "__main__":
    main()
