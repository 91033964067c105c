r"""Solution -> Jinja2 -> .tex -> (latexmk) -> .pdf.

A problem returns a :class:`symderiv.solution.Solution` (data). This module turns it into
*template data* -- plain dicts whose strings are already LaTeX (:class:`Tex`) -- and
renders the Jinja2 templates in ``templates/`` with it. This conversion is the only place
outside the templates and ``sympy.latex`` where LaTeX is assembled:

* text: the literal parts of a :class:`~symderiv.solution.Text` are escaped with
  :func:`latex_escape`; its ``{name}`` placeholders are typeset (SymPy -> ``$latex$``,
  float -> :func:`~symderiv.solution.fmt`, str -> escaped);
* math: SymPy expressions through ``sympy.latex``; :class:`~symderiv.solution.Latex`
  fragments (made by library code) pass through; long sums are broken into lines;
* figures (TikZ from library code) pass through; plots become pgfplots coordinate lists
  (at most :data:`MAX_PLOT_POINTS` per series); checks become rows of the check table.

The templates never compute. The Jinja2 environment uses LaTeX-friendly delimiters
(``\BLOCK{...}``, ``\VAR{...}``, ``\#{...}``, line statements ``%%``), ``StrictUndefined``,
and refuses to print any value that is not :class:`Tex` (or an int), so an unescaped
string can never reach the document.

Building: :func:`build` writes ``OUT/NAME.tex`` and, with ``pdf=True``, ``OUT/NAME.pdf``.
LaTeX runs in a temporary directory (latexmk, ``-no-shell-escape``, nonstopmode,
halt-on-error, file-line-error; kpathsea ``openin_any=p``); files reach the output
directory under a temporary name and are then renamed, so a failed or interrupted run
leaves nothing behind there. Failures raise :class:`ReportError` (``exit_code = 1``) with
one line naming the file, the line and LaTeX's (or Jinja2's) error text.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional

from importlib import resources

from symderiv.documents.messages import BABEL, catalog, msg
from symderiv.documents.model import (LANGS, Check, Code, Equation, Figure, Latex, Plot, Result, Series,
                       Solution, Step, Table, Text, fmt)

#: where the templates live (tests may point this elsewhere)
TEMPLATE_DIR = Path(str(resources.files("symderiv.documents").joinpath("templates")))
#: pgfplots costs ~0.13 s per axis and grows with points: keep series short
MAX_PLOT_POINTS = 200
#: an equation line longer than this (visible characters, estimated) is broken at + / -
MAX_LINE_CHARS = 72
#: seconds before a LaTeX run is abandoned
LATEX_TIMEOUT = 300
_SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ReportError(Exception):
    """A report could not be made (template, data or LaTeX error): exit code 1."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


class OutputError(ReportError):
    """The output directory cannot be used (a usage error: exit 2)."""


class LatexError(ReportError):
    """LaTeX failed; ``file``, ``line`` and ``text`` as extracted from the log."""

    def __init__(self, message: str, file: str = "", line: Optional[int] = None, text: str = ""):
        super().__init__(message)
        self.file, self.line, self.text = file, line, text


class TemplateError(ReportError):
    """A Jinja2 template failed (syntax, undefined name, unescaped value, bad data)."""


class Tex(str):
    """A string that is LaTeX already (escaped text, ``sympy.latex`` output, library TikZ)."""

    __slots__ = ()


# --------------------------------------------------------------------------------------
# escaping user and problem text
# --------------------------------------------------------------------------------------

_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    '"': r"\textquotedbl{}",  # also an active shorthand of babel ngerman
    "'": "'{}",  # an apostrophe, but never the '' ligature
    "`": r"\textasciigrave{}",
    "-": "-{}",  # no -- / --- ligatures: text appears as typed
    "\n": " ", "\r": " ", "\t": " ",
}
_GREEK = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
    "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ι": r"\iota", "κ": r"\kappa",
    "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "π": r"\pi", "ρ": r"\rho",
    "σ": r"\sigma", "τ": r"\tau", "φ": r"\varphi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega",
    "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda", "Ξ": r"\Xi", "Π": r"\Pi",
    "Σ": r"\Sigma", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega", "∇": r"\nabla",
    "∂": r"\partial", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "∞": r"\infty",
    "·": r"\cdot", "×": r"\times", "→": r"\to", "∈": r"\in", "√": r"\surd", "±": r"\pm",
    "✓": r"\checkmark",
}
_EXTRA_TEXT = set("–—‘’‚“”„…€•")


