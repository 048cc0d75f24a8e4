"""Ingestion: UN PDFs and texts into one typed ``Document``.

``load_document(path)`` reads the file (pypdfium2 or pdfplumber for PDFs), removes
page noise, keeps footnotes, and parses the UN document grammar.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from pipeline.document import Document, Paragraph
from pipeline.errors import BrokenDocumentError, IngestError
from pipeline.ingest.blocks import Block, make_blocks
from pipeline.ingest.clean import (
    clean_pages,
    drop_running_titles,
    resolve_hyphens,
    split_footnotes,
    vocabulary,
)
from pipeline.ingest.footnotes import infer_markers, link_footnotes
from pipeline.ingest.header import find_symbol, parse_header, parse_sponsors, split_title
from pipeline.ingest.lines import Line, Page
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.record import parse_record, split_record_header
from pipeline.ingest.structure import MEETING, OPENING, parse_body, plain_paragraphs
from pipeline.ingest.text import read_text

__all__ = ["load_document", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
# What the UN Official Document System serves for a symbol it does not hold.
_PLACEHOLDER = re.compile(
    r"document you are looking for does not exist|does not exist in the Official Document System",
    re.I,
)


def load_document(path: str | Path, *, engine: str = "pdfium") -> Document:
    """Read a UN document into a ``Document``.

    Args:
        path: A PDF, or a text file (extracted text, YAML front matter, a speech).
        engine: PDF text engine, "pdfium" (fast) or "pdfplumber" (reference).

    Returns:
        The document with metadata, paragraphs, footnotes and source offsets.

    Raises:
        IngestError: The file is missing, unreadable, not a document, or a placeholder.
    """
    path = Path(path)
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
        return _load_pdf(path, engine, sha)
    if path.suffix.lower() in (".txt", ".md", ""):
        pages, meta = read_text(path)
    else:
        raise IngestError(path, f"unsupported file type {path.suffix!r}")
    doc = _build(path, pages, meta, _number_lines(pages), sha)
    if reason := damage(doc):
        raise BrokenDocumentError(path, reason)
    return doc


# Share of a document's characters (spaces aside) that may be U+FFFD, control or
# private-use characters, or pdfminer's "(cid:N)": no file of the corpus has one (767
# files read); a damaged font or stream gives many (8% in a bit-flipped A/RES/80/16).
MAX_BAD_SHARE = 0.02
# Fewest characters per page of text a PDF may give: the corpus's lowest is 218 (a
# one-page Security Council resolution); damaged streams gave 77 to 137.
MIN_CHARS_PER_PAGE = 100
_CID = re.compile(r"\(cid:\d+\)")


def damage(doc: Document, *, pdf: bool = False) -> str | None:
    """Why a document that was read is no document after all, or None.

    Pages without a paragraph, text with more than ``MAX_BAD_SHARE`` unreadable
    characters, text read with its bytes in the wrong order, or (``pdf``) fewer than
    ``MIN_CHARS_PER_PAGE`` characters a page: what a bit-flipped or truncated PDF reads
    as (issue 13, item 4). Such a file must fail, not be stored as a good document.
    """
    if not doc.paragraphs:
        pages = f"{doc.pages} page" + ("" if doc.pages == 1 else "s")
        return f"{pages} but no paragraph (damaged file, or a scan without text)"
    chars = [c for p in doc.paragraphs for c in p.text if not c.isspace()]
    bad = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co"))
    # pdfminer writes a glyph it cannot map to text as "(cid:12)".
    bad += sum(len(m) for p in doc.paragraphs for m in _CID.findall(p.text))
    if bad > MAX_BAD_SHARE * len(chars):
        return f"garbled text: {bad:,} of {len(chars):,} characters are unreadable"
    # Latin text read as UTF-16 of the wrong byte order: "Open" becomes "伀灥渀".
    wide = [c for c in chars if ord(c) > 0xFF]
    if len(wide) >= 10 and sum(1 for c in wide if ord(c) & 0xFF == 0) > 0.1 * len(wide):
        return "garbled text: characters read with their bytes in the wrong order"
    if pdf and len(chars) < MIN_CHARS_PER_PAGE * doc.pages:
        pages = f"{doc.pages} page" + ("" if doc.pages == 1 else "s")
        return f"almost no text: {len(chars)} characters on {pages} (damaged file?)"
    return None


def _load_pdf(path: Path, engine: str, sha: str) -> Document:
    """Read a PDF; when the result looks damaged, the other engine gets a try.

    pdfium and pdfminer (pdfplumber) recover from different damage; the first result
    that ``damage`` accepts wins, else the file fails with the first engine's reason.
    """
    reason = ""
    for name in (engine, *(e for e in ("pdfium", "pdfplumber") if e != engine)):
        try:
            pages = read_pdf(path, engine=name)
            doc = _build(path, pages, {}, _number_lines(pages), sha)
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


def _number_lines(pages: list[Page]) -> str:
    """Give every line its offset in the source text: lines joined by \\n, pages by \\f."""
    parts: list[str] = []
    offset = 0
    for page in pages:
        for line in page.lines:
            line.offset = offset
            parts.append(line.text + "\n")
            offset += len(line.text) + 1
        parts.append("\f")
        offset += 1
    return "".join(parts)


def _build(
    path: Path, pages: list[Page], meta: dict[str, Any], source_text: str, sha: str
) -> Document:
    first_lines = [line.text for line in pages[0].lines if line.text.strip()]
    if len(pages) <= 2 and _PLACEHOLDER.search(" ".join(first_lines[:40])):
        raise IngestError(
            path, "placeholder: the UN document system says this document does not exist"
        )
    un_layout = _has_un_header(first_lines)
    symbol = meta.get("symbol") or (find_symbol(first_lines) if un_layout else None)
    symbol = symbol or _symbol_from_name(path)
    cleaned = clean_pages(pages, symbol)
    notes = split_footnotes(cleaned.footnotes)
    is_text = not pages[0].lines or pages[0].lines[0].x0 is None
    if is_text:  # text lost its superscripts and keeps stray running titles
        infer_markers(cleaned.body, {marker for marker, _, _ in notes})
        start, masthead = _masthead(cleaned.body, meta)
        cleaned.body = drop_running_titles(cleaned.body, masthead, start)
    plain = not un_layout and not meta
    blocks = make_blocks(
        cleaned.body, line_per_paragraph=plain and is_text and _one_per_line(pages)
    )
    paragraphs, meeting, info, title, sponsors = _structure(blocks, symbol, plain, meta)
    # The symbol printed at the top wins over symbols the header cites (A/78/404).
    symbol = symbol or info.get("symbol")
    words = vocabulary(cleaned.body)
    paragraphs = [dataclasses.replace(p, text=resolve_hyphens(p.text, words)) for p in paragraphs]
    notes = [(marker, resolve_hyphens(text, words), page) for marker, text, page in notes]
    title = resolve_hyphens(title, words) if title else title
    speech = plain and _is_speech(path, paragraphs)
    if speech:
        speaker = path.stem.split("_")[0] if "_" in path.stem else None
        paragraphs = [
            dataclasses.replace(p, id=f"para_{i}", kind="speech", affiliation=speaker)
            for i, p in enumerate(paragraphs, start=1)
        ]
    doc_type = _doc_type(symbol, path, speech, sponsors)
    votes: tuple[Any, ...] = ()
    if doc_type == "record":
        paragraphs, votes = parse_record(paragraphs)
    return Document(
        symbol=symbol,
        title=title,
        doc_type=doc_type,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(link_footnotes(notes, paragraphs)),
        date=info.get("date") or _meta_date(meta),
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


def _structure(
    blocks: list[Block], symbol: str | None, plain: bool, meta: dict[str, Any]
) -> tuple[list[Paragraph], str | None, dict[str, Any], str | None, list[str]]:
    """Paragraphs, meeting line, header metadata, title and sponsors of the blocks.

    CASE 1: a resolution or draft ("The General Assembly," opens the body).
    CASE 2: a verbatim record (the masthead ends where the meeting is called to order).
    CASE 3: anything else (a short masthead, if any, then numbered or plain text).
    """
    title: str | None = meta.get("title")
    opening = next((i for i, b in enumerate(blocks) if OPENING.match(b.text())), None)
    if opening is not None:
        header = blocks[:opening]
        info = parse_header([ln.text for b in header for ln in b.lines])
        title, sponsors = _title_and_sponsors(header)
        opening_block = blocks[opening]
        decision = opening_block if OPENING.sub("", opening_block.text()).strip() else None
        paragraphs, meeting = parse_body(blocks[opening + 1 :], decision)
        return paragraphs, meeting, info, title, sponsors
    if "/PV." in (symbol or ""):
        start = split_record_header(blocks)
        header, body = blocks[:start], blocks[start:]
        info = parse_header([ln.text for b in header for ln in b.lines])
        title = title or next((b.lines[0].text for b in header if MEETING.match(b.text())), None)
        paragraphs = plain_paragraphs(body)
        # The items a record covers are its "Agenda item 13 (continued)" headings.
        items = [parse_header([p.text]).get("agenda_items", []) for p in paragraphs]
        info["agenda_items"] = list(dict.fromkeys(i for found in items for i in found))
        return paragraphs, None, info, title, []
    header, body = _split_plain_header(blocks, plain)
    info = parse_header([ln.text for b in header for ln in b.lines]) if header else {}
    return plain_paragraphs(body), None, info, title or _plain_title(header), []


def _masthead(lines: list[Line], meta: dict[str, Any]) -> tuple[int, str]:
    """Index of the line after "The General Assembly," and the text before it.

    Returns (len(lines), "") when there is no such line: nothing is judged then.
    """
    for i, line in enumerate(lines):
        if OPENING.match(line.text.strip()):
            head = [ln.text for ln in lines[:i]]
            return i + 1, " ".join([str(meta.get("title", "")), *head])
    return len(lines), ""


def _has_un_header(lines: list[str]) -> bool:
    """A UN masthead: "Distr.", "Official Records", or the symbol line at the very top.

    The whole first page is searched: some PDFs draw the masthead last.
    """
    head = " ".join(lines)
    if re.search(r"\bDistr\.|Official Records|^United Nations\b", head):
        return True
    return any(re.fullmatch(r"(?:United Nations\s+)?[AES]/\S+", line.strip()) for line in lines[:4])


def _is_speech(path: Path, paragraphs: list[Paragraph]) -> bool:
    """A statement made from the rostrum: General Debate files (ISO3_session_year) or by wording."""
    if re.fullmatch(r"[A-Z]{2,3}_\d{2,3}_\d{4}", path.stem):
        return True
    opening = " ".join(p.text for p in paragraphs[:4])[:3000]
    return bool(
        re.search(
            r"\b(?:Mr\.|Madam|Mister) President\b|\bthe President of the General Assembly\b"
            r"|\bthis (?:rostrum|Assembly|Hall)\b|\bExcellenc",
            opening,
        )
    )


def _one_per_line(pages: list[Page]) -> bool:
    """Whether a plain text puts each paragraph on one line.

    So it does when no blank line separates paragraphs, or most lines end a sentence.
    """
    all_lines = [ln.text.strip() for p in pages for ln in p.lines]
    lines = [line for line in all_lines if line]
    if not lines:
        return False
    inner = all_lines[all_lines.index(lines[0]) : len(all_lines) - all_lines[::-1].index(lines[-1])]
    ends = sum(line.endswith((".", "!", "?", ":", ";", "\u201d", '"')) for line in lines)
    return len(inner) == len(lines) or ends / len(lines) > 0.6


def _symbol_from_name(path: Path) -> str | None:
    stem = path.stem
    if re.match(r"^(A|S|E)_", stem):
        return re.sub(r"-EN$", "", stem).replace("_", "/")
    return None


def _meta_date(meta: dict[str, Any]) -> str | None:
    value = meta.get("date")
    return str(value) if value else None


def _title_and_sponsors(header: list[Block]) -> tuple[str | None, list[str]]:
    """The title ("73/27. Developments ...") and, for drafts, the sponsor list."""
    title: str | None = None
    sponsors: list[str] = []
    for i, block in enumerate(header):
        text = block.text()
        if (names := parse_sponsors(text)) is not None:
            sponsors = names
            rest = [b.text() for b in header[i + 1 :]]
            if rest:
                title = " ".join(rest)
            break
        number, rest_title = split_title(text)
        if number and rest_title.startswith("Resolution "):
            title = rest_title  # Security Council: "Resolution 2768 (2025)"
            break
        if number:
            # "79/243. United Nations Convention ..." and the title lines after it.
            title = " ".join([rest_title] + [b.text() for b in header[i + 1 :]])
            break
    if title is None and header:
        title = header[-1].text()
    return title, sponsors


def _split_plain_header(blocks: list[Block], speech: bool) -> tuple[list[Block], list[Block]]:
    """Without an opening line: the header is the leading first-page blocks of few words."""
    if speech:
        return [], blocks
    end = 0
    for i, block in enumerate(blocks):
        text = block.text()
        if block.page != 1 or len(text.split()) > 25 or _SECTION_HEADING.match(text):
            break
        end = i + 1
    return blocks[:end], blocks[end:]


_SECTION_HEADING = re.compile(r"^(?:[IVXL]+|[A-H])\.\s+\S")
_DOCUMENT_KIND = re.compile(r"^(?:Report|Note|Letter|Statement|Memorandum)\b")


def _plain_title(header: list[Block]) -> str | None:
    """The last header block; "Report of the Secretary-General" goes with the subject above it."""
    if not header:
        return None
    last = header[-1].text()
    if _DOCUMENT_KIND.match(last) and len(header) > 1:
        subject = header[-2].text()
        if not re.search(r"\bAgenda items?\b|\bsession\b|Distr\.", subject):
            return f"{subject}: {last}"
    return last


def _doc_type(symbol: str | None, path: Path, speech: bool, sponsors: list[str]) -> str:
    sym = symbol or ""
    if "/PV." in sym:
        return "record"
    if "/RES/" in sym:
        return "resolution"
    if re.search(r"/L\.\d+", sym) or sponsors:
        return "draft"
    if "/INF/" in sym or "statements" in path.parts:
        return "statement"
    if speech:
        return "speech"
    if sym:
        return "report"
    return "other"
