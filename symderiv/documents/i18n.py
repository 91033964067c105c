"""Message catalogs: every sentence a document shows, per language, keyed by id.

Catalogs are GNU gettext ``.po`` files (``msgid`` = the message id, ``msgstr`` = the text
with ``{placeholders}``), read with Babel's ``read_po``: the format translators and their
tools (Poedit, Weblate, ``msgfmt --check``) know, with no compile step in the build. Ids
rather than English source strings are the keys, because the same English words may need
different German ones in different places.

A catalog directory holds one ``<lang>.po`` per language of :data:`~symderiv.documents.locales.LOCALES`.
The documents' own words live in ``documents/catalog/``; each problem registers its folder's
``messages/`` with :func:`register_catalog`. An id is defined once across all catalogs.

:class:`Msg` is a sentence of a document: an id and the values of its placeholders; it is a
:class:`~symderiv.documents.content.Text`, so every printer handles it as it handles text.
"""
from __future__ import annotations

import functools
from pathlib import Path

from symderiv.documents.content import Text
from symderiv.documents.locales import LOCALES, locale

#: a catalog file larger than this is refused (read with a hard limit)
MAX_CATALOG_BYTES = 4 * 1024 * 1024

_DIRS: list[Path] = [Path(__file__).parent / "catalog"]


class CatalogError(ValueError):
    """A missing, duplicate or malformed message (a defect of the catalogs)."""


def register_catalog(directory) -> None:
    """Add a folder of ``<lang>.po`` files (a problem's ``messages/``)."""
    d = Path(directory)
    if d not in _DIRS:
        _DIRS.append(d)
        _catalog.cache_clear()


def _read_po(path: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po
    import io
    with open(path, "rb") as fh:
        data = fh.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError(f"{path}: catalog larger than {MAX_CATALOG_BYTES} bytes")
    cat = read_po(io.BytesIO(data))
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and isinstance(m.string, str)}


_VOWELS = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")


def pseudo(text: str) -> str:
    """The pseudo-locale's form of a message: vowels accented outside ``{placeholders}``,
    the whole marked ``‹…›``."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "{"
        out.append(ch if depth else ch.translate(_VOWELS))
        depth -= ch == "}" and depth > 0
    return "‹" + "".join(out) + "›"


@functools.lru_cache(maxsize=None)
def _catalog(lang: str) -> dict[str, str]:
    loc = locale(lang)
    if loc.pseudo_of:
        return {k: pseudo(v) for k, v in _catalog(loc.pseudo_of).items()}
    merged: dict[str, str] = {}
    for d in _DIRS:
        path = d / f"{lang}.po"
        if not path.is_file():
            raise CatalogError(f"no catalog for language '{lang}' in {d}")
        for key, text in _read_po(path).items():
            if key in merged:
                raise CatalogError(f"message '{key}' is defined twice ({path})")
            if not text:
                raise CatalogError(f"message '{key}' has no text in {path}")
            merged[key] = text
    return merged


def catalog(lang: str) -> dict[str, str]:
    """Every message of ``lang`` (a copy)."""
    return dict(_catalog(lang))


def message(key: str, lang: str, **args) -> str:
    """The message ``key`` in ``lang``, with plain-text ``args`` filled in."""
    try:
        text = _catalog(lang)[key]
    except KeyError:
        raise CatalogError(f"message '{key}' is missing from the '{lang}' catalog") from None
    return text.format(**args) if args else text


class Msg(Text):
    """A sentence from the catalogs: ``Msg("rosenbrock.grad.intro", f=expr)``. Placeholders
    are typeset by the printers as :class:`Text` placeholders are (SymPy as maths)."""

    def __init__(self, key: str, **args):
        self.key = key
        self.args = args

    @property
    def en(self) -> str:  # type: ignore[override]
        return self.get("en")

    @property
    def de(self) -> str:  # type: ignore[override]
        return self.get("de")

    def get(self, lang: str) -> str:
        try:
            return _catalog(lang)[self.key]
        except KeyError:
            raise CatalogError(f"message '{self.key}' is missing from the '{lang}' catalog") from None

    def __repr__(self) -> str:
        return f"Msg({self.key!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Msg) and (self.key, self.args) == (other.key, other.args)

    __hash__ = None  # type: ignore[assignment]


def languages() -> tuple[str, ...]:
    """Every code of the locale table, pseudo-locales included."""
    return tuple(LOCALES)
