"""A time and memory budget for one file's work outside a corpus build (issue 13, item 3).

``within(budget, label, fn, *args)`` runs ``fn(*args)`` in a forked child process and
returns its result; a child still working after ``budget.seconds`` is killed (pdfium's
text-page load cannot be interrupted any other way), a child that maps more than
``budget.memory_mb`` beyond what it held when it started fails at its allocation, and
either becomes a ``BudgetError`` naming the file, so the rest of a batch goes on.
Without a budget ``fn`` simply runs here. The commands that read files use
``DEFAULT_BUDGET`` unless told otherwise (issue 27: bounded by default).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from pipeline.errors import NormtraceError

T = TypeVar("T")


class BudgetError(NormtraceError):
    """A file's work went over its time or memory budget; ``str(err)`` names the file."""


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
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _serve(pipe: Connection, memory_mb: int | None, fn: Callable[..., Any]) -> None:
    """A reading child: ``fn`` on each argument tuple received, until the pipe closes.

    After an out-of-memory or a bug the child reports it and ends: its state is not
    to be trusted with the next file.
    """
    limit_memory(memory_mb, headroom=True)
    while True:
        try:
            args = pipe.recv()
        except EOFError:
            break
        try:
            pipe.send(("ok", fn(*args)))
            continue
        except MemoryError:
            pipe.send(("error", f"out of memory (over {memory_mb} MiB)"))
        except NormtraceError as err:
            pipe.send(("user", str(err)))
            continue
        except Exception as err:  # a bug: reported, not hidden, but the batch goes on
            pipe.send(("error", f"{type(err).__name__}: {err}"))
        break
    pipe.close()


@dataclass
class _Reader:
    """A forked child that runs one function on file after file (``_serve``)."""

    fn: Callable[..., Any]
    budget: FileBudget
    process: Any
    pipe: Connection

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.pipe.close()


_READER: list[_Reader] = []  # the one live reader, kept while the same fn is read with


def _reader(fn: Callable[..., Any], budget: FileBudget) -> _Reader:
    """The live reader for ``fn`` and ``budget``, or a new one forked now.

    A fork per file cost more than reading a small file (issue 27: the budget must not
    slow a clean corpus); one child reads every file of a batch until one fails it.
    """
    if _READER and _READER[0].fn is fn and _READER[0].budget == budget:
        if _READER[0].process.is_alive():
            return _READER[0]
    _stop_reader()
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe(duplex=True)
    child = context.Process(target=_serve, args=(theirs, budget.memory_mb, fn), daemon=True)
    child.start()
    theirs.close()
    _READER.append(_Reader(fn, budget, child, mine))
    return _READER[0]


def _stop_reader() -> None:
    while _READER:
        _READER.pop().stop()


def stop_reading() -> None:
    """End the reading child, if any: a command calls it when its batch is done, so a
    later command (or test) never reads with a child forked from an older state."""
    _stop_reader()


def within(budget: FileBudget, label: str, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` within ``budget``; the result comes back from a child process.

    The child is forked for the first file and reads the next ones too while ``fn`` is
    the same object; one that goes over the budget (or dies) is replaced for the next.

    Args:
        budget: The limits; an unlimited budget runs ``fn`` in this process.
        label: The file, as error messages name it.
        fn: A function whose result can be pickled.
        *args: Its arguments (pickled to the child).

    Returns:
        What ``fn`` returned.

    Raises:
        BudgetError: Over the time or memory budget, or the child died.
        NormtraceError: ``fn`` raised one (its message is kept).
    """
    if not budget.limited:
        return fn(*args)
    reader = _reader(fn, budget)
    try:
        reader.pipe.send(args)
        if not reader.pipe.poll(budget.seconds):
            _stop_reader()
            raise BudgetError(f"{label}: over the time budget of {budget.seconds:g} s")
        kind, value = reader.pipe.recv()
    except (EOFError, OSError):
        _stop_reader()
        raise BudgetError(f"{label}: the process reading it died") from None
    if kind == "error":
        _stop_reader()
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "user":
        raise NormtraceError(value)
    raise BudgetError(f"{label}: {value}")
