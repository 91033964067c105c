"""The README works as written. Every ``$ symderiv ...`` line of its console blocks runs
(from the repository root, output into a temporary directory) and exits as the README says
(1 where its comment says so, else 0); long jobs are named in SKIP with why. Every Python
block runs on its own (a fresh interpreter: each block is self-contained), and where a
line's comment quotes a value (``# 'equal'``, ``# {'w1': 0.5, 'x': 0.0}``, ``# <Graph: ...>``)
the expression on that line has that repr."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: commands not run here, and why
SKIP = {
    "report --all --pdf": "every report compiled: test_report and test_proofread do that",
    "report rosenbrock unstable-gradients --pdf": "compiled reports: covered by test_report",
    "--data CIFAR_DIR": "needs the CIFAR-10 batches, not on this machine",
    "train": "trains a network for minutes: test_nn covers the training loop",
    "sheet": "the course build: test_course and test_course_pdf build sheets",
    "grade": "needs a key and answers: test_grading runs the command",
    "--students": "needs a roster: test_course covers rosters",
}


def _commands():
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for line in block.splitlines():
            if not line.startswith("$ symderiv "):
                continue
            cmd, _, comment = line[2:].partition("  #")
            out.append((cmd.strip(), comment.strip()))
    return out


COMMANDS = _commands()


def test_readme_has_commands():
    assert len(COMMANDS) >= 15


@pytest.mark.slow
@pytest.mark.parametrize("cmd,comment", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_command_runs(cmd, comment, tmp_path):
    why = next((w for key, w in SKIP.items() if key in cmd), None)
    if why:
        pytest.skip(why)
    argv = shlex.split(cmd)[1:]
    argv = [str(tmp_path / "out") if a.startswith("/tmp/") else a for a in argv]
    if argv[0] in ("solve", "report") and "--out" not in argv:
        argv += ["--out", str(tmp_path / "out")]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "symderiv", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    expected = 1 if "exit 1" in comment else 0
    assert proc.returncode == expected, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr


PY_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
#: a comment that quotes a value: a string, dict or list literal, or a <repr>
_QUOTED = re.compile(r"^(?P<code>[^#]+?)\s+# (?P<value>'[^']*'|\{.*\}|<.*>)$")


def test_readme_has_python_blocks():
    assert len(PY_BLOCKS) >= 2
    assert any("def loss(p: dict) -> float" in b and "def grad(p: dict) -> dict" in b for b in PY_BLOCKS)


def _with_quoted_checks(block: str) -> str:
    """The block, followed by an assertion per line whose comment quotes a value."""
    checks = []
    for line in block.splitlines():
        m = _QUOTED.match(line)
        if m and "=" not in m["code"].split("(")[0]:
            checks.append(f"assert repr({m['code'].strip()}) == {m['value']!r}, repr({m['code'].strip()})")
    assert checks or "def loss" in block, "a block that quotes no value checks nothing it claims"
    return block + "\n" + "\n".join(checks) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PY_BLOCKS)))
def test_readme_python_block_runs(index, tmp_path):
    script = tmp_path / f"block{index}.py"
    script.write_text(_with_quoted_checks(PY_BLOCKS[index]), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_readme_claims_one_line_usage_error():
    """The README's example of a usage error is what the command prints."""
    m = re.search(r"`(symderiv check \"x\^2\" --at x=1 --points 3)` prints\n`(error: [^`]*)`", README)
    assert m, "the README's usage-error example moved"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", *shlex.split(m[1])], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [m[2]]
