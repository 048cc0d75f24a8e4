"""Limits a PDF's bytes are checked against before any text is extracted (issue 27).

pdfium and pdfminer decode a whole content stream into memory, follow object
references as deep as they go and load every page the page tree lists, so a few
kilobytes can ask for gigabytes or minutes inside one C call that nothing can
interrupt. ``check_pdf`` reads the file's bytes first, in time linear in their size:

- every stream's filter chain is decoded (Flate, LZW, RunLength, ASCIIHex, ASCII85)
  only as far as a limit: a stream that would inflate past ``MAX_STREAM_BYTES``, or
  streams together past ``MAX_DECODED_BYTES``, fail; a stream whose compressed size
  cannot reach the limit at the filters' largest ratio is not decoded at all;
- the object graph (objects and those packed in object streams) is walked from
  the page objects: a reference chain deeper than ``MAX_REF_DEPTH``, a reference
  that only refers on in a cycle, or a graph whose paths from the pages number more
  than ``MAX_REF_PATHS`` (each object naming the next twice) fails;
- a page tree that lists one page more than once fails.

``MAX_PAGES`` and ``MAX_PAGE_CHARS`` are checked by ``pdf.py`` once pdfium has
opened the file. Each failure is a ``PdfLimitError`` that names the file and the
limit. The corpus's largest values stand far below each limit (README, Reliability).
The limits are in ``pdf_limits.py``, the decoders in ``pdf_filters.py``, the walk of
the object graph in ``pdf_refs.py``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.pdf_filters import NAMES, RATIO, decode
from pipeline.ingest.pdf_forms import form_draws, page_contents
from pipeline.ingest.pdf_limits import (
    MAX_CONTENT_BYTES,
    MAX_DECODED_BYTES,
    MAX_DOCUMENT_CHARS,
    MAX_OBJECTS,
    MAX_PACKED_BYTES,
    MAX_PAGE_CHARS,
    MAX_PAGES,
    MAX_PDFMINER_CONTENT,
    MAX_PDFMINER_FONTS,
    MAX_PDFMINER_PAGES,
    MAX_PDFMINER_TOTAL,
    MAX_REF_DEPTH,
    MAX_REF_PATHS,
    MAX_STREAM_BYTES,
    MAX_TOUNICODE_UNITS,
    PdfLimitError,
)
from pipeline.ingest.pdf_refs import body, objects, packed_objects, page_numbers, unpack, walk

__all__ = [
    "MAX_CONTENT_BYTES",
    "MAX_DECODED_BYTES",
    "MAX_DOCUMENT_CHARS",
    "MAX_PAGE_CHARS",
    "MAX_PAGES",
    "MAX_PDFMINER_CONTENT",
    "MAX_REF_DEPTH",
    "MAX_REF_PATHS",
    "MAX_STREAM_BYTES",
    "PdfLimitError",
    "Scan",
    "check_pdf",
]

_OBJ_NUMBER = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+\Z")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_FILTER_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})\b(?!\s+\d+\s+R)")
_VALUE = re.compile(rb"\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_LONG_HEX = re.compile(rb"<(?:\s*[0-9A-Fa-f]){%d}" % (4 * MAX_TOUNICODE_UNITS + 1))
_FONT = re.compile(rb"/Type\s*/Font\b")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_ONLY_REF = re.compile(rb"\s*(\d{1,10})\s+\d{1,5}\s+R\s*")


@dataclass
class Scan:
    """What the byte scan found: the figures the limits are checked against."""

    streams: int = 0
    decoded_bytes: int = 0  # decoded or bounded without decoding
    largest_stream: int = 0
    objects: int = 0
    ref_depth: int = 0
    ref_paths: int = 0
    form_draws: int = 0
    form_content: int = 0
    pages: int = 0  # deep scans only, like the two below
    page_content: int = 0
    fonts: int = 0
    largest_content: int = 0  # deep scans only
    bodies: dict[int, bytes] = field(default_factory=dict, repr=False)


def check_pdf(path: str | Path, data: bytes, *, deep: bool = False) -> Scan:
    """Check a PDF's bytes against the reading limits.

    Args:
        path: The file, as error messages name it.
        data: Its bytes.
        deep: Also walk the object graph (before pdfminer, which follows every
            reference it meets; pdfium resolves one level at a time).

    Returns:
        The figures found (for the bench and the README's table).

    Raises:
        PdfLimitError: One limit is exceeded.
    """
    scan = Scan()
    streams = list(_streams(data))
    scan.streams = len(streams)
    view = memoryview(data)
    # Object streams first: the page dictionaries (which say what is content) and
    # the page tree may be packed in them.
    packed = []
    for stream in streams:
        if stream.packed:
            packed.append(_decoded(path, view, stream))
            if sum(map(len, packed)) > MAX_PACKED_BYTES:
                raise PdfLimitError(
                    path,
                    f"its object streams decode to more than {MAX_PACKED_BYTES >> 20} MiB"
                    " (the limit)",
                )
    found = [data, *packed]
    contents = {int(ref) for text in found for ref in _refs_after(text, b"/Contents")}
    heads = [stream.head for stream in streams if stream.packed]
    _check_tounicode(path, view, streams, found)
    _check_kids(path, data, list(zip(heads, packed, strict=True)))
    sizes = [
        0 if stream.image and stream.number not in contents else stream.bound for stream in streams
    ]
    for i, stream in enumerate(streams):
        if stream.packed:
            sizes[i] = len(packed.pop(0))
        elif stream.number in contents and stream.bound > MAX_CONTENT_BYTES:
            sizes[i] = len(_decoded(path, view, stream))
            if sizes[i] > MAX_CONTENT_BYTES:
                raise PdfLimitError(
                    path,
                    f"a page's content stream decodes to more than "
                    f"{MAX_CONTENT_BYTES >> 20} MiB (the limit)",
                )
    # Decode where the bound does not settle it: a stream that could pass the stream
    # limit, then the largest ones while the bounds together could pass the file's.
    total = sum(sizes)
    for i in sorted(range(len(streams)), key=lambda i: -sizes[i]):
        if sizes[i] <= MAX_STREAM_BYTES and total <= MAX_DECODED_BYTES:
            break
        if streams[i].packed:
            continue
        decoded = len(_decoded(path, view, streams[i]))
        total += decoded - sizes[i]
        sizes[i] = decoded
    if total > MAX_DECODED_BYTES:
        raise PdfLimitError(
            path, f"its streams decode to more than {MAX_DECODED_BYTES >> 20} MiB (the limit)"
        )
    scan.decoded_bytes, scan.largest_stream = total, max(sizes, default=0)
    if deep or any(b"/Form" in text for text in found):
        scan.bodies = _bodies(path, data, view, streams)
        numbers = {stream.number: stream for stream in streams if not stream.packed}

        def content(number: int) -> bytes:
            stream = numbers.get(number)
            return b"" if stream is None or stream.image else _decoded(path, view, stream)

        pages = page_numbers(scan.bodies)
        draws = form_draws(path, scan.bodies, pages, content)
        scan.form_draws, scan.form_content = draws.forms, draws.content
    if deep:
        scan.objects = len(scan.bodies)
        if scan.objects > MAX_OBJECTS:
            raise PdfLimitError(path, f"more than {MAX_OBJECTS:,} objects (the limit)")
        _check_pdfminer_work(path, scan, pages, content)
        scan.ref_depth, scan.ref_paths = walk(path, scan.bodies)
        scan.largest_content = max(
            (len(_decoded(path, view, stream)) for stream in streams if stream.number in contents),
            default=0,
        )
        if scan.largest_content > MAX_PDFMINER_CONTENT:
            raise PdfLimitError(
                path,
                f"a content stream of {scan.largest_content >> 10:,} KiB, over the "
                f"{MAX_PDFMINER_CONTENT >> 10} KiB the pdfminer reader takes (the limit)",
            )
    return scan


def _check_tounicode(
    path: str | Path, view: memoryview, streams: list[_Stream], found: list[bytes]
) -> None:
    """No glyph's ToUnicode mapping gives more than ``MAX_TOUNICODE_UNITS`` UTF-16 units."""
    cmaps = {int(ref) for text in found for ref in _refs_after(text, b"/ToUnicode")}
    for stream in streams:
        if stream.number in cmaps and _LONG_HEX.search(_decoded(path, view, stream)):
            raise PdfLimitError(
                path,
                f"a font maps a glyph to more than {MAX_TOUNICODE_UNITS} characters (the limit)",
            )


def _check_pdfminer_work(
    path: str | Path, scan: Scan, pages: list[int], content: Callable[[int], bytes]
) -> None:
    """Pages, their content (a stream shared by pages counted for each) and fonts within
    what pdfminer reads in reasonable time (``pdf_limits``)."""
    scan.pages = len(pages)
    if scan.pages > MAX_PDFMINER_PAGES:
        raise PdfLimitError(
            path, f"{scan.pages:,} pages, over the {MAX_PDFMINER_PAGES} the pdfminer reader takes"
        )
    sizes: dict[int, int] = {}
    for page in pages:
        for number in page_contents(scan.bodies, page):
            if number not in sizes:
                sizes[number] = len(content(number))
            scan.page_content += sizes[number]
    if scan.page_content > MAX_PDFMINER_TOTAL:
        raise PdfLimitError(
            path,
            f"its pages' content streams decode to {scan.page_content >> 10:,} KiB, over the "
            f"{MAX_PDFMINER_TOTAL >> 20} MiB the pdfminer reader takes",
        )
    scan.fonts = sum(1 for text in scan.bodies.values() if b"/Font" in text and _FONT.search(text))
    if scan.fonts > MAX_PDFMINER_FONTS:
        raise PdfLimitError(
            path, f"{scan.fonts:,} fonts, over the {MAX_PDFMINER_FONTS} the pdfminer reader takes"
        )


def _bodies(
    path: str | Path, data: bytes, view: memoryview, streams: list[_Stream]
) -> dict[int, bytes]:
    """Every object's text, those packed in object streams too (a stream's data left out)."""
    bodies: dict[int, bytes] = {}
    starts = objects(data)
    for index, (_, end, number) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(data)
        bodies.setdefault(number, body(data, end, stop))
    for stream in streams:
        if stream.packed:
            unpack(stream.head, _decoded(path, view, stream), bodies)
    return bodies


def _refs_after(text: bytes, key: bytes) -> Iterator[bytes]:
    """The object numbers a key's value refers to (one reference or an array of them)."""
    at = text.find(key)
    while at >= 0:
        value = _VALUE.match(text, at + len(key))
        if value:
            yield from _REF.findall(value.group(1))
        at = text.find(key, at + len(key))


def _check_kids(path: str | Path, data: bytes, packed: list[tuple[bytes, bytes]]) -> None:
    """A page tree lists each page (or node) once: repeated kids would be read again.

    An object written again by an incremental update keeps only its last /Kids; an
    object stream's objects (``packed``: dictionary and data) come after the file's.
    """
    lists: dict[int, list[bytes]] = {}
    previous = 0
    at = data.find(b"/Kids")
    while at >= 0:
        value = _VALUE.match(data, at + 5)
        if value:
            lists[_owner(data, previous, at)] = _REF.findall(value.group(1))
        previous = at
        at = data.find(b"/Kids", at + 5)
    for head, decoded in packed:
        at = decoded.find(b"/Kids")
        if at < 0:
            continue
        offset, pairs = packed_objects(head, decoded)
        starts = [offset + start for _, start in pairs]
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            value = _VALUE.match(decoded, at + 5)
            if value and index >= 0:
                lists[pairs[index][0]] = _REF.findall(value.group(1))
            at = decoded.find(b"/Kids", at + 5)
    seen: set[bytes] = set()
    for kids in lists.values():
        for ref in kids:
            if ref in seen:
                raise PdfLimitError(
                    path, f"its page tree lists object {int(ref)} twice (pages are listed once)"
                )
            seen.add(ref)


def _owner(data: bytes, previous: int, at: int) -> int:
    """The number of the object opened last between ``previous`` and ``at``, else ``-at``."""
    end = at
    while (head := data.rfind(b"obj", previous, end)) >= 0:
        if data[head - 3 : head] != b"end":
            number = _OBJ_NUMBER.search(data, max(0, head - 24), head)
            return int(number.group(1)) if number else -at
        end = head
    return -at


@dataclass(frozen=True, slots=True)
class _Stream:
    start: int  # where its data begin
    end: int  # the next "endstream"
    head: bytes  # its dictionary
    number: int  # its object number (-1 when not found)
    filters: tuple[str, ...]
    bound: int  # the most its data can decode to
    packed: bool  # an object stream
    image: bool


def _streams(data: bytes) -> Iterator[_Stream]:
    """Every stream: its dictionary is read back to the ``obj`` before it, no further
    than the end of the stream before, and the keyword search goes on after its
    ``endstream`` (so the file is read once)."""
    previous = 0
    at = data.find(b"stream")
    while at >= 0:
        after = at + 6
        if data[at - 3 : at] == b"end" or data[after : after + 1] not in (b"\n", b"\r"):
            at = data.find(b"stream", after)
            continue
        start = after + (2 if data[after : after + 2] == b"\r\n" else 1)
        head_start = data.rfind(b"obj", previous, at)
        number = _OBJ_NUMBER.search(data, max(previous, head_start - 24), max(head_start, 0))
        head = data[max(head_start, previous) : at]
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        previous = end
        at = data.find(b"stream", end + 9)
        filters = tuple(_filters(head, data))
        # pdfium reads /Length bytes when "endstream" follows them: "endstream" put
        # inside the data does not shorten what the bound counts.
        declared = _LENGTH.search(head)
        bound = max(end, min(len(data), start + int(declared.group(1)) if declared else 0)) - start
        for name in filters:
            bound *= RATIO.get(name, 1)
        yield _Stream(
            start,
            end,
            head,
            int(number.group(1)) if number else -1,
            filters,
            bound,
            bool(_OBJSTM.search(head)),
            bool(_IMAGE.search(head)),
        )


def _decoded(path: str | Path, view: memoryview, stream: _Stream) -> bytes:
    return decode(path, view, stream.start, stream.end, stream.filters)


def _filters(head: bytes, data: bytes) -> list[str]:
    """The decoders a stream's data goes through, in order ("" for one we skip)."""
    found = _FILTER.search(head)
    if not found:
        return []
    value = found.group(1)
    if ref := _ONLY_REF.fullmatch(value):
        # An indirect filter (rare): its object, wherever it is in the file.
        target = re.search(
            rb"(?<!\d)%s\s+\d+\s+obj\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)" % ref.group(1), data
        )
        value = target.group(1) if target else b"/FlateDecode /FlateDecode"
    return [NAMES.get(name, "") for name in _FILTER_NAME.findall(value)]
