"""A per-file time budget for the worker processes of a corpus build.

A worker writes a note when it starts a file (its process id and the file's path) and
removes it when the file is read. While the build waits for results it looks at the
notes: a file read for longer than the budget has its worker killed (SIGKILL: pdfium's
text-page load cannot be interrupted any other way; issue 13, item 3) and becomes a
failure with that reason. The pool is then rebuilt, and the rest goes on.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.corpus.document_rows import DocumentRows
from pipeline.document import Document

# (relative path, document (or its rows, from a worker) or None, failure reason or None)
Outcome = tuple[str, Document | DocumentRows | None, str | None]


@dataclass(frozen=True)
class Budget:
    """Seconds a file may take, the folder of the workers' notes, and the memory a
    worker may map (``RLIMIT_AS``, in MiB; None: no limit)."""

    seconds: float | None
    notes: Path
    memory_mb: int | None = None

    def reason(self) -> str:
        """The failure reason of a file over the budget."""
        return f"over the time budget of {self.seconds or 0:g} s per file (its worker was stopped)"

    def clear(self) -> None:
        """Forget every note (a new pool starts: the old notes' workers are gone)."""
        for note in self.notes.iterdir():
            note.unlink(missing_ok=True)

    def overdue(self) -> list[str]:
        """Kill the workers of files read for longer than the budget; return those files."""
        late: list[str] = []
        if self.seconds is None:
            return late
        now = time.time()
        for note in self.notes.iterdir():
            try:
                started = note.stat().st_mtime
                pid, rel = note.read_text("utf-8").split("\n", 1)
            except (OSError, ValueError):
                continue  # the worker finished (and removed it) meanwhile
            if now - started <= self.seconds:
                continue
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
            note.unlink(missing_ok=True)
            late.append(rel)
        return late


def read_noted(
    reader: Callable[[Path, str], Outcome], notes: Path, path: Path, rel: str
) -> Outcome:
    """Run ``reader(path, rel)`` in a worker with a note that it is reading ``rel``.

    Args:
        reader: The function that reads one file (a top-level function).
        notes: The budget's folder of notes.
        path: Where the file is.
        rel: Its path relative to the corpus root.

    Returns:
        What ``reader`` returns.
    """
    note = notes / hashlib.sha256(rel.encode()).hexdigest()
    note.write_text(f"{os.getpid()}\n{rel}", encoding="utf-8")
    try:
        return reader(path, rel)
    finally:
        note.unlink(missing_ok=True)
