"""Read text files into pages of ``Line`` objects.

Three kinds of text reach us: text extracted from UN PDFs (a truly empty line
marks a page break; lines holding only spaces separate paragraphs), text with a
YAML front matter and Markdown footnotes (``[^4]``), and plain speeches with one
paragraph per line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import IngestError
from pipeline.ingest.lines import Line, Page

_MD_MARKER = re.compile(r"\[\^(\d{1,3})\](?!:)")
_MD_NOTE = re.compile(r"^\[\^(\d{1,3})\]:\s*(.*)$")


def read_text(path: str | Path) -> tuple[list[Page], dict[str, Any]]:
    """Read a text file into pages and its front-matter metadata.

    Returns:
        The pages, and the YAML front matter as a dict (empty when there is none).

    Raises:
        IngestError: The file is not UTF-8 text, is empty, or its front matter is broken.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise IngestError(path, f"cannot read the file ({err.strerror})") from None
    if b"\x00" in raw[:4096]:
        raise IngestError(path, "binary data, not a text document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(path, "not UTF-8 text") from None
    if not text.strip():
        raise IngestError(path, "the file is empty")
    meta: dict[str, Any] = {}
    if text.startswith("---\n"):
        meta, text = _front_matter(path, text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if meta:
        lines = _markdown_footnotes(lines)
    # Text extracted from PDFs separates paragraphs with lines of spaces and marks
    # page breaks with truly empty lines; other texts use empty lines between paragraphs.
    page_breaks = any(line and not line.strip() for line in lines)
    return _paginate(lines, page_breaks), meta


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    end = text.find("\n---", 4)
    if end < 0:
        raise IngestError(path, "YAML front matter has no closing '---'")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as err:
        raise IngestError(path, f"broken YAML front matter ({err.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise IngestError(path, "YAML front matter is not a mapping")
    return meta, text[end + 4 :].lstrip("\n")


def _markdown_footnotes(lines: list[str]) -> list[str]:
    """Rewrite Markdown footnotes into the UN layout: separator, then "N text"."""
    out: list[str] = []
    for line in lines:
        if line.strip() == "---":
            out.append("__________")
        elif m := _MD_NOTE.match(line.strip()):
            out.append(f"{m.group(1)} {m.group(2)}")
        else:
            out.append(line)
    return out


def _paginate(raw_lines: list[str], page_breaks: bool) -> list[Page]:
    """Split at truly empty lines where they mark page breaks; others stay blank lines."""
    pages = [Page(number=1, lines=[])]
    for raw in raw_lines:
        if page_breaks and raw == "" and pages[-1].lines and any(ln.text for ln in pages[-1].lines):
            pages.append(Page(number=len(pages) + 1, lines=[]))
            continue
        text, markers = _inline_markers(raw.strip())
        pages[-1].lines.append(Line(text=text, page=pages[-1].number, markers=markers))
    return [page for page in pages if page.lines]


def _inline_markers(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Take Markdown footnote markers out of a line, remembering where they were."""
    markers: list[tuple[int, str]] = []
    while m := _MD_MARKER.search(text):
        markers.append((m.start(), m.group(1)))
        text = text[: m.start()] + text[m.end() :]
    return text, markers
