"""The reading limits of a PDF (issue 27) and the error that names one.

``pdf_bounds.check_pdf`` checks the bytes against them before any reader starts;
``pdf.py`` counts pages and characters as pdfium opens the file.
"""

from __future__ import annotations

from pipeline.errors import IngestError

MAX_PAGES = 5_000
MAX_PAGE_CHARS = 50_000
MAX_DOCUMENT_CHARS = 5_000_000
# pdfminer (the "pdfplumber" engine, and the second opinion on a damaged file) takes
# seconds for a few hundred kilobytes of drawing operators: it reads no page whose
# content streams decode to more than this.
MAX_PDFMINER_CONTENT = 256 * 2**10
MAX_STREAM_BYTES = 64 * 2**20
# A page's content stream: pdfium parses every operator of it (16 MiB of "q" take
# about two seconds).
MAX_CONTENT_BYTES = 16 * 2**20
MAX_DECODED_BYTES = 256 * 2**20
# Object streams hold objects, a few KB each: all of them together at most this.
MAX_PACKED_BYTES = 16 * 2**20
# LZW, RunLength and ASCII85 are decoded here in Python: a stream gives them this much.
MAX_SLOW_INPUT = 4 * 2**20
MAX_REF_DEPTH = 64
MAX_REF_PATHS = 1_000_000
MAX_OBJECTS = 2_000_000


class PdfLimitError(IngestError):
    """A PDF goes past one of the reading limits; the message names the limit."""
