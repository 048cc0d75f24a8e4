"""Reading files in worker processes that a file cannot take down with it.

A worker that dies (a crash in a C library, the out-of-memory killer) breaks its pool:
the files not yet read are tried again in a fresh pool, and after a second break one at
a time, so that only the culprit fails. A worker over a file's time budget is killed
from outside (``pipeline.corpus.budget``) and only that file fails. Workers end when
the build process is gone. At most a window of files is in flight (submitted, read or
waiting to be written), so memory does not grow with the number of files.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pipeline.corpus.budget import Budget, Outcome, read_noted
from pipeline.corpus.document_rows import document_rows
from pipeline.document import Document
from pipeline.errors import IngestError, NormtraceError
from pipeline.limits import limit_memory

Reader = Callable[[Path, str], Outcome]
# Called on each file just before it is read: why it must not be read, or None.
Check = Callable[[str], str | None]
WORKER_DIED = "the worker process died while reading this file"
# What the fork server imports for its workers ("__main__" is its default); the last
# builds the NLP pipeline there, once for every worker the server forks.
_PRELOAD = [
    "__main__",
    "pipeline.corpus.workers",
    "pipeline.ingest",
    "pipeline.nlp.extract",
    "pipeline.corpus.preload",
]
# A short resolution in the UN's layout that a worker-to-be reads once (``warm_reader``).
_WARM_NAME = "A_RES_00_1.txt"
_WARM_TEXT = """A/RES/00/1

General Assembly
Distr.: General
7 December 2020

Resolution adopted by the General Assembly on 7 December 2020

00/1. Developments in the field of information and telecommunications in the context
of international security

The General Assembly,

Recalling its resolutions 73/27 of 5 December 2018 and 75/240 of 31 December 2020,

Noting with concern that the Russian Federation, France and the Group of 77 and China
have reported malicious uses of information and communications technologies,

1. Calls upon Member States to be guided by the report of the Group of Governmental
Experts (A/70/174) and to implement the norms of responsible State behaviour;

2. Decides to convene an open-ended working group in 2021, and requests the
Secretary-General to submit a report;

(a) on confidence-building measures;

