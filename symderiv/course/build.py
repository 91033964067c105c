"""``symderiv sheet``: plan the sheets of a course, build them (process pool, shards),
write the documents, the answer key and the Moodle bank.

Planning is cheap and done in full by every process: the list of sheets (``v01``, ``v02``,
... or one per roster line), each sheet's seed (from ``--seed`` and the variant number or
the student id), and, per problem, the first draw whose numbers no earlier sheet has
(sampling parameters does not build anything). The sheets are grouped into batches of
:func:`batch_size` consecutive sheets of the plan (their PDFs come from one pdflatex
run, :mod:`symderiv.course.batch`; the size is a function of the plan's length alone). So every shard of ``--shard K/N`` knows the same plan
and builds only the batches ``b`` (0-based) with ``b mod N = K - 1``; the union of all
shards is the unsharded build, file for file.

A sheet is built by :func:`build_sheet` (a top-level function: it runs in pool workers):
every problem's variant is built and checked (a failing variant is resampled and the
resampling logged, see :mod:`symderiv.course.variants`) before anything of the sheet is
written; then ``STEM-exercise.tex`` and ``STEM-solution.tex`` are written atomically. With
``pdf`` a pool worker builds a whole batch (:func:`build_batch`): its sheets, then the PDFs
of all their documents in one pdflatex pass, split per document, then each sheet's files.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from symderiv.course import variants as V
from symderiv.problems import ProblemError

#: bytes read at most from a roster (``--students``)
MAX_ROSTER_BYTES = 10_000_000

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
KEY_FIELDS = ["student", "problem", "question", "params", "expected", "kind", "tolerance_abs",
              "tolerance_rel", "text"]


@dataclass
class Sheet:
    index: int          # 1-based position in the plan
    label: str          # "v01" or the student id
    name: str           # the student's name ("" without a roster)
    seed: int
    stem: str           # file names: STEM-exercise.tex, STEM-solution.tex
    attempts: dict = field(default_factory=dict)   # problem -> first attempt
    keys: dict = field(default_factory=dict)       # problem -> params key of that attempt


#: the largest roster read (a device such as /dev/zero is caught too)
MAX_ROSTER_BYTES = 8 * 1024 * 1024


def read_roster(path) -> list[tuple[str, str]]:
    """(id, name) per line of a CSV with the columns ``id,name`` (header optional), read
    with a size limit (:func:`symderiv.course.csvfile.read_rows`)."""
    from symderiv.course.csvfile import read_rows
    rows = [r for _, r in read_rows(path, MAX_ROSTER_BYTES, "--students")]
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["id", "name"]:
        rows = rows[1:]
    out, seen = [], set()
    for n, r in enumerate(rows, 1):
        sid, name = r[0].strip(), (r[1].strip() if len(r) > 1 else "")
        if not _SAFE_ID.match(sid):
            raise ProblemError(f"--students {path}: line {n}: student id {sid[:40]!r} must be letters, "
                               "digits, '.', '_' or '-' (it names the files)")
        if sid in seen:
            raise ProblemError(f"--students {path}: student id {sid!r} appears twice")
        if len(name) > 200:
            raise ProblemError(f"--students {path}: line {n}: name longer than 200 characters")
        seen.add(sid)
        out.append((sid, name))
    if not out:
        raise ProblemError(f"--students {path}: no students")
    return out


def parse_shard(text: Optional[str]) -> tuple[int, int]:
    if not text:
        return 1, 1
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ProblemError(f"--shard expects K/N with 1 <= K <= N, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def plan(problem_names: list[str], seed: int, variants: Optional[int] = None,
         roster: Optional[list[tuple[str, str]]] = None) -> list[Sheet]:
    """The sheets of a course with their seeds and their (distinct) first draws."""
    from symderiv import problems
    probs = [problems.get(n) for n in problem_names]
    if roster:
        sheets = [Sheet(i, sid, name, V.student_seed(seed, sid), sid) for i, (sid, name) in enumerate(roster, 1)]
    else:
        if not variants or variants < 1:
            raise ProblemError("--variants must be at least 1 (or give --students)")
        width = max(2, len(str(variants)))
        sheets = [Sheet(i, f"v{i:0{width}d}", "", V.variant_seed(seed, i), f"v{i:0{width}d}")
                  for i in range(1, variants + 1)]
    for prob in probs:
        taken: set = set()
        for sh in sheets:
            attempt, key = V.first_new_attempt(prob, sh.seed, taken)
            sh.attempts[prob.name], sh.keys[prob.name] = attempt, key
            taken.add(key)
    return sheets


def taken_keys(sheets: list[Sheet]) -> dict:
    """problem -> every planned params key (of all sheets, before sharding)."""
    out: dict = {}
    for sh in sheets:
        for name, key in sh.keys.items():
            out.setdefault(name, set()).add(key)
    return {k: frozenset(v) for k, v in out.items()}


#: most consecutive sheets of the plan whose documents are compiled in one pdflatex run
SHEETS_PER_BATCH = 5
#: a plan is cut into at least this many batches while a batch keeps 2 sheets or more
#: (a small build keeps both workers of a 2-core machine busy)
BATCH_SPREAD = 2


def batch_size(planned: int) -> int:
    """Sheets per batch for a plan of ``planned`` sheets: ``min(5, max(2, ceil(planned / 2)))``.
    A function of the whole plan (not of ``--jobs`` or the shard), so every shard and the
    unsharded build cut the same batches."""
    return min(SHEETS_PER_BATCH, max(2, -(-planned // BATCH_SPREAD)))


def batches(sheets: list[Sheet], size: int = SHEETS_PER_BATCH) -> list[list[Sheet]]:
    """The sheets grouped by their batch of ``size`` sheets (a function of the plan index)."""
    out: dict = {}
    for s in sheets:
        out.setdefault((s.index - 1) // size, []).append(s)
    return [out[b] for b in sorted(out)]


def shard(sheets: list[Sheet], k: int, n: int) -> list[Sheet]:
    """The K-th of N disjoint slices of the whole plan ``sheets``: whole batches, round robin
    (slices have equal work, and a sheet's PDFs come from the same batch in every shard)."""
    size = batch_size(len(sheets))
    return [s for s in sheets if ((s.index - 1) // size) % n == k - 1]


@dataclass
class Options:
    problems: list
    lang: str
    out: str
    pdf: bool = False
    moodle: bool = False
    problem_dirs: tuple = ()
    format_dir: Optional[str] = None  # where the precompiled preamble lives (None: none)


def build_sheet(sheet: Sheet, opts: Options) -> dict:
    """Build, check, render and write one sheet; returns its key entries, its Moodle
    questions (XML strings) and the resampling log. With ``pdf`` nothing is written: the
    result carries the documents (``docs``) for
    :func:`symderiv.course.typeset.write_batch`."""
    from symderiv import problems
    from symderiv.course.sheets import render_sheet
    from symderiv.problems.plugins import load_dir
    for d in opts.problem_dirs:
        load_dir(d)
    log: list[str] = []
    built, entries = [], []
    for name in opts.problems:
        prob = problems.get(name)
        var = V.build_variant(prob, sheet.seed, _TAKEN.get(name, frozenset()), log.append,
                              first_attempt=sheet.attempts.get(name, 0), own=sheet.keys.get(name))
        built.append(var)
        entries.append(V.key_entries(var, sheet.label, opts.lang))
    exercise, solution = render_sheet(built, entries, opts.lang, sheet.label, sheet.name)
    docs = {f"{sheet.stem}-exercise": exercise, f"{sheet.stem}-solution": solution}
    questions = []
    if opts.moodle:
        from symderiv.course.moodle import question_xml
        questions = [question_xml(v, e, opts.lang, sheet.label) for v, e in zip(built, entries)]
    out = {"index": sheet.index, "label": sheet.label, "entries": [x for e in entries for x in e], "moodle": questions,
           "log": log}
    if opts.pdf:  # written with the PDFs of its batch
        return dict(out, docs=docs, files=[])
    from symderiv.course.typeset import write_sheet
    return dict(out, files=write_sheet(docs, opts))


def build_batch(sheets: list[Sheet], opts: Options) -> list[dict]:
    """Build the sheets of one batch and write them, with ``pdf`` their PDFs from one
    pdflatex run (:func:`symderiv.course.typeset.write_batch`)."""
    results = [build_sheet(s, opts) for s in sheets]
    if opts.pdf:
        from symderiv.course.typeset import write_batch
        write_batch(results, opts)
    return results


#: the plan's params keys of this build (set before the pool forks)
_TAKEN: dict = {}


def _run(args):
    sheets, opts = args
    return build_batch(sheets, opts)


def build_course(problem_names: list[str], out: str, seed: int = 0, variants: Optional[int] = None,
                 roster=None, lang: str = "en", pdf: bool = False, moodle: Optional[str] = None,
                 jobs: int = 1, shard_spec: Optional[str] = None, problem_dirs=(),
                 progress: Optional[Callable[[str], None]] = None, use_format: bool = True) -> dict:
    """Build the sheets of this shard; write key files (and the Moodle bank). Returns
    ``{"sheets": n, "entries": [...], "log": [...], "files": [...]}``. With ``pdf``, the
    shared preamble is precompiled (``use_format``) and the documents of a batch of sheets
    are compiled in one pdflatex run (without the format: one run, or two for references,
    per document)."""
    from symderiv import problems
    progress = progress or (lambda line: None)
    from symderiv.documents.locales import LOCALES
    if lang not in LOCALES:
        raise ProblemError(f"unknown language '{lang}' (languages: {', '.join(LOCALES)})")
    if not problem_names:
        raise ProblemError("name at least one problem (see 'symderiv problems')")
    for name in problem_names:
        problems.get(name)
    k, n = parse_shard(shard_spec)
    suffix = "" if n == 1 else f"-shard-{k}-of-{n}"
    mpath = moodle_path(out, moodle, suffix) if moodle else None
    check_writable(Path(out), *([mpath.parent] if mpath else []))
    from symderiv.course.procs import DirLock, sigterm_as_exit
    from symderiv.documents.build import clean_stale_tempdirs, latex_tempdir
    with DirLock(out, (k, n)), sigterm_as_exit():   # a second build into ``out`` exits 2 at once
        planned = plan(problem_names, seed, variants, roster)
        sheets = shard(planned, k, n)
        _TAKEN.clear()
        _TAKEN.update(taken_keys(planned))  # forked workers inherit it (not pickled per sheet)
        if pdf:
            clean_stale_tempdirs()
        fmt_tmp = latex_tempdir("fmt") if pdf and use_format else None
        opts = Options(list(problem_names), lang, str(out), pdf, bool(moodle), tuple(str(d) for d in problem_dirs),
                       format_dir=fmt_tmp.name if fmt_tmp else None)
        try:
            with blas_single_thread():
                results = _build_all(sheets, opts, jobs, progress, batch_size(len(planned)))
        finally:
            if fmt_tmp:
                fmt_tmp.cleanup()
        return _finish(results, problem_names, out, lang, mpath, suffix, progress)


def _finish(results, problem_names, out, lang, mpath, suffix, progress) -> dict:
    """Write the key files and the Moodle bank of the built sheets."""
    from symderiv.documents.build import write_files
    entries = [e for r in results for e in r["entries"]]
    log = [line for r in results for line in r["log"]]
    for line in log:
        progress(f"resampled: {line}")
    files = {f"key{suffix}.json": key_json(entries, lang), f"key{suffix}.csv": key_csv(entries)}
    moodle_file = None
    if mpath:
        from symderiv.course.moodle import bank_xml
        bank = bank_xml(problem_names, [r["moodle"] for r in results], lang)
        moodle_file = str(write_files(mpath.parent, {mpath.name: bank})[0])
    written = write_files(out, files)
    return {"sheets": len(results), "entries": entries, "log": log, "moodle": moodle_file,
            "files": [f for r in results for f in r["files"]] + [p.name for p in written]}


def moodle_path(out, moodle: str, suffix: str = "") -> Path:
    """Where ``--moodle`` goes: relative to ``--out`` unless absolute; a shard's bank gets
    the shard suffix (``quiz-shard-1-of-2.xml``)."""
    p = Path(moodle).expanduser()
    p = p if p.is_absolute() else Path(out) / p
    if not p.name or p.name in (".", ".."):
        raise ProblemError(f"--moodle {moodle}: not a file name")
    return p.with_name(p.stem + suffix + p.suffix)


def check_writable(*dirs: Path) -> None:
    """Create ``dirs`` and write a probe file into each, before anything is built: a wrong
    path fails at once, not after the whole build."""
    import os
    import tempfile
    for d in dirs:
        try:
            if d.exists() and not d.is_dir():
                raise ProblemError(f"{d} is not a directory")
            d.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".symderiv-probe-", dir=d)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise ProblemError(f"cannot write to {d}: {exc.strerror or exc}") from None


def blas_single_thread():
    """A context in which NumPy's and SciPy's OpenBLAS run one thread (pool workers forked
    inside inherit it). The course's matrices are small: with two BLAS threads per worker
    on a shared machine the threads spin-wait for each other, and one sheet costs several
    times the CPU (measured in benchmarks/bench_course.py). Without threadpoolctl (it comes
    with scikit-learn) nothing changes."""
    import contextlib
    try:
        import numpy  # noqa: F401 - load both OpenBLAS copies, so that both are limited
        import scipy.linalg  # noqa: F401
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _build_all(sheets: list[Sheet], opts: Options, jobs: int, progress,
               size: int = SHEETS_PER_BATCH) -> list[dict]:
    """Every sheet, a batch of ``size`` sheets per pool task (the pool's workers share the
    format file)."""
    results: list[dict] = []
    work = [(b, opts) for b in batches(sheets, size)]
    what = "PDFs" if opts.pdf else "ok"

    def done(rs):
        for r in rs:
            results.append(r)
            progress(f"[{len(results)}/{len(sheets)}] sheet {r['label']}: {what}")
    if jobs > 1 and len(work) > 1:
        from symderiv.course.typeset import pool
        with pool(jobs, len(work)) as workers:
            for rs in workers.imap_unordered(_run, work):
                done(rs)
    else:
        for w in work:
            done(_run(w))
    results.sort(key=lambda r: r["index"])
    return results


def key_json(entries: list[dict], lang: str = "en") -> bytes:
    """key.json (schema: ``symderiv/course/schemas/key.json``): the course's language (a
    German course's answers may use a decimal comma) and one entry per student and question."""
    return (json.dumps({"format": "symderiv-key/1", "lang": lang, "entries": entries}, indent=1,
                       ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def key_csv(entries: list[dict]) -> bytes:
    """key.csv for spreadsheets (cells that would be formulas get a leading quote, see
    :mod:`symderiv.course.csvfile`; key.json is what ``grade`` reads)."""
    from symderiv.course.csvfile import csv_bytes
    return csv_bytes(KEY_FIELDS, ([e["student"], e["problem"], e["question"],
                                   ";".join(f"{k}={v}" for k, v in e["params"].items()), e["expected"], e["kind"],
                                   repr(e["tolerance"]["abs"]), repr(e["tolerance"]["rel"]), e["text"]]
                                  for e in entries))