def _char_ok(ch: str) -> bool:
    o = ord(ch)
    # printable ASCII, Latin-1 letters and signs, Latin Extended-A (all known to T1/utf8)
    return 0x20 <= o < 0x7F or 0xA1 <= o <= 0x17F or ch in _EXTRA_TEXT


def latex_escape(text: Any) -> Tex:
    """Text -> LaTeX that prints it literally (``\\input{..}`` becomes harmless text).

    Characters LaTeX would treat specially are escaped; a few symbols (Greek letters,
    relations) become inline math; other characters pdflatex cannot print are replaced
    by ``?`` rather than failing the build.
    """
    out = []
    for ch in str(text):
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch in _GREEK:
            out.append(f"\\ensuremath{{{_GREEK[ch]}}}")
        elif ch == "\u00a0":
            out.append("~")
        elif _char_ok(ch):
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        else:
            out.append("?")
    return Tex("".join(out))


# --------------------------------------------------------------------------------------
# numbers, math, text
# --------------------------------------------------------------------------------------

def _is_sympy(value) -> bool:
    try:
        import sympy as sp
    except ImportError:  # pragma: no cover
        return False
    return isinstance(value, (sp.Basic, sp.MatrixBase))


def number_latex(x: float, digits: int = 6) -> Tex:
    """A float as math-mode LaTeX: ``1.5``, ``3.2 \\cdot 10^{-7}``, ``\\infty``."""
    x = float(x)
    if math.isnan(x):
        return Tex(r"\mathrm{NaN}")
    if math.isinf(x):
        return Tex(r"\infty" if x > 0 else r"-\infty")
    s = fmt(x, digits)
    if "e" in s:
        mant, exp = s.split("e")
        exp = int(exp)
        if mant in ("1", "-1"):
            return Tex(("-" if mant == "-1" else "") + f"10^{{{exp}}}")
        return Tex(f"{mant} \\cdot 10^{{{exp}}}")
    return Tex(s)


def math_latex(value, lang: str) -> Tex:
    """Any value of the Solution model as math-mode LaTeX."""
    import numpy as np
    import sympy as sp
    if isinstance(value, Tex):
        return value
    if isinstance(value, Latex):
        return Tex(value.code)
    if isinstance(value, bool):
        return Tex(r"\text{%s}" % latex_escape(str(value)))
    if isinstance(value, (int, np.integer)):
        return Tex(str(int(value)))
    if isinstance(value, (float, np.floating)):
        return number_latex(float(value))
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return math_latex(value.item(), lang)
        rows = value.reshape(value.shape[0], -1) if value.ndim > 1 else value.reshape(-1, 1)
        body = r" \\ ".join(" & ".join(math_latex(v, lang) for v in row) for row in rows.tolist())
        return Tex(r"\left[\begin{matrix} %s \end{matrix}\right]" % body)
    if _is_sympy(value):
        return Tex(sp.latex(value))
    if isinstance(value, Text):
        return Tex(r"\text{%s}" % text_latex(value, lang))
    if isinstance(value, str):
        return Tex(r"\text{%s}" % latex_escape(value))
    if isinstance(value, (list, tuple)):
        return Tex(r"\left(%s\right)" % ", ".join(math_latex(v, lang) for v in value))
    raise TemplateError(f"cannot typeset a value of type {type(value).__name__} as math")


