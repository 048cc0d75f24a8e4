"""The per-file budget of a corpus build on a Dask cluster (issue 27).

A Dask worker runs its tasks in threads of one long-lived process, which no one may
kill for one file. So the task of a build with a budget (``read_bytes_within``) hands
its file to a reading child forked from the worker: the child caps its own address
space (``limits.limit_memory``, on top of what the worker maps, the NLP pipeline
included) and the task kills it when the time budget is spent (pdfium's text-page load
cannot be interrupted any other way). The worker, its other threads and the rest of
the build go on; the file becomes a failure with the reason.

Each worker thread keeps its child for file after file, as ``limits.within`` does: a
fork per file cost 2.6x the whole build (a child copies the pages of spaCy it
touches). A child is replaced after it went over the budget, ran out of memory or
died. It is forked with ``os.fork``, not ``multiprocessing``: a worker under a Dask
nanny is a daemonic process, which ``multiprocessing`` forbids to have children. A
child ends when its worker does (its pipe closes).
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe

from pipeline.corpus.budget import Outcome
from pipeline.corpus.workers import WORKER_DIED, read_bytes
from pipeline.limits import limit_memory

OUT_OF_MEMORY = "out of memory"  # how ``workers.read_file`` reasons begin after a MemoryError


def over_time(seconds: float) -> str:
    """The failure reason of a file over the time budget on a cluster."""
    return f"over the time budget of {seconds:g} s per file (its reading process was stopped)"


@dataclass
class _Child:
    """A reading child of this worker thread: its process id, pipe and memory cap."""

    pid: int
    pipe: Connection
    memory_mb: int | None

    def end(self) -> None:
        """Kill the child if it still runs, and reap it."""
        self.pipe.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)


_LOCAL = threading.local()  # .child: this worker thread's reading child, if any


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
        budget (killed) or died (over the memory cap in C code, say).
    """
    child = _child(memory_mb)
    try:
        child.pipe.send((rel, data))
        if not child.pipe.poll(seconds):
            _drop(child)
            return rel, None, over_time(seconds or 0)
        outcome: Outcome = child.pipe.recv()
    except (EOFError, OSError):
        _drop(child)
        return rel, None, WORKER_DIED
    if (outcome[2] or "").startswith(OUT_OF_MEMORY):
        _drop(child)  # it ends itself: its state is not to be trusted with the next file
    return outcome


def _child(memory_mb: int | None) -> _Child:
    """This thread's reading child, or a new one forked now."""
    child: _Child | None = getattr(_LOCAL, "child", None)
    if child is not None and child.memory_mb == memory_mb:
        return child
    if child is not None:
        _drop(child)
    from pipeline.nlp.extract import default_nlp

    default_nlp()  # built once per worker process: each child starts with it
    mine, theirs = Pipe(duplex=True)
    pid = os.fork()
    if pid == 0:  # the child: read until the pipe closes, then leave without clean-up
        mine.close()
        _serve(theirs, memory_mb)
    theirs.close()
    _LOCAL.child = _Child(pid, mine, memory_mb)
    return _LOCAL.child  # type: ignore[no-any-return]


def _drop(child: _Child) -> None:
    child.end()
    if getattr(_LOCAL, "child", None) is child:
        _LOCAL.child = None


def _serve(pipe: Connection, memory_mb: int | None) -> None:
    """The child: read each (rel, data) received and send its outcome back."""
    code = 1
    try:
        limit_memory(memory_mb, headroom=True)
        while True:
            try:
                rel, data = pipe.recv()
            except EOFError:
                code = 0
                break
            outcome = read_bytes(rel, data)
            pipe.send(outcome)
            if (outcome[2] or "").startswith(OUT_OF_MEMORY):
                break
    finally:
        os._exit(code)
