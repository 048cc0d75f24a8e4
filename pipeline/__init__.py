"""normtrace: structured data and redlines from UN documents on cyber security."""

from pipeline.document import Document, Paragraph

__all__ = ["Document", "Paragraph", "load_document"]


def load_document(path, **kwargs):  # type: ignore[no-untyped-def]
    """Read a PDF or text file into a Document (see ``pipeline.ingest``)."""
    from pipeline.ingest import load_document as _load

    return _load(path, **kwargs)
