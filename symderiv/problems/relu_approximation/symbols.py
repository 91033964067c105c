"""The symbols the documents of 004 Task 7 use (one place, so that the sheet, the
solution and the checks name the same things)."""
from __future__ import annotations

import sympy as sp

from symderiv.documents.i18n import Msg

A, B, N, H = sp.symbols("a b n h")
I, J, K = sp.symbols("i j k", integer=True, positive=True)
LAM = sp.IndexedBase("lambda")
XS = sp.IndexedBase("x")
BS = sp.IndexedBase("b")
FI = sp.IndexedBase("f")
F = sp.Function("f")
NN = sp.Function("NN")
RELU = sp.Function("ReLU")
EPS = sp.Symbol("varepsilon")


def msg(key: str, **args) -> Msg:
    """A sentence of this problem's catalog."""
    return Msg(f"relu-approximation.{key}", **args)
