"""Structured matrix objects for layer Jacobians, and shapes.

SymPy's matrix expressions cannot differentiate stacked layers readably (they fail on two
layers and print ``PermuteDims(ArrayTensorProduct(...))``), so the layer-level structure is
written here with a few small objects (:class:`Identity`, :class:`Dense`, :class:`Diag`,
:class:`Outer`, :class:`Row`, :class:`Combination`, :class:`WeightTensor`). Each knows its
shape, its LaTeX, its dense NumPy value, its vector-Jacobian product and the number of
multiply-adds of both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np


class LayerError(ValueError):
    """A network description that cannot be built (unknown layer, bad loss/target)."""


class ShapeError(LayerError):
    """Shapes that do not conform (e.g. more activations than weight matrices)."""


def shape_str(shape: Sequence[int]) -> str:
    """``(1, 10)`` -> ``"1x10"``."""
    return "x".join(str(int(s)) for s in shape)


def shape_latex(shape: Sequence) -> str:
    """``256 \times 784``; a non-integer entry (e.g. ``"n"``) is printed by SymPy."""
    import sympy as _sp
    return r" \times ".join(str(int(s)) if isinstance(s, int) or hasattr(s, "__index__")
                              else _sp.latex(_sp.Symbol(str(s))) for s in shape)


# --------------------------------------------------------------------------------------
# Structured matrix objects
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Vec:
    """A column vector: its LaTeX, length and how to compute it from an environment
    (``env`` maps names such as ``"o2"``, ``"z2"``, ``"W3"``, ``"y"`` to NumPy arrays);
    ``text`` is the same in the parser's syntax (what ``symderiv grad`` prints)."""

    latex: str
    n: int
    fn: Callable = field(compare=False, repr=False)
    text: str = ""

    def value(self, env) -> np.ndarray:
        v = np.asarray(self.fn(env))
        return np.broadcast_to(v, (self.n,)) if v.ndim == 0 else v


def _named(name: str, latex: str, n: int) -> Vec:
    return Vec(latex, n, lambda env, _k=name: env[_k], name)


