"""The per-file budget of a corpus build on a Dask cluster (issue 27).

A Dask worker runs its tasks in threads of one long-lived process, which no one may
kill for one file. So the task of a build with a budget (``read_bytes_within``) reads
its file in a child forked from the worker: the child caps its own address space
(``limits.limit_memory``, on top of what the worker maps, the NLP pipeline included)
and the task kills it when the time budget is spent (pdfium's text-page load cannot be
interrupted any other way). The worker, its other threads and the rest of the build
go on; the file becomes a failure with the reason.

The child is forked with ``os.fork``, not ``multiprocessing``: a worker under a Dask
nanny is a daemonic process, which ``multiprocessing`` forbids to have children. Each
task has its own child and pipe, so tasks of the worker's threads never share one.
"""

from __future__ import annotations

import os
import signal
from multiprocessing.connection import Connection, Pipe

from pipeline.corpus.budget import Outcome
from pipeline.corpus.workers import WORKER_DIED, read_bytes
from pipeline.limits import limit_memory


def over_time(seconds: float) -> str:
    """The failure reason of a file over the time budget on a cluster."""
    return f"over the time budget of {seconds:g} s per file (its reading process was stopped)"


def read_bytes_within(
    rel: str, data: bytes, seconds: float | None, memory_mb: int | None
) -> Outcome:
    """``workers.read_bytes`` on a Dask worker, in a child held to the budget.

    Args:
        rel: The file's path relative to the corpus root.
        data: Its bytes.
        seconds: Seconds the file may take (None: no limit).
        memory_mb: MiB the child may map beyond what the worker maps (None: no cap).

    Returns:
        The child's outcome, or ``(rel, None, reason)`` when it went over the time
        budget (killed) or died (over the memory cap in C code, say).
    """
    from pipeline.nlp.extract import default_nlp

    default_nlp()  # built once per worker process: each child starts with it
    receiving, sending = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: read, send, and leave without the worker's clean-up
        _child(receiving, sending, rel, data, memory_mb)
    sending.close()
    try:
        if not receiving.poll(seconds):
            return rel, None, over_time(seconds or 0)
        outcome: Outcome = receiving.recv()
        return outcome
    except (EOFError, OSError):
        return rel, None, WORKER_DIED
    finally:
        receiving.close()
        _end(pid)


def _child(
    receiving: Connection, sending: Connection, rel: str, data: bytes, memory_mb: int | None
) -> None:
    """Read the file under the memory cap, send the outcome and end this process."""
    code = 1
    try:
        receiving.close()
        limit_memory(memory_mb, headroom=True)
        sending.send(read_bytes(rel, data))
        code = 0
    finally:
        os._exit(code)


def _end(pid: int) -> None:
    """Kill the child if it still runs, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
