"""Layers and losses with their Jacobian rules and shapes; network Jacobian chains.

SymPy's matrix expressions cannot differentiate stacked layers readably (they fail on two
layers and print ``PermuteDims(ArrayTensorProduct(...))``), so the layer-level structure is
written here with a few small objects (:class:`Identity`, :class:`Dense`, :class:`Diag`,
:class:`Outer`, :class:`Row`, :class:`Combination`, :class:`WeightTensor`). Each knows its
shape, its LaTeX, its dense NumPy value, its vector-Jacobian product and the number of
multiply-adds of both. SymPy is used only for the scalar pieces: the derivative of every
elementwise activation comes from :data:`symderiv.functions.FUNCTIONS` (``sympy.diff`` of
the table's function), and its NumPy version from :func:`symderiv.functions.numeric`.

:data:`LAYERS` is the rule table: one :class:`LayerRule` per layer or loss. Notation (as in
exercise 000 c): ``o^{(l)} = W^{(l)} z^{(l-1)} + b^{(l)}``, ``z^{(l)} = phi^{(l)}(o^{(l)})``,
``z^{(0)} = x``; the loss L acts on ``z^{(L)}`` (or, for the fused softmax + cross-entropy,
on ``o^{(L)}``).

Losses (y the target vector, or for cross-entropy the class index y):

* ``l2``: ``sum_i (yhat_i - y_i)^2`` (the lecture's definition, no 1/2): ``J = 2 (yhat - y)^T``
* ``l2_half``: ``1/2 sum_i (yhat_i - y_i)^2``: ``J = (yhat - y)^T``
* ``l1``: ``sum_i |yhat_i - y_i|``: ``J = sign(yhat - y)^T`` (not differentiable where a
  component of yhat equals y; sign(0) = 0 is used there)
* ``ce``: ``-log p_y``: ``J = -(1/p_y) e_y^T``
* ``softmax_ce``: ``-log softmax(o)_y`` on the logits: ``J = (softmax(o) - e_y)^T``

:class:`Network` builds the chain of Jacobians for dL/dx, dL/db^(l) and dL/dW^(l), checks
that consecutive shapes conform, counts the multiply-adds of both evaluation orders and
verifies every chain numerically at full size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np
import sympy as sp

from symderiv.layers import activations
from symderiv.language import functions as F


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
    (``env`` maps names such as ``"o2"``, ``"z2"``, ``"W3"``, ``"y"`` to NumPy arrays)."""

    latex: str
    n: int
    fn: Callable = field(compare=False, repr=False)

    def value(self, env) -> np.ndarray:
        v = np.asarray(self.fn(env))
        return np.broadcast_to(v, (self.n,)) if v.ndim == 0 else v


def _named(name: str, latex: str, n: int) -> Vec:
    return Vec(latex, n, lambda env, _k=name: env[_k])


