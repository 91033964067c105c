"""Building a course is safe to repeat (issue 18, step 4): a lock on the output directory,
workers that die with the build, temporary directories that never survive the next run,
and reproducible PDFs (an unsharded build = the union of its shards, byte for byte)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symderiv.course.procs import LOCK_NAME, DirLock
from symderiv.documents.build import clean_stale_tempdirs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "own_problem"


def _env(tmp):
    return dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp))


def _sheet(out, *extra, tmp, wait=True):
    cmd = [sys.executable, "-m", "symderiv", "sheet", "neuron-loss", "--problems", str(EXAMPLE), "--variants", "2",
           "--out", str(out), *extra]
    if not wait:
        return subprocess.Popen(cmd, cwd=ROOT, env=_env(tmp), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(cmd, cwd=ROOT, env=_env(tmp), capture_output=True, text=True, timeout=300)


def test_a_second_build_into_the_same_directory_exits_2_naming_the_first(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with DirLock(out):
        assert (out / LOCK_NAME).read_text().strip() == str(os.getpid())
        proc = _sheet(out, tmp=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith("error: another build is writing to") and f"pid {os.getpid()}" in proc.stderr
        assert not list(out.glob("*.tex"))
    assert not (out / LOCK_NAME).exists()          # released and removed
    proc = _sheet(out, tmp=tmp_path)                # now it builds
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["key.csv", "key.json", "v01-exercise.tex", "v01-solution.tex",
                                                     "v02-exercise.tex", "v02-solution.tex"]


def test_a_lock_of_a_killed_build_does_not_block(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text("99999999\n")      # left behind by a kill -9: no one holds it
    with DirLock(out):
        assert (out / LOCK_NAME).read_text().strip() == str(os.getpid())


def _descendants(pid: int) -> set:
    parents = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(d.name)] = int(fields[1])
    out, frontier = set(), {pid}
    while frontier:
        frontier = {c for c, p in parents.items() if p in frontier} - out
        out |= frontier
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.latex
def test_kill_9_leaves_no_process_and_no_temporary_directory(tmp_path, latex_required):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _sheet(tmp_path / "out", "--pdf", "--jobs", "2", "--variants", "4", tmp=tmp, wait=False)
    seen: set = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (len(seen) >= 2 and list(tmp.glob("symderiv-fmt-*"))):
        seen |= _descendants(proc.pid)
        time.sleep(0.1)
    assert proc.poll() is None and len(seen) >= 2, "the build finished before it could be killed"
    seen |= _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p) for p in seen):
        time.sleep(0.1)
    assert not [p for p in seen if _alive(p)], "processes of the killed build are still running"
    stale = list(tmp.glob("symderiv-*"))
    assert stale                                     # kill -9 gives no chance to clean up ...
    removed = clean_stale_tempdirs(str(tmp))         # ... the next run does (build_course calls it)
    assert sorted(removed) == sorted(p.name for p in stale) and not list(tmp.glob("symderiv-*"))


def test_stale_cleanup_keeps_directories_of_running_processes(tmp_path):
    mine = tmp_path / f"symderiv-fmt-{os.getpid()}-abc"
    dead = tmp_path / "symderiv-latex-99999999-abc"
    other = tmp_path / "symderiv-notes"
    for d in (mine, dead, other):
        d.mkdir()
    assert clean_stale_tempdirs(str(tmp_path)) == [dead.name]
    assert mine.exists() and other.exists() and not dead.exists()


@pytest.mark.latex
def test_sigterm_removes_the_temporary_directories(tmp_path, latex_required):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _sheet(tmp_path / "out", "--pdf", "--jobs", "1", "--variants", "3", tmp=tmp, wait=False)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(tmp.glob("symderiv-fmt-*")) and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert not list(tmp.glob("symderiv-*"))


@pytest.mark.latex
def test_shards_and_the_unsharded_build_are_byte_identical_pdfs_included(tmp_path, latex_required):
    base = [sys.executable, "-m", "symderiv", "sheet", "neuron-loss", "hyperlink-matrix", "--problems",
            str(EXAMPLE), "--variants", "6", "--seed", "4", "--pdf", "--jobs", "2"]
    outs = {"all": [], "s1": ["--shard", "1/2"], "s2": ["--shard", "2/2"]}
    for name, extra in outs.items():
        proc = subprocess.run(base + extra + ["--out", str(tmp_path / name)], cwd=ROOT, env=_env(tmp_path),
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
    whole = {p.name: p.read_bytes() for p in (tmp_path / "all").iterdir() if not p.name.startswith("key")}
    union = {p.name: p.read_bytes() for d in ("s1", "s2") for p in (tmp_path / d).iterdir()
             if not p.name.startswith("key")}
    assert sorted(whole) == sorted(union) and sum(n.endswith(".pdf") for n in whole) == 12
    # shards take whole batches (6 planned sheets: batch_size 3, v01-v03 and v04-v06)
    assert sorted(p.name for p in (tmp_path / "s2").glob("*.pdf")) == [
        f"v0{i}-{d}.pdf" for i in (4, 5, 6) for d in ("exercise", "solution")]
    differ = [n for n in whole if whole[n] != union[n]]
    assert not differ, f"differ between the unsharded build and the shards: {differ}"


def test_shards_of_one_build_may_run_at_once_but_not_beside_an_unsharded_one(tmp_path):
    from symderiv.problems import ProblemError
    with DirLock(tmp_path, (1, 2)), DirLock(tmp_path, (2, 2)):          # a Slurm array into one directory
        with pytest.raises(ProblemError, match=f"pid {os.getpid()}"):
            DirLock(tmp_path).__enter__()                              # an unsharded build
        with pytest.raises(ProblemError, match="another build"):
            DirLock(tmp_path, (1, 2)).__enter__()                      # the same shard twice
    assert not list(tmp_path.iterdir())                                # every lock file removed
    with DirLock(tmp_path):
        with pytest.raises(ProblemError, match="another build"):
            DirLock(tmp_path, (2, 2)).__enter__()
