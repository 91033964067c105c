r"""Values of the Solution model -> LaTeX strings (:class:`Tex`).

This is the only place outside the templates and ``sympy.latex`` where LaTeX is assembled:

* text: the literal parts of a :class:`~symderiv.documents.model.Text` are escaped with
  :func:`latex_escape`; its ``{name}`` placeholders are typeset (SymPy -> ``$latex$``,
  float -> :func:`number_latex`, str -> escaped);
* math: SymPy expressions through ``sympy.latex``; :class:`~symderiv.documents.model.Latex`
  fragments (made by library code) pass through; long sums are broken into lines
  (:func:`equation_data`).
"""
from __future__ import annotations

import math
import re
from typing import Any

from symderiv.documents.errors import TemplateError
from symderiv.documents.content import Equation, Latex, Text, fmt

#: an equation line longer than this (visible characters, estimated) is broken at + / -
MAX_LINE_CHARS = 72


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


#: Rounding noise of an exact zero. A value that should be 0 but comes out of floating
#: point arithmetic (sin(pi) = 1.2e-16, a cancelled sum) is a few units in the last place
#: of the largest operand. Rule: among numbers printed together (the entries of an array,
#: a tuple, a table column) a value whose magnitude is at most ``NOISE_REL`` (64 machine
#: epsilons, 1.4e-14) times the largest magnitude among them is printed as 0. A number
#: printed alone has no scale to compare with and is printed as it is.
NOISE_REL = 64 * 2.220446049250313e-16


def denoise(values):
    """``values`` (floats) with rounding noise of exact zeros set to 0 (see NOISE_REL)."""
    vals = [float(v) for v in values]
    finite = [abs(v) for v in vals if math.isfinite(v)]
    scale = max(finite, default=0.0)
    return [0.0 if math.isfinite(v) and abs(v) <= NOISE_REL * scale else v for v in vals]


def _num_body(x: float, digits: int) -> str:
    """``x`` rounded to ``digits`` significant digits in siunitx input syntax (``1.5e-7``)."""
    s = fmt(x, digits)
    if "e" in s:
        mant, exp = s.split("e")
        return f"{mant}e{int(exp)}"
    return s


def number_latex(x: float, digits: int = 6) -> Tex:
    """A float as LaTeX (math or text mode): ``\\num{1.5}``, ``\\num{3.2e-7}``, ``\\infty``.

    The number is rounded here (``digits`` significant digits); its typesetting (decimal
    comma in German, ``\\cdot 10^{-7}``) is siunitx's, set by the document's locale.
    """
    x = float(x)
    if math.isnan(x):
        return Tex(r"\mathrm{NaN}")
    if math.isinf(x):
        return Tex(r"\infty" if x > 0 else r"-\infty")
    return Tex(r"\num{%s}" % _num_body(x, digits))


def error_latex(x: float) -> Tex:
    """A verification error for the check table: two significant digits; below
    :data:`ERROR_FLOOR` the digits are rounding noise that differs between BLAS builds and
    summation orders, so the value is printed as ``< 10^{-14}`` (0 stays 0)."""
    x = float(x)
    if math.isfinite(x) and 0 < abs(x) < ERROR_FLOOR:
        return Tex(r"{<}\,\num{%s}" % _num_body(ERROR_FLOOR, 2))
    return number_latex(x, 2)


#: errors below this are printed as "< 1e-14" (about 45 machine epsilons)
ERROR_FLOOR = 1e-14


_PRINTERS: dict = {}


def tuple_separator(lang: str, decimals: bool) -> str:
    """Between the entries of a tuple: a semicolon where the decimal comma would make
    "(1,2, 1)" ambiguous (German with decimal numbers: "(1,2; 1)"), else a comma."""
    return ";" if lang == "de" and decimals else ","


