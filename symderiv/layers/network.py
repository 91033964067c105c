"""An MLP with a loss (:class:`Network`): its Jacobian chains for dL/dx, dL/db^(l) and
dL/dW^(l), shapes that must conform, and a numeric check of every chain at full size."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

import numpy as np

from symderiv.layers.chains import Chain, Factor
from symderiv.layers.rules import ACT_TEX, ACTIVATIONS, LOSS_DEFINITIONS, LOSSES, rule
from symderiv.layers.terms import Dense, Identity, LayerError, Port, ShapeError, WeightTensor

if TYPE_CHECKING:  # pragma: no cover
    from symderiv.verify.records import VerificationRecord


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
        return r"J_{%s}\left(o^{(%d)}\right)" % (ACT_TEX.get(a.name, r"\mathrm{%s}" % a.name.replace("_", r"\_")), l)

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
        vals: dict[str, object] = {"x": rng.standard_normal(self.sizes[0])}
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
    record: VerificationRecord
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
    from symderiv import verify
    return verify.check_gradient(f, grad_f, point, seed=seed, method="complex")

