"""argparse front end. Imports of the heavy modules (sympy, numpy) stay inside the
command functions, so ``symderiv --help`` is quick.

Every subcommand is a pair ``add_NAME(sub)`` (builds its parser and sets ``run``) and
``run_NAME(args) -> int`` in the module of its command group (derive, checks, layers,
documents, train; shared helpers in common); :data:`COMMANDS` lists the ``add_`` functions
in help order.
Exit codes: 0 success, 1 a check failed (or the point is outside the function's domain:
:class:`~symderiv.cli.common.DomainError`), 2 bad input or usage, 3 an internal error. Bad
input raises :class:`UsageError` (or ``ParseError``/``ProblemError``/``ShapeError``/``BudgetError``),
and argparse's usage errors go through :meth:`_Parser.error`: ``main`` prints one line
``error: ...`` on stderr and returns 2. ``--debug`` anywhere on the line shows the traceback of
an internal error; ``completion SHELL`` prints shtab's completion script.

Every command runs under a time budget (:data:`TIME_BUDGETS`, ``--timeout``) that an
interval timer enforces inside SymPy's calls too
(:func:`symderiv.language.limits.time_limit`); the derivation commands write their standard
output only when they have finished (:data:`BUFFERED`). Every command also runs under a
memory budget (:data:`MEMORY_BUDGETS`, ``--max-memory``): past it an allocation fails and the
command stops with one line and exit 2 (:func:`symderiv.language.limits.memory_limit`).
"""
from __future__ import annotations

import argparse
import errno
import sys

from symderiv.cli import checks, course, derive, documents, layers, train
from symderiv.cli.common import DomainError, UsageError
from symderiv.language.limits import TimeExpired, expired_message, memory_limit, memory_message, time_limit

COMMANDS = [derive.add_grad, derive.add_jacobian, derive.add_hessian, derive.add_dag, train.add_train,
            layers.add_net, documents.add_problems, documents.add_solve, documents.add_report,
            layers.add_bound, checks.add_check, checks.add_verify_answer, course.add_sheet,
            course.add_grade]


#: each command's default time budget in seconds (``--timeout`` overrides it): derivations
#: and checks a minute, single documents a quarter of an hour, whole courses four hours
TIME_BUDGETS = {"grad": 60, "jacobian": 60, "hessian": 60, "dag": 60, "check": 60, "verify-answer": 60,
                "bound": 120, "net": 300, "problems": 60, "solve": 900, "train": 3600, "report": 14_400,
                "sheet": 14_400, "grade": 3600, "completion": 60}
#: each command's default memory budget in megabytes (``--max-memory`` overrides it): the
#: address space a command may add to the process after its start (Python with SymPy, NumPy
#: and SciPy loaded is about 400 MB of it); derivations and checks 2 GB, documents, training
#: and courses 4 GB (LaTeX and Graphviz, started as child processes, inherit the cap)
MEMORY_BUDGETS = {name: (2048 if name in ("grad", "jacobian", "hessian", "dag", "check", "verify-answer", "bound",
                                          "problems", "completion") else 4096) for name in TIME_BUDGETS}
#: commands whose standard output is held back until they finish (nothing half-written)
BUFFERED = ("grad", "jacobian", "hessian", "dag", "check", "verify-answer", "bound", "net", "problems")


