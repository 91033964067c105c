"""Natural order of variable names: ``x2`` before ``x10``, ``w_2`` before ``w_10``.

Every list of variables the package makes (graph inputs, default ``wrt``, evaluation order)
is sorted with :func:`natural_key`, so ``x1, x2, ..., x10`` read as a person counts.
"""
from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(name) -> tuple:
    """Sort key of a name (or of anything with a ``name``): digit runs compare as numbers.
    The key is flat, ``(1, 0, "w", 0, 12, "")`` for ``w12`` (text runs ``(1, 0, text)``,
    digit runs ``(0, value, "")``, one after the other), which orders as the runs would as
    a tuple of triples, with fewer comparisons."""
    text = name if type(name) is str else getattr(name, "name", name)
    m = _SIMPLE.fullmatch(text)
    if m is not None:  # the usual name: letters, then digits or none (one match, no split)
        stem, digits = m.groups()
        return ((1, 0, stem, 0, int(digits), "") if digits else (1, 0, stem)), text
    key: list = []
    for i, p in enumerate(_PARTS.split(text)):
        if p != "":
            key += (0, int(p), "") if i % 2 else (1, 0, p)
    return tuple(key), text


#: a name without digits, or with one run of digits at its end
_SIMPLE = re.compile(r"([^\d]+)(\d*)")


def natural_sorted(items) -> list:
    """``items`` (names or SymPy symbols) in natural order."""
    return sorted(items, key=natural_key)


def paused_gc(fn):
    """Run ``fn`` with Python's cyclic garbage collector paused. Reading a long program,
    building its graph and planning its tape make hundreds of thousands of small objects
    and free almost none; each full collection on the way walks every object of the
    process again (SymPy's included), which made those steps superlinear. The collector
    runs as usual afterwards."""
    import functools
    import gc

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper
