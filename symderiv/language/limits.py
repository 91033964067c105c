"""Hard limits on input and time, below everything that could exceed them.

- :func:`read_limited` reads a file, a device or standard input with a hard limit: at most
  ``limit + 1`` bytes are ever read (``/dev/zero`` or ``yes | symderiv grad -`` end at
  once), then decoded as UTF-8 with an optional byte-order mark.
- :func:`time_limit` runs a block under a time budget that holds inside SymPy calls too: an
  interval timer (``SIGALRM``, main thread only) raises :class:`TimeExpired` in whatever
  Python code is running, and the block ends with a :class:`BudgetError`. ``TimeExpired``
  derives from ``BaseException`` so that no ``except Exception`` on the way (SymPy has
  many) swallows it; should one swallow it anyway, the timer fires again every
  :data:`REFIRE` seconds until the block has ended.
- :func:`memory_limit` caps the address space a block may add to the process
  (``RLIMIT_AS``, Linux and other POSIX systems): an allocation past it raises
  ``MemoryError`` where it happens, which the CLI reports as one line (exit 2) instead of
  the machine swapping or the kernel killing the process.

No SymPy, no NumPy: ``--help`` and the readers stay light.
"""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import Any, Optional

#: bytes read at most from a function given with ``-f`` or on standard input (the parser
#: then allows 2,000,000 characters)
MAX_INPUT_BYTES = 8_000_000
#: bytes read at most from a point file (``--at @FILE``)
MAX_POINT_BYTES = 1_000_000
#: seconds between repeated alarms once the budget has passed
REFIRE = 0.2


class BudgetError(ValueError):
    """An operation would exceed its size or time limit (bad input for the CLI: exit 2)."""


class TimeExpired(BaseException):
    """Raised by the timer inside the running code; :func:`time_limit` turns it into a
    :class:`BudgetError` (a ``BaseException``, so ``except Exception`` lets it pass)."""


class InputError(ValueError):
    """An input file that cannot be read or is not UTF-8 text (bad input: exit 2)."""


def read_limited(path, limit: int = MAX_INPUT_BYTES, what: str = "input", errors: str = "strict") -> str:
    """The text of ``path`` (``"-"``: standard input), reading at most ``limit + 1`` bytes;
    a UTF-8 byte-order mark is dropped. Raises :class:`BudgetError` when there is more,
    :class:`InputError` when it cannot be read or (with ``errors="strict"``) is not UTF-8."""
    path = str(path)
    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise BudgetError(f"{what} too large: more than {limit:,} bytes in {name} (limit {limit:,} bytes)")
    if isinstance(data, str):  # a text stream without a buffer (tests)
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig", errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text (byte {exc.start + 1})") from None


def _address_space() -> Optional[int]:
    """The process's current address space in bytes (``None`` where unknown)."""
    try:
        import os
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def memory_message(what: str, megabytes: float) -> str:
    return (f"{what} ran out of its memory budget of {megabytes:g} MB "
            f"(raise it with --max-memory)")


@contextmanager
def memory_limit(megabytes: Optional[float]):
    """Run the block with at most ``megabytes`` of address space added to the process's
    size at its start (the soft ``RLIMIT_AS``; ``None``: no limit). Past it an allocation
    raises ``MemoryError``. The previous limit is restored afterwards (callers in the same
    process, tests, keep theirs); child processes started in the block inherit the cap.
    Where the platform has no such limit (no ``resource``, no ``/proc``) the block runs
    unlimited and the time budget still holds."""
    resource: Any
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        resource = None
    start = _address_space()
    if megabytes is None or resource is None or start is None:
        yield
        return
    previous = resource.getrlimit(resource.RLIMIT_AS)
    soft, hard = previous
    limit = start + int(megabytes * 2**20)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)  # never loosen a limit the caller set
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # pragma: no cover
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, previous)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class _Timer:
    active = False  # is a time_limit block running (the handler raises only then)
    fired = False   # has the timer fired in the running block


def _on_alarm(signum, frame):  # noqa: ARG001
    if _Timer.active:
        _Timer.fired = True
        raise TimeExpired()


def expired_message(what: str, seconds: float) -> str:
    return f"{what} stopped after the time limit of {seconds:g} s (raise it with --timeout)"


@contextmanager
def time_limit(seconds: Optional[float], what: str = "the command"):
    """Run the block for at most ``seconds`` (``None``: no limit); past it, the block ends
    with :class:`BudgetError` ("... stopped after the time limit of N s"). Outside the
    main thread (no signals there) the block runs unlimited."""
    if seconds is None or _Timer.active or not _can_alarm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _Timer.active, _Timer.fired = True, False
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE)
        yield
    except BaseException:
        # once the timer has fired, whatever ends the block is its consequence: an import
        # interrupted inside a C extension surfaces as ImportError, a library may wrap it
        if not _Timer.fired:
            raise
    finally:
        _Timer.active = False
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
    if _Timer.fired:  # also when the block swallowed the interruption: its result is not to be trusted
        raise BudgetError(expired_message(what, seconds))
