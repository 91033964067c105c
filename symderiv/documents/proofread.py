r"""Proofreading of compiled documents: typography and language rules a tutor would apply.

Each rule is a function of the LaTeX log or of the PDF's text (``pdftotext``, whitespace
collapsed) and returns the offending snippets (empty: the document passes):

* :func:`overfull_boxes` -- ``Overfull \hbox`` / ``\vbox`` of more than ``limit_pt`` points
  in the log (material sticking into the margin);
* :func:`plain_math` -- maths written as program text instead of typeset (``h_(i-1)``,
  ``x^(2)``, ``s^T``, ``!=``, ``**``, Python's ``True``/``False``/``None``, floats with
  more significant digits than a document prints, ``sigma =`` spelled out, ``x Phi``);
* :func:`english_words` -- English words in a German document: the document's English
  fixed words (messages catalog, method names) that are not also German, and a list of
  English function words; names (Adam, ReLU, softmax, ...) are allowed;
* :func:`decimal_points` -- a decimal point between digits in a German document (German
  uses the decimal comma; numbers are typeset by siunitx with ``locale = DE``).

The tests run every rule on every report in both languages (``tests/test_proofread.py``).
"""
from __future__ import annotations

import re

from symderiv.documents.i18n import catalog

_OVERFULL = re.compile(r"Overfull \\([hv])box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)[^\n]*")


def overfull_boxes(log: str, limit_pt: float = 1.0) -> list[str]:
    """Overfull box warnings above ``limit_pt`` in a LaTeX log (read with errors="replace")."""
    return [m.group(0).strip() for m in _OVERFULL.finditer(log) if float(m.group(2)) > limit_pt]


#: (name, pattern) of maths that escaped math mode, as it shows in the PDF's text
PLAIN_MATH = [
    ("subscript _(", re.compile(r"\w_\(")),
    ("superscript ^(", re.compile(r"\^\(")),
    ("transpose ^T", re.compile(r"\^T\b")),
    ("caret power", re.compile(r"\w\^\w")),
    ("operator !=", re.compile(r"!=")),
    ("operator **", re.compile(r"\*\*")),
    ("operator <=/>=", re.compile(r"[^<>]\s?(?:<=|>=)\s?[^<>=]")),
    ("Python True/False/None", re.compile(r"\b(?:True|False|None)\b")),
    ("spelled-out sigma =", re.compile(r"\bsigma\s*=")),
    ("plain-text x Phi", re.compile(r"\bx Phi\b")),
    ("Python exponent", re.compile(r"\d(?:\.\d+)?e[-+]\d{1,3}\b")),
]


#: a printed float with more significant digits than this is unformatted (documents print 6)
MAX_SIGNIFICANT = 7
_DECIMAL = re.compile(r"(?<![\w.,])\d+[.,]\d+(?![\w])")


def _significant(number: str) -> int:
    return len(re.sub(r"[.,]", "", number).lstrip("0"))


def plain_math(text: str) -> list[str]:
    """Snippets of ``text`` where maths is written as program text."""
    hits: list[str] = []
    for name, pattern in PLAIN_MATH:
        for m in pattern.finditer(text):
            a, b = max(0, m.start() - 25), min(len(text), m.end() + 25)
            hits.append(f"{name}: ...{text[a:b]}...")
    for m in _DECIMAL.finditer(text):
        if _significant(m.group(0)) > MAX_SIGNIFICANT:
            a, b = max(0, m.start() - 25), min(len(text), m.end() + 25)
            hits.append(f"long float: ...{text[a:b]}...")
    return hits


#: English function words that are not German words (so "in", "an", "also", "will",
#: "die", "was", "man", "so" and "hat" are not here)
ENGLISH_STOP_WORDS = frozenset("""
the and of is are with for which this that these those where when we by from be been
each not only if then than its it has have does do what how why there their they our
you your can cannot must should would could into onto over under between while because
however therefore thus hence since until both either neither yes no or any all every
some such other same more less least very second third next here value values step
steps shown show shows given gives get gets use used uses using checked check checks
passed failed equal equals holds true false none number numbers
""".split())

#: names and technical terms a German document may use as they are
ALLOWED = frozenset("""
Adam AdaGrad RMSProp ReLU LeakyReLU ELU GELU SELU softmax Softmax softplus Softplus
sigmoid Sigmoid tanh Jacobian Jacobi Hessian Hesse Newton Euler Taylor Rosenbrock Glorot
Xavier He Kaiming Perron Frobenius Markov PageRank Monte Carlo Richardson Brent NumPy
SymPy SciPy numpy sympy scipy symderiv Python LaTeX PDF MNIST Backpropagation DAG MLP
Batch Mini Epoche Epochen Bias Layer Dropout Momentum Tensor Output Input Loss
Index Matrix Iteration Element Gradient Parameter Status Problem linear
""".split())


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-zÄÖÜäöüß]+", re.sub(r"\{\w+\}", " ", text))


