"""The rule table: layers and losses with their Jacobian rules (:class:`LayerRule`).

The elementwise derivatives come from :data:`symderiv.language.table.FUNCTIONS`
(``sympy.diff`` of the table's function) and their NumPy versions from
:func:`symderiv.language.numeric.numeric`; the structured Jacobians are the objects of
:mod:`symderiv.layers.terms`.

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

Network chains: :mod:`symderiv.layers.chains` and :mod:`symderiv.layers.network`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from symderiv.layers import activations
from symderiv.layers.terms import (Combination, Dense, Diag, Identity, LayerError, Outer, Port, Row,
                                   ShapeError, Vec, WeightTensor, shape_str)
from symderiv.language.numeric import np_abs, numeric

#: the Jacobian symbol of an activation in LaTeX (others: \mathrm{name})
ACT_TEX = {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}",
           "softmax": r"\mathrm{softmax}"}


#: loss definitions in LaTeX (``%s`` is the network output, y the target or class index)
LOSS_DEFINITIONS = {
    "l2": r"\sum_{i} \left({%s}_{i} - y_{i}\right)^{2}",
    "l2_half": r"\frac{1}{2} \sum_{i} \left({%s}_{i} - y_{i}\right)^{2}",
    "l1": r"\sum_{i} \left|{%s}_{i} - y_{i}\right|",
    "ce": r"-\log {%s}_{y}",
    "softmax_ce": r"-\log \operatorname{softmax}\left(%s\right)_{y}",
}


_P = sp.Symbol("PLACEHOLDER", real=True)


class _RuleLatexPrinter(LatexPrinter):
    """SymPy's LaTeX with the Heaviside step written ``H(x)`` (SymPy writes ``\\theta(x)``)
    and the placeholder symbol as the argument's LaTeX."""

    def __init__(self, arg_latex: str):
        super().__init__()
        self.arg_latex = arg_latex

    def _print_Heaviside(self, expr, exp=None):
        tex = r"H\left(%s\right)" % ", ".join(self._print(a) for a in expr.pargs)
        return r"\left(%s\right)^{%s}" % (tex, exp) if exp else tex

    def _print_Symbol(self, expr, style="plain"):
        return "{%s}" % self.arg_latex if expr == _P else super()._print_Symbol(expr, style)


def _tex_of(expr: sp.Expr, arg_latex: str) -> str:
    return _RuleLatexPrinter(arg_latex).doprint(expr)


def _text_of(expr: sp.Expr, arg: str) -> str:
    """``expr`` of the placeholder, written in the parser's syntax with ``arg`` for it."""
    from symderiv.language.parse import symbol
    from symderiv.language.printing import to_text
    return to_text(expr.subs(_P, symbol(arg)))


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
        return r"J_{%s}(o)" % ACT_TEX.get(self.name, r"\mathrm{%s}" % self.name.replace("_", r"\_"))

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
    fwd = _vectorize(numeric(expr, [_P]))
    der = _vectorize(numeric(d, [_P]))

    def jacobian(inp: Port, out: Port, wrt="input"):
        _wrt_input(name, wrt)
        return Diag(Vec(_tex_of(d, inp.latex), inp.n, lambda env, _k=inp.name: der(env[_k]),
                        _text_of(d, inp.name)))

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
        s = Vec(out.latex, out.n, lambda env, _k=inp.name: softmax_np(env[_k]), out.name)
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
                       lambda env, _k=inp.name: 2 * (env[_k] - env["y"]), f"2*({inp.name} - y)"),
                   r"2\left(%s - y\right)^{\top}" % inp.latex)

    def l2h_jac(inp, out=None, wrt="input"):
        return Row(Vec(r"\left(%s - y\right)" % inp.latex, inp.n,
                       lambda env, _k=inp.name: env[_k] - env["y"], f"{inp.name} - y"),
                   r"\left(%s - y\right)^{\top}" % inp.latex)

    def l1_jac(inp, out=None, wrt="input"):
        return Row(Vec(r"\operatorname{sign}\left(%s - y\right)" % inp.latex, inp.n,
                       lambda env, _k=inp.name: np.sign(np.real(env[_k] - env["y"])), f"sign({inp.name} - y)"),
                   r"\operatorname{sign}\left(%s - y\right)^{\top}" % inp.latex)

    def ce_jac(inp, out=None, wrt="input"):
        def fn(env, _k=inp.name, _n=inp.n):
            y = int(env["y"])
            return -onehot(_n, y) / env[_k][y]
        return Row(Vec(r"-\frac{1}{{%s}_{y}}\, e_{y}" % inp.latex, inp.n, fn, f"-e_y/{inp.name}_y"),
                   r"-\frac{1}{{%s}_{y}}\, e_{y}^{\top}" % inp.latex)

    def sce_jac(inp, out=None, wrt="input"):
        def fn(env, _k=inp.name, _n=inp.n):
            return softmax_np(env[_k]) - onehot(_n, int(env["y"]))
        return Row(Vec(r"\left(\operatorname{softmax}\left(%s\right) - e_{y}\right)" % inp.latex,
                       inp.n, fn, f"softmax({inp.name}) - e_y"),
                   r"\left(\operatorname{softmax}\left(%s\right) - e_{y}\right)^{\top}" % inp.latex)

    def ce_fwd(v, env):
        return -np.log(v[int(env["y"])])

    def sce_fwd(v, env):
        v = np.asarray(v)
        shift = np.max(np.real(v))
        return -(v[int(env["y"])] - shift - np.log(np.sum(np.exp(v - shift))))

    def l1_fwd(v, env):
        return np.sum(np_abs(np.asarray(v) - env["y"]))

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
