"""Course build (``symderiv sheet``): time per sheet and the speed-up of each measure, in
one process against a baseline with that measure switched off, and the projection of a
500-student x 10-problem course on this machine. Writes its section of
benchmarks/RESULTS.md.

    python3 benchmarks/bench_course.py [--baseline DIR] [--pdf-only]
    python3 benchmarks/bench_course.py --against DIR
    python3 benchmarks/bench_course.py --per-problem [--profile NAME]

``--against DIR`` (e.g. ``git worktree add --detach /tmp/old <commit>``) runs only fresh
``symderiv sheet`` processes, the other checkout's and this one's in turn: the .tex stage
(.tex, key, Moodle, ``--jobs 1``) and the whole build (``--pdf --jobs 2``), checks that both
wrote byte-identical .tex, key and Moodle files, and projects the 500 x 10 course from this
run's CPU seconds per sheet (section "Course build against the previous build").

``--per-problem`` builds, in this process after one warm-up variant per problem, 3 further
variants of each problem (a one-problem sheet: variant, checks, key, .tex, Moodle XML; nothing
written) and prints the steady CPU seconds per problem and variant; ``--profile NAME`` prints
the cumulative cProfile of those 3 variants of problem NAME (nothing is written to RESULTS.md).

Environment: BENCH_SHEETS (default 6), BENCH_PROBLEMS (comma-separated; default: every
problem ``symderiv sheet`` accepts today). Times are CPU seconds (user + system of this
process and its children - pdflatex, pool workers), which do not depend on the other jobs
of a shared machine; wall times are given where parallelism is the point. ``--baseline
DIR`` also runs the whole build (.tex, key, Moodle, PDFs, 2 workers) from another checkout
(e.g. ``git archive`` of the commit before these measures) and from this one. ``--pdf-only``
measures only the .tex build once and the PDF stage (batches against one run per document),
for a loaded machine.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import write_section  # noqa: E402

from symderiv.course import build as CB  # noqa: E402
from symderiv.course import variants as V  # noqa: E402

#: the problems `symderiv sheet` accepts (they have questions) at the time of writing
ACCEPTED = ["activation-atlas", "forward-backward", "hyperlink-matrix", "layer-partials", "lecture-backprop",
            "mlp-jacobians", "overfitting", "relu-approximation", "rosenbrock", "skip-connections",
            "toy-classifier", "unstable-gradients", "vanishing-gradients"]
PROBLEMS = [p for p in os.environ.get("BENCH_PROBLEMS", ",".join(ACCEPTED)).split(",") if p]
SHEETS = int(os.environ.get("BENCH_SHEETS", "6"))
COURSE, PER_SHEET = 500, 10


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(fn):
    c, w = cpu(), time.perf_counter()
    r = fn()
    return cpu() - c, time.perf_counter() - w, r


def clear_memos() -> None:
    """Forget everything the speed measures memoise (a fresh process, as far as they go)."""
    from symderiv.language import numeric
    from symderiv.layers import bounds
    from symderiv.problems import gradient_flow_common as G
    from symderiv.problems.relu_approximation import approx, maths as relu_maths
    from symderiv.problems.skip import maths as skip_maths
    from symderiv.problems.activation_atlas import maths as atlas_maths
    from symderiv.documents import latex
    latex._LATEX_MEMO.clear()
    skip_maths._written_out.cache_clear()
    skip_maths.sympy_values.cache_clear()
    atlas_maths.simplified_derivative.cache_clear()
    numeric.clear_memo()
    bounds.clear_memo()
    G._h_formula_and_diff.cache_clear()
    for f in (approx._small_cases, approx.general_proof, approx._toeplitz_immutable, approx._toeplitz_array,
              approx._convergence_memo, relu_maths.error_study, relu_maths._limit_ratio):
        f.cache_clear()


@contextlib.contextmanager
def without_memos():
    """Every variant built with empty memos (baseline of the memoisation)."""
    original = V.build_variant

    def build(*a, **kw):
        clear_memos()
        return original(*a, **kw)
    V.build_variant = build
    try:
        yield
    finally:
        V.build_variant = original


@contextlib.contextmanager
def blas_default_threads():
    """OpenBLAS with its default thread count (baseline of the one-thread measure)."""
    original = CB.blas_single_thread
    CB.blas_single_thread = contextlib.nullcontext
    try:
        yield
    finally:
        CB.blas_single_thread = original


def tex_build(out: str, jobs: int = 1):
    clear_memos()
    return measure(lambda: CB.build_course(PROBLEMS, out, seed=7, variants=SHEETS, jobs=jobs,
                                           moodle=f"{out}/quiz.xml"))


def same_files(a: str, b: str) -> bool:
    names = sorted(p.name for p in Path(a).iterdir())
    return names == sorted(p.name for p in Path(b).iterdir()) and all(
        (Path(a) / n).read_bytes() == (Path(b) / n).read_bytes() for n in names)


def sheet_docs(out: str) -> dict:
    """The documents (stem -> .tex) of the sample's sheets, as a ``--pdf`` build hands them
    to the PDF stage."""
    sheets = CB.plan(PROBLEMS, 7, SHEETS)
    CB._TAKEN.clear()
    CB._TAKEN.update(CB.taken_keys(sheets))
    opts = CB.Options(list(PROBLEMS), "en", out, pdf=True, moodle=True, format_dir=out)
    docs: dict = {}
    for sh in sheets:
        docs.update(CB.build_sheet(sh, opts)["docs"])
    return docs


def pdf_phase(docs: dict, tmp: str) -> dict:
    """CPU of every PDF of the sample: one pdflatex run per document as the build did
    before (format file, one pass; a document with references plain, as often as its log
    asks), and one run per batch of ``SHEETS_PER_BATCH`` sheets (format, one pass, split
    with pypdf). The format is built before, timed apart."""
    from symderiv.course.pdf import MARKER, Compiler
    comp = Compiler(f"{tmp}/fmt")
    c_fmt, _, _ = measure(lambda: comp.format_for(next(iter(docs.values())).split(MARKER)[0]))
    c_single, _, _ = measure(lambda: [comp.compile(tex, stem) for stem, tex in docs.items()])
    stems = list(docs)
    per = 2 * CB.SHEETS_PER_BATCH
    groups = [stems[i:i + per] for i in range(0, len(stems), per)]
    c_batch, _, pdfs = measure(lambda: [comp.compile_batch({s: docs[s] for s in g}) for g in groups])
    return {"format": c_fmt, "single": c_single, "batch": c_batch, "runs": len(groups), "docs": len(docs)}


def whole_build(pythonpath: str, out: str, pdf: bool = True) -> tuple[float, float]:
    """``symderiv sheet ... --pdf --moodle --jobs 2`` in a fresh process (without ``pdf``:
    the .tex stage, ``--jobs 1``): (cpu, wall)."""
    env = dict(os.environ, PYTHONPATH=pythonpath)
    cmd = [sys.executable, "-m", "symderiv", "sheet", *PROBLEMS, "--variants", str(SHEETS), "--seed", "7",
           *(["--pdf", "--jobs", "2"] if pdf else ["--jobs", "1"]), "--out", out, "--moodle", f"{out}/quiz.xml"]
    c, w, proc = measure(lambda: subprocess.run(cmd, cwd=pythonpath, env=env, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.PIPE))
    if proc.returncode:
        raise SystemExit(f"{pythonpath}: sheet failed: {proc.stderr.decode()[-500:]}")
    return c, w


def against(old: str) -> None:
    """The .tex stage and the whole build of checkout ``old`` and of this one, fresh
    processes in turn (old, this, this, old: a drift of the machine's load hits both)."""
    cores = os.cpu_count() or 1
    load0 = os.getloadavg()[0]
    runs: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, pdf in (("old tex", old, False), ("tex", str(ROOT), False),
                                ("whole", str(ROOT), True), ("old whole", old, True)):
            runs[name] = whole_build(path, f"{tmp}/{name.replace(' ', '_')}", pdf)
            print(name, f"{runs[name][0]:.1f} CPU-s, {runs[name][1]:.1f} s wall", flush=True)
        texts = [p.name for p in Path(f"{tmp}/old_tex").iterdir()]
        identical = all((Path(f"{tmp}/old_tex") / n).read_bytes() == (Path(f"{tmp}/{d}") / n).read_bytes()
                        for n in texts for d in ("tex", "whole", "old_whole"))
    n = len(PROBLEMS)
    scale = PER_SHEET / n

    def course_min(cpu_s: float) -> float:           # CPU-minutes of the 500 x 10 course
        return COURSE * cpu_s / SHEETS * scale / 60
    (ot, _), (nt, _), (nw, nww), (ow, oww) = runs["old tex"], runs["tex"], runs["whole"], runs["old whole"]
    lines = [
        "## Course build against the previous build",
        "",
        f"`benchmarks/bench_course.py --against DIR`: {SHEETS} sheets x {n} problems ({', '.join(PROBLEMS)}), "
        f"Moodle bank and key included, fresh `symderiv sheet` processes of the previous build (`DIR`, a "
        f"worktree of {_commit(old)}) and of this checkout ({_commit(str(ROOT))}) in turn (old .tex, new .tex, new "
        f"whole, old whole), {cores} cores, load average {load0:.1f} at the start and {os.getloadavg()[0]:.1f} at "
        f"the end. CPU seconds are user + system of the process and its children (pdflatex, pool workers). Both "
        f"wrote byte-identical .tex, key and Moodle files: {'yes' if identical else 'NO'}.",
        "",
        "| stage | previous build | this checkout | ratio |",
        "|---|---:|---:|---:|",
        f"| .tex + key + Moodle (`--jobs 1`), CPU per sheet | {ot / SHEETS:.2f} s | {nt / SHEETS:.2f} s | "
        f"{ot / nt:.2f}x |",
        f"| whole build (`--pdf --jobs 2`), CPU per sheet | {ow / SHEETS:.2f} s | {nw / SHEETS:.2f} s | "
        f"{ow / nw:.2f}x |",
        f"| whole build (`--pdf --jobs 2`), wall per sheet | {oww / SHEETS:.2f} s | {nww / SHEETS:.2f} s | "
        f"{oww / nww:.2f}x |",
        "",
        f"Projection for {COURSE} students x {PER_SHEET} problems (these {n} problems' mean cost, scaled by "
        f"{PER_SHEET}/{n}), from the whole build's CPU: {course_min(ow):.0f} CPU-minutes before, "
        f"{course_min(nw):.0f} now ({ow / nw:.2f}x); on {cores} cores fully used {course_min(ow) / cores:.1f} min "
        f"before, **{course_min(nw) / cores:.1f} min** now (the goal: 10 min, "
        f"{'met' if course_min(nw) / cores <= 10 else 'not met'}); the .tex stage alone "
        f"{course_min(nt) / cores:.1f} min of it (before {course_min(ot) / cores:.1f}). A 2-worker pool got "
        f"{nw / nww:.2f} cores in this run's whole build; at that share the course takes "
        f"{course_min(nw) / (nw / nww):.1f} min. A fresh process per run: the once-per-process work (imports, "
        "the activation catalog, the formula derivations and memos) is paid in every run here, once per worker "
        "in a course, so the per-sheet figures of a short run are an upper bound.",
    ]
    write_section("## Course build against the previous build", lines)
    print("\n".join(lines))


def per_problem(profile: str | None = None, n: int = 3) -> None:
    """Steady CPU seconds per variant of each problem (one process, after a warm-up variant)."""
    import cProfile
    import pstats
    names = [profile] if profile else PROBLEMS
    total = 0.0
    for name in names:
        sheets = CB.plan([name], 7, n + 1)
        CB._TAKEN.clear()
        CB._TAKEN.update(CB.taken_keys(sheets))
        opts = CB.Options([name], "en", "/nonexistent", pdf=True, moodle=True)
        CB.build_sheet(sheets[0], opts)                      # warm-up: imports, memos of the problem
        prof = cProfile.Profile() if profile else None
        c, _, _ = measure(lambda: [prof.runcall(CB.build_sheet, s, opts) if prof else CB.build_sheet(s, opts)
                                   for s in sheets[1:]])
        total += c / n
        print(f"{name:22s} {c / n:6.3f} CPU-s per variant", flush=True)
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    if not profile:
        print(f"{'all':22s} {total:6.3f} CPU-s per variant; per {PER_SHEET}-problem sheet "
              f"{total * PER_SHEET / len(names):.2f} s; 500 x {PER_SHEET} on {os.cpu_count()} cores "
              f"{COURSE * total * PER_SHEET / len(names) / (os.cpu_count() or 1) / 60:.1f} min (.tex stage only)")


def _commit(path: str) -> str:
    proc = subprocess.run(["git", "-C", path, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", path, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return f"`{proc.stdout.strip() or '?'}`" + (" with uncommitted changes" if dirty else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", help="another checkout for the whole-build comparison (PYTHONPATH)")
    ap.add_argument("--pdf-only", action="store_true", help="only the .tex build (once) and the PDF stage")
    ap.add_argument("--against", metavar="DIR", help="only fresh builds of checkout DIR and of this one")
    ap.add_argument("--per-problem", action="store_true", help="steady CPU seconds per problem and variant")
    ap.add_argument("--profile", metavar="NAME", help="with --per-problem: cProfile of problem NAME")
    args = ap.parse_args()
    if args.per_problem or args.profile:
        per_problem(args.profile)
        return
    if args.against:
        against(args.against)
        return
    cores = os.cpu_count() or 1
    load0 = os.getloadavg()[0]
    whole: dict = {}
    identical = True
    with tempfile.TemporaryDirectory() as tmp:
        CB.build_course(PROBLEMS, f"{tmp}/warm", seed=99, variants=1)   # imports, catalog: not timed
        if not args.pdf_only:
            c_opt, w_opt, _ = tex_build(f"{tmp}/opt")
            with without_memos():
                c_nomemo, _, _ = tex_build(f"{tmp}/nomemo")
            with blas_default_threads():
                c_blas, _, _ = tex_build(f"{tmp}/blas")
            with without_memos(), blas_default_threads():
                c_none, _, _ = tex_build(f"{tmp}/none")
            pool_load = os.getloadavg()[0]
            c_pool, w_pool, _ = tex_build(f"{tmp}/pool", jobs=2)
            pool_load = (pool_load, os.getloadavg()[0])
            identical = all(same_files(f"{tmp}/opt", f"{tmp}/{d}") for d in ("nomemo", "blas", "none", "pool"))
        clear_memos()
        c_docs, _, docs = measure(lambda: sheet_docs(f"{tmp}/docs"))
        if args.pdf_only:
            c_opt = c_docs    # the sheets as the PDF stage gets them (key and Moodle XML included)
        else:
            identical = all((Path(f"{tmp}/opt") / f"{s}.tex").read_text() == t for s, t in docs.items())
        pdf = pdf_phase(docs, tmp)
        if not args.pdf_only:
            if args.baseline:
                whole["baseline"] = whole_build(args.baseline, f"{tmp}/whole_base")
            whole["this"] = whole_build(str(ROOT), f"{tmp}/whole_this")
            if args.baseline:
                base_tex = sorted(Path(f"{tmp}/whole_base").glob("*.tex"))
                identical = identical and all(p.read_bytes() == (Path(f"{tmp}/whole_this") / p.name).read_bytes()
                                              for p in base_tex)
    n = len(PROBLEMS)
    scale = PER_SHEET / n
    tex_sheet = c_opt / SHEETS * scale
    pdf_sheet = pdf["batch"] / SHEETS * scale
    old_pdf_sheet = pdf["single"] / SHEETS * scale
    course_cpu = COURSE * (tex_sheet + pdf_sheet) + 2 * pdf["format"]   # a format per worker
    old_cpu = COURSE * (tex_sheet + old_pdf_sheet) + pdf["format"]
    rows = [
        f"| all PDFs of the sample, per sheet: one pdflatex run per batch of {CB.SHEETS_PER_BATCH} sheets "
        f"({pdf['runs']} runs for {pdf['docs']} documents), one pass, split with pypdf (baseline: one run per "
        "document as before, format file and one pass, a solution with references plain pdflatex twice) | "
        f"{pdf['single'] / SHEETS:.2f} s | {pdf['batch'] / SHEETS:.2f} s | {pdf['single'] / pdf['batch']:.2f}x |",
        f"| precompiling the preamble (once per worker and language) | | {pdf['format']:.2f} s | |",
    ]
    projection = (
        f"Projection for {COURSE} students x {PER_SHEET} problems (per-problem costs of these {n} problems, "
        f"scaled by {PER_SHEET}/{n}, CPU seconds of this run): .tex, key and Moodle {tex_sheet:.2f} s and PDFs "
        f"{pdf_sheet:.2f} s per sheet (before the batches: {old_pdf_sheet:.2f} s), {course_cpu / 60:.0f} "
        f"CPU-minutes for the course (before: {old_cpu / 60:.0f}, {old_cpu / course_cpu:.2f}x): "
        f"{course_cpu / cores / 60:.0f} min wall on {cores} cores if the pool gets all of them. The goal of 10 "
        f"minutes on this machine is {'met' if course_cpu / cores / 60 <= 10 else 'not met'} at these CPU costs: "
        f"{course_cpu / 600:.1f} cores would be needed (`--shard` spreads the batches over machines). CPU seconds "
        f"on a loaded machine are inflated too (load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} "
        "at the end): the ratios are the measurement, the absolute figures an upper bound.")
    if args.pdf_only:
        lines = ["## Course PDFs in batches (symderiv sheet --pdf)", "",
                 f"`benchmarks/bench_course.py --pdf-only`: {SHEETS} sheets x {n} problems ({', '.join(PROBLEMS)}), "
                 f"{cores} cores, load average {load0:.1f} at the start; CPU seconds of this process and its "
                 f"children, both ways in this run. .tex, key and Moodle XML of the sample: {c_opt:.1f} s.", "",
                 "| measure | baseline | with the measure | speed-up |", "|---|---:|---:|---:|", *rows, "",
                 projection]
        write_section("## Course PDFs in batches (symderiv sheet --pdf)", lines)
        print("\n".join(lines))
        return
    pool_eff = c_pool / (w_pool * 2)
    lines = [
        "## Course build (symderiv sheet)",
        "",
        f"`benchmarks/bench_course.py`: {SHEETS} sheets x {n} problems ({', '.join(PROBLEMS)}: every problem "
        f"`symderiv sheet` accepts today), Moodle bank and answer key included, {cores} cores, load average "
        f"{load0:.1f} at the start (the machine is shared: times are CPU seconds of this process and its "
        "children, which depend far less on the other jobs than wall time, though repeated runs here still "
        "differed by up to 15%; wall only for the pool). Each baseline runs in the "
        "same process with one measure switched off. All builds wrote byte-identical files: "
        f"{'yes' if identical else 'NO'}.",
        "",
        "| measure | baseline | with the measure | speed-up |",
        "|---|---:|---:|---:|",
        f"| .tex + key + Moodle, per sheet: memoised lambdify, chain formulas, exact small cases, error studies "
        f"(baseline: memos emptied before every variant) | {c_nomemo / SHEETS:.2f} s | {c_opt / SHEETS:.2f} s | "
        f"{c_nomemo / c_opt:.2f}x |",
        f"| same: OpenBLAS one thread per worker (baseline: default threads) | {c_blas / SHEETS:.2f} s | "
        f"{c_opt / SHEETS:.2f} s | {c_blas / c_opt:.2f}x |",
        f"| same: both measures (baseline: neither) | {c_none / SHEETS:.2f} s | {c_opt / SHEETS:.2f} s | "
        f"{c_none / c_opt:.2f}x |",
        f"| process pool `--jobs 2` (wall per sheet; the workers got {pool_eff * 2:.2f} of 2 cores, load average "
        f"{pool_load[0]:.1f} / {pool_load[1]:.1f} before / after) | {w_opt / SHEETS:.2f} s | "
        f"{w_pool / SHEETS:.2f} s | {w_opt / w_pool:.2f}x |",
        *rows,
    ]
    for name, (c, w) in whole.items():
        label = "this checkout" if name == "this" else f"baseline `{Path(args.baseline).name}`"
        lines.append(f"| whole `symderiv sheet --pdf --jobs 2`, {label}: CPU / wall per sheet | | "
                     f"{c / SHEETS:.2f} s / {w / SHEETS:.2f} s | |")
    if len(whole) == 2:
        (cb, wb), (ct, wt) = whole["baseline"], whole["this"]
        lines.append(f"| whole build, this checkout against the baseline (CPU / wall) | {cb / SHEETS:.2f} s / "
                     f"{wb / SHEETS:.2f} s | {ct / SHEETS:.2f} s / {wt / SHEETS:.2f} s | {cb / ct:.2f}x / {wb / wt:.2f}x |")
    lines += [
        "",
        projection + f" On an idle machine a 2-worker pool used 1.75 of 2 cores; in this run it got "
        f"{pool_eff * 2:.2f} ({course_cpu / (cores * pool_eff) / 60:.0f} min).",
        "Memoised (per process, keyed on the inputs, so a hit returns what the computation returns): "
        "`numeric` (lambdify), the chain formulas of the gradient-flow problems (`bounds.instantiate`, "
        "`h_chain`, formula vs sympy.diff), relu-approximation's exact n = 1..8 solves, general proof, Toeplitz "
        "matrices, convergence study and dense error check (f and the interval come from 18 choices, so a "
        "500-student course hits these far more often than this sample: the projection is conservative there). "
        "Vectorised with the same generator draws (bit-identical): the 2000 random points of vanishing-gradients' "
        "not-attained check; the sigmoid of one real number (Nelder-Mead's objective) computes only the branch "
        "`np.where` takes. PDFs: `symderiv.course.batch` (the documents of a batch of sheets in one pdflatex "
        "run with the precompiled preamble, one pass: the solutions' references are defined before each document; "
        "split per document with pypdf). "
        "What remains per sheet is each variant's own checks (scipy optimisers, Monte Carlo, sympy.subs at 30 "
        "digits) and, in the PDFs, siunitx `\\num` (about 750 per 9-problem solution, 0.5 s) and one pgfplots "
        "axis per plot (about 0.1 s each), which only a change of the documents' output could avoid.",
    ]
    write_section("## Course build (symderiv sheet)", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
