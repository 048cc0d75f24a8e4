"""Reading a build's files on a Dask cluster (``corpus build --scheduler``).

Files go out as bytes (the workers need not share our disk), a window at a time, each
read in the worker or, under a budget, in a child of it (``cluster_budget``); what comes
back is checked for the shape of a read result before the build stores it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.corpus.budget import Outcome
from pipeline.corpus.cluster_budget import read_bytes_within
from pipeline.corpus.files import read_regular
from pipeline.corpus.workers import read_bytes
from pipeline.document import Document
from pipeline.errors import IngestError

if TYPE_CHECKING:
    from distributed import Client, Future


def checked_outcome(rel: str, value: object) -> Outcome:
    """What a worker sent back for ``rel`` if it has the shape of a read result, else a failure.

    The cluster is trusted (its results are unpickled), but a worker that runs other
    code (another version of normtrace, another function) must not put rows of another
    shape, or of another file, into the store.
    """
    if isinstance(value, tuple) and len(value) == 3 and value[0] == rel:
        doc, reason = value[1], value[2]
        if isinstance(doc, Document) and reason is None:
            return rel, doc, None
        if doc is None and isinstance(reason, str):
            return rel, None, reason
    return (
        rel,
        None,
        f"the worker sent back a {type(value).__name__}, not a read result of this file",
    )


def _submit_dask(
    client: Client, rel: str, data: bytes, limits: tuple[float | None, int | None], key: str
) -> Future[Outcome]:
    """Send one file to the cluster; with a budget (seconds, MiB) its task reads it in a
    child of the worker held to it (``cluster_budget``), else in the worker itself."""
    seconds, memory = limits
    if seconds is None and memory is None:
        return client.submit(read_bytes, rel, data, key=key)
    return client.submit(read_bytes_within, rel, data, seconds, memory, key=key)


def read_dask(
    root: Path,
    todo: list[str],
    address: str,
    window: int | None,
    limits: tuple[float | None, int | None] = (None, None),
) -> Iterator[list[Outcome]]:
    """Read ``todo`` on a Dask cluster, at most ``window`` files' bytes sent at a time.

    The default window is twice the cluster's threads (at least 4). A file is read from
    disk here when it is sent, so this process never holds more than the window's bytes.
    ``limits`` is each file's budget (seconds, MiB), None each for no limit.
    """
    from distributed import Client
    from distributed import as_completed as dask_completed

    from pipeline.corpus.cluster_warm import warm_workers

    with Client(address, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        warm_workers(client)  # start-up once per worker, before the first file
        threads = sum(client.nthreads().values())
        size = max(1, window) if window else max(4, 2 * threads)
        # Keys are global on the scheduler: unique ones keep two builds apart.
        run = uuid.uuid4().hex
        waiting = iter(enumerate(todo))
        flight: dict[Future[Outcome], str] = {}
        unsent: list[Outcome] = []

        def send(count: int) -> list[Future[Outcome]]:
            """Send ``count`` more files (fewer at the end); unreadable ones go to unsent."""
            sent: list[Future[Outcome]] = []
            for i, rel in waiting:
                try:
                    data = read_regular(root / rel)
                except IngestError as err:  # changed since it was hashed
                    unsent.append((rel, None, err.reason))
                    continue
                future = _submit_dask(client, rel, data, limits, key=f"{run}-{i}")
                flight[future] = rel
                sent.append(future)
                if len(sent) == count:
                    break
            return sent

        running = dask_completed(send(size), loop=client.loop)  # type: ignore[no-untyped-call]
        for batch in running.batches():  # type: ignore[no-untyped-call]
            ready, unsent[:] = unsent[:], []
            for future in batch:
                rel = flight.pop(future)
                try:
                    ready.append(checked_outcome(rel, future.result()))
                except Exception as err:  # the worker died on it, or the cluster gave up
                    first = (str(err).splitlines() or [""])[0]
                    ready.append((rel, None, f"worker failed: {first}"[:500]))
                future.release()
            yield ready
            # Written: only now do more files go out, so the window bounds both ends.
            running.update(send(len(batch)))  # type: ignore[no-untyped-call]
        if unsent:
            yield unsent