def inline_latex(value, lang: str) -> Tex:
    """Any value as text-mode LaTeX: text escaped, math in ``$...$``."""
    import numpy as np
    if isinstance(value, Tex):
        return value
    if isinstance(value, Text):
        return text_latex(value, lang)
    if isinstance(value, str):
        return latex_escape(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Tex(str(int(value)))
    if isinstance(value, (list, tuple)) and all(isinstance(v, (Text, str)) for v in value):
        return Tex(", ".join(inline_latex(v, lang) for v in value))
    return Tex("$%s$" % math_latex(value, lang))


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def text_latex(text, lang: str) -> Tex:
    """A :class:`Text` in ``lang`` with its placeholders typeset (a str is just escaped)."""
    if text is None:
        return Tex("")
    if isinstance(text, str):
        return latex_escape(text)
    if not isinstance(text, Text):
        return inline_latex(text, lang)
    s = text.get(lang)
    parts, pos = [], 0
    for m in _PLACEHOLDER.finditer(s):
        name = m.group(1)
        if name not in text.args:
            raise TemplateError(f"text {s[:50]!r}: no value for placeholder {{{name}}}")
        parts.append(latex_escape(s[pos:m.start()]))
        parts.append(inline_latex(text.args[name], lang))
        pos = m.end()
    parts.append(latex_escape(s[pos:]))
    return Tex("".join(parts))


_MATRIX = re.compile(r"\\begin\{([pbv]?matrix|array)\}(\{[^}]*\})?(.*?)\\end\{\1\}", re.S)
_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")


def _visible_len(code: str) -> int:
    """Rough width of math LaTeX in characters (matrices by their widest row, fractions
    by the wider of numerator and denominator)."""
    def matrix(m):
        rows = re.split(r"\\\\", m.group(3))
        return "M" * (max((_visible_len(r.replace("&", "  ")) for r in rows), default=0) + 2)

    def frac(m):
        return "F" * max(_visible_len(m.group(1)), _visible_len(m.group(2)))

    s = _MATRIX.sub(matrix, code)
    for _ in range(3):
        s = _FRAC.sub(frac, s)
    s = re.sub(r"\\(left|right|mathrm|operatorname|text|displaystyle|quad)\b", "", s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    s = re.sub(r"[{}^_ \\]", "", s)
    return len(s)


def _rhs_segments(value, lang: str, budget: int) -> list[Tex]:
    """The LaTeX of one right-hand side; a sum too long for a line is cut at + / -
    (the first segment is the start, the others begin with ``\\quad + ...``)."""
    import sympy as sp
    code = math_latex(value, lang)
    if not (isinstance(value, sp.Add) and _visible_len(code) > budget):
        return [code]
    lines, current = [], ""
    for term in value.as_ordered_terms():
        t = sp.latex(term)
        sign = " + "
        if t.startswith("-"):
            sign, t = " - ", t[1:].lstrip()
        if current and _visible_len(current + t) > budget:
            lines.append(current)
            current = ""
        if not current and not lines:
            current = t if sign == " + " else "-" + t
        elif not current:
            current = r"\quad" + sign + t
        else:
            current += sign + t
    if current:
        lines.append(current)
    return [Tex(x) for x in lines]


def equation_data(eq: Equation, lang: str) -> dict:
    """An Equation as rows ``lhs & body`` of an align environment: the chain
    ``lhs = r0 = r1 ...`` is packed onto as few lines as fit :data:`MAX_LINE_CHARS`;
    ``fits`` says whether every row is estimated to fit the line."""
    lhs = math_latex(eq.lhs, lang) if eq.lhs is not None and eq.lhs != "" else Tex("")
    rel = eq.relation or "="
    rhs = list(eq.rhs) if isinstance(eq.rhs, (list, tuple)) else [eq.rhs]
    budget = max(24, MAX_LINE_CHARS - _visible_len(lhs) - 2)
    pieces = []  # (text, width)
    for r in rhs:
        for j, seg in enumerate(_rhs_segments(r, lang, budget - 2)):
            text = f"{rel} {seg}" if j == 0 else str(seg)
            pieces.append((text, _visible_len(text), j > 0))
    rows, current, width = [], [], 0
    for text, w, continuation in pieces:
        if current and (continuation or width + w > budget):
            rows.append(" ".join(current))
            current, width = [], 0
        current.append(text)
        width += w
    if current:
        rows.append(" ".join(current))
    data_rows = [{"lhs": lhs if i == 0 else Tex(""), "body": Tex(r)} for i, r in enumerate(rows)]
    fits = all(_visible_len(r) <= budget + 2 for r in rows)
    return {"kind": "equation", "rows": data_rows, "note": text_latex(eq.note, lang), "fits": fits}


def equation_groups(equations, lang: str) -> list[dict]:
    """Consecutive equations that fit the line share one ``align*`` (page breaks allowed);
    an equation that may be too wide stands alone in a box scaled to the line width."""
    groups: list[dict] = []
    for eq in equations:
        d = equation_data(eq, lang)
        if d["fits"] and not d["note"] and groups and groups[-1]["fits"] and not groups[-1]["note"]:
            groups[-1]["rows"].extend(d["rows"])
        else:
            groups.append(d)
    return groups


# --------------------------------------------------------------------------------------
# blocks -> template data
# --------------------------------------------------------------------------------------

def _points(series: Series, ymode: str, xmode: str) -> Tex:
    import numpy as np
    x = np.asarray(series.x, dtype=float).ravel()
    y = np.asarray(series.y, dtype=float).ravel()
    if x.shape != y.shape:
        raise TemplateError(f"plot series: {x.size} x values but {y.size} y values")
    if x.size > MAX_PLOT_POINTS:
        idx = np.unique(np.linspace(0, x.size - 1, MAX_PLOT_POINTS).round().astype(int))
        x, y = x[idx], y[idx]
    coords = []
    for a, b in zip(x.tolist(), y.tolist()):
        bad = (not math.isfinite(a) or not math.isfinite(b)
               or (ymode == "log" and b <= 0) or (xmode == "log" and a <= 0))
        coords.append(f"({a:.6g},nan)" if bad else f"({a:.6g},{b:.6g})")
    return Tex(" ".join(coords))


def _check_row(check: Check, lang: str) -> dict:
    rec = check.record
    points = getattr(rec, "points", 0)
    if not isinstance(points, (int, float)):
        try:
            points = len(points)
        except TypeError:
            points = 0
    kinks = getattr(rec, "kinks", 0) or 0
    if not isinstance(kinks, (int, float)):
        try:
            kinks = len(kinks)
        except TypeError:
            kinks = 0
    what = text_latex(check.what, lang) if isinstance(check.what, (Text, str)) \
        else inline_latex(check.what, lang)
    if kinks:
        what = Tex("%s (%s: %d)" % (what, latex_escape(msg("kinks", lang)), int(kinks)))
    rel = getattr(rec, "max_rel_error", float("nan"))
    passed = bool(getattr(rec, "passed", False))
    return {
        "what": what,
        "method": latex_escape(str(getattr(rec, "method", ""))),
        "points": Tex(str(int(points))),
        "max_rel_error": Tex("$%s$" % number_latex(rel, 3)),
        "tolerance": Tex("$%s$" % number_latex(getattr(rec, "tolerance", float("nan")), 3)),
        "passed": passed,
    }


def block_data(block, lang: str) -> dict:
    """One block of a task (or of ``given``) as template data."""
    if isinstance(block, Step):
        return {"kind": "step", "text": text_latex(block.text, lang),
                "equations": equation_groups(block.equations, lang)}
    if isinstance(block, Equation):
        return equation_data(block, lang)
    if isinstance(block, Result):
        eq = equation_data(Equation(block.lhs, [block.value]), lang)
        return {"kind": "result", "label": text_latex(block.label, lang), "rows": eq["rows"]}
    if isinstance(block, Table):
        ncol = len(block.header) if block.header else max((len(r) for r in block.rows), default=1)
        for r in block.rows:
            if len(r) != ncol:
                raise TemplateError(f"table row has {len(r)} cells, header {ncol}")
        return {"kind": "table", "colspec": Tex("l" * ncol),
                "header": [inline_latex(c, lang) for c in block.header],
                "rows": [[inline_latex(c, lang) for c in r] for r in block.rows],
                "caption": text_latex(block.caption, lang)}
    if isinstance(block, Figure):
        return {"kind": "figure", "tikz": Tex(block.tikz), "caption": text_latex(block.caption, lang)}
    if isinstance(block, Plot):
        series = [{"label": inline_latex(s.label, lang) if s.label not in ("", None) else Tex(""),
                   "style": Tex(s.style or ""),
                   "coords": _points(s, block.ymode, block.xmode)} for s in block.series]
        for mode in (block.xmode, block.ymode):
            if mode not in ("normal", "log"):
                raise TemplateError(f"plot axis mode must be 'normal' or 'log', not {mode!r}")
        return {"kind": "plot", "series": series,
                "xlabel": inline_latex(block.xlabel, lang) if block.xlabel != "" else Tex(""),
                "ylabel": inline_latex(block.ylabel, lang) if block.ylabel != "" else Tex(""),
                "xmode": Tex(block.xmode), "ymode": Tex(block.ymode),
                "caption": text_latex(block.caption, lang)}
    if isinstance(block, Check):
        return {"kind": "checks", "rows": [_check_row(block, lang)]}
    if isinstance(block, (Text, str)):
        return {"kind": "text", "text": text_latex(block, lang)}
    if isinstance(block, Latex):
        return {"kind": "math", "code": Tex(block.code)}
    if isinstance(block, Code):
        return code_data(block, lang)
    raise TemplateError(f"cannot render a block of type {type(block).__name__}")


_LISTING_LANGUAGES = ("Python", "bash")


def code_data(block: Code, lang: str) -> dict:
    """A listing: the source verbatim (``listings`` prints it literally); characters
    outside printable ASCII become ``?`` because ``listings`` cannot typeset UTF-8."""
    if block.language not in _LISTING_LANGUAGES:
        raise TemplateError(f"listing language must be one of {_LISTING_LANGUAGES}, not {block.language!r}")
    source = "".join(ch if (" " <= ch <= "~" or ch == "\n") else "?" for ch in
                     block.source.expandtabs(4).rstrip() + "\n")
    if "\\end{lstlisting}" in source:
        raise TemplateError("a listing must not contain \\end{lstlisting}")
    return {"kind": "code", "language": Tex(block.language), "source": Tex(source),
            "caption": text_latex(block.caption, lang)}


def blocks_data(blocks: Iterable, lang: str) -> list[dict]:
    """Blocks as template data; consecutive checks share one check table."""
    out: list[dict] = []
    for b in blocks:
        d = block_data(b, lang)
        if d["kind"] == "checks" and out and out[-1]["kind"] == "checks":
            out[-1]["rows"].extend(d["rows"])
        else:
            out.append(d)
    return out


def solution_data(solution: Solution, lang: str, title=None, author=None,
                  params: Optional[dict] = None, seed: Optional[int] = None) -> dict:
    """Everything the base template needs."""
    if lang not in LANGS:
        raise ReportError(f"unknown language '{lang}' (languages: {', '.join(LANGS)})")
    checks = solution.checks()
    passed = sum(1 for c in checks if getattr(c.record, "passed", False))
    msgs = {k: latex_escape(v) for k, v in catalog(lang).items()}
    if checks:
        summary = latex_escape(msg("checks_summary", lang, passed=passed, total=len(checks)))
    else:
        summary = msgs["no_checks"]
    param_items = []
    for k, v in (params or {}).items():
        value = ", ".join(fmt(t) for t in v) if isinstance(v, tuple) else (
            fmt(v) if isinstance(v, float) else str(v))
        param_items.append(Tex(r"\texttt{%s} $=$ %s" % (latex_escape(k), latex_escape(value))))
    return {
        "lang": lang,
        "babel": Tex(BABEL[lang]),
        "msg": msgs,
        "name": latex_escape(solution.name),
        "title": latex_escape(title) if title else text_latex(solution.title, lang),
        "subtitle": text_latex(solution.title, lang) if title else Tex(""),
        "author": latex_escape(author) if author else Tex(""),
        "source": latex_escape(solution.source) if solution.source else Tex(""),
        "params": param_items,
        "seed": Tex(str(int(seed))) if seed is not None else Tex(""),
        "given": blocks_data(solution.given, lang),
        "tasks": [{"number": i, "title": text_latex(t.title, lang),
                   "blocks": blocks_data(t.blocks, lang)}
                  for i, t in enumerate(solution.tasks, 1)],
        "summary": summary,
        "all_passed": passed == len(checks),
    }


# --------------------------------------------------------------------------------------
# Jinja2
# --------------------------------------------------------------------------------------

def _finalize(value):
    if isinstance(value, Tex) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TemplateError(f"template printed a value that is not LaTeX-safe: {type(value).__name__} "
                        f"{str(value)[:40]!r}")


def environment(template_dir=None):
    import jinja2
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir or TEMPLATE_DIR)),
        block_start_string=r"\BLOCK{", block_end_string="}",
        variable_start_string=r"\VAR{", variable_end_string="}",
        comment_start_string=r"\#{", comment_end_string="}",
        line_statement_prefix="%%", line_comment_prefix="%#",
        trim_blocks=True, lstrip_blocks=True, autoescape=False,
        undefined=jinja2.StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
    )


