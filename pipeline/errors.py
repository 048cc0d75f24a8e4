"""Errors a user can cause; the CLI prints them as one line, never a traceback."""

from __future__ import annotations

from pathlib import Path


class NormtraceError(Exception):
    """Base class of errors caused by input rather than by a bug."""


class IngestError(NormtraceError):
    """A file could not be read as a document; ``str(err)`` names file and reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class FrontMatterError(IngestError):
    """A text file's YAML front matter is unsafe, too large, or holds a field of the wrong type."""


class BrokenDocumentError(IngestError):
    """A file reads, but what it yields is not a document (no paragraphs, garbled text)."""
