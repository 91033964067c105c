"""Gradient, Jacobian, Hessian and equivalence of expressions: one import point.

* :mod:`symderiv.calculus.reverse`: the gradient as a reverse-accumulation tape,
* :mod:`symderiv.calculus.matrices`: Jacobian and Hessian (symbolic and numeric),
* :mod:`symderiv.calculus.equivalence`: are two expressions the same function,
* :mod:`symderiv.calculus.budget`: size and time limits.
"""
from __future__ import annotations

from symderiv.calculus.budget import Budget, BudgetError
from symderiv.calculus.matrices import hessian, hessian_values, jacobian
from symderiv.calculus.reverse import COMPACT_LIMIT, Gradient, evaluate, gradient, gradient_values



def __getattr__(name):  # the equivalence module loads NumPy: only when asked for
    if name in ("Equivalence", "equivalent"):
        from symderiv.calculus import equivalence
        return getattr(equivalence, name)
    raise AttributeError(name)


__all__ = ["Budget", "BudgetError", "hessian", "hessian_values", "jacobian",
           "COMPACT_LIMIT", "Gradient", "evaluate", "gradient", "gradient_values"]