def _template_location(exc: BaseException, template_dir: Path) -> tuple[str, Optional[int]]:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if name and line:
        return Path(name).name, line
    tb = exc.__traceback__
    found = ("", None)
    root = str(template_dir)
    while tb is not None:
        fn = tb.tb_frame.f_code.co_filename
        if fn.startswith(root) or fn.endswith(".tex"):
            found = (Path(fn).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(name: str, data: dict, template_dir=None) -> str:
    """Render one template; any Jinja2 failure becomes one :class:`TemplateError` line."""
    import jinja2
    tdir = Path(template_dir or TEMPLATE_DIR)
    try:
        return environment(tdir).get_template(name).render(**data)
    except TemplateError as exc:
        file, line = _template_location(exc, tdir)
        where = f" in {file} line {line}" if file and line else ""
        raise TemplateError(f"template error{where}: {exc}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template error: template '{exc.name}' not found in {tdir}") from None
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError) as exc:
        file, line = _template_location(exc, tdir)
        where = f" in {file} line {line}" if file and line else ""
        text = getattr(exc, "message", None) or str(exc)
        raise TemplateError(f"template error{where}: {text}") from None


def render(solution: Solution, lang: str, title: Optional[str] = None,
           author: Optional[str] = None, params: Optional[dict] = None,
           seed: Optional[int] = None) -> str:
    """The complete .tex document of a solution in ``lang`` ("de" or "en")."""
    return render_template("base.tex", solution_data(solution, lang, title, author, params, seed))


