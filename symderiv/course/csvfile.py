"""CSV files that are safe to open in a spreadsheet (``key.csv``, ``grades.csv``).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula: a roster name ``=HYPERLINK(...)`` or a
student's answer ``+cmd|' /C calc'!A0`` would run when a tutor opens the file ("CSV
injection", OWASP). Following OWASP's advice such a cell gets a leading single quote, which
spreadsheets show as text; a plain number (``-0.5``, ``+3``, ``1e-7``) is left as it is, so
numbers stay numbers. The rest is ordinary CSV (``csv.writer``: a cell with a comma, a quote
or a line break is quoted).

This is for files written for people; files symderiv reads (``key.json``, the answers
CSV) are never rewritten: an answer ``-x^2`` is graded as typed.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Iterable

#: first characters that make a spreadsheet cell a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value) -> str:
    """``value`` as the text of a cell a spreadsheet does not evaluate."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(header: list, rows: Iterable[list]) -> bytes:
    """A whole CSV file (UTF-8, ``\\n`` line ends), every cell through :func:`safe_cell`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([safe_cell(h) for h in header])
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue().encode("utf-8")
