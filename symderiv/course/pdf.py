"""PDFs of a course: one pdflatex pass per document, the shared preamble precompiled.

Every sheet document starts with the same preamble (``preamble.tex``: packages, TikZ,
pgfplots, colours), which costs most of a pdflatex run. The course templates mark its end
with :data:`MARKER`; :class:`Compiler` dumps everything before the marker once into a
format file (``pdflatex -ini "&pdflatex" preamble \\dump``, keyed by the preamble's
SHA-256, built in a temporary directory and renamed into the cache, so concurrent workers
never see half a file) and compiles each document body with ``-fmt``. The ``.tex`` written
to the output directory is the complete document; only the compilation is split. A
document without the marker, or one that needs cross-references, is compiled normally.
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

    def compile(self, tex: str, stem: str, display_name: Optional[str] = None,
                figures: Optional[dict] = None, figure_dir: Optional[str] = None) -> bytes:
        """The PDF of ``tex``. ``figures`` (key -> :class:`~symderiv.course.figures.Placed`,
        files in ``figure_dir``): figures compiled before, placed instead of typeset."""
        if self.cache_dir is None or MARKER not in tex or needs_passes(tex):
            return compile_source(tex, stem, passes=None if needs_passes(tex) else 1, display_name=display_name)
        preamble, body = tex.split(MARKER, 1)
        placed: list[Path] = []
        if figures:
            if figure_dir is None:
                raise ValueError("compiled figures need their figure_dir")
            from symderiv.course.figures import substitute
            body, files = substitute(preamble, body, figures)
            placed = [Path(figure_dir) / f for f in sorted(files)]
        offset = preamble.count("\n") + 1  # body line n is document line n + offset
        pdf, _ = self._run_body(preamble, body, stem, display_name, offset, placed)
        return pdf

    def compile_figures(self, preamble: str, figs: dict, figure_dir: str) -> dict:
        """Typeset ``figs`` (key -> tikzpicture source) as one batch PDF in ``figure_dir``;
        returns key -> Placed for each figure with a non-empty box."""
        from symderiv.course.figures import batch_body, batch_name, read_batch_log
        name = batch_name(figs)
        pdf, log = self._run_body(preamble, batch_body(figs), name, f"{name}.tex (figures)", None, [])
        target = Path(figure_dir) / f"{name}.pdf"
        part = Path(figure_dir) / f".{name}.{os.getpid()}.part"
        part.write_bytes(pdf)
        os.replace(part, target)
        return read_batch_log(log, target.name, figs)

    def _run_body(self, preamble: str, body: str, stem: str, display_name, offset, inputs) -> tuple[bytes, str]:
        fmt = self.format_for(preamble)
        with latex_tempdir() as tmp:
            shutil.copyfile(fmt, Path(tmp) / fmt.name)
            for f in inputs:  # the build runs with openin_any=p: inputs sit beside the document
                os.symlink(f.resolve(), Path(tmp) / f.name)
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
