"""Building: .tex -> (latexmk / pdflatex) -> .pdf, and writing files atomically.

The one LaTeX runner (:func:`run_latex`, used here and by the course's precompiled
preamble in :mod:`symderiv.course.pdf`): no shell escape, paranoid file access, a time
limit, reproducible output (``SOURCE_DATE_EPOCH`` (default 0) with ``FORCE_SOURCE_DATE``
fixes every date; the trailer ``/ID`` is fixed by ``\\pdftrailerid`` from the job name,
see :func:`pdflatex_command`), and the LaTeX process dies with the process that started it
(``prctl(PR_SET_PDEATHSIG)``). Temporary directories (:func:`latex_tempdir`) carry the pid
of their owner; :func:`clean_stale_tempdirs` removes those of processes that no longer
exist (a run killed with ``kill -9`` cannot remove its own).

:func:`emit` writes ``OUT/NAME.tex`` and, with ``pdf=True``, ``OUT/NAME.pdf``. LaTeX runs
in a temporary directory (pdflatex, rerun only when its log asks; ``-no-shell-escape``, nonstopmode, halt-on-error,
file-line-error; kpathsea ``openin_any=p``); files reach the output directory under a
temporary name and are then renamed, so a failed or interrupted run leaves nothing behind
there. Failures raise :class:`~symderiv.documents.errors.ReportError` (``exit_code = 1``)
with one line naming the file, the line and LaTeX's error text.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from symderiv.documents.errors import LatexError, OutputError, ReportError

#: seconds before a LaTeX run is abandoned
LATEX_TIMEOUT = 300
_SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


_FILE_LINE = re.compile(r"^(?P<file>(?:\./)?[^:\s][^:]*\.(?:tex|sty|cls|def|cfg|ldf|clo|fd|code\.tex)):"
                        r"(?P<line>\d+): (?P<text>.*)$")


def parse_log(log: str, main_file: str) -> tuple[str, Optional[int], str]:
    """(file, line, error text) of the first error in a LaTeX log (file-line-error style)."""
    lines = log.splitlines()
    for i, ln in enumerate(lines):
        m = _FILE_LINE.match(ln)
        if m:
            file = m.group("file")
            file = file[2:] if file.startswith("./") else file
            text = m.group("text").strip()
            # the context line "l.<n> ..." tells what LaTeX was reading
            for follow in lines[i + 1:i + 12]:
                lm = re.match(r"^l\.(\d+) (.*)$", follow)
                if lm:
                    ctx = lm.group(2).strip()
                    if ctx:
                        text += f" (at: {ctx[-60:]})"
                    break
            return file, int(m.group("line")), text
    for i, ln in enumerate(lines):
        if ln.startswith("! "):
            text = ln[2:].strip()
            line = None
            for follow in lines[i + 1:i + 12]:
                lm = re.match(r"^l\.(\d+)", follow)
                if lm:
                    line = int(lm.group(1))
                    break
            return main_file, line, text
    return main_file, None, ""


def _latex_env() -> dict:
    env = dict(os.environ)
    env.update({
        "openin_any": "p",     # no reading of files outside the build dir / TeX trees
        "openout_any": "p",
        "shell_escape": "f",   # belt and braces to -no-shell-escape
        "max_print_line": "10000", "error_line": "254", "half_error_line": "238",
        "SOURCE_DATE_EPOCH": env.get("SOURCE_DATE_EPOCH", "0"),
        "FORCE_SOURCE_DATE": "1",
    })
    return env


def latex_available() -> bool:
    return shutil.which("pdflatex") is not None


PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; False elsewhere).
    Safe as a ``preexec_fn``: no threads, no allocation beyond ctypes' call."""
    import signal
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def run_latex(cmd: list[str], cwd: str) -> subprocess.CompletedProcess:
    """Run a TeX command in ``cwd`` with the build's environment and limits (see above)."""
    try:
        return subprocess.run(cmd, cwd=cwd, env=_latex_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=LATEX_TIMEOUT, check=False, preexec_fn=die_with_parent)
    except subprocess.TimeoutExpired:
        raise LatexError(f"LaTeX did not finish within {LATEX_TIMEOUT} s ({cmd[0]})") from None
    except OSError as exc:
        raise LatexError(f"cannot run {cmd[0]}: {exc.strerror or exc}") from None


_run = run_latex

PDFLATEX_OPTIONS = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                    "-no-shell-escape"]


def pdflatex_command(stem: str, fmt: Optional[str] = None) -> list[str]:
    """pdflatex on ``stem.tex`` (with the format ``fmt``): the trailer ``/ID`` is fixed
    (``\\pdftrailerid`` from the job name, set before the document is read), so the same
    document gives the same bytes in any directory, shard or rebuild."""
    return ["pdflatex", *([f"-fmt={fmt}"] if fmt else []), *PDFLATEX_OPTIONS, f"-jobname={stem}",
            f"\\pdftrailerid{{symderiv-{stem}}}\\input{{{stem}.tex}}"]


TEMP_PREFIX = "symderiv-"
_STALE = re.compile(r"^symderiv-(?:fmt|latex)-(\d+)-")


def latex_tempdir(kind: str = "latex") -> tempfile.TemporaryDirectory:
    """A temporary directory named ``symderiv-KIND-PID-*`` (removed on exit of the ``with``)."""
    return tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{kind}-{os.getpid()}-")


