r"""Values of the Solution model -> LaTeX strings (:class:`Tex`).

This is the only place outside the templates and ``sympy.latex`` where LaTeX is assembled:

* text: the literal parts of a :class:`~symderiv.documents.model.Text` are escaped with
  :func:`latex_escape`; its ``{name}`` placeholders are typeset (SymPy -> ``$latex$``,
  float -> :func:`number_latex`, str -> escaped);
* math: SymPy expressions through ``sympy.latex``; :class:`~symderiv.documents.model.Latex`
  fragments (made by library code) pass through; long sums are broken into lines by
  :mod:`symderiv.documents.equations`.
"""
from __future__ import annotations

import math
import re
from collections import OrderedDict
from typing import Any

from symderiv.documents.errors import TemplateError
from symderiv.documents.content import Ident, Latex, Text, fmt
from symderiv.documents.locales import has_decimal

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
_EXTRA_TEXT = set("–—‘’‚“”„…€•‹›")


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


def denoise_columns(rows) -> list[list]:
    """The rows of a table (lists of cells) with :func:`denoise` applied to the floats of
    each column."""
    import numpy as np
    rows = [list(r) for r in rows]
    ncol = max((len(r) for r in rows), default=0)
    for j in range(ncol):
        idx = [i for i, r in enumerate(rows) if j < len(r) and isinstance(r[j], (float, np.floating))
               and not isinstance(r[j], bool)]
        for i, v in zip(idx, denoise([rows[i][j] for i in idx])):
            rows[i][j] = v
    return rows


def _num_body(x: float, digits: int) -> str:
    """``x`` rounded to ``digits`` significant digits in siunitx input syntax (``1.5e-7``)."""
    s = fmt(x, digits)
    if "e" in s:
        mant, exp = s.split("e")
        return f"{mant}e{int(exp)}"
    return s


def number_latex(x: float, digits: int = 6, plain: str = "") -> Tex:
    """A float as LaTeX (math or text mode): ``\\num{1.5}``, ``\\num{3.2e-7}``, ``\\infty``.

    The number is rounded here (``digits`` significant digits); its typesetting (decimal
    comma in German, ``\\cdot 10^{-7}``) is siunitx's, set by the document's locale.
    ``plain`` (a language, for MathJax, which has no siunitx): the number as plain maths,
    ``1{,}5 \\cdot 10^{-7}`` in German.
    """
    x = float(x)
    if math.isnan(x):
        return Tex(r"\mathrm{NaN}")
    if math.isinf(x):
        return Tex(r"\infty" if x > 0 else r"-\infty")
    body = _num_body(x, digits)
    return _plain_number(body, plain) if plain else Tex(r"\num{%s}" % body)


def integer_latex(n: int, plain: bool = False) -> Tex:
    """An integer as LaTeX: from five digits on in groups of three (``\\num{13777928192}``,
    siunitx's grouping; ``plain``, for MathJax: ``13\\,777\\,928\\,192``)."""
    n = int(n)
    if abs(n) < 10_000:
        return Tex(str(n))
    if not plain:
        return Tex(r"\num{%d}" % n)
    return Tex(("-" if n < 0 else "") + r"\,".join(re.findall(r"\d{1,3}(?=(?:\d{3})*$)", str(abs(n)))))


def _plain_number(body: str, lang: str) -> Tex:
    """siunitx input syntax (``-1.5e-7``) as plain maths in ``lang``."""
    from symderiv.documents.locales import locale
    mant, _, exp = body.partition("e")
    if locale(lang).decimal_comma:
        mant = mant.replace(".", "{,}")
    if not exp:
        return Tex(mant)
    power = "10^{%d}" % int(exp)
    return Tex(power if mant == "1" else "-" + power if mant == "-1" else rf"{mant} \cdot {power}")


def error_latex(x: float, plain: str = "") -> Tex:
    """A verification error for the check table: two significant digits; below
    :data:`ERROR_FLOOR` the digits are rounding noise that differs between BLAS builds and
    summation orders, so the value is printed as ``< 10^{-14}`` (0 stays 0). ``plain``:
    see :func:`number_latex`."""
    x = float(x)
    if math.isfinite(x) and 0 < abs(x) < ERROR_FLOOR:
        return Tex(r"{<}\,%s" % number_latex(ERROR_FLOOR, 2, plain))
    return number_latex(x, 2, plain)


