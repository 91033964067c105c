"""Gradient, Jacobian, Hessian and equivalence of expressions: one import point.

* :mod:`symderiv.calculus.reverse`: the gradient as a reverse-accumulation tape,
* :mod:`symderiv.calculus.matrices`: Jacobian and Hessian (symbolic and numeric),
* :mod:`symderiv.calculus.equivalence`: are two expressions the same function,
* :mod:`symderiv.calculus.budget`: size and time limits.

Kept as a public import point: ``docs/own-problems.md`` and ``examples/own_problem`` teach
``from symderiv.calculus import tape as calculus`` to authors of their own problems, whose
files live outside this repository. Code inside the package imports the modules above.
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
