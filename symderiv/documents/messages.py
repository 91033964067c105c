"""The fixed words of the documents: a thin interface over the message catalogs.

The words every document shares (headings, table heads, captions, the names of
verification methods) are messages of ``documents/catalog/<lang>.po`` (see
:mod:`symderiv.documents.i18n`); the languages and their typography are the rows of
:mod:`symderiv.documents.locales`. A document uses exactly one language, so a missing
translation is an error, never a silent fallback to another language.
"""
from __future__ import annotations

import re

from symderiv.documents.i18n import catalog as _all_messages, message
from symderiv.documents.locales import LANGS, LOCALES, locale  # noqa: F401 - LANGS: re-exported

#: the keys of the documents' own messages (method names are ``method.<name>``)
METHOD_PREFIX = "method."


def method_name(method: str, lang: str):
    """(words, is_code): a verification method for the check table in ``lang``; a name
    not in :data:`METHODS` that looks like code (``numpy.linalg.eig``, ``brentq``) is
    returned unchanged with ``is_code=True``; anything else unchanged, not code."""
    key = METHOD_PREFIX + method.strip().lower()
    words = _all_messages(locale(lang).code).get(key)
    if words is not None:
        return words, False
    looks_like_code = bool(method) and " " not in method.strip() and (
        "." in method or "_" in method or method.islower())
    return method, looks_like_code


#: babel language names, siunitx locales: from the locale table
BABEL = {code: loc.babel for code, loc in LOCALES.items()}
SIUNITX_LOCALE = {code: loc.siunitx for code, loc in LOCALES.items()}


def msg(key: str, lang: str, **args) -> str:
    """The message ``key`` in ``lang``, with ``{args}`` filled in."""
    return message(key, locale(lang).code, **args)


#: the word a source sheet starts its task labels with ("Aufgabe 2 (a)", "Task 5 (i)", "Teil 1")
_LABEL_WORD = re.compile(r"^([A-Za-zÄÖÜäöü]+)(?=[ .,(]|$)")


def task_label_text(label: str, lang: str) -> str:
    """A source task label in ``lang``: its leading word through the catalog (``label.<word>``:
    "Aufgabe 2 (a)" is "Exercise 2 (a)" in English, "Task 5 (i)" is "Aufgabe 5 (i)" in
    German); letters, numbers and brackets as the source writes them."""
    m = _LABEL_WORD.match(label)
    if not m:
        return label
    words = _all_messages(locale(lang).code).get("label." + m.group(1))
    return label if words is None else words + label[m.end():]


def catalog(lang: str) -> dict[str, str]:
    """The documents' own messages in one language (what the templates receive as ``msg``):
    every message whose id has no dot (problem messages are ``<problem>.<id>``)."""
    return {k: v for k, v in _all_messages(locale(lang).code).items() if "." not in k}


def sheet_words(lang: str) -> dict[str, str]:
    """The words of the exercise and solution documents of a course (``sheet.<key>``)."""
    return {k[len("sheet."):]: v for k, v in _all_messages(locale(lang).code).items()
            if k.startswith("sheet.")}


def method_messages(lang: str) -> dict[str, str]:
    """Verification method -> its words in ``lang``."""
    return {k[len(METHOD_PREFIX):]: v for k, v in _all_messages(locale(lang).code).items()
            if k.startswith(METHOD_PREFIX)}