class Term:
    """A matrix (or a third-order tensor) in structured form."""

    kind: str = "term"

    @property
    def shape(self) -> tuple:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def latex(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def text(self) -> str:
        """The term in the parser's syntax (``diag(1 - tanh(o1)^2)``, ``W2``, ``s*s^T``)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def numpy(self, env) -> np.ndarray:  # dense value
        raise NotImplementedError

    def vjp(self, g: np.ndarray, env) -> np.ndarray:
        """``g^T self`` for a row vector ``g`` (1-D, length ``shape[0]``)."""
        return g @ self.numpy(env)

    def vjp_cost(self) -> int:
        """Multiply-adds of ``g^T self`` exploiting the structure."""
        return int(np.prod(self.shape))

    def matmul_cost(self, k: int) -> int:
        """Multiply-adds of ``self @ M`` for an ``shape[-1] x k`` matrix M (structure used)."""
        return int(np.prod(self.shape)) * k

    def dense_vjp_cost(self) -> int:
        return int(np.prod(self.shape))

    def dense_matmul_cost(self, k: int) -> int:
        return int(np.prod(self.shape)) * k


@dataclass(frozen=True)
class Identity(Term):
    n: int
    kind: str = "identity"

    @property
    def shape(self):
        return (self.n, self.n)

    @property
    def latex(self):
        return r"\mathrm{I}_{%d}" % self.n

    @property
    def text(self):
        return f"I_{self.n}"

    def numpy(self, env):
        return np.eye(self.n)

    def vjp(self, g, env):
        return g

    def vjp_cost(self):
        return 0

    def matmul_cost(self, k):
        return 0


@dataclass(frozen=True)
class Dense(Term):
    """A named matrix such as ``W^{(3)}`` (value ``env[name]``)."""

    name: str
    tex: str
    rows: int
    cols: int
    kind: str = "matrix"

    @property
    def shape(self):
        return (self.rows, self.cols)

    @property
    def latex(self):
        return self.tex

    @property
    def text(self):
        return self.name

    def numpy(self, env):
        return np.asarray(env[self.name])


@dataclass(frozen=True)
class Diag(Term):
    """``diag(v)``."""

    v: Vec
    kind: str = "diag"

    @property
    def shape(self):
        return (self.v.n, self.v.n)

    @property
    def latex(self):
        return r"\operatorname{diag}\left(%s\right)" % self.v.latex

    @property
    def text(self):
        return f"diag({self.v.text})"

    def numpy(self, env):
        return np.diag(self.v.value(env))

    def vjp(self, g, env):
        return g * self.v.value(env)

    def vjp_cost(self):
        return self.v.n

    def matmul_cost(self, k):
        return self.v.n * k


@dataclass(frozen=True)
class Outer(Term):
    """``u v^T``."""

    u: Vec
    v: Vec
    kind: str = "outer"

    @property
    def shape(self):
        return (self.u.n, self.v.n)

    @property
    def latex(self):
        return r"%s\, {%s}^{\top}" % (self.u.latex, self.v.latex)

    @property
    def text(self):
        return f"{_factor(self.u.text)}*{_factor(self.v.text)}^T"

    def numpy(self, env):
        return np.outer(self.u.value(env), self.v.value(env))

    def vjp(self, g, env):
        return (g @ self.u.value(env)) * self.v.value(env)

    def vjp_cost(self):
        return self.u.n + self.v.n

    def matmul_cost(self, k):
        return (self.u.n + self.v.n) * k


@dataclass(frozen=True)
class Row(Term):
    """A row vector ``v^T`` (the Jacobian of a scalar loss); ``tex`` is its LaTeX."""

    v: Vec
    tex: str
    kind: str = "row"

    @property
    def shape(self):
        return (1, self.v.n)

    @property
    def latex(self):
        return self.tex

    @property
    def text(self):
        return f"{_factor(self.v.text)}^T"

    def numpy(self, env):
        return self.v.value(env)[None, :]

    def vjp(self, g, env):
        return g[0] * self.v.value(env)


@dataclass(frozen=True)
class Combination(Term):
    """``sum_k c_k T_k`` (e.g. ``diag(s) - s s^T``); coefficients are +1/-1 here."""

    terms: tuple
    signs: tuple
    kind: str = "combination"

    @property
    def shape(self):
        return self.terms[0].shape

    @property
    def latex(self):
        out = ""
        for i, (t, s) in enumerate(zip(self.terms, self.signs)):
            if i == 0:
                out += ("-" if s < 0 else "") + t.latex
            else:
                out += (" - " if s < 0 else " + ") + t.latex
        return out

    @property
    def text(self):
        out = ""
        for i, (t, s) in enumerate(zip(self.terms, self.signs)):
            out += ("-" if s < 0 else "") + t.text if i == 0 else (" - " if s < 0 else " + ") + t.text
        return out

    def numpy(self, env):
        return sum(s * t.numpy(env) for t, s in zip(self.terms, self.signs))

    def vjp(self, g, env):
        return sum(s * t.vjp(g, env) for t, s in zip(self.terms, self.signs))

    def vjp_cost(self):
        return sum(t.vjp_cost() for t in self.terms)

    def matmul_cost(self, k):
        return sum(t.matmul_cost(k) for t in self.terms)


@dataclass(frozen=True)
class WeightTensor(Term):
    """``J_o(W)`` for ``o = W z + b``: shape ``m x m x n``, entries ``delta_ik z_l``
    (``= I_m (outer) z``). Contracting a row vector ``delta^T`` (1 x m) with it gives
    the ``1 x m x n`` tensor with entries ``delta_k z_l``, i.e. ``delta z^T``."""

    m: int
    z: Vec
    kind: str = "tensor"

    @property
    def shape(self):
        return (self.m, self.m, self.z.n)

    @property
    def latex(self):
        # given by its entries: "I (x) z" would read as a Kronecker product (a matrix)
        return r"\bigl[\delta_{ik}\, %s_{l}\bigr]_{i,k,l}" % _sub_base(self.z.latex)

    def entries_latex(self, i="i", k="k", l="l"):
        return r"\delta_{%s%s}\, %s_{%s}" % (i, k, _sub_base(self.z.latex), l)

    @property
    def text(self):
        return f"[{self.entries_text()}]_ikl"

    def entries_text(self, i="i", k="k", l="l"):
        return f"delta_{i}{k}*{_factor(self.z.text)}_{l}"

    def numpy(self, env):
        if self.m * self.m * self.z.n > 5_000_000:
            raise ShapeError(f"tensor {shape_str(self.shape)} is too large to form; "
                             "contract it with a row vector (vjp) instead")
        return np.einsum("ik,l->ikl", np.eye(self.m), self.z.value(env))

    def vjp(self, g, env):
        return np.outer(g, self.z.value(env))

    def vjp_cost(self):
        return self.m * self.z.n

    def matmul_cost(self, k):  # never the left factor of a product here
        return self.m * self.m * self.z.n * k


def _factor(text: str) -> str:
    """``text`` as a factor of a product: parenthesised unless it is one name or call."""
    import re
    return text if re.fullmatch(r"-?[A-Za-z_][A-Za-z0-9_]*(\(.*\))?", text) and text.count("(") <= 1 else f"({text})"


def _sub_base(latex: str) -> str:
    """``z^{(1)}`` -> ``z^{(1)}`` usable with a subscript: wrap in braces."""
    return "{%s}" % latex



@dataclass(frozen=True)
class Port:
    """A vector node of a network: env key, LaTeX and length."""

    name: str
    latex: str
    n: int

    def vec(self) -> Vec:
        return _named(self.name, self.latex, self.n)



def space_latex(shape: Sequence[int]) -> str:
    """``\\mathbb{R}^{1 \\times 784}``."""
    return r"\mathbb{R}^{%s}" % shape_latex(shape)


def tensor_json(t: WeightTensor) -> dict:
    return {"shape": [int(d) for d in t.shape], "entries": t.entries_latex(), "latex": t.latex}

