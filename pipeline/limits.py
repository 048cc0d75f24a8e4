"""A time and memory budget for one file's work outside a corpus build (issue 13, item 3).

``within(budget, label, fn, *args)`` runs ``fn(*args)`` in a forked child process and
returns its result; a child still working after ``budget.seconds`` is killed (pdfium's
text-page load cannot be interrupted any other way), a child over ``budget.memory_mb``
fails at its allocation, and either becomes a ``BudgetError`` naming the file, so the
rest of a batch goes on. Without a budget ``fn`` simply runs here.
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


def limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space, so that a file that needs more fails alone.

    Python raises MemoryError at the cap; a C library's allocation fails instead of
    calling the system's out-of-memory killer on the machine.
    """
    if memory_mb is None:
        return
    import resource

    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _child(pipe: Connection, memory_mb: int | None, fn: Callable[..., Any], args: Any) -> None:
    try:
        limit_memory(memory_mb)
        pipe.send(("ok", fn(*args)))
    except MemoryError:
        pipe.send(("error", f"out of memory (over {memory_mb} MiB)"))
    except NormtraceError as err:
        pipe.send(("user", str(err)))
    except Exception as err:  # a bug: reported, not hidden, but the batch goes on
        pipe.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        pipe.close()


def within(budget: FileBudget, label: str, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` within ``budget``; the result comes back from a child process.

    Args:
        budget: The limits; an unlimited budget runs ``fn`` in this process.
        label: The file, as error messages name it.
        fn: A function whose result can be pickled.
        *args: Its arguments.

    Returns:
        What ``fn`` returned.

    Raises:
        BudgetError: Over the time or memory budget, or the child died.
        NormtraceError: ``fn`` raised one (its message is kept).
    """
    if not budget.limited:
        return fn(*args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, budget.memory_mb, fn, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(budget.seconds):
            raise BudgetError(f"{label}: over the time budget of {budget.seconds:g} s")
        try:
            kind, value = receive.recv()
        except EOFError:
            raise BudgetError(f"{label}: the process reading it died") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "user":
        raise NormtraceError(value)
    raise BudgetError(f"{label}: {value}")
