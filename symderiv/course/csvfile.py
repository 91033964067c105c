"""CSV files that are safe to open in a spreadsheet (``key.csv``, ``grades.csv``).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula: a roster name ``=HYPERLINK(...)`` or a
student's answer ``+cmd|' /C calc'!A0`` would run when a tutor opens the file ("CSV
injection", OWASP). Following OWASP's advice such a cell gets a leading single quote, which
spreadsheets show as text; a plain number (``-0.5``, ``+3``, ``1e-7``) is left as it is, so
numbers stay numbers. The rest is ordinary CSV (``csv.writer``: a cell with a comma, a quote
or a line break is quoted).

Reading (:func:`read_limited`, :func:`read_rows`): every input file (key, answers,
roster) is read with a hard size limit - ``limit + 1`` bytes are read, so a device such as
``/dev/zero`` (size 0 to ``stat``) is caught too - and parsed with
``csv.field_size_limit`` set to that limit for the time of the parse (a field as long as
the file is allowed; what a field may hold is checked by the caller, with a reason).

This is for files written for people; files symderiv reads (``key.json``, the answers
CSV) are never rewritten: an answer ``-x^2`` is graded as typed.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Iterable

from symderiv.problems import ProblemError

#: first characters that make a spreadsheet cell a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value) -> str:
    """``value`` as the text of a cell a spreadsheet does not evaluate."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(header: list, rows: Iterable[list], excel: bool = False, lang: str = "en") -> bytes:
    """A whole CSV file (UTF-8, ``\\n`` line ends), every cell through :func:`safe_cell`.

    ``excel``: what Excel opens directly by double-click: a UTF-8 byte-order mark (else
    umlauts are read as Windows-1252), ``\\r\\n`` line ends, and the separator and decimal
    mark of the locale: ``;`` and ``0,5`` for German (``lang="de"``), ``,`` and ``0.5``."""
    buf = io.StringIO()
    german = excel and lang == "de"
    w = csv.writer(buf, lineterminator="\r\n" if excel else "\n", delimiter=";" if german else ",")
    w.writerow([safe_cell(h) for h in header])
    for row in rows:
        w.writerow([safe_cell(_cell(c, german)) for c in row])
    data = buf.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if excel else data


def _cell(value, decimal_comma: bool):
    """Numbers as plain text (``2``, ``1.5``; with ``decimal_comma`` ``1,5``)."""
    if isinstance(value, float) and not isinstance(value, bool):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return text.replace(".", ",") if decimal_comma else text
    return value


def read_limited(path, limit: int, what: str, errors: str = "replace") -> str:
    """The text of ``path`` read with a hard limit (:func:`symderiv.language.limits.read_limited`:
    ``limit + 1`` bytes at most, devices included), or a :class:`ProblemError` naming it."""
    from symderiv.language.limits import BudgetError, InputError, read_limited as read_bounded
    try:
        return read_bounded(path, limit, what, errors=errors)
    except BudgetError:
        raise ProblemError(f"{what} {path}: larger than the limit of {limit // 2**20} MB") from None
    except InputError as exc:
        raise ProblemError(f"{what} {path}: {exc}") from None


def read_rows(path, limit: int, what: str) -> list[tuple[int, list[str]]]:
    """``(line, row)`` of a CSV file (UTF-8, an optional BOM; ``,`` or, if the first line has
    more ``;`` than ``,``, ``;`` as written by a German Excel), blank rows skipped."""
    text = read_limited(path, limit, what)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    old = csv.field_size_limit()
    csv.field_size_limit(max(limit, 1))
    try:
        rows = []
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        for row in reader:
            if row and any(c.strip() for c in row):
                rows.append((reader.line_num, row))
        return rows
    except csv.Error as exc:
        raise ProblemError(f"{what} {path}: line {reader.line_num}: not CSV ({exc})") from None
    finally:
        csv.field_size_limit(old)
