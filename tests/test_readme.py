"""The README's command lines work as written: every ``$ symderiv ...`` line of its console
blocks runs (from the repository root, output into a temporary directory) and exits as the
README says (1 where its comment says so, else 0). Long jobs are named in SKIP with why."""
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
    "report rosenbrock adam --pdf": "compiled reports: covered by test_report",
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