class Term:
    """A matrix (or a third-order tensor) in structured form."""

    shape: tuple
    kind: str = "term"

    @property
    def latex(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

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


def _sub_base(latex: str) -> str:
    """``z^{(1)}`` -> ``z^{(1)}`` usable with a subscript: wrap in braces."""
    return "{%s}" % latex


# --------------------------------------------------------------------------------------
# The rule table
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Port:
    """A vector node of a network: env key, LaTeX and length."""

    name: str
    latex: str
    n: int

    def vec(self) -> Vec:
        return _named(self.name, self.latex, self.n)


_P = sp.Symbol("PLACEHOLDER", real=True)


def _tex_of(expr: sp.Expr, arg_latex: str) -> str:
    tex = sp.latex(expr).replace(r"\theta\left(", r"H\left(")
    return tex.replace("PLACEHOLDER", "{%s}" % arg_latex)


def _vectorize(fn):
    def f(v):
        v = np.asarray(v)
        return np.asarray(fn(v)) + 0 * v  # constants (identity' = 1) broadcast to v's shape
    return f


@dataclass(frozen=True)
class LayerRule:
    """One row of the layer table.

    ``kind``: ``"affine"``, ``"elementwise"``, ``"softmax"`` or ``"loss"``.
    ``rule``: the Jacobian rule in matrix notation (LaTeX, for documents and ``--format latex``).
    ``jacobian(inp, out, wrt)``: the structured Jacobian (a :class:`Term`); ``inp``/``out``
    are :class:`Port` s; ``wrt`` is ``"input"`` (or for affine ``"x"``, ``"b"``, ``"W"``).
    ``forward(v, env)``: NumPy value (complex-safe, for complex-step checks).
    ``sympy_vector(symbols, target)``: the layer as SymPy expressions of scalar symbols
    (a list for vector layers, one expression for losses), for elementwise checks with
    ``sympy.Matrix.jacobian``.
    """

    name: str
    kind: str
    description: str
    rule: str
    jacobian: Callable
    forward: Callable
    sympy_vector: Callable
    scalar: Optional[Callable] = None       # elementwise: t -> f(t) (SymPy)
    derivative: Optional[sp.Expr] = None    # elementwise: f'(PLACEHOLDER)
    target: str = "none"                    # losses: "vector" or "index"

    @property
    def jacobian_symbol_latex(self) -> str:
        """``J_L`` for losses, ``J_{name}(o)`` for layers."""
        if self.kind == "loss":
            return r"J_{L}"
        return r"J_{%s}(o)" % _ACT_TEX.get(self.name, r"\mathrm{%s}" % self.name.replace("_", r"\_"))

    @property
    def rule_equation_latex(self) -> str:
        """``J = <rule>``."""
        return r"J = " + self.rule

    def derivative_at(self, t) -> sp.Expr:
        """Elementwise: f'(t) as a SymPy expression of ``t``."""
        if self.derivative is None:
            raise LayerError(f"layer '{self.name}' is not elementwise")
        return self.derivative.subs(_P, t)

    def derivative_latex(self, arg_latex: str) -> str:
        if self.derivative is None:
            raise LayerError(f"layer '{self.name}' is not elementwise")
        return _tex_of(self.derivative, arg_latex)

    def function_latex(self, arg_latex: str) -> str:
        if self.scalar is None:
            raise LayerError(f"layer '{self.name}' is not elementwise")
        return _tex_of(self.scalar(_P), arg_latex)


def _with_defaults(row: "activations.ActivationRow") -> Callable:
    """The catalog row as a function of one argument, its parameters (PReLU's a) set to
    their catalog defaults."""
    defaults = {sym: sp.nsimplify(default) for sym, _, default in row.params}
    return lambda t: row.build(t).subs(defaults)


#: elementwise activations: one per row of the activation catalog
_ELEMENTWISE = {row.name: _with_defaults(row) for row in activations.ROWS}


def _elementwise_rule(name: str, f: Callable) -> LayerRule:
    expr = f(_P)
    d = sp.diff(expr, _P)
    fwd = _vectorize(F.numeric(expr, [_P]))
    der = _vectorize(F.numeric(d, [_P]))

    def jacobian(inp: Port, out: Port, wrt="input"):
        _wrt_input(name, wrt)
        return Diag(Vec(_tex_of(d, inp.latex), inp.n, lambda env, _k=inp.name: der(env[_k])))

    return LayerRule(
        name, "elementwise", f"elementwise {name}: J = diag(f'(a))",
        r"\operatorname{diag}\left(f'(a)\right)", jacobian,
        lambda v, env=None: fwd(v),
        lambda syms, target=None: [f(s) for s in syms],
        scalar=f, derivative=d)


def _wrt_input(name, wrt):
    if wrt != "input":
        raise LayerError(f"layer '{name}' has no parameter '{wrt}'")


def softmax_np(v):
    """Numerically stable softmax: ``softmax(v - max v)`` (complex-safe: shifts by the
    maximum real part)."""
    v = np.asarray(v)
    shift = np.max(np.real(v))
    e = np.exp(v - shift)
    return e / np.sum(e)


def _softmax_rule() -> LayerRule:
    def jacobian(inp: Port, out: Port, wrt="input"):
        _wrt_input("softmax", wrt)
        s = Vec(out.latex, out.n, lambda env, _k=inp.name: softmax_np(env[_k]))
        return Combination((Diag(s), Outer(s, s)), (1, -1))

    def sym(syms, target=None):
        den = sp.Add(*[sp.exp(s) for s in syms])
        return [sp.exp(s) / den for s in syms]

    return LayerRule("softmax", "softmax", "softmax: J = diag(s) - s s^T",
                     r"\operatorname{diag}(s) - s\, s^{\top}", jacobian,
                     lambda v, env=None: softmax_np(v), sym)


def _affine_rule() -> LayerRule:
    def jacobian(inp: Port, out: Port, wrt="x", W=None):
        W = W or Dense("W", "W", out.n, inp.n)
        if wrt in ("x", "input"):
            return W
        if wrt == "b":
            return Identity(out.n)
        if wrt == "W":
            return WeightTensor(out.n, inp.vec())
        raise LayerError(f"affine layer has no parameter '{wrt}' (x, b, W)")

    def sym(syms, target=None, W=None, b=None):
        return list(sp.Matrix(W) * sp.Matrix(syms) + sp.Matrix(b))

    return LayerRule("affine", "affine", "o = W x + b: J_o(x) = W, J_o(b) = I, J_o(W) = I (outer) x",
                     r"J_o(x) = W,\quad J_o(b) = \mathrm{I},\quad \bigl(J_o(W)\bigr)_{ikl} = \delta_{ik}\, x_l",
                     jacobian, lambda v, env: env["W"] @ v + env["b"], sym)


def _loss_rules() -> list:
    def onehot(n, y):
        e = np.zeros(n)
        e[int(y)] = 1.0
        return e

    def l2_jac(inp, out=None, wrt="input"):
        return Row(Vec(r"2\left(%s - y\right)" % inp.latex, inp.n,
                       lambda env, _k=inp.name: 2 * (env[_k] - env["y"])),
                   r"2\left(%s - y\right)^{\top}" % inp.latex)

    def l2h_jac(inp, out=None, wrt="input"):
        return Row(Vec(r"\left(%s - y\right)" % inp.latex, inp.n,
                       lambda env, _k=inp.name: env[_k] - env["y"]),
                   r"\left(%s - y\right)^{\top}" % inp.latex)

    def l1_jac(inp, out=None, wrt="input"):
        return Row(Vec(r"\operatorname{sign}\left(%s - y\right)" % inp.latex, inp.n,
                       lambda env, _k=inp.name: np.sign(np.real(env[_k] - env["y"]))),
                   r"\operatorname{sign}\left(%s - y\right)^{\top}" % inp.latex)

    def ce_jac(inp, out=None, wrt="input"):
        def fn(env, _k=inp.name, _n=inp.n):
            y = int(env["y"])
            return -onehot(_n, y) / env[_k][y]
        return Row(Vec(r"-\frac{1}{{%s}_{y}}\, e_{y}" % inp.latex, inp.n, fn),
                   r"-\frac{1}{{%s}_{y}}\, e_{y}^{\top}" % inp.latex)

    def sce_jac(inp, out=None, wrt="input"):
        def fn(env, _k=inp.name, _n=inp.n):
            return softmax_np(env[_k]) - onehot(_n, int(env["y"]))
        return Row(Vec(r"\left(\operatorname{softmax}\left(%s\right) - e_{y}\right)" % inp.latex,
                       inp.n, fn),
                   r"\left(\operatorname{softmax}\left(%s\right) - e_{y}\right)^{\top}" % inp.latex)

    def ce_fwd(v, env):
        return -np.log(v[int(env["y"])])

    def sce_fwd(v, env):
        v = np.asarray(v)
        shift = np.max(np.real(v))
        return -(v[int(env["y"])] - shift - np.log(np.sum(np.exp(v - shift))))

    def l1_fwd(v, env):
        return np.sum(F.np_abs(np.asarray(v) - env["y"]))

    def sym_l2(s, y):
        return sp.Add(*[(a - b) ** 2 for a, b in zip(s, y)])

    def sym_sce(s, y):
        return -sp.log(sp.exp(s[y]) / sp.Add(*[sp.exp(a) for a in s]))

    return [
        LayerRule("l2", "loss", "L2 = sum_i (yhat_i - y_i)^2 (no 1/2): J = 2 (yhat - y)^T",
                  r"J_{L_2}(\hat y) = 2\left(\hat y - y\right)^{\top}", l2_jac,
                  lambda v, env: np.sum((np.asarray(v) - env["y"]) ** 2), sym_l2,
                  target="vector"),
        LayerRule("l2_half", "loss", "1/2 L2 = 1/2 sum_i (yhat_i - y_i)^2: J = (yhat - y)^T",
                  r"J_{\frac12 L_2}(\hat y) = \left(\hat y - y\right)^{\top}", l2h_jac,
                  lambda v, env: 0.5 * np.sum((np.asarray(v) - env["y"]) ** 2),
                  lambda s, y: sym_l2(s, y) / 2, target="vector"),
        LayerRule("l1", "loss", "L1 = sum_i |yhat_i - y_i|: J = sign(yhat - y)^T",
                  r"J_{L_1}(\hat y) = \operatorname{sign}\left(\hat y - y\right)^{\top}", l1_jac,
                  l1_fwd, lambda s, y: sp.Add(*[sp.Abs(a - b) for a, b in zip(s, y)]),
                  target="vector"),
        LayerRule("ce", "loss", "cross-entropy -log p_y: J = -(1/p_y) e_y^T",
                  r"J_{L_{ce}}(p) = -\frac{1}{p_{y}}\, e_{y}^{\top}", ce_jac, ce_fwd,
                  lambda s, y: -sp.log(s[y]), target="index"),
        LayerRule("softmax_ce", "loss",
                  "fused softmax + cross-entropy -log softmax(o)_y: J = (softmax(o) - e_y)^T",
                  r"J_{L_{ce} \circ \operatorname{softmax}}(o) = \left(s - e_{y}\right)^{\top}",
                  sce_jac, sce_fwd, sym_sce, target="index"),
    ]


def _build_table() -> dict:
    rows = [_affine_rule()]
    rows += [_elementwise_rule(n, f) for n, f in _ELEMENTWISE.items()]
    rows.append(_softmax_rule())
    rows += _loss_rules()
    return {r.name: r for r in rows}


#: the rule table: one row per layer or loss
LAYERS: dict[str, LayerRule] = _build_table()
ACTIVATIONS = [n for n, r in LAYERS.items() if r.kind in ("elementwise", "softmax")]
LOSSES = [n for n, r in LAYERS.items() if r.kind == "loss"]
LOSS_ALIASES = {"mse": "l2", "cross_entropy": "ce", "cross-entropy": "ce", "softmax-ce": "softmax_ce",
                "l2-half": "l2_half", "half_l2": "l2_half"}


def rule(name: str) -> LayerRule:
    key = name.strip().lower()
    key = LOSS_ALIASES.get(key, activations.ALIASES.get(key, key))
    if key not in LAYERS:
        raise LayerError(f"unknown layer '{name}' (known: {', '.join(LAYERS)})")
    return LAYERS[key]


def layer_jacobian(name: str, value, *, target=None, W=None, b=None, wrt: str = "input") -> np.ndarray:
    """The dense Jacobian of layer ``name`` at input ``value``, built through the structured
    rule (so tests compare the rule itself with finite differences and SymPy).

    Losses give a ``1 x n`` row; affine needs ``W`` and ``b`` and ``wrt`` in x, b, W
    (``W`` gives the ``m x m x n`` tensor)."""
    r = rule(name)
    v = np.asarray(value, dtype=float)
    n = v.shape[0]
    env = {"in": v, "y": target}
    inp = Port("in", "a", n)
    if r.kind == "affine":
        W = np.asarray(W, dtype=float)
        if W.ndim != 2 or W.shape[1] != n:
            raise ShapeError(f"W has shape {shape_str(W.shape)}, input has length {n}")
        env.update(W=W, b=np.asarray(b, dtype=float))
        out = Port("out", "o", W.shape[0])
        term = r.jacobian(inp, out, "x" if wrt == "input" else wrt,
                          W=Dense("W", "W", W.shape[0], n))
    elif r.kind == "loss":
        term = r.jacobian(inp, None)
    else:
        env["out"] = r.forward(v)
        term = r.jacobian(inp, Port("out", "s", n))
    return term.numpy(env)


# --------------------------------------------------------------------------------------
# Network chains
# --------------------------------------------------------------------------------------

@dataclass
class Factor:
    """One factor of a Jacobian chain: short name (``"loss"``, ``"softmax"``, ``"W3"``,
    ``"tanh'"``, ``"I"``, ``"J_o(W1)"``), the Jacobian symbol (e.g. ``J_{\\tanh}(o^{(2)})``),
    the structured term (its ``.latex`` in matrix notation) and the shape."""

    name: str
    symbol: str
    term: Term

    @property
    def shape(self) -> tuple:
        return tuple(self.term.shape)

    @property
    def latex(self) -> str:
        return self.term.latex

    def entries_symbol_latex(self, indices: str = "ikl") -> str:
        """The symbol of an entry, e.g. ``(J_o(W))_{ikl}``."""
        return r"\left(%s\right)_{%s}" % (self.symbol, indices)

    def to_json(self) -> dict:
        return {"name": self.name, "latex": self.latex, "symbol": self.symbol,
                "shape": shape_str(self.shape)}


@dataclass
class Chain:
    """``dL/d(param)`` as a product of Jacobians, in order from the loss side."""

    param: str
    param_latex: str
    factors: list
    param_shape: tuple

    def __post_init__(self):
        for a, b in zip(self.factors, self.factors[1:]):
            if a.shape[-1] != b.shape[0]:
                raise ShapeError(
                    f"chain for {self.param}: {a.name} ({shape_str(a.shape)}) and "
                    f"{b.name} ({shape_str(b.shape)}) do not conform: "
                    f"{a.shape[-1]} columns vs {b.shape[0]} rows")

    @property
    def result_shape(self) -> tuple:
        return (self.factors[0].shape[0],) + tuple(self.factors[-1].shape[1:])

    @property
    def tensor(self) -> Optional[WeightTensor]:
        t = self.factors[-1].term
        return t if isinstance(t, WeightTensor) else None

    @property
    def gradient_shape(self) -> tuple:
        """Shape of the gradient (same as the parameter): ``delta z^T`` for weights."""
        return tuple(self.param_shape)

    def product_latex(self, symbols: bool = False) -> str:
        """The product in Jacobian symbols (``symbols=True``) or in matrix notation."""
        parts = []
        for f in self.factors:
            if symbols:
                parts.append(f.symbol)
            elif isinstance(f.term, (Combination, WeightTensor)):
                parts.append(r"\left(%s\right)" % f.latex)
            else:
                parts.append(f.latex)
        return r" \cdot ".join(parts)

    def lhs_latex(self) -> str:
        """``\\frac{\\partial L}{\\partial x}``."""
        return r"\frac{\partial L}{\partial %s}" % self.param_latex

    def delta_row_latex(self, symbols: bool = True) -> str:
        """The factors before the parameter's own Jacobian (``{\\delta^{(l)}}^\\top``)."""
        return Chain(self.param, self.param_latex, self.factors[:-1], (self.factors[-2].shape[-1],)) \
            .product_latex(symbols) if len(self.factors) > 1 else ""

    def sizes_latex(self) -> str:
        """``\\underbrace{J}_{1 \\times 10} \\cdot ...``."""
        return r" \cdot ".join(r"\underbrace{%s}_{%s}" % (f.symbol, shape_latex(f.shape))
                               for f in self.factors)

    def delta_latex(self) -> str:
        return r"\delta^{(%s)}" % self.param[1:] if self.param[0] in "Wb" else r"\delta^{(0)}"

    def delta_transposed_latex(self) -> str:
        return r"{%s}^{\top}" % self.delta_latex()

    def contracted_latex(self) -> Optional[str]:
        t = self.tensor
        if t is None:
            return None
        return r"%s\, {%s}^{\top}" % (self.delta_latex(), t.z.latex)

    # ---- evaluation ------------------------------------------------------------------
    def evaluate(self, env) -> np.ndarray:
        """Vector-Jacobian products from the loss side (backpropagation); the gradient in
        the parameter's shape."""
        g = self.factors[0].term.numpy(env)[0]
        for f in self.factors[1:]:
            g = f.term.vjp(g, env)
        return np.reshape(g, self.param_shape)

    def evaluate_dense(self, env) -> np.ndarray:
        """Form the matrices from the input side (dense products), then apply the loss row."""
        M = self.factors[-1].term.numpy(env)
        if M.ndim == 3:
            M = M.reshape(M.shape[0], -1)
        for f in reversed(self.factors[1:-1]):
            M = f.term.numpy(env) @ M
        out = self.factors[0].term.numpy(env) @ M
        return np.reshape(out, self.param_shape)

    def flops(self) -> dict:
        """Multiply-adds of both evaluation orders (structured factors: diag costs n per
        vector, an outer product u v^T costs len(u) + len(v) per vector, identities are free;
        the ``_dense`` variants treat every factor as a dense matrix)."""
        rev = sum(f.term.vjp_cost() for f in self.factors[1:])
        rev_d = sum(f.term.dense_vjp_cost() for f in self.factors[1:])
        last = self.factors[-1].shape
        k = int(np.prod(last[1:]))
        fwd = fwd_d = 0
        for f in reversed(self.factors[:-1]):
            fwd += f.term.matmul_cost(k)
            fwd_d += f.term.dense_matmul_cost(k)
        return {"reverse": int(rev), "forward": int(fwd), "reverse_dense": int(rev_d),
                "forward_dense": int(fwd_d),
                "cheapest": "reverse" if rev <= fwd else "forward"}

    def to_json(self) -> dict:
        data = {"factors": [f.to_json() for f in self.factors],
                "result_shape": shape_str(self.result_shape),
                "gradient_shape": shape_str(self.gradient_shape),
                "product": self.product_latex(symbols=True),
                "flops": self.flops()}
        t = self.tensor
        if t is not None:
            data["tensor"] = tensor_json(t)
            data["contracted"] = {"latex": self.contracted_latex(),
                                  "shape": shape_str(self.gradient_shape)}
        return data


def space_latex(shape: Sequence[int]) -> str:
    """``\\mathbb{R}^{1 \\times 784}``."""
    return r"\mathbb{R}^{%s}" % shape_latex(shape)


def tensor_json(t: WeightTensor) -> dict:
    return {"shape": shape_str(t.shape), "entries": t.entries_latex(), "latex": t.latex}


_ACT_TEX = {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}",
            "softmax": r"\mathrm{softmax}"}


