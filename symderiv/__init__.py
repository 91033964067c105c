"""symderiv: derive the calculus of neural networks symbolically, prove it numerically,
and write it up as LaTeX worked solutions.

The public API (loaded lazily, so that ``symderiv --help`` stays quick)::

    from symderiv import parse, gradient, check
    g = gradient("x*y + sin(x)")          # reverse accumulation; g.closed_form, g.tape
"""
from importlib import import_module


def _package_version() -> str:
    """The installed version (read from the package metadata on first use: importing
    ``importlib.metadata`` costs ~0.1 s, which no command but ``--version`` needs)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("symderiv")
    except PackageNotFoundError:  # pragma: no cover - an uninstalled checkout
        return "0+unknown"


#: public name -> (module, attribute)
_API = {
    "parse": ("symderiv.api", "parse"),
    "gradient": ("symderiv.api", "gradient"),
    "jacobian": ("symderiv.api", "jacobian"),
    "hessian": ("symderiv.api", "hessian"),
    "equivalent": ("symderiv.api", "equivalent"),
    "check": ("symderiv.api", "check"),
    "list_problems": ("symderiv.api", "list_problems"),
    "problem": ("symderiv.api", "problem"),
    "solve": ("symderiv.api", "solve"),
    "Graph": ("symderiv.graph.core", "Graph"),
    "check_gradient": ("symderiv.verify", "check_gradient"),
    "assert_gradient": ("symderiv.verify", "assert_gradient"),
    "Solution": ("symderiv.documents.model", "Solution"),
    "VerificationRecord": ("symderiv.verify", "VerificationRecord"),
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name):
    if name == "__version__":
        globals()[name] = value = _package_version()
        return value
    if name in _API:
        module, attr = _API[name]
        value = getattr(import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'symderiv' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
