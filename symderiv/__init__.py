"""symderiv: derive the calculus of neural networks symbolically, prove it numerically,
and write it up as LaTeX worked solutions."""
__version__ = "0.1.0"

__all__ = ["parse", "check_gradient", "assert_gradient", "__version__"]


def __getattr__(name):  # lazy, so `symderiv --help` stays quick
    if name == "parse":
        from symderiv.language.parse import parse
        return parse
    if name in ("check_gradient", "assert_gradient"):
        from symderiv import verify
        return getattr(verify, name)
    raise AttributeError(name)
