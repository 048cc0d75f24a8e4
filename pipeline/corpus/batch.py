"""Build a corpus store from a folder: incremental, parallel, resumable.

``build(root, db)`` walks ROOT for supported files, skips those whose content hash is
already stored (as a document or as a failure), reads the rest (ingest + extract) in
worker processes or on a Dask cluster, and writes the results from this process alone.
At most a window of files is in flight (twice the workers by default), so memory stays
flat whatever the size of the corpus; results ready together are committed together
(``BATCH_FILES`` at most), so the writer keeps up without holding anything back. A file
that cannot be read is recorded in ``failures`` with the reason and the batch goes on;
so is a path that is no regular file (a dangling symbolic link, a link loop, a FIFO or a
device: never opened, so never waited on). Files gone from ROOT are removed, but a build
that would remove more than a small share of the store (``PRUNE_SHARE`` and more than
``PRUNE_FLOOR`` files: an empty or wrong ROOT) is refused unless ``prune`` is set. Text
reuse is then brought up to date (``pipeline.corpus.reuse``).

Killing a build at any moment loses at most the files being read or written: a file's
rows are committed whole or not at all, and the next run reads what is missing.

Each stored file records the reader that read it (``fingerprint.reader_fingerprint``:
the modules ingest and extract import, their data, the topic model and the libraries'
versions). A file read by another reader counts as changed, so after an upgrade the next
build reads every file again and no document keeps rows an older reader made.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.corpus.budget import Budget, Outcome
from pipeline.corpus.cluster_read import read_dask
from pipeline.corpus.document_rows import DocumentRows
from pipeline.corpus.files import find_files as find_files  # re-exported for tests
from pipeline.corpus.files import find_files_checked, hash_files
from pipeline.corpus.fingerprint import reader_fingerprint
from pipeline.corpus.reuse import ReuseCounts, reuse_counts, update_reuse
from pipeline.corpus.store import Store
from pipeline.corpus.workers import WORKER_DIED as WORKER_DIED
from pipeline.corpus.workers import Check, Reader, read_local, start_server
from pipeline.corpus.workers import read_bytes as read_bytes
from pipeline.corpus.workers import read_file as read_file
from pipeline.errors import NormtraceError

# The libraries whose version changes what a file reads into.

# A build removes at most this share of the stored files, or this many, without prune.
PRUNE_SHARE = 0.10
PRUNE_FLOOR = 5
# Files written in one transaction at most (when results come faster than one by one).
BATCH_FILES = 64


class PruneRefusedError(NormtraceError):
    """A build would remove most of the store: ROOT is empty or the wrong folder."""


@dataclass
class BuildStats:
    """What a build did; ``parsed`` is 0 when nothing under ROOT changed."""

    files: int = 0
    parsed: int = 0
    skipped: int = 0
    failed: int = 0
    removed: int = 0
    pages: int = 0
    paragraphs: int = 0
    reuse_pairs: int | None = None  # None when reuse was already up to date
    reuse_note: str = ""  # what bounded the reuse search: copies collapsed, paragraphs capped
    reread: int = 0  # files unchanged on disk, read again because another reader read them
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) this run


def _reuse_note(counts: ReuseCounts | None) -> str:
    """ " (4,398 repeated copies collapsed; 3 paragraphs capped at 50 sources)", or "";
    also the paragraphs whose reuse candidates were capped (a flood of similar ones)."""
    if counts is None:
        return ""
    parts = []
    if counts.collapsed:
        parts.append(f"{counts.collapsed:,} repeated copies collapsed")
    if counts.capped:
        parts.append(f"{counts.capped:,} paragraphs capped at {counts.cap} sources")
    if counts.candidates_capped:
        parts.append(
            f"{counts.candidates_capped:,} paragraphs capped at "
            f"{counts.candidate_cap} reuse candidates"
        )
    return f" ({'; '.join(parts)})" if parts else ""


def _check_prune(root: Path, gone: int, stored: int, found: int, prune: bool) -> None:
    """Refuse to remove more than a small share of the store without ``prune``."""
    if prune or gone <= PRUNE_FLOOR or gone <= PRUNE_SHARE * stored:
        return
    raise PruneRefusedError(
        f"{root}: the build would remove {gone} of the {stored} stored files (ROOT holds "
        f"{found}); is it the right folder? Pass --prune to remove them"
    )


def _largest_first(root: Path, todo: list[str]) -> list[str]:
    """The files by size, largest first: a long file started last would leave the other
    workers idle at the end of the build."""

    def size(rel: str) -> int:
        try:
            return (root / rel).stat().st_size
        except OSError:
            return 0

    return sorted(todo, key=lambda rel: (-size(rel), rel))


def build(
    root: str | Path,
    db: str | Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    progress: bool = False,
    reuse: bool = True,
    on_written: Callable[[str], None] | None = None,
    reader: Reader = read_file,
    prune: bool = False,
    budget: float | None = None,
    memory: int | None = None,
    window: int | None = None,
    follow_links: bool = False,
) -> BuildStats:
    """Bring the store at ``db`` up to date with the files under ``root``.

    Args:
        root: The corpus folder.
        db: The SQLite file (created if missing).
        jobs: Worker processes (default: all cores); 1 reads in this process.
        scheduler: Address of a Dask scheduler ("tcp://host:8786") to read on instead.
        force: Read every file again, even those already stored unchanged.
        progress: Show a progress bar (files, pages, failures) on standard error.
        reuse: Update the text-reuse table after the files are stored.
        on_written: Called with each file's relative path once its rows are committed.
        reader: Reads one file into an outcome (a top-level function, for the workers).
        prune: Remove the stored files gone from ROOT even when they are many.
        budget: Seconds a file may take to read; a file over it fails and its worker
            is killed (``pipeline.corpus.budget``). Files are then always read in
            worker processes, even with ``jobs`` 1. On a Dask cluster each file is
            read in a child of its worker, killed when over (``cluster_budget``).
        memory: MiB a worker may map beyond what it holds after loading the NLP pipeline;
            a file that needs more fails. Also reads in worker processes.
        window: Files in flight at most (sent to workers, read, or waiting to be
            written); default twice ``jobs``, or twice the cluster's threads. Memory
            depends on it, not on the number of files.
        follow_links: Read files behind symbolic links that leave ``root`` (regular
            files only); by default such a link is a failure, never opened.

    Returns:
        What was read, skipped, failed and removed, and how long it took.

    Raises:
        PruneRefusedError: More than ``PRUNE_SHARE`` (and ``PRUNE_FLOOR``) of the stored
            files are gone from ROOT and ``prune`` is not set; nothing was changed.
    """
    start = time.perf_counter()
    root = Path(root)
    stats = BuildStats()
    files, problems = find_files_checked(root, follow_links=follow_links)
    stats.files = len(files)
    with Store(db) as store, contextlib.ExitStack() as stack:
        known = store.known_files()
        workers = jobs or os.cpu_count() or 1
        local_pool = not scheduler and (workers > 1 or budget is not None or memory is not None)
        every = force or not known  # every file will be read: no hash decides which
        if local_pool and files and every:
            start_server()  # it imports the readers while this process goes on
        gone = sorted(set(known) - set(files))
        _check_prune(root, len(gone), len(known), len(files), prune)
        for rel in gone:
            store.remove(rel)
            stats.removed += 1
        fingerprint = reader_fingerprint()
        # Reading every file here or in local workers, each is hashed just before it is
        # read: the workers read the first files while this process hashes the rest.
        lazy = every and not scheduler
        hashes: dict[str, str] = {}
        unreadable: dict[str, str] = {}
        if lazy:
            todo = list(files)
        else:
            hashes, unreadable = hash_files(root, files, problems)
            todo = [rel for rel in files if force or known.get(rel) != (hashes[rel], fingerprint)]
        stats.skipped = len(files) - len(todo)
        # What cannot be hashed is a failure without a reader: it is never opened.
        failed_now: list[Outcome] = [
            (rel, None, unreadable[rel]) for rel in todo if rel in unreadable
        ]
        todo = [rel for rel in todo if rel not in unreadable]
        if scheduler or workers > 1:
            todo = _largest_first(root, todo)
        outcomes: Iterator[list[Outcome]]
        if scheduler:
            outcomes = read_dask(root, todo, scheduler, window, (budget, memory))
        else:
            notes = stack.enter_context(tempfile.TemporaryDirectory(prefix="normtrace-budget-"))
            limited = budget is not None or memory is not None
            limit = Budget(budget, Path(notes), memory) if limited else None
            check = _hash_when_read(root, problems, hashes, unreadable) if lazy else None
            outcomes = read_local(root, todo, workers, reader, limit, window, check)
        total = len(todo) + len(failed_now)
        for ready in _with_progress(
            itertools.chain([failed_now], outcomes), total, stats, progress
        ):
            _write(store, ready, hashes, fingerprint, on_written)
        stale = {rel for rel, (sha256, read_by) in known.items() if read_by != fingerprint}
        stats.reread = sum(1 for rel in stale if rel in hashes and known[rel][0] == hashes[rel])
        if reuse:
            stats.reuse_pairs = update_reuse(store)
            if stats.reuse_pairs is not None:
                stats.reuse_note = _reuse_note(reuse_counts(store))
    stats.seconds = time.perf_counter() - start
    return stats


def _hash_when_read(
    root: Path, problems: dict[str, str], hashes: dict[str, str], unreadable: dict[str, str]
) -> Check:
    """A ``read_local`` check that hashes each file into ``hashes`` as it is sent, and
    refuses those that cannot be hashed (``unreadable``: never opened by a reader)."""

    def check(rel: str) -> str | None:
        if rel not in hashes:  # a file sent again after a worker died is hashed once
            problem = {rel: problems[rel]} if rel in problems else None
            found, bad = hash_files(root, [rel], problem)
            hashes.update(found)
            unreadable.update(bad)
        return unreadable.get(rel)

    return check


def _write(
    store: Store,
    ready: list[Outcome],
    hashes: dict[str, str],
    fingerprint: str,
    on_written: Callable[[str], None] | None,
) -> None:
    """Write the outcomes ready together, ``BATCH_FILES`` files to a transaction.

    Outcomes come in groups when the writer is behind the readers, so a batch costs
    no wait: nothing read is held back for a batch to fill, and ``on_written`` hears
    of a file only once its batch is committed.
    """
    for start in range(0, len(ready), BATCH_FILES):
        part = ready[start : start + BATCH_FILES]
        with store.transaction():
            for rel, doc, reason in part:
                if isinstance(doc, DocumentRows):  # made by a worker
                    store.write_rows(doc, reader=fingerprint)
                elif doc is not None:
                    store.write_document(rel, doc, reader=fingerprint)
                else:
                    reason = reason or "unknown error"
                    store.write_failure(rel, hashes[rel], reason, reader=fingerprint)
        if on_written:
            for rel, _, _ in part:
                on_written(rel)


def _with_progress(
    groups: Iterable[list[Outcome]], total: int, stats: BuildStats, show: bool
) -> Iterator[list[Outcome]]:
    """Count each outcome into ``stats`` and show files, pages and failures as they come."""
    if not show:  # no bar: the first files go out without waiting for rich to import
        for group in groups:
            _count(group, stats)
            yield group
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[pages]} pages · {task.fields[failed]} failed"),
        TimeElapsedColumn(),
    )
    console = Console(file=sys.stderr)
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("reading", total=total, pages=0, failed=0)
        for group in groups:
            _count(group, stats)
            yield group
            bar.update(task, completed=stats.parsed, pages=stats.pages, failed=stats.failed)


def _count(group: list[Outcome], stats: BuildStats) -> None:
    for rel, doc, reason in group:
        stats.parsed += 1
        if doc is not None:
            stats.pages += doc.pages
            stats.paragraphs += len(doc.paragraphs)
        else:
            stats.failed += 1
            stats.failures.append((rel, reason or ""))