def _positive(unit: str, limit: float):
    """An argparse type: a positive number of ``unit`` below ``limit``."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not 0 < value < limit:
            raise argparse.ArgumentTypeError(f"expected a positive number of {unit}, got {text!r}")
        return value
    return parse


_positive_seconds = _positive("seconds", 10**7)
_positive_megabytes = _positive("megabytes", 10**9)


def _add_timeouts(sub) -> None:
    """Every command gets ``--timeout`` with its default from :data:`TIME_BUDGETS` and
    ``--max-memory`` with its default from :data:`MEMORY_BUDGETS`."""
    for name, p in sub.choices.items():
        seconds = TIME_BUDGETS[name]
        help_text = (f"time budget in seconds (default {seconds}); past it the command stops with one "
                     f"line and exit 2, also inside long symbolic work")
        action = next((a for a in p._actions if "--timeout" in a.option_strings), None)
        if action is None:
            p.add_argument("--timeout", type=_positive_seconds, default=seconds, metavar="SECONDS",
                           help=help_text)
        else:
            action.type, action.default, action.help = _positive_seconds, seconds, help_text
        megabytes = MEMORY_BUDGETS[name]
        p.add_argument("--max-memory", type=_positive_megabytes, default=megabytes, metavar="MB",
                       help=f"memory budget in megabytes (default {megabytes}); past it the command stops "
                            f"with one line and exit 2")


def command_name(add) -> str:
    """The command an ``add_NAME`` function adds: ``add_verify_answer`` -> ``verify-answer``."""
    return add.__name__[len("add_"):].replace("_", "-")


def build_parser(command: str = "") -> argparse.ArgumentParser:
    """The command line's parser; with ``command`` (a command's name) only that command's
    parser is built, which is what a run needs (building all fifteen, with argparse's
    message lookups, is about a twentieth of a small ``grad``'s start-up)."""
    adders = COMMANDS + [add_completion]
    if any(command_name(add) == command for add in adders):
        adders = [add for add in adders if command_name(add) == command]
    parser = _Parser(
        prog="symderiv",
        description="Derive the calculus of neural networks symbolically, verify it "
                    "numerically, write it up as LaTeX worked solutions.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in adders:
        add(sub)
    _add_timeouts(sub)
    for p in sub.choices.values():  # accepted anywhere on the line (main takes it out first)
        p.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    return parser


DEBUG_HELP = "on an internal error (exit 3), show the traceback instead of one line"


def add_completion(sub) -> None:
    p = sub.add_parser("completion", help="print a shell completion script (bash, zsh or tcsh), "
                                          "generated from this parser by shtab",
                       description="Print a completion script for your shell, e.g. "
                                   "'symderiv completion bash > ~/.local/share/bash-completion/completions/symderiv' "
                                   "or, for zsh, 'symderiv completion zsh > ~/.zfunc/_symderiv'.")
    p.add_argument("shell", choices=["bash", "zsh", "tcsh"], help="the shell")
    p.set_defaults(run=run_completion)


def run_completion(args) -> int:
    import shtab
    print(shtab.complete(build_parser(), shell=args.shell), end="")
    return 0


def _bad_input_types():
    from symderiv.language.limits import BudgetError, InputError
    from symderiv.language.syntax import ParseError
    types = [UsageError, ParseError, BudgetError, InputError]
    try:
        from symderiv.problems import ProblemError
        types.append(ProblemError)
    except ImportError:  # pragma: no cover
        pass
    if "symderiv.layers.terms" in sys.modules:  # no ShapeError can come from a module never imported
        from symderiv.layers.terms import ShapeError
        types.append(ShapeError)
    if "symderiv.documents.render" in sys.modules:
        from symderiv.documents.render import OutputError
        types.append(OutputError)
    return tuple(types)


def _wants_json(argv) -> bool:
    argv = list(sys.argv[1:] if argv is None else argv)
    return any(a == "--format=json" or (a == "--format" and i + 1 < len(argv) and argv[i + 1] == "json")
               for i, a in enumerate(argv))


def _kind(exc) -> str:
    """The ``kind`` of an error in JSON mode (the class of problem, for programs to act on)."""
    name = type(exc).__name__
    return {"ParseError": "parse", "UsageError": "usage", "ProblemError": "problem",
            "ShapeError": "shape", "OutputError": "output", "ProgramError": "parse",
            "BudgetError": "limit", "InputError": "input"}.get(name, "input")


def report_error(message: str, kind: str, json_mode: bool, column=None) -> None:
    """One line on stderr: ``error: ...``, or under ``--format json`` one JSON object
    ``{"error": ..., "kind": ..., "column": ...}``."""
    message = " ".join(str(message).split()) or kind
    if json_mode:
        import json
        print(json.dumps({"error": message, "kind": kind, "column": column}), file=sys.stderr)
    else:
        print(f"error: {message}", file=sys.stderr)


class _Version(argparse.Action):
    """``--version``: the package metadata is read only when asked for (start-up time)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version
        try:
            number = version("symderiv")
        except PackageNotFoundError:  # pragma: no cover - an uninstalled checkout
            number = "0+unknown"
        print(f"symderiv {number}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors follow the same contract as every other error."""

    json_mode = False

    def error(self, message):
        """One line on stderr (``error: ... (see symderiv COMMAND --help)``), exit 2;
        argparse's own would print the usage block first."""
        if _Parser.json_mode:
            report_error(message, "usage", True)
        else:
            report_error(f"{message} (see {self.prog} --help)", "usage", False)
        sys.exit(2)


#: commands whose positional argument is an expression (which may start with a minus)
EXPRESSION_COMMANDS = ("grad", "jacobian", "hessian", "dag", "check", "verify-answer")
BUG_REPORT = "please report this as a bug, with the command line (--debug shows the traceback)"


def _protect_minus(parser, argv: list) -> list:
    """``grad "-x^2"``: argparse would read an argument starting with ``-`` as an option.
    An argument of an expression command that starts with ``-`` but is no option of that
    command gets a leading space, which argparse takes as a positional and the parser
    ignores. Which options take a value is read from the command's own parser."""
    if not argv or argv[0] not in EXPRESSION_COMMANDS:
        return argv
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[argv[0]]
    options = {s for a in sub._actions for s in a.option_strings}
    takes_value = {s for a in sub._actions if a.nargs != 0 for s in a.option_strings}
    out = [argv[0]]
    after_value_option = False
    for a in argv[1:]:
        looks_like_option = a.startswith("-") and len(a) > 1
        # "--name" stays an option (argparse names an unknown one); "-x^2" is an expression
        unknown_short = not a.startswith("--") and a.split("=", 1)[0] not in options
        if looks_like_option and (after_value_option or unknown_short):
            out.append(" " + a)
        else:
            out.append(a)
        after_value_option = not after_value_option and a in takes_value
    return out


def main(argv=None) -> int:
    # graphs of long programs allocate ~10 objects a node and free few: the cyclic collector's
    # default thresholds would scan them again and again (superlinear time); collect rarely
    import gc
    gc.set_threshold(100_000, 50, 50)
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    parser = build_parser(argv[0] if argv else "")
    argv = _protect_minus(parser, argv)
    json_mode = _Parser.json_mode = _wants_json(argv)
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except DomainError as exc:
        report_error(str(exc), "domain", json_mode)
        return 1
    except TimeExpired:  # the timer fired between the end of the block and its cleanup
        report_error(expired_message(args.command, args.timeout), "limit", json_mode)
        return 2
    except MemoryError:
        report_error(memory_message(args.command, args.max_memory), "limit", json_mode)
        return 2
    except KeyboardInterrupt:
        report_error("interrupted", "interrupted", json_mode)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        if isinstance(exc, _bad_input_types()):
            text = str(getattr(exc, "message", exc)) if json_mode else str(exc)
            report_error(text, _kind(exc), json_mode, getattr(exc, "column", None))
            return 2
        if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:  # an import or a child process past the budget
            report_error(memory_message(args.command, args.max_memory), "limit", json_mode)
            return 2
        if isinstance(exc, RecursionError):
            report_error("expression too deeply nested to process", "limit", json_mode)
            return 2
        if isinstance(exc, (ValueError, ArithmeticError)) and getattr(args, "command", "") in (
                "grad", "jacobian", "hessian", "dag", "check", "verify-answer"):
            report_error(f"cannot process input: {exc}".splitlines()[0], "input", json_mode)
            return 2
        exit_code = getattr(exc, "exit_code", None)
        if exit_code is not None:
            report_error(f"{exc}".splitlines()[0], "failed", json_mode)
            return int(exit_code)
        if debug or __import__("os").environ.get("SYMDERIV_DEBUG"):
            raise
        report_error(f"internal error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                     f"{BUG_REPORT}", "internal", json_mode)
        return 3


def _run(args) -> int:
    """Run the command under its time and memory budgets; the output of :data:`BUFFERED` commands is
    written only when they finish (an error leaves stdout empty)."""
    import contextlib
    import io
    buffer = io.StringIO() if args.command in BUFFERED else None
    with memory_limit(args.max_memory), time_limit(args.timeout, args.command):
        with contextlib.redirect_stdout(buffer) if buffer is not None else contextlib.nullcontext():
            code = int(args.run(args) or 0)
    if buffer is not None:
        sys.stdout.write(buffer.getvalue())
        sys.stdout.flush()
    return code


def entry() -> None:  # pragma: no cover
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
