"""The PDF stage of a course build: shared figures, then every sheet's PDFs.

Figures (see :mod:`symderiv.course.figures`) are compiled per *sheet*: the figures that
occur more than once in a sheet's documents (a given figure is in the exercise and in the
solution) form that sheet's batch, one page each; a batch is named by the hash of its
figures, so identical batches of different sheets (figures that do not depend on the
numbers) are compiled once per build. What a sheet's PDFs contain therefore depends on the
sheet alone, never on which other sheets are in the build: an unsharded build and the
union of ``--shard 1/2`` and ``--shard 2/2`` give byte-identical PDFs (with the runner's
fixed dates and ``/ID``, :func:`symderiv.documents.build.run_latex`).

Pool workers (:func:`pool`) die with the build (:func:`symderiv.course.procs.worker_init`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional


def pool(jobs: int, n: int):
    """A fork pool of ``min(jobs, n)`` workers that die with their parent."""
    import multiprocessing as mp
    from symderiv.course.procs import worker_init
    return mp.get_context("fork").Pool(min(jobs, n), initializer=worker_init)


def pool_map(fn, work: list, jobs: int):
    """``fn`` over ``work`` in a fork pool of ``jobs`` processes (in order), or here."""
    if jobs > 1 and len(work) > 1:
        with pool(jobs, len(work)) as p:
            yield from p.imap(fn, work)
    else:
        yield from map(fn, work)


def write_sheet(docs: dict, opts, placed: Optional[dict] = None) -> list[str]:
    """Write the ``.tex`` (and with ``pdf`` the PDFs) of one sheet, all or nothing;
    ``placed``: the sheet's figures compiled before."""
    from symderiv.documents.build import write_files
    files = {f"{stem}.tex": tex.encode("utf-8") for stem, tex in docs.items()}
    if opts.pdf:
        from symderiv.course.pdf import Compiler
        compiler = Compiler(opts.format_dir)
        for stem, tex in docs.items():
            files[f"{stem}.pdf"] = compiler.compile(tex, stem, display_name=str(Path(opts.out) / f"{stem}.tex"),
                                                    figures=placed, figure_dir=opts.figure_dir)
    write_files(opts.out, files)
    return sorted(files)


def sheet_batches(docs: dict) -> list[tuple[str, dict]]:
    """(preamble, {key: source}) of the figures occurring more than once in one sheet."""
    from symderiv.course import figures as F
    from symderiv.course.pdf import MARKER, needs_passes
    parts = [tex.split(MARKER, 1) for tex in docs.values() if MARKER in tex and not needs_passes(tex)]
    return sorted(F.shared(parts).items())


def compile_figures(results: list[dict], opts, jobs: int, progress) -> None:
    """Compile every sheet's figure batch (identical batches once, in parallel) and set
    ``result["placed"]`` (key -> Placed) for each sheet."""
    from symderiv.course import figures as F
    unique: dict = {}
    per_sheet = []
    for r in results:
        names = []
        for preamble, figs in sheet_batches(r["docs"]):
            name = F.batch_name(figs)
            unique.setdefault(name, (preamble, figs, opts))
            names.append(name)
        per_sheet.append(names)
    placed_by_batch: dict = {}
    if unique:
        Path(opts.figure_dir).mkdir(parents=True, exist_ok=True)
        names = sorted(unique)
        for name, placed in zip(names, pool_map(_compile_batch, [unique[n] for n in names], jobs)):
            placed_by_batch[name] = placed
    for r, names in zip(results, per_sheet):
        r["placed"] = {k: p for n in names for k, p in placed_by_batch[n].items()}
    from symderiv.course.pdf import MARKER
    compiled = sum(len(b[1]) for b in unique.values())
    docs = [tex.split(MARKER, 1) for r in results for tex in r["docs"].values() if MARKER in tex]
    total = sum(len(F.figures_of(pre, body)) for pre, body in docs)
    progress(f"figures: {compiled} figures compiled once in {len(unique)} batches ({total} figures in "
             f"{len(docs)} documents)")


def _compile_batch(args) -> dict:
    from symderiv.course.pdf import Compiler
    preamble, figs, opts = args
    return Compiler(opts.format_dir).compile_figures(preamble, figs, opts.figure_dir)


def _write_one(args):
    result, opts = args
    return write_sheet(result["docs"], opts, result.get("placed"))


def write_all(results: list[dict], opts, jobs: int, progress) -> None:
    for n, files in enumerate(pool_map(_write_one, [(r, opts) for r in results], jobs), 1):
        r = results[n - 1]
        r["files"] = files
        del r["docs"]
        r.pop("placed", None)
        progress(f"[{n}/{len(results)}] sheet {r['label']}: PDFs")
