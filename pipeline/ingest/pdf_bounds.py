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
"""

from __future__ import annotations

import binascii
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
# The most one input byte can become through a filter (Flate: 1,032; an LZW code
# of 12 bits: 4,096 bytes; RunLength: 128 from 2; ASCII85 "z": 4 from 1).
_RATIO = {"Flate": 1032, "LZW": 4096, "RL": 64, "AHx": 1, "A85": 4}
_NAMES = {
    b"FlateDecode": "Flate",
    b"Fl": "Flate",
    b"LZWDecode": "LZW",
    b"LZW": "LZW",
    b"RunLengthDecode": "RL",
    b"RL": "RL",
    b"ASCIIHexDecode": "AHx",
    b"AHx": "AHx",
    b"ASCII85Decode": "A85",
    b"A85": "A85",
}
_OBJ_NUMBER = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+\Z")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_FILTER_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})\b(?!\s+\d+\s+R)")
_VALUE = re.compile(rb"\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
# Links the readers do not follow to read a page's text: up the page tree, to
# annotations and their targets, to article beads.
_NOT_FOLLOWED = re.compile(
    rb"/(?:Parent|P|Annots|Dest|A|B|Thumb|StructTreeRoot|Outlines|Next|Prev|First|Last)"
    rb"\s*(?:\d+\s+\d+\s+R|\[[^\]]*\])"
)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_FIRST = re.compile(rb"/First\s+(\d+)")
_ONLY_REF = re.compile(rb"\s*(\d{1,10})\s+\d{1,5}\s+R\s*")


class PdfLimitError(IngestError):
    """A PDF goes past one of the reading limits; the message names the limit."""


@dataclass
class Scan:
    """What the byte scan found: the figures the limits are checked against."""

    streams: int = 0
    decoded_bytes: int = 0  # decoded or bounded without decoding
    largest_stream: int = 0
    objects: int = 0
    ref_depth: int = 0
    ref_paths: int = 0
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
            packed.append(_decode(view, stream, path))
            if sum(map(len, packed)) > MAX_PACKED_BYTES:
                raise PdfLimitError(
                    path,
                    f"its object streams decode to more than {MAX_PACKED_BYTES >> 20} MiB"
                    " (the limit)",
                )
    found = [data, *packed]
    contents = {int(ref) for text in found for ref in _refs_after(text, b"/Contents")}
    heads = [stream.head for stream in streams if stream.packed]
    _check_kids(path, data, list(zip(heads, packed, strict=True)))
    sizes = [
        0 if stream.image and stream.number not in contents else stream.bound for stream in streams
    ]
    for i, stream in enumerate(streams):
        if stream.packed:
            sizes[i] = len(packed.pop(0))
        elif stream.number in contents and stream.bound > MAX_CONTENT_BYTES:
            sizes[i] = len(_decode(view, stream, path))
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
        decoded = len(_decode(view, streams[i], path))
        total += decoded - sizes[i]
        sizes[i] = decoded
    if total > MAX_DECODED_BYTES:
        raise PdfLimitError(
            path, f"its streams decode to more than {MAX_DECODED_BYTES >> 20} MiB (the limit)"
        )
    scan.decoded_bytes, scan.largest_stream = total, max(sizes, default=0)
    if deep:
        starts = _objects(data)
        for index, (_, end, number) in enumerate(starts):
            stop = starts[index + 1][0] if index + 1 < len(starts) else len(data)
            scan.bodies.setdefault(number, _body(data, end, stop))
        for stream in streams:
            if stream.packed:
                _unpack(stream.head, _decode(view, stream, path), scan.bodies)
        scan.objects = len(scan.bodies)
        if scan.objects > MAX_OBJECTS:
            raise PdfLimitError(path, f"more than {MAX_OBJECTS:,} objects (the limit)")
        scan.ref_depth, scan.ref_paths = _walk(path, scan.bodies)
        scan.largest_content = max(
            (len(_decode(view, stream, path)) for stream in streams if stream.number in contents),
            default=0,
        )
        if scan.largest_content > MAX_PDFMINER_CONTENT:
            raise PdfLimitError(
                path,
                f"a content stream of {scan.largest_content >> 10:,} KiB, over the "
                f"{MAX_PDFMINER_CONTENT >> 10} KiB the pdfminer reader takes (the limit)",
            )
    return scan


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
        bodies: dict[int, bytes] = {}
        _unpack(head, decoded, bodies)
        for number, body in bodies.items():
            if b"/Kids" in body:
                lists[number] = [ref for ref in _refs_after(body, b"/Kids")]
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


def _objects(data: bytes) -> list[tuple[int, int, int]]:
    """Where each ``N G obj`` begins and ends, and N: ``bytes.find`` runs, not a pattern."""
    found: list[tuple[int, int, int]] = []
    at = data.find(b"obj")
    while at >= 0:
        if data[at - 3 : at] != b"end":
            number = _OBJ_NUMBER.search(data, max(0, at - 24), at)
            if number:
                found.append((number.start(), at + 3, int(number.group(1))))
        at = data.find(b"obj", at + 3)
    return found


def _body(data: bytes, start: int, stop: int) -> bytes:
    """An object's text up to ``endobj`` or its stream's data (never the data itself)."""
    end = data.find(b"endobj", start, stop)
    end = stop if end < 0 else end
    stream = data.find(b"stream", start, end)
    return data[start : end if stream < 0 else stream]


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
            bound *= _RATIO.get(name, 1)
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
    return [_NAMES.get(name, "") for name in _FILTER_NAME.findall(value)]


def _decode(data: memoryview, stream: _Stream, path: str | Path) -> bytes:
    """A stream's data through its filters, each stopped past the stream limit.

    Flate reads on to where the compressed data end: a /Length that lies, or
    "endstream" inside the data, changes nothing.
    """
    chunk: bytes | memoryview = data[stream.start : stream.end]
    if stream.filters[:1] == ("Flate",):
        chunk = data[stream.start :]
    for name in stream.filters:
        if name in ("LZW", "RL", "A85") and len(chunk) > MAX_SLOW_INPUT:
            raise PdfLimitError(
                path,
                f"a stream gives its {name} decoder more than {MAX_SLOW_INPUT >> 20} MiB "
                "(the limit)",
            )
        if name == "Flate":
            chunk = _inflate(chunk)
        elif name == "LZW":
            chunk = _lzw(chunk)
        elif name == "RL":
            chunk = _run_length(chunk)
        elif name == "AHx":
            chunk = _hex(chunk)
        elif name == "A85":
            chunk = _a85(chunk)
        else:
            break  # an image decoder: pdfium does not decode it to read text
        if len(chunk) > MAX_STREAM_BYTES:
            raise PdfLimitError(
                path, f"a stream decodes to more than {MAX_STREAM_BYTES >> 20} MiB (the limit)"
            )
    return bytes(chunk)


def _inflate(chunk: bytes | memoryview) -> bytes:
    decoder = zlib.decompressobj()
    try:
        out = decoder.decompress(chunk, MAX_STREAM_BYTES + 1)
    except zlib.error:
        out = b""  # damaged data: the readers fail on it their own way
    return out


def _lzw(chunk: bytes | memoryview) -> bytes:
    """LZW as PDF writes it (early change), stopping past the stream limit."""
    out = bytearray()
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    bits, buffer, width, previous = 0, 0, 9, b""
    for byte in chunk:
        buffer, bits = (buffer << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, b""
                continue
            if code == 257:
                return bytes(out)
            if code < len(table):
                entry = table[code]
                if previous:
                    table.append(previous + entry[:1])
            elif previous:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                return bytes(out)
            out += entry
            if len(out) > MAX_STREAM_BYTES:
                return bytes(out)
            previous = entry
            if len(table) + 1 >= 1 << width and width < 12:
                width += 1
    return bytes(out)


def _run_length(chunk: bytes | memoryview) -> bytes:
    out = bytearray()
    i = 0
    while i < len(chunk) and len(out) <= MAX_STREAM_BYTES:
        length = chunk[i]
        if length == 128:
            break
        if length < 128:
            out += chunk[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            out += bytes(chunk[i + 1 : i + 2]) * (257 - length)
            i += 2
    return bytes(out)


def _hex(chunk: bytes | memoryview) -> bytes:
    text = re.sub(rb"[^0-9A-Fa-f>]", b"", bytes(chunk)).split(b">")[0]
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except binascii.Error:
        return b""


def _a85(chunk: bytes | memoryview) -> bytes:
    import base64

    text = bytes(chunk).split(b"~>")[0].strip()
    try:
        return base64.a85decode(text.removeprefix(b"<~") + b"~>", adobe=True)
    except ValueError:
        return b""


def _unpack(head: bytes, data: bytes, bodies: dict[int, bytes]) -> None:
    """Add the objects of an object stream (its dictionary and decoded data)."""
    first = _FIRST.search(head)
    if not first:
        return
    offset = int(first.group(1))
    numbers = data[:offset].split()
    pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, len(numbers) - 1, 2)]
    for index, (number, start) in enumerate(pairs):
        end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - offset
        bodies.setdefault(number, data[offset + start : offset + end])


def _walk(path: str | Path, bodies: dict[int, bytes]) -> tuple[int, int]:
    """The deepest reference chain and the number of reference paths from the pages.

    Every ``/Parent`` link is left out (it points back up the page tree); a link back
    into the chain being walked ends there, as the readers' cycle checks do.
    """
    edges: dict[int, list[int]] = {}
    pages = []
    for number, body in bodies.items():
        if b" R" in body and (ref := _ONLY_REF.fullmatch(body)):
            _follow_only_refs(path, number, int(ref.group(1)), bodies)
        if b"/Page" in body and _PAGE.search(body):
            pages.append(number)

    def links(number: int) -> list[int]:
        if number not in edges:
            body = bodies[number]
            edges[number] = [int(r) for r in _REF.findall(_NOT_FOLLOWED.sub(b"", body))]
        return edges[number]

    depth: dict[int, int] = {}
    paths: dict[int, int] = {}
    on_path: set[int] = set()
    deepest = total = 0
    for page in pages:
        stack: list[tuple[int, int]] = [(page, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                if node in depth:
                    continue
                on_path.add(node)
            children = links(node)
            if index < len(children):
                stack.append((node, index + 1))
                child = children[index]
                if child not in depth and child not in on_path and child in bodies:
                    stack.append((child, 0))
                    if len(stack) > MAX_REF_DEPTH:
                        raise PdfLimitError(
                            path, f"object references nest deeper than {MAX_REF_DEPTH} (the limit)"
                        )
                continue
            on_path.discard(node)
            done = [c for c in children if c in depth]
            depth[node] = 1 + max((depth[c] for c in done), default=0)
            paths[node] = min(1 + sum(paths[c] for c in done), MAX_REF_PATHS + 1)
        deepest, total = max(deepest, depth[page]), min(total + paths[page], MAX_REF_PATHS + 1)
        if total > MAX_REF_PATHS:
            raise PdfLimitError(
                path,
                f"its object references branch into more than {MAX_REF_PATHS:,} paths (the limit)",
            )
    return deepest, total


def _follow_only_refs(path: str | Path, number: int, target: int, bodies: dict[int, bytes]) -> None:
    """An object that is only a reference: its chain must end within the depth limit."""
    seen = {number}
    for _ in range(MAX_REF_DEPTH):
        if target in seen:
            raise PdfLimitError(path, f"object {number} refers to itself through a cycle")
        seen.add(target)
        body = bodies.get(target)
        ref = _ONLY_REF.fullmatch(body) if body is not None else None
        if ref is None:
            return
        target = int(ref.group(1))
    raise PdfLimitError(path, f"object references nest deeper than {MAX_REF_DEPTH} (the limit)")