#: errors below this are printed as "< 1e-14" (about 45 machine epsilons)
ERROR_FLOOR = 1e-14


_PRINTERS: dict = {}


def tuple_separator(lang: str, decimals: bool) -> str:
    """Between the entries of a tuple: a semicolon where the decimal comma would make
    "(1,2, 1)" ambiguous (German with decimal numbers: "(1,2; 1)"), else a comma."""
    from symderiv.documents.locales import locale
    return locale(lang).tuple_separator(decimals)


def _printer(inline: bool, lang: str, plain: bool = False):
    """SymPy's LaTeX printer, with floats rounded and typeset by :func:`number_latex`
    (to at most 6 significant digits, fewer if the Float was made with fewer:
    ``Float(0.999, 3)`` prints 0.999), SymPy's true/false as words of ``lang``.
    ``inline``: tuples may break after their commas; ``plain``: numbers for MathJax
    (no siunitx)."""
    if (inline, lang, plain) not in _PRINTERS:
        from symderiv.documents.messages import msg
        from mpmath.libmp import prec_to_dps
        from sympy.printing.latex import LatexPrinter

        class DocumentPrinter(LatexPrinter):
            def _as_ordered_terms(self, expr, order=None):
                # SymPy's order starts "-x_1^2 + x_2", "-a + b", "beta^{-k + t}"; a sum is
                # written as a person writes it, starting with a positive term when it has one
                # ("x_2 - x_1^2", "b - a", "t - k"), the terms otherwise in SymPy's order
                return _positive_first(super()._as_ordered_terms(expr, order=order))

            def _print_Integer(self, expr):
                return integer_latex(int(expr), plain)

            def _print_Float(self, expr):
                return number_latex(float(expr), max(1, min(6, prec_to_dps(expr._prec))),
                                    lang if plain else "")

            def _print_Mul(self, expr):
                # SymPy puts \cdot between two numbers by looking for digits; a number
                # printed as \num{...} hides them: "1 \num{0.1}" would read as 10,1
                code = super()._print_Mul(expr)
                return code if plain else _NUM_AFTER_NUMBER.sub(r"\1 \\cdot \\num{", code)

            def _print_BooleanTrue(self, expr):
                return r"\text{%s}" % latex_escape(msg("true", lang))

            def _print_BooleanFalse(self, expr):
                return r"\text{%s}" % latex_escape(msg("false", lang))

            def _print_tuple(self, expr):
                sep = tuple_separator(lang, any(has_decimal(e) for e in expr))
                items = [self._print(e) for e in expr]
                if inline:
                    return "(%s)" % (sep + r"\allowbreak\ ").join(items)
                return r"\left( %s\right)" % (sep + r" \  ").join(items)

        _PRINTERS[(inline, lang, plain)] = DocumentPrinter()
    return _PRINTERS[(inline, lang, plain)]


def _positive_first(terms: list) -> list:
    """``terms`` with the first one that is not negative moved to the front (if the first
    is negative): the order in which a sum is written by hand. A sum of negative terms
    starts with its number, as the instance of ``a - x_1`` at ``a = -2`` reads ``-2 - x_1``."""
    if not terms or not terms[0].could_extract_minus_sign():
        return terms
    first = [i for i, t in enumerate(terms) if not t.could_extract_minus_sign()] or \
            [i for i, t in enumerate(terms) if t.is_Number]
    if not first:
        return terms
    i = first[0]
    return [terms[i]] + terms[:i] + terms[i + 1:]


#: a factor \num{..} right after a number (a digit or a closing \num{..}): needs a \cdot
_NUM_AFTER_NUMBER = re.compile(r"([0-9]|\\num\{[^{}]*\})\s+\\num\{")

_LEFT_RIGHT = re.compile(r"\\(?:left|right)(?=[()\[\]])")


