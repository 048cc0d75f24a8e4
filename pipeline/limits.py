"""A time and memory budget for one file's work (issue 13, item 3; issue 27).

``within(budget, label, fn, *args)`` runs ``fn(*args)`` in a forked child process and
returns its result; a child still working after ``budget.seconds`` is killed (pdfium's
text-page load cannot be interrupted any other way), a child that maps more than
``budget.memory_mb`` beyond what it held when it started fails at its allocation, and
either becomes a ``BudgetError`` naming the file, so the rest of a batch goes on.
Without a budget ``fn`` simply runs here. The commands that read files use
``DEFAULT_BUDGET`` unless told otherwise (issue 27: bounded by default), and the task
of a corpus build on a Dask cluster reads its file through it (``cluster_budget``).

Each thread keeps its own reading child for file after file (a fork per file cost more
than reading a small file, and 2.6x a whole Dask build: a child copies the pages of
spaCy it touches); a child that went over the budget, ran out of memory or died is
replaced. Children are forked with ``os.fork``, not ``multiprocessing``: a Dask worker
under a nanny is a daemonic process, which ``multiprocessing`` forbids to have
children, and its tasks run in threads. A child is killed and reaped (no zombie stays)
when it fails, at ``stop_reading``, when its thread ends, and when this process exits.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import Any, Literal, TypeVar

from pipeline.errors import NormtraceError

T = TypeVar("T")


# Why a file's reading failed: over the time budget, out of memory (over the cap, or
# the machine's), the child died (a crash in C code, killed), or a bug in ``fn``.
Cause = Literal["time", "memory", "died", "error"]


class BudgetError(NormtraceError):
    """A file's work went over its time or memory budget; ``str(err)`` names the file.

    ``reason`` is the message without the file, ``cause`` which limit it was (callers
    with failure reasons of their own, a Dask build, translate it).
    """

    def __init__(self, label: str, reason: str, cause: Cause) -> None:
        self.reason = reason
        self.cause = cause
        super().__init__(f"{label}: {reason}")


@dataclass(frozen=True, slots=True)
class FileBudget:
    """Seconds and MiB of address space one file's work may take (None: no limit)."""

    seconds: float | None = None
    memory_mb: int | None = None

    @property
    def limited(self) -> bool:
        return self.seconds is not None or self.memory_mb is not None


