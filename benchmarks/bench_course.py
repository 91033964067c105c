"""Course build: time per sheet (tex), the process pool, one pdflatex pass vs latexmk;
projection of a 500-student x 10-problem course on this machine. Writes its section of
benchmarks/RESULTS.md. Small sample (CPU is shared): python3 benchmarks/bench_course.py"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import write_section  # noqa: E402

from symderiv.course.build import build_course  # noqa: E402
from symderiv.course.doclib import compile_source  # noqa: E402

PROBLEMS = ["rosenbrock", "vanishing-gradients", "mlp-jacobians"]
SHEETS = int(os.environ.get("BENCH_SHEETS", "3"))


def timed(fn):
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t1, _ = timed(lambda: build_course(PROBLEMS, f"{tmp}/a", seed=7, variants=SHEETS, jobs=1,
                                           moodle=f"{tmp}/a/quiz.xml"))
        t2, _ = timed(lambda: build_course(PROBLEMS, f"{tmp}/b", seed=7, variants=SHEETS, jobs=2,
                                           moodle=f"{tmp}/b/quiz.xml"))
        ex = sorted(Path(f"{tmp}/a").glob("*-exercise.tex"))[0]
        so = Path(str(ex).replace("-exercise", "-solution"))
        from symderiv.course.pdf import Compiler
        plain = Compiler(None)
        fmt = Compiler(f"{tmp}/fmt")
        t_fmt_build, _ = timed(lambda: fmt.format_for(so.read_text().split("% symderiv: end of preamble")[0]))
        t_ex1, _ = timed(lambda: plain.compile(ex.read_text(), "ex"))
        t_so1, _ = timed(lambda: plain.compile(so.read_text(), "so"))
        t_exf, _ = timed(lambda: fmt.compile(ex.read_text(), "ex"))
        t_sof, _ = timed(lambda: fmt.compile(so.read_text(), "so"))
        t_somk, _ = timed(lambda: compile_source(so.read_text(), "so", passes=None))
    per_sheet = t1 / SHEETS
    per_problem = per_sheet / len(PROBLEMS)
    cores = os.cpu_count() or 1
    tex_course = 500 * 10 * per_problem / cores
    pdf_course = 500 * (t_exf + t_sof * 10 / len(PROBLEMS)) / cores
    lines = [
        "## Course build (symderiv sheet)",
        "",
        f"`benchmarks/bench_course.py`: {SHEETS} sheets x {len(PROBLEMS)} problems ({', '.join(PROBLEMS)}), "
        f"Moodle bank included; {cores}-core machine shared with other jobs (timings noisy, wall clock).",
        "",
        "| measure | time |",
        "|---|---:|",
        f"| build + check + render (.tex), 1 process, per sheet | {per_sheet:.1f} s |",
        f"| same, per problem of a sheet | {per_problem:.1f} s |",
        f"| process pool `--jobs 2`, per sheet | {t2 / SHEETS:.1f} s (speed-up {t1 / t2:.2f}x) |",
        f"| exercise PDF, one pdflatex pass | {t_ex1:.1f} s |",
        f"| exercise PDF, one pass with the precompiled preamble | {t_exf:.1f} s ({t_ex1 / t_exf:.1f}x faster) |",
        f"| solution PDF, one pdflatex pass | {t_so1:.1f} s |",
        f"| solution PDF, one pass with the precompiled preamble | {t_sof:.1f} s ({t_so1 / t_sof:.1f}x faster) |",
        f"| solution PDF, `compile_source(passes=None)` (reruns only if the log asks) | {t_somk:.1f} s "
        f"(one pass is {t_somk / t_so1:.1f}x faster) |",
        f"| precompiling the preamble (once per language and run) | {t_fmt_build:.1f} s |",
        "",
        f"Projection for 500 students x 10 problems (problems as costly as these three, {cores} cores): "
        f".tex, key and Moodle bank {tex_course / 60:.0f} min; PDFs (one pass with the format file, solution documents "
        f"scaled to 10 problems) another {pdf_course / 60:.0f} min; total {(tex_course + pdf_course) / 60:.0f} min.",
        "Implemented: process pool (`--jobs`), one pdflatex pass unless the document has references, "
        "the shared preamble precompiled into a format file (`symderiv.course.pdf`), `--shard K/N` for "
        "several machines. Not implemented: reuse of identical figures across variants (the sheets' "
        "figures differ with the numbers). The goal of 10 minutes on 2 cores is not reached: most of "
        "the time is the problems' own symbolic derivation and numerical checks per variant (every "
        "variant is built and checked), so the lever is more cores (`--shard` on a cluster: time / cores).",
    ]
    write_section("## Course build (symderiv sheet)", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
