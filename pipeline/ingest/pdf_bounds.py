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
- a page tree that lists one page more than once fails;
- a page's /Contents array, each stream counted as often as it is named, may decode
  to ``MAX_CONTENT_BYTES``; the form XObjects the pages draw, nested ones counted
  through, at most ``MAX_FORM_DRAWS`` times and ``MAX_FORM_CONTENT`` bytes; a font's
  ToUnicode map gives a glyph at most ``MAX_TOUNICODE_UNITS`` characters;
- before pdfminer: at most ``MAX_PDFMINER_PAGES`` pages, ``MAX_PDFMINER_TOTAL`` bytes
  of page content and ``MAX_PDFMINER_FONTS`` fonts.

``MAX_PAGES`` and ``MAX_PAGE_CHARS`` are checked by ``pdf.py`` once pdfium has
opened the file. Each failure is a ``PdfLimitError`` that names the file and the
limit. The corpus's largest values stand far below each limit (README, Reliability).
The limits are in ``pdf_limits.py``, the streams found in ``pdf_streams.py``, the
decoders in ``pdf_filters.py``, the walk of the object graph in ``pdf_refs.py``, the
form draws in ``pdf_forms.py``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
from pipeline.ingest.pdf_refs import OBJ_NUMBER, REF, packed_objects, page_numbers, walk
from pipeline.ingest.pdf_streams import Stream
from pipeline.ingest.pdf_streams import bodies as object_bodies
from pipeline.ingest.pdf_streams import decoded as decode_stream
from pipeline.ingest.pdf_streams import streams as find_streams

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

_VALUE = re.compile(rb"\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_LONG_HEX = re.compile(rb"<(?:\s*[0-9A-Fa-f]){%d}" % (4 * MAX_TOUNICODE_UNITS + 1))
# What _LONG_HEX needs, tried first: its digits and spaces are as many bytes of
# [0-9A-Fa-f\s] after the "<", so where this finds nothing _LONG_HEX finds nothing.
# It fails fast on each short <0041> of a map, where _LONG_HEX took 7 times longer.
_HEX_RUN = re.compile(rb"<[0-9A-Fa-f\s]{%d}" % (4 * MAX_TOUNICODE_UNITS + 1))
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d{1,10}\s+\d{1,5}\s+R)")
_FONT = re.compile(rb"/Type\s*/Font\b")
# The keys the checks start from, found in one pass over the bytes: a bytes.find pass
# for each key (and a findall for /Contents) read the whole file five times, a third
# of the check's time. Each key opens with "/" and holds no other, so no occurrence
# of one can hide inside a match of another: the matches are every key's occurrences.
_KEYS = re.compile(rb"/(?:Contents|ToUnicode|Kids|Form)")
# The key a match is, by the letter after its "/" (a group to read it back cost a
# tenth of the pass).
_KEY_BY_LETTER = {key[0]: key for key in (b"Contents", b"ToUnicode", b"Kids", b"Form")}


@dataclass(frozen=True, slots=True)
class _Keys:
    """Where each key ("Contents" ...) occurs in one text (the file, or the objects of
    an object stream)."""

    text: bytes
    at: dict[bytes, list[int]]


def _find_keys(text: bytes) -> _Keys:
    at: dict[bytes, list[int]] = {b"Contents": [], b"ToUnicode": [], b"Kids": [], b"Form": []}
    for match in _KEYS.finditer(text):
        start = match.start()
        at[_KEY_BY_LETTER[text[start + 1]]].append(start)
    return _Keys(text, at)


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
    streams = list(find_streams(data))
    scan.streams = len(streams)
    view = memoryview(data)
    # Object streams first: the page dictionaries (which say what is content) and
    # the page tree may be packed in them.
    packed = []
    packed_bytes = 0
    for stream in streams:
        if stream.packed:
            packed.append(decode_stream(path, view, stream))
            packed_bytes += len(packed[-1])
            if packed_bytes > MAX_PACKED_BYTES:
                raise PdfLimitError(
                    path,
                    f"its object streams decode to more than {MAX_PACKED_BYTES >> 20} MiB"
                    " (the limit)",
                )
    found = [_find_keys(text) for text in (data, *packed)]
    contents = {int(ref) for keys in found for ref in _refs_after(keys, b"Contents")}
    heads = [stream.head for stream in streams if stream.packed]
    _check_tounicode(path, view, streams, found)
    _check_kids(path, found[0], list(zip(heads, found[1:], strict=True)))
    sizes = [
        0 if stream.image and stream.number not in contents else stream.bound for stream in streams
    ]
    for i, stream in enumerate(streams):
        if stream.packed:
            sizes[i] = len(packed.pop(0))
        elif stream.number in contents and stream.bound > MAX_CONTENT_BYTES:
            sizes[i] = len(decode_stream(path, view, stream))
            if sizes[i] > MAX_CONTENT_BYTES:
                raise PdfLimitError(
                    path,
                    f"a page's content stream decodes to more than "
                    f"{MAX_CONTENT_BYTES >> 20} MiB (the limit)",
                )
    _check_page_contents(path, data, view, streams, found, sizes)
    # Decode where the bound does not settle it: a stream that could pass the stream
    # limit, then the largest ones while the bounds together could pass the file's.
    total = sum(sizes)
    for i in sorted(range(len(streams)), key=lambda i: -sizes[i]):
        if sizes[i] <= MAX_STREAM_BYTES and total <= MAX_DECODED_BYTES:
            break
        if streams[i].packed:
            continue
        decoded = len(decode_stream(path, view, streams[i]))
        total += decoded - sizes[i]
        sizes[i] = decoded
    if total > MAX_DECODED_BYTES:
        raise PdfLimitError(
            path, f"its streams decode to more than {MAX_DECODED_BYTES >> 20} MiB (the limit)"
        )
    scan.decoded_bytes, scan.largest_stream = total, max(sizes, default=0)
    if deep or any(keys.at[b"Form"] for keys in found):
        scan.bodies = object_bodies(path, data, view, streams)
        numbers = {stream.number: stream for stream in streams if not stream.packed}

        def content(number: int) -> bytes:
            stream = numbers.get(number)
            return b"" if stream is None or stream.image else decode_stream(path, view, stream)

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
            (len(decode_stream(path, view, s)) for s in streams if s.number in contents),
            default=0,
        )
        if scan.largest_content > MAX_PDFMINER_CONTENT:
            raise PdfLimitError(
                path,
                f"a content stream of {scan.largest_content >> 10:,} KiB, over the "
                f"{MAX_PDFMINER_CONTENT >> 10} KiB the pdfminer reader takes (the limit)",
            )
    return scan


