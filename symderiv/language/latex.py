"""A LaTeX math fragment made by library code (graph, layers, bounds), not by hand in a problem.

It lives in the lowest layer so that every layer can return typeset maths without importing
the documents layer; :mod:`symderiv.documents.model` re-exports it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Latex:
    """A LaTeX math fragment made by library code (e.g. ``layers.Factor.latex``)."""

    code: str
