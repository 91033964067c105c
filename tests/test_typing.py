"""Types (issue 20, item 3): mypy with the project's configuration (``[tool.mypy]`` in
pyproject.toml) finds no error in the package, and a user's code sees real types through
``import symderiv`` (not ``Any``)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("mypy")

USER_CODE = '''
import numpy as np
import sympy as sp
import symderiv
from symderiv.calculus.reverse import Gradient
from symderiv.verify.records import VerificationRecord

g: Gradient = symderiv.gradient("h1 = sigmoid(w1*x); y = h1^2")
values: dict[str, float] = symderiv.gradient("x*y", at="x=1,y=2")
m: sp.Matrix = symderiv.hessian("x^2*y")
h: np.ndarray = symderiv.hessian("x^2*y", at={"x": 1.0, "y": 2.0})
rec: VerificationRecord = symderiv.check("abs(x)", at={"x": 0.0})
wrong: int = symderiv.gradient("x")
also_wrong = symderiv.check("x", pionts=3)
'''


def _mypy(*args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    import os
    env = dict(os.environ, MYPYPATH=str(ROOT), PYTHONPATH=str(ROOT))   # this checkout's symderiv
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary",
                           "--config-file", str(ROOT / "pyproject.toml"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_public_api_and_clean_modules_type_check(tmp_path):
    proc = _mypy("symderiv", cwd=ROOT, cache=tmp_path / "cache")
    errors = [ln for ln in proc.stdout.splitlines() if ": error:" in ln]
    assert not [ln for ln in proc.stdout.splitlines() if "note: " not in ln and ": error:" not in ln and ln], \
        proc.stdout[-2000:] + proc.stderr[-2000:]   # mypy itself ran (no crash, no config error)
    assert not errors, "\n".join(errors)


def test_mypy_reports_an_error_in_the_package(tmp_path):
    """The check above reads mypy's output as it is written: a copy of a clean module with
    a type error yields one ``path:line: error:`` line for that module."""
    pkg = tmp_path / "symderiv" / "graph"
    pkg.mkdir(parents=True)
    (tmp_path / "symderiv" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "bad.py").write_text("def f(x: int) -> str:\n    return x\n")
    proc = _mypy("symderiv/graph/bad.py", cwd=tmp_path, cache=tmp_path / "cache")
    errors = [ln for ln in proc.stdout.splitlines() if ": error:" in ln]
    assert len(errors) == 1 and errors[0].startswith("symderiv/graph/bad.py:2: error:"), proc.stdout


@pytest.mark.slow
def test_user_code_sees_real_types(tmp_path):
    (tmp_path / "user.py").write_text(USER_CODE)
    proc = _mypy("user.py", cwd=tmp_path, cache=tmp_path / "cache")
    errors = [ln for ln in proc.stdout.splitlines() if ln.startswith("user.py:") and ": error:" in ln]
    lines = USER_CODE.splitlines()
    flagged = sorted({lines[int(re.match(r"user\.py:(\d+):", ln)[1]) - 1].split(" ")[0] for ln in errors})
    # exactly the two mistakes: a Gradient is no int, and 'pionts' is no keyword of check
    assert flagged == ["also_wrong", "wrong:"], proc.stdout