def _check_page_contents(
    path: str | Path,
    data: bytes,
    view: memoryview,
    streams: list[Stream],
    found: list[_Keys],
    sizes: list[int],
) -> None:
    """A page's content streams together, each counted as often as its /Contents array
    names it, decode to at most ``MAX_CONTENT_BYTES``: pdfium parses the array's streams
    one after the other (one 16 MiB stream named 40 times by a 31 KB file: 208 s and
    12 GB; a 241-byte stream named 100,000 times: 6 s)."""
    index = {stream.number: i for i, stream in enumerate(streams) if not stream.packed}
    arrays: list[list[int]] = []
    indirect = set()
    for keys in found:
        for value in _contents_values(keys):
            refs = [int(ref) for ref in REF.findall(value)]
            if value.startswith(b"["):
                arrays.append(refs)
            elif refs and refs[0] not in index:
                indirect.add(refs[0])  # an array object of its own
    if indirect:
        bodies = object_bodies(path, data, view, streams)
        for number in indirect:
            if (text := bodies.get(number, b"").strip()).startswith(b"["):
                arrays.append([int(ref) for ref in REF.findall(text)])
    decoded: dict[int, int] = {}
    for refs in arrays:
        listed = [index[ref] for ref in refs if ref in index]
        if sum(sizes[i] for i in listed) <= MAX_CONTENT_BYTES:
            continue
        for i in set(listed) - decoded.keys():
            decoded[i] = len(decode_stream(path, view, streams[i]))
        if sum(decoded[i] for i in listed) > MAX_CONTENT_BYTES:
            raise PdfLimitError(
                path,
                f"a page's content streams decode to more than {MAX_CONTENT_BYTES >> 20} MiB"
                " together (the limit)",
            )


def _contents_values(keys: _Keys) -> Iterator[bytes]:
    """The values ``_CONTENTS.findall`` gives, tried only where "/Contents" occurs: a
    match can start nowhere else, and one inside the last match's array is skipped."""
    resume = 0
    for at in keys.at[b"Contents"]:
        if at >= resume and (value := _CONTENTS.match(keys.text, at)):
            resume = value.end()
            yield value.group(1)


def _check_tounicode(
    path: str | Path, view: memoryview, streams: list[Stream], found: list[_Keys]
) -> None:
    """No glyph's ToUnicode mapping gives more than ``MAX_TOUNICODE_UNITS`` UTF-16 units."""
    cmaps = {int(ref) for keys in found for ref in _refs_after(keys, b"ToUnicode")}
    for stream in streams:
        if stream.number in cmaps and _long_hex(decode_stream(path, view, stream)):
            raise PdfLimitError(
                path,
                f"a font maps a glyph to more than {MAX_TOUNICODE_UNITS} characters (the limit)",
            )


def _long_hex(cmap: bytes) -> bool:
    return _HEX_RUN.search(cmap) is not None and _LONG_HEX.search(cmap) is not None


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


def _refs_after(keys: _Keys, key: bytes) -> Iterator[bytes]:
    """The object numbers a key's value refers to (one reference or an array of them)."""
    for at in keys.at[key]:
        value = _VALUE.match(keys.text, at + 1 + len(key))
        if value:
            yield from REF.findall(value.group(1))


def _check_kids(path: str | Path, file: _Keys, packed: list[tuple[bytes, _Keys]]) -> None:
    """A page tree lists each page (or node) once: repeated kids would be read again.

    An object written again by an incremental update keeps only its last /Kids; an
    object stream's objects (``packed``: dictionary and data) come after the file's.
    """
    lists: dict[int, list[bytes]] = {}
    previous = 0
    data = file.text
    for at in file.at[b"Kids"]:
        value = _VALUE.match(data, at + 5)
        if value:
            lists[_owner(data, previous, at)] = REF.findall(value.group(1))
        previous = at
    for head, keys in packed:
        if not keys.at[b"Kids"]:
            continue
        decoded = keys.text
        offset, pairs = packed_objects(head, decoded)
        starts = [offset + start for _, start in pairs]
        for at in keys.at[b"Kids"]:
            index = bisect.bisect_right(starts, at) - 1
            value = _VALUE.match(decoded, at + 5)
            if value and index >= 0:
                lists[pairs[index][0]] = REF.findall(value.group(1))
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
            number = OBJ_NUMBER.search(data, max(0, head - 24), head)
            return int(number.group(1)) if number else -at
        end = head
    return -at
