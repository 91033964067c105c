"""Verification: finite differences, complex step, Richardson, kinks, array checks, records."""
from symderiv.verify.checks import (VerificationRecord, VerifyError, check_expression, check_gradient,
                                    compare, find_counterexample)

__all__ = ["VerificationRecord", "VerifyError", "check_expression", "check_gradient", "compare",
           "find_counterexample"]