def clean_stale_tempdirs(root: Optional[str] = None) -> list[str]:
    """Remove the temporary directories of symderiv processes that no longer run."""
    root = root or tempfile.gettempdir()
    removed: list[str] = []
    try:
        names = os.listdir(root)
    except OSError:
        return removed
    for name in names:
        m = _STALE.match(name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue                  # its owner still runs
        except ProcessLookupError:
            pass
        except PermissionError:
            continue                  # another user's process
        shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        removed.append(name)
    return removed


#: a pdflatex log line that asks for another run (references, labels, rerunfilecheck)
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|Please rerun|rerun LaTeX", re.I)
#: at most this many pdflatex runs when the log keeps asking for more
MAX_PASSES = 4


@dataclass
class Compiled:
    """A compiled document: the PDF's bytes, the log of the last run, how many runs."""

    pdf: bytes
    log: str
    passes: int


def compile_document(tex: str, stem: str, passes: Optional[int] = None,
                     display_name: Optional[str] = None) -> Compiled:
    """Compile a document in a fresh temporary directory.

    ``passes=None``: pdflatex runs once, and again only while its log asks for a rerun
    (cross-references, labels; at most :data:`MAX_PASSES` runs): a report without
    references needs one run. ``passes=n``: exactly n runs. Raises :class:`LatexError`
    naming ``display_name`` (default ``stem.tex``) and the line.
    """
    if not latex_available():
        raise LatexError("pdflatex not found: install TeX Live (texlive-latex-base, "
                         "texlive-latex-recommended, texlive-pictures, texlive-lang-german, "
                         "texlive-science, lmodern)")
    display = display_name or f"{stem}.tex"
    with latex_tempdir() as tmp:
        src = Path(tmp) / f"{stem}.tex"
        src.write_text(tex, encoding="utf-8")
        log_path = Path(tmp) / f"{stem}.log"
        pdflatex = pdflatex_command(stem)
        ok, log, runs = True, "", 0
        while runs < (passes or MAX_PASSES):
            proc = _run(pdflatex, tmp)
            runs += 1
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if proc.returncode != 0:
                ok = False
                break
            if passes is None and not _RERUN.search(log):
                break
        pdf = Path(tmp) / f"{stem}.pdf"
        if not ok or not pdf.exists():
            if not log:
                log = proc.stdout.decode("utf-8", errors="replace")
            file, line, text = parse_log(log, src.name)
            if file == src.name:
                file = display
            where = f"{file} line {line}" if line else file
            raise LatexError(f"LaTeX error in {where}: {text or 'no PDF produced'}", file, line, text)
        return Compiled(pdf.read_bytes(), log, runs)


def compile_source(tex: str, stem: str, passes: Optional[int] = None,
                   display_name: Optional[str] = None) -> bytes:
    """The PDF's bytes of :func:`compile_document`."""
    return compile_document(tex, stem, passes, display_name).pdf


# --------------------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------------------

def _prepare_dir(out_dir) -> Path:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"output path {out} is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out}: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise OutputError(f"output path {out} is not a directory")
    return out


def _temp_in(out: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
    os.close(fd)
    return Path(tmp)


def write_files(out_dir, contents: dict[str, bytes]) -> list[Path]:
    """Write ``{file name: bytes}`` into ``out_dir``: all to temporary names first, then
    renamed; on any failure (or interrupt) the temporary files are removed."""
    out = _prepare_dir(out_dir)
    temps: list[tuple[Path, Path]] = []
    try:
        for name, data in contents.items():
            tmp = _temp_in(out, name)
            temps.append((tmp, out / name))
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for tmp, final in temps:
            os.replace(tmp, final)
    except BaseException as exc:
        for tmp, _ in temps:
            try:
                tmp.unlink()
            except FileNotFoundError:
                pass
        if isinstance(exc, OSError):
            raise ReportError(f"cannot write to {out}: {exc.strerror or exc}") from None
        raise
    return [final for _, final in temps]


def compile_pdf(tex_path, passes: Optional[int] = None) -> Path:
    """Compile an existing .tex file; the PDF is written next to it (atomically)."""
    tex_path = Path(tex_path)
    try:
        tex = tex_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot read {tex_path}: {exc.strerror or exc}") from None
    stem = tex_path.stem if _SAFE_STEM.match(tex_path.stem) else "document"
    pdf = compile_source(tex, stem, passes, display_name=str(tex_path))
    return write_files(tex_path.parent, {tex_path.stem + ".pdf": pdf})[0]


def _check_stem(stem: str) -> str:
    if not _SAFE_STEM.match(stem):
        raise ReportError(f"unsafe output file name '{stem}'")
    return stem


def emit(tex: str, out_dir, stem: str, pdf: bool = False, passes: Optional[int] = None) -> list[Path]:
    """Write ``OUT/stem.tex`` (and ``OUT/stem.pdf``): nothing is written unless all succeed."""
    stem = _check_stem(stem)
    out = Path(out_dir)
    files = {f"{stem}.tex": tex.encode("utf-8")}
    if pdf:
        files[f"{stem}.pdf"] = compile_source(tex, stem, passes, display_name=str(out / f"{stem}.tex"))
    return write_files(out, files)
