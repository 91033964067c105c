"""The PDF stage of a course build: the documents of a batch of sheets in one pdflatex run.

A pool task builds one batch of sheets (:func:`symderiv.course.build.build_batch`); its
exercise and solution documents are compiled together (:meth:`symderiv.course.pdf.Compiler.compile_batch`,
one pdflatex start-up for the batch instead of one per document, and one pass: the
solution's references are defined before it is read) and split into one PDF per document.
A batch is a function of the plan alone (consecutive sheets, whole batches per shard), so an
unsharded build and the union of ``--shard 1/2`` and ``--shard 2/2`` give byte-identical
PDFs (with the runner's fixed dates and ``/ID``, :func:`symderiv.documents.build.run_latex`).

Pool workers (:func:`pool`) die with the build (:func:`symderiv.course.procs.worker_init`).
"""
from __future__ import annotations

from pathlib import Path


def pool(jobs: int, n: int):
    """A fork pool of ``min(jobs, n)`` workers that die with their parent."""
    import multiprocessing as mp
    from symderiv.course.procs import worker_init
    return mp.get_context("fork").Pool(min(jobs, n), initializer=worker_init)


def write_sheet(docs: dict, opts) -> list[str]:
    """Write the ``.tex`` (and with ``pdf`` the PDFs, each on its own) of one sheet, all or nothing."""
    from symderiv.documents.build import write_files
    files = {f"{stem}.tex": tex.encode("utf-8") for stem, tex in docs.items()}
    if opts.pdf:
        from symderiv.course.pdf import Compiler
        compiler = Compiler(opts.format_dir)
        for stem, tex in docs.items():
            files[f"{stem}.pdf"] = compiler.compile(tex, stem, display_name=str(Path(opts.out) / f"{stem}.tex"))
    write_files(opts.out, files)
    return sorted(files)


def write_batch(results: list[dict], opts) -> None:
    """Compile the documents of ``results`` (sheets of one batch) in one run and write each
    sheet's ``.tex`` and PDFs (all or nothing per sheet); sets ``result["files"]``."""
    from symderiv.documents.build import write_files
    from symderiv.course.pdf import Compiler
    docs = {stem: tex for r in results for stem, tex in r["docs"].items()}
    if opts.format_dir is None:  # no format: each document on its own
        for r in results:
            r["files"] = write_sheet(r.pop("docs"), opts)
        return
    pdfs = Compiler(opts.format_dir).compile_batch(docs, display={s: str(Path(opts.out) / f"{s}.tex") for s in docs})
    for r in results:
        files = {}
        for stem, tex in r.pop("docs").items():
            files[f"{stem}.tex"] = tex.encode("utf-8")
            files[f"{stem}.pdf"] = pdfs[stem]
        write_files(opts.out, files)
        r["files"] = sorted(files)
