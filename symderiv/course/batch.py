"""Many course documents in one pdflatex run, split afterwards into one PDF per document.

A pdflatex start-up (loading the format, the fonts, pgf's and siunitx's set-up) costs
about as much as typesetting a short sheet, so the course compiles its documents in
batches: the bodies of the batch's documents (everything after the shared preamble,
:data:`symderiv.course.pdf.MARKER`) are written as ``STEM.tex`` beside a driver that reads
them one after the other, each on fresh pages and in a group of its own, with every LaTeX
counter reset (the page number starts at 1 again), ``\\maketitle`` restored (article's
``\\maketitle`` disables itself) and ``\\begin{document}``/``\\end{document}`` reduced to
a group and a ``\\clearpage``. The driver writes, per document, the index of its first
page and its title and author as hyperref makes them the PDF metadata (hyperref's own
``pdfusetitle`` code, run again after each document); :func:`split` cuts the batch PDF into the
documents' page ranges with ``pypdf`` and gives each its own metadata, outline entries and
a fixed ``/ID`` (from the document's name, as ``\\pdftrailerid`` does in a single build).

Cross-references: the solution documents name their verification tables by number (A.1,
A.2, ..., written by :mod:`symderiv.documents.exercise`), so they need one pass. A document
of a batch that uses ``\\ref`` can get its labels defined before it is read (``refs``:
label -> number), so one pass gives the text two passes would.

A split document is not byte-identical to a single build of it (the fonts are subset over
the batch, the file is written by pypdf); its pages carry the same text (tested). The
batch is a pure function of its documents, so the same batch gives the same bytes in every
build and shard (:func:`symderiv.course.build.shard` keeps a batch in one shard).
"""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

#: the driver around the documents (``\\symderivdoc{STEM}{label definitions}`` per document)
DRIVER_HEAD = r"""\begin{document}
\makeatletter
\newwrite\symderiv@docs
\immediate\openout\symderiv@docs=\jobname.docs
\let\symderiv@maketitle\maketitle
\let\symderiv@@maketitle\@maketitle
\let\symderiv@title\title
\let\symderiv@author\author
\let\symderiv@date\date
\let\symderiv@thanks\thanks
\let\symderiv@enddocument\enddocument
\def\document{}
\def\enddocument{\clearpage}
\newcommand\symderivdoc[2]{%
  \clearpage
  \immediate\write\symderiv@docs{doc #1 \the\ReadonlyShipoutCounter}%
  \begingroup
  \def\@elt##1{\global\csname c@##1\endcsname\z@}\cl@@ckpt
  \global\c@page\@ne
  \let\maketitle\symderiv@maketitle \let\@maketitle\symderiv@@maketitle
  \let\thanks\symderiv@thanks \let\date\symderiv@date
  \let\title\symderiv@title \let\author\symderiv@author
  \global\let\Hy@title\@undefined \global\let\Hy@author\@undefined
  #2%
  \makeatother
  \input{#1.tex}%
  \makeatletter
  \global\let\@pdftitle\@empty \global\let\@pdfauthor\@empty
  \Hy@UseMaketitleInfos
  \immediate\write\symderiv@docs{title #1 \@pdftitle}%
  \immediate\write\symderiv@docs{author #1 \@pdfauthor}%
  \endgroup}
"""
DRIVER_TAIL = r"""\clearpage
\immediate\write\symderiv@docs{end \the\ReadonlyShipoutCounter}%
\immediate\closeout\symderiv@docs
\let\enddocument\symderiv@enddocument
\end{document}
"""
_LABEL_SAFE = re.compile(r"^[A-Za-z0-9:._-]+$")


