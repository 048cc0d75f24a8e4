"""Ingestion: UN PDFs and texts into one typed ``Document``.

``load_document(path)`` reads the file (pypdfium2 or pdfplumber for PDFs), removes
page noise, keeps footnotes, and parses the UN document grammar; the stages are in
``assemble.py``, the layout guesses in ``layout.py``, the damage check in ``damage.py``.
"""

from __future__ import annotations

from pipeline.ingest.assemble import SUPPORTED_SUFFIXES, build_document, load_document
from pipeline.ingest.damage import damage

__all__ = ["SUPPORTED_SUFFIXES", "build_document", "damage", "load_document"]
