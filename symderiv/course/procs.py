"""Processes of a course build or a grading run that cannot outlive it or stall it.

* :func:`die_with_parent`: a worker (pool process, grading sandbox) asks the kernel to
  send it SIGKILL when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)`` through ctypes),
  and checks that the parent did not die before the request; elsewhere a daemon thread
  polls ``os.getppid()``. After ``kill -9`` of a build no worker keeps running.
* :class:`DirLock`: an exclusive ``fcntl.flock`` on ``OUT/.symderiv.lock`` for the time of
  a build; a second build into the same directory exits 2 at once, naming the pid of the
  first (written into the lock file, which is removed on release). The kernel drops the
  lock when its holder dies, even by ``kill -9``: a stale lock file never blocks (the
  next build takes it over). The shards of one build (``--shard K/N``, e.g. a Slurm array
  writing into one directory) hold it shared and each its own shard lock exclusively: they
  run side by side, but not beside an unsharded build or a second run of the same shard.
* :func:`sigterm_as_exit`: SIGTERM ends a build like Ctrl-C (``finally`` blocks run and
  temporary directories are removed); pool workers reset it (:func:`worker_init`).
* :class:`Sandbox`: calls a function in a forked child with a time budget per call and a
  memory limit (``RLIMIT_AS``); past the budget the child is killed and a fresh one forked,
  so one call never delays the next by more than the budget.
"""
from __future__ import annotations

import os
import signal
import threading
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # multiprocessing is imported when a sandbox starts
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

LOCK_NAME = ".symderiv.lock"


def _lock(path, mode: int) -> int:
    """An fd of ``path`` locked with ``mode`` (``fcntl.LOCK_SH``/``LOCK_EX``, non-blocking;
    BlockingIOError if held). If the file was removed by the holder before us, the file
    that is there now is locked instead."""
    import fcntl
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def _release(path, fd: int, exclusive: bool) -> None:
    """Unlock ``fd``; the file is removed if no one else holds it (nothing is left behind)."""
    import fcntl
    try:
        if not exclusive:   # other shards may hold it too: remove it only if we are the last
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.unlink(path)
    except (BlockingIOError, FileNotFoundError):
        pass
    os.close(fd)


class DirLock:
    """``with DirLock(out[, shard=(k, n)]):`` - see the module docstring. An unsharded build
    holds ``.symderiv.lock`` exclusively; shard K of N holds it shared (the shards of one
    build write disjoint files and may run at once) and ``.symderiv-shard-K-of-N.lock``
    exclusively."""

    def __init__(self, directory, shard: Optional[tuple] = None):
        from pathlib import Path
        self.dir = Path(directory)
        self.path = self.dir / LOCK_NAME
        self.shard = shard if shard and shard[1] > 1 else None
        self.shard_path = (self.dir / f".symderiv-shard-{self.shard[0]}-of-{self.shard[1]}.lock"
                           if self.shard else None)
        self.fds: list = []

    def _holders(self) -> str:
        pids = []
        for f in sorted(self.dir.glob(".symderiv*.lock")):
            try:
                pids += f.read_text("ascii", "replace").split()
            except OSError:
                pass
        return ", ".join(sorted(set(pids))) or "unknown"

    def __enter__(self) -> "DirLock":
        import fcntl
        from symderiv.problems import ProblemError
        try:
            if self.shard:
                self.fds.append((self.path, _lock(self.path, fcntl.LOCK_SH), False))
                self.fds.append((self.shard_path, _lock(self.shard_path, fcntl.LOCK_EX), True))
            else:
                self.fds.append((self.path, _lock(self.path, fcntl.LOCK_EX), True))
        except BlockingIOError:
            holders = self._holders()
            self.__exit__()
            raise ProblemError(f"another build is writing to {self.dir} (pid {holders}); wait for it or "
                               "use another --out") from None
        except OSError as exc:
            self.__exit__()
            raise ProblemError(f"cannot lock {self.dir}: {exc.strerror or exc}") from None
        path, fd, _ = self.fds[-1]
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        return self

    def __exit__(self, *exc) -> None:
        while self.fds:
            _release(*self.fds.pop())


class sigterm_as_exit:
    """Within the ``with`` (main thread only), SIGTERM raises ``SystemExit(143)``."""

    def __enter__(self):
        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGTERM, _exit_143)
        return self

    def __exit__(self, *exc) -> None:
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)


def _exit_143(signum, frame):
    raise SystemExit(143)


def worker_init() -> None:
    """Initializer of pool workers: die with the build; SIGTERM ends the worker at once."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()


def die_with_parent() -> None:
    """Make this process die when its parent does (call first thing in a child)."""
    from symderiv.documents.build import die_with_parent as pdeathsig
    parent = os.getppid()
    if not pdeathsig():
        def watch():
            import time
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)
        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at its current size plus ``extra_bytes``."""
    try:
        import resource
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + int(extra_bytes)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):  # not Linux: the time budget still holds
        pass


class Timeout(Exception):
    """The call did not finish within the budget (its child was killed)."""


class Crashed(Exception):
    """The child died during the call (e.g. out of memory)."""


def _serve(conn, fn: Callable, memory: int) -> None:
    die_with_parent()
    limit_memory(memory)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            result = ("ok", fn(*args))
        except MemoryError:
            result = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised here
            result = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except (OSError, ValueError):
            os._exit(1)


class Sandbox:
    """``sandbox(*args)`` = ``fn(*args)`` run in a forked child within ``budget`` seconds and
    ``memory`` extra bytes; raises :class:`Timeout`, :class:`Crashed` or :class:`MemoryError`
    (the function's own exceptions come back as ``RuntimeError``). Use as a context manager."""

    def __init__(self, fn: Callable, budget: float, memory: int = 1 << 30):
        self.fn, self.budget, self.memory = fn, float(budget), int(memory)
        self.proc: Optional[BaseProcess] = None
        self.conn: Optional[Connection] = None

    def _start(self) -> Connection:
        """Fork the child; returns the parent's end of the pipe (also ``self.conn``)."""
        import multiprocessing as mp
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, self.fn, self.memory), daemon=True)
        self.proc.start()
        child.close()
        return self.conn

    def _kill(self) -> None:
        proc, conn = self.proc, self.conn
        if proc is not None:
            if proc.pid is not None:  # started
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.join()
        if conn is not None:
            conn.close()
        self.proc = self.conn = None

    def __call__(self, *args):
        conn = self.conn
        if conn is None or self.proc is None or not self.proc.is_alive():
            self._kill()
            conn = self._start()
        try:
            conn.send(args)
            ready = conn.poll(self.budget)
            status, value = conn.recv() if ready else (None, None)
        except (EOFError, OSError):
            self._kill()
            raise Crashed() from None
        if not ready:
            self._kill()
            raise Timeout()
        if status == "memory":
            self._kill()
            raise MemoryError()
        if status == "error":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        self._kill()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

