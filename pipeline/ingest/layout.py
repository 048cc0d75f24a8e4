"""How a document is laid out: where its header ends, what kind it is, its title.

The stages of ``assemble.build_document`` ask these questions of the lines and blocks
that reading and cleaning give; each answer is a guess from the page, which the
caller can overrule by saying the document's kind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.document import Paragraph
from pipeline.ingest.blocks import Block
from pipeline.ingest.header import agenda_items, parse_header, parse_sponsors, split_title
from pipeline.ingest.lines import Line, Page
from pipeline.ingest.record import split_record_header
from pipeline.ingest.structure import OPENING, is_meeting, parse_body, plain_paragraphs


def parse_layout(
    blocks: list[Block], symbol: str | None, plain: bool, meta: dict[str, Any]
) -> tuple[list[Paragraph], str | None, dict[str, Any], str | None, list[str]]:
    """Paragraphs, meeting line, header metadata, title and sponsors of the blocks.

    CASE 1: a resolution or draft ("The General Assembly," opens the body).
    CASE 2: a verbatim record (the masthead ends where the meeting is called to order).
    CASE 3: anything else (a short masthead, if any, then numbered or plain text).
    """
    title: str | None = meta.get("title")
    opening = next((i for i, b in enumerate(blocks) if _is_opening(b.text())), None)
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
        title = title or next((b.lines[0].text for b in header if is_meeting(b.text())), None)
        paragraphs = plain_paragraphs(body)
        # The items a record covers are its "Agenda item 13 (continued)" headings.
        items = [agenda_items(p.text) for p in paragraphs]
        info["agenda_items"] = list(dict.fromkeys(i for found in items for i in found))
        return paragraphs, None, info, title, []
    header, body = _split_plain_header(blocks, plain)
    info = parse_header([ln.text for b in header for ln in b.lines]) if header else {}
    return plain_paragraphs(body), None, info, title or _plain_title(header), []


def _is_opening(text: str) -> bool:
    """Whether ``text`` opens with "The General Assembly," (``OPENING``).

    Its first word is looked at first: a text without that line (any but a resolution)
    is read to its end, and the pattern at every line was a tenth of the time.
    """
    return text.startswith("The ") and OPENING.match(text) is not None


def masthead(lines: list[Line], meta: dict[str, Any]) -> tuple[int, str]:
    """Index of the line after "The General Assembly," and the text before it.

    Returns (len(lines), "") when there is no such line: nothing is judged then.
    """
    for i, line in enumerate(lines):
        if _is_opening(line.text.strip()):
            head = [ln.text for ln in lines[:i]]
            return i + 1, " ".join([str(meta.get("title", "")), *head])
    return len(lines), ""


_UN_HEADER = re.compile(r"\bDistr\.|Official Records|^United Nations\b")


def has_un_header(lines: list[str]) -> bool:
    """A UN masthead: "Distr.", "Official Records", or the symbol line at the very top.

    The whole first page is searched: some PDFs draw the masthead last.
    """
    head = " ".join(lines)
    # The words looked for first, in C: the pattern tried each character of the page as
    # its start (a text of 50,000 lines has one page of 2 MB: 0.17 s).
    words = "Distr." in head or "Official Records" in head or head.startswith("United Nations")
    if words and _UN_HEADER.search(head):
        return True
    return any(re.fullmatch(r"(?:United Nations\s+)?[AES]/\S+", line.strip()) for line in lines[:4])


def is_speech(path: Path, paragraphs: list[Paragraph]) -> bool:
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


def one_per_line(pages: list[Page]) -> bool:
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


def symbol_from_name(path: Path) -> str | None:
    stem = path.stem
    if re.match(r"^(A|S|E)_", stem):
        return re.sub(r"-EN$", "", stem).replace("_", "/")
    return None


def meta_date(meta: dict[str, Any]) -> str | None:
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
    if end == len(blocks):  # only short blocks: a short text, not a header without a body
        return [], blocks
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


def infer_kind(symbol: str | None, path: Path, speech: bool, sponsors: list[str]) -> str:
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
