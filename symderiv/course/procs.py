"""Processes of a course build or a grading run that cannot outlive it or stall it.

* :func:`die_with_parent`: a worker (pool process, grading sandbox) asks the kernel to
  send it SIGKILL when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)`` through ctypes),
  and checks that the parent did not die before the request; elsewhere a daemon thread
  polls ``os.getppid()``. After ``kill -9`` of a build no worker keeps running.
* :class:`Sandbox`: calls a function in a forked child with a time budget per call and a
  memory limit (``RLIMIT_AS``); past the budget the child is killed and a fresh one forked,
  so one call never delays the next by more than the budget.
"""
from __future__ import annotations

import os
import signal
import threading
from typing import Callable, Optional

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Make this process die when its parent does (call first thing in a child)."""
    parent = os.getppid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError
    except (OSError, AttributeError):
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

