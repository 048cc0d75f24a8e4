"""Ingestion as a short sequence of named stages, from a file to a ``Document``.

read (``pdf.read_pdf`` or ``text.read_text``) -> lines -> header -> clean -> blocks ->
body -> words -> kind -> record -> footnotes; then ``damage`` says whether what was
read is a document at all. The caller may say the document's kind; the layout's guess
(``layout.infer_kind``) is only the default.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

from pipeline.document import DOC_KINDS, Document
from pipeline.errors import BrokenDocumentError, IngestError
from pipeline.ingest.blocks import make_blocks
from pipeline.ingest.clean import (
    LINE_BREAK_HYPHEN,
    Vocabulary,
    clean_pages,
    drop_running_titles,
    resolve_hyphens,
    split_footnotes,
)
from pipeline.ingest.damage import damage
from pipeline.ingest.footnotes import infer_markers, link_footnotes
from pipeline.ingest.header import find_symbol
from pipeline.ingest.layout import (
    has_un_header,
    infer_kind,
    is_speech,
    masthead,
    meta_date,
    one_per_line,
    parse_layout,
    symbol_from_name,
)
from pipeline.ingest.lines import Page
from pipeline.ingest.record import parse_record
from pipeline.ingest.text import read_text
from pipeline.limits import collector_paused

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".xml")
# What the UN Official Document System serves for a symbol it does not hold.
_PLACEHOLDER = re.compile(
    r"document you are looking for does not exist|does not exist in the Official Document System",
    re.I,
)


def load_document(path: str | Path, *, engine: str = "pdfium", kind: str | None = None) -> Document:
    """Read a UN document into a ``Document``.

    Args:
        path: A PDF, a text file (extracted text, YAML front matter, a speech), or the
            UN's AKN4UN XML.
        engine: PDF text engine, "pdfium" (fast) or "pdfplumber" (reference).
        kind: What the document is (``document.DOC_KINDS``: "resolution", "speech" ...) when
            the caller knows; None infers it from the symbol, the wording and the path.

    Returns:
        The document with metadata, paragraphs, footnotes and source offsets.

    Raises:
        IngestError: The file is missing, unreadable, not a document, or a placeholder.
    """
    path = Path(path)
    if kind is not None and kind not in DOC_KINDS:
        raise IngestError(path, f"unknown kind {kind!r} (one of {', '.join(DOC_KINDS)})")
    if path.is_dir():
        raise IngestError(path, "is a folder, not a file")
    if not path.is_file():
        # A FIFO, device or folder is never opened: reading a FIFO would wait for ever.
        raise IngestError(path, "not a regular file" if path.exists() else "no such file")
    data = path.read_bytes()
    if not data:
        raise IngestError(path, "the file is empty")
    meta: dict[str, Any] = {}
    sha = hashlib.sha256(data).hexdigest()
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        if data[:5] != b"%PDF-":
            raise IngestError(path, "not a PDF (no %PDF header)")
        return _load_pdf(path, data, engine, sha, kind)
    if _is_xml(path, data):
        # The UN's AKN4UN markup (issue 23), by its suffix or by its first bytes.
        from pipeline.ingest.akn import read_akn

        return read_akn(path, data, sha, kind=kind)
    if path.suffix.lower() not in (".txt", ".md", ""):
        raise IngestError(path, f"unsupported file type {path.suffix!r}")
    with collector_paused():
        pages, meta = read_text(path)
        doc = build_document(path, pages, meta, sha, kind=kind)
        # The lines go before the collector is back: it then looks at the Document only.
        del pages
        reason = damage(doc)
    if reason:
        raise BrokenDocumentError(path, reason)
    return doc


# The PDF and XML readers (pdfium, defusedxml, their bounds) are imported only for a
# file of their kind: a text's ingest started 20% faster without them (issue 27).
def _is_xml(path: Path, data: bytes) -> bool:
    """An XML file by its suffix, or by its first bytes once they open with "<"."""
    if path.suffix.lower() == ".xml":
        return True
    if not data[:200].lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return False
    from pipeline.ingest.akn import looks_like_xml

    return looks_like_xml(data)


def _load_pdf(path: Path, data: bytes, engine: str, sha: str, kind: str | None) -> Document:
    """Read a PDF; when the result looks damaged, the other engine gets a try.

    pdfium and pdfminer (pdfplumber) recover from different damage; the first result
    that ``damage`` accepts wins, else the file fails with the first engine's reason.
    """
    from pipeline.ingest.pdf import read_pdf

    reason = ""
    for name in (engine, *(e for e in ("pdfium", "pdfplumber") if e != engine)):
        try:
            pages = read_pdf(path, engine=name, data=data)
            doc = build_document(path, pages, {}, sha, kind=kind)
        except IngestError:
            if name == engine:
                raise
            continue
        except Exception:
            # The second engine is only a second opinion on a damaged file: its own
            # failure on that file (pdfminer raises several kinds) leaves the first reason.
            if name == engine:
                raise
            continue
        found = damage(doc, pdf=True)
        if found is None:
            return doc
        reason = reason or found
    raise BrokenDocumentError(path, reason)


def number_lines(pages: list[Page]) -> str:
    """Give every line its offset in the source text: lines joined by \\n, pages by \\f."""
    parts: list[str] = []
    offset = 0
    for page in pages:
        for line in page.lines:
            line.offset = offset
            offset += len(line.text) + 1
        offset += 1
        texts = [line.text for line in page.lines]
        parts.append("\n".join(texts) + "\n\f" if texts else "\f")
    return "".join(parts)


def build_document(
    path: Path, pages: list[Page], meta: dict[str, Any], sha: str, *, kind: str | None = None
) -> Document:
    """Turn the pages of one file into a Document, stage by stage.

    Stages: lines (offsets into the source text), header (placeholder, symbol), clean
    (running titles, footnotes), blocks, body (paragraphs, title, sponsors), words
    (hyphens), kind (inferred unless given), record (turns and votes), footnotes.

    Args:
        path: The file (its name can carry the symbol or a speaker).
        pages: Its pages of lines, from ``read_pdf`` or ``read_text``.
        meta: Front-matter fields of a text file (symbol, title, date, language).
        sha: The file's SHA-256.
        kind: The document's kind when the caller knows it; None infers it.

    Returns:
        The Document.
    """
    # Stage: lines.
    source_text = number_lines(pages)
    # Stage: header (what the first page says the file is).
    first_lines = [line.text for line in pages[0].lines if line.text.strip()]
    if len(pages) <= 2 and _PLACEHOLDER.search(" ".join(first_lines[:40])):
        raise IngestError(
            path, "placeholder: the UN document system says this document does not exist"
        )
    un_layout = has_un_header(first_lines)
    symbol = meta.get("symbol") or (find_symbol(first_lines) if un_layout else None)
    symbol = symbol or symbol_from_name(path)
    # Stage: clean.
    cleaned = clean_pages(pages, symbol)
    notes = split_footnotes(cleaned.footnotes)
    is_text = not pages[0].lines or pages[0].lines[0].x0 is None
    if is_text:  # text lost its superscripts and keeps stray running titles
        infer_markers(cleaned.body, {marker for marker, _, _ in notes})
        start, head = masthead(cleaned.body, meta)
        cleaned.body = drop_running_titles(cleaned.body, head, start)
    # Stage: blocks, then body.
    plain = not un_layout and not meta
    blocks = make_blocks(cleaned.body, line_per_paragraph=plain and is_text and one_per_line(pages))
    paragraphs, meeting, info, title, sponsors = parse_layout(blocks, symbol, plain, meta)
    # The symbol printed at the top wins over symbols the header cites (A/78/404).
    symbol = symbol or info.get("symbol")
    # Stage: words.
    words = Vocabulary(cleaned.body)  # read only if a hyphen asks
    paragraphs = [
        dataclasses.replace(p, text=resolve_hyphens(p.text, words))
        if LINE_BREAK_HYPHEN in p.text
        else p  # nothing to resolve: no copy of the paragraph
        for p in paragraphs
    ]
    notes = [(marker, resolve_hyphens(text, words), page) for marker, text, page in notes]
    title = resolve_hyphens(title, words) if title else title
    # Stage: kind.
    speech = kind == "speech" if kind else plain and is_speech(path, paragraphs)
    if speech:
        speaker = path.stem.split("_")[0] if "_" in path.stem else None
        paragraphs = [
            dataclasses.replace(p, id=f"para_{i}", kind="speech", affiliation=speaker)
            for i, p in enumerate(paragraphs, start=1)
        ]
    doc_type = kind or infer_kind(symbol, path, speech, sponsors)
    # Stage: record.
    votes: tuple[Any, ...] = ()
    if doc_type == "record":
        paragraphs, votes = parse_record(paragraphs)
    # Stage: footnotes, linked to the paragraphs that cite them.
    return Document(
        symbol=symbol,
        title=title,
        doc_type=doc_type,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(link_footnotes(notes, paragraphs)),
        date=info.get("date") or meta_date(meta),
        adoption_date=info.get("adoption_date"),
        session=info.get("session"),
        agenda_items=tuple(info.get("agenda_items", ())),
        sponsors=tuple(sponsors),
        committee_report=info.get("committee_report"),
        meeting=meeting,
        language=str(meta.get("language", "en")).lower()[:2],
        source=str(path),
        sha256=sha,
        pages=len(pages),
        recorded_votes=votes,
        source_text=source_text,
    )
