"""Transitional: the names the command line reads as ``symderiv.verify.checks``.

The CLI is being split in another branch and still imports this module; once it imports
:mod:`symderiv.verify` instead, delete this file. Everything else imports the package.
"""
from symderiv.verify.arrays import check_gradient
from symderiv.verify.expressions import check_expression, find_counterexample
from symderiv.verify.records import METHOD_DESCRIPTIONS, REL_ERROR_TEXT, VerifyError, compare

__all__ = ["check_gradient", "check_expression", "find_counterexample", "compare",
           "VerifyError", "METHOD_DESCRIPTIONS", "REL_ERROR_TEXT"]