NO_BUDGET = FileBudget()
# On by default (issue 27): no small input may hang a command or take gigabytes.
DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MB = 1024
DEFAULT_BUDGET = FileBudget(DEFAULT_SECONDS, DEFAULT_MEMORY_MB)
# A wait longer than a year is no limit (--no-budget says that); inf or 1e308 s overflowed
# the clock of the wait for a reading child (a traceback), NaN could not be a deadline.
MAX_SECONDS = 365 * 24 * 3600.0
# setrlimit takes a C long: ``--memory 10**18`` MiB raised OverflowError in every reading
# child ("the process reading it died"); a 64-bit process maps at most 2**57 bytes anyway.
_LARGEST_CAP = 2**63 - 1


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one file becomes a result.

    A text's lines, blocks and paragraphs, and the spaCy Docs and entities read from
    them, are many small objects without cycles (each Doc is freed by its count of
    references), and the collector ran over them again and again as they were made:
    a quarter to a third of ``ingest`` on texts of 50,000 short paragraphs, a sixth of
    ``extract`` (issue 27). What one file makes is freed when it is done with.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def address_space_mb() -> int:
    """MiB of address space this process maps now (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def limit_memory(memory_mb: int | None, *, headroom: bool = False) -> None:
    """Cap this process's address space, so that a file that needs more fails alone.

    Python raises MemoryError at the cap; a C library's allocation fails instead of
    calling the system's out-of-memory killer on the machine.

    Args:
        memory_mb: MiB, or None for no cap.
        headroom: ``memory_mb`` on top of what the process maps now (a forked child
            holding spaCy maps most of a GiB before it reads a byte).
    """
    if memory_mb is None:
        return
    import resource

    cap = (memory_mb + (address_space_mb() if headroom else 0)) * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)  # only root may raise the hard limit: setrlimit would fail
    if cap > _LARGEST_CAP:
        return  # more than any address space, and past what setrlimit takes: no cap
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _serve(pipe: Connection, memory_mb: int | None, fn: Callable[..., Any]) -> None:
    """A reading child: ``fn`` on each argument tuple received, until the pipe closes.

    After an out-of-memory or a bug the child reports it and ends: its state is not
    to be trusted with the next file. It leaves with ``os._exit`` whatever happens: it
    holds a copy of its parent's state (buffered output, exit handlers, a Dask
    worker's event loop) that is not its to flush or run.
    """
    code = 1
    try:
        limit_memory(memory_mb, headroom=True)
        while True:
            try:
                args = pipe.recv()
            except EOFError:
                code = 0
                break
            try:
                pipe.send(("ok", fn(*args)))
                continue
            except MemoryError:
                over = "" if memory_mb is None else f" (over {memory_mb} MiB)"
                pipe.send(("memory", f"out of memory{over}"))
            except NormtraceError as err:
                pipe.send(("user", str(err)))
                continue
            except Exception as err:  # a bug: reported, not hidden, but the batch goes on
                pipe.send(("error", f"{type(err).__name__}: {err}"))
            break
    finally:
        os._exit(code)


def _end(pid: int, pipe: Connection, owner: int) -> None:
    """Kill a reading child if it still runs, and reap it (``_Reader.stop``).

    In a process forked from ``owner`` since (another thread's reading child: a fork
    drops the other threads' locals, and so runs this) the child is not ours: only
    the copy of its pipe is let go.
    """
    pipe.close()
    if os.getpid() != owner:
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # reaped by someone else (SIGCHLD ignored, say)
        pass


class _Reader:
    """A forked child that runs one function on file after file (``_serve``).

    ``stop()`` kills and reaps it; it runs at the latest when the reader is collected
    (its thread ended: a thread's locals are dropped with it) or when this process
    exits. The child is reaped only there, so its process id is never one reused.
    """

    def __init__(self, fn: Callable[..., Any], memory_mb: int | None) -> None:
        self.fn = fn
        self.memory_mb = memory_mb
        mine, theirs = Pipe(duplex=True)
        self.pid = os.fork()
        if self.pid == 0:  # the child
            mine.close()
            _serve(theirs, memory_mb, fn)
        theirs.close()
        self.pipe = mine
        self.stop = weakref.finalize(self, _end, self.pid, mine, os.getpid())

    def alive(self) -> bool:
        """Whether the child still runs (looked at without reaping it)."""
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        try:
            return os.waitid(os.P_PID, self.pid, flags) is None
        except ChildProcessError:
            return False

    def ask(self, args: tuple[Any, ...], seconds: float | None) -> tuple[str, Any]:
        """Send ``args``; the child's answer, ``("time", None)`` when it took longer
        than ``seconds`` or ``("died", None)`` when it died."""
        try:
            self.pipe.send(args)
            if not self.pipe.poll(seconds):
                return "time", None
            answer: tuple[str, Any] = self.pipe.recv()
        except (EOFError, OSError):
            return "died", None
        return answer


_LOCAL = threading.local()  # .reader: this thread's reading child, if any


def _reader(fn: Callable[..., Any], memory_mb: int | None) -> _Reader:
    """This thread's reader for ``fn`` and ``memory_mb``, or a new one forked now."""
    reader: _Reader | None = getattr(_LOCAL, "reader", None)
    if reader is not None and reader.fn is fn and reader.memory_mb == memory_mb:
        if reader.alive():
            return reader
    stop_reading()
    _LOCAL.reader = _Reader(fn, memory_mb)
    return _LOCAL.reader  # type: ignore[no-any-return]


def stop_reading() -> None:
    """End this thread's reading child, if any: a command calls it when its batch is
    done, so a later command (or test) never reads with a child forked from an older
    state."""
    reader: _Reader | None = getattr(_LOCAL, "reader", None)
    _LOCAL.reader = None
    if reader is not None:
        reader.stop()


def within(budget: FileBudget, label: str, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` within ``budget``; the result comes back from a child process.

    The child is forked for the first file of this thread and reads the next ones too
    while ``fn`` (the same object) and the memory budget are the same; one that goes
    over the budget (or dies) is replaced for the next.

    Args:
        budget: The limits; an unlimited budget runs ``fn`` in this process.
        label: The file, as error messages name it.
        fn: A function whose result can be pickled.
        *args: Its arguments (pickled to the child).

    Returns:
        What ``fn`` returned.

    Raises:
        BudgetError: Over the time or memory budget, the child died, or ``fn`` had a bug
            (``cause`` says which).
        NormtraceError: ``fn`` raised one (its message is kept).
    """
    if not budget.limited:
        return fn(*args)
    kind, value = _reader(fn, budget.memory_mb).ask(args, budget.seconds)
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "user":
        raise NormtraceError(value)
    stop_reading()  # the next file gets a fresh child
    if kind == "time":
        raise BudgetError(label, f"over the time budget of {budget.seconds:g} s", "time")
    if kind == "died":
        raise BudgetError(label, "the process reading it died", "died")
    raise BudgetError(label, value, "memory" if kind == "memory" else "error")
