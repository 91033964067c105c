"""The problems registry: one module per exercise family, each registering named problems.

A problem module does::

    from symderiv.problems import register, Param

    @register("rosenbrock", "Rosenbrock function: DAG, edge derivatives, gradient, Hessian",
              source="000 b", lang="de",
              params=[Param("a", 1.0, "constant a in (a - x1)^2"), ...])
    def build(params: dict, seed: int) -> Solution: ...

``params`` arrive coerced to the type of each default (int, float, str, or a tuple of
floats written ``1,2,3``). Modules listed in :data:`MODULES` are imported on first use.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

#: the problem modules (one per exercise family); add yours here.
MODULES = [
    "rosenbrock.problem",
    "forward_backward.problem",
    "toy_classifier.problem",
    "overfitting.problem",
    "mlp_jacobians.problem",
    "layer_partials.problem",
    "relu_approximation.problem",
    "hyperlink.problem",
    "vanishing.problem",
    "skip.problem",
    "unstable.problem",
    "activation_atlas.problem",
    "lecture_backprop.problem",
]


class ProblemError(ValueError):
    """Bad problem name or parameter (a usage error: exit 2)."""


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    help: str = ""
    domain: Any = None  # a symderiv.problems.domains.Domain: where variants sample it


@dataclass
class Problem:
    name: str
    description: str
    build: Callable
    params: list = field(default_factory=list)
    source: str = ""
    lang: str = "en"  # default language (the language of the exercise sheet)
    constraint: Optional[Callable] = None  # params -> None (good variant) or a reason (str)

    def coerce(self, given: dict[str, str]) -> dict[str, Any]:
        known = {p.name: p for p in self.params}
        out = {p.name: p.default for p in self.params}
        for key, text in given.items():
            if key not in known:
                names = ", ".join(known) or "none"
                raise ProblemError(f"problem '{self.name}' has no parameter '{key}' (parameters: {names})")
            out[key] = _coerce(key, known[key].default, text)
        return out


def _coerce(key: str, default: Any, text: str) -> Any:
    try:
        if isinstance(default, bool):
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            v = float(text)
            if v != v or v in (float("inf"), float("-inf")):
                raise ValueError
            return v
        if isinstance(default, tuple):
            return tuple(float(t) for t in text.split(",") if t.strip())
        return str(text)
    except ValueError:
        raise ProblemError(f"parameter '{key}': cannot read '{text}' as {type(default).__name__}") from None


PROBLEMS: dict[str, Problem] = {}
_loaded = False


def register(name: str, description: str, params=(), source: str = "", lang: str = "en",
             constraint: Optional[Callable] = None):
    """Register ``fn(params, seed) -> Solution`` as problem ``name``. ``constraint(params)``
    returns None for a good exercise variant or a reason why not (see course.variants)."""
    def deco(fn):
        PROBLEMS[name] = Problem(name, description, fn, list(params), source, lang, constraint)
        return fn
    return deco


def load_all() -> dict[str, Problem]:
    """The built-in problems plus those of installed packages (entry points
    ``symderiv.problems``, see :mod:`symderiv.problems.plugins`)."""
    global _loaded
    if not _loaded:
        _loaded = True
        for mod in MODULES:
            importlib.import_module(f"{__name__}.{mod}")
        from symderiv.problems.plugins import load_entry_points
        load_entry_points()
    return PROBLEMS


def get(name: str) -> Problem:
    problems = load_all()
    if name not in problems:
        raise ProblemError(f"unknown problem '{name}' (see 'symderiv problems')")
    return problems[name]