def driver(stems: list[str], refs: dict) -> str:
    """The batch's main file: ``stems`` in order; ``refs`` stem -> {label: number}."""
    lines = [DRIVER_HEAD]
    for stem in stems:
        defs = "".join(r"\@namedef{r@%s}{{%s}{}{}{}{}}" % (label, number)
                       for label, number in sorted(refs.get(stem, {}).items())
                       if _LABEL_SAFE.match(label) and _LABEL_SAFE.match(number))
        lines.append(r"\symderivdoc{%s}{%s}" % (stem, defs) + "\n")
    lines.append(DRIVER_TAIL)
    return "".join(lines)


def batch_name(stems: list[str]) -> str:
    return "batch-" + hashlib.sha256("\0".join(stems).encode("utf-8")).hexdigest()[:12]


def pdf_string(text: str) -> str:
    """A PDF literal string as ``\\pdfstringdef`` writes it (octal escapes, UTF-16 with a
    byte order mark or PDFDocEncoding) as text."""
    raw = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            m = re.match(r"[0-7]{1,3}", text[i + 1:])
            if m:
                raw.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
                continue
            nxt = text[i + 1]
            raw += {"n": b"\n", "r": b"\r", "t": b"\t", "b": b"\b", "f": b"\f"}.get(nxt, nxt.encode("latin-1"))
            i += 2
            continue
        raw += c.encode("latin-1", errors="replace")
        i += 1
    if raw[:2] == b"\xfe\xff":
        return bytes(raw[2:]).decode("utf-16-be", errors="replace")
    return bytes(raw).decode("latin-1")


def read_docs(text: str) -> tuple[list[tuple[str, int]], dict, int]:
    """([(stem, first page index)], {stem: {"title": .., "author": ..}}, pages) from the
    driver's ``.docs`` file."""
    starts: list = []
    meta: dict = {}
    end = None
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "doc":
            stem, _, page = rest.rpartition(" ")
            starts.append((stem, int(page)))
        elif kind in ("title", "author"):
            stem, _, value = rest.partition(" ")
            meta.setdefault(stem, {})[kind] = pdf_string(value)
        elif kind == "end":
            end = int(rest)
    if end is None:
        raise ValueError("the batch did not finish")
    return starts, meta, end


def split(pdf: bytes, docs_file: str) -> dict[str, bytes]:
    """The batch PDF cut into its documents (stem -> PDF bytes)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject
    starts, meta, end = read_docs(docs_file)
    reader = PdfReader(io.BytesIO(pdf))
    info = {k: v for k, v in (reader.metadata or {}).items() if k not in ("/Title", "/Author")}
    outline = _outline_pages(reader)
    out = {}
    bounds = [p for _, p in starts[1:]] + [end]
    for (stem, first), last in zip(starts, bounds):
        writer = PdfWriter()
        for i in range(first, last):
            writer.add_page(reader.pages[i])
        writer.add_metadata(dict(info, **{f"/{k.title()}": v for k, v in meta.get(stem, {}).items()}))
        for title, page in outline:
            if first <= page < last:
                writer.add_outline_item(title=title, page_number=page - first)
        if writer.outline:
            writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
        ident = ByteStringObject(hashlib.md5(f"symderiv-{stem}".encode("utf-8")).digest())
        writer._ID = ArrayObject([ident, ident])
        buf = io.BytesIO()
        writer.write(buf)
        out[stem] = buf.getvalue()
    return out


def _outline_pages(reader) -> list[tuple[str, int]]:
    """(title, page index) of every outline entry (nested ones included), in order."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                try:
                    out.append((str(item.title), reader.get_destination_page_number(item)))
                except Exception:  # noqa: BLE001 - an entry without a page is left out
                    pass
    walk(reader.outline)
    return out


def write_inputs(tmp: Path, bodies: dict[str, str], refs: dict) -> str:
    """Write the documents' bodies and the driver into ``tmp``; returns the job name."""
    stems = list(bodies)
    for stem, body in bodies.items():
        (tmp / f"{stem}.tex").write_text(body, encoding="utf-8")
    name = batch_name(stems)
    (tmp / f"{name}.tex").write_text(driver(stems, refs), encoding="utf-8")
    return name
