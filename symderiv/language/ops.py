"""Operations: one declaration per operation and per function of the language.

An :class:`Op` carries everything the engine knows about one operation, beside each other
(as JAX registers a primitive's rules beside it, and micrograd writes forward beside
backward):

* ``sympy``: the SymPy form (argument expressions -> expression),
* ``local``: the local partials, SymPy expressions of the argument symbols and the output
  symbol (so a tape can reuse the node's value, ``sigma' = out (1 - out)``); the custom
  SymPy functions take their ``fdiff`` from here (:mod:`symderiv.language.sympy_functions`),
* ``numpy`` / ``dnumpy``: the NumPy forms of both (when not given: the SymPy forms
  lambdified once, complex-safe, by :func:`symderiv.language.numeric.numeric`),
* the printed text and LaTeX templates of the operation and of its partials
  (:meth:`Op.template`, :meth:`Op.local_template`, printed once by SymPy's printers),
* ``kinks``: a predicate zero on the non-differentiable set (``None``: smooth),
* the label and LaTeX shown in figures.

The arithmetic operations are declared here (:data:`ARITHMETIC`); the functions in
:mod:`symderiv.language.table`. An operation whose constant parameter belongs to the node
(``pow``: the exponent) takes it as the last argument of ``sympy``/``local``/``numpy``/
``dnumpy``. An ``Op`` compares equal to its kind (``node.op == "call"``), so code that
reads the kind as text keeps working.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

import sympy as sp

__all__ = ["Op", "ARITHMETIC", "INPUT", "CONST", "ADD", "SUB", "MUL", "DIV", "POW", "NEG", "POWC",
           "binary"]


_CALLS: dict = {}  # function name -> its Op (the latest declared), for unpickling


class Op:
    """One operation (see the module docstring)."""

    __slots__ = ("kind", "name", "sympy", "local", "numpy", "dnumpy", "arity", "kinks",
                 "description", "symbol", "latex_symbol", "takes_param", "catalog", "__weakref__")

    def __init__(self, kind: str, name: str = "", sympy: Optional[Callable] = None,
                 local: Optional[Callable] = None, numpy: Optional[Callable] = None,
                 dnumpy: Optional[Callable] = None, arity: tuple = (1, 1),
                 kinks: Optional[Callable] = None, description: str = "", symbol: str = "",
                 latex_symbol: str = "", takes_param: bool = False, catalog: Optional[tuple] = None):
        self.kind, self.name = kind, name
        self.sympy, self.local, self.numpy, self.dnumpy = sympy, local, numpy, dnumpy
        self.arity, self.kinks, self.description = arity, kinks, description
        self.symbol = symbol or name or kind
        self.latex_symbol = latex_symbol
        self.takes_param = takes_param
        self.catalog = catalog  # (title, description) of an activation, or None
        if kind == "call":
            _CALLS[name] = self

    # an Op is its kind to code that compares text: node.op == "call", node.op in ("+", "-")
    def __eq__(self, other):
        if isinstance(other, str):
            return other == self.kind
        return self is other

    def __hash__(self):
        return hash(self.kind)

    def __lt__(self, other):  # sorted(node.op for ...) orders by kind
        return self.kind < str(other)

    def __str__(self) -> str:
        return self.kind

    def __repr__(self) -> str:
        return f"Op({self.kind!r}, {self.name!r})" if self.name else f"Op({self.kind!r})"

    def __reduce__(self):  # pickled by reference: its rules are code (lambdas)
        return (_op_named, (self.kind, self.name))

    @property
    def is_leaf(self) -> bool:
        return self.sympy is None

    # ------------------------------------------------------------------ SymPy
    def _extra(self, param):
        return (param,) if self.takes_param else ()

    def apply(self, args, param=None) -> sp.Expr:
        """The operation on argument expressions (SymPy)."""
        if self.sympy is None:
            raise TypeError(f"{self!r} is a leaf: it has no SymPy form")
        return self.sympy(*args, *self._extra(param))

    def partials(self, args, out, param=None) -> tuple:
        """The local partials d out / d args (SymPy), in the argument and output symbols."""
        if self.local is None:
            raise TypeError(f"{self!r} is a leaf: it has no local partials")
        return tuple(self.local(*args, out, *self._extra(param)))

    # ------------------------------------------------------------------ NumPy
    def value(self, args, param=None):
        """The operation on numbers (floats, complex, arrays)."""
        if self.numpy is not None:
            return self.numpy(*args, *self._extra(param))
        value, _ = _lambdified(self, len(args))
        out = value(*args)
        return out[()] if getattr(out, "ndim", 1) == 0 else out

    def dvalues(self, args, out, param=None) -> tuple:
        """The local partials on numbers."""
        if self.dnumpy is not None:
            return self.dnumpy(*args, out, *self._extra(param))
        _, partials = _lambdified(self, len(args))
        import numpy as np
        return tuple(np.asarray(p(*args, out))[()] for p in partials)

    # ------------------------------------------------------------------ printed
    def template(self, nargs: int, param=None):
        """The operation printed once with placeholder arguments (a forward tape line)."""
        from symderiv.language.templates import op_template
        return op_template(self, nargs, param)

    def local_template(self, nargs: int, slot: int, param=None):
        """The local partial d out / d argument ``slot``, printed once."""
        from symderiv.language.templates import local_template
        return local_template(self, nargs, param, slot)

    def label(self, param=None) -> str:
        """Short text label of a node of this operation (figures, text export)."""
        if self.kind == "pow":
            from symderiv.language.printing import to_text
            return f"^{to_text(param)}"
        return self.symbol

    def figure_latex(self, nargs: int, param=None) -> str:
        """LaTeX of the operation with its arguments as dots (figures)."""
        if self.latex_symbol:
            return self.latex_symbol
        if self.kind == "pow":
            from symderiv.language.printing import to_latex
            return r"(\cdot)^{%s}" % to_latex(param)
        # a plain placeholder printed as \cdot (a Symbol named "\cdot" would be read by
        # SymPy's printer as the accent \dot applied to "\c")
        args = [sp.Dummy(f"arg{i}") for i in range(max(1, nargs))]
        return sp.latex(self.apply(args, param), symbol_names={a: r"\cdot" for a in args})


@lru_cache(maxsize=None)
def _lambdified(op: Op, nargs: int):
    """NumPy value and local partials of an operation without NumPy forms (once per op)."""
    args = [sp.Symbol(f"a{i}", real=True) for i in range(nargs)]
    out = sp.Symbol("o", real=True)
    from symderiv.language.numeric import numeric
    value = numeric(op.apply(args), args)
    partials = [numeric(p, args + [out]) for p in op.partials(args, out)]
    return value, partials


def _np_log(a):
    import numpy as np
    return np.log(a)


def _int_or_float(k):
    return int(k) if k.is_Integer else float(k)


def binary(kind, sympy, local, numpy, dnumpy, latex_symbol="", symbol="") -> Op:
    return Op(kind, sympy=sympy, local=local, numpy=numpy, dnumpy=dnumpy, arity=(2, 2),
              latex_symbol=latex_symbol, symbol=symbol)


INPUT = Op("input")
CONST = Op("const")
ADD = binary("+", lambda a, b: a + b, lambda a, b, o: (sp.S.One, sp.S.One),
             lambda a, b: a + b, lambda a, b, o: (1.0, 1.0), "+")
SUB = binary("-", lambda a, b: a - b, lambda a, b, o: (sp.S.One, sp.S.NegativeOne),
             lambda a, b: a - b, lambda a, b, o: (1.0, -1.0), "-")
MUL = binary("*", lambda a, b: a * b, lambda a, b, o: (b, a),
             lambda a, b: a * b, lambda a, b, o: (b, a), r"\cdot")
DIV = binary("/", lambda a, b: a / b, lambda a, b, o: (1 / b, -a / b**2),
             lambda a, b: a / b, lambda a, b, o: (1 / b, -a / b**2), r"\div")
POW = binary("^", lambda a, b: a**b, lambda a, b, o: (b * a ** (b - 1), o * sp.log(a)),
             lambda a, b: a**b, lambda a, b, o: (b * a ** (b - 1), o * _np_log(a)), r"x^y")
NEG = Op("neg", sympy=lambda a: -a, local=lambda a, o: (sp.S.NegativeOne,),
         numpy=lambda a: -a, dnumpy=lambda a, o: (-1.0,), latex_symbol="-")
#: a power with a constant exponent (the node's parameter): a one-input node (.)^k
POWC = Op("pow", sympy=lambda a, k: a**k, local=lambda a, o, k: (k * a ** (k - 1),),
          numpy=lambda a, k: a ** _int_or_float(k),
          dnumpy=lambda a, o, k: (_int_or_float(k) * a ** (_int_or_float(k) - 1),), takes_param=True)

#: the arithmetic operations by the parser's operator (Ast.op)
ARITHMETIC = {op.kind: op for op in (ADD, SUB, MUL, DIV, POW, NEG)}
_BY_KIND = {**ARITHMETIC, "pow": POWC, "input": INPUT, "const": CONST}


def _op_named(kind: str, name: str) -> Op:
    """The declared Op of ``kind`` (a call: of the function ``name``), for unpickling."""
    return _CALLS[name] if kind == "call" else _BY_KIND[kind]
