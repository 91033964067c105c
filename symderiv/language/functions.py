"""The functions of the expression language: one import point for the pieces.

* :mod:`symderiv.language.sympy_functions`: the SymPy classes SymPy lacks (sigmoid, relu, ...),
* :mod:`symderiv.language.table`: the table :data:`FUNCTIONS` (one row per name),
* :mod:`symderiv.language.printing`: :func:`to_text` and :func:`to_latex`,
* :mod:`symderiv.language.numeric`: complex-safe NumPy versions and :func:`numeric`.

Re-exports for the old import path (no document names it). Code inside the package
imports the modules above; once no module imports this one any more it can be deleted.
"""
from __future__ import annotations

from symderiv.language.numeric import (NUMPY_NAMESPACE, np_abs, np_elu, np_erf, np_gelu,  # noqa: F401
                                       np_hardtanh, np_heaviside, np_leaky_relu, np_max, np_min,
                                       np_prelu, np_relu, np_sigmoid, np_sign, np_softplus, numeric)
from symderiv.language.printing import to_latex, to_text  # noqa: F401
from symderiv.language.sympy_functions import (CUSTOM_FUNCTIONS, LEAKY_ALPHA, elu, gelu,  # noqa: F401
                                                hardtanh, leaky_relu, prelu, relu, sigmoid, softplus,
                                                to_elementary)
from symderiv.language.table import CONSTANTS, FUNCTIONS, SYMPY_HEADS, FunctionRule  # noqa: F401

__all__ = ["NUMPY_NAMESPACE", "np_abs", "np_elu", "np_erf", "np_gelu", "np_hardtanh", "np_heaviside",
           "np_leaky_relu", "np_max", "np_min", "np_prelu", "np_relu", "np_sigmoid", "np_sign",
           "np_softplus", "numeric", "to_latex", "to_text", "CUSTOM_FUNCTIONS", "LEAKY_ALPHA", "elu",
           "gelu", "hardtanh", "leaky_relu", "prelu", "relu", "sigmoid", "softplus", "to_elementary",
           "CONSTANTS", "FUNCTIONS", "SYMPY_HEADS", "FunctionRule"]
