"""PDFs of a course: the shared preamble precompiled, many documents per pdflatex pass.

Every sheet document starts with the same preamble (``preamble.tex``: packages, TikZ,
pgfplots, colours), which costs most of a pdflatex run. The course templates mark its end
with :data:`MARKER`; :class:`Compiler` dumps everything before the marker once into a
format file (``pdflatex -ini "&pdflatex" preamble \\dump``, keyed by the preamble's
SHA-256, built in a temporary directory and renamed into the cache, so concurrent workers
never see half a file) and compiles document bodies with ``-fmt``: a batch of documents in
one run (:meth:`Compiler.compile_batch`, :mod:`symderiv.course.batch`), or one document.
The ``.tex`` written to the output directory is the complete document; only the
compilation is split. A single document without the marker, or one that needs
cross-references, is compiled normally.
LaTeX runs through the documents layer's one runner (:func:`symderiv.documents.build.run_latex`:
no shell escape, paranoid file access, reproducible dates and ``/ID``, dies with its parent).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Optional

from symderiv.documents.build import compile_source, latex_tempdir, parse_log, pdflatex_command, run_latex
from symderiv.documents.errors import LatexError

#: the line the course templates put after the shared preamble
MARKER = "% symderiv: end of preamble\n"


def needs_passes(tex: str) -> bool:
    """Does the document refer to itself (then it needs more than one pass)?"""
    return any(cmd in tex for cmd in (r"\ref{", r"\pageref{", r"\tableofcontents", r"\cite{"))


class Compiler:
    """Compile course documents; ``cache_dir`` holds the format files (None: no format)."""

    def __init__(self, cache_dir: Optional[str] = None):
        self.cache_dir = Path(cache_dir) if cache_dir else None

    def format_for(self, preamble: str) -> Path:
        cache = self.cache_dir
        if cache is None:
            raise ValueError("a Compiler without cache_dir precompiles no format")
        name = "symderiv-" + hashlib.sha256(preamble.encode("utf-8")).hexdigest()[:16]
        fmt = cache / f"{name}.fmt"
        if fmt.exists():
            return fmt
        cache.mkdir(parents=True, exist_ok=True)
        with latex_tempdir("fmt") as tmp:
            (Path(tmp) / f"{name}.tex").write_text(preamble + "\\dump\n", encoding="utf-8")
            proc = run_latex(["pdflatex", "-ini", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                         f"-jobname={name}", "&pdflatex", f"{name}.tex"], tmp)
            built = Path(tmp) / f"{name}.fmt"
            if proc.returncode != 0 or not built.exists():
                log = proc.stdout.decode("utf-8", errors="replace")
                raise LatexError(f"cannot precompile the preamble: {parse_log(log, name + '.tex')[2] or 'no format'}")
            part = cache / f".{name}.{os.getpid()}.part"
            shutil.copyfile(built, part)
            os.replace(part, fmt)
        return fmt

    def compile(self, tex: str, stem: str, display_name: Optional[str] = None) -> bytes:
        """The PDF of ``tex`` on its own (with references: plain pdflatex, as often as its
        log asks; the course compiles its sheets in batches, :meth:`compile_batch`)."""
        if self.cache_dir is None or MARKER not in tex or needs_passes(tex):
            return compile_source(tex, stem, passes=None if needs_passes(tex) else 1, display_name=display_name)
        preamble, body = tex.split(MARKER, 1)
        offset = preamble.count("\n") + 1  # body line n is document line n + offset
        pdf, _ = self._run_body(preamble, body, stem, display_name, offset)
        return pdf

    def compile_batch(self, docs: dict, refs: Optional[dict] = None, display: Optional[dict] = None) -> dict:
        """The PDFs (stem -> bytes) of ``docs`` (stem -> complete .tex, each with the
        marker and one preamble) from one pdflatex run (:mod:`symderiv.course.batch`);
        ``refs``: stem -> {label: number} defined before that document."""
        from symderiv.course import batch as Batch
        display = display or {}
        parts = {stem: tex.split(MARKER, 1) for stem, tex in docs.items()}
        preambles = {pre for pre, _ in parts.values()}
        if self.cache_dir is None or len(preambles) != 1 or any(MARKER not in t for t in docs.values()):
            raise ValueError("a batch needs the format and documents with one preamble")
        preamble = preambles.pop()
        offset = preamble.count("\n") + 1
        fmt = self.format_for(preamble)
        with latex_tempdir() as tmp:
            shutil.copyfile(fmt, Path(tmp) / fmt.name)
            name = Batch.write_inputs(Path(tmp), {s: body for s, (_, body) in parts.items()}, refs or {})
            proc = run_latex(pdflatex_command(name, fmt.stem), tmp)
            pdf, log_path, list_path = (Path(tmp) / f"{name}.{ext}" for ext in ("pdf", "log", "docs"))
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else \
                proc.stdout.decode("utf-8", errors="replace")
            if proc.returncode != 0 or not pdf.exists() or not list_path.exists():
                file, line, text = parse_log(log, f"{name}.tex")
                stem = file[:-4] if file.endswith(".tex") else file
                if stem in docs:
                    where = display.get(stem, f"{stem}.tex") + (f" line {line + offset}" if line else "")
                else:
                    where = f"the batch of {', '.join(docs)}"
                raise LatexError(f"LaTeX error in {where}: {text or 'no PDF produced'}")
            return Batch.split(pdf.read_bytes(), list_path.read_text(encoding="utf-8", errors="replace"))

    def _run_body(self, preamble: str, body: str, stem: str, display_name, offset) -> tuple[bytes, str]:
        fmt = self.format_for(preamble)
        with latex_tempdir() as tmp:
            shutil.copyfile(fmt, Path(tmp) / fmt.name)
            (Path(tmp) / f"{stem}.tex").write_text(body, encoding="utf-8")
            proc = run_latex(pdflatex_command(stem, fmt.stem), tmp)
            pdf = Path(tmp) / f"{stem}.pdf"
            log_path = Path(tmp) / f"{stem}.log"
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else \
                proc.stdout.decode("utf-8", errors="replace")
            if proc.returncode != 0 or not pdf.exists():
                file, line, text = parse_log(log, f"{stem}.tex")
                where = f"{display_name or stem + '.tex'} line {line + offset}" if line and offset is not None \
                    else (display_name or stem)
                raise LatexError(f"LaTeX error in {where}: {text or 'no PDF produced'}")
            return pdf.read_bytes(), log
