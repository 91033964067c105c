"""Processes of a course build or a grading run that cannot outlive it or stall it.

* :func:`die_with_parent`: a worker (pool process, grading sandbox) asks the kernel to
  send it SIGKILL when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)`` through ctypes),
  and checks that the parent did not die before the request; elsewhere a daemon thread
  polls ``os.getppid()``. After ``kill -9`` of a build no worker keeps running.
* :class:`DirLock`: an exclusive ``fcntl.flock`` on ``OUT/.symderiv.lock`` for the time of
  a build; a second build into the same directory exits 2 at once, naming the pid of the
  first (written into the lock file, which is removed on release). The kernel drops the
  lock when its holder dies, even by ``kill -9``: a stale lock file never blocks (the
  next build takes it over).
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
from typing import Callable, Optional

LOCK_NAME = ".symderiv.lock"


class DirLock:
    """``with DirLock(out):`` - see the module docstring."""

    def __init__(self, directory):
        from pathlib import Path
        self.path = Path(directory) / LOCK_NAME
        self.fd = None

    def __enter__(self) -> "DirLock":
        import fcntl
        from symderiv.problems import ProblemError
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise ProblemError(f"cannot lock {self.path.parent}: {exc.strerror or exc}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise ProblemError(f"another build is writing to {self.path.parent} (pid {holder}; "
                                   f"lock file {self.path}); wait for it or use another --out") from None
            try:  # the holder before us may have removed the file: lock the one that is there
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                self.path.unlink()       # removed while still locked: nothing is left behind
            except FileNotFoundError:
                pass
            os.close(self.fd)            # closing drops the lock
            self.fd = None


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
        self.proc = None
        self.conn = None

    def _start(self) -> None:
        import multiprocessing as mp
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, self.fn, self.memory), daemon=True)
        self.proc.start()
        child.close()

    def _kill(self) -> None:
        if self.proc is not None:
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.join()
            self.conn.close()
        self.proc = self.conn = None

    def __call__(self, *args):
        if self.proc is None or not self.proc.is_alive():
            self._kill()
            self._start()
        try:
            self.conn.send(args)
            ready = self.conn.poll(self.budget)
            status, value = self.conn.recv() if ready else (None, None)
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

