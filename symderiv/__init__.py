"""symderiv: derive the calculus of neural networks symbolically, prove it numerically,
and write it up as LaTeX worked solutions."""
__version__ = "0.1.0"

__all__ = ["parse", "check_gradient", "__version__"]


def __getattr__(name):  # lazy, so `symderiv --help` stays quick
    if name == "parse":
        from symderiv.language.parse import parse
        return parse
    if name == "check_gradient":
        from symderiv.verify import check_gradient
        return check_gradient
    raise AttributeError(name)