def render_index(entries: list[dict], lang: str, title: Optional[str] = None,
                 author: Optional[str] = None) -> str:
    """The index document. ``entries``: dicts with ``name``, ``file``, and either
    ``solution`` (a Solution) or ``error`` (a str)."""
    rows = []
    for e in entries:
        sol = e.get("solution")
        checks = sol.checks() if sol is not None else []
        passed = sum(1 for c in checks if getattr(c.record, "passed", False))
        rows.append({
            "name": latex_escape(e["name"]),
            "file": latex_escape(e.get("file", "")),
            "title": text_latex(sol.title, lang) if sol is not None else latex_escape(msg("build_failed", lang)),
            "source": latex_escape(sol.source) if sol is not None and sol.source else Tex(""),
            "checks": Tex(f"{passed}/{len(checks)}") if sol is not None else Tex("--"),
            "ok": sol is not None and passed == len(checks) and not e.get("error"),
        })
    data = {"lang": lang, "babel": Tex(BABEL[lang]),
            "msg": {k: latex_escape(v) for k, v in catalog(lang).items()},
            "title": latex_escape(title) if title else latex_escape(msg("index_title", lang)),
            "author": latex_escape(author) if author else Tex(""),
            "rows": rows}
    return render_template("index.tex", data)


# --------------------------------------------------------------------------------------
# LaTeX
# --------------------------------------------------------------------------------------

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