45th plenary meeting
7 December 2020
"""


def read_file(path: Path, rel: str) -> Outcome:
    """Ingest and extract one file; a failure becomes its reason, never an exception.

    Args:
        path: Where the file is.
        rel: Its path relative to the corpus root (the key in the store).

    Returns:
        ``(rel, document, None)`` or ``(rel, None, reason)``.
    """
    from pipeline.ingest import load_document
    from pipeline.nlp.extract import default_nlp, extract_document

    try:
        doc = extract_document(load_document(path), default_nlp())
    except IngestError as err:
        return rel, None, err.reason
    except MemoryError:
        return rel, None, "out of memory (over the memory budget of the build?)"
    except Exception as err:  # a parser bug in one file must not stop the batch
        first = (str(err).splitlines() or [""])[0]
        return rel, None, f"{type(err).__name__}: {first}"[:500]
    return rel, doc, None


@functools.cache
def warm_reader() -> Outcome:
    """Build the NLP pipeline and read a short text with ``read_file``, once per process.

    What ingest and extract build on first use (the pipeline, lazily loaded tables,
    compiled patterns, the tokenizer's cache) is then built before the first file, and
    in a fork server before any worker is forked from it, instead of once in each.

    Returns:
        The outcome of the short text (a Document unless the readers changed), or a
        failure when no temporary file can be written or the pipeline cannot be built
        from the user's settings (a ``$NORMTRACE_TOPIC_MODEL`` that is no model: each
        file then fails in one line naming it): warming is never worth a build.
    """
    from pipeline.nlp.extract import default_nlp

    try:
        default_nlp()
    except NormtraceError as err:  # raised here, it broke the fork server or the pool
        return _WARM_NAME, None, f"not warmed: {err}"
    try:
        with tempfile.TemporaryDirectory(prefix="normtrace-warm-") as tmp:
            path = Path(tmp, _WARM_NAME)
            path.write_text(_WARM_TEXT, encoding="utf-8")
            return read_file(path, _WARM_NAME)
    except OSError as err:  # the fork server's preload must not fail for it
        return _WARM_NAME, None, f"not warmed: {err}"


def read_bytes(rel: str, data: bytes) -> Outcome:
    """``read_file`` on a file sent as bytes (for workers that do not share our disk).

    The bytes are written under a temporary folder at the same relative path, since the
    path carries meaning (a speech's file name, a ``statements/`` folder).
    """
    with tempfile.TemporaryDirectory(prefix="normtrace-") as tmp:
        path = Path(tmp, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return read_file(path, rel)


def read_rows(reader: Reader, path: Path, rel: str) -> Outcome:
    """``reader`` in a worker, its Document sent back as the rows to store: they pickle
    and unpickle at a fraction of the Document's cost (``pipeline.corpus.document_rows``)."""
    rel, doc, reason = reader(path, rel)
    if isinstance(doc, Document):
        return rel, document_rows(rel, doc), reason
    return rel, doc, reason


def _submit(
    pool: ProcessPoolExecutor, reader: Reader, root: Path, rel: str, budget: Budget | None
) -> Future[Outcome]:
    if budget is None:
        return pool.submit(read_rows, reader, root / rel, rel)
    rows = functools.partial(read_rows, reader)
    return pool.submit(read_noted, rows, budget.notes, root / rel, rel)


def _pool_round(
    root: Path,
    todo: list[str],
    jobs: int,
    reader: Reader,
    budget: Budget | None,
    late: list[str],
    window: int,
    check: Check | None = None,
) -> Iterator[list[Outcome] | None]:
    """Read ``todo`` in a process pool, at most ``window`` files in flight.

    Yields the outcomes ready together (the files over the budget, their workers
    killed, and those ``check`` refused, among them as failures), and None once, last,
    if the pool broke (a worker died or was killed). A future is dropped once its
    outcome is yielded, so the documents read are never all held here.
    """
    if budget is not None:
        budget.clear()
    timed = budget is not None and budget.seconds is not None
    waiting = iter(todo)
    with _pool(min(jobs, len(todo)), budget) as pool:
        flight: set[Future[Outcome]] = set()
        broken = False
        while not broken:
            # Keep the window full: the workers never wait, the queue never grows.
            ready: list[Outcome] = []
            while len(flight) < window and (rel := next(waiting, None)) is not None:
                refused = _refused(check, rel)
                if refused is None:
                    flight.add(_submit(pool, reader, root, rel, budget))
                else:
                    ready.append(refused)
            if not flight:
                if ready:
                    yield ready
                return
            done, flight = wait(flight, timeout=0.5 if timed else None, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    ready.append(future.result())
                except BrokenProcessPool:
                    broken = True
            if budget is not None:
                for rel in budget.overdue():
                    late.append(rel)
                    ready.append((rel, None, budget.reason()))
            if ready:
                yield ready
            del done, ready
        yield None


def read_local(
    root: Path,
    todo: list[str],
    jobs: int,
    reader: Reader,
    budget: Budget | None = None,
    window: int | None = None,
    check: Check | None = None,
) -> Iterator[list[Outcome]]:
    """Read files in worker processes; a file that kills its worker is recorded as failed.

    Args:
        root: The corpus folder.
        todo: Paths of the files to read, relative to ``root``.
        jobs: Worker processes.
        reader: Reads one file (a top-level function, for the workers).
        budget: Time and memory a file may take (``pipeline.corpus.budget``), or None.
        window: Files in flight at most (default: twice ``jobs``): memory stays the
            same whatever the number of files.
        check: Called here on each file just before it is sent (or read): a reason
            makes the file a failure with it, never read. A build hashes the files so
            when it reads them all, while the workers read the first ones.

    Yields:
        The outcomes of the files, in groups of those ready together, in the order
        they finish (one outcome per file in all).

    When a worker dies (a crash in a C library, the out-of-memory killer) the pool breaks
    and the files not yet read are tried again in a fresh pool; after a second break the
    rest are read one at a time by a single worker, so that only the culprit fails. A
    worker killed for a file over the ``budget`` is no crash: that file alone fails.
    Without a budget, ``jobs`` 1 reads in this process.
    """
    if budget is None and (jobs <= 1 or len(todo) <= 1):
        for rel in todo:
            yield [_refused(check, rel) or reader(root / rel, rel)]
        return
    if jobs <= 1 or len(todo) <= 1:
        for outcome in _isolate(root, todo, reader, budget, check):
            yield [outcome]
        return
    window = max(jobs, window or 2 * jobs)
    pending = list(todo)
    crashes = 0
    while pending and crashes < 2:
        done: set[str] = set()
        late: list[str] = []
        for ready in _pool_round(root, pending, jobs, reader, budget, late, window, check):
            if ready is None:
                break
            done.update(rel for rel, _, _ in ready)
            yield ready
        else:
            return
        crashes += 0 if late else 1
        pending = [rel for rel in pending if rel not in done]
    for outcome in _isolate(root, pending, reader, budget, check):
        yield [outcome]


def _refused(check: Check | None, rel: str) -> Outcome | None:
    """The failure of a file that ``check`` says must not be read, else None."""
    reason = check(rel) if check is not None else None
    return None if reason is None else (rel, None, reason)


def _isolate(
    root: Path,
    todo: list[str],
    reader: Reader,
    budget: Budget | None = None,
    check: Check | None = None,
) -> Iterator[Outcome]:
    """One worker, one file at a time: a file whose worker dies is the culprit."""
    pool: ProcessPoolExecutor | None = None
    try:
        for rel in todo:
            if (refused := _refused(check, rel)) is not None:
                yield refused
                continue
            if pool is None:
                pool = _pool(1, budget)
                if budget is not None:
                    budget.clear()
            outcome, broken = _read_one(pool, reader, root, rel, budget)
            if broken:  # the worker died, or was killed for the budget
                pool.shutdown()
                pool = None
            yield outcome
    finally:
        if pool is not None:
            pool.shutdown()


def _read_one(
    pool: ProcessPoolExecutor, reader: Reader, root: Path, rel: str, budget: Budget | None
) -> tuple[Outcome, bool]:
    """Read one file in ``pool``: its outcome, and whether the pool broke meanwhile."""
    future = _submit(pool, reader, root, rel, budget)
    timed = budget is not None and budget.seconds is not None
    while True:
        done, _ = wait({future}, timeout=0.5 if timed else None)
        if done:
            try:
                return future.result(), False
            except BrokenProcessPool:
                return (rel, None, WORKER_DIED), True
        if budget is not None and budget.overdue():
            return (rel, None, budget.reason()), True


def _context() -> multiprocessing.context.BaseContext:
    """Forkserver (workers start clean, from a server that imported the readers and
    built the NLP pipeline once: its start-up is paid once per build, not once per
    worker or per pool, and its pages are shared), else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def start_server(wait: bool = False) -> None:
    """Start the fork server now, so that its imports overlap the caller's own work.

    Args:
        wait: Return only once the server's preload is done (the NLP pipeline built
            and warm), by forking a process that does nothing from it and joining it:
            what comes after no longer pays any start-up (bench/corpus_bench.py).
    """
    context = _context()
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    forkserver.ensure_running()
    if wait:
        probe = context.Process(target=os.getpid)  # type: ignore[attr-defined]
        probe.start()
        probe.join()


def _pool(workers: int, budget: Budget | None = None) -> ProcessPoolExecutor:
    """A process pool whose workers start clean (forkserver) and end with the build.

    With a ``budget``, workers have the NLP pipeline before their first file (forked
    with it from the fork server, else built as they start), so that a file's time is
    spent on the file, not on loading spaCy, and cap their memory.
    """
    context = _context()
    memory = None if budget is None else budget.memory_mb
    return ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), budget is not None, memory),
    )


def _start_worker(pid: int, warm: bool, memory_mb: int | None) -> None:
    _watch_parent(pid)
    if warm:
        warm_reader()  # already done in the fork server's preload, when there is one
    limit_memory(memory_mb, headroom=True)  # beyond what spaCy and the imports map


def _watch_parent(pid: int) -> None:
    """End this worker when the build process is gone (killed with -9, say).

    Workers hold both ends of their task queue, so they would wait for tasks forever.
    """

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="normtrace-parent-watch").start()
