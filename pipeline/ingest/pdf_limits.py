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
# pdfminer's cost grows with pages, their content and their fonts (on a loaded 2-core
# machine: 26 s for the corpus's largest PDF, 46 pages and 2.0 MiB of content; 26 s for
# 4,900 pages of one line; 6 s for one page naming 5,000 fonts): it reads no file past
# these (the corpus's most: 46 pages, 2.0 MiB, 24 fonts).
MAX_PDFMINER_PAGES = 100
MAX_PDFMINER_TOTAL = 4 * 2**20
MAX_PDFMINER_FONTS = 500
MAX_STREAM_BYTES = 64 * 2**20
# A page's content stream: pdfium parses every operator of it (16 MiB of "q" take
# about two seconds).
MAX_CONTENT_BYTES = 16 * 2**20
MAX_DECODED_BYTES = 256 * 2**20
# Object streams hold objects, a few KB each: all of them together at most this.
MAX_PACKED_BYTES = 16 * 2**20
# LZW, RunLength and ASCII85 are decoded here in Python: a stream gives them this much.
MAX_SLOW_INPUT = 4 * 2**20
# UTF-16 units one glyph's ToUnicode mapping may give ("ffi" is 3; the corpus's most).
# 500 a glyph made 40,000 glyphs 16 million characters: 3 GB inside pdfium.
MAX_TOUNICODE_UNITS = 32
MAX_REF_DEPTH = 64
MAX_REF_PATHS = 1_000_000
MAX_OBJECTS = 2_000_000
# Form XObjects the pages draw, nested forms counted through (a form drawing the next
# twice, 24 deep, is 16 million draws: pdfium took 1 GB and died), and the bytes of
# content those draws parse (a 240-byte form drawn 10,000 times: 1.9 million characters
# on one page, 4.5 s and 260 MB before the page's character limit stopped it).
MAX_FORM_DRAWS = 5_000
MAX_FORM_CONTENT = 2 * 2**20


class PdfLimitError(IngestError):
    """A PDF goes past one of the reading limits; the message names the limit."""
