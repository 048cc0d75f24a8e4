"""The per-file budget of a corpus build on a Dask cluster (issue 27).

A Dask worker runs its tasks in threads of one long-lived process, which no one may
kill for one file. So the task of a build with a budget (``read_bytes_within``) reads
its file through ``limits.within``, in the reading child of its worker thread: the
child caps its own address space on top of what the worker maps (the NLP pipeline
included) and is killed when the time budget is spent. The worker, its other threads
and the rest of the build go on; the file becomes a failure, ``within``'s reason put
in the build's words.
"""

from __future__ import annotations

from pipeline.corpus.budget import Outcome
from pipeline.corpus.workers import WORKER_DIED, read_bytes, warm_reader
from pipeline.limits import BudgetError, FileBudget, within

OUT_OF_MEMORY = "out of memory"  # how ``workers.read_file`` reasons begin after a MemoryError


def over_time(seconds: float) -> str:
    """The failure reason of a file over the time budget on a cluster."""
    return f"over the time budget of {seconds:g} s per file (its reading process was stopped)"


def read_bytes_within(
    rel: str, data: bytes, seconds: float | None, memory_mb: int | None
) -> Outcome:
    """``workers.read_bytes`` on a Dask worker, in a reading child held to the budget.

    Args:
        rel: The file's path relative to the corpus root.
        data: Its bytes.
        seconds: Seconds the file may take (None: no limit).
        memory_mb: MiB the child may map beyond what the worker maps (None: no cap).

    Returns:
        The child's outcome, or ``(rel, None, reason)`` when it went over the time
        budget (killed), ran out of memory or died (over the memory cap in C code, say).
    """
    warm_reader()  # once per worker (cached): every reading child is forked with it
    try:
        return within(FileBudget(seconds, memory_mb), rel, _read_bytes, rel, data)
    except BudgetError as err:
        if err.cause == "time":
            return rel, None, over_time(seconds or 0)
        if err.cause == "died":
            return rel, None, WORKER_DIED
        return rel, None, err.reason


def _read_bytes(rel: str, data: bytes) -> Outcome:
    """``read_bytes`` in the reading child; a file that ran out of memory raises it
    again, so that ``within`` ends the child (its state is not to be trusted with the
    next file) and names the cap."""
    outcome = read_bytes(rel, data)
    if (outcome[2] or "").startswith(OUT_OF_MEMORY):
        raise MemoryError(outcome[2])
    return outcome
