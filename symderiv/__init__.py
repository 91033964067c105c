"""symderiv: derive the calculus of neural networks symbolically, prove it numerically,
and write it up as LaTeX worked solutions.

The public API, one function per command (:mod:`symderiv.api`), loaded lazily so that
``symderiv --help`` stays quick::

    import symderiv
    g = symderiv.gradient("h1 = sigmoid(w1*x); y = h1^2")     # g.closed_form, g.tape
    symderiv.check("abs(x)", at={"x": 0.0}).status              # 'undecided': a kink
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any


def _package_version() -> str:
    """The installed version (read from the package metadata on first use: importing
    ``importlib.metadata`` costs ~0.1 s, which no command but ``--version`` needs)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("symderiv")
    except PackageNotFoundError:  # pragma: no cover - an uninstalled checkout
        return "0+unknown"


if TYPE_CHECKING:  # what type checkers and IDEs see; at run time the names load on first use
    from symderiv.api import (check, dag, equivalent, gradient, hessian, jacobian, list_problems, parse,
                              problem, solve)
    from symderiv.documents.model import Solution
    from symderiv.graph.core import Graph
    from symderiv.verify.arrays import assert_gradient, check_gradient
    from symderiv.verify.records import VerificationRecord

#: public name -> (module, attribute)
_API = {
    "parse": ("symderiv.api", "parse"),
    "gradient": ("symderiv.api", "gradient"),
    "jacobian": ("symderiv.api", "jacobian"),
    "hessian": ("symderiv.api", "hessian"),
    "dag": ("symderiv.api", "dag"),
    "equivalent": ("symderiv.api", "equivalent"),
    "check": ("symderiv.api", "check"),
    "list_problems": ("symderiv.api", "list_problems"),
    "problem": ("symderiv.api", "problem"),
    "solve": ("symderiv.api", "solve"),
    "Graph": ("symderiv.graph.core", "Graph"),
    "check_gradient": ("symderiv.verify.arrays", "check_gradient"),
    "assert_gradient": ("symderiv.verify.arrays", "assert_gradient"),
    "Solution": ("symderiv.documents.model", "Solution"),
    "VerificationRecord": ("symderiv.verify.records", "VerificationRecord"),
}

__all__ = ["Graph", "Solution", "VerificationRecord", "__version__", "assert_gradient", "check",
           "check_gradient", "dag", "equivalent", "gradient", "hessian", "jacobian", "list_problems",
           "parse", "problem", "solve"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = value = _package_version()
        return value
    if name in _API:
        module, attr = _API[name]
        value = getattr(import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'symderiv' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
