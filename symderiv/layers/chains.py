"""Jacobian chains: ``dL/d(param)`` as a product of structured Jacobians (:class:`Chain`),
evaluated by vector-Jacobian products (backpropagation) or by dense products, with the
multiply-adds of both orders."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from symderiv.layers.terms import (Combination, ShapeError, Term, WeightTensor, shape_latex, shape_str,
                                   tensor_json)


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
                "shape": [int(d) for d in self.shape]}


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
                "result_shape": [int(d) for d in self.result_shape],
                "gradient_shape": [int(d) for d in self.gradient_shape],
                "product": self.product_latex(symbols=True),
                "flops": self.flops()}
        t = self.tensor
        if t is not None:
            data["tensor"] = tensor_json(t)
            data["contracted"] = {"latex": self.contracted_latex(),
                                  "shape": [int(d) for d in self.gradient_shape]}
        return data