def _run(cmd: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, cwd=cwd, env=_latex_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=LATEX_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise LatexError(f"LaTeX did not finish within {LATEX_TIMEOUT} s ({cmd[0]})") from None
    except OSError as exc:
        raise LatexError(f"cannot run {cmd[0]}: {exc.strerror or exc}") from None


PDFLATEX_OPTIONS = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                    "-no-shell-escape"]


def compile_source(tex: str, stem: str, passes: Optional[int] = None,
                   display_name: Optional[str] = None) -> bytes:
    """Compile a document in a fresh temporary directory; return the PDF's bytes.

    ``passes=None``: latexmk (or pdflatex up to 4 runs until the .aux is stable);
    ``passes=n``: exactly n pdflatex runs (tests use 1 to detect errors quickly).
    Raises :class:`LatexError` naming ``display_name`` (default ``stem.tex``) and the line.
    """
    if not latex_available():
        raise LatexError("pdflatex not found: install TeX Live (texlive-latex-base, "
                         "texlive-latex-recommended, texlive-pictures, texlive-lang-german, "
                         "lmodern, latexmk)")
    display = display_name or f"{stem}.tex"
    with tempfile.TemporaryDirectory(prefix="symderiv-latex-") as tmp:
        src = Path(tmp) / f"{stem}.tex"
        src.write_text(tex, encoding="utf-8")
        pdflatex = ["pdflatex", *PDFLATEX_OPTIONS, src.name]
        if passes is None and shutil.which("latexmk"):
            cmd = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                   "-file-line-error", "-no-shell-escape", "-norc",
                   "-pdflatex=pdflatex -no-shell-escape %O %S", src.name]
            proc = _run(cmd, tmp)
            ok = proc.returncode == 0
        else:
            aux = Path(tmp) / f"{stem}.aux"
            previous, ok = None, True
            for _ in range(passes or 4):
                proc = _run(pdflatex, tmp)
                if proc.returncode != 0:
                    ok = False
                    break
                current = aux.read_bytes() if aux.exists() else b""
                if passes is None and current == previous:
                    break
                previous = current
        pdf = Path(tmp) / f"{stem}.pdf"
        if not ok or not pdf.exists():
            log_path = Path(tmp) / f"{stem}.log"
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if not log:
                log = proc.stdout.decode("utf-8", errors="replace")
            file, line, text = parse_log(log, src.name)
            if file == src.name:
                file = display
            where = f"{file} line {line}" if line else file
            raise LatexError(f"LaTeX error in {where}: {text or 'no PDF produced'}", file, line, text)
        return pdf.read_bytes()


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
