"""Start-up: a command imports only what it uses. Checked with ``sys.modules`` in a fresh
process (no timings: speed is measured in benchmarks/bench_startup.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, runpy, sys
sys.argv = ["symderiv", *sys.argv[1:]]
try:
    runpy.run_module("symderiv", run_name="__main__")
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
heavy = ("sympy", "numpy", "numpy.f2py", "numpy.testing", "scipy", "matplotlib", "jinja2",
         "importlib.metadata", "symderiv.documents", "symderiv.problems", "symderiv.course")
print(json.dumps({"code": code, "loaded": [m for m in heavy if m in sys.modules]}), file=sys.stderr)
"""


def _loaded(*args) -> tuple:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                       env=env, cwd=ROOT)
    report = json.loads(r.stderr.strip().splitlines()[-1])
    return r.stdout, report["code"], set(report["loaded"])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["grad", "--help"], ["check", "--help"]])
def test_help_and_version_import_neither_sympy_nor_numpy(args):
    out, code, loaded = _loaded(*args)
    assert code == 0 and out.startswith(("usage:", "symderiv "))
    assert not loaded & {"sympy", "numpy", "scipy", "matplotlib", "jinja2"}, loaded
    assert ("importlib.metadata" in loaded) == (args == ["--version"])   # read only for --version


@pytest.mark.parametrize("command", ["grad", "dag"])
def test_small_derivation_imports_no_numpy_and_no_documents(command):
    out, code, loaded = _loaded(command, "x*y + sin(x)")
    assert code == 0 and ("y + cos(x)" in out or command == "dag")
    assert "sympy" in loaded
    assert not loaded & {"numpy", "scipy", "matplotlib", "jinja2", "importlib.metadata", "symderiv.documents",
                         "symderiv.problems", "symderiv.course"}, loaded


def test_check_loads_numpy_without_its_lazy_submodules():
    out, code, loaded = _loaded("check", "x*y + sin(x)", "--points", "2")
    assert code == 0 and "PASSED" in out
    assert "numpy" in loaded and not loaded & {"numpy.f2py", "numpy.testing", "scipy", "jinja2"}, loaded


def test_a_run_builds_only_its_commands_parser_and_help_lists_every_command():
    """``main`` builds the parser of the command it runs only (the other fourteen, with argparse's
    message lookups, cost about a twentieth of a small grad); without a command, or with an
    unknown one, every command's parser is built, so --help and the error list them all."""
    from symderiv.cli.main import COMMANDS, build_parser, command_name

    def commands(parser):
        return set(next(a for a in parser._subparsers._group_actions).choices)
    every = {command_name(add) for add in COMMANDS} | {"completion"}
    assert len(every) == 15 and {"grad", "verify-answer", "sheet"} <= every
    assert commands(build_parser()) == every == commands(build_parser("gradx"))
    assert commands(build_parser("verify-answer")) == {"verify-answer"}
    out, code, _ = _loaded("--help")
    assert code == 0 and all(name in out for name in every)
    out, code, _ = _loaded("verify-answer", "--help")
    assert code == 0 and "--answer" in out and "--timeout" in out and "--max-memory" in out