def _document_messages(lang: str) -> list[str]:
    """The documents' own words (headings, table heads, method names, sheet words), not the
    problems' sentences: the vocabulary of the English rule."""
    return [text for key, text in catalog(lang).items()
            if "." not in key or key.startswith(("method.", "sheet."))]


def _german_vocabulary() -> set[str]:
    words: set[str] = set()
    for text in _document_messages("de"):
        words.update(w.lower() for w in _words(text))
    return words


def english_vocabulary() -> set[str]:
    """Lower-case English words that betray an untranslated German document: the English
    fixed words of the documents that are not also German words, and the stop words."""
    german = _german_vocabulary()
    english: set[str] = set()
    for text in _document_messages("en"):
        english.update(w.lower() for w in _words(text) if len(w) > 2)
    english -= german
    english |= ENGLISH_STOP_WORDS
    return english - {w.lower() for w in ALLOWED}


def english_words(text: str, allowed=ALLOWED) -> list[str]:
    """The English words found in the (German) ``text``, each with a little context."""
    vocabulary = english_vocabulary() - {w.lower() for w in allowed}
    # a word hyphenated at a line break ("Ausga- be") is one word, not two
    text = re.sub(r"([a-zäöüß])- ([a-zäöüß])", r"\1\2", text)
    hits: list[str] = []
    for m in re.finditer(r"[A-Za-zÄÖÜäöüß]+", text):
        if m.group(0).lower() in vocabulary:
            a, b = max(0, m.start() - 25), min(len(text), m.end() + 25)
            hits.append(f"{m.group(0)}: ...{text[a:b]}...")
    return hits


_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.]*\.\w)")


def decimal_points(text: str) -> list[str]:
    """Numbers with a decimal point in a German text (``1.2``, ``211.6``). Dotted names
    (``numpy.linalg``, file names, version strings with two dots) are not numbers."""
    hits: list[str] = []
    for m in _DECIMAL_POINT.finditer(text):
        a, b = max(0, m.start() - 25), min(len(text), m.end() + 25)
        hits.append(f"{m.group(0)}: ...{text[a:b]}...")
    return hits


# --------------------------------------------------------------------------------------
# maths in the text font: the PDF's text runs with the name of their font
# --------------------------------------------------------------------------------------

#: fonts of running text (Latin Modern / Computer Modern roman and sans); maths letters are
#: set in the math italic fonts and listings in typewriter fonts, neither is prose
TEXT_FONT = re.compile(r"LMRoman|LMSans|CMR\d|CMSS|CMBX|LMRomanDemi|LMSansDemi", re.I)
#: function names that maths sets upright (in the text font): ``tanh(x) = 1`` is maths
OPERATOR_NAMES = frozenset("""
sin cos tan tanh sinh cosh exp log ln max min sign sgn det tr diag softmax sigmoid relu
argmax argmin sup inf lim erf rank arg mod gcd dim ker Pr var Var Cov
""".split())
_W = r"[A-Za-zÄÖÜäöüß]"
PROSE_MATH = [
    ("ASCII arrow", re.compile(r"->|<-|=>")),
    ("ASCII range", re.compile(r"\d\.\.\.?\d|\w\.\.\w")),
    # a lone Latin letter between words: "page i links to page j", "row i of L", "for x,"
    ("letter as text", re.compile(rf"(?<!\S){_W}{{2,}} ([A-Za-z])(?![\wäöüß’'])"
                                  rf"(?=[ ,;:.]?[ ]?{_W}{{2,}}|[,;:.](?:\s|$))")),
    ("letter as text", re.compile(rf"(?<![\w(.\-/’'])([A-Za-z]) {_W}{{2,}}")),
    # "n = 4", "H = 1", "formula = sympy.diff" (but "\text{accuracy} = 0.95" is typeset maths)
    ("= after a word", re.compile(rf"(?<![\w.])([A-Za-z]|{_W}{{2,}}(?= = {_W})) = ")),
    ("operator between letters", re.compile(r"(?<![\w.])[A-Za-z] [-+*/] [A-Za-z0-9](?!\w)")),
]
#: abbreviations with a one-letter first part ("z. B.", "d. h.", "u. a.", "s. o.", "v. a.")
_ABBREVIATION = re.compile(r"[zdusov]\.")