def sympy_latex(expr, inline: bool = False, lang: str = "en", plain: bool = False) -> Tex:
    """``sympy.latex`` for documents: floats go through :func:`number_latex`. In running
    text (``inline``) round brackets and square brackets are printed without ``\\left`` /
    ``\\right``: a ``\\left...\\right`` group cannot be broken across lines, plain
    brackets let TeX break after a relation or operator inside them. ``plain``: numbers
    without siunitx (for MathJax, see :func:`number_latex`). Memoised per process for
    SymPy objects (:data:`_LATEX_MEMO`)."""
    key = _memo_key(expr, inline, lang, plain)
    if key is not None and key in _LATEX_MEMO:
        _LATEX_MEMO.move_to_end(key)
        return _LATEX_MEMO[key]
    code = _printer(inline, lang, plain).doprint(expr)
    out = Tex(_LEFT_RIGHT.sub("", code) if inline else code)
    if key is not None:
        _LATEX_MEMO[key] = out
        if len(_LATEX_MEMO) > LATEX_MEMO_SIZE:
            _LATEX_MEMO.popitem(last=False)
    return out


#: sympy_latex per (type, SymPy object, inline, lang, plain), least recently used out first:
#: SymPy's equality is structural (arguments in order, a Float's precision, assumptions), so
#: equal objects print alike; Python values are not memoised (1 == 1.0 there)
_LATEX_MEMO: "OrderedDict" = OrderedDict()
LATEX_MEMO_SIZE = 20_000


def _memo_key(expr, inline, lang, plain):
    from sympy import Basic
    if not isinstance(expr, Basic):
        return None
    key = (type(expr), expr, bool(inline), lang, bool(plain))
    try:
        hash(key)
    except TypeError:          # a mutable matrix
        return None
    return key


def math_latex(value, lang: str, inline: bool = False, plain: bool = False) -> Tex:
    """Any value of the Solution model as math-mode LaTeX (``inline``: for running text,
    see :func:`sympy_latex`; ``plain``: numbers without siunitx, for MathJax)."""
    import numpy as np
    if isinstance(value, Tex):
        return value
    if isinstance(value, Latex):
        return Tex(value.code)
    if isinstance(value, bool):
        from symderiv.documents.messages import msg
        return Tex(r"\text{%s}" % latex_escape(msg("true" if value else "false", lang)))
    if isinstance(value, (int, np.integer)):
        return integer_latex(int(value), plain)
    if isinstance(value, (float, np.floating)):
        return number_latex(float(value), 6, lang if plain else "")
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return math_latex(value.item(), lang, plain=plain)
        rows: np.ndarray = value.reshape(value.shape[0], -1) if value.ndim > 1 else value.reshape(-1, 1)
        if rows.dtype.kind == "f":
            rows = np.array(denoise(rows.ravel()), dtype=float).reshape(rows.shape)
        body = r" \\ ".join(" & ".join(math_latex(v, lang, plain=plain) for v in row) for row in rows.tolist())
        return Tex(r"\left[\begin{matrix} %s \end{matrix}\right]" % body)
    if _is_sympy(value):
        return sympy_latex(value, inline, lang, plain)
    if isinstance(value, Text):
        return Tex(r"\text{%s}" % text_latex(value, lang))
    if isinstance(value, str):
        return Tex(r"\text{%s}" % latex_escape(value))
    if isinstance(value, (list, tuple)):
        items = list(value)
        if items and all(isinstance(v, (float, np.floating)) for v in items):
            items = denoise(items)
        sep = tuple_separator(lang, any(has_decimal(v) for v in items))
        if inline:
            return Tex("(%s)" % (sep + r"\allowbreak\ ").join(math_latex(v, lang, True, plain) for v in items))
        return Tex(r"\left(%s\right)" % (sep + " ").join(math_latex(v, lang, plain=plain) for v in items))
    raise TemplateError(f"cannot typeset a value of type {type(value).__name__} as math")


def inline_latex(value, lang: str) -> Tex:
    """Any value as text-mode LaTeX: text escaped, math in ``$...$``."""
    import numpy as np
    if isinstance(value, Tex):
        return value
    if isinstance(value, Text):
        return text_latex(value, lang)
    if isinstance(value, Ident):  # a dotted name may break after its dots
        return Tex(r"\texttt{%s}" % r".\allowbreak{}".join(latex_escape(p) for p in value.split(".")))
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
