"""The streams of a PDF as its bytes hold them, found in one pass (issue 27).

``streams`` finds each stream's dictionary, data, object number and filters, and
bounds what its data can decode to without decoding it; ``decoded`` decodes one
within the stream limit (``pdf_filters``); ``bodies`` gives every object's text, those
packed in object streams too. ``pdf_bounds`` checks the limits on them.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pipeline.ingest.pdf_filters import NAMES, RATIO, decode
from pipeline.ingest.pdf_refs import OBJ_NUMBER, ONLY_REF, body, objects, unpack

_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_FILTER_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})\b(?!\s+\d+\s+R)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")


class Stream(NamedTuple):  # a tuple: a file holds thousands, made in one pass
    start: int  # where its data begin
    end: int  # the next "endstream"
    head: bytes  # its dictionary
    number: int  # its object number (-1 when not found)
    filters: tuple[str, ...]
    bound: int  # the most its data can decode to
    packed: bool  # an object stream
    image: bool


def streams(data: bytes) -> Iterator[Stream]:
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
        number = OBJ_NUMBER.search(data, max(previous, head_start - 24), max(head_start, 0))
        head = data[max(head_start, previous) : at]
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        previous = end
        at = data.find(b"stream", end + 9)
        filters, ratio = _filters(head, data)
        # pdfium reads /Length bytes when "endstream" follows them: "endstream" put
        # inside the data does not shorten what the bound counts.
        declared = _LENGTH.search(head)
        length = int(declared.group(1)) if declared else 0
        bound = (max(end, min(len(data), start + length)) - start) * ratio
        yield Stream(
            start,
            end,
            head,
            int(number.group(1)) if number else -1,
            filters,
            bound,
            b"/ObjStm" in head and _OBJSTM.search(head) is not None,
            b"/Image" in head and _IMAGE.search(head) is not None,
        )


def decoded(path: str | Path, view: memoryview, stream: Stream) -> bytes:
    return decode(path, view, stream.start, stream.end, stream.filters)


def _filters(head: bytes, data: bytes) -> tuple[tuple[str, ...], int]:
    """The decoders a stream's data goes through, in order ("" for one we skip), and
    the most they multiply its size by."""
    found = _FILTER.search(head)
    if not found:
        return (), 1
    value = found.group(1)
    # A value that is no array or name opens with a digit: only then can it be a reference.
    if value[:1].isdigit() and (ref := ONLY_REF.fullmatch(value)):
        # An indirect filter (rare): its object, wherever it is in the file.
        target = re.search(
            rb"(?<!\d)%s\s+\d+\s+obj\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)" % ref.group(1), data
        )
        value = target.group(1) if target else b"/FlateDecode /FlateDecode"
    return _chain(value)


@functools.lru_cache(maxsize=256)
def _chain(value: bytes) -> tuple[tuple[str, ...], int]:
    """The filters a /Filter value names and their ratios multiplied (a file names a
    few chains, "/FlateDecode" for most streams: each is read once)."""
    names = tuple(NAMES.get(name, "") for name in _FILTER_NAME.findall(value))
    return names, math.prod(RATIO.get(name, 1) for name in names)


def bodies(
    path: str | Path, data: bytes, view: memoryview, streams: list[Stream]
) -> dict[int, bytes]:
    """Every object's text, those packed in object streams too (a stream's data left out)."""
    bodies: dict[int, bytes] = {}
    starts = objects(data)
    for index, (_, end, number) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(data)
        bodies.setdefault(number, body(data, end, stop))
    for stream in streams:
        if stream.packed:
            unpack(stream.head, decoded(path, view, stream), bodies)
    return bodies