#: loss definitions in LaTeX (``%s`` is the network output, y the target or class index)
LOSS_DEFINITIONS = {
    "l2": r"\sum_{i} \left({%s}_{i} - y_{i}\right)^{2}",
    "l2_half": r"\frac{1}{2} \sum_{i} \left({%s}_{i} - y_{i}\right)^{2}",
    "l1": r"\sum_{i} \left|{%s}_{i} - y_{i}\right|",
    "ce": r"-\log {%s}_{y}",
    "softmax_ce": r"-\log \operatorname{softmax}\left(%s\right)_{y}",
}


class Network:
    """An MLP ``z^{(l)} = phi^{(l)}(W^{(l)} z^{(l-1)} + b^{(l)})``, ``z^{(0)} = x``, with a loss.

    ``layers``: sizes ``[d0, d1, ..., dL]``; ``activations``: L names; ``loss``: a loss
    name (``ce``, ``softmax_ce``, ``l2``, ``l2_half``, ``l1``). ``softmax_ce`` needs a softmax
    output layer and fuses it with the cross-entropy into one factor ``(s - e_y)^T``.
    """

    def __init__(self, layers: Sequence[int], activations: Sequence[str], loss: str = "ce"):
        layers = [int(d) for d in layers]
        if len(layers) < 2:
            raise ShapeError("a network needs at least two layer sizes (input and output)")
        if any(d < 1 for d in layers):
            raise ShapeError(f"layer sizes must be positive: {','.join(map(str, layers))}")
        acts = [rule(a) for a in activations]
        if len(acts) != len(layers) - 1:
            raise ShapeError(
                f"{len(acts)} activations do not match {len(layers) - 1} weight layers: "
                f"layer sizes {','.join(map(str, layers))} give {len(layers) - 1} layers "
                f"({' -> '.join(map(str, layers))}), so {len(layers) - 1} activations are needed")
        for a in acts:
            if a.kind not in ("elementwise", "softmax"):
                raise LayerError(f"'{a.name}' is not an activation (activations: {', '.join(ACTIVATIONS)})")
        lrule = rule(loss)
        if lrule.kind != "loss":
            raise LayerError(f"'{loss}' is not a loss (losses: {', '.join(LOSSES)})")
        self.fused = lrule.name == "softmax_ce"
        if self.fused and acts[-1].name != "softmax":
            raise LayerError("loss softmax_ce fuses the output softmax with the cross-entropy: "
                             "the last activation must be softmax")
        if lrule.name == "ce" and acts[-1].name not in ("softmax", "sigmoid"):
            raise LayerError("cross-entropy -log p_y needs probabilities: "
                             "the last activation must be softmax (or sigmoid)")
        self.sizes = layers
        self.activations = acts
        self.loss_rule = lrule
        self.L = len(layers) - 1

    # ---- names -----------------------------------------------------------------------
    def z(self, l: int) -> Port:
        if l == 0:
            return Port("x", "x", self.sizes[0])
        return Port(f"z{l}", "z^{(%d)}" % l, self.sizes[l])

    def o(self, l: int) -> Port:
        return Port(f"o{l}", "o^{(%d)}" % l, self.sizes[l])

    def W(self, l: int) -> Dense:
        return Dense(f"W{l}", "W^{(%d)}" % l, self.sizes[l], self.sizes[l - 1])

    def parameters(self) -> list:
        return ["x"] + [f"b{l}" for l in range(1, self.L + 1)] + [f"W{l}" for l in range(1, self.L + 1)]

    def param_shape(self, p: str) -> tuple:
        if p == "x":
            return (self.sizes[0],)
        l = int(p[1:])
        return (self.sizes[l],) if p[0] == "b" else (self.sizes[l], self.sizes[l - 1])

    def read_wrt(self, text: Optional[str]) -> list:
        if not text:
            return self.parameters()
        out = []
        for p in (t.strip() for t in text.split(",")):
            if not p:
                continue
            if p not in self.parameters():
                raise LayerError(f"no parameter '{p}' in this network "
                                 f"(parameters: {', '.join(self.parameters())})")
            out.append(p)
        if not out:
            raise LayerError("--wrt names no parameter")
        return out

    def param_latex(self, p: str) -> str:
        if p == "x":
            return "x"
        return "%s^{(%s)}" % (p[0], p[1:])

    def layer_map_latex(self, l: int) -> str:
        """The Jacobian of layer ``l`` with respect to its input: ``J_f(o^(l)) W^(l)``."""
        return self.act_symbol(l) + r" \cdot " + self.W(l).latex

    def act_symbol(self, l: int) -> str:
        a = self.activations[l - 1]
        return r"J_{%s}\left(o^{(%d)}\right)" % (_ACT_TEX.get(a.name, r"\mathrm{%s}" % a.name.replace("_", r"\_")), l)

    def recursion_latex(self) -> str:
        """``o^{(l)} = W^{(l)} z^{(l-1)} + b^{(l)},\\; z^{(l)} = \\phi^{(l)}(o^{(l)}),\\; z^{(0)} = x``."""
        return (r"o^{(l)} = W^{(l)} z^{(l-1)} + b^{(l)},\quad z^{(l)} = \phi^{(l)}\left(o^{(l)}\right),"
                r"\quad z^{(0)} = x,\quad l = 1, \dots, %d" % self.L)

    def loss_latex(self) -> str:
        """``L = -\\log z^{(3)}_y`` (the loss on this network's output)."""
        port = self.o(self.L) if self.fused else self.z(self.L)
        return "L = " + LOSS_DEFINITIONS[self.loss_rule.name] % port.latex

    # ---- chains ----------------------------------------------------------------------
    def loss_factor(self) -> Factor:
        L = self.L
        if self.fused:
            term = self.loss_rule.jacobian(self.o(L))
            return Factor("loss", r"J_{L_{ce} \circ \mathrm{softmax}}\left(o^{(%d)}\right)" % L, term)
        term = self.loss_rule.jacobian(self.z(L))
        names = {"ce": r"L_{ce}", "l2": r"L_2", "l2_half": r"\tfrac12 L_2", "l1": r"L_1"}
        return Factor("loss", r"J_{%s}\left(z^{(%d)}\right)" % (names[self.loss_rule.name], L), term)

    def activation_factor(self, l: int) -> Factor:
        a = self.activations[l - 1]
        term = a.jacobian(self.o(l), self.z(l))
        name = "softmax" if a.kind == "softmax" else a.name + "'"
        return Factor(name, self.act_symbol(l), term)

    def chain(self, param: str) -> Chain:
        if param not in self.parameters():
            raise LayerError(f"no parameter '{param}' (parameters: {', '.join(self.parameters())})")
        target = 0 if param == "x" else int(param[1:])
        factors = [self.loss_factor()]
        for l in range(self.L, 0, -1):
            if not (self.fused and l == self.L):
                factors.append(self.activation_factor(l))
            if l == target:
                if param[0] == "b":
                    factors.append(Factor("I", r"J_{o^{(%d)}}\left(b^{(%d)}\right)" % (l, l),
                                          Identity(self.sizes[l])))
                else:
                    factors.append(Factor(f"J_o(W{l})", r"J_{o^{(%d)}}\left(W^{(%d)}\right)" % (l, l),
                                          WeightTensor(self.sizes[l], self.z(l - 1).vec())))
                break
            factors.append(Factor(f"W{l}", "W^{(%d)}" % l, self.W(l)))
        return Chain(param, self.param_latex(param), factors, self.param_shape(param))

    # ---- numbers ---------------------------------------------------------------------
    def init(self, seed: int = 0) -> dict:
        """Random parameters (W ~ N(0, 1/d_in), b ~ N(0, 0.1^2)), input x ~ N(0, 1) and a
        target (class index for cross-entropy, a vector otherwise), reproducible by seed."""
        rng = np.random.default_rng(seed)
        vals = {"x": rng.standard_normal(self.sizes[0])}
        for l in range(1, self.L + 1):
            vals[f"W{l}"] = rng.standard_normal((self.sizes[l], self.sizes[l - 1])) / np.sqrt(self.sizes[l - 1])
            vals[f"b{l}"] = 0.1 * rng.standard_normal(self.sizes[l])
        if self.loss_rule.target == "index":
            vals["y"] = int(rng.integers(self.sizes[-1]))
        else:
            vals["y"] = rng.standard_normal(self.sizes[-1])
        return vals

    def forward(self, values: dict) -> dict:
        """Every intermediate value (``o1, z1, ..., L``), complex-safe."""
        env = dict(values)
        z = env["x"]
        for l in range(1, self.L + 1):
            o = env[f"W{l}"] @ z + env[f"b{l}"]
            z = self.activations[l - 1].forward(o)
            env[f"o{l}"], env[f"z{l}"] = o, z
        if self.fused:
            env["L"] = self.loss_rule.forward(env[f"o{self.L}"], env)
        else:
            env["L"] = self.loss_rule.forward(z, env)
        return env

    def loss(self, values: dict):
        return self.forward(values)["L"]

    def gradient(self, param: str, values: dict, env: Optional[dict] = None) -> np.ndarray:
        env = env if env is not None else self.forward(values)
        return self.chain(param).evaluate(env)

    def check(self, params: Optional[Sequence[str]] = None, seed: int = 0,
              values: Optional[dict] = None) -> "NetworkCheck":
        """Evaluate every chain with NumPy (vector-Jacobian products) and verify it against
        ``symderiv.verify.check_gradient`` (directional checks + sampled coordinates)."""
        params = list(params or self.parameters())
        values = values if values is not None else self.init(seed)
        env = self.forward(values)
        grads = {p: self.chain(p).evaluate(env) for p in params}

        def f(d):
            v = dict(values)
            v.update(d)
            return self.loss(v)

        def grad_f(d):
            v = dict(values)
            v.update(d)
            e = self.forward(v)
            return {p: self.chain(p).evaluate(e) for p in params}

        point = {p: np.asarray(values[p], dtype=float) for p in params}
        record = _check_gradient(f, grad_f, point, seed)
        return NetworkCheck(record=record, gradients=grads, loss=float(np.real(env["L"])))


