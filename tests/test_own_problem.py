"""The guide's example (docs/own-problems.md): a problem file outside the package."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}


def run(*args):
    return subprocess.run([sys.executable, "-m", "symderiv", *args], capture_output=True, text=True,
                          cwd=ROOT, env=ENV)


def test_problems_lists_the_example_and_sheets_build(tmp_path):
    proc = run("problems", "--problems", "examples/own_problem", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    names = {p["name"] for p in json.loads(proc.stdout)}
    assert "neuron-loss" in names and "rosenbrock" in names
    assert "neuron-loss" not in run("problems").stdout
    proc = run("sheet", "neuron-loss", "--problems", "examples/own_problem", "--variants", "3",
               "--seed", "2", "--jobs", "1", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "key.csv", "key.json", "v01-exercise.tex", "v01-solution.tex", "v02-exercise.tex",
        "v02-solution.tex", "v03-exercise.tex", "v03-solution.tex"]


def test_broken_or_duplicate_problem_files_are_usage_errors(tmp_path):
    (tmp_path / "broken.py").write_text("import no_such_module_xyz\n")
    proc = run("problems", "--problems", str(tmp_path))
    assert proc.returncode == 2 and "broken.py" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / "broken.py").unlink()
    (tmp_path / "dup.py").write_text(
        "from symderiv.problems import register\n"
        "@register('rosenbrock', 'an impostor')\ndef build(params, seed):\n    return None\n")
    proc = run("problems", "--problems", str(tmp_path))
    assert proc.returncode == 2 and "already registered" in proc.stderr
    proc = run("problems", "--problems", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "not a directory" in proc.stderr


def test_entry_points_are_loaded(tmp_path, monkeypatch):
    """A package declaring the group symderiv.problems registers its problems."""
    from symderiv.problems import plugins
    pkg = tmp_path / "tutor_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text((ROOT / "examples/own_problem/neuron_loss.py").read_text()
                                     .replace('"neuron-loss"', '"neuron-loss-ep"'))
    dist = tmp_path / "tutor_pkg-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: tutor-pkg\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[symderiv.problems]\nmine = tutor_pkg\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = plugins.load_entry_points()
    assert names == ["neuron-loss-ep"]
    from symderiv import problems
    assert problems.get("neuron-loss-ep").constraint is not None
    problems.PROBLEMS.pop("neuron-loss-ep")
