"""Read text files into pages of ``Line`` objects.

Three kinds of text reach us: text extracted from UN PDFs (a truly empty line
marks a page break; lines holding only spaces separate paragraphs), text with a
YAML front matter and Markdown footnotes (``[^4]``), and plain speeches with one
paragraph per line.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import FrontMatterError, IngestError
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


# Front matter is a few metadata lines (railcar files: about 400 bytes); more is not ours.
MAX_FRONT_MATTER = 64 * 1024
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A one-line field holds no line break (U+2028, NEL ...) nor control character: an
# escape sequence in a symbol would reach every report and terminal that prints it.
_BREAK_OR_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class _Plain(str):
    """A scalar written without quotes: ``12345`` or ``true`` there is not meant as text."""

    __slots__ = ()


class _FrontMatterLoader(yaml.BaseLoader):
    """PyYAML's base loader, which reads every scalar as text, without aliases or anchors.

    An alias repeats a node by reference, so a few hundred bytes of nested aliases
    expand to gigabytes once the value is used (issue 13, item 1). No tag is resolved
    and nothing but text, lists and mappings is ever built: a safe loader turned
    ``!!int abc``, ``!!timestamp`` with month 13 or a 5,000-digit integer into a
    ValueError outside its own errors (issue 27). ``_check_field`` checks the fields.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise yaml.YAMLError(f"aliases and anchors are not allowed (line {mark.line + 1})")
        return super().compose_node(parent, index)

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        return _Plain(value) if node.style is None and not _explicit_tag(node) else value


def _explicit_tag(node: Any) -> bool:
    """Whether a node carries a tag of its own (``!!int abc``): it is read as text."""
    return bool(node.tag != yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG)


# What a plain scalar would have been to a safe loader; said in the error, never built.
_PLAIN_KINDS = (
    (re.compile(r"true|false", re.IGNORECASE), "true/false"),
    # Each piece can match in one way only, so a long run of digits is read once.
    (
        re.compile(r"[-+]?(?:[\d_]+(?:\.[\d_]*)?|\.[\d_]+)(?:[eE][-+]?\d+)?|0x[\da-fA-F_]+"),
        "a number",
    ),
)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The checked front matter and the text after it.

    Only the fields the Document takes (symbol, title, date, language) are read, each
    checked for its type; other scalar fields are kept as text, other values dropped.
    """
    end = text.find("\n---", 4)
    if end < 0:
        raise FrontMatterError(path, "YAML front matter has no closing '---'")
    if end > MAX_FRONT_MATTER:
        raise FrontMatterError(
            path, f"YAML front matter is over {MAX_FRONT_MATTER // 1024} KiB ({end:,} characters)"
        )
    try:
        loaded = yaml.load(text[4:end], Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as err:
        problem = getattr(err, "problem", None) or str(err)
        reason = " ".join(str(problem).split())[:200]
        raise FrontMatterError(path, f"broken YAML front matter: {reason}") from None
    except RecursionError:
        raise FrontMatterError(path, "broken YAML front matter: nested too deeply") from None
    if not isinstance(loaded, dict):
        raise FrontMatterError(path, "YAML front matter is not a mapping")
    meta: dict[str, Any] = {}
    for key, value in loaded.items():
        if value is None or (isinstance(value, _Plain) and value in _NULLS):
            continue
        if key in _FIELDS:
            meta[key] = _check_field(path, key, value)
        elif isinstance(key, str) and isinstance(value, str):
            meta[key] = str(value)[:1000]
    return meta, text[end + 4 :].lstrip("\n")


# Field -> (longest accepted value, pattern it must match or None).
_FIELDS: dict[str, tuple[int, re.Pattern[str] | None]] = {
    "symbol": (100, re.compile(r"\S(?:.*\S)?")),
    "title": (2000, None),
    "date": (10, _ISO_DATE),
    "language": (20, _LANGUAGE),
}


def _check_field(path: Path, key: str, value: object) -> str:
    """A front-matter field the Document takes, as text; anything else is an error."""
    if isinstance(value, _Plain):
        kind = next((kind for pattern, kind in _PLAIN_KINDS if pattern.fullmatch(value)), None)
        if kind is not None:
            raise FrontMatterError(path, f"front matter field {key!r} must be text, not {kind}")
    if not isinstance(value, str):
        kind = {bool: "true/false", int: "a number", float: "a number", list: "a list",
                dict: "a mapping"}.get(type(value), type(value).__name__)  # fmt: skip
        raise FrontMatterError(path, f"front matter field {key!r} must be text, not {kind}")
    longest, pattern = _FIELDS[key]
    # A title may be folded over lines in YAML; the other fields are one word.
    value = " ".join(value.split()) if key == "title" else value.strip()
    shown = value[:40] + ("..." if len(value) > 40 else "")
    if len(value) > longest or _BREAK_OR_CONTROL.search(value):
        raise FrontMatterError(
            path,
            f"front matter field {key!r} must be one line of at most {longest} characters"
            " (no control character)",
        )
    if pattern is not None and not pattern.fullmatch(value):
        raise FrontMatterError(path, f"front matter field {key!r} is malformed: {shown!r}")
    if key == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise FrontMatterError(
                path, f"front matter field 'date' is no calendar date: {shown!r}"
            ) from None
    return value


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
    page = Page(number=1, lines=[])
    pages = [page]
    has_text = False  # whether the page holds a line with text (was rescanned every line)
    for raw in raw_lines:
        if page_breaks and raw == "" and has_text:
            page = Page(number=page.number + 1, lines=[])
            pages.append(page)
            has_text = False
            continue
        text = raw.strip()
        if "[^" in text:  # a Markdown footnote marker (most lines hold none)
            text, markers = _inline_markers(text)
            page.lines.append(Line(text=text, page=page.number, markers=markers))
        else:
            page.lines.append(Line(text=text, page=page.number))
        if text:
            has_text = True
    return [page for page in pages if page.lines]


def _inline_markers(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Take Markdown footnote markers out of a line, remembering where they were."""
    markers: list[tuple[int, str]] = []
    pieces, start, removed = [], 0, 0
    # One pass: cutting each marker out of the whole line was quadratic (issue 27).
    for m in _MD_MARKER.finditer(text):
        pieces.append(text[start : m.start()])
        markers.append((m.start() - removed, m.group(1)))
        removed += m.end() - m.start()
        start = m.end()
    pieces.append(text[start:])
    return "".join(pieces), markers
