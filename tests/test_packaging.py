"""Packaging: the public API, the version, the wheel (templates as package data) and the sdist."""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_public_api_names():
    import symderiv
    expected = {"parse", "gradient", "jacobian", "hessian", "equivalent", "Graph", "check",
                "check_gradient", "assert_gradient", "solve", "problem", "list_problems", "Solution"}
    assert expected <= set(symderiv.__all__)
    assert expected <= set(dir(symderiv))
    for name in expected:
        assert callable(getattr(symderiv, name)), name


def test_public_api_works_on_text_without_sympify():
    import sympy as sp
    import symderiv
    x, y = sp.symbols("x y", real=True)
    g = symderiv.gradient(symderiv.parse("x*y + sin(x)"))
    assert [sp.simplify(a - b) for a, b in zip(g.closed_form, [y + sp.cos(x), x])] == [0, 0]
    assert symderiv.hessian("x^2*y", "x,y") == sp.Matrix([[2 * y, 2 * x], [2 * x, 0]])
    assert symderiv.jacobian("x*y; x+y", "x,y") == sp.Matrix([[y, x], [1, 1]])
    assert symderiv.check("tanh(w*x)").passed
    assert not symderiv.check("x^2", gradient=["x"]).passed       # a wrong derivative fails
    assert symderiv.solve("rosenbrock", {"b": 10}).title
    assert "rosenbrock" in symderiv.list_problems()
    # the parser, not sympify: Python syntax is rejected
    from symderiv.language.parse import ParseError
    with pytest.raises(ParseError):
        symderiv.gradient("__import__('os').system('true')")


def test_version_comes_from_metadata_alone():
    import symderiv
    from importlib.metadata import version
    assert symderiv.__version__ == version("symderiv")
    text = (ROOT / "symderiv" / "__init__.py").read_text()
    assert version("symderiv") not in text  # not written a second time in the code


def source_copy(tmp_path: Path) -> Path:
    """The checkout's files (as git sees them: no build output) in a temporary directory:
    builds write ``build/`` and ``*.egg-info`` there, never into the checkout."""
    import shutil
    dst = tmp_path / "src"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        for rel in filter(None, listed.stdout.decode().split("\0")):
            if (ROOT / rel).is_file():
                (dst / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / rel, dst / rel)
    else:  # an unpacked sdist: no git
        shutil.copytree(ROOT, dst, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".*"))
    return dst


def test_sdist_carries_tests_license_and_templates(tmp_path):
    pytest.importorskip("build")
    src = source_copy(tmp_path)
    proc = subprocess.run([sys.executable, "-W", "error::DeprecationWarning:setuptools", "-m", "build", "--sdist",
                           "--no-isolation", "--outdir", str(tmp_path), str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # no setuptools deprecation (the licence is an SPDX expression with license-files)
    assert "SetuptoolsDeprecationWarning" not in proc.stdout + proc.stderr
    (sdist,) = tmp_path.glob("symderiv-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in ("LICENSE", "tests/conftest.py", "tests/helpers.py", "pyproject.toml",
                   "symderiv/documents/templates/base.tex", "symderiv/py.typed"):
        assert needed in names, needed
    import re
    assert not any(re.search(r"^\s*from conftest import", p.read_text(), re.M) for p in (ROOT / "tests").glob("*.py"))


@pytest.mark.latex
@pytest.mark.slow
def test_wheel_installed_with_target_finds_templates(tmp_path, latex_required):
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(source_copy(tmp_path))], check=True, capture_output=True)
    (wheel,) = wheels.glob("symderiv-*.whl")
    import zipfile
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "symderiv/py.typed" in names     # type checkers read the installed package
    assert "License-Expression: MIT" in meta and any(n.endswith("licenses/LICENSE") for n in names)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-m", "symderiv", "solve", "rosenbrock", "--pdf",
                          "--out", str(tmp_path / "O")], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "O" / "rosenbrock.en.pdf").read_bytes().startswith(b"%PDF")
    # and it really ran the installed copy, not the checkout
    where = subprocess.run([sys.executable, "-c", "import symderiv; print(symderiv.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True).stdout
    assert where.startswith(str(target))
    # the answer key's schema is package data: grade validates a key with the installed copy
    (tmp_path / "key.json").write_text('{"entries": [{"student": "s1", "problem": "p", "question": "p.q1", '
                                       '"expected": 0.5, "kind": "number", "tolerance": {"abs": 0, "rel": 0.001}}]}')
    (tmp_path / "a.csv").write_text("student,question,answer\ns1,p.q1,0.5\n")
    out = subprocess.run([sys.executable, "-m", "symderiv", "grade", str(tmp_path / "key.json"),
                          str(tmp_path / "a.csv"), "--out", str(tmp_path / "g.csv")], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def _build_output() -> set:
    """What a build writes into a source tree: ``build/`` content, ``*.egg-info``, ``dist/``."""
    found = set(ROOT.glob("*.egg-info")) | set(ROOT.glob("dist/*"))
    return found | (set((ROOT / "build").iterdir()) if (ROOT / "build").is_dir() else set())


_BEFORE = _build_output()  # at collection, before any test of this file builds


def test_entry_points_name_modules_that_exist():
    """Every ``symderiv.problems`` entry point of pyproject.toml names a module of the
    package (a stale one would be skipped silently by ``load_all``)."""
    import importlib.util
    import tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    points = data["project"]["entry-points"]["symderiv.problems"]
    assert points
    for name, module in points.items():
        assert importlib.util.find_spec(module) is not None, (name, module)
    scripts = data["project"]["scripts"]
    for target in scripts.values():
        module, _, attr = target.partition(":")
        assert hasattr(importlib.import_module(module), attr), target


def test_checkout_stays_clean_after_builds():
    """Builds run in temporary copies: the build tests of this file (before this one) leave
    no build output next to the sources (what existed when the tests were collected, e.g.
    the ``symderiv.egg-info`` of the editable install that .ci/setup makes, is not theirs)."""
    assert _build_output() <= _BEFORE, sorted(_build_output() - _BEFORE)