def _printer(inline: bool, lang: str):
    """SymPy's LaTeX printer, with floats rounded and typeset by :func:`number_latex`
    (to at most 6 significant digits, fewer if the Float was made with fewer:
    ``Float(0.999, 3)`` prints 0.999), SymPy's true/false as words of ``lang``.
    ``inline``: tuples may break after their commas."""
    if (inline, lang) not in _PRINTERS:
        from symderiv.documents.messages import msg
        from mpmath.libmp import prec_to_dps
        from sympy.printing.latex import LatexPrinter

        class DocumentPrinter(LatexPrinter):
            def _print_Float(self, expr):
                return number_latex(float(expr), max(1, min(6, prec_to_dps(expr._prec))))

            def _print_Mul(self, expr):
                # SymPy puts \cdot between two numbers by looking for digits; a number
                # printed as \num{...} hides them: "1 \num{0.1}" would read as 10,1
                return _NUM_AFTER_NUMBER.sub(r"\1 \\cdot \\num{", super()._print_Mul(expr))

            def _print_BooleanTrue(self, expr):
                return r"\text{%s}" % latex_escape(msg("true", lang))

            def _print_BooleanFalse(self, expr):
                return r"\text{%s}" % latex_escape(msg("false", lang))

            def _print_tuple(self, expr):
                sep = tuple_separator(lang, any(getattr(e, "is_Float", False) for e in expr))
                items = [self._print(e) for e in expr]
                if inline:
                    return "(%s)" % (sep + r"\allowbreak\ ").join(items)
                return r"\left( %s\right)" % (sep + r" \  ").join(items)

        _PRINTERS[(inline, lang)] = DocumentPrinter()
    return _PRINTERS[(inline, lang)]


#: a factor \num{..} right after a number (a digit or a closing \num{..}): needs a \cdot
_NUM_AFTER_NUMBER = re.compile(r"([0-9]|\\num\{[^{}]*\})\s+\\num\{")

_LEFT_RIGHT = re.compile(r"\\(?:left|right)(?=[()\[\]])")


def sympy_latex(expr, inline: bool = False, lang: str = "en") -> Tex:
    """``sympy.latex`` for documents: floats go through :func:`number_latex`. In running
    text (``inline``) round brackets and square brackets are printed without ``\\left`` /
    ``\\right``: a ``\\left...\\right`` group cannot be broken across lines, plain
    brackets let TeX break after a relation or operator inside them."""
    code = _printer(inline, lang).doprint(expr)
    return Tex(_LEFT_RIGHT.sub("", code) if inline else code)


def math_latex(value, lang: str, inline: bool = False) -> Tex:
    """Any value of the Solution model as math-mode LaTeX (``inline``: for running text,
    see :func:`sympy_latex`)."""
    import numpy as np
    if isinstance(value, Tex):
        return value
    if isinstance(value, Latex):
        return Tex(value.code)
    if isinstance(value, bool):
        from symderiv.documents.messages import msg
        return Tex(r"\text{%s}" % latex_escape(msg("true" if value else "false", lang)))
    if isinstance(value, (int, np.integer)):
        return Tex(str(int(value)))
    if isinstance(value, (float, np.floating)):
        return number_latex(float(value))
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return math_latex(value.item(), lang)
        rows: np.ndarray = value.reshape(value.shape[0], -1) if value.ndim > 1 else value.reshape(-1, 1)
        if rows.dtype.kind == "f":
            rows = np.array(denoise(rows.ravel()), dtype=float).reshape(rows.shape)
        body = r" \\ ".join(" & ".join(math_latex(v, lang) for v in row) for row in rows.tolist())
        return Tex(r"\left[\begin{matrix} %s \end{matrix}\right]" % body)
    if _is_sympy(value):
        return sympy_latex(value, inline, lang)
    if isinstance(value, Text):
        return Tex(r"\text{%s}" % text_latex(value, lang))
    if isinstance(value, str):
        return Tex(r"\text{%s}" % latex_escape(value))
    if isinstance(value, (list, tuple)):
        items = list(value)
        if items and all(isinstance(v, (float, np.floating)) for v in items):
            items = denoise(items)
        sep = tuple_separator(lang, any(isinstance(v, (float, np.floating)) for v in items))
        if inline:
            return Tex("(%s)" % (sep + r"\allowbreak\ ").join(math_latex(v, lang, True) for v in items))
        return Tex(r"\left(%s\right)" % (sep + " ").join(math_latex(v, lang) for v in items))
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
        return Tex(str(int(value)) if value >= 0 else "$%d$" % int(value))  # a minus, not a hyphen
    if isinstance(value, (list, tuple)) and all(isinstance(v, (Text, str)) for v in value):
        return Tex(", ".join(inline_latex(v, lang) for v in value))
    return Tex("$%s$" % math_latex(value, lang, inline=True))


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
    s = re.sub(r"\\(left|right|mathrm|operatorname|text|displaystyle|quad|num)\b", "", s)
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
        sign = " + "
        if term.is_Number and term < 0:
            sign, t = " - ", str(sympy_latex(-term, lang=lang))
        else:
            t = str(sympy_latex(term, lang=lang))
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
    rows: list = []
    current: list = []
    width = 0
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

