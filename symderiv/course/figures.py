"""Identical figures of a course compiled once: the pictures that several documents share.

The documents of a course repeat pictures: a figure that does not depend on the numbers
(a link graph, a plot of a fixed function) is the same in every sheet, and the exercise
document repeats the given figures of the solution document. Compiling a pgfplots axis
costs about 0.1 s of pdflatex each time. Here the figures are found in the rendered
``.tex`` (the ``tikzpicture`` of a ``figure`` block, in the context the templates
``dag.tex`` and ``plot.tex`` give it: ``figure[H]``, ``\\centering``, ``symfit``), keyed by
a hash of the preamble and the picture's source, and counted over every document of the
build. Each figure that occurs more than once is typeset once, in the same context (a float
body: ``\\@parboxrestore``, normal font, ``\\centering``, the same ``lrbox``), as one page of
a batch PDF whose page size is the box; the documents then place that page with
``\\pdfximage width .. height .. depth ..`` - a box of exactly the dimensions the picture
had, so line and page breaks stay where they were. Figures that occur once stay inline
(a separate run would only add its start-up). The ``.tex`` files written are unchanged;
only what pdflatex compiles differs.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

#: a picture in the context of the figure templates (group 1: the tikzpicture)
FIGURE = re.compile(r"(?<=\\begin\{figure\}\[H\]\n\\centering\n\\begin\{symfit\}\n)"
                    r"(\\begin\{tikzpicture\}(?:(?!\\begin\{tikzpicture\}).)*?\\end\{tikzpicture\})"
                    r"(?=\n\\end\{symfit\}\n)", re.S)
_LOG = re.compile(r"^symderiv-figure:(\d+):(\d+)sp:(\d+)sp:(\d+)sp$", re.M)


def figure_key(preamble: str, source: str) -> str:
    return hashlib.sha256((preamble + "\0" + source).encode("utf-8")).hexdigest()[:24]


def figures_of(preamble: str, body: str) -> list[tuple[str, str]]:
    """``(key, source)`` of every replaceable figure of a document body, in order."""
    return [(figure_key(preamble, m.group(1)), m.group(1)) for m in FIGURE.finditer(body)]


def shared(docs: Iterable[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """preamble -> {key: source} of the figures that occur more than once in ``docs``
    (pairs of preamble and body)."""
    count: Counter = Counter()
    sources: dict = {}
    for preamble, body in docs:
        for key, src in figures_of(preamble, body):
            count[key] += 1
            sources[key] = (preamble, src)
    out: dict = {}
    for key in sorted(k for k, c in count.items() if c > 1):
        preamble, src = sources[key]
        out.setdefault(preamble, {})[key] = src
    return out


def batches(figs: dict[str, str], n: int) -> list[dict[str, str]]:
    """``figs`` split round robin (in key order) into at most ``n`` non-empty batches."""
    keys = sorted(figs)
    return [{k: figs[k] for k in keys[i::n]} for i in range(min(n, len(keys)))]


def batch_body(figs: dict[str, str]) -> str:
    """A document body (after the preamble) with one page per figure, the page the size of
    the figure's box; the log gets ``symderiv-figure:PAGE:WIDTHsp:HEIGHTsp:DEPTHsp``."""
    out = ["\\makeatletter", "\\begin{document}", "\\hoffset=-1in \\voffset=-1in"]
    for page, key in enumerate(sorted(figs), 1):
        out += ["\\begingroup",
                "\\hsize=\\columnwidth \\@parboxrestore \\reset@font\\normalsize \\centering",
                "\\begin{lrbox}{\\symfitbox}", figs[key], "\\end{lrbox}",
                f"\\immediate\\write17{{symderiv-figure:{page}:\\number\\wd\\symfitbox sp:"
                "\\number\\ht\\symfitbox sp:\\number\\dp\\symfitbox sp}",
                "\\pdfpagewidth=\\wd\\symfitbox \\pdfpageheight=\\dimexpr\\ht\\symfitbox+\\dp\\symfitbox\\relax",
                "\\shipout\\hbox{\\raise\\dp\\symfitbox\\box\\symfitbox}",
                "\\endgroup"]
    out.append("\\end{document}")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Placed:
    """Where a compiled figure is: page ``page`` of ``file``, box ``width`` x ``height`` +
    ``depth`` (scaled points, as TeX measured it)."""
    file: str
    page: int
    width: int
    height: int
    depth: int


def read_batch_log(log: str, file: str, figs: dict[str, str]) -> dict[str, Placed]:
    """The figures of a batch whose box is not empty (an empty one stays inline)."""
    keys = sorted(figs)
    out = {}
    for m in _LOG.finditer(log):
        page, wd, ht, dp = (int(g) for g in m.groups())
        if wd > 0 and ht + dp > 0:
            out[keys[page - 1]] = Placed(file, page, wd, ht, dp)
    return out


def substitute(preamble: str, body: str, placed: dict[str, Placed]) -> tuple[str, set[str]]:
    """The body with every compiled figure replaced by its page (a box of the same size),
    and the batch files it needs."""
    files: set = set()

    def repl(m):
        p = placed.get(figure_key(preamble, m.group(1)))
        if p is None:
            return m.group(1)
        files.add(p.file)
        return (f"\\pdfximage width {p.width}sp height {p.height}sp depth {p.depth}sp page {p.page} "
                f"{{{p.file}}}\\pdfrefximage\\pdflastximage")
    return FIGURE.sub(repl, body), files


def batch_name(figs: dict[str, str]) -> str:
    return "symfig-" + hashlib.sha256("\n".join(sorted(figs)).encode("ascii")).hexdigest()[:16]
