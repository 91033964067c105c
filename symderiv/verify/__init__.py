"""Numerical verification: finite differences, complex step, kinks, expression checks,
array checks (:func:`check_gradient`) and their records.

Modules: :mod:`~symderiv.verify.records` (relative error, tolerances, the record),
:mod:`~symderiv.verify.differences` (steps and numeric derivatives),
:mod:`~symderiv.verify.kinks`, :mod:`~symderiv.verify.expressions` (symbolic derivatives of
expressions), :mod:`~symderiv.verify.arrays` (hand-written NumPy backprop).
"""
from symderiv.verify.arrays import assert_gradient, check_gradient
from symderiv.verify.expressions import check_expression, find_counterexample
from symderiv.verify.kinks import kink_predicates
from symderiv.verify.records import (METHOD_DESCRIPTIONS, METHODS, REL_ERROR_TEXT, TOLERANCES,
                                     VerificationRecord, VerifyError, compare, relative_error,
                                     tolerance_for)

__all__ = ["check_gradient", "assert_gradient", "check_expression", "find_counterexample", "kink_predicates",
           "compare", "relative_error", "tolerance_for", "VerificationRecord", "VerifyError",
           "TOLERANCES", "METHODS", "METHOD_DESCRIPTIONS", "REL_ERROR_TEXT"]
