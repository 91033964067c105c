"""The document languages, one row each: everything about a language that is not a message.

Adding a language is adding a row here and its catalog files (``documents/catalog/<code>.po``
and ``messages/<code>.po`` in each problem folder): no code changes. The row says how LaTeX
sets the language (babel's name, siunitx's locale) and how numbers and tuples are written
in HTML and Markdown, where siunitx does not do it (Babel's ``format_decimal`` for the
decimal sign).

``qps`` is a pseudo-locale for testing: every message of the English catalog, marked
``‹…›`` with accented vowels (see :mod:`symderiv.documents.i18n`), so a build in ``qps``
shows at a glance, and to a test, any prose that did not come from a catalog.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


def has_decimal(value) -> bool:
    """Whether ``value`` prints a decimal number anywhere: a float, a SymPy expression with a
    Float in it ("s = 0.6"), or a tuple or list holding one (a German tuple of such entries
    needs the semicolon: "(mu = 1; s = 0,6)", "((0,05; 0,01); (0; 1))")."""
    import numpy as np
    if isinstance(value, (float, np.floating)):
        return True
    if isinstance(value, (list, tuple)):
        return any(has_decimal(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f"
    import sympy as sp
    if isinstance(value, sp.Basic):
        return bool(value.is_Float) or bool(value.has(sp.Float))
    return False


@dataclass(frozen=True)
class Locale:
    code: str            #: the catalog file name and ``--lang`` value
    name: str            #: the language's own name
    babel: str           #: the LaTeX babel option
    siunitx: str         #: siunitx's ``locale`` (DE: decimal comma)
    babel_locale: str    #: Babel's (the Python library's) locale, for numbers outside LaTeX
    decimal_comma: bool  #: numbers are written with a decimal comma
    pseudo_of: Optional[str] = None  #: a pseudo-locale: the catalog it marks

    def tuple_separator(self, decimals: bool) -> str:
        """Between a tuple's entries: ``;`` where a decimal comma would make ``(1,2, 1)``
        ambiguous, else ``,``."""
        return ";" if self.decimal_comma and decimals else ","


LOCALES: dict[str, Locale] = {
    "de": Locale("de", "Deutsch", "ngerman", "DE", "de_DE", True),
    "en": Locale("en", "English", "english", "US", "en_US", False),
    "qps": Locale("qps", "pseudo", "english", "US", "en_US", False, pseudo_of="en"),
}

#: the languages documents are built in (the pseudo-locale only on request)
LANGS: tuple[str, ...] = tuple(sorted(c for c, loc in LOCALES.items() if loc.pseudo_of is None))


def locale(code: str) -> Locale:
    """The row of ``code``; a ValueError naming the known codes otherwise."""
    try:
        return LOCALES[code]
    except KeyError:
        raise ValueError(f"unknown language '{code}' (languages: {', '.join(LOCALES)})") from None
