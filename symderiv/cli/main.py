"""argparse front end. Imports of the heavy modules (sympy, numpy) stay inside the
command functions, so ``symderiv --help`` is quick.

Every subcommand is a pair ``add_NAME(sub)`` (builds its parser and sets ``run``) and
``run_NAME(args) -> int`` in the module of its command group (derive, checks, layers,
documents, train; shared helpers in common); :data:`COMMANDS` lists the ``add_`` functions
in help order.
Exit codes: 0 success, 1 a check failed, 2 bad input or usage. Bad input raises
:class:`UsageError` (or ``ParseError``/``ProblemError``/``ShapeError``): ``main`` prints one
line ``error: ...`` on stderr and returns 2.
"""
from __future__ import annotations

import argparse
import sys

from symderiv.cli import checks, course, derive, documents, layers, train
from symderiv.cli.common import UsageError

COMMANDS = [derive.add_grad, derive.add_jacobian, derive.add_hessian, derive.add_dag, train.add_train,
            layers.add_net, documents.add_problems, documents.add_solve, documents.add_report,
            layers.add_bound, checks.add_check, checks.add_verify_answer, course.add_sheet,
            course.add_grade]


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version
    try:
        __version__ = version("symderiv")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
        __version__ = "unknown"
    parser = argparse.ArgumentParser(
        prog="symderiv",
        description="Derive the calculus of neural networks symbolically, verify it "
                    "numerically, write it up as LaTeX worked solutions.")
    parser.add_argument("--version", action="version", version=f"symderiv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def _bad_input_types():
    from symderiv.language.parse import ParseError
    types = [UsageError, ParseError]
    try:
        from symderiv.problems import ProblemError
        types.append(ProblemError)
    except ImportError:  # pragma: no cover
        pass
    try:
        from symderiv.layers.rules import ShapeError
        types.append(ShapeError)
    except ImportError:
        pass
    if "symderiv.documents.render" in sys.modules:
        from symderiv.documents.render import OutputError
        types.append(OutputError)
    return tuple(types)


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        if isinstance(exc, _bad_input_types()):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, RecursionError):
            print("error: expression too deeply nested to process", file=sys.stderr)
            return 2
        if isinstance(exc, (ValueError, TypeError, ArithmeticError)) and getattr(args, "command", "") in (
                "grad", "jacobian", "hessian", "dag", "check", "verify-answer"):
            print(f"error: cannot process input: {exc}".splitlines()[0], file=sys.stderr)
            return 2
        if getattr(exc, "exit_code", None) is not None:
            print(f"error: {exc}".splitlines()[0], file=sys.stderr)
            return int(exc.exit_code)
        print(f"error: internal error ({type(exc).__name__}): {exc}".splitlines()[0], file=sys.stderr)
        if __import__("os").environ.get("SYMDERIV_DEBUG"):
            raise
        return 1


def entry() -> None:  # pragma: no cover
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