def prose_math(runs, lang: str) -> list[str]:
    """Maths set as running text, from the PDF's ``(font, text)`` runs (``pdftohtml
    -xml``): in a run of the text font, a lone letter between words (``Zeile i von H``), an
    ``=`` after a word (``n = 4``), an operator between letters (``i - j + 1``), an ASCII
    arrow (``784 -> 256``) or range (``1..50``). A typeset symbol is in the math italic
    font and so never in such a run; upright function names (``tanh(x) = 1``) are allowed.
    English allows the words "a", "A" and "I"."""
    hits: list[str] = []
    for font, text in runs:
        if not TEXT_FONT.search(font):
            continue
        for name, pattern in PROSE_MATH:
            for m in pattern.finditer(text):
                word = m.group(1) if pattern.groups else m.group(0)
                if name == "= after a word" and word in OPERATOR_NAMES:
                    continue
                if name == "letter as text" and (
                        (lang == "en" and word in ("a", "A", "I"))
                        or _ABBREVIATION.match(text, m.start(1))):
                    continue
                a, b = max(0, m.start() - 25), min(len(text), m.end() + 25)
                hits.append(f"{name}: ...{text[a:b]}...")
    return hits


# --------------------------------------------------------------------------------------
# wording: German terms a tutor would correct, English sheet words in German, our own ids
# --------------------------------------------------------------------------------------

#: (pattern, what a tutor would write instead) in German documents: one row per term
GERMAN_TERMS = [
    (re.compile(r"Nebendiagonaleintr"), "Nichtdiagonaleinträge"),
    (re.compile(r"\bist (?:das Supremum |das Maximum |es )?angenommen\b|Supremum ist angenommen"),
     "wird … angenommen"),
    (re.compile(r"zählende Gleitkommazahlen"), "gezählte Gleitkommaoperationen"),
    (re.compile(r"komplexer Schritt\b"), "komplexe Schrittweite"),
    (re.compile(r"\bSchwellen\b"), "Bias (Verschiebung)"),
    (re.compile(r"Abrollen der Rekursion"), "Auflösen der Rekursion"),
    (re.compile(r"Induktionsprobe"), "Probe durch Induktion"),
    (re.compile(r"\bPlot\b"), "Diagramm"),
    (re.compile(r"\bsolveset\b"), "symbolische Lösung"),
    (re.compile(r"\bAlgorithm \d"), "Algorithmus"),
    (re.compile(r"Monte Carlo\b"), "Monte-Carlo-Simulation"),
    (re.compile(r"ist eine Gleichung für"), "Gleichheit gilt für"),
    (re.compile(r"Die Lösung des Blattes druckt"), "die Musterlösung des Blattes nennt"),
    (re.compile(r"Seiten ohne Links springen"), "Seiten ohne ausgehende Links"),
    (re.compile(r"\bTutoraufgabe\b|\bTask\b"), "Aufgabe"),
]
#: (pattern, why) in English documents
ENGLISH_TERMS = [
    (re.compile(r"\bAufgabe\b|\bTutoraufgabe\b|\bÜbungsblatt\b"), "German sheet words in an English document"),
]


def _in_context(label: str, text: str, m) -> str:
    """``label: ...25 characters before, the match, 25 after...``."""
    a, b = max(0, m.start() - 25), min(len(text), m.end() + 25)
    return f"{label}: ...{text[a:b]}..."


def wording(text: str, lang: str) -> list[str]:
    """Terms a tutor would correct (:data:`GERMAN_TERMS` in German, :data:`ENGLISH_TERMS`
    in English), and "Verlust" beside "Loss" in one German document (one term for one thing)."""
    hits: list[str] = []
    for pattern, better in (GERMAN_TERMS if lang == "de" else ENGLISH_TERMS):
        hits.extend(_in_context(f"{m.group(0)} ({better})", text, m) for m in pattern.finditer(text))
    if lang == "de" and re.search(r"\bVerlust", text) and re.search(r"\bLoss\b", text):
        hits.append("Verlust and Loss: one term for one thing")
    return hits


#: our own names on a student's document: ``snake_case`` identifiers and question ids
#: (``rosenbrock.q1``, ``.q2``)
CODE_IDENTIFIERS = [
    ("snake_case name", re.compile(r"(?<![\w\\])[a-z]{2,}[a-z0-9]*_[a-z]{2,}[a-z0-9_]*")),
    ("question id", re.compile(r"\.q\d+\b")),
    ("source path", re.compile(r"shared/seeds|seeds/\d")),
]


def code_identifiers(text: str) -> list[str]:
    """Identifiers of our code in a student's document (:data:`CODE_IDENTIFIERS`)."""
    hits: list[str] = []
    for name, pattern in CODE_IDENTIFIERS:
        hits.extend(_in_context(name, text, m) for m in pattern.finditer(text))
    return hits