@dataclass
class NetworkCheck:
    record: object
    gradients: dict
    loss: float

    @property
    def passed(self) -> bool:
        return bool(self.record.passed)

    @property
    def max_rel_error(self) -> float:
        return float(self.record.max_rel_error)


def _check_gradient(f, grad_f, point: dict, seed: int):
    """``symderiv.verify.check_gradient`` with the complex step (every layer's NumPy
    function is complex-safe): random directions plus sampled coordinates per array."""
    from symderiv.verify import checks as verify
    return verify.check_gradient(f, grad_f, point, seed=seed, method="complex")


# --------------------------------------------------------------------------------------
# TikZ: a chain of named nodes (the DAG of an MLP)
# --------------------------------------------------------------------------------------

def chain_tikz(nodes: Sequence[tuple], edges: Sequence[tuple], side: Sequence[tuple] = ()) -> str:
    """A ``tikzpicture`` laying out ``nodes`` (``(key, latex)``) left to right, ``side``
    nodes (``(key, latex, above_of_key_or_None, below_of_key_or_None)``) above or below a
    main node, and ``edges`` (``(src, dst, label_latex)``) with their labels. Library LaTeX
    only (keys must be alphanumeric)."""
    lines = [r"\begin{tikzpicture}[>=stealth, node distance=1.0cm and 2.1cm,",
             r"  main/.style={draw, circle, minimum size=9mm, inner sep=1pt},",
             r"  side/.style={draw, rectangle, rounded corners, minimum size=6mm, inner sep=2pt},",
             r"  lab/.style={font=\scriptsize, fill=white, inner sep=1pt}]"]
    for i, (key, tex) in enumerate(nodes):
        _check_key(key)
        x = 2.6 * i
        lines.append(r"\node[main] (%s) at (%.2f, 0) {$%s$};" % (key, x, tex))
    pos = {k: 2.6 * i for i, (k, _) in enumerate(nodes)}
    for key, tex, where, ref in side:
        _check_key(key)
        y = 1.6 if where == "above" else -1.6
        lines.append(r"\node[side] (%s) at (%.2f, %.2f) {$%s$};" % (key, pos[ref] + 0.0, y, tex))
    for src, dst, label in edges:
        _check_key(src)
        _check_key(dst)
        if label:
            lines.append(r"\draw[->] (%s) -- node[lab] {$%s$} (%s);" % (src, label, dst))
        else:
            lines.append(r"\draw[->] (%s) -- (%s);" % (src, dst))
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _check_key(key: str):
    if not key.isalnum():
        raise ValueError(f"tikz node key must be alphanumeric: {key!r}")


def network_tikz(net: Network) -> str:
    """The DAG ``x -> z1 -> ... -> zL -> L`` with W, b feeding each layer and y the loss;
    each edge labelled with the shape of its Jacobian."""
    nodes = [("x", "x")] + [(f"z{l}", "z^{(%d)}" % l) for l in range(1, net.L + 1)] + [("L", "L")]
    side = []
    edges = []
    for l in range(1, net.L + 1):
        side.append((f"W{l}", "W^{(%d)}, b^{(%d)}" % (l, l), "above", f"z{l}"))
        prev = "x" if l == 1 else f"z{l - 1}"
        edges.append((prev, f"z{l}", shape_latex((net.sizes[l], net.sizes[l - 1]))))
        edges.append((f"W{l}", f"z{l}", ""))
    side.append(("y", "y", "below", "L"))
    edges.append((f"z{net.L}", "L", shape_latex((1, net.sizes[-1]))))
    edges.append(("y", "L", ""))
    return chain_tikz(nodes, edges, side)
